import { describe, expect, it } from 'vitest'
import type { FaultRule, Operation } from '../../shared/models'
import type { FaultsRepo } from '../db/faults-repo'
import { createEventBus } from './events'
import { createFaultService, faultSettingsProblem, noFaults, parseStoredFaults, summarizeFaults, type FaultSettings } from './faults'

function memoryRepo(): FaultsRepo {
  const store = new Map<string, string>()
  const write = (tenantId: string, value: string | null) => void (value === null ? store.delete(tenantId) : store.set(tenantId, value))
  return {
    get: (tenantId) => store.get(tenantId),
    put: write,
    all: () => [...store].map(([tenant_id, value]) => ({ tenant_id, value })),
    update(tenantId, change) {
      const outcome = change(store.get(tenantId))
      if (outcome.next !== undefined) write(tenantId, outcome.next)
      return outcome.result
    }
  }
}

function rule(partial: Partial<FaultRule> = {}): FaultRule {
  return { id: 'r1', operation: 'create-user', status: 500, detail: 'Broken.', mode: 'percent', percent: 100, ...partial }
}

function setup(options: { random?: number } = {}) {
  const clock = { now: 1_000_000 }
  const slept: number[] = []
  const service = createFaultService({
    faults: memoryRepo(),
    tenants: { find: (tenant) => (tenant === 't1' || tenant === 'acme' ? { id: 't1', name: 'Acme', slug: 'acme', scimPath: '/scim/v2/acme', rateLimitPerMinute: 0, createdAt: '', setupProvider: null } : undefined) },
    tokens: { get: () => undefined },
    events: createEventBus(),
    now: () => clock.now,
    random: () => options.random ?? 0,
    sleep: async (ms) => void slept.push(ms)
  })
  const set = (settings: Partial<FaultSettings>) => {
    const result = service.set('acme', { ...noFaults, ...settings })
    if (!result.ok) throw new Error(result.error.message)
  }
  let asked = 0
  const intercept = (operation: Operation = 'create-user') =>
    service.intercept({ tenantId: 't1', tenantName: 'Acme', tokenId: null, operation: () => ((asked += 1), operation) })
  return { service, set, intercept, slept, clock, asked: () => asked }
}

describe('fault service', () => {
  it('lets every request through, without asking for its operation, when no fault is on', async () => {
    const { intercept, slept, asked } = setup()
    expect(await intercept()).toBeNull()
    expect([slept, asked()]).toEqual([[], 0])
  })

  it('says whether a tenant has any fault on, as it is stored', () => {
    const { service, set } = setup()
    expect(service.anyOn('t1')).toBe(false)
    set({ failNextAuth: true })
    expect([service.anyOn('t1'), service.anyOn('t2')]).toEqual([true, false])
    set({})
    expect(service.anyOn('t1')).toBe(false)
  })

  it('adds the latency before anything else', async () => {
    const { set, intercept, slept } = setup()
    set({ latencyMs: 250 })
    expect(await intercept()).toBeNull()
    expect(slept).toEqual([250])
  })

  it('fails a share of matching requests by percentage', async () => {
    const failing = setup({ random: 0.49 })
    failing.set({ rules: [rule({ percent: 50 })] })
    expect(await failing.intercept()).toMatchObject({ kind: 'rule', status: 500, detail: 'Broken. (Injected by SCIM Console fault injection for training.)' })
    expect(await failing.intercept('get-user')).toBeNull()
    const passing = setup({ random: 0.5 })
    passing.set({ rules: [rule({ percent: 50 })] })
    expect(await passing.intercept()).toBeNull()
  })

  it('consumes a "once" rule and keeps the others', async () => {
    const { service, set, intercept } = setup()
    set({ rules: [rule({ id: 'a', mode: 'once' }), rule({ id: 'b', operation: 'get-user' })] })
    expect(await intercept()).toMatchObject({ kind: 'rule' })
    expect(await intercept()).toBeNull()
    const after = service.get('acme')
    expect(after.ok && after.value.rules.map((item) => item.id)).toEqual(['b'])
  })

  it('sends Retry-After with an injected 429', async () => {
    const { set, intercept } = setup()
    set({ rules: [rule({ status: 429, operation: 'any' })] })
    expect(await intercept()).toMatchObject({ status: 429, retryAfterSeconds: 60 })
  })

  it('fails the next token check once, before throttling or rules', async () => {
    const { service, set, intercept } = setup()
    set({ failNextAuth: true, rules: [rule()] })
    expect(await intercept()).toMatchObject({ kind: 'revoked-token', status: 401 })
    expect(await intercept()).toMatchObject({ kind: 'rule' })
    const after = service.get('acme')
    expect(after.ok && after.value.failNextAuth).toBe(false)
  })

  it('throttles with a budget that refills evenly over the minute', async () => {
    const { set, intercept, clock } = setup()
    set({ throttlePerMinute: 2 })
    expect([await intercept(), await intercept()]).toEqual([null, null])
    expect(await intercept()).toMatchObject({ kind: 'throttle', status: 429, retryAfterSeconds: 30 })
    clock.now += 30_000
    expect(await intercept()).toBeNull()
  })

  it('forgets a tenant whose faults are all off', () => {
    const { service, set } = setup()
    set({ latencyMs: 5 })
    expect(service.active()).toHaveLength(1)
    set({})
    expect(service.active()).toEqual([])
  })
})

describe('fault settings', () => {
  it('explains what is wrong', () => {
    expect(faultSettingsProblem({ ...noFaults, throttlePerMinute: -1 })).toMatch(/throttle/)
    expect(faultSettingsProblem({ ...noFaults, latencyMs: 1.5 })).toMatch(/latency/)
    expect(faultSettingsProblem({ ...noFaults, rules: [rule({ detail: ' ' })] })).toMatch(/needs a detail/)
    expect(faultSettingsProblem({ ...noFaults, rules: [rule({ percent: 0 })] })).toMatch(/percentage/)
    expect(faultSettingsProblem({ ...noFaults, rules: [rule(), rule()] })).toMatch(/same id/)
    expect(faultSettingsProblem({ ...noFaults, rules: [rule({ operation: 'bogus' as Operation })] })).toMatch(/unknown operation/)
    expect(faultSettingsProblem({ ...noFaults, rules: [rule({ mode: 'once', percent: 100 })] })).toBeNull()
  })

  it('summarizes in one line for the banner', () => {
    expect(summarizeFaults({ throttlePerMinute: 0, latencyMs: 0, failNextAuth: true, rules: [rule({ mode: 'once', operation: 'any', status: 503 })] })).toBe(
      'The next token check fails as if revoked · every request fails once (HTTP 503)'
    )
  })

  it("names the operations in Okta's words, or Entra's", () => {
    const settings = { throttlePerMinute: 10, latencyMs: 0, failNextAuth: false, rules: [rule({ mode: 'once', operation: 'deactivate-user', status: 500 })] }
    expect(summarizeFaults(settings)).toBe('Throttled to 10 requests/min · Deactivate fails once (HTTP 500)')
    expect(summarizeFaults(settings, 'entra')).toBe('Throttled to 10 requests/min · Disable user fails once (HTTP 500)')
  })

  it('reads stored text defensively', () => {
    expect(parseStoredFaults('not json')).toEqual(noFaults)
    expect(parseStoredFaults('[]')).toEqual(noFaults)
    expect(parseStoredFaults(JSON.stringify({ latencyMs: 10, rules: [{ id: 'x' }, rule()] }))).toEqual({ ...noFaults, latencyMs: 10, rules: [rule()] })
  })
})
