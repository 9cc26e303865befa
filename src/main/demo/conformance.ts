/**
 * Okta's "SCIM 2.0 SPEC Test" (the Runscope suite Okta asks integrators to pass, docs/okta-scim.md §2.1), replayed
 * against a tenant's base URL: the same requests, headers, variables and assertions, with the request and response of
 * each check kept for the checklist. Plain Node over fetch.
 */
import { randomInt } from 'node:crypto'
import type { ConformanceCheck, ConformanceReport } from '../../shared/models'

const listSchema = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
const errorSchema = 'urn:ietf:params:scim:api:messages:2.0:Error'
const userSchema = 'urn:ietf:params:scim:schemas:core:2.0:User'
/** The SPEC test's user that must not exist; never seeded. */
export const invalidUserEmail = 'abcdefgh@atko.com'
const userIdThatDoesNotExist = '010101001010101011001010101011'
const missingUserIdForStatusCheck = '00919288221112222'
// The Groups step asserts an answer within 600 ms.
const groupsResponseBudgetMs = 600
const maxKeptBodyLength = 20_000
/** The user seeded when a tenant has none, since step 1 needs one active user with a name and an email. */
export const seedUser = {
  schemas: [userSchema],
  userName: 'okta.spec.seed@example.com',
  name: { givenName: 'Spec', familyName: 'Seed' },
  emails: [{ primary: true, value: 'okta.spec.seed@example.com', type: 'work' }],
  displayName: 'Spec Seed',
  active: true
} as const

/** The SPEC test's random variables (its "Initial Script"). */
export interface SpecVariables {
  readonly randomGivenName: string
  readonly randomFamilyName: string
  readonly randomEmail: string
  readonly randomUsername: string
  readonly randomUsernameCaps: string
}

/** Makes the variables as the Initial Script does: "Runscope" + 3 digits; Capital + 8 lower + 3 digits; <given><family>@atko.com. */
export function specVariables(random: (max: number) => number = randomInt): SpecVariables {
  const digits = () => String(random(1000)).padStart(3, '0')
  const letter = (alphabet: string) => alphabet[random(alphabet.length)] ?? 'a'
  const lower = 'abcdefghijklmnopqrstuvwxyz'
  const randomGivenName = `Runscope${digits()}`
  const randomFamilyName = `${letter(lower.toUpperCase())}${Array.from({ length: 8 }, () => letter(lower)).join('')}${digits()}`
  const randomEmail = `${randomGivenName}${randomFamilyName}@atko.com`
  return { randomGivenName, randomFamilyName, randomEmail, randomUsername: randomEmail, randomUsernameCaps: randomEmail.toUpperCase() }
}

type Json = Record<string, unknown>

interface Answer {
  readonly status: number
  readonly body: Json | null
  readonly text: string
  readonly elapsedMs: number
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Runscope's `not_empty`: null, "", [] and {} are empty, and so (as far as Okta's results show) is `false`. */
export function notEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return false
  if (Array.isArray(value)) return value.length > 0
  if (isRecord(value)) return Object.keys(value).length > 0
  return true
}

