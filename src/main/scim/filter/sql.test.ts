import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase } from '../../db/connection'
import type { Db } from '../../db/connection'
import { ScimError } from '../errors'
import { maxFilterComparisons, parseFilter } from './parser'
import { compileFilter, compileSortBy, groupFilterTarget, userFilterTarget } from './sql'
import type { FilterTarget } from './sql'

const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

let directory: string
let db: Db

interface UserFixture {
  readonly id: string
  readonly tenant?: string
  readonly externalId?: string
  readonly active?: boolean
  readonly displayName?: string
  readonly created: string
  readonly resource: Record<string, unknown> & { readonly userName: string }
}

const users: readonly UserFixture[] = [
  {
    id: 'u1',
    externalId: 'ext-Ann',
    displayName: 'Ann Smith',
    created: '2024-01-01T00:00:00Z',
    resource: {
      userName: 'Ann@X.com',
      name: { givenName: 'Ann', familyName: 'Smith' },
      title: 'Engineer',
      emails: [
        { value: 'ann@x.com', type: 'work', primary: true },
        { value: 'ann.home@gmail.com', type: 'home' }
      ],
      active: true,
      [enterprise]: { department: 'Sales', manager: { value: 'u3', displayName: 'Carol' } }
    }
  },
  {
    id: 'u2',
    externalId: 'EXT-bob',
    active: false,
    created: '2024-06-01T00:00:00Z',
    resource: {
      userName: 'bob@y.org',
      name: { givenName: 'Bob', familyName: 'Jones' },
      title: '',
      nickName: '50%_off',
      emails: [{ value: 'bob@y.org', type: 'work', primary: true }],
      phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }],
      active: false,
      [enterprise]: { department: 'Engineering' }
    }
  },
  {
    id: 'u3',
    created: '2025-01-01T00:00:00Z',
    resource: {
      userName: 'carol_100%@x.com',
      name: { givenName: 'Carol' },
      addresses: [{ locality: 'Paris', country: 'FR', type: 'work' }],
      active: true
    }
  },
  {
    id: 'u4',
    externalId: 'ext-dave',
    created: '2025-06-01T00:00:00Z',
    resource: {
      userName: 'dave@x.com',
      name: { givenName: 'Dave' },
      title: 'Engineer',
      emails: [{ value: 'DAVE@X.COM', type: 'Work' }],
      roles: [{ value: 'admin' }],
      active: true
    }
  },
  // Another tenant with look-alike data: it must never leak into tenant t1's results.
  {
    id: 'u9',
    tenant: 't2',
    externalId: 'ext-Ann',
    created: '2024-01-01T00:00:00Z',
    resource: { userName: 'ann@x.com', title: 'Engineer', emails: [{ value: 'ann@x.com', type: 'work' }], active: true }
  }
]

const groups = [
  { id: 'g1', tenant: 't1', displayName: 'Admins', externalId: null, created: '2024-01-01T00:00:00Z', members: ['u1', 'u4'] },
  { id: 'g2', tenant: 't1', displayName: 'Sales Team', externalId: 'gx-2', created: '2024-06-01T00:00:00Z', members: ['u2'] },
  { id: 'g3', tenant: 't1', displayName: 'Empty', externalId: 'gx-3', created: '2025-01-01T00:00:00Z', members: [] },
  { id: 'g9', tenant: 't2', displayName: 'Admins', externalId: null, created: '2024-01-01T00:00:00Z', members: ['u9'] }
] as const

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'scim-filter-'))
  db = openDatabase(join(directory, 'console.db'))
  const now = Date.parse('2025-07-01T00:00:00Z')
  const addTenant = db.prepare('INSERT INTO tenants (id, name, slug, created_at) VALUES (?, ?, ?, ?)')
  addTenant.run('t1', 'Acme', 'acme', now)
  addTenant.run('t2', 'Other', 'other', now)
  const addUser = db.prepare(`INSERT INTO users (id, tenant_id, user_name, user_name_key, external_id, active, primary_email,
    display_name, resource, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  for (const user of users) {
    const created = Date.parse(user.created)
    addUser.run(
      user.id,
      user.tenant ?? 't1',
      user.resource.userName,
      user.resource.userName.toLowerCase(),
      user.externalId ?? null,
      user.active === false ? 0 : 1,
      null,
      user.displayName ?? null,
      JSON.stringify(user.resource),
      created,
      created + 86_400_000
    )
  }
  const addGroup = db.prepare(`INSERT INTO groups (id, tenant_id, display_name, display_name_key, external_id, resource,
    created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
  const addMember = db.prepare('INSERT INTO group_members (group_id, user_id, added_at) VALUES (?, ?, ?)')
  for (const group of groups) {
    const created = Date.parse(group.created)
    addGroup.run(group.id, group.tenant, group.displayName, group.displayName.toLowerCase(), group.externalId, '{}', created, created)
    for (const member of group.members) addMember.run(group.id, member, now)
  }
})

