import type {
  ActiveFaults,
  ActivityBucket,
  AppInfo,
  AppSettings,
  ConformanceReport,
  ConformanceRun,
  ConformanceSuite,
  DataInfo,
  DeletedTenant,
  DemoMode,
  DemoRun,
  DirectoryGroup,
  DirectoryGroupDetail,
  DirectoryUser,
  DirectoryUserDetail,
  ExportResult,
  FaultConfig,
  GroupDraft,
  IssuedToken,
  LogEntryDetail,
  LogEntrySummary,
  LogWriteStatus,
  Operation,
  Page,
  SearchResults,
  ServerStatus,
  SettingsPatch,
  SetupGuide,
  Tenant,
  TenantSummary,
  Token,
  UnloadHold,
  UserDraft
} from './models'
import type { IdentityProvider } from './identity-provider'
import type { Result } from './result'

/** Filters for the tenants table. */
export interface TenantQuery {
  readonly search?: string
}

/** Outcome filter of the log: every request, failures, a status class, or throttled ones. */
export type LogOutcome = 'all' | 'failed' | '4xx' | '5xx' | 'throttled'

/** Filters for the provisioning log; they combine. Times are ISO-8601. */
export interface LogQuery {
  readonly tenantId?: string
  readonly outcome?: LogOutcome
  readonly operation?: Operation
  /** Text matched against the target user or group (userName, displayName or id). */
  readonly target?: string
  readonly status?: number
  readonly since?: string
  readonly until?: string
  /** Full-text search over userName, path and error detail. */
  readonly search?: string
  /**
   * Leave out the requests SCIM Console's own simulators and self-tests sent (shared/request-outcome.ts), as a tenant's
   * Latest failures does; the log lists them, marked.
   */
  readonly excludeSimulators?: boolean
  /** Also compute each failure's diagnosis (for short lists such as a tenant's latest failures). */
  readonly withDiagnosis?: boolean
  readonly limit?: number
  /** Opaque keyset cursor from the previous page. */
  readonly cursor?: string
}

/**
 * `logs:list` counts the matches of a filter up to this many, because an exact count over a million rows costs
 * more than the page it labels: a `total` above the cap means "more than this" (show "10,000+").
 */
export const logTotalCap = 10_000

/** Filters for the directory tables. */
export interface DirectoryQuery {
  readonly tenant: string
  readonly search?: string
  readonly status?: 'all' | 'active' | 'inactive'
  readonly limit?: number
  readonly cursor?: string
}

type Empty = Record<string, never>

/**
 * The whole renderer→main contract: one channel a method, `<feature>:<verb>`.
 * Every handler answers a `Result`; a thrown error is a bug. Payloads are plain JSON.
 */
export interface IpcContract {
  'tenants:list': (query: TenantQuery) => Result<Page<TenantSummary>>
  'tenants:get': (input: { readonly tenant: string }) => Result<TenantSummary>
  /** `setupProvider`: the identity provider the customer provisions from (Tenant.setupProvider). */
  'tenants:create': (input: { readonly name: string; readonly slug?: string; readonly setupProvider?: IdentityProvider | null }) => Result<Tenant>
  /** `setupProvider` null forgets the provider said; left out, it stays. */
  'tenants:update': (input: {
    readonly tenant: string
    readonly name?: string
    readonly rateLimitPerMinute?: number
    readonly setupProvider?: IdentityProvider | null
  }) => Result<Tenant>
  'tenants:delete': (input: { readonly tenant: string; readonly force?: boolean }) => Result<{ readonly id: string }>

  'tokens:list': (input: { readonly tenant: string }) => Result<readonly Token[]>
  'tokens:issue': (input: {
    readonly tenant: string
    readonly label?: string
    readonly expiresInDays?: number
  }) => Result<IssuedToken>
  /**
   * The token just issued was copied, perhaps minutes after it was issued: the clipboard guard's time starts again,
   * so that it is cleared the whole delay after the copy, not before it. Carries no secret.
   */
  'tokens:copied': (input: Empty) => Result<null>
  /** Revokes a token of `tenant` (the screen's): a token of another tenant is not found. */
  'tokens:revoke': (input: { readonly tenant: string; readonly tokenId: string }) => Result<Token>

  'logs:list': (query: LogQuery) => Result<Page<LogEntrySummary>>
  'logs:get': (input: { readonly id: number }) => Result<LogEntryDetail>
  /** Requests per bucket by outcome, for the activity chart. */
  'logs:activity': (input: { readonly query: LogQuery; readonly buckets?: number }) => Result<readonly ActivityBucket[]>
  /** Writes the filtered log through a save dialog; null when cancelled. */
  'logs:export': (input: { readonly query: LogQuery; readonly format: 'csv' | 'ndjson' }) => Result<ExportResult | null>
  /** A cURL command that replays one request, with its secrets redacted. */
  'logs:curl': (input: { readonly id: number }) => Result<{ readonly command: string }>
  'logs:write-status': (input: Empty) => Result<LogWriteStatus>
  /**
   * The deleted tenant whose requests the log holds under `slug` (a link to its log from before it was deleted), or null
   * when a tenant has that slug now or the log holds no tenant's requests under it.
   */
  'logs:deleted-tenant': (input: { readonly slug: string }) => Result<DeletedTenant | null>