/** Reads `a.b[0].c` from a JSON body. */
export function pick(body: unknown, path: string): unknown {
  let current: unknown = body
  for (const part of path.split(/\.|(?=\[)/)) {
    if (current === undefined || current === null) return undefined
    const index = /^\[(\d+)\]$/.exec(part)
    if (index) current = Array.isArray(current) ? current[Number(index[1])] : undefined
    else current = isRecord(current) ? current[part] : undefined
  }
  return current
}

class Assertions {
  readonly failures: string[] = []
  constructor(private readonly answer: Answer) {}

  status(expected: number): this {
    if (this.answer.status !== expected) {
      const detail = typeof this.answer.body?.detail === 'string' ? `: ${this.answer.body.detail}` : ''
      this.failures.push(`Expected HTTP ${expected}, got ${this.answer.status}${detail}`)
    }
    return this
  }

  notEmpty(...paths: string[]): this {
    for (const path of paths) {
      const value = pick(this.answer.body, path)
      if (!notEmpty(value)) this.failures.push(`${path} is empty${value === false ? ' (false; the SPEC test treats it as empty)' : ''}`)
    }
    return this
  }

  isNumber(...paths: string[]): this {
    for (const path of paths) {
      if (typeof pick(this.answer.body, path) !== 'number') this.failures.push(`${path} is not a number (Okta needs JSON integers)`)
    }
    return this
  }

  // Runscope's `equal` compares text forms, so 401 and "401" both pass.
  equals(path: string, expected: unknown): this {
    const actual = pick(this.answer.body, path)
    if (String(actual) !== String(expected)) this.failures.push(`${path} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`)
    return this
  }

  hasSchema(urn: string): this {
    const schemas = pick(this.answer.body, 'schemas')
    if (!Array.isArray(schemas) || !schemas.includes(urn)) this.failures.push(`schemas does not contain ${urn}`)
    return this
  }

  check(condition: boolean, failure: string): this {
    if (!condition) this.failures.push(failure)
    return this
  }
}

/** Where and how to run the SPEC test. */
export interface ConformanceOptions {
  readonly tenantId: string
  /** The tenant's SCIM base URL (the SPEC test's `SCIMBaseURL`). */
  readonly baseUrl: string
  readonly token: string
  /** Seed one active user when the tenant has none (step 1 needs one). Default true. */
  readonly seed?: boolean
  /** Hears each check as it completes (the CLI prints them). */
  readonly onCheck?: (check: ConformanceCheck) => void
  readonly fetch?: typeof fetch
  readonly now?: () => number
  readonly variables?: SpecVariables
}

/** Runs the SPEC test's steps in order and reports each check with what was sent and answered. */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const now = options.now ?? Date.now
  const doFetch = options.fetch ?? fetch
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const auth = `Bearer ${options.token}`
  const variables = options.variables ?? specVariables()
  const startedAt = new Date(now()).toISOString()
  const checks: ConformanceCheck[] = []

  // The SPEC test's GET headers, Content-Type included although there is no body.
  const getHeaders = (authorization: string) => ({
    accept: 'application/scim+json',
    'accept-charset': 'utf-8',
    'content-type': 'application/scim+json; charset=utf-8',
    'user-agent': 'OKTA SCIM Integration',
    authorization
  })

  async function send(method: 'GET' | 'POST', path: string, body?: unknown, authorization = auth): Promise<{ answer: Answer; requestBody: string | null }> {
    const requestBody = body === undefined ? null : JSON.stringify(body)
    const headers: Record<string, string> =
      // The SPEC test's POST declares plain application/json, which a SCIM server must accept too.
      method === 'POST' ? { ...getHeaders(authorization), 'content-type': 'application/json' } : getHeaders(authorization)
    const started = performance.now()
    try {
      const response = await doFetch(`${baseUrl}${path}`, { method, headers, body: requestBody ?? undefined, signal: AbortSignal.timeout(60_000) })
      const text = await response.text()
      let parsed: Json | null = null
      try {
        const value: unknown = text ? JSON.parse(text) : null
        parsed = isRecord(value) ? value : null
      } catch {
        parsed = null
      }
      return { answer: { status: response.status, body: parsed, text, elapsedMs: performance.now() - started }, requestBody }
    } catch (error) {
      const reason = error instanceof Error && isRecord(error.cause) && typeof error.cause.code === 'string' ? error.cause.code : String(error)
      return { answer: { status: 0, body: null, text: `No answer: ${reason}`, elapsedMs: performance.now() - started }, requestBody }
    }
  }

  async function check(
    step: string,
    title: string,
    request: { method: 'GET' | 'POST'; path: string; body?: unknown; authorization?: string },
    assert: (assertions: Assertions, answer: Answer) => void,
    optional = false
  ): Promise<Answer> {
    const { answer, requestBody } = await send(request.method, request.path, request.body, request.authorization)
    const assertions = new Assertions(answer)
    if (answer.status === 0) assertions.failures.push(answer.text)
    else assert(assertions, answer)
    const result: ConformanceCheck = {
      step,
      title,
      optional,
      ok: assertions.failures.length === 0,
      failures: assertions.failures,
      request: { method: request.method, path: request.path, body: requestBody },
      response: { status: answer.status, body: answer.text.length > maxKeptBodyLength ? `${answer.text.slice(0, maxKeptBodyLength)}…` : answer.text }
    }
    checks.push(result)
    options.onCheck?.(result)
    return answer
  }

  function skipped(step: string, title: string, method: 'GET' | 'POST', path: string, reason: string): void {
    const result: ConformanceCheck = { step, title, optional: false, ok: false, failures: [reason], request: { method, path, body: null }, response: { status: 0, body: null } }
    checks.push(result)
    options.onCheck?.(result)
  }

  const filter = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`

  // Step 1 needs an active user with a name and email; an empty tenant gets one (never abcdefgh@atko.com).
  if (options.seed !== false) {
    const probe = await send('GET', '/Users?count=1&startIndex=1')
    if (probe.answer.status === 200 && probe.answer.body?.totalResults === 0) {
      await check(
        'seed-user',
        'Seed one active user, since the tenant has none and step 1 needs one',
        { method: 'POST', path: '/Users', body: seedUser },
        (a) => a.status(201),
        true
      )
    }
  }

  const first = await check('test-users-endpoint', '1. Test Users endpoint', { method: 'GET', path: '/Users?count=1&startIndex=1' }, (a) =>
    a
      .status(200)
      .notEmpty('Resources')
      .hasSchema(listSchema)
      .isNumber('itemsPerPage', 'startIndex', 'totalResults')
      .notEmpty('Resources[0].id', 'Resources[0].name.familyName', 'Resources[0].name.givenName', 'Resources[0].userName', 'Resources[0].active', 'Resources[0].emails[0].value')
  )
  const isvUserId = pick(first.body, 'Resources[0].id')

  if (typeof isvUserId === 'string' && isvUserId) {
    await check('get-user-by-id', '3. Get Users/{{id}}', { method: 'GET', path: `/Users/${encodeURIComponent(isvUserId)}` }, (a) =>
      a
        .status(200)
        .notEmpty('id', 'name.familyName', 'name.givenName', 'userName', 'active', 'emails[0].value')
        .equals('id', isvUserId)
    )
  } else {
    skipped('get-user-by-id', '3. Get Users/{{id}}', 'GET', '/Users/{{ISVUserid}}', 'Skipped: step 1 gave no user id.')
  }

  await check('invalid-user-by-username', '5. Test invalid User by username', { method: 'GET', path: filter(invalidUserEmail) }, (a) =>
    a.status(200).hasSchema(listSchema).equals('totalResults', 0)
  )

  await check('invalid-user-by-id', '7. Test invalid User by ID', { method: 'GET', path: `/Users/${userIdThatDoesNotExist}` }, (a) =>
    a.status(404).notEmpty('detail').hasSchema(errorSchema)
  )

  await check('random-user-does-not-exist', "9. Make sure random user doesn't exist", { method: 'GET', path: filter(variables.randomEmail) }, (a) =>
    a.status(200).equals('totalResults', 0).hasSchema(listSchema)
  )

  const createBody = {
    schemas: [userSchema],
    userName: variables.randomUsername,
    name: { givenName: variables.randomGivenName, familyName: variables.randomFamilyName },
    emails: [{ primary: true, value: variables.randomEmail, type: 'work' }],
    displayName: `${variables.randomGivenName} ${variables.randomFamilyName}`,
    active: true
  }
  const created = await check('create-user', '11. Create Okta user with realistic values', { method: 'POST', path: '/Users', body: createBody }, (a) =>
    a
      .status(201)
      .equals('active', true)
      .notEmpty('id')
      .equals('name.familyName', variables.randomFamilyName)
      .equals('name.givenName', variables.randomGivenName)
      .hasSchema(userSchema)
      .equals('userName', variables.randomUsername)
  )
  const idUserOne = pick(created.body, 'id')

  if (typeof idUserOne === 'string' && idUserOne) {
    await check('verify-user-created', '13. Verify that user was created', { method: 'GET', path: `/Users/${encodeURIComponent(idUserOne)}` }, (a) =>
      a
        .status(200)
        .equals('userName', variables.randomUsername)
        .equals('name.familyName', variables.randomFamilyName)
        .equals('name.givenName', variables.randomGivenName)
    )
  } else {
    skipped('verify-user-created', '13. Verify that user was created', 'GET', '/Users/{{idUserOne}}', 'Skipped: step 11 created no user.')
  }

  await check('recreate-user-conflict', '15. Expect failure when recreating user with same values', { method: 'POST', path: '/Users', body: createBody }, (a) =>
    a.status(409)
  )

  await check('username-case-sensitivity', '17. Username Case Sensitivity Check', { method: 'GET', path: filter(variables.randomUsernameCaps) }, (a) =>
    a.status(200)
  )

  await check(
    'groups-endpoint',
    '19. Optional: Verify Groups endpoint',
    { method: 'GET', path: '/Groups' },
    (a, answer) => {
      a.status(200).check(answer.elapsedMs < groupsResponseBudgetMs, `The answer took ${Math.round(answer.elapsedMs)} ms; the SPEC test allows ${groupsResponseBudgetMs} ms`)
      if (answer.body?.totalResults !== 0) a.check(Array.isArray(answer.body?.Resources), 'Resources is not a list')
    },
    true
  )

  await check('status-401', '21. Check status 401', { method: 'GET', path: filter(variables.randomUsername), authorization: 'non-token' }, (a) =>
    a.status(401).notEmpty('detail').equals('status', '401').hasSchema(errorSchema)
  )

  await check('status-404', '23. Check status 404', { method: 'GET', path: `/Users/${missingUserIdForStatusCheck}` }, (a) =>
    a.status(404).notEmpty('detail').equals('status', '404').hasSchema(errorSchema)
  )

  return {
    tenantId: options.tenantId,
    startedAt,
    finishedAt: new Date(now()).toISOString(),
    passed: checks.filter((item) => item.ok).length,
    failed: checks.filter((item) => !item.ok).length,
    checks
  }
}

/** True when every required check passed; optional ones (Groups, the seed) may fail. */
export function conformancePassed(report: ConformanceReport): boolean {
  return report.checks.every((item) => item.ok || item.optional)
}
