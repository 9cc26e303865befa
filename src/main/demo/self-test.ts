/**
 * The machinery of a conformance self-test, whichever client's checks it runs (Okta's SPEC test, Entra's documented
 * requests): requests to a tenant's base URL with the client's headers, 429s waited out, assertions on each answer,
 * and each check kept with what was sent and answered, for the checklist. Plain Node over fetch.
 */
import {
  maxSelfTestThrottleAttempts,
  maxSelfTestThrottleWaitSeconds,
  type ConformanceCheck,
  type ConformanceReport,
  type ConformanceSuite,
  type ConformanceWait
} from '../../shared/models'
import { Cancelled, isRecord, requestTimeoutMs, retryAfterSeconds, sendScimRequest, sleepUnlessCancelled, type Json, type ScimTarget, type Sleep } from './scim-http'

/**
 * A 429 is waited out for the whole seconds Retry-After asks (docs §1.10), up to this long per wait and
 * `maxSelfTestThrottleAttempts` attempts: the test sends its requests back to back, where a client spreads them out.
 */
const maxThrottleWaitSeconds = 60
const maxThrottleAttempts = maxSelfTestThrottleAttempts
const maxKeptBodyLength = 20_000

export interface Answer {
  readonly status: number
  readonly body: Json | null
  readonly text: string
  readonly elapsedMs: number
  /** The Retry-After waits before this answer. */
  readonly waits: readonly number[]
  /** No HTTP answer because nothing answers at the origin (refused, closed), not because it was slow. */
  readonly unreachable: boolean
  /** No HTTP answer because the server closed this connection, though it still takes new ones. */
  readonly dropped: boolean
  /** The answer's Retry-After header, as sent. */
  readonly retryAfter: string | null
  /** A 429 not waited out because the test had waited its fill in all. */
  readonly overBudget: boolean
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'

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

export class Assertions {
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
        this.failures.push(`${path} is not a number (Okta and Entra need JSON integers: with a string, provisioning fails without details)`)
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

/** Why a 429 was not waited out; the client says what it would have done instead. */
export type UnwaitedThrottle = 'over-budget' | 'exhausted' | 'no-retry-after' | 'too-long'

/** What differs between the clients whose checks a self-test runs. */
export interface SelfTestClient {
  readonly suite: ConformanceSuite
  /** The client as a sentence names it: "Okta", "Entra". */
  readonly name: string
  /** A check's title after 429s it waited out: "as Okta does". */
  readonly waitedLike: string
  headers(method: Method, authorization: string): Record<string, string>
  /** What the client does with a 429 this test did not wait out; `retryAfter` as the server sent it. */
  instead(reason: UnwaitedThrottle, retryAfter: string): string
  /** What the client does when the app takes longer than `requestTimeoutMs`. */
  readonly onTimeout: string
}

/** Where and how to run a self-test. */
export interface SelfTestOptions {
  readonly tenantId: string
  /** The tenant's SCIM base URL. */
  readonly baseUrl: string
  readonly token: string
  /**
   * A token of the tenant, revoked for the purpose, that a suite sends where a refused token is wanted: its 401 then
   * carries a token of this console, by which the log knows it for the self-test's (shared/request-outcome.ts).
   */
  readonly refusedToken?: string
  /** Hears each check as it completes (the CLI prints them). */
  readonly onCheck?: (check: ConformanceCheck) => void
  /** Hears each wait for a 429 as it starts, then null once the request is sent again (the console counts it down). */
  readonly onWait?: (wait: ConformanceWait | null) => void
  readonly fetch?: typeof fetch
  readonly now?: () => number
  /** Stops the test: nothing more is sent, and the report holds the checks done so far. */
  readonly signal?: AbortSignal
  /** Waits out a Retry-After; rejects when `signal` aborts. Tests replace it to move a fake clock. */
  readonly sleep?: Sleep
}

export interface CheckRequest {
  readonly method: Method
  readonly path: string
  readonly body?: unknown
  readonly authorization?: string
}

/** What a suite's steps get: requests, checks of their answers, and checks skipped. */
export interface SelfTest {
  /** A request that is no check of its own (a probe); its answer, or the network error's as status 0. */
  send(method: Method, path: string, body?: unknown): Promise<Answer>
  /** One check: the request, the statuses that pass, the assertions, and what to do when it fails. */
  check(
    step: string,
    title: string,
    request: CheckRequest,
    expected: readonly number[],
    assert: (assertions: Assertions, answer: Answer) => void,
    advice: string,
    optional?: boolean
  ): Promise<Answer | null>
  /** A check that cannot run, because an earlier one gave it nothing to work on. */
  skipped(step: string, title: string, method: Method, path: string, reason: string): void
}

/** What a test that still got 429 did, and what the client would do instead (§1.10). */
function throttleStory(answer: Answer, client: SelfTestClient): string {
  const waited = answer.waits.length > 0 ? `This test waited ${answer.waits.map((wait) => `${wait} s`).join(', ')} as Retry-After asked, ` : 'This test '
  const then = answer.waits.length > 0 ? 'then ' : ''
  const header = answer.retryAfter?.trim() ?? ''
  if (answer.overBudget) {
    return `${waited}${then}stops waiting: it waits at most ${maxSelfTestThrottleWaitSeconds / 60} minutes in all. ${client.instead('over-budget', header)}`
  }
  if (answer.waits.length >= maxThrottleAttempts - 1) return `${waited}and gives up after ${maxThrottleAttempts} attempts; ${client.instead('exhausted', header)}`
  if (retryAfterSeconds(header) === null) {
    return `${waited}${then}got no usable Retry-After (${header ? `"${header}"` : 'none'}): ${client.instead('no-retry-after', header)}`
  }
  return `${waited}${then}was asked to wait ${header} s, longer than the ${maxThrottleWaitSeconds} s it waits; ${client.instead('too-long', header)}`
}

/** What to do about a failed check, from its answer, else the check's own advice. */
function nextStep(answer: Answer, expected: readonly number[], advice: string, client: SelfTestClient): string {
  if (answer.status === 0) {
    if (answer.dropped) {
      return 'Next step: find out why the server dropped this request without an answer (a failure while handling it, in its own output, or a proxy or tunnel in front of it), then run the test again.'
    }
    return answer.unreachable
      ? 'Next step: start the SCIM server (the Server page, or scim-console serve) or correct the address it is reached at, then run the test again.'
      : `Next step: find out why the server took so long (an added-latency fault, or a slow request in the log): ${client.name} gives up after ${requestTimeoutMs / 1000} s.`
  }
  if (!expected.includes(answer.status)) {
    if (answer.status === 429) return "Next step: raise the tenant's rate limit (Edit tenant) or turn off its throttle fault, then run the test again."
    if (answer.status === 401) return 'Next step: read the 401 detail above: the test token was refused (revoked or expired during the test, or a fault that fails the next token check).'
    if (answer.status >= 500) return 'Next step: open this request in the provisioning log (Logs, failed) for its error and diagnosis; an injected fault says so there.'
  }
  return `Next step: ${advice}`
}

/** A user or group a self-test created, which it deletes before it ends. */
interface Created {
  readonly resource: 'Users' | 'Groups'
  readonly id: string
  readonly name: string
}

/** The resource a self-test's request is about: `/Users` or `/Groups`, then an id or nothing; a query string ignored. */
function resourceOf(path: string): { readonly resource: Created['resource']; readonly id: string | null } | null {
  const match = /^\/(Users|Groups)(?:\/([^/?]+))?(?:\?|$)/.exec(path)
  if (!match) return null
  if (match[2] === undefined) return { resource: match[1] as Created['resource'], id: null }
  try {
    return { resource: match[1] as Created['resource'], id: decodeURIComponent(match[2]) }
  } catch {
    return null
  }
}

/**
 * Runs a suite's steps against `options.baseUrl` as `client`, and reports each check with what was sent and answered.
 * It leaves the tenant as it found it: every user and group its requests created and did not delete is deleted at the
 * end, each as a check of its own ("Clean up: …", optional, so that the suite's verdict stays the client's), also after
 * a failed check. Only a cancelled test sends nothing more, and a test that can no longer reach the server cannot.
 */
export async function runSelfTest(options: SelfTestOptions, client: SelfTestClient, steps: (test: SelfTest) => Promise<void>): Promise<ConformanceReport> {
  const now = options.now ?? Date.now
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const origin = new URL(baseUrl).origin
  const auth = `Bearer ${options.token}`
  const signal = options.signal ?? new AbortController().signal
  const target: ScimTarget = { baseUrl, fetch: options.fetch ?? fetch, signal, onTimeout: client.onTimeout }
  const startedAt = new Date(now()).toISOString()
  const checks: ConformanceCheck[] = []
  // Set once nothing answers at the origin: the checks left are listed as not run, and nothing more is sent.
  let halted: string | null = null
  let waitedSeconds = 0
  // What the test created and has not deleted, in the order it was created.
  const created: Created[] = []

  /** Keeps `created` up to date from each answer: a 2xx to POST /Users or /Groups adds, a DELETE that leaves it gone (2xx, 404) removes. */
  function track(method: Method, path: string, body: unknown, answer: Answer): void {
    const target = resourceOf(path)
    const succeeded = answer.status >= 200 && answer.status <= 299
    if (!target) return
    if (method === 'POST' && target.id === null && succeeded) {
      const id = answer.body?.id
      if (typeof id !== 'string' || !id || created.some((item) => item.resource === target.resource && item.id === id)) return
      const sent = isRecord(body) ? body : {}
      const name = answer.body?.userName ?? answer.body?.displayName ?? sent.userName ?? sent.displayName
      created.push({ resource: target.resource, id, name: typeof name === 'string' ? name : id })
    }
    if (method === 'DELETE' && target.id !== null && (succeeded || answer.status === 404)) {
      const index = created.findIndex((item) => item.resource === target.resource && item.id === target.id)
      if (index >= 0) created.splice(index, 1)
    }
  }

  async function send(method: Method, path: string, body?: unknown, authorization = auth): Promise<{ answer: Answer; requestBody: string | null }> {
    const requestBody = body === undefined ? null : JSON.stringify(body)
    const headers = client.headers(method, authorization)
    const waits: number[] = []
    for (let attempt = 1; ; attempt += 1) {
      const exchange = await sendScimRequest(target, { method, path, headers, body: requestBody ?? undefined })
      if (!exchange.answered) {
        const answer = { status: 0, body: null, text: exchange.detail, elapsedMs: exchange.elapsedMs, waits, unreachable: exchange.unreachable, dropped: exchange.dropped, retryAfter: null, overBudget: false }
        return { answer, requestBody }
      }
      const { status, text } = exchange.response
      const retryAfter = exchange.response.headers.get('retry-after')
      // Wait out a 429 for the whole seconds Retry-After asks, then send the request again (§1.10).
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
        await sleepUnlessCancelled(options.sleep, seconds * 1000, signal)
        options.onWait?.(null)
        continue
      }
      const overBudget = status === 429 && seconds !== null && seconds <= maxThrottleWaitSeconds && waitedSeconds + seconds > maxSelfTestThrottleWaitSeconds
      const answer = { status, body: exchange.response.body, text, elapsedMs: exchange.elapsedMs, waits, unreachable: false, dropped: false, retryAfter, overBudget }
      track(method, path, body, answer)
      return { answer, requestBody }
    }
  }

