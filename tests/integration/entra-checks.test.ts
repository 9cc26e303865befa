import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { noFaults } from '../../src/main/core/faults'
import { conformanceTokenLabels, createDemoRunner } from '../../src/main/demo/demo-runner'
import { entraCheckValues, runEntraChecks } from '../../src/main/demo/entra-checks'
import { entraUserAgent } from '../../src/main/demo/entra-simulator'
import { conformancePassed } from '../../src/main/demo/self-test'
import type { ConformanceRun } from '../../src/shared/models'
import { simulatorUserAgent } from '../../src/shared/request-outcome'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const steps = [
  'test-connection-user',
  'test-connection-group',
  'test-connection-bad-token',
  'create-user',
  'get-user',
  'get-user-not-found',
  'get-user-by-query',
  'get-user-by-work-email',
  'get-user-by-query-zero-results',
  'create-duplicate-user',
  'update-user-multi-valued',
  'update-user-single-valued',
  'update-user-flagged',
  'get-updated-user',
  'disable-user',
  'disabled-user-found',
  'create-group',
  'get-group',
  'get-group-by-display-name',
  'create-duplicate-group',
  'update-group-non-member',
  'add-members',
  'member-listed',
  'remove-members',
  'member-removed',
  'add-members-flagged',
  'remove-members-flagged',
  'member-removed-flagged',
  'delete-group',
  'deleted-group-gone',
  'delete-user',
  'deleted-user-gone',
  'discover-schema'
]

