/**
 * Malformed input against every route, over real HTTP. A seeded generator (no dependency) makes thousands of
 * requests that are wrong in one or several ways: broken or deep or huge JSON, wrong attribute types, odd filters
 * and paging parameters, bad headers and content types, odd methods and paths. Whatever arrives, the server must
 * answer with a status below 500 (a deliberate 501 for /Me and /Bulk), with an RFC 7644 §3.12 Error body for
 * every status from 400 up, and must still answer Okta normally afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const errorUrn = 'urn:ietf:params:scim:api:messages:2.0:Error'
// Fixed, so a failure replays exactly; SCIM_FUZZ_SEED explores other sequences.
const seed = Number(process.env.SCIM_FUZZ_SEED ?? 0x5c1a2026)
// RFC 7644 §3.12 (and errors.ts): the scimTypes that may accompany each status.
const allowedScimTypes: Readonly<Record<number, readonly string[]>> = {
  400: ['invalidFilter', 'tooMany', 'mutability', 'invalidSyntax', 'invalidPath', 'noTarget', 'invalidValue', 'invalidVers', 'sensitive'],
  409: ['uniqueness']
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
class Random {
  private state: number

  constructor(seedValue: number) {
    this.state = seedValue >>> 0
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(below: number): number {
    return Math.floor(this.next() * below)
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T
  }

  text(length: number, alphabet = 'abcXYZ019 _-.:@"\\[](){}\',;=&?%+/*#\u00e9\u20ac\u{1f600}\t'): string {
    const characters = [...alphabet]
    let out = ''
    for (let index = 0; index < length; index += 1) out += this.pick(characters)
    return out
  }
}

interface FuzzTenant {
  readonly slug: string
  readonly token: string
  readonly otherToken: string
  readonly userIds: readonly string[]
  readonly groupIds: readonly string[]
}

interface FuzzRequest {
  readonly method: string
  readonly path: string
  readonly headers: Record<string, string>
  readonly raw?: string
  readonly bytes?: Uint8Array<ArrayBuffer>
}

const userSchema = 'urn:ietf:params:scim:schemas:core:2.0:User'
const enterpriseSchema = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const patchSchema = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

function sampleBodies(random: Random, tenant: FuzzTenant): unknown[] {
  const userId = random.pick(tenant.userIds)
  const name = `fuzz.${random.int(1_000_000)}@example.com`
  return [
    {
      schemas: [userSchema, enterpriseSchema],
      userName: name,
      name: { givenName: 'Fuzz', familyName: 'User' },
      emails: [{ primary: true, value: name, type: 'work' }],
      displayName: 'Fuzz User',
      externalId: `00u${random.int(1e9)}`,
      groups: [],
      password: 'p4ssw0rd',
      active: true,
      [enterpriseSchema]: { department: 'R&D', manager: { value: userId } }
    },
    { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `Fuzz ${random.int(1e6)}`, members: [{ value: userId, display: 'x' }] },
    { schemas: [patchSchema], Operations: [{ op: 'replace', value: { active: random.chance(0.5) } }] },
    { schemas: [patchSchema], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
    { schemas: [patchSchema], Operations: [{ op: 'replace', path: 'emails[type eq "work"].value', value: name }] },
    { schemas: [patchSchema], Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }] },
    { schemas: [patchSchema], Operations: [{ op: 'remove', path: `members[value eq "${userId}"]` }] },
    { schemas: [patchSchema], Operations: [{ op: 'replace', value: { id: 'x', displayName: `Renamed ${random.int(1e6)}` } }] },
    { schemas: [patchSchema], Operations: [{ op: 'Remove', path: 'members', value: [{ value: userId }] }] },
    { schemas: [patchSchema], Operations: [{ op: 'replace', path: `${enterpriseSchema}:employeeNumber`, value: '42' }] },
    { filter: 'userName sw "fuzz"', startIndex: 1, count: 5, attributes: ['userName'] }
  ]
}

const oddValues: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  '',
  ' ',
  'True',
  'null',
  '\u0000',
  '\ud800',
  '\u202e',
  [],
  [null],
  [[]],
  {},
  { value: null },
  { $ref: 42 },
  'x'.repeat(5000)
]

// Replaces, removes or renames one randomly chosen member somewhere in the value.
function mutate(random: Random, value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return random.chance(0.7) ? random.pick(oddValues) : value
  if (Array.isArray(value)) {
    if (value.length === 0 || random.chance(0.2)) return random.chance(0.5) ? [...value, random.pick(oddValues)] : random.pick(oddValues)
    const index = random.int(value.length)
    const copy = [...value]
    copy[index] = mutate(random, copy[index], depth + 1)
    return copy
  }
  const record = { ...(value as Record<string, unknown>) }
  const keys = Object.keys(record)
  if (keys.length === 0 || random.chance(0.15)) {
    record[random.pick(['userName', 'USERNAME', 'active', 'members', 'Operations', 'op', 'path', 'value', 'schemas', random.text(6)])] =
      random.pick(oddValues)
    return record
  }
  const key = random.pick(keys)
  const roll = random.int(10)
  if (roll === 0) delete record[key]
  else if (roll === 1) {
    record[key.toUpperCase()] = record[key]
  } else record[key] = mutate(random, record[key], depth + 1)
  return record
}

function nested(depth: number, leaf: string): string {
  let text = leaf
  for (let level = 0; level < depth; level += 1) text = level % 2 === 0 ? `[${text}]` : `{"a":${text}}`
  return text
}

function malformedJson(random: Random, valid: string): string {
  switch (random.int(13)) {
    case 0:
      return valid.slice(0, random.int(valid.length))
    case 1: {
      const at = random.int(valid.length)
      return valid.slice(0, at) + random.text(1 + random.int(3)) + valid.slice(at)
    }
    case 2:
      return random.text(1 + random.int(200))
    case 3:
      return `\ufeff${valid}`
    case 4:
      return valid.replace(/"/g, "'")
    case 5:
      return valid.replace(/}$/, ',}')
    case 6:
      return '{"userName": NaN, "active": undefined}'
    case 7:
      return `${valid}${valid}`
    case 8:
      return `{"schemas":["${userSchema}"],"userName":"dup@x","userName":{"a":1}}`
    case 9:
      return nested(random.pick([10, 63, 64, 65, 66, 200, 5000, 100_000]), random.pick(['1', '"x"', '{}', 'null']))
    case 10:
      return `{"userName":"deep${random.int(1e6)}@x","${enterpriseSchema}":{"x":${nested(random.pick([60, 62, 64, 70, 3000]), '1')}}}`
    case 11:
      return random.pick([
        `{"userName":"proto${random.int(1e6)}@x","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`,
        `{"userName":"proto${random.int(1e6)}@x","${enterpriseSchema}":{"__proto__":{"polluted":true}}}`,
        `{"Operations":[{"op":"add","value":{"__proto__":{"polluted":true},"name.__proto__":{"polluted":true}}}]}`,
        `{"Operations":[{"op":"add","path":"__proto__.polluted","value":true}]}`
      ])
    default:
      return '\u0000\u0001\u0002'
  }
}

const attributeNames = [
  'userName',
  'USERNAME',
  'externalId',
  'id',
  'active',
  'displayName',
  'name.givenName',
  'name.nope',
  'emails',
  'emails.value',
  'emails.type',
  'groups',
  'groups.display',
  'members',
  'members.value',
  'meta.created',
  'meta.lastModified',
  'meta.resourceType',
  'title',
  `${enterpriseSchema}:department`,
  `${userSchema}:userName`,
  'urn:nope:x',
  'password',
  'x',
  '$ref',
  '1abc',
  ''
]
const operators = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr', 'EQ', 'Pr', 'like', '==', '']
const values = ['"a"', '"A@B.C"', '""', '"\\"quoted\\""', '"\\u0041"', '"\\x"', '42', '-1.5e3', 'true', 'False', 'null', 'jyoung', '"2024-02-30T00:00:00Z"', '"2024-01-01"', "'single'", '"unterminated', '']

function randomFilter(random: Random, depth = 0): string {
  const roll = random.int(depth > 3 ? 3 : 9)
  const attribute = random.pick(attributeNames)
  const operator = random.pick(operators)
  const simple = operator.toLowerCase() === 'pr' ? `${attribute} ${operator}` : `${attribute} ${operator} ${random.pick(values)}`
  switch (roll) {
    case 0:
    case 1:
    case 2:
      return simple
    case 3:
      return `${randomFilter(random, depth + 1)} ${random.pick(['and', 'or', 'AND', 'xor'])} ${randomFilter(random, depth + 1)}`
    case 4:
      return `not (${randomFilter(random, depth + 1)})`
    case 5:
      return `(${randomFilter(random, depth + 1)}${random.chance(0.8) ? ')' : ''}`
    case 6:
      return `${random.pick(['emails', 'members', 'groups', 'name', 'addresses'])}[${randomFilter(random, depth + 1)}${random.chance(0.9) ? ']' : ''}${random.chance(0.3) ? '.value eq "x"' : ''}`
    case 7:
      return random.text(1 + random.int(40))
    default:
      return random.pick(['(', ')', '[]', 'not', 'and', `${'('.repeat(60)}userName pr${')'.repeat(60)}`, `userName eq "${'x'.repeat(5000)}"`, 'userName eq "a" and'])
  }
}

function randomQuery(random: Random): string {
  const parts: string[] = []
  const add = (name: string, value: string) => parts.push(`${name}=${random.chance(0.8) ? encodeURIComponent(value) : value}`)
  if (random.chance(0.6)) add('filter', randomFilter(random))
  if (random.chance(0.4)) add(random.pick(['startIndex', 'startindex', 'STARTINDEX']), random.pick(['1', '0', '-5', '101', '1e3', '1.5', '', 'abc', '99999999999999999999999', '9007199254740993']))
  if (random.chance(0.4)) add('count', random.pick(['2', '0', '-1', '100', '1001', '5000', 'ten', '', '1e2', '99999999999999999999']))
  if (random.chance(0.2)) add('sortBy', random.pick(['userName', 'emails', 'groups', 'meta.created', 'name.nope', '', '(', 'displayName', 'members']))
  if (random.chance(0.2)) add('sortOrder', random.pick(['ascending', 'descending', 'DESCENDING', 'up', '']))
  if (random.chance(0.2)) add(random.pick(['attributes', 'excludedAttributes']), random.pick(['userName', 'members', 'members.display', 'name.givenName,emails', ',', '', 'a..b', `${enterpriseSchema}:department`, '!', 'meta']))
  if (random.chance(0.1)) parts.push(random.pick(['filter=a&filter=b', 'count=1&count=2', '%ZZ=1', 'filter', '&&&', 'filter=%', 'x=%E0%A4%A']))
  return parts.length === 0 ? '' : `?${parts.join('&')}`
}

function randomPath(random: Random, tenant: FuzzTenant): string {
  const user = random.chance(0.8) ? random.pick(tenant.userIds) : random.pick(['missing', 'a'.repeat(501), '%00', '%E2%82%AC', '.search', '%2e%2e', 'id;x=1', encodeURIComponent('"\'<>')])
  const group = random.chance(0.8) ? random.pick(tenant.groupIds) : random.pick(['missing', 'b'.repeat(700), '%FF', 'Users'])
  const base = random.chance(0.93)
    ? `/scim/v2/${tenant.slug}`
    : random.pick(['/SCIM/V2/acme', '/scim/v2/ACME', '/scim/v2/nobody', '/scim/v2/%ZZ', '/scim/v2', '/scim/v1/x', '', '/scim/v2/' + 'c'.repeat(600), '//scim/v2/x'])
  const resource = random.pick([
    '/Users',
    `/Users/${user}`,
    '/Users/.search',
    '/users',
    '/Groups',
    `/Groups/${group}`,
    '/Groups/.search',
    '/groups',
    '/ServiceProviderConfig',
    '/ResourceTypes',
    '/ResourceTypes/User',
    '/ResourceTypes/Nope',
    '/Schemas',
    `/Schemas/${userSchema}`,
    '/Schemas/urn:nope',
    '/Me',
    '/Bulk',
    '',
    '/',
    `/Users/${user}/extra`,
    '/Nope',
    '/Users//'
  ])
  return `${base}${resource}`
}

const contentTypes = [
  'application/scim+json; charset=utf-8',
  'application/scim+json',
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'text/plain',
  'text/json',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/scim+json; charset="utf-8"',
  '*/*',
  ';;;',
  'application/',
  ''
]

