// The Entra simulator against the real SCIM server over HTTP: Entra's Test Connection, its initial and incremental
// provisioning cycles, and its answer to a 429 (move on, retry in the next cycle, quarantine when it never ends).
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DemoRun } from '../../src/shared/models'
import { simulatorUserAgent } from '../../src/shared/request-outcome'
import { createDemoRunner, entraSimulatorTokenLabel, type DemoRunner } from '../../src/main/demo/demo-runner'
import { entraFlag, entraMaxRetryCycles, entraUserAgent } from '../../src/main/demo/entra-simulator'
import { demoGroupName, demoPeople } from '../../src/main/demo/simulation'
import { noFaults } from '../../src/main/core/faults'
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

const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

/** Plays Entra against a fresh tenant; a run's token must be revoked at its end. */
async function runEntra(
  users: number,
  options: { readonly clock?: { now: number }; readonly frozen?: boolean; readonly rateLimit?: number } = {}
): Promise<PlayedDemo> {
  const played = await playDemo({ mode: 'entra', users, tenant: ['Contoso Ltd', 'contoso'], speed: 1_000_000, ...options, started: (parts) => ({ harness, runner } = parts) })
  const tokens = played.harness.services.tokens.list(played.tenant.id)
  expect(tokens.ok && tokens.value.filter((token) => token.label === entraSimulatorTokenLabel).map((token) => token.status)).toEqual(['revoked'])
  return played
}

const failures = (run: DemoRun) => JSON.stringify(run.steps.filter((step) => step.status === 'failed'))

/** A fresh Contoso tenant, and a function that plays Provision on demand (`mode`) against it to its end, which must pass. */
async function onDemandHarness(mode: 'entra-on-demand' | 'entra-on-demand-group', users: number) {
  const started = await startScimHarness()
  harness = started
  const tenant = started.tenant('Contoso Ltd', 'contoso')
  const onDemandRunner = createDemoRunner({ ...started.services, simulator: { paceMs: 0 } })
  runner = onDemandRunner
  const onDemand = async (): Promise<DemoRun> => {
    const finished = await runToEnd(onDemandRunner, { tenant: 'contoso', mode, users, origin: started.origin })
    expect(finished.state, failures(finished)).toBe('finished')
    return finished
  }
  return { harness: started, tenant, onDemand }
}