describe("Entra ID's SCIM checks against our server", () => {
  let harness: ScimHarness
  let acme: ReturnType<ScimHarness['tenant']>
  beforeEach(async () => {
    harness = await startScimHarness()
    acme = harness.tenant('Acme Corp', 'acme')
  })
  afterEach(async () => {
    await harness.close()
  })

  it('passes every check, in the order Microsoft documents them, and leaves nothing behind', async () => {
    const report = await runEntraChecks({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    const failures = report.checks.filter((check) => !check.ok).map((check) => [check.step, check.failures])
    expect(failures).toEqual([])
    expect(conformancePassed(report)).toBe(true)
    expect(report.suite).toBe('entra')
    expect(report.checks.map((check) => check.step)).toEqual(steps)
    expect(report.checks.filter((check) => check.optional).map((check) => check.step)).toEqual(['discover-schema'])

    // Each check keeps what was sent and answered: Microsoft's own request shapes.
    const create = report.checks.find((check) => check.step === 'create-user')
    expect(JSON.parse(create?.request.body ?? '{}')).toMatchObject({ meta: { resourceType: 'User' }, roles: [] })
    const removal = report.checks.find((check) => check.step === 'remove-members')
    expect(JSON.parse(removal?.request.body ?? '{}').Operations[0]).toMatchObject({ op: 'Remove', path: 'members', value: [{ $ref: null }] })
    expect(removal?.response.status).toBe(204)
    expect(report.checks.find((check) => check.step === 'remove-members-flagged')?.request.path).toMatch(/\?aadOptscim062020$/)

    // The user and group it made are deleted at the end.
    expect(harness.services.directory.listUsers(acme.id, { offset: 0, limit: 10 }).items).toEqual([])
    expect(harness.services.directory.listGroups(acme.id, { offset: 0, limit: 10 }).items).toEqual([])
  })

  it("sends Entra's User-Agent, and the log reads its first lookups as Test Connection", async () => {
    await runEntraChecks({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    const log = harness.logEntries(acme.id)
    expect(new Set(log.map((entry) => entry.client))).toEqual(new Set([simulatorUserAgent(entraUserAgent, 'self-test')]))
    expect(log.slice(0, 3).map((entry) => [entry.operation, entry.status])).toEqual([
      ['test-credentials', 200],
      ['test-credentials', 200],
      ['test-credentials', 401]
    ])
    expect(log.filter((entry) => entry.operation === 'delete-user').map((entry) => entry.status)).toEqual([204])
  })

  it('fails the checks a broken server breaks, saying why and what to do', async () => {
    // A server that answers 404 when a filter matches nothing: Test Connection fails on it (scimgateway #18).
    harness.services.faults.set(acme.id, {
      ...noFaults,
      rules: [{ id: 'r1', operation: 'test-credentials', status: 404, detail: 'No such user.', mode: 'percent', percent: 100 }]
    })
    const report = await runEntraChecks({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    expect(conformancePassed(report)).toBe(false)
    expect(report.checks.filter((check) => !check.ok).map((check) => check.step)).toEqual(['test-connection-user', 'test-connection-group'])
    const first = report.checks[0]
    expect(first?.failures[0]).toMatch(/^Expected HTTP 200, got 404: No such user\. /)
    expect(first?.failures.at(-1)).toMatch(/^Next step: a filter that matches nothing must answer 200 .* Test Connection fails on a 404\.$/)

    // A group that cannot be updated: no rename, no member added or removed; each check says why it failed.
    harness.services.faults.set(acme.id, {
      ...noFaults,
      rules: [{ id: 'r2', operation: 'group-push-update', status: 500, detail: 'Membership is broken.', mode: 'percent', percent: 100 }]
    })
    const broken = await runEntraChecks({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    const failed = broken.checks.filter((check) => !check.ok)
    expect(failed.map((check) => check.step)).toEqual([
      'update-group-non-member',
      'add-members',
      'member-listed',
      'remove-members',
      'member-removed',
      'add-members-flagged',
      'remove-members-flagged',
      'member-removed-flagged'
    ])
    expect(failed.find((check) => check.step === 'add-members')?.failures).toEqual([
      'Expected HTTP 200 or 204, got 500: Membership is broken. (Injected by SCIM Console fault injection for training.)',
      'Next step: open this request in the provisioning log (Logs, failed) for its error and diagnosis; an injected fault says so there.'
    ])
    expect(failed.find((check) => check.step === 'member-listed')?.failures[0]).toMatch(/^displayName is ".*", expected ".* \(renamed\)"$/)
  })

  it('skips, saying why, the checks that need the user Create User did not make, and still runs the group checks', async () => {
    harness.services.faults.set(acme.id, { ...noFaults, rules: [{ id: 'r', operation: 'create-user', status: 500, detail: 'Cannot create.', mode: 'percent', percent: 100 }] })
    const report = await runEntraChecks({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    expect(report.checks.map((check) => check.step)).toEqual(steps)
    const reasons = Object.fromEntries(report.checks.filter((check) => !check.ok).map((check) => [check.step, check.failures[0]]))
    expect(reasons['create-user']).toMatch(/^Expected HTTP 201, got 500: Cannot create\./)
    for (const step of ['get-user', 'get-user-by-query', 'get-user-by-work-email', 'update-user-flagged', 'disabled-user-found', 'delete-user', 'deleted-user-gone']) expect(reasons[step]).toBe('Skipped: Create User created no user.')
    expect(reasons['add-members']).toBe('Skipped: Create User created no user to add.')
    for (const step of ['create-group', 'get-group-by-display-name', 'update-group-non-member', 'delete-group']) expect(reasons[step]).toBeUndefined()
  })

  it('waits out a 429 as Retry-After asks, and says what Entra would do with one it did not wait out', async () => {
    const slept: number[] = []
    const sleep = async (ms: number) => void slept.push(ms)
    let calls = 0
    // A proxy in front of the real server that throttles the first request of all.
    const throttleFirst: typeof fetch = async (input, init) => {
      calls += 1
      if (calls === 1) return new Response(JSON.stringify({ status: '429', detail: 'Slow down.' }), { status: 429, headers: { 'retry-after': '3' } })
      return fetch(input, init)
    }
    const report = await runEntraChecks({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token, fetch: throttleFirst, sleep })
    expect(conformancePassed(report)).toBe(true)
    expect(slept).toEqual([3000])
    expect(report.checks[0]?.title).toBe('Test Connection: look up a random user (throttled: waited 3 s, as Retry-After asked)')

    const tooLong: typeof fetch = async () => new Response('{}', { status: 429, headers: { 'retry-after': '600' } })
    const refused = await runEntraChecks({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token, fetch: tooLong, sleep })
    expect(refused.checks[0]?.failures[0]).toBe(
      'HTTP 429: the server is throttling this tenant. This test was asked to wait 600 s, longer than the 60 s it waits; ' +
        'Entra does not wait within a cycle: it records the change as failed and retries it in its next provisioning cycle.'
    )
  })

  it('runs through the demo runner as suite "entra", with a token of its own, revoked at the end', async () => {
    const runner = createDemoRunner(harness.services)
    const pushed: ConformanceRun[] = []
    harness.services.events.on('demo:conformance-progress', (run) => pushed.push(run))
    const values = entraCheckValues()
    const report = await runner.conformance({ tenant: 'acme', origin: harness.origin, suite: 'entra' })
    expect(report.ok && conformancePassed(report.value)).toBe(true)
    expect(report.ok && report.value.checks.length).toBe(steps.length)
    expect(new Set(pushed.map((run) => run.suite))).toEqual(new Set(['entra']))
    expect(pushed.at(-1)?.state).toBe('finished')
    const tokens = harness.services.tokens.list(acme.id)
    expect(tokens.ok && tokens.value.find((token) => token.label === conformanceTokenLabels.entra)?.status).toBe('revoked')
    // Each run makes values of its own, so two runs never meet each other's user or group.
    expect(entraCheckValues().userName).not.toBe(values.userName)
    await runner.close()
  })
})
