import type { LogQuery } from '../../shared/ipc'
import { madeInConsole, type Diagnosis, type DiagnosisFact, type DiagnosisSubject, type ErrorFacts, type LogEntry, type LogEntryDetail, type LogEntrySummary, type Page, type Token, type TokenRef } from '../../shared/models'
import { ok, type Result } from '../../shared/result'
import type { DirectoryService } from './directory'
import type { ProvisioningLog } from './provisioning-log'
import type { TenantService } from './tenants'
import type { TokenService } from './tokens'
import { formatDateTime } from '../../shared/date-time'
import { plural } from '../../shared/plural'
import { requestClientOf, type IdentityProvider } from '../../shared/identity-provider'
import { simulatorKindOf } from '../../shared/request-outcome'
import { emptySegmentIn, malformedEscapeIn, type MalformedEscape } from './path-encoding'
import { jsonWebTokenShown, loggedTokenQuotes } from '../scim/redact'
import { ifMatchNamesNone } from '../scim/render'
import { maxBodySize } from '../scim/limits'
import { oktaMaxAttempts, oktaRetryWaits } from '../../shared/okta-retry'

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
  /** The externalId the client gave the user (Okta's user id, Entra's object id), or null when it gave none. */
  readonly externalId: string | null
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
  /** For a 409 on an update: the userName or displayName the addressed user or group has now. */
  readonly addressedName: string | null
  /** For a 404 on a user or group: whether it exists now. */
  readonly targetExistsNow: boolean | null
  /** For a 404: the logged request that deleted the target, if the log still has it. */
  readonly deletedBy: LogEntrySummary | null
  /** For a 429: how many of the tenant's requests were refused with 429 in the minute up to this one. */
  readonly throttledInMinute: number | null
  /**
   * For a group write refused for members that are not users: each such member, by the name the request gave it
   * (`display`) or the log last knew it by, and the logged request that deleted it, when the log has one.
   */
  readonly unknownMembers: readonly UnknownMember[]
  /**
   * For a request to no tenant: the one token, of any tenant, whose prefix the request showed (in its Authorization
   * header, or pasted into its URL), with its tenant's slug; null when none or several match.
   */
  readonly prefixOwner: { readonly token: TokenRef; readonly slug: string } | null
  /** For a request to no tenant: the tenant that had the slug, as the log remembers it, when that tenant was deleted. */
  readonly deletedTenant: { readonly id: string; readonly lastRequestAt: string | null } | null
  /**
   * For a request to a tenant that has been deleted since: the name of the tenant that has its slug now, or null when
   * none does. Null (the field) while the request's tenant exists, and for a request to no tenant.
   */
  readonly tenantDeleted: { readonly slugNowHeldBy: string | null } | null
}

/** A member a group write named that is not a user of the tenant. */
export interface UnknownMember {
  readonly id: string
  readonly name: string | null
  readonly deletedBy: LogEntrySummary | null
}

/** A context with nothing known, for callers (and tests) that fill in only what applies. */
export const emptyContext: DiagnosisContext = {
  tenant: null,
  token: null,
  tokenTenantSlug: null,
  prefixMatches: [],
  activeTokens: [],
  holder: null,
  addressedName: null,
  targetExistsNow: null,
  deletedBy: null,
  throttledInMinute: null,
  unknownMembers: [],
  prefixOwner: null,
  deletedTenant: null,
  tenantDeleted: null
}

/** A span in the largest unit that keeps it readable: "45 seconds", "3 minutes", "5 hours", "2 days". */
export function readableSpan(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000)
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

/** The display prefix an Authorization header showed after redaction (`Bearer scim_ab12…` → `scim_ab12`). */
export function presentedPrefix(headers: Readonly<Record<string, string>>): string | null {
  return /(scim_[A-Za-z0-9_-]+)…/.exec(headers.authorization ?? '')?.[1] ?? null
}

/** The `display` a group write gave the member `id` (Okta's Group Push sends the userName there), or null. */
function memberDisplay(body: string | null, id: string): string | null {
  const found: string[] = []
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit)
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>
      const key = (name: string) => Object.keys(record).find((candidate) => candidate.toLowerCase() === name)
      const memberId = record[key('value') ?? '']
      const display = record[key('display') ?? '']
      if (memberId === id && typeof display === 'string' && display !== '') found.push(display)
      else Object.values(record).forEach(visit)
    }
  }
  try {
    visit(body === null ? null : JSON.parse(body))
  } catch {
    return null
  }
  return found[0] ?? null
}

/** The display prefix of a token pasted into a URL, as the log keeps it redacted (`/scim/v2/scim_ab12…[redacted]/Users`). */
export function prefixInPath(path: string): string | null {
  return /(scim_[A-Za-z0-9_-]{4})[A-Za-z0-9_-]*…\[redacted\]/.exec(path)?.[1] ?? null
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
    // `phoneNumbers[0]`, as the server's details name an item of a multi-valued attribute.
    const indexed = /^(.+)\[(\d+)\]$/.exec(part)
    const name = indexed?.[1] ?? part
    const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name.toLowerCase())
    if (key === undefined) return undefined
    current = record[key]
    if (indexed) current = Array.isArray(current) ? current[Number(indexed[2])] : undefined
  }
  return current
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 120 ? `${text.slice(0, 120)}…` : text
}

/** The attribute a 400 is about, named as the client's mapping names it, and the value the request sent for it. */
interface RequestedAttribute {
  readonly name: string
  readonly sent: unknown
}

/**
 * Names an item of a multi-valued attribute (`emails[0].primary`, as the detail counts items) the way the request and
 * Okta's and Entra's mappings do: by the PATCH path that set it (`emails[type eq "work"].primary`), or by the item's
 * type (`phoneNumbers[type eq "mobile"].value`). Any other attribute keeps its name.
 */
export function requestedAttribute(entry: Pick<LogEntry, 'method' | 'requestBody' | 'errorFacts'>, attribute: string): RequestedAttribute {
  const item = /^([^[\].]+)\[(\d+)\](?:\.(.+))?$/.exec(attribute)
  const operations = entry.method === 'PATCH' ? valueAt(entry.requestBody, 'Operations') : undefined
  if (Array.isArray(operations)) {
    // The operation the server refused (kept with the entry); else the first that names the attribute.
    const numbered = entry.errorFacts?.operation
    const candidates = numbered !== undefined ? [operations[numbered - 1]] : (operations as unknown[])
    for (const operation of candidates) {
      if (!operation || typeof operation !== 'object') continue
      const json = JSON.stringify(operation)
      const path = valueAt(json, 'path')
      const value = valueAt(json, 'value')
      if (typeof path === 'string') {
        const lower = path.toLowerCase()
        const matches = item
          ? lower.startsWith(`${item[1]?.toLowerCase()}[`) && (item[3] ? lower.endsWith(`].${item[3].toLowerCase()}`) : lower.endsWith(']'))
          : lower === attribute.toLowerCase()
        if (matches) return { name: path, sent: value }
        if (item && lower === item[1]?.toLowerCase()) return { name: attribute, sent: valueAt(JSON.stringify({ [path]: value }), attribute) }
      } else if (value && typeof value === 'object') {
        const inner = valueAt(JSON.stringify(value), attribute)
        if (inner !== undefined) return { name: attribute, sent: inner }
      }
    }
  }
  const sent = valueAt(entry.requestBody, attribute)
  if (!item) return { name: attribute, sent }
  const type = valueAt(entry.requestBody, `${item[1]}[${item[2]}].type`)
  return { name: typeof type === 'string' && type !== '' ? `${item[1]}[type eq "${type}"]${item[3] ? `.${item[3]}` : ''}` : attribute, sent }
}

function tokenName(token: TokenRef): string {
  return `"${token.label}" (${token.prefix}…)`
}

function tenantName(context: DiagnosisContext, entry: LogEntry): string {
  return context.tenant?.name ?? entry.tenantSlug ?? 'this tenant'
}

// ——— Who sent the request, and how its admin acts ———

/** How one identity provider's admin does what a diagnosis asks for, in that provider's screen and field names. */
interface AdminSteps {
  readonly idp: IdentityProvider
  /** Who sent the request, as a sentence names it. */
  readonly who: string
  /** Puts `what` (a token) where the provider sends it from, then tests and saves. */
  pasteToken(what: string): string
  /** Sets the base URL to `value`, then tests and saves. */
  setBaseUrl(value: string): string
  /** What becomes of the failed change once its cause is fixed: one sentence. */
  readonly retry: string
  /**
   * The same for the connection test an admin clicks (Okta's Test API Credentials, Entra's Test Connection), which is
   * no task or change and is not retried: it is clicked again. One sentence.
   */
  readonly retest: string
  /** What a failure on request after request does to provisioning, and the way out (with a leading space), or ''. */
  readonly repeated: string
  /** Where the admin corrects the mapping of a user's or group's attribute: one sentence. */
  mapping(attribute: string, type: 'user' | 'group'): string
}

const entraProvisioning = 'In the Microsoft Entra admin center, open Enterprise applications → the app → Provisioning'
// Leaves Entra's quarantine, and makes Entra match every user and group again.
const entraRestart = "select Restart provisioning on the app's Provisioning page (Microsoft Entra admin center → Enterprise applications → the app)"

const oktaSteps: AdminSteps = {
  idp: 'okta',
  who: 'Okta',
  // The catalog's SCIM 2.0 Test App and an app made with Create App Integration name the form differently (setup guide, step 4).
  pasteToken: (what) =>
    `In Okta, open the app's ${oktaIntegrationPage}, paste ${what} into API Token, then click Test API Credentials and Save. In an app you created yourself: click Edit, set Authentication Mode "HTTP Header", paste it into Authorization, then Test Connector Configuration and Save.`,
  setBaseUrl: (value) =>
    `In Okta, open the app's ${oktaIntegrationPage} and set Base URL (SCIM connector base URL, in an app you created yourself) to ${value}; then click Test API Credentials (Test Connector Configuration) and Save.`,
  retry: 'Then retry the failed tasks in Okta (Dashboard → Tasks).',
  retest: `Then, in Okta, open the app's ${oktaIntegrationPage} and click Test API Credentials (Test Connector Configuration) again, then Save.`,
  repeated: '',
  // Okta's Profile Editor lists an item of a multi-valued attribute by an external name that starts with the attribute's.
  mapping: (attribute) =>
    `In Okta, correct the mapping of ${attribute} for this app (Directory → Profile Editor → the app → Mappings, or the app's To App attribute mappings)${
      /\[/.test(attribute) ? `: look for the app attribute whose external name starts with ${attribute.slice(0, attribute.indexOf('['))}` : ''
    }.`
}

const entraSteps: AdminSteps = {
  idp: 'entra',
  who: 'Entra',
  pasteToken: (what) => `${entraProvisioning}; under Admin Credentials, paste ${what} into Secret Token (without "Bearer": Entra adds it), click Test Connection, then Save.`,
  setBaseUrl: (value) => `${entraProvisioning}; under Admin Credentials, set Tenant URL to ${value}, click Test Connection, then Save.`,
  // Provision on demand takes a user or a group, so the sentence fits a failure about either.
  retry: 'Entra retries the change in its next provisioning cycle; Provision on demand retries a single user or group at once.',
  retest: `Then ${entraProvisioning.charAt(0).toLowerCase()}${entraProvisioning.slice(1)}; under Admin Credentials, click Test Connection again, then Save.`,
  repeated:
    ` Entra puts the provisioning job in quarantine when its requests keep failing; once the cause is fixed, ${entraRestart} so that the job leaves quarantine at once.`,
  mapping: (attribute, type) =>
    `${entraProvisioning} → Mappings → Provision Microsoft Entra ID ${type === 'group' ? 'Groups' : 'Users'}, and correct the mapping whose target attribute is ${attribute}.`
}

/**
 * The steps for a request that no identity provider sent (curl, a script, a request replayed with Copy as cURL): what
 * to change in the request itself, not in Okta's screens. Sentences that tell Okta's case from Entra's keep Okta's.
 */
function clientSteps(entry: LogEntry): AdminSteps {
  return {
    idp: 'okta',
    who: /^([\w.-]+)\//.exec(entry.client ?? '')?.[1] ?? 'The client',
    pasteToken: (what) => `Send ${what} in the request's Authorization header, as "Authorization: Bearer <token>".`,
    setBaseUrl: (value) => `Send the requests to ${value}.`,
    retry: 'Then send the request again.',
    retest: 'Then send the request again.',
    repeated: '',
    mapping: (attribute) => `Correct the value of ${attribute} in what the client sends.`
  }
}

function stepsFor(entry: LogEntry): AdminSteps {
  switch (requestClientOf(entry.client, entry.path)) {
    case 'entra':
      return entraSteps
    case 'okta':
      return oktaSteps
    default:
      return clientSteps(entry)
  }
}

/** What the admin does once a failure's cause is fixed: leave Entra's quarantine, retry Okta's failed tasks. */
function afterFix(entry: LogEntry, steps: AdminSteps): string {
  // Okta's Test API Credentials is no task: it is clicked again, as the step before says.
  const retry = entry.operation === 'test-credentials' ? '' : ` ${steps.retry}`
  return `${steps.repeated}${retry}`
}

function newTokenStep(entry: LogEntry, tenant: string, steps: AdminSteps, paste = ''): string {
  return `Issue a new API token for ${tenant} in SCIM Console (${tenant} → Tokens). ${steps.pasteToken('it')}${paste}${afterFix(entry, steps)}`
}

function facts(...items: (DiagnosisFact | null | false)[]): DiagnosisFact[] {
  return items.filter((item): item is DiagnosisFact => Boolean(item))
}

function fact(label: string, value: string | number | null | undefined, subject?: DiagnosisSubject | null): DiagnosisFact | null {
  if (value === null || value === undefined || value === '') return null
  return subject ? { label, value: String(value), subject } : { label, value: String(value) }
}

