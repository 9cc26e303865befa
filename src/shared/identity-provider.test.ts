import { describe, expect, it } from 'vitest'
import { chosenTokenLabel, defaultTokenLabel, identityProviderOf, isBlankTokenLabel, requestClientOf } from './identity-provider'

describe('requestClientOf', () => {
  it('recognises Entra by its User-Agent or by the aadOptscim062020 flag of its Tenant URL', () => {
    expect(requestClientOf('Azure Active Directory SCIM Client', '/scim/v2/acme/Users')).toBe('entra')
    expect(requestClientOf('Microsoft.Azure.AD.SCIM', '/scim/v2/acme/Users')).toBe('entra')
    expect(requestClientOf(null, '/scim/v2/acme/Users?aadOptscim062020&filter=x')).toBe('entra')
  })

  it('recognises Okta by its User-Agent, and calls anything else another client', () => {
    expect(requestClientOf('Okta SCIM Client 1.0.0', '/scim/v2/acme/Users')).toBe('okta')
    expect(requestClientOf('OKTA SCIM Integration', '/scim/v2/acme/Users')).toBe('okta')
    expect(requestClientOf('curl/8.5.0', '/scim/v2/acme/Users')).toBe('other')
    expect(requestClientOf('', '/scim/v2/acme/Users')).toBe('other')
    expect(requestClientOf(undefined, '/scim/v2/acme/Users')).toBe('other')
  })
})

describe('identityProviderOf', () => {
  it("reads Entra's requests as Entra's and every other request in Okta's words, which the console speaks", () => {
    expect(identityProviderOf({ client: 'Azure Active Directory SCIM Client', path: '/scim/v2/acme/Users' })).toBe('entra')
    expect(identityProviderOf({ client: null, path: '/scim/v2/acme/Users?aadOptscim062020&filter=x' })).toBe('entra')
    expect(identityProviderOf({ client: 'Okta SCIM Client 1.0.0', path: '/scim/v2/acme/Users' })).toBe('okta')
    expect(identityProviderOf({ client: 'curl/8.5.0', path: '/scim/v2/acme/Users' })).toBe('okta')
  })
})

describe('defaultTokenLabel', () => {
  it("names a token after where it is pasted: Entra's for a tenant set to Entra, else Okta's", () => {
    expect(defaultTokenLabel('entra')).toBe('Entra provisioning')
    expect(defaultTokenLabel('okta')).toBe('Okta provisioning')
    expect(defaultTokenLabel(null)).toBe('Okta provisioning')
  })
})

describe('chosenTokenLabel', () => {
  it('keeps a typed label without its outer blanks, and gives the default for none or a blank one', () => {
    expect(chosenTokenLabel('  Okta preview ', 'Okta provisioning')).toBe('Okta preview')
    expect(chosenTokenLabel(undefined, 'Okta provisioning')).toBe('Okta provisioning')
    expect(chosenTokenLabel('', 'Entra provisioning')).toBe('Entra provisioning')
    expect(chosenTokenLabel(' \t\u00a0\u3000', 'Entra provisioning')).toBe('Entra provisioning')
    expect(isBlankTokenLabel(' \u3000')).toBe(true)
    expect(isBlankTokenLabel(' x ')).toBe(false)
  })
})
