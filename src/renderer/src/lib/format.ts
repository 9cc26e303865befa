/** Formatting for times, durations and counts, shared by every screen. */

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

const dateOnly = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })
const timeOnly = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })
const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' })
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' })
const integer = new Intl.NumberFormat('en-US')

/** "3 min ago", "in 12 d": compact, for dense tables. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const then = Date.parse(iso)
  if (Number.isNaN(then)) return '—'
  const delta = now - then
  const future = delta < 0
  const span = Math.abs(delta)
  const phrase = (text: string): string => (future ? `in ${text}` : `${text} ago`)
  // Either side of now: a clock a few seconds apart, or a `now` that last ticked a moment ago, is still "now".
  if (span < 45_000) return 'just now'
  if (span < hour) return phrase(`${Math.max(1, Math.round(span / minute))} min`)
  if (span < day) return phrase(`${Math.round(span / hour)} h`)
  if (span < 45 * day) return phrase(`${Math.round(span / day)} d`)
  return formatDate(iso)
}

/** "12 Mar 2026, 14:03:22": the absolute time behind a relative one (shared with main, whose diagnoses quote times). */
export { formatDateTime } from '../../../shared/date-time'

/** "12 Mar 2026". */
export function formatDate(iso: string): string {
  const then = new Date(iso)
  return Number.isNaN(then.getTime()) ? '—' : dateOnly.format(then)
}

/** "12 Mar", in this computer's time zone: a chart's day. */
export function formatDayMonth(ms: number): string {
  return shortDate.format(ms)
}

/** "14:03", in this computer's time zone: a chart's time of day. */
export function formatClock(ms: number): string {
  return clock.format(ms)
}

/** "14:03:22" today, "12 Mar 14:03:22" on other days: for the log's time column. */
export function formatLogTime(iso: string, now: number = Date.now()): string {
  const then = new Date(iso)
  if (Number.isNaN(then.getTime())) return '—'
  const sameDay = new Date(now).toDateString() === then.toDateString()
  return sameDay ? timeOnly.format(then) : `${shortDate.format(then)} ${timeOnly.format(then)}`
}

/** "327 bytes", "12.4 KB", "1.05 MB" (shared, as `logs show` writes a body's size too). */
export { formatBytes } from '../../../shared/request-body'

/** "1,204". */
export function formatCount(value: number): string {
  return integer.format(value)
}

/** "84 ms", "1.2 s". */
export function formatDuration(ms: number): string {
  if (ms < 1) return '<1 ms'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return formatUptime(ms)
}

/** "3 d 4 h", "2 h 5 min", "42 s": how long something has been running. */
export function formatUptime(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000))
  const d = Math.floor(seconds / 86_400)
  const h = Math.floor((seconds % 86_400) / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  if (d > 0) return `${d} d ${h} h`
  if (h > 0) return `${h} h ${m} min`
  if (m > 0) return `${m} min ${s} s`
  return `${s} s`
}

/** "scim_ab12…": a token's prefix as people recognise it. */
export function formatTokenPrefix(prefix: string): string {
  return `${prefix}…`
}

/** "1 user", "3 users". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`
}
