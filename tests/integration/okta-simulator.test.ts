import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DemoRun } from '../../src/shared/models'
import { requestClientOf } from '../../src/shared/identity-provider'
import { noFaults } from '../../src/main/core/faults'
import { createDemoRunner, simulatorTokenLabel, type DemoRunner } from '../../src/main/demo/demo-runner'
import { demoGroupName, demoPeople } from '../../src/main/demo/simulation'
import { deleteUserNamed, dropFirstRequest, playDemo, revokeRunToken, runToEnd, type PlayedDemo } from '../support/demo-run'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

let harness: ScimHarness | null = null
let runner: DemoRunner | null = null

afterEach(async () => {
  await runner?.close()
  runner = null
  await harness?.close()
  harness = null
})

function runDemo(
  mode: 'catalog' | 'wizard',
  users: number,
  options: { readonly clock?: { now: number }; readonly speed?: number; readonly rateLimit?: number } = {}
): Promise<PlayedDemo> {
  return playDemo({ mode, users, tenant: ['Acme Corp', 'acme'], ...options, started: (parts) => ({ harness, runner } = parts) })
}

function requestsOf(run: DemoRun, slug: string): [string, string, number | null][] {
  return run.steps.filter((step) => step.method !== null).map((step) => [step.method ?? '', `/scim/v2/${slug}${step.path}`, step.httpStatus])
}

