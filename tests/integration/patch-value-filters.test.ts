/**
 * PATCH paths with a value filter, over HTTP against a real SQLite file: a filter that matches nothing never grants a
 * group membership, Entra's work email is still created on a user who has none, and removing the work email's value
 * clears it from what filters see (okta-scim.md §3.3, §4; RFC 7644 §3.5.2.3; RFC 7643 §2.4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'
const groupUrn = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const patchUrn = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

const entraHeaders = { 'user-agent': 'Azure Active Directory SCIM Client' }

const query = (filter: string) => `filter=${encodeURIComponent(filter)}`

describe('PATCH through a value filter', () => {
  let harness: ScimHarness
  let call: (method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }) => ReturnType<ScimHarness['request']>
  let memberId: string
  let outsiderId: string
  let groupId: string

  async function createUser(userName: string, emails?: readonly Record<string, unknown>[]): Promise<string> {
    const created = await call('POST', '/Users', { body: { schemas: [userUrn], userName, ...(emails ? { emails } : {}) } })
    expect(created.status).toBe(201)
    return String(created.body.id)
  }

  async function memberIds(): Promise<string[]> {
    const read = await call('GET', `/Groups/${groupId}`)
    expect(read.status).toBe(200)
    return ((read.body.members ?? []) as { value: string }[]).map((member) => member.value)
  }

  async function usersMatching(filter: string): Promise<unknown[]> {
    const found = await call('GET', `/Users?${query(filter)}`)
    expect(found.status).toBe(200)
    return (found.body.Resources ?? []).map((user) => user.id)
  }

  beforeAll(async () => {
    harness = await startScimHarness()
    const { baseUrl } = harness.tenant('Value filters')
    call = (method, path, options = {}) => harness.request(method, `${baseUrl}${path}`, options)
    memberId = await createUser('ann@example.com', [{ value: 'ann@example.com', type: 'work', primary: true }])
    outsiderId = await createUser('olaf@example.com')
    const group = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'Admins', members: [{ value: memberId }] } })
    expect(group.status).toBe(201)
    groupId = String(group.body.id)
  })

  afterAll(async () => {
    expect(harness.internalErrors).toEqual([])
    await harness.close()
  })

  it.each([
    // A member's display is readOnly (the server answers the user's userName), so a path to it is refused before its filter is read.
    ['replace members[value eq "<id>"].display', 'mutability', (id: string) => ({ op: 'replace', path: `members[value eq "${id}"].display`, value: 'Olaf' })],
    ['add members[value eq "<id>"].display', 'mutability', (id: string) => ({ op: 'add', path: `members[value eq "${id}"].display`, value: 'Olaf' })],
    ['replace members[display eq "nobody"].value with "<id>"', 'noTarget', (id: string) => ({ op: 'replace', path: 'members[display eq "nobody"].value', value: id })]
  ])('%s for a user who is not a member is 400 %s and leaves the group as it was', async (_name, scimType, operation) => {
    const patch = await call('PATCH', `/Groups/${groupId}`, { body: { schemas: [patchUrn], Operations: [operation(outsiderId)] } })
    expect(patch.status).toBe(400)
    expect(patch.body.scimType).toBe(scimType)
    expect(String(patch.body.detail)).toMatch(scimType === 'noTarget' ? /No value of members matches the filter/ : /is read-only/)
    expect(await memberIds()).toEqual([memberId])
    const outsider = await call('GET', `/Users/${outsiderId}`)
    expect(outsider.body.groups ?? []).toEqual([])
  })

  it('refuses a filtered PATCH that would make two emails primary with 400 invalidValue, and writes nothing', async () => {
    const emails = [{ value: 'wendy@example.com', type: 'work', primary: true }, { value: 'wendy@corp.example', type: 'work' }]
    const id = await createUser('wendy@example.com', emails)
    const before = await call('GET', `/Users/${id}`)
    const patch = await call('PATCH', `/Users/${id}`, {
      body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'emails[type eq "work"].primary', value: true }] }
    })
    expect(patch.status).toBe(400)
    expect(patch.body.scimType).toBe('invalidValue')
    expect(patch.body.detail).toMatch('Operation 1 of 1 (replace emails[type eq "work"].primary): Only one of the values of emails may have "primary": true.')
    const after = await call('GET', `/Users/${id}`)
    expect(after.body.emails).toEqual(emails)
    expect(after.body.meta).toEqual(before.body.meta)
  })

  it('reads Entra\'s "True" in a value filter as the boolean it stands for: roles[primary eq "True"] finds the primary role', async () => {
    const roles = [{ value: 'User', display: 'User', type: 'WindowsAzureActiveDirectoryRole', primary: true }, { value: 'Reader', primary: false }]
    const created = await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'rita@example.com', roles } })
    expect(created.status, created.text).toBe(201)
    // What Entra sends for an app role mapped to roles (and its SCIM Validator sends), with booleans written as strings.
    const patch = await call('PATCH', `/Users/${String(created.body.id)}`, {
      headers: entraHeaders,
      body: {
        schemas: [patchUrn],
        Operations: [
          { op: 'Replace', path: 'roles[primary eq "True"].value', value: 'Admin' },
          { op: 'Replace', path: 'roles[primary eq "True"].display', value: 'Admin' },
          { op: 'Replace', path: 'roles[primary eq "False"].display', value: 'Reader role' }
        ]
      }
    })
    expect(patch.status, patch.text).toBe(200)
    expect(patch.body.roles).toEqual([
      { value: 'Admin', display: 'Admin', type: 'WindowsAzureActiveDirectoryRole', primary: true },
      { value: 'Reader', primary: false, display: 'Reader role' }
    ])
    // The query filter has always read it so; the PATCH path now agrees with it.
    expect(await usersMatching('roles[primary eq "True" and value eq "Admin"]')).toEqual([created.body.id])
  })

  it("creates Entra's primary app role on a user who has none, and replaces the one a user has", async () => {
    const created = await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'ravi@example.com', roles: [{ value: 'Reader', primary: 'True' }] } })
    expect(created.status, created.text).toBe(201)
    const id = String(created.body.id)
    const noRoles = await createUser('nora@example.com')
    const assign = (userId: string, role: string) =>
      call('PATCH', `/Users/${userId}`, {
        headers: entraHeaders,
        body: { schemas: [patchUrn], Operations: [{ op: 'Add', path: 'roles[primary eq "True"].value', value: role }] }
      })
    const first = await assign(noRoles, 'Admin')
    expect(first.status, first.text).toBe(200)
    expect(first.body.roles).toEqual([{ primary: true, value: 'Admin' }])
    // A user whose primary role is there gets it replaced, not a second one.
    const again = await assign(id, 'Admin')
    expect(again.status, again.text).toBe(200)
    expect(again.body.roles).toEqual([{ value: 'Admin', primary: true }])
  })

  it("takes the Entra SCIM Validator's PATCH add on a user with none of the attributes, a role's display before its value", async () => {
    const id = await createUser('val@example.com')
    const add = (path: string, value: unknown) => ({ op: 'add', path, value })
    const patch = await call('PATCH', `/Users/${id}`, {
      body: {
        schemas: [patchUrn],
        Operations: [
          add('emails[type eq "work"].value', 'val@work.example'),
          add('emails[type eq "work"].primary', true),
          add('addresses[type eq "work"].formatted', 'Main Street 1'),
          add('addresses[type eq "work"].primary', true),
          add('phoneNumbers[type eq "work"].value', '22-377-3428'),
          add('phoneNumbers[type eq "mobile"].value', '22-377-3429'),
          add('roles[primary eq "True"].display', 'Manager'),
          add('roles[primary eq "True"].value', 'manager'),
          add('roles[primary eq "True"].type', 'system'),
          { op: 'add', value: { displayName: 'Val', 'name.givenName': 'Val' } }
        ]
      }
    })
    expect(patch.status, patch.text).toBe(200)
    expect(patch.body).toMatchObject({
      displayName: 'Val',
      name: { givenName: 'Val' },
      emails: [{ type: 'work', value: 'val@work.example', primary: true }],
      addresses: [{ type: 'work', formatted: 'Main Street 1', primary: true }],
      phoneNumbers: [{ type: 'work', value: '22-377-3428' }, { type: 'mobile', value: '22-377-3429' }],
      roles: [{ primary: true, display: 'Manager', value: 'manager', type: 'system' }]
    })
    // A role that never gets its value is still refused, with nothing written.
    const valueless = await call('PATCH', `/Users/${outsiderId}`, { body: { schemas: [patchUrn], Operations: [add('roles[primary eq "True"].display', 'Manager')] } })
    expect(valueless.status).toBe(400)
    expect(valueless.body.scimType).toBe('noTarget')
    expect(String(valueless.body.detail)).toMatch(/^Operation 1 of 1 \(add roles\[primary eq "True"\]\.display\): No value of roles matches the filter/)
    expect((await call('GET', `/Users/${outsiderId}`)).body).not.toHaveProperty('roles')
  })

  it('refuses a PATCH whose later operation takes away the value of an email an earlier one created, and writes nothing', async () => {
    const id = await createUser('ivy@example.com')
    const before = await call('GET', `/Users/${id}`)
    const patch = await call('PATCH', `/Users/${id}`, {
      body: {
        schemas: [patchUrn],
        Operations: [
          { op: 'add', path: 'emails[type eq "work"]', value: { value: 'ivy@work.example', primary: true } },
          { op: 'replace', path: 'emails[type eq "work"]', value: { value: null } }
        ]
      }
    })
    expect(patch.status).toBe(400)
    expect(patch.body.scimType).toBe('invalidValue')
    expect(patch.body.detail).toBe(
      'Operation 1 of 2 (add emails[type eq "work"]): It created a value of emails that a later operation of this PATCH left without its "value", which every value of emails needs (RFC 7643 §2.4). Send the value, or leave out the operation that removes it.'
    )
    expect((await call('GET', `/Users/${id}`)).body).toEqual(before.body)
  })

  it("creates Entra's work email on a user who has none, and finds the user by it", async () => {
    const patch = await call('PATCH', `/Users/${outsiderId}`, {
      headers: entraHeaders,
      body: { schemas: [patchUrn], Operations: [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'olaf@contoso.example' }] }
    })
    expect(patch.status).toBe(200)
    expect(patch.body.emails).toEqual([{ type: 'work', value: 'olaf@contoso.example' }])
    expect(await usersMatching('emails[type eq "work"].value eq "olaf@contoso.example"')).toEqual([outsiderId])
  })

  it("clears the work email when Entra removes its value, so filters on emails no longer find it", async () => {
    const present = 'emails pr and userName eq "ann@example.com"'
    expect(await usersMatching(present)).toEqual([memberId])
    const patch = await call('PATCH', `/Users/${memberId}`, {
      headers: entraHeaders,
      body: { schemas: [patchUrn], Operations: [{ op: 'Remove', path: 'emails[type eq "work"].value' }] }
    })
    expect(patch.status).toBe(200)
    expect(patch.body).not.toHaveProperty('emails')
    expect((await call('GET', `/Users/${memberId}`)).body).not.toHaveProperty('emails')
    expect(await usersMatching(present)).toEqual([])
    expect(await usersMatching('emails[type eq "work"] and userName eq "ann@example.com"')).toEqual([])
  })
})
