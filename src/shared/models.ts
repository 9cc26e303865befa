/** Plain, readonly data that crosses the IPC boundary. Times are ISO-8601 strings. */
import type { AddressReach } from './addresses'
import type { IdentityProvider } from './identity-provider'

/** A customer of ours whose identity provider provisions into us. */
export interface Tenant {
  readonly id: string
  readonly name: string
  readonly slug: string
  /** The SCIM base path, `/scim/v2/<slug>`. */
  readonly scimPath: string
  /** Requests per minute the SCIM server accepts for this tenant; 0 is unlimited. */
  readonly rateLimitPerMinute: number
  readonly createdAt: string
  /**
   * The identity provider the customer provisions from, as a CSM said it: in the New tenant or Edit tenant form, with
   * the setup guide's "Use … for this tenant" (its switch only changes the view), or with `tenant create|update --provider`. Null until someone said; the screens then go by the
   * tenant's traffic (TenantSummary.identityProvider).
   */
  readonly setupProvider: IdentityProvider | null
}

/** The highest rate limit a tenant may have: main refuses more, and the Edit tenant form says so as it is typed. */
export const maxRateLimitPerMinute = 1_000_000

/**
 * How long the SPEC self-test waits out 429s in all, as Okta would, before it stops waiting: so that a tenant throttled
 * to a request a minute does not hold the console's self-test for a quarter of an hour. The panel says so while it runs.
 */
export const maxSelfTestThrottleWaitSeconds = 180

/** How many times the SPEC self-test sends one request that keeps getting 429 before it reports the 429. */
export const maxSelfTestThrottleAttempts = 5

/** A tenant with the figures the tenants table shows. */
export interface TenantSummary extends Tenant {
  readonly userCount: number
  readonly groupCount: number
  readonly activeTokenCount: number
  /** The latest request a client sent; changes made in SCIM Console, which the log holds too, are not requests. */
  readonly lastRequestAt: string | null
  /**
   * The identity provider that provisions the tenant, as its traffic shows: the one that sent the latest of its recent
   * requests that came from Okta or Entra; null while none did (no requests yet, or only curl and scripts).
   */
  readonly identityProvider: IdentityProvider | null
  /** Failures as shared/request-outcome.ts counts them: no 429, and nothing SCIM Console's simulators sent. */
  readonly failuresLastHour: number
  /** Failures in each of the last twelve five-minute buckets, oldest first. */
  readonly failureTrend: readonly number[]
  /** Requests answered 429 in the last hour: throttled, not failed (the client retries them). */
  readonly throttledLastHour: number
}

export type TokenStatus = 'active' | 'revoked' | 'expired'

/** A SCIM API token as listed: never the secret. */
export interface Token {
  readonly id: string
  readonly tenantId: string
  readonly label: string
  /** The first characters of the secret, for recognising it: `scim_ab12`. */
  readonly prefix: string
  readonly createdAt: string
  readonly expiresAt: string | null
  readonly revokedAt: string | null
  readonly lastUsedAt: string | null
  readonly status: TokenStatus
}

/** A freshly issued token: the only time the secret exists outside the identity provider. */
export interface IssuedToken extends Token {
  readonly token: string
}

/**
 * How long a copied API token may stay on the system clipboard: main clears it this long after the last token it
 * issued (and when the app quits), if the clipboard still holds one. The issue dialog says so beside the token.
 */
export const tokenClipboardMinutes = 5

/**
 * Something on the screen that closing or reloading the window would lose for good, and that the page therefore holds
 * its unload for (`app:hold-unload`). Main words the window's question from these.
 */
export type UnloadHold =
  /**
   * A form's changes, not saved yet. `what` names what they are to, as the screens' own question does ("the faults"),
   * one entry a form; it is empty when the form does not say (a dialog's form).
   */
  | { readonly kind: 'changes'; readonly what: readonly string[] }
  /** A new API token, not copied yet, of the tenant named `tenant`: SCIM Console shows a token only once. */
  | { readonly kind: 'token'; readonly tenant: string }

