/** Server state for tenants: one key factory, the queries and mutations, and live invalidation. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import type { IdentityProvider } from '../../../../shared/identity-provider'
import type { TenantQuery } from '../../../../shared/ipc'
import { call, useApiEvent } from '../../api/client'
import { throttle } from '../../lib/throttle'

/** Query keys for tenants. `detail` takes the slug or id the route holds. */
export const tenantKeys = {
  all: ['tenants'] as const,
  lists: () => [...tenantKeys.all, 'list'] as const,
  list: (query: TenantQuery) => [...tenantKeys.lists(), query] as const,
  details: () => [...tenantKeys.all, 'detail'] as const,
  detail: (tenant: string) => [...tenantKeys.details(), tenant] as const
}

/** The tenants table, filtered server-side. */
export function useTenants(query: TenantQuery = {}) {
  return useQuery({
    queryKey: tenantKeys.list(query),
    queryFn: () => call('tenants:list', query),
    placeholderData: keepPreviousData
  })
}

/** One tenant with its figures, by slug or id. */
export function useTenant(tenant: string | undefined) {
  return useQuery({
    queryKey: tenantKeys.detail(tenant ?? ''),
    queryFn: () => call('tenants:get', { tenant: tenant ?? '' }),
    enabled: Boolean(tenant)
  })
}

/** Creates a tenant; the lists refresh on success. */
export function useCreateTenant() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { name: string; slug?: string; setupProvider?: IdentityProvider }) => call('tenants:create', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tenantKeys.all })
  })
}

/** Renames a tenant, changes its rate limit or says its identity provider; the overview, the tenants list and the header's switcher refresh. */
export function useUpdateTenant() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { tenant: string; name?: string; rateLimitPerMinute?: number; setupProvider?: IdentityProvider }) => call('tenants:update', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tenantKeys.all })
  })
}

/**
 * Deletes a tenant with its users, groups and tokens. `force` deletes it even while API tokens are active (main
 * refuses otherwise). Only the lists refresh here: refetching the deleted tenant itself would flash "No tenant called
 * …" on the screen that is about to be left. `onDeleted` runs even if that screen has already gone (main's
 * `tenants:changed` may arrive first), so the way out to the Tenants list is never lost.
 */
export function useDeleteTenant({ onDeleted }: { onDeleted: () => void }) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { tenant: string; force: boolean }) => call('tenants:delete', input),
    onSuccess: () => {
      onDeleted()
      return queryClient.invalidateQueries({ queryKey: tenantKeys.lists() })
    }
  })
}

/**
 * Keeps every tenant query fresh: tenant edits (from the UI, the CLI or another window),
 * new requests (last request, failures) and directory changes (user counts).
 */
export function useTenantLiveUpdates(): void {
  const queryClient = useQueryClient()
  const refresh = useMemo(
    () =>
      throttle(() => {
        // Reuse a refetch in flight rather than cancel it, or a steady stream of events starves it.
        void queryClient.invalidateQueries({ queryKey: tenantKeys.all }, { cancelRefetch: false })
      }, 1000),
    [queryClient]
  )
  useEffect(() => refresh.cancel, [refresh])
  useApiEvent('tenants:changed', refresh)
  useApiEvent('logs:appended', refresh)
  useApiEvent('directory:changed', refresh)
}
