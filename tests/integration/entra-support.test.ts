/**
 * What Support sees when the client is Microsoft Entra ID (okta-scim.md §4): Entra's requests replayed over real HTTP,
 * with its User-Agent, with and without the aadOptscim062020 flag, and read back as the provisioning log, its
 * diagnoses and the Directory show them. Each failure names what Entra was doing, to whom, and what its admin does next
 * in Entra's words.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDiagnostician } from '../../src/main/core/diagnosis'
import { entryOperationLabel } from '../../src/shared/operation-labels'
import { handlersOn } from '../support/handler-deps'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'
import { value } from '../support/result'

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'
const groupUrn = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const patchUrn = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const entraHeaders = { 'user-agent': 'Azure Active Directory SCIM Client', accept: 'application/scim+json' }
const flag = 'aadOptscim062020'

const query = (filter: string) => `filter=${encodeURIComponent(filter)}`

let harness: ScimHarness
let contoso: ReturnType<ScimHarness['tenant']>

beforeEach(async () => {
  harness = await startScimHarness()
  contoso = harness.tenant('Contoso', 'contoso')
})
afterEach(async () => {
  await harness.close()
})

/**
 * Sends a request as Entra does: to the Tenant URL, which may carry the aadOptscim062020 flag as its query (Entra puts
 * the resource's path before it and its own parameters after it). `token` null sends none; a string sends that one.
 */
function entra(method: string, path: string, options: { body?: unknown; token?: string | null; flagged?: boolean } = {}) {
  const [resource = '', parameters] = path.split('?')
  const search = [options.flagged ? flag : null, parameters ?? null].filter((part) => part !== null).join('&')
  return harness.request(method, `${contoso.baseUrl}${resource}${search ? `?${search}` : ''}`, {
    headers: entraHeaders,
    body: options.body,
    ...(options.token === undefined ? {} : { token: options.token })
  })
}

async function createUser(userName: string, externalId: string, flagged = false): Promise<string> {
  const created = await entra('POST', '/Users', {
    flagged,
    body: { schemas: [userUrn], externalId, userName, active: true, emails: [{ primary: true, type: 'work', value: userName }] }
  })
  expect(created.status).toBe(201)
  return String(created.body.id)
}

/** The newest entry of the tenant's log, in full. */
function lastLogged() {
  const entries = harness.logEntries(contoso.id)
  const newest = entries[entries.length - 1]
  if (!newest) throw new Error('nothing was logged')
  return newest
}

