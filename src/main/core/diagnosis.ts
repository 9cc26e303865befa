import type { LogQuery } from '../../shared/ipc'
import type { Diagnosis, DiagnosisFact, LogEntry, LogEntryDetail, LogEntrySummary, Page, Token, TokenRef } from '../../shared/models'
import { ok, type Result } from '../../shared/result'
import type { DirectoryService } from './directory'
import type { ProvisioningLog } from './provisioning-log'
import type { TenantService } from './tenants'
import type { TokenService } from './tokens'

/** What Okta does after a 429 (docs/okta-scim.md §1.10): the first wait, then doubling, up to this many attempts. */
export const oktaRetryAttempts = 10
/** Okta's first wait when Retry-After is missing or not whole seconds. */
export const oktaDefaultRetrySeconds = 300

const oktaIntegrationPage = 'Provisioning → Integration'

/** The tenant a request was addressed to, as it is now. */
export interface TenantFacts {
  readonly id: string
  readonly name: string
  readonly slug: string
  readonly rateLimitPerMinute: number
}

/** A user found in the directory while diagnosing. */
export interface UserFacts {
  readonly id: string
  readonly userName: string
  readonly active: boolean
  readonly createdAt: string
  readonly updatedAt: string
}

/**
 * The data a diagnosis is derived from, gathered by `createDiagnostician` from the tenants, tokens, directory
 * and log. Fields that do not apply to a failure are null.
 */
export interface DiagnosisContext {
  readonly tenant: TenantFacts | null
  /** The token the server recognised on the request (by its stored id), as it is now. */
  readonly token: TokenRef | null
  /** The slug of the token's tenant, for a token of another tenant. */
  readonly tokenTenantSlug: string | null
  /** The addressed tenant's tokens that start with the prefix an unrecognised token showed. */
  readonly prefixMatches: readonly TokenRef[]
  /** The addressed tenant's tokens that are active now. */
  readonly activeTokens: readonly TokenRef[]
  /** For a 409: the user that holds the userName now, or null when none does. */
  readonly holder: UserFacts | null
  /** For a 404 on a user or group: whether it exists now. */
  readonly targetExistsNow: boolean | null
  /** For a 404: the logged request that deleted the target, if the log still has it. */
  readonly deletedBy: LogEntrySummary | null
  /** For a 429: how many of the tenant's requests were refused with 429 in the minute up to this one. */
  readonly throttledInMinute: number | null
}

/** A context with nothing known, for callers (and tests) that fill in only what applies. */
export const emptyContext: DiagnosisContext = {
  tenant: null,
  token: null,
  tokenTenantSlug: null,
  prefixMatches: [],
  activeTokens: [],
  holder: null,
  targetExistsNow: null,
  deletedBy: null,
  throttledInMinute: null
}

/** A time as people read it in a support call: `2026-11-28 09:30:12 UTC`. */
export function readableTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC`
}

/** A span in the largest unit that keeps it readable: "45 seconds", "3 minutes", "5 hours", "2 days". */
export function readableSpan(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000)
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`
  if (seconds < 120) return plural(seconds, 'second')
  const minutes = Math.round(seconds / 60)
  if (minutes < 120) return plural(minutes, 'minute')
  const hours = Math.round(minutes / 60)
  if (hours < 48) return plural(hours, 'hour')
  return plural(Math.round(hours / 24), 'day')
}

/** "3 minutes before this request", or "moments before" when the two are under a second apart. */
function spanBeforeRequest(ms: number): string {
  return Math.abs(ms) < 1000 ? 'moments before this request' : `${readableSpan(ms)} before this request`
}

/** Okta's retry plan after a 429: the wait before each attempt, in seconds (docs/okta-scim.md §1.10). */
export function oktaRetrySchedule(retryAfterSeconds: number | null): readonly number[] {
  const first = retryAfterSeconds !== null && Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0 ? retryAfterSeconds : oktaDefaultRetrySeconds
  return Array.from({ length: oktaRetryAttempts }, (_, attempt) => first * 2 ** attempt)
}

/** The display prefix an Authorization header showed after redaction (`Bearer scim_ab12…` → `scim_ab12`). */
export function presentedPrefix(headers: Readonly<Record<string, string>>): string | null {
  return /(scim_[A-Za-z0-9_-]+)…/.exec(headers.authorization ?? '')?.[1] ?? null
}