describe('Entra simulator against the real SCIM server', () => {
  it("plays Test Connection, the initial cycle and the incremental cycles, a user deleted for good among them, in Entra's requests, and the log reads them as Entra's", async () => {
    const { harness, run, tenant, log } = await runEntra(3)
    expect(run.state, failures(run)).toBe('finished')
    expect(run.mode).toBe('entra')
    expect(run.steps.map((step) => [step.step, step.method])).toEqual([
      ['test-credentials', 'GET'],
      ['test-credentials', 'GET'],
      ['cycle', null],
      ['lookup-user', 'GET'],
      ['create-user', 'POST'],
      ['lookup-user', 'GET'],
      ['create-user', 'POST'],
      ['lookup-user', 'GET'],
      ['create-user', 'POST'],
      ['lookup-group', 'GET'],
      ['create-group', 'POST'],
      ['push-members', 'PATCH'],
      // Every change of a cycle, a disable, enable or delete too, is preceded by its lookup by userName.
      ['cycle', null],
      ['lookup-user', 'GET'],
      ['push-profile', 'PATCH'],
      ['lookup-user', 'GET'],
      ['deactivate', 'PATCH'],
      ['remove-member', 'PATCH'],
      ['cycle', null],
      ['lookup-user', 'GET'],
      ['reactivate', 'PATCH'],
      ['push-members', 'PATCH'],
      ['cycle', null],
      ['lookup-user', 'GET'],
      ['deactivate', 'PATCH'],
      ['cycle', null],
      ['lookup-user', 'GET'],
      ['delete-user', 'DELETE']
    ])
    // Every request went to the Tenant URL with its flag, with Entra's User-Agent, and is logged in Entra's terms.
    expect(log).toHaveLength(23)
    expect(log.every((entry) => entry.client === simulatorUserAgent(entraUserAgent, 'demo') && entry.path.includes(`?${entraFlag}`))).toBe(true)
    expect(log.map((entry) => entry.operation)).toEqual([
      'test-credentials',
      'test-credentials',
      'lookup-user',
      'create-user',
      'lookup-user',
      'create-user',
      'lookup-user',
      'create-user',
      'lookup-group',
      'group-push-create',
      'group-push-update',
      'lookup-user',
      'update-user',
      'lookup-user',
      'deactivate-user',
      'group-push-update',
      'lookup-user',
      'reactivate-user',
      'group-push-update',
      'lookup-user',
      'deactivate-user',
      'lookup-user',
      'delete-user'
    ])
    expect(log.map((entry) => entry.status)).toEqual([200, 200, 200, 201, 200, 201, 200, 201, 200, 201, 204, 200, 200, 200, 200, 204, 200, 200, 204, 200, 200, 200, 204])
    // Members are added with "$ref": null, as Entra writes them (okta-scim.md §4).
    const adds = log.filter((entry) => entry.operation === 'group-push-update').map((entry) => JSON.parse(entry.requestBody ?? '{}') as { Operations: { op: string; value?: unknown[] }[] })
    expect(adds[0]?.Operations[0]?.value).toHaveLength(3)
    expect(adds[0]?.Operations[0]?.value?.every((member) => (member as { $ref?: unknown }).$ref === null)).toBe(true)
    // Ravi, neither changed nor unassigned, left the company: disabled while in Entra's recycle bin, then deleted for good.
    const [jane, ravi, maria] = demoPeople(3)
    expect(run.steps.filter((step) => step.step === 'cycle').map((step) => step.title).slice(-2)).toEqual([
      `Entra's incremental cycle 4: ${ravi?.userName} left the company and was deleted in Microsoft Entra ID`,
      `Entra's incremental cycle 5, 30 days later: ${ravi?.userName} is deleted for good`
    ])
    expect(log.slice(-4).map((entry) => [entry.method, entry.targetName])).toEqual([
      ['GET', ravi?.userName],
      ['PATCH', ravi?.userName],
      ['GET', ravi?.userName],
      ['DELETE', ravi?.userName]
    ])

    // The directory afterwards: Entra's attributes kept, the changed title, everyone else active and in the group.
    const users = harness.services.directory.listUsers(tenant.id, { offset: 0, limit: 100 })
    expect(users.items.map((user) => [user.userName, user.active])).toEqual([jane, maria].map((person) => [person?.userName, true]))
    expect(users.items[0]?.resource.title).toBe('Head of Sales')
    expect(users.items[1]?.resource.title).toBe('Account Executive')
    expect(users.items[0]?.resource.externalId).toBe('jane.doe')
    expect(users.items[0]?.resource[enterprise]).toEqual({ department: 'Sales' })
    const groups = harness.services.directory.listGroups(tenant.id, { offset: 0, limit: 100 }, true)
    expect(groups.items.map((group) => [group.displayName, group.members?.length])).toEqual([[demoGroupName, 2]])
  })

  it("without the Tenant URL's flag, sends Entra's older PATCH format, which the server applies the same way", async () => {
    const played = await playDemo({ mode: 'entra-legacy', users: 3, tenant: ['Contoso Ltd', 'contoso'], started: (parts) => ({ harness, runner } = parts) })
    const { run, tenant, log } = played
    const services = played.harness.services
    expect(run.state, failures(run)).toBe('finished')
    expect(log).toHaveLength(23)
    expect(log.every((entry) => entry.client === simulatorUserAgent(entraUserAgent, 'demo') && !entry.path.includes(entraFlag))).toBe(true)
    // Read as Entra's by its User-Agent alone: the same operations as with the flag.
    expect(log.map((entry) => entry.operation)).toContain('deactivate-user')
    expect(log.filter((entry) => entry.operation === 'test-credentials')).toHaveLength(2)
    const operations = log
      .filter((entry) => entry.method === 'PATCH')
      .flatMap((entry) => (JSON.parse(entry.requestBody ?? '{}') as { Operations: { op: string; path: string; value?: unknown }[] }).Operations)
    const jane = services.directory.findUserByName(tenant.id, 'jane.doe@example.com')
    const maria = services.directory.findUserByName(tenant.id, 'maria.garcia@example.com')
    expect(operations.map((operation) => [operation.op, operation.path, operation.path === 'members' ? (operation.value as unknown[]).length : operation.value])).toEqual([
      ['Add', 'members', 3],
      ['Replace', 'title', 'Head of Sales'],
      ['Replace', 'active', 'False'],
      ['Remove', 'members', 1],
      ['Replace', 'active', 'True'],
      ['Add', 'members', 1],
      ['Replace', 'active', 'False']
    ])
    expect(operations[3]?.value).toEqual([{ value: maria?.id }])
    // A member added is sent with "$ref": null, as Entra writes it (okta-scim.md §4); the one removed, with its value only.
    expect(operations[5]?.value).toEqual([{ $ref: null, value: maria?.id }])
    // The same directory as with the flag: the new title, everyone left active, only Maria removed then added back,
    // and Ravi deleted for good.
    expect(jane?.resource.title).toBe('Head of Sales')
    const users = services.directory.listUsers(tenant.id, { offset: 0, limit: 100 })
    expect(users.items.map((user) => [user.userName, user.active])).toEqual([[jane?.userName, true], [maria?.userName, true]])
    const groups = services.directory.listGroups(tenant.id, { offset: 0, limit: 100 }, true)
    expect(groups.items.map((group) => [group.displayName, group.members?.length])).toEqual([[demoGroupName, 2]])
    expect(run.steps.find((step) => step.step === 'deactivate')?.title).toBe('Entra disables maria.garcia@example.com (PATCH Replace active "False")')
  })

  it('matches the users and the group of an earlier run, and enables a disabled one, instead of creating duplicates', async () => {
    harness = await startScimHarness()
    const tenant = harness.tenant('Contoso Ltd', 'contoso')
    runner = createDemoRunner({ ...harness.services, simulator: { paceMs: 0 } })
    await runToEnd(runner, { tenant: 'contoso', mode: 'entra', users: 2, origin: harness.origin })
    const ravi = harness.services.directory.findUserByName(tenant.id, demoPeople(2)[1]?.userName ?? '')
    expect(ravi).toBeDefined()
    harness.services.directory.editUser(tenant.id, ravi?.id ?? '', (user) => ({ resource: { ...user.resource, active: false } }))

    const finished = await runToEnd(runner, { tenant: 'contoso', mode: 'entra', users: 2, origin: harness.origin })
    expect(finished.state, failures(finished)).toBe('finished')
    expect(finished.steps.filter((step) => step.step === 'create-user' || step.step === 'create-group')).toEqual([])
    expect(finished.steps.filter((step) => step.step === 'link-user' || step.step === 'link-group')).toHaveLength(3)
    expect(harness.services.directory.listUsers(tenant.id, { offset: 0, limit: 100 }).total).toBe(2)
    expect(harness.services.directory.findUserByName(tenant.id, demoPeople(2)[1]?.userName ?? '')?.active).toBe(true)
    expect(harness.services.directory.listGroups(tenant.id, { offset: 0, limit: 100 }).total).toBe(1)
  })

  it('moves on after a 429 and retries the throttled changes in its next cycle, a minute or Retry-After later', async () => {
    const clock = { now: Date.parse('2026-03-02T09:00:00Z') }
    const { harness, run, progress, tenant, log } = await runEntra(4, { clock, rateLimit: 8 })
    expect(run.state, failures(run)).toBe('finished')
    const deferred = run.steps.filter((step) => step.status === 'deferred')
    expect(deferred.length).toBeGreaterThan(0)
    expect(deferred.every((step) => step.httpStatus === 429 && /retries it in its next provisioning cycle/.test(step.detail ?? ''))).toBe(true)
    // Each retry cycle is said, after a wait the console counted down as the next cycle's number.
    const retryCycles = run.steps.filter((step) => step.step === 'retry-cycle')
    expect(retryCycles.length).toBeGreaterThan(0)
    expect(retryCycles[0]?.title).toMatch(/^Entra's provisioning cycle 2: it retries \d+ throttled changes?$/)
    const waits = progress.flatMap((snapshot) => (snapshot.retry ? [snapshot.retry] : []))
    expect(waits[0]).toMatchObject({ attempt: 2 })
    expect(waits.every((wait) => wait.waitSeconds >= 1)).toBe(true)
    expect(run.retry).toBeNull()
    // Nothing was lost: every user exists and is in the group, as without a throttle, but the one deleted for good.
    const users = harness.services.directory.listUsers(tenant.id, { offset: 0, limit: 100 })
    const [, leaver, ...others] = demoPeople(4)
    expect(users.items.map((user) => [user.userName, user.active]).sort()).toEqual([demoPeople(4)[0], ...others].map((person) => [person?.userName, true]).sort())
    expect(harness.services.directory.findUserByName(tenant.id, leaver?.userName ?? '')).toBeUndefined()
    const groups = harness.services.directory.listGroups(tenant.id, { offset: 0, limit: 100 }, true)
    expect(groups.items.map((group) => [group.displayName, group.members?.length])).toEqual([[demoGroupName, 3]])
    // Each 429 is in the log too, as a request of its own; beside them, each retry cycle may have met one more, sent
    // early because of the speed (and waited out in real time, deferring nothing).
    const throttledInLog = log.filter((entry) => entry.status === 429).length
    expect(throttledInLog).toBeGreaterThanOrEqual(deferred.length)
    expect(throttledInLog).toBeLessThanOrEqual(deferred.length + retryCycles.length)
  })

  it("takes the next cycle's first step on one Step click of a run paused during the wait for that cycle", async () => {
    const clock = { now: Date.parse('2026-03-02T09:00:00Z') }
    harness = await startScimHarness({ now: () => clock.now })
    const tenant = harness.tenant('Contoso Ltd', 'contoso')
    harness.services.tenants.update({ tenant: tenant.id, rateLimitPerMinute: 8 })
    let id = ''
    let paused = false
    // The run is paused as its first wait for a next cycle begins.
    const sleep = async (ms: number) => {
      clock.now += ms
      if (!paused) {
        paused = true
        demo.control(id, 'pause')
      }
    }
    const demo = createDemoRunner({ ...harness.services, simulator: { paceMs: 0, sleep } })
    runner = demo
    const started = demo.start({ tenant: tenant.slug, mode: 'entra', users: 4, speed: 1_000_000, origin: harness.origin })
    if (!started.ok) throw new Error(started.error.message)
    id = started.value.id
    const now = (): DemoRun => {
      const got = demo.get(id)
      if (!got.ok) throw new Error(got.error.message)
      return got.value
    }
    await vi.waitFor(() => expect([now().state, now().retry?.attempt, now().retry?.held]).toEqual(['paused', 2, true]))
    const before = now().steps.length
    expect(now().steps.every((step) => step.status !== 'pending')).toBe(true)

    // One click: cycle 2 starts and takes its first step, then the run holds before the next.
    demo.control(id, 'step')
    await vi.waitFor(() => expect(now().steps.slice(before).map((step) => step.status)).toEqual(['ok', 'pending']))
    expect([now().state, now().steps[before]?.step]).toEqual(['paused', 'retry-cycle'])

    demo.control(id, 'resume')
    const final = await demo.finished(id)
    expect(final.ok && final.value.state).toBe('finished')
  })

  it('says, when cancelled while a throttled change waits for the next cycle, that the change was never made', async () => {
    harness = await startScimHarness()
    const h = harness
    const tenant = h.tenant('Contoso Ltd', 'contoso')
    h.services.faults.set(tenant.id, { ...noFaults, rules: [{ id: 'slow', operation: 'create-user', status: 429, detail: 'Slow down.', mode: 'once', percent: 100 }] })
    let runId = ''
    // The wait before the next cycle is where the console's Cancel lands.
    const sleep = (_ms: number, signal: AbortSignal) =>
      new Promise<void>((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error('aborted')))
        queueMicrotask(() => runner?.control(runId, 'cancel'))
      })
    runner = createDemoRunner({ ...h.services, simulator: { paceMs: 0, sleep } })
    const finished = await runToEnd(runner, { tenant: 'contoso', mode: 'entra', users: 2, origin: h.origin }, (started) => (runId = started.id))
    expect(finished.state).toBe('cancelled')
    expect(finished.steps.filter((step) => step.status === 'deferred').map((step) => step.title)).toEqual(['Entra creates jane.doe@example.com'])
    const left = finished.steps[finished.steps.length - 1]
    expect(left).toMatchObject({ step: 'left-half-way', status: 'failed', detail: 'not made, throttled and waiting for the next cycle: create jane.doe@example.com.' })
    expect(h.services.directory.findUserByName(tenant.id, 'jane.doe@example.com')).toBeUndefined()
  })

  it('creates a user again when its lookup in a later cycle matches none, as its step says, instead of skipping it', async () => {
    harness = await startScimHarness()
    const h = harness
    const tenant = h.tenant('Contoso Ltd', 'contoso')
    const jane = demoPeople(1)[0]?.userName ?? ''
    let lookups = 0
    // Jane is deleted in the app between the initial cycle and the next, just before Entra looks her up again.
    const fetchSpy = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).includes(encodeURIComponent(`userName eq "${jane}"`)) && ++lookups === 2) {
        const id = h.services.directory.findUserByName(tenant.id, jane)?.id ?? ''
        expect(h.services.directory.deleteUser(tenant.id, id).ok).toBe(true)
      }
      return fetch(input, init)
    }) as typeof fetch
    runner = createDemoRunner({ ...h.services, simulator: { paceMs: 0, fetch: fetchSpy } })
    const finished = await runToEnd(runner, { tenant: 'contoso', mode: 'entra', users: 2, origin: h.origin })
    expect(finished.state, failures(finished)).toBe('finished')
    const again = finished.steps.findIndex((step) => step.detail === `No user named ${jane}: Entra creates one.` && step.title.includes('to compare'))
    expect(again).toBeGreaterThan(0)
    expect(finished.steps[again + 1]).toMatchObject({ step: 'create-user', status: 'ok', httpStatus: 201, method: 'POST' })
    expect(h.services.directory.findUserByName(tenant.id, jane)).toBeDefined()
  })

  it('sped up, waits out in real time a retry cycle throttled only for coming early, so that no quarantine follows that real Entra would not meet', async () => {
    const clock = { now: Date.parse('2026-03-02T09:00:00Z') }
    // At 20 times the speed; the server's clock moves by the time the run really waits.
    const { run, progress } = await playDemo({ mode: 'entra', users: 3, tenant: ['Contoso Ltd', 'contoso'], clock, speed: 20, rateLimit: 6, started: (parts) => ({ harness, runner } = parts) })
    expect(run.steps.some((step) => step.status === 'deferred' && step.httpStatus === 429)).toBe(true)
    expect(run.steps.some((step) => step.step === 'quarantine')).toBe(false)
    expect(run.state, failures(run)).toBe('finished')
    // The retry cycle's first request came 3 s after the cycle before, 60 s in the story: the rest was waited out, and said.
    const early = progress.flatMap((snapshot) => snapshot.steps.filter((step) => step.status === 'waiting').map((step) => step.detail ?? ''))
    expect(early.length).toBeGreaterThan(0)
    expect(early.every((detail) => /^HTTP 429 again: sped up, the demo sent this sooner than the server's 60 s allow/.test(detail))).toBe(true)
  })

  it('puts the job in quarantine when the throttle never lifts, and says what to do', async () => {
    const clock = { now: Date.parse('2026-03-02T09:00:00Z') }
    const { run } = await runEntra(3, { clock, frozen: true, rateLimit: 4 })
    expect(run.state).toBe('failed')
    const last = run.steps[run.steps.length - 1]
    expect(last?.step).toBe('quarantine')
    expect(last?.status).toBe('failed')
    expect(last?.detail).toMatch(/after 5 cycles.*one a day.*rate limit.*Restart provisioning/)
    expect(run.steps.filter((step) => step.step === 'retry-cycle')).toHaveLength(entraMaxRetryCycles)
  })

  it('moves on after a server error (5xx) too, and makes the change in its next cycle, as Entra retries failed objects', async () => {
    harness = await startScimHarness()
    const h = harness
    const tenant = h.tenant('Contoso Ltd', 'contoso')
    expect(h.services.faults.set(tenant.id, { ...noFaults, rules: [{ id: 'broken', operation: 'create-user', status: 503, detail: 'Down for a moment.', mode: 'once', percent: 100 }] }).ok).toBe(true)
    runner = createDemoRunner({ ...h.services, simulator: { paceMs: 0 } })
    const run = await runToEnd(runner, { tenant: 'contoso', mode: 'entra', users: 2, speed: 1_000_000, origin: h.origin })
    expect(run.state, failures(run)).toBe('finished')
    const deferred = run.steps.filter((step) => step.status === 'deferred')
    expect(deferred.map((step) => [step.title, step.httpStatus])).toEqual([['Entra creates jane.doe@example.com', 503]])
    expect(deferred[0]?.detail).toMatch(/^HTTP 503: Down for a moment\..* Entra records the change as failed in its provisioning logs, moves on to the next one, and retries it in its next provisioning cycle\.$/)
    expect(run.steps.filter((step) => step.step === 'retry-cycle').map((step) => step.title)).toEqual(["Entra's provisioning cycle 2: it retries 1 failed change"])
    // Made in that cycle: Jane exists, and joined the group once both existed.
    const jane = h.services.directory.findUserByName(tenant.id, 'jane.doe@example.com')
    expect(jane?.active).toBe(true)
    const groups = h.services.directory.listGroups(tenant.id, { offset: 0, limit: 10 }, true)
    expect(groups.items.map((group) => group.members?.map((member) => member.value).includes(jane?.id ?? ''))).toEqual([true])
  })

  it('moves on after a request the server dropped without an answer, and makes the change in its next cycle', async () => {
    harness = await startScimHarness()
    const h = harness
    const tenant = h.tenant('Contoso Ltd', 'contoso')
    // Jane's POST goes to the dropper instead, as if the server had dropped that one connection.
    const drop = await dropFirstRequest(h.origin, 'POST')
    try {
      runner = createDemoRunner({ ...h.services, simulator: { paceMs: 0, fetch: drop.fetch } })
      const run = await runToEnd(runner, { tenant: 'contoso', mode: 'entra', users: 2, speed: 1_000_000, origin: h.origin })
      expect(run.state, failures(run)).toBe('finished')
      const deferred = run.steps.filter((step) => step.status === 'deferred')
      expect(deferred.map((step) => [step.title, step.httpStatus])).toEqual([['Entra creates jane.doe@example.com', null]])
      expect(deferred[0]?.detail).toMatch(/dropped this one request.* Entra moves on to the next change, and retries this one in its next provisioning cycle\.$/)
      expect(run.steps.filter((step) => step.step === 'retry-cycle').map((step) => step.title)).toEqual(["Entra's provisioning cycle 2: it retries 1 failed change"])
      expect(h.services.directory.findUserByName(tenant.id, 'jane.doe@example.com')?.active).toBe(true)
    } finally {
      await drop.close()
    }
  })

  it('puts the job in quarantine when a server error never ends, and says to fix what fails', async () => {
    harness = await startScimHarness()
    const h = harness
    const tenant = h.tenant('Contoso Ltd', 'contoso')
    expect(h.services.faults.set(tenant.id, { ...noFaults, rules: [{ id: 'broken', operation: 'group-push-create', status: 500, detail: 'Broken.', mode: 'percent', percent: 100 }] }).ok).toBe(true)
    runner = createDemoRunner({ ...h.services, simulator: { paceMs: 0 } })
    const run = await runToEnd(runner, { tenant: 'contoso', mode: 'entra', users: 1, speed: 1_000_000, origin: h.origin })
    expect(run.state).toBe('failed')
    expect(run.steps.filter((step) => step.status === 'deferred')).toHaveLength(entraMaxRetryCycles + 1)
    expect(run.steps[run.steps.length - 1]).toMatchObject({
      step: 'quarantine',
      status: 'failed',
      detail:
        '1 change still got HTTP 500 after 5 cycles. In quarantine Entra slows its cycles down to one a day; find why the server fails them in its log, ' +
        'and fix it (or turn off the failure rule that injects it), then click Restart provisioning in Entra.'
    })
  })

  it('fails Test Connection at once on a 429, which no one retries, and sends nothing else', async () => {
    const clock = { now: Date.parse('2026-03-02T09:00:00Z') }
    const { run, log } = await runEntra(2, { clock, frozen: true, rateLimit: 1 })
    expect(run.state).toBe('failed')
    expect(run.steps.map((step) => [step.step, step.status, step.httpStatus])).toEqual([
      ['test-credentials', 'ok', 200],
      ['test-credentials', 'failed', 429]
    ])
    expect(run.steps[1]?.detail).toMatch(/Test Connection is no provisioning cycle, so Entra does not retry it.*Wait \d+ s, as Retry-After asks, and click Test Connection again/)
    expect(log).toHaveLength(2)
  })

  it("fails Test Connection on a 401, 403, 404 or 5xx with what the Entra admin sees and does next, not a bare status", async () => {
    const started = await startScimHarness()
    harness = started
    const tenant = started.tenant('Contoso Ltd', 'contoso')
    const entraRunner = createDemoRunner({ ...started.services, simulator: { paceMs: 0 } })
    runner = entraRunner
    const testConnection = async (faults: Partial<typeof noFaults>) => {
      const set = started.services.faults.set(tenant.id, { ...noFaults, ...faults })
      if (!set.ok) throw new Error(set.error.message)
      const run = await runToEnd(entraRunner, { tenant: 'contoso', mode: 'entra', users: 1, origin: started.origin })
      expect(run.state).toBe('failed')
      expect(run.steps.map((step) => [step.step, step.status])).toEqual([['test-credentials', 'failed']])
      const detail = run.steps[0]?.detail ?? ''
      expect(detail).not.toMatch(/Expected HTTP/)
      return detail
    }
    const rule = (status: number) => ({ failNextAuth: false, rules: [{ id: `r${status}`, operation: 'any' as const, status, detail: 'Scripted.', mode: 'once' as const, percent: 100 }] })

    const unauthorized = await testConnection({ failNextAuth: true })
    expect(unauthorized).toMatch(/^HTTP 401: /)
    expect(unauthorized).toContain('"Failed to test connection to target application" (error code SystemForCrossDomainIdentityManagementCredentialValidationFailure) with "Response Status Code: Unauthorized"')
    expect(unauthorized).toContain("To Entra, the Secret Token is wrong, expired or revoked: issue a new token on the tenant's Tokens page in SCIM Console")
    expect(await testConnection(rule(403))).toMatch(/^HTTP 403: Scripted\. .*"Response Status Code: Forbidden".*click Test Connection again\.$/)
    expect(await testConnection(rule(404))).toMatch(/^HTTP 404: Scripted\. .*"Response Status Code: NotFound".*Tenant URL is wrong.*Entra setup page.*click Test Connection again\.$/)
    expect(await testConnection(rule(503))).toMatch(/^HTTP 503: Scripted\. .*"Response Status Code: ServiceUnavailable".*Entra does not retry it.*Provisioning log.*click Test Connection again\.$/)
  })

  it('provisions one user on demand in the five steps of the portal: creates it, then skips it, then sends only what changed', async () => {
    const { harness: scim, tenant, onDemand } = await onDemandHarness('entra-on-demand', 5)
    const userName = demoPeople(1)[0]?.userName ?? ''

    const created = await onDemand()
    expect(created.users).toBe(1)
    expect(created.steps.map((step) => [step.step, step.method ?? null, step.httpStatus])).toEqual([
      ['test-credentials', 'GET', 200],
      ['import-user', null, null],
      ['scope', null, null],
      ['lookup-user', 'GET', 200],
      ['create-user', 'POST', 201]
    ])
    expect(created.steps.map((step) => step.title.split(':')[0])).toEqual([
      'Step 1, Test connection',
      `Step 2, Import user`,
      'Step 3, Determine if user is in scope',
      'Step 4, Match user between source and target system',
      'Step 5, Perform action'
    ])
    // The Tenant URL carries the flag; the log reads the first request as Test connection.
    expect(created.steps.every((step) => !step.path || step.path.includes(entraFlag))).toBe(true)
    const log = scim.logEntries(tenant.id)
    expect(log.map((entry) => entry.operation)).toEqual(['test-credentials', 'lookup-user', 'create-user'])
    expect(scim.services.directory.listUsers(tenant.id, { offset: 0, limit: 10 }).items.map((user) => user.userName)).toEqual([userName])

    // Again: the user matches and holds Entra's values, so Entra skips it.
    const skipped = await onDemand()
    expect(skipped.steps.at(-1)).toMatchObject({ step: 'skip-user', title: `Step 5, Perform action: Entra skips ${userName}` })

    // Disabled and retitled in the app meanwhile: one PATCH, in the older format even though the URL has the flag.
    const user = scim.services.directory.findUserByName(tenant.id, userName)
    scim.services.directory.editUser(tenant.id, user?.id ?? '', (current) => ({ resource: { ...current.resource, active: false, title: 'Intern' } }))
    const updated = await onDemand()
    const last = updated.steps.at(-1)
    expect(last).toMatchObject({ step: 'push-profile', method: 'PATCH', httpStatus: 200 })
    expect(last?.title).toBe(`Step 5, Perform action: Entra updates ${userName}: it enables it and sets its job title "Account Executive" (PATCH Replace)`)
    const patch = scim.logEntries(tenant.id).find((entry) => entry.method === 'PATCH')
    expect(JSON.parse(patch?.requestBody ?? '{}').Operations).toEqual([
      { op: 'Replace', path: 'active', value: 'True' },
      { op: 'Replace', path: 'title', value: 'Account Executive' }
    ])
    expect(scim.services.directory.findUserByName(tenant.id, userName)).toMatchObject({ active: true })
  })

  it('counts a user it created again once, in what a run that stops later says it left in the tenant', async () => {
    harness = await startScimHarness()
    const h = harness
    const tenant = h.tenant('Contoso Ltd', 'contoso')
    const [jane, ravi, maria] = demoPeople(3).map((person) => person.userName)
    let lookups = 0
    let patched = false
    // Jane is deleted in the app before cycle 2 matches her (so Entra creates her again), then the run's token is
    // revoked before its next user PATCH.
    const fetchSpy = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input)
      const method = init?.method ?? 'GET'
      if (method === 'GET' && url.includes(`filter=userName%20eq%20%22${encodeURIComponent(jane ?? '')}`) && ++lookups === 2) {
        deleteUserNamed(h.services, tenant.id, jane ?? '')
      }
      if (method === 'PATCH' && url.includes('/Users/') && !patched) {
        patched = true
        revokeRunToken(h.services, tenant.id, 'entra')
      }
      return fetch(input, init)
    }) as typeof fetch
    runner = createDemoRunner({ ...h.services, simulator: { paceMs: 0, fetch: fetchSpy } })
    const run = await runToEnd(runner, { tenant: 'contoso', mode: 'entra', users: 3, origin: h.origin })
    expect(run.steps.filter((step) => step.step === 'create-user')).toHaveLength(4)
    const stopped = run.steps[run.steps.length - 1]
    expect(stopped?.step).toBe('run-stopped')
    expect(stopped?.detail).toContain(`What it did before it stopped stays in the tenant: 3 users created (${jane}, ${ravi}, ${maria})`)
  })

  it('provisions a group on demand with the members picked: creates all, then links and skips them, and enables one disabled meanwhile', async () => {
    const { harness: scim, tenant, onDemand } = await onDemandHarness('entra-on-demand-group', 3)
    const userNames = demoPeople(3).map((person) => person.userName)
    const groupMembers = () => {
      const groups = scim.services.directory.listGroups(tenant.id, { offset: 0, limit: 10 }).items ?? []
      return groups.map((group) => [group.displayName, group.members?.map((member) => member.display) ?? []])
    }

    const created = await onDemand()
    expect(created.steps.map((step) => [step.step, step.method ?? null, step.httpStatus])).toEqual([
      ['test-credentials', 'GET', 200],
      ['import-group', null, null],
      ['scope', null, null],
      ['lookup-group', 'GET', 200],
      ['create-group', 'POST', 201],
      ...userNames.flatMap(() => [
        ['lookup-user', 'GET', 200],
        ['create-user', 'POST', 201]
      ]),
      ['push-members', 'PATCH', 204]
    ])
    expect(created.steps.map((step) => step.title.split(':')[0])).toEqual([
      'Step 1, Test connection',
      'Step 2, Import group',
      'Step 3, Determine if group is in scope',
      'Step 4, Match group between source and target system',
      'Step 5, Perform action',
      ...userNames.flatMap((_, index) => [`Member ${index + 1} of 3`, `Member ${index + 1} of 3`]),
      'Step 5, Perform action'
    ])
    expect(created.steps[1]?.detail).toBe(`${userNames.join(', ')}.`)
    expect(groupMembers()).toEqual([[demoGroupName, userNames]])
    // The group is matched without its members, and the members are added in the older format, as on demand for a user.
    const log = scim.logEntries(tenant.id)
    expect(log.find((entry) => entry.operation === 'lookup-group')?.path).toMatch(/excludedAttributes=members/)
    const added = JSON.parse(log.find((entry) => entry.method === 'PATCH')?.requestBody ?? '{}')
    expect(added.Operations).toEqual([{ op: 'Add', path: 'members', value: expect.arrayContaining(userNames.map(() => ({ $ref: null, value: expect.any(String) }))) }])
    expect(added.Operations[0].value).toHaveLength(3)

    // Again, with the second member disabled in the app: the group is linked, one PATCH enables that member, the others
    // are skipped, and adding members already there leaves the group as it was.
    const second = scim.services.directory.findUserByName(tenant.id, userNames[1] ?? '')
    scim.services.directory.editUser(tenant.id, second?.id ?? '', (current) => ({ resource: { ...current.resource, active: false } }))
    const again = await onDemand()
    expect(again.steps.slice(3).map((step) => [step.step, step.httpStatus])).toEqual([
      ['lookup-group', 200],
      ['link-group', null],
      ['lookup-user', 200],
      ['skip-user', null],
      ['lookup-user', 200],
      ['push-profile', 200],
      ['lookup-user', 200],
      ['skip-user', null],
      ['push-members', 204]
    ])
    expect(again.steps[8]?.title).toBe(`Member 2 of 3: Entra updates ${userNames[1]}: it enables it (PATCH Replace)`)
    expect(scim.services.directory.findUserByName(tenant.id, userNames[1] ?? '')).toMatchObject({ active: true })
    expect(groupMembers()).toEqual([[demoGroupName, userNames]])
    expect(scim.services.directory.listUsers(tenant.id, { offset: 0, limit: 10 }).total).toBe(3)
  })

  it('refuses a group on demand of more than five members', async () => {
    harness = await startScimHarness()
    harness.tenant('Contoso Ltd', 'contoso')
    runner = createDemoRunner({ ...harness.services, simulator: { paceMs: 0 } })
    const started = runner.start({ tenant: 'contoso', mode: 'entra-on-demand-group', users: 6, origin: harness.origin })
    expect(started).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: 'Provision on demand takes a group with up to 5 members.' } })
  })

  it('ends Provision on demand at the step a 429 fails, saying to click Provision again', async () => {
    const clock = { now: Date.parse('2026-03-02T09:00:00Z') }
    const played = await playDemo({ mode: 'entra-on-demand', users: 1, tenant: ['Contoso Ltd', 'contoso'], clock, frozen: true, rateLimit: 1, started: (parts) => ({ harness, runner } = parts) })
    expect(played.run.state).toBe('failed')
    expect(played.run.steps.map((step) => [step.step, step.status, step.httpStatus])).toEqual([
      ['test-credentials', 'ok', 200],
      ['import-user', 'ok', null],
      ['scope', 'ok', null],
      ['lookup-user', 'failed', 429]
    ])
    expect(played.run.steps.at(-1)?.detail).toMatch(/Provision on demand is no provisioning cycle, so Entra does not retry.*click Provision again\.$/)
  })
})
