import { randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { isOperation, type ActiveFaults, type ErrorFacts, type FaultConfig, type FaultRule, type Operation } from '../../shared/models'
import { faultLimits } from '../../shared/fault-limits'
import type { IdentityProvider } from '../../shared/identity-provider'
import { operationLabel } from '../../shared/operation-labels'
import { fail, ok, type Result } from '../../shared/result'
import type { FaultsRepo } from '../db/faults-repo'
import { newTokenWording, type ClientWording } from '../scim/errors'
import type { EventBus } from './events'
import type { TenantService } from './tenants'
import type { TokenService } from './tokens'
import { plural } from '../../shared/plural'

/** A tenant's faults without the tenant: what `faults:set` takes and what is stored. */
export type FaultSettings = Omit<FaultConfig, 'tenantId'>

/** No faults: the state of every tenant until someone turns one on. */
export const noFaults: FaultSettings = { throttlePerMinute: 0, latencyMs: 0, failNextAuth: false, rules: [] }

/** The sentence every injected failure carries, so that Okta's admin and the log both say it was not real. */
export const injectedNote = '(Injected by SCIM Console fault injection for training.)'

/** Why a fault configuration is not acceptable, or null. */
export function faultSettingsProblem(settings: FaultSettings): string | null {
  const whole = (value: number, max: number) => Number.isInteger(value) && value >= 0 && value <= max
  if (!whole(settings.throttlePerMinute, faultLimits.maxThrottlePerMinute)) {
    return `The throttle is a whole number of requests a minute, from 0 (off) to ${faultLimits.maxThrottlePerMinute}.`
  }
  if (!whole(settings.latencyMs, faultLimits.maxLatencyMs)) {
    return `The added latency is a whole number of milliseconds, from 0 to ${faultLimits.maxLatencyMs} (Okta gives up after 60 s).`
  }
  if (settings.rules.length > faultLimits.maxRules) return `At most ${faultLimits.maxRules} failure rules.`
  const ids = new Set<string>()
  for (const [index, rule] of settings.rules.entries()) {
    const where = `Rule ${index + 1}`
    if (rule.operation !== 'any' && !isOperation(rule.operation)) {
      return `${where} names an unknown operation "${rule.operation}".`
    }
    if (!Number.isInteger(rule.status) || rule.status < 400 || rule.status > 599) {
      return `${where}: the status is an HTTP error code from 400 to 599.`
    }
    if (rule.detail.trim().length === 0) return `${where} needs a detail: the sentence Okta shows its admin.`
    if (rule.detail.length > faultLimits.maxDetailLength) return `${where}: the detail is longer than ${faultLimits.maxDetailLength} characters.`
    if (rule.mode !== 'percent' && rule.mode !== 'once') return `${where}: the mode is "percent" or "once".`
    if (rule.mode === 'percent' && (!Number.isInteger(rule.percent) || rule.percent < 1 || rule.percent > 100)) {
      return `${where}: the share of requests that fail is a whole percentage from 1 to 100.`
    }
    if (ids.has(rule.id)) return `${where} has the same id as another rule.`
    ids.add(rule.id)
  }
  return null
}

/** True when any fault is on. */
export function faultsActive(settings: FaultSettings): boolean {
  return settings.throttlePerMinute > 0 || settings.latencyMs > 0 || settings.failNextAuth || settings.rules.length > 0
}

/**
 * One line for the banner, in Okta's words ("Throttled to 10 requests/min · +500 ms latency · Push new user fails 50%
 * (HTTP 500)") or Entra's ("… · Create user fails 50% (HTTP 500)").
 */
export function summarizeFaults(settings: FaultSettings, provider: IdentityProvider = 'okta'): string {
  const parts: string[] = []
  if (settings.throttlePerMinute > 0) parts.push(`throttled to ${settings.throttlePerMinute} requests/min`)
  if (settings.latencyMs > 0) parts.push(`+${settings.latencyMs} ms latency`)
  if (settings.failNextAuth) parts.push('the next token check fails as if revoked')
  for (const rule of settings.rules) {
    const target = rule.operation === 'any' ? 'every request' : operationLabel(rule.operation, provider)
    parts.push(rule.mode === 'once' ? `${target} fails once (HTTP ${rule.status})` : `${target} fails ${rule.percent}% (HTTP ${rule.status})`)
  }
  const line = parts.join(' · ')
  return line.charAt(0).toUpperCase() + line.slice(1)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads stored JSON defensively: a value written by another version, or by hand, never breaks the SCIM server. */
export function parseStoredFaults(raw: string | undefined): FaultSettings {
  if (raw === undefined) return noFaults
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return noFaults
  }
  if (!isRecord(value)) return noFaults
  const number = (field: unknown) => (typeof field === 'number' && Number.isFinite(field) && field > 0 ? Math.trunc(field) : 0)
  const rules: FaultRule[] = []
  for (const rule of Array.isArray(value.rules) ? value.rules : []) {
    if (!isRecord(rule) || typeof rule.id !== 'string' || typeof rule.operation !== 'string' || typeof rule.status !== 'number') continue
    rules.push({
      id: rule.id,
      operation: rule.operation as FaultRule['operation'],
      status: rule.status,
      detail: typeof rule.detail === 'string' ? rule.detail : 'Injected failure.',
      mode: rule.mode === 'once' ? 'once' : 'percent',
      percent: number(rule.percent) || 100
    })
  }
  return {
    throttlePerMinute: number(value.throttlePerMinute),
    latencyMs: Math.min(number(value.latencyMs), faultLimits.maxLatencyMs),
    failNextAuth: value.failNextAuth === true,
    rules
  }
}

/** A failure the SCIM server must answer instead of handling the request. */
export interface InjectedFault {
  readonly kind: 'revoked-token' | 'throttle' | 'rule'
  readonly status: number
  /** The RFC 7644 error detail, in each client's words where it says what to do; it always says that it was injected. */
  readonly detail: string | ClientWording
  /** Sent as `Retry-After` (429 only). */
  readonly retryAfterSeconds?: number
  /** What the log's diagnosis reads of it (a 429's Retry-After and throttle), which the detail says only in words. */
  readonly facts?: ErrorFacts
}

/** What the fault injector needs to know about one authenticated request. */
export interface FaultRequest {
  readonly tenantId: string
  readonly tenantName: string
  readonly tokenId: string | null
  /** The request's operation; a function because telling a deactivation from an update may cost a lookup. */
  readonly operation: () => Operation
}

/** The SCIM server's side of fault injection. */
export interface FaultInjector {
  /**
   * Whether the tenant has any fault on. The server asks once a request is admitted, in the turn that reads its tenant
   * and token from the same look at the database, and calls `intercept` only if so. A create or PATCH, whose body
   * arrives in a turn of its own, then does not look at the database a second time when no fault is on, as is the case
   * outside training: a look costs 10-17 µs under load, about a twentieth of a create on the serving thread.
   */
  anyOn(tenantId: string): boolean
  /**
   * Waits out the added latency, then answers the failure to inject, or null to let the request through. Answers null
   * at once, not a promise, when the tenant has no faults on: the request then does not wait a turn of the event loop.
   */
  intercept(request: FaultRequest): Promise<InjectedFault | null> | null
}

/** Fault injection per tenant, for training Support: stored in the database, so every process applies the same faults. */
export interface FaultService extends FaultInjector {
  get(tenant: string): Result<FaultConfig>
  set(tenant: string, settings: FaultSettings): Result<FaultConfig>
  /** Tenants with any fault on, for the banner on every screen. */
  active(): readonly ActiveFaults[]
}

/** Creates the fault service. `random` and `sleep` are replaceable for tests. */
export function createFaultService(deps: {
  faults: FaultsRepo
  tenants: Pick<TenantService, 'find'>
  tokens: Pick<TokenService, 'get'>
  events: EventBus
  now: () => number
  random?: () => number
  sleep?: (ms: number) => Promise<void>
}): FaultService {
  const { faults, tenants, tokens, events, now } = deps
  const random = deps.random ?? Math.random
  const sleep = deps.sleep ?? ((ms: number) => delay(ms))
  // Parsed settings by the stored text: the lookup runs each request (another process may have changed it),
  // the JSON parse only when the text changed.
  const cache = new Map<string, { raw: string; settings: FaultSettings }>()
  // The injected throttle's token buckets, refilled evenly like the tenant's real budget (scim/throttle.ts).
  const buckets = new Map<string, { tokens: number; updatedAt: number; perMinute: number }>()

  function read(tenantId: string): FaultSettings {
    const raw = faults.get(tenantId)
    if (raw === undefined) {
      cache.delete(tenantId)
      return noFaults
    }
    const cached = cache.get(tenantId)
    if (cached?.raw === raw) return cached.settings
    const settings = parseStoredFaults(raw)
    cache.set(tenantId, { raw, settings })
    return settings
  }

  function serialize(settings: FaultSettings): string | null {
    return faultsActive(settings) ? JSON.stringify(settings) : null
  }

  /** Changes the stored settings atomically; answers whether `change` consumed something. */
  function consume(tenantId: string, change: (settings: FaultSettings) => FaultSettings | null): boolean {
    const consumed = faults.update(tenantId, (raw) => {
      const next = change(parseStoredFaults(raw))
      return next ? { next: serialize(next), result: true } : { next: undefined, result: false }
    })
    if (consumed) events.emit('faults:changed', { tenantId })
    return consumed
  }

  function takeThrottle(tenantId: string, perMinute: number): number | null {
    const at = now()
    let bucket = buckets.get(tenantId)
    if (!bucket || bucket.perMinute !== perMinute) {
      bucket = { tokens: perMinute, updatedAt: at, perMinute }
      buckets.set(tenantId, bucket)
    }
    const ratePerMs = perMinute / 60_000
    bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, at - bucket.updatedAt) * ratePerMs)
    bucket.updatedAt = at
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return null
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000))
  }

  function config(tenantId: string, settings: FaultSettings): FaultConfig {
    return { tenantId, ...settings }
  }

  // The faults of a tenant that has some on, applied to one request (intercept).
  async function inject(request: FaultRequest, settings: FaultSettings): Promise<InjectedFault | null> {
    if (settings.latencyMs > 0) await sleep(settings.latencyMs)

    // The token check comes first, as in the real pipeline.
    if (settings.failNextAuth && consume(request.tenantId, (current) => (current.failNextAuth ? { ...current, failNextAuth: false } : null))) {
      const token = request.tokenId ? tokens.get(request.tokenId) : undefined
      const name = token ? `"${token.label}"` : 'presented'
      const wording = newTokenWording(`The API token ${name} was revoked.`)
      const injected = (detail: string): string => `${detail} ${injectedNote} The token is still valid; the next request succeeds.`
      return {
        kind: 'revoked-token',
        status: 401,
        detail: { okta: injected(wording.okta), entra: injected(wording.entra), other: injected(wording.other) }
      }
    }

    if (settings.throttlePerMinute > 0) {
      const retryAfterSeconds = takeThrottle(request.tenantId, settings.throttlePerMinute)
      if (retryAfterSeconds !== null) {
        return {
          kind: 'throttle',
          status: 429,
          retryAfterSeconds,
          facts: { retryAfter: retryAfterSeconds, rateLimit: settings.throttlePerMinute },
          detail: `Too many requests: ${request.tenantName} is throttled to ${plural(settings.throttlePerMinute, 'request')} a minute. Retry after ${plural(retryAfterSeconds, 'second')}. ${injectedNote}`
        }
      }
    }

    let operation: Operation | undefined
    for (const rule of settings.rules) {
      if (rule.operation !== 'any') {
        operation ??= request.operation()
        if (rule.operation !== operation) continue
      }
      const fires =
        rule.mode === 'once'
          ? consume(request.tenantId, (current) =>
              current.rules.some((candidate) => candidate.id === rule.id)
                ? { ...current, rules: current.rules.filter((candidate) => candidate.id !== rule.id) }
                : null
            )
          : random() * 100 < rule.percent
      if (!fires) continue
      return {
        kind: 'rule',
        status: rule.status,
        detail: `${rule.detail} ${injectedNote}`,
        // Okta reads a 429 with Retry-After as "wait this long"; a minute is what a real budget typically asks.
        ...(rule.status === 429 ? { retryAfterSeconds: 60, facts: { retryAfter: 60 } } : {})
      }
    }
    return null
  }

  return {
    get(tenant) {
      const found = tenants.find(tenant)
      if (!found) return fail('not_found', `No tenant has the id or slug "${tenant}".`, { tenant })
      return ok(config(found.id, read(found.id)))
    },

    set(tenant, settings) {
      const found = tenants.find(tenant)
      if (!found) return fail('not_found', `No tenant has the id or slug "${tenant}".`, { tenant })
      const normalized: FaultSettings = {
        throttlePerMinute: settings.throttlePerMinute,
        latencyMs: settings.latencyMs,
        failNextAuth: settings.failNextAuth,
        rules: settings.rules.map((rule) => ({
          id: rule.id.trim() || randomUUID(),
          operation: rule.operation,
          status: rule.status,
          detail: rule.detail.trim(),
          mode: rule.mode,
          percent: rule.mode === 'once' ? 100 : rule.percent
        }))
      }
      const problem = faultSettingsProblem(normalized)
      if (problem) return fail('invalid_argument', problem)
      faults.put(found.id, serialize(normalized))
      buckets.delete(found.id)
      events.emit('faults:changed', { tenantId: found.id })
      return ok(config(found.id, normalized))
    },

    active() {
      const list: ActiveFaults[] = []
      for (const row of faults.all()) {
        const settings = parseStoredFaults(row.value)
        const tenant = tenants.find(row.tenant_id)
        if (!tenant || !faultsActive(settings)) continue
        list.push({
          tenantId: tenant.id,
          tenantName: tenant.name,
          tenantSlug: tenant.slug,
          summary: summarizeFaults(settings),
          entraSummary: summarizeFaults(settings, 'entra')
        })
      }
      return list.sort((a, b) => a.tenantName.localeCompare(b.tenantName))
    },

    anyOn: (tenantId) => faultsActive(read(tenantId)),
    intercept(request) {
      const settings = read(request.tenantId)
      return faultsActive(settings) ? inject(request, settings) : null
    }
  }
}
