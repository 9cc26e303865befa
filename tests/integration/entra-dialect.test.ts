/**
 * What Microsoft Entra ID sends (okta-scim.md §4, from MicrosoftDocs/entra-docs): Test Connection, lookups on
 * userName, externalId and the work email, PATCHes without the aadOptscim062020 flag (capitalised ops, "False"
 * strings, valuePath and dotted paths, member removes that list values) and with it (path-less dotted and URN keys),
 * member adds with `$ref: null`, `excludedAttributes=members`, 204 on group PATCH, and hard DELETE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'
const enterpriseUrn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const groupUrn = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const patchUrn = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const listUrn = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'

const entraHeaders = { 'user-agent': 'Azure Active Directory SCIM Client', accept: 'application/scim+json', 'content-type': 'application/scim+json' }

function entraUser(userName: string, externalId: string) {
  return {
    schemas: [userUrn, enterpriseUrn],
    externalId,
    userName,
    active: true,
    displayName: 'Barbara Jensen',
    emails: [{ primary: true, type: 'work', value: userName }],
    name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' },
    [enterpriseUrn]: { employeeNumber: '701984', department: 'Tour Operations', manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' } }
  }
}

const query = (filter: string) => `filter=${encodeURIComponent(filter)}`

describe('Microsoft Entra ID dialect', () => {
  let harness: ScimHarness
  let baseUrl: string
  let entra: (method: string, path: string, body?: unknown) => ReturnType<ScimHarness['request']>
  let userId: string
  let otherId: string
  let thirdId: string
  let groupId: string

  beforeAll(async () => {
    harness = await startScimHarness()
    const tenant = harness.tenant('Contoso')
    baseUrl = tenant.baseUrl
    entra = (method, path, body) => harness.request(method, `${baseUrl}${path}`, { headers: entraHeaders, body })
  })

  afterAll(async () => {
    await harness.close()
  })

  it('passes Test Connection: random lookups are empty ListResponses, and the base URL and config answer 200', async () => {
    const user = await entra('GET', `/Users?${query('userName eq "6f2d4e11-8a3b-4c9e-b1f0-5a7c2d9e8b34"')}`)
    expect(user.status).toBe(200)
    expect(user.body).toEqual({ schemas: [listUrn], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] })
    const group = await entra('GET', `/Groups?excludedAttributes=members&${query('displayName eq "6f2d4e11-8a3b"')}`)
    expect(group.status).toBe(200)
    expect(group.body.totalResults).toBe(0)
    expect((await entra('GET', '')).status).toBe(200)
    expect((await entra('GET', '/ServiceProviderConfig')).status).toBe(200)
  })

  it('creates users from Entra bodies, enterprise extension and manager included', async () => {
    const created = await entra('POST', '/Users', entraUser('bjensen@contoso.example', '1b0a6f57-7c5e-4f43-9a67-6d3b8d2e1a11'))
    expect(created.status).toBe(201)
    userId = String(created.body.id)
    expect(created.body[enterpriseUrn]).toEqual({ employeeNumber: '701984', department: 'Tour Operations', manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' } })
    const other = await entra('POST', '/Users', entraUser('jsmith@contoso.example', 'jyoung'))
    otherId = String(other.body.id)
    const third = await entra('POST', '/Users', entraUser('alee@contoso.example', '7c1d9e00-aaaa-4bbb-8ccc-000000000003'))
    thirdId = String(third.body.id)
  })

  it('finds users by externalId (quoted, and unquoted as older docs show) and by the work email', async () => {
    const byExternal = await entra('GET', `/Users?${query('externalId eq "1b0a6f57-7c5e-4f43-9a67-6d3b8d2e1a11"')}`)
    expect(byExternal.body.Resources?.map((user) => user.id)).toEqual([userId])
    const unquoted = await entra('GET', `/Users?${query('externalId eq jyoung')}`)
    expect(unquoted.body.Resources?.map((user) => user.id)).toEqual([otherId])
    // externalId is caseExact (RFC 7643 §3.1).
    expect((await entra('GET', `/Users?${query('externalId eq "JYOUNG"')}`)).body.totalResults).toBe(0)
    // The Entra validator's PATCH-path-shaped filter, accepted leniently.
    const byEmail = await entra('GET', `/Users?${query('emails[type eq "work"].value eq "BJensen@contoso.example"')}`)
    expect(byEmail.body.Resources?.map((user) => user.id)).toEqual([userId])
    const both = await entra('GET', `/Users?${query('userName eq "bjensen@contoso.example" and externalId eq "1b0a6f57-7c5e-4f43-9a67-6d3b8d2e1a11"')}`)
    expect(both.body.totalResults).toBe(1)
  })

  it('applies a PATCH without the aadOptscim062020 flag: "Replace", string "False", dotted, valuePath and URN paths', async () => {
    const patch = await entra('PATCH', `/Users/${userId}`, {
      schemas: [patchUrn],
      Operations: [
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Add', path: 'nickName', value: 'Babs' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'barbara@contoso.example' },
        { op: 'Replace', path: 'name.givenName', value: 'Barb' },
        { op: 'Replace', path: `${enterpriseUrn}:employeeNumber`, value: '701985' }
      ]
    })
    expect(patch.status).toBe(200)
    expect(patch.body.active).toBe(false)
    expect(patch.body.nickName).toBe('Babs')
    expect(patch.body.emails).toEqual([{ primary: true, type: 'work', value: 'barbara@contoso.example' }])
    expect(patch.body.name).toMatchObject({ givenName: 'Barb', familyName: 'Jensen' })
    expect((patch.body[enterpriseUrn] as { employeeNumber: string }).employeeNumber).toBe('701985')
  })

  it("takes the manager as Entra sends it, the manager's id as a bare string, in a create and in a PATCH", async () => {
    const body = { ...entraUser('mgr.report@contoso.example', 'mgr-report'), [enterpriseUrn]: { manager: thirdId } }
    const created = await entra('POST', '/Users', body)
    expect(created.status).toBe(201)
    expect(created.body[enterpriseUrn]).toEqual({ manager: { value: thirdId } })
    const patch = await entra('PATCH', `/Users/${String(created.body.id)}`, { schemas: [patchUrn], Operations: [{ op: 'Add', path: `${enterpriseUrn}:manager`, value: otherId }] })
    expect(patch.status).toBe(200)
    expect(patch.body[enterpriseUrn]).toEqual({ manager: { value: otherId } })
  })

  it('clears the manager when Entra sends it as "" (its value for an attribute cleared at the source), not keeping a manager with no id', async () => {
    const created = await entra('POST', '/Users', { ...entraUser('mgr.cleared@contoso.example', 'mgr-cleared'), [enterpriseUrn]: { department: 'Sales', manager: '' } })
    expect(created.status, created.text).toBe(201)
    expect(created.body[enterpriseUrn]).toEqual({ department: 'Sales' })
    const path = `/Users/${String(created.body.id)}`
    const set = await entra('PATCH', path, { schemas: [patchUrn], Operations: [{ op: 'Replace', path: `${enterpriseUrn}:manager`, value: thirdId }] })
    expect(set.body[enterpriseUrn]).toEqual({ department: 'Sales', manager: { value: thirdId } })
    const cleared = await entra('PATCH', path, { schemas: [patchUrn], Operations: [{ op: 'Replace', path: `${enterpriseUrn}:manager`, value: '' }] })
    expect(cleared.status, cleared.text).toBe(200)
    expect(cleared.body[enterpriseUrn]).toEqual({ department: 'Sales' })
    await entra('PATCH', path, { schemas: [patchUrn], Operations: [{ op: 'Replace', path: `${enterpriseUrn}:manager`, value: otherId }] })
    const flagged = await entra('PATCH', path, { schemas: [patchUrn], Operations: [{ op: 'replace', value: { [`${enterpriseUrn}:manager`]: { value: '' } } }] })
    expect(flagged.status, flagged.text).toBe(200)
    expect(flagged.body[enterpriseUrn]).toEqual({ department: 'Sales' })
    expect((await entra('GET', path)).body[enterpriseUrn]).toEqual({ department: 'Sales' })
  })

  it('keeps a soft-deleted (active false) user readable, as Entra requires', async () => {
    const read = await entra('GET', `/Users/${userId}`)
    expect(read.status).toBe(200)
    expect(read.body.active).toBe(false)
    expect((await entra('GET', `/Users?${query('active eq false')}`)).body.Resources?.map((user) => user.id)).toEqual([userId])
  })

  it('applies a PATCH with the flag: real booleans and one path-less replace of dotted and URN keys', async () => {
    const patch = await entra('PATCH', `/Users/${userId}`, {
      schemas: [patchUrn],
      Operations: [
        { op: 'replace', path: 'active', value: true },
        { op: 'replace', value: { displayName: 'Barbara J', 'name.givenName': 'Barbara', [`${enterpriseUrn}:employeeNumber`]: '42' } }
      ]
    })
    expect(patch.status).toBe(200)
    expect(patch.body).toMatchObject({ active: true, displayName: 'Barbara J', name: { givenName: 'Barbara', familyName: 'Jensen' } })
    expect((patch.body[enterpriseUrn] as { employeeNumber: string }).employeeNumber).toBe('42')
  })

  it('sets a work email with a valuePath replace on a user who has none', async () => {
    const cleared = await entra('PATCH', `/Users/${thirdId}`, { schemas: [patchUrn], Operations: [{ op: 'Remove', path: 'emails' }] })
    expect(cleared.status).toBe(200)
    expect(cleared.body).not.toHaveProperty('emails')
    const set = await entra('PATCH', `/Users/${thirdId}`, {
      schemas: [patchUrn],
      Operations: [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'alee@contoso.example' }]
    })
    expect(set.status).toBe(200)
    expect(set.body.emails).toEqual([{ type: 'work', value: 'alee@contoso.example' }])
  })

  it('accepts "Add" on active, as Entra sends it', async () => {
    const patch = await entra('PATCH', `/Users/${otherId}`, { schemas: [patchUrn], Operations: [{ op: 'Add', path: 'active', value: 'false' }] })
    expect(patch.status).toBe(200)
    expect(patch.body.active).toBe(false)
  })

  it('refuses the blank Operations list of the Entra validator with 400 invalidSyntax, changing nothing', async () => {
    const before = await entra('GET', `/Users/${userId}`)
    const patch = await entra('PATCH', `/Users/${userId}`, { schemas: [patchUrn], Operations: [] })
    expect(patch.status).toBe(400)
    expect(patch.body.scimType).toBe('invalidSyntax')
    expect((await entra('GET', `/Users/${userId}`)).body.meta).toEqual(before.body.meta)
  })

  it('adds members with "$ref": null and answers the group PATCH with 204', async () => {
    const created = await entra('POST', '/Groups', { schemas: [groupUrn], externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159', displayName: 'Group1DisplayName', members: [] })
    expect(created.status).toBe(201)
    groupId = String(created.body.id)
    const add = await entra('PATCH', `/Groups/${groupId}`, {
      schemas: [patchUrn],
      Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: userId }, { $ref: null, value: otherId }, { $ref: null, value: thirdId }] }]
    })
    expect(add.status).toBe(204)
    expect(add.text).toBe('')
    const read = await entra('GET', `/Groups/${groupId}`)
    expect((read.body.members as { value: string }[]).map((member) => member.value)).toEqual([userId, otherId, thirdId])
  })

  it('removes only the listed members on "Remove" with path members and a value list', async () => {
    const remove = await entra('PATCH', `/Groups/${groupId}`, { schemas: [patchUrn], Operations: [{ op: 'Remove', path: 'members', value: [{ value: otherId }] }] })
    expect(remove.status).toBe(204)
    const read = await entra('GET', `/Groups/${groupId}`)
    expect((read.body.members as { value: string }[]).map((member) => member.value)).toEqual([userId, thirdId])
  })

  it('refuses a "Remove" value list of bare ids with 400 rather than answering success and removing no one', async () => {
    for (const value of [[thirdId], thirdId]) {
      const remove = await entra('PATCH', `/Groups/${groupId}`, { schemas: [patchUrn], Operations: [{ op: 'Remove', path: 'members', value }] })
      expect(remove.status).toBe(400)
      expect(remove.body).toMatchObject({ status: '400', scimType: 'invalidValue' })
    }
    const read = await entra('GET', `/Groups/${groupId}`)
    expect((read.body.members as { value: string }[]).map((member) => member.value)).toEqual([userId, thirdId])
  })

  it('refuses a "Remove" value that names no member (a null value, an empty object) with 400, rather than emptying the group', async () => {
    for (const value of [[{ value: null }], [{ $ref: null }], [{}], [{ value: thirdId }, {}]]) {
      const remove = await entra('PATCH', `/Groups/${groupId}`, { schemas: [patchUrn], Operations: [{ op: 'Remove', path: 'members', value }] })
      expect(remove.status).toBe(400)
      expect(remove.body).toMatchObject({ status: '400', scimType: 'invalidValue' })
    }
    const read = await entra('GET', `/Groups/${groupId}`)
    expect((read.body.members as { value: string }[]).map((member) => member.value)).toEqual([userId, thirdId])
  })

  it('removes a member by value filter, as Entra does with the flag', async () => {
    const remove = await entra('PATCH', `/Groups/${groupId}`, { schemas: [patchUrn], Operations: [{ op: 'remove', path: `members[value eq "${thirdId}"]` }] })
    expect(remove.status).toBe(204)
    const read = await entra('GET', `/Groups/${groupId}`)
    expect((read.body.members as { value: string }[]).map((member) => member.value)).toEqual([userId])
  })

  it('renames a group with "Replace" on displayName', async () => {
    const rename = await entra('PATCH', `/Groups/${groupId}`, { schemas: [patchUrn], Operations: [{ op: 'Replace', path: 'displayName', value: 'Group1 Renamed' }] })
    expect(rename.status).toBe(204)
    expect((await entra('GET', `/Groups/${groupId}`)).body.displayName).toBe('Group1 Renamed')
  })

  it('leaves members out on excludedAttributes=members, for one group and for a lookup', async () => {
    const one = await entra('GET', `/Groups/${groupId}?excludedAttributes=members`)
    expect(one.status).toBe(200)
    expect(one.body).not.toHaveProperty('members')
    expect(one.body).toMatchObject({ id: groupId, displayName: 'Group1 Renamed', externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159' })
    const lookup = await entra('GET', `/Groups?excludedAttributes=members&${query('displayName eq "group1 renamed"')}`)
    expect(lookup.body.totalResults).toBe(1)
    expect(lookup.body.Resources?.[0]).not.toHaveProperty('members')
    expect(lookup.body.Resources?.[0]?.id).toBe(groupId)
  })

  it('returns the group after a PATCH when the client asks for attributes', async () => {
    const patch = await harness.request('PATCH', `${baseUrl}/Groups/${groupId}?attributes=members`, {
      headers: entraHeaders,
      body: { schemas: [patchUrn], Operations: [{ op: 'Add', path: 'members', value: [{ value: otherId }] }] }
    })
    expect(patch.status).toBe(200)
    expect((patch.body.members as { value: string }[]).map((member) => member.value)).toEqual([userId, otherId])
  })

  it('hard-deletes a user: 204, then 404, and the user leaves its groups', async () => {
    const deleted = await entra('DELETE', `/Users/${otherId}`)
    expect(deleted.status).toBe(204)
    expect((await entra('GET', `/Users/${otherId}`)).status).toBe(404)
    expect((await entra('DELETE', `/Users/${otherId}`)).status).toBe(404)
    const group = await entra('GET', `/Groups/${groupId}`)
    expect((group.body.members as { value: string }[]).map((member) => member.value)).toEqual([userId])
  })

  it('finds groups by member, as Entra checks membership', async () => {
    const byMember = await entra('GET', `/Groups?${query(`members[value eq "${userId}"]`)}&excludedAttributes=members`)
    expect(byMember.body.Resources?.map((group) => group.id)).toEqual([groupId])
    const byMemberValue = await entra('GET', `/Groups?${query(`id eq "${groupId}" and members.value eq "${userId}"`)}`)
    expect(byMemberValue.body.totalResults).toBe(1)
  })
})
