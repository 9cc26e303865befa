/**
 * The provisioning log answers Support's first question, "what exactly did the IdP send?": one entry per request,
 * with tenant, token, method, path and query, status, duration, client, the operation in Okta's terms, the user or
 * group it touched, and both bodies, with credentials and passwords redacted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { logLine } from '../../src/main/cli/common'
import type { LogEntry, LogEntrySummary } from '../../src/shared/models'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'
const groupUrn = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const patchUrn = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

describe('provisioning log', () => {
  let harness: ScimHarness
  let tenant: ReturnType<ScimHarness['tenant']>
  const call = (method: string, path: string, options: Parameters<ScimHarness['request']>[2] = {}) =>
    harness.request(method, `${tenant.baseUrl}${path}`, options)
  const last = (): LogEntry => {
    const entries = harness.logEntries(tenant.id)
    const entry = entries[entries.length - 1]
    if (!entry) throw new Error('The log is empty')
    return entry
  }

  beforeEach(async () => {
    harness = await startScimHarness()
    tenant = harness.tenant('Acme Corp')
  })

  afterEach(async () => {
    await harness.close()
  })

  it('records tenant, token, method, path with query, status, duration and client for every request', async () => {
    await call('GET', '/Users?startIndex=1&count=2', { headers: { 'user-agent': 'Okta SCIM Client 1.0.0' } })
    const entry = last()
    expect(entry).toMatchObject({
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      tokenId: tenant.tokenId,
      method: 'GET',
      path: `/scim/v2/${tenant.slug}/Users?startIndex=1&count=2`,
      status: 200,
      client: 'Okta SCIM Client 1.0.0',
      operation: 'test-credentials',
      authScheme: 'bearer',
      errorType: null,
      errorDetail: null
    })
    expect(entry.durationMs).toBeGreaterThanOrEqual(0)
    expect(Number.isNaN(Date.parse(entry.at))).toBe(false)
    expect(JSON.parse(entry.responseBody ?? '{}')).toMatchObject({ totalResults: 0, Resources: [] })
  })

  it("names each step of Okta's user lifecycle in Okta's terms, with the user it touched", async () => {
    await call('GET', '/Users?startIndex=1&count=2')
    await call('GET', `/Users?filter=${encodeURIComponent('userName eq "ann@example.com"')}&startIndex=1&count=100`)
    const created = await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'ann@example.com', password: 'p4ss' } })
    const id = String(created.body.id)
    await call('GET', `/Users?filter=${encodeURIComponent('userName eq "ANN@example.com"')}&startIndex=1&count=100`)
    const read = await call('GET', `/Users/${id}`)
    await call('PUT', `/Users/${id}`, { body: { ...read.body, title: 'CFO' } })
    await call('PATCH', `/Users/${id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { active: false } }] } })
    await call('PATCH', `/Users/${id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { active: true } }] } })
    await call('PUT', `/Users/${id}`, { body: { ...read.body, active: false } })
    await call('PUT', `/Users/${id}`, { body: { ...read.body, active: true } })
    await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'Ann@Example.com' } })
    await call('GET', '/Users?startIndex=101&count=100')
    await call('GET', '/Users')
    // Test API Credentials again, now that the tenant has a user: still the test, not a lookup (Okta also sends it
    // when its admin saves the To App settings).
    await call('GET', '/Users?startIndex=1&count=2')
    await call('DELETE', `/Users/${id}`)
    await call('GET', '/ServiceProviderConfig')

    const rows = harness.logEntries(tenant.id).map((entry) => [entry.operation, entry.status, entry.targetType, entry.targetId, entry.targetName])
    expect(rows).toEqual([
      ['test-credentials', 200, null, null, null],
      ['lookup-user', 200, 'user', null, 'ann@example.com'],
      ['create-user', 201, 'user', id, 'ann@example.com'],
      ['lookup-user', 200, 'user', id, 'ann@example.com'],
      ['get-user', 200, 'user', id, 'ann@example.com'],
      ['update-user', 200, 'user', id, 'ann@example.com'],
      ['deactivate-user', 200, 'user', id, 'ann@example.com'],
      ['reactivate-user', 200, 'user', id, 'ann@example.com'],
      ['deactivate-user', 200, 'user', id, 'ann@example.com'],
      ['reactivate-user', 200, 'user', id, 'ann@example.com'],
      ['create-user', 409, 'user', null, 'Ann@Example.com'],
      ['import-users', 200, null, null, null],
      ['list-users', 200, null, null, null],
      ['test-credentials', 200, null, null, null],
      ['delete-user', 204, 'user', id, 'ann@example.com'],
      ['discovery', 200, null, null, null]
    ])
    const conflict = harness.logEntries(tenant.id)[10]
    expect(conflict).toMatchObject({ errorType: 'uniqueness', errorDetail: expect.stringContaining('already exists') })
  })

  it("names Okta's repeated deactivate and its password sync for what they are, and a PATCH of more as an update", async () => {
    const created = await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'ann@example.com' } })
    const id = String(created.body.id)
    const patch = (operations: unknown[]) => call('PATCH', `/Users/${id}`, { body: { schemas: [patchUrn], Operations: operations } })
    await patch([{ op: 'replace', value: { active: false } }])
    // Sent again (a retry, or an unassign after the deactivation), with the id Okta's value may carry: still Deactivate.
    await patch([{ op: 'replace', value: { id, active: false } }])
    await patch([{ op: 'Replace', path: 'active', value: 'True' }])
    await patch([{ op: 'replace', value: { active: true } }])
    await patch([{ op: 'replace', value: { password: 'n3w-Secret' } }])
    await patch([{ op: 'replace', path: `${userUrn}:password`, value: 'n3w-Secret-2' }])
    // Anything beside them is a profile update, as is a PATCH that changes nothing of the two.
    await patch([{ op: 'replace', value: { active: true, title: 'CFO' } }])
    await patch([{ op: 'replace', value: { password: 'x-Secret-3', title: 'CEO' } }])
    expect(harness.logEntries(tenant.id).slice(1).map((entry) => [entry.method, entry.operation, entry.status])).toEqual([
      ['PATCH', 'deactivate-user', 200],
      ['PATCH', 'deactivate-user', 200],
      ['PATCH', 'reactivate-user', 200],
      ['PATCH', 'reactivate-user', 200],
      ['PATCH', 'sync-password', 200],
      ['PATCH', 'sync-password', 200],
      ['PATCH', 'update-user', 200],
      ['PATCH', 'update-user', 200]
    ])
  })

  it("names each step of Group Push in Okta's terms, with the group it touched", async () => {
    const ann = await call('POST', '/Users', { body: { userName: 'ann@example.com' } })
    await call('GET', '/Groups?startIndex=1&count=100')
    const group = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'Admins', members: [] } })
    const id = String(group.body.id)
    await call('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Admins"')}&startIndex=1&count=100`)
    await call('PATCH', `/Groups/${id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { id, displayName: 'Administrators' } }] } })
    await call('PATCH', `/Groups/${id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: ann.body.id }] }] } })
    await call('GET', `/Groups/${id}`)
    await call('PUT', `/Groups/${id}`, { body: { displayName: 'Administrators', members: [{ value: 'ghost' }] } })
    await call('DELETE', `/Groups/${id}`)
    const rows = harness.logEntries(tenant.id).slice(1).map((entry) => [entry.operation, entry.status, entry.targetType, entry.targetId, entry.targetName])
    expect(rows).toEqual([
      ['import-groups', 200, null, null, null],
      ['group-push-create', 201, 'group', id, 'Admins'],
      ['lookup-group', 200, 'group', null, 'Admins'],
      ['group-push-update', 204, 'group', id, 'Administrators'],
      ['group-push-update', 204, 'group', id, 'Administrators'],
      ['get-group', 200, 'group', id, 'Administrators'],
      ['group-push-update', 400, 'group', id, 'Administrators'],
      ['group-push-delete', 204, 'group', id, 'Administrators']
    ])
    expect(harness.logEntries(tenant.id)[7]).toMatchObject({ errorType: 'invalidValue', errorDetail: expect.stringContaining('ghost') })
  })

  it('keeps the request and response bodies, with every password redacted however it was sent', async () => {
    const created = await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'ann@example.com', password: 'Create-Secret-1' } })
    const id = String(created.body.id)
    await call('PUT', `/Users/${id}`, { body: { userName: 'ann@example.com', password: 'Put-Secret-2' } })
    await call('PATCH', `/Users/${id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { password: 'Okta-Sync-3' } }] } })
    await call('PATCH', `/Users/${id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'password', value: 'Path-Secret-4' }] } })
    await call('PATCH', `/Users/${id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'Replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:password', value: 'Urn-Secret-5' }] } })
    await call('POST', '/Users', { raw: '{"userName":"bob@example.com","password":"Broken-Secret-6",' })
    await call('GET', '/Users?access_token=Query-Secret-7')
    await call('PATCH', `/Users/${id}`, { raw: '{"Operations":[{"op":"replace","path":"password","value":"Broken-Path-Secret-8"}' })
    // A form sent as text: no JSON in it at all.
    await call('POST', '/Users', { raw: 'userName=carl%40example.com&password=Form-Secret-9&mode=x', headers: { 'content-type': 'text/plain' } })

    const entries = harness.logEntries(tenant.id)
    expect(entries).toHaveLength(9)
    const everything = JSON.stringify(entries)
    for (const secret of ['Create-Secret-1', 'Put-Secret-2', 'Okta-Sync-3', 'Path-Secret-4', 'Urn-Secret-5', 'Broken-Secret-6', 'Query-Secret-7', 'Broken-Path-Secret-8', 'Form-Secret-9']) {
      expect(everything).not.toContain(secret)
    }
    expect(JSON.parse(entries[0]?.requestBody ?? '{}')).toEqual({ schemas: [userUrn], userName: 'ann@example.com', password: '[redacted]' })
    expect(JSON.parse(entries[3]?.requestBody ?? '{}')).toEqual({ schemas: [patchUrn], Operations: [{ op: 'replace', path: 'password', value: '[redacted]' }] })
    // A body that is not JSON is still logged, so Support can see what was sent, with the password masked.
    expect(entries[5]?.requestBody).toBe('{"userName":"bob@example.com","password":"[redacted]",')
    expect(entries[6]?.path).toBe(`/scim/v2/${tenant.slug}/Users?access_token=[redacted]`)
    expect(entries[8]?.requestBody).toBe('userName=carl%40example.com&password=[redacted]&mode=x')
    // The response the client got is logged as sent.
    expect(JSON.parse(entries[0]?.responseBody ?? '{}')).toMatchObject({ id, userName: 'ann@example.com' })
  })

  it('keeps secrets out of the log however they are named, and out of the answers that the log keeps', async () => {
    const enterpriseUrn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
    const created = await call('POST', '/Users', {
      body: { schemas: [userUrn, enterpriseUrn], userName: 'ann@example.com', [enterpriseUrn]: { department: 'Sales', Password: 'Extension-Secret-1', badge: { secret: 'Nested-Secret-2', floor: 3 } } }
    })
    expect(created.status).toBe(201)
    const id = String(created.body.id)
    // An extension attribute named like a secret is not kept, so no answer carries it.
    expect(created.body[enterpriseUrn]).toEqual({ department: 'Sales', badge: { floor: 3 } })
    expect((await call('GET', `/Users/${id}`)).body[enterpriseUrn]).toEqual({ department: 'Sales', badge: { floor: 3 } })
    // Entra's path-less value with URN-qualified keys sets the password; the log must not keep it.
    const urnKey = await call('PATCH', `/Users/${id}`, {
      body: { schemas: [patchUrn], Operations: [{ op: 'Replace', value: { [`${userUrn}:password`]: 'Urn-Key-Secret-3' } }] }
    })
    expect(urnKey.status).toBe(200)
    // A password of the wrong type is refused without the refusal repeating it.
    const wrongType = await call('PATCH', `/Users/${id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'password', value: 76543219 }] } })
    expect(wrongType.status).toBe(400)
    expect(String(wrongType.body.detail)).toContain('password must be a string, but it is a number')
    // Query strings: a %-escaped name, a parameter named for a credential, one of our tokens anywhere, a filter on the password.
    await call('GET', `/Users?count=0&%70assword=Query-Secret-4&Api_Key=Query-Secret-5&bearer=${tenant.token}`)
    await call('GET', `/Users?filter=${encodeURIComponent('password eq "Filter-Secret-6"')}`)

    const entries = harness.logEntries(tenant.id)
    expect(entries).toHaveLength(6)
    const everything = JSON.stringify(entries)
    for (const secret of ['Extension-Secret-1', 'Nested-Secret-2', 'Urn-Key-Secret-3', '76543219', 'Query-Secret-4', 'Query-Secret-5', tenant.token, 'Filter-Secret-6']) {
      expect(everything).not.toContain(secret)
    }
    expect(JSON.parse(entries[2]?.requestBody ?? '{}')).toMatchObject({ Operations: [{ op: 'Replace', value: { [`${userUrn}:password`]: '[redacted]' } }] })
    expect(entries[4]?.path).toBe(`/scim/v2/${tenant.slug}/Users?count=0&%70assword=[redacted]&Api_Key=[redacted]&bearer=[redacted]`)
    expect(decodeURIComponent(entries[5]?.path ?? '')).toBe(`/scim/v2/${tenant.slug}/Users?filter=password eq "[redacted]"`)
  })

  it('masks a query parameter named with any secret word, not only the credential names it knows', async () => {
    await call('GET', '/Users?passwd=Query-Secret-1&pwd=Query-Secret-2&apiSecret=Query-Secret-3&access-token=Query-Secret-4&%50wd=Query-Secret-5&count=1')
    const entry = last()
    expect(entry.status).toBe(200)
    expect(entry.path).toBe(`/scim/v2/${tenant.slug}/Users?passwd=[redacted]&pwd=[redacted]&apiSecret=[redacted]&access-token=[redacted]&%50wd=[redacted]&count=1`)
    // Nor does the row as stored, nor the words the log's search indexes.
    const stored = harness.services.db.prepare('SELECT * FROM request_log').all()
    const indexed = harness.services.db.prepare('SELECT term FROM request_log_fts_terms').pluck().all()
    expect(JSON.stringify([stored, indexed])).not.toMatch(/query-secret/i)
  })

  it('never stores a token: Authorization shows the scheme and display prefix only, other credentials nothing', async () => {
    await call('GET', '/Users', { token: null, headers: { authorization: `Bearer ${tenant.token}`, cookie: 'session=abc' } })
    await call('GET', '/Users', { token: null, headers: { authorization: tenant.token } })
    await call('GET', '/Users', { token: null, headers: { authorization: 'Basic dXNlcjpwYXNzd29yZA==' } })
    await call('GET', '/Users', { token: null, headers: { authorization: 'Bearer some-foreign-secret' } })
    await call('GET', '/Users', { token: null })
    const entries = harness.logEntries(tenant.id)
    expect(entries.map((entry) => [entry.authScheme, entry.requestHeaders.authorization, entry.status])).toEqual([
      ['bearer', `Bearer ${tenant.token.slice(0, 9)}…`, 200],
      ['bare', `${tenant.token.slice(0, 9)}…`, 200],
      ['basic', 'Basic [redacted]', 401],
      ['bearer', 'Bearer [redacted]', 401],
      ['none', undefined, 401]
    ])
    expect(entries[0]?.requestHeaders.cookie).toBe('[redacted]')
    expect(JSON.stringify(entries)).not.toContain(tenant.token)
    expect(JSON.stringify(entries)).not.toContain('dXNlcjpwYXNzd29yZA==')
    expect(entries[0]?.tokenId).toBe(tenant.tokenId)
    expect(entries[2]?.tokenId).toBeNull()
  })

  it('masks a token pasted into the base URL: in the answer, the logged path, target and slug, and the serve line', async () => {
    const masked = `${tenant.token.slice(0, 9)}…[redacted]`
    const written: LogEntrySummary[] = []
    const unsubscribe = harness.services.log.onWritten((batch) => written.push(...batch))
    const answers = [
      await call('GET', `/${tenant.token}/Users`),
      await call('GET', `/Users/${tenant.token}`),
      await harness.request('GET', `${harness.origin}/scim/v2/${tenant.token}/Users`)
    ]
    // The third names no tenant: it is answered as any slug is to a token that was not issued for it, which names no slug.
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 401])
    for (const answer of answers) expect(answer.text).not.toContain(tenant.token)
    for (const answer of answers.slice(0, 2)) expect(String(answer.body.detail)).toContain(masked)
    const entries = harness.logEntries(tenant.id)
    unsubscribe()
    expect(entries.map((entry) => [entry.path, entry.targetId])).toEqual([
      [`/scim/v2/${tenant.slug}/${masked}/Users`, null],
      [`/scim/v2/${tenant.slug}/Users/${masked}`, masked]
    ])
    expect(JSON.stringify(entries)).not.toContain(tenant.token)
    // The request to no tenant is logged under the slug it named, masked too. `serve` prints each row as it is written.
    expect(written.map((entry) => entry.tenantSlug)).toEqual([tenant.slug, tenant.slug, masked])
    expect(written.map((entry) => `${logLine(entry)}\n${JSON.stringify(entry)}`).join('\n')).not.toContain(tenant.token)
  })

  it('masks a token wherever a client puts it: a filter, any query parameter, a userName, a raw body', async () => {
    const masked = `${tenant.token.slice(0, 9)}…[redacted]`
    // An admin pasted the token into Okta's username field: Okta looks it up, then creates it.
    await call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${tenant.token}"`)}&startIndex=1&count=100`)
    await call('GET', `/Users?q=${encodeURIComponent(`a ${tenant.token}`)}&count=0`)
    // A client that %-escapes the token's own characters.
    await call('GET', `/Users?q=${[...tenant.token].map((character) => `%${character.charCodeAt(0).toString(16)}`).join('')}&count=0`)
    expect((await call('POST', '/Users', { body: { schemas: [userUrn], userName: tenant.token } })).status).toBe(201)
    await call('POST', '/Users', { raw: `{"userName":"${tenant.token}",`, headers: { 'content-type': 'application/scim+json' } })
    // A script that names itself after the token, or sends it in a header of its own.
    await call('GET', '/Users?count=0', { headers: { 'user-agent': `sync-${tenant.token}`, 'x-trace': tenant.token } })

    const entries = harness.logEntries(tenant.id)
    expect(entries).toHaveLength(6)
    expect(JSON.stringify(entries)).not.toContain(tenant.token)
    expect(decodeURIComponent(entries[0]?.path ?? '')).toBe(`/scim/v2/${tenant.slug}/Users?filter=userName eq "${masked}"&startIndex=1&count=100`)
    expect(entries[0]?.targetName).toBe(masked)
    expect(decodeURIComponent(entries[1]?.path ?? '')).toBe(`/scim/v2/${tenant.slug}/Users?q=a ${masked}&count=0`)
    expect(entries[2]?.path).toBe(`/scim/v2/${tenant.slug}/Users?q=${masked}&count=0`)
    expect(entries[3]).toMatchObject({ targetName: masked, status: 201 })
    expect(JSON.parse(entries[3]?.requestBody ?? '{}')).toMatchObject({ userName: masked })
    expect(JSON.parse(entries[3]?.responseBody ?? '{}')).toMatchObject({ userName: masked })
    expect(entries[4]).toMatchObject({ status: 400, requestBody: `{"userName":"${masked}",` })
    expect(entries[5]).toMatchObject({ status: 200, client: `sync-${masked}` })
    expect(entries[5]?.requestHeaders).toMatchObject({ 'user-agent': `sync-${masked}`, 'x-trace': masked })
  })

  it('masks the value of any key that holds a secret word, in requests and in the answers logged', async () => {
    const enterpriseUrn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
    const created = await call('POST', '/Users', {
      body: {
        schemas: [userUrn, enterpriseUrn],
        userName: 'ann@example.com',
        ApiSecret: 'Camel-Secret-1',
        name: { givenName: 'Ann', clientSecret: 'Nested-Secret-2' },
        [enterpriseUrn]: { accessToken: 'Extension-Token-3', api_key: 'Extension-Key-4', passwordLastSet: '2026-01-02' }
      }
    })
    expect(created.status).toBe(201)
    await call('PATCH', `/Users/${String(created.body.id)}`, {
      body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'newPassword', value: 'Path-Secret-5' }] }
    })
    const entries = harness.logEntries(tenant.id)
    const everything = JSON.stringify(entries)
    for (const secret of ['Camel-Secret-1', 'Nested-Secret-2', 'Extension-Token-3', 'Extension-Key-4', 'Path-Secret-5']) {
      expect(everything).not.toContain(secret)
    }
    expect(JSON.parse(entries[0]?.requestBody ?? '{}')).toMatchObject({ ApiSecret: '[redacted]', name: { givenName: 'Ann', clientSecret: '[redacted]' } })
    // The log masks more than the server drops: a non-secret named like one is kept and answered, and masked in the log.
    expect(created.body[enterpriseUrn]).toMatchObject({ passwordLastSet: '2026-01-02' })
    expect(JSON.parse(entries[0]?.responseBody ?? '{}')[enterpriseUrn]).toMatchObject({ passwordLastSet: '[redacted]' })
  })

  it('masks an attribute or PATCH path named pwd, as it masks passwd', async () => {
    const enterpriseUrn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
    const created = await call('POST', '/Users', { body: { schemas: [userUrn, enterpriseUrn], userName: 'ann@example.com', [enterpriseUrn]: { pwd: 'Extension-Pwd-1' } } })
    expect(created.status).toBe(201)
    await call('PATCH', `/Users/${String(created.body.id)}`, {
      body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: `${enterpriseUrn}:pwd`, value: 'Path-Pwd-2' }] }
    })
    await call('GET', `/Users?filter=${encodeURIComponent('pwd eq "Filter-Pwd-3"')}`)
    const entries = harness.logEntries(tenant.id)
    expect(entries).toHaveLength(3)
    const everything = JSON.stringify(entries)
    for (const secret of ['Extension-Pwd-1', 'Path-Pwd-2', 'Filter-Pwd-3']) expect(everything).not.toContain(secret)
    expect(JSON.parse(entries[0]?.requestBody ?? '{}')[enterpriseUrn]).toEqual({ pwd: '[redacted]' })
  })

  it('ties a refused token to its id, so Support can see which revoked token Okta still uses', async () => {
    harness.services.tokens.revoke(tenant.tokenId)
    await call('GET', '/Users?startIndex=1&count=2')
    expect(last()).toMatchObject({ status: 401, tokenId: tenant.tokenId, operation: 'test-credentials', errorDetail: expect.stringContaining('revoked') })
  })

  it('names the user a refused request was about, so that their history and the user filter show it', async () => {
    const created = await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'ann@example.com' } })
    const id = String(created.body.id)
    harness.services.tokens.revoke(tenant.tokenId)
    await call('GET', `/Users?filter=${encodeURIComponent('userName eq "ann@example.com"')}&startIndex=1&count=100`)
    await call('GET', `/Users/${id}`)
    // Okta's next push of a new user: its body is read only to name the user, and not kept.
    const create = await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'bob@example.com', password: 'Refused-Secret' } })
    expect(create.status).toBe(401)
    const refused = harness.logEntries(tenant.id).filter((entry) => entry.status === 401)
    expect(refused.map((entry) => [entry.operation, entry.targetType, entry.targetId, entry.targetName])).toEqual([
      // The lookup names the user it would have found, as an answered lookup does.
      ['lookup-user', 'user', id, 'ann@example.com'],
      ['get-user', 'user', id, 'ann@example.com'],
      ['create-user', 'user', null, 'bob@example.com']
    ])
    expect(refused[2]?.requestBody).toBeNull()
    expect(JSON.stringify(refused)).not.toContain('Refused-Secret')
    const filtered = harness.services.log.list({ tenantId: tenant.id, target: 'ann@example.com', outcome: 'failed' })
    expect(filtered.ok && filtered.value.items.map((entry) => entry.status)).toEqual([401, 401])
  })

  it('answers a refused request with its refusal whatever its body: broken, too large, or sent to no endpoint', async () => {
    harness.services.tokens.revoke(tenant.tokenId)
    const broken = await call('POST', '/Users', { raw: '{"userName": "ann@' })
    const large = await call('POST', '/Users', { raw: JSON.stringify({ userName: 'ann@example.com', note: 'x'.repeat(1_100_000) }) })
    const nowhere = await call('POST', '/Devices', { body: { name: 'printer' } })
    for (const response of [broken, large, nowhere]) {
      expect([response.status, response.body.status, response.headers.get('www-authenticate')]).toEqual([401, '401', 'Bearer realm="SCIM Console"'])
      expect(String(response.body.detail)).toMatch(/was revoked/)
    }
    // None names a user: the first two bodies were never whole, and the last is about no user.
    expect(harness.logEntries(tenant.id).map((entry) => [entry.status, entry.targetName, entry.requestBody])).toEqual([
      [401, null, null],
      [401, null, null],
      [401, null, null]
    ])
    expect(harness.internalErrors).toEqual([])
  })

  it('logs throttled requests as 429 under the operation they were attempting', async () => {
    harness.services.tenants.update({ tenant: tenant.id, rateLimitPerMinute: 1 })
    await call('POST', '/Users', { body: { userName: 'ann@example.com' } })
    await call('POST', '/Users', { body: { userName: 'bob@example.com', password: 'Throttled-Secret' } })
    const entry = last()
    expect(entry).toMatchObject({ status: 429, operation: 'create-user', targetName: 'bob@example.com', errorDetail: expect.stringContaining('Retry after') })
    expect(JSON.stringify(entry)).not.toContain('Throttled-Secret')
  })

  it('logs requests that fail before routing: unknown tenants, and paths that do not decode', async () => {
    await harness.request('GET', `${harness.origin}/scim/v2/no-such-tenant/Users`)
    await call('GET', '/Users/%E0%A4%A')
    harness.services.log.flush()
    const all = harness.services.log.list({ limit: 10 })
    if (!all.ok) throw new Error(all.error.message)
    const [badPath, unknownTenant] = all.value.items
    expect(unknownTenant).toMatchObject({ tenantId: null, tenantSlug: 'no-such-tenant', status: 401, operation: 'list-users' })
    expect(badPath).toMatchObject({ tenantId: tenant.id, status: 400, operation: 'get-user', errorType: null, errorDetail: expect.stringContaining('does not decode') })
  })

  it('records the error type and detail the client was given', async () => {
    await call('GET', `/Users?filter=${encodeURIComponent('userName eq')}`)
    const response = await call('GET', '/Users/missing')
    const entry = last()
    expect(entry).toMatchObject({ status: 404, operation: 'get-user', targetType: 'user', targetId: 'missing', targetName: null, errorDetail: response.body.detail })
    expect(harness.logEntries(tenant.id)[0]).toMatchObject({ status: 400, operation: 'lookup-user', errorType: 'invalidFilter' })
  })
})
