/**
 * Okta's side of SCIM provisioning, played over real HTTP against a tenant's base URL, for live demos with no Okta org.
 * The requests copy what Okta's SCIM 2.0 client sends (docs/okta-scim.md §1): its headers, its lookup-then-create,
 * read-modify-write PUTs, the catalog app's PATCHes or the wizard app's PUTs, paged imports, Group Push, and its 429
 * backoff. Plain Node: no Electron, no database; the caller gives it a URL and a token.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import type { DemoMode, DemoRun, DemoStep } from '../../shared/models'
import { fail, ok, type Result } from '../../shared/result'
import { plural } from '../../shared/plural'

/** The User-Agent of Okta's SCIM 2.0 client. */
export const oktaUserAgent = 'Okta SCIM Client 1.0.0'
/** The media type Okta's SCIM 2.0 client sends and asks for. */
export const scimMediaType = 'application/scim+json; charset=utf-8'
/** Okta tries a throttled task this many times in all, then fails it for good (§1.10). */
export const oktaMaxAttempts = 10
/** Okta's first wait when a 429 has no usable Retry-After: 5 minutes (§1.10). */
export const oktaDefaultRetrySeconds = 300
/** The pause between steps at speed 1, long enough for a watcher to follow the log. */
export const defaultPaceMs = 400
/** The group the demo pushes. */
export const demoGroupName = 'Sales Team'
/** Okta closes the connection when the app takes longer than this (FAQ). */
const requestTimeoutMs = 60_000
const pageSize = 100
// An import reads every page, as Okta does; a demo tenant with more users than this only shows the first pages.
const maxImportPages = 50
const userSchema = 'urn:ietf:params:scim:schemas:core:2.0:User'
const groupSchema = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const patchSchema = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const listSchema = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'

/** What a control button asks of a run. */
export type DemoAction = 'pause' | 'resume' | 'step' | 'cancel'

type Json = Record<string, unknown>

/** A person the demo assigns to the app in "Okta". */
export interface DemoPerson {
  readonly givenName: string
  readonly familyName: string
  readonly userName: string
  /** Okta's user id (`00u…`), sent as the SCIM externalId. */
  readonly externalId: string
}

const names: readonly (readonly [string, string])[] = [
  ['Jane', 'Doe'],
  ['Ravi', 'Patel'],
  ['Maria', 'Garcia'],
  ['Wei', 'Chen'],
  ['Aisha', 'Okafor'],
  ['Liam', 'Murphy'],
  ['Sofia', 'Rossi'],
  ['Kenji', 'Tanaka'],
  ['Emma', 'Johansson'],
  ['Diego', 'Fernandez'],
  ['Fatima', 'Haddad'],
  ['Noah', 'Williams'],
  ['Priya', 'Sharma'],
  ['Lucas', 'Martin'],
  ['Amara', 'Nwosu'],
  ['Olivia', 'Brown'],
  ['Mateo', 'Silva'],
  ['Yuki', 'Sato'],
  ['Hannah', 'Schmidt'],
  ['Omar', 'Aziz']
]

const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function randomText(length: number, alphabet = base62): string {
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('')
}

/**
 * The people of a demo, with realistic names and emails. The same count always gives the same userNames, so a second
 * run on a tenant finds them and links them, as Okta does, instead of creating duplicates.
 */
export function demoPeople(count: number, domain = 'example.com'): DemoPerson[] {
  return Array.from({ length: count }, (_, index) => {
    const [givenName, familyName] = names[index % names.length] ?? ['Demo', 'User']
    const round = Math.floor(index / names.length)
    return {
      givenName,
      familyName,
      userName: `${givenName}.${familyName}${round > 0 ? round + 1 : ''}@${domain}`.toLowerCase(),
      externalId: `00u${randomText(17)}`
    }
  })
}

/** Okta's wait before retrying a 429 (§1.10): integer `Retry-After` seconds, else 5 minutes; doubled on each later attempt. */
export function oktaRetryWait(retryAfter: string | null, attempt: number): { readonly seconds: number; readonly fromHeader: boolean } {
  const trimmed = retryAfter?.trim() ?? ''
  // An HTTP-date, a fraction or a null are "unsupported" for Okta: it falls back to 5 minutes.
  const fromHeader = /^\d+$/.test(trimmed)
  const base = fromHeader ? Number(trimmed) : oktaDefaultRetrySeconds
  return { seconds: base * 2 ** Math.max(0, attempt - 1), fromHeader }
}

/** A filter query exactly as Okta sends it: `%20` for spaces, then startIndex=1&count=100. */
export function oktaFilterQuery(attribute: 'userName' | 'displayName', value: string): string {
  return `filter=${encodeURIComponent(`${attribute} eq "${value}"`)}&startIndex=1&count=100`
}

