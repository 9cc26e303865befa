import { describe, expect, it } from 'vitest'
import { identityProviderOf, requestClientOf } from './identity-provider'
import { countsAsFailure, isFailureStatus, isThrottledStatus, sentBySimulator, simulatorKindOf, simulatorUserAgent } from './request-outcome'

describe('what counts as a failure', () => {
  it('is a 4xx other than 429, or a 5xx', () => {
    expect([400, 401, 403, 404, 409, 412, 413, 415, 500, 502, 503, 507].every(isFailureStatus)).toBe(true)
    expect([200, 201, 204, 304, 429].some(isFailureStatus)).toBe(false)
  })

  it('keeps a 429 apart, as a throttle', () => {
    expect(isThrottledStatus(429)).toBe(true)
    expect([200, 400, 401, 500, 503].some(isThrottledStatus)).toBe(false)
  })
})

describe("requests from SCIM Console's own simulators and self-tests", () => {
  const path = '/scim/v2/acme/Users'

  it('are told by the mark on their User-Agent, with a token of this console, and say which they are', () => {
    const token = 'token-1'
    expect(simulatorUserAgent('Okta SCIM Client 1.0.0', 'demo')).toBe('Okta SCIM Client 1.0.0 SCIM-Console-Simulator/demo')
    expect(simulatorKindOf({ client: 'Okta SCIM Client 1.0.0 SCIM-Console-Simulator/demo', tokenId: token })).toBe('demo')
    expect(simulatorKindOf({ client: 'OKTA SCIM Integration SCIM-Console-Simulator/self-test', tokenId: token })).toBe('self-test')
    expect(simulatorKindOf({ client: 'Okta SCIM Client 1.0.0', tokenId: token })).toBeNull()
    expect(simulatorKindOf({ client: null, tokenId: token })).toBeNull()
    expect(sentBySimulator({ client: simulatorUserAgent('Azure Active Directory SCIM Client', 'self-test'), tokenId: token })).toBe(true)
    expect(sentBySimulator({ client: 'curl/8.5.0', tokenId: token })).toBe(false)
  })

  it('are not told by the mark alone: a caller with no token of this console cannot hide behind it', () => {
    const spoofed = { client: 'python-requests/2.31 SCIM-Console-Simulator/demo', tokenId: null }
    expect(simulatorKindOf(spoofed)).toBeNull()
    expect(countsAsFailure({ ...spoofed, status: 401 })).toBe(true)
  })

  it("still read as Okta's or Entra's, so that every detail and diagnosis speaks their words", () => {
    for (const kind of ['demo', 'self-test'] as const) {
      expect(requestClientOf(simulatorUserAgent('Okta SCIM Client 1.0.0', kind), path)).toBe('okta')
      expect(requestClientOf(simulatorUserAgent('OKTA SCIM Integration', kind), path)).toBe('okta')
      expect(requestClientOf(simulatorUserAgent('Azure Active Directory SCIM Client', kind), path)).toBe('entra')
      expect(identityProviderOf({ client: simulatorUserAgent('Azure Active Directory SCIM Client', kind), path })).toBe('entra')
    }
    // The mark alone names no identity provider.
    expect(requestClientOf(simulatorUserAgent('curl/8.5.0', 'demo'), path)).toBe('other')
  })

  it("count toward no failure figure, while the customer's own failures do", () => {
    const tokenId = 'token-1'
    expect(countsAsFailure({ status: 401, client: simulatorUserAgent('OKTA SCIM Integration', 'self-test'), tokenId })).toBe(false)
    expect(countsAsFailure({ status: 500, client: simulatorUserAgent('Okta SCIM Client 1.0.0', 'demo'), tokenId })).toBe(false)
    expect(countsAsFailure({ status: 401, client: 'Okta SCIM Client 1.0.0', tokenId })).toBe(true)
    expect(countsAsFailure({ status: 404, client: null, tokenId })).toBe(true)
    expect(countsAsFailure({ status: 429, client: 'Okta SCIM Client 1.0.0', tokenId })).toBe(false)
  })
})