describe('Okta simulator against the real SCIM server', () => {
  it('plays the catalog app (PATCH): credentials, assignments, profile push, deactivation, import and Group Push', async () => {
    const { harness, run, tenant, log } = await runDemo('catalog', 3)
    expect(run.state, JSON.stringify(run.steps.filter((step) => step.status === 'failed'))).toBe('finished')
    expect(run.steps.map((step) => step.step)).toEqual([
      'test-credentials',
      'save-to-app',
      'save-to-app-groups',
      'lookup-user',
      'create-user',
      'lookup-user',
      'create-user',
      'lookup-user',
      'create-user',
      'read-user',
      'push-profile',
      'deactivate',
      'reactivate',
      'import-users',
      'import-groups',
      'lookup-group',
      'create-group',
      'rename-group',
      'push-members',
      'rename-group',
      'remove-member',
      'rename-group',
      'replace-members'
    ])
    expect(run.steps.every((step) => step.status === 'ok' && step.startedAt && step.finishedAt)).toBe(true)
    const deactivate = run.steps.find((step) => step.step === 'deactivate')
    expect(deactivate?.method).toBe('PATCH')
    expect(run.steps.find((step) => step.step === 'lookup-user')?.path).toBe(
      `/Users?filter=userName%20eq%20%22jane.doe%40example.com%22&startIndex=1&count=100`
    )

    // Every call is in the provisioning log, in order, with Okta's User-Agent marked as the demo's, as what Okta meant.
    expect(log.map((entry) => [entry.method, entry.path, entry.status])).toEqual(requestsOf(run, tenant.slug))
    expect(log.every((entry) => entry.client === 'Okta SCIM Client 1.0.0 SCIM-Console-Simulator/demo')).toBe(true)
    expect(log.every((entry) => requestClientOf(entry.client, entry.path) === 'okta')).toBe(true)
    expect(log.map((entry) => entry.operation)).toEqual([
      'test-credentials',
      'test-credentials',
      'import-groups',
      'lookup-user',
      'create-user',
      'lookup-user',
      'create-user',
      'lookup-user',
      'create-user',
      'get-user',
      'update-user',
      'deactivate-user',
      'reactivate-user',
      'import-users',
      'import-groups',
      'lookup-group',
      'group-push-create',
      'group-push-update',
      'group-push-update',
      'group-push-update',
      'group-push-update',
      'group-push-update',
      'group-push-update'
    ])
    // Group Push's three PATCH shapes (§1.7): the delta add, the delta remove by valuePath, and "Push now"'s full replace.
    const groupPatches = log.filter((entry) => entry.method === 'PATCH' && entry.path.includes('/Groups/')).map((entry) => JSON.parse(entry.requestBody ?? '{}') as { Operations: { op: string; path?: string }[] })
    const leaver = harness.services.directory.listUsers(tenant.id, { offset: 0, limit: 100 }).items.find((user) => user.userName === demoPeople(3)[2]?.userName)
    expect(groupPatches.map((patch) => patch.Operations.map((op) => [op.op, op.path ?? null]))).toEqual([
      [['replace', null]],
      [['add', 'members']],
      [['replace', null]],
      [['remove', `members[value eq "${leaver?.id}"]`]],
      [['replace', null]],
      [['replace', 'members']]
    ])
    // The password Okta always sends is never stored in the log.
    expect(log.find((entry) => entry.operation === 'create-user')?.requestBody).not.toMatch(/"password":"(?!\[redacted)/)

    // The directory afterwards: three active users, one with the pushed title, all in the pushed group.
    const users = harness.services.directory.listUsers(tenant.id, { offset: 0, limit: 100 })
    expect(users.items.map((user) => [user.userName, user.active])).toEqual(demoPeople(3).map((person) => [person.userName, true]))
    expect(users.items[0]?.resource.title).toBe('Sales Director')
    expect(users.items[0]?.resource.externalId).toMatch(/^00u/)
    const groups = harness.services.directory.listGroups(tenant.id, { offset: 0, limit: 100 })
    expect(groups.items.map((group) => [group.displayName, group.members?.length])).toEqual([[demoGroupName, 3]])
    // The simulator's token is revoked at the end.
    const tokens = harness.services.tokens.list(tenant.id)
    expect(tokens.ok && tokens.value.find((token) => token.label === simulatorTokenLabel)?.status).toBe('revoked')
  })

  it('plays the wizard app (PUT): GET then PUT for deactivation and reactivation, and a full-member group PUT', async () => {
    const { harness, run, tenant, log } = await runDemo('wizard', 2)
    expect(run.state, JSON.stringify(run.steps.filter((step) => step.status === 'failed'))).toBe('finished')
    expect(run.steps.map((step) => [step.step, step.method])).toEqual([
      ['test-credentials', 'GET'],
      ['save-to-app', 'GET'],
      ['save-to-app-groups', 'GET'],
      ['lookup-user', 'GET'],
      ['create-user', 'POST'],
      ['lookup-user', 'GET'],
      ['create-user', 'POST'],
      ['read-user', 'GET'],
      ['push-profile', 'PUT'],
      ['read-user', 'GET'],
      ['deactivate', 'PUT'],
      ['lookup-user', 'GET'],
      ['read-user', 'GET'],
      ['reactivate', 'PUT'],
      ['import-users', 'GET'],
      ['import-groups', 'GET'],
      ['create-group', 'POST'],
      ['read-group', 'GET'],
      ['push-members', 'PUT'],
      ['read-group', 'GET'],
      ['remove-member', 'PUT'],
      ['read-group', 'GET'],
      ['replace-members', 'PUT']
    ])
    // The member who left is sent as the full list without her, then "Push now" sends the full list again.
    const groupPuts = log.filter((entry) => entry.method === 'PUT' && entry.path.includes('/Groups/')).map((entry) => (JSON.parse(entry.requestBody ?? '{}') as { members: unknown[] }).members.length)
    expect(groupPuts).toEqual([2, 1, 2])
    expect(log.map((entry) => [entry.method, entry.path, entry.status])).toEqual(requestsOf(run, tenant.slug))
    expect(log.filter((entry) => entry.method === 'PATCH')).toEqual([])
    expect(log.map((entry) => entry.operation)).toContain('deactivate-user')
    expect(log.map((entry) => entry.operation)).toContain('reactivate-user')
    const groups = harness.services.directory.listGroups(tenant.id, { offset: 0, limit: 100 })
    expect(groups.items.map((group) => group.members?.map((member) => member.display))).toEqual([demoPeople(2).map((person) => person.userName)])
  })

  it('links users and the group that already exist on a second run, instead of creating duplicates', async () => {
    harness = await startScimHarness()
    const tenant = harness.tenant('Acme Corp', 'acme')
    runner = createDemoRunner({ ...harness.services, simulator: { paceMs: 0 } })
    const runs: DemoRun[] = []
    for (const mode of ['catalog', 'wizard', 'catalog'] as const) {
      runs.push(await runToEnd(runner, { tenant: tenant.slug, mode, users: 2, origin: harness.origin }))
    }
    expect(runs.map((run) => run.state)).toEqual(['finished', 'finished', 'finished'])
    for (const run of runs.slice(1)) {
      expect(run.steps.filter((step) => step.step === 'link-user')).toHaveLength(2)
      expect(run.steps.filter((step) => step.step === 'link-group')).toHaveLength(1)
      expect(run.steps.some((step) => step.step === 'create-user' || step.step === 'create-group')).toBe(false)
    }
    const creates = harness.logEntries(tenant.id).filter((entry) => entry.operation === 'create-user' || entry.operation === 'group-push-create')
    expect(creates).toHaveLength(3)
    expect(harness.services.directory.listUsers(tenant.id, { offset: 0, limit: 100 }).total).toBe(2)
    expect(harness.services.directory.listGroups(tenant.id, { offset: 0, limit: 100 }).total).toBe(1)
  })

  it('explains a 409 to its create: the app has the user its lookup just answered 404 for, and Okta stops that job', async () => {
    harness = await startScimHarness()
    const tenant = harness.tenant('Acme Corp', 'acme')
    runner = createDemoRunner({ ...harness.services, simulator: { paceMs: 0 } })
    expect((await runToEnd(runner, { tenant: tenant.slug, mode: 'catalog', users: 1, origin: harness.origin })).state).toBe('finished')
    // A second run, whose lookups now answer 404 (Okta's "no such user") though the user exists.
    harness.services.faults.set(tenant.id, { ...noFaults, rules: [{ id: 'r', operation: 'lookup-user', status: 404, detail: 'User not found.', mode: 'percent', percent: 100 }] })
    const run = await runToEnd(runner, { tenant: tenant.slug, mode: 'catalog', users: 1, origin: harness.origin })
    const jane = demoPeople(1)[0]?.userName ?? ''
    expect(run.steps.slice(0, 5).map((step) => [step.step, step.status, step.httpStatus])).toEqual([
      ['test-credentials', 'ok', 200],
      ['save-to-app', 'ok', 200],
      ['save-to-app-groups', 'ok', 200],
      ['lookup-user', 'ok', 404],
      ['create-user', 'failed', 409]
    ])
    expect(run.steps[4]?.detail).toMatch(new RegExp(`^HTTP 409: A user with the userName "${jane}" already exists\\.`))
    expect(run.steps[4]?.detail).toContain(`The app has ${jane}, yet it answered 404 to the lookup just before, which Okta reads as no such user.`)
    expect(run.steps[4]?.detail).toContain('a 409 stops the provisioning job')
    expect(harness.services.directory.listUsers(tenant.id, { offset: 0, limit: 10 }).total).toBe(1)
  })

  it("waits out 429s as Okta does (Retry-After, doubling), sped up by the demo's speed factor", async () => {
    const clock = { now: Date.parse('2026-03-02T09:00:00Z') }
    const { run, progress, log } = await runDemo('catalog', 4, { clock, speed: 1_000_000, rateLimit: 6 })
    expect(run.state, JSON.stringify(run.steps.filter((step) => step.status === 'failed'))).toBe('finished')
    const throttled = log.filter((entry) => entry.status === 429)
    expect(throttled.length).toBeGreaterThan(0)
    // Okta's retry state was shown while it waited, with the wait Okta itself would take.
    const waits = progress.flatMap((snapshot) => (snapshot.retry ? [snapshot.retry] : []))
    expect(waits.length).toBeGreaterThan(0)
    expect(waits.every((wait) => wait.waitSeconds >= 1 && wait.attempt >= 1 && !Number.isNaN(Date.parse(wait.until)))).toBe(true)
    expect(progress.some((snapshot) => snapshot.steps.some((step) => step.status === 'waiting'))).toBe(true)
    expect(run.steps.some((step) => /throttled \d+ times? and waited/.test(step.detail ?? ''))).toBe(true)
    // Every retry is a request of its own in the log: the successes match the steps, the 429s come on top.
    expect(log.filter((entry) => entry.status !== 429)).toHaveLength(run.steps.filter((step) => step.method !== null).length)
    expect(run.retry).toBeNull()
  })

  it("finishes under a rate limit of one request a minute: the admin clicks To App's Save again after its 429, as Okta retries no Save", async () => {
    const clock = { now: Date.parse('2026-03-02T09:00:00Z') }
    const { run, progress } = await runDemo('wizard', 2, { clock, speed: 1_000_000, rateLimit: 1 })
    expect(run.state, JSON.stringify(run.steps.filter((step) => step.status === 'failed'))).toBe('finished')
    expect(run.steps.slice(1, 3).map((step) => [step.step, step.status, step.detail?.endsWith("the admin waited 60 s and clicked Save again.")])).toEqual([
      ['save-to-app', 'ok', true],
      ['save-to-app-groups', 'ok', true]
    ])
    // The console's countdown named the admin's waits as the admin's, and Okta's later ones as Okta's.
    const waits = [...new Map(progress.flatMap((snapshot) => (snapshot.retry ? [[snapshot.retry.until, snapshot.retry.byAdmin === true]] : []))).values()]
    expect(waits.slice(0, 3)).toEqual([true, true, false])
  })

  it('sped up, waits out in real time what is left of Retry-After when the early retry is throttled again: Okta is throttled once per request, as at real speed', async () => {
    const clock = { now: Date.parse('2026-03-02T09:00:00Z') }
    // At 20 times the speed; the server's clock moves by the time the run really waits.
    const { run, log } = await runDemo('catalog', 4, { clock, speed: 20, rateLimit: 6 })
    expect(run.state, JSON.stringify(run.steps.filter((step) => step.status === 'failed'))).toBe('finished')
    const throttled = run.steps.filter((step) => /throttled \d+ times? and waited/.test(step.detail ?? ''))
    expect(throttled.length).toBeGreaterThan(0)
    expect(throttled.every((step) => / throttled 1 time and waited \d+ s\.$/.test(step.detail ?? ''))).toBe(true)
    // Beside Okta's 429, each throttled request met at most one more: its retry, sent early because of the speed.
    expect(log.filter((entry) => entry.status === 429).length).toBeLessThanOrEqual(2 * throttled.length)
  })

  it('takes one whole step per Step click of a paused run: the wait after a 429 and the retry are part of that step', async () => {
    const clock = { now: Date.parse('2026-03-02T09:00:00Z') }
    harness = await startScimHarness({ now: () => clock.now })
    const tenant = harness.tenant('Acme Corp', 'acme')
    // Three requests a minute: Test API Credentials and the To App save take them, so the first lookup meets a 429.
    harness.services.tenants.update({ tenant: tenant.id, rateLimitPerMinute: 3 })
    runner = createDemoRunner({ ...harness.services, simulator: { paceMs: 0, sleep: async (ms: number) => void (clock.now += ms) } })
    const waits: NonNullable<DemoRun['retry']>[] = []
    harness.services.events.on('demo:progress', (run) => void (run.retry && waits.push(run.retry)))
    const started = runner.start({ tenant: tenant.slug, mode: 'catalog', users: 1, paused: true, origin: harness.origin })
    if (!started.ok) throw new Error(started.error.message)
    const id = started.value.id
    const demo = runner
    const now = (): DemoRun => {
      const got = demo.get(id)
      if (!got.ok) throw new Error(got.error.message)
      return got.value
    }
    const shown = () => now().steps.map((step) => [step.step, step.status, step.httpStatus])

    const saved = [['test-credentials', 'ok', 200], ['save-to-app', 'ok', 200], ['save-to-app-groups', 'ok', 200]]
    for (let click = 0; click < 3; click += 1) demo.control(id, 'step')
    await vi.waitFor(() => expect(shown()).toEqual([...saved, ['lookup-user', 'pending', null]]))
    // One click: the lookup, its 429, Okta's wait and its retry, then the run holds before the create.
    demo.control(id, 'step')
    await vi.waitFor(() => expect(shown()).toEqual([...saved, ['lookup-user', 'ok', 200], ['create-user', 'pending', null]]))
    expect([now().state, now().retry]).toEqual(['paused', null])
    expect(now().steps[3]?.detail).toMatch(/Okta was throttled 1 time and waited 20 s\.$/)
    const lookups = harness.logEntries(tenant.id).filter((entry) => entry.path.includes('filter='))
    expect(lookups.map((entry) => entry.status)).toEqual([429, 200])
    // The console's countdown said the retry would go when it ends, not that it waited for Resume.
    expect(waits.map((wait) => [wait.attempt, wait.waitSeconds, wait.held])).toEqual([[1, 20, false]])

    demo.control(id, 'resume')
    const final = await demo.finished(id)
    expect(final.ok && final.value.state).toBe('finished')
  })

  /** Runs a catalog demo whose fetch calls `interrupt` once, just before the request that `when` picks. */
  async function interruptedRun(
    interrupt: (h: ScimHarness, tenant: { id: string }) => void | Promise<void>,
    when: (method: string, url: string, body: string) => boolean,
    users = 3,
    mode: 'catalog' | 'wizard' = 'catalog'
  ): Promise<{ run: DemoRun; sent: string[]; tenant: { id: string } }> {
    harness = await startScimHarness()
    const h = harness
    const tenant = h.tenant('Acme Corp', 'acme')
    const sent: string[] = []
    let interrupted = false
    const fetchSpy = (async (input: string | URL | Request, init?: RequestInit) => {
      const method = init?.method ?? 'GET'
      if (!interrupted && when(method, String(input), String(init?.body ?? ''))) {
        interrupted = true
        await interrupt(h, tenant)
      }
      sent.push(`${method} ${String(input)}`)
      return fetch(input, init)
    }) as typeof fetch
    runner = createDemoRunner({ ...h.services, simulator: { paceMs: 0, fetch: fetchSpy } })
    const run = await runToEnd(runner, { tenant: 'acme', mode, users, origin: h.origin })
    return { run, sent, tenant }
  }

  it("creates the wizard app's reassigned user again, with a POST, when the user was deleted in the app since it was deactivated", async () => {
    const ravi = demoPeople(2)[1]?.userName ?? ''
    let lookups = 0
    const { run, tenant } = await interruptedRun(
      (h, t) => {
        const user = h.services.directory.findUserByName(t.id, ravi)
        if (!user || !h.services.directory.deleteUser(t.id, user.id).ok) throw new Error('not deleted')
      },
      // The lookup of the reassignment, after the deactivation.
      (method, url) => method === 'GET' && url.includes(`filter=userName%20eq%20%22${encodeURIComponent(ravi)}`) && ++lookups === 2,
      2,
      'wizard'
    )
    expect(run.state, JSON.stringify(run.steps.filter((step) => step.status === 'failed'))).toBe('finished')
    expect(run.steps.slice(9, 13).map((step) => [step.step, step.method, step.httpStatus])).toEqual([
      ['read-user', 'GET', 200],
      ['deactivate', 'PUT', 200],
      ['lookup-user', 'GET', 200],
      ['create-user', 'POST', 201]
    ])
    expect(run.steps[12]?.title).toBe(`Okta creates ${ravi} again: its lookup found no user (deleted in the app since it was deactivated)`)
    // Active again under a new id, which Group Push sends: the group holds both users.
    const again = harness?.services.directory.findUserByName(tenant.id, ravi)
    expect(again?.active).toBe(true)
    const groups = harness?.services.directory.listGroups(tenant.id, { offset: 0, limit: 10 }, true)
    expect(groups?.items.map((group) => group.members?.map((member) => member.value).includes(again?.id ?? ''))).toEqual([true])
  })

  it("fails the catalog app's reactivation of a user deleted in the app meanwhile as Okta does, says what the admin does next, and pushes the group without it", async () => {
    const ravi = demoPeople(2)[1]?.userName ?? ''
    const { run, sent, tenant } = await interruptedRun(
      (h, t) => {
        const user = h.services.directory.findUserByName(t.id, ravi)
        if (!user || !h.services.directory.deleteUser(t.id, user.id).ok) throw new Error('not deleted')
      },
      // Just after the deactivation, before the reactivation.
      (method, _url, body) => method === 'PATCH' && body.includes('"active":true'),
      2
    )
    // The catalog app PATCHes the id it stored (§1.5) and, on a 404, neither looks the user up again nor creates it (§1.4).
    expect(sent.filter((line) => line.includes('filter=userName'))).toHaveLength(2)
    expect(sent.filter((line) => line.startsWith('POST') && line.endsWith('/Users'))).toHaveLength(2)
    const failed = run.steps.filter((step) => step.status === 'failed')
    expect(failed.map((step) => [step.step, step.httpStatus])).toEqual([['reactivate', 404]])
    expect(failed[0]?.detail).toMatch(/^HTTP 404: User not found/)
    expect(failed[0]?.detail).toContain(`The app no longer has ${ravi} under the id Okta stored`)
    expect(failed[0]?.detail).toContain('Dashboard → Tasks shows "reactivating the user in the app failed"')
    expect(failed[0]?.detail).toContain(`unassign ${ravi} from the app, then assign it again`)
    // The run goes on, as Okta's other tasks do: Group Push sends the users the app still has, and nothing else fails.
    expect(run.state).toBe('failed')
    expect(run.steps[run.steps.length - 1]?.step).toBe('replace-members')
    const jane = harness?.services.directory.findUserByName(tenant.id, demoPeople(1)[0]?.userName ?? '')
    const groups = harness?.services.directory.listGroups(tenant.id, { offset: 0, limit: 10 }, true)
    expect(groups?.items.map((group) => group.members?.map((member) => member.value))).toEqual([[jane?.id]])
  })

  it('counts a user it created again once, in what a run that stops later says it left in the tenant', async () => {
    harness = await startScimHarness()
    const h = harness
    const tenant = h.tenant('Acme Corp', 'acme')
    const ravi = demoPeople(2)[1]?.userName ?? ''
    let lookups = 0
    // Ravi is deleted in the app before the wizard's reassignment looks him up (so it creates him again), then the
    // run's token is revoked before the import.
    const fetchSpy = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input)
      if ((init?.method ?? 'GET') === 'GET' && url.includes(`filter=userName%20eq%20%22${encodeURIComponent(ravi)}`) && ++lookups === 2) {
        deleteUserNamed(h.services, tenant.id, ravi)
      }
      if (url.endsWith('/Users?startIndex=1&count=100')) revokeRunToken(h.services, tenant.id, 'wizard')
      return fetch(input, init)
    }) as typeof fetch
    runner = createDemoRunner({ ...h.services, simulator: { paceMs: 0, fetch: fetchSpy } })
    const run = await runToEnd(runner, { tenant: 'acme', mode: 'wizard', users: 2, origin: h.origin })
    expect(run.steps.filter((step) => step.step === 'create-user')).toHaveLength(3)
    const stopped = run.steps[run.steps.length - 1]
    expect(stopped?.step).toBe('run-stopped')
    expect(stopped?.detail).toContain(`What it did before it stopped stays in the tenant: 2 users created (${demoPeople(1)[0]?.userName}, ${ravi}).`)
  })

  it('stops with one clear failure, not one per remaining step, when the server stops answering mid-run', async () => {
    let lookups = 0
    const { run, sent } = await interruptedRun(
      (h) => h.app.close(),
      (method, url) => method === 'GET' && url.includes('filter=userName') && ++lookups === 2
    )
    expect(run.state).toBe('failed')
    // The request that found nothing listening, then the step that says the run stopped; nothing after it.
    const failed = run.steps.filter((step) => step.status === 'failed')
    expect(failed.map((step) => step.step)).toEqual(['lookup-user', 'run-stopped'])
    expect(run.steps[run.steps.length - 1]?.step).toBe('run-stopped')
    // Refused, or closed under it (a kept-alive connection): either way the detail names the server.
    expect(failed[0]?.detail).toMatch(/the SCIM server (is not running|stopped)|Is the SCIM server running\?/)
    expect(failed[1]?.detail).toMatch(/1 user created \(jane\.doe@example\.com\)/)
    expect(sent).toHaveLength(6)
  })

  it('fails only the request whose connection the server dropped, and goes on, when the server still runs', async () => {
    harness = await startScimHarness()
    const h = harness
    h.tenant('Acme Corp', 'acme')
    // The profile push goes to the dropper instead, as if the server had dropped that one connection.
    const drop = await dropFirstRequest(h.origin, 'PUT')
    try {
      runner = createDemoRunner({ ...h.services, simulator: { paceMs: 0, fetch: drop.fetch } })
      const run = await runToEnd(runner, { tenant: 'acme', mode: 'catalog', users: 2, origin: h.origin })
      expect(drop.dropped()).toBe(true)
      const failed = run.steps.filter((step) => step.status === 'failed')
      // Okta marks that one task as failed and carries on with the others: the server is still there.
      expect(failed.map((step) => step.step)).toEqual(['push-profile'])
      expect(failed[0]?.detail).toMatch(/still takes new connections: it dropped this one request/)
      expect(run.steps.some((step) => step.step === 'run-stopped')).toBe(false)
      expect(run.steps[run.steps.length - 1]?.step).toBe('replace-members')
    } finally {
      await drop.close()
    }
  })

  it('stops, saying why, when its token is revoked mid-run, and names the user it left inactive', async () => {
    const { run, tenant } = await interruptedRun(
      (h, t) => revokeRunToken(h.services, t.id, 'catalog'),
      // Just after the deactivation, before the reactivation.
      (method, _url, body) => method === 'PATCH' && body.includes('"active":true')
    )
    expect(run.state).toBe('failed')
    const failed = run.steps.filter((step) => step.status === 'failed')
    expect(failed.map((step) => [step.step, step.httpStatus])).toEqual([
      ['reactivate', 401],
      ['run-stopped', null]
    ])
    expect(failed[1]?.detail).toMatch(/token .*revoked/i)
    expect(failed[1]?.detail).toMatch(/maria\.garcia@example\.com is left inactive/)
    const users = harness?.services.directory.listUsers(tenant.id, { offset: 0, limit: 10 })
    expect(users?.items.map((user) => [user.userName, user.active])).toContainEqual(['maria.garcia@example.com', false])
  })

  it('stops, saying why, when its tenant is deleted mid-run', async () => {
    let lookups = 0
    const { run } = await interruptedRun(
      (h, t) => {
        const removed = h.services.tenants.remove({ tenant: t.id, force: true })
        if (!removed.ok) throw new Error(removed.error.message)
      },
      (method, url) => method === 'GET' && url.includes('filter=userName') && ++lookups === 2
    )
    expect(run.state).toBe('failed')
    const last = run.steps[run.steps.length - 1]
    expect(last?.step).toBe('run-stopped')
    expect(last?.detail).toMatch(/was deleted/)
    // At most the one request that met the missing tenant failed before the run stopped.
    expect(run.steps.filter((step) => step.status === 'failed' && step.method !== null).length).toBeLessThanOrEqual(1)
    expect(run.steps.filter((step) => step.method !== null && step.startedAt !== null).length).toBeLessThanOrEqual(7)
  })

  it('says the tenant was deleted, not that the token is wrong, when it is deleted before Test API Credentials', async () => {
    const { run, sent } = await interruptedRun(
      (h, t) => {
        const removed = h.services.tenants.remove({ tenant: t.id, force: true })
        if (!removed.ok) throw new Error(removed.error.message)
      },
      () => true
    )
    expect(sent).toHaveLength(1)
    expect(run.steps.map((step) => [step.step, step.status, step.httpStatus])).toEqual([['test-credentials', 'failed', 401]])
    expect(run.steps[0]?.detail).toMatch(/^HTTP 401: The API token is not valid for this base URL\./)
    expect(run.steps[0]?.detail).toMatch(/The tenant "Acme Corp" was deleted during the run, so its base URL \/scim\/v2\/acme now answers 401 to everything/)
  })

  it('stops at Test API Credentials, saying why, when the server at the origin does not use the database the run issued its token from', async () => {
    harness = await startScimHarness()
    harness.tenant('Acme Corp', 'acme')
    // Another SCIM Console, on a database of its own, with a tenant of the same slug.
    const other = await startScimHarness()
    try {
      other.tenant('Acme Corp', 'acme')
      runner = createDemoRunner({ ...harness.services, simulator: { paceMs: 0 } })
      for (const mode of ['catalog', 'entra'] as const) {
        const run = await runToEnd(runner, { tenant: 'acme', mode, users: 1, origin: other.origin })
        expect(run.state).toBe('failed')
        expect(run.steps.map((step) => [step.step, step.status, step.httpStatus])).toEqual([['test-credentials', 'failed', 401]])
        const label = mode === 'catalog' ? 'Okta simulator' : 'Entra simulator'
        expect(run.steps[0]?.detail).toContain(`The "${label}" token is valid in the database this run issued it from, so the server at ${other.origin} does not accept tokens of that database`)
      }
    } finally {
      await other.close()
    }
  })

  it('names as expected only the statuses Okta takes, not the failures it reads in its own words (401, 404, 409)', async () => {
    harness = await startScimHarness()
    const tenant = harness.tenant('Acme Corp', 'acme')
    const broken = (operation: 'test-credentials' | 'deactivate-user' | 'create-user') =>
      harness?.services.faults.set(tenant.id, { throttlePerMinute: 0, latencyMs: 0, failNextAuth: false, rules: [{ id: 'x', operation, status: 500, detail: 'Broken.', mode: 'once', percent: 100 }] })
    runner = createDemoRunner({ ...harness.services, simulator: { paceMs: 0 } })
    const detailOf = async (step: string) => (await runToEnd(runner as DemoRunner, { tenant: tenant.slug, mode: 'catalog', users: 2, origin: harness?.origin ?? '' })).steps.find((each) => each.step === step)?.detail

    broken('test-credentials')
    expect(await detailOf('test-credentials')).toMatch(/^Expected HTTP 200, got 500: Broken\./)
    broken('create-user')
    expect(await detailOf('create-user')).toMatch(/^Expected HTTP 201, got 500: Broken\./)
    broken('deactivate-user')
    expect(await detailOf('deactivate')).toMatch(/^Expected HTTP 200 or 204, got 500: Broken\./)
  })

  it('fails the run, with a readable detail, when Okta cannot authenticate', async () => {
    harness = await startScimHarness()
    const tenant = harness.tenant('Acme Corp', 'acme')
    harness.services.faults.set(tenant.id, { throttlePerMinute: 0, latencyMs: 0, failNextAuth: true, rules: [] })
    runner = createDemoRunner({ ...harness.services, simulator: { paceMs: 0 } })
    const run = await runToEnd(runner, { tenant: tenant.slug, mode: 'catalog', users: 1, origin: harness.origin })
    expect(run.state).toBe('failed')
    expect(run.steps.map((step) => [step.step, step.status, step.httpStatus])).toEqual([['test-credentials', 'failed', 401]])
    expect(run.steps[0]?.detail).toMatch(/^HTTP 401: The API token "Okta simulator" was revoked/)
    // What Okta itself shows the admin, whatever the app's error says.
    expect(run.steps[0]?.detail).toMatch(/Okta shows "Error authenticating: Unauthorized\. The connector configuration could not be tested…" and does not save the settings\.$/)
  })
})
