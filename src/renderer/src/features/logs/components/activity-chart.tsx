/**
 * A thin stacked bar chart of requests per bucket by outcome; clicking a bar narrows to that bucket. The chart
 * library loads on first use and draws after the rows, so that neither the app's start nor the log's first rows
 * wait for it.
 */
import { Group, Skeleton, Text } from '@mantine/core'
import { lazy, Suspense, useDeferredValue } from 'react'
import type { ActivityBucket } from '../../../../../shared/models'
import { formatClock, formatCount, formatDayMonth } from '../../../lib/format'
import { timeTickLabel } from '../../../lib/time-axis'
import classes from './activity-chart.module.css'
import { LoadBoundary } from './load-boundary'

export const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

/** The outcomes as series, in stacking order: status colours only, for meaning. */
export const activitySeries = [
  { name: 'ok', label: '2xx', short: '2xx', color: 'green.6' },
  { name: 'clientErrors', label: '4xx', short: '4xx', color: 'yellow.6' },
  { name: 'throttled', label: '429 throttled', short: '429', color: 'violet.6' },
  { name: 'serverErrors', label: '5xx', short: '5xx', color: 'red.6' }
] as const


/** The size of the chart's buckets, from their starts. */
export function bucketSize(buckets: readonly ActivityBucket[]): number {
  const [first, second] = buckets
  if (!first || !second) return minute
  return Math.max(minute, Date.parse(second.start) - Date.parse(first.start))
}

/** "per minute", "per 30 minutes", "per day": what one bar counts. */
export function bucketPhrase(ms: number): string {
  if (ms % day === 0) return ms === day ? 'per day' : `per ${ms / day} days`
  if (ms % hour === 0) return ms === hour ? 'per hour' : `per ${ms / hour} hours`
  return ms === minute ? 'per minute' : `per ${Math.round(ms / minute)} minutes`
}

/** The tick under a bar (the date where a bar shorter than a day holds a midnight) and the range its tooltip names. */
export function bucketLabel(start: number, size: number): { tick: string; range: string } {
  const end = start + size
  if (size >= day) return { tick: formatDayMonth(start), range: size === day ? formatDayMonth(start) : `${formatDayMonth(start)} – ${formatDayMonth(end)}` }
  const sameDay = new Date(start).toDateString() === new Date(Date.now()).toDateString()
  const prefix = sameDay ? '' : `${formatDayMonth(start)}, `
  return { tick: timeTickLabel(start, size), range: `${prefix}${formatClock(start)} – ${formatClock(end)}` }
}

/**
 * Totals by outcome over all buckets, and the failure figures of shared/request-outcome.ts: `failures` leaves out the
 * 429s (throttled, counted apart) and what SCIM Console's simulators sent; `counted` is the requests a failure rate
 * divides by, the simulators' left out too.
 */
export function activityTotals(buckets: readonly ActivityBucket[]) {
  const totals = { ok: 0, clientErrors: 0, throttled: 0, serverErrors: 0, simulated: 0, simulatedFailures: 0 }
  for (const bucket of buckets) {
    totals.ok += bucket.ok
    totals.clientErrors += bucket.clientErrors
    totals.throttled += bucket.throttled
    totals.serverErrors += bucket.serverErrors
    totals.simulated += bucket.simulated
    totals.simulatedFailures += bucket.simulatedFailures
  }
  const requests = totals.ok + totals.clientErrors + totals.throttled + totals.serverErrors
  return { ...totals, requests, counted: requests - totals.simulated, failures: totals.clientErrors + totals.serverErrors - totals.simulatedFailures }
}

/**
 * The buckets with the changes made in SCIM Console taken out, for a tenant's health: they are logged as the requests
 * they equal, but no client made them. They are always successes (a console change is logged once it succeeded).
 */
export function withoutConsoleChanges(buckets: readonly ActivityBucket[]): ActivityBucket[] {
  return buckets.map((bucket) => (bucket.consoleChanges === 0 ? bucket : { ...bucket, ok: Math.max(0, bucket.ok - bucket.consoleChanges), consoleChanges: 0 }))
}

/** The chart's legend, with each outcome's total. */
export function ActivityLegend({ buckets, compact = false }: { buckets: readonly ActivityBucket[]; compact?: boolean }) {
  const totals = activityTotals(buckets)
  return (
    <Group gap={compact ? 'sm' : 'md'} wrap="nowrap" className={classes.legend}>
      {activitySeries.map((series) => (
        <Group key={series.name} gap={6} wrap="nowrap" title={series.label}>
          <span className={classes.swatch} style={{ background: `var(--mantine-color-${series.color.replace('.', '-')})` }} aria-hidden />
          <Text span size="xs" c="dimmed">
            {compact ? series.short : series.label}
          </Text>
          <Text span size="xs" fw={600} className="tabular">
            {formatCount(totals[series.name])}
          </Text>
        </Group>
      ))}
    </Group>
  )
}

const ActivityBars = lazy(() => import('./activity-bars').then((module) => ({ default: module.ActivityBars })))

/** The bars; `onSelect` receives the clicked bucket's start and end (epoch ms). */
export function ActivityChart({
  buckets,
  height = 88,
  loading = false,
  onSelect,
  label
}: {
  buckets: readonly ActivityBucket[] | undefined
  height?: number
  loading?: boolean
  onSelect?: (since: number, until: number) => void
  /** Names the chart for screen readers. */
  label: string
}) {
  // Drawn in a later, interruptible render: first the rows, then the chart.
  const deferred = useDeferredValue(buckets, undefined)
  if (!deferred) return loading || buckets ? <Skeleton height={height} radius="sm" /> : null
  return (
    <LoadBoundary
      fallback={
        <Text size="xs" c="dimmed" ta="center" h={height} pt="lg">
          The chart could not be drawn. Reload the window to try again.
        </Text>
      }
    >
      <Suspense fallback={<Skeleton height={height} radius="sm" />}>
        <ActivityBars buckets={deferred} height={height} onSelect={onSelect} label={label} />
      </Suspense>
    </LoadBoundary>
  )
}
