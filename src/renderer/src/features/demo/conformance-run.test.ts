import { describe, expect, it } from 'vitest'
import type { ConformanceCheck, ConformanceRun } from '../../../../shared/models'
import { laterConformanceRun } from './conformance-run'

const check: ConformanceCheck = { step: 's', title: 't', optional: false, ok: true, failures: [], request: { method: 'GET', path: '/Users', body: null }, response: { status: 200, body: null } }
const run = (overrides: Partial<ConformanceRun> = {}): ConformanceRun => ({
  id: 'r1',
  tenantId: 't1',
  suite: 'okta',
  state: 'running',
  startedAt: '2026-03-02T09:00:00.000Z',
  finishedAt: null,
  checks: [],
  wait: null,
  error: null,
  ...overrides
})
const wait = { attempt: 1, waitSeconds: 20, until: '2026-03-02T09:00:20.000Z', method: 'GET', path: '/Users' }

describe('the self-test panel, between a status fetch and the pushes', () => {
  it('never shows a run running again once a push said it ended', () => {
    const ended = run({ state: 'cancelled', finishedAt: '2026-03-02T09:00:05.000Z', checks: [check] })
    expect(laterConformanceRun(ended, run({ checks: [check] }))).toBe(ended)
    expect(laterConformanceRun(run({ checks: [check] }), ended)).toBe(ended)
  })

  it('keeps the run with more checks done, and the pushed wait on a tie', () => {
    const further = run({ checks: [check, check] })
    expect(laterConformanceRun(further, run({ checks: [check] }))).toBe(further)
    expect(laterConformanceRun(run({ checks: [check] }), further)).toBe(further)
    const waiting = run({ checks: [check], wait })
    expect(laterConformanceRun(waiting, run({ checks: [check] }))).toBe(waiting)
  })

  it('takes the later of two runs, and whatever there is when one side has none', () => {
    const next = run({ id: 'r2', startedAt: '2026-03-02T09:10:00.000Z' })
    const previous = run({ state: 'finished', finishedAt: '2026-03-02T09:00:01.000Z' })
    expect(laterConformanceRun(previous, next)).toBe(next)
    expect(laterConformanceRun(next, previous)).toBe(next)
    expect(laterConformanceRun(undefined, null)).toBeNull()
    expect(laterConformanceRun(null, next)).toBe(next)
    expect(laterConformanceRun(next, null)).toBe(next)
  })
})