/** The headers of every request Okta's SCIM 2.0 client sends in "HTTP Header" mode (§1.1). */
export function oktaHeaders(token: string): Record<string, string> {
  return {
    'user-agent': oktaUserAgent,
    accept: 'application/scim+json',
    'accept-charset': 'utf-8',
    'accept-encoding': 'gzip,deflate',
    'content-type': scimMediaType,
    authorization: `Bearer ${token}`
  }
}

/** The options of one simulated run. */
export interface OktaSimulatorOptions {
  readonly id?: string
  readonly tenantId: string
  /** The tenant's SCIM base URL, e.g. http://127.0.0.1:8787/scim/v2/acme */
  readonly baseUrl: string
  readonly token: string
  readonly mode: DemoMode
  readonly users: number
  /** Divides every wait (the pace between steps, Retry-After); 1 is real time. */
  readonly speed?: number
  /** Start paused, to walk through the run step by step. */
  readonly paused?: boolean
  /** The pause between steps at speed 1. */
  readonly paceMs?: number
  readonly emailDomain?: string
  /** Hears every change of the run: a step added, started, waiting, finished; a state change. */
  readonly onProgress?: (run: DemoRun) => void
  readonly fetch?: typeof fetch
  /**
   * Asked after a request fails: why no later request can succeed (the tenant was deleted, the token revoked), or
   * null to carry on as Okta would. A reason stops the run with one step that says it, instead of one failure per step left.
   */
  readonly stopReason?: () => StopReason | null
  /** Waits; rejects when `signal` aborts. Tests replace it to move a fake clock. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  readonly now?: () => number
}

/** Why a run cannot go on; `tenantGone` when what it created went with its tenant. */
export interface StopReason {
  readonly reason: string
  readonly tenantGone?: boolean
}

/** A run in progress. */
export interface OktaSimulation {
  readonly id: string
  snapshot(): DemoRun
  /** Pause (before the next step), resume, step (run one step, then wait; pauses a running run), or cancel. */
  control(action: DemoAction): Result<DemoRun>
  /** Settles with the final run; never rejects. */
  readonly done: Promise<DemoRun>
}

interface HttpResponse {
  readonly status: number
  readonly headers: Headers
  readonly body: Json | null
  readonly text: string
}

interface Outcome {
  readonly ok: boolean
  readonly detail: string
}

interface HttpCall {
  readonly step: string
  readonly title: string
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH'
  /** Relative to the base URL, with the query. */
  readonly path: string
  readonly body?: unknown
  readonly expect: readonly number[]
  /**
   * False for a request that is no provisioning task (Test API Credentials): Okta retries only tasks after a 429 (§1.10);
   * the admin's button shows an error instead.
   */
  readonly retries?: boolean
  /** The detail of an answer with an expected status; not ok when the body is not what Okta needs. */
  readonly outcome: (response: HttpResponse) => Outcome
}

interface Provisioned {
  readonly id: string
  readonly userName: string
}

/** A group member as Okta pushes it: the SCIM user id and a display, no type (§1.7). */
interface Member {
  readonly value: string
  readonly display: string
}

class Cancelled extends Error {}
/** No later request can succeed: the run ends with one step that says why. */
class Stopped extends Error {
  constructor(
    message: string,
    readonly tenantGone = false
  ) {
    super(message)
  }
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// A body Okta can read: a JSON object. Anything else (HTML, `[]`, nothing) it treats as no answer.
function jsonObject(text: string): Json | null {
  try {
    const parsed: unknown = text ? JSON.parse(text) : null
    return isRecord(parsed) ? parsed : null
  } catch {
    return null
  }
}

function resourcesOf(body: Json | null): Json[] {
  return Array.isArray(body?.Resources) ? body.Resources.filter(isRecord) : []
}

function errorDetail(response: HttpResponse): string {
  const detail = response.body?.detail
  if (typeof detail === 'string' && detail) return detail
  return response.text ? response.text.slice(0, 200) : 'no body'
}

function networkErrorCode(error: unknown): string {
  const cause = error instanceof Error && isRecord(error.cause) ? error.cause : undefined
  return typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.name : ''
}

// Nothing answers at the origin any more (the server stopped, or moved to another port): every later request fails alike.
// A timeout is not one of these: the server is there but slow (a latency fault shows Okta's 60 s limit), and Okta carries on.
const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET'])

/** True when a fetch failed because nothing answers at the origin (refused, closed, unresolvable), not because it was slow. */
export function isUnreachable(error: unknown): boolean {
  return unreachableCodes.has(networkErrorCode(error))
}

/** One sentence for a request that got no HTTP answer, with what to do about it. */
export function describeNetworkError(error: unknown, origin: string): string {
  const cause = error instanceof Error && isRecord(error.cause) ? error.cause : undefined
  const code = networkErrorCode(error)
  if (code === 'ECONNREFUSED') return `Could not connect to ${origin}: nothing is listening there. Is the SCIM server running?`
  if (code === 'TimeoutError') return `No answer within ${requestTimeoutMs / 1000} s: Okta closes the connection and marks the task as failed.`
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `The host of ${origin} does not resolve.`
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') {
    return `The connection to ${origin} closed before an answer arrived: the SCIM server stopped or restarted. Is it still running, on the same port?`
  }
  const reason = typeof cause?.message === 'string' && cause.message ? cause.message : error instanceof Error ? error.message : String(error)
  return `The request failed before an answer arrived: ${reason}.`
}

// Okta reads a list only when it is a full ListResponse with integer paging fields (§1.2, §1.4).
function listProblem(body: Json | null): string | null {
  if (!body) return 'The answer is not JSON. Okta reports "No results for users returned".'
  if (!Array.isArray(body.schemas) || !body.schemas.includes(listSchema)) return 'The answer is not a ListResponse (its schemas lack the ListResponse URN).'
  if (!Number.isInteger(body.totalResults)) return 'totalResults is not a JSON integer; Okta fails without details.'
  if (!Array.isArray(body.Resources)) return 'Resources is missing; Okta reports "No results for users returned".'
  return null
}

/** Starts a simulated Okta run at once; follow it with `onProgress`, steer it with `control`, await `done`. */
export function startOktaSimulation(options: OktaSimulatorOptions): OktaSimulation {
  const id = options.id ?? randomUUID()
  const now = options.now ?? Date.now
  const doFetch = options.fetch ?? fetch
  const sleepFor = options.sleep ?? ((ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }))
  const speed = options.speed && options.speed > 0 ? options.speed : 1
  const paceMs = (options.paceMs ?? defaultPaceMs) / speed
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const origin = new URL(baseUrl).origin
  const catalog = options.mode === 'catalog'
  const abort = new AbortController()
  const iso = (ms: number) => new Date(ms).toISOString()

