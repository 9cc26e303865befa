import classes from './id-text.module.css'

/** How many characters of an id stay in view when it is cut: enough to tell apart ids that share their start. */
const keptEnd = 8

/**
 * An id (a SCIM resource id, a UUID) that, when the room is short, is cut in the middle rather than at the end: ids
 * that start alike ("00000000-0000-4000-8000-000000000001", "…0002") differ at their end, and an end cut off makes
 * rows look the same to Support matching them against Okta's tasks. Its text is the whole id, for copying and for
 * screen readers. Other text (a name, an email) is shown as is; its start is what people read.
 */
export function IdText({ value, title }: { value: string; title?: string }) {
  if (!looksLikeId(value)) return <span title={title ?? value}>{value}</span>
  return (
    <span className={classes.id} title={title ?? value}>
      <span className={classes.start}>{value.slice(0, -keptEnd)}</span>
      <span>{value.slice(-keptEnd)}</span>
    </span>
  )
}

/** One word of letters, digits and hyphens, long and with a digit: a UUID or a provider's id, not a name or an email. */
export function looksLikeId(value: string): boolean {
  return value.length > keptEnd * 2 && /^[\w-]+$/.test(value) && /\d/.test(value)
}
