import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { noFaults } from '../../src/main/core/faults'
import { invalidUserEmail, runConformance, seedUser } from '../../src/main/demo/conformance'
import { conformancePassed } from '../../src/main/demo/self-test'
import { conformanceTokenLabels, createDemoRunner } from '../../src/main/demo/demo-runner'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'
import type { ConformanceWait } from '../../src/shared/models'

const requiredSteps = [
  'test-users-endpoint',
  'get-user-by-id',
  'invalid-user-by-username',
  'invalid-user-by-id',
  'random-user-does-not-exist',
  'create-user',
  'verify-user-created',
  'recreate-user-conflict',
  'username-case-sensitivity',
  'status-401',
  'status-404',
  'deactivate-test-user',
  'verify-test-user-inactive'
]

describe("Okta's SCIM 2.0 SPEC test against our server", () => {
  let harness: ScimHarness
  let acme: ReturnType<ScimHarness['tenant']>
  beforeEach(async () => {
    harness = await startScimHarness()
    acme = harness.tenant('Acme Corp', 'acme')
  })
  afterEach(async () => {
    await harness.close()
  })

  it('passes every required check on an empty tenant, seeding the one active user step 1 needs', async () => {
    const report = await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    const failures = report.checks.filter((check) => !check.ok).map((check) => [check.step, check.failures])
    // The Groups step also asserts an answer within 600 ms; it is optional, and timing is not this test's business.
    expect(conformancePassed(report), JSON.stringify(failures)).toBe(true)
    expect(report.checks.map((check) => check.step)).toEqual([
      'seed-user',
      ...requiredSteps.slice(0, 9),
      'groups-endpoint',
      ...requiredSteps.slice(9),
      'clean-up-1',
      'clean-up-2'
    ])
    expect(report.checks.filter((check) => !check.optional).every((check) => check.ok)).toBe(true)
    expect(report.passed + report.failed).toBe(report.checks.length)

    // Each check keeps what was sent and answered, for the checklist.
    const create = report.checks.find((check) => check.step === 'create-user')
    expect(create?.request.method).toBe('POST')
    expect(create?.response.status).toBe(201)
    expect(JSON.parse(create?.request.body ?? '{}').userName).toMatch(/^Runscope\d{3}[A-Z][a-z]{8}\d{3}@atko\.com$/)
    const unauthorized = report.checks.find((check) => check.step === 'status-401')
    expect(JSON.parse(unauthorized?.response.body ?? '{}').status).toBe('401')

    // The seed is the SPEC test's precondition, never the user step 5 expects to be missing.
    const seeded = report.checks.find((check) => check.step === 'seed-user')
    expect(JSON.parse(seeded?.request.body ?? '{}').userName).toBe(seedUser.userName)
    expect(seeded?.request.body).not.toContain(invalidUserEmail)
    // And it leaves the tenant as it found it: empty.
    expect(harness.services.directory.listUsers(acme.id, { offset: 0, limit: 10 }).items).toEqual([])
  })

  it("leaves the tenant as it found it: deletes its test user at the end, saying so in a check of its own, and the customer's users stay", async () => {
    const customer = harness.services.directory.createUser(acme.id, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'jane.doe@acme.com',
      name: { givenName: 'Jane', familyName: 'Doe' },
      emails: [{ primary: true, value: 'jane.doe@acme.com', type: 'work' }],
      active: true
    })
    expect(customer.ok).toBe(true)
    const before = harness.services.directory.listUsers(acme.id, { offset: 0, limit: 10 }).items
    const report = await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    expect(conformancePassed(report)).toBe(true)
    const created = JSON.parse(report.checks.find((check) => check.step === 'create-user')?.request.body ?? '{}') as { userName: string }
    const cleanUps = report.checks.filter((check) => check.step.startsWith('clean-up-'))
    expect(cleanUps.map((check) => [check.title, check.ok, check.optional, check.request.method, check.response.status])).toEqual([
      [`Clean up: delete the user ${created.userName} this test created (SCIM Console's step, not Okta's)`, true, true, 'DELETE', 204]
    ])
    expect(harness.services.directory.listUsers(acme.id, { offset: 0, limit: 10 }).items).toEqual(before)
  })

  it('still deletes its test user when checks fail midway, and names a user it could not delete', async () => {
    // The deactivation fails: the test goes on to its end, and deletes the user it left active.
    harness.services.faults.set(acme.id, { ...noFaults, rules: [{ id: 'r1', operation: 'deactivate-user', status: 500, detail: 'Path-less PATCH is broken.', mode: 'percent', percent: 100 }] })
    const broken = await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    expect(conformancePassed(broken)).toBe(false)
    expect(broken.checks.filter((check) => check.step.startsWith('clean-up-')).every((check) => check.ok)).toBe(true)
    expect(harness.services.directory.listUsers(acme.id, { offset: 0, limit: 10 }).items).toEqual([])

    // A DELETE the server refuses leaves the user behind: the check fails (optional), naming it and where to delete it.
    harness.services.faults.set(acme.id, { ...noFaults, rules: [{ id: 'r2', operation: 'delete-user', status: 500, detail: 'Deletes are broken.', mode: 'percent', percent: 100 }] })
    const stuck = await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    expect(conformancePassed(stuck)).toBe(true)
    const left = stuck.checks.filter((check) => check.step.startsWith('clean-up-') && !check.ok)
    expect(left).toHaveLength(2)
    expect(left.every((check) => check.optional)).toBe(true)
    expect(left[1]?.title).toMatch(/^Clean up: delete the user Runscope\d{3}\w+@atko\.com this test created/)
    expect(left[1]?.failures.slice(0, 2)).toEqual([
      expect.stringMatching(/^Expected HTTP 204 or 404, got 500: Deletes are broken\./),
      expect.stringMatching(/^The test user Runscope\d{3}\w+@atko\.com is still in the tenant: delete it on the tenant's Directory page\.$/)
    ])
  })

  it('sends the SPEC test’s headers, its User-Agent marked as the self-test’s, and application/json on its POST', async () => {
    await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    const log = harness.logEntries(acme.id)
    expect(new Set(log.map((entry) => entry.client))).toEqual(new Set(['OKTA SCIM Integration SCIM-Console-Simulator/self-test']))
    const post = log.find((entry) => entry.method === 'POST' && entry.status === 201 && entry.requestBody?.includes('Runscope'))
    expect(post?.requestHeaders['content-type']).toBe('application/json')
  })

  it('does not seed a tenant that already has users, and still passes', async () => {
    expect(harness.services.directory.createUser(acme.id, { ...seedUser, userName: 'first.user@acme.com' }).ok).toBe(true)
    const report = await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    expect(conformancePassed(report)).toBe(true)
    expect(report.checks.some((check) => check.step === 'seed-user')).toBe(false)
    // The user that was there stays; only the test's own user is deleted.
    expect(harness.services.directory.listUsers(acme.id, { offset: 0, limit: 10 }).items.map((user) => user.userName)).toEqual(['first.user@acme.com'])
  })

  it('fails the checks a broken server breaks, saying why', async () => {
    // Every user lookup answers 500, as a server whose filter support is broken would.
    harness.services.faults.set(acme.id, {
      ...noFaults,
      rules: [{ id: 'r1', operation: 'lookup-user', status: 500, detail: 'Filters are broken.', mode: 'percent', percent: 100 }]
    })
    const report = await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    expect(conformancePassed(report)).toBe(false)
    const failed = report.checks.filter((check) => !check.ok).map((check) => check.step)
    expect(failed).toEqual(['invalid-user-by-username', 'random-user-does-not-exist', 'username-case-sensitivity'])
    expect(report.checks.find((check) => check.step === 'invalid-user-by-username')?.failures[0]).toMatch(/Expected HTTP 200, got 500: Filters are broken/)
    // Each failure ends with what to do about it.
    for (const check of report.checks.filter((item) => !item.ok)) expect(check.failures[check.failures.length - 1]).toMatch(/^Next step: /)
  })

  it('waits out 429s as Okta does (Retry-After), so a throttled tenant still passes', async () => {
    await harness.close()
    const clock = { now: Date.parse('2026-03-02T09:00:00Z') }
    harness = await startScimHarness({ now: () => clock.now })
    acme = harness.tenant('Acme Corp', 'acme')
    harness.services.tenants.update({ tenant: acme.id, rateLimitPerMinute: 6 })
    const slept: number[] = []
    const heard: (ConformanceWait | null)[] = []
    const report = await runConformance({
      tenantId: acme.id,
      baseUrl: acme.baseUrl,
      token: acme.token,
      now: () => clock.now,
      sleep: async (ms) => {
        slept.push(ms)
        clock.now += ms
      },
      onWait: (wait) => heard.push(wait)
    })
    const failures = report.checks.filter((check) => !check.ok).map((check) => [check.step, check.failures])
    expect(conformancePassed(report), JSON.stringify(failures)).toBe(true)
    expect(slept.length).toBeGreaterThan(0)
    // Each wait is heard as it starts, with how long and until when, then as over once the request goes again.
    expect(heard).toHaveLength(slept.length * 2)
    heard.forEach((wait, index) => {
      if (index % 2 === 1) return expect(wait).toBeNull()
      const ms = slept[index / 2] ?? 0
      expect(wait).toMatchObject({ waitSeconds: ms / 1000, attempt: expect.any(Number), method: expect.any(String), path: expect.stringMatching(/^\//) })
    })
    expect(harness.logEntries(acme.id).some((entry) => entry.status === 429)).toBe(true)
  })

  it('says once that nothing answers, with what to do, and sends nothing more', async () => {
    const calls: string[] = []
    const counted = (async (input: string | URL | Request, init?: RequestInit) => {
      calls.push(String(input))
      return fetch(input, init)
    }) as typeof fetch
    await harness.app.close()
    const report = await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token, fetch: counted })
    expect(conformancePassed(report)).toBe(false)
    const first = report.checks.find((check) => check.step === 'test-users-endpoint')
    expect(first?.failures.join(' ')).toMatch(/nothing is listening there\. Is the SCIM server running\?/)
    expect(report.checks.filter((check) => check.step !== 'test-users-endpoint').every((check) => /^Not run: /.test(check.failures[0] ?? ''))).toBe(true)
    expect(calls.length).toBeLessThanOrEqual(2)
  })

  it('stops at once when cancelled', async () => {
    const controller = new AbortController()
    const calls: string[] = []
    const counted = (async (input: string | URL | Request, init?: RequestInit) => {
      calls.push(String(input))
      return fetch(input, init)
    }) as typeof fetch
    const report = await runConformance({
      tenantId: acme.id,
      baseUrl: acme.baseUrl,
      token: acme.token,
      fetch: counted,
      signal: controller.signal,
      onCheck: (check) => {
        if (check.step === 'get-user-by-id') controller.abort()
      }
    })
    expect(report.checks.map((check) => check.step)).toEqual(['seed-user', 'test-users-endpoint', 'get-user-by-id'])
    expect(report.cancelled).toBe(true)
    expect(calls).toHaveLength(4)
  })

  it('fails list answers whose paging numbers are strings, which Okta cannot read, even where the SPEC test compares text', async () => {
    const stringly = (async (input: string | URL | Request, init?: RequestInit) => {
      const response = await fetch(input, init)
      if (!String(input).includes('filter=')) return response
      const text = (await response.text()).replace(/"totalResults":(\d+)/, '"totalResults":"$1"')
      return new Response(text, { status: response.status, headers: response.headers })
    }) as typeof fetch
    const report = await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token, fetch: stringly })
    expect(conformancePassed(report)).toBe(false)
    for (const step of ['invalid-user-by-username', 'random-user-does-not-exist']) {
      expect(report.checks.find((check) => check.step === step)?.failures.join(' ')).toMatch(/totalResults is not a number/)
    }
  })

  it('fails a userName filter that is case-sensitive, which the SPEC test passes on its 200 alone', async () => {
    // A server that matches userName exactly: the upper-cased lookup of step 17 finds nothing.
    const caseSensitive = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input)
      const value = /"(.*)"/.exec(decodeURIComponent(/filter=([^&]*)/.exec(url)?.[1] ?? ''))?.[1]
      const authorized = new Headers(init?.headers).get('authorization')?.startsWith('Bearer ')
      if (value && authorized && value === value.toUpperCase()) {
        const empty = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] }
        return new Response(JSON.stringify(empty), { status: 200, headers: { 'content-type': 'application/scim+json' } })
      }
      return fetch(input, init)
    }) as typeof fetch
    const report = await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token, fetch: caseSensitive })
    expect(conformancePassed(report)).toBe(false)
    expect(report.checks.filter((check) => !check.ok).map((check) => check.step)).toEqual(['username-case-sensitivity'])
    expect(report.checks.find((check) => check.step === 'username-case-sensitivity')?.failures[0]).toMatch(/found no user/)
  })

  it('deactivates its test user at the end, as Okta does (PATCH, no path), and fails a server that cannot', async () => {
    const report = await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    expect(report.checks.filter((check) => !check.step.startsWith('clean-up-')).slice(-2).map((check) => [check.step, check.ok, check.optional])).toEqual([
      ['deactivate-test-user', true, false],
      ['verify-test-user-inactive', true, false]
    ])
    const deactivate = report.checks.find((check) => check.step === 'deactivate-test-user')
    expect(deactivate?.request.method).toBe('PATCH')
    expect(JSON.parse(deactivate?.response.body ?? '{}').active).toBe(false)

    harness.services.faults.set(acme.id, { ...noFaults, rules: [{ id: 'r1', operation: 'deactivate-user', status: 500, detail: 'Path-less PATCH is broken.', mode: 'percent', percent: 100 }] })
    const broken = await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    expect(conformancePassed(broken)).toBe(false)
    expect(broken.checks.find((check) => check.step === 'deactivate-test-user')?.failures[0]).toMatch(/Expected HTTP 200 or 204, got 500/)
  })

  it('fails step 1 with a readable reason when the token is wrong', async () => {
    const report = await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: 'scim_not-a-token' })
    const first = report.checks.find((check) => check.step === 'test-users-endpoint')
    expect(first?.ok).toBe(false)
    expect(first?.failures[0]).toMatch(/Expected HTTP 200, got 401/)
    expect(report.checks.find((check) => check.step === 'get-user-by-id')?.failures).toEqual(['Skipped: step 1 gave no user id.'])
  })

  it('is stopped by closing the demo runner (the app quitting), and its token is still revoked', async () => {
    const runner = createDemoRunner(harness.services)
    let closing: Promise<void> | null = null
    const report = await runner.conformance({
      tenant: 'acme',
      origin: harness.origin,
      onCheck: () => {
        closing ??= runner.close()
      }
    })
    await closing
    expect(report.ok && report.value.checks.length).toBe(1)
    expect(report.ok && report.value.cancelled).toBe(true)
    const tokens = harness.services.tokens.list(acme.id)
    expect(tokens.ok && tokens.value.find((token) => token.label === conformanceTokenLabels.okta)?.status).toBe('revoked')
  })

  it('runs through the demo runner with a token of its own, revoked at the end', async () => {
    const runner = createDemoRunner(harness.services)
    const report = await runner.conformance({ tenant: 'acme', origin: harness.origin })
    expect(report.ok && conformancePassed(report.value)).toBe(true)
    expect(report.ok && report.value.cancelled).toBe(false)
    const tokens = harness.services.tokens.list(acme.id)
    expect(tokens.ok && tokens.value.find((token) => token.label === conformanceTokenLabels.okta)?.status).toBe('revoked')
  })
})
