import { ActionIcon, Group, Paper, Text, Tooltip } from '@mantine/core'
import { useElementSize } from '@mantine/hooks'
import { IconChevronDown, IconChevronUp } from '@tabler/icons-react'
import { useId } from 'react'
import { errorMessage } from '../../../api/client'
import { rangeLabel, rangePhrase, type LogFilters } from '../log-filters'
import type { useLogActivity } from '../queries'
import { ActivityChart, ActivityLegend, bucketPhrase, bucketSize } from './activity-chart'
import classes from './logs-page.module.css'

/**
 * The thin activity chart over the table: the filters' requests by outcome; a click narrows to one bar. Hidden, it
 * folds to its heading line, which keeps the totals by outcome.
 */
export function ActivityCard({
  filters,
  tenantName,
  activity,
  shown,
  onToggle,
  onSelect
}: {
  filters: LogFilters
  tenantName: string | null
  activity: ReturnType<typeof useLogActivity>
  shown: boolean
  onToggle: () => void
  onSelect: (since: number, until: number) => void
}) {
  const chartId = useId()
  const buckets = activity.data
  const size = bucketSize(buckets ?? [])
  const chosen = Boolean(filters.range || filters.since || filters.until)
  const range = chosen ? rangeLabel(filters) : 'Last 24 hours'
  // In a narrow window the legend says "429" rather than "429 throttled", so that the heading keeps one line.
  const { ref: cardRef, width } = useElementSize()
  const compact = width > 0 && width < 900
  return (
    <Paper ref={cardRef} withBorder radius="md" className={classes.chartCard} data-folded={shown ? undefined : true}>
      <Group justify="space-between" gap="sm" wrap="nowrap">
        <Group gap={8} wrap="nowrap" miw={0}>
          <Text size="sm" fw={600} className={classes.nowrap}>
            {/* Folded, there are no bars: the totals are the range's. */}
            {shown ? `Requests ${bucketPhrase(size)}` : 'Requests'}
          </Text>
          <Text size="xs" c="dimmed" truncate title={`${range}${tenantName ? ` · ${tenantName}` : ' · all tenants'}`}>
            {range}
            {tenantName ? ` · ${tenantName}` : ' · all tenants'}
            {/* The chart splits by outcome itself; say so when the table shows only some. */}
            {filters.outcome === 'all' ? '' : ' · every outcome'}
          </Text>
        </Group>
        <Group gap="sm" wrap="nowrap">
          {buckets ? <ActivityLegend buckets={buckets} compact={compact} /> : null}
          <Tooltip label={shown ? 'Hide the chart' : 'Show the chart'}>
            <ActionIcon variant="subtle" color="gray" size="sm" onClick={onToggle} aria-expanded={shown} aria-controls={shown ? chartId : undefined} aria-label={shown ? 'Hide the activity chart' : 'Show the activity chart'}>
              {shown ? <IconChevronUp size={16} aria-hidden /> : <IconChevronDown size={16} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      {shown ? (
        <div id={chartId} className={classes.chartBody}>
          {activity.isError ? (
            <Text size="xs" c="dimmed" py="md" ta="center">
              The activity chart is unavailable: {errorMessage(activity.error)}
            </Text>
          ) : (
            <ActivityChart
              buckets={buckets}
              loading={activity.isPending}
              height={84}
              label={`Requests ${bucketPhrase(size)}, ${chosen ? rangePhrase(filters) : 'last 24 hours'}, by outcome`}
              onSelect={onSelect}
            />
          )}
        </div>
      ) : null}
    </Paper>
  )
}
