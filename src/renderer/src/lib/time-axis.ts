/**
 * The ticks of a time axis over bars of equal size (the activity charts), in the computer's own time zone: few enough
 * to read, on round local times, and each day boundary named by its date, so that "02:00 14:00 02:00" over 24 hours or
 * 7 days says which day is which.
 */

import { formatClock, formatDayMonth } from './format'

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

// Round steps between ticks, smallest first.
const steps = [1, 2, 5, 10, 15, 30].map((n) => n * minute).concat([1, 2, 3, 4, 6, 12, 24].map((n) => n * hour))


/** Local midnight at or before `ms`. */
function localMidnight(ms: number): number {
  const date = new Date(ms)
  date.setHours(0, 0, 0, 0)
  return date.getTime()
}

/** Local midnight after `midnight` (a day is 23 or 25 hours when the clocks change). */
function nextMidnight(midnight: number): number {
  const date = new Date(midnight)
  date.setDate(date.getDate() + 1)
  date.setHours(0, 0, 0, 0)
  return date.getTime()
}

/** The local midnight within the bar from `start`, `size` long; null when the bar holds none. */
export function midnightWithin(start: number, size: number): number | null {
  const midnight = localMidnight(start + size - 1)
  return midnight >= start ? midnight : null
}

/**
 * A tick's words under a bar shorter than a day: the date where the bar holds a local midnight ("29 Nov"), else the
 * time it starts ("14:00").
 */
export function timeTickLabel(start: number, size: number): string {
  const midnight = midnightWithin(start, size)
  return midnight === null ? formatClock(start) : formatDayMonth(midnight)
}

/**
 * The bars to put ticks under (their starts), at most `maxTicks`: those holding a round local time (every 4 hours,
 * say, counted from midnight), every day boundary among them. Bars of a day or more are left to the chart, since their
 * ticks are dates already (an empty list).
 */
export function timeTicks(starts: readonly number[], size: number, maxTicks: number): number[] {
  const first = starts[0]
  const last = starts[starts.length - 1]
  if (first === undefined || last === undefined || size >= day) return []
  const end = last + size
  const room = Math.max(2, Math.floor(maxTicks))
  const step = steps.find((candidate) => candidate >= size && (end - first) / candidate <= room) ?? day
  const ticks = new Set<number>()
  // Round times counted from each local midnight, so that the clocks changing never shifts them off the hour.
  for (let midnight = localMidnight(first); midnight < end; midnight = nextMidnight(midnight)) {
    for (let moment = midnight; moment < Math.min(end, nextMidnight(midnight)); moment += step) {
      if (moment < first) continue
      // The bar that holds this moment (bars start on multiples of their size from the first).
      const bar = first + Math.floor((moment - first) / size) * size
      if (bar <= last) ticks.add(bar)
    }
  }
  const sorted = [...ticks].sort((a, b) => a - b)
  // Days beyond what fits (a month of bars shorter than a day): every so many midnights.
  const every = Math.ceil(sorted.length / room)
  return every > 1 ? sorted.filter((_, index) => index % every === 0) : sorted
}