afterAll(() => {
  db.close()
  rmSync(directory, { recursive: true, force: true })
})

function select(table: 'users' | 'groups', target: FilterTarget, filter: string): string[] {
  const { sql, params } = compileFilter(parseFilter(filter), target)
  const alias = target.alias
  const rows = db.prepare(`SELECT ${alias}.id FROM ${table} ${alias} WHERE ${alias}.tenant_id = ? AND (${sql})`).all('t1', ...params) as {
    id: string
  }[]
  return rows.map((row) => row.id).sort()
}

function userIds(filter: string): string[] {
  return select('users', userFilterTarget, filter)
}

function groupIds(filter: string): string[] {
  return select('groups', groupFilterTarget, filter)
}

function plan(table: 'users' | 'groups', target: FilterTarget, filter: string): string {
  const { sql, params } = compileFilter(parseFilter(filter), target)
  const alias = target.alias
  const rows = db.prepare(`EXPLAIN QUERY PLAN SELECT ${alias}.id FROM ${table} ${alias} WHERE ${alias}.tenant_id = ? AND (${sql})`).all('t1', ...params) as {
    detail: string
  }[]
  return rows.map((row) => row.detail).join('\n')
}

function rejection(run: () => unknown): ScimError {
  try {
    run()
  } catch (error) {
    if (error instanceof ScimError) return error
    throw error
  }
  throw new Error('expected a ScimError')
}

function expectInvalidFilter(filter: string, target: FilterTarget = userFilterTarget): string {
  const error = rejection(() => compileFilter(parseFilter(filter), target))
  expect(error.status).toBe(400)
  expect(error.scimType).toBe('invalidFilter')
  expect(error.detail).not.toBe('')
  return error.detail
}

function sortedUserIds(sortBy: string, direction: 'ASC' | 'DESC' = 'ASC'): string[] {
  const order = compileSortBy(sortBy, userFilterTarget)
  const rows = db.prepare(`SELECT u.id FROM users u WHERE u.tenant_id = ? ORDER BY ${order} ${direction}, u.seq`).all('t1') as { id: string }[]
  return rows.map((row) => row.id)
}

describe('Okta lookups', () => {
  test('userName eq matches case-insensitively, as the Runscope "Username Case Sensitivity Check" needs', () => {
    expect(userIds('userName eq "ANN@X.COM"')).toEqual(['u1'])
    expect(userIds('userName eq "ann@x.com"')).toEqual(['u1'])
  })

  test('userName eq compiles to an equality on the indexed lower-cased column', () => {
    expect(compileFilter(parseFilter('userName eq "Ann@X.com"'), userFilterTarget)).toEqual({
      sql: 'u.user_name_key = ?',
      params: ['ann@x.com']
    })
  })

  test('userName eq is answered from the users_user_name index', () => {
    expect(plan('users', userFilterTarget, 'userName eq "ann@x.com"')).toMatch(/users_user_name \(tenant_id=\? AND user_name_key=\?\)/)
  })

  test('a miss returns no rows (Okta then creates the user)', () => {
    expect(userIds('userName eq "nobody@x.com"')).toEqual([])
  })

  test('inactive users stay visible to the lookup, so a re-POST does not collide', () => {
    expect(userIds('userName eq "bob@y.org"')).toEqual(['u2'])
  })

  test('group displayName eq is case-insensitive and uses the groups_display_name index', () => {
    expect(groupIds('displayName eq "ADMINS"')).toEqual(['g1'])
    expect(compileFilter(parseFilter('displayName eq "Admins"'), groupFilterTarget)).toEqual({
      sql: 'g.display_name_key = ?',
      params: ['admins']
    })
    expect(plan('groups', groupFilterTarget, 'displayName eq "Admins"')).toMatch(/groups_display_name/)
  })

  test('the same userName in another tenant is never returned', () => {
    expect(userIds('userName eq "ann@x.com" or title eq "Engineer"')).toEqual(['u1', 'u4'])
  })
})

