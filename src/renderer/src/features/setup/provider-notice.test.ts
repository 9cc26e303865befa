import { describe, expect, it } from 'vitest'
import { contradictingTraffic, providerNotice } from './provider-notice'

const tenant = (setupProvider: 'okta' | 'entra' | null, identityProvider: 'okta' | 'entra' | null) => ({ name: 'Contoso Ltd', setupProvider, identityProvider })

describe('a provider said for a tenant that its traffic contradicts', () => {
  it('is flagged with the provider the requests came from', () => {
    expect(contradictingTraffic(tenant('entra', 'okta'))).toBe('okta')
    expect(contradictingTraffic(tenant('okta', 'entra'))).toBe('entra')
  })

  it('is not flagged when they agree, or when either is not known', () => {
    expect(contradictingTraffic(tenant('entra', 'entra'))).toBeNull()
    expect(contradictingTraffic(tenant(null, 'okta'))).toBeNull()
    expect(contradictingTraffic(tenant('entra', null))).toBeNull()
  })
})

describe('the note above the setup guide', () => {
  it("says nothing when the guide shown is the tenant's provider and its traffic agrees", () => {
    expect(providerNotice(tenant('okta', 'okta'), 'okta')).toBeNull()
    expect(providerNotice(tenant(null, null), 'okta')).toBeNull()
    expect(providerNotice(tenant(null, 'entra'), 'entra')).toBeNull()
  })

  it("says that viewing another provider's guide changes nothing, and offers to make it the tenant's", () => {
    expect(providerNotice(tenant('okta', 'okta'), 'entra')).toEqual({
      kind: 'view',
      title: 'Viewing the Microsoft Entra ID guide',
      message: 'Contoso Ltd is set to provision from Okta, so its other screens speak of Okta. Switching the guide changes nothing for the tenant.',
      offer: 'entra'
    })
    expect(providerNotice(tenant(null, null), 'entra')?.message).toBe(
      'Contoso Ltd has no identity provider set yet, so its other screens speak of Okta. Switching the guide changes nothing for the tenant.'
    )
    expect(providerNotice(tenant(null, 'entra'), 'okta')).toMatchObject({
      message: "Contoso Ltd's requests come from Microsoft Entra ID, and no provider is set for it, so its other screens speak of Microsoft Entra ID. Switching the guide changes nothing for the tenant.",
      offer: 'okta'
    })
  })

  it('names traffic that contradicts the provider set, whichever guide is shown', () => {
    expect(providerNotice(tenant('okta', 'entra'), 'entra')?.message).toBe(
      'Contoso Ltd is set to provision from Okta, though its latest requests came from Microsoft Entra ID, so its other screens speak of Okta. Switching the guide changes nothing for the tenant.'
    )
    expect(providerNotice(tenant('entra', 'okta'), 'entra')).toEqual({
      kind: 'traffic',
      title: 'Its requests come from Okta',
      message: 'Contoso Ltd is set to provision from Microsoft Entra ID, but its latest requests came from Okta.',
      offer: 'okta'
    })
  })
})
