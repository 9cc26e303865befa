import { describe, expect, it } from 'vitest'
import { characterCount, codePointCount, codePointsEnd, codePointsStart, nameLengthProblem } from './text-length'

describe('codePointCount', () => {
  it('counts Unicode characters: an emoji is one, a lone surrogate one, a family its seven code points', () => {
    expect(codePointCount('Acme')).toBe(4)
    expect(codePointCount('😀'.repeat(3))).toBe(3)
    expect(codePointCount('a\ud83d')).toBe(2)
    expect(codePointCount('\ude00a\ud83d\ude00')).toBe(3)
    expect(codePointCount('👨‍👩‍👧‍👦')).toBe(7)
    expect(codePointCount('')).toBe(0)
  })
})

describe('characterCount', () => {
  it('counts characters as drawn: an emoji, a flag, a family, a letter with its accent are one each', () => {
    expect(characterCount('Acme')).toBe(4)
    expect(characterCount('🚀')).toBe(1)
    expect(characterCount('🇩🇪')).toBe(1)
    expect(characterCount('👨‍👩‍👧‍👦')).toBe(1)
    expect(characterCount('👍🏽')).toBe(1)
    expect(characterCount('e\u0301')).toBe(1)
    expect(characterCount('')).toBe(0)
  })
})

describe('codePointsStart and codePointsEnd', () => {
  it('take whole characters from either end, never half of an emoji, as slicing Array.from does', () => {
    expect(codePointsStart('ab😀c', 3)).toBe('ab😀')
    expect(codePointsStart('ab😀c', 2)).toBe('ab')
    expect(codePointsEnd('a😀bc', 3)).toBe('😀bc')
    expect(codePointsEnd('a😀bc', 0)).toBe('')
    expect(codePointsStart('😀', 5)).toBe('😀')
    expect(codePointsEnd('😀', 5)).toBe('😀')
    // Lone halves count one each; a low half after a high one is a pair, read from its start.
    for (const text of ['\ude00\ud83d', '\ud83d\ud83d\ude00', 'x\ude00\ude00', '\ud83d']) {
      for (let count = 0; count <= 3; count += 1) {
        expect(codePointsStart(text, count)).toBe(Array.from(text).slice(0, count).join(''))
        expect(codePointsEnd(text, count)).toBe(count === 0 ? '' : Array.from(text).slice(-count).join(''))
      }
    }
  })
})

describe('nameLengthProblem', () => {
  it('takes as many characters as the limit, in emoji too, and refuses one more', () => {
    expect(nameLengthProblem('🚀'.repeat(100), 100, 'The name')).toBeNull()
    expect(nameLengthProblem('🇩🇪'.repeat(100), 100, 'The name')).toBeNull()
    expect(nameLengthProblem('🚀'.repeat(101), 100, 'The name')).toBe('The name is 101 characters long, more than the 100 allowed. Shorten it.')
    expect(nameLengthProblem('x'.repeat(81), 80, 'The label')).toBe('The label is 81 characters long, more than the 80 allowed. Shorten it.')
    // A file's contents pasted as a name: its length as a person reads a number.
    expect(nameLengthProblem('x'.repeat(5000), 100, 'The name')).toBe('The name is 5,000 characters long, more than the 100 allowed. Shorten it.')
  })

  it('bounds what is stored when a few characters hold many marks', () => {
    expect(nameLengthProblem(`a${'\u0301'.repeat(2500)}`, 100, 'The name')).toMatch(/^The name is too long to store/)
  })
})
