/**
 * Entra ID's conformance self-test: the requests Microsoft documents that its provisioning service sends a SCIM
 * endpoint, with the answers it expects ("SCIM protocol requests and responses" in use-scim-to-provision-users-and-
 * groups.md: Create, Get, Get by query, Update, Disable and Delete User; Create, Get, Get by displayName, Update and
 * Delete Group; Discover schema), the cases its SCIM Validator adds (Test Connection's random user and group, a
 * duplicate user and group, a disabled user found by a filter), and the PATCH format of the `aadOptscim062020` flag.
 * It leaves nothing behind: the user and group it makes are deleted at the end.
 */
import { enterpriseUserSchemaUrn, errorSchema, groupSchemaUrn, listSchema, patchOpSchemaUrn, userSchemaUrn } from './wire'
import { randomUUID } from 'node:crypto'
import { entraStandardsFlag } from '../../shared/entra-setup'
import type { ConformanceReport } from '../../shared/models'
import { entraOnTimeout, entraRequestHeaders } from './entra-simulator'
import { isRecord } from './scim-http'
import { pick, runSelfTest, type Answer, type Assertions, type CheckRequest, type Method, type SelfTestClient, type SelfTestOptions } from './self-test'
import { randomText } from './simulation'

/** The schema Entra adds to the groups it creates (Microsoft's documented Create Group request). */
const entraGroupSchema = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'
const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** Entra's provisioning service, as its Secret Token sends it. */
const entraChecksClient: SelfTestClient = {
  suite: 'entra',
  name: 'Entra',
  waitedLike: 'as Retry-After asked',
  headers: (_method, authorization) => entraRequestHeaders(authorization, 'self-test'),
  instead: () => 'Entra does not wait within a cycle: it records the change as failed and retries it in its next provisioning cycle.',
  onTimeout: entraOnTimeout
}

/** The values of one run: random, like the SCIM Validator's `{%generateRandomString 6%}@contoso.com`. */
export interface EntraCheckValues {
  readonly userName: string
  readonly renamedUserName: string
  readonly email: string
  readonly updatedEmail: string
  readonly externalId: string
  readonly groupName: string
  readonly renamedGroupName: string
  readonly groupExternalId: string
}

export function entraCheckValues(): EntraCheckValues {
  const word = randomText(6, upper)
  return {
    userName: `${word}@contoso.com`,
    renamedUserName: `${word}.renamed@contoso.com`,
    email: `${word.toLowerCase()}@contoso.com`,
    updatedEmail: `${word.toLowerCase()}.updated@contoso.com`,
    externalId: randomUUID(),
    groupName: `Validator ${word}`,
    renamedGroupName: `Validator ${word} (renamed)`,
    groupExternalId: randomUUID()
  }
}

export interface EntraChecksOptions extends SelfTestOptions {
  readonly values?: EntraCheckValues
}

/**
 * Each check in the order they run: its title (Microsoft's names for the requests it documents, and what the others
 * check), and the method of its request, sent with it, and shown by a check skipped for want of a user or group.
 */