  const steps: DemoStep[] = []
  let state: DemoRun['state'] = options.paused ? 'paused' : 'running'
  let retry: DemoRun['retry'] = null
  let stepCredits = 0
  let wake: (() => void) | null = null
  const startedAt = iso(now())
  let finishedAt: string | null = null

  function snapshot(): DemoRun {
    return { id, tenantId: options.tenantId, mode: options.mode, users: options.users, state, steps: steps.slice(), retry, startedAt, finishedAt }
  }

  function emit(): void {
    options.onProgress?.(snapshot())
  }

  function update(index: number, patch: Partial<DemoStep>): void {
    const current = steps[index]
    if (current) steps[index] = { ...current, ...patch }
  }

  function release(): void {
    const resolve = wake
    wake = null
    resolve?.()
  }

  async function sleep(ms: number): Promise<void> {
    if (abort.signal.aborted) throw new Cancelled()
    if (ms <= 0) return
    try {
      await sleepFor(ms, abort.signal)
    } catch (error) {
      if (abort.signal.aborted) throw new Cancelled()
      throw error
    }
  }

  // Runs before each step: the pace between steps, then the pause/step gate.
  async function gate(): Promise<void> {
    if (steps.length > 1 && state === 'running') await sleep(paceMs)
    for (;;) {
      if (abort.signal.aborted) throw new Cancelled()
      if (state === 'running') return
      if (stepCredits > 0) {
        stepCredits -= 1
        return
      }
      await new Promise<void>((resolve) => {
        wake = resolve
      })
    }
  }

  function addStep(step: string, title: string, method: string | null, path: string | null): number {
    steps.push({ index: steps.length, step, title, status: 'pending', httpStatus: null, detail: null, method, path, startedAt: null, finishedAt: null })
    emit()
    return steps.length - 1
  }

  function finish(index: number, outcome: Outcome, httpStatus: number | null): void {
    update(index, { status: outcome.ok ? 'ok' : 'failed', detail: outcome.detail, httpStatus, finishedAt: iso(now()) })
    emit()
  }

  /** A step Okta takes without calling the app (linking a found user or group). */
  async function note(step: string, title: string, detail: string): Promise<void> {
    const index = addStep(step, title, null, null)
    await gate()
    update(index, { startedAt: iso(now()) })
    finish(index, { ok: true, detail }, null)
  }

  async function send(call: HttpCall): Promise<HttpResponse> {
    const response = await doFetch(`${baseUrl}${call.path}`, {
      method: call.method,
      headers: oktaHeaders(options.token),
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.any([abort.signal, AbortSignal.timeout(requestTimeoutMs)])
    })
    const text = await response.text()
    return { status: response.status, headers: response.headers, body: jsonObject(text), text }
  }

