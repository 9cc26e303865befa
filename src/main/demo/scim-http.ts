/**
 * How the demo's clients reach a tenant's SCIM base URL: the one request engine that the simulated runs (simulation.ts)
 * and the conformance self-tests (self-test.ts) share, with its timeout, its cancellation and its reading of an answer.
 * What a client sends (its headers and user agent) and what it does after a 429 stay with the client. Plain Node over fetch.
 */
import { connect } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'

/** Okta and Entra both close the connection when the app takes longer than this. */
export const requestTimeoutMs = 60_000

export type Json = Record<string, unknown>

/** An answer to a request, as the client reads it. */
export interface HttpResponse {
  readonly status: number
  readonly headers: Headers
  /** The body when it is a JSON object; null for anything else (HTML, `[]`, nothing), which a client treats as no answer. */
  readonly body: Json | null
  readonly text: string
}

/** One request to a tenant, relative to its base URL. */
export interface ScimRequest {
  readonly method: string
  /** Relative to the base URL, with the query. */
  readonly path: string
  /** The client's headers, its User-Agent among them. */
  readonly headers: Record<string, string>
  /** The body as sent (JSON text), or undefined for none. */
  readonly body?: string
}

/** Where a client sends its requests, and what ends them early. */
export interface ScimTarget {
  /** The tenant's SCIM base URL, without a trailing slash. */
  readonly baseUrl: string
  readonly fetch: typeof fetch
  /** Cancels the request in flight: it ends in `Cancelled`, never in an answer. */
  readonly signal: AbortSignal
  /** What the client does when the app takes longer than `requestTimeoutMs`: the end of the timeout's sentence. */
  readonly onTimeout: string
}

/** What came of a request: an HTTP answer, or one sentence for why none came. Both say how long it took. */
export type ScimExchange =
  | { readonly answered: true; readonly response: HttpResponse; readonly elapsedMs: number }
  | {
      readonly answered: false
      readonly detail: string
      /** Nothing answers at the origin (refused, closed, unresolvable), rather than a slow answer. */
      readonly unreachable: boolean
      /** The server still takes connections, but closed this one before it answered: this request failed, not the server. */
      readonly dropped: boolean
      /** No answer within `requestTimeoutMs`: the client gave up, while the server may still be handling the request. */
      readonly timedOut: boolean
      readonly elapsedMs: number
    }

/** Waits `ms`; rejects when `signal` aborts. Tests pass their own to move a fake clock. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>

/** Thrown when the caller's signal aborts a request or a wait: the run or test was cancelled. */
export class Cancelled extends Error {}

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// A body a client can read: a JSON object. Anything else (HTML, `[]`, nothing) it treats as no answer.
function jsonObject(text: string): Json | null {
  try {
    const parsed: unknown = text ? JSON.parse(text) : null
    return isRecord(parsed) ? parsed : null
  } catch {
    return null
  }
}

/** A Retry-After header in whole seconds, else null (missing, an HTTP-date, a fraction, "null"). */
export function retryAfterSeconds(header: string | null): number | null {
  const trimmed = header?.trim() ?? ''
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null
}

function networkErrorCode(error: unknown): string {
  const cause = error instanceof Error && isRecord(error.cause) ? error.cause : undefined
  return typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.name : ''
}

// Nothing answers at the origin any more (the server stopped, or moved to another port): every later request fails alike.
// A timeout is not one of these: the server is there but slow (a latency fault shows the 60 s limit), and the client carries on.
const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET'])

/**
 * True when a fetch failed because nothing answers at the origin (refused, closed, unresolvable), or because fetch will
 * never send to its port (isBadPort), not because it was slow.
 */
export function isUnreachable(error: unknown): boolean {
  return unreachableCodes.has(networkErrorCode(error)) || isBadPort(error)
}

// A connection closed under a request: the server stopped (or restarted), or it dropped this one request and still runs.
const closedCodes = new Set(['ECONNRESET', 'UND_ERR_SOCKET'])

/** How long the check that the origin still takes connections waits for one, after a connection closed under a request. */
const listeningCheckMs = 2_000

/**
 * Whether something still accepts TCP connections at `origin`: a bare connect, closed at once, that sends no request
 * (so that the server logs nothing). False when it is refused, fails, or takes longer than `listeningCheckMs`.
 */
export function acceptsConnections(origin: string, signal: AbortSignal): Promise<boolean> {
  const url = new URL(origin)
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: listeningCheckMs, signal })
    const settle = (accepted: boolean) => {
      socket.destroy()
      resolve(accepted)
    }
    socket.once('connect', () => settle(true))
    socket.once('timeout', () => settle(false))
    socket.once('error', () => settle(false))
  })
}

