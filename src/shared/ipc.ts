import type { AppInfo, IssuedToken, LogEntry, LogEntrySummary, Page, ServerStatus, Tenant, TenantSummary, Token } from './models'
import type { Result } from './result'

/** Filters for the tenants table. */
export interface TenantQuery {
  readonly search?: string
}

/** Filters for the provisioning log. */
export interface LogQuery {
  readonly tenantId?: string
  readonly outcome?: 'all' | 'failed' | '4xx' | '5xx' | 'throttled'
  readonly limit?: number
  /** Opaque keyset cursor from the previous page. */
  readonly cursor?: string
}

/**
 * The whole renderer→main contract: one channel a method, `<feature>:<verb>`.
 * Every handler answers a `Result`; a thrown error is a bug.
 */
export interface IpcContract {
  'tenants:list': (query: TenantQuery) => Result<Page<TenantSummary>>
  'tenants:get': (input: { readonly tenant: string }) => Result<TenantSummary>
  'tenants:create': (input: { readonly name: string; readonly slug?: string }) => Result<Tenant>
  'tenants:update': (input: {
    readonly tenant: string
    readonly name?: string
    readonly rateLimitPerMinute?: number
  }) => Result<Tenant>
  'tenants:delete': (input: { readonly tenant: string; readonly force?: boolean }) => Result<{ readonly id: string }>
  'tokens:list': (input: { readonly tenant: string }) => Result<readonly Token[]>
  'tokens:issue': (input: {
    readonly tenant: string
    readonly label?: string
    readonly expiresInDays?: number
  }) => Result<IssuedToken>
  'tokens:revoke': (input: { readonly tokenId: string }) => Result<Token>
  'logs:list': (query: LogQuery) => Result<Page<LogEntrySummary>>
  'logs:get': (input: { readonly id: number }) => Result<LogEntry>
  'server:status': (input: Record<string, never>) => Result<ServerStatus>
  'app:info': (input: Record<string, never>) => Result<AppInfo>
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
  'tokens:revoke',
  'logs:list',
  'logs:get',
  'server:status',
  'app:info'
] as const satisfies readonly Channel[]

// A channel in the contract but missing from the list above fails to compile here.
type MissingChannels = Exclude<Channel, (typeof channels)[number]>
const allChannelsListed: MissingChannels extends never ? true : MissingChannels = true
void allChannelsListed

/** Pushes from main to the renderer. */
export interface EventContract {
  'logs:appended': { readonly tenantIds: readonly string[]; readonly count: number }
  'directory:changed': { readonly tenantId: string }
  'tenants:changed': { readonly tenantId: string | null }
  'server:status': ServerStatus
}

export type EventName = keyof EventContract

export const eventNames = ['logs:appended', 'directory:changed', 'tenants:changed', 'server:status'] as const satisfies readonly EventName[]

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