  /** One request as a step, with Okta's 429 backoff; answers the response when Okta would carry on, else null. */
  async function request(call: HttpCall): Promise<HttpResponse | null> {
    const index = addStep(call.step, call.title, call.method, call.path)
    await gate()
    update(index, { status: 'running', startedAt: iso(now()) })
    emit()
    const waits: number[] = []
    let response: HttpResponse
    for (let attempt = 1; ; attempt += 1) {
      try {
        response = await send(call)
      } catch (error) {
        if (abort.signal.aborted) throw new Cancelled()
        finish(index, { ok: false, detail: describeNetworkError(error, origin) }, null)
        if (isUnreachable(error)) {
          throw new Stopped(`Nothing answers at ${origin} any more, so every later request would fail the same way. Start the SCIM server (or check its port), then run the demo again.`)
        }
        stopIfHopeless()
        return null
      }
      if (response.status !== 429) break
      if (call.retries === false) {
        const asked = oktaRetryWait(response.headers.get('retry-after'), 1)
        finish(
          index,
          {
            ok: false,
            detail:
              `HTTP 429: ${errorDetail(response)} This is no provisioning task, so Okta does not retry it: it shows the admin an error and saves nothing. ` +
              `Wait ${asked.fromHeader ? `${asked.seconds} s, as Retry-After asks,` : 'a little'} and click it again.`
          },
          429
        )
        stopIfHopeless()
        return null
      }
      if (attempt >= oktaMaxAttempts) {
        finish(index, { ok: false, detail: `HTTP 429 on all ${oktaMaxAttempts} attempts: Okta stops retrying and fails the task; it needs a manual retry in Okta.` }, 429)
        stopIfHopeless()
        return null
      }
      const wait = oktaRetryWait(response.headers.get('retry-after'), attempt)
      const waitMs = (wait.seconds * 1000) / speed
      waits.push(wait.seconds)
      retry = { attempt, waitSeconds: wait.seconds, until: iso(now() + waitMs) }
      const why = wait.fromHeader ? (attempt === 1 ? 'as Retry-After asks' : 'Retry-After, doubled') : 'no usable Retry-After, so 5 minutes'
      update(index, {
        status: 'waiting',
        httpStatus: 429,
        detail: `HTTP 429: Okta pauses the task and waits ${wait.seconds} s (${why}) before attempt ${attempt + 1} of ${oktaMaxAttempts}.`
      })
      emit()
      await sleep(waitMs)
      retry = null
      update(index, { status: 'running' })
      emit()
    }
    const retried = waits.length > 0 ? ` Okta was throttled ${plural(waits.length, 'time')} and waited ${waits.map((seconds) => `${seconds} s`).join(', ')}.` : ''
    if (!call.expect.includes(response.status)) {
      finish(index, { ok: false, detail: `Expected HTTP ${call.expect.join(' or ')}, got ${response.status}: ${errorDetail(response)}${retried}` }, response.status)
      stopIfHopeless()
      return null
    }
    const outcome = call.outcome(response)
    finish(index, { ok: outcome.ok, detail: outcome.detail + retried }, response.status)
    // A failure, or an error status Okta tolerates (a 404 lookup), may be the tenant or token gone.
    if (!outcome.ok || response.status >= 400) stopIfHopeless()
    return outcome.ok ? response : null
  }

  // After a failure: when the caller knows that nothing more can succeed (tenant deleted, token revoked), stop here.
  function stopIfHopeless(): void {
    const stop = options.stopReason?.()
    if (stop) throw new Stopped(stop.reason, stop.tenantGone)
  }

  // What the run changed, for a run that ends early: what it created, and what it left half-way.
  const createdUsers: string[] = []
  const leftInactive = new Set<string>()
  // The group's membership when a run ends between two of its pushes, in words; null when it is as Okta holds it.
  let groupHalfWay: string | null = null

  function halfWay(): string[] {
    const parts = [...leftInactive].map((userName) => `${userName} is left inactive (deactivated, not yet reactivated)`)
    if (groupHalfWay) parts.push(groupHalfWay)
    return parts
  }

  function leftBehind(): string {
    const shown = createdUsers.slice(0, 5).join(', ') + (createdUsers.length > 5 ? ', …' : '')
    const parts = [...(createdUsers.length > 0 ? [`${plural(createdUsers.length, 'user')} created (${shown})`] : []), ...halfWay()]
    return parts.length > 0 ? `What it did before it stopped stays in the tenant: ${parts.join('; ')}.` : 'It had created nothing in the tenant.'
  }

  function lookupUser(userName: string, step = 'lookup-user'): HttpCall {
    return {
      step,
      title: `Okta is checking whether ${userName} exists…`,
      method: 'GET',
      path: `/Users?${oktaFilterQuery('userName', userName)}`,
      // Okta takes a 404 with an Error body as "no match" too (§1.3), though Entra and the SPEC test need the 200.
      expect: [200, 404],
      outcome: (response) => {
        if (response.status === 404) {
          return {
            ok: true,
            detail: `HTTP 404 (${errorDetail(response)}): Okta reads it as no such user and creates one. (Okta tolerates this; Entra and Okta's SPEC test need 200 with an empty ListResponse.)`
          }
        }
        const problem = listProblem(response.body)
        if (problem) return { ok: false, detail: problem }
        const found = resourcesOf(response.body)[0]
        if (found && typeof found.userName === 'string' && found.userName.toLowerCase() !== userName.toLowerCase()) {
          return {
            ok: false,
            detail: `The filter answered ${found.userName}, not ${userName}: the server did not apply the filter. Okta links the first user it gets, so it would tie ${userName} to that account.`
          }
        }
        return found
          ? { ok: true, detail: `Found ${userName} (id ${String(found.id)}, ${found.active === false ? 'inactive' : 'active'}).` }
          : { ok: true, detail: `No user named ${userName}: Okta will create one.` }
      }
    }
  }

