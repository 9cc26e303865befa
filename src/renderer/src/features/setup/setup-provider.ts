import { useLocalStorage } from '@mantine/hooks'
import type { IdentityProvider } from '../../../../shared/identity-provider'

/** What the console calls each identity provider's setup, and how its admin sends a first request. */
export const providerWords: Record<
  IdentityProvider,
  { readonly label: string; readonly navigation: string; readonly guide: string; readonly admin: string; readonly words: string; readonly firstRequest: string }
> = {
  okta: {
    label: 'Okta',
    navigation: 'Okta setup',
    guide: 'Okta setup guide',
    admin: 'Okta admin',
    words: "Okta's own words",
    firstRequest: "In Okta, click Test API Credentials on the app's Provisioning → Integration page"
  },
  entra: {
    label: 'Microsoft Entra ID',
    navigation: 'Entra setup',
    guide: 'Microsoft Entra ID setup guide',
    admin: 'Entra admin',
    words: "the Microsoft Entra admin center's words",
    firstRequest: "In Microsoft Entra ID, click Test Connection on the app's Provisioning page"
  }
}

/**
 * The identity provider whose setup guide was last shown for a tenant, remembered on this computer: the navigation,
 * the overview and the empty log then speak of the customer's own provider, and open its guide. Okta until Entra's
 * guide is chosen. Every component that asks for the same tenant is told of a change at once.
 */
export function useSetupProvider(tenantId: string): readonly [IdentityProvider, (provider: IdentityProvider) => void] {
  const [provider, setProvider] = useLocalStorage<IdentityProvider>({
    key: `scim-console.setup-provider.${tenantId}`,
    defaultValue: 'okta',
    getInitialValueInEffect: false,
    serialize: (value) => value,
    deserialize: (value) => (value === 'entra' ? 'entra' : 'okta')
  })
  return [provider, setProvider] as const
}
