import { describe, expect, it } from 'vitest'
import { contradictingTraffic, guideView, providerNotice } from './provider-notice'

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

describe("the setup guide's address", () => {
  it("shows and pins the other provider's guide it asks for", () => {
    expect(guideView('entra', 'okta')).toEqual({ shown: 'entra', pinned: 'entra' })
    expect(guideView('okta', 'entra')).toEqual({ shown: 'okta', pinned: 'okta' })
  })

  it("lets go of a guide once the tenant's provider is the one it asks for, and shows the tenant's own without it", () => {
    expect(guideView('entra', 'entra')).toEqual({ shown: 'entra', pinned: null })
    expect(guideView(null, 'entra')).toEqual({ shown: 'entra', pinned: null })
    expect(guideView(null, 'okta')).toEqual({ shown: 'okta', pinned: null })
  })

  it('reads a provider it does not know as none', () => {
    expect(guideView('onelogin', 'okta')).toEqual({ shown: 'okta', pinned: null })
  })
})
