/** Server state for fault injection: one tenant's faults, and every tenant with faults on (for the banner). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { FaultConfig } from '../../../../shared/models'
import { call, useApiEvent } from '../../api/client'

/** Query keys for faults. */
export const faultKeys = {
  all: ['faults'] as const,
  active: () => [...faultKeys.all, 'active'] as const,
  tenant: (tenantId: string) => [...faultKeys.all, 'tenant', tenantId] as const
}

/** What `faults:set` takes: a tenant's faults without the tenant. */
export type FaultSettings = Omit<FaultConfig, 'tenantId'>

/** No faults: what "Turn off" saves. */
export const noFaults: FaultSettings = { throttlePerMinute: 0, latencyMs: 0, failNextAuth: false, rules: [] }

/** One tenant's faults. */
export function useFaults(tenantId: string) {
  return useQuery({
    queryKey: faultKeys.tenant(tenantId),
    queryFn: () => call('faults:get', { tenant: tenantId })
  })
}

/** Tenants with any fault on, for the banner on every screen. */
export function useActiveFaults() {
  return useQuery({
    queryKey: faultKeys.active(),
    queryFn: () => call('faults:active', {}),
    staleTime: Infinity
  })
}

/** Saves a tenant's faults. */
export function useSetFaults() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { tenant: string; faults: FaultSettings }) => call('faults:set', input),
    onSuccess: (saved) => {
      queryClient.setQueryData(faultKeys.tenant(saved.tenantId), saved)
      void queryClient.invalidateQueries({ queryKey: faultKeys.active() })
    }
  })
}

/**
 * Faults change from this window, the CLI, or by themselves (a fail-once rule or "fail the next token check" is
 * used up by a request): refetch on every `faults:changed`.
 */
export function useFaultLiveUpdates(): void {
  const queryClient = useQueryClient()
  useApiEvent('faults:changed', ({ tenantId }) => {
    void queryClient.invalidateQueries({ queryKey: faultKeys.tenant(tenantId) })
    void queryClient.invalidateQueries({ queryKey: faultKeys.active() })
  })
  useApiEvent('tenants:changed', () => void queryClient.invalidateQueries({ queryKey: faultKeys.active() }))
}
