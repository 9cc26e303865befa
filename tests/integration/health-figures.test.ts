/**
 * A tenant's health as the console shows it (the tenants table, the overview's Health and Latest failures, failure
 * notifications, `logs --failed`), over a real SQLite file and real HTTP: a throttle (429) is not a failure, and what
 * SCIM Console's own demos and self-tests send is in the log, marked, but counts toward no failure figure.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { watchFailures } from '../../src/main/core/failure-alerts'
import { createDemoRunner } from '../../src/main/demo/demo-runner'
import { consoleChangeCondition, simulatorCondition, simulatorMarkCondition } from '../../src/main/db/outcome-sql'
import { logQuerySchema } from '../../src/main/ipc/log-handlers'
import type { ActivityBucket, LogEntrySummary, TenantSummary } from '../../src/shared/models'
import { isFailureStatus, sentBySimulator, simulatorKindOf } from '../../src/shared/request-outcome'
import { logRow } from '../support/log-rows'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

let harness: ScimHarness
beforeEach(async () => {
  harness = await startScimHarness()
})
afterEach(async () => {
  await harness.close()
})

function summary(slug: string): TenantSummary {
  const found = harness.services.tenants.list().find((tenant) => tenant.slug === slug)
  if (!found) throw new Error(`no tenant ${slug}`)
  return found
}

function list(query: Parameters<ScimHarness['services']['log']['list']>[0]): LogEntrySummary[] {
  harness.services.log.flush()
  const page = harness.services.log.list({ limit: 1000, ...query })
  if (!page.ok) throw new Error(page.error.message)
  return [...page.value.items]
}

function health(tenantId: string): ActivityBucket[] {
  const now = harness.services.now()
  const buckets = harness.services.log.activity(
    { tenantId, since: new Date(now - 24 * 60 * 60_000).toISOString(), until: new Date(now).toISOString() },
    { buckets: 48, now }
  )
  if (!buckets.ok) throw new Error(buckets.error.message)
  return [...buckets.value]
}

const sum = (buckets: readonly ActivityBucket[], key: keyof Omit<ActivityBucket, 'start'>) => buckets.reduce((total, bucket) => total + bucket[key], 0)

/**
 * A partial index of a few rows (migrations 10 and 11) is written with the condition the queries carry, `indexed` as
 * the migration wrote it, and a count over a tenant's range with `queried` reads it.
 */