describe('the log names what a refused Entra request was doing', () => {
  it.each([false, true])('logs a deactivation refused for its token as a deactivation of that user (flag: %s)', async (flagged) => {
    const id = await createUser('bjensen@contoso.example', '1b0a6f57-7c5e-4f43-9a67-6d3b8d2e1a11', flagged)
    const active = flagged ? false : 'False'
    const op = flagged ? 'replace' : 'Replace'
    const refused = await entra('PATCH', `/Users/${id}`, { flagged, token: 'scim_notAToken', body: { schemas: [patchUrn], Operations: [{ op, path: 'active', value: active }] } })
    expect(refused.status).toBe(401)
    expect(lastLogged()).toMatchObject({ status: 401, operation: 'deactivate-user', targetType: 'user', targetId: id, targetName: 'bjensen@contoso.example' })
  })

  it("logs Entra's reactivation (\"Add\" on active) refused by the throttle as a reactivation", async () => {
    const id = await createUser('bjensen@contoso.example', '1b0a6f57-7c5e-4f43-9a67-6d3b8d2e1a11')
    expect((await entra('PATCH', `/Users/${id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] } })).status).toBe(200)
    value(harness.services.tenants.update({ tenant: contoso.id, rateLimitPerMinute: 1 }))
    await entra('GET', `/Users/${id}`)
    const throttled = await entra('PATCH', `/Users/${id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'Add', path: 'active', value: 'True' }] } })
    expect(throttled.status).toBe(429)
    expect(lastLogged()).toMatchObject({ status: 429, operation: 'reactivate-user', targetId: id, targetName: 'bjensen@contoso.example' })
  })

  it.each([
    ['by externalId', 'externalId eq "1b0a6f57-7c5e-4f43-9a67-6d3b8d2e1a11"'],
    ['by the unquoted externalId of older docs', 'externalId eq jyoung'],
    ['by the work email', 'emails[type eq "work"].value eq "BJensen@contoso.example"']
  ])('names the user of a lookup %s that was refused for its token, so that the lookup is in its history', async (_how, filter) => {
    const id = await createUser('bjensen@contoso.example', filter.includes('jyoung') ? 'jyoung' : '1b0a6f57-7c5e-4f43-9a67-6d3b8d2e1a11')
    // The token Entra still holds was revoked here.
    const revoked = value(harness.services.tokens.issue({ tenant: contoso.id, label: 'Entra' }))
    value(harness.services.tokens.revoke(revoked.id))
    const refused = await entra('GET', `/Users?${query(filter)}`, { flagged: true, token: revoked.token })
    expect(refused.status).toBe(401)
    const logged = lastLogged()
    expect(logged).toMatchObject({ status: 401, operation: 'lookup-user', targetType: 'user', targetId: id, targetName: 'bjensen@contoso.example' })
    const handlers = handlersOn(harness)
    const user = value(await handlers['directory:user']({ tenant: 'contoso', id }))
    expect(user.history.map((entry) => entry.id)).toContain(logged.id)
  })

  it('names nobody for a refused lookup that matches no user, or several', async () => {
    await createUser('a@contoso.example', 'shared')
    await createUser('b@contoso.example', 'shared')
    const revoked = value(harness.services.tokens.issue({ tenant: contoso.id, label: 'Entra' }))
    value(harness.services.tokens.revoke(revoked.id))
    await entra('GET', `/Users?${query('externalId eq "shared"')}`, { token: revoked.token })
    expect(lastLogged()).toMatchObject({ status: 401, operation: 'lookup-user', targetId: null, targetName: null })
    await entra('GET', `/Users?${query('externalId eq "nobody"')}`, { token: revoked.token })
    expect(lastLogged()).toMatchObject({ status: 401, targetId: null, targetName: null })
  })

  it('searches the directory for no request without a token of ours: a missing or made-up token finds nobody', async () => {
    await createUser('bjensen@contoso.example', 'jyoung')
    for (const token of [null, 'scim_notAToken']) {
      await entra('GET', `/Users?${query('externalId eq "jyoung"')}`, { token })
      expect(lastLogged()).toMatchObject({ status: 401, operation: 'lookup-user', targetId: null, targetName: null })
    }
    // A userName is still read from the filter itself, without a search.
    await entra('GET', `/Users?${query('userName eq "bjensen@contoso.example"')}`, { token: 'scim_notAToken' })
    expect(lastLogged()).toMatchObject({ status: 401, targetId: null, targetName: 'bjensen@contoso.example' })
  })
})