function tokenFacts(token: TokenRef): DiagnosisFact[] {
  return facts(
    fact('Token', tokenName(token)),
    fact('Token belongs to', token.tenantName),
    fact('Token status now', token.status),
    token.revokedAt ? fact('Revoked', formatDateTime(token.revokedAt)) : null,
    token.expiresAt ? fact('Expires', formatDateTime(token.expiresAt)) : null
  )
}

function activeTokensFact(context: DiagnosisContext): DiagnosisFact {
  const active = context.activeTokens
  return {
    label: 'Active tokens of the tenant',
    value: active.length === 0 ? 'none' : active.map(tokenName).join(', ')
  }
}

/** The path of a logged request without its query. */
function pathOnly(path: string): string {
  const query = path.indexOf('?')
  return query === -1 ? path : path.slice(0, query)
}

// A console token as the log keeps it once redacted (`scim_ab12…[redacted]`), and a query parameter that carried a
// credential (`access_token=[redacted]`): both mean a token travelled in the URL.
const redactedTokenInText = /scim_[A-Za-z0-9_-]*…\[redacted\]/
const redactedCredentialParameter = /[?&][^=&]*(?:token|key|auth|bearer|secret)[^=&]*=\[redacted\]/i

function tokenInUrl(path: string): boolean {
  return redactedTokenInText.test(path) || redactedCredentialParameter.test(path)
}

function unauthorized(entry: LogEntry, context: DiagnosisContext, steps: AdminSteps): Diagnosis {
  const tenant = tenantName(context, entry)
  const at = Date.parse(entry.at)
  const token = context.token
  const who = steps.who
  // A tenant with no active token has none to paste (a token is shown once): the step issues one first.
  const noneActive = context.tenant !== null && context.activeTokens.length === 0
  const issueFirst = noneActive ? `Issue a new API token for ${tenant} in SCIM Console (${tenant} → Tokens): it has no active one. ` : ''
  const ours = noneActive ? 'the new token' : `an API token of ${tenant}`
  const after = afterFix(entry, steps)
  const header = entry.requestHeaders.authorization
  if (entry.authScheme === 'none') {
    if (tokenInUrl(entry.path)) {
      return {
        severity: 'error',
        title: 'The API token was sent in the URL, not in the Authorization header',
        explanation: `The request to ${tenant} had no Authorization header, and its URL carries a credential (redacted here). SCIM Console reads the token only from "Authorization: Bearer <token>", as Okta and Entra send it; in a URL the token also lands in proxy and server logs.`,
        nextStep: `Revoke that token in SCIM Console (${tenant} → Tokens), since it has travelled in URLs, and issue a new one. ${steps.pasteToken('the new token')} Keep the token out of the base URL.${after}`,
        facts: facts(fact('Authorization header', 'missing'), fact('Path', entry.path), activeTokensFact(context))
      }
    }
    return {
      severity: 'error',
      title: 'No API token was sent',
      explanation: `The request reached ${tenant} without an Authorization header, so SCIM Console could not tell who sent it and refused it.`,
      nextStep: `${issueFirst}${steps.pasteToken(ours)}${after}`,
      facts: facts(fact('Authorization header', 'missing'), activeTokensFact(context))
    }
  }
  if (entry.authScheme === 'basic') {
    const okta = steps.idp === 'okta'
    return {
      severity: 'error',
      title: `${who} sent a user name and password (Basic), not an API token`,
      explanation: okta
        ? `The Authorization header uses the Basic scheme: the app's Authentication Mode in Okta is "Basic Auth", or the app is the catalog's SCIM 2.0 Test App (Basic Auth). ${tenant} accepts only its API tokens.`
        : `The Authorization header uses the Basic scheme (a user name and password). ${tenant} accepts only its API tokens, which Entra sends from its Secret Token field as a bearer token.`,
      nextStep: okta
        ? `${issueFirst}In Okta, open the app's ${oktaIntegrationPage}. In an app you created yourself: click Edit, change Authentication Mode to "HTTP Header", paste ${ours} into Authorization, then Test Connector Configuration and Save. The catalog's SCIM 2.0 Test App (Basic Auth) cannot change its mode: add the SCIM 2.0 Test App (Header Auth) instead, paste the token into API Token, then Test API Credentials and Save.${after}`
        : `${issueFirst}${steps.pasteToken(ours)}${after}`,
      facts: facts(fact('Authorization header', header), activeTokensFact(context))
    }
  }
  if (entry.authScheme === 'other') {
    const scheme = presentedScheme(entry.requestHeaders) ?? 'unknown'
    const okta = scheme.toUpperCase() === 'SSWS' ? ' SSWS is the scheme of Okta\'s own API tokens, which do not work here.' : ''
    return {
      severity: 'error',
      title: `The token was sent with the "${scheme}" scheme instead of "Bearer"`,
      explanation: `SCIM Console reads "Authorization: Bearer <token>" (or the bare token), but this header starts with "${scheme}", so no token was read from it.${okta}`,
      nextStep: `${steps.pasteToken(`only the API token of ${tenant}, without "${scheme}" in front,`)}${after}`,
      facts: facts(fact('Authorization header', header), activeTokensFact(context))
    }
  }
  // "Authorization: Bearer" and nothing after it: the IdP's token field is empty. The log shows it as "[redacted]".
  if (entry.authScheme === 'bearer' && !token && !/^bearer\s+\S/i.test(header ?? '')) {
    return {
      severity: 'error',
      title: 'The Authorization header says "Bearer" with no token after it',
      explanation: `${who} sent "Authorization: Bearer" and nothing after it: the field that holds the token in ${who} is empty, so no token reached ${tenant}.`,
      nextStep: `${issueFirst}${steps.pasteToken(ours)}${after}`,
      facts: facts(fact('Authorization header', 'Bearer, with no token'), activeTokensFact(context))
    }
  }
  if (token && context.tenant && token.tenantId !== context.tenant.id) {
    const other = context.tokenTenantSlug
    return {
      severity: 'error',
      title: `The token belongs to another tenant: ${token.tenantName}`,
      explanation: `The token ${tokenName(token)} is a token of ${token.tenantName}, but the request was addressed to ${tenant}. Each tenant accepts only its own tokens, so ${who} has one tenant's token with another tenant's base URL.`,
      nextStep: `If the app is ${tenant}'s: ${issueFirst}${steps.pasteToken(ours)} If it is ${token.tenantName}'s, keep the token and correct the base URL instead: ${steps.setBaseUrl(`one that ends in /scim/v2/${other ?? '<slug>'}`)}${after}`,
      facts: facts(fact('Addressed tenant', tenant), ...tokenFacts(token), activeTokensFact(context))
    }
  }
  if (token?.revokedAt && Date.parse(token.revokedAt) <= at) {
    return {
      severity: 'error',
      title: 'The API token was revoked',
      explanation: `${who} sent the token ${tokenName(token)}, which was revoked on ${formatDateTime(token.revokedAt)}, ${spanBeforeRequest(at - Date.parse(token.revokedAt))}. A revoked token stops working at once.`,
      nextStep: newTokenStep(entry, tenant, steps),
      facts: facts(...tokenFacts(token), activeTokensFact(context))
    }
  }
  if (token?.expiresAt && Date.parse(token.expiresAt) <= at) {
    return {
      severity: 'error',
      title: 'The API token has expired',
      explanation: `${who} sent the token ${tokenName(token)}, which expired on ${formatDateTime(token.expiresAt)}, ${spanBeforeRequest(at - Date.parse(token.expiresAt))}.`,
      nextStep: newTokenStep(entry, tenant, steps),
      facts: facts(...tokenFacts(token), activeTokensFact(context))
    }
  }
  if (token) {
    return {
      severity: 'error',
      title: 'The API token was refused',
      explanation: `The token ${tokenName(token)} was refused: ${entry.errorDetail ?? 'no reason was recorded'}.`,
      nextStep: newTokenStep(entry, tenant, steps),
      facts: facts(...tokenFacts(token), activeTokensFact(context))
    }
  }
  // A JSON Web Token: Entra's own, which it sends when its Secret Token field is empty; or an OAuth access token.
  if (header?.includes(jsonWebTokenShown)) {
    const entra = steps.idp === 'entra'
    return {
      severity: 'error',
      title: entra ? 'Entra sent a token of its own: its Secret Token field is empty' : 'The token is an OAuth access token, not an API token',
      explanation: entra
        ? `The request carried a JSON Web Token issued by Microsoft Entra ID, not an API token of ${tenant}. Entra sends one of its own when the app's Secret Token field is empty, so the field was left empty or has been cleared.`
        : `The request carried a JSON Web Token, an OAuth access token such as Okta's OAuth 2 authentication mode sends, not an API token of ${tenant}. SCIM Console takes only its API tokens.`,
      nextStep: `${issueFirst}${steps.pasteToken(ours)}${after}`,
      facts: facts(fact('Token presented', 'a JSON Web Token, not a scim_ token'), fact('Authorization header', header), activeTokensFact(context))
    }
  }
  // Not one of ours: work out from the redacted prefix whether it was mangled, foreign or from elsewhere.
  const prefix = presentedPrefix(entry.requestHeaders)
  const bare = entry.authScheme === 'bare' ? ' It was sent without the word "Bearer", which SCIM Console accepts.' : ''
  // The log keeps the quotes around a token (scim/redact.ts), so that this case is told from a token cut short.
  const quotes = loggedTokenQuotes(header ?? '')
  if (quotes) {
    return {
      severity: 'error',
      title: 'The API token was sent inside quotes',
      explanation: `${who} sent the token with ${quotes.opening} before it${quotes.closing ? ` and ${quotes.closing} after it` : ''}: it was pasted into ${who} with its quotes, which are not part of a token, so no token matches it.${bare}`,
      nextStep: `${steps.pasteToken(`an API token of ${tenant} again, without the quotes,`)} If the token was not saved, it cannot be shown again: ${newTokenStep(entry, tenant, steps)}`,
      facts: facts(fact('Token presented', prefix ? `${prefix}… in quotes` : 'in quotes'), fact('Authorization header', header), fact('SCIM Console answered', entry.errorDetail), activeTokensFact(context))
    }
  }
  let explanation: string
  if (prefix === null) {
    // The log keeps only the start of a scim_ token, so a token without its start looks foreign here.
    const whose = steps.idp === 'okta' ? "Okta's own API token, or a secret of another system pasted by mistake" : 'a secret of another system pasted by mistake'
    explanation =
      `The token is not a SCIM Console token as sent: those start with "scim_", and this one does not. It may be only part of one ` +
      `(a double-click selects a token only up to a "-" or "_" in it, which can leave out its start), or ${whose}.${bare}`
  } else if (context.prefixMatches.length > 0) {
    const names = context.prefixMatches.map(tokenName).join(' or ')
    explanation = `The token starts like ${tenant}'s token ${names}, but the rest does not match: it was probably cut short or changed when it was pasted into ${who}.${bare}`
  } else {
    explanation = `No token of ${tenant} starts with ${prefix}: it may be a token of a deleted tenant, of another SCIM Console installation, or mistyped.${bare}`
  }
  return {
    severity: 'error',
    title: 'The API token is not one SCIM Console knows',
    explanation,
    nextStep: `A token is shown only once, so it cannot be copied again. ${newTokenStep(entry, tenant, steps, " Paste the token alone and whole, without quotes, from its first character to its last (copy it with SCIM Console's Copy button, not by double-clicking it).")}`,
    facts: facts(
      fact('Token presented', prefix ? `${prefix}…` : 'not a scim_ token'),
      fact('Authorization header', header),
      fact('SCIM Console answered', entry.errorDetail),
      activeTokensFact(context)
    )
  }
}

/**
 * The userName or displayName a request wanted, for a 409: the one the server found taken (kept with the entry), else
 * the body's, else the one a PATCH operation sets (by its path, or as a key of a path-less value). Null when none is found.
 */
export function requestedName(entry: Pick<LogEntry, 'errorFacts' | 'requestBody'>, attribute: 'userName' | 'displayName'): string | null {
  const answered = entry.errorFacts?.wantedName
  if (answered !== undefined) return answered
  const sent = valueAt(entry.requestBody, attribute)
  if (typeof sent === 'string') return sent
  const operations = valueAt(entry.requestBody, 'Operations')
  if (!Array.isArray(operations)) return null
  const wanted = attribute.toLowerCase()
  // The last operation that sets it is the one that counts.
  for (const operation of [...(operations as unknown[])].reverse()) {
    if (!operation || typeof operation !== 'object') continue
    const record = operation as Record<string, unknown>
    const key = (name: string) => Object.keys(record).find((candidate) => candidate.toLowerCase() === name)
    const path = record[key('path') ?? '']
    const value = record[key('value') ?? '']
    if (typeof path === 'string' && path.toLowerCase() === wanted && typeof value === 'string') return value
    if (path === undefined && value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = Object.entries(value).find(([name]) => name.toLowerCase() === wanted)?.[1]
      if (typeof inner === 'string') return inner
    }
  }
  return null
}