  'directory:users': (query: DirectoryQuery) => Result<Page<DirectoryUser>>
  'directory:user': (input: { readonly tenant: string; readonly id: string }) => Result<DirectoryUserDetail>
  'directory:create-user': (input: { readonly tenant: string; readonly user: UserDraft }) => Result<DirectoryUser>
  'directory:update-user': (input: { readonly tenant: string; readonly id: string; readonly user: UserDraft }) => Result<DirectoryUser>
  'directory:set-user-active': (input: { readonly tenant: string; readonly id: string; readonly active: boolean }) => Result<DirectoryUser>
  'directory:delete-user': (input: { readonly tenant: string; readonly id: string }) => Result<{ readonly id: string }>
  'directory:groups': (query: DirectoryQuery) => Result<Page<DirectoryGroup>>
  'directory:group': (input: { readonly tenant: string; readonly id: string }) => Result<DirectoryGroupDetail>
  'directory:create-group': (input: { readonly tenant: string; readonly group: GroupDraft }) => Result<DirectoryGroup>
  'directory:update-group': (input: { readonly tenant: string; readonly id: string; readonly group: GroupDraft }) => Result<DirectoryGroup>
  'directory:delete-group': (input: { readonly tenant: string; readonly id: string }) => Result<{ readonly id: string }>

  'setup:guide': (input: { readonly tenant: string }) => Result<SetupGuide>
  /** Writes the one-page guide for the customer's Okta (the default) or Entra admin through a save dialog; null when cancelled. */
  'setup:export': (input: { readonly tenant: string; readonly format: 'html' | 'pdf'; readonly provider?: IdentityProvider }) => Result<ExportResult | null>

  'demo:start': (input: {
    readonly tenant: string
    readonly mode: DemoMode
    readonly users: number
    /** Divides Okta's waits (Retry-After, pauses between steps) for a live demo; 1 is real time. */
    readonly speed?: number
    /** Start paused, to walk through step by step. */
    readonly paused?: boolean
  }) => Result<DemoRun>
  'demo:control': (input: { readonly runId: string; readonly action: 'pause' | 'resume' | 'step' | 'cancel' }) => Result<DemoRun>
  'demo:get': (input: { readonly runId: string }) => Result<DemoRun>
  /**
   * Runs a conformance self-test against the tenant (Okta's SPEC test unless `suite` says otherwise) and answers its
   * report at the end; each change on the way is pushed as `demo:conformance-progress`. Refused with `conflict` while
   * the tenant's self-test runs.
   */
  'demo:conformance': (input: { readonly tenant: string; readonly suite?: ConformanceSuite }) => Result<ConformanceReport>
  /** Stops the tenant's running self-test; answers once it has ended and its token is revoked, null when none was running. */
  'demo:conformance-cancel': (input: { readonly tenant: string }) => Result<ConformanceRun | null>
  /** The tenant's self-test in progress, else its last one since the app started; null when none ran. */
  'demo:conformance-status': (input: { readonly tenant: string }) => Result<ConformanceRun | null>

  'faults:get': (input: { readonly tenant: string }) => Result<FaultConfig>
  'faults:set': (input: { readonly tenant: string; readonly faults: Omit<FaultConfig, 'tenantId'> }) => Result<FaultConfig>
  'faults:active': (input: Empty) => Result<readonly ActiveFaults[]>

  'server:status': (input: Empty) => Result<ServerStatus>
  'server:start': (input: Empty) => Result<ServerStatus>
  'server:stop': (input: Empty) => Result<ServerStatus>
  'server:restart': (input: Empty) => Result<ServerStatus>

  'settings:get': (input: Empty) => Result<{ readonly settings: AppSettings; readonly data: DataInfo }>
  /** Updates settings; exposing the server beyond this machine needs `confirmExposure`. Restarts the server when its options change. */
  'settings:update': (input: { readonly patch: SettingsPatch; readonly confirmExposure?: boolean }) => Result<AppSettings>

  'search:everything': (input: { readonly text: string }) => Result<SearchResults>

  'app:info': (input: Empty) => Result<AppInfo>
  'app:open-data-folder': (input: Empty) => Result<{ readonly path: string }>
  /** Opens an https link in the OS browser; other schemes are refused. */
  'app:open-external': (input: { readonly url: string }) => Result<{ readonly opened: boolean }>
  /** SQLite online backup to a file chosen in a save dialog; safe while the server runs. */
  'app:backup': (input: Empty) => Result<ExportResult | null>
  /** Restores a backup chosen in an open dialog, then restarts; null when cancelled. */
  'app:restore': (input: Empty) => Result<{ readonly restoredFrom: string } | null>
  /**
   * What the page holds its unload for (closing or reloading the window), so that the window's question names what
   * would be lost. The whole set each time it changes, none when the page holds nothing: each call replaces the last,
   * so main never has to piece the set together from changes. Main forgets it when the page reloads or the window closes.
   */
  'app:hold-unload': (input: { readonly holds: readonly UnloadHold[] }) => Result<null>
}

