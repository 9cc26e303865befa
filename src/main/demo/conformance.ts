/**
 * Okta's "SCIM 2.0 SPEC Test" (the Runscope suite Okta asks integrators to pass, docs/okta-scim.md §2.1), replayed
 * against a tenant's base URL: the same requests, headers, variables and assertions, with the request and response of
 * each check kept for the checklist. Plain Node over fetch.
 */
import { randomInt } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import {
  maxSelfTestThrottleAttempts,
  maxSelfTestThrottleWaitSeconds,
  type ConformanceCheck,
  type ConformanceReport,
  type ConformanceWait
} from '../../shared/models'
import {
  describeNetworkError,
  isRecord,
  isUnreachable,
  listSchema,
  patchSchema,
  requestTimeoutMs,
  retryAfterSeconds,
  userSchema,
  type Json
} from './simulation'

const errorSchema = 'urn:ietf:params:scim:api:messages:2.0:Error'
/**
 * A 429 is waited out as Okta waits it out (Retry-After in whole seconds, docs §1.10), up to this long per wait and
 * `maxSelfTestThrottleAttempts` attempts: Okta's own SPEC test paces its requests 5 to 10 s apart, where this one sends
 * them back to back.
 */
const maxThrottleWaitSeconds = 60
const maxThrottleAttempts = maxSelfTestThrottleAttempts
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


interface Answer {
  readonly status: number
  readonly body: Json | null
  readonly text: string
  readonly elapsedMs: number
  /** The Retry-After waits before this answer. */
  readonly waits: readonly number[]
  /** No HTTP answer because nothing answers at the origin (refused, closed), not because it was slow. */
  readonly unreachable: boolean
  /** The answer's Retry-After header, as sent. */
  readonly retryAfter: string | null
  /** A 429 not waited out because the test had waited its fill in all. */
  readonly overBudget: boolean
}

type Method = 'GET' | 'POST' | 'PATCH'