  function readUser(user: Provisioned, step: string, why: string): HttpCall {
    return {
      step,
      title: `Okta reads ${user.userName} ${why}`,
      method: 'GET',
      path: `/Users/${encodeURIComponent(user.id)}`,
      expect: [200],
      outcome: (response) =>
        typeof response.body?.id === 'string'
          ? { ok: true, detail: `Read ${user.userName} (active: ${String(response.body.active)}).` }
          : { ok: false, detail: 'The answer has no user id.' }
    }
  }

  function putUser(user: Provisioned, body: Json, step: string, title: string, check: (result: Json) => Outcome): HttpCall {
    return {
      step,
      title,
      method: 'PUT',
      path: `/Users/${encodeURIComponent(user.id)}`,
      // Read-modify-write: the last GET with the change, id and meta included, as Okta sends it (§1.5).
      body,
      expect: [200],
      outcome: (response) => (response.body ? check(response.body) : { ok: false, detail: 'The PUT answered no user.' })
    }
  }

  function activeCheck(user: Provisioned, active: boolean): (response: HttpResponse) => Outcome {
    return (response) => {
      if (response.status === 204 || response.body?.active === active) {
        return { ok: true, detail: `${user.userName} is now ${active ? 'active' : 'inactive'}${active ? '' : '; Okta never deletes users'}.` }
      }
      return { ok: false, detail: `The answer says active is ${String(response.body?.active)}, not ${String(active)}.` }
    }
  }

  /** Deactivation or reactivation as each app type sends it (§1.5, §1.6). */
  async function setActive(user: Provisioned, active: boolean, step: string): Promise<boolean> {
    const verb = active ? 'reactivates' : 'deactivates'
    if (catalog) {
      const response = await request({
        step,
        title: `Okta ${verb} ${user.userName} (PATCH, no path, active=${String(active)})`,
        method: 'PATCH',
        path: `/Users/${encodeURIComponent(user.id)}`,
        body: { schemas: [patchSchema], Operations: [{ op: 'replace', value: { active } }] },
        expect: [200, 204],
        outcome: activeCheck(user, active)
      })
      if (response !== null) noteActive(user, active)
      return response !== null
    }
    const read = await request(readUser(user, `read-user`, active ? 'before reactivating it' : 'before deactivating it'))
    if (!read?.body) return false
    const written = await request(
      putUser(user, { ...read.body, active }, step, `Okta ${verb} ${user.userName} (PUT of the whole user, active=${String(active)})`, (body) =>
        activeCheck(user, active)({ status: 200, headers: new Headers(), body, text: '' })
      )
    )
    if (written !== null) noteActive(user, active)
    return written !== null
  }

  function noteActive(user: Provisioned, active: boolean): void {
    if (active) leftInactive.delete(user.userName)
    else leftInactive.add(user.userName)
  }

  async function importAll(resource: 'Users' | 'Groups'): Promise<Json[] | null> {
    const all: Json[] = []
    const noun = resource === 'Users' ? 'user' : 'group'
    for (let page = 1, startIndex = 1; ; page += 1, startIndex += pageSize) {
      const response = await request({
        step: resource === 'Users' ? 'import-users' : 'import-groups',
        title: `Okta imports ${noun}s, page ${page}`,
        method: 'GET',
        path: `/${resource}?startIndex=${startIndex}&count=${pageSize}`,
        expect: [200],
        outcome: (answer) => {
          const problem = listProblem(answer.body)
          if (problem) return { ok: false, detail: problem }
          const count = resourcesOf(answer.body).length
          const total = Number(answer.body?.totalResults)
          return {
            ok: true,
            detail:
              count === 0
                ? `No ${noun}s to import.`
                : `${noun[0]?.toUpperCase()}${noun.slice(1)}s ${startIndex}–${startIndex + count - 1} of ${total}.` +
                  (resource === 'Users' ? ' Okta matches them by username and email (exact match or new) without calling the app again.' : '')
          }
        }
      })
      if (!response) return null
      const resources = resourcesOf(response.body)
      all.push(...resources)
      const total = Number(response.body?.totalResults)
      if (resources.length === 0 || startIndex + pageSize > total) return all
      if (page >= maxImportPages) {
        await note(`import-${noun}s-stopped`, `The demo stops the import after ${maxImportPages} pages`, `Okta would read all ${total} ${noun}s; the demo shows the first ${all.length}.`)
        return all
      }
    }
  }