/** Every operation the SCIM server records, in Okta's terms; the one list the log filters, faults and UI share. */
export const operations = [
  'test-credentials',
  'lookup-user',
  'create-user',
  'get-user',
  'update-user',
  'sync-password',
  'deactivate-user',
  'reactivate-user',
  'delete-user',
  'import-users',
  'list-users',
  'lookup-group',
  'import-groups',
  'list-groups',
  'get-group',
  'group-push-create',
  'group-push-update',
  'group-push-delete',
  'discovery',
  'unknown'
] as const

/** What the SCIM server did with a request, in Okta's words. */
export type Operation = (typeof operations)[number]

/** Tells a known operation name from any other text, such as a hand-edited URL or a CLI flag. */
export function isOperation(value: string): value is Operation {
  return (operations as readonly string[]).includes(value)
}

/**
 * How a logged request presented its credential, or `console` for a change made in SCIM Console itself (its directory
 * screens): no request and no token, logged as the SCIM request it equals so that the log holds every change.
 */
export type LogAuthScheme = 'bearer' | 'bare' | 'basic' | 'none' | 'other' | 'console'

/** The client name the log gives the changes made in SCIM Console itself (`authScheme` `console`). */
export const consoleClientName = 'SCIM Console'

/** One request the SCIM server answered, or one change made in SCIM Console, as the log table lists it. */
export interface LogEntrySummary {
  readonly id: number
  readonly at: string
  readonly tenantId: string | null
  readonly tenantSlug: string | null
  readonly tokenId: string | null
  readonly authScheme: LogAuthScheme
  readonly method: string
  readonly path: string
  readonly status: number
  readonly durationMs: number
  readonly client: string | null
  readonly operation: Operation
  readonly targetType: 'user' | 'group' | null
  readonly targetId: string | null
  readonly targetName: string | null
  readonly errorType: string | null
  readonly errorDetail: string | null
  /** True when the failure was injected on purpose (fault injection), not real. */
  readonly injected: boolean
  /** Present when the query asked for diagnoses (`withDiagnosis`); null for a success. */
  readonly diagnosis?: Diagnosis | null
}

/**
 * Whether a log entry is a change made in SCIM Console rather than a request from a client. Told by the auth scheme,
 * which the SCIM server never gives a request, not by the client name, which any client can send as its User-Agent.
 */
export function madeInConsole(entry: Pick<LogEntrySummary, 'authScheme'>): boolean {
  return entry.authScheme === 'console'
}

/** One request in full: headers and bodies, with secrets redacted. */
export interface LogEntry extends LogEntrySummary {
  readonly requestHeaders: Readonly<Record<string, string>>
  readonly requestBody: string | null
  readonly responseBody: string | null
  /** What the refusal was about, as the server knew it when it answered; null for a success and most failures. */
  readonly errorFacts: ErrorFacts | null
}

/**
 * What a refused request was about, as the SCIM server knew it when it answered, kept with its log entry: the
 * diagnosis reads these rather than the words of the detail, which are for people and change with them.
 */