describe("Entra's Test Connection", () => {
  // What Entra's Test Connection sends (AzureAD/SCIMReferenceCode#63): a lookup of a random GUID userName.
  const check = `/Users?${query('userName eq "cf4d78e8-cc4f-4d5d-b8b9-183561c0104a"')}`

  it.each([false, true])('is logged as Test connection, with no made-up user as its target (flag: %s)', async (flagged) => {
    const answered = await entra('GET', check, { flagged })
    expect([answered.status, answered.body.totalResults, answered.body.Resources]).toEqual([200, 0, []])
    const logged = lastLogged()
    expect(logged).toMatchObject({ status: 200, operation: 'test-credentials', targetType: null, targetId: null, targetName: null })
    expect(entryOperationLabel(logged)).toBe('Test connection')
  })

  it('is logged as Test connection when refused, and its diagnosis asks for no retry of a change', async () => {
    const revoked = value(harness.services.tokens.issue({ tenant: contoso.id, label: 'Entra' }))
    value(harness.services.tokens.revoke(revoked.id))
    expect((await entra('GET', check, { token: revoked.token })).status).toBe(401)
    const logged = lastLogged()
    expect(logged).toMatchObject({ status: 401, operation: 'test-credentials', targetName: null })
    const diagnosis = value(createDiagnostician(harness.services).detail(logged.id)).diagnosis
    expect(diagnosis?.nextStep).toContain('click Test Connection')
    expect(diagnosis?.nextStep).not.toContain('retries the change')
  })

  it('when throttled, is not said to be retried in a later cycle: the admin clicks Test Connection again', async () => {
    value(harness.services.tenants.update({ tenant: contoso.id, rateLimitPerMinute: 1 }))
    expect((await entra('GET', check, { flagged: true })).status).toBe(200)
    expect((await entra('GET', check, { flagged: true })).status).toBe(429)
    const logged = lastLogged()
    expect(logged).toMatchObject({ status: 429, operation: 'test-credentials' })
    const diagnosis = value(createDiagnostician(harness.services).detail(logged.id)).diagnosis
    expect(diagnosis?.explanation).not.toContain('retries the refused change')
    expect(diagnosis?.explanation).toContain('A clicked Test Connection is not retried')
    expect(diagnosis?.nextStep).toContain('click Test Connection again, then Save')
    expect(`${diagnosis?.explanation} ${diagnosis?.nextStep}`).not.toContain('Okta')
  })

  it('for a throttled change, adds that Provision on demand does not retry it, unlike a cycle', async () => {
    const id = await createUser('bjensen@contoso.example', '1b0a6f57-7c5e-4f43-9a67-6d3b8d2e1a11')
    value(harness.services.tenants.update({ tenant: contoso.id, rateLimitPerMinute: 1 }))
    await entra('GET', `/Users/${id}`)
    const title = { schemas: [patchUrn], Operations: [{ op: 'Replace', path: 'title', value: 'Engineer' }] }
    expect((await entra('PATCH', `/Users/${id}`, { body: title })).status).toBe(429)
    const diagnosis = value(createDiagnostician(harness.services).detail(lastLogged().id)).diagnosis
    expect(diagnosis?.explanation).toContain('retries the refused change in a later provisioning cycle')
    expect(diagnosis?.explanation).toContain('Provision on demand is no cycle: a change it sent is not retried')
    expect(diagnosis?.nextStep).toContain('If the change came from Provision on demand, click Provision again.')
  })

  it("counts the group half of the check too, unless a group has that name", async () => {
    const groupCheck = `/Groups?excludedAttributes=members&${query('displayName eq "5f0c7a3e-1b2d-4c6e-8f9a-0b1c2d3e4f5a"')}`
    expect((await entra('GET', groupCheck)).status).toBe(200)
    expect(lastLogged()).toMatchObject({ operation: 'test-credentials', targetType: null, targetName: null })
    const named = await entra('POST', '/Groups', { body: { schemas: [groupUrn], displayName: '5f0c7a3e-1b2d-4c6e-8f9a-0b1c2d3e4f5a', members: [] } })
    expect(named.status).toBe(201)
    await entra('GET', groupCheck)
    expect(lastLogged()).toMatchObject({ operation: 'lookup-group', targetType: 'group', targetName: '5f0c7a3e-1b2d-4c6e-8f9a-0b1c2d3e4f5a' })
  })

  it('stays a lookup when a user has that GUID as userName, or when Okta or a script sends it', async () => {
    await createUser('cf4d78e8-cc4f-4d5d-b8b9-183561c0104a', 'objectid-as-username')
    await entra('GET', check)
    expect(lastLogged()).toMatchObject({ operation: 'lookup-user', targetType: 'user', targetName: 'cf4d78e8-cc4f-4d5d-b8b9-183561c0104a' })
    await harness.request('GET', `${contoso.baseUrl}/Users?${query('userName eq "0d6c1c52-96bb-4b8e-a8f4-3f1e8d1f2a90"')}`)
    expect(lastLogged()).toMatchObject({ operation: 'lookup-user', targetName: '0d6c1c52-96bb-4b8e-a8f4-3f1e8d1f2a90' })
    // A lookup of an email address stays one, for Entra too.
    await entra('GET', `/Users?${query('userName eq "bjensen@contoso.example"')}`)
    expect(lastLogged()).toMatchObject({ operation: 'lookup-user', targetName: 'bjensen@contoso.example' })
  })
})

