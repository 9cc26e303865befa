import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServices } from '../../src/main/core/services'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

describe('SCIM server: tenants, tokens and the Test API Credentials call', () => {
  let harness: ScimHarness
  beforeEach(async () => {
    harness = await startScimHarness()
  })
  afterEach(async () => {
    await harness.close()
  })

  it("answers Okta's Test API Credentials call with an empty ListResponse", async () => {
    const acme = harness.tenant('Acme Corp')
    const response = await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=2`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/scim+json; charset=utf-8')
    expect(response.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: []
    })
  })

  it('refuses a request without a token, with an RFC 7644 error body', async () => {
    const acme = harness.tenant('Acme Corp')
    const response = await harness.request('GET', `${acme.baseUrl}/Users`, { token: null })
    expect(response.status).toBe(401)
    expect(response.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error'])
    expect(response.body.status).toBe('401')
    expect(String(response.body.detail)).toMatch(/Authorization header/)
  })

  it('refuses a revoked token on the very next request', async () => {
    const acme = harness.tenant('Acme Corp')
    expect((await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })).status).toBe(200)
    harness.services.tokens.revoke(acme.tokenId)
    const response = await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })
    expect(response.status).toBe(401)
    expect(String(response.body.detail)).toMatch(/revoked/)
  })

  // The server keeps tenants and tokens it has read; these are the changes that must still count at once.
  it('sees revocations, new limits, new tokens and deleted tenants made by another process from the next request', async () => {
    const acme = harness.tenant('Acme Corp')
    const users = `${acme.baseUrl}/Users?startIndex=1&count=1`
    expect((await harness.request('GET', users, { token: acme.token })).status).toBe(200)
    // A second connection to the same file, as the CLI or the app is while `serve` runs.
    const other = createServices({ dbPath: harness.services.dbPath })
    try {
      other.tokens.revoke(acme.tokenId)
      const refused = await harness.request('GET', users, { token: acme.token })
      expect([refused.status, String(refused.body.detail)]).toEqual([401, expect.stringMatching(/was revoked/)])

      const issued = other.tokens.issue({ tenant: acme.id, label: 'Okta, again' })
      const secret = issued.ok ? issued.value.token : ''
      expect((await harness.request('GET', users, { token: secret })).status).toBe(200)

      other.tenants.update({ tenant: acme.id, name: 'Acme Inc', rateLimitPerMinute: 1 })
      expect((await harness.request('GET', users, { token: secret })).status).toBe(200)
      const throttled = await harness.request('GET', users, { token: secret })
      expect([throttled.status, String(throttled.body.detail)]).toEqual([429, expect.stringMatching(/^Too many requests: Acme Inc allows 1/)])

      // Its tokens go with it: the slug is answered as any slug is to a caller without a token of its tenant.
      other.tenants.remove({ tenant: acme.id, force: true })
      const gone = await harness.request('GET', users, { token: secret })
      expect([gone.status, String(gone.body.detail)]).toEqual([401, expect.stringMatching(/^The API token is not valid for this base URL/)])
    } finally {
      other.close()
    }
  })

  it('sees the same changes made through its own services from the next request', async () => {
    const acme = harness.tenant('Acme Corp')
    const users = `${acme.baseUrl}/Users?startIndex=1&count=1`
    expect((await harness.request('GET', users, { token: acme.token })).status).toBe(200)
    harness.services.tenants.update({ tenant: acme.id, rateLimitPerMinute: 1 })
    expect((await harness.request('GET', users, { token: acme.token })).status).toBe(200)
    expect((await harness.request('GET', users, { token: acme.token })).status).toBe(429)
    harness.services.tenants.remove({ tenant: acme.id, force: true })
    expect((await harness.request('GET', users, { token: acme.token })).status).toBe(401)
  })

  it("refuses another tenant's token", async () => {
    const acme = harness.tenant('Acme Corp')
    const globex = harness.tenant('Globex')
    const response = await harness.request('GET', `${acme.baseUrl}/Users`, { token: globex.token })
    expect(response.status).toBe(401)
    expect(String(response.body.detail)).toMatch(/^The API token was not issued for this base URL\./)
  })

  it('accepts a bare token without the word Bearer, as some Okta admins paste it', async () => {
    const acme = harness.tenant('Acme Corp')
    const response = await harness.request('GET', `${acme.baseUrl}/Users`, { token: null, headers: { authorization: acme.token } })
    expect(response.status).toBe(200)
  })

  it('accepts the word Bearer twice, as an Entra admin who types it into Secret Token sends it, and logs it so with only the prefix', async () => {
    const acme = harness.tenant('Acme Corp')
    const response = await harness.request('GET', `${acme.baseUrl}/Users`, { token: null, headers: { authorization: `Bearer Bearer ${acme.token}` } })
    expect(response.status).toBe(200)
    const [entry] = harness.logEntries(acme.id)
    expect(entry).toMatchObject({ status: 200, authScheme: 'bearer' })
    expect(entry?.requestHeaders.authorization).toBe(`Bearer Bearer ${acme.token.slice(0, 9)}…`)
  })

  it('logs every request against the tenant in its path, even when the token is wrong', async () => {
    const acme = harness.tenant('Acme Corp')
    await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=2`)
    await harness.request('GET', `${acme.baseUrl}/Users`, { token: 'scim_wrong' })
    harness.services.log.flush()
    const page = harness.services.log.list({ tenantId: acme.id })
    expect(page.ok).toBe(true)
    if (!page.ok) return
    expect(page.value.items.map((entry) => [entry.status, entry.operation])).toEqual([
      [401, 'list-users'],
      [200, 'test-credentials']
    ])
    const detail = harness.services.log.get(page.value.items[0]!.id)
    expect(detail.ok && detail.value.requestHeaders.authorization).toBe('Bearer scim_wron…')
  })
})