function randomHeaders(random: Random, tenant: FuzzTenant, withBody: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    accept: random.pick(['application/scim+json', 'application/json', '*/*', 'text/html', 'image/png', '']),
    'user-agent': random.pick(['Okta SCIM Client 1.0.0', 'OKTA SCIM Integration', 'Microsoft.Azure.AD.SCIM', '', random.text(20, 'abcXYZ ()/;.,')])
  }
  const auth = random.int(14)
  if (auth < 8) headers.authorization = `Bearer ${tenant.token}`
  else if (auth === 8) headers.authorization = tenant.token
  else if (auth === 9) headers.authorization = `Bearer ${tenant.otherToken}`
  else if (auth === 10) headers.authorization = random.pick(['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Token abc', `bearer ${tenant.token}x`, 'non-token', `Bearer ${tenant.token} extra`])
  else if (auth === 11) headers.authorization = `  Bearer   ${tenant.token}  `
  // auth 12 and 13: no Authorization at all.
  if (withBody || random.chance(0.3)) {
    const type = random.pick(contentTypes)
    if (type !== '' || random.chance(0.5)) headers['content-type'] = type
  }
  if (random.chance(0.15)) headers['if-match'] = random.pick(['W/"1"', 'W/"2"', '"1"', '*', 'W/"x"', '""', 'garbage', 'W/"99999999999999999999"'])
  if (random.chance(0.15)) headers['if-none-match'] = random.pick(['W/"1"', '*', 'W/"abc"', ','])
  if (random.chance(0.1)) headers['x-forwarded-host'] = random.pick(['evil.example', 'a b', '', ':::', 'x'.repeat(300)])
  if (random.chance(0.1)) headers['x-forwarded-proto'] = random.pick(['https', 'javascript', '', 'h t t p'])
  if (random.chance(0.05)) headers['accept-charset'] = random.pick(['utf-8', 'latin1', ''])
  return headers
}

