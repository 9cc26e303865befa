/**
 * Okta's published Runscope "Okta SCIM 2.0 SPEC Test" (Okta-SCIM-20-SPEC-Test.json, exported 2024-05-13), replayed
 * step by step with its own headers, bodies and assertions (okta-scim.md §2.1). ISVs run it before submitting to the
 * OIN, so every step must pass against a freshly set-up tenant that has one seeded user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const listUrn = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
const errorUrn = 'urn:ietf:params:scim:api:messages:2.0:Error'
const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'

// The initial script's variables (Initial_Script_Spec.txt), with fixed values in place of its random digits.
const randomGivenName = 'Runscope482'
const randomFamilyName = 'Qzlkmwpra117'
const randomEmail = `${randomGivenName}${randomFamilyName}@atko.com`
const randomUsername = randomEmail
const randomUsernameCaps = randomEmail.toUpperCase()
const invalidUserEmail = 'abcdefgh@atko.com'
const userIdThatDoesNotExist = '010101001010101011001010101011'

// Runscope's `not_empty`: present, and not "", null, [] or {}. (false counts as empty, hence the active seed user.)
function notEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) return false
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object') return Object.keys(value).length > 0
  return true
}

function at(body: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => {
    if (value === null || value === undefined) return undefined
    return (value as Record<string, unknown>)[/^\d+$/.test(key) ? Number(key) : key]
  }, body)
}

describe('Okta SCIM 2.0 SPEC Test (Runscope), step by step', () => {
  let harness: ScimHarness
  let baseUrl: string
  let auth: string
  let tenantId: string
  // The headers every GET step sends; the create step sends Content-Type application/json instead.
  let getHeaders: Record<string, string>
  const saved: { ISVUserid?: string; idUserOne?: string } = {}

  beforeAll(async () => {
    harness = await startScimHarness()
    const tenant = harness.tenant('Acme Corp')
    baseUrl = tenant.baseUrl
    tenantId = tenant.id
    auth = `Bearer ${tenant.token}`
    getHeaders = {
      Accept: 'application/scim+json',
      'Accept-Charset': 'utf-8',
      'Content-Type': 'application/scim+json; charset=utf-8',
      'User-Agent': 'OKTA SCIM Integration',
      Authorization: auth
    }
    // Step 1 needs one active user with a name and an email, first in the default order (okta-scim.md §2.1 (a)).
    const seeded = harness.services.directory.createUser(tenant.id, {
      schemas: [userUrn],
      userName: 'seed.user@example.com',
      name: { givenName: 'Seed', familyName: 'User' },
      emails: [{ primary: true, value: 'seed.user@example.com', type: 'work' }],
      displayName: 'Seed User',
      active: true
    })
    if (!seeded.ok) throw new Error(seeded.error.message)
  })

  afterAll(async () => {
    await harness.close()
  })

  const get = (path: string, headers: Record<string, string> = getHeaders) => harness.request('GET', `${baseUrl}${path}`, { token: null, headers })

  it('step 1 "Test Users endpoint": lists a user with id, name, userName, active and an email', async () => {
    const response = await get('/Users?count=1&startIndex=1')
    expect(response.status).toBe(200)
    expect(notEmpty(response.body.Resources)).toBe(true)
    expect(response.body.schemas).toContain(listUrn)
    expect(typeof response.body.itemsPerPage).toBe('number')
    expect(typeof response.body.startIndex).toBe('number')
    expect(typeof response.body.totalResults).toBe('number')
    for (const path of ['Resources.0.id', 'Resources.0.name.familyName', 'Resources.0.name.givenName', 'Resources.0.userName', 'Resources.0.active', 'Resources.0.emails.0.value']) {
      expect(notEmpty(at(response.body, path)), path).toBe(true)
    }
    saved.ISVUserid = String(at(response.body, 'Resources.0.id'))
  })

  it('step 3 "Get Users/{{id}}": reads that user back by id', async () => {
    const response = await get(`/Users/${saved.ISVUserid}`)
    expect(response.status).toBe(200)
    for (const path of ['id', 'name.familyName', 'name.givenName', 'userName', 'active', 'emails.0.value']) {
      expect(notEmpty(at(response.body, path)), path).toBe(true)
    }
    expect(response.body.id).toBe(saved.ISVUserid)
  })

  it('step 5 "invalid User by username": a filter that matches nothing is an empty ListResponse', async () => {
    const response = await get(`/Users?filter=userName eq "${invalidUserEmail}"`)
    expect(response.status).toBe(200)
    expect(response.body.schemas).toContain(listUrn)
    expect(response.body.totalResults).toBe(0)
  })

  it('step 7 "invalid User by ID": an unknown id is a 404 Error with a detail', async () => {
    const response = await get(`/Users/${userIdThatDoesNotExist}`)
    expect(response.status).toBe(404)
    expect(notEmpty(response.body.detail)).toBe(true)
    expect(response.body.schemas).toContain(errorUrn)
  })

  it('step 9 "random user doesn\'t exist": the user the test will create is not there yet', async () => {
    const response = await get(`/Users?filter=userName eq "${randomEmail}"`)
    expect(response.status).toBe(200)
    expect(response.body.totalResults).toBe(0)
    expect(response.body.schemas).toContain(listUrn)
  })

  const createBody = {
    schemas: [userUrn],
    userName: randomUsername,
    name: { givenName: randomGivenName, familyName: randomFamilyName },
    emails: [{ primary: true, value: randomEmail, type: 'work' }],
    displayName: `${randomGivenName} ${randomFamilyName}`,
    active: true
  }
  const createHeaders = () => ({ ...getHeaders, 'Content-Type': 'application/json' })

  it('step 11 "Create Okta user with realistic values": a POST with Content-Type application/json creates the user', async () => {
    const response = await harness.request('POST', `${baseUrl}/Users`, { token: null, headers: createHeaders(), raw: JSON.stringify(createBody) })
    expect(response.status).toBe(201)
    expect(response.body.active).toBe(true)
    expect(notEmpty(response.body.id)).toBe(true)
    expect(at(response.body, 'name.familyName')).toBe(randomFamilyName)
    expect(at(response.body, 'name.givenName')).toBe(randomGivenName)
    expect(response.body.schemas).toContain(userUrn)
    expect(response.body.userName).toBe(randomUsername)
    saved.idUserOne = String(response.body.id)
  })

  it('step 13 "Verify that user was created": reads the new user back', async () => {
    const response = await get(`/Users/${saved.idUserOne}`)
    expect(response.status).toBe(200)
    expect(response.body.userName).toBe(randomUsername)
    expect(at(response.body, 'name.familyName')).toBe(randomFamilyName)
    expect(at(response.body, 'name.givenName')).toBe(randomGivenName)
  })

  it('step 15 "Expect failure when recreating user": the same POST again is a 409', async () => {
    const response = await harness.request('POST', `${baseUrl}/Users`, { token: null, headers: createHeaders(), raw: JSON.stringify(createBody) })
    expect(response.status).toBe(409)
    expect(response.body.schemas).toContain(errorUrn)
    expect(response.body.scimType).toBe('uniqueness')
  })

  it('step 17 "Username Case Sensitivity Check": the upper-cased userName still finds the user', async () => {
    const response = await get(`/Users?filter=userName eq "${randomUsernameCaps}"`)
    expect(response.status).toBe(200)
    // Runscope only asserts 200; RFC 7643 makes userName caseExact=false, so the user is found.
    expect(response.body.totalResults).toBe(1)
    expect(at(response.body, 'Resources.0.id')).toBe(saved.idUserOne)
  })

  it('step 19 (optional) "Verify Groups endpoint": /Groups answers a ListResponse with a Resources list', async () => {
    const response = await get('/Groups')
    expect(response.status).toBe(200)
    // The step's script: with no groups it notes "No Groups found"; otherwise Resources must be an array.
    expect(Array.isArray(response.body.Resources)).toBe(true)
    expect(response.body.totalResults).toBe(0)
  })

  it('step 21 "Check status 401": a made-up token is a 401 Error with status "401"', async () => {
    const response = await get(`/Users?filter=userName eq "${randomEmail}"`, { ...getHeaders, Authorization: 'non-token' })
    expect(response.status).toBe(401)
    expect(notEmpty(response.body.detail)).toBe(true)
    expect(response.body.status).toBe('401')
    expect(response.body.schemas).toContain(errorUrn)
  })

  it('step 23 "Check status 404": another unknown id is a 404 Error with status "404"', async () => {
    const response = await get('/Users/00919288221112222')
    expect(response.status).toBe(404)
    expect(notEmpty(response.body.detail)).toBe(true)
    expect(response.body.status).toBe('404')
    expect(response.body.schemas).toContain(errorUrn)
  })

  it('logs every SPEC step under its Okta operation, with the client and the form of the token', () => {
    const entries = harness.logEntries(tenantId)
    expect(entries.map((entry) => [entry.method, entry.status, entry.operation])).toEqual([
      ['GET', 200, 'import-users'],
      ['GET', 200, 'get-user'],
      ['GET', 200, 'lookup-user'],
      ['GET', 404, 'get-user'],
      ['GET', 200, 'lookup-user'],
      ['POST', 201, 'create-user'],
      ['GET', 200, 'get-user'],
      ['POST', 409, 'create-user'],
      ['GET', 200, 'lookup-user'],
      ['GET', 200, 'list-groups'],
      ['GET', 401, 'lookup-user'],
      ['GET', 404, 'get-user']
    ])
    expect(new Set(entries.map((entry) => entry.client))).toEqual(new Set(['OKTA SCIM Integration']))
    expect(entries[10]?.authScheme).toBe('bare')
  })
})
