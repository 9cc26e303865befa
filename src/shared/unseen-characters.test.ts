import { describe, expect, it } from 'vitest'
import { invisibleCharacter, invisibleCharacterProblem } from './unseen-characters'

describe('invisibleCharacterProblem: names staff type', () => {
  it('names a bidi override and where it stands, as a person counts', () => {
    expect(invisibleCharacterProblem('Acme\u202Egnp.exe', 'The name')).toBe(
      'The name contains an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE) at position 5; type it again without it.'
    )
    // An emoji counts as one character on screen.
    expect(invisibleCharacter('👩‍💻 Ops\u2066')).toEqual({ codePoint: 0x2066, position: 6 })
  })

  it.each([
    ['\u202A', 'U+202A LEFT-TO-RIGHT EMBEDDING'],
    ['\u202B', 'U+202B RIGHT-TO-LEFT EMBEDDING'],
    ['\u202C', 'U+202C POP DIRECTIONAL FORMATTING'],
    ['\u202D', 'U+202D LEFT-TO-RIGHT OVERRIDE'],
    ['\u2066', 'U+2066 LEFT-TO-RIGHT ISOLATE'],
    ['\u2067', 'U+2067 RIGHT-TO-LEFT ISOLATE'],
    ['\u2068', 'U+2068 FIRST STRONG ISOLATE'],
    ['\u2069', 'U+2069 POP DIRECTIONAL ISOLATE'],
    ['\u200B', 'U+200B ZERO WIDTH SPACE'],
    ['\u200E', 'U+200E LEFT-TO-RIGHT MARK'],
    ['\u200F', 'U+200F RIGHT-TO-LEFT MARK'],
    ['\u061C', 'U+061C ARABIC LETTER MARK'],
    ['\u2060', 'U+2060 WORD JOINER'],
    ['\uFEFF', 'U+FEFF ZERO WIDTH NO-BREAK SPACE'],
    ['\u00AD', 'U+00AD SOFT HYPHEN'],
    ['\u2028', 'U+2028 LINE SEPARATOR'],
    ['\u0085', 'U+0085 NEXT LINE'],
    ['\u009B', 'U+009B'],
    // Letters and symbols that are drawn as nothing: Unicode's Default_Ignorable_Code_Point, and the blanks it leaves out.
    ['\u3164', 'U+3164 HANGUL FILLER'],
    ['\u115F', 'U+115F HANGUL CHOSEONG FILLER'],
    ['\u1160', 'U+1160 HANGUL JUNGSEONG FILLER'],
    ['\uFFA0', 'U+FFA0 HALFWIDTH HANGUL FILLER'],
    ['\u2800', 'U+2800 BRAILLE PATTERN BLANK'],
    ['\u{1D159}', 'U+1D159 MUSICAL SYMBOL NULL NOTEHEAD'],
    ['\u180E', 'U+180E MONGOLIAN VOWEL SEPARATOR'],
    ['\u034F', 'U+034F COMBINING GRAPHEME JOINER'],
    ['\u17B4', 'U+17B4 KHMER VOWEL INHERENT AQ'],
    ['\u180B', 'U+180B MONGOLIAN FREE VARIATION SELECTOR ONE'],
    ['\uFE00', 'U+FE00 VARIATION SELECTOR-1'],
    ['\uFE0F', 'U+FE0F VARIATION SELECTOR-16'],
    ['\u{E0100}', 'U+E0100 VARIATION SELECTOR-17'],
    ['\u2065', 'U+2065'],
    ['\uFFF0', 'U+FFF0']
  ])('refuses %j inside a name (%s)', (character, named) => {
    expect(invisibleCharacterProblem(`Acme${character}Corp`, 'The label')).toBe(
      `The label contains an invisible character (${named}) at position 5; type it again without it.`
    )
  })

  it('refuses a joiner that only hides a difference between Latin, Greek or Cyrillic letters', () => {
    expect(invisibleCharacter('pay\u200Cpal')).toEqual({ codePoint: 0x200c, position: 4 })
    expect(invisibleCharacter('Acme\u200D')).toEqual({ codePoint: 0x200d, position: 5 })
    expect(invisibleCharacter('\u200DAcme')).toEqual({ codePoint: 0x200d, position: 1 })
    expect(invisibleCharacter('Пётр\u200CИванов')).toEqual({ codePoint: 0x200c, position: 5 })
  })

  it('refuses a Hangul filler wherever it stands: alone, at either end, or inside a syllable of jamo', () => {
    expect(invisibleCharacter('\u3164')).toEqual({ codePoint: 0x3164, position: 1 })
    expect(invisibleCharacter('김민준\u3164')).toEqual({ codePoint: 0x3164, position: 4 })
    expect(invisibleCharacter('\uFFA0Acme')).toEqual({ codePoint: 0xffa0, position: 1 })
    // A lead consonant and a vowel filler are one grapheme drawn as the consonant alone.
    expect(invisibleCharacter('\u1100\u1160')).toEqual({ codePoint: 0x1160, position: 2 })
    expect(invisibleCharacter('\u115F\u1161')).toEqual({ codePoint: 0x115f, position: 1 })
  })

  it.each([
    ['Arabic', 'شركة أكمي'],
    ['Hebrew', 'אקמי בע"מ'],
    ['mixed directions', 'Acme ישראל (IL)'],
    ['Persian with its ZWNJ', 'می\u200Cخواهم'],
    ['Hindi with ZWJ', 'क्\u200Dष'],
    ['an emoji sequence with ZWJ', 'Dev team 👩\u200D💻'],
    ['a family emoji', '👨\u200D👩\u200D👧'],
    ['a flag of England (tags)', 'Acme 🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}'],
    ['accents as combining marks', 'Zoe\u0308 Müller'],
    ['Korean', '김민준 주식회사'],
    ['an emoji in its emoji form (VS16)', 'On call ❤\uFE0F'],
    ['a keycap emoji', 'Team 1\uFE0F\u20E3'],
    ['a kanji with its variation selector (IVS)', '葛\u{E0100}飾区'],
    ['Mongolian with a free variation selector', 'ᠮᠣᠩᠭ\u180Bᠣᠯ'],
    ['a plain name', 'Acme Corp']
  ])('accepts %s', (_, name) => {
    expect(invisibleCharacterProblem(name, 'The name')).toBeNull()
  })
})