const checks = {
  'test-connection-user': { title: 'Test Connection: look up a random user', method: 'GET' },
  'test-connection-group': { title: 'Test Connection: look up a random group', method: 'GET' },
  'test-connection-bad-token': { title: 'Test Connection with a wrong Secret Token is refused', method: 'GET' },
  'create-user': { title: 'Create User', method: 'POST' },
  'get-user': { title: 'Get User', method: 'GET' },
  'get-user-not-found': { title: 'Get User that does not exist', method: 'GET' },
  'get-user-by-query': { title: 'Get User by query', method: 'GET' },
  'get-user-by-work-email': { title: 'Get User by query on the work email', method: 'GET' },
  'get-user-by-query-zero-results': { title: 'Get User by query - Zero results', method: 'GET' },
  'create-duplicate-user': { title: 'Create a user whose userName exists', method: 'POST' },
  'update-user-multi-valued': { title: 'Update User [Multi-valued properties]', method: 'PATCH' },
  'update-user-single-valued': { title: 'Update User [Single-valued properties]', method: 'PATCH' },
  'update-user-flagged': { title: `Update User with the ${entraStandardsFlag} flag (no path; dotted and URN keys)`, method: 'PATCH' },
  'get-updated-user': { title: 'Get User shows every update', method: 'GET' },
  'disable-user': { title: 'Disable User', method: 'PATCH' },
  'disabled-user-found': { title: 'A disabled user is still found by its userName, inactive', method: 'GET' },
  'create-group': { title: 'Create Group', method: 'POST' },
  'get-group': { title: 'Get Group', method: 'GET' },
  'get-group-by-display-name': { title: 'Get Group by displayName', method: 'GET' },
  'create-duplicate-group': { title: 'Create a group whose displayName exists', method: 'POST' },
  'update-group-non-member': { title: 'Update Group [Non-member attributes]', method: 'PATCH' },
  'add-members': { title: 'Update Group [Add Members]', method: 'PATCH' },
  'member-listed': { title: 'The group lists its new member', method: 'GET' },
  'remove-members': { title: 'Update Group [Remove Members]', method: 'PATCH' },
  'member-removed': { title: 'The group no longer lists the removed member', method: 'GET' },
  'add-members-flagged': { title: `Update Group [Add Members] with the ${entraStandardsFlag} flag`, method: 'PATCH' },
  'remove-members-flagged': { title: `Update Group [Remove Members] with the ${entraStandardsFlag} flag`, method: 'PATCH' },
  'member-removed-flagged': { title: 'The group no longer lists the member removed by value path', method: 'GET' },
  'delete-group': { title: 'Delete Group', method: 'DELETE' },
  'deleted-group-gone': { title: 'A deleted group is gone', method: 'GET' },
  'delete-user': { title: 'Delete User', method: 'DELETE' },
  'deleted-user-gone': { title: 'A deleted user is gone', method: 'GET' },
  'discover-schema': { title: 'Discover schema', method: 'GET' }
} as const satisfies Record<string, { readonly title: string; readonly method: Method }>
type Step = keyof typeof checks

const filterBy = (attribute: string, value: string) => `filter=${encodeURIComponent(`${attribute} eq "${value}"`)}`

/** The work email of a user body, wherever it sits among `emails`. */
function workEmail(body: unknown): unknown {
  const emails = pick(body, 'emails')
  if (!Array.isArray(emails)) return undefined
  const work = emails.find((email) => isRecord(email) && email.type === 'work') as Record<string, unknown> | undefined
  return work?.value
}

/** An attribute of the enterprise extension, whose URN has dots that `pick` would read as a path. */
function enterprise(answer: Answer, attribute: string): unknown {
  const extension = answer.body?.[enterpriseUserSchemaUrn]
  return isRecord(extension) ? extension[attribute] : undefined
}

function enterpriseEquals(a: Assertions, answer: Answer, attribute: string, expected: string): Assertions {
  const actual = enterprise(answer, attribute)
  return a.check(actual === expected, `The enterprise extension's ${attribute} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`)
}

/** The member ids of a group body; an absent `members` is none. */
function memberIds(body: unknown): string[] {
  const members = pick(body, 'members')
  return Array.isArray(members) ? members.flatMap((member) => (isRecord(member) && typeof member.value === 'string' ? [member.value] : [])) : []
}

/** A filter's answer, as Entra reads it: a ListResponse whose totalResults is the JSON integer `count`. */
function listOf(a: Assertions, count: number): Assertions {
  return a.status(200).hasSchema(listSchema).isNumber('totalResults').equals('totalResults', count)
}

