/**
 * The rule of src/shared/request-outcome.ts as SQL conditions, for the log's queries. Built from the shared values, so
 * that the figures SQL counts and the ones the renderer and the notifications count cannot drift apart.
 */
import { lowestErrorStatus, simulatorProduct, throttledStatus } from '../../shared/request-outcome'

/**
 * Any error answer, 4xx or 5xx (failures and throttles). Exactly the condition of the log's partial failure indexes
 * (`status >= 400`, migration 2), so that a query carrying it can read them.
 */
export function errorStatusCondition(status: string): string {
  return `${status} >= ${lowestErrorStatus}`
}

/** A failure (a 4xx other than 429, or a 5xx), as conditions to AND; the first is `errorStatusCondition`. */
export function failureConditions(status: string): readonly [string, string] {
  return [errorStatusCondition(status), `${status} <> ${throttledStatus}`]
}

/** A failure as one SQL expression (1 or 0), for sums. */
export function failureExpression(status: string): string {
  return `(${failureConditions(status).join(' AND ')})`
}

/** A throttle (429) as one SQL expression. */
export function throttledExpression(status: string): string {
  return `(${status} = ${throttledStatus})`
}

/**
 * The simulators' mark in a User-Agent, written exactly as the partial index `request_log_simulated` (migration 10)
 * says it, so that a query carrying it can read that index. `row` is the log's alias with its dot (`r.`), or ''.
 */
export function simulatorMarkCondition(row: string): string {
  return `instr(${row}client, '${simulatorProduct}') > 0`
}

/**
 * A request that SCIM Console's simulators or self-tests sent: the mark, with a token of this console
 * (shared/request-outcome.ts simulatorKindOf says why).
 */
export function simulatorCondition(row: string): string {
  return `${simulatorMarkCondition(row)} AND ${row}token_id IS NOT NULL`
}

/**
 * A change made in SCIM Console and logged as the request it equals (auth_scheme 'console', which no request gets),
 * written exactly as the partial index `request_log_console` (migration 11) says it.
 */
export function consoleChangeCondition(row: string): string {
  return `${row}auth_scheme = 'console'`
}

/** Any other request (a NULL User-Agent included: no simulator sends none). */
export function notSimulatorCondition(row: string): string {
  return `(coalesce(instr(${row}client, '${simulatorProduct}'), 0) = 0 OR ${row}token_id IS NULL)`
}