  async function assign(people: readonly DemoPerson[]): Promise<Provisioned[]> {
    const provisioned: Provisioned[] = []
    for (const person of people) {
      const lookup = await request(lookupUser(person.userName))
      if (!lookup) continue
      const existing = resourcesOf(lookup.body)[0]
      if (existing && typeof existing.id === 'string') {
        const user = { id: existing.id, userName: person.userName }
        await note('link-user', `Okta links ${person.userName} to the existing user instead of creating a duplicate`, `Okta stores the SCIM id ${existing.id}.`)
        // A reassigned user who was deactivated is reactivated, not created again (§1.3).
        if (existing.active === false && !(await setActive(user, true, 'reactivate'))) continue
        provisioned.push(user)
        continue
      }
      const created = await request({
        step: 'create-user',
        title: `Okta creates ${person.userName}`,
        method: 'POST',
        path: '/Users',
        body: {
          schemas: [userSchema],
          userName: person.userName,
          name: { givenName: person.givenName, familyName: person.familyName },
          emails: [{ primary: true, value: person.userName, type: 'work' }],
          displayName: `${person.givenName} ${person.familyName}`,
          locale: 'en-US',
          externalId: person.externalId,
          groups: [],
          // Okta always sends a random 8-character password, even with password sync off (§1.3).
          password: randomText(8),
          active: true
        },
        expect: [201],
        outcome: (response) =>
          typeof response.body?.id === 'string' && response.body.id
            ? { ok: true, detail: `Created with id ${response.body.id}; Okta stores it for every later call.` }
            : { ok: false, detail: 'Okta reports "Create new user returned empty user": the 201 has no id.' }
      })
      const createdId = created?.body?.id
      if (typeof createdId === 'string') {
        provisioned.push({ id: createdId, userName: person.userName })
        createdUsers.push(person.userName)
      }
    }
    return provisioned
  }

  async function pushProfile(user: Provisioned): Promise<void> {
    const read = await request(readUser(user, 'read-user', 'before pushing a profile change'))
    if (!read?.body) return
    const title = read.body.title === 'Sales Director' ? 'Head of Sales' : 'Sales Director'
    await request(
      putUser(user, { ...read.body, title }, 'push-profile', `Okta pushes ${user.userName}'s new title "${title}" (PUT of the whole user)`, (body) =>
        body.title === title ? { ok: true, detail: `The title is now "${title}".` } : { ok: false, detail: `The answer's title is ${JSON.stringify(body.title)}.` }
      )
    )
  }

  async function pushGroup(provisioned: readonly Provisioned[], imported: readonly Json[] | null): Promise<void> {
    const members: Member[] = provisioned.map((user) => ({ value: user.id, display: user.userName }))
    let groupId: string | null
    if (catalog) {
      const lookup = await request({
        step: 'lookup-group',
        title: `Okta looks for a group named "${demoGroupName}"`,
        method: 'GET',
        path: `/Groups?${oktaFilterQuery('displayName', demoGroupName)}`,
        expect: [200],
        outcome: (response) => {
          const problem = listProblem(response.body)
          if (problem) return { ok: false, detail: problem }
          const found = resourcesOf(response.body)[0]
          if (found && typeof found.displayName === 'string' && found.displayName.toLowerCase() !== demoGroupName.toLowerCase()) {
            return { ok: false, detail: `The filter answered the group "${found.displayName}": the server did not apply the filter, and Okta would link the wrong group.` }
          }
          return { ok: true, detail: found ? 'Found it: Okta links it.' : 'None yet: Okta will create it.' }
        }
      })
      if (!lookup) return
      const found = resourcesOf(lookup.body)[0]?.id
      groupId = typeof found === 'string' ? found : null
    } else {
      // The wizard app does no filter lookup: it uses the groups it cached from GET /Groups?count=100 (§1.7).
      const found = imported?.find((group) => typeof group.displayName === 'string' && group.displayName.toLowerCase() === demoGroupName.toLowerCase())?.id
      groupId = typeof found === 'string' ? found : null
    }
    if (groupId) {
      await note('link-group', `Okta links the existing group "${demoGroupName}"`, `Okta stores the SCIM id ${groupId}.`)
    } else {
      const created = await request({
        step: 'create-group',
        title: catalog
          ? `Okta pushes the group "${demoGroupName}" (POST, members follow by PATCH)`
          : `Okta pushes the group "${demoGroupName}" with its ${plural(members.length, 'member')} (POST)`,
        method: 'POST',
        path: '/Groups',
        body: { schemas: [groupSchema], displayName: demoGroupName, members: catalog ? [] : members },
        expect: [201],
        outcome: (response) =>
          typeof response.body?.id === 'string'
            ? { ok: true, detail: `Created with id ${response.body.id}.` }
            : { ok: false, detail: 'The 201 has no group id.' }
      })
      const createdId = created?.body?.id
      if (typeof createdId !== 'string') return
      groupId = createdId
      groupHalfWay = catalog && members.length > 0 ? `the group "${demoGroupName}" was created without its members` : null
    }
    const path = `/Groups/${encodeURIComponent(groupId)}`
    if (catalog) {
      const renamed = await request(renameGroup(path, groupId, 'after linking or creating it'))
      if (!renamed) return
      const pushed = await request({
        step: 'push-members',
        title: `Okta adds ${plural(members.length, 'member')} to "${demoGroupName}" (PATCH add members)`,
        method: 'PATCH',
        path,
        body: { schemas: [patchSchema], Operations: [{ op: 'add', path: 'members', value: members }] },
        expect: [200, 204],
        outcome: () => ({ ok: true, detail: `${plural(members.length, 'member')} pushed.` })
      })
      if (pushed) groupHalfWay = null
      if (pushed) await changeMembership(path, members)
      return
    }
    const read = await request(readGroup(path, 'to push its members'))
    if (!read?.body) return
    const pushed = await request(putMembers(path, read.body, members, 'push-members', `Okta replaces the group with its full list of ${plural(members.length, 'member')} (PUT)`))
    if (pushed) await changeMembership(path, members)
  }

