/** Limits of a tenant's fault settings: main validates them, and the Faults page keeps its fields within them. */
export const faultLimits = {
  maxThrottlePerMinute: 100_000,
  // Okta closes the connection after 60 s; a little more lets a trainer show exactly that.
  maxLatencyMs: 90_000,
  maxRules: 20,
  maxDetailLength: 500
} as const
