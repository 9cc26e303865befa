/**
 * Characters that are not drawn as themselves: controls (C0 and C1), format characters (the bidi embeddings, overrides
 * and isolates, the marks LRM, RLM and ALM, zero-width spaces and joiners, the word joiner, the soft hyphen, the BOM),
 * the line and paragraph separators, and the rest of what Unicode calls Default_Ignorable_Code_Point, which a font
 * draws as nothing: the Hangul fillers (U+3164, U+115F, U+1160, U+FFA0, letters by their category, so that a name of
 * one looks empty), the variation selectors, the combining grapheme joiner. Also the two blanks Unicode counts as
 * symbols, which impersonation tricks use for the same end: U+2800 BRAILLE PATTERN BLANK and U+1D159 MUSICAL SYMBOL
 * NULL NOTEHEAD. The CLI prints them escaped (cli/common.ts printable), and the names staff type are refused with them
 * (invisibleCharacterProblem).
 */
export const unseenCharacter = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800\u{1D159}]/u
/** unseenCharacter, for replace() and matchAll(). */
export const unseenCharacters = new RegExp(unseenCharacter.source, 'gu')

// The Hangul fillers are letters (Lo) that stand for a missing part of a syllable and are drawn as nothing: the
// precomposed syllables every Korean keyboard types need none, and in a grapheme of jamo (U+1100 U+1160) one hides
// that the syllable is not the letter it looks like.
const fillers = /[\u115f\u1160\u3164\uffa0]/u

/**
 * Whether a format character in `grapheme` belongs there: the joiners, tags and variation selectors of an emoji (👩‍💻,
 * a flag of England, ❤️, a keycap 1️⃣), and the joiners (ZWJ, ZWNJ) and variation selectors of a script that writes
 * with them (Persian, Hindi, a kanji's variant, Mongolian). A joiner after a Latin, Greek or Cyrillic letter only hides
 * a difference (`pay\u200cpal`), and a Hangul filler hides one wherever it stands.
 */
