import { describe, expect, it } from 'vitest'
import { derivedSlugNote, maxSlugLength, slugDroppedLetters, slugify, slugProblem } from './slug'

describe('the slug derived from a tenant name', () => {
  it('drops accents, punctuation and a company-form suffix', () => {
    expect(slugify('Acme Corp')).toBe('acme')
    expect(slugify('Zoë & Co. Labs')).toBe('zoe-co-labs')
  })

  it('writes the Latin letters that have no accent to drop as their languages write them in ASCII, not as a break', () => {
    expect(slugify('Straße GmbH')).toBe('strasse')
    expect(slugify('Søren Ørsted A/S')).toBe('soren-orsted-a-s')
    expect(slugify('Æble Œuvre')).toBe('aeble-oeuvre')
    expect(slugify('Łódź Þing Đorđe')).toBe('lodz-thing-dorde')
    expect(slugProblem(slugify('Ünïcødé Corp'))).toBeNull()
    expect(slugify('Ünïcødé Corp')).toBe('unicode')
  })

  it('is cut at a word boundary when the name is too long for a slug', () => {
    const name = 'The Extraordinarily Long Named Holding Company of a Very Long Customer Name'
    const slug = slugify(name)
    expect(slug).toBe('the-extraordinarily-long-named-holding-company-of-a-very-long')
    expect(slug.length).toBeLessThanOrEqual(maxSlugLength)
    expect(slugProblem(slug)).toBeNull()
  })

  it('keeps a word that ends exactly at the limit', () => {
    const words = `${'a'.repeat(30)} ${'b'.repeat(32)} tail`
    expect(slugify(words)).toBe(`${'a'.repeat(30)}-${'b'.repeat(32)}`)
  })

  it('cuts a single word longer than a slug can be where it must', () => {
    expect(slugify('x'.repeat(80))).toBe('x'.repeat(maxSlugLength))
  })

  it('names the letters of other scripts that a slug leaves out, and every letter of a name without Latin ones', () => {
    expect(slugify('Ωmega')).toBe('mega')
    expect(slugDroppedLetters('Ωmega')).toEqual(['Ω'])
    expect(slugify('株式会社')).toBe('')
    expect(slugDroppedLetters('株式会社')).toEqual(['株', '式', '会', '社'])
    expect(slugDroppedLetters('Zoë & Co. Labs 2')).toEqual([])
    expect(slugDroppedLetters('Straße Søren Łódź')).toEqual([])
    expect(slugDroppedLetters('Acme Ωmega Ω')).toEqual(['Ω'])
  })

  it('says what a derived slug leaves out with the slug as the subject, and asks for a slug when no letter is left', () => {
    expect(derivedSlugNote('Ωmega')).toBe('A slug is written in Latin letters, so the suggested one leaves out Ω. Type a slug to spell it your way.')
    expect(derivedSlugNote('Ωmega Δelta')).toBe('A slug is written in Latin letters, so the suggested one leaves out Ω Δ. Type a slug to spell it your way.')
    expect(derivedSlugNote('株式会社')).toBe('"株式会社" has no Latin letters to make a slug from. Type one, for example the name in Latin letters.')
    expect(derivedSlugNote('Zoë & Co. Labs')).toBeNull()
  })
})