function expectIndexOfTheirOwn(name: string, indexed: string, queried: string): void {
  const index = harness.services.db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(name) as { sql: string }
  expect(index.sql).toContain(`WHERE ${indexed}`)
  const plan = harness.services.db
    .prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM request_log r INDEXED BY ${name} WHERE r.tenant_id = ? AND r.at >= ? AND ${queried}`)
    .all('t', 0) as { detail: string }[]
  expect(plan.map((row) => row.detail).join(' ')).toMatch(new RegExp(`USING (COVERING )?INDEX ${name}`))
}

describe('a throttled tenant', () => {
  it('counts its 429s apart, as throttled, and not among its failures, its failure trend or the "failed" requests', async () => {
    const umbrella = harness.tenant('Umbrella Health', 'umbrella')
    harness.services.tenants.update({ tenant: umbrella.id, rateLimitPerMinute: 3 })
    const statuses: number[] = []
    for (let index = 0; index < 8; index += 1) statuses.push((await harness.request('GET', `${umbrella.baseUrl}/Users?startIndex=1&count=100`, { token: umbrella.token })).status)
    const throttled = statuses.filter((status) => status === 429).length
    expect(throttled).toBeGreaterThan(0)
    // One failure of its own: a token pasted wrong.
    expect((await harness.request('GET', `${umbrella.baseUrl}/Users?startIndex=1&count=2`, { token: 'scim_typo' })).status).toBe(401)

    const tenant = (harness.services.log.flush(), summary('umbrella'))
    expect(tenant.failuresLastHour).toBe(1)
    expect(tenant.failureTrend.reduce((total, n) => total + n, 0)).toBe(1)
    expect(tenant.throttledLastHour).toBe(throttled)

    expect(list({ tenantId: umbrella.id, outcome: 'failed' }).map((entry) => entry.status)).toEqual([401])
    expect(list({ tenantId: umbrella.id, outcome: 'throttled' })).toHaveLength(throttled)
    // "4xx" is the status class, the throttles in it.
    expect(list({ tenantId: umbrella.id, outcome: '4xx' })).toHaveLength(throttled + 1)

    const buckets = health(umbrella.id)
    expect([sum(buckets, 'clientErrors'), sum(buckets, 'throttled'), sum(buckets, 'serverErrors'), sum(buckets, 'simulated')]).toEqual([1, throttled, 0, 0])
  })

  it('finds in SQL exactly the failures the shared rule names, status by status', () => {
    const acme = harness.tenant('Acme Corp', 'acme')
    const statuses = [200, 201, 204, 304, 400, 401, 403, 404, 405, 409, 412, 413, 415, 428, 429, 431, 500, 501, 503, 507, 599]
    for (const [index, status] of statuses.entries()) {
      harness.services.log.append(logRow({ at: harness.services.now() - index, tenant_id: acme.id, status, client: 'Okta SCIM Client 1.0.0' }))
    }
    expect(list({ tenantId: acme.id, outcome: 'failed' }).map((entry) => entry.status).sort((a, b) => a - b)).toEqual(statuses.filter(isFailureStatus))
    expect(summary('acme').failuresLastHour).toBe(statuses.filter(isFailureStatus).length)
    expect(summary('acme').throttledLastHour).toBe(1)
  })
})

describe("SCIM Console's own demos and self-tests", () => {
  it("leave the tenant's failure figures, Latest failures and notifications to the customer's requests, and stay in the log, marked", async () => {
    const wayne = harness.tenant('Wayne Enterprises', 'wayne')
    const notifications: string[] = []
    const watch = watchFailures({
      onWritten: harness.services.log.onWritten,
      settings: () => ({ enabled: true, failureThreshold: 1, windowMinutes: 5 }),
      notify: (notification) => void notifications.push(notification.title),
      tenantName: (id) => harness.services.tenants.find(id)?.name ?? null,
      now: harness.services.now
    })
    const runner = createDemoRunner({ ...harness.services, simulator: { paceMs: 0 } })
    try {
      // One Okta demo, then Okta's SPEC self-test, whose 401, 404 and 409 probes fail on purpose.
      const demo = runner.start({ tenant: 'wayne', mode: 'catalog', users: 2, speed: 1000, origin: harness.origin })
      if (!demo.ok) throw new Error(demo.error.message)
      expect((await runner.finished(demo.value.id)).ok).toBe(true)
      const report = await runner.conformance({ tenant: 'wayne', origin: harness.origin })
      expect(report.ok).toBe(true)
      await harness.services.log.whenWritten()

      const probes = list({ tenantId: wayne.id, outcome: 'failed' })
      expect(probes.map((entry) => entry.status).sort()).toEqual([401, 404, 404, 409])
      // In the log, as the self-test's: Okta's words for them, and the mark that says who sent them.
      expect(probes.every((entry) => simulatorKindOf(entry) === 'self-test')).toBe(true)
      expect(list({ tenantId: wayne.id }).every(sentBySimulator)).toBe(true)

      let tenant = summary('wayne')
      expect([tenant.failuresLastHour, tenant.throttledLastHour]).toEqual([0, 0])
      expect(list({ tenantId: wayne.id, outcome: 'failed', excludeSimulators: true })).toEqual([])
      let buckets = health(wayne.id)
      const requests = sum(buckets, 'ok') + sum(buckets, 'clientErrors') + sum(buckets, 'throttled') + sum(buckets, 'serverErrors')
      expect(sum(buckets, 'simulated')).toBe(requests)
      expect(sum(buckets, 'simulatedFailures')).toBe(4)
      expect(notifications).toEqual([])
      expect(watch.failingTenants()).toEqual([])

      // Then the customer's Okta reads a user that is not there: that one counts, everywhere.
      const okta = await harness.request('GET', `${wayne.baseUrl}/Users/00000000-0000-4000-8000-000000000000`, { token: wayne.token })
      expect(okta.status).toBe(404)
      await harness.services.log.whenWritten()
      tenant = summary('wayne')
      expect(tenant.failuresLastHour).toBe(1)
      const latest = list({ tenantId: wayne.id, outcome: 'failed', excludeSimulators: true })
      expect(latest.map((entry) => [entry.status, entry.client])).toEqual([[404, 'Okta SCIM Client 1.0.0']])
      buckets = health(wayne.id)
      expect(sum(buckets, 'clientErrors') - sum(buckets, 'simulatedFailures')).toBe(1)
      expect(notifications).toEqual(['Wayne Enterprises is failing'])

      // The mark without a token of this console is anyone's: a caller guessing tokens cannot hide behind it.
      const spoofed = await harness.request('GET', `${wayne.baseUrl}/Users?startIndex=1&count=1`, {
        token: 'scim_guessed',
        headers: { 'user-agent': 'python-requests/2.31 SCIM-Console-Simulator/demo' }
      })
      expect(spoofed.status).toBe(401)
      await harness.services.log.whenWritten()
      expect(summary('wayne').failuresLastHour).toBe(2)
      expect(list({ tenantId: wayne.id, outcome: 'failed', excludeSimulators: true }).map((entry) => entry.status)).toEqual([401, 404])
    } finally {
      watch.stop()
      await runner.close()
    }
  })

  it('leave no test user behind in the Directory: the self-test deletes what it created', async () => {
    const wayne = harness.tenant('Wayne Enterprises', 'wayne')
    const runner = createDemoRunner({ ...harness.services, simulator: { paceMs: 0 } })
    try {
      for (const suite of ['okta', 'entra'] as const) {
        const report = await runner.conformance({ tenant: 'wayne', origin: harness.origin, suite })
        expect(report.ok).toBe(true)
      }
    } finally {
      await runner.close()
    }
    expect(harness.services.directory.listUsers(wayne.id, { offset: 0, limit: 10 }).items).toEqual([])
    expect(harness.services.directory.listGroups(wayne.id, { offset: 0, limit: 10 }).items).toEqual([])
  })

  it('are found by an index of their rows alone, whose condition is the one the queries write', () => {
    expectIndexOfTheirOwn('request_log_simulated', simulatorMarkCondition(''), simulatorCondition('r.'))
  })

  it('are left out of a log query only when it asks, as Latest failures does', () => {
    expect(logQuerySchema.parse({ tenantId: 't', outcome: 'failed', excludeSimulators: true })).toMatchObject({ excludeSimulators: true })
  })
})

describe('changes made in SCIM Console', () => {
  it('are in the log and in the chart data, counted apart, so that a health card can leave them out of the requests', async () => {
    const acme = harness.tenant('Acme Corp', 'acme')
    expect((await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=1`, { token: acme.token })).status).toBe(200)
    const created = harness.services.consoleDirectory.createUser('acme', { userName: 'jane.doe@acme.test', givenName: 'Jane', familyName: 'Doe' }, harness.origin)
    if (!created.ok) throw new Error(created.error.message)
    const deactivated = harness.services.consoleDirectory.setUserActive('acme', created.value.id, false, harness.origin)
    expect(deactivated.ok).toBe(true)

    harness.services.log.flush()
    const buckets = health(acme.id)
    expect(sum(buckets, 'ok')).toBe(3)
    expect(sum(buckets, 'consoleChanges')).toBe(2)
    // Only the request Okta made is a request to the tenant's health.
    expect(list({ tenantId: acme.id }).map((entry) => entry.authScheme)).toEqual(['console', 'console', 'bearer'])
  })

  it('are counted from an index of their rows alone, whose condition is the one the query writes', () => {
    expectIndexOfTheirOwn('request_log_console', consoleChangeCondition(''), consoleChangeCondition('r.'))
  })
})
