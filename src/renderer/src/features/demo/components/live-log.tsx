import { Anchor, Badge, Group, Paper, Skeleton, Stack, Text, Tooltip } from '@mantine/core'
import { IconArrowRight } from '@tabler/icons-react'
import { Link } from 'react-router'
import { paths } from '../../../app/paths'
import { ErrorState } from '../../../components/states'
import { formatDateTime, formatDuration, formatLogTime } from '../../../lib/format'
import { useNow } from '../../../lib/use-now'
import { HttpStatusBadge } from '../../logs/components/http-status-badge'
import { RequestPath } from '../../logs/components/request-path'
import { pathInTenant, shortRequestPath, statusClass } from '../../logs/log-format'
import { entryOperationLabel } from '../../logs/operation-labels'
import { providerWords, useSetupProvider } from '../../setup/setup-provider'
import { useCurrentTenant } from '../../tenants/components/tenant-layout'
import { useTenantLiveLog } from '../queries'
import classes from './demo-page.module.css'

/**
 * This tenant's requests as they arrive, newest on top: what Okta or Entra just did, as the server saw it. Empty, it
 * invites a run of the demo of the tenant's provider (useSetupProvider). A row is tinted by its status's class
 * (`statusClass`), as its badge is coloured: a 409 the demo expects is not a red failure.
 */
export function LiveLog() {
  const tenant = useCurrentTenant()
  const [provider] = useSetupProvider(tenant)
  const log = useTenantLiveLog(tenant.id)
  const now = useNow(30_000)
  const entries = log.data?.items ?? []
  return (
    <Paper withBorder radius="md" className={`${classes.card} ${classes.grow} ${classes.logCard}`}>
      <Group justify="space-between" px="md" py="sm" className={`${classes.runHeader} ${classes.liveLogHeader}`}>
        <Group gap={8}>
          <span className={classes.liveDot} aria-hidden />
          <Text size="sm" fw={650}>
            Live log
          </Text>
          <Text size="xs" c="dimmed">
            {tenant.name}
          </Text>
        </Group>
        <Anchor component={Link} to={paths.logs({ tenant: tenant.slug })} size="xs">
          <Group gap={4} component="span">
            Full log <IconArrowRight size={12} aria-hidden />
          </Group>
        </Anchor>
      </Group>
      {log.isError ? (
        <Stack p="md">
          <ErrorState title="Could not load the log" error={log.error} onRetry={() => void log.refetch()} />
        </Stack>
      ) : log.isPending ? (
        <Stack p="md" gap="sm">
          {[0, 1, 2, 3, 4].map((row) => (
            <Skeleton key={row} height={30} />
          ))}
        </Stack>
      ) : entries.length === 0 ? (
        <Stack p="lg" gap={4} className={classes.fill}>
          <Text size="sm" fw={600}>
            No requests yet
          </Text>
          <Text size="sm" c="dimmed">
            Run the {providerWords[provider].demo}: each request appears here the moment the server answers it.
          </Text>
        </Stack>
      ) : (
        <ol className={classes.logList} aria-label="Live log" tabIndex={0}>
          {entries.map((entry) => (
            <li key={entry.id} className={classes.logRow} data-outcome={statusClass(entry.status)}>
              <Tooltip label={formatDateTime(entry.at)}>
                <Text span size="xs" c="dimmed" className="tabular" w={58}>
                  {formatLogTime(entry.at, now)}
                </Text>
              </Tooltip>
              <HttpStatusBadge status={entry.status} />
              <div className={classes.logText}>
                <Group gap={6} wrap="nowrap">
                  <Text size="xs" fw={600} truncate>
                    {entryOperationLabel(entry)}
                  </Text>
                  {entry.injected ? (
                    <Badge size="xs" color="gray" variant="outline" style={{ flexShrink: 0 }}>
                      Injected
                    </Badge>
                  ) : null}
                  <Text size="xs" c="dimmed" ml="auto" className="tabular" style={{ flexShrink: 0 }}>
                    {formatDuration(entry.durationMs)}
                  </Text>
                </Group>
                <Text component="div" size="xs" c="dimmed" className={classes.monoSmall}>
                  <RequestPath
                    method={<span className={classes.method}>{entry.method}</span>}
                    // The user or group a lookup is for, not Entra's flag first in its query: the row is narrow.
                    path={shortRequestPath(pathInTenant(entry))}
                    title={`${entry.method} ${entry.path}`}
                  />
                </Text>
              </div>
            </li>
          ))}
        </ol>
      )}
    </Paper>
  )
}
