/** How log entries read on screen: paths inside a tenant, targets, counts, and times to the second. */
import { entraStandardsFlag } from '../../../../shared/entra-setup'
import { identityProviderNames, requestClientOf } from '../../../../shared/identity-provider'
import { logTotalCap } from '../../../../shared/ipc'
import type { LogEntrySummary } from '../../../../shared/models'
import { simulatorKindOf } from '../../../../shared/request-outcome'
import { assertNever } from '../../../../shared/result'
import { formatCount, formatDate } from '../../lib/format'

/** A path decoded for reading, so that a filter reads as Okta wrote it; as it is when it does not decode. */
export function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path.replace(/\+/g, ' '))
  } catch {
    return path
  }
}

/**
 * `/Users?filter=userName eq "…"`: the path after the tenant's base URL (the Tenant column names the tenant),
 * decoded (`decodedPath`).
 */
export function pathInTenant(entry: Pick<LogEntrySummary, 'path' | 'tenantSlug'>): string {
  const base = entry.tenantSlug ? `/scim/v2/${entry.tenantSlug}` : null
  return decodedPath(base && entry.path.toLowerCase().startsWith(base.toLowerCase()) ? entry.path.slice(base.length) || '/' : entry.path)
}

/**
 * A path for a short line (the demo's live log, the log table's Request column), which shows the user or group a lookup is for rather than what comes
 * before it: Entra's aadOptscim062020 flag, first in each of Entra's queries, is left out, and a filter is cut to its
 * value (`/Users?…"ada@contoso.com"`), as the row's operation already says what is looked up by. The row's title and
 * the log's drawer keep the whole path.
 */
export function shortRequestPath(path: string): string {
  const query = path.indexOf('?')
  if (query === -1) return path
  const route = path.slice(0, query)
  const flag = entraStandardsFlag.toLowerCase()
  const kept = path
    .slice(query + 1)
    .split('&')
    .filter((part) => (part.split('=')[0] ?? '').trim().toLowerCase() !== flag)
  if (kept.length === 0) return route
  // `filter=userName eq "…"`: its value is what follows the attribute and the operator.
  const filter = kept.find((part) => part.toLowerCase().startsWith('filter='))
  const value = filter?.slice('filter='.length).match(/^\s*\S+\s+\S+\s+(.+)$/)?.[1]
  return value ? `${route}?…${value}` : `${route}?${kept.join('&')}`
}

/** "12 s ago", "4 min ago", "3 h ago", "2 d ago": to the second, because a log is read while it happens. */
export function formatAgo(iso: string, now: number): string {
  const then = Date.parse(iso)
  if (Number.isNaN(then)) return '—'
  const seconds = Math.max(0, Math.round((now - then) / 1000))
  if (seconds < 5) return 'just now'
  if (seconds < 60) return `${seconds} s ago`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} h ago`
  const days = Math.floor(hours / 24)
  return days < 45 ? `${days} d ago` : formatDate(iso)
}

const precise = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  timeZoneName: 'short'
})

/** "Sat 28 Nov 2026, 14:03:22.418 UTC": the time to quote on a call or to match with Okta's task list. */
export function formatPreciseTime(iso: string): string {
  const then = new Date(iso)
  return Number.isNaN(then.getTime()) ? '—' : precise.format(then)
}

/** A count of the log's requests: "1,234", or "10,000+" past the cap that main counts up to (`logTotalCap`). */
export function formatLogCount(count: number): string {
  return count > logTotalCap ? `${formatCount(logTotalCap)}+` : formatCount(count)
}

/**
 * The userName or group name a lookup asked for (`filter=userName eq "…"`). Requests refused before they were
 * routed (401, 429) have no recorded target, but their path still says whom Okta was looking for.
 */
export function nameFromPath(path: string): string | null {
  const start = path.indexOf('?')
  if (start === -1) return null
  let filter: string | null
  try {
    filter = new URLSearchParams(path.slice(start + 1)).get('filter')
  } catch {
    return null
  }
  const match = filter ? /^\s*(?:userName|displayName)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter) : null
  return match?.[1] ?? null
}

/**
 * What a request was about, as a person names it: the userName or group name, else the SCIM id. Nobody for a
 * connection test: Entra's looks up a user and a group named by made-up GUIDs.
 */
export function targetText(entry: Pick<LogEntrySummary, 'targetName' | 'targetId' | 'path' | 'operation'>): string | null {
  if (entry.operation === 'test-credentials') return null
  return entry.targetName ?? nameFromPath(entry.path) ?? entry.targetId
}

/**
 * The client as people call it, from its User-Agent (the full one goes in a tooltip): "Okta 1.0.0" for "Okta SCIM
 * Client 1.0.0", "Okta" for Okta's SPEC test ("OKTA SCIM Integration"), "Microsoft Entra ID" for Entra, "curl 8.5.0"; and
 * "Okta demo", "Entra self-test" for SCIM Console's own simulators, which play them.
 * Which identity provider sent a request is `requestClientOf`'s answer, as everywhere else in the app.
 */
export function clientLabel(entry: Pick<LogEntrySummary, 'client' | 'path' | 'tokenId'>): string | null {
  const userAgent = entry.client
  const kind = requestClientOf(userAgent, entry.path)
  // SCIM Console's own simulators and self-tests (shared/request-outcome.ts): "Okta demo", "Entra self-test".
  const simulator = simulatorKindOf(entry)
  if (simulator !== null && kind !== 'other') return `${kind === 'okta' ? 'Okta' : 'Entra'} ${simulator}`
  switch (kind) {
    case 'okta': {
      const version = /^Okta SCIM Client\s*([\w.-]+)/i.exec(userAgent ?? '')?.[1]
      return version ? `${identityProviderNames.okta} ${version}` : identityProviderNames.okta
    }
    case 'entra':
      return identityProviderNames.entra
    case 'other': {
      if (!userAgent) return null
      const product = /^([\w.-]+)\/([\w.-]+)/.exec(userAgent)
      return product ? `${product[1]} ${product[2]}` : userAgent
    }
    default:
      return assertNever(kind, 'Unknown request client')
  }
}

/** The class an HTTP status falls in: what a request's colour, tint and icon say, on every screen that lists requests. */
export type StatusClass = 'success' | 'client-error' | 'throttled' | 'server-error' | 'other'

/** The status class a request falls in, for colour and words. */
export function statusClass(status: number): StatusClass {
  if (status === 429) return 'throttled'
  if (status >= 500) return 'server-error'
  if (status >= 400) return 'client-error'
  if (status >= 200 && status < 300) return 'success'
  return 'other'
}

/** What the drawer says where the log holds no request body: the same words as `logs show` (shared/request-body.ts). */
export { missingBodyNote } from '../../../../shared/request-body'
