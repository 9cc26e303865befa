import { describe, expect, test } from 'vitest'
import { ScimError } from './errors'
import type { ScimType } from './errors'
import { applyPatch, maxPatchOperations, patchOpSchemaUrn } from './patch'
import { normalizeGroup, normalizeUser, primaryEmail } from './resources'
import { enterpriseUserSchemaUrn, groupSchemaUrn, userSchemaUrn } from './schema-definitions'

type Json = Record<string, unknown>

function patchBody(...operations: Json[]): Json {
  return { schemas: [patchOpSchemaUrn], Operations: operations }
}

// Deeply frozen, so that any write to the input throws in the test instead of passing unnoticed.
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) frozen(child)
    Object.freeze(value)
  }
  return value
}

function scimError(run: () => unknown): ScimError {
  try {
    run()
  } catch (error) {
    if (error instanceof ScimError) return error
    throw error
  }
  throw new Error('expected a ScimError')
}

function expectRejected(run: () => unknown, scimType: ScimType, detail: RegExp): void {
  const error = scimError(run)
  expect(error.status).toBe(400)
  expect(error.scimType).toBe(scimType)
  expect(error.detail).toMatch(detail)
}

const user = frozen({
  schemas: [userSchemaUrn],
  externalId: '00ujl29u0le5T6Aj10h7',
  userName: 'test.user@okta.local',
  name: { familyName: 'User', givenName: 'Test' },
  displayName: 'Test User',
  active: true,
  emails: [{ value: 'test.user@okta.local', type: 'work', primary: true }]
})

const group = frozen({
  schemas: [groupSchemaUrn],
  displayName: 'Test SCIMv2',
  members: [
    { value: '89bb1940-b905-4575-9e7f-6f887cfb368e', display: 'old.user@okta.local' },
    { value: 'u1091', display: 'entra.user@example.com' }
  ]
})

describe('applyPatch: an operation without a usable op', () => {
  test('says the op is missing, and repeats a long one shortened', () => {
    expect(scimError(() => applyPatch(user, patchBody({ path: 'title', value: 'x' }), 'User')).detail).toBe(
      'Operation 1 has no "op"; it must be add, replace or remove.'
    )
    expect(scimError(() => applyPatch(user, patchBody({ op: 'replace', path: 'title', value: 'x' }, { op: 'Merge' }), 'User')).detail).toBe(
      'Operation 2 has "op": "Merge"; it must be add, replace or remove.'
    )
    const long = scimError(() => applyPatch(user, patchBody({ op: 'x'.repeat(100_000) }), 'User')).detail
    expect(long.length).toBeLessThan(200)
    expect(long).toContain('(100,002 characters); it must be add, replace or remove.')
  })
})

describe('Okta (OIN catalog template) PATCHes', () => {
  test('deactivate: a path-less replace of {"active": false} deactivates the user and changes nothing else', () => {
    const patched = applyPatch(user, patchBody({ op: 'replace', value: { active: false } }), 'User')
    expect(patched).toEqual({ ...user, active: false })
    expect(normalizeUser(patched, 'replace').resource.active).toBe(false)
  })

  test('reactivate: the same body with true reactivates the user', () => {
    const patched = applyPatch({ ...user, active: false }, patchBody({ op: 'replace', value: { active: true } }), 'User')
    expect(patched['active']).toBe(true)
  })

  test('password sync: the password reaches the normaliser, which hands it back for hashing', () => {
    const patched = applyPatch(user, patchBody({ op: 'replace', value: { password: 'n3w-Secret' } }), 'User')
    const { resource, password } = normalizeUser(patched, 'replace')
    expect(password).toBe('n3w-Secret')
    expect('password' in resource).toBe(false)
  })

  test("group rename: the group's own id inside the value is ignored, not refused", () => {
    const patched = applyPatch(group, patchBody({ op: 'replace', value: { id: 'abf4dd94-7c2f', displayName: 'Renamed' } }), 'Group')
    expect(patched).toEqual({ ...group, displayName: 'Renamed' })
  })

  test('membership delta: remove one member by filter and add another, in one atomic PATCH', () => {
    const patched = applyPatch(
      group,
      patchBody(
        { op: 'remove', path: 'members[value eq "89bb1940-b905-4575-9e7f-6f887cfb368e"]' },
        { op: 'add', path: 'members', value: [{ value: '23a35c27-23d3-4c03-b4c5-6443c09e7173', display: 'test.user@okta.local' }] }
      ),
      'Group'
    )
    expect(patched['members']).toEqual([
      { value: 'u1091', display: 'entra.user@example.com' },
      { value: '23a35c27-23d3-4c03-b4c5-6443c09e7173', display: 'test.user@okta.local' }
    ])
  })

  test('membership delta still applies when the removed user had already left the group', () => {
    const patched = applyPatch(
      group,
      patchBody({ op: 'remove', path: 'members[value eq "not-a-member"]' }, { op: 'add', path: 'members', value: [{ value: 'u7' }] }),
      'Group'
    )
    expect(patched['members']).toEqual([...group.members, { value: 'u7' }])
  })

  test('full push: replace of members sets exactly the listed members', () => {
    const members = [
      { value: '23a35c27-23d3-4c03-b4c5-6443c09e7173', display: 'test.user@okta.local' },
      { value: '89bb1940-b905-4575-9e7f-6f887cfb368e', display: 'old.user@okta.local' }
    ]
    const patched = applyPatch(group, patchBody({ op: 'replace', path: 'members', value: members }), 'Group')
    expect(patched['members']).toEqual(members)
    // The normaliser keeps who the members are; the server answers their display (readOnly) from their userNames.
    expect(normalizeGroup(patched, 'replace').members).toEqual(members.map(({ value }) => ({ value })))
  })

  test('an empty full push leaves the group with no members', () => {
    const patched = applyPatch(group, patchBody({ op: 'replace', path: 'members', value: [] }), 'Group')
    expect(normalizeGroup(patched, 'replace').members).toEqual([])
  })
})