export interface ErrorFacts {
  /** A 412: the version the user or group was at when the condition failed. */
  readonly currentVersion?: number
  /** A 412: the header whose condition failed. */
  readonly condition?: 'if-match' | 'if-none-match'
  /** A group write refused for its members: those that are groups of the tenant (the first five), with their names. */
  readonly memberGroups?: readonly { readonly id: string; readonly name: string }[]
  /** How many members were groups of the tenant, memberGroups being the first five. */
  readonly memberGroupCount?: number
  /** A group write refused for its members: the ids that are no user (nor group) of the tenant, the first five. */
  readonly unknownMembers?: readonly string[]
  /** How many members were no user of the tenant, unknownMembers being the first five. */
  readonly unknownMemberCount?: number
  /**
   * A 400: the attribute, member or PATCH path it was about, as the detail names it (`phoneNumbers[0].value`, an item
   * counted from 0 in the body; `members[1]`; a path as sent).
   */
  readonly attribute?: string
  /** A 400: the required attribute (userName, a group's displayName) was absent or empty. */
  readonly missing?: boolean
  /** A PATCH refused for one of its operations: that operation's position, from 1. */
  readonly operation?: number
  /** A PATCH refused for its length: how many operations it had, and how many SCIM Console applies at most. */
  readonly operationCount?: number
  readonly operationLimit?: number
  /** A filter that could not be read: the fragment it broke at and its position (a character, from 1). */
  readonly filterFragment?: string
  readonly filterPosition?: number
  /** A filter that could not be read because a word stood where an operator belongs (`userName equals "x"`). */
  readonly filterExpected?: 'operator'
  /** A filter over the limit: how many comparisons it made, and how many SCIM Console accepts. */
  readonly filterComparisons?: number
  readonly filterComparisonLimit?: number
  /** A filter on an attribute SCIM Console cannot filter on, as the filter wrote it. */
  readonly unfilterable?: string
  /** A 400: the body is not JSON, or not valid JSON (scim/body-encoding.ts jsonSyntaxDetail). */
  readonly notJson?: boolean
  /** A 400: the body's bytes are not UTF-8 (scim/body-encoding.ts decodeBody). */
  readonly notUtf8?: boolean
  /** A 400 about a list parameter (`startIndex`, `count`, `sortOrder`), as the request named it. */
  readonly parameter?: string
  /** A 409: the userName or group displayName the request asked for, which another user or group holds. */
  readonly wantedName?: string
  /** A 409: how the user or group that holds the name writes it, when not as the request did (in case, or accents). */
  readonly heldAs?: string
  /** A 429: the Retry-After it was sent with, in seconds. */
  readonly retryAfter?: number
  /** A 429 of a throttle: the requests a minute it allowed then (the tenant's rate limit, or an injected throttle's). */
  readonly rateLimit?: number
  /** A 503 or 507 of SCIM Console's own storage (db/storage-errors.ts), and SQLite's code for a disk error. */
  readonly storage?: 'full' | 'busy' | 'read-only' | 'removed' | 'io'
  readonly storageCode?: string
  /** A 503: the SCIM server was stopping, and did not take the request. */
  readonly stopping?: boolean
  /** A 500 of an unexpected error: the id the server's own log has its details under. */
  readonly errorId?: string
}

/** The embedded SCIM server's state. */
export interface ServerStatus {
  readonly state: 'starting' | 'running' | 'stopped' | 'failed'
  readonly host: string
  readonly port: number
  /** The origin the server listens on, `http://127.0.0.1:8787`, or null when stopped. */
  readonly url: string | null
  /** The origin identity providers should use; the public URL when one is set. */
  readonly publicUrl: string | null
  readonly startedAt: string | null
  readonly lastError: string | null
  /** After a "port in use" failure: a port that is free now. */
  readonly suggestedPort: number | null
  readonly requestsPerSecond: number
  /**
   * The database file was found deleted or moved while open (src/main/db/database-file.ts): until it is back at its
   * path, the server and the console refuse changes, which would be lost at the next start; reads still work.
   */
  readonly databaseFileRemoved: boolean
}

/** A page of a list; `nextCursor` is set when more follow. */
export interface Page<T> {
  readonly items: readonly T[]
  readonly total: number
  readonly nextCursor: string | null
}

/** Facts for the About dialog and support. */
export interface AppInfo {
  readonly version: string
  readonly databasePath: string
  readonly versions: Readonly<Record<string, string>>
}

// ——— Provisioning log: triage ———

/** A user or group of the request's tenant, by its id, that a diagnosis fact names. */
export interface DiagnosisSubject {
  readonly kind: 'user' | 'group'
  readonly id: string
}

/** One fact behind a diagnosis, shown as a label and a value. */
export interface DiagnosisFact {
  readonly label: string
  readonly value: string
  /**
   * The user or group the fact names, set only while it exists in the tenant, so that the log detail can open it in
   * the Directory. Absent for facts about anything else.
   */
  readonly subject?: DiagnosisSubject
}

/** Why a request failed and what the customer's admin should do, derived from the data (token, user, tenant). */
export interface Diagnosis {
  readonly severity: 'error' | 'warning' | 'info'
  /** One line: "The API token was revoked". */
  readonly title: string
  /** What happened, in plain words. */
  readonly explanation: string
  /** What to do next, in the words of the identity provider that sent the request (Okta's or Entra's screens). */
  readonly nextStep: string
  readonly facts: readonly DiagnosisFact[]
}

/** The token a request presented, for the detail panel. */
export interface TokenRef {
  readonly id: string
  readonly tenantId: string
  readonly tenantName: string
  readonly label: string
  readonly prefix: string
  readonly status: TokenStatus
  readonly revokedAt: string | null
  readonly expiresAt: string | null
}