/** The scheme word an Authorization header started with, as sent (`Basic`, `SSWS`, `Token`…). */
function presentedScheme(headers: Readonly<Record<string, string>>): string | null {
  const value = headers.authorization?.trim() ?? ''
  const space = value.indexOf(' ')
  return space > 0 ? value.slice(0, space) : null
}

/** The filter of a list request, decoded, or null. */
export function filterOf(path: string): string | null {
  const query = path.indexOf('?')
  if (query === -1) return null
  try {
    const value = new URLSearchParams(path.slice(query + 1)).get('filter')
    return value ?? null
  } catch {
    return null
  }
}

/** Reads `a.b.c` from a JSON body, matching names case-insensitively as SCIM does; undefined when absent. */
export function valueAt(body: string | null, attributePath: string): unknown {
  if (!body) return undefined
  let current: unknown
  try {
    current = JSON.parse(body)
  } catch {
    return undefined
  }
  // An extension attribute is `urn:…:User:department`: the URN is one key, the attribute after it another.
  const urn = /^(urn:[^ ]+):([^:.]+(?:\.[^:.]+)*)$/i.exec(attributePath)
  const parts = urn?.[1] && urn[2] ? [urn[1], ...urn[2].split('.')] : attributePath.split('.')
  for (const part of parts) {
    if (!current || typeof current !== 'object' || Array.isArray(current)) return undefined
    const record = current as Record<string, unknown>
    const key = Object.keys(record).find((name) => name.toLowerCase() === part.toLowerCase())
    if (key === undefined) return undefined
    current = record[key]
  }
  return current
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 120 ? `${text.slice(0, 120)}…` : text
}

/** The attribute a 400's detail names: `The attribute active must be…`, `The path "x" is…`, `'x' cannot be used…`. */
export function attributeOf(detail: string | null): string | null {
  if (!detail) return null
  const patterns = [/\bThe attribute '?([\w.:$-]+?)'? (?:must|is|has|cannot|appears)/, /\bThe path "([^"]+)"/, /\bThe value for ([\w.:$-]+)/, /\bThe member ([\w.[\]]+) has/]
  for (const pattern of patterns) {
    const found = pattern.exec(detail)?.[1]
    if (found) return found
  }
  return null
}

function tokenName(token: TokenRef): string {
  return `"${token.label}" (${token.prefix}…)`
}

function tenantName(context: DiagnosisContext, entry: LogEntry): string {
  return context.tenant?.name ?? entry.tenantSlug ?? 'this tenant'
}

function newTokenStep(tenant: string): string {
  return `Issue a new API token for ${tenant} in SCIM Console (${tenant} → Tokens), then in Okta open the app's ${oktaIntegrationPage}, paste it into API Token, click Test API Credentials and Save.`
}

function facts(...items: (DiagnosisFact | null | false)[]): DiagnosisFact[] {
  return items.filter((item): item is DiagnosisFact => Boolean(item))
}

function fact(label: string, value: string | number | null | undefined): DiagnosisFact | null {
  return value === null || value === undefined || value === '' ? null : { label, value: String(value) }
}

function tokenFacts(token: TokenRef): DiagnosisFact[] {
  return facts(
    fact('Token', tokenName(token)),
    fact('Token belongs to', token.tenantName),
    fact('Token status now', token.status),
    token.revokedAt ? fact('Revoked', readableTime(token.revokedAt)) : null,
    token.expiresAt ? fact('Expires', readableTime(token.expiresAt)) : null
  )
}

function activeTokensFact(context: DiagnosisContext): DiagnosisFact {
  const active = context.activeTokens
  return {
    label: 'Active tokens of the tenant',
    value: active.length === 0 ? 'none' : active.map(tokenName).join(', ')
  }
}