describe('Entra PATCHes without the aadOptscim062020 flag', () => {
  test('"Replace" with the string "False" deactivates the user', () => {
    const patched = applyPatch(
      user,
      { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
      'User'
    )
    expect(patched['active']).toBe(false)
  })

  test('"Add" without a schemas list sets a simple attribute', () => {
    const patched = applyPatch(user, { Operations: [{ op: 'Add', path: 'nickName', value: 'Babs' }] }, 'User')
    expect(patched['nickName']).toBe('Babs')
  })

  test('replacing the work email, a given name and an enterprise attribute in one request', () => {
    const patched = applyPatch(
      user,
      {
        Operations: [
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'x@y' },
          { op: 'Replace', path: 'name.givenName', value: 'G' },
          { op: 'Replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', value: 'E' }
        ]
      },
      'User'
    )
    expect(patched).toEqual({
      ...user,
      name: { familyName: 'User', givenName: 'G' },
      emails: [{ value: 'x@y', type: 'work', primary: true }],
      [enterpriseUserSchemaUrn]: { employeeNumber: 'E' }
    })
    expect(normalizeUser(patched, 'replace').resource.schemas).toEqual([userSchemaUrn, enterpriseUserSchemaUrn])
  })

  test('replacing the work email of a user who has none adds a work email', () => {
    const { emails: _emails, ...withoutEmails } = user
    const patched = applyPatch(withoutEmails, { Operations: [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'x@y' }] }, 'User')
    expect(patched['emails']).toEqual([{ type: 'work', value: 'x@y' }])
  })

  test('"Add" of a work email, mobile phone or work address through a type filter creates it on a user who has none', () => {
    const { emails: _emails, ...withoutEmails } = user
    const patched = applyPatch(
      withoutEmails,
      {
        Operations: [
          { op: 'Add', path: 'emails[type eq "work"].value', value: 'x@y' },
          { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+47 1234' },
          { op: 'Replace', path: 'addresses[type eq "work"].locality', value: 'Oslo' }
        ]
      },
      'User'
    )
    expect(patched).toMatchObject({
      emails: [{ type: 'work', value: 'x@y' }],
      phoneNumbers: [{ type: 'mobile', value: '+47 1234' }],
      addresses: [{ type: 'work', locality: 'Oslo' }]
    })
  })

  test('"Remove" of the work email\'s value removes that email, so the user has no address-less primary email', () => {
    const current = { ...user, emails: [...user.emails, { value: 'home@x', type: 'home' }] }
    const patched = applyPatch(current, { Operations: [{ op: 'Remove', path: 'emails[type eq "work"].value' }] }, 'User')
    expect(patched['emails']).toEqual([{ value: 'home@x', type: 'home' }])
    const cleared = applyPatch(user, { Operations: [{ op: 'Remove', path: 'emails[type eq "work"].value' }] }, 'User')
    expect('emails' in cleared).toBe(false)
    expect(primaryEmail(normalizeUser(cleared, 'replace').resource)).toBeUndefined()
  })

  test('"Remove" of members with a value list removes only the listed members', () => {
    const patched = applyPatch(group, { Operations: [{ op: 'Remove', path: 'members', value: [{ value: 'u1091' }] }] }, 'Group')
    expect(patched['members']).toEqual([{ value: '89bb1940-b905-4575-9e7f-6f887cfb368e', display: 'old.user@okta.local' }])
  })

  test('"Remove" of members with a value list finds each member by its value, whatever else the item repeats', () => {
    const listed = [{ value: 'u1091', display: 'Someone else', type: 'User', $ref: 'https://example.com/scim/v2/acme/Users/u1091' }]
    const patched = applyPatch(group, { Operations: [{ op: 'Remove', path: 'members', value: listed }] }, 'Group')
    expect(patched['members']).toEqual([{ value: '89bb1940-b905-4575-9e7f-6f887cfb368e', display: 'old.user@okta.local' }])
  })

  test('"Add" of a member with "$ref": null adds the member, and adding it again does not duplicate it', () => {
    const body = patchBody({ op: 'Add', path: 'members', value: [{ $ref: null, value: 'f648f8d5-ea3d-4f7a' }] })
    const once = applyPatch(group, body, 'Group')
    expect(once['members']).toEqual([...group.members, { value: 'f648f8d5-ea3d-4f7a' }])
    expect(applyPatch(once, body, 'Group')['members']).toEqual(once['members'])
  })
})