describe('Entra lookups', () => {
  test('externalId eq matches exactly (caseExact) through the users_external_id index', () => {
    expect(userIds('externalId eq "ext-Ann"')).toEqual(['u1'])
    expect(userIds('externalId eq "EXT-ANN"')).toEqual([])
    expect(compileFilter(parseFilter('externalId eq "ext-Ann"'), userFilterTarget).sql).toBe('u.external_id = ?')
    expect(plan('users', userFilterTarget, 'externalId eq "ext-Ann"')).toMatch(/users_external_id/)
  })

  test('emails[type eq "work"].value eq finds the user by work email, ignoring case', () => {
    expect(userIds('emails[type eq "work"].value eq "ann@x.com"')).toEqual(['u1'])
    expect(userIds('emails[type eq "work"].value eq "dave@x.com"')).toEqual(['u4'])
  })

  test('the Entra form needs type and value on the same email', () => {
    expect(userIds('emails[type eq "work"].value eq "ann.home@gmail.com"')).toEqual([])
  })

  test('an unquoted externalId (externalId eq ext-dave) works', () => {
    expect(userIds('externalId eq ext-dave')).toEqual(['u4'])
  })

  test('id eq compiles to an equality on the id column', () => {
    expect(compileFilter(parseFilter('id eq "u3"'), userFilterTarget)).toEqual({ sql: 'u.id = ?', params: ['u3'] })
    expect(userIds('id eq "u3"')).toEqual(['u3'])
    expect(userIds('id eq "U3"')).toEqual([])
  })
})

describe('string operators', () => {
  test('eq on a case-insensitive attribute ignores case', () => {
    expect(userIds('name.givenName eq "ann"')).toEqual(['u1'])
    expect(userIds('displayName eq "ann smith"')).toEqual(['u1'])
  })

  test('ne keeps users that lack the attribute', () => {
    expect(userIds('title ne "engineer"')).toEqual(['u2', 'u3'])
  })

  test('co, sw and ew ignore case on userName', () => {
    expect(userIds('userName co "@X.COM"')).toEqual(['u1', 'u3', 'u4'])
    expect(userIds('userName sw "ANN"')).toEqual(['u1'])
    expect(userIds('userName ew ".ORG"')).toEqual(['u2'])
  })

  test('co, sw and ew on caseExact externalId respect case', () => {
    expect(userIds('externalId sw "ext-"')).toEqual(['u1', 'u4'])
    expect(userIds('externalId co "T-b"')).toEqual(['u2'])
    expect(userIds('externalId co "BOB"')).toEqual([])
    expect(userIds('externalId ew "-bob"')).toEqual(['u2'])
    expect(userIds('externalId ew "-BOB"')).toEqual([])
    expect(userIds('externalId ew "a-very-long-suffix-ext-dave"')).toEqual([])
  })

  test('% and _ in a value are literal characters, not wildcards', () => {
    expect(userIds('userName co "_"')).toEqual(['u3'])
    expect(userIds('userName co "%"')).toEqual(['u3'])
    expect(userIds('nickName co "%_"')).toEqual(['u2'])
    expect(userIds('nickName sw "50%"')).toEqual(['u2'])
    expect(userIds('nickName sw "5_%"')).toEqual([])
    expect(userIds('name.givenName co "_"')).toEqual([])
  })

  test('co with an empty string matches every user that has the attribute', () => {
    expect(userIds('externalId co ""')).toEqual(['u1', 'u2', 'u4'])
  })

  test('gt, ge, lt and le compare strings case-insensitively', () => {
    expect(userIds('userName gt "BOB@Y.ORG"')).toEqual(['u3', 'u4'])
    expect(userIds('userName ge "BOB@Y.ORG"')).toEqual(['u2', 'u3', 'u4'])
    expect(userIds('userName lt "C"')).toEqual(['u1', 'u2'])
    expect(userIds('userName le "ANN@X.COM"')).toEqual(['u1'])
    expect(userIds('name.familyName gt "jones"')).toEqual(['u1'])
    expect(userIds('name.familyName lt "SMITH"')).toEqual(['u2'])
  })

  test('a number compared with a text attribute is read as its text', () => {
    expect(userIds('nickName sw 50')).toEqual(['u2'])
  })

  test('eq "" matches only an empty value', () => {
    expect(userIds('title eq ""')).toEqual(['u2'])
  })
})

