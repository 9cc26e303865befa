/**
 * The request sequence of a custom Okta app made with the App Integration Wizard (AIW), as logged in
 * okta-scim.md §1.3–1.7 ("Okta SCIM 프로비저닝 검증" §4–14): everything after the create is a read-modify-write PUT,
 * deactivation and reactivation included, and Group Push is POST with members, GET, then PUT of the full list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'
const enterpriseUrn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const groupUrn = 'urn:ietf:params:scim:schemas:core:2.0:Group'

const oktaHeaders = { 'user-agent': 'Okta SCIM Client 1.0.0', accept: 'application/scim+json', 'accept-charset': 'utf-8' }

describe('Okta wizard (AIW) app: the all-PUT lifecycle', () => {
  let harness: ScimHarness
  let baseUrl: string
  let tenantId: string
  let okta: (method: string, path: string, body?: unknown) => ReturnType<ScimHarness['request']>
  let annId: string
  let bobId: string
  let groupId: string

  // What AIW does for every change: read the user, edit the copy, send all of it back.
  async function readModifyWrite(id: string, edit: (user: Record<string, unknown>) => Record<string, unknown>) {
    const read = await okta('GET', `/Users/${id}`)
    expect(read.status).toBe(200)
    return okta('PUT', `/Users/${id}`, edit(read.body))
  }

  beforeAll(async () => {
    harness = await startScimHarness()
    const tenant = harness.tenant('Initech')
    baseUrl = tenant.baseUrl
    tenantId = tenant.id
    okta = (method, path, body) => harness.request(method, `${baseUrl}${path}`, { headers: oktaHeaders, body })
  })

  afterAll(async () => {
    await harness.close()
  })

  it('creates a user with mapped enterprise attributes and keeps them, leaving unmapped ones out', async () => {
    expect((await okta('GET', '/Users?startIndex=1&count=2')).status).toBe(200)
    expect((await okta('GET', '/Groups?startIndex=1&count=100')).status).toBe(200)
    const lookup = await okta('GET', `/Users?filter=${encodeURIComponent('userName eq "ann.lee@initech.example"')}&startIndex=1&count=100`)
    expect(lookup.body.totalResults).toBe(0)
    const created = await okta('POST', '/Users', {
      schemas: [userUrn, enterpriseUrn],
      userName: 'ann.lee@initech.example',
      name: { givenName: 'Ann', familyName: 'Lee' },
      emails: [{ primary: true, value: 'ann.lee@initech.example', type: 'work' }],
      displayName: 'Ann Lee',
      externalId: '00u1ann',
      groups: [],
      password: 'x9Gk27pq',
      active: true,
      [enterpriseUrn]: { department: 'Finance', employeeNumber: '1001' }
    })
    expect(created.status).toBe(201)
    annId = String(created.body.id)
    expect(created.body.schemas).toEqual([userUrn, enterpriseUrn])
    expect(created.body[enterpriseUrn]).toEqual({ department: 'Finance', employeeNumber: '1001' })
    expect(created.body).not.toHaveProperty('password')
  })

  it('applies a profile update as GET then PUT, and the echo of GET carries no password to round-trip', async () => {
    const put = await readModifyWrite(annId, (user) => {
      expect(user).not.toHaveProperty('password')
      return { ...user, title: 'Controller', [enterpriseUrn]: { ...(user[enterpriseUrn] as object), department: 'Accounting' } }
    })
    expect(put.status).toBe(200)
    expect(put.body.title).toBe('Controller')
    expect(put.body[enterpriseUrn]).toEqual({ department: 'Accounting', employeeNumber: '1001' })
    expect(put.body.externalId).toBe('00u1ann')
    expect(harness.services.directory.getUser(tenantId, annId)?.hasPassword).toBe(true)
  })

  it('treats a PUT that drops an attribute as clearing it, as a full replace does', async () => {
    const put = await readModifyWrite(annId, (user) => {
      const { title: _title, ...rest } = user
      return rest
    })
    expect(put.status).toBe(200)
    expect(put.body).not.toHaveProperty('title')
    expect(put.body.active).toBe(true)
  })

  it('deactivates with a PUT of active false, and the user stays readable and findable', async () => {
    const put = await readModifyWrite(annId, (user) => ({ ...user, active: false }))
    expect(put.status).toBe(200)
    expect(put.body.active).toBe(false)
    expect((await okta('GET', `/Users/${annId}`)).body.active).toBe(false)
    // devforum 27262: an inactive user hidden from the filter makes Okta POST again and fail with 409.
    const lookup = await okta('GET', `/Users?filter=${encodeURIComponent('userName eq "ann.lee@initech.example"')}&startIndex=1&count=100`)
    expect(lookup.body.Resources?.map((user) => [user.id, user.active])).toEqual([[annId, false]])
  })

  it('reactivates on reassignment with filter, GET and PUT of active true, without a POST', async () => {
    const lookup = await okta('GET', `/Users?filter=${encodeURIComponent('userName eq "ann.lee@initech.example"')}&startIndex=1&count=100`)
    const found = lookup.body.Resources?.[0]
    expect(found?.id).toBe(annId)
    const put = await readModifyWrite(annId, (user) => ({ ...user, active: true }))
    expect(put.status).toBe(200)
    expect(put.body.active).toBe(true)
    expect(put.body.id).toBe(annId)
  })

  it('keeps active as it was when a PUT leaves it out', async () => {
    const put = await readModifyWrite(annId, (user) => {
      const { active: _active, ...rest } = user
      return rest
    })
    expect(put.status).toBe(200)
    expect(put.body.active).toBe(true)
  })

  it('answers a PUT for a user that no longer exists with 404, never by creating it', async () => {
    const put = await okta('PUT', '/Users/5b6c7d8e-0000-4000-8000-000000000000', { schemas: [userUrn], userName: 'ghost@initech.example', active: true })
    expect(put.status).toBe(404)
    expect(put.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error'])
    const lookup = await okta('GET', `/Users?filter=${encodeURIComponent('userName eq "ghost@initech.example"')}`)
    expect(lookup.body.totalResults).toBe(0)
  })

  it('refuses a PUT that takes another user\'s userName, in any case, with 409 uniqueness', async () => {
    const bob = await okta('POST', '/Users', { schemas: [userUrn], userName: 'bob.ng@initech.example', name: { givenName: 'Bob', familyName: 'Ng' }, password: 'Qw3rty12', active: true })
    expect(bob.status).toBe(201)
    bobId = String(bob.body.id)
    const put = await readModifyWrite(bobId, (user) => ({ ...user, userName: 'ANN.LEE@initech.example' }))
    expect(put.status).toBe(409)
    expect(put.body.scimType).toBe('uniqueness')
    expect((await okta('GET', `/Users/${bobId}`)).body.userName).toBe('bob.ng@initech.example')
  })

  it('pushes a group as POST with members, GET, then PUT of the full member list', async () => {
    const created = await okta('POST', '/Groups', { schemas: [groupUrn], displayName: 'Finance', members: [{ value: annId, display: 'ann.lee@initech.example' }] })
    expect(created.status).toBe(201)
    groupId = String(created.body.id)
    expect((created.body.members as { value: string }[]).map((member) => member.value)).toEqual([annId])

    const read = await okta('GET', `/Groups/${groupId}`)
    expect(read.status).toBe(200)
    const put = await okta('PUT', `/Groups/${groupId}`, {
      ...read.body,
      members: [
        { value: annId, display: 'ann.lee@initech.example' },
        { value: bobId, display: 'bob.ng@initech.example' }
      ]
    })
    expect(put.status).toBe(200)
    expect(put.body.id).toBe(groupId)
    expect((put.body.members as { value: string }[]).map((member) => member.value)).toEqual([annId, bobId])
  })

  it('keeps an unassigned (deactivated) user in its pushed groups, as AIW sends no group PUT for it', async () => {
    const put = await readModifyWrite(bobId, (user) => ({ ...user, active: false }))
    expect(put.body.active).toBe(false)
    const group = await okta('GET', `/Groups/${groupId}`)
    expect((group.body.members as { value: string }[]).map((member) => member.value)).toEqual([annId, bobId])
  })

  it('renames a group and removes members with one PUT ("Push now")', async () => {
    const read = await okta('GET', `/Groups/${groupId}`)
    const put = await okta('PUT', `/Groups/${groupId}`, { ...read.body, displayName: 'Finance & Accounting', members: [{ value: bobId }] })
    expect(put.status).toBe(200)
    expect(put.body.displayName).toBe('Finance & Accounting')
    expect((put.body.members as { value: string }[]).map((member) => member.value)).toEqual([bobId])
    expect((await okta('GET', `/Users/${annId}`)).body.groups).toEqual([])
  })

  it('refuses to push a second group with the same name in another case (409)', async () => {
    const clash = await okta('POST', '/Groups', { schemas: [groupUrn], displayName: 'FINANCE & accounting', members: [] })
    expect(clash.status).toBe(409)
    expect(clash.body.scimType).toBe('uniqueness')
  })

  it('refuses a group PUT whose member list names an unknown user, rather than dropping it', async () => {
    const read = await okta('GET', `/Groups/${groupId}`)
    const put = await okta('PUT', `/Groups/${groupId}`, { ...read.body, members: [{ value: bobId }, { value: 'not-a-user' }] })
    expect(put.status).toBe(400)
    expect(put.body.scimType).toBe('invalidValue')
    expect((await okta('GET', `/Groups/${groupId}`)).body.members).toEqual(read.body.members)
  })

  it('logs PUTs as update, deactivate or reactivate by what they changed', () => {
    const userWrites = harness
      .logEntries(tenantId)
      .filter((entry) => entry.method === 'PUT' && entry.targetType === 'user' && entry.status === 200)
      .map((entry) => entry.operation)
    expect(userWrites).toEqual(['update-user', 'update-user', 'deactivate-user', 'reactivate-user', 'update-user', 'deactivate-user'])
  })
})
