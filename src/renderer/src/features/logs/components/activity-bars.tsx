/** The chart itself, with its library: loaded on first use by `ActivityChart`. */
import '@mantine/charts/styles.css'
import { BarChart } from '@mantine/charts'
import { Text, VisuallyHidden } from '@mantine/core'
import { useElementSize } from '@mantine/hooks'
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react'
import { createPortal } from 'react-dom'
import { useActiveTooltipDataPoints } from 'recharts'
import type { ActivityBucket } from '../../../../../shared/models'
import { formatCount } from '../../../lib/format'
import { timeTicks } from '../../../lib/time-axis'
import { activitySeries, bucketLabel, bucketSize } from './activity-chart'
import classes from './activity-chart.module.css'

const axisTick = { fontSize: 11, fill: 'currentColor' }

interface Bar {
  range: string
  start: number
  ok: number
  clientErrors: number
  throttled: number
  serverErrors: number
  simulated: number
  simulatedFailures: number
  consoleChanges: number
}

/**
 * What a bar holds, read out when the arrow keys reach it: "10:00 – 10:30: 14 requests, 2 failed (4xx 2), 3 throttled".
 * Failures as shared/request-outcome.ts counts them: a 429 is a throttle, and SCIM Console's simulators are said apart.
 */
function barPhrase(bar: Bar): string {
  const total = bar.ok + bar.clientErrors + bar.throttled + bar.serverErrors
  if (total === 0) return `${bar.range}: no requests`
  const failures = bar.clientErrors + bar.serverErrors - bar.simulatedFailures
  const classes = activitySeries
    .filter((series) => (series.name === 'clientErrors' || series.name === 'serverErrors') && bar[series.name] > 0)
    .map((series) => `${series.label} ${formatCount(bar[series.name])}`)
  const breakdown = bar.simulatedFailures === 0 ? ` (${classes.join(', ')})` : ''
  const failed = failures > 0 ? `, ${formatCount(failures)} failed${breakdown}` : ', none failed'
  const throttled = bar.throttled > 0 ? `, ${formatCount(bar.throttled)} throttled` : ''
  const simulated =
    bar.simulated > 0
      ? `, ${formatCount(bar.simulated)} from SCIM Console's demos and self-tests${bar.simulatedFailures > 0 ? ` (${formatCount(bar.simulatedFailures)} of them errors, not counted as failures)` : ''}`
      : ''
  const changes = bar.consoleChanges > 0 ? `, ${formatCount(bar.consoleChanges)} of them ${bar.consoleChanges === 1 ? 'a change' : 'changes'} made in SCIM Console` : ''
  return `${bar.range}: ${formatCount(total)} ${total === 1 ? 'request' : 'requests'}${failed}${throttled}${simulated}${changes}`
}

/**
 * Inside the chart: keeps the bar the arrow keys (or the pointer) are on, for Enter, and reads it out while the chart
 * has focus. It writes into the live region by a portal rather than through the chart's state: a chart drawn again
 * under the pointer between its press and release lost the click.
 */
function ActiveBar({ activeRef, live }: { activeRef: RefObject<Bar | null>; live: HTMLElement | null }) {
  const bar = useActiveTooltipDataPoints<Bar>()?.[0] ?? null
  useEffect(() => {
    activeRef.current = bar
  }, [bar, activeRef])
  // The live region sits in the chart's box, beside the chart that has the focus.
  const focused = live?.parentElement?.contains(document.activeElement) ?? false
  return live && focused && bar ? createPortal(barPhrase(bar), live) : null
}

