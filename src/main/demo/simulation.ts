/**
 * The machinery of a simulated provisioning run, for live demos with no Okta org or Entra tenant: a run is a list of
 * steps, each one request over real HTTP against a tenant's base URL (or a note, for what the client does without
 * calling the app), paced for a watcher, paused, stepped or cancelled from the console. What the client sends, and what
 * it does after a 429, is the client's (okta-simulator.ts, entra-simulator.ts). Plain Node: no Electron, no database.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { DemoMode, DemoRun, DemoStep } from '../../shared/models'
import { fail, ok, type Result } from '../../shared/result'
import { plural } from '../../shared/plural'
import { Cancelled, isRecord, retryAfterSeconds, sendScimRequest, sleepUnlessCancelled, type HttpResponse, type Json, type ScimTarget, type Sleep } from './scim-http'

/** The pause between steps at speed 1, long enough for a watcher to follow the log. */
export const defaultPaceMs = 400

/** The group the demo pushes. */
export const demoGroupName = 'Sales Team'

/** A person the demo assigns to the app in "Okta" or "Entra". */
export interface DemoPerson {
  readonly givenName: string
  readonly familyName: string
  readonly userName: string
  /** Okta's user id (`00u…`), which Okta sends as the SCIM externalId. */
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

export function randomText(length: number, alphabet = base62): string {
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('')
}

/**
 * The people of a demo, with realistic names and emails. The same count always gives the same userNames, so a second
 * run on a tenant finds them and links them, as Okta and Entra do, instead of creating duplicates.
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

/** What a control button asks of a run. */
export type DemoAction = 'pause' | 'resume' | 'step' | 'cancel'

/** The options of one simulated run. */
export interface SimulatorOptions {
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
   * null to carry on as the client would. A reason stops the run with one step that says it, instead of one failure per step left.
   */
  readonly stopReason?: () => StopReason | null
  /**
   * Asked when the server answers 401 to the run's token, with the answer's detail: why, when the caller knows better
   * than that answer (the token is still valid in the database it was issued from, so the server there does not read
   * that database); null when the answer says it (a token revoked or expired, an injected fault). A reason stops the
   * run, in the words of the step that met it: every later request would get 401 too.
   */
  readonly tokenRefused?: (detail: string) => string | null
  /** Waits; rejects when `signal` aborts. Tests replace it to move a fake clock. */
  readonly sleep?: Sleep
  readonly now?: () => number
}

/** Why a run cannot go on; `tenantGone` when what it created went with its tenant. */
export interface StopReason {
  readonly reason: string
  readonly tenantGone?: boolean
}

/** A run in progress. */
export interface Simulation {
  readonly id: string
  snapshot(): DemoRun
  /** Pause (before the next step), resume, step (run one step, then wait; pauses a running run), or cancel. */
  control(action: DemoAction): Result<DemoRun>
  /** Settles with the final run; never rejects. */
  readonly done: Promise<DemoRun>
}

export interface Outcome {
  readonly ok: boolean
  readonly detail: string
}

export interface HttpCall {
  readonly step: string
  readonly title: string
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Relative to the base URL, with the query. */
  readonly path: string
  readonly body?: unknown
  readonly expect: readonly number[]
  /**
   * The statuses of `expect` that are failures `outcome` says in the client's words (Okta's 401 to Test API
   * Credentials, a 409 to a create, a 404 for a user gone from the app): a step that gets another status does not name
   * them as what it expected.
   */
  readonly failureStatuses?: readonly number[]
  /**
   * False for a request that is no provisioning task (Okta's Test API Credentials, Entra's Test Connection): an admin
   * clicked a button, which shows an error after a 429; no one retries it.
   */
  readonly retries?: boolean
  /**
   * What happens after a 429 to this request when it is not the client's own task to retry: the admin who clicked
   * waits, then clicks again (Okta's Save of To App). Used instead of the client's `throttled`; `retried` says the waits
   * at the end of the step, in place of "Okta was throttled…".
   */
  readonly byAdmin?: {
    readonly throttled: (response: HttpResponse, attempt: number) => ThrottleAnswer
    readonly retried: (waits: readonly number[]) => string
  }
  /** The detail of an answer with an expected status; not ok when the body is not what the client needs. */
  readonly outcome: (response: HttpResponse) => Outcome
  /**
   * The detail of a failing answer whose status is not in `expect` (a 429 excepted: the client's own words say it), in
   * the words of what the client shows its admin and what to do next (Entra's Test Connection). Without it, the step
   * says which status it expected and which it got.
   */
  readonly unexpected?: (response: HttpResponse) => string
}

/** What a client does when a request of a provisioning task gets 429. */
export type ThrottleAnswer =
  /** Waits within the task, then sends the request again (Okta). */
  | { readonly retryIn: number; readonly detail: string }
  /** Gives the task up for now: `deferred` to retry in a later cycle (Entra), `failed` for good. */
  | { readonly end: 'failed' | 'deferred'; readonly detail: string }

/** What differs between the clients the demo plays. */
export interface SimulatedClient {
  /** The client as a sentence names it: "Okta", "Entra". */
  readonly name: string
  headers(token: string): Record<string, string>
  /** The end of a step whose 429 no one retries (`retries: false`): what the admin who clicked sees. */
  notRetried(response: HttpResponse): string
  /** After the `attempt`th 429 of a provisioning task (from 1). */
  throttled(response: HttpResponse, attempt: number): ThrottleAnswer
  /**
   * After a server error (5xx) of a provisioning task: what the client says as it records the change as failed and
   * retries it in a later cycle (Entra), said after the status and the error's detail; absent when the step just fails.
   */
  readonly retriesServerErrorLater?: string
  /**
   * After a provisioning task's request got no answer (a timeout, a dropped connection) while the server still runs:
   * what the client says as it retries the change in a later cycle (Entra), after why no answer came; absent when the
   * step just fails.
   */
  readonly retriesUnansweredLater?: string
  /** What the client does when the app takes longer than `requestTimeoutMs`. */
  readonly onTimeout: string
}

/** What a client's script gets from the run: requests and notes as steps, and waits the console shows. */
export interface SimulationContext {
  readonly options: SimulatorOptions
  /** One request as a step, with the client's 429 handling; answers the response when the client would carry on, else null. */
  request(call: HttpCall): Promise<HttpResponse | null>
  /** A step the client takes without calling the app (linking a found user or group); `failed` for one that ends the run badly. */
  note(step: string, title: string, detail: string, failed?: boolean): Promise<void>
  /**
   * A wait the console counts down (`DemoRun.retry`, gone with the next change sent out), shortened by the run's speed.
   * `atLeastSeconds` is what the server asked for (Retry-After, or the refill of its rate limit): a request the run
   * sends sooner, sped up, that meets a 429 again meets one the client, at real speed, never meets; the run then waits
   * the rest of it in real time, which no speed hastens, and sends the request again, counting no attempt.
   */
  wait(retry: { readonly attempt: number; readonly waitSeconds: number; readonly throttled: boolean; readonly atLeastSeconds?: number }): Promise<void>
}

/** A client's side of a run: what it plays, and what a run that stops early leaves behind in the tenant. */
export interface Script {
  play(): Promise<void>
  /** The userNames of the users the run created so far. */
  createdUsers(): readonly string[]
  /** Work begun and not finished, in words: "jane@… is left inactive". */
  halfWay(): readonly string[]
}

/**
 * A task the client gave up for now after a 429 (`ThrottleAnswer.end` = `deferred`): the script catches it, and sends
 * the task again later. `retryAfterSeconds` is what the server asked for, when it asked in whole seconds.
 */
export class Deferred extends Error {
  constructor(
    readonly retryAfterSeconds: number | null,
    /** The status that deferred it: 429, or a server error (5xx) the client retries later; null for no answer. */
    readonly status: number | null = 429
  ) {
    super(status === null ? 'Deferred after no answer' : `Deferred after HTTP ${status}`)
  }
}

/** No later request can succeed: the run ends with one step that says why. */
class Stopped extends Error {
  constructor(
    message: string,
    readonly tenantGone = false
  ) {
    super(message)
  }
}

export function resourcesOf(body: Json | null): Json[] {
  return Array.isArray(body?.Resources) ? body.Resources.filter(isRecord) : []
}

/**
 * The outcome of a lookup by `attribute eq "value"` (a user by userName, a group by displayName): a list the client can
 * read (`listProblem` says why not), whose first resource, if any, is the one asked for: a server that ignores the filter
 * answers another, which the client would take for it. `words` say each outcome in the client's terms.
 */
export function lookupOutcome(
  response: HttpResponse,
  asked: { readonly attribute: 'userName' | 'displayName'; readonly value: string },
  words: {
    readonly listProblem: (body: Json | null) => string | null
    readonly wrong: (answered: string) => string
    readonly found: (resource: Json) => string
    readonly missing: string
  }
): Outcome {
  const problem = words.listProblem(response.body)
  if (problem) return { ok: false, detail: problem }
  const found = resourcesOf(response.body)[0]
  const answered = found?.[asked.attribute]
  if (typeof answered === 'string' && answered.toLowerCase() !== asked.value.toLowerCase()) return { ok: false, detail: words.wrong(answered) }
  return { ok: true, detail: found ? words.found(found) : words.missing }
}

/** A user as a client holds it once the app has it: the SCIM id it stores for every later call, and the userName. */
export interface Provisioned {
  readonly id: string
  readonly userName: string
}

/** The outcome of a group's POST, as Okta and Entra read it: the 201 must carry the id they store. */
export function createdGroupOutcome(response: HttpResponse): Outcome {
  return typeof response.body?.id === 'string' ? { ok: true, detail: `Created with id ${response.body.id}.` } : { ok: false, detail: 'The 201 has no group id.' }
}

/** The outcome of a PATCH that removes one member (`userId`, said as `name`): an answer that still lists the user fails. */
export function memberRemovedOutcome(userId: string, name: string): (response: HttpResponse) => Outcome {
  return (response) =>
    Array.isArray(response.body?.members) && response.body.members.some((member) => isRecord(member) && member.value === userId)
      ? { ok: false, detail: `${name} is still a member after the remove.` }
      : { ok: true, detail: `${name} removed; the other members stay.` }
}

/** The Error body's detail, else the start of the body. */
// A sentence may end inside a closing parenthesis or quote: "(Injected by SCIM Console fault injection for training.)".
export function asSentence(text: string): string {
  return /[.!?…]["'”’)\]]*$/.test(text) ? text : `${text}.`
}

export function errorDetail(response: HttpResponse): string {
  const detail = response.body?.detail
  if (typeof detail === 'string' && detail) return detail
  return response.text ? response.text.slice(0, 200) : 'no body'
}

/** Starts a simulated run at once; follow it with `onProgress`, steer it with `control`, await `done`. */
export function startSimulation(options: SimulatorOptions, client: SimulatedClient, scriptFor: (context: SimulationContext) => Script): Simulation {
  const id = options.id ?? randomUUID()
  const now = options.now ?? Date.now
  const speed = options.speed && options.speed > 0 ? options.speed : 1
  const paceMs = (options.paceMs ?? defaultPaceMs) / speed
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const origin = new URL(baseUrl).origin
  const abort = new AbortController()
  const target: ScimTarget = { baseUrl, fetch: options.fetch ?? fetch, signal: abort.signal, onTimeout: client.onTimeout }
  const iso = (ms: number) => new Date(ms).toISOString()

  const steps: DemoStep[] = []
  // The rest of what the server asked the last wait for, when the speed made it shorter: its own clock is not sped up.
  let owed: { readonly until: number; readonly seconds: number } | null = null
  let state: DemoRun['state'] = options.paused ? 'paused' : 'running'
  // The wait the console counts down, and the step it is within (null for one between steps: Entra's next cycle).
  let retry: (Omit<NonNullable<DemoRun['retry']>, 'held'> & { readonly within: number | null }) | null = null
  let stepCredits = 0
  // The steps whose wait after a 429 is the admin's, before clicking again (HttpCall.byAdmin), not the client's.
  const adminWaits = new Set<number>()
  // The step a Step click lets run to its end in a paused run: Okta's wait after a 429 and its retry are part of the
  // step the watcher asked for, not a click of their own.
  let stepping: number | null = null
  let wake: (() => void) | null = null
  const startedAt = iso(now())
  let finishedAt: string | null = null

  function snapshot(): DemoRun {
    return { id, tenantId: options.tenantId, mode: options.mode, users: options.users, state, steps: steps.slice(), retry: retryShown(), startedAt, finishedAt }
  }

  function retryShown(): DemoRun['retry'] {
    if (!retry) return null
    const { within, ...shown } = retry
    // Held until Resume (or Step) only when nothing lets it go: a running run, a step being stepped through, or a Step
    // click still to spend on the step after it.
    return { ...shown, held: state === 'paused' && stepCredits === 0 && (within === null || stepping !== within) }
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
    await sleepUnlessCancelled(options.sleep, ms, abort.signal)
  }

  // Runs before each step (`index`): the pace between steps, then the pause/step gate.
  async function gate(index: number): Promise<void> {
    if (steps.length > 1 && state === 'running') await sleep(paceMs)
    await hold(index)
  }

  // Holds while the run is paused, until it is resumed, stepped or cancelled. Every request waits here, a retry after a
  // 429 as much as a new step: a paused run sends nothing, but the step a Step click let go, which runs to its end.
  // `within` is the step that asks (null between steps, as before Entra's next cycle: the Step click is the next step's).
  async function hold(within: number | null): Promise<void> {
    for (;;) {
      if (abort.signal.aborted) throw new Cancelled()
      if (state === 'running') return
      if (within !== null && stepping === within) return
      if (stepCredits > 0) {
        if (within === null) return
        stepCredits -= 1
        stepping = within
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

  async function note(step: string, title: string, detail: string, failed = false): Promise<void> {
    const index = addStep(step, title, null, null)
    await gate(index)
    update(index, { startedAt: iso(now()) })
    finish(index, { ok: !failed, detail }, null)
  }

  // `within` is the step whose retry it waits for (Okta's), null for a wait between steps (Entra's next cycle).
  async function wait(
    next: { readonly attempt: number; readonly waitSeconds: number; readonly throttled: boolean; readonly atLeastSeconds?: number; readonly byAdmin?: boolean },
    within: number | null = null
  ): Promise<void> {
    const waitMs = (next.waitSeconds * 1000) / speed
    const startedAt = now()
    owed = next.atLeastSeconds && next.atLeastSeconds * 1000 > waitMs ? { until: startedAt + next.atLeastSeconds * 1000, seconds: next.atLeastSeconds } : null
    retry = { attempt: next.attempt, waitSeconds: next.waitSeconds, throttled: next.throttled, until: iso(startedAt + waitMs), within, ...(next.byAdmin ? { byAdmin: true } : {}) }
    emit()
    try {
      await sleep(waitMs)
      // Paused during the wait: the countdown stays up, saying so, until the run is resumed (or stepped).
      await hold(within)
    } finally {
      // Gone with the next change the run sends out.
      retry = null
    }
  }

  async function request(call: HttpCall): Promise<HttpResponse | null> {
    const index = addStep(call.step, call.title, call.method, call.path)
    await gate(index)
    update(index, { status: 'running', startedAt: iso(now()) })
    emit()
    const waits: number[] = []
    let response: HttpResponse
    for (let attempt = 1; ; attempt += 1) {
      const sentAt = now()
      const exchange = await sendScimRequest(target, {
        method: call.method,
        path: call.path,
        headers: client.headers(options.token),
        body: call.body === undefined ? undefined : JSON.stringify(call.body)
      })
      if (!exchange.answered) {
        // A change the client gave up waiting for is not undone: the server may still make it, which the client never
        // hears of, so the directory can show what its provisioning calls failed.
        const mayStillBeMade =
          exchange.timedOut && call.method !== 'GET'
            ? ` The server may still make this change once it gets to it; ${client.name} never hears of it, so the directory can show what ${client.name} counts as failed.`
            : ''
        if (!exchange.unreachable && call.retries !== false && client.retriesUnansweredLater) {
          update(index, { status: 'deferred', httpStatus: null, detail: `${exchange.detail}${mayStillBeMade} ${client.retriesUnansweredLater}`, finishedAt: iso(now()) })
          emit()
          stopIfHopeless()
          throw new Deferred(null, null)
        }
        finish(index, { ok: false, detail: `${exchange.detail}${mayStillBeMade}` }, null)
        if (exchange.unreachable) {
          throw new Stopped(`Nothing answers at ${origin} any more, so every later request would fail the same way. Start the SCIM server (or check its port), then run the demo again.`)
        }
        stopIfHopeless()
        return null
      }
      response = exchange.response
      if (response.status !== 429) break
      if (owed && sentAt < owed.until) {
        // Sent before the server's clock allowed it, because the run is sped up: a 429 the client would never meet at
        // real speed. Not an attempt of the client's: wait the rest in real time, then send it again.
        const { until, seconds } = owed
        owed = null
        const rest = Math.max(0, until - now())
        const before = steps[index]
        update(index, {
          status: 'waiting',
          httpStatus: 429,
          detail:
            `HTTP 429 again: sped up, the demo sent this sooner than the server's ${seconds} s allow, and its clock is not sped up. ` +
            `The demo waits the rest, ${Math.ceil(rest / 1000)} s, in real time, then sends it again; ${client.name}, at real speed, never meets this 429.`
        })
        emit()
        await sleep(rest)
        await hold(index)
        update(index, { status: 'running', httpStatus: before?.httpStatus ?? null, detail: before?.detail ?? null })
        emit()
        attempt -= 1
        continue
      }
      if (call.retries === false) {
        finish(index, { ok: false, detail: client.notRetried(response) }, 429)
        stopIfHopeless()
        return null
      }
      const answer = (call.byAdmin?.throttled ?? client.throttled)(response, attempt)
      if ('end' in answer) {
        if (answer.end === 'failed') {
          finish(index, { ok: false, detail: answer.detail }, 429)
          stopIfHopeless()
          return null
        }
        update(index, { status: 'deferred', httpStatus: 429, detail: answer.detail, finishedAt: iso(now()) })
        emit()
        stopIfHopeless()
        throw new Deferred(retryAfterSeconds(response.headers.get('retry-after')))
      }
      waits.push(answer.retryIn)
      if (call.byAdmin) adminWaits.add(index)
      update(index, { status: 'waiting', httpStatus: 429, detail: answer.detail })
      // Sped up, the retry may come before the server's rate limit has refilled: `atLeastSeconds` lets the run tell such a
      // 429 from one the client would meet.
      await wait(
        { attempt, waitSeconds: answer.retryIn, throttled: true, atLeastSeconds: retryAfterSeconds(response.headers.get('retry-after')) ?? 0, byAdmin: call.byAdmin !== undefined },
        index
      )
      update(index, { status: 'running' })
      emit()
    }
    const retried =
      waits.length === 0
        ? ''
        : call.byAdmin
          ? ` ${call.byAdmin.retried(waits)}`
          : ` ${client.name} was throttled ${plural(waits.length, 'time')} and waited ${waits.map((seconds) => `${seconds} s`).join(', ')}.`
    // Asked of any 401, expected or not: the step that met it says why, and the run stops there.
    const refused = response.status === 401 ? (options.tokenRefused?.(errorDetail(response)) ?? null) : null
    if (!call.expect.includes(response.status)) {
      if (response.status >= 500 && call.retries !== false && client.retriesServerErrorLater) {
        update(index, { status: 'deferred', httpStatus: response.status, detail: `HTTP ${response.status}: ${errorDetail(response)} ${client.retriesServerErrorLater}${retried}`, finishedAt: iso(now()) })
        emit()
        stopIfHopeless()
        throw new Deferred(null, response.status)
      }
      finish(
        index,
        {
          ok: false,
          detail: `${
            call.unexpected?.(response) ??
            `Expected HTTP ${call.expect.filter((status) => !call.failureStatuses?.includes(status)).join(' or ')}, got ${response.status}: ${errorDetail(response)}`
          }${retried}${refused ? ` ${refused}` : ''}`
        },
        response.status
      )
      if (refused) throw new Stopped(refused)
      stopIfHopeless()
      return null
    }
    const outcome = call.outcome(response)
    finish(index, { ok: outcome.ok, detail: `${outcome.detail}${retried}${refused ? ` ${refused}` : ''}` }, response.status)
    if (refused) throw new Stopped(refused)
    // A failure, or an error status the client tolerates (Okta's 404 lookup), may be the tenant or token gone.
    if (!outcome.ok || response.status >= 400) stopIfHopeless()
    return outcome.ok ? response : null
  }

  // After a failure: when the caller knows that nothing more can succeed (tenant deleted, token revoked), stop here.
  function stopIfHopeless(): void {
    const stop = options.stopReason?.()
    if (stop) throw new Stopped(stop.reason, stop.tenantGone)
  }

  const script = scriptFor({ options, request, note, wait: (next) => wait(next) })

  function leftBehind(): string {
    const created = script.createdUsers()
    const shown = created.slice(0, 5).join(', ') + (created.length > 5 ? ', …' : '')
    const parts = [...(created.length > 0 ? [`${plural(created.length, 'user')} created (${shown})`] : []), ...script.halfWay()]
    return parts.length > 0 ? `What it did before it stopped stays in the tenant: ${parts.join('; ')}.` : 'It had created nothing in the tenant.'
  }

  const done = (async (): Promise<DemoRun> => {
    emit()
    try {
      await script.play()
    } catch (error) {
      if (error instanceof Stopped) {
        // Said once, after the failure that showed it. A run stopped at its first request says why in that failure's
        // words: the server's answer alone (a 401 "not valid for this base URL" once the tenant is deleted) would send
        // the watcher to check a token the run issued itself.
        if (steps.some((step) => step.status === 'ok')) {
          const index = addStep('run-stopped', 'The demo stops here: no later request could succeed', null, null)
          finish(index, { ok: false, detail: `${error.message} ${error.tenantGone ? 'What the run had created went with it.' : leftBehind()}` }, null)
        } else {
          const failed = steps.findLastIndex((step) => step.status === 'failed')
          const detail = steps[failed]?.detail ?? ''
          if (failed >= 0 && !detail.includes(error.message)) update(failed, { detail: `${detail} ${error.message}`.trim() })
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
        else if (step?.status === 'running') {
          update(index, { status: 'failed', detail: `Cancelled before ${client.name} had an answer.`, finishedAt: iso(now()) })
        } else if (step?.status === 'waiting') {
          // It had its answer, a 429, and was waiting to send the request again.
          const who = adminWaits.has(index) ? 'the admin waited to click again' : `${client.name} waited to send it again`
          update(index, { status: 'failed', detail: `Cancelled while ${who}: ${step.detail ?? 'HTTP 429.'}`, finishedAt: iso(now()) })
        }
      }
      // Say what the cancel cut in half, rather than leave it for someone to find in the directory.
      const left = script.halfWay()
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
          // Holds everything, the rest of a step being stepped through included.
          state = 'paused'
          stepping = null
          break
        case 'resume':
          state = 'running'
          release()
          break
        case 'step':
          // From a running run, "step" pauses after the step in flight (its retries after a 429 included); from a paused
          // run it lets one more step go, to its end, or the rest of the step a pause held.
          if (state === 'running') {
            state = 'paused'
            const last = steps[steps.length - 1]
            stepping = last && (last.status === 'running' || last.status === 'waiting') ? last.index : null
          } else stepCredits += 1
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
