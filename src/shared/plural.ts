/** A count with its noun, in English: `1 request`, `3 requests`. For messages main writes (details, notifications). */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** Items as a sentence lists them, in English: `the faults`, `the faults and the log retention`, `a, b and c`. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`
}
