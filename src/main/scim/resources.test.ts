import { describe, expect, test } from 'vitest'
import { ScimError } from './errors'
import type { ScimType } from './errors'
import { coerceBoolean, normalizeGroup, normalizeUser, primaryEmail } from './resources'
import type { ScimUserResource } from './resources'
import { enterpriseUserSchemaUrn, groupSchemaUrn, userSchemaUrn } from './schema-definitions'

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

// okta-scim.md §1.3: what Okta POSTs when a user is assigned.
const oktaCreate = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'test.user@okta.local',
  name: { givenName: 'Test', familyName: 'User' },
  emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
  displayName: 'Test User',
  locale: 'en-US',
  externalId: '00ujl29u0le5T6Aj10h7',
  groups: [],
  password: '1mz050nq',
  active: true
}

describe('normalizeUser: Okta', () => {
  test("Okta's create becomes a stored user without password or groups, and the password comes back separately", () => {
    const { resource, password } = normalizeUser(oktaCreate, 'create')
    expect(password).toBe('1mz050nq')
    expect(resource).toEqual({
      schemas: [userSchemaUrn],
      externalId: '00ujl29u0le5T6Aj10h7',
      userName: 'test.user@okta.local',
      name: { familyName: 'User', givenName: 'Test' },
      displayName: 'Test User',
      locale: 'en-US',
      active: true,
      emails: [{ value: 'test.user@okta.local', type: 'work', primary: true }]
    })
    expect(JSON.stringify(resource)).not.toContain('1mz050nq')
  })

  test("Okta's read-modify-write PUT may echo id, meta and groups: they are ignored", () => {
    // okta-scim.md §1.5
    const { resource } = normalizeUser(
      {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        id: '23a35c27-23d3-4c03-b4c5-6443c09e7173',
        userName: 'test.user@okta.local',
        name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
        emails: [{ primary: true, value: 'test.user@okta.local', type: 'work', display: 'test.user@okta.local' }],
        active: true,
        groups: [{ value: 'g1', display: 'Sales' }],
        meta: { resourceType: 'User' }
      },
      'replace'
    )
    expect(resource).toEqual({
      schemas: [userSchemaUrn],
      userName: 'test.user@okta.local',
      name: { familyName: 'User', givenName: 'Another', middleName: 'Excited' },
      active: true,
      emails: [{ value: 'test.user@okta.local', display: 'test.user@okta.local', type: 'work', primary: true }]
    })
  })

  test('a PUT with "active": false deactivates: active in a PUT is authoritative', () => {
    expect(normalizeUser({ ...oktaCreate, active: false }, 'replace').resource.active).toBe(false)
  })

  test('a new user is active unless the body says otherwise', () => {
    const { active: _active, ...withoutActive } = oktaCreate
    expect(normalizeUser(withoutActive, 'create').resource.active).toBe(true)
    expect(normalizeUser({ ...withoutActive, active: false }, 'create').resource.active).toBe(false)
  })

  test('a PUT without active leaves active unset, for the caller to keep the stored value', () => {
    const { active: _active, ...withoutActive } = oktaCreate
    expect('active' in normalizeUser(withoutActive, 'replace').resource).toBe(false)
  })

  test('mapped enterprise attributes are kept and the enterprise URN is added to schemas', () => {
    const { resource } = normalizeUser(
      { ...oktaCreate, schemas: [userSchemaUrn, enterpriseUserSchemaUrn], [enterpriseUserSchemaUrn]: { department: 'Sales' } },
      'create'
    )
    expect(resource.schemas).toEqual([userSchemaUrn, enterpriseUserSchemaUrn])
    expect(resource[enterpriseUserSchemaUrn]).toEqual({ department: 'Sales' })
  })

  test('schemas is recomputed: a listed extension without its object is dropped, a present object is declared', () => {
    expect(normalizeUser({ ...oktaCreate, schemas: [userSchemaUrn, enterpriseUserSchemaUrn] }, 'create').resource.schemas).toEqual([userSchemaUrn])
    expect(normalizeUser({ ...oktaCreate, schemas: undefined, [enterpriseUserSchemaUrn]: { division: 'EMEA' } }, 'create').resource.schemas).toEqual([
      userSchemaUrn,
      enterpriseUserSchemaUrn
    ])
  })

  test("a user without a userName is refused with advice about the username, in each client's words", () => {
    const { userName: _userName, ...withoutUserName } = oktaCreate
    const error = scimError(() => normalizeUser(withoutUserName, 'create'))
    expect(error.detailFor('okta')).toBe("The user has no userName. Okta sends the user's email as userName; check the app's username format.")
    expect(error.detailFor('entra')).toMatch(/^The user has no userName\. Entra sends the attribute mapped to userName .* Provision Microsoft Entra ID Users/)
    // The console's own user form shows `detail`: the neutral wording, which names no identity provider.
    expect(error.detail).toBe('The user has no userName. Every user needs one, as a non-empty string.')
    expectRejected(() => normalizeUser({ ...oktaCreate, userName: '  ' }, 'create'), 'invalidValue', /no userName/)
    expectRejected(() => normalizeUser({ ...oktaCreate, userName: null }, 'replace'), 'invalidValue', /no userName/)
  })
})

