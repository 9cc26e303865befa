import { describe, expect, it } from 'vitest'
import type { Diagnosis, LogEntrySummary } from '../../../../shared/models'
import { groupFailures } from './failure-groups'

function diagnosis(title: string): Diagnosis {
  return { severity: 'error', title, explanation: '', nextStep: '', facts: [] }
}

let nextId = 100
function failure(fields: Partial<LogEntrySummary>): LogEntrySummary {
  nextId -= 1
  return {
    id: nextId,
    at: '2026-11-30T12:00:00Z',
    tenantId: 't1',
    tenantSlug: 'acme',
    tokenId: null,
    authScheme: 'bearer',
    method: 'GET',
    path: '/scim/v2/acme/Users',
    status: 429,
    durationMs: 1,
    client: 'Okta SCIM Client 1.0.0',
    operation: 'import-users',
    targetType: null,
    targetId: null,
    targetName: null,
    errorType: null,
    errorDetail: 'Too many requests',
    injected: false,
    diagnosis: diagnosis('Throttled'),
    ...fields
  }
}

describe('groupFailures', () => {
  it('lists alike failures once, newest first, with how many there were and for how many others', () => {
    const throttled = Array.from({ length: 40 }, () => failure({}))
    const gone = ['u1', 'u2', 'u1'].map((id) =>
      failure({ status: 404, method: 'GET', operation: 'get-user', targetType: 'user', targetId: id, path: `/scim/v2/acme/Users/${id}`, diagnosis: diagnosis('Gone') })
    )
    const revoked = failure({ status: 401, operation: 'lookup-user', diagnosis: diagnosis('Revoked') })
    const groups = groupFailures([...throttled.slice(0, 20), ...gone, revoked, ...throttled.slice(20)], 5)
    expect(groups.map((group) => [group.latest.id, group.count, group.otherTargets])).toEqual([
      [throttled[0]?.id, 40, 0],
      [gone[0]?.id, 3, 1],
      [revoked.id, 1, 0]
    ])
  })

  it('takes failures whose diagnosis differs only by the name it quotes for one kind, counting the others', () => {
    const taken = ['hedy', 'edsger', 'radia'].map((name) =>
      failure({
        status: 409,
        method: 'POST',
        operation: 'create-user',
        targetType: 'user',
        targetName: `${name}@acme.com`,
        diagnosis: diagnosis(`A deactivated user already has the userName "${name}@acme.com"`)
      })
    )
    const other = failure({ status: 409, method: 'POST', operation: 'create-user', diagnosis: diagnosis('Another user already has the externalId "00u1"') })
    const groups = groupFailures([...taken, other], 5)
    expect(groups.map((group) => [group.latest.targetName, group.count, group.otherTargets])).toEqual([
      ['hedy@acme.com', 3, 2],
      [null, 1, 0]
    ])
  })

  it('keeps at most the newest groups, still counting their older failures', () => {
    const entries = ['A', 'B', 'C', 'A'].map((title) => failure({ diagnosis: diagnosis(title) }))
    expect(groupFailures(entries, 2).map((group) => [group.latest.diagnosis?.title, group.count])).toEqual([
      ['A', 2],
      ['B', 1]
    ])
  })

  it('tells an injected failure, another status or operation, and another error apart', () => {
    const entries = [
      failure({}),
      failure({ injected: true }),
      failure({ status: 503 }),
      failure({ operation: 'lookup-user' }),
      failure({ diagnosis: null, errorDetail: 'Other' }),
      failure({ diagnosis: null, errorDetail: 'Other' })
    ]
    expect(groupFailures(entries, 10).map((group) => group.count)).toEqual([1, 1, 1, 1, 2])
  })
})
