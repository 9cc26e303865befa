/**
 * Okta's rule for a provisioning task refused with 429 (docs/okta-scim.md §1.10), written once for the simulator that
 * plays it and the diagnosis that explains it. "Up to 10 attempts" counts the first request too: a task refused every
 * time is sent 10 times and waits 9 times, then fails for good.
 */

/** Okta sends a throttled task this many times in all, the first request included, then fails it for good. */
export const oktaMaxAttempts = 10

/** Okta's first wait when a 429 has no usable Retry-After: 5 minutes. */
export const oktaDefaultRetrySeconds = 300

/**
 * The first wait Okta takes after a 429, from its Retry-After read as whole seconds (null when it was missing, an
 * HTTP-date or a fraction, which Okta does not support and replaces with its 5 minutes).
 */
export function oktaFirstWaitSeconds(retryAfterSeconds: number | null): number {
  return retryAfterSeconds !== null && Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0 ? retryAfterSeconds : oktaDefaultRetrySeconds
}

/**
 * Okta's wait, in seconds, before attempt `attempt` (2 to oktaMaxAttempts) of a task refused with 429 each time: the
 * first wait before attempt 2, doubled before each later one. Null for attempt 1 (sent at once) and for an attempt
 * Okta never makes.
 */
export function oktaWaitBeforeAttempt(attempt: number, retryAfterSeconds: number | null): number | null {
  if (!Number.isInteger(attempt) || attempt < 2 || attempt > oktaMaxAttempts) return null
  return oktaFirstWaitSeconds(retryAfterSeconds) * 2 ** (attempt - 2)
}

/** Every wait of a task refused each time, in order: one before each of attempts 2 to oktaMaxAttempts. */
export function oktaRetryWaits(retryAfterSeconds: number | null): readonly number[] {
  const first = oktaFirstWaitSeconds(retryAfterSeconds)
  return Array.from({ length: oktaMaxAttempts - 1 }, (_, index) => first * 2 ** index)
}
