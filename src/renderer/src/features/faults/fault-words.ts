/** Fault injection in the words of the tenant's identity provider: what each fault does to it, and what a failure says. */
import type { IdentityProvider } from '../../../../shared/identity-provider'
import type { FaultRule } from '../../../../shared/models'
import { operationLabel } from '../logs/operation-labels'

/** "Push new user" (Okta's), "Create user" (Entra's), or "Every request". */
export function ruleTargetLabel(operation: FaultRule['operation'], provider: IdentityProvider = 'okta'): string {
  return operation === 'any' ? 'Every request' : operationLabel(operation, provider)
}

/** What each fault does to the provider's requests, and who reads a failure's detail, in the provider's words. */
export const faultProviderWords: Readonly<
  Record<
    IdentityProvider,
    {
      readonly throttle: string
      readonly latency: string
      /** Why the latency has its limit, with a leading space, or ''. */
      readonly latencyLimit: string
      /** Who reads a rule's detail, after "the sentence". */
      readonly detailReader: string
      readonly detailLabel: string
      readonly emptyRules: string
    }
  >
> = {
  okta: {
    throttle: 'Okta gets 429 Too Many Requests with a Retry-After header, and waits before it retries.',
    latency: 'Every request waits this long before it is answered. Okta closes the connection after 60 s.',
    latencyLimit: ' (Okta gives up after 60 s)',
    detailReader: 'Okta shows its admin',
    detailLabel: 'Detail Okta shows its admin',
    emptyRules: 'No failures. Add one to show a trainee what Okta reports when, say, \u201cPush new user\u201d gets 500.'
  },
  entra: {
    throttle: 'Entra gets 429 Too Many Requests with a Retry-After header, and retries later.',
    latency: 'Every request waits this long before it is answered.',
    latencyLimit: '',
    detailReader: 'Entra writes to its provisioning logs',
    detailLabel: 'Detail Entra writes to its provisioning logs',
    emptyRules: "No failures. Add one to show a trainee what Entra's provisioning logs say when, say, \u201cCreate user\u201d gets 500."
  }
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