function randomRequest(random: Random, tenant: FuzzTenant): FuzzRequest {
  const method = random.pick(['GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'PUT', 'PATCH', 'PATCH', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND', 'SEARCH', 'PURGE', 'BREW'])
  const path = `${randomPath(random, tenant)}${method === 'GET' || random.chance(0.2) ? randomQuery(random) : ''}`
  const withBody = method !== 'GET' && method !== 'HEAD' && random.chance(0.9)
  const headers = randomHeaders(random, tenant, withBody)
  if (!withBody) return { method, path, headers }
  const sample = random.pick(sampleBodies(random, tenant))
  const roll = random.int(20)
  if (roll < 7) return { method, path, headers, raw: JSON.stringify(mutate(random, sample)) }
  if (roll < 9) return { method, path, headers, raw: JSON.stringify(mutate(random, mutate(random, mutate(random, sample)))) }
  if (roll < 14) return { method, path, headers, raw: malformedJson(random, JSON.stringify(sample)) }
  if (roll === 14) {
    // Mostly large, sometimes just over the 1 MB limit (413).
    const size = random.chance(0.25) ? random.pick([900_000, 1_100_000]) : random.pick([10_000, 100_000])
    return { method, path, headers, raw: JSON.stringify({ userName: `big${random.int(1e6)}@x`, title: 'x'.repeat(size) }) }
  }
  if (roll === 15) {
    const members = Array.from({ length: random.pick([100, 1000, 3000]) }, (_, index) => ({ value: index % 2 === 0 ? random.pick(tenant.userIds) : `m${index}` }))
    return { method, path, headers, raw: JSON.stringify({ displayName: `Big ${random.int(1e6)}`, members }) }
  }
  if (roll === 16) return { method, path, headers, bytes: Uint8Array.from({ length: 1 + random.int(300) }, () => random.int(256)) }
  if (roll === 17) return { method, path, headers, raw: JSON.stringify({ schemas: [patchSchema], Operations: Array.from({ length: 500 }, () => mutate(random, { op: 'add', path: 'emails', value: [{ value: 'a@b' }] })) }) }
  if (roll === 18) return { method, path, headers, raw: JSON.stringify(random.pick(oddValues)) }
  return { method, path, headers, raw: '' }
}

