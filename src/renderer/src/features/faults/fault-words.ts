/** Fault injection in Okta's words: which operations a rule can break, and what an injected failure says. */
import type { FaultRule } from '../../../../shared/models'
import { operationGroups, operationLabel } from '../logs/operation-labels'

/** Operations a rule may target: the log filter's grouping, as an Okta admin thinks of them. */
export const faultOperationGroups = operationGroups

/** "Push new user", or "Every request". */
export function ruleTargetLabel(operation: FaultRule['operation']): string {
  return operation === 'any' ? 'Every request' : operationLabel(operation)
}

/** HTTP statuses a trainer picks from, with what each one teaches. */
export const faultStatuses: ReadonlyArray<{ readonly status: number; readonly label: string; readonly detail: string }> = [
  { status: 500, label: '500 Internal Server Error', detail: 'The app could not save the change because its database did not answer. Try again later.' },
  { status: 503, label: '503 Service Unavailable', detail: 'The app is down for maintenance. Try again in a few minutes.' },
  { status: 502, label: '502 Bad Gateway', detail: 'The gateway in front of the app got no answer from it.' },
  { status: 504, label: '504 Gateway Timeout', detail: 'The app took too long to answer.' },
  { status: 400, label: '400 Bad Request', detail: 'The request is missing a required attribute.' },
  { status: 401, label: '401 Unauthorized', detail: 'The API token is not valid.' },
  { status: 403, label: '403 Forbidden', detail: 'This API token may not change users.' },
  { status: 404, label: '404 Not Found', detail: 'User not found.' },
  { status: 409, label: '409 Conflict', detail: 'A user with this userName already exists.' },
  { status: 429, label: '429 Too Many Requests', detail: 'Too many requests. Retry after the time in Retry-After.' }
]

/** The detail a new rule with this status starts with. */
export function defaultDetail(status: number): string {
  return faultStatuses.find((option) => option.status === status)?.detail ?? 'Injected failure.'
}

/** A fresh rule id; randomUUID needs a secure context, which an http origin is not. */
export function newRuleId(): string {
  return `rule-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}
