// Whether what a CSM sees about a tenant's identity provider needs a word: a guide shown for another provider than the
// tenant's, or a provider said for the tenant that its traffic contradicts; and which guide the setup page's address pins.
import { identityProviderNames, providerOf, type IdentityProvider } from '../../../../shared/identity-provider'

/** A tenant as these checks read it: the provider a CSM said for it, and the one its latest requests came from. */
export interface ProviderFacts {
  readonly name: string
  /** Tenant.setupProvider: null until someone said. */
  readonly setupProvider: IdentityProvider | null
  /** TenantSummary.identityProvider: null until Okta or Entra sent a request. */
  readonly identityProvider: IdentityProvider | null
}

/**
 * The provider a tenant's latest requests came from, when it is not the one a CSM said for the tenant; null when they
 * agree, or when either is not known.
 */
export function contradictingTraffic(tenant: Pick<ProviderFacts, 'setupProvider' | 'identityProvider'>): IdentityProvider | null {
  const { setupProvider, identityProvider } = tenant
  return setupProvider !== null && identityProvider !== null && setupProvider !== identityProvider ? identityProvider : null
}

/** The guide a setup page shows, and the provider its address names for it (`?for=`). */
export interface GuideView {
  readonly shown: IdentityProvider
  /** Null when the guide shown is the tenant's own: the address then names none, and the guide follows the tenant. */
  readonly pinned: IdentityProvider | null
}

/**
 * The guide shown for the provider the address asks for (`?for=`), else for the tenant's own (`own`). The address pins
 * a guide only while it is another provider's than the tenant's: the tenant's own needs no pin, and one that would
 * stay once the tenant's became it would hold the guide there after an Undo, as if that provider were still chosen.
 */
export function guideView(asked: string | null, own: IdentityProvider): GuideView {
  const shown: IdentityProvider = asked === 'entra' || asked === 'okta' ? asked : own
  return { shown, pinned: shown === own ? null : shown }
}

/** What the setup guide says above itself, and the provider its button makes the tenant's. */
export interface ProviderNotice {
  /** `view`: another provider's guide is shown; `traffic`: the tenant's requests contradict the provider set. */
  readonly kind: 'view' | 'traffic'
  readonly title: string
  readonly message: string
  readonly offer: IdentityProvider
}

/**
 * The note above a setup guide: when the guide shown is not the tenant's provider (the switch only changes the view),
 * it says what the tenant is set to and offers to make the shown provider the tenant's; when it is, but the tenant's
 * traffic comes from the other provider, it says so and offers that one. Null when there is nothing to say.
 */
export function providerNotice(tenant: ProviderFacts, shown: IdentityProvider): ProviderNotice | null {
  const { name, setupProvider, identityProvider } = tenant
  const current = providerOf(tenant) ?? 'okta'
  const names = identityProviderNames
  const traffic = contradictingTraffic(tenant)
  if (shown !== current) {
    const why =
      setupProvider !== null
        ? `${name} is set to provision from ${names[setupProvider]}${traffic ? `, though its latest requests came from ${names[traffic]}` : ''}`
        : identityProvider !== null
          ? `${name}'s requests come from ${names[identityProvider]}, and no provider is set for it`
          : `${name} has no identity provider set yet`
    return {
      kind: 'view',
      title: `Viewing the ${names[shown]} guide`,
      message: `${why}, so its other screens speak of ${names[current]}. Switching the guide changes nothing for the tenant.`,
      offer: shown
    }
  }
  if (traffic !== null && setupProvider !== null) {
    return {
      kind: 'traffic',
      title: `Its requests come from ${names[traffic]}`,
      message: `${name} is set to provision from ${names[setupProvider]}, but its latest requests came from ${names[traffic]}.`,
      offer: traffic
    }
  }
  return null
}