function unauthorized(entry: LogEntry, context: DiagnosisContext): Diagnosis {
  const tenant = tenantName(context, entry)
  const at = Date.parse(entry.at)
  const token = context.token
  if (entry.authScheme === 'none') {
    return {
      severity: 'error',
      title: 'No API token was sent',
      explanation: `The request reached ${tenant} without an Authorization header, so SCIM Console could not tell who sent it and refused it.`,
      nextStep: `In Okta, open the app's ${oktaIntegrationPage}, set Authentication Mode to "HTTP Header", paste an API token of ${tenant} into Authorization, then Test API Credentials and Save.`,
      facts: facts(fact('Authorization header', 'missing'), activeTokensFact(context))
    }
  }
  if (entry.authScheme === 'basic') {
    return {
      severity: 'error',
      title: 'Okta sent a user name and password (Basic), not an API token',
      explanation: `The Authorization header uses the Basic scheme: the app's Authentication Mode in Okta is "Basic Auth". ${tenant} accepts only its API tokens.`,
      nextStep: `In Okta, open the app's ${oktaIntegrationPage}, change Authentication Mode to "HTTP Header", paste an API token of ${tenant}, then Test API Credentials and Save.`,
      facts: facts(fact('Authorization header', entry.requestHeaders.authorization), activeTokensFact(context))
    }
  }
  if (entry.authScheme === 'other') {
    const scheme = presentedScheme(entry.requestHeaders) ?? 'unknown'
    const okta = scheme.toUpperCase() === 'SSWS' ? ' SSWS is the scheme of Okta\'s own API tokens, which do not work here.' : ''
    return {
      severity: 'error',
      title: `The token was sent with the "${scheme}" scheme instead of "Bearer"`,
      explanation: `SCIM Console reads "Authorization: Bearer <token>" (or the bare token), but this header starts with "${scheme}", so no token was read from it.${okta}`,
      nextStep: `In Okta's ${oktaIntegrationPage}, put only the API token of ${tenant} into Authorization, without "${scheme}" in front; then Test API Credentials and Save.`,
      facts: facts(fact('Authorization header', entry.requestHeaders.authorization), activeTokensFact(context))
    }
  }
  if (token && context.tenant && token.tenantId !== context.tenant.id) {
    const other = context.tokenTenantSlug
    return {
      severity: 'error',
      title: `The token belongs to another tenant: ${token.tenantName}`,
      explanation: `The token ${tokenName(token)} is a token of ${token.tenantName}, but the request was addressed to ${tenant}. Each tenant accepts only its own tokens, so Okta has one tenant's token with another tenant's base URL.`,
      nextStep: `If this Okta org is ${tenant}'s, paste an API token of ${tenant} into Okta's ${oktaIntegrationPage}. If it is ${token.tenantName}'s, change the base URL to end in /scim/v2/${other ?? '<slug>'} instead. Then Test API Credentials and Save.`,
      facts: facts(fact('Addressed tenant', tenant), ...tokenFacts(token), activeTokensFact(context))
    }
  }
  if (token?.revokedAt && Date.parse(token.revokedAt) <= at) {
    return {
      severity: 'error',
      title: 'The API token was revoked',
      explanation: `Okta sent the token ${tokenName(token)}, which was revoked on ${readableTime(token.revokedAt)}, ${spanBeforeRequest(at - Date.parse(token.revokedAt))}. A revoked token stops working at once.`,
      nextStep: newTokenStep(tenant),
      facts: facts(...tokenFacts(token), activeTokensFact(context))
    }
  }
  if (token?.expiresAt && Date.parse(token.expiresAt) <= at) {
    return {
      severity: 'error',
      title: 'The API token has expired',
      explanation: `Okta sent the token ${tokenName(token)}, which expired on ${readableTime(token.expiresAt)}, ${spanBeforeRequest(at - Date.parse(token.expiresAt))}.`,
      nextStep: newTokenStep(tenant),
      facts: facts(...tokenFacts(token), activeTokensFact(context))
    }
  }
  if (token) {
    return {
      severity: 'error',
      title: 'The API token was refused',
      explanation: `The token ${tokenName(token)} was refused: ${entry.errorDetail ?? 'no reason was recorded'}.`,
      nextStep: newTokenStep(tenant),
      facts: facts(...tokenFacts(token), activeTokensFact(context))
    }
  }
  // Not one of ours: work out from the redacted prefix whether it was mangled, foreign or from elsewhere.
  const prefix = presentedPrefix(entry.requestHeaders)
  const bare = entry.authScheme === 'bare' ? ' It was sent without the word "Bearer", which SCIM Console accepts.' : ''
  let explanation: string
  if (prefix === null) {
    explanation = `The token is not a SCIM Console token (those start with "scim_"): it may be Okta's own API token, or a secret of another system pasted by mistake.${bare}`
  } else if (context.prefixMatches.length > 0) {
    const names = context.prefixMatches.map(tokenName).join(' or ')
    explanation = `The token starts like ${tenant}'s token ${names}, but the rest does not match: it was probably cut short or changed when it was pasted into Okta.${bare}`
  } else {
    explanation = `No token of ${tenant} starts with ${prefix}: it may be a token of a deleted tenant, of another SCIM Console installation, or mistyped.${bare}`
  }
  return {
    severity: 'error',
    title: 'The API token is not one SCIM Console knows',
    explanation,
    nextStep: `A token is shown only once, so it cannot be copied again: ${newTokenStep(tenant)} Paste it whole, with nothing before or after it.`,
    facts: facts(fact('Token presented', prefix ? `${prefix}…` : 'not a scim_ token'), fact('Authorization header', entry.requestHeaders.authorization), activeTokensFact(context))
  }
}