describe("failures are explained in Entra's words", () => {
  it('tells Entra to restart provisioning when it adds a member that was deleted here, and diagnoses it as such', async () => {
    const gone = await createUser('jyoung@contoso.example', 'jyoung')
    expect((await entra('DELETE', `/Users/${gone}`)).status).toBe(204)
    const group = await entra('POST', '/Groups', { body: { schemas: [groupUrn], externalId: '8aa1a0c0', displayName: 'Sales', members: [] } })
    const add = await entra('PATCH', `/Groups/${String(group.body.id)}`, { body: { schemas: [patchUrn], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: gone }] }] } })
    expect([add.status, add.body.scimType]).toEqual([400, 'invalidValue'])
    expect(add.body.detail).toBe(
      `The group names a member that is not a user of this tenant: ${gone}. If Entra's Provisioning logs show this, select Restart provisioning on the app's Provisioning page, so that Entra creates its missing users again.`
    )
    const logged = lastLogged()
    expect(logged.errorDetail).toBe(add.body.detail)
    const diagnosis = value(createDiagnostician(harness.services).detail(logged.id)).diagnosis
    expect(diagnosis?.title).toBe('The group names a member that is not a user of Contoso')
    // Named as the log last knew the user, with the DELETE that removed it.
    expect(diagnosis?.facts).toContainEqual({ label: 'Member', value: `jyoung@contoso.example (id ${gone})` })
    expect(diagnosis?.facts.find((fact) => fact.label === 'Deleted')?.value).toMatch(new RegExp(`by DELETE /scim/v2/contoso/Users/${gone}$`))
    expect(diagnosis?.nextStep).toContain('Restart provisioning')
    expect(JSON.stringify(diagnosis)).not.toMatch(/Okta|[Pp]ush/)
  })

  it('tells a script to create the user first, and Okta to push it first', async () => {
    const group = await entra('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'Sales', members: [] } })
    const body = { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: 'u-unknown' }] }] }
    const script = await harness.request('PATCH', `${contoso.baseUrl}/Groups/${String(group.body.id)}`, { headers: { 'user-agent': 'curl/8.5.0' }, body })
    expect(script.body.detail).toBe('The group names a member that is not a user of this tenant: u-unknown. Create the user first, then add it to the group.')
    const okta = await harness.request('PATCH', `${contoso.baseUrl}/Groups/${String(group.body.id)}`, { body })
    expect(okta.body.detail).toBe('The group names a member that is not a user of this tenant: u-unknown. Push the user first, then the group.')
    const created = await harness.request('POST', `${contoso.baseUrl}/Groups`, { headers: entraHeaders, body: { schemas: [groupUrn], displayName: 'Ops', members: [{ value: 'u-unknown' }] } })
    expect([created.status, created.body.detail]).toEqual([400, expect.stringContaining('Restart provisioning')])
  })

  it('names a deleted user that Entra reads by the name its delete logged, and tells Entra to restart provisioning', async () => {
    const id = await createUser('jyoung@contoso.example', 'jyoung', true)
    expect((await entra('DELETE', `/Users/${id}`, { flagged: true })).status).toBe(204)
    expect((await entra('GET', `/Users/${id}`, { flagged: true })).status).toBe(404)
    const logged = lastLogged()
    expect(logged).toMatchObject({ operation: 'get-user', targetId: id, targetName: null })
    const diagnosis = value(createDiagnostician(harness.services).detail(logged.id)).diagnosis
    expect(diagnosis?.title).toBe('Entra is reading a user that no longer exists here')
    expect(diagnosis?.explanation).toContain(`the user "jyoung@contoso.example" (id ${id})`)
    expect(diagnosis?.facts).toContainEqual({ label: 'userName', value: 'jyoung@contoso.example' })
    expect(diagnosis?.nextStep).toContain('Restart provisioning')
    expect(JSON.stringify(diagnosis)).not.toMatch(/Okta/)
  })

  it('says Entra is reading, not updating, a deleted group it reads without members, and names it', async () => {
    const group = await entra('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'Sales', members: [] } })
    const id = String(group.body.id)
    expect((await entra('DELETE', `/Groups/${id}`)).status).toBe(204)
    expect((await entra('GET', `/Groups/${id}?excludedAttributes=members`)).status).toBe(404)
    const diagnosis = value(createDiagnostician(harness.services).detail(lastLogged().id)).diagnosis
    expect(diagnosis?.title).toBe('Entra is reading a group that no longer exists here')
    expect(diagnosis?.explanation).toContain(`the group "Sales" (id ${id})`)
    expect(diagnosis?.facts).toContainEqual({ label: 'Group', value: 'Sales' })
  })

  it('tells Entra that its Secret Token is empty when it sends a token it issued itself, and keeps no part of that token', async () => {
    // What Entra sends when Secret Token is left empty: a JSON Web Token issued by Microsoft Entra ID (header.payload.signature).
    const entraIssued = `${Buffer.from('{"typ":"JWT","alg":"RS256"}').toString('base64url')}.${Buffer.from('{"aud":"8adf8e6e","iss":"https://sts.windows.net/contoso/"}').toString('base64url')}.c2lnbmF0dXJl`
    const refused = await entra('GET', `/Users?${query('userName eq "6f2d4e11-8a3b"')}`, { flagged: true, token: entraIssued })
    expect(refused.status).toBe(401)
    expect(refused.body.detail).toBe(
      "The token is a JSON Web Token, not an API token of this tenant. Entra sends a token issued by Microsoft Entra ID when its Secret Token field is empty: paste the API token into Secret Token in Entra (the app's Provisioning page, under Admin Credentials), then click Test Connection."
    )
    const logged = lastLogged()
    expect(logged.requestHeaders.authorization).toBe('Bearer eyJ…[JWT]')
    expect(JSON.stringify(logged)).not.toContain(entraIssued.slice(3, 20))
    const diagnosis = value(createDiagnostician(harness.services).detail(logged.id)).diagnosis
    expect(diagnosis?.title).toBe('Entra sent a token of its own: its Secret Token field is empty')
    expect(diagnosis?.nextStep).toContain('paste an API token of Contoso into Secret Token')
    // The harness labels the tenant's token "Okta"; only the facts may name it.
    expect([diagnosis?.title, diagnosis?.explanation, diagnosis?.nextStep].join(' ')).not.toMatch(/Okta/)
    // Okta's admin hears about its own authentication mode instead.
    const okta = await harness.request('GET', `${contoso.baseUrl}/Users?startIndex=1&count=2`, { token: entraIssued })
    expect(okta.body.detail).toMatch(/^The token is a JSON Web Token, not an API token of this tenant\. Okta's OAuth 2 authentication mode sends such tokens; in Okta, set Authentication Mode to "HTTP Header"/)
    expect(value(createDiagnostician(harness.services).detail(lastLogged().id)).diagnosis?.title).toBe('The token is an OAuth access token, not an API token')
  })

  it("diagnoses Entra's create of a group whose name is taken with a retry that fits a group", async () => {
    await entra('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'Sales', members: [] } })
    const clash = await entra('POST', '/Groups', { flagged: true, body: { schemas: [groupUrn], externalId: '8aa1a0c0', displayName: 'Sales', members: [] } })
    expect([clash.status, clash.body.scimType]).toEqual([409, 'uniqueness'])
    const logged = lastLogged()
    expect(logged).toMatchObject({ operation: 'group-push-create', targetType: 'group', targetName: 'Sales' })
    const diagnosis = value(createDiagnostician(harness.services).detail(logged.id)).diagnosis
    expect(diagnosis?.title).toBe('A group named "Sales" already exists')
    expect(diagnosis?.nextStep).toContain('Provision on demand retries a single user or group at once')
    expect(diagnosis?.nextStep).not.toMatch(/one user|Okta|[Pp]ush/)
  })
})

describe("the tenant's identity provider, as its traffic shows", () => {
  /** The tenant's summary once every request so far is in the log. */
  function provider() {
    harness.services.log.flush()
    return value(harness.services.tenants.summary(contoso.id)).identityProvider
  }

  it('is none before the first request, then whichever of Okta and Entra sent the latest, whatever curl sent since', async () => {
    expect(provider()).toBeNull()
    // Okta's Test API Credentials (the harness's default client).
    await harness.request('GET', `${contoso.baseUrl}/Users?startIndex=1&count=2`)
    expect(provider()).toBe('okta')
    await harness.request('GET', `${contoso.baseUrl}/Users`, { headers: { 'user-agent': 'curl/8.5.0' } })
    expect(provider()).toBe('okta')
    // Entra by its User-Agent, and by the flag of its Tenant URL alone.
    await entra('GET', `/Users?${query('userName eq "bjensen@contoso.example"')}`)
    expect(provider()).toBe('entra')
    await harness.request('GET', `${contoso.baseUrl}/Users?aadOptscim062020`, { headers: { 'user-agent': 'curl/8.5.0' } })
    expect(provider()).toBe('entra')
    // The tenants table's list says the same.
    expect(harness.services.tenants.list()).toContainEqual(expect.objectContaining({ slug: 'contoso', identityProvider: 'entra' }))
  })

  it('is none for a tenant only curl and scripts have called', async () => {
    await harness.request('GET', `${contoso.baseUrl}/Users`, { headers: { 'user-agent': 'curl/8.5.0' } })
    expect(provider()).toBeNull()
  })
})
