/** Ids as people tell them apart: by their end, where ids that start alike differ. */

/** How many characters of an id stay in view when it is cut: enough to tell apart ids that share their start. */
export const keptEnd = 8

/** One word of letters, digits and hyphens, long and with a digit: a UUID or a provider's id, not a name or an email. */
export function looksLikeId(value: string): boolean {
  return value.length > keptEnd * 2 && /^[\w-]+$/.test(value) && /\d/.test(value)
}

/**
 * A value cut to `length` characters for a short label (a button's): an id loses its middle and keeps its end, as
 * IdText shows it ("00000000-0000-4000-…00000002"); other text, whose start is what people read, loses its end.
 */
export function shortValue(value: string, length: number): string {
  if (value.length <= length) return value
  if (looksLikeId(value)) return `${value.slice(0, length - keptEnd - 1)}…${value.slice(-keptEnd)}`
  return `${value.slice(0, length - 1)}…`
}

/**
 * A sentence cut into its plain runs and the ids in it that a line could break at a hyphen (a UUID): `id` marks the
 * runs to keep on one line. Joined, the runs are the sentence.
 */
export function idRuns(text: string): Array<{ readonly text: string; readonly id: boolean }> {
  const runs: Array<{ text: string; id: boolean }> = []
  let plain = ''
  for (const part of text.split(/([\w-]+)/)) {
    if (part.includes('-') && looksLikeId(part)) {
      if (plain) runs.push({ text: plain, id: false })
      runs.push({ text: part, id: true })
      plain = ''
    } else {
      plain += part
    }
  }
  if (plain) runs.push({ text: plain, id: false })
  return runs
}