describe('normalizeUser: names are case-insensitive (RFC 7643 §2.1)', () => {
  test('any casing of an attribute or sub-attribute is stored under its canonical name', () => {
    const { resource } = normalizeUser(
      { USERNAME: 'ann@example.com', Name: { GivenName: 'Ann', FAMILYNAME: 'Lee' }, Emails: [{ VALUE: 'ann@example.com', Primary: true }], ACTIVE: true },
      'create'
    )
    expect(resource).toEqual({
      schemas: [userSchemaUrn],
      userName: 'ann@example.com',
      name: { familyName: 'Lee', givenName: 'Ann' },
      active: true,
      emails: [{ value: 'ann@example.com', primary: true }]
    })
  })

  test('the enterprise extension is found whatever the casing of its URN and attributes', () => {
    const { resource } = normalizeUser(
      { userName: 'ann', 'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER': { Department: 'R&D', MANAGER: { Value: 'u2' } } },
      'create'
    )
    expect(resource[enterpriseUserSchemaUrn]).toEqual({ department: 'R&D', manager: { value: 'u2' } })
    expect(resource.schemas).toEqual([userSchemaUrn, enterpriseUserSchemaUrn])
  })

  test('the same attribute twice in different casings is refused rather than guessed', () => {
    expectRejected(() => normalizeUser({ userName: 'a', USERNAME: 'b' }, 'create'), 'invalidSyntax', /userName appears twice/)
  })
})