/** One request in full, with its diagnosis, its token and the other requests about the same user or group. */
export interface LogEntryDetail extends LogEntry {
  readonly diagnosis: Diagnosis | null
  readonly token: TokenRef | null
  /** Requests about the same target, oldest first, including this one. */
  readonly timeline: readonly LogEntrySummary[]
}

/** Requests in one time bucket, by outcome. */
export interface ActivityBucket {
  readonly start: string
  readonly ok: number
  readonly clientErrors: number
  readonly throttled: number
  readonly serverErrors: number
  /** Of the requests above, those SCIM Console's own simulators and self-tests sent (shared/request-outcome.ts)… */
  readonly simulated: number
  /** …and how many of those were failures, which count toward no failure figure. */
  readonly simulatedFailures: number
  /** Of the entries above, the changes made in SCIM Console, logged as the requests they equal: no request was made. */
  readonly consoleChanges: number
}

/** Where an export was written; null in a Result means the user cancelled the save dialog. */
export interface ExportResult {
  readonly path: string
  readonly count: number
}

// ——— Directory ———

/** A user as the console's directory table lists it. */
export interface DirectoryUser {
  readonly id: string
  readonly tenantId: string
  readonly userName: string
  readonly displayName: string | null
  readonly givenName: string | null
  readonly familyName: string | null
  readonly email: string | null
  readonly externalId: string | null
  readonly active: boolean
  readonly groupCount: number
  readonly createdAt: string
  readonly updatedAt: string
}

/** A user in full: the SCIM JSON a client would GET, its groups, and its history from the log. */
export interface DirectoryUserDetail extends DirectoryUser {
  readonly scim: Readonly<Record<string, unknown>>
  readonly groups: readonly { readonly id: string; readonly displayName: string }[]
  readonly history: readonly LogEntrySummary[]
}

/** A group as the directory table lists it. */
export interface DirectoryGroup {
  readonly id: string
  readonly tenantId: string
  readonly displayName: string
  readonly externalId: string | null
  readonly memberCount: number
  readonly createdAt: string
  readonly updatedAt: string
}

/** A group in full, with members and history. */
export interface DirectoryGroupDetail extends DirectoryGroup {
  readonly scim: Readonly<Record<string, unknown>>
  readonly members: readonly { readonly id: string; readonly userName: string; readonly active: boolean }[]
  readonly history: readonly LogEntrySummary[]
}

/** What the console's user form edits. */
export interface UserDraft {
  readonly userName: string
  readonly givenName?: string
  readonly familyName?: string
  readonly email?: string
  readonly displayName?: string
  readonly externalId?: string
  readonly active?: boolean
}

/** What the console's group form edits. */
export interface GroupDraft {
  readonly displayName: string
  readonly externalId?: string
  readonly memberIds?: readonly string[]
}

// ——— Okta setup guide, simulator, conformance, faults ———

/** The values a customer's Okta admin pastes, for one tenant. */
export interface SetupGuide {
  readonly tenant: Tenant
  /** The SCIM connector base URL, built from the public URL when one is set. */
  readonly baseUrl: string
  /** Who can reach the base URL (shared/addresses.ts); only a public one can be reached from Okta's or Microsoft's cloud. */
  readonly baseUrlReach: AddressReach
  /** True when the base URL is not public (`baseUrlReach` is not `public`): Okta's cloud cannot reach it. */
  readonly baseUrlIsLocal: boolean
  /** Why the base URL puts the API token at risk (http:// beyond this computer), or null. */
  readonly cleartextWarning: string | null
  /** Entra's Tenant URL: the base URL with the aadOptscim062020 flag, which makes Entra send standard PATCHes. */
  readonly entraTenantUrl: string
  readonly uniqueIdentifierField: string
  readonly provisioningActions: readonly string[]
  readonly authenticationMode: string
  readonly activeTokens: readonly Token[]
  readonly serverRunning: boolean
}

/**
 * Who the demo plays: Okta's catalog app (PATCH), Okta's wizard app (PUT), or Microsoft Entra ID's provisioning service,
 * with the Tenant URL's aadOptscim062020 flag as the Entra guide sets it up (`entra`) or without it, as older apps have
 * it (`entra-legacy`: Entra's older PATCH format), or Entra's Provision on demand of one user (`entra-on-demand`) or of
 * a group with the members picked for it (`entra-on-demand-group`).
 */
