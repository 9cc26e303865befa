/** A count with its noun, in English: `1 request`, `3 requests`. For messages main writes (details, notifications). */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}