function conflict(entry: LogEntry, context: DiagnosisContext, steps: AdminSteps): Diagnosis {
  const tenant = tenantName(context, entry)
  const who = steps.who
  const okta = steps.idp === 'okta'
  if (entry.targetType === 'group') {
    const name = requestedName(entry, 'displayName') ?? entry.targetName ?? 'the group'
    // The group that holds the name, as it is written here when case or accents differ (kept with the entry): the one
    // the admin looks for in Okta's Link Group list or in SCIM Console's Directory. The same letters encoded another
    // way look the same, so they are not told apart in words.
    const heldAs = entry.errorFacts?.heldAs
    const existing = heldAs !== undefined && heldAs.normalize('NFC') !== name.normalize('NFC') ? heldAs : name
    if (entry.operation !== 'group-push-create') {
      const current = context.addressedName ?? entry.targetName
      return {
        severity: 'error',
        title: `Another group is already named "${name}"`,
        explanation: `${who} tried to rename the group${current && current !== name ? ` "${current}"` : ''}${entry.targetId ? ` (id ${entry.targetId})` : ''} to "${name}", but ${tenant} already has another group with that displayName. displayNames are unique here, so the change was refused and nothing was saved.`,
        nextStep: okta
          ? `In Okta, rename one of the two groups so that their names differ, then push the group again (Push Groups → Push now); or, if the other "${existing}" here is stale, delete it in SCIM Console (${tenant} → Directory) and push again.`
          : `Rename one of the two groups in Entra so that their names differ, or, if the other "${existing}" here is stale, delete it in SCIM Console (${tenant} → Directory). ${steps.retry}`,
        facts: facts(fact('Group', current), fact('Group id', entry.targetId, entry.targetId ? { kind: 'group', id: entry.targetId } : null), fact('Wanted displayName', name), fact('Detail', entry.errorDetail))
      }
    }
    const written = existing !== name ? ` (written "${existing}" here)` : ''
    return {
      severity: 'error',
      title: `A group named "${name}" already exists`,
      explanation: okta
        ? `Okta pushed a new group, but ${tenant} already has a group with that displayName${written}. Group Push stops for this group.`
        : `Entra tried to create the group "${name}", but ${tenant} already has a group with that displayName${written}, which Entra's lookup by its matching attribute did not find.`,
      nextStep: okta
        ? `In Okta's Push Groups tab, push the group again and choose "Link Group" to link it to the existing "${existing}" instead of creating one.`
        : `${entraProvisioning} → Mappings → Provision Microsoft Entra ID Groups, and make displayName the matching attribute, so that Entra finds and takes over the existing "${existing}"; or, if that group is stale, delete it in SCIM Console (${tenant} → Directory). ${steps.retry}`,
      facts: facts(fact('Group', name), existing !== name ? fact('Existing group', existing) : null, fact('Detail', entry.errorDetail))
    }
  }
  const userName = requestedName(entry, 'userName') ?? entry.targetName ?? 'that userName'
  const holder = context.holder
  if (!holder) {
    return {
      severity: 'error',
      title: `The userName "${userName}" was taken`,
      explanation: `When ${who} sent this, a user of ${tenant} already had the userName "${userName}". No user holds it now: it was deleted or renamed since.`,
      nextStep: `The userName is free now. ${okta ? 'Retry the failed task in Okta (Dashboard → Tasks).' : steps.retry}`,
      facts: facts(fact('userName', userName), fact('Now held by', 'nobody'))
    }
  }
  const holderFacts = facts(
    fact('userName', userName),
    fact('Held by user', holder.id, { kind: 'user', id: holder.id }),
    fact('That user is', holder.active ? 'active' : 'deactivated (active: false)'),
    fact('Created', formatDateTime(holder.createdAt)),
    fact('Last changed', formatDateTime(holder.updatedAt))
  )
  const stale = `if user ${holder.id} is stale, delete it in SCIM Console (${tenant} → Directory)`
  if (entry.operation !== 'create-user') {
    // A profile push that renames a user onto a userName another user holds.
    const current = context.addressedName ?? entry.targetName
    const addressed = `${current && current !== userName ? `"${current}" ` : ''}(id ${entry.targetId ?? 'unknown'})`
    return {
      severity: 'error',
      title: `Another user already has the userName "${userName}"`,
      explanation: `${who} tried to change the userName of the user ${addressed} to "${userName}", but ${tenant}'s ${holder.active ? 'active' : 'deactivated'} user ${holder.id} already has it. userNames are unique, whatever their case and even among deactivated users, so the change was refused and nothing was saved.`,
      nextStep: okta
        ? `Two people in Okta now have the same username in this app: correct the username of one of them (the person's profile, or the app's username mapping), or, ${stale}. ${steps.retry}`
        : `Two users in Entra's scope now map to the same userName: correct the source attribute of one of them (${entraProvisioning} → Mappings → Provision Microsoft Entra ID Users shows which one feeds userName), or, ${stale}. ${steps.retry}`,
      facts: facts(fact('User', current), fact('User id', entry.targetId, entry.targetId ? { kind: 'user', id: entry.targetId } : null), ...holderFacts)
    }
  }
  // Okta and Entra send their own id of the person as externalId (caseExact, RFC 7643 §3.1). Two different ones are two
  // people: linking, reactivating or taking over the holder would give one person the other's account.
  const sentExternalId = valueAt(entry.requestBody, 'externalId')
  const wantedExternalId = typeof sentExternalId === 'string' && sentExternalId !== '' ? sentExternalId : null
  const externalFacts =
    wantedExternalId === null && holder.externalId === null ? [] : facts(fact('externalId sent', wantedExternalId ?? 'none'), fact("Holder's externalId", holder.externalId ?? 'none'))
  if (wantedExternalId !== null && holder.externalId !== null && holder.externalId !== wantedExternalId) {
    return {
      severity: 'error',
      title: `Another person already has the userName "${holder.userName}"`,
      explanation: `${who} tried to create "${userName}" for the person with externalId ${wantedExternalId}, but ${tenant}'s ${holder.active ? 'active' : 'deactivated'} user ${holder.id} has that userName and the externalId ${holder.externalId}: ${okta ? 'Okta' : 'Entra'} gives each person their own externalId, so these are two different people with the same username. userNames are unique here, so the new user was not created.`,
      nextStep: okta
        ? `Do not run Import to link the two, and do not unassign and reassign: either would give this person the other person's account here. In Okta, give one of the two a different username (the person's profile, or the app's username format on its Sign On tab and its userName mapping), or, ${stale}. Then retry the failed task in Okta (Dashboard → Tasks).`
        : `Do not make userName the matching attribute to clear this: Entra would take over the other person's account here. Give one of the two a different value for the attribute that feeds userName (${entraProvisioning} → Mappings → Provision Microsoft Entra ID Users shows which one), or, ${stale}. ${steps.retry}`,
      facts: [...holderFacts, ...externalFacts]
    }
  }
  const samePerson =
    wantedExternalId !== null && holder.externalId === wantedExternalId
      ? ''
      : ` First check that user ${holder.id} is the same person${holder.externalId === null ? ': it has no externalId to compare' : ''}; if it is someone else, give one of the two a different username instead.`
  if (!okta) {
    return {
      severity: 'error',
      title: `${holder.active ? 'An active' : 'A deactivated'} user already has the userName "${holder.userName}"`,
      explanation: `Entra tried to create "${userName}", but ${tenant} already has ${holder.active ? 'an active' : 'a deactivated'} user with that userName (id ${holder.id}, created ${formatDateTime(holder.createdAt)}). Entra looks a user up by its matching attribute before creating it, and that lookup did not find this user, so the matching attribute is probably not userName.`,
      nextStep: `${entraProvisioning} → Mappings → Provision Microsoft Entra ID Users, and make userName the matching attribute (Match objects using this attribute), so that Entra finds and takes over the existing user; or, ${stale}.${samePerson} ${steps.retry}`,
      facts: [...holderFacts, ...externalFacts]
    }
  }
  if (!holder.active) {
    return {
      severity: 'error',
      title: `A deactivated user already has the userName "${holder.userName}"`,
      explanation: `Okta tried to create "${userName}", but ${tenant} keeps a deactivated user with that userName (id ${holder.id}, last changed ${formatDateTime(holder.updatedAt)}). userNames are unique even among deactivated users, and a 409 stops Okta's provisioning of this user.`,
      nextStep: `In Okta, unassign the user from the app and assign them again: Okta's lookup (filter userName eq) then finds the deactivated user and reactivates it instead of creating a new one. If that user is stale, delete it in SCIM Console (${tenant} → Directory) and retry the task in Okta (Dashboard → Tasks).${samePerson}`,
      facts: [...holderFacts, ...externalFacts]
    }
  }
  return {
    severity: 'error',
    title: `An active user already has the userName "${holder.userName}"`,
    explanation: `Okta tried to create "${userName}", but ${tenant} already has an active user with that userName (id ${holder.id}, created ${formatDateTime(holder.createdAt)}) that Okta has not linked. A 409 stops Okta's provisioning of this user.`,
    nextStep: `In Okta, run Import on the app's Import tab and confirm the match, so Okta links the existing user; or check the app's username mapping, since Okta looks up by userName before creating.${samePerson}`,
    facts: [...holderFacts, ...externalFacts]
  }
}

/** Whether a user write asked for `active: false`: Okta's PATCH or PUT of a deactivation, Entra's PATCH of one. */
function deactivates(entry: LogEntry): boolean {
  if (entry.operation === 'deactivate-user') return true
  if (entry.method !== 'PUT' && entry.method !== 'PATCH') return false
  // The log names the operation before the user is read; the body says what it was meant to be.
  if (entry.method === 'PUT') return isFalse(valueAt(entry.requestBody, 'active'))
  const operations = valueAt(entry.requestBody, 'Operations')
  if (!Array.isArray(operations) || operations.length === 0) return false
  return (operations as unknown[]).every((operation) => {
    if (!operation || typeof operation !== 'object') return false
    const json = JSON.stringify(operation)
    const path = valueAt(json, 'path')
    if (typeof path === 'string') return path.toLowerCase() === 'active' && isFalse(valueAt(json, 'value'))
    return isFalse(valueAt(json, 'value.active'))
  })
}

// Entra sends booleans as strings ("False").
function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && value.toLowerCase() === 'false')
}

const userPushOperations = new Set(['get-user', 'update-user', 'sync-password', 'deactivate-user', 'reactivate-user'])
const groupOperations = new Set(['get-group', 'group-push-update'])
// The endpoints a base URL may wrongly end in: Okta and Entra add them to the base URL themselves.
const endpointNames = new Set(['users', 'groups', 'serviceproviderconfig', 'resourcetypes', 'schemas'])

function tokenInBaseUrl(entry: LogEntry, context: DiagnosisContext, steps: AdminSteps, tenant: string | null): Diagnosis {
  // The prefix left in the URL names the token, and so its tenant, when one token has it.
  const owner = context.prefixOwner
  const home = owner?.token.tenantName ?? tenant
  const slug = owner?.slug ?? context.tenant?.slug ?? null
  const revoke = owner
    ? `Revoke the token ${tokenName(owner.token)} in SCIM Console (${owner.token.tenantName} → Tokens), since it has travelled in URLs, and issue a new one for ${owner.token.tenantName}.`
    : 'Revoke that token in SCIM Console (the tenant → Tokens), since it has travelled in URLs, and issue a new one.'
  const baseUrl = home && slug ? `${home}'s base URL, ending in /scim/v2/${slug}, as shown on its page in SCIM Console` : "the tenant's base URL, ending in /scim/v2/<tenant slug> as shown on its page in SCIM Console"
  return {
    severity: 'error',
    title: 'An API token was pasted into the base URL',
    explanation: `The request went to ${pathOnly(entry.path)}: the base URL holds ${owner ? `the API token "${owner.token.label}" of ${owner.token.tenantName} (redacted here after ${owner.token.prefix})` : 'an API token (redacted here)'} where ${tenant ? `only ${tenant}'s base URL belongs` : 'the tenant slug belongs'}, so every request from this ${steps.who} app fails, and the token travels in every URL, where proxies and logs keep it.`,
    nextStep: `${revoke} ${steps.setBaseUrl(baseUrl)} ${steps.pasteToken('the new token')}${steps.repeated}`,
    facts: facts(fact('Path', entry.path), ...(owner ? tokenFacts(owner.token) : []))
  }
}

/** A request to a slug no tenant has: a missing slug, a deleted tenant, or a wrong slug, helped by whose token it carried. */
function noTenant(entry: LogEntry, context: DiagnosisContext, steps: AdminSteps): Diagnosis {
  const who = steps.who
  const slug = entry.tenantSlug ?? ''
  const owner = context.prefixOwner
  const target = owner ? `${owner.token.tenantName}'s base URL, ending in /scim/v2/${owner.slug}` : "the tenant's base URL: it ends in /scim/v2/<tenant slug>"
  // The token by its prefix: its label is the admin's own word ("Okta" for an Entra app, say), which would mislead here.
  const ownerSentence = owner
    ? ` The request carried an API token of ${owner.token.tenantName} (${owner.token.prefix}…), so the base URL meant is ${owner.token.tenantName}'s, which ends in /scim/v2/${owner.slug}.`
    : ''
  const ownerFacts = owner ? facts(fact('Token sent', `${owner.token.prefix}…`), fact('Token belongs to', `${owner.token.tenantName} (slug ${owner.slug})`)) : []
  // `/scim/v2/Users`: the base URL stops at /scim/v2, and the IdP's own /Users took the slug's place.
  if (endpointNames.has(slug.toLowerCase())) {
    return {
      severity: 'error',
      title: 'The base URL has no tenant slug',
      explanation: `${who} sent ${entry.method} ${pathOnly(entry.path)}: the base URL ends in /scim/v2, without the tenant slug after it, so "${slug}" was read as the slug. Every request from this ${who} app fails the same way, before it reaches a tenant.${ownerSentence}`,
      nextStep: `${steps.setBaseUrl(`${target}${owner ? '' : ', as shown on the tenant\'s page in SCIM Console'}`)}${steps.repeated}`,
      facts: facts(fact('Path', entry.path), fact('Slug in the URL', 'missing'), ...ownerFacts)
    }
  }
  const deleted = context.deletedTenant
  if (deleted && !owner) {
    return {
      severity: 'error',
      title: `The tenant with the slug "${slug}" was deleted`,
      explanation: `The log has earlier requests to /scim/v2/${slug}${deleted.lastRequestAt ? `, the latest on ${formatDateTime(deleted.lastRequestAt)}` : ''}, from a tenant that no longer exists (id ${deleted.id}): it was deleted in SCIM Console, and ${who} is still provisioning to it. Every request from this ${who} app fails the same way.`,
      nextStep:
        steps.idp === 'okta'
          ? `If the tenant was deleted on purpose, stop provisioning from this app in Okta: on the app's Provisioning → To App, turn off Create Users, Update User Attributes and Deactivate Users, or deactivate the app. If it is still needed, create a tenant in SCIM Console and issue it a token, then: ${steps.setBaseUrl('the new tenant\'s base URL')}`
          : `If the tenant was deleted on purpose, ${entraProvisioning} and set Provisioning Status to Off. If it is still needed, create a tenant in SCIM Console and issue it a token, then: ${steps.setBaseUrl("the new tenant's base URL")}`,
      facts: facts(fact('Slug in the URL', slug), fact('Deleted tenant id', deleted.id), fact('Its latest logged request', deleted.lastRequestAt ? formatDateTime(deleted.lastRequestAt) : null), fact('Path', entry.path))
    }
  }
  return {
    severity: 'error',
    title: `No tenant has the slug "${slug}"`,
    explanation: `The request went to /scim/v2/${slug}, and no tenant has that slug, so every request from this ${who} app fails before it reaches a tenant.${ownerSentence}${deleted ? ` A tenant with that slug existed before and was deleted (id ${deleted.id}).` : ''}`,
    nextStep: `${steps.setBaseUrl(owner ? target : "the tenant's base URL: it ends in /scim/v2/<tenant slug>, as shown on the tenant's page in SCIM Console")}${steps.repeated}`,
    facts: facts(fact('Slug in the URL', slug), fact('Path', entry.path), ...ownerFacts, owner ? fact('Base URL should end in', `/scim/v2/${owner.slug}`) : null)
  }
}

