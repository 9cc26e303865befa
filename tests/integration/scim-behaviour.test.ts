/**
 * The SCIM 2.0 behaviour identity providers rely on, over real HTTP: users and groups CRUD, filters, paging,
 * discovery, errors and media types, throttling, concurrent creates, and ETags (RFC 7643, RFC 7644, okta-scim.md §3, §7).
 */
import { createHash } from 'node:crypto'
import { connect } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createServices } from '../../src/main/core/services'
import { errorUrn, expectError, scimJson } from '../support/scim-errors'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'
import { value } from '../support/result'

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'
const enterpriseUrn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const groupUrn = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const patchUrn = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const listUrn = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'

type Tenant = ReturnType<ScimHarness['tenant']>
type Body = Record<string, unknown>

function ids(response: { body: { Resources?: Body[] } }): string[] {
  return (response.body.Resources ?? []).map((resource) => String(resource.id))
}

describe('SCIM behaviour', () => {
  let harness: ScimHarness
  let tenant: Tenant
  let clock: number
  const call = (method: string, path: string, options: Parameters<ScimHarness['request']>[2] = {}) =>
    harness.request(method, path.startsWith('http') ? path : `${tenant.baseUrl}${path}`, options)
  const createUser = async (userName: string, extra: Body = {}) => {
    const response = await call('POST', '/Users', { body: { schemas: [userUrn], userName, ...extra } })
    expect(response.status, response.text).toBe(201)
    return response.body
  }

  beforeEach(async () => {
    clock = Date.parse('2026-03-01T09:00:00Z')
    // What the server answers, a fresh server a test: the log is written on this thread, as the CLI's commands and the
    // app's fallback write it. A writer thread of its own took each of these 119 tests about 110 ms to start (the file
    // ran in 23 s with it, 10 s without); the thread is in the other SCIM integration tests, and the concurrent ones below.
    harness = await startScimHarness({ now: () => clock, logWriterThread: false })
    tenant = harness.tenant('Acme Corp')
  })

  afterEach(async () => {
    expect(harness.internalErrors).toEqual([])
    await harness.close()
  })

  describe('users', () => {
    it('creates a user with 201, full meta, and a Location header equal to meta.location', async () => {
      const response = await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'ann@example.com', externalId: '00uANN', name: { givenName: 'Ann', familyName: 'Lee' } } })
      expect(response.status).toBe(201)
      expect(response.headers.get('content-type')).toBe(scimJson)
      const id = String(response.body.id)
      expect(response.body.meta).toEqual({
        resourceType: 'User',
        created: '2026-03-01T09:00:00.000Z',
        lastModified: '2026-03-01T09:00:00.000Z',
        location: `${tenant.baseUrl}/Users/${id}`,
        version: 'W/"1"'
      })
      expect(response.headers.get('location')).toBe(`${tenant.baseUrl}/Users/${id}`)
      expect(response.headers.get('etag')).toBe('W/"1"')
      expect(response.body.externalId).toBe('00uANN')
      expect(response.body.active).toBe(true)
    })

    it('gives a new user one time for created and lastModified, however long the create takes', async () => {
      await harness.close()
      let tick = Date.parse('2026-03-01T09:00:00Z')
      harness = await startScimHarness({ now: () => (tick += 1) })
      tenant = harness.tenant('Acme Corp')
      const created = await createUser('ann@example.com', { password: 'x1y2z3w4' })
      const meta = created.meta as { created: string; lastModified: string }
      expect(meta.lastModified).toBe(meta.created)
    })

    it('issues its own id, ignores one in the body, and keeps it through PUT and PATCH', async () => {
      const created = await createUser('ann@example.com', { id: 'client-chosen' })
      expect(created.id).not.toBe('client-chosen')
      const id = String(created.id)
      const put = await call('PUT', `/Users/${id}`, { body: { ...created, id: 'another', userName: 'ann@example.com' } })
      expect(put.body.id).toBe(id)
      const patch = await call('PATCH', `/Users/${id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'id', value: 'x' }] } })
      expectError(patch, 400, 'mutability')
      const pathless = await call('PATCH', `/Users/${id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { id: 'x', title: 'Boss' } }] } })
      expect(pathless.status).toBe(200)
      expect(pathless.body.id).toBe(id)
      expect((await call('GET', `/Users/${id}`)).body.title).toBe('Boss')
    })

    it('makes userName unique case-insensitively: a clash is 409 uniqueness with a human detail', async () => {
      await createUser('Ann@Example.com')
      const clash = await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'ann@EXAMPLE.com' } })
      expectError(clash, 409, 'uniqueness')
      // The admin reading Okta's error sees how the existing user is written, since the two differ only in case.
      expect(clash.body.detail).toBe(
        'A user with the userName "ann@EXAMPLE.com" already exists. It is written "Ann@Example.com": userNames that differ only in case are the same here.'
      )
      const same = await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'Ann@Example.com' } })
      expect(same.body.detail).toBe('A user with the userName "Ann@Example.com" already exists.')
    })

    it('stores and returns the enterprise extension', async () => {
      const created = await createUser('ann@example.com', {
        schemas: [userUrn, enterpriseUrn],
        [enterpriseUrn]: { employeeNumber: '7', costCenter: 'CC1', organization: 'Acme', division: 'East', department: 'Sales', manager: { value: 'm1' } }
      })
      const read = await call('GET', `/Users/${created.id}`)
      expect(read.body.schemas).toEqual([userUrn, enterpriseUrn])
      expect(read.body[enterpriseUrn]).toEqual({ employeeNumber: '7', costCenter: 'CC1', organization: 'Acme', division: 'East', department: 'Sales', manager: { value: 'm1' } })
    })

    it('accepts a password but never returns it nor stores it in clear text', async () => {
      const created = await createUser('ann@example.com', { password: 'Hunter2-secret' })
      expect(created).not.toHaveProperty('password')
      await call('PATCH', `/Users/${created.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'password', value: 'Second-secret' }] } })
      for (const path of [`/Users/${created.id}`, '/Users', `/Users?filter=${encodeURIComponent('userName eq "ann@example.com"')}`, `/Users/${created.id}?attributes=password`]) {
        const response = await call('GET', path)
        expect(response.text).not.toMatch(/password|Hunter2|Second-secret/i)
      }
      const stored = harness.services.db.prepare('SELECT password_hash, resource FROM users').get() as { password_hash: string; resource: string }
      expect(stored.password_hash).not.toContain('Second-secret')
      expect(stored.resource).not.toMatch(/Hunter2|Second-secret/)
    })

    it('never keeps nor returns an extension attribute named passwd, pwd or api_key, as it never keeps one named password', async () => {
      const secrets = { passwd: 'Passwd-Secret-1', PWD: 'Pwd-Secret-2', api_key: 'Key-Secret-3', badge: { pwd: 'Nested-Secret-4', floor: 3 } }
      const created = await createUser('ann@example.com', { schemas: [userUrn, enterpriseUrn], [enterpriseUrn]: { department: 'Sales', passwordLastSet: '2026-01-02', ...secrets } })
      expect(created[enterpriseUrn]).toEqual({ department: 'Sales', passwordLastSet: '2026-01-02', badge: { floor: 3 } })
      const patched = await call('PATCH', `/Users/${created.id}`, {
        body: { schemas: [patchUrn], Operations: [{ op: 'add', path: `${enterpriseUrn}:pwd`, value: 'Patch-Secret-5' }, { op: 'add', value: { [`${enterpriseUrn}:passwd`]: 'Patch-Secret-6' } }] }
      })
      expect(patched.status, patched.text).toBe(200)
      for (const response of [patched, await call('GET', `/Users/${created.id}`), await call('GET', '/Users')]) {
        expect(response.text).not.toMatch(/Secret-\d/)
      }
      // A name that only holds a secret word is no secret, and is kept, as passwordLastSet always was.
      expect((await call('GET', `/Users/${created.id}`)).body[enterpriseUrn]).toEqual({ department: 'Sales', passwordLastSet: '2026-01-02', badge: { floor: 3 } })
      expect(JSON.stringify(harness.services.db.prepare('SELECT * FROM users').all())).not.toMatch(/Secret-\d/)
    })

    it('keeps nothing derived from a password, not even a hash: a row only says that one was sent', async () => {
      const ann = await createUser('ann@example.com', { password: 'Hunter2-secret' })
      const bob = await createUser('bob@example.com')
      const stored = (id: unknown) => harness.services.db.prepare('SELECT password_hash FROM users WHERE id = ?').pluck().get(id)
      expect([stored(ann.id), stored(bob.id)]).toEqual(['sent, not kept', null])
      const row = JSON.stringify(harness.services.db.prepare('SELECT * FROM users WHERE id = ?').get(ann.id))
      expect(row).not.toContain('Hunter2-secret')
      expect(row).not.toContain(createHash('sha256').update('Hunter2-secret').digest('base64url').slice(0, 12))
    })

    it('keeps a deactivated user visible to GET, to lookups and to lists', async () => {
      const created = await createUser('ann@example.com')
      await call('PATCH', `/Users/${created.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { active: false } }] } })
      expect((await call('GET', `/Users/${created.id}`)).body.active).toBe(false)
      expect(ids(await call('GET', `/Users?filter=${encodeURIComponent('userName eq "ann@example.com"')}`))).toEqual([created.id])
      expect(ids(await call('GET', '/Users'))).toEqual([created.id])
    })

    it('refuses a user without userName, and attributes of the wrong type, with 400 invalidValue', async () => {
      expectError(await call('POST', '/Users', { body: { schemas: [userUrn], name: { givenName: 'Ann' } } }), 400, 'invalidValue')
      expectError(await call('POST', '/Users', { body: { userName: 42 } }), 400, 'invalidValue')
      expectError(await call('POST', '/Users', { body: { userName: 'a@x', active: 'maybe' } }), 400, 'invalidValue')
      expectError(await call('POST', '/Users', { body: { userName: 'a@x', name: 'Ann Lee' } }), 400, 'invalidValue')
      expectError(await call('POST', '/Users', { body: { userName: 'a@x', emails: { value: 'a@x' } } }), 400, 'invalidValue')
      expectError(await call('POST', '/Users', { body: { userName: 'a@x', emails: [{ value: 'a@x', primary: true }, { value: 'b@x', primary: true }] } }), 400, 'invalidValue')
      expect((await call('GET', '/Users')).body.totalResults).toBe(0)
    })

    it('keeps one email of a type when a POST, PUT or PATCH lists it twice in different case, as a PATCH add of it does', async () => {
      // emails.value is not caseExact (RFC 7643 §4.1.2): the same (type, value) pair once (§2.4). A copy that says
      // primary makes the one kept primary; the same address of another type is another email.
      const twice = [
        { value: 'ANN@example.com', type: 'work' },
        { value: 'ann@example.com', type: 'Work', primary: true },
        { value: 'ann@example.com', type: 'home' }
      ]
      const kept = [
        { value: 'ANN@example.com', type: 'work', primary: true },
        { value: 'ann@example.com', type: 'home' }
      ]
      const created = await createUser('ann@example.com', { emails: twice })
      expect(created.emails).toEqual(kept)
      const path = `/Users/${String(created.id)}`
      expect((await call('GET', path)).body.emails).toEqual(kept)
      const put = await call('PUT', path, { body: { schemas: [userUrn], userName: 'ann@example.com', emails: [{ value: 'lee@example.com' }, { value: 'LEE@EXAMPLE.COM' }] } })
      expect(put.status, put.text).toBe(200)
      expect(put.body.emails).toEqual([{ value: 'lee@example.com' }])
      const replaced = await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'emails', value: twice }] } })
      expect(replaced.status, replaced.text).toBe(200)
      expect(replaced.body.emails).toEqual(kept)
      // An add of the same address in other case changes nothing, primary or not.
      const added = await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'emails', value: [{ value: 'ann@EXAMPLE.com', type: 'WORK', primary: true }] }] } })
      expect(added.status, added.text).toBe(200)
      expect(added.body.emails).toEqual(kept)
      expect(added.body.meta).toEqual(replaced.body.meta)
    })

    it('takes a PATCH that gives one primary email twice in different case, as a POST with it is taken', async () => {
      const twice = [{ value: 'ann@example.com', type: 'work', primary: true }, { value: 'ANN@example.com', type: 'work', primary: true }]
      const created = await createUser('ann@example.com', { emails: twice })
      expect(created.emails).toEqual([twice[0]])
      const other = await createUser('lee@example.com', { emails: [{ value: 'lee@example.com', type: 'home', primary: true }] })
      const added = await call('PATCH', `/Users/${String(other.id)}`, { body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'emails', value: twice }] } })
      expect(added.status, added.text).toBe(200)
      expect(added.body.emails).toEqual([{ value: 'lee@example.com', type: 'home', primary: false }, twice[0]])
      const replaced = await call('PATCH', `/Users/${String(other.id)}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { emails: twice } }] } })
      expect(replaced.status, replaced.text).toBe(200)
      expect(replaced.body.emails).toEqual([twice[0]])
    })

    it('leaves out an email or phone number without its value, in a POST, a PUT and a PATCH, so it answers no filter', async () => {
      // The value is what an email is (RFC 7643 §2.4); without it, it is unassigned (§2.5). Entra sends "" to clear one.
      const created = await createUser('ann@example.com', {
        emails: [{ type: 'work', primary: true }, { value: '', type: 'other' }, { value: null, type: 'home' }, { value: 'ann@home.example', type: 'home' }],
        phoneNumbers: [{ value: '', type: 'mobile' }]
      })
      expect(created.emails).toEqual([{ value: 'ann@home.example', type: 'home' }])
      expect(created).not.toHaveProperty('phoneNumbers')
      const path = `/Users/${String(created.id)}`
      const lookup = async (filter: string) => ids(await call('GET', `/Users?filter=${encodeURIComponent(filter)}`))
      expect(await lookup('emails[type eq "work"] or phoneNumbers pr or emails.value eq ""')).toEqual([])
      const put = await call('PUT', path, {
        body: { schemas: [userUrn], userName: 'ann@example.com', phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }, { type: 'work', primary: true }] }
      })
      expect(put.status, put.text).toBe(200)
      expect(put.body.phoneNumbers).toEqual([{ value: '+1 555 0100', type: 'mobile' }])
      expect(put.body).not.toHaveProperty('emails')
      // Entra clearing the mobile number at its source.
      const cleared = await call('PATCH', path, {
        headers: { 'user-agent': 'Microsoft.Identity.Provisioning' },
        body: { schemas: [patchUrn], Operations: [{ op: 'Replace', path: 'phoneNumbers[type eq "mobile"].value', value: '' }] }
      })
      expect(cleared.status, cleared.text).toBe(200)
      expect(cleared.body).not.toHaveProperty('phoneNumbers')
      expect(await lookup('phoneNumbers pr')).toEqual([])
    })

    it('clears an attribute given "" (RFC 7643 §2.5), in a POST, a PUT and a PATCH, and refuses an empty userName', async () => {
      const created = await createUser('ann@example.com', { title: '', nickName: 'Annie', name: { givenName: 'Ann', familyName: 'Lee', middleName: '' } })
      expect(created).not.toHaveProperty('title')
      expect(created.name).toEqual({ givenName: 'Ann', familyName: 'Lee' })
      const path = `/Users/${String(created.id)}`
      // Entra clearing a first name at its source, without and with aadOptscim062020.
      const entra = { 'user-agent': 'Microsoft.Identity.Provisioning' }
      const patched = await call('PATCH', path, { headers: entra, body: { schemas: [patchUrn], Operations: [{ op: 'Replace', path: 'name.givenName', value: '' }] } })
      expect(patched.status, patched.text).toBe(200)
      expect(patched.body.name).toEqual({ familyName: 'Lee' })
      const flagged = await call('PATCH', path, { headers: entra, body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { nickName: '', 'name.familyName': '' } }] } })
      expect(flagged.status, flagged.text).toBe(200)
      expect(flagged.body).not.toHaveProperty('nickName')
      expect(flagged.body).not.toHaveProperty('name')
      const put = await call('PUT', path, { body: { schemas: [userUrn], userName: 'ann@example.com', title: '', displayName: 'Ann Lee', externalId: '' } })
      expect(put.status, put.text).toBe(200)
      expect(put.body).not.toHaveProperty('title')
      expect(put.body).not.toHaveProperty('externalId')
      expect((await call('GET', path)).body).not.toHaveProperty('title')
      // An attribute cleared is no value a filter finds, with pr or with eq "".
      expect(ids(await call('GET', `/Users?filter=${encodeURIComponent('title pr or externalId eq "" or nickName eq ""')}`))).toEqual([])
      // userName cannot be unassigned: "" is refused, and nothing changes.
      const emptied = await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'userName', value: '' }] } })
      expectError(emptied, 400, 'invalidValue')
      expect(emptied.body.detail).toBe("The user has no userName. Okta sends the user's email as userName; check the app's username format.")
      expect((await call('GET', path)).body).toMatchObject({ userName: 'ann@example.com', displayName: 'Ann Lee' })
      // A boolean given "" says neither true nor false: still refused, not read as a clear.
      expectError(await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'active', value: '' }] } }), 400, 'invalidValue')
    })

    it('clears a whole emails list or name replaced with "" in a PATCH, as with null, instead of refusing emails[0]', async () => {
      const created = await createUser('ann@example.com', { name: { givenName: 'Ann', familyName: 'Lee' }, emails: [{ value: 'ann@example.com', type: 'work' }] })
      const path = `/Users/${String(created.id)}`
      const cleared = await call('PATCH', path, {
        body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'emails', value: '' }, { op: 'Replace', path: 'name', value: '' }] }
      })
      expect(cleared.status, cleared.text).toBe(200)
      expect(cleared.body).not.toHaveProperty('emails')
      expect(cleared.body).not.toHaveProperty('name')
      // Adding "" adds nothing, as adding null does.
      const added = await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'phoneNumbers', value: '' }] } })
      expect(added.status, added.text).toBe(200)
      expect(added.body).not.toHaveProperty('phoneNumbers')
    })

    it('reads Entra-style string booleans as booleans on create', async () => {
      const created = await createUser('ann@example.com', { active: 'False' })
      expect(created.active).toBe(false)
    })

    it('applies PATCH atomically: when one operation fails, none of them is applied', async () => {
      const created = await createUser('ann@example.com', { title: 'Engineer', emails: [{ value: 'ann@example.com', type: 'work' }] })
      const patch = await call('PATCH', `/Users/${created.id}`, {
        body: {
          schemas: [patchUrn],
          Operations: [
            { op: 'replace', path: 'title', value: 'Manager' },
            { op: 'replace', value: { active: false } },
            { op: 'replace', path: 'emails[type eq "home"]', value: { value: 'home@example.com' } }
          ]
        }
      })
      expectError(patch, 400, 'noTarget')
      expect(String(patch.body.detail)).toMatch(/^Operation 3 of 3/)
      const read = await call('GET', `/Users/${created.id}`)
      expect(read.body).toMatchObject({ title: 'Engineer', active: true, meta: { version: 'W/"1"' } })
    })

    it('answers bad PATCH requests with the scimType that names the problem', async () => {
      const created = await createUser('ann@example.com')
      const patch = (body: unknown) => call('PATCH', `/Users/${created.id}`, { body })
      expectError(await patch({ schemas: [patchUrn], Operations: [{ op: 'replace', path: 'nope', value: 1 }] }), 400, 'invalidPath')
      expectError(await patch({ schemas: [patchUrn], Operations: [{ op: 'remove', path: 'userName' }] }), 400, 'mutability')
      expectError(await patch({ schemas: [patchUrn], Operations: [{ op: 'remove' }] }), 400, 'noTarget')
      expectError(await patch({ schemas: [patchUrn], Operations: [{ op: 'move', path: 'title', value: 'x' }] }), 400, 'invalidSyntax')
      expectError(await patch({ schemas: ['urn:wrong'], Operations: [{ op: 'add', path: 'title', value: 'x' }] }), 400, 'invalidSyntax')
      expectError(await patch({ schemas: [patchUrn], Operations: [{ op: 'replace', path: 'active', value: 'perhaps' }] }), 400, 'invalidValue')
      expectError(await patch({ schemas: [patchUrn], Operations: [{ op: 'replace', path: 'emails[type eq ]', value: 'x' }] }), 400, 'invalidPath')
      expectError(await call('PATCH', '/Users/no-such-user', { body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { active: false } }] } }), 404)
    })

    it('deletes a user: 204 with no body, then 404 for GET, PUT, PATCH and DELETE', async () => {
      const created = await createUser('ann@example.com')
      const deleted = await call('DELETE', `/Users/${created.id}`)
      expect(deleted.status).toBe(204)
      expect(deleted.text).toBe('')
      expectError(await call('GET', `/Users/${created.id}`), 404)
      expectError(await call('PUT', `/Users/${created.id}`, { body: { userName: 'ann@example.com' } }), 404)
      expectError(await call('PATCH', `/Users/${created.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { active: true } }] } }), 404)
      expectError(await call('DELETE', `/Users/${created.id}`), 404)
    })

    it('honours attributes and excludedAttributes, always keeping id and schemas, and meta only when asked for or not excluded', async () => {
      const created = await createUser('ann@example.com', { name: { givenName: 'Ann', familyName: 'Lee' }, title: 'CFO' })
      const only = await call('GET', `/Users/${created.id}?attributes=userName,name.givenName`)
      expect(Object.keys(only.body).sort()).toEqual(['id', 'name', 'schemas', 'userName'])
      expect(Object.keys((await call('GET', `/Users/${created.id}?attributes=userName,meta.version`)).body).sort()).toEqual(['id', 'meta', 'schemas', 'userName'])
      expect((await call('GET', `/Users/${created.id}?attributes=meta.version`)).body.meta).toEqual({ version: (created.meta as { version: string }).version })
      expect((await call('GET', `/Users/${created.id}?excludedAttributes=meta`)).body).not.toHaveProperty('meta')
      expect(only.body.name).toEqual({ givenName: 'Ann' })
      const without = await call('GET', `/Users?excludedAttributes=title,groups`)
      expect(without.body.Resources?.[0]).not.toHaveProperty('title')
      expect(without.body.Resources?.[0]).not.toHaveProperty('groups')
      expect(without.body.Resources?.[0]).toHaveProperty('userName')
      expect((await call('GET', `/Users?excludedAttributes=id`)).body.Resources?.[0]).toHaveProperty('id')
    })

    it('skips an empty entry of an attributes or excludedAttributes list, as a trailing or doubled comma leaves one', async () => {
      const created = await createUser('ann@example.com', { title: 'CFO', emails: [{ value: 'ann@work.example' }] })
      const keys = async (query: string) => Object.keys((await call('GET', `/Users/${created.id}?${query}`)).body).sort()
      for (const query of ['attributes=userName,,emails', 'attributes=userName,emails,', 'attributes=,userName, ,emails']) {
        expect(await keys(query), query).toEqual(['emails', 'id', 'schemas', 'userName'])
      }
      for (const query of ['excludedAttributes=title,,meta', 'excludedAttributes=title,meta,']) {
        expect(await keys(query), query).not.toContain('title')
        expect(await keys(query), query).not.toContain('meta')
        expect(await keys(query), query).toContain('userName')
      }
      const search = await call('POST', '/Users/.search', { body: { attributes: ['userName', '', 'title'] } })
      expect(Object.keys(search.body.Resources?.[0] ?? {}).sort()).toEqual(['id', 'schemas', 'title', 'userName'])
      // A list of only commas names no attribute: the resource comes whole, as with attributes= and no value.
      expect(await keys('attributes=,')).toEqual(await keys('attributes='))
      expect(await keys('excludedAttributes=,,')).toContain('title')
      // An entry that is there and is no attribute path is still refused.
      expectError(await call('GET', `/Users/${created.id}?attributes=userName,${encodeURIComponent('a b')}`), 400, 'invalidValue')
    })
    it('applies attributes, then removes excludedAttributes, when a request has both (RFC 7644 §3.4.2.5 leaves it open)', async () => {
      const created = await createUser('ann@example.com', { title: 'CFO', name: { givenName: 'Ann', familyName: 'Lee' }, emails: [{ value: 'ann@work.example' }] })
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins', members: [{ value: created.id }] } })
      const expected = { id: created.id, schemas: [userUrn], userName: 'ann@example.com', name: { familyName: 'Lee' } }
      const both = 'attributes=userName,name,title&excludedAttributes=title,name.givenName'
      expect((await call('GET', `/Users/${created.id}?${both}`)).body).toEqual(expected)
      // The order of the two parameters does not matter, nor does the endpoint.
      expect((await call('GET', `/Users/${created.id}?excludedAttributes=title,name.givenName&attributes=userName,name,title`)).body).toEqual(expected)
      expect((await call('GET', `/Users?${both}`)).body.Resources).toEqual([expected])
      const search = await call('POST', '/Users/.search', { body: { attributes: ['userName', 'name', 'title'], excludedAttributes: ['title', 'name.givenName'] } })
      expect(search.body.Resources).toEqual([expected])
      // id and schemas are returned always (RFC 7643 §7), whichever list names them.
      expect(Object.keys((await call('GET', `/Users/${created.id}?attributes=userName&excludedAttributes=id,schemas,userName`)).body).sort()).toEqual(['id', 'schemas'])
      // An empty attributes list is no list: excludedAttributes still applies.
      expect((await call('GET', `/Users/${created.id}?attributes=&excludedAttributes=title`)).body).not.toHaveProperty('title')
      // Members are rows: asked for and then excluded, they are left out; a sub-attribute excluded leaves the rest.
      const groupPath = `/Groups/${group.body.id}`
      expect((await call('GET', `${groupPath}?attributes=displayName,members&excludedAttributes=members`)).body).toEqual({ id: group.body.id, schemas: [groupUrn], displayName: 'Admins' })
      expect((await call('GET', `${groupPath}?attributes=members&excludedAttributes=members.display,members.$ref,members.type`)).body.members).toEqual([{ value: created.id }])
    })

    it('projects the enterprise extension as a whole, by attribute and by sub-attribute', async () => {
      const created = await createUser('ann@example.com', {
        schemas: [userUrn, enterpriseUrn],
        [enterpriseUrn]: { department: 'Sales', manager: { value: 'm1', displayName: 'Boss' } }
      })
      const project = async (query: string) => {
        const { id: _id, schemas: _schemas, meta: _meta, ...rest } = (await call('GET', `/Users/${created.id}?${query}`)).body
        return rest
      }
      expect(await project(`attributes=${enterpriseUrn}`)).toEqual({ [enterpriseUrn]: { department: 'Sales', manager: { value: 'm1' } } })
      expect(await project(`attributes=${enterpriseUrn}:manager.value`)).toEqual({ [enterpriseUrn]: { manager: { value: 'm1' } } })
      expect(await project(`attributes=userName,${enterpriseUrn}:department`)).toEqual({ userName: 'ann@example.com', [enterpriseUrn]: { department: 'Sales' } })
      expect(await project(`excludedAttributes=${enterpriseUrn},groups`)).toEqual({ userName: 'ann@example.com', active: true })
      expect(await project(`excludedAttributes=${enterpriseUrn}:department,groups`)).toEqual({ userName: 'ann@example.com', active: true, [enterpriseUrn]: { manager: { value: 'm1' } } })
    })

    it('leaves out an attribute that a projection leaves empty, rather than answering {} or [{}]', async () => {
      const created = await createUser('ann@example.com', {
        schemas: [userUrn, enterpriseUrn],
        name: { givenName: 'Ann' },
        emails: [{ value: 'ann@example.com', type: 'work' }, { value: 'ann@home.example' }],
        [enterpriseUrn]: { manager: { value: 'm1' } }
      })
      const keys = async (query: string) => {
        const response = await call('GET', `/Users/${created.id}?${query}`)
        expect(response.status, response.text).toBe(200)
        expect(response.text, query).not.toMatch(/\{\}|\[\]/)
        return response.body
      }
      expect(Object.keys(await keys('attributes=name.middleName')).sort()).toEqual(['id', 'schemas'])
      expect(Object.keys(await keys('attributes=emails.display')).sort()).toEqual(['id', 'schemas'])
      expect((await keys('attributes=emails.type')).emails).toEqual([{ type: 'work' }])
      expect(Object.keys(await keys(`attributes=${enterpriseUrn}:manager.displayName`)).sort()).toEqual(['id', 'schemas'])
      expect(await keys('excludedAttributes=name.givenName,groups,meta')).not.toHaveProperty('name')
    })

    it('answers a create, a replace and a PATCH with the attributes the client asked for (RFC 7644 §3.9)', async () => {
      const created = await call('POST', '/Users?attributes=userName', { body: { schemas: [userUrn], userName: 'ann@example.com', title: 'CFO' } })
      expect(created.status).toBe(201)
      expect(created.body).toEqual({ schemas: [userUrn], id: created.body.id, userName: 'ann@example.com' })
      expect(created.headers.get('location')).toBe(`${tenant.baseUrl}/Users/${created.body.id}`)
      const replaced = await call('PUT', `/Users/${created.body.id}?excludedAttributes=meta,groups`, { body: { userName: 'ann@example.com', title: 'CEO' } })
      expect(replaced.body).toEqual({ schemas: [userUrn], id: created.body.id, userName: 'ann@example.com', title: 'CEO', active: true })
      const patched = await call('PATCH', `/Users/${created.body.id}?attributes=title`, {
        body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'title', value: 'CTO' }] }
      })
      expect(patched.body).toEqual({ schemas: [userUrn], id: created.body.id, title: 'CTO' })
      const group = await call('POST', '/Groups?excludedAttributes=members,meta', { body: { displayName: 'Admins', members: [{ value: created.body.id }] } })
      expect(group.status).toBe(201)
      expect(group.body).toEqual({ schemas: [groupUrn], id: group.body.id, displayName: 'Admins' })
      const renamed = await call('PUT', `/Groups/${group.body.id}?attributes=displayName`, { body: { displayName: 'Owners', members: [{ value: created.body.id }] } })
      expect(renamed.body).toEqual({ schemas: [groupUrn], id: group.body.id, displayName: 'Owners' })
      // The list is read before the write: a malformed one is refused, and nothing is written.
      expectError(await call('PUT', `/Users/${created.body.id}?attributes=${encodeURIComponent('emails[type eq "work"]')}`, { body: { userName: 'ann@example.com' } }), 400, 'invalidValue')
      expectError(await call('POST', `/Users?attributes=${encodeURIComponent('a b')}`, { body: { userName: 'bob@example.com' } }), 400, 'invalidValue')
      expect((await call('GET', `/Users/${created.body.id}`)).body.title).toBe('CTO')
      expect((await call('GET', `/Users?filter=${encodeURIComponent('userName eq "bob@example.com"')}`)).body.totalResults).toBe(0)
    })

    it('refuses a POST or PUT to /Users whose schemas do not name the User schema, and a /Groups one without the Group schema', async () => {
      const group = await call('POST', '/Users', { body: { schemas: [groupUrn], userName: 'sales', displayName: 'Sales' } })
      expectError(group, 400, 'invalidValue')
      expect(String(group.body.detail)).toContain(`must name ${userUrn} in "schemas"`)
      expect(String(group.body.detail)).toContain('if the body is a group, send it to /Groups')
      expectError(await call('POST', '/Users', { body: { schemas: [], userName: 'ann@example.com' } }), 400, 'invalidValue')
      expectError(await call('POST', '/Users', { body: { schemas: enterpriseUrn, userName: 'ann@example.com' } }), 400, 'invalidValue')
      expect((await call('GET', '/Users')).body.totalResults).toBe(0)
      const user = await createUser('ann@example.com', { schemas: [userUrn, enterpriseUrn], [enterpriseUrn]: { department: 'Sales' } })
      const put = await call('PUT', `/Users/${String(user.id)}`, { body: { schemas: [enterpriseUrn], userName: 'ann@example.com', active: false } })
      expectError(put, 400, 'invalidValue')
      expect((await call('GET', `/Users/${String(user.id)}`)).body.active).toBe(true)
      const asUser = await call('POST', '/Groups', { body: { schemas: [userUrn], displayName: 'Sales' } })
      expectError(asUser, 400, 'invalidValue')
      expect(String(asUser.body.detail)).toContain(`must name ${groupUrn} in "schemas"`)
      expect((await call('GET', '/Groups')).body.totalResults).toBe(0)
      // What clients send is still taken: no schemas at all, the URN in another case, Entra's extra group schema.
      expect((await call('POST', '/Users', { body: { userName: 'bob@example.com' } })).status).toBe(201)
      expect((await call('POST', '/Users', { body: { schemas: [userUrn.toUpperCase()], userName: 'cy@example.com' } })).status).toBe(201)
      const entraGroup = { schemas: [groupUrn, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'], displayName: 'Sales' }
      const created = await call('POST', '/Groups', { body: entraGroup })
      expect(created.status).toBe(201)
      expectError(await call('PUT', `/Groups/${String(created.body.id)}`, { body: { schemas: [userUrn], displayName: 'Renamed' } }), 400, 'invalidValue')
      expect((await call('GET', `/Groups/${String(created.body.id)}`)).body.displayName).toBe('Sales')
    })
  })

  it('stores enterprise attributes sent as top-level URN keys in a POST or PUT, as Entra\'s PATCH sends them', async () => {
    const created = await call('POST', '/Users', {
      body: { schemas: [userUrn, enterpriseUrn], userName: 'ann@example.com', [`${enterpriseUrn}:department`]: 'Sales', [`${enterpriseUrn}:employeeNumber`]: '42' }
    })
    expect(created.status, created.text).toBe(201)
    expect(created.body.schemas).toEqual([userUrn, enterpriseUrn])
    expect(created.body[enterpriseUrn]).toEqual({ employeeNumber: '42', department: 'Sales' })
    const path = `/Users/${String(created.body.id)}`
    const put = await call('PUT', path, { body: { schemas: [userUrn, enterpriseUrn], userName: 'ann@example.com', [`${enterpriseUrn}:department`]: 'Ops' } })
    expect(put.status, put.text).toBe(200)
    expect((await call('GET', path)).body[enterpriseUrn]).toEqual({ department: 'Ops' })
    const filtered = await call('GET', `/Users?filter=${encodeURIComponent(`${enterpriseUrn}:department eq "Ops"`)}`)
    expect(ids(filtered)).toEqual([created.body.id])
  })

  it('folds the Greek final sigma as sigma: one userName, found by eq, matched in a PATCH value filter', async () => {
    const user = await createUser('νίκος@example.com', { emails: [{ value: 'νίκος@example.com', type: 'work' }] })
    expectError(await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'ΝΊΚΟΣ@example.com' } }), 409, 'uniqueness')
    expectError(await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'νίκοσ@example.com' } }), 409, 'uniqueness')
    expect(ids(await call('GET', `/Users?filter=${encodeURIComponent('userName eq "νίκοσ@example.com"')}`))).toEqual([user.id])
    expect(ids(await call('GET', `/Users?filter=${encodeURIComponent('emails.value eq "νίκοσ@example.com"')}`))).toEqual([user.id])
    const patched = await call('PATCH', `/Users/${String(user.id)}`, {
      body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'emails[value eq "ΝΊΚΟΣ@EXAMPLE.COM"].type', value: 'home' }] }
    })
    expect(patched.status, patched.text).toBe(200)
    expect(patched.body.emails).toEqual([{ value: 'νίκος@example.com', type: 'home' }])
  })

  it('refuses a PATCH that removes active, and leaves the user as it was', async () => {
    const user = await createUser('ann@example.com')
    const removed = await call('PATCH', `/Users/${String(user.id)}`, { body: { schemas: [patchUrn], Operations: [{ op: 'remove', path: 'active' }] } })
    expectError(removed, 400, 'mutability')
    expect(String(removed.body.detail)).toContain('To deactivate the user, send {"op":"replace","path":"active","value":false}.')
    expect((await call('GET', `/Users/${String(user.id)}`)).body.active).toBe(true)
  })

  describe('multi-valued attributes of a user are capped at 100 values (limits.ts)', () => {
    const emails = (count: number, from = 0) => Array.from({ length: count }, (_, index) => ({ value: `ann${from + index}@example.com`, type: 'work' }))
    const addOne = (index: number) => ({ op: 'add', path: 'emails', value: [{ value: `more${index}@example.com` }] })

    it('refuses a POST or PUT with more, and takes exactly 100', async () => {
      const over = await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'ann@example.com', emails: emails(101) } })
      expectError(over, 400, 'invalidValue')
      expect(String(over.body.detail)).toBe(
        'The user would have 101 values of emails; SCIM Console keeps at most 100 values of a multi-valued attribute of a user. Send at most 100, or remove some first.'
      )
      const phones = Array.from({ length: 101 }, (_, index) => ({ value: `+1 555 01${String(index).padStart(3, '0')}` }))
      expectError(await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'ann@example.com', phoneNumbers: phones } }), 400, 'invalidValue')
      const user = await createUser('ann@example.com', { emails: emails(100) })
      expect((user.emails as unknown[]).length).toBe(100)
      expectError(await call('PUT', `/Users/${String(user.id)}`, { body: { schemas: [userUrn], userName: 'ann@example.com', emails: emails(101) } }), 400, 'invalidValue')
    })

    it('refuses a PATCH at the operation that takes an attribute past 100, whether it adds or replaces', async () => {
      const user = await createUser('ann@example.com', { emails: emails(99) })
      const path = `/Users/${String(user.id)}`
      // A thousand single adds: refused at the second, before the rest copy and compare a list that keeps growing.
      const adds = await call('PATCH', path, { body: { schemas: [patchUrn], Operations: Array.from({ length: 1000 }, (_, index) => addOne(index)) } })
      expectError(adds, 400, 'invalidValue')
      expect(String(adds.body.detail)).toMatch(/^Operation 2 of 1000 \(add emails\): The user would have 101 values of emails;/)
      const replace = await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { emails: emails(101) } }] } })
      expectError(replace, 400, 'invalidValue')
      const typed = await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [addOne(0), { op: 'replace', path: 'phoneNumbers[type eq "work"].value', value: '+1 555 0100' }, { op: 'add', path: 'emails[type eq "home"].value', value: 'home@example.com' }] } })
      expectError(typed, 400, 'invalidValue')
      expect(((await call('GET', path)).body.emails as unknown[]).length).toBe(99)
      // Adding one already there adds nothing, so a user at the limit takes it.
      expect((await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [addOne(0)] } })).status).toBe(200)
      expect((await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [addOne(0)] } })).status).toBe(200)
    })

    it('lets a user stored with more before the limit be deactivated and trimmed, but not grown', async () => {
      const stored = value(harness.services.directory.createUser(tenant.id, { schemas: [userUrn], userName: 'old@example.com', active: true, emails: emails(150) }))
      const path = `/Users/${stored.id}`
      const deactivated = await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { active: false } }] } })
      expect(deactivated.status, deactivated.text).toBe(200)
      expect(deactivated.body.active).toBe(false)
      expectError(await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [addOne(0)] } }), 400, 'invalidValue')
      const trimmed = await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [{ op: 'remove', path: 'emails[value eq "ann0@example.com"]' }] } })
      expect(trimmed.status, trimmed.text).toBe(200)
      expect((trimmed.body.emails as unknown[]).length).toBe(149)
    })

    it('applies many filtered replaces to a user stored with thousands of values, each seeing the ones before, or none of them', async () => {
      const typed = Array.from({ length: 2000 }, (_, index) => ({ value: `ann${index}@example.com`, type: `t${index}`, ...(index === 0 ? { primary: true } : {}) }))
      const stored = value(harness.services.directory.createUser(tenant.id, { schemas: [userUrn], userName: 'old@example.com', active: true, emails: typed }))
      const path = `/Users/${stored.id}`
      const replaces = Array.from({ length: 300 }, (_, index) => ({ op: 'replace', path: `emails[type eq "t${index * 2}"].value`, value: `new${index * 2}@example.com` }))
      const Operations = [
        ...replaces,
        // Sees the replace before it: t4's value is new4@ by now.
        { op: 'replace', path: 'emails[value eq "new4@example.com"].primary', value: true },
        { op: 'remove', path: 'emails[type eq "t1"]' }
      ]
      const patched = await call('PATCH', path, { body: { schemas: [patchUrn], Operations } })
      expect(patched.status, patched.text).toBe(200)
      const expected = typed
        .filter((email) => email.type !== 't1')
        .map((email, index) => {
          const number = Number(email.type.slice(1))
          const renamed = number % 2 === 0 && number < 600 ? { value: `new${number}@example.com` } : {}
          const primary = number === 4 ? { primary: true } : number === 0 ? { primary: false } : {}
          return { ...email, ...renamed, ...primary, index }
        })
        .map(({ index: _index, ...email }) => email)
      expect(patched.body.emails).toEqual(expected)
      expect((await call('GET', path)).body.emails).toEqual(expected)
      // A failure at the last operation leaves every one before it unapplied.
      const before = (await call('GET', path)).body
      const failed = await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [...replaces.map((operation) => ({ ...operation, value: `x${String(operation.value)}` })), { op: 'remove', path: 'userName' }] } })
      expectError(failed, 400, 'mutability')
      expect((await call('GET', path)).body).toEqual(before)
    })

    it('leaves a group\'s members unlimited', async () => {
      const users = await Promise.all(Array.from({ length: 120 }, (_, index) => createUser(`u${index}@example.com`)))
      const members = users.map((user) => ({ value: String(user.id) }))
      const group = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'Everyone', members: members.slice(0, 110) } })
      expect(group.status, group.text).toBe(201)
      const path = `/Groups/${String(group.body.id)}`
      expect((await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: members.slice(110) }] } })).status).toBe(204)
      expect(((await call('GET', path)).body.members as unknown[]).length).toBe(120)
    })
  })

  describe('groups', () => {
    it("lets a PATCH filter select members by their type, as a GET filter does, since every member is rendered type User", async () => {
      const ann = await createUser('ann@example.com')
      const bob = await createUser('bob@example.com')
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins', members: [{ value: ann.id }, { value: bob.id }] } })
      const path = `/Groups/${String(group.body.id)}`
      // The list filter already matches on type: the PATCH filter must match the same members.
      expect(ids(await call('GET', `/Groups?filter=${encodeURIComponent('members[type eq "User"]')}`))).toEqual([group.body.id])
      const removed = await call('PATCH', path, {
        body: { schemas: [patchUrn], Operations: [{ op: 'remove', path: `members[value eq "${String(ann.id)}" and type eq "User"]` }] }
      })
      expect(removed.status).toBe(204)
      expect(((await call('GET', path)).body.members as Body[]).map((member) => member.value)).toEqual([bob.id])
      // A type no member has still selects none; a remove of none leaves the group as it was.
      const none = await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [{ op: 'remove', path: 'members[type eq "Group"]' }] } })
      expect(none.status).toBe(204)
      expect(((await call('GET', path)).body.members as Body[]).map((member) => member.value)).toEqual([bob.id])
    })

    it('creates a group with 201, meta and Location, and shows members with display and $ref', async () => {
      const ann = await createUser('ann@example.com')
      const response = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'Admins', externalId: 'g-1', members: [{ value: ann.id }] } })
      expect(response.status).toBe(201)
      const id = String(response.body.id)
      expect(response.headers.get('location')).toBe(`${tenant.baseUrl}/Groups/${id}`)
      expect(response.body).toEqual({
        schemas: [groupUrn],
        id,
        externalId: 'g-1',
        displayName: 'Admins',
        members: [{ value: ann.id, display: 'ann@example.com', type: 'User', $ref: `${tenant.baseUrl}/Users/${ann.id}` }],
        meta: { resourceType: 'Group', created: '2026-03-01T09:00:00.000Z', lastModified: '2026-03-01T09:00:00.000Z', location: `${tenant.baseUrl}/Groups/${id}`, version: 'W/"1"' }
      })
    })

    it("answers each member's display as the user's userName whatever a client sends, and declares it readOnly", async () => {
      const ann = await createUser('ann@example.com')
      const bob = await createUser('bob@example.com')
      const created = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'Admins', members: [{ value: ann.id, display: 'Someone Else' }] } })
      expect(created.status, created.text).toBe(201)
      expect(created.body.members).toMatchObject([{ value: ann.id, display: 'ann@example.com' }])
      const path = `/Groups/${String(created.body.id)}`
      // Okta's membership delta carries a display with each member it adds.
      const added = await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: bob.id, display: 'Robert' }] }] } })
      expect(added.status, added.text).toBe(204)
      const before = await call('GET', path)
      expect(before.body.members).toMatchObject([{ value: ann.id, display: 'ann@example.com' }, { value: bob.id, display: 'bob@example.com' }])
      // A PATCH aimed at display would answer success and change nothing, so it is refused as any readOnly path is.
      const renamed = await call('PATCH', path, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: `members[value eq "${String(ann.id)}"].display`, value: 'Ann' }] } })
      expectError(renamed, 400, 'mutability')
      expect((await call('GET', path)).body).toEqual(before.body)
      const schema = await call('GET', `/Schemas/${groupUrn}`)
      const members = (schema.body.attributes as Body[]).find((attribute) => attribute.name === 'members')
      expect((members?.subAttributes as Body[]).find((sub) => sub.name === 'display')).toMatchObject({ mutability: 'readOnly' })
    })

    it('makes displayName unique case-insensitively, on create and on rename', async () => {
      await call('POST', '/Groups', { body: { displayName: 'Admins' } })
      const other = await call('POST', '/Groups', { body: { displayName: 'Staff' } })
      const clash = await call('POST', '/Groups', { body: { displayName: 'ADMINS' } })
      expectError(clash, 409, 'uniqueness')
      expect(clash.body.detail).toBe('A group named "ADMINS" already exists. It is written "Admins": group names that differ only in case are the same here.')
      expectError(await call('PUT', `/Groups/${other.body.id}`, { body: { displayName: 'admins' } }), 409, 'uniqueness')
      expectError(
        await call('PATCH', `/Groups/${other.body.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'displayName', value: 'Admins' }] } }),
        409,
        'uniqueness'
      )
      expectError(await call('POST', '/Groups', { body: { members: [] } }), 400, 'invalidValue')
    })

    it('refuses an unknown member with 400 instead of dropping it, on POST, PUT and PATCH', async () => {
      const ann = await createUser('ann@example.com')
      const create = await call('POST', '/Groups', { body: { displayName: 'Admins', members: [{ value: ann.id }, { value: 'ghost' }] } })
      expectError(create, 400, 'invalidValue')
      expect(String(create.body.detail)).toContain('ghost')
      expect((await call('GET', '/Groups')).body.totalResults).toBe(0)
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins', members: [{ value: ann.id }] } })
      expectError(await call('PUT', `/Groups/${group.body.id}`, { body: { displayName: 'Admins', members: [{ value: 'ghost' }] } }), 400, 'invalidValue')
      expectError(await call('PATCH', `/Groups/${group.body.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: 'ghost' }] }] } }), 400, 'invalidValue')
      expect((await call('GET', `/Groups/${group.body.id}`)).body.members).toHaveLength(1)
      // A user of another tenant is not a member this tenant can have.
      const globex = harness.tenant('Globex')
      const stranger = await harness.request('POST', `${globex.baseUrl}/Users`, { token: globex.token, body: { userName: 'zed@globex.example' } })
      expectError(await call('PATCH', `/Groups/${group.body.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: stranger.body.id }] }] } }), 400, 'invalidValue')
    })

    it('says that a member is a group of this tenant, not a user to push first, on POST, PUT and PATCH', async () => {
      const ann = await createUser('ann@example.com')
      const inner = await call('POST', '/Groups', { body: { displayName: 'Engineering', members: [{ value: ann.id }] } })
      const innerId = String(inner.body.id)
      const detail = `The group names a member that is a group of this tenant, not a user: "Engineering" (id ${innerId}). SCIM Console does not support nested groups: a group's members must be users. Send the ids of the users in that group as members instead.`
      const create = await call('POST', '/Groups', { body: { displayName: 'Staff', members: [{ value: ann.id }, { value: innerId }] } })
      expectError(create, 400, 'invalidValue')
      expect(create.body.detail).toBe(detail)
      const outer = await call('POST', '/Groups', { body: { displayName: 'Staff', members: [{ value: ann.id }] } })
      const put = await call('PUT', `/Groups/${String(outer.body.id)}`, { body: { displayName: 'Staff', members: [{ value: innerId }] } })
      expectError(put, 400, 'invalidValue')
      expect(put.body.detail).toBe(detail)
      const patch = await call('PATCH', `/Groups/${String(outer.body.id)}`, { body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: innerId }] }] } })
      expectError(patch, 400, 'invalidValue')
      expect(patch.body.detail).toBe(detail)
      // Entra and scripts get the same words: no client nests groups here.
      const script = await call('PATCH', `/Groups/${String(outer.body.id)}`, {
        headers: { 'user-agent': 'curl/8.5.0' },
        body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: innerId }, { value: String(outer.body.id) }] }] }
      })
      expect(script.body.detail).toBe(
        `The group names 2 members that are groups of this tenant, not users: "Engineering" (id ${innerId}), "Staff" (id ${String(outer.body.id)}). SCIM Console does not support nested groups: a group's members must be users. Send the ids of the users in those groups as members instead.`
      )
      expect((await call('GET', `/Groups/${String(outer.body.id)}`)).body.members).toMatchObject([{ value: ann.id }])
    })

    it('names both a member that is a group and one that is no user at all, in one detail', async () => {
      const ann = await createUser('ann@example.com')
      const inner = await call('POST', '/Groups', { body: { displayName: 'Engineering', members: [{ value: ann.id }] } })
      const innerId = String(inner.body.id)
      const nested = `The group names a member that is a group of this tenant, not a user: "Engineering" (id ${innerId}). SCIM Console does not support nested groups: a group's members must be users. Send the ids of the users in that group as members instead.`
      const unknown = 'The group names a member that is not a user of this tenant: u-unknown.'
      const body = { displayName: 'Staff', members: [{ value: innerId }, { value: 'u-unknown' }] }
      const okta = await call('POST', '/Groups', { body })
      expectError(okta, 400, 'invalidValue')
      expect(okta.body.detail).toBe(`${nested} ${unknown} Push the user first, then the group.`)
      const script = await call('POST', '/Groups', { headers: { 'user-agent': 'curl/8.5.0' }, body })
      expect(script.body.detail).toBe(`${nested} ${unknown} Create the user first, then add it to the group.`)
    })

    it('honours excludedAttributes=members on lists and on one group', async () => {
      const ann = await createUser('ann@example.com')
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins', members: [{ value: ann.id }] } })
      expect((await call('GET', `/Groups/${group.body.id}?excludedAttributes=members`)).body).not.toHaveProperty('members')
      const list = await call('GET', '/Groups?excludedAttributes=members')
      expect(list.body.Resources?.[0]).not.toHaveProperty('members')
      expect(list.body.Resources?.[0]).toMatchObject({ id: group.body.id, displayName: 'Admins' })
      expect((await call('GET', '/Groups?attributes=displayName')).body.Resources?.[0]).not.toHaveProperty('members')
    })

    it('answers a group PATCH with 204, and replaces and deletes groups', async () => {
      const ann = await createUser('ann@example.com')
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins' } })
      const patch = await call('PATCH', `/Groups/${group.body.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: ann.id }] }] } })
      expect(patch.status).toBe(204)
      expect(patch.headers.get('etag')).toBe('W/"2"')
      const put = await call('PUT', `/Groups/${group.body.id}`, { body: { displayName: 'Administrators', members: [] } })
      expect(put.status).toBe(200)
      expect(put.body).toMatchObject({ displayName: 'Administrators', members: [] })
      expect((await call('DELETE', `/Groups/${group.body.id}`)).status).toBe(204)
      expectError(await call('GET', `/Groups/${group.body.id}`), 404)
      expectError(await call('PUT', `/Groups/${group.body.id}`, { body: { displayName: 'X' } }), 404)
      expectError(await call('DELETE', `/Groups/${group.body.id}`), 404)
    })

    it('applies a group PATCH atomically', async () => {
      const ann = await createUser('ann@example.com')
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins', members: [{ value: ann.id }] } })
      const patch = await call('PATCH', `/Groups/${group.body.id}`, {
        body: {
          schemas: [patchUrn],
          Operations: [
            { op: 'replace', path: 'displayName', value: 'Renamed' },
            { op: 'remove', path: 'members' },
            { op: 'remove', path: 'displayName' }
          ]
        }
      })
      expectError(patch, 400, 'mutability')
      expect((await call('GET', `/Groups/${group.body.id}`)).body).toMatchObject({ displayName: 'Admins', members: [{ value: ann.id }] })
    })

    it('refuses a group PATCH whose attributes parameter is not valid before applying it, so a 400 changed nothing', async () => {
      const ann = await createUser('ann@example.com')
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins' } })
      const patch = await call('PATCH', `/Groups/${group.body.id}?attributes=${encodeURIComponent('members[value eq "x"]')}`, {
        body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: ann.id }] }] }
      })
      expectError(patch, 400, 'invalidValue')
      expect((await call('GET', `/Groups/${group.body.id}`)).body).toMatchObject({ displayName: 'Admins', meta: { version: 'W/"1"' } })
      expect((await call('GET', `/Groups/${group.body.id}`)).body.members).toEqual([])
    })
  })

  describe('filters', () => {
    let people: Record<string, string>

    beforeEach(async () => {
      people = {}
      const add = async (key: string, body: Body) => {
        const created = await createUser(String(body.userName), body)
        people[key] = String(created.id)
        clock += 60_000
      }
      await add('ann', {
        userName: 'Ann.Lee@example.com',
        externalId: 'ext-Ann',
        name: { givenName: 'Ann', familyName: 'Lee' },
        displayName: 'Ann Lee',
        title: 'CFO',
        emails: [{ value: 'ann@work.example', type: 'work', primary: true }, { value: 'ann@home.example', type: 'home' }],
        schemas: [userUrn, enterpriseUrn],
        [enterpriseUrn]: { department: 'Finance', employeeNumber: '100' }
      })
      await add('bob', {
        userName: 'bob.smith@example.com',
        name: { givenName: 'Bob', familyName: 'Smith' },
        emails: [{ value: 'bob@work.example', type: 'work' }],
        active: false,
        schemas: [userUrn, enterpriseUrn],
        [enterpriseUrn]: { department: 'Sales' }
      })
      await add('cat', { userName: 'cat.smithers@example.org', name: { givenName: 'Cat', familyName: 'Smithers' }, title: 'Engineer "Lead"' })
      await add('dan', { userName: 'dan@example.org' })
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins', members: [{ value: people.ann }, { value: people.dan }] } })
      people.admins = String(group.body.id)
    })

    const cases: [string, string[]][] = [
      ['userName eq "ann.lee@example.com"', ['ann']],
      ['USERNAME EQ "ANN.LEE@EXAMPLE.COM"', ['ann']],
      ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "dan@example.org"', ['dan']],
      ['userName ne "ann.lee@example.com"', ['bob', 'cat', 'dan']],
      ['userName co "SMITH"', ['bob', 'cat']],
      ['userName sw "cat"', ['cat']],
      ['userName ew ".org"', ['cat', 'dan']],
      ['userName gt "C"', ['cat', 'dan']],
      ['userName le "bob.smith@example.com"', ['ann', 'bob']],
      ['name.familyName sw "Smith"', ['bob', 'cat']],
      ['name.familyName eq "smith"', ['bob']],
      ['displayName eq "ann lee"', ['ann']],
      ['title eq "Engineer \\"Lead\\""', ['cat']],
      ['externalId eq "ext-Ann"', ['ann']],
      ['externalId eq "ext-ann"', []],
      ['active eq false', ['bob']],
      ['active eq true', ['ann', 'cat', 'dan']],
      ['title pr', ['ann', 'cat']],
      ['not (title pr)', ['bob', 'dan']],
      ['emails pr', ['ann', 'bob']],
      ['emails co "@work.example"', ['ann', 'bob']],
      ['emails.value eq "ANN@HOME.EXAMPLE"', ['ann']],
      ['emails.type eq "home"', ['ann']],
      ['emails.type ne "home"', ['bob', 'cat', 'dan']],
      ['emails[type eq "work" and value sw "bob"]', ['bob']],
      ['emails[type eq "home" and value sw "bob"]', []],
      ['emails[type eq "work"].value eq "ann@work.example"', ['ann']],
      ['emails[primary eq true]', ['ann']],
      [`${enterpriseUrn}:department eq "finance"`, ['ann']],
      [`${enterpriseUrn}:department pr and active eq true`, ['ann']],
      ['userName sw "ann" or userName sw "bob" and active eq true', ['ann']],
      ['(userName sw "ann" or userName sw "bob") and active eq false', ['bob']],
      ['not (userName sw "ann") and not (userName sw "bob")', ['cat', 'dan']],
      ['groups.display eq "admins"', ['ann', 'dan']],
      ['meta.created gt "2026-03-01T09:01:00Z"', ['cat', 'dan']],
      ['meta.created ge "2026-03-01T09:01:00Z"', ['bob', 'cat', 'dan']],
      ['meta.lastModified lt "2026-03-01T09:03:00Z"', ['bob', 'cat']],
      // Joining Admins (at 09:04) modified Ann and Dan: their groups changed.
      ['meta.lastModified gt "2026-03-01T09:03:30Z"', ['ann', 'dan']],
      ['meta.resourceType eq "User"', ['ann', 'bob', 'cat', 'dan']],
      // RFC 7644 §3.4.2.2's own example: the users that have the enterprise extension, as their `schemas` say.
      [`schemas eq "${enterpriseUrn}"`, ['ann', 'bob']],
      [`SCHEMAS EQ "${enterpriseUrn.toUpperCase()}"`, ['ann', 'bob']],
      [`not (schemas eq "${enterpriseUrn}")`, ['cat', 'dan']],
      [`schemas eq "${userUrn}"`, ['ann', 'bob', 'cat', 'dan']],
      [`schemas eq "${groupUrn}"`, []],
      ['nickName eq "nobody"', []]
    ]

    it.each(cases)('filters users by %s', async (filter, expected) => {
      const response = await call('GET', `/Users?filter=${encodeURIComponent(filter)}`)
      expect(response.status, response.text).toBe(200)
      expect(ids(response)).toEqual(expected.map((key) => people[key]))
      expect(response.body.totalResults).toBe(expected.length)
    })

    // The lookup Okta sends before every create, with the window it sends and the ones it could.
    it("answers Okta's userName lookup as a page: the user with its groups, the window, a deactivated user, none", async () => {
      const lookup = (userName: string, window = '') => call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}${window}`)
      const found = await lookup('ANN.LEE@example.com', '&startIndex=1&count=100')
      expect(found.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 })
      expect(found.body.Resources?.[0]).toMatchObject({ id: people.ann, userName: 'Ann.Lee@example.com', groups: [{ value: people.admins, display: 'Admins' }] })
      expect((await lookup('bob.smith@example.com')).body.Resources?.[0]).toMatchObject({ id: people.bob, active: false })
      expect((await lookup('ann.lee@example.com', '&startIndex=2')).body).toEqual({ schemas: [listUrn], totalResults: 1, startIndex: 2, itemsPerPage: 0, Resources: [] })
      expect((await lookup('ann.lee@example.com', '&count=0')).body).toEqual({ schemas: [listUrn], totalResults: 1, startIndex: 1, itemsPerPage: 0, Resources: [] })
      expect((await lookup('nobody@example.com')).body).toEqual({ schemas: [listUrn], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] })
      const [projected] = (await lookup('ann.lee@example.com', '&attributes=userName')).body.Resources ?? []
      expect(projected).toMatchObject({ id: people.ann, userName: 'Ann.Lee@example.com' })
      expect(projected).not.toHaveProperty('name')
      expect((await lookup('ann.lee@example.com', '&sortBy=nickName')).body.totalResults).toBe(1)
      expect((await lookup('ann.lee@example.com', '&sortBy=nosuch')).body).toMatchObject({ status: '400', scimType: 'invalidValue' })
    })

    it('ignores case beyond ASCII letters: accented names and addresses match in any case', async () => {
      const unal = await createUser('Ünal.Çelik@example.com', {
        displayName: 'Ünal Çelik',
        name: { givenName: 'Ünal', familyName: 'Çelik' },
        emails: [{ value: 'Ünal@Work.example', type: 'work' }]
      })
      const matching = [
        'displayName eq "ünal çelik"',
        'name.givenName eq "ÜNAL"',
        'emails.value eq "ünal@work.example"',
        'emails[type eq "work"].value eq "ÜNAL@WORK.EXAMPLE"',
        'displayName co "ÇELIK"',
        'name.familyName sw "çel"',
        'displayName ew "AL ÇELIK"',
        'not (displayName ne "ÜNAL ÇELIK")'
      ]
      for (const filter of matching) expect(ids(await call('GET', `/Users?filter=${encodeURIComponent(filter)}`)), filter).toEqual([unal.id])
      // Folding case is not removing accents.
      expect(ids(await call('GET', `/Users?filter=${encodeURIComponent('displayName eq "unal celik"')}`))).toEqual([])
    })

    it('filters groups by the schemas they answer with, as users are', async () => {
      const group = await call('POST', '/Groups', {
        body: { schemas: [groupUrn, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'], displayName: 'Entra group' }
      })
      expect(group.body.schemas).toEqual([groupUrn])
      const groupIds = async (filter: string) => ids(await call('GET', `/Groups?filter=${encodeURIComponent(filter)}&excludedAttributes=members`))
      expect(await groupIds(`schemas eq "${groupUrn}"`)).toEqual([people.admins, group.body.id])
      expect(await groupIds(`schemas eq "${userUrn}"`)).toEqual([])
      expect(await groupIds('schemas eq "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"')).toEqual([])
    })

    it('answers an externalId or displayName sent empty as unassigned (RFC 7643 §2.5), and finds it as it answers it', async () => {
      const blank = await createUser('blank@example.com', { externalId: '', displayName: '' })
      expect(blank).not.toHaveProperty('externalId')
      expect(blank).not.toHaveProperty('displayName')
      const group = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'Blank', externalId: '' } })
      expect(group.body).not.toHaveProperty('externalId')
      for (const filter of ['externalId eq ""', 'displayName eq ""', 'externalId pr or displayName pr']) {
        expect(ids(await call('GET', `/Users?filter=${encodeURIComponent(filter)}`)), filter).not.toContain(blank.id)
      }
      expect(ids(await call('GET', `/Users?filter=${encodeURIComponent('not (externalId pr)')}`))).toContain(blank.id)
      expect(ids(await call('GET', `/Groups?filter=${encodeURIComponent('externalId eq ""')}`))).toEqual([])
      expect(ids(await call('GET', `/Groups?filter=${encodeURIComponent('externalId pr')}`))).toEqual([])
    })

    it('sorts names case-insensitively beyond ASCII letters: "Élodie" and "élodie" are side by side', async () => {
      for (const displayName of ['Élodie Martin', 'Ñuñez', 'élodie Blanc', 'Zoe']) {
        await createUser(`${displayName.split(' ')[0]?.toLowerCase()}.${displayName.length}@sort.example`, { displayName, name: { familyName: displayName } })
      }
      const sorted = async (sortBy: string, order = 'ascending') => {
        const response = await call('GET', `/Users?filter=${encodeURIComponent('userName ew "@sort.example"')}&sortBy=${sortBy}&sortOrder=${order}`)
        return (response.body.Resources ?? []).map((user) => user.displayName)
      }
      expect(await sorted('displayName')).toEqual(['Zoe', 'élodie Blanc', 'Élodie Martin', 'Ñuñez'])
      expect(await sorted('name.familyName', 'descending')).toEqual(['Ñuñez', 'Élodie Martin', 'élodie Blanc', 'Zoe'])
    })

    it('filters by id and by group membership, which need the ids of this run', async () => {
      expect(ids(await call('GET', `/Users?filter=${encodeURIComponent(`id eq "${people.bob}"`)}`))).toEqual([people.bob])
      expect(ids(await call('GET', `/Users?filter=${encodeURIComponent(`groups[value eq "${people.admins}"]`)}`))).toEqual([people.ann, people.dan])
      expect(ids(await call('GET', `/Groups?filter=${encodeURIComponent(`members[value eq "${people.dan}"]`)}`))).toEqual([people.admins])
      expect(ids(await call('GET', `/Groups?filter=${encodeURIComponent('displayName co "MIN"')}`))).toEqual([people.admins])
      expect(ids(await call('GET', `/Groups?filter=${encodeURIComponent('members pr')}`))).toEqual([people.admins])
    })

    it('reads the attributes of a /.search body as the list of paths it is', async () => {
      const response = await call('POST', '/Users/.search', { body: { filter: 'userName sw "ann"', attributes: ['userName', 'name.givenName'] } })
      expect(response.body.Resources).toEqual([{ schemas: [userUrn, enterpriseUrn], id: people.ann, userName: 'Ann.Lee@example.com', name: { givenName: 'Ann' } }])
      const excluded = await call('POST', '/Users/.search', { body: { filter: 'userName sw "ann"', excludedAttributes: ['emails', 'groups'] } })
      expect(excluded.body.Resources?.[0]).not.toHaveProperty('emails')
      expect(excluded.body.Resources?.[0]).not.toHaveProperty('groups')
      const repeated = await call('GET', `/Users?filter=${encodeURIComponent('userName sw "ann"')}&attributes=userName&attributes=title`)
      expect(repeated.body.Resources?.[0]).toMatchObject({ userName: 'Ann.Lee@example.com', title: 'CFO' })
    })

    it('runs the same query from a POST to /.search (RFC 7644 §3.4.3)', async () => {
      const response = await call('POST', '/Users/.search', { body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName ew ".org"', startIndex: 2, count: 5 } })
      expect(response.status).toBe(200)
      expect(response.body).toMatchObject({ totalResults: 2, startIndex: 2, itemsPerPage: 1 })
      expect(ids(response)).toEqual([people.dan])
    })

    it('sorts users without the sortBy attribute last in ascending order and first in descending (RFC 7644 §3.4.2.3)', async () => {
      const sorted = async (query: string) => ids(await call('GET', `/Users?${query}`))
      expect(await sorted('sortBy=title')).toEqual([people.ann, people.cat, people.bob, people.dan])
      expect(await sorted('sortBy=title&sortOrder=descending')).toEqual([people.bob, people.dan, people.cat, people.ann])
      expect(await sorted('sortBy=emails.value')).toEqual([people.ann, people.bob, people.cat, people.dan])
      expect(await sorted('sortBy=emails.value&sortOrder=descending')).toEqual([people.cat, people.dan, people.bob, people.ann])
      // Paged, the same order: the users without a title are on the last page.
      expect(await sorted('sortBy=title&startIndex=3&count=2')).toEqual([people.bob, people.dan])
    })

    it('refuses a /.search body that is not a SearchRequest object with 400 invalidSyntax, rather than listing everyone', async () => {
      for (const raw of ['[{"filter":"userName eq \\"nobody\\""}]', '"userName eq \\"nobody\\""', 'null', '42']) {
        expectError(await call('POST', '/Users/.search', { raw }), 400, 'invalidSyntax')
        expectError(await call('POST', '/Groups/.search', { raw }), 400, 'invalidSyntax')
      }
      // No body at all is a search with no parameters.
      expect((await call('POST', '/Groups/.search')).status).toBe(200)
    })

    it('refuses a /.search member of the wrong JSON type with 400 invalidSyntax naming the member and the type it takes', async () => {
      const refused: [Body, string][] = [
        [{ filter: 5 }, '"filter" in the /.search body must be a string, such as "userName eq \\"ann@example.com\\"", but it is a number: 5.'],
        [{ filter: ['userName eq "ann"'] }, '"filter" in the /.search body must be a string, such as "userName eq \\"ann@example.com\\"", but it is a list: ["userName eq \\"ann\\""].'],
        [{ sortBy: { attribute: 'userName' } }, '"sortBy" in the /.search body must be a string naming an attribute, such as "userName", but it is an object: {"attribute":"userName"}.'],
        [{ sortOrder: true }, '"sortOrder" in the /.search body must be the string "ascending" or "descending", but it is true.'],
        [{ startIndex: [2] }, '"startIndex" in the /.search body must be a whole number, such as 1, but it is a list: [2].'],
        [{ count: false }, '"count" in the /.search body must be a whole number, such as 1, but it is false.'],
        [{ attributes: { userName: true } }, '"attributes" in the /.search body must be a list of attribute paths, such as ["userName", "emails"], but it is an object: {"userName":true}.'],
        [{ excludedAttributes: ['emails', 7] }, '"excludedAttributes" in the /.search body must be a list of attribute paths, such as ["userName", "emails"], but its entry 2 is a number: 7.']
      ]
      for (const [body, detail] of refused) {
        for (const path of ['/Users/.search', '/Groups/.search']) {
          const response = await call('POST', path, { body })
          expectError(response, 400, 'invalidSyntax')
          expect(response.body.detail).toBe(detail)
        }
      }
      // null is the member left out (RFC 7643 §2.5); a number as text and a comma-separated string of paths are read as
      // the query string gives them.
      const lenient = await call('POST', '/Users/.search', { body: { filter: null, startIndex: '2', count: '5', attributes: 'userName,title', sortOrder: null } })
      expect(lenient.status, lenient.text).toBe(200)
      expect(lenient.body).toMatchObject({ totalResults: 4, startIndex: 2, itemsPerPage: 3 })
      expect((lenient.body.Resources ?? []).map((user) => Object.keys(user).filter((key) => key !== 'title').sort())).toEqual(Array(3).fill(['id', 'schemas', 'userName']))
    })

    it.each([
      ['userName eq', 'invalidFilter'],
      ['userName eq "a" and', 'invalidFilter'],
      ['(userName eq "a"', 'invalidFilter'],
      ['userName eq "a")', 'invalidFilter'],
      ['nope eq "x"', 'invalidFilter'],
      ['name.nope eq "x"', 'invalidFilter'],
      ['userName xx "x"', 'invalidFilter'],
      ['active gt true', 'invalidFilter'],
      ['meta.created gt "yesterday"', 'invalidFilter'],
      ['meta.created co "2026"', 'invalidFilter'],
      ['emails[type eq "work"', 'invalidFilter'],
      ["userName eq 'single'", 'invalidFilter'],
      [`userName eq "${'x'.repeat(5000)}"`, 'invalidFilter']
    ])('refuses the filter %s with 400 %s, never returning everything or nothing', async (filter, scimType) => {
      expectError(await call('GET', `/Users?filter=${encodeURIComponent(filter)}`), 400, scimType)
    })

    it('places a filter error by the characters a person counts: an emoji before it is one, not two UTF-16 units', async () => {
      const response = await call('GET', `/Users?filter=${encodeURIComponent('userName eq "😀" and title xx "y"')}`)
      expectError(response, 400, 'invalidFilter')
      expect(String(response.body.detail)).toContain("near 'xx' at character 27:")
    })
  })

  describe('paging', () => {
    beforeEach(() => {
      // Directly through the service: 1005 HTTP creates would only make the test slow.
      for (let index = 0; index < 1005; index += 1) {
        const created = harness.services.directory.createUser(tenant.id, { schemas: [userUrn], userName: `user${String(index).padStart(4, '0')}@example.com`, active: true })
        if (!created.ok) throw new Error(created.error.message)
      }
    })

    it('sends integer paging fields and a Resources list on every page, even past the end', async () => {
      const past = await call('GET', '/Users?startIndex=2000&count=10')
      expect(past.body).toEqual({ schemas: [listUrn], totalResults: 1005, startIndex: 2000, itemsPerPage: 0, Resources: [] })
      const page = await call('GET', '/Users?startIndex=1001&count=10')
      expect(page.body).toMatchObject({ totalResults: 1005, startIndex: 1001, itemsPerPage: 5 })
      expect(page.text).toMatch(/"totalResults":1005,"startIndex":1001,"itemsPerPage":5/)
    })

    it('keeps the order stable whatever the page size', async () => {
      const byHundreds: string[] = []
      for (let start = 1; start <= 1005; start += 100) byHundreds.push(...ids(await call('GET', `/Users?startIndex=${start}&count=100`)))
      const bySevens: string[] = []
      for (let start = 1; start <= 70; start += 7) bySevens.push(...ids(await call('GET', `/Users?startIndex=${start}&count=7`)))
      expect(new Set(byHundreds).size).toBe(1005)
      expect(bySevens).toEqual(byHundreds.slice(0, 70))
    })

    it('reads a startIndex below 1 as 1 and a negative count as 0', async () => {
      for (const startIndex of ['0', '-5']) {
        const response = await call('GET', `/Users?startIndex=${startIndex}&count=3`)
        expect(response.body).toMatchObject({ startIndex: 1, itemsPerPage: 3 })
      }
      expect((await call('GET', '/Users?count=-1')).body).toEqual({ schemas: [listUrn], totalResults: 1005, startIndex: 1, itemsPerPage: 0, Resources: [] })
    })

    it('caps count at 1000, as /ServiceProviderConfig declares, and uses that cap without a count', async () => {
      expect((await call('GET', '/Users?count=5000')).body.itemsPerPage).toBe(1000)
      expect((await call('GET', '/Users')).body.itemsPerPage).toBe(1000)
      const config = await call('GET', '/ServiceProviderConfig')
      expect((config.body.filter as { maxResults: number }).maxResults).toBe(1000)
    })

    it('answers count=0 with the total only', async () => {
      const response = await call('GET', `/Users?count=0&filter=${encodeURIComponent('userName sw "user00"')}`)
      expect(response.body).toEqual({ schemas: [listUrn], totalResults: 100, startIndex: 1, itemsPerPage: 0, Resources: [] })
    })

    it('answers a startIndex too large for any list with an empty page, not an error', async () => {
      const response = await call('GET', '/Users?startIndex=100000000000000000000&count=5')
      expect(response.status).toBe(200)
      expect(response.body.Resources).toEqual([])
      expect(response.body.totalResults).toBe(1005)
    })

    it('refuses paging values that are not whole numbers with 400 invalidValue', async () => {
      expectError(await call('GET', '/Users?count=ten'), 400, 'invalidValue')
      expectError(await call('GET', '/Users?startIndex=1.5'), 400, 'invalidValue')
    })

    it('reads old Okta lower-case parameter names', async () => {
      const response = await call('GET', '/Users?startindex=3&COUNT=2')
      expect(response.body).toMatchObject({ startIndex: 3, itemsPerPage: 2 })
    })

    it('sorts by sortBy and sortOrder, and refuses an attribute it cannot sort on', async () => {
      const descending = await call('GET', '/Users?sortBy=userName&sortOrder=descending&count=2')
      expect((descending.body.Resources ?? []).map((user) => user.userName)).toEqual(['user1004@example.com', 'user1003@example.com'])
      expectError(await call('GET', '/Users?sortBy=groups'), 400, 'invalidValue')
      expectError(await call('GET', '/Users?sortBy=userName&sortOrder=sideways'), 400, 'invalidValue')
    })

    it('repeats the start of a long refused count, startIndex or sortOrder in the detail, not all of it', async () => {
      const long = `${'9'.repeat(30)}x${'😀'.repeat(200_000)}`
      for (const name of ['count', 'startIndex', 'sortOrder']) {
        const response = await call('POST', '/Users/.search', { body: { [name]: long } })
        expectError(response, 400, 'invalidValue')
        const detail = String(response.body.detail)
        expect(detail.length, name).toBeLessThan(200)
        expect(detail, name).toContain(`"${'9'.repeat(30)}x😀`)
        // Its start and its end, and its length in characters: an emoji is one, not the two UTF-16 units it takes.
        expect(detail, name).toContain(`${'😀'.repeat(20)}" (${Array.from(long).length.toLocaleString('en-US')} characters)`)
        expect(detail, name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
      }
      expect((await call('GET', '/Users?count=ten')).body.detail).toBe('count must be a whole number, not "ten".')
    })
  })

  describe('discovery', () => {
    it('declares a ServiceProviderConfig with every required capability, each one true to what the server does', async () => {
      const config = await call('GET', '/ServiceProviderConfig')
      expect(config.status).toBe(200)
      expect(config.body).toMatchObject({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
        patch: { supported: true },
        bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
        filter: { supported: true, maxResults: 1000 },
        changePassword: { supported: true },
        sort: { supported: true },
        etag: { supported: true },
        meta: { resourceType: 'ServiceProviderConfig', location: `${tenant.baseUrl}/ServiceProviderConfig` }
      })
      const schemes = config.body.authenticationSchemes as Body[]
      expect(schemes).toEqual([expect.objectContaining({ type: 'oauthbearertoken', name: expect.any(String), description: expect.any(String), primary: true })])
      // etag.supported: true, so a conditional GET works.
      const user = await createUser('ann@example.com')
      expect((await call('GET', `/Users/${user.id}`, { headers: { 'if-none-match': 'W/"1"' } })).status).toBe(304)
      // changePassword.supported: true, so a PATCH of the password is taken.
      expect((await call('PATCH', `/Users/${user.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'password', value: 'n3w-Pass' }] } })).status).toBe(200)
      // bulk.supported: false, so /Bulk says so.
      expectError(await call('POST', '/Bulk', { body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] } }), 501)
    })

    it('lists the User and Group resource types, with the enterprise extension', async () => {
      const types = await call('GET', '/ResourceTypes')
      expect(types.body).toMatchObject({ schemas: [listUrn], totalResults: 2, startIndex: 1, itemsPerPage: 2 })
      const [user, group] = types.body.Resources ?? []
      expect(user).toEqual({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
        id: 'User',
        name: 'User',
        endpoint: '/Users',
        description: expect.any(String),
        schema: userUrn,
        schemaExtensions: [{ schema: enterpriseUrn, required: false }],
        meta: { resourceType: 'ResourceType', location: `${tenant.baseUrl}/ResourceTypes/User` }
      })
      expect(group).toMatchObject({ id: 'Group', endpoint: '/Groups', schema: groupUrn, meta: { location: `${tenant.baseUrl}/ResourceTypes/Group` } })
      expect((await call('GET', '/ResourceTypes/Group')).body).toEqual(group)
      expectError(await call('GET', '/ResourceTypes/Device'), 404)
    })

    it('serves complete schemas whose characteristics match how the server treats each attribute', async () => {
      const schemas = await call('GET', '/Schemas')
      expect(schemas.body.totalResults).toBe(3)
      const byId = new Map((schemas.body.Resources ?? []).map((schema) => [schema.id, schema as { attributes: Body[]; meta: Body }]))
      expect([...byId.keys()]).toEqual([userUrn, enterpriseUrn, groupUrn])
      const check = (attributes: Body[]) => {
        for (const attribute of attributes) {
          for (const key of ['name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness']) {
            expect(attribute, `${String(attribute.name)}.${key}`).toHaveProperty(key)
          }
          if (attribute.type === 'complex') check(attribute.subAttributes as Body[])
        }
      }
      for (const schema of byId.values()) check(schema.attributes)
      const user = byId.get(userUrn)?.attributes ?? []
      const find = (name: string) => user.find((attribute) => attribute.name === name)
      expect(find('userName')).toMatchObject({ required: true, caseExact: false, uniqueness: 'server' })
      expect(find('id')).toMatchObject({ mutability: 'readOnly', returned: 'always', caseExact: true })
      expect(find('externalId')).toMatchObject({ caseExact: true })
      expect(find('password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' })
      expect(find('groups')).toMatchObject({ mutability: 'readOnly', multiValued: true })
      // Every attribute a created user comes back with is one the schema declares.
      const created = await createUser('ann@example.com', {
        schemas: [userUrn, enterpriseUrn],
        name: { givenName: 'Ann' },
        emails: [{ value: 'ann@example.com' }],
        [enterpriseUrn]: { department: 'Finance' }
      })
      const declared = new Set(user.map((attribute) => attribute.name))
      for (const key of Object.keys(created).filter((key) => key !== 'schemas' && key !== 'meta' && key !== enterpriseUrn)) expect(declared).toContain(key)
      const one = await call('GET', `/Schemas/${enterpriseUrn}`)
      expect(one.body.id).toBe(enterpriseUrn)
      expect(one.body.meta).toMatchObject({ resourceType: 'Schema', location: `${tenant.baseUrl}/Schemas/${enterpriseUrn}` })
      expectError(await call('GET', '/Schemas/urn:nope'), 404)
    })

    it('refuses a filter on discovery endpoints with 403 (RFC 7644 §4), on the lists and on each resource of them', async () => {
      const filter = `filter=${encodeURIComponent('id eq "x"')}`
      for (const [path, endpoint] of [
        ['/Schemas', '/Schemas'],
        [`/Schemas/${userUrn}`, '/Schemas'],
        ['/ResourceTypes', '/ResourceTypes'],
        ['/ResourceTypes/User', '/ResourceTypes'],
        ['/ServiceProviderConfig', '/ServiceProviderConfig']
      ]) {
        const refused = await call('GET', `${path}?${filter}`)
        expectError(refused, 403)
        expect(refused.body.detail).toBe(`${endpoint} is a discovery endpoint and does not support filtering (RFC 7644 §4). Read it without a filter.`)
      }
    })

    it('answers a search at the base URL, by GET with a filter or POST /.search, with 501 naming the searches there are (RFC 7644 §3.4.3)', async () => {
      const detail =
        'This server does not search across resource types at the base URL. Search each one instead: GET /Users?filter=… or POST /Users/.search, and GET /Groups?filter=… or POST /Groups/.search.'
      const byGet = await call('GET', `/?filter=${encodeURIComponent('userName eq "ann@example.com"')}`)
      expectError(byGet, 501)
      expect(byGet.body.detail).toBe(detail)
      const byPost = await call('POST', '/.search', { body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName eq "ann@example.com"' } })
      expectError(byPost, 501)
      expect(byPost.body.detail).toBe(detail)
      // The base URL without a filter still answers the configuration (Entra's Test Connection may read it).
      expect((await call('GET', '/')).body.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'])
    })

    it('answers /Me and /Bulk with 501 and an Error body, for any method', async () => {
      for (const [method, path] of [['GET', '/Me'], ['PUT', '/Me'], ['POST', '/Bulk'], ['GET', '/Bulk']] as const) {
        expectError(await call(method, path, method === 'GET' ? {} : { body: {} }), 501)
      }
    })
  })

  describe('errors, media types and authentication', () => {
    it('refuses a list parameter given twice with different values, rather than answer for one of them', async () => {
      await createUser('ann@example.com')
      await createUser('bob@example.com')
      const annOrBob = `filter=${encodeURIComponent('userName eq "ann@example.com"')}&filter=${encodeURIComponent('userName eq "bob@example.com"')}`
      const twoFilters = await call('GET', `/Users?${annOrBob}`)
      expectError(twoFilters, 400, 'invalidFilter')
      expect(twoFilters.body.detail).toBe(
        'filter is given 2 times, with different values (1: userName eq "ann@example.com"; 2: userName eq "bob@example.com"). Send it once: SCIM Console does not choose one of them.'
      )
      // Under another casing of its name too, and in a /.search body.
      expectError(await call('GET', '/Users?startIndex=1&startindex=2'), 400, 'invalidValue')
      expectError(await call('GET', '/Users?sortBy=userName&sortBy=title'), 400, 'invalidValue')
      const search = await call('POST', '/Users/.search', { body: { count: 1, Count: 2 } })
      expectError(search, 400, 'invalidValue')
      expect(search.body.detail).toContain('count is given 2 times')
      // The same value twice, or an empty one beside a value, leaves no doubt about what was asked.
      expect((await call('GET', '/Users?count=1&count=1')).body).toMatchObject({ itemsPerPage: 1, totalResults: 2 })
      expect((await call('GET', '/Users?count=&count=1')).body).toMatchObject({ itemsPerPage: 1 })
      // attributes and excludedAttributes are lists: repeated, their paths add up.
      expect(Object.keys((await call('GET', '/Users?attributes=userName&attributes=active')).body.Resources?.[0] ?? {}).sort()).toEqual(['active', 'id', 'schemas', 'userName'])
    })

    it('refuses malformed JSON with 400 invalidSyntax', async () => {
      expectError(await call('POST', '/Users', { raw: '{"userName": "ann@example.com",' }), 400, 'invalidSyntax')
      expectError(await call('PUT', '/Users/x', { raw: "{'userName': 'a'}" }), 400, 'invalidSyntax')
      expectError(await call('PATCH', '/Groups/x', { raw: 'not json' }), 400, 'invalidSyntax')
      expectError(await call('POST', '/Users', { raw: '["userName"]' }), 400, 'invalidSyntax')
    })

    it('says where malformed JSON breaks, and names a form body by its Content-Type without repeating its secrets', async () => {
      const broken = await call('POST', '/Users', { raw: '{\n  "userName": "ann@example.com"\n  "active": true\n}' })
      expect(broken.body.detail).toBe(`The request body is not valid JSON: expected ',' or '}' after property value, at line 3, column 3, where it has a double quote.`)
      const form = await call('POST', '/Users', { raw: 'userName=ann&password=hunter2', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      expectError(form, 400, 'invalidSyntax')
      expect(form.body.detail).toContain('Its Content-Type is application/x-www-form-urlencoded')
      harness.services.log.flush()
      const logged = harness.services.log.list({ tenantId: tenant.id, limit: 1 })
      const entry = logged.ok ? logged.value.items[0] : undefined
      expect(entry?.errorDetail).toBe(form.body.detail)
      expect(JSON.stringify(entry)).not.toContain('hunter2')
    })

    it('refuses a request without a body where one is needed, with a sentence that says so', async () => {
      const response = await call('POST', '/Users', { headers: { 'content-type': 'application/scim+json' } })
      expectError(response, 400, 'invalidSyntax')
      expect(String(response.body.detail)).toMatch(/empty/)
    })

    it('refuses a body larger than 1 MB with 413', async () => {
      const response = await call('POST', '/Users', { body: { userName: 'big@example.com', title: 'x'.repeat(1024 * 1024) } })
      expectError(response, 413)
      expect((await call('GET', '/Users')).body.totalResults).toBe(0)
    })

    it('refuses a userName or group name too long for any lookup to find, and takes one of 1,024 characters', async () => {
      const long = `${'a'.repeat(1_025 - '@example.com'.length)}@example.com`
      const user = await call('POST', '/Users', { body: { schemas: [userUrn], userName: long } })
      expectError(user, 400, 'invalidValue')
      expect(user.body.detail).toBe('The userName is 1,025 characters long; SCIM Console takes at most 1,024, so that a filter can still find it.')
      expectError(await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'G'.repeat(5_000) } }), 400, 'invalidValue')
      const longest = long.slice(1)
      expect((await call('POST', '/Users', { body: { schemas: [userUrn], userName: longest } })).status).toBe(201)
      expect(ids(await call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${longest}"`)}`))).toHaveLength(1)
    })

    it('counts a name in Unicode characters, not UTF-16 units: takes 1,024 emoji and finds them, refuses 1,025', async () => {
      const emoji = '😀'.repeat(1_024)
      const user = await call('POST', '/Users', { body: { schemas: [userUrn], userName: emoji } })
      expect(user.status, user.text).toBe(201)
      expect(ids(await call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${emoji}"`)}`))).toEqual([user.body.id])
      const group = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: '🚀'.repeat(1_024) } })
      expect(group.status, group.text).toBe(201)
      const over = await call('POST', '/Users', { body: { schemas: [userUrn], userName: `${emoji}😀` } })
      expectError(over, 400, 'invalidValue')
      expect(over.body.detail).toBe('The userName is 1,025 characters long; SCIM Console takes at most 1,024, so that a filter can still find it.')
      // A filter too (in a /.search body: percent-encoded, so many emoji overflow a URL): 4,096 characters are taken.
      expect((await call('POST', '/Users/.search', { body: { filter: `displayName eq "${'😀'.repeat(4_096 - 17)}"` } })).status).toBe(200)
      const long = await call('POST', '/Users/.search', { body: { filter: `displayName eq "${'😀'.repeat(4_096 - 16)}"` } })
      expectError(long, 400, 'invalidFilter')
      expect(long.body.detail).toBe('The filter is 4097 characters long; the longest filter accepted is 4096 characters.')
    })

    it('refuses an attributes list longer than any schema, which would hold every tenant up while it is applied', async () => {
      await createUser('ann@example.com')
      const paths = (count: number) => Array.from({ length: count }, (_, index) => `name.part${index}`)
      expect((await call('GET', `/Users?excludedAttributes=${paths(100).join(',')}`)).status).toBe(200)
      expectError(await call('GET', `/Users?excludedAttributes=${paths(101).join(',')}`), 400, 'invalidValue')
      expectError(await call('GET', `/Users?attributes=${paths(101).join(',')}`), 400, 'invalidValue')
      // A /.search body may hold far more in its 1 MB: 60,000 paths took 18 s over a page of 1,000 users.
      const search = await call('POST', '/Users/.search', { body: { excludedAttributes: paths(60_000) } })
      expectError(search, 400, 'invalidValue')
      expect(search.body.detail).toBe('The excludedAttributes list names 60,000 paths; SCIM Console takes at most 100, more than its schemas have attributes.')
      expectError(await call('POST', '/Groups/.search', { body: { attributes: paths(101) } }), 400, 'invalidValue')
    })

    it('refuses JSON nested deeper than any SCIM resource, instead of failing on it', async () => {
      let deep = '1'
      for (let level = 0; level < 10_000; level += 1) deep = `[${deep}]`
      expectError(await call('POST', '/Users', { raw: `{"userName":"deep@example.com","${enterpriseUrn}":{"x":${deep}}}` }), 400, 'invalidSyntax')
      expectError(await call('PATCH', '/Users/x', { raw: `{"Operations":${deep}}` }), 400, 'invalidSyntax')
    })

    it('accepts application/scim+json, application/json and a GET that carries a Content-Type', async () => {
      for (const type of ['application/scim+json', 'application/scim+json; charset=utf-8', 'application/json', 'application/json; charset=utf-8']) {
        const response = await call('POST', '/Users', { raw: JSON.stringify({ userName: `${type.replace(/\W/g, '')}@example.com` }), headers: { 'content-type': type } })
        expect(response.status, type).toBe(201)
      }
      const get = await call('GET', '/Users?startIndex=1&count=2', { headers: { 'content-type': 'application/scim+json; charset=utf-8' } })
      expect(get.status).toBe(200)
      expect(get.body.totalResults).toBe(4)
    })

    it("reads a body as JSON under an empty or unreadable Content-Type, as without one (curl -H 'Content-Type;')", async () => {
      const post = (header: string, userName: string) => {
        const body = JSON.stringify({ schemas: [userUrn], userName })
        return harness.rawHttp(
          `POST /scim/v2/${tenant.slug}/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tenant.token}\r\n${header}` +
            `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
        )
      }
      for (const [header, userName] of [['Content-Type:\r\n', 'empty@example.com'], ['Content-Type: json\r\n', 'word@example.com'], ['', 'none@example.com']] as const) {
        const response = await post(header, userName)
        expect([response.status, response.body.userName], header).toEqual([201, userName])
      }
      // The log shows the header as it was sent.
      expect(harness.logEntries(tenant.id).map((entry) => entry.requestHeaders['content-type'])).toEqual(['', 'json', undefined])
    })

    it('answers every response with application/scim+json; charset=utf-8', async () => {
      const created = await createUser('ann@example.com')
      const responses = [
        await call('GET', '/Users'),
        await call('GET', `/Users/${created.id}`),
        await call('GET', '/Users/none'),
        await call('GET', '/Users', { token: null }),
        await call('GET', '/ServiceProviderConfig'),
        await call('GET', '/Nope'),
        await harness.request('GET', `${harness.origin}/elsewhere`),
        await harness.request('GET', `${harness.origin}/scim/v2/no-such-tenant/Users`)
      ]
      for (const response of responses) expect(response.headers.get('content-type')).toBe(scimJson)
    })

    it('accepts Bearer tokens in any case of the word, and bare tokens', async () => {
      expect((await call('GET', '/Users', { token: null, headers: { authorization: `Bearer ${tenant.token}` } })).status).toBe(200)
      expect((await call('GET', '/Users', { token: null, headers: { authorization: `bearer ${tenant.token}` } })).status).toBe(200)
      expect((await call('GET', '/Users', { token: null, headers: { authorization: tenant.token } })).status).toBe(200)
    })

    it('refuses missing, Basic and unknown credentials with 401, a WWW-Authenticate header and advice', async () => {
      const missing = await call('GET', '/Users', { token: null })
      expectError(missing, 401)
      expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/)
      const basic = await call('GET', '/Users', { token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } })
      expectError(basic, 401)
      expect(String(basic.body.detail)).toMatch(/"Basic" scheme.*"HTTP Header"/)
      // The detail names the scheme as the client wrote it, and says when the token itself is missing.
      expect(String((await call('GET', '/Users', { token: null, headers: { authorization: `Token ${tenant.token}` } })).body.detail)).toMatch(/^The Authorization header uses the "Token" scheme/)
      expect(String((await call('GET', '/Users', { token: null, headers: { authorization: 'Bearer ' } })).body.detail)).toMatch(/says "Bearer" but has no API token/)
      expectError(await call('GET', '/Users', { token: null, headers: { authorization: 'Bearer scim_not-a-real-token' } }), 401)
      // Authentication comes before everything else, even a body that does not parse.
      expectError(await call('POST', '/Users', { token: null, raw: '{' }), 401)
    })

    it('answers unknown paths with a 404 Error body, and a method an endpoint does not take with 405', async () => {
      expectError(await call('GET', '/Devices'), 404)
      expectError(await call('GET', '/Users/a/b'), 404)
      const post = await call('POST', '/ServiceProviderConfig', { body: {} })
      expectError(post, 405)
      expect(post.headers.get('allow')).toBe('GET, HEAD')
    })

    it("answers a slug no tenant has exactly as a tenant's slug, to a caller without that tenant's token", async () => {
      const globex = harness.tenant('Globex')
      const revoked = value(harness.services.tokens.issue({ tenant: globex.id, label: 'Old Okta' }))
      value(harness.services.tokens.revoke(revoked.id))
      const credentials: Record<string, Record<string, string>> = {
        'no token': {},
        'a Basic header': { authorization: 'Basic dXNlcjpwYXNz' },
        'a token this console never issued': { authorization: 'Bearer scim_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
        "another tenant's token": { authorization: `Bearer ${globex.token}` },
        "another tenant's revoked token": { authorization: `Bearer ${revoked.token}` }
      }
      const answer = async (slug: string, method: string, headers: Record<string, string>, body?: unknown) => {
        const response = await harness.request(method, `${harness.origin}/scim/v2/${slug}/Users${method === 'GET' ? '?filter=userName%20eq%20%22a%40b.c%22' : ''}`, {
          token: null,
          headers: { 'user-agent': 'Okta SCIM Client 1.0.0', ...headers },
          body
        })
        const seen = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date'))
        return { status: response.status, headers: seen, body: response.body }
      }
      for (const [what, headers] of Object.entries(credentials)) {
        for (const [method, body] of [['GET', undefined], ['POST', { schemas: [userUrn], userName: 'a@b.c' }]] as const) {
          const known = await answer(tenant.slug, method, headers, body)
          expect(known.status, `${what}, ${method}`).toBe(401)
          expect(await answer('no-such-tenant', method, headers, body), `${what}, ${method}`).toEqual(known)
        }
      }
    })

    it('routes paths case-insensitively, keeping the case of ids', async () => {
      const created = await createUser('ann@example.com')
      expect((await call('GET', '/users')).status).toBe(200)
      expect((await call('GET', `/USERS/${created.id}`)).body.id).toBe(created.id)
      expectError(await call('GET', `/Users/${String(created.id).toUpperCase()}`), 404)
      // Slugs are lower-case, so a base URL typed with capitals names the same tenant; its resources keep the slug's own case.
      const typed = await harness.request('GET', `${harness.origin}/scim/v2/${tenant.slug.toUpperCase()}/Users/${created.id}`)
      expect(typed.status, typed.text).toBe(200)
      expect(typed.body.meta).toMatchObject({ location: `${tenant.baseUrl}/Users/${created.id}` })
    })

    it('answers a path that does not decode with 400 and a path segment too long for any id with 404', async () => {
      expectError(await call('GET', '/Users/%E0%A4%A'), 400)
      expectError(await call('GET', `/Users/${'a'.repeat(600)}`), 404)
    })

    it('never authenticates by a path the router reads differently: absolute-form and upper-case prefixes', async () => {
      const absolute = await harness.rawHttp(`GET http://elsewhere/scim/v2/${tenant.slug}/Users HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)
      expect(absolute.status).toBe(401)
      const upper = await harness.rawHttp(`GET /SCIM/V2/${tenant.slug}/Users HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)
      expect(upper.status).toBe(401)
      const allowed = await harness.rawHttp(`GET /SCIM/V2/${tenant.slug}/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tenant.token}\r\nConnection: close\r\n\r\n`)
      expect(allowed.status).toBe(200)
      expect(allowed.body.schemas).toEqual([listUrn])
    })

    it('answers HTTP it cannot parse with an Error body too', async () => {
      const broken = await harness.rawHttp('GET /scim/v2/acme-corp/Users HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n')
      expect(broken.status).toBe(400)
      expect(broken.body).toMatchObject({ schemas: [errorUrn], status: '400' })
      const noHost = await harness.rawHttp(`GET /scim/v2/acme-corp/Users HTTP/1.1\r\nAuthorization: Bearer ${tenant.token}\r\nConnection: close\r\n\r\n`)
      expect(noHost.status).toBe(400)
      expect(noHost.body).toMatchObject({ schemas: [errorUrn], status: '400' })
    })
  })

  describe('ETags (RFC 7644 §3.14)', () => {
    it('sends the version as ETag and answers If-None-Match with 304', async () => {
      const created = await createUser('ann@example.com')
      const read = await call('GET', `/Users/${created.id}`)
      expect(read.headers.get('etag')).toBe('W/"1"')
      expect((read.body.meta as { version: string }).version).toBe('W/"1"')
      const unchanged = await call('GET', `/Users/${created.id}`, { headers: { 'if-none-match': 'W/"1"' } })
      expect(unchanged.status).toBe(304)
      expect(unchanged.text).toBe('')
      expect((await call('GET', `/Users/${created.id}`, { headers: { 'if-none-match': 'W/"0"' } })).status).toBe(200)
    })

    it('answers a GET whose If-Match names none of the current versions with 412, as a write gets (RFC 7232 §3.1)', async () => {
      const created = await createUser('ann@example.com')
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins' } })
      for (const path of [`/Users/${created.id}`, `/Groups/${group.body.id}`]) {
        const stale = await call('GET', path, { headers: { 'if-match': 'W/"7"' } })
        expectError(stale, 412)
        expect(stale.headers.get('etag')).toBe('W/"1"')
        for (const current of ['W/"1"', 'W/"5", W/"1"', '*']) {
          expect((await call('GET', path, { headers: { 'if-match': current } })).status).toBe(200)
        }
        // If-Match is evaluated before If-None-Match (RFC 7232 §6): a current one leaves the 304 to If-None-Match.
        expect((await call('GET', path, { headers: { 'if-match': 'W/"1"', 'if-none-match': 'W/"1"' } })).status).toBe(304)
      }
    })

    it('changes the version of a group whose member is deleted, so a cached copy is not confirmed as current', async () => {
      const ann = await createUser('ann@example.com')
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins', members: [{ value: ann.id }] } })
      clock += 60_000
      expect((await call('DELETE', `/Users/${ann.id}`)).status).toBe(204)
      const cached = await call('GET', `/Groups/${group.body.id}`, { headers: { 'if-none-match': 'W/"1"' } })
      expect(cached.status).toBe(200)
      expect(cached.body.members).toEqual([])
      expect(cached.body.meta).toMatchObject({ version: 'W/"2"', lastModified: '2026-03-01T09:01:00.000Z' })
    })

    it("lists each user's own groups, by displayName, in a GET, a lookup and a page of users", async () => {
      const ann = await createUser('ann@example.com')
      const bob = await createUser('bob@example.com')
      const carol = await createUser('carol@example.com')
      const ids: Record<string, string> = {}
      for (const [displayName, members] of [
        ['sales', [ann.id]],
        ['Engineering "Core" ☕', [ann.id, bob.id]],
        ['Admins', [ann.id]]
      ] as const) {
        ids[displayName] = String((await call('POST', '/Groups', { body: { displayName, members: members.map((value) => ({ value })) } })).body.id)
      }
      const groups = (...names: string[]) => names.map((name) => ({ value: ids[name], display: name, $ref: `${tenant.baseUrl}/Groups/${ids[name]}` }))
      const annGroups = groups('Admins', 'Engineering "Core" ☕', 'sales')
      expect((await call('GET', `/Users/${ann.id}`)).body.groups).toEqual(annGroups)
      const lookup = await call('GET', `/Users?filter=${encodeURIComponent('userName eq "ann@example.com"')}`)
      expect((lookup.body.Resources as { groups: unknown }[]).map((user) => user.groups)).toEqual([annGroups])
      const page = await call('GET', '/Users?startIndex=1&count=10')
      expect((page.body.Resources as { id: string; groups: unknown }[]).map((user) => [user.id, user.groups])).toEqual([
        [ann.id, annGroups],
        [bob.id, groups('Engineering "Core" ☕')],
        [carol.id, []]
      ])
    })

    it('changes the version of a user who joins, leaves or sees a rename of a group, so its groups are never served stale', async () => {
      const ann = await createUser('ann@example.com')
      const versionOf = async () => ((await call('GET', `/Users/${ann.id}`)).body.meta as { version: string }).version
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins', members: [{ value: ann.id }] } })
      expect(await versionOf()).toBe('W/"2"')
      expect((await call('GET', `/Users/${ann.id}`, { headers: { 'if-none-match': 'W/"1"' } })).body.groups).toEqual([
        { value: group.body.id, display: 'Admins', $ref: `${tenant.baseUrl}/Groups/${group.body.id}` }
      ])
      await call('PATCH', `/Groups/${group.body.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'displayName', value: 'Administrators' }] } })
      expect(await versionOf()).toBe('W/"3"')
      await call('PATCH', `/Groups/${group.body.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'remove', path: 'members' }] } })
      expect(await versionOf()).toBe('W/"4"')
      await call('PATCH', `/Groups/${group.body.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: ann.id }] }] } })
      await call('DELETE', `/Groups/${group.body.id}`)
      const read = await call('GET', `/Users/${ann.id}`, { headers: { 'if-none-match': 'W/"5"' } })
      expect(read.status).toBe(200)
      expect(read.body).toMatchObject({ groups: [], meta: { version: 'W/"6"' } })
    })

    it('changes the version of the groups of a renamed user, whose member display changes', async () => {
      const ann = await createUser('ann@example.com')
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins', members: [{ value: ann.id }] } })
      await call('PATCH', `/Users/${ann.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'userName', value: 'ann.lee@example.com' }] } })
      const read = await call('GET', `/Groups/${group.body.id}`, { headers: { 'if-none-match': 'W/"1"' } })
      expect(read.status).toBe(200)
      expect(read.body).toMatchObject({ members: [{ value: ann.id, display: 'ann.lee@example.com' }], meta: { version: 'W/"2"' } })
    })

    it('keeps the version and lastModified of a user or group that a PATCH leaves as it was (RFC 7644 §3.5.2.1)', async () => {
      const ann = await createUser('ann@example.com', { emails: [{ value: 'ann@example.com', type: 'work', primary: true }] })
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins', members: [{ value: ann.id }] } })
      const annAsCreated = (await call('GET', `/Users/${ann.id}`)).body.meta
      const groupAsCreated = group.body.meta
      clock += 60_000
      // An email the user has already, and Okta's rename to the name the group has, which it sends with every push.
      const sameEmail = await call('PATCH', `/Users/${ann.id}`, {
        body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'emails', value: [{ value: 'ann@example.com', type: 'work', primary: true }] }] }
      })
      expect(sameEmail.status).toBe(200)
      expect(sameEmail.body.meta).toEqual(annAsCreated)
      expect(sameEmail.headers.get('etag')).toBe((annAsCreated as { version: string }).version)
      const sameGroup = await call('PATCH', `/Groups/${group.body.id}`, {
        body: {
          schemas: [patchUrn],
          Operations: [
            { op: 'replace', value: { id: group.body.id, displayName: 'Admins' } },
            { op: 'add', path: 'members', value: [{ value: ann.id, display: 'ann@example.com' }] }
          ]
        }
      })
      expect(sameGroup.status).toBe(204)
      expect(sameGroup.headers.get('etag')).toBe((groupAsCreated as { version: string }).version)
      expect((await call('GET', `/Groups/${group.body.id}`)).body.meta).toEqual(groupAsCreated)
      expect((await call('GET', `/Users/${ann.id}`)).body.meta).toEqual(annAsCreated)
      // A stale If-Match is still refused, changed or not.
      expectError(
        await call('PATCH', `/Users/${ann.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'active', value: true }] }, headers: { 'if-match': 'W/"9"' } }),
        412
      )
      // A PATCH that changes something still does.
      const changed = await call('PATCH', `/Users/${ann.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'title', value: 'Lead' }] } })
      expect(changed.body.meta).toMatchObject({ lastModified: '2026-03-01T09:01:00.000Z', version: 'W/"3"' })
    })

    it('does not add an email that differs only in case from one the user has (RFC 7644 §3.5.2.1, emails.value caseExact false)', async () => {
      const ann = await createUser('ann@example.com', { emails: [{ value: 'ann@example.com', type: 'work' }] })
      const annAsCreated = (await call('GET', `/Users/${ann.id}`)).body.meta
      clock += 60_000
      const patch = await call('PATCH', `/Users/${ann.id}`, {
        body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'emails', value: [{ value: 'ANN@Example.com', type: 'Work' }] }] }
      })
      expect(patch.status).toBe(200)
      expect(patch.body.emails).toEqual([{ value: 'ann@example.com', type: 'work' }])
      expect(patch.body.meta).toEqual(annAsCreated)
      expect((await call('GET', `/Users/${ann.id}`)).body.emails).toEqual([{ value: 'ann@example.com', type: 'work' }])
      // Another address is still added.
      const other = await call('PATCH', `/Users/${ann.id}`, {
        body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'emails', value: [{ value: 'ann@corp.example', type: 'work' }] }] }
      })
      expect(other.body.emails).toEqual([{ value: 'ann@example.com', type: 'work' }, { value: 'ann@corp.example', type: 'work' }])
    })

    it("keeps the version and lastModified of a user or group that a PUT leaves as it was (Okta's read-modify-write)", async () => {
      const ann = await createUser('ann@example.com', { name: { givenName: 'Ann' }, emails: [{ value: 'ann@example.com', type: 'work', primary: true }] })
      const group = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'Admins', members: [{ value: ann.id }] } })
      const read = (await call('GET', `/Users/${ann.id}`)).body
      clock += 60_000
      // Okta's PUT is its last GET sent back, id, meta and groups included; "Push now" does the same for each group.
      const sameUser = await call('PUT', `/Users/${ann.id}`, { body: read })
      expect(sameUser.status, sameUser.text).toBe(200)
      expect(sameUser.body).toEqual(read)
      expect(sameUser.headers.get('etag')).toBe('W/"2"')
      const sameGroup = await call('PUT', `/Groups/${group.body.id}`, { body: group.body })
      expect(sameGroup.status, sameGroup.text).toBe(200)
      expect(sameGroup.body).toEqual(group.body)
      expect(sameGroup.headers.get('etag')).toBe('W/"1"')
      expect((await call('GET', `/Users/${ann.id}`)).body).toEqual(read)
      // A PUT that changes something still does.
      const renamed = await call('PUT', `/Users/${ann.id}`, { body: { ...read, name: { givenName: 'Annie' } } })
      expect(renamed.body.meta).toMatchObject({ lastModified: '2026-03-01T09:01:00.000Z', version: 'W/"3"' })
      const emptied = await call('PUT', `/Groups/${group.body.id}`, { body: { ...group.body, members: [] } })
      expect(emptied.body.meta).toMatchObject({ lastModified: '2026-03-01T09:01:00.000Z', version: 'W/"2"' })
    })

    it('refuses a write with a stale If-Match with 412, and accepts a current one', async () => {
      const created = await createUser('ann@example.com')
      const ok = await call('PUT', `/Users/${created.id}`, { body: { userName: 'ann@example.com', title: 'A' }, headers: { 'if-match': 'W/"1"' } })
      expect(ok.status).toBe(200)
      expect(ok.headers.get('etag')).toBe('W/"2"')
      expectError(await call('PUT', `/Users/${created.id}`, { body: { userName: 'ann@example.com', title: 'B' }, headers: { 'if-match': 'W/"1"' } }), 412)
      expectError(await call('PATCH', `/Users/${created.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'title', value: 'C' }] }, headers: { 'if-match': 'W/"1"' } }), 412)
      expectError(await call('DELETE', `/Users/${created.id}`, { headers: { 'if-match': 'W/"1"' } }), 412)
      // A tag this server never issued matches no version: the write is refused, not done as if unconditional.
      expectError(await call('PATCH', `/Users/${created.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'title', value: 'D' }] }, headers: { 'if-match': '"abc"' } }), 412)
      expect((await call('GET', `/Users/${created.id}`)).body.title).toBe('A')
      expect((await call('PUT', `/Users/${created.id}`, { body: { userName: 'ann@example.com' }, headers: { 'if-match': '*' } })).status).toBe(200)
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins' } })
      expectError(await call('PUT', `/Groups/${group.body.id}`, { body: { displayName: 'X' }, headers: { 'if-match': 'W/"7"' } }), 412)
      expect((await call('DELETE', `/Groups/${group.body.id}`, { headers: { 'if-match': 'W/"1"' } })).status).toBe(204)
    })

    it('gives a write refused with 412 the current version as its ETag, as a GET refused with 412 has it', async () => {
      const created = await createUser('ann@example.com')
      expect((await call('PATCH', `/Users/${created.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'title', value: 'A' }] } })).status).toBe(200)
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins' } })
      const patchTitle = { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'title', value: 'B' }] }
      const rename = { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'displayName', value: 'Owners' }] }
      const refused = [
        await call('PUT', `/Users/${created.id}`, { body: { userName: 'ann@example.com' }, headers: { 'if-match': 'W/"1"' } }),
        await call('PATCH', `/Users/${created.id}`, { body: patchTitle, headers: { 'if-match': 'W/"1"' } }),
        await call('PATCH', `/Users/${created.id}`, { body: patchTitle, headers: { 'if-none-match': '*' } }),
        await call('DELETE', `/Users/${created.id}`, { headers: { 'if-match': 'W/"1"' } })
      ]
      for (const response of refused) {
        expectError(response, 412)
        expect(response.headers.get('etag')).toBe('W/"2"')
      }
      for (const response of [
        await call('PUT', `/Groups/${group.body.id}`, { body: { displayName: 'X' }, headers: { 'if-match': 'W/"7"' } }),
        await call('PATCH', `/Groups/${group.body.id}`, { body: rename, headers: { 'if-none-match': 'W/"1"' } }),
        await call('DELETE', `/Groups/${group.body.id}`, { headers: { 'if-match': 'W/"7"' } })
      ]) {
        expectError(response, 412)
        expect(response.headers.get('etag')).toBe('W/"1"')
      }
      // Only a 412 is about the version: a write refused for another reason gets no ETag.
      const unknown = await call('PATCH', `/Users/${created.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'bogus', path: 'title' }] } })
      expect([unknown.status, unknown.headers.get('etag')]).toEqual([400, null])
    })

    it('says that an If-Match naming no ETag of this server matches no version, rather than that the resource changed', async () => {
      const created = await createUser('ann@example.com')
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins' } })
      const detail = (kind: string) =>
        `The If-Match header names no ETag that SCIM Console issued (they are weak versions such as W/"1", as meta.version gives them), so it matches no version of the ${kind}. The ${kind} is at version 1 (ETag W/"1"), and the request was not carried out. Read the ${kind} again (GET without If-Match), then retry with If-Match: W/"1".`
      for (const [response, kind] of [
        [await call('GET', `/Users/${created.id}`, { headers: { 'if-match': 'garbage' } }), 'user'],
        [await call('PUT', `/Users/${created.id}`, { body: { userName: 'ann@example.com' }, headers: { 'if-match': '"abc"' } }), 'user'],
        [await call('PATCH', `/Groups/${group.body.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'displayName', value: 'Y' }] }, headers: { 'if-match': 'W/"v1"' } }), 'group'],
        [await call('DELETE', `/Groups/${group.body.id}`, { headers: { 'if-match': '"0042"' } }), 'group']
      ] as const) {
        expectError(response, 412)
        expect([response.headers.get('etag'), response.body.detail]).toEqual(['W/"1"', detail(kind)])
      }
      expect((await call('GET', `/Groups/${group.body.id}`)).body.displayName).toBe('Admins')
    })

    it('words a stale If-Match the same for a read and a write, with the current ETag and what to do next', async () => {
      const created = await createUser('ann@example.com')
      expect((await call('PATCH', `/Users/${created.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'title', value: 'A' }] } })).status).toBe(200)
      const group = await call('POST', '/Groups', { body: { displayName: 'Admins' } })
      const stale = { 'if-match': 'W/"1"' }
      const userDetail =
        'The user is now at version 2 (ETag W/"2"), which the If-Match header does not name: it has changed since the client read it, so the request was not carried out. Read the user again (GET without If-Match), then retry with If-Match: W/"2".'
      for (const response of [
        await call('GET', `/Users/${created.id}`, { headers: stale }),
        await call('PUT', `/Users/${created.id}`, { body: { userName: 'ann@example.com' }, headers: stale }),
        await call('PATCH', `/Users/${created.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'title', value: 'B' }] }, headers: stale }),
        await call('DELETE', `/Users/${created.id}`, { headers: stale })
      ]) {
        expectError(response, 412)
        expect([response.headers.get('etag'), response.body.detail]).toEqual(['W/"2"', userDetail])
      }
      const groupDetail = userDetail.replaceAll('user', 'group').replaceAll('2', '1')
      for (const response of [
        await call('GET', `/Groups/${group.body.id}`, { headers: { 'if-match': 'W/"7"' } }),
        await call('PUT', `/Groups/${group.body.id}`, { body: { displayName: 'X' }, headers: { 'if-match': 'W/"7"' } }),
        await call('PATCH', `/Groups/${group.body.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'displayName', value: 'Y' }] }, headers: { 'if-match': 'W/"7"' } }),
        await call('DELETE', `/Groups/${group.body.id}`, { headers: { 'if-match': 'W/"7"' } })
      ]) {
        expectError(response, 412)
        expect([response.headers.get('etag'), response.body.detail]).toEqual(['W/"1"', groupDetail])
      }
      // If-None-Match keeps its own wording: the version it refuses is the current one, not a stale one.
      const noneMatch = await call('DELETE', `/Groups/${group.body.id}`, { headers: { 'if-none-match': '*' } })
      expectError(noneMatch, 412)
      expect(noneMatch.body.detail).toContain('If-None-Match')
    })
  })

  describe('throttling', () => {
    it('answers 429 with an integer Retry-After and an Error body past the per-tenant limit, and lets other tenants through', async () => {
      const globex = harness.tenant('Globex')
      const limited = harness.services.tenants.update({ tenant: tenant.id, rateLimitPerMinute: 3 })
      expect(limited.ok).toBe(true)
      for (let index = 0; index < 3; index += 1) expect((await call('GET', '/Users')).status).toBe(200)
      const throttled = await call('GET', '/Users')
      expectError(throttled, 429)
      const retryAfter = throttled.headers.get('retry-after') ?? ''
      expect(retryAfter).toMatch(/^[1-9]\d*$/)
      expect(String(throttled.body.detail)).toContain(`${retryAfter} seconds`)
      // Each tenant has a budget of its own.
      expect((await harness.request('GET', `${globex.baseUrl}/Users`, { token: globex.token })).status).toBe(200)
      // Okta waits exactly Retry-After seconds, then finds room.
      clock += Number(retryAfter) * 1000
      expect((await call('GET', '/Users')).status).toBe(200)
    })

    it('lifts the limit as soon as it is set back to 0 (unlimited)', async () => {
      harness.services.tenants.update({ tenant: tenant.id, rateLimitPerMinute: 1 })
      expect((await call('GET', '/Users')).status).toBe(200)
      const throttled = await call('GET', '/Users')
      expect(throttled.status).toBe(429)
      expect(String(throttled.body.detail)).toMatch(/allows 1 request a minute\. Retry after \d+ seconds?\./)
      harness.services.tenants.update({ tenant: tenant.id, rateLimitPerMinute: 0 })
      for (let index = 0; index < 20; index += 1) expect((await call('GET', '/Users')).status).toBe(200)
    })
  })
})