  function putMembers(path: string, group: Json, members: readonly Member[], step: string, title: string): HttpCall {
    return {
      step,
      title,
      method: 'PUT',
      path,
      // Read-modify-write, as for users: the last GET with the full member list Okta holds (§1.7).
      body: { ...group, members },
      expect: [200],
      outcome: (response) => {
        const count = Array.isArray(response.body?.members) ? response.body.members.length : null
        return count === null || count === members.length
          ? { ok: true, detail: `The group now has ${plural(members.length, 'member')}.` }
          : { ok: false, detail: `The group has ${count} members after the PUT, not ${members.length}.` }
      }
    }
  }

  function readGroup(path: string, why: string): HttpCall {
    return {
      step: 'read-group',
      title: `Okta reads the group "${demoGroupName}" ${why}`,
      method: 'GET',
      path,
      expect: [200],
      outcome: (response) =>
        typeof response.body?.id === 'string'
          ? { ok: true, detail: `Read the group with ${plural(Array.isArray(response.body.members) ? response.body.members.length : 0, 'member')}.` }
          : { ok: false, detail: 'The answer has no group id.' }
    }
  }

  function renameGroup(path: string, groupId: string, why: string): HttpCall {
    return {
      step: 'rename-group',
      title: `Okta re-sends the group's name ${why} (PATCH without a path, carrying the id)`,
      method: 'PATCH',
      path,
      body: { schemas: [patchSchema], Operations: [{ op: 'replace', value: { id: groupId, displayName: demoGroupName } }] },
      expect: [200, 204],
      outcome: () => ({ ok: true, detail: 'Accepted; the readOnly id in the value is ignored, as Okta needs.' })
    }
  }

  /**
   * The two other membership pushes of §1.7: one member leaves the group in Okta (the catalog app's delta PATCH that
   * removes by valuePath; the wizard app's full PUT without her), then rejoins and the admin clicks "Push now" (the
   * catalog app's PATCH that replaces every member; the wizard app's full PUT). The group ends as it was.
   */
  async function changeMembership(path: string, members: readonly Member[]): Promise<void> {
    const leaver = members[members.length - 1]
    if (!leaver) return
    const groupId = decodeURIComponent(path.slice('/Groups/'.length))
    const remaining = members.slice(0, -1)
    if (catalog) {
      if (!(await request(renameGroup(path, groupId, 'before a membership update')))) return
      const removed = await request({
        step: 'remove-member',
        title: `${leaver.display} leaves "${demoGroupName}" in Okta: Okta removes that one member (PATCH remove members[value eq …])`,
        method: 'PATCH',
        path,
        body: { schemas: [patchSchema], Operations: [{ op: 'remove', path: `members[value eq "${leaver.value}"]` }] },
        expect: [200, 204],
        outcome: (response) =>
          Array.isArray(response.body?.members) && response.body.members.some((member) => isRecord(member) && member.value === leaver.value)
            ? { ok: false, detail: `${leaver.display} is still a member after the remove.` }
            : { ok: true, detail: `${leaver.display} removed; the other members stay.` }
      })
      if (!removed) return
      groupHalfWay = `${leaver.display} was removed from "${demoGroupName}" and not added back`
      if (!(await request(renameGroup(path, groupId, 'before the next membership update')))) return
      const replaced = await request({
        step: 'replace-members',
        title: `${leaver.display} rejoins, and the admin clicks "Push now": Okta sends every member (PATCH replace members)`,
        method: 'PATCH',
        path,
        body: { schemas: [patchSchema], Operations: [{ op: 'replace', path: 'members', value: members }] },
        expect: [200, 204],
        outcome: (response) => {
          const count = Array.isArray(response.body?.members) ? response.body.members.length : null
          return count === null || count === members.length
            ? { ok: true, detail: `${plural(members.length, 'member')} pushed; the group is whole again.` }
            : { ok: false, detail: `The group has ${count} members after the replace, not ${members.length}.` }
        }
      })
      if (replaced) groupHalfWay = null
      return
    }
    const before = await request(readGroup(path, 'before a membership update'))
    if (!before?.body) return
    const removed = await request(
      putMembers(path, before.body, remaining, 'remove-member', `${leaver.display} leaves "${demoGroupName}" in Okta: Okta sends the full list without that member (PUT)`)
    )
    if (!removed) return
    groupHalfWay = `${leaver.display} was removed from "${demoGroupName}" and not added back`
    const again = await request(readGroup(path, 'for "Push now"'))
    if (!again?.body) return
    const replaced = await request(
      putMembers(path, again.body, members, 'replace-members', `${leaver.display} rejoins, and the admin clicks "Push now": Okta sends the full list (PUT)`)
    )
    if (replaced) groupHalfWay = null
  }

