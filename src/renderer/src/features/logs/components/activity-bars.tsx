/** The chart itself, with its library: loaded on first use by `ActivityChart`. */
import '@mantine/charts/styles.css'
import { BarChart } from '@mantine/charts'
import { Text } from '@mantine/core'
import { useMemo } from 'react'
import type { ActivityBucket } from '../../../../../shared/models'
import { formatCount } from '../../../lib/format'
import { activitySeries, bucketLabel, bucketSize } from './activity-chart'
import classes from './activity-chart.module.css'

const axisTick = { fontSize: 11, fill: 'currentColor' }

/** Stacked bars by outcome; `onSelect` receives the clicked bucket's start and end (epoch ms). */
export function ActivityBars({
  buckets,
  height,
  onSelect,
  label
}: {
  buckets: readonly ActivityBucket[]
  height: number
  onSelect?: (since: number, until: number) => void
  label: string
}) {
  const size = bucketSize(buckets)
  const data = useMemo(
    () =>
      buckets.map((bucket) => {
        const start = Date.parse(bucket.start)
        const { tick, range } = bucketLabel(start, size)
        return { tick, range, start, ok: bucket.ok, clientErrors: bucket.clientErrors, throttled: bucket.throttled, serverErrors: bucket.serverErrors }
      }),
    [buckets, size]
  )
  const quiet = data.every((bucket) => bucket.ok + bucket.clientErrors + bucket.throttled + bucket.serverErrors === 0)
  return (
    <div className={classes.chart} data-clickable={onSelect && !quiet ? true : undefined} role="img" aria-label={label}>
      {quiet ? (
        <Text size="xs" c="dimmed" className={classes.quiet}>
          No requests in this range
        </Text>
      ) : null}
      <BarChart
        h={height}
        data={data}
        dataKey="tick"
        type="stacked"
        series={activitySeries.map((series) => ({ name: series.name, label: series.label, color: series.color }))}
        gridAxis="x"
        tickLine="none"
        strokeDasharray="3 3"
        withYAxis
        // Mantine shifts its ticks 10 px off the axes, out of the space the axes reserve: the times then fell below the
        // card and onto the legend, and "1,500" onto the card's edge. These ticks sit inside their axes.
        yAxisProps={{ width: 40, tickCount: 3, allowDecimals: false, tick: { ...axisTick, transform: 'translate(-2, 0)' } }}
        xAxisProps={{ minTickGap: 28, height: 20, tick: { ...axisTick, transform: 'translate(0, 2)' } }}
        valueFormatter={formatCount}
        minBarSize={0}
        maxBarWidth={28}
        barProps={{
          radius: 1,
          // The bar itself says which bucket it is; the chart-wide click below covers the space above short bars.
          onClick: (item, _index, event) => {
            event.stopPropagation()
            const start = (item.payload as { start?: unknown } | undefined)?.start
            if (typeof start === 'number' && onSelect) onSelect(start, start + size - 1)
          }
        }}
        tooltipAnimationDuration={0}
        tooltipProps={{
          labelFormatter: (_tick: unknown, payload: ReadonlyArray<{ payload?: { range?: string } }>) => payload[0]?.payload?.range ?? ''
        }}
        barChartProps={{
          barCategoryGap: 1,
          onClick: (state) => {
            const active = state?.activeTooltipIndex ?? state?.activeIndex
            if (active === null || active === undefined || active === '') return
            const bucket = data[Number(active)]
            if (bucket && onSelect) onSelect(bucket.start, bucket.start + size - 1)
          }
        }}
      />
    </div>
  )
}
