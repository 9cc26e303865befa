/** Plain, readonly data that crosses the IPC boundary. Times are ISO-8601 strings. */

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
}

/** A tenant with the figures the tenants table shows. */
export interface TenantSummary extends Tenant {
  readonly userCount: number
  readonly groupCount: number
  readonly activeTokenCount: number
  readonly lastRequestAt: string | null
  readonly failuresLastHour: number
  /** Failures in each of the last twelve five-minute buckets, oldest first. */
  readonly failureTrend: readonly number[]
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

/** What the SCIM server did with a request, in Okta's words. */
export type Operation =
  | 'test-credentials'
  | 'lookup-user'
  | 'create-user'
  | 'get-user'
  | 'update-user'
  | 'deactivate-user'
  | 'reactivate-user'
  | 'delete-user'
  | 'import-users'
  | 'list-users'
  | 'lookup-group'
  | 'import-groups'
  | 'list-groups'
  | 'get-group'
  | 'group-push-create'
  | 'group-push-update'
  | 'group-push-delete'
  | 'discovery'
  | 'unknown'

/** One request the SCIM server answered, as the log table lists it. */
export interface LogEntrySummary {
  readonly id: number
  readonly at: string
  readonly tenantId: string | null
  readonly tenantSlug: string | null
  readonly tokenId: string | null
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
}

/** One request in full: headers and bodies, with secrets redacted. */
export interface LogEntry extends LogEntrySummary {
  readonly authScheme: 'bearer' | 'bare' | 'basic' | 'none' | 'other'
  readonly requestHeaders: Readonly<Record<string, string>>
  readonly requestBody: string | null
  readonly responseBody: string | null
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
  readonly requestsPerSecond: number
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
