import { describe, expect, it } from 'vitest'
import { shortValue } from './ids'

describe('a value cut for a short label', () => {
  it('keeps the end of an id, where ids that start alike differ', () => {
    expect(shortValue('00000000-0000-4000-8000-000000000002', 28)).toBe('00000000-0000-4000-…00000002')
    expect(shortValue('00000000-0000-4000-8000-000000000002', 28)).toHaveLength(28)
  })

  it('keeps the start of a name or an email, and leaves what fits alone', () => {
    expect(shortValue('katherine.johnson.the.second@acme.com', 28)).toBe('katherine.johnson.the.secon…')
    expect(shortValue('hedy.lamarr@acme.com', 28)).toBe('hedy.lamarr@acme.com')
  })
})