function conflict(entry: LogEntry, context: DiagnosisContext): Diagnosis {
  const tenant = tenantName(context, entry)
  if (entry.targetType === 'group') {
    const name = entry.targetName ?? (valueAt(entry.requestBody, 'displayName') as string | undefined) ?? 'the group'
    return {
      severity: 'error',
      title: `A group named "${name}" already exists`,
      explanation: `Okta pushed a new group, but ${tenant} already has a group with that displayName. Group Push stops for this group.`,
      nextStep: `In Okta's Push Groups tab, push the group again and choose "Link Group" to link it to the existing "${name}" instead of creating one.`,
      facts: facts(fact('Group', name), fact('Detail', entry.errorDetail))
    }
  }
  const requested = valueAt(entry.requestBody, 'userName')
  const userName = typeof requested === 'string' ? requested : (entry.targetName ?? 'that userName')
  const holder = context.holder
  if (!holder) {
    return {
      severity: 'error',
      title: `The userName "${userName}" was taken`,
      explanation: `When Okta sent this, a user of ${tenant} already had the userName "${userName}". No user holds it now: it was deleted or renamed since.`,
      nextStep: 'Retry the failed task in Okta (Dashboard → Tasks): the userName is free now.',
      facts: facts(fact('userName', userName), fact('Now held by', 'nobody'))
    }
  }
  const holderFacts = facts(
    fact('userName', userName),
    fact('Held by user', holder.id),
    fact('That user is', holder.active ? 'active' : 'deactivated (active: false)'),
    fact('Created', readableTime(holder.createdAt)),
    fact('Last changed', readableTime(holder.updatedAt))
  )
  if (!holder.active) {
    return {
      severity: 'error',
      title: `A deactivated user already has the userName "${holder.userName}"`,
      explanation: `Okta tried to ${entry.operation === 'create-user' ? 'create' : 'give'} "${userName}", but ${tenant} keeps a deactivated user with that userName (id ${holder.id}, last changed ${readableTime(holder.updatedAt)}). userNames are unique even among deactivated users, and a 409 stops Okta's provisioning of this user.`,
      nextStep: `In Okta, unassign the user from the app and assign them again: Okta's lookup (filter userName eq) then finds the deactivated user and reactivates it instead of creating a new one. If that user is stale, delete it in SCIM Console (${tenant} → Users) and retry the task in Okta.`,
      facts: holderFacts
    }
  }
  return {
    severity: 'error',
    title: `An active user already has the userName "${holder.userName}"`,
    explanation: `Okta tried to ${entry.operation === 'create-user' ? 'create' : 'give'} "${userName}", but ${tenant} already has an active user with that userName (id ${holder.id}, created ${readableTime(holder.createdAt)}) that Okta has not linked. A 409 stops Okta's provisioning of this user.`,
    nextStep: `In Okta, run Import on the app's Import tab and confirm the match, so Okta links the existing user; or check the app's username mapping, since Okta looks up by userName before creating.`,
    facts: holderFacts
  }
}

const userPushOperations = new Set(['get-user', 'update-user', 'deactivate-user', 'reactivate-user', 'delete-user'])
const groupOperations = new Set(['get-group', 'group-push-update', 'group-push-delete'])

