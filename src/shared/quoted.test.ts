import { describe, expect, it } from 'vitest'
import { echoed, echoedPath, quotedPath, quoted } from './quoted'

describe('quoted: a value as a message repeats it', () => {
  it('keeps a short value whole, in quotes', () => {
    expect(quoted('acme')).toBe('"acme"')
    expect(quoted('a'.repeat(80))).toBe(`"${'a'.repeat(80)}"`)
  })

  it('cuts a long one to its start and end, and says how long it was', () => {
    const value = `${'s'.repeat(2500)}${'e'.repeat(2500)}`
    expect(quoted(value)).toBe(`"${'s'.repeat(40)}…${'e'.repeat(20)}" (5,000 characters)`)
  })

  it('counts and cuts whole characters, never half of an emoji', () => {
    const shown = quoted('😀'.repeat(100))
    expect(shown).toBe(`"${'😀'.repeat(40)}…${'😀'.repeat(20)}" (100 characters)`)
  })

  it('counts and cuts a 1 MB value in place, with emoji across both cut points, as it cut an array of its characters', () => {
    // 39 letters then an emoji: the 40th character, kept whole; an emoji as the 20th character from the end too.
    const value = `${'s'.repeat(39)}😀🎉${'m'.repeat(1_000_000)}🎉😀${'e'.repeat(19)}`
    const characters = Array.from(value)
    expect(quoted(value)).toBe(`"${'s'.repeat(39)}😀…😀${'e'.repeat(19)}" (1,000,062 characters)`)
    expect(quoted(value)).toBe(`"${characters.slice(0, 40).join('')}…${characters.slice(-20).join('')}" (${characters.length.toLocaleString('en-US')} characters)`)
    expect(echoed(value)).toBe(quoted(value))
  })

  it('reads a lone half of a surrogate pair as one character, as Array.from does', () => {
    const lone = ['\ud83d', '\ude00', '😀', 'x']
    for (let seed = 1; seed <= 200; seed += 1) {
      // A value of 70 to 120 pieces, halves and whole pairs mixed, the same for every run.
      const value = Array.from({ length: 70 + (seed % 51) }, (_, index) => lone[(seed * 7 + index * index * 13) % lone.length]).join('')
      const characters = Array.from(value)
      const expected =
        characters.length <= 80 ? `"${value}"` : `"${characters.slice(0, 40).join('')}…${characters.slice(-20).join('')}" (${characters.length.toLocaleString('en-US')} characters)`
      expect(quoted(value)).toBe(expected)
    }
  })
})

describe('echoed: a value repeated without quotes while short', () => {
  it('is the value when short, and quoted cuts it when long', () => {
    expect(echoed('--limt')).toBe('--limt')
    expect(echoed(`--${'x'.repeat(5000)}`)).toBe(`"--${'x'.repeat(38)}…${'x'.repeat(20)}" (5,002 characters)`)
  })
})

describe('echoedPath: a file path as a message repeats it', () => {
  it('is the path, whole and unquoted, up to 160 characters: a deep folder is what one needs to see to find the file', () => {
    const deep = `/Users/jane.doe/Library/CloudStorage/OneDrive-AcmeCorporation/Customers/Globex/SCIM Console case 4711/${'x'.repeat(40)}/console.db`
    expect(Array.from(deep).length).toBeGreaterThan(80)
    expect(echoedPath(deep)).toBe(deep)
    expect(echoedPath('p'.repeat(160))).toBe('p'.repeat(160))
  })

  it('cuts a longer one in the middle, keeping its start and its file name, and says how long it was', () => {
    const path = `/home/jane/${'d'.repeat(300)}/console.db`
    expect(echoedPath(path)).toBe(`"/home/jane/${'d'.repeat(69)}…/console.db" (322 characters)`)
    // C:\ paths too.
    expect(echoedPath(`C:\\Users\\jane\\${'d'.repeat(300)}\\console.db`)).toBe(`"C:\\Users\\jane\\${'d'.repeat(66)}…\\console.db" (325 characters)`)
  })

  it('cuts a file name that is itself too long (a token or a file\'s contents given as the path) as quoted does', () => {
    expect(echoedPath(`/tmp/${'s'.repeat(2500)}${'e'.repeat(2500)}`)).toBe(`"/tmp/${'s'.repeat(75)}…${'e'.repeat(20)}" (5,005 characters)`)
    expect(echoedPath('😀'.repeat(200))).toBe(`"${'😀'.repeat(80)}…${'😀'.repeat(20)}" (200 characters)`)
  })

  it('in quotes, for a message that has always quoted it', () => {
    expect(quotedPath('~/console.db')).toBe('"~/console.db"')
    expect(quotedPath(`~/${'d'.repeat(300)}/console.db`)).toBe(`"~/${'d'.repeat(78)}…/console.db" (313 characters)`)
  })
})
