import { describe, expect, it } from 'vitest'
import { clientLabel, decodedPath, formatLogCount, missingBodyNote, pathInTenant, statusClass, targetText, shortRequestPath } from './log-format'

describe('the note where the log holds no request body', () => {
  const okta = { client: 'Okta SCIM Client 1.0.0', path: '/scim/v2/acme/Users' }

  it('says no body was sent when none was', () => {
    expect(missingBodyNote({ ...okta, method: 'GET', status: 200, requestHeaders: {} })).toBe('No body: Okta sends none with this request.')
    expect(missingBodyNote({ ...okta, method: 'POST', status: 400, requestHeaders: { 'content-length': '0' } })).toBe('No body was sent.')
  })

  it("names the client that sent the request, not Okta's for every one", () => {
    const get = { method: 'GET', status: 200, requestHeaders: {} }
    expect(missingBodyNote({ ...get, client: 'Azure Active Directory SCIM Client', path: '/scim/v2/acme/Users' })).toBe('No body: Entra sends none with this request.')
    expect(missingBodyNote({ ...get, client: null, path: '/scim/v2/acme/Groups?aadOptscim062020' })).toBe('No body: Entra sends none with this request.')
    expect(missingBodyNote({ ...get, client: 'curl/8.5.0', path: '/scim/v2/acme/Users' })).toBe('No body: none is sent with this request.')
  })

  it('says a body refused at the door was sent and not kept, with its size', () => {
    expect(missingBodyNote({ ...okta, method: 'POST', status: 401, requestHeaders: { 'content-length': '327' } })).toBe(
      'Not kept: a body was sent (327 bytes), but SCIM Console keeps none for a request it refused before reading it.'
    )
    expect(missingBodyNote({ ...okta, method: 'PATCH', status: 429, requestHeaders: { 'Transfer-Encoding': 'chunked' } })).toBe(
      'Not kept: a body was sent, but SCIM Console keeps none for a request it refused before reading it.'
    )
  })

  it('says a body too large to read was sent, with its size', () => {
    expect(missingBodyNote({ ...okta, method: 'POST', status: 413, requestHeaders: { 'content-length': '1100062' } })).toBe(
      'Not kept: the body sent (1.05 MB) is larger than SCIM Console reads.'
    )
  })
})

describe('what a request was about', () => {
  const lookup = { operation: 'lookup-user', targetName: null, targetId: null, path: '/scim/v2/acme/Users?filter=userName%20eq%20%22ada%40acme.com%22' } as const

  it('reads the userName a refused lookup asked for from its path', () => {
    expect(targetText(lookup)).toBe('ada@acme.com')
  })

  it("names nobody for Entra's Test Connection, which looks up a made-up GUID", () => {
    const path = '/scim/v2/acme/Users?aadOptscim062020&filter=userName%20eq%20%227c5a0e1f-2f4e-4a5b-9c1d-0e2f3a4b5c6d%22'
    expect(targetText({ ...lookup, operation: 'test-credentials', path })).toBeNull()
  })
})

describe('the Client column', () => {
  const path = '/scim/v2/acme/Users'
  const tokenId = 'token-1'

  it("names Okta's clients as Okta, with the version its User-Agent gives", () => {
    expect(clientLabel({ client: 'Okta SCIM Client 1.0.0', path, tokenId })).toBe('Okta 1.0.0')
    // The conformance self-test sends Okta's SPEC test's User-Agent.
    expect(clientLabel({ client: 'OKTA SCIM Integration', path, tokenId })).toBe('Okta')
  })

  it('names Entra by its product name, by User-Agent or by the flag of its Tenant URL', () => {
    expect(clientLabel({ client: 'Azure Active Directory SCIM Client', path, tokenId })).toBe('Microsoft Entra ID')
    expect(clientLabel({ client: 'aad provisioning', path, tokenId })).toBe('Microsoft Entra ID')
    expect(clientLabel({ client: 'Go-http-client/1.1', path: `${path}?aadOptscim062020`, tokenId })).toBe('Microsoft Entra ID')
  })

  it("names SCIM Console's own demos and self-tests as such, after the client they play", () => {
    expect(clientLabel({ client: 'Okta SCIM Client 1.0.0 SCIM-Console-Simulator/demo', path, tokenId })).toBe('Okta demo')
    expect(clientLabel({ client: 'OKTA SCIM Integration SCIM-Console-Simulator/self-test', path, tokenId })).toBe('Okta self-test')
    expect(clientLabel({ client: 'Azure Active Directory SCIM Client SCIM-Console-Simulator/self-test', path, tokenId })).toBe('Entra self-test')
    // Without a token of this console the mark is anyone's: the client is named as it is.
    expect(clientLabel({ client: 'Okta SCIM Client 1.0.0 SCIM-Console-Simulator/demo', path, tokenId: null })).toBe('Okta 1.0.0')
  })

  it('names other clients by product and version, or as they call themselves', () => {
    expect(clientLabel({ client: 'curl/8.5.0', path, tokenId })).toBe('curl 8.5.0')
    expect(clientLabel({ client: 'my script', path, tokenId })).toBe('my script')
    expect(clientLabel({ client: null, path, tokenId })).toBeNull()
  })
})