describe('normalizeUser: what is kept and what is dropped', () => {
  test('unknown attributes are dropped silently, except inside a known extension object', () => {
    const { resource } = normalizeUser(
      {
        userName: 'ann',
        favouriteColour: 'blue',
        'urn:example:custom:2.0:User': { badge: '7' },
        [enterpriseUserSchemaUrn]: { department: 'Sales', costCentreCode: 'CC-9' }
      },
      'create'
    )
    expect(resource).toEqual({
      schemas: [userSchemaUrn, enterpriseUserSchemaUrn],
      userName: 'ann',
      active: true,
      [enterpriseUserSchemaUrn]: { department: 'Sales', costCentreCode: 'CC-9' }
    })
  })

  test('null clears an attribute or sub-attribute; empty objects and lists count as unassigned', () => {
    const { resource } = normalizeUser(
      { userName: 'ann', displayName: null, name: { givenName: null }, title: 'Boss', emails: [], phoneNumbers: [null], [enterpriseUserSchemaUrn]: { department: null } },
      'replace'
    )
    expect(resource).toEqual({ schemas: [userSchemaUrn], userName: 'ann', title: 'Boss' })
  })

  test('a top-level key written with its schema URN is stored like the nested attribute', () => {
    const { resource } = normalizeUser(
      {
        schemas: [userSchemaUrn, enterpriseUserSchemaUrn],
        userName: 'ann',
        [`${userSchemaUrn}:name.givenName`]: 'Ann',
        name: { familyName: 'Lee' },
        [`${enterpriseUserSchemaUrn}:department`]: 'Sales',
        [`${enterpriseUserSchemaUrn.toUpperCase()}:Manager`]: 'u2',
        [`${enterpriseUserSchemaUrn}:costCenter`]: null,
        [enterpriseUserSchemaUrn]: { division: 'EMEA' },
        [`${enterpriseUserSchemaUrn}:__proto__`]: { polluted: true },
        'urn:example:custom:2.0:User:badge': '7'
      },
      'create'
    )
    expect(resource).toEqual({
      schemas: [userSchemaUrn, enterpriseUserSchemaUrn],
      userName: 'ann',
      name: { familyName: 'Lee', givenName: 'Ann' },
      active: true,
      [enterpriseUserSchemaUrn]: { division: 'EMEA', department: 'Sales', manager: { value: 'u2' } }
    })
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  test('an attribute given both with and without its schema URN is refused', () => {
    expectRejected(
      () => normalizeUser({ userName: 'ann', [enterpriseUserSchemaUrn]: { department: 'Sales' }, [`${enterpriseUserSchemaUrn}:Department`]: 'Ops' }, 'create'),
      'invalidSyntax',
      /"urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User:Department" is given twice/
    )
    expectRejected(() => normalizeUser({ userName: 'ann', [`${userSchemaUrn}:userName`]: 'bob' }, 'create'), 'invalidSyntax', /given twice/)
    expectRejected(() => normalizeUser({ userName: 'ann', name: { givenName: 'A' }, [`${userSchemaUrn}:name.givenName`]: 'B' }, 'create'), 'invalidSyntax', /given twice/)
  })

  test("manager.displayName is readOnly and is not stored", () => {
    const { resource } = normalizeUser({ userName: 'ann', [enterpriseUserSchemaUrn]: { manager: { value: 'u2', displayName: 'Bob' } } }, 'create')
    expect(resource[enterpriseUserSchemaUrn]).toEqual({ manager: { value: 'u2' } })
  })

  test('attributes come out in schema order, whatever order the client used', () => {
    const { resource } = normalizeUser({ active: true, emails: [{ value: 'a@x' }], title: 'T', userName: 'ann', externalId: 'e1' }, 'create')
    expect(Object.keys(resource)).toEqual(['schemas', 'externalId', 'userName', 'title', 'active', 'emails'])
  })
})

describe('normalizeUser: Entra string booleans', () => {
  test('"True"/"False"/"true"/"false" are read as booleans for active and emails[].primary', () => {
    expect(normalizeUser({ userName: 'a', active: 'False' }, 'create').resource.active).toBe(false)
    expect(normalizeUser({ userName: 'a', active: 'True' }, 'create').resource.active).toBe(true)
    expect(normalizeUser({ userName: 'a', active: 'false' }, 'create').resource.active).toBe(false)
    expect(normalizeUser({ userName: 'a', emails: [{ value: 'a@x', primary: 'true' }] }, 'create').resource.emails).toEqual([{ value: 'a@x', primary: true }])
  })

  test('coerceBoolean reads only real booleans and the words true and false', () => {
    expect(coerceBoolean('TRUE')).toBe(true)
    expect(coerceBoolean(false)).toBe(false)
    expect(coerceBoolean('yes')).toBeUndefined()
    expect(coerceBoolean(1)).toBeUndefined()
  })
})

describe('normalizeUser: type errors name the attribute', () => {
  test('a body that is not an object is invalidSyntax', () => {
    expectRejected(() => normalizeUser([oktaCreate], 'create'), 'invalidSyntax', /must be a JSON object.*a list/)
    expectRejected(() => normalizeUser(null, 'create'), 'invalidSyntax', /JSON object/)
    expectRejected(() => normalizeUser('userName=ann', 'create'), 'invalidSyntax', /JSON object/)
  })

  test('strings must be strings', () => {
    expectRejected(() => normalizeUser({ userName: 42 }, 'create'), 'invalidValue', /userName must be a string, but it is the number 42/)
    expectRejected(() => normalizeUser({ userName: 'a', name: { givenName: ['Ann'] } }, 'create'), 'invalidValue', /name\.givenName must be a string/)
    expectRejected(() => normalizeUser({ userName: 'a', [enterpriseUserSchemaUrn]: { employeeNumber: 7 } }, 'create'), 'invalidValue', /enterprise:2\.0:User:employeeNumber must be a string/)
  })

  test('booleans must be booleans or the words true/false', () => {
    expectRejected(() => normalizeUser({ userName: 'a', active: 'yes' }, 'create'), 'invalidValue', /active must be true or false, but it is the string "yes"/)
    expectRejected(() => normalizeUser({ userName: 'a', emails: [{ value: 'a@x', primary: 1 }] }, 'create'), 'invalidValue', /emails\[0\]\.primary must be true or false/)
  })

  test('a multi-valued attribute must be a list, even with one value', () => {
    expectRejected(() => normalizeUser({ userName: 'a', emails: { value: 'a@x' } }, 'create'), 'invalidValue', /emails is multi-valued and must be a list/)
  })

  test('a complex attribute must be an object', () => {
    expectRejected(() => normalizeUser({ userName: 'a', name: 'Ann Lee' }, 'create'), 'invalidValue', /name must be an object, but it is the string "Ann Lee"/)
    expectRejected(() => normalizeUser({ userName: 'a', emails: ['a@x'] }, 'create'), 'invalidValue', /emails\[0\] must be an object/)
    expectRejected(() => normalizeUser({ userName: 'a', [enterpriseUserSchemaUrn]: 'Sales' }, 'create'), 'invalidValue', /extension .* must be an object/)
  })

  test('at most one value of a multi-valued attribute may be primary', () => {
    expectRejected(
      () => normalizeUser({ userName: 'a', emails: [{ value: 'a@x', primary: true }, { value: 'b@x', primary: 'True' }] }, 'create'),
      'invalidValue',
      /Only one of the values of emails may have "primary": true/
    )
    expect(normalizeUser({ userName: 'a', emails: [{ value: 'a@x', primary: true }, { value: 'b@x', primary: false }] }, 'create').resource.emails).toHaveLength(2)
  })
})

describe('normalizeGroup', () => {
  test("Okta's Group Push create is stored with an empty member list", () => {
    expect(normalizeGroup({ schemas: [groupSchemaUrn], displayName: 'Test SCIMv2', members: [] }, 'create')).toEqual({
      schemas: [groupSchemaUrn],
      displayName: 'Test SCIMv2',
      members: []
    })
  })

  test("a group's id and meta in the body are ignored", () => {
    expect(normalizeGroup({ id: 'abf4dd94', displayName: 'Test SCIMv2', meta: { resourceType: 'Group' } }, 'replace')).toEqual({
      schemas: [groupSchemaUrn],
      displayName: 'Test SCIMv2',
      members: []
    })
  })

  test('members keep value and type; display and $ref are dropped because the server computes them', () => {
    const group = normalizeGroup(
      {
        displayName: 'Sales',
        externalId: '00g1',
        Members: [
          { value: 'u1', display: 'ann@example.com', $ref: 'https://elsewhere/Users/u1' },
          { $ref: null, value: 'u2' },
          { VALUE: 'u3', Type: 'user' }
        ]
      },
      'create'
    )
    expect(group).toEqual({
      schemas: [groupSchemaUrn],
      externalId: '00g1',
      displayName: 'Sales',
      members: [{ value: 'u1' }, { value: 'u2' }, { value: 'u3', type: 'User' }]
    })
  })

  test('a user listed twice is one membership', () => {
    const group = normalizeGroup({ displayName: 'Sales', members: [{ value: 'u1', display: 'first' }, { value: 'u2' }, { value: 'u1', display: 'again' }] }, 'replace')
    expect(group.members).toEqual([{ value: 'u1' }, { value: 'u2' }])
  })

  test('a member without a string value is refused', () => {
    expectRejected(() => normalizeGroup({ displayName: 'Sales', members: [{ display: 'ann' }] }, 'create'), 'invalidValue', /members\[0\] has no "value"/)
    expectRejected(() => normalizeGroup({ displayName: 'Sales', members: [{ value: null }] }, 'create'), 'invalidValue', /members\[0\] has no "value"/)
    expectRejected(() => normalizeGroup({ displayName: 'Sales', members: [{ value: 17 }] }, 'create'), 'invalidValue', /members\[0\]\.value must be a string/)
    expectRejected(() => normalizeGroup({ displayName: 'Sales', members: [{ value: '' }] }, 'create'), 'invalidValue', /members\[0\] has no "value"/)
    expectRejected(() => normalizeGroup({ displayName: 'Sales', members: ['u1'] }, 'create'), 'invalidValue', /members\[0\] must be an object/)
  })

  test('a nested group as a member is refused: only users can be members here', () => {
    expectRejected(() => normalizeGroup({ displayName: 'Sales', members: [{ value: 'g2', type: 'Group' }] }, 'create'), 'invalidValue', /only has users as group members/)
  })

  test('a group without a displayName is refused', () => {
    expectRejected(() => normalizeGroup({ members: [] }, 'create'), 'invalidValue', /The group has no displayName/)
    expectRejected(() => normalizeGroup({ displayName: '' }, 'replace'), 'invalidValue', /The group has no displayName/)
    expectRejected(() => normalizeGroup({ displayName: 5 }, 'replace'), 'invalidValue', /displayName must be a string/)
    expectRejected(() => normalizeGroup('Sales', 'create'), 'invalidSyntax', /JSON object holding a SCIM Group/)
  })
})

describe('primaryEmail', () => {
  const user = (emails: ScimUserResource['emails']): ScimUserResource => ({ schemas: [userSchemaUrn], userName: 'ann', emails })

  test('is the primary email, as sent', () => {
    expect(primaryEmail(user([{ value: 'home@x' }, { value: 'Work@X', primary: true }]))).toBe('Work@X')
  })

  test('falls back to the first email, and is undefined without emails', () => {
    expect(primaryEmail(user([{ type: 'work' }, { value: 'first@x' }, { value: 'second@x' }]))).toBe('first@x')
    expect(primaryEmail(user(undefined))).toBeUndefined()
  })
})