/**
 * The sentence for a connection that closed before an answer while the server at `origin` still takes new ones: it
 * dropped this request (it failed on it, or a proxy or tunnel in between cut it), and the next request may well pass.
 */
export function describeDroppedRequest(origin: string): string {
  return (
    `The connection to ${origin} closed before an answer arrived, though the server there still takes new connections: it dropped this one request ` +
    '(it may have failed while handling it, or a proxy or tunnel in between cut it), so whether the change was made is unknown. Later requests go on.'
  )
}

/**
 * Whether fetch refused the URL's port before connecting: browsers and Node's fetch (undici) never connect to the ports
 * of the WHATWG Fetch standard's "bad ports" list (9, 21, 25, 6000 and others of protocols a request could be smuggled
 * into), and undici says only "bad port".
 */
function isBadPort(error: unknown): boolean {
  const cause = error instanceof Error && isRecord(error.cause) ? error.cause : undefined
  return cause?.message === 'bad port'
}

/** One sentence for a request that got no HTTP answer, with what to do about it; `onTimeout` says what the client does then. */
export function describeNetworkError(error: unknown, origin: string, onTimeout: string): string {
  const cause = error instanceof Error && isRecord(error.cause) ? error.cause : undefined
  if (isBadPort(error)) {
    const port = URL.canParse(origin) ? new URL(origin).port : ''
    return (
      `Port ${port || 'of ' + origin} is one that browsers and Node's fetch refuse to connect to (the Fetch standard's "bad ports", kept for other ` +
      'protocols), so nothing was sent. Run the SCIM server on another port, such as 8787, and send to that one.'
    )
  }
  const code = networkErrorCode(error)
  if (code === 'ECONNREFUSED') return `Could not connect to ${origin}: nothing is listening there. Is the SCIM server running?`
  if (code === 'TimeoutError') return `No answer within ${requestTimeoutMs / 1000} s: ${onTimeout}`
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `The host of ${origin} does not resolve.`
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') {
    return `The connection to ${origin} closed before an answer arrived: the SCIM server stopped or restarted. Is it still running, on the same port?`
  }
  const reason = typeof cause?.message === 'string' && cause.message ? cause.message : error instanceof Error ? error.message : String(error)
  return `The request failed before an answer arrived: ${reason}.`
}

/**
 * Sends one request as a client would, and reads the whole answer, within `requestTimeoutMs`. Throws `Cancelled` when
 * `target.signal` has aborted or aborts before the answer is read; any other failure comes back as an exchange with no answer.
 */
export async function sendScimRequest(target: ScimTarget, request: ScimRequest): Promise<ScimExchange> {
  if (target.signal.aborted) throw new Cancelled()
  const started = performance.now()
  try {
    const response = await target.fetch(`${target.baseUrl}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.any([target.signal, AbortSignal.timeout(requestTimeoutMs)])
    })
    const text = await response.text()
    return { answered: true, response: { status: response.status, headers: response.headers, body: jsonObject(text), text }, elapsedMs: performance.now() - started }
  } catch (error) {
    if (target.signal.aborted) throw new Cancelled()
    const origin = new URL(target.baseUrl).origin
    // A closed connection is the server stopping only if it takes no new ones: one dropped request is not the end of a run.
    if (closedCodes.has(networkErrorCode(error)) && (await acceptsConnections(origin, target.signal))) {
      if (target.signal.aborted) throw new Cancelled()
      return { answered: false, detail: describeDroppedRequest(origin), unreachable: false, dropped: true, timedOut: false, elapsedMs: performance.now() - started }
    }
    if (target.signal.aborted) throw new Cancelled()
    return {
      answered: false,
      detail: describeNetworkError(error, origin, target.onTimeout),
      unreachable: isUnreachable(error),
      dropped: false,
      timedOut: networkErrorCode(error) === 'TimeoutError',
      elapsedMs: performance.now() - started
    }
  }
}

/** Waits `ms` with `sleep` (the real clock when none is given); throws `Cancelled` when `signal` aborts the wait. */
export async function sleepUnlessCancelled(sleep: Sleep | undefined, ms: number, signal: AbortSignal): Promise<void> {
  try {
    await (sleep ?? realSleep)(ms, signal)
  } catch (error) {
    if (signal.aborted) throw new Cancelled()
    throw error
  }
}

function realSleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal })
}