  function record(result: ConformanceCheck): void {
    checks.push(result)
    options.onCheck?.(result)
  }

  const test: SelfTest = {
    send: async (method, path, body) => (await send(method, path, body)).answer,

    async check(step, title, request, expected, assert, advice, optional = false) {
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
        assertions.failures.push(`HTTP 429: the server is throttling this tenant. ${throttleStory(answer, client)}`)
      } else {
        assert(assertions, answer)
      }
      if (assertions.failures.length > 0) assertions.failures.push(nextStep(answer, expected, advice, client))
      const throttled = answer.waits.length > 0 && assertions.failures.length === 0
      record({
        step,
        title: throttled ? `${title} (throttled: waited ${answer.waits.map((wait) => `${wait} s`).join(', ')}, ${client.waitedLike})` : title,
        optional,
        ok: assertions.failures.length === 0,
        failures: assertions.failures,
        request: { method: request.method, path: request.path, body: requestBody },
        response: { status: answer.status, body: answer.text.length > maxKeptBodyLength ? `${answer.text.slice(0, maxKeptBodyLength)}…` : answer.text }
      })
      return answer
    },

    skipped(step, title, method, path, reason) {
      record({ step, title, optional: false, ok: false, failures: [halted !== null ? `Not run: ${halted}` : reason], request: { method, path, body: null }, response: { status: 0, body: null } })
    }
  }