/**
 * The way back for a user or group deleted in SCIM Console, perhaps on purpose: a step to take only if the customer
 * wants it back. `step` is a sentence of its own, which this continues.
 */
function onlyIfWanted(what: string, step: string): string {
  return `Only if the customer wants ${what} back here: ${step.charAt(0).toLowerCase()}${step.slice(1)}`
}

/** A base URL whose slug no tenant has, as the log names it: a token pasted into it, or a slug typed wrong. */
function noTenantOf(entry: LogEntry, context: DiagnosisContext, steps: AdminSteps): Diagnosis {
  if ((entry.tenantSlug ?? '').includes('[redacted]') || tokenInUrl(entry.path)) return tokenInBaseUrl(entry, context, steps, null)
  return noTenant(entry, context, steps)
}

/**
 * A 401 to a slug no tenant has: the server answers it as it answers a tenant's slug without that tenant's token, so
 * that no caller learns which slugs exist (scim/server.ts admit). Support is told what it is.
 */
function unauthorizedNoTenant(entry: LogEntry, context: DiagnosisContext, steps: AdminSteps): Diagnosis {
  const diagnosis = noTenantOf(entry, context, steps)
  const answer = `SCIM Console answered 401 Unauthorized, not 404: it answers a slug no tenant has as it answers a tenant's slug without that tenant's token, so that no one can find out which slugs, and so which customers, it holds. ${steps.who} shows that 401's detail, which says to check the base URL or the token.`
  return { ...diagnosis, explanation: `${diagnosis.explanation} ${answer}` }
}

function notFound(entry: LogEntry, context: DiagnosisContext, steps: AdminSteps): Diagnosis {
  const who = steps.who
  const okta = steps.idp === 'okta'
  if (entry.tenantId === null) return noTenantOf(entry, context, steps)
  const tenant = tenantName(context, entry)
  if (tokenInUrl(pathOnly(entry.path))) return tokenInBaseUrl(entry, context, steps, tenant)
  const slug = context.tenant?.slug ?? entry.tenantSlug ?? '<tenant slug>'
  // `/scim/acme/Users`, `/acme/Users`: the server logs such a request under the tenant whose slug it holds.
  if (!/^\/scim\/v2\/[^/]+(?:\/|$)/i.test(pathOnly(entry.path))) {
    return {
      severity: 'error',
      title: `The base URL does not end in /scim/v2/${slug}`,
      explanation: `${who} sent ${entry.method} ${pathOnly(entry.path)}, which is not under /scim/v2/${slug}: part of the base URL's path is missing or wrong, so every request from this ${who} app fails the same way, before it reaches ${tenant}.`,
      nextStep: `${steps.setBaseUrl(`${tenant}'s base URL, ending in /scim/v2/${slug}, as shown on its page in SCIM Console`)}${steps.repeated}`,
      facts: facts(fact('Path', entry.path), fact('Base URL should end in', `/scim/v2/${slug}`))
    }
  }
  const emptySegment = emptySegmentIn(entry.path)
  // `/scim/v2/acme/Users//<id>`: the base URL is right, and the empty segment is in what the client added to it.
  if (emptySegment === 'path') {
    const single = pathOnly(entry.path).replace(/(?<!:)\/{2,}/g, '/')
    return {
      severity: 'error',
      title: 'The path has an empty segment after the base URL',
      explanation: `${who} sent ${entry.method} ${pathOnly(entry.path)}: the base URL is right (it ends in /scim/v2/${slug}), but the part ${who} added to it has an empty segment (//), which no endpoint has, so SCIM Console found nothing there.`,
      nextStep:
        requestClientOf(entry.client, entry.path) === 'other'
          ? `Correct how the client builds the path after the base URL: it must send single slashes, as in ${single}. ${steps.retry}`
          : `${who} adds /Users, /Groups and ids to the base URL itself, with single slashes, so nothing in ${who}'s settings corrects this: a proxy between ${who} and SCIM Console may have changed the path, or another tool sent ${who}'s User-Agent. Send this request (Copy as cURL) to SCIM Console support.`,
      facts: facts(fact('Path', entry.path), fact('Path with single slashes', single))
    }
  }
  // `/scim/v2/acme//Users`: the base URL was given with a slash at its end, and the IdP added `/Users` to it.
  if (emptySegment === 'base-url') {
    return {
      severity: 'error',
      title: 'The base URL ends with a slash',
      explanation: `${who} sent ${entry.method} ${pathOnly(entry.path)}: it adds /Users and /Groups to the base URL itself, and the base URL already ended with a slash, so every path has an empty segment (//) that no endpoint has. Every request from this ${who} app fails the same way.`,
      nextStep: `${steps.setBaseUrl(`${tenant}'s base URL, ending in /scim/v2/${slug} with no slash after it`)}${steps.repeated}`,
      facts: facts(fact('Path', entry.path), fact('Base URL should end in', `/scim/v2/${slug}`))
    }
  }
  // `/scim/v2/acme/Users/Users`: the base URL was given as …/acme/Users, and the IdP added its own /Users to it.
  const extra = /^\/scim\/v2\/[^/]+\/([^/]+)\/[^/]+\/?$/i.exec(pathOnly(entry.path))?.[1]
  if (extra && entry.targetId !== null && endpointNames.has(entry.targetId.toLowerCase())) {
    return {
      severity: 'error',
      title: `The base URL ends in /${extra}`,
      explanation: `The request went to ${entry.method} ${pathOnly(entry.path)}: ${who} adds /Users and /Groups to the base URL itself, and the base URL already ended in /${extra}. So ${who} addresses a ${entry.targetType ?? 'resource'} with the id "${entry.targetId}", which does not exist, on every request.`,
      nextStep: `${steps.setBaseUrl(`${tenant}'s base URL, ending in /scim/v2/${slug} with nothing after it`)}${steps.repeated}`,
      facts: facts(fact('Path', entry.path), fact('Base URL should end in', `/scim/v2/${slug}`))
    }
  }
  const deleted = context.deletedBy
  // A deletion made in SCIM Console is logged with the console as its client: Support can say who deleted it, and when.
  const inConsole = deleted !== null && madeInConsole(deleted)
  const deletedFact = deleted
    ? fact('Deleted', inConsole ? `${formatDateTime(deleted.at)} in SCIM Console (log entry ${deleted.id})` : `${formatDateTime(deleted.at)} by ${deleted.method} (log entry ${deleted.id}${deleted.client ? `, ${deleted.client}` : ''})`)
    : null
  const existsFact = context.targetExistsNow === null ? null : fact('Exists now', context.targetExistsNow ? 'yes (it was created again later)' : 'no')
  const deletedOn = deleted ? `: it was deleted${inConsole ? ' in SCIM Console' : ''} on ${formatDateTime(deleted.at)}` : ''
  // A user or group that is gone has no name to log; the request that deleted it logged one.
  const targetName = entry.targetName ?? deleted?.targetName ?? null
  const named = (id: string) => (targetName ? `"${targetName}" (id ${id})` : `id ${id}`)
  // The id links to the user or group only when one has it now (created again later); a link to a gone one opens nothing.
  const existingTarget = (kind: DiagnosisSubject['kind']): DiagnosisSubject | null => (context.targetExistsNow === true && entry.targetId ? { kind, id: entry.targetId } : null)
  if ((entry.operation === 'delete-user' || entry.operation === 'group-push-delete') && entry.targetId) {
    const kind = entry.operation === 'delete-user' ? 'user' : 'group'
    const name = targetName ? ` "${targetName}"` : ''
    return {
      severity: 'warning',
      title: `${who} deleted a ${kind} that was already gone`,
      explanation: `${who} asked to delete the ${kind}${name} with the id ${entry.targetId}, and ${tenant} has no ${kind} with that id${deletedOn}. What the delete asked for is already the case: nothing was lost.`,
      nextStep:
        kind === 'group' && okta
          ? 'Nothing to fix: the group is gone here. If Okta still shows the group as pushed, unlink it in the Push Groups tab and choose to leave the group in the target app.'
          : `Nothing to fix: the ${kind} is gone here.`,
      facts: facts(fact(kind === 'user' ? 'User id' : 'Group id', entry.targetId, existingTarget(kind)), fact(kind === 'user' ? 'userName' : 'Group', targetName), deletedFact, existsFact)
    }
  }
  // A deactivation of a user that is not here asks for what is already so. Okta's way back for a push to a missing
  // user (unassign, reassign) creates the user anew: the opposite of what the admin is doing.
  if (entry.targetType === 'user' && entry.targetId && deactivates(entry)) {
    const userFacts = facts(fact('User id', entry.targetId, existingTarget('user')), fact('userName', targetName), fact('Sent', 'active: false (a deactivation)'), deletedFact, existsFact)
    return {
      severity: 'warning',
      title: `${who} deactivated a user that was already gone`,
      explanation: `${who} asked to deactivate the user ${named(entry.targetId)}, and ${tenant} has no user with that id${deletedOn}. What the deactivation asked for is already the case, since the user is not in ${tenant} at all: nothing was lost.`,
      nextStep: okta
        ? 'Nothing to fix: the user is gone here. Do not unassign and reassign the user to clear the error: that would create them here again. If Okta lists the deactivation as a failed task, dismiss it (Dashboard → Tasks).'
        : 'Nothing to fix: the user is gone here. Do not use Provision on demand or Restart provisioning to clear the error for this user: Entra would create them here again if they are still in scope.',
      facts: userFacts
    }
  }
  if (entry.targetType === 'user' && entry.targetId && userPushOperations.has(entry.operation)) {
    const target = named(entry.targetId)
    // Okta reads a user by id only to update it (its catalog app reads, then replaces).
    const reading = entry.operation === 'get-user'
    const userFacts = facts(fact('User id', entry.targetId, existingTarget('user')), fact('userName', targetName), deletedFact, existsFact)
    // Someone at SCIM Console deleted the user, perhaps on purpose: bringing them back is the customer's call.
    const gone = inConsole ? 'was deleted in SCIM Console' : 'no longer exists here'
    if (!okta) {
      const restart = `${entraProvisioning} and select Restart provisioning: Entra then forgets the ids it stored, looks each user up again by its matching attribute, and creates the ones that are missing.`
      return {
        severity: 'error',
        title: reading ? `Entra is reading a user that ${gone}` : `Entra is updating a user that ${gone}`,
        explanation: `Entra addressed the user ${target} by the id SCIM Console gave it when Entra created or matched the user, and ${tenant} has no user with that id${deletedOn}. Until Entra matches the user again, each of its changes to this user fails the same way.`,
        nextStep: inConsole
          ? `${onlyIfWanted('the user', restart)} If the deletion was meant, the customer's admin removes the user from the app's Users and groups in Entra, so that Entra stops provisioning them.`
          : restart,
        facts: userFacts
      }
    }
    return {
      severity: 'error',
      title: reading ? `Okta is reading a user that ${gone}` : `Okta is updating a user that ${gone}`,
      explanation: `Okta addressed the user ${target} by the id it stored${reading ? ', reading it before it pushes an update (an app you created yourself also reads a user before it deactivates or reactivates it)' : ''}, and ${tenant} has no user with that id${deletedOn}. On a 404 during a profile push Okta stops: it does not look the user up again, re-create it or retry, and its Tasks page shows the push as failed.`,
      nextStep: `${
        inConsole
          ? `${onlyIfWanted('the user', 'In Okta, unassign the user from the app, then assign them again; Okta then looks the user up by userName and creates them anew with a new id.')} If the deletion was meant, unassign the user from the app in Okta instead, so that Okta stops pushing to them.`
          : 'In Okta, unassign the user from the app, then assign them again: Okta then looks the user up by userName and creates them anew with a new id.'
      }${
        // The read of a wizard app's deactivation (GET, then PUT active:false): reassigning would bring back a user the admin is removing.
        reading
          ? ' If the failed task is a deactivation (the user was deactivated or unassigned in Okta), nothing is lost: the user is gone here already, so dismiss the task in Okta (Dashboard → Tasks) instead of reassigning, which would create the user here again.'
          : ''
      }`,
      facts: userFacts
    }
  }
  if (entry.targetType === 'group' && entry.targetId && groupOperations.has(entry.operation)) {
    const groupFacts = facts(fact('Group id', entry.targetId, existingTarget('group')), fact('Group', targetName), deletedFact, existsFact)
    const gone = inConsole ? 'was deleted in SCIM Console' : 'no longer exists here'
    if (!okta) {
      const restart = `${entraProvisioning} and select Restart provisioning: Entra then looks each group up again by its matching attribute and creates the ones that are missing.`
      return {
        severity: 'error',
        // Entra reads a group (GET /Groups/{id}?excludedAttributes=members) before it updates one.
        title: entry.operation === 'get-group' ? `Entra is reading a group that ${gone}` : `Entra is updating a group that ${gone}`,
        explanation: `Entra addressed the group ${named(entry.targetId)}, and ${tenant} has no group with that id${deletedOn}. Entra's link to the group is stale.`,
        nextStep: inConsole
          ? `${onlyIfWanted('the group', restart)} If the deletion was meant, the customer's admin removes the group from the app's Users and groups in Entra, so that Entra stops provisioning it.`
          : restart,
        facts: groupFacts
      }
    }
    return {
      severity: 'error',
      title: `Okta is pushing to a group that ${gone}`,
      explanation: `Okta addressed the group ${named(entry.targetId)}, and ${tenant} has no group with that id${deletedOn}. Okta's link to the pushed group is stale.`,
      nextStep: inConsole
        ? `${onlyIfWanted('the group', "In Okta's Push Groups tab, unlink the group (keeping the group in Okta), then push it again so it is created anew.")} If the deletion was meant, unlink the group there (keeping it in Okta) and do not push it again.`
        : "In Okta's Push Groups tab, unlink the group (keeping the group in Okta), then push it again so it is created anew.",
      facts: groupFacts
    }
  }
  return {
    severity: 'error',
    title: 'Nothing at this address',
    explanation: entry.errorDetail ?? `SCIM Console has nothing at ${entry.method} ${entry.path}.`,
    nextStep: `Check the base URL. ${steps.setBaseUrl(`${tenant}'s base URL, ending in /scim/v2/${slug} with nothing after it`)}`,
    facts: facts(fact('Path', entry.path))
  }
}

