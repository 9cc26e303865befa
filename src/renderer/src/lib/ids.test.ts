import { describe, expect, it } from 'vitest'
import { idRuns, shortValue } from './ids'

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

describe('idRuns', () => {
  it('marks the UUIDs of a sentence to keep whole, and joined the runs are the sentence', () => {
    const sentence = 'Okta asked to delete the user with the id 3f1c9a2e-7b4d-4e8f-9a6b-2c5d8e1f0a7b, and Acme-Corp has none.'
    const runs = idRuns(sentence)
    expect(runs.filter((run) => run.id).map((run) => run.text)).toEqual(['3f1c9a2e-7b4d-4e8f-9a6b-2c5d8e1f0a7b'])
    expect(runs.map((run) => run.text).join('')).toBe(sentence)
    expect(idRuns('No id here.')).toEqual([{ text: 'No id here.', id: false }])
  })
})