function notFound(entry: LogEntry, context: DiagnosisContext): Diagnosis {
  if (entry.tenantId === null) {
    const slug = entry.tenantSlug ?? ''
    return {
      severity: 'error',
      title: `No tenant has the slug "${slug}"`,
      explanation: `The request went to /scim/v2/${slug}, and no tenant has that slug, so every request from this Okta app fails before it reaches a tenant.`,
      nextStep: "In Okta's Provisioning → Integration, correct the SCIM connector base URL: it ends in /scim/v2/<tenant slug>, as shown on the tenant's page in SCIM Console.",
      facts: facts(fact('Slug in the URL', slug), fact('Path', entry.path))
    }
  }
  const tenant = tenantName(context, entry)
  const deleted = context.deletedBy
  const deletedFact = deleted ? fact('Deleted', `${readableTime(deleted.at)} by ${deleted.method} (log entry ${deleted.id}${deleted.client ? `, ${deleted.client}` : ''})`) : null
  const existsFact = context.targetExistsNow === null ? null : fact('Exists now', context.targetExistsNow ? 'yes (it was created again later)' : 'no')
  if (entry.targetType === 'user' && entry.targetId && userPushOperations.has(entry.operation)) {
    const who = entry.targetName ? `"${entry.targetName}" (id ${entry.targetId})` : `id ${entry.targetId}`
    // Okta reads a user by id only to update it (its catalog app reads, then replaces).
    const reading = entry.operation === 'get-user'
    return {
      severity: 'error',
      title: reading ? 'Okta is reading a user that no longer exists here' : 'Okta is updating a user that no longer exists here',
      explanation: `Okta addressed the user ${who} by the id it stored${reading ? ', reading it before it pushes an update' : ''}, and ${tenant} has no user with that id${deleted ? `: it was deleted on ${readableTime(deleted.at)}` : ''}. On a 404 during a profile push Okta stops: it does not look the user up again, re-create it or retry, and its Tasks page shows the push as failed.`,
      nextStep: 'In Okta, unassign the user from the app, then assign them again: Okta then looks the user up by userName and creates them anew with a new id.',
      facts: facts(fact('User id', entry.targetId), fact('userName', entry.targetName), deletedFact, existsFact)
    }
  }
  if (entry.targetType === 'group' && entry.targetId && groupOperations.has(entry.operation)) {
    return {
      severity: 'error',
      title: 'Okta is pushing to a group that no longer exists here',
      explanation: `Okta addressed the group id ${entry.targetId}, and ${tenant} has no group with that id${deleted ? `: it was deleted on ${readableTime(deleted.at)}` : ''}. Okta's link to the pushed group is stale.`,
      nextStep: "In Okta's Push Groups tab, unlink the group (keeping the group in Okta), then push it again so it is created anew.",
      facts: facts(fact('Group id', entry.targetId), fact('Group', entry.targetName), deletedFact, existsFact)
    }
  }
  return {
    severity: 'error',
    title: 'Nothing at this address',
    explanation: entry.errorDetail ?? `SCIM Console has nothing at ${entry.method} ${entry.path}.`,
    nextStep: "Check the SCIM connector base URL in Okta's Provisioning → Integration: it is the tenant's base URL, ending in /scim/v2/<tenant slug>, with nothing after it.",
    facts: facts(fact('Path', entry.path))
  }
}

