import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FaultRule } from '../../src/shared/models'
import { createServices, type Services } from '../../src/main/core/services'
import { noFaults, type FaultSettings } from '../../src/main/core/faults'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const user = (userName: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName,
  name: { givenName: 'Jane', familyName: 'Doe' },
  emails: [{ primary: true, value: userName, type: 'work' }],
  active: true
})

function rule(partial: Partial<FaultRule>): FaultRule {
  return { id: '', operation: 'any', status: 500, detail: 'The database is unavailable.', mode: 'percent', percent: 100, ...partial }
}

describe('fault injection', () => {
  let harness: ScimHarness
  let acme: ReturnType<ScimHarness['tenant']>
  let globex: ReturnType<ScimHarness['tenant']>

  beforeEach(async () => {
    harness = await startScimHarness()
    acme = harness.tenant('Acme Corp', 'acme')
    globex = harness.tenant('Globex', 'globex')
  })
  afterEach(async () => {
    await harness.close()
  })

  function setFaults(settings: Partial<FaultSettings>, services: Services = harness.services, tenant = acme.id) {
    const result = services.faults.set(tenant, { ...noFaults, ...settings })
    if (!result.ok) throw new Error(result.error.message)
    return result.value
  }

  it('a write whose tenant is deleted while it waits (here behind added latency) is a 404 that saved nothing, not a 500', async () => {
    setFaults({ latencyMs: 400 })
    // The tenant goes once the request is admitted and waits out its latency: watched, not guessed with a sleep, which
    // a loaded machine outran (the request was not yet authenticated, and got a 401).
    const faults = harness.services.faults
    const intercept = faults.intercept.bind(faults)
    const waiting = new Promise<void>((resolve) => {
      faults.intercept = (request) => {
        resolve()
        return intercept(request)
      }
    })
    const pending = harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: user('late@acme.com') })
    await waiting
    expect(harness.services.tenants.remove({ tenant: acme.id, force: true }).ok).toBe(true)
    const answer = await pending
    expect(answer.status, answer.text).toBe(404)
    expect(String(answer.body.detail)).toBe('No tenant has the slug "acme": it was deleted while this request was being handled, so nothing was saved.')
    expect(harness.internalErrors).toEqual([])
  })

  it('throttles a tenant to N requests a minute with 429 and Retry-After, logged as injected; other tenants are unaffected', async () => {
    setFaults({ throttlePerMinute: 2 })
    const statuses: number[] = []
    for (let index = 0; index < 3; index += 1) statuses.push((await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })).status)
    const throttled = await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })
    expect([...statuses, throttled.status]).toEqual([200, 200, 429, 429])
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(throttled.body.status).toBe('429')
    expect(String(throttled.body.detail)).toMatch(/throttled to 2 requests a minute.*Injected by SCIM Console/)

    expect((await harness.request('GET', `${globex.baseUrl}/Users`, { token: globex.token })).status).toBe(200)
    const log = harness.logEntries(acme.id)
    expect(log.map((entry) => [entry.status, entry.injected])).toEqual([
      [200, false],
      [200, false],
      [429, true],
      [429, true]
    ])
    expect(log[3]?.errorDetail).toMatch(/Injected/)
    expect(harness.logEntries(globex.id).map((entry) => entry.injected)).toEqual([false])
  })

  it('fails a chosen operation with the chosen status and detail, and leaves other operations alone', async () => {
    setFaults({ rules: [rule({ operation: 'create-user', status: 503, detail: 'Provisioning is paused for maintenance.' })] })
    const created = await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: user('jane@acme.test') })
    expect(created.status).toBe(503)
    expect(created.body.detail).toBe('Provisioning is paused for maintenance. (Injected by SCIM Console fault injection for training.)')
    expect((await harness.request('GET', `${acme.baseUrl}/Users?filter=userName%20eq%20%22jane%40acme.test%22`, { token: acme.token })).status).toBe(200)
    expect((await harness.request('POST', `${globex.baseUrl}/Users`, { token: globex.token, body: user('jane@acme.test') })).status).toBe(201)
    const [failed, lookup] = harness.logEntries(acme.id)
    expect([failed?.operation, failed?.status, failed?.injected, failed?.targetName]).toEqual(['create-user', 503, true, 'jane@acme.test'])
    expect(lookup?.injected).toBe(false)
    expect(harness.services.directory.listUsers(acme.id, { offset: 0, limit: 10 }).total).toBe(0)
  })

  it('tells a deactivation from a profile update, so that a rule on deactivate-user fires only on deactivation', async () => {
    const created = await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: user('jane@acme.test') })
    const id = String(created.body.id)
    setFaults({ rules: [rule({ operation: 'deactivate-user', status: 500, detail: 'Deactivation failed.' })] })
    const patch = (value: Record<string, unknown>) =>
      harness.request('PATCH', `${acme.baseUrl}/Users/${id}`, {
        token: acme.token,
        body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value }] }
      })
    expect((await patch({ title: 'Engineer' })).status).toBe(200)
    expect((await patch({ active: false })).status).toBe(500)
    const log = harness.logEntries(acme.id)
    const injected = log[log.length - 1]
    expect([injected?.operation, injected?.injected, injected?.targetId, injected?.targetName]).toEqual(['deactivate-user', true, id, 'jane@acme.test'])
  })

  it('consumes a "once" rule exactly once, even under concurrent requests', async () => {
    setFaults({ rules: [rule({ operation: 'lookup-user', mode: 'once', status: 500, detail: 'Lookup failed once.' })] })
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => harness.request('GET', `${acme.baseUrl}/Users?filter=userName%20eq%20%22x%40y.z%22`, { token: acme.token }))
    )
    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 500])
    const after = harness.services.faults.get(acme.id)
    expect(after.ok && after.value.rules).toEqual([])
    expect(harness.logEntries(acme.id).filter((entry) => entry.injected)).toHaveLength(1)
  })

  it('fails the next token check as if the token were revoked, once', async () => {
    setFaults({ failNextAuth: true })
    const refused = await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toMatch(/Bearer/)
    expect(String(refused.body.detail)).toMatch(/The API token "Okta" was revoked.*Injected/)
    expect((await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })).status).toBe(200)
    const after = harness.services.faults.get(acme.id)
    expect(after.ok && after.value.failNextAuth).toBe(false)
    expect(harness.logEntries(acme.id).map((entry) => [entry.status, entry.injected])).toEqual([
      [401, true],
      [200, false]
    ])
    // The token really is still valid.
    const tokens = harness.services.tokens.list(acme.id)
    expect(tokens.ok && tokens.value.map((token) => token.status)).toEqual(['active'])
  })

  it("tells each client's admin where the new token goes, as a real revocation does", async () => {
    const injected = '(Injected by SCIM Console fault injection for training.) The token is still valid; the next request succeeds.'
    const clients = [
      ['Okta SCIM Client 1.0.0', 'Issue a new token and paste it into Okta.'],
      ['Azure Active Directory SCIM Client', "Issue a new token and paste it into Secret Token in Entra (the app's Provisioning page, under Admin Credentials)."],
      ['curl/8.5.0', 'Issue a new token in SCIM Console and send that one.']
    ] as const
    for (const [userAgent, nextStep] of clients) {
      setFaults({ failNextAuth: true })
      const refused = await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token, headers: { 'user-agent': userAgent } })
      expect(refused.status).toBe(401)
      expect(refused.body.detail).toBe(`The API token "Okta" was revoked. ${nextStep} ${injected}`)
      expect(harness.logEntries(acme.id).at(-1)?.errorDetail).toBe(refused.body.detail)
    }
  })

  it('adds latency without failing the request or flagging it', async () => {
    setFaults({ latencyMs: 30 })
    const response = await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })
    expect(response.status).toBe(200)
    expect(harness.logEntries(acme.id).map((entry) => [entry.status, entry.injected])).toEqual([[200, false]])
  })

  it('applies faults set by another process on the same database at once (the app versus a separate serve)', async () => {
    const other = createServices({ dbPath: harness.services.dbPath })
    try {
      setFaults({ rules: [rule({ operation: 'test-credentials', status: 500, detail: 'Set elsewhere.' })] }, other)
      const failed = await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=2`, { token: acme.token })
      expect([failed.status, failed.body.detail]).toEqual([500, 'Set elsewhere. (Injected by SCIM Console fault injection for training.)'])
      setFaults({}, other)
      expect((await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=2`, { token: acme.token })).status).toBe(200)
    } finally {
      other.close()
    }
  })

  it('lists tenants with faults on for the banner, announces changes, and forgets a tenant once its faults are off', () => {
    const changes: string[] = []
    harness.services.events.on('faults:changed', ({ tenantId }) => changes.push(tenantId))
    expect(harness.services.faults.active()).toEqual([])
    const config = setFaults({ throttlePerMinute: 10, latencyMs: 500, rules: [rule({ operation: 'create-user', percent: 50 })] })
    expect(config.rules[0]?.id).toMatch(/[0-9a-f-]{36}/)
    expect(harness.services.faults.active()).toEqual([
      {
        tenantId: acme.id,
        tenantName: 'Acme Corp',
        tenantSlug: 'acme',
        summary: 'Throttled to 10 requests/min · +500 ms latency · Push new user fails 50% (HTTP 500)',
        entraSummary: 'Throttled to 10 requests/min · +500 ms latency · Create user fails 50% (HTTP 500)'
      }
    ])
    setFaults({})
    expect(harness.services.faults.active()).toEqual([])
    expect(changes).toEqual([acme.id, acme.id])
  })

  it('refuses settings a trainer could not have meant, with a sentence that says why', () => {
    const refused = harness.services.faults.set(acme.id, { ...noFaults, rules: [rule({ status: 200 })] })
    expect(refused.ok ? null : refused.error).toEqual({ code: 'invalid_argument', message: 'Rule 1: the status is an HTTP error code from 400 to 599.' })
    const unknown = harness.services.faults.get('nope')
    expect(unknown.ok ? null : unknown.error.code).toBe('not_found')
  })
})