function throttled(entry: LogEntry, context: DiagnosisContext, steps: AdminSteps): Diagnosis {
  const tenant = tenantName(context, entry)
  // The Retry-After and the budget the answer was sent with, kept with the entry (the tenant's limit, or an injected
  // throttle's; an injected 429 rule has a Retry-After and no budget).
  const retrySeconds = entry.errorFacts?.retryAfter ?? null
  const budgetThen = entry.errorFacts?.rateLimit ?? null
  // An injected throttle is not the tenant's rate limit, so that limit says nothing about it.
  const budgetNow = entry.injected ? null : (context.tenant?.rateLimitPerMinute ?? null)
  const budget = budgetThen ?? budgetNow
  const limitNow =
    budgetNow === null ? '' : budgetNow === 0 ? ' The limit has since been removed, so the retry will go through.' : budgetNow !== budget ? ` The limit is now ${budgetNow} a minute.` : ''
  const title = `Throttled: ${tenant} allows ${budget === null ? 'a limited number of requests' : plural(budget, 'request')} a minute`
  const raise = `If throttling is not wanted, raise ${tenant}'s rate limit in SCIM Console (Tenants → ${tenant} → Edit tenant), or set it to 0 for no limit.`
  const rateFact = fact('Rate limit', budget === null ? null : `${plural(budget, 'request')} a minute`)
  const refusedFact = fact('Refused in that minute', context.throttledInMinute)
  if (steps.idp === 'entra' && entry.operation === 'test-credentials') {
    // Entra's connection check: sent by Test Connection, a button no one retries (the simulator's `notRetried` plays the
    // same), and at the start of each provisioning cycle, which then comes again with the next cycle.
    const wait = retrySeconds === null ? 'a minute' : readableSpan(retrySeconds * 1000)
    return {
      severity: 'error',
      title,
      explanation:
        `SCIM Console answered 429 Too Many Requests${retrySeconds !== null ? ` with Retry-After: ${retrySeconds}` : ''} to Entra's connection check (a lookup of a random user or group), which Test Connection sends when an admin clicks it. ` +
        `A clicked Test Connection is not retried: Entra shows the admin an error, and Save stays refused. Entra sends the same check when a provisioning cycle starts, and checks again at the next cycle.${limitNow}`,
      nextStep: `${budgetNow === 0 ? 'The limit is gone, so nothing more is needed in SCIM Console.' : `${raise} Or wait ${wait}, until ${tenant} takes requests again.`} ${steps.retest} If the job went into quarantine, ${entraRestart}.`,
      facts: facts(rateFact, fact('Retry-After', retrySeconds === null ? 'not in the log' : plural(retrySeconds, 'second')), fact('Entra retries it', 'no, when clicked: Test Connection is a button'), refusedFact)
    }
  }
  if (steps.idp === 'entra') {
    // okta-scim.md documents Okta's retry plan only; what Entra does with Retry-After is not documented.
    return {
      severity: 'warning',
      title,
      explanation:
        `SCIM Console answered 429 Too Many Requests${retrySeconds !== null ? ` with Retry-After: ${retrySeconds}` : ''}. Entra retries the refused change in a later provisioning cycle; ` +
        `when most of its requests are refused, Entra can put the provisioning job in quarantine, which slows it down further. ` +
        `Provision on demand is no cycle: a change it sent is not retried, and its portal shows the step failed.${limitNow}`,
      nextStep: `${budgetNow === 0 ? 'The limit is gone, so nothing more is needed in SCIM Console.' : raise} If the job went into quarantine, ${entraRestart}. If the change came from Provision on demand, click Provision again.`,
      facts: facts(rateFact, fact('Retry-After', retrySeconds === null ? 'not in the log' : plural(retrySeconds, 'second')), refusedFact)
    }
  }
  const answered = `SCIM Console answered 429 Too Many Requests${retrySeconds !== null ? ` with Retry-After: ${retrySeconds}` : ''}`
  if (entry.operation === 'test-credentials') {
    // Test API Credentials (and Save, which sends the same request) is a button, not a task: Okta's retry plan is for
    // tasks only, so nothing comes back to it by itself (the simulator's `notRetried` plays the same).
    const wait = retrySeconds === null ? 'a minute' : readableSpan(retrySeconds * 1000)
    return {
      severity: 'error',
      title,
      explanation:
        `${answered} to Okta's Test API Credentials (Test Connector Configuration, in an app you created yourself), which Okta also sends when Save is clicked. ` +
        `That is a button an admin clicked, not a provisioning task: Okta does not retry it, shows the admin an error, and does not save the settings.${limitNow}`,
      nextStep: `${budgetNow === 0 ? 'The limit is gone, so nothing more is needed in SCIM Console.' : `${raise} Or wait ${wait}, until ${tenant} takes requests again.`} ${steps.retest}`,
      facts: facts(rateFact, fact('Retry-After', retrySeconds === null ? 'not in the log' : plural(retrySeconds, 'second')), fact('Okta retries it', 'no: it is a button, not a task'), refusedFact)
    }
  }
  const waits = oktaRetryWaits(retrySeconds)
  const first = waits[0] ?? 0
  const retryAt = new Date(Date.parse(entry.at) + first * 1000).toISOString()
  const lastWait = waits[waits.length - 1] ?? first
  const totalWait = waits.reduce((sum, wait) => sum + wait, 0)
  return {
    severity: 'warning',
    title,
    explanation:
      `${answered}${retrySeconds !== null ? '' : '; the log does not show its Retry-After, and without one Okta waits its default 5 minutes'}. ` +
      `Okta pauses the task and retries it by itself at ${formatDateTime(retryAt)}; each further refusal doubles the wait (up to ${readableSpan(lastWait * 1000)}), for ${oktaMaxAttempts} attempts in all over about ${readableSpan(totalWait * 1000)}, after which the task fails and needs a manual retry.${limitNow}`,
    nextStep: budgetNow === 0 ? 'Nothing to do: Okta retries on its own. If the task already failed, retry it in Okta (Dashboard → Tasks).' : `Nothing is lost: Okta retries on its own. ${raise}`,
    facts: facts(
      rateFact,
      fact('Retry-After', retrySeconds === null ? 'not in the log (Okta waits 5 minutes without one)' : plural(retrySeconds, 'second')),
      fact("Okta's next attempt", formatDateTime(retryAt)),
      fact("Okta's waits", `${waits.slice(0, 4).map((wait) => `${wait} s`).join(', ')}, … doubling: ${plural(waits.length, 'wait')} in ${oktaMaxAttempts} attempts`),
      refusedFact
    )
  }
}

function badFilter(entry: LogEntry, steps: AdminSteps): Diagnosis {
  const detail = entry.errorDetail ?? 'The filter could not be used.'
  const filter = filterOf(entry.path)
  // What the filter broke at, as the server kept it with the entry (ErrorFacts), not as the detail words it.
  const about = entry.errorFacts
  const fragment = about?.filterFragment
  const filterFacts = facts(fact('Filter', filter), fact('Fragment', fragment), fact('At character', about?.filterPosition), fact('scimType', entry.errorType))
  const sends =
    steps.idp === 'okta'
      ? 'Okta itself only sends userName eq "…" and displayName eq "…".'
      : 'Entra\'s lookups use only eq and and, on userName, externalId, displayName or emails[type eq "work"].value.'
  if (about?.filterComparisons !== undefined && about.filterComparisonLimit !== undefined) {
    return {
      severity: 'error',
      title: 'The filter makes more comparisons than SCIM Console accepts',
      explanation: `The filter was read, but it makes ${about.filterComparisons} comparisons and SCIM Console accepts at most ${about.filterComparisonLimit}, so it was refused. ${sends}`,
      nextStep:
        'This is a limit of SCIM Console. Okta and Entra look users and groups up with one or two comparisons, so the filter came from another client: it must split the filter into several requests.',
      facts: filterFacts
    }
  }
  const unsupported = about?.unfilterable
  if (unsupported) {
    return {
      severity: 'error',
      title: `The filter uses ${unsupported}, which SCIM Console cannot filter on`,
      explanation: `The request's filter${filter ? ` ${filter}` : ''} was refused: ${detail} ${sends}`,
      nextStep:
        steps.idp === 'entra'
          ? `Entra looks users and groups up by their matching attribute: ${entraProvisioning} → Mappings, and make userName (or externalId) the matching attribute of users, displayName that of groups, instead of ${unsupported}.`
          : `Okta's own lookups filter only on userName and displayName, so this filter came from another client: correct it there to use an attribute the detail lists.`,
      facts: filterFacts
    }
  }
  // `userName equals "x"`: a word SCIM has no operator for. Okta and Entra send eq, so another client wrote this filter.
  const operator = about?.filterExpected === 'operator'
  if (operator && fragment !== undefined) {
    return {
      severity: 'error',
      title: `The filter uses "${fragment}", which is not a SCIM operator`,
      explanation: `The request's filter${filter ? ` ${filter}` : ''} was refused: "${fragment}" stands where an operator belongs, and SCIM's are eq, ne, co, sw, ew, gt, ge, lt, le and pr. ${sends}`,
      nextStep:
        requestClientOf(entry.client, entry.path) === 'other'
          ? `Correct the filter in the client that sent it: write eq instead of "${fragment}" (for example userName eq "…").`
          : `${steps.who}'s own lookups use eq, so this filter came from a script or a test tool that sends ${steps.who}'s User-Agent, not from ${steps.who}'s provisioning: correct it there to use eq (for example userName eq "…"). Nothing in ${steps.who}'s settings needs changing.`,
      facts: filterFacts
    }
  }
  let nextStep: string
  if (steps.idp === 'entra') {
    nextStep = `Entra builds this lookup from the value of the matching attribute (${entraProvisioning} → Mappings shows which attribute that is): check this user's or group's value of it for a double quote or backslash, which breaks the filter.`
  } else if (requestClientOf(entry.client, entry.path) === 'okta') {
    nextStep = "Check the app's username format and attribute mappings in Okta: a value with an unescaped quote or backslash breaks the filter Okta builds."
  } else {
    nextStep = "Correct the filter in the client that sent it; the detail's fragment and position show where it breaks."
  }
  return {
    severity: 'error',
    title: fragment !== undefined ? `The filter cannot be read near "${fragment}"` : 'The filter cannot be read',
    explanation: `The request's filter${filter ? ` ${filter}` : ''} was refused: ${detail} ${sends}`,
    nextStep,
    facts: filterFacts
  }
}

/** The part of the URL a segment that does not decode is in, as the facts name it. */
function escapePart(found: MalformedEscape): string {
  if (found.part === 'id') return found.resource === 'user' ? 'User id' : found.resource === 'group' ? 'Group id' : 'Resource id'
  return { slug: 'Tenant slug (the end of the base URL)', 'base-url': 'Base URL', path: 'Path after the base URL' }[found.part]
}

