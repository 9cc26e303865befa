import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { noFaults } from '../../src/main/core/faults'
import { conformancePassed, invalidUserEmail, runConformance, seedUser } from '../../src/main/demo/conformance'
import { conformanceTokenLabel, createDemoRunner } from '../../src/main/demo/demo-runner'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

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
  'status-404'
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
    expect(report.checks.map((check) => check.step)).toEqual(['seed-user', ...requiredSteps.slice(0, 9), 'groups-endpoint', ...requiredSteps.slice(9)])
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
    const users = harness.services.directory.listUsers(acme.id, { offset: 0, limit: 10 })
    expect(users.items.map((user) => user.userName)).toContain(seedUser.userName)
    expect(users.items.map((user) => user.userName.toLowerCase())).not.toContain(invalidUserEmail)
  })

  it('sends the SPEC test’s headers, and application/json on its POST', async () => {
    await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    const log = harness.logEntries(acme.id)
    expect(new Set(log.map((entry) => entry.client))).toEqual(new Set(['OKTA SCIM Integration']))
    const post = log.find((entry) => entry.method === 'POST' && entry.status === 201 && entry.requestBody?.includes('Runscope'))
    expect(post?.requestHeaders['content-type']).toBe('application/json')
  })

  it('does not seed a tenant that already has users, and still passes', async () => {
    const first = await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    expect(conformancePassed(first)).toBe(true)
    const second = await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: acme.token })
    expect(conformancePassed(second)).toBe(true)
    expect(second.checks.some((check) => check.step === 'seed-user')).toBe(false)
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
  })

  it('fails step 1 with a readable reason when the token is wrong', async () => {
    const report = await runConformance({ tenantId: acme.id, baseUrl: acme.baseUrl, token: 'scim_not-a-token' })
    const first = report.checks.find((check) => check.step === 'test-users-endpoint')
    expect(first?.ok).toBe(false)
    expect(first?.failures[0]).toMatch(/Expected HTTP 200, got 401/)
    expect(report.checks.find((check) => check.step === 'get-user-by-id')?.failures).toEqual(['Skipped: step 1 gave no user id.'])
  })

  it('runs through the demo runner with a token of its own, revoked at the end', async () => {
    const runner = createDemoRunner(harness.services)
    const report = await runner.conformance({ tenant: 'acme', origin: harness.origin })
    expect(report.ok && conformancePassed(report.value)).toBe(true)
    const tokens = harness.services.tokens.list(acme.id)
    expect(tokens.ok && tokens.value.find((token) => token.label === conformanceTokenLabel)?.status).toBe('revoked')
  })
})
