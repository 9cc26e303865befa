/** Server state for the setup guide (Okta and Entra). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { IdentityProvider } from '../../../../shared/identity-provider'
import { call, useApiEvent } from '../../api/client'

/** Query keys for the setup guide, by tenant id. */
export const setupKeys = {
  all: ['setup'] as const,
  guide: (tenantId: string) => [...setupKeys.all, 'guide', tenantId] as const
}

/** The values a customer's Okta or Entra admin pastes, for one tenant. */
export function useSetupGuide(tenantId: string) {
  return useQuery({
    queryKey: setupKeys.guide(tenantId),
    queryFn: () => call('setup:guide', { tenant: tenantId })
  })
}

/** Writes the guide for the customer through a save dialog; resolves null when the dialog was cancelled. */
export function useExportSetupGuide() {
  return useMutation({
    mutationFn: (input: { tenant: string; format: 'html' | 'pdf'; provider: IdentityProvider }) => call('setup:export', input)
  })
}

/** The guide depends on the public URL, the server and the tokens: refetch when any of them changes. */
export function useSetupLiveUpdates(): void {
  const queryClient = useQueryClient()
  const refresh = (): void => void queryClient.invalidateQueries({ queryKey: setupKeys.all })
  useApiEvent('settings:changed', refresh)
  useApiEvent('server:status', refresh)
  useApiEvent('tenants:changed', refresh)
}