describe('presence and null', () => {
  test('pr needs a non-empty value', () => {
    expect(userIds('title pr')).toEqual(['u1', 'u4'])
    expect(userIds('externalId pr')).toEqual(['u1', 'u2', 'u4'])
  })

  test('pr on a multi-valued attribute needs at least one element', () => {
    expect(userIds('emails pr')).toEqual(['u1', 'u2', 'u4'])
    expect(userIds('phoneNumbers pr')).toEqual(['u2'])
  })

  test('pr on a singular complex attribute needs one of its sub-attributes', () => {
    expect(userIds('name pr')).toEqual(['u1', 'u2', 'u3', 'u4'])
    expect(userIds('name pr and not (name.familyName pr)')).toEqual(['u3', 'u4'])
    expect(userIds(`${enterprise}:manager pr`)).toEqual(['u1'])
    expect(userIds(`${enterprise}:manager eq null`)).toEqual(['u2', 'u3', 'u4'])
    expect(userIds('meta pr')).toEqual(['u1', 'u2', 'u3', 'u4'])
  })

  test('a complex attribute has no value of its own to compare', () => {
    expect(expectInvalidFilter('name eq "Ann"')).toBe(
      "The attribute 'name' has no value of its own; compare one of its sub-attributes instead: name.formatted, name.familyName, name.givenName, name.middleName, name.honorificPrefix, name.honorificSuffix."
    )
    expectInvalidFilter('name[givenName eq "Ann"]')
  })

  test('eq null finds users without the attribute, ne null those with it', () => {
    expect(userIds('externalId eq null')).toEqual(['u3'])
    expect(userIds('externalId ne null')).toEqual(['u1', 'u2', 'u4'])
    expect(userIds('emails eq null')).toEqual(['u3'])
    expect(userIds('title eq null')).toEqual(['u2', 'u3'])
  })

  test('null with an ordering operator is refused', () => {
    expectInvalidFilter('title gt null')
  })
})

describe('booleans', () => {
  test('active eq true / false', () => {
    expect(userIds('active eq true')).toEqual(['u1', 'u3', 'u4'])
    expect(userIds('active eq false')).toEqual(['u2'])
    expect(userIds('active ne true')).toEqual(['u2'])
  })

  test('Entra-style "True"/"False" strings count as booleans', () => {
    expect(userIds('active eq "False"')).toEqual(['u2'])
    expect(userIds('active eq "true"')).toEqual(['u1', 'u3', 'u4'])
  })

  test('a boolean sub-attribute inside a value filter', () => {
    expect(userIds('emails[primary eq true]')).toEqual(['u1', 'u2'])
  })

  test('ordering, substring operators and non-boolean values are refused for booleans', () => {
    expectInvalidFilter('active gt true')
    expectInvalidFilter('active co "t"')
    expectInvalidFilter('active eq "yes"')
    expectInvalidFilter('active eq 1')
    expectInvalidFilter('emails[primary sw "t"]')
  })

  test('a text attribute compared with a boolean is refused', () => {
    expectInvalidFilter('title eq true')
  })
})