describe('Entra PATCHes with the aadOptscim062020 flag', () => {
  test('replace active with a real boolean', () => {
    expect(applyPatch(user, patchBody({ op: 'replace', path: 'active', value: false }), 'User')['active']).toBe(false)
  })

  test('a path-less replace whose keys are dotted and URN-prefixed paths', () => {
    const patched = applyPatch(
      user,
      patchBody({
        op: 'replace',
        value: {
          displayName: 'Babs Jensen',
          'name.givenName': 'Barbara',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': '701984'
        }
      }),
      'User'
    )
    expect(patched).toEqual({
      ...user,
      displayName: 'Babs Jensen',
      name: { familyName: 'User', givenName: 'Barbara' },
      [enterpriseUserSchemaUrn]: { employeeNumber: '701984' }
    })
  })

  test('remove of one member by a value filter', () => {
    const patched = applyPatch(group, patchBody({ op: 'remove', path: 'members[value eq "u1091"]' }), 'Group')
    expect(patched['members']).toEqual([{ value: '89bb1940-b905-4575-9e7f-6f887cfb368e', display: 'old.user@okta.local' }])
  })
})

describe('atomicity', () => {
  test('when a later operation fails, the error is thrown and the input is unchanged', () => {
    const snapshot = structuredClone(group)
    const error = scimError(() =>
      applyPatch(
        group,
        patchBody({ op: 'replace', value: { displayName: 'Renamed' } }, { op: 'remove', path: 'members[value eq "u1091"]' }, { op: 'remove', path: 'displayName' }),
        'Group'
      )
    )
    expect(error.scimType).toBe('mutability')
    expect(error.detail).toMatch(/^Operation 3 of 3 \(remove displayName\): /)
    expect(group).toEqual(snapshot)
  })

  test('a successful PATCH returns a new object and leaves the input untouched', () => {
    const snapshot = structuredClone(user)
    const patched = applyPatch(user, patchBody({ op: 'add', path: 'emails', value: [{ value: 'home@x', type: 'home' }] }), 'User')
    expect(patched).not.toBe(user)
    expect(user).toEqual(snapshot)
    expect(Object.isFrozen(patched['emails'])).toBe(false)
  })
})

