import { describe, expect, it } from 'vitest'
import { ftsQuery, indexedForm } from './log-repo'

const typing = { prefix: true }

describe('ftsQuery: search-box text to a safe FTS5 query', () => {
  it('quotes each word, and matches the last one as a prefix when asked', () => {
    expect(ftsQuery('jane revok')).toBe('"jane" "revok"')
    expect(ftsQuery('jane revok', typing)).toBe('"jane" "revok"*')
  })

  it('keeps a userName whole, as a phrase of its parts', () => {
    expect(ftsQuery('jane.doe@acme.com')).toBe('"jane.doe@acme.com"')
    expect(ftsQuery('jane.doe@acm', typing)).toBe('"jane.doe@acm"*')
  })

  it('turns FTS5 operators and syntax into plain words', () => {
    expect(ftsQuery('NOT revoked OR NEAR(a b)')).toBe('"NOT" "revoked" "OR" "NEAR(a" "b)"')
    expect(ftsQuery('path:users', typing)).toBe('"path:users"*')
    expect(ftsQuery('abc*', typing)).toBe('"abc*"')
  })

  it('doubles quotes inside a word and keeps a "quoted phrase" together, never as a prefix', () => {
    expect(ftsQuery('say"hey', typing)).toBe('"say""hey"*')
    expect(ftsQuery('"token was revoked"', typing)).toBe('"token was revoked"')
    expect(ftsQuery('"unterminated phrase')).toBe('"unterminated phrase"')
  })

  it('drops words with nothing searchable, and answers null when none are left', () => {
    expect(ftsQuery('@@ -- jane', typing)).toBe('"jane"*')
    expect(ftsQuery('  ')).toBeNull()
    expect(ftsQuery('"" ** ...')).toBeNull()
  })

  it('does not expand a prefix of fewer than three letters, which would read much of the index', () => {
    expect(ftsQuery('jo', typing)).toBe('"jo"')
    expect(ftsQuery('joh', typing)).toBe('"joh"*')
  })

  it('names the whole words a prefix starts, when the vocabulary gives them, so that FTS5 need not read them all first', () => {
    const seen: string[] = []
    const expand = (prefix: string) => {
      seen.push(prefix)
      return prefix === 'acm' ? ['acme', 'acmecorp'] : prefix === 'gra' ? ['grace'] : prefix === 'zzz' ? [] : null
    }
    expect(ftsQuery('revoked jane.doe@ACM', { prefix: true, expand })).toBe('"revoked" ("jane.doe@acme" OR "jane.doe@acmecorp")')
    expect(ftsQuery('Grâ', { prefix: true, expand })).toBe('"grace"')
    expect(ftsQuery('zzz', { prefix: true, expand })).toBe('"zzz"*')
    expect(ftsQuery('common', { prefix: true, expand })).toBe('"common"*')
    expect(seen).toEqual(['acm', 'gra', 'zzz', 'common'])
  })

  it('looks words up in the form the tokenizer indexes them', () => {
    expect(indexedForm('Grâce MÜLLER')).toBe('grace muller')
  })

  it('caps the number of words', () => {
    const query = ftsQuery(Array.from({ length: 40 }, (_, index) => `w${index}`).join(' '))
    expect(query?.split(' ')).toHaveLength(16)
  })
})
