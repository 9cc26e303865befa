import type { AppSettings, LogEntrySummary, ServerStatus } from '../../shared/models'
import { plural } from '../../shared/plural'
import { countsAsFailure } from '../../shared/request-outcome'

/** A failed request as the tray lists it. */
export interface RecentFailure {
  readonly id: number
  readonly at: string
  readonly tenantId: string
  readonly tenantName: string
  readonly status: number
  readonly operation: string
  readonly detail: string | null
  /** Where a click goes: the log, filtered to the tenant's failures. */
  readonly route: string
}

/** What the watcher needs; all of it plain, so tests drive it with a fake log and clock. */
export interface FailureAlertDeps {
  /** The provisioning log's batches, as written (`ProvisioningLog.onWritten`). */
  readonly onWritten: (listener: (entries: readonly LogEntrySummary[]) => void) => () => void
  /** Read at each failure, so a change in Settings applies at once. */
  readonly settings: () => AppSettings['notifications']
  readonly notify: (notification: { readonly title: string; readonly body: string; readonly route?: string }) => void
  /** The tenant's display name, or null when it is gone. */
  readonly tenantName: (tenantId: string) => string | null
  readonly now: () => number
}

/** Watches the log for tenants that start failing. */
export interface FailureWatch {
  /** The latest failures, newest first (at most ten). */
  recent(): readonly RecentFailure[]
  /** Tenants at or over the failure threshold within the window, now. */
  failingTenants(): readonly string[]
  /** Called after each batch that changed `recent()`. */
  onChange(listener: () => void): () => void
  stop(): void
}

const recentLimit = 10
const bodyLimit = 220

/** The log route of a tenant's failures, as the renderer's router reads it. */
export function failuresRoute(tenantSlug: string): string {
  return `#/logs?${new URLSearchParams({ tenant: tenantSlug, outcome: 'failed' }).toString()}`
}

/** The notification for a tenant that reached the threshold. */
export function failureNotification(tenantName: string, count: number, windowMinutes: number, latest: LogEntrySummary): { title: string; body: string } {
  const what = latest.errorDetail ? `${latest.status}: ${latest.errorDetail}` : `${latest.status} on ${latest.method} ${latest.path}`
  const body = `${plural(count, 'failed SCIM request')} in the last ${plural(windowMinutes, 'minute')}. Latest: ${what}`
  return { title: `${tenantName} is failing`, body: body.length > bodyLimit ? `${body.slice(0, bodyLimit - 1)}…` : body }
}

/**
 * Notifies once when a tenant reaches `failureThreshold` failures within `windowMinutes`, then stays quiet for that
 * tenant for one window, however many failures follow (no spam while Okta retries). Counting goes on while
 * notifications are off, because the tray shows failing tenants either way.
 */
export function watchFailures(deps: FailureAlertDeps): FailureWatch {
  const failures = new Map<string, number[]>()
  const lastNotified = new Map<string, number>()
  let recent: RecentFailure[] = []
  const listeners = new Set<() => void>()

  function windowMs(): number {
    return deps.settings().windowMinutes * 60_000
  }

  function prune(tenantId: string, now: number): number[] {
    const kept = (failures.get(tenantId) ?? []).filter((at) => at > now - windowMs())
    if (kept.length > 0) failures.set(tenantId, kept)
    else failures.delete(tenantId)
    return kept
  }

  function consider(entry: LogEntrySummary, tenantId: string, now: number): void {
    const settings = deps.settings()
    const times = prune(tenantId, now)
    times.push(now)
    failures.set(tenantId, times)
    if (times.length < settings.failureThreshold) return
    const last = lastNotified.get(tenantId)
    if (last !== undefined && now - last < windowMs()) return
    if (!settings.enabled) return
    lastNotified.set(tenantId, now)
    const name = deps.tenantName(tenantId) ?? entry.tenantSlug ?? 'A tenant'
    const { title, body } = failureNotification(name, times.length, settings.windowMinutes, entry)
    deps.notify({ title, body, route: failuresRoute(entry.tenantSlug ?? tenantId) })
  }

  const unsubscribe = deps.onWritten((entries) => {
    const now = deps.now()
    let changed = false
    for (const entry of entries) {
      // A failure as every failure figure counts it (shared/request-outcome.ts): a throttle is retried by the client,
      // and the requests of SCIM Console's own simulators and self-tests are no customer's.
      if (!countsAsFailure(entry) || entry.tenantId === null) continue
      const tenantId = entry.tenantId
      changed = true
      recent.unshift({
        id: entry.id,
        at: entry.at,
        tenantId,
        tenantName: deps.tenantName(tenantId) ?? entry.tenantSlug ?? tenantId,
        status: entry.status,
        operation: entry.operation,
        detail: entry.errorDetail,
        route: failuresRoute(entry.tenantSlug ?? tenantId)
      })
      consider(entry, tenantId, now)
    }
    if (!changed) return
    recent = recent.slice(0, recentLimit)
    for (const listener of listeners) listener()
  })

  return {
    recent: () => recent,
    failingTenants() {
      const now = deps.now()
      const threshold = deps.settings().failureThreshold
      return [...failures.keys()].filter((tenantId) => prune(tenantId, now).length >= threshold)
    },
    onChange(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    stop() {
      unsubscribe()
      listeners.clear()
    }
  }
}

/** The tray icon's state. */
export type TrayState = 'running' | 'stopped' | 'failing'

/** Running (green), stopped (grey) or failing (red: the server failed to start, or a tenant is over the threshold). */
export function trayState(status: Pick<ServerStatus, 'state'>, failingTenantCount: number): TrayState {
  if (status.state === 'failed') return 'failing'
  if (status.state !== 'running') return 'stopped'
  return failingTenantCount > 0 ? 'failing' : 'running'
}

/** The tray's first line: what the server is doing, in a few words. */
export function trayStatusLine(status: Pick<ServerStatus, 'state' | 'url' | 'host' | 'port'>, failingTenantCount: number): string {
  switch (status.state) {
    case 'running':
      return failingTenantCount > 0
        ? `Running · ${plural(failingTenantCount, 'tenant')} failing`
        : `Running · ${(status.url ?? `${status.host}:${status.port}`).replace(/^https?:\/\//, '')}`
    case 'starting':
      return 'Starting…'
    case 'failed':
      return 'Server failed to start'
    case 'stopped':
      return 'Server stopped'
  }
}