/**
 * Stacked bars by outcome; `onSelect` receives the clicked bucket's start and end (epoch ms). From the keyboard the
 * chart is one Tab stop: the arrow keys move through its bars (the chart library's own), each read out, and Enter
 * opens the bar's requests, as a click does.
 */
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
        return {
          range: bucketLabel(start, size).range,
          start,
          ok: bucket.ok,
          clientErrors: bucket.clientErrors,
          throttled: bucket.throttled,
          serverErrors: bucket.serverErrors,
          simulated: bucket.simulated,
          simulatedFailures: bucket.simulatedFailures,
          consoleChanges: bucket.consoleChanges
        }
      }),
    [buckets, size]
  )
  const quiet = data.every((bucket) => bucket.ok + bucket.clientErrors + bucket.throttled + bucket.serverErrors === 0)
  // Ticks on round local times, a day boundary among them named by its date, about one per 64 px (lib/time-axis.ts).
  const { ref: sizeRef, width } = useElementSize()
  const ticks = useMemo(() => timeTicks(data.map((bucket) => bucket.start), size, width / 64), [data, size, width])
  const activeRef = useRef<Bar | null>(null)
  const [live, setLive] = useState<HTMLElement | null>(null)
  const hintId = useId()
  const onKeyDown = (event: KeyboardEvent): void => {
    const bar = activeRef.current
    if (event.key === 'Enter' && bar && onSelect) onSelect(bar.start, bar.start + size - 1)
    // The chart library moves one bar per arrow key and has no Home or End: each is as many arrows as there are bars,
    // sent to the chart at once (the library takes every key as it comes, and stops at the first and last bar).
    const surface = event.target
    if ((event.key === 'Home' || event.key === 'End') && surface instanceof SVGSVGElement) {
      event.preventDefault()
      const arrow = event.key === 'Home' ? 'ArrowLeft' : 'ArrowRight'
      for (let step = 0; step < data.length; step++) surface.dispatchEvent(new window.KeyboardEvent('keydown', { key: arrow, bubbles: true }))
    }
  }
  return (
    // Without requests there are no bars to move through: a picture, not a Tab stop.
    <div
      ref={sizeRef}
      className={classes.chart}
      data-clickable={onSelect && !quiet ? true : undefined}
      role={quiet ? 'img' : undefined}
      aria-label={quiet ? label : undefined}
      onKeyDown={onKeyDown}
    >
      <VisuallyHidden id={hintId}>{`Left and right arrows move through the bars, Home and End go to the first and last${onSelect ? "; Enter opens a bar's requests" : ''}.`}</VisuallyHidden>
      <VisuallyHidden aria-live="polite" ref={setLive} />
      {quiet ? (
        <Text size="xs" c="dimmed" className={classes.quiet}>
          No requests in this range
        </Text>
      ) : null}
      <BarChart
        h={height}
        data={data}
        // Keyed by start, not by the tick's words: 24 hours of half hours begin and end at the same "02:30", and the
        // arrow keys went from the last bar back to the first.
        dataKey="start"
        type="stacked"
        series={activitySeries.map((series) => ({ name: series.name, label: series.label, color: series.color }))}
        gridAxis="x"
        tickLine="none"
        strokeDasharray="3 3"
        withYAxis
        // Mantine shifts its ticks 10 px off the axes, out of the space the axes reserve: the times then fell below the
        // card and onto the legend, and "1,500" onto the card's edge. These ticks sit inside their axes.
        yAxisProps={{ width: 40, tickCount: 3, allowDecimals: false, tick: { ...axisTick, transform: 'translate(-2, 0)' } }}
        xAxisProps={{
          minTickGap: 28,
          height: 20,
          tick: { ...axisTick, transform: 'translate(0, 2)' },
          tickFormatter: (start: number) => bucketLabel(start, size).tick,
          // Bars of a day or more get the chart's own choice: their ticks are dates already.
          ...(ticks.length > 0 ? { ticks, interval: 0 } : {})
        }}
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
        accessibilityLayer={!quiet}
        barChartProps={{
          // The library makes the chart a Tab stop ("application") that the arrow keys move through; this names it.
          ...(quiet ? {} : { 'aria-label': label, 'aria-describedby': hintId }),
          barCategoryGap: 1,
          onClick: (state) => {
            const active = state?.activeTooltipIndex ?? state?.activeIndex
            if (active === null || active === undefined || active === '') return
            const bucket = data[Number(active)]
            if (bucket && onSelect) onSelect(bucket.start, bucket.start + size - 1)
          }
        }}
      >
        <ActiveBar activeRef={activeRef} live={live} />
      </BarChart>
    </div>
  )
}