function throttled(entry: LogEntry, context: DiagnosisContext): Diagnosis {
  const tenant = tenantName(context, entry)
  const detail = entry.errorDetail ?? ''
  const retryAfter = Number(/Retry after (\d+) seconds?/i.exec(detail)?.[1] ?? Number.NaN)
  const retrySeconds = Number.isInteger(retryAfter) ? retryAfter : null
  // The tenant's limit says "allows N requests"; an injected throttle says "is throttled to N requests".
  const budgetThen = Number(/(?:allows|throttled to) (\d+) requests/i.exec(detail)?.[1] ?? Number.NaN)
  // An injected throttle is not the tenant's rate limit, so that limit says nothing about it.
  const budgetNow = entry.injected ? null : (context.tenant?.rateLimitPerMinute ?? null)
  const schedule = oktaRetrySchedule(retrySeconds)
  const first = schedule[0] ?? oktaDefaultRetrySeconds
  const retryAt = new Date(Date.parse(entry.at) + first * 1000).toISOString()
  const lastWait = schedule[schedule.length - 1] ?? first
  const totalWait = schedule.reduce((sum, wait) => sum + wait, 0)
  const budget = Number.isInteger(budgetThen) ? budgetThen : budgetNow
  const limitNow =
    budgetNow === null ? '' : budgetNow === 0 ? ' The limit has since been removed, so the retry will go through.' : budgetNow !== budget ? ` The limit is now ${budgetNow} a minute.` : ''
  return {
    severity: 'warning',
    title: `Throttled: ${tenant} allows ${budget === null ? 'a limited number of requests' : `${budget} request${budget === 1 ? '' : 's'}`} a minute`,
    explanation:
      `SCIM Console answered 429 Too Many Requests${retrySeconds !== null ? ` with Retry-After: ${retrySeconds}` : '; the log does not show its Retry-After, and without one Okta waits its default 5 minutes'}. ` +
      `Okta pauses the task and retries it by itself at ${readableTime(retryAt)}; each further refusal doubles the wait (up to ${readableSpan(lastWait * 1000)}), for ${oktaRetryAttempts} attempts over about ${readableSpan(totalWait * 1000)}, after which the task fails and needs a manual retry.${limitNow}`,
    nextStep:
      budgetNow === 0
        ? 'Nothing to do: Okta retries on its own. If the task already failed, retry it in Okta (Dashboard → Tasks).'
        : `Nothing is lost: Okta retries on its own. If throttling is not wanted, raise ${tenant}'s rate limit in SCIM Console (Tenants → ${tenant} → Edit tenant), or set it to 0 for no limit.`,
    facts: facts(
      fact('Rate limit', budget === null ? null : `${budget} request${budget === 1 ? '' : 's'} a minute`),
      fact('Retry-After', retrySeconds === null ? 'not in the log (Okta waits 5 minutes without one)' : `${retrySeconds} seconds`),
      fact("Okta's next attempt", readableTime(retryAt)),
      fact("Okta's waits", `${schedule.slice(0, 4).map((wait) => `${wait} s`).join(', ')}, … doubling to ${oktaRetryAttempts} attempts`),
      fact('Refused in that minute', context.throttledInMinute)
    )
  }
}

function badRequest(entry: LogEntry): Diagnosis {
  const detail = entry.errorDetail ?? 'The request could not be used.'
  if (entry.errorType === 'invalidFilter') {
    const filter = filterOf(entry.path)
    const near = /near '([^']*)' at character (\d+)/.exec(detail)
    return {
      severity: 'error',
      title: near ? `The filter cannot be read near "${near[1]}"` : 'The filter cannot be read',
      explanation: `The request's filter${filter ? ` ${filter}` : ''} was refused: ${detail} Okta itself only sends userName eq "…" and displayName eq "…".`,
      nextStep:
        entry.client?.startsWith('Okta')
          ? "Check the app's username format and attribute mappings in Okta: a value with an unescaped quote or backslash breaks the filter Okta builds."
          : 'Correct the filter in the client that sent it; the fragment and position above show where it breaks.',
      facts: facts(fact('Filter', filter), fact('Fragment', near?.[1]), fact('At character', near?.[2]), fact('scimType', entry.errorType))
    }
  }
  const attribute = attributeOf(detail)
  const sent = attribute ? valueAt(entry.requestBody, attribute) : undefined
  const title = attribute ? `Okta sent a value for ${attribute} that cannot be used` : 'The request could not be used'
  return {
    severity: 'error',
    title: entry.errorType === 'invalidSyntax' && !attribute ? 'The request body cannot be read' : title,
    explanation: `${detail}${sent !== undefined ? ` Okta sent ${attribute}: ${shown(sent)}.` : ''}`,
    nextStep: attribute
      ? `In Okta, correct the mapping of ${attribute} for this app (Directory → Profile Editor → the app → Mappings, or the app's To App attribute mappings), then retry the task.`
      : 'Compare the request body below with the detail: the client sent something SCIM Console cannot apply. Correct it in the client and retry.',
    facts: facts(fact('Attribute', attribute), sent !== undefined ? fact('Value sent', shown(sent)) : null, fact('scimType', entry.errorType))
  }
}

