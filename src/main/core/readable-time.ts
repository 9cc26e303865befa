/** A time as people read it in a message, to the second and in UTC: `2026-11-28 14:03:07 UTC`. Not a time: as given. */
export function readableTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC`
}
