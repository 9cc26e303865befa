import {
  Button,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  useMantineColorScheme,
  type MantineColorScheme
} from '@mantine/core'
import { IconArrowRight, IconDatabaseExport, IconFolderOpen, IconRestore } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { Link } from 'react-router'
import type { AppSettings, DataInfo, ExportResult } from '../../../../../shared/models'
import { settingsLimits } from '../../../../../shared/settings-rules'
import { errorMessage } from '../../../api/client'
import { paths } from '../../../app/paths'
import { themeOptions } from '../../../app/theme-switch'
import { CopyField } from '../../../components/copy-field'
import { PageHeader, readingPageWidth } from '../../../components/page-header'
import { RelativeTime } from '../../../components/relative-time'
import { ErrorState } from '../../../components/states'
import { formatBytes, formatCount, plural } from '../../../lib/format'
import { backupNotices, notify } from '../notify'
import { useAppInfo, useBackup, useDataInfoLiveUpdates, useOpenDataFolder, useSettings, useSettingsLiveUpdates } from '../queries'
import { NumberFieldsForm } from './number-fields-form'
import { RestoreModal } from './restore-modal'
import { SavedSwitch } from './saved-switch'
import { Row, Section } from './settings-section'

const versionNames: Readonly<Record<string, string>> = {
  electron: 'Electron',
  chrome: 'Chromium',
  node: 'Node.js',
  v8: 'V8',
  sqlite: 'SQLite',
  'better-sqlite3': 'better-sqlite3',
  fastify: 'Fastify'
}

/** `#/settings`: the data folder, log retention, notifications, appearance, backup and restore, and About. */
export function SettingsPage() {
  useSettingsLiveUpdates()
  useDataInfoLiveUpdates()
  const current = useSettings()
  return (
    <Stack gap="lg" maw={readingPageWidth}>
      <PageHeader title="Settings" description="Where SCIM Console keeps its data, how long it keeps the log, and how it behaves on this computer." />
      {current.isPending ? (
        <Stack gap="lg">
          {[0, 1, 2].map((item) => (
            <Skeleton key={item} height={160} radius="md" />
          ))}
        </Stack>
      ) : current.isError ? (
        <ErrorState title="Could not read the settings" error={current.error} onRetry={() => void current.refetch()} />
      ) : (
        <>
          <DataSection data={current.data.data} />
          <RetentionSection settings={current.data.settings} data={current.data.data} />
          <NotificationsSection settings={current.data.settings} />
          <DesktopSection settings={current.data.settings} />
          <BackupSection />
        </>
      )}
      <About />
    </Stack>
  )
}

function DataSection({ data }: { data: DataInfo }) {
  const open = useOpenDataFolder()
  return (
    <Section
      title="Data"
      description="One SQLite file holds tenants, API tokens, users, groups and the log. The CLI uses the same file."
      actions={
        <Button
          variant="default"
          leftSection={<IconFolderOpen size={16} aria-hidden />}
          loading={open.isPending}
          onClick={() => open.mutate(undefined, { onError: (error) => notify({ color: 'red', title: 'Could not open the data folder', message: errorMessage(error) }) })}
        >
          Open in file manager
        </Button>
      }
    >
      <Row label="Data folder">
        <CopyField value={data.dataFolder} label="data folder path" testId="data-folder" />
      </Row>
      <SimpleGrid cols={3} spacing="md">
        <Fact
          label="Database size"
          value={formatBytes(data.databaseBytes)}
          testId="database-size"
          // SQLite keeps its write-ahead log at the largest size it reached (up to 40 MB), so a small database's size
          // is mostly that log: the line says so, rather than leave a 34 MB database of 2 MB of data unexplained.
          hint={data.walBytes > 0 ? `${formatBytes(data.databaseBytes - data.walBytes)} of data, ${formatBytes(data.walBytes)} write-ahead log` : undefined}
        />
        <Fact label="Log rows" value={formatCount(data.logRows)} testId="log-rows" />
        <Fact label="Oldest log entry" value={data.oldestLogAt ? <RelativeTime value={data.oldestLogAt} fz="lg" fw={650} /> : 'None yet'} />
      </SimpleGrid>
    </Section>
  )
}

function Fact({ label, value, testId, hint }: { label: string; value: ReactNode; testId?: string; hint?: string }) {
  return (
    <Paper withBorder radius="md" p="sm" px="md" bg="var(--mantine-color-default-hover)" style={{ borderColor: 'transparent' }}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text fz="lg" fw={650} className="tabular" data-testid={testId} component="div">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed" className="tabular" data-testid={testId && `${testId}-hint`}>
          {hint}
        </Text>
      )}
    </Paper>
  )
}

function RetentionSection({ settings, data }: { settings: AppSettings; data: DataInfo }) {
  return (
    <Section title="Log retention" description="The provisioning log keeps every request Okta or Entra made. Older rows are deleted as soon as you lower a limit, and then every ten minutes.">
      <NumberFieldsForm
        name="Log retention"
        fields={[
          { key: 'days', label: 'Keep rows for', unit: 'days', ...settingsLimits.retentionDays },
          { key: 'rows', label: 'Keep at most', unit: 'rows', ...settingsLimits.retentionRows }
        ]}
        saved={settings.retention}
        toPatch={(values) => ({ retention: values })}
        savedTitle="Log retention saved"
      >
        {(values) => (
          <Text size="sm" c="dimmed" maw={640}>
            Whichever is smaller wins: the log keeps the last {String(values.days || '…')} days, but never more than the newest{' '}
            {typeof values.rows === 'number' ? formatCount(values.rows) : String(values.rows || '…')} rows. It holds {plural(data.logRows, 'row')} now.
          </Text>
        )}
      </NumberFieldsForm>
    </Section>
  )
}