export type DemoMode = 'catalog' | 'wizard' | 'entra' | 'entra-legacy' | 'entra-on-demand' | 'entra-on-demand-group'

/** True for Entra's Provision on demand, of one user or of a group: no cycle, and a failed step is clicked again. */
export function provisionsOnDemand(mode: DemoMode): boolean {
  return mode === 'entra-on-demand' || mode === 'entra-on-demand-group'
}

/** The most members Provision on demand takes with a group (provision-on-demand.md: "pick up to five users"). */
export const maxOnDemandGroupMembers = 5

/** One step of a simulated Okta or Entra run. */
export interface DemoStep {
  readonly index: number
  /** A stable id: `test-credentials`, `assign-user`, `push-profile`, `deactivate`, … */
  readonly step: string
  /** The narration: "Okta is checking whether jane@… exists". */
  readonly title: string
  /**
   * `waiting`: Okta waits out a 429 within the step. `deferred`: Entra was throttled (429), got a server error (5xx) or
   * no answer, and moved on; it retries the change in its next provisioning cycle, a later step. A deferred step is no
   * failure of the run.
   */
  readonly status: 'pending' | 'running' | 'ok' | 'failed' | 'waiting' | 'deferred'
  readonly httpStatus: number | null
  readonly detail: string | null
  readonly method: string | null
  readonly path: string | null
  readonly startedAt: string | null
  readonly finishedAt: string | null
}

/** A simulated Okta or Entra run and where it is. */
export interface DemoRun {
  readonly id: string
  readonly tenantId: string
  readonly mode: DemoMode
  readonly users: number
  readonly state: 'running' | 'paused' | 'finished' | 'failed' | 'cancelled'
  readonly steps: readonly DemoStep[]
  /**
   * Set while the client waits out a 429, and until when. Okta waits within the throttled task: `attempt` is the attempt
   * that was refused, `waitSeconds` its wait. Entra moves on and retries throttled changes in its next provisioning
   * cycle (about 40 minutes later; the demo waits only Retry-After): `attempt` is that cycle's number (2, 3, …).
   * `throttled` is false when Entra's next cycle also retries changes that met a server error (5xx) or no answer.
   * `held` is true when, the run being paused, the retry (or the next cycle) waits for Resume or Step once the count
   * ends; false when it goes then: the run is running, or a Step click lets it go (Okta's retry is part of the step
   * stepped through).
   */
  readonly retry: {
    readonly attempt: number
    readonly waitSeconds: number
    readonly until: string
    readonly throttled: boolean
    readonly held: boolean
    /** True when the one who waits is Okta's admin, who clicks Save again once Retry-After is over, not Okta itself. */
    readonly byAdmin?: boolean
  } | null
  readonly startedAt: string
  readonly finishedAt: string | null
}

/**
 * Which client's checks a conformance self-test runs: `okta`, Okta's SCIM 2.0 SPEC test; `entra`, the requests and
 * answers Microsoft documents for a SCIM endpoint that Entra ID provisions (the cases of its SCIM Validator).
 */
export type ConformanceSuite = 'okta' | 'entra'

/** One check of a conformance self-test, with what was sent and answered. */
export interface ConformanceCheck {
  readonly step: string
  readonly title: string
  readonly optional: boolean
  readonly ok: boolean
  readonly failures: readonly string[]
  readonly request: { readonly method: string; readonly path: string; readonly body: string | null }
  readonly response: { readonly status: number; readonly body: string | null }
}

export interface ConformanceReport {
  readonly tenantId: string
  readonly suite: ConformanceSuite
  readonly startedAt: string
  readonly finishedAt: string
  readonly passed: number
  readonly failed: number
  readonly checks: readonly ConformanceCheck[]
  /** Stopped before its last check (Cancel, Ctrl+C, the app quitting): `checks` are the ones done so far. */
  readonly cancelled: boolean
}

/** A self-test waiting out a 429, as Retry-After asks, before it sends the same request again. */
export interface ConformanceWait {
  /** The attempt that got 429 (1 for the first); the next is `attempt + 1` of `maxSelfTestThrottleAttempts`. */
  readonly attempt: number
  /** As Retry-After asked. */
  readonly waitSeconds: number
  /** When the request is sent again (ISO-8601). */
  readonly until: string
  readonly method: string
  readonly path: string
}

