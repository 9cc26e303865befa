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

  it('are told by the mark on their User-Agent, and say which they are', () => {
    expect(simulatorUserAgent('Okta SCIM Client 1.0.0', 'demo')).toBe('Okta SCIM Client 1.0.0 SCIM-Console-Simulator/demo')
    expect(simulatorKindOf('Okta SCIM Client 1.0.0 SCIM-Console-Simulator/demo')).toBe('demo')
    expect(simulatorKindOf('OKTA SCIM Integration SCIM-Console-Simulator/self-test')).toBe('self-test')
    expect(simulatorKindOf('Okta SCIM Client 1.0.0')).toBeNull()
    expect(simulatorKindOf(null)).toBeNull()
    expect(sentBySimulator({ client: simulatorUserAgent('Azure Active Directory SCIM Client', 'self-test') })).toBe(true)
    expect(sentBySimulator({ client: 'curl/8.5.0' })).toBe(false)
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
    expect(countsAsFailure({ status: 401, client: simulatorUserAgent('OKTA SCIM Integration', 'self-test') })).toBe(false)
    expect(countsAsFailure({ status: 500, client: simulatorUserAgent('Okta SCIM Client 1.0.0', 'demo') })).toBe(false)
    expect(countsAsFailure({ status: 401, client: 'Okta SCIM Client 1.0.0' })).toBe(true)
    expect(countsAsFailure({ status: 404, client: null })).toBe(true)
    expect(countsAsFailure({ status: 429, client: 'Okta SCIM Client 1.0.0' })).toBe(false)
  })
})