export function joinsWithin(grapheme: string): boolean {
  if (/\p{Extended_Pictographic}|^[\d#*]\ufe0f\u20e3$/u.test(grapheme)) return true
  return (
    /^\p{L}/u.test(grapheme) &&
    /^[\p{L}\p{M}\u200c\u200d]+$/u.test(grapheme) &&
    !fillers.test(grapheme) &&
    !/[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u.test(grapheme)
  )
}

// The names a person may recognise, as Unicode gives them; any other character is named by its code point alone.
const characterNames: Readonly<Record<number, string>> = {
  0x09: 'CHARACTER TABULATION',
  0x0a: 'LINE FEED',
  0x0d: 'CARRIAGE RETURN',
  0x1b: 'ESCAPE',
  0x7f: 'DELETE',
  0x85: 'NEXT LINE',
  0xad: 'SOFT HYPHEN',
  0x034f: 'COMBINING GRAPHEME JOINER',
  0x061c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x17b4: 'KHMER VOWEL INHERENT AQ',
  0x17b5: 'KHMER VOWEL INHERENT AA',
  0x180b: 'MONGOLIAN FREE VARIATION SELECTOR ONE',
  0x180c: 'MONGOLIAN FREE VARIATION SELECTOR TWO',
  0x180d: 'MONGOLIAN FREE VARIATION SELECTOR THREE',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x180f: 'MONGOLIAN FREE VARIATION SELECTOR FOUR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x2800: 'BRAILLE PATTERN BLANK',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
  0x1d159: 'MUSICAL SYMBOL NULL NOTEHEAD'
}

/** A character's name as Unicode gives it, where a person may recognise it; the variation selectors are numbered. */
function characterName(codePoint: number): string | undefined {
  if (codePoint >= 0xfe00 && codePoint <= 0xfe0f) return `VARIATION SELECTOR-${codePoint - 0xfe00 + 1}`
  if (codePoint >= 0xe0100 && codePoint <= 0xe01ef) return `VARIATION SELECTOR-${codePoint - 0xe0100 + 17}`
  return characterNames[codePoint]
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * The first character of `text` that is not drawn as itself and does not belong where it stands (joinsWithin), with
 * its position as a person counts it: 1 for the first character on screen, an emoji or a letter with its accents
 * counting one. Null when there is none.
 */
export function invisibleCharacter(text: string): { readonly codePoint: number; readonly position: number } | null {
  if (!unseenCharacter.test(text)) return null
  let position = 1
  for (const { segment } of graphemes.segment(text)) {
    if (unseenCharacter.test(segment) && !joinsWithin(segment)) {
      const [match] = segment.match(unseenCharacter) ?? []
      // A character inside a grapheme (a joiner after a Latin letter) stands after that letter.
      const before = match === undefined ? 0 : segment.indexOf(match)
      return { codePoint: match?.codePointAt(0) ?? 0, position: position + (before > 0 ? 1 : 0) }
    }
    position += 1
  }
  return null
}

/**
 * The sentence that refuses a name staff typed (a tenant's name, a token's label, a userName in the console) because it
 * holds a character that is not drawn: a bidi override draws "Acme\u202Egnp.exe" as "Acmeexe.png", and a zero-width
 * space makes a second "Acme" that looks like the first. It says which character and where, so that the name can be
 * typed again without it. `subject` starts the sentence: "The name", "The label". Null when the name is fine.
 *
 * Text in right-to-left scripts needs none of these (the Unicode bidi algorithm orders Arabic and Hebrew by itself),
 * and the joiners that Persian, Indic scripts and emoji sequences write with are kept (joinsWithin).
 */
export function invisibleCharacterProblem(text: string, subject: string): string | null {
  const found = invisibleCharacter(text)
  if (found === null) return null
  const code = `U+${found.codePoint.toString(16).toUpperCase().padStart(4, '0')}`
  const name = characterName(found.codePoint)
  return `${subject} contains an invisible character (${name ? `${code} ${name}` : code}) at position ${found.position}; type it again without it.`
}

// The C0 controls and DELETE a person may have pasted or scripted into a name, by the names they know them by; the C1
// controls by their Unicode names (NameAliases.txt), as they have no other. A C1 control arrives in a name mostly as
// text decoded in the wrong charset (Windows-1252 read as Latin-1), or from a terminal: NEXT LINE is a line break to
// some programs, and CONTROL SEQUENCE INTRODUCER starts a terminal code as ESCAPE [ does.
const controlNames: Readonly<Record<number, string>> = {
  0x00: 'NULL',
  0x08: 'BACKSPACE',
  0x09: 'TAB',
  0x0a: 'LINE FEED, a line break',
  0x0b: 'VERTICAL TAB',
  0x0c: 'FORM FEED',
  0x0d: 'CARRIAGE RETURN, a line break',
  0x1b: 'ESCAPE, which starts a terminal code',
  0x7f: 'DELETE',
  0x80: 'PADDING CHARACTER',
  0x81: 'HIGH OCTET PRESET',
  0x82: 'BREAK PERMITTED HERE',
  0x83: 'NO BREAK HERE',
  0x84: 'INDEX',
  0x85: 'NEXT LINE, a line break',
  0x86: 'START OF SELECTED AREA',
  0x87: 'END OF SELECTED AREA',
  0x88: 'CHARACTER TABULATION SET',
  0x89: 'CHARACTER TABULATION WITH JUSTIFICATION',
  0x8a: 'LINE TABULATION SET',
  0x8b: 'PARTIAL LINE FORWARD',
  0x8c: 'PARTIAL LINE BACKWARD',
  0x8d: 'REVERSE LINE FEED',
  0x8e: 'SINGLE SHIFT TWO',
  0x8f: 'SINGLE SHIFT THREE',
  0x90: 'DEVICE CONTROL STRING',
  0x91: 'PRIVATE USE ONE',
  0x92: 'PRIVATE USE TWO',
  0x93: 'SET TRANSMIT STATE',
  0x94: 'CANCEL CHARACTER',
  0x95: 'MESSAGE WAITING',
  0x96: 'START OF GUARDED AREA',
  0x97: 'END OF GUARDED AREA',
  0x98: 'START OF STRING',
  0x99: 'SINGLE GRAPHIC CHARACTER INTRODUCER',
  0x9a: 'SINGLE CHARACTER INTRODUCER',
  0x9b: 'CONTROL SEQUENCE INTRODUCER, which starts a terminal code',
  0x9c: 'STRING TERMINATOR',
  0x9d: 'OPERATING SYSTEM COMMAND',
  0x9e: 'PRIVACY MESSAGE',
  0x9f: 'APPLICATION PROGRAM COMMAND'
}

// One pattern for every call: the SCIM server checks each userName and group name it is sent (no g flag, so no state).
// Unicode's controls (Cc) are C0, DELETE and C1 (U+0080-U+009F).
// eslint-disable-next-line no-control-regex
const control = /[\u0000-\u001f\u007f-\u009f]/

/**
 * The first control character (C0, DELETE or C1) in `text`: its code point written as U+XXXX with the name people know
 * it by ("U+0009 TAB", "U+0085 NEXT LINE"), and its position as a person counts it (1 for the first character on
 * screen). Null when there is none.
 */
export function controlCharacter(text: string): { readonly character: string; readonly position: number } | null {
  if (!control.test(text)) return null
  let position = 1
  for (const { segment } of graphemes.segment(text)) {
    const [match] = segment.match(control) ?? []
    if (match !== undefined) {
      const codePoint = match.codePointAt(0) ?? 0
      const code = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`
      const name = controlNames[codePoint]
      return { character: name ? `${code} ${name}` : code, position }
    }
    position += 1
  }
  return null
}

/**
 * The sentence that refuses a name staff typed (a tenant's name, a token's label) because it holds a control character:
 * a line break splits the row it is printed in, and an escape code rewrites the terminal that prints it. As
 * invisibleCharacterProblem, it says which character and where (a tab, or a line break copied with the name, is seen
 * nowhere), so that the name can be typed again without it. Null when the name has none.
 */
export function controlCharacterProblem(text: string, subject: string): string | null {
  const found = controlCharacter(text)
  return found === null ? null : `${subject} contains a control character (${found.character}) at position ${found.position}; type it again without it.`
}
