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
    ['\u009B', 'U+009B']
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
    ['a plain name', 'Acme Corp']
  ])('accepts %s', (_, name) => {
    expect(invisibleCharacterProblem(name, 'The name')).toBeNull()
  })
})