/** Runs Entra's checks in order and reports each with what was sent and answered. */
export async function runEntraChecks(options: EntraChecksOptions): Promise<ConformanceReport> {
  const values = options.values ?? entraCheckValues()
  return runSelfTest(options, entraChecksClient, async (test) => {
    // Each check's request is sent with the method of its entry in `checks`.
    const check = (
      step: Step,
      request: Omit<CheckRequest, 'method'>,
      expected: readonly number[],
      assert: (a: Assertions, answer: Answer) => void,
      advice: string,
      optional = false
    ) => test.check(step, checks[step].title, { ...request, method: checks[step].method }, expected, assert, advice, optional)
    const skipped = (step: Step, path: string, reason: string) => test.skipped(step, checks[step].title, checks[step].method, path, reason)
    const emptyListAdvice =
      'a filter that matches nothing must answer 200 with a ListResponse whose totalResults is 0, never 404: Entra looks every user and group up this way before it creates one, and Test Connection fails on a 404.'
    const patchAdvice = (what: string) => `a PATCH that ${what} must answer 200 with the resource, or 204; Entra sends the op capitalised ("Replace", "Add", "Remove") unless the Tenant URL has the ${entraStandardsFlag} flag.`

    // Test Connection "fetches a random user and group" (okta-scim.md §4).
    await check(
      'test-connection-user',
      { path: `/Users?${filterBy('userName', randomUUID())}` },
      [200],
      (a) => listOf(a, 0),
      emptyListAdvice
    )
    await check(
      'test-connection-group',
      { path: `/Groups?excludedAttributes=members&${filterBy('displayName', randomUUID())}` },
      [200],
      (a) => listOf(a, 0),
      emptyListAdvice
    )
    await check(
      'test-connection-bad-token',
      { path: `/Users?${filterBy('userName', randomUUID())}`, authorization: `Bearer ${randomText(43)}` },
      [401],
      (a) => a.status(401).hasSchema(errorSchema).equals('status', '401'),
      'a request whose token is not valid must answer 401 with a SCIM Error body, so that Test Connection tells the admin the Secret Token is wrong.'
    )

    // User operations.
    const created = await check(
      'create-user',
      {
        path: '/Users',
        body: {
          schemas: [userSchemaUrn, enterpriseUserSchemaUrn],
          externalId: values.externalId,
          userName: values.userName,
          active: true,
          displayName: 'Test User',
          emails: [{ primary: true, type: 'work', value: values.email }],
          meta: { resourceType: 'User' },
          name: { formatted: 'Test User', familyName: 'User', givenName: 'Test' },
          roles: [],
          [enterpriseUserSchemaUrn]: { department: 'Validation' }
        }
      },
      [201],
      (a, answer) =>
        a
          .status(201)
          .notEmpty('id')
          .hasSchema(userSchemaUrn)
          .equals('userName', values.userName)
          .equals('externalId', values.externalId)
          .equals('active', true)
          .check(enterprise(answer, 'department') === 'Validation', 'The enterprise extension was not returned: its department is missing'),
      'POST /Users must answer 201 with the user it created: a new id, and the userName, externalId, active and enterprise extension it was sent (meta.resourceType and an empty roles list included, which Entra sends).'
    )
    const userId = pick(created?.body, 'id')
    const userPath = typeof userId === 'string' && userId ? `/Users/${encodeURIComponent(userId)}` : null

    if (userPath) {
      await check(
        'get-user',
        { path: userPath },
        [200],
        (a) => a.status(200).equals('id', userId).equals('userName', values.userName).equals('externalId', values.externalId),
        'GET /Users/{id} must answer 200 with the user just created.'
      )
    } else {
      skipped('get-user', '/Users/{id}', 'Skipped: Create User created no user.')
    }

    await check(
      'get-user-not-found',
      { path: `/Users/${randomUUID()}` },
      [404],
      (a) => a.status(404).hasSchema(errorSchema).equals('status', '404'),
      'an unknown id must answer 404 with a SCIM Error body whose status is "404".'
    )

    if (userPath) {
      await check(
        'get-user-by-query',
        { path: `/Users?${filterBy('userName', values.userName)}` },
        [200],
        (a) => listOf(a, 1).equals('Resources[0].id', userId),
        'a filter on userName must answer a ListResponse holding the user: Entra matches users by it before it creates or updates one.'
      )

      await check(
        'get-user-by-work-email',
        { path: `/Users?${filterBy('emails[type eq "work"].value', values.email)}` },
        [200],
        (a) => listOf(a, 1).equals('Resources[0].id', userId),
        'a filter on emails[type eq "work"].value must find the user: Entra matches users by it when the admin makes the work email the matching attribute.'
      )
    } else {
      skipped('get-user-by-query', '/Users?filter=userName eq …', 'Skipped: Create User created no user.')
      skipped('get-user-by-work-email', '/Users?filter=emails[type eq "work"].value eq …', 'Skipped: Create User created no user.')
    }

    await check(
      'get-user-by-query-zero-results',
      { path: `/Users?${filterBy('userName', `${randomText(8, upper)}@contoso.com`)}` },
      [200],
      (a) => listOf(a, 0),
      emptyListAdvice
    )

    await check(
      'create-duplicate-user',
      { path: '/Users', body: { schemas: [userSchemaUrn], userName: values.userName.toLowerCase(), active: true } },
      [409],
      (a) => a.status(409).hasSchema(errorSchema).equals('scimType', 'uniqueness'),
      'a POST with a userName that exists, in any case, must answer 409 with scimType "uniqueness": Entra then reports a conflict instead of creating a second account.'
    )

    const userSteps = [
      'update-user-multi-valued',
      'update-user-single-valued',
      'update-user-flagged',
      'get-updated-user',
      'disable-user',
      'disabled-user-found'
    ] as const
    if (userPath) {
      await check(
        'update-user-multi-valued',
        {
          path: userPath,
          body: {
            schemas: [patchOpSchemaUrn],
            Operations: [
              { op: 'Replace', path: 'emails[type eq "work"].value', value: values.updatedEmail },
              { op: 'Replace', path: 'name.familyName', value: 'Updated' }
            ]
          }
        },
        [200, 204],
        (a, answer) => {
          a.status(200, 204)
          if (answer.status === 200) a.check(workEmail(answer.body) === values.updatedEmail, 'The work email was not replaced').equals('name.familyName', 'Updated')
        },
        patchAdvice('replaces emails[type eq "work"].value and name.familyName')
      )
      await check(
        'update-user-single-valued',
        { path: userPath, body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'Replace', path: 'userName', value: values.renamedUserName }] } },
        [200, 204],
        (a, answer) => {
          a.status(200, 204)
          if (answer.status === 200) a.equals('userName', values.renamedUserName)
        },
        patchAdvice('replaces userName')
      )
      await check(
        'update-user-flagged',
        {
          path: `${userPath}?${entraStandardsFlag}`,
          body: {
            schemas: [patchOpSchemaUrn],
            Operations: [{ op: 'replace', value: { 'name.givenName': 'Tested', title: 'Validator', [`${enterpriseUserSchemaUrn}:employeeNumber`]: '4242' } }]
          }
        },
        [200, 204],
        (a, answer) => {
          a.status(200, 204)
          if (answer.status === 200) enterpriseEquals(a.equals('name.givenName', 'Tested').equals('title', 'Validator'), answer, 'employeeNumber', '4242')
        },
        `with the ${entraStandardsFlag} flag, Entra updates several attributes in one path-less replace whose keys are paths: "name.givenName", and the enterprise extension's URN with ":employeeNumber". Each must land where its path points.`
      )
      await check(
        'get-updated-user',
        { path: userPath },
        [200],
        (a, answer) => {
          a.status(200)
            .equals('userName', values.renamedUserName)
            .check(workEmail(answer.body) === values.updatedEmail, `The work email is ${JSON.stringify(workEmail(answer.body))}, expected ${JSON.stringify(values.updatedEmail)}`)
            .equals('name.familyName', 'Updated')
            .equals('name.givenName', 'Tested')
            .equals('title', 'Validator')
          enterpriseEquals(enterpriseEquals(a, answer, 'employeeNumber', '4242'), answer, 'department', 'Validation')
        },
        'after the three updates, GET /Users/{id} must show each new value, and keep what no update touched.'
      )
      await check(
        'disable-user',
        { path: userPath, body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'Replace', path: 'active', value: false }] } },
        [200, 204],
        (a, answer) => {
          a.status(200, 204)
          if (answer.status === 200) a.check(pick(answer.body, 'active') === false, `active is ${JSON.stringify(pick(answer.body, 'active'))}, expected false`)
        },
        patchAdvice('replaces active with false')
      )
      await check(
        'disabled-user-found',
        { path: `/Users?${filterBy('userName', values.renamedUserName)}` },
        [200],
        (a, answer) =>
          listOf(a, 1).check(
            pick(answer.body, 'Resources[0].active') === false,
            `Resources[0].active is ${JSON.stringify(pick(answer.body, 'Resources[0].active'))}, expected false (the SCIM Validator fails a disabled user without it)`
          ),
        'a disabled user must still be found by a filter, with active false: Entra disables users when they are unassigned, and matches them by userName when they come back.'
      )
    } else {
      for (const step of userSteps) skipped(step, '/Users/{id}', 'Skipped: Create User created no user.')
    }

    // Group operations: Entra creates a group with no members, then adds and removes them by PATCH.
    const group = await check(
      'create-group',
      {
        path: '/Groups',
        body: { schemas: [groupSchemaUrn, entraGroupSchema], externalId: values.groupExternalId, displayName: values.groupName, meta: { resourceType: 'Group' } }
      },
      [201],
      (a) => a.status(201).notEmpty('id').hasSchema(groupSchemaUrn).equals('displayName', values.groupName).equals('externalId', values.groupExternalId),
      "POST /Groups must answer 201 with the group: a new id, its displayName and externalId. Entra's request lists Microsoft's own group schema beside the core one, which the server must accept."
    )
    const groupId = pick(group?.body, 'id')
    const groupPath = typeof groupId === 'string' && groupId ? `/Groups/${encodeURIComponent(groupId)}` : null

    if (groupPath) {
      await check(
        'get-group',
        { path: `${groupPath}?excludedAttributes=members` },
        [200],
        (a, answer) => a.status(200).equals('id', groupId).equals('displayName', values.groupName).check(pick(answer.body, 'members') === undefined, 'members is returned, though excludedAttributes=members asked to leave it out'),
        'GET /Groups/{id}?excludedAttributes=members must answer 200 with the group, without its members.'
      )
      await check(
        'get-group-by-display-name',
        { path: `/Groups?excludedAttributes=members&${filterBy('displayName', values.groupName)}` },
        [200],
        (a) => listOf(a, 1).equals('Resources[0].id', groupId),
        'a filter on displayName must answer a ListResponse holding the group: Entra matches groups by it.'
      )
      await check(
        'create-duplicate-group',
        { path: '/Groups', body: { schemas: [groupSchemaUrn], displayName: values.groupName } },
        [409],
        (a) => a.status(409).hasSchema(errorSchema).equals('scimType', 'uniqueness'),
        'Entra requires displayName to be unique: a second group of the same name must answer 409 with scimType "uniqueness".'
      )
      await check(
        'update-group-non-member',
        { path: groupPath, body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'Replace', path: 'displayName', value: values.renamedGroupName }] } },
        [200, 204],
        (a, answer) => {
          a.status(200, 204)
          if (answer.status === 200) a.equals('displayName', values.renamedGroupName)
        },
        patchAdvice('replaces displayName')
      )
    } else {
      for (const step of ['get-group', 'get-group-by-display-name', 'create-duplicate-group', 'update-group-non-member'] as const) {
        skipped(step, '/Groups/{id}', 'Skipped: Create Group created no group.')
      }
    }

    const membershipSteps = ['add-members', 'member-listed', 'remove-members', 'member-removed', 'add-members-flagged', 'remove-members-flagged', 'member-removed-flagged'] as const
    if (groupPath && userPath && typeof userId === 'string') {
      const listed = (step: Step, expectMember: boolean, advice: string) =>
        check(
          step,
          { path: groupPath },
          [200],
          (a, answer) => {
            a.status(200).equals('displayName', values.renamedGroupName)
            const members = memberIds(answer.body)
            a.check(members.includes(userId) === expectMember, expectMember ? `members does not list the user ${userId}` : `members still lists the user ${userId}`)
          },
          advice
        )
      await check(
        'add-members',
        { path: groupPath, body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: userId }] }] } },
        [200, 204],
        (a) => a.status(200, 204),
        patchAdvice('adds a member by a value list (with "$ref": null, as Entra sends it)')
      )
      await listed('member-listed', true, 'GET /Groups/{id} must list the member the PATCH added, and the new displayName.')
      await check(
        'remove-members',
        { path: groupPath, body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: userId }] }] } },
        [200, 204],
        (a) => a.status(200, 204),
        `${patchAdvice('removes members by a value list')} It removes only the members listed, never the whole list.`
      )
      await listed('member-removed', false, 'after Remove with a value list, GET /Groups/{id} must no longer list that member.')
      await check(
        'add-members-flagged',
        { path: `${groupPath}?${entraStandardsFlag}`, body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }] } },
        [200, 204],
        (a) => a.status(200, 204),
        patchAdvice('adds a member')
      )
      await check(
        'remove-members-flagged',
        { path: `${groupPath}?${entraStandardsFlag}`, body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'remove', path: `members[value eq "${userId}"]` }] } },
        [200, 204],
        (a) => a.status(200, 204),
        `with the ${entraStandardsFlag} flag, Entra removes a member by a value path, members[value eq "<id>"], which must remove that member only.`
      )
      await listed('member-removed-flagged', false, 'after remove with members[value eq "<id>"], GET /Groups/{id} must no longer list that member.')
    } else {
      for (const step of membershipSteps) {
        skipped(step, '/Groups/{id}', groupPath ? 'Skipped: Create User created no user to add.' : 'Skipped: Create Group created no group.')
      }
    }

    // Deletes: Entra deletes a group it no longer provisions, and a user deleted in Entra for good.
    const deletes = [
      { path: groupPath, remove: 'delete-group', gone: 'deleted-group-gone', resource: 'Groups', missing: 'Skipped: Create Group created no group.' },
      { path: userPath, remove: 'delete-user', gone: 'deleted-user-gone', resource: 'Users', missing: 'Skipped: Create User created no user.' }
    ] as const
    for (const { path, remove, gone, resource, missing } of deletes) {
      if (path) {
        await check(remove, { path }, [204], (a) => a.status(204), `DELETE /${resource}/{id} must answer 204 with no body.`)
        await check(gone, { path }, [404], (a) => a.status(404).hasSchema(errorSchema), `after DELETE, GET /${resource}/{id} must answer 404 with a SCIM Error body.`)
      } else {
        skipped(remove, `/${resource}/{id}`, missing)
        skipped(gone, `/${resource}/{id}`, missing)
      }
    }

    // Schema discovery: Entra reads /Schemas for gallery apps only, so a failure here stops no custom app.
    await check(
      'discover-schema',
      { path: '/Schemas' },
      [200],
      (a, answer) => {
        a.status(200).hasSchema(listSchema)
        const resources = pick(answer.body, 'Resources')
        const ids = Array.isArray(resources) ? resources.map((resource) => (isRecord(resource) ? resource.id : undefined)) : []
        for (const urn of [userSchemaUrn, groupSchemaUrn, enterpriseUserSchemaUrn]) a.check(ids.includes(urn), `/Schemas does not describe ${urn}`)
      },
      'GET /Schemas must answer a ListResponse describing the User, Group and enterprise User schemas, so that Entra can offer their attributes in its mappings.',
      true
    )
  })
}
