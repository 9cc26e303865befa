/** Absolute times as the console writes them, here so that main's diagnoses and the renderer's screens read alike. */

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit'
})

/** "12 Mar 2026, 14:03:22": to the second, 24-hour, in the machine's time zone, as the log shows every time. */
export function formatDateTime(iso: string): string {
  const then = new Date(iso)
  return Number.isNaN(then.getTime()) ? '—' : dateTime.format(then)
}
