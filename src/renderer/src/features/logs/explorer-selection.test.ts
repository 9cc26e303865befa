import { describe, expect, it } from 'vitest'
import { steppedIndex } from './explorer-selection'

describe('the arrow keys in the log', () => {
  const rows = [{ id: 30 }, { id: 20 }, { id: 10 }]

  it('move one row down or up from the active one', () => {
    expect(steppedIndex(rows, 20, 1)).toBe(2)
    expect(steppedIndex(rows, 20, -1)).toBe(0)
  })

  it('stop at the first and the last row', () => {
    expect(steppedIndex(rows, 30, -1)).toBe(0)
    expect(steppedIndex(rows, 10, 1)).toBe(2)
  })

  it('start at the first row when none is active, or the active one is no longer shown', () => {
    expect(steppedIndex(rows, null, 1)).toBe(0)
    expect(steppedIndex(rows, null, -1)).toBe(0)
    expect(steppedIndex(rows, 99, 1)).toBe(0)
  })
})