describe('SCIM behaviour under concurrency', () => {
  let harness: ScimHarness
  let tenant: Tenant

  beforeAll(async () => {
    harness = await startScimHarness()
    tenant = harness.tenant('Acme Corp')
  })

  afterAll(async () => {
    await harness.close()
  })

  it('answers thirty-two concurrent creates of the same userName with exactly one 201 and 409 for the rest', async () => {
    const responses = await Promise.all(
      Array.from({ length: 32 }, (_, index) =>
        harness.request('POST', `${tenant.baseUrl}/Users`, { body: { schemas: [userUrn], userName: index % 2 === 0 ? 'race@example.com' : 'RACE@example.com', externalId: `00u${index}` } })
      )
    )
    const statuses = responses.map((response) => response.status)
    expect(statuses.filter((status) => status === 201)).toHaveLength(1)
    expect(statuses.filter((status) => status === 409)).toHaveLength(31)
    for (const response of responses.filter((candidate) => candidate.status === 409)) {
      expect(response.body).toMatchObject({ schemas: [errorUrn], status: '409', scimType: 'uniqueness' })
    }
    const lookup = await harness.request('GET', `${tenant.baseUrl}/Users?filter=${encodeURIComponent('userName eq "race@example.com"')}`)
    expect(lookup.body.totalResults).toBe(1)
    expect(lookup.body.Resources?.[0]?.id).toBe(responses.find((response) => response.status === 201)?.body.id)
  })

  it('answers thirty-two concurrent pushes of the same group name with exactly one 201', async () => {
    const responses = await Promise.all(
      Array.from({ length: 32 }, () => harness.request('POST', `${tenant.baseUrl}/Groups`, { body: { schemas: [groupUrn], displayName: 'Race Group', members: [] } }))
    )
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1)
    expect(responses.filter((response) => response.status === 409)).toHaveLength(31)
  })

  it('keeps every member of thirty-two concurrent membership adds to one group', async () => {
    const group = await harness.request('POST', `${tenant.baseUrl}/Groups`, { body: { displayName: 'Busy', members: [] } })
    const users = await Promise.all(
      Array.from({ length: 32 }, (_, index) => harness.request('POST', `${tenant.baseUrl}/Users`, { body: { userName: `member${index}@example.com` } }))
    )
    const patches = await Promise.all(
      users.map((user) =>
        harness.request('PATCH', `${tenant.baseUrl}/Groups/${group.body.id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: user.body.id }] }] } })
      )
    )
    expect(patches.map((patch) => patch.status)).toEqual(Array(32).fill(204))
    const read = await harness.request('GET', `${tenant.baseUrl}/Groups/${group.body.id}`)
    expect(read.body.members).toHaveLength(32)
    expect(harness.internalErrors).toEqual([])
  })

  it("keeps every change of thirty-two concurrent PATCHes of one user: none overwrites another's", async () => {
    const user = await harness.request('POST', `${tenant.baseUrl}/Users`, { body: { schemas: [userUrn], userName: 'busy.user@example.com' } })
    // Pipelined on one connection, so that the server reads all thirty-two before it answers any: they are handled
    // together, and each must still start from the user as the one before it left it.
    const path = new URL(`${tenant.baseUrl}/Users/${String(user.body.id)}`).pathname
    const requests = Array.from({ length: 32 }, (_, index) => {
      const body = JSON.stringify({ schemas: [patchUrn], Operations: [{ op: 'add', path: 'emails', value: [{ value: `alias${index}@example.com`, type: 'other' }] }] })
      return `PATCH ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${tenant.token}\r\nContent-Type: application/scim+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
    })
    const answered = await new Promise<string>((resolve, reject) => {
      let text = ''
      const socket = connect(Number(new URL(harness.origin).port), '127.0.0.1', () => socket.write(requests.join('')))
      socket.setEncoding('utf8')
      socket.on('data', (chunk: string) => {
        text += chunk
        // Responses follow each other with no line break between a body and the next status line.
        if ((text.match(/HTTP\/1\.1 \d{3} /g) ?? []).length === 32) socket.end()
      })
      socket.on('close', () => resolve(text))
      socket.on('error', reject)
    })
    expect(answered.match(/HTTP\/1\.1 \d{3}/g)).toEqual(Array(32).fill('HTTP/1.1 200'))
    const read = await harness.request('GET', `${tenant.baseUrl}/Users/${user.body.id}`)
    expect((read.body.emails as unknown[]).length).toBe(32)
    expect(read.body.meta).toMatchObject({ version: 'W/"33"' })
  })

  it('has written every change it acknowledged: another process reading the file sees each one', async () => {
    const responses = await Promise.all(
      Array.from({ length: 32 }, (_, index) => harness.request('POST', `${tenant.baseUrl}/Users`, { body: { schemas: [userUrn], userName: `durable${index}@example.com` } }))
    )
    expect(responses.map((response) => response.status)).toEqual(Array(32).fill(201))
    // A second connection sees only what is committed.
    const other = createServices({ dbPath: harness.services.dbPath })
    try {
      for (const response of responses) expect(other.directory.getUser(tenant.id, String(response.body.id))?.userName).toBe(response.body.userName)
    } finally {
      other.close()
    }
  })
})