describe('dates and times', () => {
  test('meta.created gt/ge/lt/le compare chronologically', () => {
    expect(userIds('meta.created gt "2024-06-01T00:00:00Z"')).toEqual(['u3', 'u4'])
    expect(userIds('meta.created ge "2024-06-01T00:00:00Z"')).toEqual(['u2', 'u3', 'u4'])
    expect(userIds('meta.created lt "2024-06-01T00:00:00.000Z"')).toEqual(['u1'])
    expect(userIds('meta.created le "2024-06-01"')).toEqual(['u1', 'u2'])
  })

  test('time-zone offsets are honoured', () => {
    expect(userIds('meta.created lt "2024-06-01T02:00:00+02:00"')).toEqual(['u1'])
    expect(userIds('meta.created eq "2024-06-01T02:00:00+02:00"')).toEqual(['u2'])
  })

  test('a dateTime without a zone is read as UTC', () => {
    expect(userIds('meta.created eq "2025-01-01T00:00:00"')).toEqual(['u3'])
  })

  test('meta.lastModified filters on the update time', () => {
    expect(userIds('meta.lastModified gt "2025-06-01T12:00:00Z"')).toEqual(['u4'])
  })

  test('invalid dates and substring operators are refused', () => {
    expectInvalidFilter('meta.created gt "yesterday"')
    expectInvalidFilter('meta.created gt "2024-02-30T00:00:00Z"')
    expectInvalidFilter('meta.created gt 1700000000000')
    expectInvalidFilter('meta.created gt true')
    expectInvalidFilter('meta.created co "2024"')
    expectInvalidFilter('meta.lastModified sw "2024"')
  })

  test('meta.resourceType is a constant', () => {
    expect(userIds('meta.resourceType eq "User"')).toEqual(['u1', 'u2', 'u3', 'u4'])
    expect(userIds('meta.resourceType eq "Group"')).toEqual([])
    expect(groupIds('meta.resourceType eq "Group"')).toEqual(['g1', 'g2', 'g3'])
  })
})

describe('logic', () => {
  test('and / or', () => {
    expect(userIds('title eq "Engineer" and active eq true')).toEqual(['u1', 'u4'])
    expect(userIds('userName eq "bob@y.org" or id eq "u3"')).toEqual(['u2', 'u3'])
  })

  test('and binds tighter than or', () => {
    expect(userIds('userName eq "ann@x.com" or userName eq "bob@y.org" and active eq true')).toEqual(['u1'])
    expect(userIds('(userName eq "ann@x.com" or userName eq "bob@y.org") and active eq false')).toEqual(['u2'])
  })

  test('not keeps users that lack the attribute', () => {
    expect(userIds('not (title eq "Engineer")')).toEqual(['u2', 'u3'])
    expect(userIds('not (title pr)')).toEqual(['u2', 'u3'])
    expect(userIds('not (active eq true)')).toEqual(['u2'])
    expect(userIds('not (not (title eq "Engineer"))')).toEqual(['u1', 'u4'])
  })

  test('not binds tighter than and', () => {
    expect(userIds('not (title pr) and active eq true')).toEqual(['u3'])
  })
})