describe('paths as the log shows them', () => {
  it('shows the path after the tenant base URL, decoded, in every list of requests', () => {
    expect(pathInTenant({ path: '/scim/v2/acme/Users?filter=userName+eq+%22ada%40acme.com%22', tenantSlug: 'acme' })).toBe('/Users?filter=userName eq "ada@acme.com"')
    expect(pathInTenant({ path: '/scim/v2/ACME', tenantSlug: 'acme' })).toBe('/')
    expect(pathInTenant({ path: '/scim/v2/other/Users', tenantSlug: null })).toBe('/scim/v2/other/Users')
    expect(pathInTenant({ path: '/scim/v2/acme/Users/%E0%A4%A', tenantSlug: 'acme' })).toBe('/Users/%E0%A4%A')
  })

  it('decodes a full path, and keeps one that does not decode', () => {
    expect(decodedPath('/scim/v2/acme/Users?filter=displayName%20eq%20%22Sales%22')).toBe('/scim/v2/acme/Users?filter=displayName eq "Sales"')
    expect(decodedPath('/bad/%zz')).toBe('/bad/%zz')
  })
})

describe('statusClass', () => {
  it('puts every status in the class its badge colour and row tint show', () => {
    expect([200, 201, 204, 400, 404, 409, 429, 500, 503, 302, 101].map(statusClass)).toEqual([
      'success',
      'success',
      'success',
      'client-error',
      'client-error',
      'client-error',
      'throttled',
      'server-error',
      'server-error',
      'other',
      'other'
    ])
  })
})

describe('counts of requests', () => {
  it('reads a count past the cap main counts to as the cap and more, not as a number nobody counted', () => {
    expect(formatLogCount(0)).toBe('0')
    expect(formatLogCount(1234)).toBe('1,234')
    expect(formatLogCount(10_000)).toBe('10,000')
    expect(formatLogCount(10_001)).toBe('10,000+')
  })
})

describe('the short path of the live log', () => {
  it("shows the user an Entra lookup is for, not the flag that comes first in its query", () => {
    expect(shortRequestPath('/Users?aadOptscim062020&filter=userName eq "ada@contoso.com"')).toBe('/Users?…"ada@contoso.com"')
    expect(shortRequestPath('/Users?filter=userName eq "ada@contoso.com"&aadOptscim062020')).toBe('/Users?…"ada@contoso.com"')
    expect(shortRequestPath('/Groups?aadOptScim062020=true&excludedAttributes=members&filter=displayName eq "Sales Team"')).toBe('/Groups?…"Sales Team"')
  })

  it('drops the question mark with a query of the flag alone, and leaves other queries whole', () => {
    expect(shortRequestPath('/Users/9f3c2a1e-7b4d-4e8f-9a6b-2c5d8e1f0a7b?aadOptscim062020')).toBe('/Users/9f3c2a1e-7b4d-4e8f-9a6b-2c5d8e1f0a7b')
    expect(shortRequestPath('/Groups?aadOptscim062020&excludedAttributes=members')).toBe('/Groups?excludedAttributes=members')
    expect(shortRequestPath('/Users?startIndex=1&count=2')).toBe('/Users?startIndex=1&count=2')
    expect(shortRequestPath('/ServiceProviderConfig')).toBe('/ServiceProviderConfig')
    // A value that merely contains the flag's name is a value, not the flag.
    expect(shortRequestPath('/Users?filter=userName eq "aadOptscim062020"')).toBe('/Users?…"aadOptscim062020"')
  })
})