  async function script(): Promise<void> {
    const credentials = await request({
      step: 'test-credentials',
      title: 'Okta tests the API credentials ("Test API Credentials")',
      method: 'GET',
      path: '/Users?startIndex=1&count=2',
      expect: [200],
      retries: false,
      outcome: (response) => {
        const problem = listProblem(response.body)
        if (problem) return { ok: false, detail: problem }
        return { ok: true, detail: `Verified: the app answers with ${plural(Number(response.body?.totalResults), 'user')}. Okta saves the settings.` }
      }
    })
    // Okta refuses to save an integration whose credentials fail; nothing else would follow.
    if (!credentials) return
    const provisioned = await assign(demoPeople(options.users, options.emailDomain))
    const first = provisioned[0]
    const last = provisioned[provisioned.length - 1]
    if (first && last) {
      await pushProfile(first)
      if (await setActive(last, false, 'deactivate')) {
        if (!catalog) {
          // The wizard app reactivates a reassigned user by looking it up again first (§1.5).
          const found = await request(lookupUser(last.userName, 'lookup-user'))
          if (found) await setActive(last, true, 'reactivate')
        } else {
          await setActive(last, true, 'reactivate')
        }
      }
    }
    const importedUsers = await importAll('Users')
    const importedGroups = importedUsers ? await importAll('Groups') : null
    if (provisioned.length > 0) await pushGroup(provisioned, importedGroups)
  }

  const done = (async (): Promise<DemoRun> => {
    emit()
    try {
      await script()
    } catch (error) {
      if (error instanceof Stopped) {
        // Said once, after the failure that showed it; a run stopped at its first request has that failure to say it.
        if (steps.some((step) => step.status === 'ok')) {
          const index = addStep('run-stopped', 'The demo stops here: no later request could succeed', null, null)
          finish(index, { ok: false, detail: `${error.message} ${error.tenantGone ? 'What the run had created went with it.' : leftBehind()}` }, null)
        }
      } else if (!(error instanceof Cancelled)) {
        const index = addStep('internal-error', 'The simulator stopped on an unexpected error', null, null)
        finish(index, { ok: false, detail: error instanceof Error ? error.message : String(error) }, null)
      }
    }
    retry = null
    if (abort.signal.aborted) {
      state = 'cancelled'
      for (let index = steps.length - 1; index >= 0; index -= 1) {
        const step = steps[index]
        // A step that never started is dropped; one cut short says so.
        if (step?.status === 'pending') steps.splice(index, 1)
        else if (step?.status === 'running' || step?.status === 'waiting') {
          update(index, { status: 'failed', detail: 'Cancelled before Okta had an answer.', finishedAt: iso(now()) })
        }
      }
      // Say what the cancel cut in half, rather than leave it for someone to find in the directory.
      const left = halfWay()
      if (left.length > 0) {
        const at = iso(now())
        // Marked failed, so that it stands out: it is work the run began and did not finish.
        steps.push({ index: steps.length, step: 'left-half-way', title: 'What the cancelled run left half-way', status: 'failed', httpStatus: null, detail: `${left.join('; ')}.`, method: null, path: null, startedAt: at, finishedAt: at })
      }
    } else {
      state = steps.some((step) => step.status === 'failed') ? 'failed' : 'finished'
    }
    finishedAt = iso(now())
    const final = snapshot()
    options.onProgress?.(final)
    return final
  })()

  return {
    id,
    snapshot,
    done,
    control(action) {
      if (state === 'finished' || state === 'failed' || state === 'cancelled' || finishedAt !== null) {
        return fail('failed_precondition', `The run has ended (${state}); start a new one.`, { state })
      }
      switch (action) {
        case 'pause':
          state = 'paused'
          break
        case 'resume':
          state = 'running'
          release()
          break
        case 'step':
          // From a running run, "step" pauses after the step in flight; from a paused run it lets one more step go.
          if (state === 'running') state = 'paused'
          else stepCredits += 1
          release()
          break
        case 'cancel':
          state = 'cancelled'
          abort.abort()
          release()
          break
      }
      const current = snapshot()
      options.onProgress?.(current)
      return ok(current)
    }
  }
}
