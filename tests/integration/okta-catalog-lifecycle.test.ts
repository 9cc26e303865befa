/**
 * The request sequence of Okta's OIN catalog template ("SCIM 2.0 Test App (Header Auth)"), as recorded in
 * okta-scim.md §1.2–1.7: test credentials, lookup then create, GET then PUT, PATCH deactivate and reactivate,
 * password sync, import paging, and Group Push with rename, membership delta, full replace and delete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'
const groupUrn = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const patchUrn = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const listUrn = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'

// Exactly the headers of Okta's SCIM 2.0 client (okta-scim.md §1.1).
const oktaHeaders = {
  'user-agent': 'Okta SCIM Client 1.0.0',
  accept: 'application/scim+json',
  'accept-charset': 'utf-8',
  'accept-encoding': 'gzip,deflate'
}

function oktaUser(userName: string, externalId: string, givenName = 'Test', familyName = 'User') {
  return {
    schemas: [userUrn],
    userName,
    name: { givenName, familyName },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: `${givenName} ${familyName}`,
    locale: 'en-US',
    externalId,
    groups: [],
    password: '1mz050nq',
    active: true
  }
}

const lookupQuery = (userName: string) => `filter=userName%20eq%20%22${encodeURIComponent(userName)}%22&startIndex=1&count=100`

describe('Okta catalog (OIN template) app: the full provisioning lifecycle', () => {
  let harness: ScimHarness
  let baseUrl: string
  let tenantId: string
  let okta: (method: string, path: string, body?: unknown) => ReturnType<ScimHarness['request']>
  let userId: string
  let secondId: string
  let groupId: string

  beforeAll(async () => {
    harness = await startScimHarness()
    const tenant = harness.tenant('Acme Corp')
    baseUrl = tenant.baseUrl
    tenantId = tenant.id
    okta = (method, path, body) =>
      harness.request(method, `${baseUrl}${path}`, {
        headers: body === undefined ? oktaHeaders : { ...oktaHeaders, 'content-type': 'application/scim+json; charset=utf-8' },
        body
      })
  })

  afterAll(async () => {
    await harness.close()
  })

  it('passes "Test API Credentials" on an empty tenant with a full, empty ListResponse', async () => {
    const users = await okta('GET', '/Users?startIndex=1&count=2')
    expect(users.status).toBe(200)
    expect(users.body).toEqual({ schemas: [listUrn], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] })
    // Saving the To App settings also reads the groups, to fill Okta's cache for Group Push.
    const groups = await okta('GET', '/Groups?startIndex=1&count=100')
    expect(groups.status).toBe(200)
    expect(groups.body).toEqual({ schemas: [listUrn], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] })
  })

  it('creates an assigned user after a lookup that finds nothing, and never returns the password', async () => {
    const lookup = await okta('GET', `/Users?${lookupQuery('test.user@okta.local')}`)
    expect(lookup.status).toBe(200)
    expect(lookup.body.totalResults).toBe(0)
    expect(lookup.body.Resources).toEqual([])

    const created = await okta('POST', '/Users', oktaUser('test.user@okta.local', '00ujl29u0le5T6Aj10h7'))
    expect(created.status).toBe(201)
    userId = String(created.body.id)
    expect(userId).toMatch(/^[0-9a-f-]{36}$/)
    expect(created.body).toMatchObject({
      schemas: [userUrn],
      userName: 'test.user@okta.local',
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      groups: [],
      active: true,
      meta: { resourceType: 'User', location: `${baseUrl}/Users/${userId}` }
    })
    expect(created.body).not.toHaveProperty('password')
    expect(created.text).not.toContain('1mz050nq')
    expect(created.headers.get('location')).toBe(`${baseUrl}/Users/${userId}`)
  })

  it('links instead of duplicating: the lookup for an existing user finds it, in any letter case', async () => {
    const lookup = await okta('GET', `/Users?${lookupQuery('Test.User@OKTA.local')}`)
    expect(lookup.body.totalResults).toBe(1)
    expect(lookup.body.Resources?.[0]?.id).toBe(userId)
    // The older Okta client encodes spaces as `+`.
    const plus = await okta('GET', '/Users?filter=userName+eq+%22test.user%40okta.local%22&startIndex=1&count=100')
    expect(plus.body.Resources?.map((user) => user.id)).toEqual([userId])
  })

  it('applies a profile push as GET then PUT of the whole user, keeping the id', async () => {
    const read = await okta('GET', `/Users/${userId}`)
    expect(read.status).toBe(200)
    // Okta edits the last GET and sends it all back, id, meta and groups included (okta-scim.md §1.5).
    const edited = {
      ...read.body,
      name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work', display: 'test.user@okta.local' }]
    }
    const put = await okta('PUT', `/Users/${userId}`, edited)
    expect(put.status).toBe(200)
    expect(put.body.id).toBe(userId)
    expect(put.body.name).toEqual({ givenName: 'Another', middleName: 'Excited', familyName: 'User' })
    expect(put.body.active).toBe(true)
    expect(put.body.externalId).toBe('00ujl29u0le5T6Aj10h7')
    expect((put.body.meta as { created: string }).created).toBe((read.body.meta as { created: string }).created)
    expect((await okta('GET', `/Users/${userId}`)).body.name).toEqual({ givenName: 'Another', middleName: 'Excited', familyName: 'User' })
  })

  it('ignores an id in the PUT body that is not the id in the URL: the server id never changes', async () => {
    const read = await okta('GET', `/Users/${userId}`)
    const put = await okta('PUT', `/Users/${userId}`, { ...read.body, id: '23a35c27-23d3-4c03-b4c5-6443c09e7173', title: 'Engineer' })
    expect(put.status).toBe(200)
    expect(put.body.id).toBe(userId)
    expect((await okta('GET', '/Users/23a35c27-23d3-4c03-b4c5-6443c09e7173')).status).toBe(404)
  })

  it('deactivates with a path-less PATCH and keeps the user visible to GET and to the lookup', async () => {
    const patch = await okta('PATCH', `/Users/${userId}`, { schemas: [patchUrn], Operations: [{ op: 'replace', value: { active: false } }] })
    expect(patch.status).toBe(200)
    expect(patch.body.active).toBe(false)
    expect(patch.body.id).toBe(userId)
    // The CRUD test checks active == false after unassignment: the user must still exist.
    const read = await okta('GET', `/Users/${userId}`)
    expect(read.status).toBe(200)
    expect(read.body.active).toBe(false)
    const lookup = await okta('GET', `/Users?${lookupQuery('test.user@okta.local')}`)
    expect(lookup.body.Resources?.map((user) => [user.id, user.active])).toEqual([[userId, false]])
  })

  it('refuses to create the deactivated user again (409), so a re-assignment reactivates instead', async () => {
    const again = await okta('POST', '/Users', oktaUser('test.user@okta.local', '00ujl29u0le5T6Aj10h7'))
    expect(again.status).toBe(409)
    expect(again.body.scimType).toBe('uniqueness')
    const patch = await okta('PATCH', `/Users/${userId}`, { schemas: [patchUrn], Operations: [{ op: 'replace', value: { active: true } }] })
    expect(patch.status).toBe(200)
    expect(patch.body.active).toBe(true)
  })

  it('syncs a password with PATCH without ever returning it', async () => {
    const patch = await okta('PATCH', `/Users/${userId}`, { schemas: [patchUrn], Operations: [{ op: 'replace', value: { password: 'N3w-Secret!' } }] })
    expect(patch.status).toBe(200)
    expect(patch.text).not.toContain('N3w-Secret!')
    expect(patch.body).not.toHaveProperty('password')
    expect((await okta('GET', `/Users/${userId}`)).text).not.toContain('N3w-Secret!')
    expect(harness.services.directory.getUser(tenantId, userId)?.hasPassword).toBe(true)
  })

  it('imports every user exactly once, 100 a page, in the same order on every pass', async () => {
    // Users that were in the app before Okta was connected: created directly, which is also faster than 249 POSTs.
    for (let index = 0; index < 249; index += 1) {
      const { password: _password, groups: _groups, ...body } = oktaUser(`import${String(index).padStart(3, '0')}@okta.local`, `00u${index}`)
      const created = harness.services.directory.createUser(tenantId, body)
      if (!created.ok) throw new Error(created.error.message)
      if (index === 0) secondId = created.value.id
    }
    const importAll = async () => {
      const ids: string[] = []
      let startIndex = 1
      let total = Infinity
      while (startIndex <= total) {
        const page = await okta('GET', `/Users?startIndex=${startIndex}&count=100`)
        expect(page.status).toBe(200)
        expect(Number.isInteger(page.body.totalResults)).toBe(true)
        expect(page.body.startIndex).toBe(startIndex)
        expect(page.body.itemsPerPage).toBe(page.body.Resources?.length)
        total = Number(page.body.totalResults)
        ids.push(...(page.body.Resources ?? []).map((user) => String(user.id)))
        startIndex += 100
      }
      return { ids, total }
    }
    const first = await importAll()
    expect(first.total).toBe(250)
    expect(first.ids).toHaveLength(250)
    expect(new Set(first.ids).size).toBe(250)
    expect(first.ids[0]).toBe(userId)
    const second = await importAll()
    expect(second.ids).toEqual(first.ids)
  })

  it('creates a pushed group, which Okta follows with a path-less rename PATCH carrying the id', async () => {
    const created = await okta('POST', '/Groups', { schemas: [groupUrn], displayName: 'Test SCIMv2', members: [] })
    expect(created.status).toBe(201)
    groupId = String(created.body.id)
    expect(created.body).toMatchObject({ schemas: [groupUrn], displayName: 'Test SCIMv2', meta: { resourceType: 'Group' } })
    expect(created.headers.get('location')).toBe(`${baseUrl}/Groups/${groupId}`)

    const rename = await okta('PATCH', `/Groups/${groupId}`, {
      schemas: [patchUrn],
      Operations: [{ op: 'replace', value: { id: groupId, displayName: 'Test SCIMv2' } }]
    })
    expect([200, 204]).toContain(rename.status)
    const lookup = await okta('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Test SCIMv2"')}&startIndex=1&count=100`)
    expect(lookup.body.Resources?.map((group) => group.id)).toEqual([groupId])
  })

  it('renames a pushed group even when the id in the PATCH value is not the URL id', async () => {
    const rename = await okta('PATCH', `/Groups/${groupId}`, {
      schemas: [patchUrn],
      Operations: [{ op: 'replace', value: { id: 'abf4dd94-0000-0000-0000-000000000000', displayName: 'Engineering' } }]
    })
    expect([200, 204]).toContain(rename.status)
    const read = await okta('GET', `/Groups/${groupId}`)
    expect(read.body.displayName).toBe('Engineering')
    expect(read.body.id).toBe(groupId)
  })

  it('applies a membership delta: remove by value filter, add with display and no type', async () => {
    const added = await okta('PATCH', `/Groups/${groupId}`, {
      schemas: [patchUrn],
      Operations: [{ op: 'add', path: 'members', value: [{ value: secondId, display: 'import000@okta.local' }] }]
    })
    expect([200, 204]).toContain(added.status)
    const delta = await okta('PATCH', `/Groups/${groupId}`, {
      schemas: [patchUrn],
      Operations: [
        { op: 'remove', path: `members[value eq "${secondId}"]` },
        { op: 'add', path: 'members', value: [{ value: userId, display: 'test.user@okta.local' }] }
      ]
    })
    expect([200, 204]).toContain(delta.status)
    const read = await okta('GET', `/Groups/${groupId}`)
    expect((read.body.members as { value: string }[]).map((member) => member.value)).toEqual([userId])
    // The user's readOnly groups attribute follows the membership.
    const user = await okta('GET', `/Users/${userId}`)
    expect(user.body.groups).toEqual([{ value: groupId, display: 'Engineering', $ref: `${baseUrl}/Groups/${groupId}` }])
  })

  it('removing a member who already left the group is not an error, as Okta retries deltas', async () => {
    const again = await okta('PATCH', `/Groups/${groupId}`, {
      schemas: [patchUrn],
      Operations: [{ op: 'remove', path: `members[value eq "${secondId}"]` }]
    })
    expect([200, 204]).toContain(again.status)
  })

  it('applies a full push that replaces the member list', async () => {
    const push = await okta('PATCH', `/Groups/${groupId}`, {
      schemas: [patchUrn],
      Operations: [
        {
          op: 'replace',
          path: 'members',
          value: [
            { value: secondId, display: 'import000@okta.local' },
            { value: userId, display: 'test.user@okta.local' }
          ]
        }
      ]
    })
    expect([200, 204]).toContain(push.status)
    const read = await okta('GET', `/Groups/${groupId}`)
    expect(new Set((read.body.members as { value: string }[]).map((member) => member.value))).toEqual(new Set([userId, secondId]))
  })

  it('refuses a member that is not a user of the tenant, and changes nothing', async () => {
    const before = await okta('GET', `/Groups/${groupId}`)
    const push = await okta('PATCH', `/Groups/${groupId}`, {
      schemas: [patchUrn],
      Operations: [
        { op: 'remove', path: `members[value eq "${secondId}"]` },
        { op: 'add', path: 'members', value: [{ value: '89bb1940-b905-4575-9e7f-6f887cfb368e', display: 'ghost@okta.local' }] }
      ]
    })
    expect(push.status).toBe(400)
    expect(push.body.scimType).toBe('invalidValue')
    expect(String(push.body.detail)).toContain('89bb1940-b905-4575-9e7f-6f887cfb368e')
    const after = await okta('GET', `/Groups/${groupId}`)
    expect(after.body.members).toEqual(before.body.members)
    expect((after.body.meta as { version: string }).version).toBe((before.body.meta as { version: string }).version)
  })

  it('deletes the group on "Unlink pushed group", after which it is gone', async () => {
    const deleted = await okta('DELETE', `/Groups/${groupId}`)
    expect(deleted.status).toBe(204)
    expect(deleted.text).toBe('')
    expect((await okta('GET', `/Groups/${groupId}`)).status).toBe(404)
    expect((await okta('GET', `/Users/${userId}`)).body.groups).toEqual([])
  })

  it('logs the lifecycle in Okta\'s terms', () => {
    const operations = harness.logEntries(tenantId).map((entry) => entry.operation)
    expect(operations.slice(0, 4)).toEqual(['test-credentials', 'import-groups', 'lookup-user', 'create-user'])
    for (const expected of ['update-user', 'deactivate-user', 'reactivate-user', 'import-users', 'group-push-create', 'lookup-group', 'group-push-update', 'group-push-delete']) {
      expect(operations).toContain(expected)
    }
  })
})