function describeRequest(request: FuzzRequest, index: number): string {
  const body = request.raw ?? (request.bytes ? `<${request.bytes.length} bytes>` : '')
  return `request #${index} (seed ${seed}): ${request.method} ${request.path.slice(0, 300)} ${JSON.stringify(request.headers).slice(0, 300)} ${body.slice(0, 300)}`
}

// A request the server never answers fails at once, naming the request, instead of timing out the whole test.
async function withDeadline<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer within 15 s to ${what}`)), 15_000)
  })
  try {
    return await Promise.race([work, deadline])
  } finally {
    clearTimeout(timer)
  }
}

function expectScimAnswer(
  what: string,
  method: string,
  path: string,
  status: number,
  contentType: string | null | undefined,
  allow: string | null | undefined,
  text: string,
  body: Record<string, unknown>
): void {
  // The optional endpoints, and a search at the base URL (a filter on it, or its /.search), which this server has not.
  const optional = /\/(Me|Bulk)(\/|\?|$)/i.test(path) || /^\/scim\/v2\/[^/?]+\/?(\?.*filter=|\.search\/?(\?|$))/i.test(path)
  expect(status, what).toBeGreaterThanOrEqual(200)
  // RFC 9110 §15.5.6: a 405 says which methods the endpoint takes, and the one refused is not among them.
  if (status === 405) expect(allow?.split(', ') ?? [], `${what}: the Allow header of a 405`).not.toContain(method)
  if (status === 405) expect(allow, `${what}: the Allow header of a 405`).toMatch(/^[A-Z]+(, [A-Z]+)*$/)
  if (status === 501) expect(optional, `${what}: only /Me, /Bulk and a search at the base URL answer 501`).toBe(true)
  else expect(status, what).toBeLessThan(500)
  if (method === 'HEAD' || status === 204 || status === 304) return
  expect(contentType, what).toBe('application/scim+json; charset=utf-8')
  expect(() => JSON.parse(text) as unknown, what).not.toThrow()
  if (status < 400) return
  expect(body.schemas, what).toEqual([errorUrn])
  expect(body.status, what).toBe(String(status))
  expect(typeof body.detail === 'string' && body.detail.length > 0, `${what}: a human detail`).toBe(true)
  if (body.scimType !== undefined) expect(allowedScimTypes[status] ?? [], what).toContain(body.scimType)
}

describe('fuzz: malformed requests against every route', () => {
  let harness: ScimHarness
  let tenant: FuzzTenant

  beforeAll(async () => {
    harness = await startScimHarness()
    const acme = harness.tenant('Acme Corp', 'acme')
    const other = harness.tenant('Globex', 'globex')
    const userIds: string[] = []
    for (let index = 0; index < 30; index += 1) {
      const created = harness.services.directory.createUser(acme.id, {
        schemas: [userSchema],
        userName: `seed${index}@example.com`,
        name: { givenName: 'Seed', familyName: `User${index}` },
        emails: [{ primary: true, value: `seed${index}@example.com`, type: 'work' }],
        active: index % 3 !== 0
      })
      if (!created.ok) throw new Error(created.error.message)
      userIds.push(created.value.id)
    }
    const groupIds: string[] = []
    for (let index = 0; index < 8; index += 1) {
      const created = harness.services.directory.createGroup(acme.id, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `Seed group ${index}` }, userIds.slice(index, index + 3).map((value) => ({ value })))
      if (!created.ok) throw new Error(created.error.message)
      groupIds.push(created.value.id)
    }
    tenant = { slug: acme.slug, token: acme.token, otherToken: other.token, userIds, groupIds }
  })

  afterAll(async () => {
    await harness.close()
  })

  // About 6 s on an idle laptop; the timeout leaves room for a machine busy with other work.
  it('answers thousands of malformed HTTP requests with an RFC 7644 Error body and never a 500', { timeout: 60_000 }, async () => {
    const random = new Random(seed)
    const total = 2000
    const concurrency = 12
    let next = 0
    const worker = async () => {
      while (next < total) {
        const index = next
        next += 1
        const request = randomRequest(random, tenant)
        const what = describeRequest(request, index)
        const response = await withDeadline(
          harness.request(request.method, request.path, { token: null, headers: request.headers, raw: request.raw, bytes: request.bytes }),
          what
        )
        expectScimAnswer(what, request.method, request.path, response.status, response.headers.get('content-type'), response.headers.get('allow'), response.text, response.body)
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    expect(harness.internalErrors).toEqual([])
    // `__proto__` keys in bodies reach no shared prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('answers requests Node cannot even parse with an RFC 7644 Error body', async () => {
    const auth = `Authorization: Bearer ${tenant.token}\r\n`
    const fixed = [
      `GET /scim/v2/acme/Users HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n`,
      `GET /scim/v2/acme/Users HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n`,
      `BREW /scim/v2/acme/Users HTTP/1.1\r\nHost: x\r\n\r\n`,
      `GET /scim/v2/acme/Users HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      `GET /scim/v2/acme/Users HTTP/9.9\r\nHost: x\r\n\r\n`,
      `GET /scim/v2/acme/Users\r\n\r\n`,
      `POST /scim/v2/acme/Users HTTP/1.1\r\nHost: x\r\n${auth}Transfer-Encoding: chunked\r\n\r\nzz\r\n\r\n`,
      `GET /scim/v2/acme/Users HTTP/1.1\r\nHost: x\r\nBad Header Name: 1\r\n\r\n`,
      `GET /scim/v2/acme/Users HTTP/1.1\r\nHost: x\r\nX: a\u0000b\r\n\r\n`,
      `GET /scim/v2/acme/../acme/Users HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`,
      `GET /scim/v2/%ZZ/Users HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`,
      `GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      `GET http://elsewhere/scim/v2/acme/Users HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`,
      `GET http://elsewhere/scim/v2/acme/ServiceProviderConfig HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      `GET /SCIM/V2/acme/Users HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      `GET /SCIM/V2/acme/Users HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`,
      `PATCH /scim/v2/acme/Users/${tenant.userIds[1]} HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{"a":`
    ]
    const random = new Random(seed + 1)
    const template = `GET /scim/v2/acme/Users?filter=userName%20eq%20%22seed1%40example.com%22 HTTP/1.1\r\nHost: x\r\n${auth}Accept: application/scim+json\r\nConnection: close\r\n\r\n`
    const mutated = Array.from({ length: 150 }, () => {
      const characters = [...template]
      for (let flips = 1 + random.int(3); flips > 0; flips -= 1) {
        const at = random.int(template.length - 4)
        if (characters[at] === '\r' || characters[at] === '\n') continue
        characters[at] = random.pick([...' \t\u0000\u007f:/%?#"ÿ', ...'aZ09'])
      }
      return characters.join('')
    })
    for (const [index, text] of [...fixed, ...mutated].entries()) {
      const response = await harness.rawHttp(text)
      const what = `raw request #${index}: ${JSON.stringify(text.slice(0, 200))} answered ${response.status} ${response.text.slice(0, 200)}`
      const path = /^\S+ (\S+)/.exec(text)?.[1] ?? ''
      expect(response.status, `${what}: the server must answer, not just close the connection`).not.toBe(0)
      expectScimAnswer(what, text.split(' ')[0] ?? '', path, response.status, response.headers['content-type'], response.headers.allow, response.text, response.body)
    }
    expect(harness.internalErrors).toEqual([])
  })

  it("still answers Okta's Test API Credentials call and lookups after the fuzzing", async () => {
    const test = await harness.request('GET', `/scim/v2/${tenant.slug}/Users?startIndex=1&count=2`, { token: tenant.token })
    expect(test.status).toBe(200)
    expect(test.body.Resources).toHaveLength(2)
    // The fuzzing may have renamed or deleted any seeded user, so the lookup is of a user created now.
    const created = await harness.request('POST', `/scim/v2/${tenant.slug}/Users`, { token: tenant.token, body: { userName: 'after.fuzz@example.com' } })
    expect(created.status).toBe(201)
    const lookup = await harness.request('GET', `/scim/v2/${tenant.slug}/Users?filter=${encodeURIComponent('userName eq "AFTER.FUZZ@example.com"')}`, {
      token: tenant.token
    })
    expect(lookup.status).toBe(200)
    expect(lookup.body.Resources?.map((user) => user.id)).toEqual([created.body.id])
    // The log kept up with every request, and a wrong Authorization never leaked into it.
    const entries = harness.logEntries(harness.services.tenants.findBySlug(tenant.slug)?.id ?? '')
    expect(entries.length).toBeGreaterThan(100)
    for (const entry of entries) expect(entry.requestHeaders.authorization ?? '').not.toContain(tenant.token)
  })
})
