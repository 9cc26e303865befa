import { Alert, Button, Code, Group, Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core'
import { IconAlertTriangle, IconArrowRight, IconPlayerPlay, IconPlayerStop, IconRefresh } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import type { AppSettings, ServerStatus } from '../../../../../shared/models'
import { errorMessage } from '../../../api/client'
import { CopyField } from '../../../components/copy-field'
import { PageHeader, readingPageWidth } from '../../../components/page-header'
import { UrlText } from '../../../components/url-text'
import { ErrorState } from '../../../components/states'
import { formatDateTime, formatUptime } from '../../../lib/format'
import { useNow } from '../../../lib/use-now'
import { Row, Section } from '../../settings/components/settings-section'
import { notify } from '../../settings/notify'
import { useSettings, useSettingsLiveUpdates, useUpdateSettings } from '../../settings/queries'
import { scimOrigin, serverAddress, useServerAction, useServerStatus, type ServerAction } from '../queries'
import { cloudReachNote, listenReachHint, scimOriginReach, whoCanReach } from '../reach'
import { describeServerStatus } from '../status'
import classes from './server-page.module.css'
import { AutoStartSwitch, ServerSettingsForm } from './server-settings-form'

/** Four figures in a row where each has room for an address; two by two in a narrower window. */
const statColumns = { base: 2, '920px': 4 }

/** `#/server`: what the embedded SCIM server is doing, where identity providers reach it, and how it listens. */
export function ServerPage() {
  useSettingsLiveUpdates()
  const status = useServerStatus({ live: true })
  const settings = useSettings()
  return (
    <Stack gap="lg" maw={readingPageWidth}>
      <PageHeader
        title="Server"
        description="The SCIM 2.0 server inside SCIM Console. Identity providers such as Okta call it."
        actions={status.data ? <ServerControls status={status.data} /> : null}
      />
      {status.isPending ? (
        <SimpleGrid type="container" cols={statColumns}>
          {[0, 1, 2, 3].map((item) => (
            <Skeleton key={item} height={92} radius="md" />
          ))}
        </SimpleGrid>
      ) : status.isError ? (
        <ErrorState title="Could not read the server status" error={status.error} onRetry={() => void status.refetch()} />
      ) : (
        <ServerDetails status={status.data} saved={settings.data?.settings.server} />
      )}
      <Section
        title="Listening"
        description="Where the server accepts connections, and the address identity providers use. Changes restart a running server."
      >
        {settings.isPending ? (
          <Stack gap="md">
            <Skeleton height={18} width="30%" />
            <Skeleton height={120} />
          </Stack>
        ) : settings.isError ? (
          <ErrorState title="Could not read the server settings" error={settings.error} onRetry={() => void settings.refetch()} />
        ) : (
          <>
            <ServerSettingsForm saved={settings.data.settings.server} running={status.data?.state === 'running'} />
            <AutoStartSwitch saved={settings.data.settings.server} />
          </>
        )}
      </Section>
    </Stack>
  )
}

const actionWords: Record<ServerAction, { done: string; failed: string }> = {
  start: { done: 'Server started', failed: 'Could not start the server' },
  stop: { done: 'Server stopped', failed: 'Could not stop the server' },
  restart: { done: 'Server restarted', failed: 'Could not restart the server' }
}

/** Start when it is not running; Restart and Stop when it is. Stopping is harmless and undone by Start: no confirmation. */
function ServerControls({ status }: { status: ServerStatus }) {
  const action = useServerAction()
  const busy = action.isPending || status.state === 'starting'
  const run = (which: ServerAction): void => {
    action.mutate(which, {
      onSuccess: (next) => {
        // A start that failed (a taken port) is shown on the page itself, with its fix.
        if (next.state === 'running' && which !== 'start') notify({ title: actionWords[which].done, message: `Listening on ${serverAddress(next)}.` })
        if (next.state === 'stopped') notify({ color: 'gray', title: actionWords[which].done, message: "Okta's requests fail until you start it again." })
      },
      onError: (error) => notify({ color: 'red', title: actionWords[which].failed, message: errorMessage(error) })
    })
  }
  const pendingAction = action.isPending ? action.variables : null
  if (status.state === 'running') {
    return (
      <>
        <Button variant="default" leftSection={<IconRefresh size={16} aria-hidden />} loading={pendingAction === 'restart'} disabled={busy} onClick={() => run('restart')}>
          Restart
        </Button>
        <Button variant="default" leftSection={<IconPlayerStop size={16} aria-hidden />} loading={pendingAction === 'stop'} disabled={busy} onClick={() => run('stop')}>
          Stop
        </Button>
      </>
    )
  }
  return (
    <Button leftSection={<IconPlayerPlay size={16} aria-hidden />} loading={busy} onClick={() => run('start')}>
      Start
    </Button>
  )
}

function ServerDetails({ status, saved }: { status: ServerStatus; saved: AppSettings['server'] | undefined }) {
  const now = useNow(1000)
  const running = status.state === 'running'
  const { tone, detail } = describeServerStatus(status)
  const origin = scimOrigin(status)
  const reachNote = cloudReachNote(scimOriginReach(status))
  const uptime = running && status.startedAt ? formatUptime(now - Date.parse(status.startedAt)) : '—'
  const words = { running: status.databaseFileRemoved ? 'Read-only' : status.lastError ? 'Degraded' : 'Running', starting: 'Starting', stopped: 'Stopped', failed: 'Failed' }[status.state]
  const pendingAddress = saved && (saved.host !== status.host || saved.port !== status.port) ? `${saved.host}:${saved.port}` : null
  return (
    <>
      {status.lastError ? <LastError status={status} /> : null}
      {status.state === 'stopped' && !status.lastError ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title="The SCIM server is stopped">
          Okta&apos;s and Entra&apos;s requests fail until it runs again. Start it with the button above.
        </Alert>
      ) : null}
      <SimpleGrid type="container" cols={statColumns} spacing="md">
        <Stat label="Status" hint={running ? whoCanReach(status) : status.state === 'starting' ? 'Opening the port' : 'Not answering requests'}>
          <span className={classes.state} data-tone={tone} data-testid="server-state" title={detail}>
            <span className={classes.dot} aria-hidden />
            {words}
          </span>
        </Stat>
        <Stat
          whole
          label="Address"
          hint={pendingAddress ? (running ? `Restart to use ${pendingAddress}` : `Starts on ${pendingAddress}`) : listenReachHint(status.host)}
        >
          <span className="mono" data-testid="server-address">
            {serverAddress(status)}
          </span>
        </Stat>
        <Stat label="Uptime" hint={running && status.startedAt ? `Since ${formatDateTime(status.startedAt)}` : 'Not running'}>
          <span data-testid="server-uptime">{uptime}</span>
        </Stat>
        <Stat label="Requests / second" hint="Average over the last 10 seconds">
          {running ? status.requestsPerSecond.toFixed(1) : '—'}
        </Stat>
      </SimpleGrid>
      <Section title="Addresses" description="What to paste into Okta or Entra, and where the server listens.">
        <Row
          label="Identity providers use"
          description={status.publicUrl && status.publicUrl !== status.url ? 'The public URL: the origin in every tenant\'s SCIM base URL.' : 'The origin in every tenant\'s SCIM base URL.'}
        >
          {origin ? <CopyField value={origin} label="SCIM origin" testId="scim-origin" /> : <Text size="sm" c="dimmed">—</Text>}
          {reachNote ? (
            <Text size="xs" c="dimmed" mt={6}>
              {reachNote}
            </Text>
          ) : null}
        </Row>
        {status.url && origin !== status.url ? (
          <Row label="Listening on" description="Where the server accepts connections; the tunnel forwards to it.">
            <CopyField value={status.url} label="listening address" />
          </Row>
        ) : null}
        <Row label="Tenant base URLs" description="Each tenant has its own SCIM connector base URL.">
          <Code data-testid="tenant-base-urls">
            <UrlText value={`${origin ?? ''}/scim/v2/<tenant-slug>`} />
          </Code>
        </Row>
      </Section>
    </>
  )
}