function serverError(entry: LogEntry): Diagnosis {
  const errorId = /Internal error ([0-9a-f]+)/i.exec(entry.errorDetail ?? '')?.[1] ?? null
  if (errorId) {
    return {
      severity: 'error',
      title: `SCIM Console failed on this request (error ${errorId})`,
      explanation: `An unexpected error stopped SCIM Console while it handled this request, so nothing was changed. Okta shows the request as failed.`,
      nextStep: `Retry the task in Okta (Dashboard → Tasks). If it fails again, send SCIM Console support the error id ${errorId} and this request (Copy as cURL); the server's own log has the details under that id.`,
      facts: facts(fact('Internal error id', errorId), fact('Status', entry.status))
    }
  }
  return {
    severity: 'error',
    title: `The server answered ${entry.status}`,
    explanation: entry.errorDetail ?? `SCIM Console could not handle ${entry.method} ${entry.path}.`,
    nextStep: 'Retry the task in Okta (Dashboard → Tasks). If it keeps failing, send this request (Copy as cURL) to SCIM Console support.',
    facts: facts(fact('Status', entry.status))
  }
}

function injected(entry: LogEntry, context: DiagnosisContext, underlying: Diagnosis): Diagnosis {
  const tenant = tenantName(context, entry)
  return {
    severity: 'info',
    title: `Injected failure: ${underlying.title}`,
    explanation: `This ${entry.status} was injected on purpose by the fault settings of ${tenant} (for training or a demo); Okta's request and ${tenant}'s data were fine. What Okta was told: ${entry.errorDetail ?? 'no detail'}`,
    nextStep: `Nothing to fix in Okta. Turn the fault off in SCIM Console (${tenant} → Faults) when the exercise is over. Had it been real: ${underlying.nextStep}`,
    facts: facts(fact('Injected', 'yes, by fault injection'), ...underlying.facts)
  }
}

/**
 * Explains a failed request in plain words, with the next step in Okta's words, from the entry and the data
 * gathered about it. Null for a request that did not fail.
 */
export function diagnose(entry: LogEntry, context: DiagnosisContext): Diagnosis | null {
  if (entry.status < 400) return null
  const underlying = diagnoseReal(entry, context)
  return entry.injected ? injected(entry, context, underlying) : underlying
}

function diagnoseReal(entry: LogEntry, context: DiagnosisContext): Diagnosis {
  switch (entry.status) {
    case 401:
      return unauthorized(entry, context)
    case 409:
      return conflict(entry, context)
    case 404:
      return notFound(entry, context)
    case 429:
      return throttled(entry, context)
    case 400:
      return badRequest(entry)
  }
  if (entry.status >= 500) return serverError(entry)
  return {
    severity: 'error',
    title: `Refused with ${entry.status}`,
    explanation: entry.errorDetail ?? `SCIM Console refused ${entry.method} ${entry.path}.`,
    nextStep: entry.status === 412
      ? 'The resource changed after the client read it; read it again and retry (Okta does this on its next sync).'
      : 'Correct the request as the detail says, then retry it.',
    facts: facts(fact('Status', entry.status), fact('scimType', entry.errorType))
  }
}

/** The token model for the detail panel, with its tenant's name. */
export function toTokenRef(token: Token, tenantName: string): TokenRef {
  return {
    id: token.id,
    tenantId: token.tenantId,
    tenantName,
    label: token.label,
    prefix: token.prefix,
    status: token.status,
    revokedAt: token.revokedAt,
    expiresAt: token.expiresAt
  }
}

/** What the diagnostician reads: the services, narrowed to what it needs. */
export interface DiagnosticianDeps {
  readonly tenants: Pick<TenantService, 'find'>
  readonly tokens: Pick<TokenService, 'get' | 'list'>
  readonly directory: Pick<DirectoryService, 'findUserByName' | 'getUser' | 'getGroup'>
  readonly log: Pick<ProvisioningLog, 'get' | 'list' | 'timeline' | 'flush'>
}

/** Diagnoses log entries from live data; the rules themselves are the pure `diagnose`. */
export interface Diagnostician {
  /** Gathers the data a failure's diagnosis needs. */
  context(entry: LogEntry, timeline?: readonly LogEntrySummary[]): DiagnosisContext
  /** One entry in full: diagnosis, token and timeline. */
  detail(id: number): Result<LogEntryDetail>
  /** A page of the log, with each failure's diagnosis when the query asks for it. */
  list(query: LogQuery): Result<Page<LogEntrySummary>>
  /** The token a request presented, for the detail panel. */
  tokenRef(tokenId: string | null): TokenRef | null
}

