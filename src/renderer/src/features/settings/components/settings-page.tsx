import { Paper, SegmentedControl, SimpleGrid, Skeleton, Stack, Table, Text, Title, useMantineColorScheme, type MantineColorScheme } from '@mantine/core'
import type { ReactNode } from 'react'
import { themeOptions } from '../../../app/theme-switch'
import { CopyField } from '../../../components/copy-field'
import { PageHeader } from '../../../components/page-header'
import { ErrorState } from '../../../components/states'
import { useAppInfo } from '../queries'

const versionNames: Readonly<Record<string, string>> = {
  electron: 'Electron',
  chrome: 'Chromium',
  node: 'Node.js',
  v8: 'V8',
  sqlite: 'SQLite',
  'better-sqlite3': 'better-sqlite3',
  fastify: 'Fastify'
}

/** `#/settings`: appearance, and the facts support asks for. */
export function SettingsPage() {
  const { colorScheme, setColorScheme } = useMantineColorScheme()
  return (
    <Stack gap="lg" maw={880}>
      <PageHeader title="Settings" description="How SCIM Console looks, and the facts support asks for." />
      <Section title="Appearance">
        <Row label="Theme" description="Follow the OS switches with your system's light or dark mode.">
          <SegmentedControl
            aria-label="Theme"
            value={colorScheme}
            onChange={(value) => setColorScheme(value as MantineColorScheme)}
            data={themeOptions.map((option) => ({ value: option.value, label: option.label }))}
          />
        </Row>
      </Section>
      <About />
    </Stack>
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
        <Stack gap="lg">
          <Row label="Version">
            <Text size="sm" className="tabular" fw={600}>
              SCIM Console {info.data.version}
            </Text>
          </Row>
          <div>
            <Text size="sm" fw={600}>
              Database
            </Text>
            <Text size="xs" c="dimmed" mb="xs">
              One SQLite file holds tenants, tokens, users, groups and the log. The CLI uses the same file.
            </Text>
            <CopyField value={info.data.databasePath} label="database path" />
          </div>
          <div>
            <Text size="sm" fw={600} mb="xs">
              Components
            </Text>
            <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
              <Table aria-label="Component versions" highlightOnHover={false} striped>
                <Table.Tbody>
                  {Object.entries(info.data.versions).map(([name, version]) => (
                    <Table.Tr key={name}>
                      <Table.Td w="40%">
                        <Text size="sm">{versionNames[name] ?? name}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" className="mono">
                          {version}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          </div>
        </Stack>
      )}
    </Section>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="lg" radius="md" bg="var(--mantine-color-body)" component="section" aria-label={title}>
      <Title order={2} mb="md">
        {title}
      </Title>
      {children}
    </Paper>
  )
}

function Row({ label, description, children }: { label: string; description?: string; children: ReactNode }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" style={{ alignItems: 'center' }}>
      <div>
        <Text size="sm" fw={600}>
          {label}
        </Text>
        {description ? (
          <Text size="xs" c="dimmed">
            {description}
          </Text>
        ) : null}
      </div>
      <div>{children}</div>
    </SimpleGrid>
  )
}
