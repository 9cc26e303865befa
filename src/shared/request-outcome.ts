/**
 * What counts as a tenant's failure, in one place: every figure, colour, filter and notification that counts failures
 * reads it here (the log's SQL builds its conditions from these values, in src/main/db/outcome-sql.ts).
 *
 * - A failure is an answer the identity provider reports to its admin as failed: a 4xx other than 429, or a 5xx.
 * - A 429 is a throttle, not a failure: Okta waits out Retry-After and sends the request again, and Entra retries the
 *   change in its next cycle, so nothing is lost. Throttles are counted and coloured on their own (violet).
 * - A request that SCIM Console's own simulators and self-tests sent (the Okta and Entra demos, the conformance
 *   self-tests) is not the customer's: it stays in the log, marked, and counts toward no failure figure.
 */
import type { LogEntrySummary } from './models'

/** The lowest status of an error answer: 4xx and 5xx. */
export const lowestErrorStatus = 400

/** The throttle's answer, with Retry-After (RFC 6585 §4). */
export const throttledStatus = 429

/** True for a failure: a 4xx other than 429, or a 5xx. */
export function isFailureStatus(status: number): boolean {
  return status >= lowestErrorStatus && status !== throttledStatus
}

/** True for a throttle: 429 Too Many Requests. */
export function isThrottledStatus(status: number): boolean {
  return status === throttledStatus
}

/**
 * The product token that SCIM Console's simulators and self-tests add to the User-Agent of the client they play
 * (RFC 9110 §10.1.5: `Okta SCIM Client 1.0.0 SCIM-Console-Simulator/demo`). The server reads the client from the rest,
 * so their requests get Okta's or Entra's words as the real ones do; the log keeps the User-Agent, which is how they
 * are told apart afterwards, by every process that reads the file. It names neither Okta nor Entra, so that it never
 * changes which client a request reads as. A request log index is built on it (migration 10): never change it.
 */
export const simulatorProduct = 'SCIM-Console-Simulator'

/** Which of SCIM Console's own clients sent a request: a simulated Okta or Entra run, or a conformance self-test. */
export type SimulatorKind = 'demo' | 'self-test'

/** The User-Agent a simulator or self-test sends: the played client's own, with SCIM Console's mark after it. */
export function simulatorUserAgent(clientUserAgent: string, kind: SimulatorKind): string {
  return `${clientUserAgent} ${simulatorProduct}/${kind}`
}

/**
 * Which of SCIM Console's simulators sent a logged request; null for any other client. The mark is any client's to
 * send, so it counts only on a request that presented a token of this console (`tokenId`: valid, or revoked, expired
 * or another tenant's, as the log records it): a caller with none cannot hide its failures behind it. The simulators
 * always send one; the self-test's 401 probe sends a token it revoked for the purpose.
 */
export function simulatorKindOf(entry: Pick<LogEntrySummary, 'client' | 'tokenId'>): SimulatorKind | null {
  const userAgent = entry.client
  if (entry.tokenId === null || !userAgent?.includes(simulatorProduct)) return null
  return userAgent.includes(`${simulatorProduct}/self-test`) ? 'self-test' : 'demo'
}

/** True when SCIM Console's own simulators or self-tests sent the request, not the customer's identity provider. */
export function sentBySimulator(entry: Pick<LogEntrySummary, 'client' | 'tokenId'>): boolean {
  return simulatorKindOf(entry) !== null
}

/**
 * True when a logged request counts as one of the tenant's failures: in its failure figures, failure rate, Latest
 * failures and failure notifications. A throttle does not, nor does anything SCIM Console's simulators sent.
 */
export function countsAsFailure(entry: Pick<LogEntrySummary, 'status' | 'client' | 'tokenId'>): boolean {
  return isFailureStatus(entry.status) && !sentBySimulator(entry)
}