function NotificationsSection({ settings }: { settings: AppSettings }) {
  const enabled = settings.notifications.enabled
  return (
    <Section title="Failure notifications" description="A desktop notification when a tenant starts failing. Throttled requests (429), which Okta and Entra retry, and SCIM Console's own demos and self-tests do not count. Clicking it opens that tenant's failed requests.">
      <SavedSwitch
        label="Notify me when a tenant starts failing"
        saved={enabled}
        toPatch={(checked) => ({ notifications: { enabled: checked } })}
        errorTitle="Could not change notifications"
      />
      <NumberFieldsForm
        name="Notification threshold"
        fields={[
          { key: 'failureThreshold', label: 'Notify after', unit: 'failures', ...settingsLimits.failureThreshold },
          { key: 'windowMinutes', label: 'Within', unit: 'minutes', ...settingsLimits.windowMinutes }
        ]}
        saved={{ failureThreshold: settings.notifications.failureThreshold, windowMinutes: settings.notifications.windowMinutes }}
        toPatch={(values) => ({ notifications: values })}
        savedTitle="Notification threshold saved"
        disabled={!enabled}
      >
        {(values) => (
          <Text size="sm" c="dimmed">
            {enabled
              ? `One notification when a tenant has ${String(values.failureThreshold || '…')} failed requests within ${String(values.windowMinutes || '…')} minutes, then quiet for that tenant for ${String(values.windowMinutes || '…')} minutes while Okta or Entra retries.`
              : 'Off: failures still show in the log and the tray menu.'}
          </Text>
        )}
      </NumberFieldsForm>
    </Section>
  )
}

function DesktopSection({ settings }: { settings: AppSettings }) {
  const { colorScheme, setColorScheme } = useMantineColorScheme()
  return (
    <Section title="Appearance and window">
      <Row label="Theme" description="Follow the OS switches with your system's light or dark mode.">
        <SegmentedControl
          aria-label="Theme"
          value={colorScheme}
          onChange={(value) => setColorScheme(value as MantineColorScheme)}
          data={themeOptions.map((option) => ({ value: option.value, label: option.label }))}
        />
      </Row>
      <Row
        label="Closing the window"
        description="Demo servers must keep answering Okta and Entra. With this on, closing the window leaves SCIM Console running in the tray; quit from the tray icon."
      >
        <SavedSwitch
          label="Keep running in the tray"
          saved={settings.keepRunningInTray}
          toPatch={(checked) => ({ keepRunningInTray: checked })}
          errorTitle="Could not change this setting"
        />
      </Row>
      <Row label="SCIM server" description="Port, bind address, public URL and auto-start.">
        <Button component={Link} to={paths.server} variant="default" rightSection={<IconArrowRight size={16} aria-hidden />}>
          Server settings
        </Button>
      </Row>
    </Section>
  )
}

function BackupSection() {
  const backup = useBackup()
  const [restoring, setRestoring] = useState(false)
  const [lastBackup, setLastBackup] = useState<ExportResult | null>(null)
  return (
    <Section
      title="Backup and restore"
      description="A backup is one file with the whole database: tenants, API tokens, users, groups and the log. Taking one is safe while the server runs."
    >
      <Group gap="sm">
        <Button
          leftSection={<IconDatabaseExport size={16} aria-hidden />}
          loading={backup.isPending}
          onClick={() =>
            backup.mutate(undefined, {
              onSuccess: (result) => {
                if (result === null) return
                setLastBackup(result)
                backupNotices.saved(result)
              },
              onError: backupNotices.failed
            })
          }
        >
          Back up…
        </Button>
        <Button variant="default" leftSection={<IconRestore size={16} aria-hidden />} onClick={() => setRestoring(true)}>
          Restore…
        </Button>
      </Group>
      {lastBackup ? (
        <Text size="sm" c="dimmed" role="status">
          Saved {plural(lastBackup.count, 'tenant')} to{' '}
          <Text span className="mono" inherit c="var(--mantine-color-text)" style={{ wordBreak: 'break-all' }} data-testid="backup-path">
            {lastBackup.path}
          </Text>
        </Text>
      ) : null}
      <RestoreModal opened={restoring} onClose={() => setRestoring(false)} />
    </Section>
  )
}

function About() {
  const info = useAppInfo()
  return (
    <Section title="About">
      {info.isPending ? (
        <Stack gap="sm">
          <Skeleton height={16} width="40%" />
          <Skeleton height={36} />
          <Skeleton height={120} />
        </Stack>
      ) : info.isError ? (
        <ErrorState title="Could not read app information" error={info.error} onRetry={() => void info.refetch()} />
      ) : (
        <>
          <Row label="Version">
            <Text size="sm" className="tabular" fw={600}>
              SCIM Console {info.data.version}
            </Text>
          </Row>
          <Row label="Database" description="Support asks for this path.">
            <CopyField value={info.data.databasePath} label="database path" />
          </Row>
          <Row label="Components">
            <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
              <Table aria-label="Component versions" highlightOnHover={false} striped>
                <Table.Tbody>
                  {Object.entries(info.data.versions).map(([name, version]) => (
                    <Table.Tr key={name}>
                      <Table.Th scope="row" w="45%" fw={500}>
                        {versionNames[name] ?? name}
                      </Table.Th>
                      <Table.Td className="mono">{version}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          </Row>
        </>
      )}
    </Section>
  )
}
