import { describe, expect, it } from 'vitest'
import { oktaDefaultRetrySeconds, oktaMaxAttempts, oktaRetryWaits, oktaWaitBeforeAttempt } from './okta-retry'

describe("Okta's retry of a throttled task", () => {
  it('sends a task refused every time 10 times in all, so it waits 9 times, not 10', () => {
    expect(oktaMaxAttempts).toBe(10)
    expect(oktaRetryWaits(7)).toEqual([7, 14, 28, 56, 112, 224, 448, 896, 1792])
    expect(oktaWaitBeforeAttempt(1, 7)).toBeNull()
    expect(oktaWaitBeforeAttempt(11, 7)).toBeNull()
  })

  it('waits Retry-After before the second attempt and doubles it before each later one', () => {
    expect([2, 3, 4, oktaMaxAttempts].map((attempt) => oktaWaitBeforeAttempt(attempt, 120))).toEqual([120, 240, 480, 120 * 2 ** 8])
    // The list of waits and the wait before one attempt are the same rule.
    expect(oktaRetryWaits(120)).toEqual(Array.from({ length: oktaMaxAttempts - 1 }, (_, index) => oktaWaitBeforeAttempt(index + 2, 120)))
  })

  it('waits 5 minutes first when Retry-After is missing or not whole seconds', () => {
    expect(oktaDefaultRetrySeconds).toBe(300)
    for (const asked of [null, 1.5, -1]) expect(oktaWaitBeforeAttempt(2, asked), String(asked)).toBe(300)
    expect(oktaWaitBeforeAttempt(3, null)).toBe(600)
    expect(oktaWaitBeforeAttempt(2, 0)).toBe(0)
  })
})