  /**
   * Deletes what the test created and did not delete, groups first (their members are among the users). A DELETE
   * answered 404 finds it gone already, which is as good. A user left behind is named, with where to delete it.
   */
  async function cleanUp(): Promise<void> {
    const left = [...created.filter((item) => item.resource === 'Groups'), ...created.filter((item) => item.resource === 'Users')]
    for (const [index, item] of left.entries()) {
      const kind = item.resource === 'Users' ? 'user' : 'group'
      await test.check(
        `clean-up-${index + 1}`,
        `Clean up: delete the ${kind} ${item.name} this test created (SCIM Console's step, not ${client.name}'s)`,
        { method: 'DELETE', path: `/${item.resource}/${encodeURIComponent(item.id)}` },
        [204, 404],
        (a, answer) =>
          a.status(204, 404).check(answer.status === 204 || answer.status === 404, `The test ${kind} ${item.name} is still in the tenant: delete it on the tenant's Directory page.`),
        `DELETE /${item.resource}/{id} must answer 204 with no body.`,
        true
      )
    }
  }

  let cancelled = false
  let failure: unknown = null
  try {
    await steps(test)
  } catch (error) {
    // Cancelled: the report holds the checks done so far, and nothing more is sent.
    if (error instanceof Cancelled) cancelled = true
    else failure = error
  }
  if (!cancelled) {
    try {
      await cleanUp()
    } catch (error) {
      if (!(error instanceof Cancelled)) throw failure ?? error
      cancelled = true
    }
  }
  if (failure !== null) throw failure

  return {
    tenantId: options.tenantId,
    suite: client.suite,
    startedAt,
    finishedAt: new Date(now()).toISOString(),
    passed: checks.filter((item) => item.ok).length,
    failed: checks.filter((item) => !item.ok).length,
    checks,
    cancelled
  }
}

/** True when the test ran to the end and every required check passed; optional ones may fail. */
export function conformancePassed(report: ConformanceReport): boolean {
  return !report.cancelled && report.checks.every((item) => item.ok || item.optional)
}