/** Builds the diagnostician over the services (or anything shaped like them). */
export function createDiagnostician(deps: DiagnosticianDeps): Diagnostician {
  const { tenants, tokens, directory, log } = deps

  function tokenRef(tokenId: string | null): TokenRef | null {
    if (tokenId === null) return null
    const token = tokens.get(tokenId)
    if (!token) return null
    return toTokenRef(token, tenants.find(token.tenantId)?.name ?? 'a deleted tenant')
  }

  function tenantTokens(tenantId: string): TokenRef[] {
    const listed = tokens.list(tenantId)
    if (!listed.ok) return []
    const name = tenants.find(tenantId)?.name ?? ''
    return listed.value.map((token) => toTokenRef(token, name))
  }

  function context(entry: LogEntry, timeline?: readonly LogEntrySummary[]): DiagnosisContext {
    if (entry.status < 400) return emptyContext
    const found = entry.tenantId ? tenants.find(entry.tenantId) : undefined
    const tenant: TenantFacts | null = found ? { id: found.id, name: found.name, slug: found.slug, rateLimitPerMinute: found.rateLimitPerMinute } : null
    let result: DiagnosisContext = { ...emptyContext, tenant }
    if (entry.status === 401 && tenant) {
      const token = tokenRef(entry.tokenId)
      const own = tenantTokens(tenant.id)
      const prefix = presentedPrefix(entry.requestHeaders)
      result = {
        ...result,
        token,
        tokenTenantSlug: token ? (tenants.find(token.tenantId)?.slug ?? null) : null,
        prefixMatches: token || prefix === null ? [] : own.filter((candidate) => candidate.prefix === prefix),
        activeTokens: own.filter((candidate) => candidate.status === 'active')
      }
    }
    if (entry.status === 409 && tenant && entry.targetType !== 'group') {
      const requested = valueAt(entry.requestBody, 'userName')
      const userName = typeof requested === 'string' ? requested : entry.targetName
      const holder = userName ? directory.findUserByName(tenant.id, userName) : undefined
      result = {
        ...result,
        holder: holder
          ? {
              id: holder.id,
              userName: holder.userName,
              active: holder.active,
              createdAt: new Date(holder.createdAt).toISOString(),
              updatedAt: new Date(holder.updatedAt).toISOString()
            }
          : null
      }
    }
    if (entry.status === 404 && tenant && entry.targetId) {
      const exists = entry.targetType === 'group' ? directory.getGroup(tenant.id, entry.targetId, false) : directory.getUser(tenant.id, entry.targetId)
      const history = timeline ?? log.timeline(entry)
      const deletedBy =
        [...history]
          .reverse()
          .find((other) => other.id < entry.id && other.method === 'DELETE' && other.status < 300 && other.targetId === entry.targetId) ?? null
      result = { ...result, targetExistsNow: exists !== undefined, deletedBy }
    }
    if (entry.status === 429 && tenant) {
      const at = Date.parse(entry.at)
      const page = log.list({ tenantId: tenant.id, status: 429, since: new Date(at - 60_000).toISOString(), until: entry.at, limit: 1 })
      result = { ...result, throttledInMinute: page.ok ? page.value.total : null }
    }
    return result
  }

  return {
    context,
    tokenRef,
    detail(id) {
      log.flush()
      const found = log.get(id)
      if (!found.ok) return found as Result<never>
      const entry = found.value
      const timeline = log.timeline(entry)
      return ok({ ...entry, diagnosis: diagnose(entry, context(entry, timeline)), token: tokenRef(entry.tokenId), timeline })
    },
    list(query) {
      const page = log.list(query)
      if (!page.ok || !query.withDiagnosis) return page
      const items = page.value.items.map((item): LogEntrySummary => {
        if (item.status < 400) return { ...item, diagnosis: null }
        const full = log.get(item.id)
        return { ...item, diagnosis: full.ok ? diagnose(full.value, context(full.value)) : null }
      })
      return ok({ ...page.value, items })
    }
  }
}
