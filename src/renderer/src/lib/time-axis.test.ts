import { describe, expect, it } from 'vitest'
import { midnightWithin, timeTickLabel, timeTicks } from './time-axis'

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

/** Local time, as the computer running the console reads it. */
const local = (year: number, month: number, date: number, hours = 0, minutes = 0) => new Date(year, month - 1, date, hours, minutes).getTime()

/** Bars of `size` from `first`, `count` of them. */
const bars = (first: number, size: number, count: number) => Array.from({ length: count }, (_, index) => first + index * size)

describe('the time axis of an activity chart', () => {
  it('names the bar that holds a midnight by its date, and the others by their time', () => {
    expect(timeTickLabel(local(2026, 11, 29, 0, 0), 30 * minute)).toBe('29 Nov')
    expect(timeTickLabel(local(2026, 11, 28, 23, 30), 30 * minute)).toBe('23:30')
    expect(timeTickLabel(local(2026, 11, 28, 14, 0), 30 * minute)).toBe('14:00')
    // A bar that starts before midnight and ends after it holds the day boundary.
    expect(midnightWithin(local(2026, 11, 28, 22, 0), 4 * hour)).toBe(local(2026, 11, 29))
    expect(timeTickLabel(local(2026, 11, 28, 22, 0), 4 * hour)).toBe('29 Nov')
  })

  it('puts 24 hours of half hours on round hours, with the day boundary among them, dated', () => {
    const first = local(2026, 11, 28, 3, 30)
    const ticks = timeTicks(bars(first, 30 * minute, 49), 30 * minute, 7)
    expect(ticks.length).toBeLessThanOrEqual(7)
    expect(ticks.map((tick) => timeTickLabel(tick, 30 * minute))).toEqual(['04:00', '08:00', '12:00', '16:00', '20:00', '29 Nov'])
  })

  it('dates every day of a week, the day boundaries being the ticks', () => {
    const first = local(2026, 11, 21, 5, 0)
    const ticks = timeTicks(bars(first, 2 * hour, 7 * 12), 2 * hour, 10)
    expect(ticks.map((tick) => timeTickLabel(tick, 2 * hour))).toEqual(['22 Nov', '23 Nov', '24 Nov', '25 Nov', '26 Nov', '27 Nov', '28 Nov'])
  })

  it('thins a month of days to what fits, and leaves bars of a day or more to the chart', () => {
    const first = local(2026, 10, 1, 0, 0)
    const ticks = timeTicks(bars(first, 8 * hour, 90), 8 * hour, 6)
    expect(ticks.length).toBeLessThanOrEqual(6)
    expect(ticks.every((tick) => midnightWithin(tick, 8 * hour) !== null)).toBe(true)
    expect(timeTicks(bars(first, day, 30), day, 6)).toEqual([])
    expect(timeTicks([], 30 * minute, 6)).toEqual([])
  })
})
