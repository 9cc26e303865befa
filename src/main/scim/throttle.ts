/** The answer to "may this request go ahead?" */
export type ThrottleDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number }

export interface Throttle {
  /** Takes one request from the tenant's budget of `perMinute` (0 is unlimited). */
  take(tenantId: string, perMinute: number, now: number): ThrottleDecision
}

/**
 * A token bucket per tenant: the budget refills evenly over the minute, so a client that waits `Retry-After`
 * seconds, as Okta does, finds room. Other tenants have buckets of their own.
 */
export function createThrottle(): Throttle {
  const buckets = new Map<string, { tokens: number; updatedAt: number; perMinute: number }>()
  return {
    take(tenantId, perMinute, now) {
      if (perMinute <= 0) {
        buckets.delete(tenantId)
        return { allowed: true }
      }
      let bucket = buckets.get(tenantId)
      if (!bucket || bucket.perMinute !== perMinute) {
        bucket = { tokens: perMinute, updatedAt: now, perMinute }
        buckets.set(tenantId, bucket)
      }
      const ratePerMs = perMinute / 60_000
      bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updatedAt) * ratePerMs)
      bucket.updatedAt = now
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return { allowed: true }
      }
      // Okta reads Retry-After as whole seconds (RFC 9110 §10.2.3 delay-seconds); round up so the retry finds room.
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000)) }
    }
  }
}
