import { notifications } from '@mantine/notifications'
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useSyncExternalStore } from 'react'
import { entraTenantUrl } from '../../../../shared/entra-setup'
import { identityProviderNames, providerOf, tokenFields, type IdentityProvider } from '../../../../shared/identity-provider'
import type { Page, TenantSummary } from '../../../../shared/models'
import { call } from '../../api/client'
import { showUndoToast } from '../../components/undo-toast'
import { tenantKeys } from '../tenants/queries'

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
    label: identityProviderNames.okta,
    client: 'Okta',
    navigation: 'Okta setup',
    demo: 'Okta demo',
    guide: 'Okta setup guide',
    admin: 'Okta admin',
    words: "Okta's own words",
    firstRequest: "In Okta, click Test API Credentials on the app's Provisioning → Integration page",
    tokenField: tokenFields.okta,
    app: 'Okta app',
    urlName: 'SCIM base URL',
    urlLabel: 'SCIM connector base URL',
    pastedUrl: (baseUrl) => baseUrl,
    afterThrottle: 'retries when told to'
  },
  entra: {
    label: identityProviderNames.entra,
    client: 'Entra',
    navigation: 'Entra setup',
    demo: 'Entra demo',
    guide: 'Microsoft Entra ID setup guide',
    admin: 'Entra admin',
    words: "the Microsoft Entra admin center's words",
    firstRequest: "In Microsoft Entra ID, click Test Connection on the app's Provisioning page",
    tokenField: tokenFields.entra,
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
 * Mirrors on this computer which identity provider a tenant's customer uses, by the tenant's slug: read before the
 * tenant has loaded (the navigation knows the slug from the route first), so no screen shows Okta's words for a frame
 * and then Entra's. The tenant's own record (Tenant.setupProvider) is what counts once it has loaded.
 */
export function rememberSetupProvider(tenantSlug: string, provider: IdentityProvider | null): void {
  try {
    if (read(tenantSlug) === provider) return
    if (provider === null) window.localStorage.removeItem(storageKey(tenantSlug))
    else window.localStorage.setItem(storageKey(tenantSlug), provider)
  } catch {
    // Not mirrored; the tenant's record still has it.
  }
  window.dispatchEvent(new Event(changed))
}

/**
 * A tenant as the hook needs it: its slug (and name); the provider a CSM said (Tenant.setupProvider), undefined while the tenant
 * has not loaded; and the provider its traffic shows (TenantSummary.identityProvider).
 */
export interface ProviderSource {
  readonly slug: string
  /** The tenant's name, for the toast that confirms a change; the slug stands in without it. */
  readonly name?: string
  readonly setupProvider?: IdentityProvider | null
  readonly identityProvider: IdentityProvider | null
}

/** The tenants one cached tenants query holds: a list's page of them, or one tenant's detail. */
function tenantsIn(data: unknown): readonly TenantSummary[] {
  if (!data || typeof data !== 'object') return []
  return 'items' in data && Array.isArray(data.items) ? (data as Page<TenantSummary>).items : [data as TenantSummary]
}

/** The loaded copies of a tenant: its detail, and its row in each list. */
function loadedCopies(queryClient: QueryClient, tenantSlug: string): TenantSummary[] {
  return queryClient.getQueriesData<unknown>({ queryKey: tenantKeys.all }).flatMap(([, data]) => tenantsIn(data).filter((tenant) => tenant.slug === tenantSlug))
}

/** Puts `provider` in every loaded copy of the tenant, before main has answered. */
function showSaved(queryClient: QueryClient, tenantSlug: string, provider: IdentityProvider | null): void {
  const saved = (tenant: TenantSummary): TenantSummary => (tenant.slug === tenantSlug ? { ...tenant, setupProvider: provider } : tenant)
  queryClient.setQueriesData<unknown>({ queryKey: tenantKeys.all }, (data: unknown) => {
    if (!tenantsIn(data).some((tenant) => tenant.slug === tenantSlug)) return data
    const page = data as Page<TenantSummary> | TenantSummary
    return 'items' in page ? { ...page, items: page.items.map(saved) } : saved(page)
  })
}

/**
 * Saves the provider said for a tenant (null forgets it), showing it on every screen at once. Resolves whether main
 * took it; a refusal is said in a toast, and the screens go back to what main holds.
 */
async function saveProvider(queryClient: QueryClient, tenantSlug: string, provider: IdentityProvider | null): Promise<boolean> {
  rememberSetupProvider(tenantSlug, provider)
  showSaved(queryClient, tenantSlug, provider)
  try {
    await call('tenants:update', { tenant: tenantSlug, setupProvider: provider })
    return true
  } catch (error) {
    notifications.show({
      color: 'red',
      title: 'The identity provider was not saved',
      message: `${error instanceof Error ? error.message : String(error)} The tenant keeps the provider it had; ${provider === null ? 'try again' : `choose ${providerWords[provider].label} again`} once that is solved.`,
      closeButtonProps: { 'aria-label': 'Dismiss notification' }
    })
    return false
  } finally {
    void queryClient.invalidateQueries({ queryKey: tenantKeys.all })
  }
}

/** How the undo toast names what a tenant had before: a provider, or none (the console then goes by its traffic). */
function providerBefore(provider: IdentityProvider | null): string {
  return provider === null ? 'no identity provider set (the console goes by its traffic)' : providerWords[provider].label
}

/**
 * The identity provider of a tenant's customer, for the navigation, the overview, the tokens, the directory, the
 * faults and the empty log to speak of and open the guide of: the one a CSM said for the tenant (New tenant, Edit
 * tenant, the setup guide's "Use … for this tenant", `tenant create|update --provider`), kept with the tenant; before
 * the tenant has loaded, the one last said on this computer (the mirror above); when none was said (or it was
 * forgotten: `--provider none`), the one the tenant's traffic shows, so that a colleague sees Entra's words for a
 * tenant Entra provisions; else Okta. The mirror never outvotes the record: it would keep a forgotten choice, or give
 * a new tenant the provider of a deleted one that had its slug. `known` says whether any of them told, for the screens
 * that name both providers until then. Read in render (useSyncExternalStore for the mirror); reading writes only the
 * mirror, when the tenant's record says otherwise.
 *
 * `setProvider` is the deliberate change: it saves the provider with the tenant, every screen shows it at once, and a
 * toast says so with an Undo that puts back what the tenant had. Viewing the other provider's guide saves nothing. It
 * resolves whether the tenant has the provider then: false when main refused it (a toast says so).
 */
export function useSetupProvider(
  tenant: ProviderSource
): readonly [provider: IdentityProvider, setProvider: (provider: IdentityProvider) => Promise<boolean>, known: boolean] {
  const tenantSlug = tenant.slug
  const tenantName = tenant.name ?? tenant.slug
  const saved = tenant.setupProvider
  const mirrored = useSyncExternalStore(subscribe, () => read(tenantSlug))
  const queryClient = useQueryClient()
  const setProvider = useCallback(
    async (provider: IdentityProvider): Promise<boolean> => {
      // What main holds now, from the cache rather than this render: the undo must put back the record, not a guess.
      const copies = loadedCopies(queryClient, tenantSlug)
      const before = copies[0]?.setupProvider ?? null
      if (before === provider) return true
      const took = await saveProvider(queryClient, tenantSlug, provider)
      if (took) {
        showUndoToast({
          id: `tenant-provider-${tenantSlug}`,
          color: 'green',
          title: `${tenantName} now provisions from ${providerWords[provider].label}`,
          message: `Its navigation, overview, tokens and directory speak of ${providerWords[provider].client}. Undo puts back ${providerBefore(before)}.`,
          onUndo: () => void saveProvider(queryClient, tenantSlug, before)
        })
      }
      return took
    },
    [tenantSlug, tenantName, queryClient]
  )
  // The tenant's record changed elsewhere (the CLI, another window): the mirror follows, for the next cold start.
  useEffect(() => {
    if (saved !== undefined) rememberSetupProvider(tenantSlug, saved)
  }, [tenantSlug, saved])
  const known = providerOf({ setupProvider: saved === undefined ? mirrored : saved, identityProvider: tenant.identityProvider })
  return [known ?? 'okta', setProvider, known !== null] as const
}