/** A path that is not validly percent-encoded: which segment, whose mistake it is, and where that is corrected. */
function badEscape(entry: LogEntry, context: DiagnosisContext, steps: AdminSteps, found: MalformedEscape): Diagnosis {
  const who = steps.who
  const slug = context.tenant?.slug ?? null
  const segment = `"${found.segment}"`
  const where = {
    slug: `the tenant slug ${segment}, at the end of the base URL,`,
    'base-url': `${segment}, a part of the base URL,`,
    id: `the ${found.resource ?? 'resource'} id ${segment}`,
    path: `${segment}, after the base URL,`
  }[found.part]
  const read = `The path of ${entry.method} ${pathOnly(entry.path)} is not validly percent-encoded: ${where} holds a %-escape that does not decode to UTF-8 text (a "%" must be followed by two hex digits, and together they must spell UTF-8). SCIM Console could not read the path, so it refused the request before looking at its token or body.`
  const pathFacts = facts(fact('Path', entry.path), fact('Segment that does not decode', found.segment), fact('Part of the URL', escapePart(found)))
  if (found.part === 'id') {
    return {
      severity: 'error',
      title: `The URL is not validly percent-encoded: the ${found.resource ?? 'resource'} id`,
      explanation: `${read} SCIM Console gives users and groups ids of letters, digits and dashes only, so the client changed the id it was given.`,
      nextStep:
        requestClientOf(entry.client, entry.path) !== 'other'
          ? `${who} repeats the ids SCIM Console gave it, so this is unexpected: send this request (Copy as cURL) to SCIM Console support.`
          : 'Correct how the client puts ids into URLs: it must send them as SCIM Console returned them.',
      facts: pathFacts
    }
  }
  if (found.part === 'path') {
    return {
      severity: 'error',
      title: 'The URL is not validly percent-encoded after the base URL',
      explanation: read,
      nextStep: 'Correct how the client builds the rest of the URL after the base URL: a "%" in it must be sent as %25.',
      facts: pathFacts
    }
  }
  const tenant = context.tenant?.name ?? null
  const target = tenant && slug ? `${tenant}'s base URL, ending in /scim/v2/${slug}` : "the tenant's base URL, ending in /scim/v2/<tenant slug>"
  return {
    severity: 'error',
    title: `The URL is not validly percent-encoded: ${found.part === 'slug' ? 'the tenant slug' : 'the base URL'}`,
    explanation: `${read} That part comes from the base URL, so every request from this ${who} app fails the same way.`,
    nextStep: `The base URL was most likely pasted with stray characters (a "%", or part of other text around it). ${steps.setBaseUrl(`${target}, as shown on the tenant's page in SCIM Console`)}${steps.repeated}`,
    facts: pathFacts
  }
}

function badRequest(entry: LogEntry, context: DiagnosisContext, steps: AdminSteps): Diagnosis {
  if (entry.errorType === 'invalidFilter') return badFilter(entry, steps)
  // Only the router refuses a path that does not decode, so such a path says what the 400 was about.
  const escape = malformedEscapeIn(entry.path)
  if (escape) return badEscape(entry, context, steps, escape)
  const tenant = tenantName(context, entry)
  const who = steps.who
  const detail = entry.errorDetail ?? 'The request could not be used.'
  // What the 400 was about, as the server kept it with the entry (ErrorFacts), not as its detail words it: those words
  // are for people and change with them, and the advice in them differs by client.
  const about = entry.errorFacts
  if (about?.operationCount !== undefined && about.operationLimit !== undefined) {
    return {
      severity: 'error',
      title: 'The PATCH has more operations than SCIM Console accepts',
      explanation: `The PATCH has ${about.operationCount} operations and SCIM Console applies at most ${about.operationLimit} in one request, so none of them was applied.`,
      nextStep:
        'This is a limit of SCIM Console. Okta and Entra send a handful of operations in a PATCH; if one of them sent this, send the request (Copy as cURL) to SCIM Console support. Any other client must split its changes into several PATCH requests.',
      facts: facts(fact('Operations', String(about.operationCount)), fact('At most', String(about.operationLimit)), fact('scimType', entry.errorType))
    }
  }
  // A group's id sent as a member: SCIM Console keeps users only as members (core/directory.ts nestedGroupsSentence).
  // Read from the facts the server kept, not from the detail, whose words and advice differ by client and by version.
  const memberGroups = entry.errorFacts?.memberGroups ?? []
  if (memberGroups.length > 0) return nestedGroups(entry, context, steps, memberGroups)
  const memberIds = entry.errorFacts?.unknownMembers ?? []
  if (memberIds.length > 0) {
    const group = entry.targetName ? ` "${entry.targetName}"` : ''
    // Named as the request or the log knew them: Support looks people up by name, not by the id SCIM Console gave them.
    const known = context.unknownMembers
    const shownAs = (member: UnknownMember) => (member.name ? `${member.name} (id ${member.id})` : member.id)
    const list = known.length > 0 ? known.map(shownAs).join(', ') : memberIds.join(', ')
    const people = known.filter((member) => member.name !== null).map((member) => member.name)
    const person = people.length === 1 ? people[0] : people.length > 1 ? 'those people' : 'that person'
    const deleted = known.filter((member): member is UnknownMember & { deletedBy: LogEntrySummary } => member.deletedBy !== null)
    // Where each was deleted: in SCIM Console (the log has the console as the DELETE's client), or by a client's DELETE.
    const where = (by: LogEntrySummary) => (madeInConsole(by) ? 'in SCIM Console' : 'with DELETE')
    const places = new Set(deleted.map((member) => where(member.deletedBy)))
    const allLogged = deleted.length > 0 && deleted.length === known.length
    // Deleted in SCIM Console, perhaps on purpose: bringing them back is the customer's call.
    const inConsole = allLogged && places.size === 1 && places.has('in SCIM Console')
    const dates = deleted.map((member) => `${places.size > 1 ? `${where(member.deletedBy)} ` : ''}on ${formatDateTime(member.deletedBy.at)}`)
    const since = allLogged
      ? ` The log shows ${deleted.length === 1 ? 'the user' : 'each of them'} deleted ${places.size === 1 ? `${[...places].join('')} ` : ''}${dates.join(', ')}.`
      : ` ${who} names a member by the id SCIM Console gave the user when ${who} created it, so this user was most likely deleted here since (in SCIM Console, or by another client).`
    return {
      severity: 'error',
      title: `The group names a member that is not a user of ${tenant}`,
      explanation: `${who} sent the group${group} with the member ${list}, and ${tenant} has no user with that id, so nothing of the change was applied.${since}`,
      nextStep:
        steps.idp === 'okta'
          ? inConsole
            ? `${onlyIfWanted(person ?? 'that person', "In Okta, unassign them from the app and assign them again (the app's Assignments tab), so that Okta creates them anew.")} If the deletion was meant, unassign them from the app instead: Group Push sends only members who are assigned to the app. Either way, then push the group again (Push Groups → Push now).`
            : `In Okta, unassign ${person} from the app and assign them again (the app's Assignments tab), so that Okta creates them anew; Group Push sends only members who are assigned to the app. Then push the group again (Push Groups → Push now).`
          : inConsole
            ? `${onlyIfWanted(person ?? 'that person', `${entraProvisioning} and select Restart provisioning: Entra then looks its users up again, creates the missing ones, and adds them to the group.`)} If the deletion was meant, the customer's admin removes them from the group, or from the app's Users and groups, in Entra.`
            : `${entraProvisioning} and select Restart provisioning: Entra then looks its users up again, creates the missing ones, and adds them to the group.`,
      facts: facts(
        fact('Member', list),
        fact('Group', entry.targetName),
        ...deleted.map((member) =>
          fact(
            `Deleted${deleted.length > 1 ? ` (${member.name ?? member.id})` : ''}`,
            madeInConsole(member.deletedBy)
              ? `${formatDateTime(member.deletedBy.at)} in SCIM Console (log entry ${member.deletedBy.id})`
              : `${formatDateTime(member.deletedBy.at)} by ${member.deletedBy.method} ${pathOnly(member.deletedBy.path)}`
          )
        ),
        fact('scimType', entry.errorType)
      )
    }
  }
  const type = entry.targetType === 'group' ? 'group' : 'user'
  const attribute = about?.attribute ?? null
  if (attribute === 'userName' && about?.missing === true) {
    return {
      severity: 'error',
      title: `${who} sent a user without a userName`,
      // The detail's first sentence; the rest is advice to the admin, which the next step gives in full.
      explanation: `The user has no userName. Every user needs one: it is how ${who} and SCIM Console tell users apart.`,
      nextStep:
        steps.idp === 'okta'
          ? `In Okta, check the app's Application username format (the app's Sign On tab) and the userName mapping of its To App attribute mappings: each assigned person needs a value. ${steps.retry}`
          : `${steps.mapping('userName', 'user')} Each user in scope needs a value for it. ${steps.retry}`,
      facts: facts(fact('Attribute', 'userName'), fact('scimType', entry.errorType))
    }
  }
  if (attribute === 'displayName' && about?.missing === true) {
    return {
      severity: 'error',
      title: `${who} sent a group without a displayName`,
      explanation: `The group${entry.targetName ? ` "${entry.targetName}"` : ''} has no displayName. Every group needs one: it is the group's name, how ${who} and SCIM Console tell groups apart.`,
      nextStep:
        requestClientOf(entry.client, entry.path) === 'other'
          ? `Send the group with its displayName, which is required. ${steps.retry}`
          : steps.idp === 'okta'
            ? // Group Push sends the Okta group's own name; no attribute mapping of Okta's sets it.
              `Okta sends the name of the Okta group as displayName, and no mapping in Okta changes that: check the group's name in Okta (Directory → Groups), then push it again (Push Groups → Push now). If it has a name, send this request (Copy as cURL) to SCIM Console support.`
            : `${steps.mapping('displayName', 'group')} Each group in scope needs a value for it. ${steps.retry}`,
      facts: facts(fact('Attribute', 'displayName'), fact('Group', entry.targetName), fact('scimType', entry.errorType))
    }
  }
  // A group's members are the SCIM ids of users the client provisioned, not values of an attribute mapping.
  if (type === 'group' && attribute !== null && /^members\b/i.test(attribute) && entry.errorType !== 'invalidPath') {
    const client = requestClientOf(entry.client, entry.path)
    return {
      severity: 'error',
      title: `${who} sent a group member that cannot be used`,
      explanation: `${detail} Nothing of the change was applied.`,
      nextStep:
        client === 'other'
          ? `Correct the members in what the client sends: each needs the "value" of a user of ${tenant}, its SCIM id. ${steps.retry}`
          : `${who} builds a group's members from the SCIM ids of the users it provisioned, not from an attribute mapping, so no mapping in ${who} corrects this. ${
              steps.idp === 'okta' ? 'Push the group again (Push Groups → Push now)' : 'Let Entra retry it (or use Provision on demand for the group)'
            }; if it fails the same way, send this request (Copy as cURL) to SCIM Console support.`,
      facts: facts(fact('Attribute', attribute), fact('Group', entry.targetName), fact('scimType', entry.errorType))
    }
  }
  // Every refused path is invalidPath (scim/patch.ts), so the type says it, not the words "The path" in the detail.
  const isPath = entry.errorType === 'invalidPath'
  // A path that cannot be read is named as sent; an item of a multi-valued attribute as the mapping names it.
  const requested = attribute === null ? null : isPath ? { name: attribute, sent: undefined } : requestedAttribute(entry, attribute)
  const name = requested?.name ?? null
  const sent = requested?.sent
  let title = 'The request could not be used'
  if (name) {
    title = isPath
      ? `${who} sent a PATCH path that cannot be used: ${name}`
      : entry.errorType === 'mutability'
        ? `${who} sent a change to ${name} that is not allowed`
        : `${who} sent a value for ${name} that cannot be used`
  }
  if (!name) return unreadableRequest(entry, steps, detail)
  return {
    severity: 'error',
    title,
    explanation: `${detail}${sent !== undefined ? ` ${who} sent ${name}: ${shown(sent)}.` : ''}`,
    nextStep: `${steps.mapping(name, type)} ${steps.retry}`,
    facts: facts(fact('Attribute', name), name !== attribute ? fact('In the detail', attribute) : null, sent !== undefined ? fact('Value sent', shown(sent)) : null, fact('scimType', entry.errorType))
  }
}

/**
 * A group write that named groups of the tenant as members (`listed`, as the detail lists them), and perhaps ids that
 * are no user either. Okta's Group Push sends a pushed group's users, never a group; Entra does not provision nested
 * groups: only a group's own users are its members there. So no mapping corrects it, and the way out is in the groups.
 */
function nestedGroups(entry: LogEntry, context: DiagnosisContext, steps: AdminSteps, memberGroups: NonNullable<ErrorFacts['memberGroups']>): Diagnosis {
  const tenant = tenantName(context, entry)
  const who = steps.who
  const count = entry.errorFacts?.memberGroupCount ?? memberGroups.length
  const several = count > 1
  // As the detail lists them: the first five, and an ellipsis for the rest.
  const listed = `${memberGroups.map((member) => `"${member.name}" (id ${member.id})`).join(', ')}${count > memberGroups.length ? ', …' : ''}`
  const group = entry.targetName ? ` "${entry.targetName}"` : ''
  const others = entry.errorFacts?.unknownMembers ?? []
  const alsoUnknown =
    others.length === 0 ? '' : ` It also named ${others.length === 1 ? 'a member that is not a user' : 'members that are not users'} of ${tenant} at all: ${others.join(', ')}.`
  const client = requestClientOf(entry.client, entry.path)
  const unknownStep =
    others.length === 0
      ? ''
      : client === 'other'
        ? ' Leave out the ids that are no user, or create those users first.'
        : ` For ${others.join(', ')}, no user here (most likely deleted since): ${
            steps.idp === 'okta'
              ? "in Okta, unassign that person from the app and assign them again (the app's Assignments tab), so that Okta creates them anew."
              : `${entraRestart}, so that Entra creates its missing users.`
          }`
  let nextStep: string
  if (client === 'other') {
    nextStep = `Send the ids of the users in ${several ? 'those groups' : 'that group'} as members instead of the group's id. ${steps.retry}`
  } else if (steps.idp === 'okta') {
    nextStep = `In Okta, push groups whose members are users (Push Groups → Push now): Group Push sends the users of a pushed group as its members, never a group. If the people of ${several ? 'those groups' : 'that group'} belong in${group || ' this group'} here, add them to the Okta group that is pushed as${group || ' it'}. Group Push never sends a group as a member, so this request most likely came from a script or a tool that sends Okta's User-Agent.`
  } else {
    nextStep = `Entra does not provision nested groups: it sends only a group's own users as its members. In Entra, add the people of ${several ? 'those groups' : 'that group'} to the group directly, or assign ${several ? 'those groups' : 'that group'} to the app (Users and groups) so that ${several ? 'they are' : 'it is'} provisioned as ${several ? 'groups' : 'a group'} of ${several ? 'their' : 'its'} own. ${steps.retry}`
  }
  return {
    severity: 'error',
    title: `${who} sent another group as a member of a group`,
    explanation: `${who} sent the group${group} with ${several ? 'members that are groups' : 'a member that is a group'} of ${tenant}, not ${several ? 'users' : 'a user'}: ${listed}. SCIM Console does not support nested groups: a group's members must be users, so nothing of the change was applied.${alsoUnknown}`,
    nextStep: `${nextStep}${unknownStep}`,
    facts: facts(fact(several ? 'Member groups' : 'Member group', listed), others.length > 0 ? fact('Not users either', others.join(', ')) : null, fact('Group', entry.targetName), fact('scimType', entry.errorType))
  }
}

