import { useCallback, useSyncExternalStore } from 'react'
import { entraTenantUrl } from '../../../../shared/entra-setup'
import type { IdentityProvider } from '../../../../shared/identity-provider'

/** What the console calls each identity provider's setup, and how its admin sends a first request. */
export const providerWords: Record<
  IdentityProvider,
  {
    readonly label: string
    /** The provider as a sentence names it: "Okta cannot connect…". */
    readonly client: string
    readonly navigation: string
    /** The demo page that plays the provider's requests: its navigation item, its title, "Run the Okta demo". */
    readonly demo: string
    readonly guide: string
    readonly admin: string
    readonly words: string
    readonly firstRequest: string
    /** Where an API token is pasted, after "Paste it into". */
    readonly tokenField: string
    /** The customer's app in the provider, and the name its screen gives the URL pasted into it. */
    readonly app: string
    readonly urlName: string
    /** The field the URL goes into, as the provider's screen labels it. */
    readonly urlLabel: string
    /** The URL the admin pastes, for a tenant's SCIM base URL: Okta's is the base URL, Entra's has the standards flag. */
    readonly pastedUrl: (baseUrl: string) => string
    /** What the provider does after a 429. */
    readonly afterThrottle: string
  }
> = {
  okta: {
    label: 'Okta',
    client: 'Okta',
    navigation: 'Okta setup',
    demo: 'Okta demo',
    guide: 'Okta setup guide',
    admin: 'Okta admin',
    words: "Okta's own words",
    firstRequest: "In Okta, click Test API Credentials on the app's Provisioning → Integration page",
    tokenField: 'Okta: Provisioning → Integration → API Token',
    app: 'Okta app',
    urlName: 'SCIM base URL',
    urlLabel: 'SCIM connector base URL',
    pastedUrl: (baseUrl) => baseUrl,
    afterThrottle: 'retries when told to'
  },
  entra: {
    label: 'Microsoft Entra ID',
    client: 'Entra',
    navigation: 'Entra setup',
    demo: 'Entra demo',
    guide: 'Microsoft Entra ID setup guide',
    admin: 'Entra admin',
    words: "the Microsoft Entra admin center's words",
    firstRequest: "In Microsoft Entra ID, click Test Connection on the app's Provisioning page",
    tokenField: 'Entra: Provisioning → Admin Credentials → Secret Token',
    app: 'Entra application',
    urlName: 'Tenant URL',
    urlLabel: 'Tenant URL',
    pastedUrl: entraTenantUrl,
    afterThrottle: 'retries later'
  }
}

const changed = 'scim-console:setup-provider'
const storageKey = (tenantSlug: string): string => `scim-console.setup-provider.${tenantSlug}`

function read(tenantSlug: string): IdentityProvider | null {
  try {
    const value = window.localStorage.getItem(storageKey(tenantSlug))
    return value === 'entra' || value === 'okta' ? value : null
  } catch {
    // Storage refused (a locked-down profile): no guide counts as chosen.
    return null
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('storage', onChange)
  window.addEventListener(changed, onChange)
  return () => {
    window.removeEventListener('storage', onChange)
    window.removeEventListener(changed, onChange)
  }
}

/**
 * Remembers on this computer which identity provider a tenant's customer uses, for every screen of the tenant to speak
 * of (useSetupProvider): the setup guide's choice, or the one made as the tenant was created.
 */
export function rememberSetupProvider(tenantSlug: string, provider: IdentityProvider): void {
  try {
    window.localStorage.setItem(storageKey(tenantSlug), provider)
  } catch {
    // Not remembered; the guide's own link still names the provider.
  }
  window.dispatchEvent(new Event(changed))
}

/** A tenant as the hook needs it: its slug, and the provider its traffic shows (TenantSummary.identityProvider). */
export interface ProviderSource {
  readonly slug: string
  readonly identityProvider: IdentityProvider | null
}

/**
 * The identity provider of a tenant's customer, for the navigation, the overview, the tokens, the directory, the
 * faults and the empty log to speak of and open the guide of: the one whose setup guide was last chosen for the tenant,
 * remembered on this computer by its slug (which never changes, and which the navigation knows from the route before
 * the tenant has loaded); else the one the tenant's traffic shows, so that a colleague who never opened the guide sees
 * Entra's words for a tenant Entra provisions; else Okta. `known` says whether either told, for the screens that name
 * both providers until then. Read in render (useSyncExternalStore), so a screen never shows another tenant's provider
 * for a frame, and reading writes nothing (Mantine's useLocalStorage stores the default on first read); every screen
 * hears a change at once.
 */
export function useSetupProvider(tenant: ProviderSource): readonly [provider: IdentityProvider, remember: (provider: IdentityProvider) => void, known: boolean] {
  const tenantSlug = tenant.slug
  const remembered = useSyncExternalStore(subscribe, () => read(tenantSlug))
  const remember = useCallback((provider: IdentityProvider) => rememberSetupProvider(tenantSlug, provider), [tenantSlug])
  const known = remembered ?? tenant.identityProvider
  return [known ?? 'okta', remember, known !== null] as const
}
