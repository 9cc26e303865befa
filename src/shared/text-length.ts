/**
 * How long a name is as the person typing it counts: in characters as drawn. `length` counts UTF-16 units, 2 for most
 * emoji and 11 for a family 👨‍👩‍👧‍👦, so a name of 60 emoji was "longer than 100 characters". A grapheme cluster (a
 * letter with its accents, an emoji with its skin tone, a flag) is one character, as a cursor moves over it.
 */
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' })

/** The characters of `text` as drawn (grapheme clusters). */
export function characterCount(text: string): number {
  let count = 0
  for (const _ of graphemes.segment(text)) count += 1
  return count
}

/**
 * The Unicode characters (code points) of `text`: an emoji outside the Basic Multilingual Plane is 1, where `length`
 * counts 2 UTF-16 units. Unlike characterCount, it bounds what is stored: a character is at most 2 units.
 */
export function codePointCount(text: string): number {
  let count = text.length
  for (let index = 0; index < text.length - 1; index += 1) {
    if (pairAt(text, index)) {
      count -= 1
      index += 1
    }
  }
  return count
}

// Whether the UTF-16 units at `index` and the one after it are one character (a surrogate pair), as Array.from reads them.
function pairAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index)
  if (code < 0xd800 || code > 0xdbff) return false
  const next = text.charCodeAt(index + 1)
  return next >= 0xdc00 && next <= 0xdfff
}

/**
 * The first `count` code points of `text`, as `Array.from(text).slice(0, count).join('')` gives them, without building
 * an array of every character: a cut never splits an emoji, and a 1 MB value costs no more than the part kept.
 */
export function codePointsStart(text: string, count: number): string {
  let index = 0
  for (let taken = 0; taken < count && index < text.length; taken += 1) index += pairAt(text, index) ? 2 : 1
  return text.slice(0, index)
}

/** The last `count` code points of `text`, as `Array.from(text).slice(-count).join('')` gives them (nothing for 0). */
export function codePointsEnd(text: string, count: number): string {
  let index = text.length
  // A pair is read from its start, so a low surrogate ends one only after a high surrogate, as Array.from pairs them.
  for (let taken = 0; taken < count && index > 0; taken += 1) index -= index >= 2 && pairAt(text, index - 2) ? 2 : 1
  return text.slice(index)
}

/**
 * The most UTF-16 units a name may take whatever its count in characters: a character may hold any number of combining
 * marks, so a count in characters alone does not bound what is stored. Room for 100 characters of the longest emoji
 * in use (a kiss with two skin tones, 👩🏽‍❤️‍💋‍👨🏿, takes 15 units).
 */
export const maxNameUnits = 2000

/**
 * Why `text` is too long for a name of at most `max` characters, or null; `subject` begins the sentence ("The name").
 * It says how long the text is and what to do, as the sentence about what a character may hold does: "longer than 100
 * characters" alone left the person to count what they had pasted and guess how much to cut.
 */
export function nameLengthProblem(text: string, max: number, subject: string): string | null {
  const count = characterCount(text)
  if (count > max) return `${subject} is ${count.toLocaleString('en-US')} characters long, more than the ${max} allowed. Shorten it.`
  if (text.length > maxNameUnits) return `${subject} is too long to store: its emoji or accents take the room of more than ${maxNameUnits.toLocaleString('en-US')} plain letters. Shorten it.`
  return null
}

/** The longest tenant name, in characters; the console and the CLI check it with nameLengthProblem. */
export const maxTenantNameLength = 100
/** The longest API token label, in characters. */
export const maxTokenLabelLength = 80