/**
 * One tenant's self-test as it runs, then as it ended: pushed as `demo:conformance-progress` after every change
 * (a check finished, a 429 waited out, the end), and kept in main while the app runs.
 */
export interface ConformanceRun {
  readonly id: string
  readonly tenantId: string
  readonly suite: ConformanceSuite
  /** `failed` is a run stopped by an error of SCIM Console itself, not by a failed check: `error` says which. */
  readonly state: 'running' | 'finished' | 'cancelled' | 'failed'
  readonly startedAt: string
  readonly finishedAt: string | null
  /** The checks finished so far, in order. */
  readonly checks: readonly ConformanceCheck[]
  /** Set while the test waits out a 429. */
  readonly wait: ConformanceWait | null
  readonly error: string | null
}

/** One injected failure rule. */
export interface FaultRule {
  readonly id: string
  /** Which requests it hits: an operation, or every request. */
  readonly operation: Operation | 'any'
  readonly status: number
  readonly detail: string
  readonly mode: 'percent' | 'once'
  /** For `percent`: the share of matching requests that fail, 1–100. */
  readonly percent: number
}

/** The faults injected into one tenant's SCIM traffic, for training Support. */
export interface FaultConfig {
  readonly tenantId: string
  /** Throttle to this many requests a minute; 0 is off. */
  readonly throttlePerMinute: number
  /** Latency added to every request. */
  readonly latencyMs: number
  /** The next token check fails as if the token were revoked. */
  readonly failNextAuth: boolean
  readonly rules: readonly FaultRule[]
}

/** A deleted tenant whose past requests the log still holds, named by the slug it had. */
export interface DeletedTenant {
  readonly id: string
  readonly slug: string
}

/**
 * Whether the provisioning log is being written. While the database refuses its entries (a full disk, say), requests
 * are still answered and their entries are kept in memory; the console shows a banner until they are written.
 */
export type LogWriteStatus =
  | { readonly state: 'ok' }
  | { readonly state: 'failing'; readonly since: string; readonly reason: string }

/** A tenant with faults on, for the banner on every screen. */
export interface ActiveFaults {
  readonly tenantId: string
  readonly tenantName: string
  readonly tenantSlug: string
  /** What is on, in one line in Okta's words: "Throttled to 10 requests/min · Push new user fails once (HTTP 500)". */
  readonly summary: string
  /** The same line in Entra's words ("Create user fails once"), for a tenant whose customer provisions from Entra. */
  readonly entraSummary: string
}

// ——— App, server and settings ———

/** Settings kept in the database, shared by the app and the CLI. */
export interface AppSettings {
  readonly server: {
    readonly host: string
    readonly port: number
    /** The origin identity providers reach us at (a tunnel), or null for the local address. */
    readonly publicUrl: string | null
    readonly autoStart: boolean
  }
  readonly retention: { readonly days: number; readonly rows: number }
  readonly notifications: { readonly enabled: boolean; readonly failureThreshold: number; readonly windowMinutes: number }
  /** Keep serving in the tray when the window is closed. */
  readonly keepRunningInTray: boolean
}

/** Facts about the data folder for the Settings page. */
export interface DataInfo {
  readonly databasePath: string
  readonly dataFolder: string
  /** The database's pages (its data, free pages included) and its write-ahead log. */
  readonly databaseBytes: number
  /**
   * Of databaseBytes, the write-ahead log's. SQLite keeps the log at the largest size it reached (up to 40 MB, the
   * checkpoint mark) and reuses it, so a small database can read far larger than its data.
   */
  readonly walBytes: number
  readonly logRows: number
  readonly oldestLogAt: string | null
}

/** A deep partial of the settings, for updates. */
export type SettingsPatch = {
  readonly [K in keyof AppSettings]?: AppSettings[K] extends object ? Partial<AppSettings[K]> : AppSettings[K]
}

/** What the command palette finds. */
export interface SearchResults {
  readonly tenants: readonly Tenant[]
  readonly users: readonly { readonly tenantSlug: string; readonly tenantName: string; readonly id: string; readonly userName: string; readonly active: boolean }[]
  readonly groups: readonly { readonly tenantSlug: string; readonly tenantName: string; readonly id: string; readonly displayName: string }[]
}
