/** What the explorer shows for its filters: the tenant they name, and the requests that match them, page by page. */
import { useCallback, useMemo } from 'react'
import type { IdentityProvider } from '../../../../shared/identity-provider'
import type { DeletedTenant, LogEntrySummary, TenantSummary } from '../../../../shared/models'
import { useSetupProvider } from '../setup/setup-provider'
import { useTenants } from '../tenants/queries'
import type { LogFilters } from './log-filters'
import { useDeletedTenant, useLogPages } from './queries'

/** The tenant the explorer's filters name, if they name one. */
export interface ExplorerTenant {
  /** Every tenant, for the tenant filter. */
  readonly tenants: readonly TenantSummary[]
  /** The tenant the filters name, once the tenants are loaded; undefined for every tenant, or a slug no tenant has. */
  readonly tenant: TenantSummary | undefined
  readonly tenantId: string | undefined
  /** The identity provider the named tenant is set up for; Okta's when no tenant is named. */
  readonly tenantProvider: IdentityProvider
  /** The filters name a tenant that no tenant has, and that the log holds no deleted tenant's requests under. */
  readonly unknownTenant: boolean
  /** The deleted tenant the filters name by the slug it had: the log shows its past requests. */
  readonly deletedTenant: DeletedTenant | null
  /** Whether the log may be asked for: not while the tenant the filters name is still being looked up. */
  readonly ready: boolean
  /** A tenant's name for its slug; the slug itself for a tenant that is gone. */
  readonly tenantName: (slug: string) => string
}

/** The tenant the filters name, looked up among the tenants. */
export function useExplorerTenant(filters: LogFilters): ExplorerTenant {
  const tenantsQuery = useTenants()
  const tenants = useMemo(() => tenantsQuery.data?.items ?? [], [tenantsQuery.data])
  const tenant = filters.tenant ? tenants.find((item) => item.slug === filters.tenant) : undefined
  const [tenantProvider] = useSetupProvider(tenant ?? { slug: '', identityProvider: null })
  const noTenantHasIt = Boolean(filters.tenant) && tenantsQuery.isSuccess && !tenant
  // A slug no tenant has now may be a deleted tenant's, whose requests stay in the log (as `logs --tenant` finds them).
  const deletedQuery = useDeletedTenant(filters.tenant, { enabled: noTenantHasIt })
  const deletedTenant = noTenantHasIt ? (deletedQuery.data ?? null) : null
  const unknownTenant = noTenantHasIt && deletedTenant === null && !deletedQuery.isPending
  // With a tenant in the URL, wait for its id rather than briefly show every tenant's log.
  const ready = !filters.tenant || Boolean(tenant) || deletedTenant !== null
  const tenantNames = useMemo(() => new Map(tenants.map((item) => [item.slug, item.name])), [tenants])
  const tenantName = useCallback((slug: string) => tenantNames.get(slug) ?? slug, [tenantNames])
  return { tenants, tenant, tenantId: tenant?.id ?? deletedTenant?.id, tenantProvider, unknownTenant, deletedTenant, ready, tenantName }
}

/**
 * The requests matching the filters, newest first, as far as the person has scrolled: the query itself (its loading
 * and error states), the rows, how many match in all, and the next page's loader, which does nothing while there is
 * no next page or it is already on its way.
 */
export function useExplorerLog(filters: LogFilters, { tenantId, ready, unknownTenant }: Pick<ExplorerTenant, 'tenantId' | 'ready' | 'unknownTenant'>) {
  const logs = useLogPages(filters, tenantId, { enabled: ready })
  // A tenant the URL names and no tenant has (a link from before a tenant was deleted) matches nothing here: the
  // rows of the view before it, which the query would keep showing, are every tenant's.
  const entries: readonly LogEntrySummary[] = useMemo(
    () => (unknownTenant ? [] : (logs.data?.pages.flatMap((page) => page.items) ?? [])),
    [logs.data, unknownTenant]
  )
  const total = unknownTenant ? 0 : (logs.data?.pages[0]?.total ?? 0)
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = logs
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage()
  }, [hasNextPage, isFetchingNextPage, fetchNextPage])
  return { logs, entries, total, loadMore }
}
