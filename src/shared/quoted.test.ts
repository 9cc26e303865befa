import { describe, expect, it } from 'vitest'
import { echoed, quoted } from './quoted'

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
})

describe('echoed: a value repeated without quotes while short', () => {
  it('is the value when short, and quoted cuts it when long', () => {
    expect(echoed('--limt')).toBe('--limt')
    expect(echoed(`--${'x'.repeat(5000)}`)).toBe(`"--${'x'.repeat(38)}…${'x'.repeat(20)}" (5,002 characters)`)
  })
})