/** A 400 whose detail names no attribute: a body that is not JSON, a query parameter, or something only the detail says. */
function unreadableRequest(entry: LogEntry, steps: AdminSteps, detail: string): Diagnosis {
  const who = steps.who
  const client = requestClientOf(entry.client, entry.path)
  const ours = client !== 'other'
  const support = steps.idp === 'okta' ? 'Okta support' : 'Microsoft support'
  // A group's body is its name and the ids of the users the client provisioned, which no person's profile or mapping feeds.
  const group = entry.targetType === 'group'
  const source = group ? `the group in ${who}: its name, and the ids of the users ${who} provisioned as its members` : "the person's profile and the app's attribute mappings"
  if (entry.errorFacts?.notJson === true) {
    return {
      severity: 'error',
      title: 'The request body cannot be read',
      explanation: ours
        ? `${detail} ${who} writes this body itself from ${source}, so it is not text an admin typed and cannot correct by hand.`
        : `${detail} Nothing of it was applied.`,
      nextStep: !ours
        ? 'Correct the client so that it sends a valid JSON body, then retry; the detail says where in the body it breaks.'
        : group
          ? `A proxy between ${who} and SCIM Console may have changed the body: send this request (Copy as cURL) to ${support} and to SCIM Console support.${steps.repeated}`
          : `The body holds the values the app's mappings produce: if a custom attribute or an expression is mapped, check it first (${steps.idp === 'okta' ? 'Directory → Profile Editor → the app → Mappings' : `${entraProvisioning} → Mappings`}). If the mappings are plain, a proxy between ${who} and SCIM Console may have changed the body: send this request (Copy as cURL) to ${support} and to SCIM Console support.${steps.repeated}`,
      facts: facts(fact('scimType', entry.errorType), fact('Body size', entry.requestBody === null ? null : plural(entry.requestBody.length, 'character')))
    }
  }
  // Okta and Entra encode every body in UTF-8, whatever its names hold: bytes that are not are no value of a profile. An
  // admin sent to the profile finds the accented letter that the logged U+FFFD stands for, and takes it out of a name.
  if (entry.errorFacts?.notUtf8 === true) {
    return {
      severity: 'error',
      title: 'The request body is not UTF-8',
      explanation: ours
        ? `${detail} ${who} encodes its request bodies in UTF-8 itself, whatever letters the names in them hold, so no value in a profile or a mapping causes this: the body was changed on its way, or did not come from ${who}.`
        : `${detail} Nothing of it was applied.`,
      nextStep: ours
        ? `Do not change names or other values in ${who} to avoid their accented letters. A proxy between ${who} and SCIM Console may have converted the body to another character set, or another tool sent ${who}'s User-Agent: send this request (Copy as cURL) to SCIM Console support.${steps.repeated}`
        : 'Have the client encode its body as UTF-8 (and say "charset=utf-8" in its Content-Type, or no charset), then retry.',
      facts: facts(fact('scimType', entry.errorType), fact('Content-Type sent', entry.requestHeaders['content-type']))
    }
  }
  if (entry.requestBody === null) {
    // No body to compare: what could not be used is in the URL, a query parameter such as startIndex or count.
    const parameter = entry.errorFacts?.parameter ?? null
    return {
      severity: 'error',
      title: parameter ? `The request's ${parameter} cannot be used` : 'The request URL cannot be used',
      explanation: `${detail} The request has no body: what was refused is in its URL${parameter ? `, the query parameter ${parameter}` : ''}.`,
      nextStep: ours
        ? `${who} builds this URL itself (it pages its imports with startIndex and count), so there is nothing for its admin to correct: send this request (Copy as cURL) to SCIM Console support.`
        : `Correct the URL in the client that sent it${parameter ? `: ${parameter} must be as the detail says` : ''}, then retry.`,
      facts: facts(fact('Path', entry.path), fact('Parameter', parameter), fact('scimType', entry.errorType))
    }
  }
  return {
    severity: 'error',
    title: entry.errorType === 'invalidSyntax' ? 'The request body cannot be read' : 'The request could not be used',
    explanation: detail,
    nextStep: ours
      ? group
        ? `${who} writes this body from ${source}: compare the logged request body with the detail, and if the group's name is the cause, correct it in ${who}. If nothing there explains it, send this request (Copy as cURL) to SCIM Console support.`
        : `${who} writes this body from ${source}: compare the logged request body with the detail to find the value, and correct its source or mapping in ${who}. If nothing there explains it, send this request (Copy as cURL) to SCIM Console support.`
      : 'Compare the logged request body with the detail: the client sent something SCIM Console cannot apply. Correct it in the client and retry.',
    facts: facts(fact('scimType', entry.errorType))
  }
}

/** A 415: a body in another charset than UTF-8, or of a media type that is not JSON. */
function unsupportedMediaType(entry: LogEntry, steps: AdminSteps): Diagnosis {
  const who = steps.who
  const contentType = entry.requestHeaders['content-type'] ?? null
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1] ?? null
  const wrongCharset = charset !== null && !/^utf-?8$/i.test(charset)
  const detail = entry.errorDetail ?? `SCIM Console does not read a body of type ${contentType ?? 'unknown'}.`
  return {
    severity: 'error',
    title: wrongCharset ? `The body was sent in ${charset}, not in UTF-8` : "The body's Content-Type is not JSON",
    explanation: `${detail} SCIM Console reads only JSON bodies in UTF-8 (application/scim+json or application/json), so it did not read this one and nothing was applied.`,
    nextStep:
      requestClientOf(entry.client, entry.path) !== 'other'
        ? `${who} itself sends "Content-Type: application/scim+json; charset=utf-8", and it has no setting for it: a proxy between ${who} and SCIM Console may have changed the header, or another tool sent ${who}'s User-Agent. Send this request (Copy as cURL) to SCIM Console support.`
        : 'Have the client send its body as UTF-8 JSON with "Content-Type: application/scim+json; charset=utf-8" (or no charset), then retry.',
    facts: facts(fact('Content-Type sent', contentType ?? 'none'), fact('Charset', charset), fact('Status', entry.status))
  }
}

function preconditionFailed(entry: LogEntry): Diagnosis {
  const kind = entry.targetType ?? 'resource'
  const ifMatch = entry.requestHeaders['if-match'] ?? null
  const ifNoneMatch = entry.requestHeaders['if-none-match'] ?? null
  // RFC 7232 §3.2: a write with If-None-Match is refused when the resource is at a version it names (or exists, for *).
  // Which of the two failed, when a client sent both, is the server's to say; a client that sent one names it.
  const noneMatchFailed = entry.errorFacts?.condition === 'if-none-match' || (entry.errorFacts?.condition === undefined && ifMatch === null)
  if (ifNoneMatch !== null && noneMatchFailed) {
    return {
      severity: 'error',
      title: `The client asked not to change the ${kind} as it is now`,
      explanation: `The request carried If-None-Match: ${ifNoneMatch}, so SCIM Console was to apply it only if the ${kind} was not at a version it names (with *, only if there was no such ${kind}). It was, so nothing was saved.`,
      nextStep: `Okta and Entra send no If-None-Match with a change: the tool that did must leave it out, or read the ${kind} again and decide whether to change it.`,
      facts: facts(fact('If-None-Match sent', ifNoneMatch), fact(kind === 'group' ? 'Group' : 'User', entry.targetName), fact('Status', entry.status))
    }
  }
  // The version the server found, kept with the entry (scim/render.ts, staleIfMatch); the detail is a whole sentence of its own.
  const current = entry.errorFacts?.currentVersion
  // A header that names no ETag this server issues (`"abc"`, a tag of another system) matches no version at all: the
  // resource did not change, and the log holds no change to look for. Read from the header, as the server reads it.
  if (ifMatch !== null && ifMatchNamesNone(ifMatch)) {
    const tag = current !== undefined ? `W/"${current}"` : null
    return {
      severity: 'error',
      title: 'The If-Match header names no ETag that SCIM Console issued',
      explanation: `The request carried If-Match: ${ifMatch}, so SCIM Console was to apply it only if the ${kind} was at a version that header names. SCIM Console's ETags are weak versions such as W/"3", as meta.version and the ETag header of a GET give them, and this header names none, so it matches no version of the ${kind} and nothing was saved. The ${kind} did not change${current !== undefined ? `: it is at version ${current}` : ''}. Okta and Entra send no If-Match, so a script or another tool sent this one.`,
      nextStep: `The client must send the ETag of its last read of the ${kind} as it got it${tag ? ` (now If-Match: ${tag})` : ''}, not a value of its own or of another system; or leave If-Match out.`,
      facts: facts(fact('If-Match sent', ifMatch), fact(kind === 'group' ? 'Group' : 'User', entry.targetName), fact('Current ETag', tag), fact('Status', entry.status))
    }
  }
  return {
    severity: 'error',
    title: `The ${kind} changed after the client read it`,
    explanation: `The request carried If-Match${ifMatch ? `: ${ifMatch}` : ''}, so SCIM Console was to apply it only if the ${kind} was still at the version the client had read. It had changed since${current !== undefined ? ` (it is now at version ${current})` : ''}, so nothing was saved. Only a client that keeps the ETag of its last read sends If-Match.`,
    nextStep: `The client must read the ${kind} again (GET) and retry with its current ETag; its history in the log shows what changed it in between.`,
    facts: facts(fact('If-Match sent', ifMatch), fact(kind === 'group' ? 'Group' : 'User', entry.targetName), fact('Status', entry.status))
  }
}

function tooLarge(entry: LogEntry, steps: AdminSteps): Diagnosis {
  // The limit itself, not read from the detail, whose words differ by client.
  const limit = maxBodySize
  const group = entry.operation.startsWith('group-push')
  const fullLists = group && steps.idp === 'okta'
  return {
    severity: 'error',
    title: `The request is larger than SCIM Console accepts (${limit})`,
    explanation: fullLists
      ? `${steps.who} sent the group${entry.targetName ? ` "${entry.targetName}"` : ''} in a body over ${limit}, SCIM Console's limit, so nothing was applied. An Okta app you created yourself sends the group's full member list with every push, so a group of many thousands of members goes over the limit.`
      : `The request body is over ${limit}, SCIM Console's limit, so nothing was applied. No single user or group needs that much; the body holds a very large value or list.`,
    nextStep: fullLists
      ? "This is a limit of SCIM Console, not a mistake in Okta. Push a group this large from the catalog's SCIM 2.0 Test App, which sends membership changes as PATCH deltas, or as smaller groups; or ask SCIM Console support about the limit."
      : 'This is a limit of SCIM Console. If Okta or Entra sent this request, send it to SCIM Console support; any other client must send less.',
    facts: facts(fact('Limit', limit), fact(group ? 'Group' : 'Target', entry.targetName), fact('Status', entry.status))
  }
}

/** What went wrong with SCIM Console's own storage or server, as the facts kept with the entry say (db/storage-errors.ts). */
function hostFailure(about: ErrorFacts | null): { title: string; cause: string; fix: string } | null {
  const place = 'On the machine that runs SCIM Console'
  switch (about?.storage) {
    case 'full':
      return {
        title: "SCIM Console's disk is full",
        cause: 'The disk that holds SCIM Console\'s database is full, so the change was not saved.',
        fix: `${place}, free disk space (Settings shows the data folder; a shorter log retention there keeps the log smaller).`
      }
    case 'busy':
      return {
        title: "SCIM Console's database was busy",
        cause: 'Another process held SCIM Console\'s database for more than 5 seconds, so the change was not saved.',
        fix: `This usually passes by itself. If it repeats, look ${place.charAt(0).toLowerCase()}${place.slice(1)} for another SCIM Console process (the app, "scim-console serve" or the CLI) that holds the database, and stop it.`
      }
    case 'read-only':
      return {
        title: "SCIM Console's database cannot be written",
        cause: 'SCIM Console\'s database file or its folder is read-only, so the change was not saved.',
        fix: `${place}, make the data folder (shown in Settings) and the database in it writable for the user that runs SCIM Console, then restart the server (Server page).`
      }
    case 'removed':
      return {
        title: "SCIM Console's database file was deleted or moved",
        cause: "SCIM Console's database file was deleted or moved while SCIM Console was running, so the change was not saved.",
        fix: `${place}, put the file back where it was (Settings shows the data folder). If it is gone for good, keep what SCIM Console still holds with Back up… on the banner about the file, then restart SCIM Console and restore that backup.`
      }
    case 'io':
      return {
        title: "SCIM Console's disk failed a write",
        cause: `The disk refused a write to SCIM Console's database (${about.storageCode ?? 'an I/O error'}), so the change was not saved.`,
        fix: `${place}, check the disk that holds the data folder (shown in Settings).`
      }
  }
  if (about?.stopping === true) {
    return {
      title: 'SCIM Console was stopping',
      cause: 'The request arrived while the SCIM server was stopping, so it was not taken and nothing was changed.',
      fix: 'If the server is still stopped, start it (Server page → Start).'
    }
  }
  return null
}