describe('attribute names and op are case-insensitive', () => {
  test('op, paths, sub-attributes and filter attributes in any casing', () => {
    const patched = applyPatch(
      group,
      patchBody({ op: 'REMOVE', path: 'Members[VALUE eq "u1091"]' }, { op: 'rEpLaCe', path: 'DISPLAYNAME', value: 'Loud' }),
      'Group'
    )
    expect(patched).toEqual({ ...group, displayName: 'Loud', members: [group.members[0]] })
  })

  test('a path-less value with oddly cased keys updates the canonical attributes', () => {
    const patched = applyPatch(user, patchBody({ op: 'replace', value: { NAME: { GIVENNAME: 'Ann' }, Active: 'false' } }), 'User')
    expect(patched['name']).toEqual({ familyName: 'User', givenName: 'Ann' })
    expect(patched['active']).toBe(false)
    expect(Object.keys(patched)).not.toContain('NAME')
  })

  test('core-URN-prefixed paths and an upper-cased extension URN resolve to the same attributes', () => {
    const patched = applyPatch(
      user,
      patchBody(
        { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:name.givenName', value: 'Core' },
        { op: 'add', path: 'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:Department', value: 'Sales' }
      ),
      'User'
    )
    expect(patched['name']).toEqual({ familyName: 'User', givenName: 'Core' })
    expect(patched[enterpriseUserSchemaUrn]).toEqual({ department: 'Sales' })
  })

  test('string filter values follow caseExact: emails.type matches "WORK", member ids do not match other casing', () => {
    expect(applyPatch(user, patchBody({ op: 'replace', path: 'emails[type eq "WORK"].display', value: 'Work' }), 'User')['emails']).toEqual([
      { value: 'test.user@okta.local', type: 'work', primary: true, display: 'Work' }
    ])
    expect(applyPatch(group, patchBody({ op: 'remove', path: 'members[value eq "U1091"]' }), 'Group')['members']).toEqual(group.members)
  })
})

describe('add', () => {
  test('appends to a multi-valued attribute and skips values that are already there', () => {
    const patched = applyPatch(
      user,
      patchBody({ op: 'add', path: 'emails', value: [{ value: 'test.user@okta.local', type: 'work', primary: true }, { value: 'home@x', type: 'home' }] }),
      'User'
    )
    expect(patched['emails']).toEqual([...user.emails, { value: 'home@x', type: 'home' }])
  })

  test('a value already there is found whatever the order of its keys, and a value given twice is added once', () => {
    const patched = applyPatch(
      user,
      patchBody({ op: 'add', path: 'emails', value: [{ primary: true, type: 'work', value: 'test.user@okta.local' }, { value: 'home@x' }, { value: 'home@x' }] }),
      'User'
    )
    expect(patched['emails']).toEqual([...user.emails, { value: 'home@x' }])
  })

  test('a single object for a multi-valued attribute is added as one value', () => {
    const patched = applyPatch(user, patchBody({ op: 'add', path: 'phoneNumbers', value: { value: '+1 555', type: 'work' } }), 'User')
    expect(patched['phoneNumbers']).toEqual([{ value: '+1 555', type: 'work' }])
  })

  test('adding a primary value makes the other values not primary (RFC 7644 §3.5.2)', () => {
    const patched = applyPatch(user, patchBody({ op: 'add', path: 'emails', value: [{ value: 'new@x', type: 'home', primary: 'True' }] }), 'User')
    expect(patched['emails']).toEqual([
      { value: 'test.user@okta.local', type: 'work', primary: false },
      { value: 'new@x', type: 'home', primary: true }
    ])
    expect(() => normalizeUser(patched, 'replace')).not.toThrow()
  })

  test('refuses an add whose values have more than one primary, as POST and PUT do (RFC 7643 §2.4)', () => {
    for (const operation of [
      { op: 'add', path: 'emails', value: [{ value: 'a@x', primary: true }, { value: 'b@x', primary: 'True' }] },
      { op: 'Add', value: { emails: [{ value: 'a@x', primary: true }, { value: 'b@x', primary: true }] } }
    ]) {
      expectRejected(() => applyPatch(user, patchBody(operation), 'User'), 'invalidValue', /Only one of the values of emails may have "primary": true\./)
    }
  })

  test('replaces a singular attribute, merges into a complex one and creates what is missing', () => {
    const patched = applyPatch(
      user,
      patchBody({ op: 'add', value: { displayName: 'New', name: { middleName: 'M' }, title: 'Boss', 'addresses': [{ locality: 'Oslo' }] } }),
      'User'
    )
    expect(patched).toMatchObject({
      displayName: 'New',
      name: { familyName: 'User', givenName: 'Test', middleName: 'M' },
      title: 'Boss',
      addresses: [{ locality: 'Oslo' }]
    })
  })

  test('a whole extension object as a path-less key, or as the path, is merged attribute by attribute', () => {
    const first = applyPatch(user, patchBody({ op: 'add', value: { [enterpriseUserSchemaUrn]: { department: 'Sales', manager: { value: 'u2' } } } }), 'User')
    const second = applyPatch(first, patchBody({ op: 'add', path: enterpriseUserSchemaUrn, value: { costCenter: 'CC1', manager: { $ref: '../Users/u2' } } }), 'User')
    expect(second[enterpriseUserSchemaUrn]).toEqual({ department: 'Sales', costCenter: 'CC1', manager: { value: 'u2', $ref: '../Users/u2' } })
  })

  test('adding to a value path that matches nothing creates the element the filter describes', () => {
    const patched = applyPatch(user, patchBody({ op: 'add', path: 'phoneNumbers[type eq "mobile"]', value: { value: '+47 1234' } }), 'User')
    expect(patched['phoneNumbers']).toEqual([{ type: 'mobile', value: '+47 1234' }])
  })

  test('attributes this server does not know are ignored in a path-less value', () => {
    const patched = applyPatch(user, patchBody({ op: 'add', value: { favouriteColour: 'blue', nickName: 'T' } }), 'User')
    expect(patched).toEqual({ ...user, nickName: 'T' })
  })

  test('a "__proto__" key, as JSON.parse reads it, is an unknown attribute too: it is never taken for a prototype', () => {
    for (const text of [
      '{"op":"add","value":{"__proto__":{"active":false,"nickName":"T"}}}',
      '{"op":"add","value":{"name":{"__proto__":{"familyName":"Z"}}}}',
      '{"op":"replace","path":"name","value":{"__proto__":{"familyName":"Z"}}}'
    ]) {
      const patched = applyPatch(user, patchBody(JSON.parse(text) as Json), 'User')
      expect(patched, text).toEqual(user)
      expect(Object.getPrototypeOf(patched)).toBe(Object.prototype)
      expect(Object.getPrototypeOf(patched.name)).toBe(Object.prototype)
      expect((patched as { nickName?: unknown }).nickName).toBeUndefined()
    }
  })

  test('readOnly attributes in a path-less value are ignored: id, meta, schemas, groups', () => {
    const patched = applyPatch(
      user,
      patchBody({ op: 'add', value: { id: 'x', meta: { version: 'W/"1"' }, schemas: ['urn:other'], groups: [{ value: 'g1' }], title: 'T' } }),
      'User'
    )
    expect(patched).toEqual({ ...user, title: 'T' })
  })
})

describe('replace', () => {
  test('a multi-valued attribute without a filter has all its values replaced', () => {
    const emails = [{ value: 'only@x', type: 'home' }]
    expect(applyPatch(user, patchBody({ op: 'replace', path: 'emails', value: emails }), 'User')['emails']).toEqual(emails)
  })

  test('a complex attribute has the given sub-attributes merged', () => {
    expect(applyPatch(user, patchBody({ op: 'replace', path: 'name', value: { givenName: 'Ann' } }), 'User')['name']).toEqual({
      familyName: 'User',
      givenName: 'Ann'
    })
  })

  test('a path to an attribute that is not set is treated as add', () => {
    expect(applyPatch(user, patchBody({ op: 'replace', path: 'title', value: 'CTO' }), 'User')['title']).toBe('CTO')
    expect(applyPatch(user, patchBody({ op: 'replace', path: 'name.honorificPrefix', value: 'Dr' }), 'User')['name']).toMatchObject({ honorificPrefix: 'Dr' })
  })

  test('a value filter with and selects the element to change', () => {
    const current = { ...user, emails: [{ value: 'a@x', type: 'work', primary: false }, { value: 'b@x', type: 'work', primary: true }] }
    const patched = applyPatch(current, patchBody({ op: 'replace', path: 'emails[type eq "work" and primary eq true]', value: { value: 'c@x' } }), 'User')
    expect(patched['emails']).toEqual([
      { value: 'a@x', type: 'work', primary: false },
      { value: 'c@x', type: 'work', primary: true }
    ])
  })

  test('making one value primary makes the others not primary', () => {
    const current = { ...user, emails: [...user.emails, { value: 'home@x', type: 'home' }] }
    const patched = applyPatch(current, patchBody({ op: 'replace', path: 'emails[value eq "home@x"].primary', value: 'True' }), 'User')
    expect(patched['emails']).toEqual([
      { value: 'test.user@okta.local', type: 'work', primary: false },
      { value: 'home@x', type: 'home', primary: true }
    ])
  })

  test('refuses to make primary more than one value that a path selects, as POST and PUT do (RFC 7643 §2.4)', () => {
    const current = { ...user, emails: [{ value: 'a@x', type: 'work' }, { value: 'b@x', type: 'work', primary: true }, { value: 'h@x', type: 'home' }] }
    for (const operation of [
      { op: 'replace', path: 'emails[type eq "work"].primary', value: true },
      { op: 'add', path: 'emails[type eq "work"]', value: { primary: 'True' } },
      { op: 'replace', path: 'emails.primary', value: true }
    ]) {
      const error = scimError(() => applyPatch(current, patchBody(operation), 'User'))
      expect([error.status, error.scimType]).toEqual([400, 'invalidValue'])
      expect(error.detail).toMatch(`Operation 1 of 1 (${operation.op} ${operation.path}): Only one of the values of emails may have "primary": true.`)
    }
    // A filter that selects one value still makes it the primary one.
    const one = applyPatch(current, patchBody({ op: 'replace', path: 'emails[value eq "a@x"].primary', value: true }), 'User')
    expect(one['emails']).toEqual([{ value: 'a@x', type: 'work', primary: true }, { value: 'b@x', type: 'work', primary: false }, { value: 'h@x', type: 'home' }])
  })

  test('replacing whole elements that a value filter does not match is noTarget', () => {
    expectRejected(
      () => applyPatch(group, patchBody({ op: 'replace', path: 'members[value eq "nobody"]', value: { display: 'x' } }), 'Group'),
      'noTarget',
      /No value of members matches the filter/
    )
  })

  test('replacing the value of an email that the filter does not match is noTarget, not a new email the filter does not describe', () => {
    expectRejected(
      () => applyPatch(user, patchBody({ op: 'replace', path: 'emails[value eq "nomatch"].value', value: 'q' }), 'User'),
      'noTarget',
      /No value of emails matches the filter in "emails\[value eq "nomatch"\]\.value", so there is nothing to replace\. .*emails\[type eq "work"\]\.value/
    )
  })

  test('null clears the attribute', () => {
    expect('title' in applyPatch({ ...user, title: 'T' }, patchBody({ op: 'replace', path: 'title', value: null }), 'User')).toBe(false)
    expect('displayName' in applyPatch(user, patchBody({ op: 'replace', value: { displayName: null } }), 'User')).toBe(false)
  })
})

describe('remove', () => {
  test('without a path is noTarget', () => {
    expectRejected(() => applyPatch(group, patchBody({ op: 'remove', value: { members: [] } }), 'Group'), 'noTarget', /A remove operation needs a path/)
  })

  test('a multi-valued attribute without a filter or value is removed entirely', () => {
    const patched = applyPatch(group, patchBody({ op: 'remove', path: 'members' }), 'Group')
    expect('members' in patched).toBe(false)
    expect(normalizeGroup(patched, 'replace').members).toEqual([])
  })

  test('a filter removes only the matching values', () => {
    const current = { ...user, emails: [...user.emails, { value: 'home@x', type: 'home' }] }
    expect(applyPatch(current, patchBody({ op: 'remove', path: 'emails[type eq "home"]' }), 'User')['emails']).toEqual(user.emails)
  })

  test('a sub-attribute path removes just that sub-attribute', () => {
    expect(applyPatch(user, patchBody({ op: 'remove', path: 'name.givenName' }), 'User')['name']).toEqual({ familyName: 'User' })
    expect(applyPatch(user, patchBody({ op: 'remove', path: 'emails[type eq "work"].primary' }), 'User')['emails']).toEqual([
      { value: 'test.user@okta.local', type: 'work' }
    ])
  })

  test.each([
    ['removing the value of a filtered email', { op: 'remove', path: 'emails[type eq "work"].value' }],
    ['removing the value of every email', { op: 'remove', path: 'emails.value' }],
    ['replacing the value with null', { op: 'replace', path: 'emails[type eq "work"].value', value: null }]
  ])('%s removes the whole email, since the address is its point (RFC 7643 §2.4)', (_name, operation) => {
    const current = { ...user, emails: [...user.emails, { value: 'home@x', type: 'home' }], phoneNumbers: [{ value: '+1 555', type: 'work' }] }
    const patched = applyPatch(current, patchBody(operation), 'User')
    const left = operation.path === 'emails.value' ? undefined : [{ value: 'home@x', type: 'home' }]
    expect(patched['emails']).toEqual(left)
    expect(patched['phoneNumbers']).toEqual(current.phoneNumbers)
  })

  test('a simple attribute and an extension attribute can be removed', () => {
    const current = { ...user, [enterpriseUserSchemaUrn]: { department: 'Sales', division: 'EMEA' } }
    const patched = applyPatch(
      current,
      patchBody({ op: 'remove', path: 'displayName' }, { op: 'remove', path: `${enterpriseUserSchemaUrn}:department` }),
      'User'
    )
    expect('displayName' in patched).toBe(false)
    expect(patched[enterpriseUserSchemaUrn]).toEqual({ division: 'EMEA' })
  })

  test('userName and a group displayName are required and cannot be removed', () => {
    expectRejected(() => applyPatch(user, patchBody({ op: 'remove', path: 'userName' }), 'User'), 'mutability', /userName is required/)
    expectRejected(() => applyPatch(user, patchBody({ op: 'replace', path: 'userName', value: null }), 'User'), 'mutability', /userName is required/)
    expectRejected(() => applyPatch(group, patchBody({ op: 'remove', path: 'displayName' }), 'Group'), 'mutability', /displayName is required/)
  })

  test.each([
    ['remove active', { op: 'Remove', path: 'active' }],
    ['replace active with null', { op: 'replace', path: 'ACTIVE', value: null }],
    ['a path-less replace of active with null', { op: 'replace', value: { active: null } }]
  ])('%s is refused with the replace that deactivates, not ignored', (_name, operation) => {
    expectRejected(() => applyPatch(user, patchBody(operation), 'User'), 'mutability', /active cannot be removed.*send \{"op":"replace","path":"active","value":false\}\.$/)
  })
})

describe('readOnly targets', () => {
  test.each(['id', 'meta', 'meta.lastModified', 'schemas', 'groups', 'groups[value eq "g1"]'])('a path to %s is mutability', (path) => {
    expectRejected(() => applyPatch(user, patchBody({ op: 'replace', path, value: 'x' }), 'User'), 'mutability', /read-only/)
  })

  test("a path to the enterprise manager's displayName is mutability", () => {
    expectRejected(
      () => applyPatch(user, patchBody({ op: 'add', path: `${enterpriseUserSchemaUrn}:manager.displayName`, value: 'Bob' }), 'User'),
      'mutability',
      /read-only/
    )
  })
})

describe('malformed PATCH bodies', () => {
  test('a body that is not an object, or lacks operations, is invalidSyntax', () => {
    expectRejected(() => applyPatch(user, [], 'User'), 'invalidSyntax', /JSON object/)
    expectRejected(() => applyPatch(user, { schemas: [patchOpSchemaUrn] }, 'User'), 'invalidSyntax', /"Operations" list with at least one/)
    expectRejected(() => applyPatch(user, patchBody(), 'User'), 'invalidSyntax', /at least one operation/)
    expectRejected(() => applyPatch(user, { schemas: [patchOpSchemaUrn], Operations: [null] }, 'User'), 'invalidSyntax', /Operation 1 must be an object/)
  })

  test(`more than ${maxPatchOperations} operations are refused before any is applied`, () => {
    // (Not adds to one attribute: a user's multi-valued attribute holds at most maxUserAttributeValues values.)
    const operations = Array.from({ length: maxPatchOperations + 1 }, (_, index) => ({ op: 'replace', path: 'title', value: `T${index}` }))
    expectRejected(() => applyPatch(user, patchBody(...operations), 'User'), 'invalidValue', new RegExp(`has ${maxPatchOperations + 1} operations; at most ${maxPatchOperations}`))
    expect(applyPatch(user, patchBody(...operations.slice(1)), 'User')['title']).toBe(`T${maxPatchOperations}`)
  })

  test('schemas, when present, must name the PatchOp message', () => {
    expectRejected(
      () => applyPatch(user, { schemas: [userSchemaUrn], Operations: [{ op: 'replace', value: { active: false } }] }, 'User'),
      'invalidSyntax',
      /must contain "urn:ietf:params:scim:api:messages:2\.0:PatchOp"/
    )
  })

  test('an unknown op is invalidSyntax', () => {
    expectRejected(() => applyPatch(user, patchBody({ op: 'merge', path: 'title', value: 'T' }), 'User'), 'invalidSyntax', /"op": "merge".*add, replace or remove/)
    expectRejected(() => applyPatch(user, patchBody({ path: 'title', value: 'T' }), 'User'), 'invalidSyntax', /add, replace or remove/)
  })

  test('add or replace without a value, or path-less with a value that is not an object, is invalidSyntax', () => {
    expectRejected(() => applyPatch(user, patchBody({ op: 'add', path: 'title' }), 'User'), 'invalidSyntax', /has no "value"/)
    expectRejected(() => applyPatch(user, patchBody({ op: 'replace', value: false }), 'User'), 'invalidSyntax', /value that is an object/)
  })

  test.each([
    ['favouriteColour', /has no attribute "favouriteColour"/],
    ['name.nickname', /name has no sub-attribute "nickname"/],
    ['title.value', /title has no sub-attributes/],
    ['emails[type eq "work"', /never closed/],
    ['emails[type eq]', /has a filter that is not valid/],
    ['emails[kind eq "work"]', /emails has no sub-attribute "kind"/],
    ['name[givenName eq "x"]', /only a multi-valued attribute/],
    ['emails[type eq "work"]junk', /expected ".subAttribute"/],
    ['urn:example:custom:2.0:User:badge', /schema urn:example:custom:2\.0:User is not one/],
    ['emails..value', /expected an attribute path/]
  ])('the bad path %s is invalidPath', (path, detail) => {
    expectRejected(() => applyPatch(user, patchBody({ op: 'replace', path, value: 'x' }), 'User'), 'invalidPath', detail)
  })

  test('the detail says which operation failed', () => {
    const error = scimError(() => applyPatch(user, patchBody({ op: 'add', path: 'nickName', value: 'N' }, { op: 'replace', path: 'bogus', value: 1 }), 'User'))
    expect(error.detail).toMatch(/^Operation 2 of 2 \(replace bogus\): The path "bogus" is not valid/)
  })
})

describe('value filters in paths', () => {
  const current = frozen({
    ...user,
    emails: [
      { value: 'ann@work.example', type: 'work', primary: true },
      { value: 'ann@home.example', type: 'home', display: 'Home' },
      { value: 'ann@other.example', type: 'other' }
    ]
  })
  const remaining = (path: string): unknown =>
    (applyPatch(current, patchBody({ op: 'remove', path }), 'User')['emails'] as { value: string }[]).map((email) => email.value)

  test.each([
    ['emails[value co "@home."]', ['ann@work.example', 'ann@other.example']],
    ['emails[value sw "ANN@W"]', ['ann@home.example', 'ann@other.example']],
    ['emails[value ew ".example" and type ne "work"]', ['ann@work.example']],
    ['emails[display pr]', ['ann@work.example', 'ann@other.example']],
    ['emails[not (type eq "home")]', ['ann@home.example']],
    ['emails[type eq "home" or type eq "other"]', ['ann@work.example']],
    ['emails[primary eq true]', ['ann@home.example', 'ann@other.example']],
    ['emails[primary ne true]', ['ann@work.example']],
    ['emails[display eq null]', ['ann@home.example']]
  ])('%s selects the values it describes', (path, left) => {
    expect(remaining(path)).toEqual(left)
  })

  test('a filter value may contain colons, dots and brackets', () => {
    const withUrnMember = { ...group, members: [...group.members, { value: 'urn:x:y.z[1]' }] }
    const patched = applyPatch(withUrnMember, patchBody({ op: 'remove', path: 'members[value eq "urn:x:y.z[1]"]' }), 'Group')
    expect(patched['members']).toEqual(group.members)
  })

  test('ordering a boolean with gt is invalidPath', () => {
    expectRejected(() => applyPatch(current, patchBody({ op: 'remove', path: 'emails[primary gt false]' }), 'User'), 'invalidPath', /compared with eq or ne/)
  })

  test.each([
    ['replace', 'members[value eq "u9"].display', 'Jane'],
    ['add', 'members[value eq "u9"].display', 'Jane'],
    ['replace', 'members[value eq "u1091"].display', 'Jane']
  ])("%s %s is mutability: a member's display is the server's (its user's userName), member or not", (op, path, value) => {
    expectRejected(() => applyPatch(group, patchBody({ op, path, value }), 'Group'), 'mutability', /read-only/)
  })

  test.each([
    ['replace', 'members[display eq "x"].value', 'u9'],
    ['add', 'members[type eq "User"].value', 'u9'],
    ['add', 'members[value eq "u9"]', { value: 'u9' }]
  ])('%s %s on a group without that member is noTarget and never grants the membership', (op, path, value) => {
    expectRejected(
      () => applyPatch(group, patchBody({ op, path, value }), 'Group'),
      'noTarget',
      /No value of members matches the filter in .*, so there is nothing to (add to|replace)\. A member is added only by adding it to members/
    )
  })

  test.each([
    ['emails[value eq "nomatch"].value', 'q'],
    ['emails[type eq "home" and primary eq true].value', 'q@x'],
    ['emails[type ne "work"].value', 'q@x'],
    ['emails[type eq "home"].primary', true],
    ['emails[type eq "home"].type', 'work']
  ])('add %s matching no email is noTarget: a new email must be one the filter selects, with an address', (path, value) => {
    expectRejected(() => applyPatch(user, patchBody({ op: 'add', path, value }), 'User'), 'noTarget', /No value of emails matches the filter/)
  })

  test('a type filter that matches nothing creates an element of that type, primary only if it says so', () => {
    const patched = applyPatch(user, patchBody({ op: 'add', path: 'emails[type eq "home"]', value: { value: 'home@x', primary: true } }), 'User')
    expect(patched['emails']).toEqual([
      { value: 'test.user@okta.local', type: 'work', primary: false },
      { type: 'home', value: 'home@x', primary: true }
    ])
  })

  test("a member's value is immutable: it cannot be rewritten to point at another user", () => {
    expectRejected(
      () => applyPatch(group, patchBody({ op: 'replace', path: 'members[value eq "u1091"].value', value: 'u2' }), 'Group'),
      'mutability',
      /immutable/
    )
    const renamed = applyPatch(group, patchBody({ op: 'replace', path: 'members[value eq "u1091"]', value: { value: 'u1091', display: 'New Name' } }), 'Group')
    expect(renamed['members']).toEqual([group.members[0], { value: 'u1091', display: 'New Name' }])
  })
})

describe('runs of member adds and removes on a group (applied to an index of the members)', () => {
  type Member = { value: string; display?: string }

  // What RFC 7644 §3.5.2 says the operations leave, written the plain way: an add appends each value the list does not
  // hold already, a remove by `value eq` or by a value list drops every member with that value, and a list left empty
  // is no attribute at all.
  function expected(start: readonly Member[], operations: readonly Json[]): { members: Member[] | undefined; displayName: unknown } {
    let members: Member[] | undefined = start.length > 0 ? [...start] : undefined
    let displayName: unknown = 'Engineering'
    const same = (left: Member, right: Member) => left.value === right.value && left.display === right.display
    for (const operation of operations) {
      if (operation['path'] === 'displayName') displayName = operation['value']
      else if (operation['op'] === 'replace') members = [...(operation['value'] as Member[])]
      else if (String(operation['op']).toLowerCase() === 'add') {
        const list = [...(members ?? [])]
        for (const member of operation['value'] as Member[]) if (!list.some((held) => same(held, member))) list.push(member)
        members = list.length > 0 ? list : members
      } else if (members !== undefined) {
        const gone = typeof operation['path'] === 'string' && operation['path'].startsWith('members[')
          ? [/"(.*)"/.exec(operation['path'])?.[1]]
          : (operation['value'] as Member[]).map((member) => member.value)
        const left = members.filter((member) => !gone.includes(member.value))
        members = left.length > 0 ? left : undefined
      }
    }
    return { members, displayName }
  }

  test('leave the members that the operations one by one would, in their order, over 2,000 random PATCHes', () => {
    let seed = 20261201
    const random = (below: number): number => {
      // The high bits: an LCG's low bits repeat with a short period, and would try only a few shapes of PATCH.
      seed = (seed * 1103515245 + 12345) % 2147483648
      return Math.floor((seed / 2147483648) * below)
    }
    const ids = ['u1', 'u2', 'u3', 'u4', 'U1']
    const member = (): Member => (random(3) === 0 ? { value: ids[random(5)] as string, display: 'Shown' } : { value: ids[random(5)] as string })
    const operation = (): Json => {
      const kind = random(10)
      if (kind < 4) return { op: ['add', 'Add'][random(2)], path: 'members', value: Array.from({ length: random(4) }, member) }
      if (kind < 6) return { op: 'remove', path: `members[value eq "${ids[random(5)]}"]` }
      if (kind < 9) return { op: 'Remove', path: 'members', value: Array.from({ length: 1 + random(3) }, () => ({ value: ids[random(5)] })) }
      // Other operations between member ones: the members must be written back before them, and read again after.
      if (kind === 9 && random(2) === 0) return { op: 'replace', path: 'members', value: [...new Set([ids[random(5)], ids[random(5)]])].map((value) => ({ value })) }
      return { op: 'replace', path: 'displayName', value: `Team ${random(100)}` }
    }
    for (let round = 0; round < 2000; round += 1) {
      const start = Array.from({ length: random(4) }, member)
      const operations = Array.from({ length: 1 + random(8) }, operation)
      const resource = frozen({ schemas: [groupSchemaUrn], displayName: 'Engineering', ...(start.length > 0 ? { members: start } : {}) })
      const patched = applyPatch(resource, patchBody(...operations), 'Group')
      const want = expected(start, operations)
      const case_ = JSON.stringify({ start, operations })
      expect(patched['members'], case_).toEqual(want.members)
      expect(patched['displayName'], case_).toEqual(want.displayName)
    }
  })
})