class Cancelled extends Error {}

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

  status(...expected: number[]): this {
    if (!expected.includes(this.answer.status)) {
      const detail = typeof this.answer.body?.detail === 'string' ? `: ${this.answer.body.detail}` : ''
      this.failures.push(`Expected HTTP ${expected.join(' or ')}, got ${this.answer.status}${detail}`)
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
      if (typeof pick(this.answer.body, path) !== 'number') {
        this.failures.push(`${path} is not a number (Okta needs JSON integers: with a string its provisioning fails without details)`)
      }
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
  /** Hears each wait for a 429 as it starts, then null once the request is sent again (the console counts it down). */
  readonly onWait?: (wait: ConformanceWait | null) => void
  readonly fetch?: typeof fetch
  readonly now?: () => number
  readonly variables?: SpecVariables
  /** Stops the test: nothing more is sent, and the report holds the checks done so far. */
  readonly signal?: AbortSignal
  /** Waits out a Retry-After; rejects when `signal` aborts. Tests replace it to move a fake clock. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>
}

/** What a test that still got 429 did, and what Okta would do instead (§1.10). */
function throttleStory(answer: Answer): string {
  const waited = answer.waits.length > 0 ? `This test waited ${answer.waits.map((wait) => `${wait} s`).join(', ')} as Retry-After asked, ` : 'This test '
  const header = answer.retryAfter?.trim() ?? ''
  if (answer.overBudget) {
    return `${waited}${answer.waits.length > 0 ? 'then ' : ''}stops waiting: it waits at most ${maxSelfTestThrottleWaitSeconds / 60} minutes in all. Okta would wait ${header} s and retry.`
  }
  if (answer.waits.length >= maxThrottleAttempts - 1) return `${waited}and gives up after ${maxThrottleAttempts} attempts; Okta would go on retrying, doubling its wait, up to 10 attempts.`
  if (retryAfterSeconds(header) === null) {
    return `${waited}${answer.waits.length > 0 ? 'then ' : ''}got no usable Retry-After (${header ? `"${header}"` : 'none'}): Okta would wait 5 minutes, doubling on each attempt; this test does not wait that long.`
  }
  return `${waited}${answer.waits.length > 0 ? 'then ' : ''}was asked to wait ${header} s, longer than the ${maxThrottleWaitSeconds} s it waits; Okta would wait it out.`
}

/** What to do about a failed check, from its answer, else the check's own advice. */
function nextStep(answer: Answer, expected: readonly number[], advice: string): string {
  if (answer.status === 0) {
    return answer.unreachable
      ? 'Next step: start the SCIM server (the Server page, or scim-console serve) or correct the address it is reached at, then run the test again.'
      : 'Next step: find out why the server took so long (an added-latency fault, or a slow request in the log): Okta gives up after 60 s.'
  }
  if (!expected.includes(answer.status)) {
    if (answer.status === 429) return "Next step: raise the tenant's rate limit (Edit tenant) or turn off its throttle fault, then run the test again."
    if (answer.status === 401) return 'Next step: read the 401 detail above: the test token was refused (revoked or expired during the test, or a fault that fails the next token check).'
    if (answer.status >= 500) return 'Next step: open this request in the provisioning log (Logs, failed) for its error and diagnosis; an injected fault says so there.'
  }
  return `Next step: ${advice}`
}

/** Runs the SPEC test's steps in order and reports each check with what was sent and answered. */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const now = options.now ?? Date.now
  const doFetch = options.fetch ?? fetch
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const origin = new URL(baseUrl).origin
  const auth = `Bearer ${options.token}`
  const variables = options.variables ?? specVariables()
  const signal = options.signal ?? new AbortController().signal
  const sleepFor = options.sleep ?? ((ms: number, during: AbortSignal) => delay(ms, undefined, { signal: during }))
  const startedAt = new Date(now()).toISOString()
  const checks: ConformanceCheck[] = []
  // Set once nothing answers at the origin: the checks left are listed as not run, and nothing more is sent.
  let halted: string | null = null
  let waitedSeconds = 0

  // The SPEC test's GET headers, Content-Type included although there is no body.
  const getHeaders = (authorization: string) => ({
    accept: 'application/scim+json',
    'accept-charset': 'utf-8',
    'content-type': 'application/scim+json; charset=utf-8',
    'user-agent': 'OKTA SCIM Integration',
    authorization
  })

  async function send(method: Method, path: string, body?: unknown, authorization = auth): Promise<{ answer: Answer; requestBody: string | null }> {
    const requestBody = body === undefined ? null : JSON.stringify(body)
    const headers: Record<string, string> =
      // The SPEC test's POST declares plain application/json, which a SCIM server must accept too.
      method === 'POST' ? { ...getHeaders(authorization), 'content-type': 'application/json' } : getHeaders(authorization)
    const waits: number[] = []
    for (let attempt = 1; ; attempt += 1) {
      if (signal.aborted) throw new Cancelled()
      const started = performance.now()
      let status: number
      let text: string
      let retryAfter: string | null
      try {
        const response = await doFetch(`${baseUrl}${path}`, {
          method,
          headers,
          body: requestBody ?? undefined,
          signal: AbortSignal.any([signal, AbortSignal.timeout(requestTimeoutMs)])
        })
        status = response.status
        retryAfter = response.headers.get('retry-after')
        text = await response.text()
      } catch (error) {
        if (signal.aborted) throw new Cancelled()
        const answer = {
          status: 0,
          body: null,
          text: describeNetworkError(error, origin),
          elapsedMs: performance.now() - started,
          waits,
          unreachable: isUnreachable(error),
          retryAfter: null,
          overBudget: false
        }
        return { answer, requestBody }
      }
      // Okta waits out a 429 for the whole seconds Retry-After asks, then sends the request again (§1.10).
      const seconds = retryAfterSeconds(retryAfter)
      if (
        status === 429 &&
        attempt < maxThrottleAttempts &&
        seconds !== null &&
        seconds <= maxThrottleWaitSeconds &&
        waitedSeconds + seconds <= maxSelfTestThrottleWaitSeconds
      ) {
        waits.push(seconds)
        waitedSeconds += seconds
        options.onWait?.({ attempt, waitSeconds: seconds, until: new Date(now() + seconds * 1000).toISOString(), method, path })
        try {
          await sleepFor(seconds * 1000, signal)
        } catch (error) {
          if (signal.aborted) throw new Cancelled()
          throw error
        }
        options.onWait?.(null)
        continue
      }
      let parsed: Json | null
      try {
        const value: unknown = text ? JSON.parse(text) : null
        parsed = isRecord(value) ? value : null
      } catch {
        parsed = null
      }
      const overBudget = status === 429 && seconds !== null && seconds <= maxThrottleWaitSeconds && waitedSeconds + seconds > maxSelfTestThrottleWaitSeconds
      return { answer: { status, body: parsed, text, elapsedMs: performance.now() - started, waits, unreachable: false, retryAfter, overBudget }, requestBody }
    }
  }

  function record(result: ConformanceCheck): void {
    checks.push(result)
    options.onCheck?.(result)
  }

  async function check(
    step: string,
    title: string,
    request: { method: Method; path: string; body?: unknown; authorization?: string },
    expected: readonly number[],
    assert: (assertions: Assertions, answer: Answer) => void,
    advice: string,
    optional = false
  ): Promise<Answer | null> {
    if (halted !== null) {
      record({ step, title, optional, ok: false, failures: [`Not run: ${halted}`], request: { method: request.method, path: request.path, body: null }, response: { status: 0, body: null } })
      return null
    }
    const { answer, requestBody } = await send(request.method, request.path, request.body, request.authorization)
    const assertions = new Assertions(answer)
    if (answer.status === 0) {
      assertions.failures.push(answer.text)
      if (answer.unreachable) halted = `nothing answered at ${origin} from check "${title}" on.`
    } else if (answer.status === 429 && !expected.includes(429)) {
      assertions.failures.push(`HTTP 429: the server is throttling this tenant. ${throttleStory(answer)}`)
    } else {
      assert(assertions, answer)
    }
    if (assertions.failures.length > 0) assertions.failures.push(nextStep(answer, expected, advice))
    const throttled = answer.waits.length > 0 && assertions.failures.length === 0
    record({
      step,
      title: throttled ? `${title} (throttled: waited ${answer.waits.map((wait) => `${wait} s`).join(', ')}, as Okta does)` : title,
      optional,
      ok: assertions.failures.length === 0,
      failures: assertions.failures,
      request: { method: request.method, path: request.path, body: requestBody },
      response: { status: answer.status, body: answer.text.length > maxKeptBodyLength ? `${answer.text.slice(0, maxKeptBodyLength)}…` : answer.text }
    })
    return answer
  }

  function skipped(step: string, title: string, method: Method, path: string, reason: string): void {
    record({ step, title, optional: false, ok: false, failures: [halted !== null ? `Not run: ${halted}` : reason], request: { method, path, body: null }, response: { status: 0, body: null } })
  }

  const filter = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`
  const emptyListAdvice =
    'a filter that matches nobody must answer 200 with a ListResponse whose totalResults is the JSON integer 0: Okta looks every user up this way before it creates one.'
  const notFoundAdvice = 'an unknown id must answer 404 with a SCIM Error body (the Error schema URN, a detail, and status "404").'

  async function steps(): Promise<void> {
    // Step 1 needs an active user with a name and email; an empty tenant gets one (never abcdefgh@atko.com).
    if (options.seed !== false) {
      const probe = await send('GET', '/Users?count=1&startIndex=1')
      if (probe.answer.status === 200 && probe.answer.body?.totalResults === 0) {
        await check(
          'seed-user',
          'Seed one active user, since the tenant has none and step 1 needs one',
          { method: 'POST', path: '/Users', body: seedUser },
          [201],
          (a) => a.status(201),
          'POST /Users must answer 201 with the created user; step 1 needs one active user with a name and an email.',
          true
        )
      }
    }

    const first = await check(
      'test-users-endpoint',
      '1. Test Users endpoint',
      { method: 'GET', path: '/Users?count=1&startIndex=1' },
      [200],
      (a) =>
        a
          .status(200)
          .notEmpty('Resources')
          .hasSchema(listSchema)
          .isNumber('itemsPerPage', 'startIndex', 'totalResults')
          .notEmpty('Resources[0].id', 'Resources[0].name.familyName', 'Resources[0].name.givenName', 'Resources[0].userName', 'Resources[0].active', 'Resources[0].emails[0].value'),
      'the first user in the default order must be active and have userName, name.givenName, name.familyName and emails[0].value, in a ListResponse with integer totalResults, startIndex and itemsPerPage.'
    )
    const isvUserId = pick(first?.body, 'Resources[0].id')

    if (typeof isvUserId === 'string' && isvUserId) {
      await check(
        'get-user-by-id',
        '3. Get Users/{{id}}',
        { method: 'GET', path: `/Users/${encodeURIComponent(isvUserId)}` },
        [200],
        (a) => a.status(200).notEmpty('id', 'name.familyName', 'name.givenName', 'userName', 'active', 'emails[0].value').equals('id', isvUserId),
        'GET /Users/{id} must answer 200 with the user step 1 listed: the same id, active, with its name and email.'
      )
    } else {
      skipped('get-user-by-id', '3. Get Users/{{id}}', 'GET', '/Users/{{ISVUserid}}', 'Skipped: step 1 gave no user id.')
    }

    // The SPEC test compares totalResults as text; Okta's own lookups need JSON integers (§1.4), so those are checked too.
    await check(
      'invalid-user-by-username',
      '5. Test invalid User by username',
      { method: 'GET', path: filter(invalidUserEmail) },
      [200],
      (a) => a.status(200).hasSchema(listSchema).equals('totalResults', 0).isNumber('totalResults', 'startIndex', 'itemsPerPage'),
      emptyListAdvice
    )

    await check(
      'invalid-user-by-id',
      '7. Test invalid User by ID',
      { method: 'GET', path: `/Users/${userIdThatDoesNotExist}` },
      [404],
      (a) => a.status(404).notEmpty('detail').hasSchema(errorSchema),
      notFoundAdvice
    )

    await check(
      'random-user-does-not-exist',
      "9. Make sure random user doesn't exist",
      { method: 'GET', path: filter(variables.randomEmail) },
      [200],
      (a) => a.status(200).equals('totalResults', 0).hasSchema(listSchema).isNumber('totalResults', 'startIndex', 'itemsPerPage'),
      emptyListAdvice
    )

    const createBody = {
      schemas: [userSchema],
      userName: variables.randomUsername,
      name: { givenName: variables.randomGivenName, familyName: variables.randomFamilyName },
      emails: [{ primary: true, value: variables.randomEmail, type: 'work' }],
      displayName: `${variables.randomGivenName} ${variables.randomFamilyName}`,
      active: true
    }
    const created = await check(
      'create-user',
      '11. Create Okta user with realistic values',
      { method: 'POST', path: '/Users', body: createBody },
      [201],
      (a) =>
        a
          .status(201)
          .equals('active', true)
          .notEmpty('id')
          .equals('name.familyName', variables.randomFamilyName)
          .equals('name.givenName', variables.randomGivenName)
          .hasSchema(userSchema)
          .equals('userName', variables.randomUsername),
      'POST /Users must answer 201 with the user it created: a new id, active true, and the userName and name it was sent (plain application/json included).'
    )
    const idUserOne = pick(created?.body, 'id')
    const userOnePath = typeof idUserOne === 'string' && idUserOne ? `/Users/${encodeURIComponent(idUserOne)}` : null

    if (userOnePath) {
      await check(
        'verify-user-created',
        '13. Verify that user was created',
        { method: 'GET', path: userOnePath },
        [200],
        (a) =>
          a
            .status(200)
            .equals('userName', variables.randomUsername)
            .equals('name.familyName', variables.randomFamilyName)
            .equals('name.givenName', variables.randomGivenName),
        'GET /Users/{id} must return the user just created, with the values it was created with.'
      )
    } else {
      skipped('verify-user-created', '13. Verify that user was created', 'GET', '/Users/{{idUserOne}}', 'Skipped: step 11 created no user.')
    }

    await check(
      'recreate-user-conflict',
      '15. Expect failure when recreating user with same values',
      { method: 'POST', path: '/Users', body: createBody },
      [409],
      (a) => a.status(409),
      'a second POST with a userName that exists must answer 409 (scimType uniqueness): Okta stops the job on it rather than create a duplicate.'
    )

    await check(
      'username-case-sensitivity',
      '17. Username Case Sensitivity Check',
      { method: 'GET', path: filter(variables.randomUsernameCaps) },
      [200],
      (a, answer) => {
        a.status(200)
        // Beyond the SPEC test, which asks only for a 200: Okta looks users up by userName before creating them, and
        // userName is not case-sensitive (RFC 7643; docs §1.9). A miss here makes Okta POST a user that exists.
        if (userOnePath && answer.status === 200) {
          a.check(
            Number(answer.body?.totalResults) >= 1,
            `The upper-cased userName found no user, though step 11 created it: Okta would then create it again and get 409, or a duplicate (beyond the SPEC test, which asks only for 200).`
          )
        }
      },
      'a userName filter must match whatever the case of its value: userName is not case-sensitive.'
    )

    await check(
      'groups-endpoint',
      '19. Optional: Verify Groups endpoint',
      { method: 'GET', path: '/Groups' },
      [200],
      (a, answer) => {
        a.status(200).check(answer.elapsedMs < groupsResponseBudgetMs, `The answer took ${Math.round(answer.elapsedMs)} ms; the SPEC test allows ${groupsResponseBudgetMs} ms`)
        if (answer.body?.totalResults !== 0) a.check(Array.isArray(answer.body?.Resources), 'Resources is not a list')
      },
      `GET /Groups must answer 200 with a ListResponse within ${groupsResponseBudgetMs} ms.`,
      true
    )

    await check(
      'status-401',
      '21. Check status 401',
      { method: 'GET', path: filter(variables.randomUsername), authorization: 'non-token' },
      [401],
      (a) => a.status(401).notEmpty('detail').equals('status', '401').hasSchema(errorSchema),
      'a request whose token is not valid must answer 401 with a SCIM Error body (a detail, and status "401").'
    )

    await check(
      'status-404',
      '23. Check status 404',
      { method: 'GET', path: `/Users/${missingUserIdForStatusCheck}` },
      [404],
      (a) => a.status(404).notEmpty('detail').equals('status', '404').hasSchema(errorSchema),
      notFoundAdvice
    )

    // Beyond the SPEC test: Okta's catalog app deactivates with a path-less PATCH (§1.6), which the SPEC test never sends,
    // and Okta's CRUD test then expects the user still there, inactive. This also leaves the test user inactive, not active.
    if (userOnePath) {
      await check(
        'deactivate-test-user',
        "25. Beyond the SPEC test: deactivate the test user as Okta does (PATCH, no path)",
        { method: 'PATCH', path: userOnePath, body: { schemas: [patchSchema], Operations: [{ op: 'replace', value: { active: false } }] } },
        [200, 204],
        (a, answer) => {
          a.status(200, 204)
          if (answer.status === 200) a.equals('active', false)
        },
        'a PATCH with op "replace", no path and the value {"active": false} must answer 200 with the user (active false) or 204: it is how Okta deactivates every user.'
      )
      await check(
        'verify-test-user-inactive',
        '26. Beyond the SPEC test: the deactivated user is still there, inactive (Okta never deletes)',
        { method: 'GET', path: userOnePath },
        [200],
        (a) => a.status(200).equals('active', false),
        'a deactivated user must still answer GET with active false: Okta deactivates, it never deletes.'
      )
    } else {
      skipped('deactivate-test-user', '25. Beyond the SPEC test: deactivate the test user as Okta does (PATCH, no path)', 'PATCH', '/Users/{{idUserOne}}', 'Skipped: step 11 created no user.')
      skipped('verify-test-user-inactive', '26. Beyond the SPEC test: the deactivated user is still there, inactive (Okta never deletes)', 'GET', '/Users/{{idUserOne}}', 'Skipped: step 11 created no user.')
    }
  }

  let cancelled = false
  try {
    await steps()
  } catch (error) {
    // Cancelled: the report holds the checks done so far.
    if (!(error instanceof Cancelled)) throw error
    cancelled = true
  }

  return {
    tenantId: options.tenantId,
    startedAt,
    finishedAt: new Date(now()).toISOString(),
    passed: checks.filter((item) => item.ok).length,
    failed: checks.filter((item) => !item.ok).length,
    checks,
    cancelled
  }
}

/** True when the test ran to the end and every required check passed; optional ones (Groups, the seed) may fail. */
export function conformancePassed(report: ConformanceReport): boolean {
  return !report.cancelled && report.checks.every((item) => item.ok || item.optional)
}