describe('attribute names', () => {
  test('attribute names and operators are case-insensitive', () => {
    expect(userIds('USERNAME EQ "ann@x.com"')).toEqual(['u1'])
    expect(userIds('NAME.GIVENNAME eq "ann"')).toEqual(['u1'])
    expect(userIds('Emails[TYPE eq "work"].VALUE eq "ann@x.com"')).toEqual(['u1'])
  })

  test('the core schema URN prefix is optional', () => {
    expect(userIds('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "ann@x.com"')).toEqual(['u1'])
    expect(userIds('urn:ietf:params:scim:schemas:core:2.0:User:name.givenName eq "bob"')).toEqual(['u2'])
    expect(groupIds('urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq "admins"')).toEqual(['g1'])
  })

  test('enterprise extension attributes are found by their URN path, in any case', () => {
    expect(userIds(`${enterprise}:department eq "sales"`)).toEqual(['u1'])
    expect(userIds(`${enterprise.toUpperCase()}:DEPARTMENT sw "eng"`)).toEqual(['u2'])
    expect(userIds(`${enterprise}:manager.value eq "u3"`)).toEqual(['u1'])
    expect(userIds(`${enterprise}:manager.displayName eq "carol"`)).toEqual(['u1'])
    expect(userIds(`${enterprise}:department pr`)).toEqual(['u1', 'u2'])
  })

  test('an unknown attribute is refused with the list of filterable ones', () => {
    const detail = expectInvalidFilter('foo eq "x"')
    expect(detail).toContain("The attribute 'foo' is not supported in filters.")
    expect(detail).toContain('userName')
    expect(detail).toContain('emails')
    expect(detail).toContain(`prefixed with ${enterprise}:`)
  })

  test('password, unknown sub-attributes and unknown schemas are refused', () => {
    expectInvalidFilter('password eq "secret"')
    expectInvalidFilter('name.nickname eq "x"')
    expect(expectInvalidFilter('emails.foo eq "x"')).toContain('value, display, type, primary')
    expectInvalidFilter('emails[foo eq "x"]')
    expectInvalidFilter('urn:example:custom:2.0:User:userName eq "x"')
    expectInvalidFilter('urn:ietf:params:scim:schemas:core:2.0:Group:userName eq "x"')
    expectInvalidFilter('userName eq "x"', groupFilterTarget)
  })

  test('a value filter on a single-valued attribute is refused', () => {
    expectInvalidFilter('userName[value eq "x"]')
    expectInvalidFilter('emails.value[value eq "x"]')
  })

  test('a complex attribute without a value of its own needs a sub-attribute', () => {
    expect(expectInvalidFilter('addresses eq "Paris"')).toContain('locality')
  })
})

describe('multi-valued attributes', () => {
  test('any email matching is enough', () => {
    expect(userIds('emails co "gmail"')).toEqual(['u1'])
    expect(userIds('emails.value eq "ANN.HOME@gmail.com"')).toEqual(['u1'])
    expect(userIds('emails.type eq "home"')).toEqual(['u1'])
  })

  test('a value filter needs one element to match every condition; separate conditions may match different elements', () => {
    expect(userIds('emails[type eq "home" and value co "@x.com"]')).toEqual([])
    expect(userIds('emails.type eq "home" and emails.value co "@x.com"')).toEqual(['u1'])
    expect(userIds('emails[type eq "work" and value co "@x.com"]')).toEqual(['u1', 'u4'])
  })

  test('ne on a multi-valued attribute means no element is equal', () => {
    expect(userIds('emails.value ne "ann@x.com"')).toEqual(['u2', 'u3', 'u4'])
  })

  test('inside a value filter, ne and not apply per element', () => {
    expect(userIds('emails[type ne "work"]')).toEqual(['u1'])
    expect(userIds('emails[not (type eq "work")]')).toEqual(['u1'])
  })

  test('phoneNumbers, addresses and roles', () => {
    expect(userIds('phoneNumbers eq "+1 555 0100"')).toEqual(['u2'])
    expect(userIds('phoneNumbers[type eq "mobile"]')).toEqual(['u2'])
    expect(userIds('addresses.locality eq "paris"')).toEqual(['u3'])
    expect(userIds('addresses[country eq "FR" and type eq "work"]')).toEqual(['u3'])
    expect(userIds('roles.value eq "ADMIN"')).toEqual(['u4'])
    expect(userIds('entitlements pr')).toEqual([])
  })
})