/** The last thing that went wrong; after "port in use", a one-click move to a port that is free now. */
function LastError({ status }: { status: ServerStatus }) {
  const update = useUpdateSettings()
  const action = useServerAction()
  const running = status.state === 'running'
  const port = status.suggestedPort
  const moveToPort = (next: number): void =>
    update.mutate(
      { patch: { server: { port: next } } },
      {
        // Main restarts a failed server on the new port by itself; a stopped one waits for Start.
        onSuccess: (settings) => {
          if (status.state === 'stopped') action.mutate('start')
          notify({ title: `Now on port ${settings.server.port}`, message: 'Update the base URL in Okta (the Tenant URL in Entra) if it used the old port.' })
        },
        onError: (error) => notify({ color: 'red', title: `Could not use port ${next}`, message: errorMessage(error) })
      }
    )
  return (
    <Alert
      color={running ? 'yellow' : 'red'}
      variant="light"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      title={status.state === 'failed' ? 'The SCIM server could not start' : 'Last error'}
      role="alert"
    >
      <Stack gap="sm">
        <Text size="sm">{status.lastError}</Text>
        {port !== null && !running ? (
          <Group gap="sm">
            <Button
              size="xs"
              rightSection={<IconArrowRight size={14} aria-hidden />}
              loading={update.isPending || action.isPending}
              onClick={() => moveToPort(port)}
            >
              Use port {port}
            </Button>
            <Text size="xs" c="dimmed">
              Saves the port and starts the server on it.
            </Text>
          </Group>
        ) : null}
      </Stack>
    </Alert>
  )
}

/**
 * One figure. A `whole` one (the address, which people copy into Okta) is never cut short: in a narrow card it wraps
 * rather than end in an ellipsis.
 */
function Stat({ label, hint, whole = false, children }: { label: string; hint: string; whole?: boolean; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" bg="var(--mantine-color-body)">
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text fz="lg" fw={650} mt={4} className={whole ? `tabular ${classes.whole}` : 'tabular'} truncate={!whole} component="div">
        {children}
      </Text>
      <Text size="xs" c="dimmed" mt={2} truncate>
        {hint}
      </Text>
    </Paper>
  )
}