export type Channel = keyof IpcContract
export type ChannelInput<C extends Channel> = Parameters<IpcContract[C]>[0]
export type ChannelOutput<C extends Channel> = ReturnType<IpcContract[C]>

/** Every channel, for registration and for building the client. */
export const channels = [
  'tenants:list',
  'tenants:get',
  'tenants:create',
  'tenants:update',
  'tenants:delete',
  'tokens:list',
  'tokens:issue',
  'tokens:copied',
  'tokens:revoke',
  'logs:list',
  'logs:get',
  'logs:activity',
  'logs:export',
  'logs:curl',
  'logs:write-status',
  'logs:deleted-tenant',
  'directory:users',
  'directory:user',
  'directory:create-user',
  'directory:update-user',
  'directory:set-user-active',
  'directory:delete-user',
  'directory:groups',
  'directory:group',
  'directory:create-group',
  'directory:update-group',
  'directory:delete-group',
  'setup:guide',
  'setup:export',
  'demo:start',
  'demo:control',
  'demo:get',
  'demo:conformance',
  'demo:conformance-cancel',
  'demo:conformance-status',
  'faults:get',
  'faults:set',
  'faults:active',
  'server:status',
  'server:start',
  'server:stop',
  'server:restart',
  'settings:get',
  'settings:update',
  'search:everything',
  'app:info',
  'app:open-data-folder',
  'app:open-external',
  'app:backup',
  'app:restore',
  'app:hold-unload'
] as const satisfies readonly Channel[]

// A channel in the contract but missing from the list above fails to compile here.
type MissingChannels = Exclude<Channel, (typeof channels)[number]>
const allChannelsListed: MissingChannels extends never ? true : MissingChannels = true
void allChannelsListed

/** Pushes from main to the renderer. */
export interface EventContract {
  'logs:appended': { readonly tenantIds: readonly string[]; readonly count: number }
  'logs:write-status': LogWriteStatus
  /** Retention deleted old entries. */
  'logs:pruned': { readonly deleted: number }
  'directory:changed': { readonly tenantId: string }
  'tenants:changed': { readonly tenantId: string | null }
  'server:status': ServerStatus
  'demo:progress': DemoRun
  /** A SPEC self-test's state after every change: a check finished, a 429 being waited out or over, the end. */
  'demo:conformance-progress': ConformanceRun
  'faults:changed': { readonly tenantId: string }
  'settings:changed': AppSettings
  /** A menu item or tray action asks the renderer to go somewhere: `#/logs?outcome=failed`. */
  'app:navigate': { readonly route: string }
}

export type EventName = keyof EventContract

export const eventNames = [
  'logs:appended',
  'logs:write-status',
  'logs:pruned',
  'directory:changed',
  'tenants:changed',
  'server:status',
  'demo:progress',
  'demo:conformance-progress',
  'faults:changed',
  'settings:changed',
  'app:navigate'
] as const satisfies readonly EventName[]

type MissingEvents = Exclude<EventName, (typeof eventNames)[number]>
const allEventsListed: MissingEvents extends never ? true : MissingEvents = true
void allEventsListed

/** The typed API the renderer sees as `window.api`. Method names are the channel names in camelCase. */
export type ApiClient = {
  readonly invoke: <C extends Channel>(channel: C, input: ChannelInput<C>) => Promise<ChannelOutput<C>>
  readonly on: <E extends EventName>(event: E, listener: (payload: EventContract[E]) => void) => () => void
}

/** Sends one request to main; Electron's `ipcRenderer.invoke` or a Playwright binding. */
export type Invoke = (channel: string, input: unknown) => Promise<unknown>
/** Subscribes to one push channel and returns the unsubscribe. */
export type Subscribe = (event: string, listener: (payload: unknown) => void) => () => void

/**
 * Builds the typed client from a transport. The preload calls it with `ipcRenderer`;
 * the E2E harness calls it with Playwright bindings, so both run this same code.
 */
export function createApiClient(invoke: Invoke, subscribe: Subscribe): ApiClient {
  const knownChannels: ReadonlySet<string> = new Set(channels)
  const knownEvents: ReadonlySet<string> = new Set(eventNames)
  return Object.freeze({
    invoke: async <C extends Channel>(channel: C, input: ChannelInput<C>) => {
      if (!knownChannels.has(channel)) throw new Error(`Unknown IPC channel: ${channel}`)
      return (await invoke(channel, input)) as ChannelOutput<C>
    },
    on: <E extends EventName>(event: E, listener: (payload: EventContract[E]) => void) => {
      if (!knownEvents.has(event)) throw new Error(`Unknown IPC event: ${event}`)
      return subscribe(event, (payload) => listener(payload as EventContract[E]))
    }
  })
}
