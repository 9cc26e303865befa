import { describe, expect, it } from 'vitest'
import { liveHead } from './live-tail'

describe('the head of the live tail', () => {
  it('is the newest entry shown, with how many shown entries share its millisecond', () => {
    const entries = [
      { id: 9, at: '2026-11-28T12:00:00.500Z' },
      { id: 8, at: '2026-11-28T12:00:00.500Z' },
      { id: 7, at: '2026-11-28T12:00:00.400Z' },
      { id: 6, at: '2026-11-28T12:00:00.500Z' }
    ]
    expect(liveHead(entries)).toEqual({ head: { id: 9, at: '2026-11-28T12:00:00.500Z' }, shownAtHead: 2 })
  })

  it('is nothing while no entry shows', () => {
    expect(liveHead([])).toEqual({ head: null, shownAtHead: 0 })
  })
})