describe('group memberships', () => {
  test("a user's groups are found by group id", () => {
    expect(userIds('groups eq "g1"')).toEqual(['u1', 'u4'])
    expect(userIds('groups.value eq "g2"')).toEqual(['u2'])
    expect(compileFilter(parseFilter('groups eq "g1"'), userFilterTarget).sql).toBe(
      'EXISTS (SELECT 1 FROM group_members gm WHERE gm.user_id = u.id AND gm.group_id = ?)'
    )
  })

  test("a user's groups are found by group name, ignoring case", () => {
    expect(userIds('groups.display eq "admins"')).toEqual(['u1', 'u4'])
    expect(userIds('groups[display sw "SALES"]')).toEqual(['u2'])
  })

  test('users with and without groups', () => {
    expect(userIds('groups pr')).toEqual(['u1', 'u2', 'u4'])
    expect(userIds('groups eq null')).toEqual(['u3'])
    expect(userIds('groups ne "g1"')).toEqual(['u2', 'u3'])
  })

  test('groups are found by member id, member userName, externalId and name', () => {
    expect(groupIds('members eq "u1"')).toEqual(['g1'])
    expect(groupIds('members.value eq "u2"')).toEqual(['g2'])
    expect(groupIds('members[value eq "u4"]')).toEqual(['g1'])
    expect(groupIds('members.display eq "ANN@X.COM"')).toEqual(['g1'])
    expect(groupIds('externalId eq "gx-3"')).toEqual(['g3'])
    expect(groupIds('displayName co "TEAM"')).toEqual(['g2'])
  })

  test('groups with and without members', () => {
    expect(groupIds('members pr')).toEqual(['g1', 'g2'])
    expect(groupIds('not (members pr)')).toEqual(['g3'])
  })

  test('groups filter on creation time', () => {
    expect(groupIds('meta.created ge "2024-06-01T00:00:00Z"')).toEqual(['g2', 'g3'])
  })
})

describe('safety', () => {
  test('values are bound as parameters, never written into the SQL', () => {
    const { sql, params } = compileFilter(parseFilter(`userName eq "x' OR '1'='1" or title co "'); DROP TABLE users; --"`), userFilterTarget)
    expect(sql).not.toContain('DROP')
    expect(sql).not.toContain("'1'")
    expect(params).toEqual(["x' or '1'='1", "%'); DROP TABLE users; --%"])
    expect(userIds(`userName eq "x' OR '1'='1"`)).toEqual([])
  })

  test('the longest chain of and accepted compiles and runs', () => {
    const filter = Array.from({ length: maxFilterComparisons }, () => 'title pr').join(' and ')
    expect(userIds(filter)).toEqual(['u1', 'u4'])
  })
})

describe('compileSortBy', () => {
  test('sorts userName case-insensitively', () => {
    expect(compileSortBy('userName', userFilterTarget)).toBe('u.user_name_key')
    expect(sortedUserIds('userName')).toEqual(['u1', 'u2', 'u3', 'u4'])
    expect(sortedUserIds('USERNAME', 'DESC')).toEqual(['u4', 'u3', 'u2', 'u1'])
  })

  test('sorts a case-insensitive JSON attribute, whose missing values are NULL (the list query orders them: directory-repo.ts)', () => {
    expect(sortedUserIds('name.familyName')).toEqual(['u3', 'u4', 'u2', 'u1'])
  })

  test('sorts by meta.created and by an extension attribute', () => {
    expect(sortedUserIds('meta.created', 'DESC')).toEqual(['u4', 'u3', 'u2', 'u1'])
    expect(sortedUserIds(`${enterprise}:department`)).toEqual(['u3', 'u4', 'u2', 'u1'])
  })

  test('sorts a multi-valued attribute by its primary value, else its first', () => {
    expect(sortedUserIds('emails')).toEqual(['u3', 'u1', 'u2', 'u4'])
    expect(sortedUserIds('emails.value', 'DESC')).toEqual(['u4', 'u2', 'u1', 'u3'])
  })

  test('sorts groups by displayName', () => {
    const order = compileSortBy('displayName', groupFilterTarget)
    const rows = db.prepare(`SELECT g.id FROM groups g WHERE g.tenant_id = ? ORDER BY ${order}`).all('t1') as { id: string }[]
    expect(rows.map((row) => row.id)).toEqual(['g1', 'g3', 'g2'])
  })

  test.each(['foo', 'emails[type eq "work"]', 'groups', 'addresses', 'a.b.c', ''])('sortBy %j is refused with invalidValue', (sortBy) => {
    const error = rejection(() => compileSortBy(sortBy, userFilterTarget))
    expect(error.status).toBe(400)
    expect(error.scimType).toBe('invalidValue')
    expect(error.detail).not.toBe('')
  })
})
