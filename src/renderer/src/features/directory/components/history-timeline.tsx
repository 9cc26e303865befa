import { Badge, Group, Text, ThemeIcon, Timeline } from '@mantine/core'
import { IconCheck, IconClockPause, IconDeviceDesktop, IconX } from '@tabler/icons-react'
import { madeInConsole, type LogEntrySummary } from '../../../../../shared/models'
import { RelativeTime } from '../../../components/relative-time'
import { HttpStatusBadge, statusColor } from '../../logs/components/http-status-badge'
import { pathInTenant, statusClass, type StatusClass } from '../../logs/log-format'
import { entryOperationLabel } from '../../logs/operation-labels'
import classes from './directory.module.css'

const classIcons: Readonly<Record<StatusClass, typeof IconCheck>> = {
  success: IconCheck,
  other: IconCheck,
  'client-error': IconX,
  'server-error': IconX,
  throttled: IconClockPause
}

/** The status's icon; a change made in SCIM Console shows the console's, as its badge in the log's drawer does. */
function Bullet({ status, inConsole }: { status: number; inConsole: boolean }) {
  const Icon = inConsole ? IconDeviceDesktop : classIcons[statusClass(status)]
  return (
    <ThemeIcon size={22} radius="xl" color={statusColor(status)} variant="light" aria-hidden>
      <Icon size={13} stroke={2.4} />
    </ThemeIcon>
  )
}

/**
 * What happened to a user or group, newest first, from the provisioning log: its client's requests in that client's
 * words (Okta's, Entra's), and the changes made in SCIM Console, which say so.
 */
export function HistoryTimeline({ entries, label }: { entries: readonly LogEntrySummary[]; label: string }) {
  return (
    <Timeline bulletSize={22} lineWidth={2} aria-label={label}>
      {entries.map((entry) => (
        <Timeline.Item
          key={entry.id}
          bullet={<Bullet status={entry.status} inConsole={madeInConsole(entry)} />}
          title={
            <Group gap={8} wrap="nowrap" justify="space-between">
              <Group gap={6} wrap="nowrap" miw={0}>
                <Text size="sm" fw={600} truncate>
                  {entryOperationLabel(entry)}
                </Text>
                <HttpStatusBadge status={entry.status} />
                {entry.injected ? (
                  <Badge size="xs" color="gray" variant="outline">
                    Injected
                  </Badge>
                ) : null}
              </Group>
              <RelativeTime value={entry.at} size="xs" c="dimmed" style={{ flexShrink: 0 }} />
            </Group>
          }
        >
          <Text size="xs" c="dimmed" className={classes.monoSmall} truncate title={`${entry.method} ${entry.path}`}>
            {entry.method} {pathInTenant(entry)}
          </Text>
          {entry.errorDetail ? (
            <Text size="xs" c={entry.status >= 500 ? 'red' : undefined} mt={2} lineClamp={2}>
              {entry.errorDetail}
            </Text>
          ) : null}
          {/* A console change's label names the console already. */}
          {entry.client && !madeInConsole(entry) ? (
            <Text size="xs" c="dimmed" mt={2}>
              {entry.client}
            </Text>
          ) : null}
        </Timeline.Item>
      ))}
    </Timeline>
  )
}