function serverError(entry: LogEntry, steps: AdminSteps): Diagnosis {
  const who = steps.who
  const detail = entry.errorDetail ?? ''
  // A connection test is a button the admin clicked, with no task behind it in Okta's Tasks, nor a change Entra retries.
  const retry = entry.operation === 'test-credentials' ? steps.retest : steps.retry
  if (entry.status === 501) {
    const endpoint = /^\/scim\/v2\/[^/]+(\/[^/]+)/i.exec(pathOnly(entry.path))?.[1] ?? pathOnly(entry.path)
    return {
      severity: 'error',
      title: `SCIM Console does not offer ${endpoint}`,
      explanation: `${detail || `SCIM Console does not offer ${endpoint}.`} The request fails the same way every time. Okta's and Entra's provisioning work through /Users and /Groups and do not need it.`,
      nextStep: 'Nothing to retry: it would fail again. If a script or tool sent this, have it use /Users and /Groups instead.',
      facts: facts(fact('Path', entry.path), fact('Status', entry.status))
    }
  }
  const host = hostFailure(entry.errorFacts)
  if (host) {
    return {
      severity: 'error',
      title: host.title,
      explanation: `${host.cause} This is a problem of the machine SCIM Console runs on, not a problem of ${who} or of its request.`,
      nextStep: `${host.fix}${steps.repeated} ${retry}`,
      facts: facts(fact('Status', entry.status), fact('Detail', detail))
    }
  }
  const errorId = entry.errorFacts?.errorId ?? null
  if (errorId) {
    return {
      severity: 'error',
      title: `SCIM Console failed on this request (error ${errorId})`,
      explanation: `An unexpected error stopped SCIM Console while it handled this request, so nothing was changed. ${who} shows the request as failed.`,
      nextStep: `${retry} If it fails again, send SCIM Console support the error id ${errorId} and this request (Copy as cURL); the server's own log has the details under that id.${steps.repeated}`,
      facts: facts(fact('Internal error id', errorId), fact('Status', entry.status))
    }
  }
  return {
    severity: 'error',
    title: `The server answered ${entry.status}`,
    explanation: entry.errorDetail ?? `SCIM Console could not handle ${entry.method} ${entry.path}.`,
    nextStep: `${retry} If it keeps failing, send this request (Copy as cURL) to SCIM Console support.${steps.repeated}`,
    facts: facts(fact('Status', entry.status))
  }
}

function injected(entry: LogEntry, context: DiagnosisContext, steps: AdminSteps, underlying: Diagnosis): Diagnosis {
  const tenant = tenantName(context, entry)
  const who = steps.who
  return {
    severity: 'info',
    title: `Injected failure: ${underlying.title}`,
    explanation: `This ${entry.status} was injected on purpose by the fault settings of ${tenant} (for training or a demo); ${who}'s request and ${tenant}'s data were fine. What ${who} was told: ${entry.errorDetail ?? 'no detail'}`,
    nextStep: `Nothing to fix in ${who}. Turn the fault off in SCIM Console (${tenant} → Faults) when the exercise is over. Had it been real: ${underlying.nextStep}`,
    facts: facts(fact('Injected', 'yes, by fault injection'), ...underlying.facts)
  }
}

/**
 * Explains a failed request in plain words, with the next step in the words of the identity provider that sent it
 * (Okta, or Microsoft Entra ID), from the entry and the data gathered about it. Null for a request that did not fail.
 */
export function diagnose(entry: LogEntry, context: DiagnosisContext): Diagnosis | null {
  if (entry.status < 400) return null
  const steps = stepsFor(entry)
  const underlying = diagnoseReal(entry, context, steps)
  const diagnosis = asSimulatorsFailure(entry, steps, entry.injected ? injected(entry, context, steps, underlying) : underlying)
  return context.tenantDeleted ? ofDeletedTenant(entry, context.tenantDeleted, steps, diagnosis) : diagnosis
}

/**
 * A failure of a request to a tenant deleted since: what went wrong then still explains the request, but its advice
 * (reassign a user, issue a token, raise a limit) is about a tenant that is gone. Said first, with what its base URL
 * gets now: the 401 of a slug no tenant has (scim/server.ts admit), or the requests of the tenant that has the slug.
 */
function ofDeletedTenant(entry: LogEntry, deleted: NonNullable<DiagnosisContext['tenantDeleted']>, steps: AdminSteps, diagnosis: Diagnosis): Diagnosis {
  const slug = entry.tenantSlug ?? 'unknown'
  const who = steps.who
  const now =
    deleted.slugNowHeldBy === null
      ? `Requests to /scim/v2/${slug} now get 401 Unauthorized, the answer to a slug no tenant has.`
      : `Requests to /scim/v2/${slug} now go to the tenant ${deleted.slugNowHeldBy}, created since with the same slug, and need its API token.`
  return {
    severity: 'info',
    title: `The tenant "${slug}" has been deleted since this request`,
    explanation: `This request went to the tenant with the slug "${slug}" (id ${entry.tenantId ?? 'unknown'}), which has been deleted since, with its users, groups and API tokens. What went wrong then: ${diagnosis.title}. ${diagnosis.explanation}`,
    nextStep:
      requestClientOf(entry.client, entry.path) === 'other'
        ? `Nothing to fix in the tenant: it is gone. ${now} If the tenant is still needed, create one in SCIM Console, issue it a token, and send the requests to its base URL with that token.`
        : `Nothing to fix in the tenant: it is gone. ${now} If ${who} still provisions to it and should not, turn provisioning off in ${who}; if the tenant is still needed, create one in SCIM Console, issue it a token, and set its base URL and token in ${who}.`,
    facts: [{ label: 'Tenant', value: `deleted since (slug ${slug}, id ${entry.tenantId ?? 'unknown'})` }, ...diagnosis.facts]
  }
}

/**
 * A failure of a request that SCIM Console's own demo or self-test sent (shared/request-outcome.ts): said to be theirs,
 * so that Support does not pass Okta's steps on to a customer. The self-test sends some requests that must fail (a
 * wrong token, a user that does not exist, a duplicate) to check the answer; its own result says whether it was right.
 */
function asSimulatorsFailure(entry: LogEntry, steps: AdminSteps, diagnosis: Diagnosis): Diagnosis {
  const kind = simulatorKindOf(entry)
  if (kind === null) return diagnosis
  if (kind === 'demo') {
    return {
      ...diagnosis,
      explanation: `${diagnosis.explanation} The request came from SCIM Console's ${steps.who} demo, not from the customer's ${steps.who}.`,
      facts: [...diagnosis.facts, { label: 'Sent by', value: `SCIM Console's ${steps.who} demo` }]
    }
  }
  return {
    ...diagnosis,
    severity: 'info',
    explanation: `${diagnosis.explanation} The request came from SCIM Console's conformance self-test, not from the customer's ${steps.who}: the self-test sends some requests that must fail, to check how SCIM Console answers them.`,
    nextStep: `Nothing to do in ${steps.who}. The self-test's own result (on the tenant's ${steps.who} demo page, or from scim-console demo conformance) says whether this answer was the right one. Had the customer's ${steps.who} sent it: ${diagnosis.nextStep}`,
    facts: [...diagnosis.facts, { label: 'Sent by', value: "SCIM Console's conformance self-test" }]
  }
}

function diagnoseReal(entry: LogEntry, context: DiagnosisContext, steps: AdminSteps): Diagnosis {
  switch (entry.status) {
    case 401:
      return entry.tenantId === null && entry.tenantSlug !== null ? unauthorizedNoTenant(entry, context, steps) : unauthorized(entry, context, steps)
    case 409:
      return conflict(entry, context, steps)
    case 404:
      return notFound(entry, context, steps)
    case 429:
      return throttled(entry, context, steps)
    case 400:
      return badRequest(entry, context, steps)
    case 412:
      return preconditionFailed(entry)
    case 413:
      return tooLarge(entry, steps)
    case 415:
      return unsupportedMediaType(entry, steps)
  }
  if (entry.status >= 500) return serverError(entry, steps)
  return {
    severity: 'error',
    title: `Refused with ${entry.status}`,
    explanation: entry.errorDetail ?? `SCIM Console refused ${entry.method} ${entry.path}.`,
    nextStep: 'Correct the request as the detail says, then retry it.',
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
  readonly tenants: Pick<TenantService, 'find' | 'list'>
  readonly tokens: Pick<TokenService, 'get' | 'list'>
  readonly directory: Pick<DirectoryService, 'findUserByName' | 'getUser' | 'getGroup'>
  readonly log: Pick<ProvisioningLog, 'get' | 'list' | 'timeline' | 'flush' | 'loggedTenantId'>
}

/** Diagnoses log entries from live data; the rules themselves are the pure `diagnose`. */
export interface Diagnostician {
  /** Gathers the data a failure's diagnosis needs. */
  context(entry: LogEntry, timeline?: readonly LogEntrySummary[]): DiagnosisContext
  /** One entry in full: diagnosis, token and timeline. */
  detail(id: number): Result<LogEntryDetail>
  /** A page of the log, with each failure's diagnosis when the query asks for it. */
  list(query: LogQuery): Result<Page<LogEntrySummary>>
  /**
   * The one line the drawer heads an entry's diagnosis with (its title), for a list or a file; null for a success,
   * which has no diagnosis.
   */
  headline(entry: Pick<LogEntrySummary, 'id' | 'status'>): string | null
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
    // A tenant deleted since: its id is in the log, and no tenant has it. Which tenant has its slug now, if one does.
    const tenantDeleted =
      entry.tenantId !== null && !found ? { slugNowHeldBy: tenants.list().find((candidate) => candidate.slug === entry.tenantSlug)?.name ?? null } : null
    let result: DiagnosisContext = { ...emptyContext, tenant, tenantDeleted }
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
    if (entry.status === 409 && tenant) {
      const group = entry.targetType === 'group'
      // A rename names the user or group it renames by id; what it is called now is read here.
      const addressed = entry.targetId ? (group ? directory.getGroup(tenant.id, entry.targetId, false)?.displayName : directory.getUser(tenant.id, entry.targetId)?.userName) : undefined
      result = { ...result, addressedName: addressed ?? null }
    }
    if (entry.status === 409 && tenant && entry.targetType !== 'group') {
      // The userName the request wanted, which a PATCH gives in its operations and the answer names; not the target's.
      const userName = requestedName(entry, 'userName') ?? entry.targetName
      const holder = userName ? directory.findUserByName(tenant.id, userName) : undefined
      result = {
        ...result,
        holder: holder
          ? {
              id: holder.id,
              userName: holder.userName,
              active: holder.active,
              externalId: typeof holder.resource.externalId === 'string' ? holder.resource.externalId : null,
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
    if ((entry.status === 404 || entry.status === 401) && (entry.tenantId === null || prefixInPath(entry.path) !== null)) {
      // The token tells whose base URL was meant: the one the server found (a 401 keeps its id), else by its prefix, which
      // is 4 random characters, so it is trusted only when one token has it.
      const prefix = prefixInPath(entry.path) ?? presentedPrefix(entry.requestHeaders)
      const logged = entry.tenantId === null ? tokenRef(entry.tokenId) : null
      const loggedSlug = logged ? tenants.find(logged.tenantId)?.slug : undefined
      const owners =
        logged && loggedSlug !== undefined
          ? [{ token: logged, slug: loggedSlug }]
          : prefix === null
            ? []
            : tenants.list().flatMap((candidate) => tenantTokens(candidate.id).filter((token) => token.prefix === prefix).map((token) => ({ token, slug: candidate.slug })))
      const slug = entry.tenantId === null ? entry.tenantSlug : null
      const loggedId = slug && !slug.includes('[redacted]') ? log.loggedTenantId(slug) : null
      let deletedTenant: DiagnosisContext['deletedTenant'] = null
      if (loggedId !== null && !tenants.find(loggedId)) {
        const latest = log.list({ tenantId: loggedId, limit: 1 })
        deletedTenant = { id: loggedId, lastRequestAt: latest.ok ? (latest.value.items[0]?.at ?? null) : null }
      }
      result = { ...result, prefixOwner: owners.length === 1 ? (owners[0] ?? null) : null, deletedTenant }
    }
    const unknown = entry.status === 400 && tenant ? (entry.errorFacts?.unknownMembers ?? []) : []
    if (unknown.length > 0 && tenant) {
      result = {
        ...result,
        unknownMembers: unknown.map((id) => {
          // The log's requests about that id, newest first: the name it had, and the DELETE that removed it.
          const about = log.list({ tenantId: tenant.id, target: id, until: entry.at, limit: 20 })
          const items = about.ok ? about.value.items.filter((other) => other.targetId === id && other.id < entry.id) : []
          const named = memberDisplay(entry.requestBody, id) ?? items.find((other) => other.targetName !== null)?.targetName ?? null
          const deletedBy = items.find((other) => other.method === 'DELETE' && other.status < 300) ?? null
          return { id, name: named, deletedBy }
        })
      }
    }
    if (entry.status === 429 && tenant) {
      const at = Date.parse(entry.at)
      const page = log.list({ tenantId: tenant.id, status: 429, since: new Date(at - 60_000).toISOString(), until: entry.at, limit: 1 })
      result = { ...result, throttledInMinute: page.ok ? page.value.total : null }
    }
    return result
  }

  // A listed entry's diagnosis, as the drawer's (detail): the same rules over the same context, whose timeline
  // `context` reads itself. A success has none, and is not read again.
  function diagnosisOf(entry: Pick<LogEntrySummary, 'id' | 'status'>): Diagnosis | null {
    if (entry.status < 400) return null
    const full = log.get(entry.id)
    return full.ok ? diagnose(full.value, context(full.value)) : null
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
      const items = page.value.items.map((item): LogEntrySummary => ({ ...item, diagnosis: diagnosisOf(item) }))
      return ok({ ...page.value, items })
    },
    headline(entry) {
      return diagnosisOf(entry)?.title ?? null
    }
  }
}
