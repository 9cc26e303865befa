import { Alert, Code, ColorSwatch, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import type { ServerStatus } from '../../../../../shared/models'
import { CopyField } from '../../../components/copy-field'
import { PageHeader } from '../../../components/page-header'
import { ErrorState } from '../../../components/states'
import { formatDateTime, formatUptime } from '../../../lib/format'
import { useNow } from '../../../lib/use-now'
import { isLoopback, scimOrigin, serverAddress, useServerStatus } from '../queries'
import { describeServerStatus } from '../status'

/** `#/server`: what the embedded SCIM server is doing, and where identity providers reach it. */
export function ServerPage() {
  const status = useServerStatus({ live: true })
  return (
    <Stack gap="lg" maw={1080}>
      <PageHeader
        title="Server"
        description="The SCIM 2.0 server inside SCIM Console. Identity providers such as Okta call it."
      />
      {status.isPending ? (
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          {[0, 1, 2, 3].map((item) => (
            <Skeleton key={item} height={84} radius="md" />
          ))}
        </SimpleGrid>
      ) : status.isError ? (
        <ErrorState title="Could not read the server status" error={status.error} onRetry={() => void status.refetch()} />
      ) : (
        <ServerDetails status={status.data} />
      )}
    </Stack>
  )
}

function StateLabel({ status }: { status: ServerStatus }) {
  const { tone } = describeServerStatus(status)
  const words = { running: 'Running', starting: 'Starting', stopped: 'Stopped', failed: 'Failed' }[status.state]
  return (
    <Group gap={8} wrap="nowrap" component="span">
      <ColorSwatch color={`var(--mantine-color-${tone}-6)`} size={10} withShadow={false} aria-hidden />
      <span>{status.state === 'running' && status.lastError ? 'Degraded' : words}</span>
    </Group>
  )
}

function ServerDetails({ status }: { status: ServerStatus }) {
  const now = useNow(1000)
  const running = status.state === 'running'
  const origin = scimOrigin(status)
  const uptime = running && status.startedAt ? formatUptime(now - Date.parse(status.startedAt)) : '—'
  return (
    <>
      {status.lastError ? (
        <Alert color={running ? 'yellow' : 'red'} icon={<IconAlertTriangle size={18} aria-hidden />} title="Last error" role="alert">
          <Text size="sm" className="mono">
            {status.lastError}
          </Text>
        </Alert>
      ) : null}
      {status.state === 'stopped' ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title="The SCIM server is stopped">
          Okta&apos;s requests fail until it runs again. Restart SCIM Console to start it.
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        <Stat label="Status" value={<StateLabel status={status} />} />
        <Stat label="Address" value={<span className="mono">{serverAddress(status)}</span>} />
        <Stat label="Uptime" value={uptime} hint={running && status.startedAt ? `Since ${formatDateTime(status.startedAt)}` : undefined} />
        <Stat label="Requests / second" value={running ? status.requestsPerSecond.toFixed(1) : '—'} hint="Average over the last 10 seconds" />
      </SimpleGrid>
      <Paper withBorder p="lg" radius="md" bg="var(--mantine-color-body)">
        <Stack gap="md">
          <Title order={2}>Addresses</Title>
          <Detail label="Listening on" description="Where the server accepts connections.">
            {status.url ? <CopyField value={status.url} label="listening address" /> : <Text size="sm" c="dimmed">Not listening</Text>}
          </Detail>
          <Detail
            label="Public URL"
            description="The address identity providers in the cloud use, such as a tunnel or reverse proxy in front of this machine."
          >
            {status.publicUrl && status.publicUrl !== status.url ? (
              <CopyField value={status.publicUrl} label="public URL" />
            ) : (
              <Text size="sm" c="dimmed">
                None set: tenant base URLs use the listening address.
                {origin && isLoopback(origin) ? ' That works for a local Okta test; Okta in the cloud needs a tunnel or a public URL.' : ''}
              </Text>
            )}
          </Detail>
          <Detail label="Tenant base URLs" description="Each tenant has its own SCIM connector base URL.">
            <Code>{`${origin ?? ''}/scim/v2/<tenant-slug>`}</Code>
          </Detail>
        </Stack>
      </Paper>
    </>
  )
}

function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: string | undefined }) {
  return (
    <Paper withBorder p="md" radius="md" bg="var(--mantine-color-body)">
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text fz="lg" fw={650} mt={4} className="tabular" truncate>
        {value}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed" mt={2} truncate>
          {hint}
        </Text>
      ) : null}
    </Paper>
  )
}

function Detail({ label, description, children }: { label: string; description: string; children: ReactNode }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" style={{ alignItems: 'center' }}>
      <div>
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <Text size="xs" c="dimmed">
          {description}
        </Text>
      </div>
      <div>{children}</div>
    </SimpleGrid>
  )
}
