import { Button, CloseButton, EmptyState, Group, Stack, TextInput } from '@mantine/core'
import { IconBuildingSkyscraper, IconPlus, IconSearch } from '@tabler/icons-react'
import type { OnChangeFn, SortingState } from '@tanstack/react-table'
import { useMemo } from 'react'
import { PageHeader } from '../../../components/page-header'
import { ErrorState } from '../../../components/states'
import { plural } from '../../../lib/format'
import { useSearchParam } from '../../../lib/use-search-param'
import { useTenants } from '../queries'
import { parseTenantSort, writeTenantSort } from '../tenant-sort'
import { NewTenantModal } from './new-tenant-modal'
import { TenantsTable } from './tenants-table'
import { useLiveSearchParams } from '../../../lib/live-search-params'

/** `#/tenants`: every customer org, with its health at a glance. */
export function TenantsPage() {
  const [params, setParams] = useLiveSearchParams()
  const [search, draft, setDraft] = useSearchParam()
  const creating = params.get('new') === '1'
  const sortParam = params.get('sort')
  const sorting = useMemo(() => parseTenantSort(sortParam), [sortParam])
  const tenants = useTenants(search ? { search } : {})
  // The header counts every customer org, as the Directory's counts every user: a search narrows the rows, not the
  // team's book of customers (the unfiltered list is the switcher's, already cached).
  const everyTenant = useTenants()

  const setCreating = (open: boolean): void => {
    setParams((current) => {
      const next = new URLSearchParams(current)
      if (open) next.set('new', '1')
      else next.delete('new')
      return next
    }, { replace: true })
  }

  // The sort lives in the URL, as the search does: Back from a tenant opened from the list finds it in the same order.
  const setSorting: OnChangeFn<SortingState> = (change) => {
    setParams((current) => {
      const next = new URLSearchParams(current)
      const sort = writeTenantSort(typeof change === 'function' ? change(parseTenantSort(current.get('sort'))) : change)
      if (sort) next.set('sort', sort)
      else next.delete('sort')
      return next
    }, { replace: true })
  }

  const items = tenants.data?.items ?? []
  const total = everyTenant.data?.total ?? 0

  const empty = search ? (
    <EmptyState
      py={48}
      icon={<IconSearch size={24} aria-hidden />}
      withIndicatorBackground
      title={`No tenant matches “${search}”`}
      description="Search looks at names and slugs."
    >
      <EmptyState.Actions>
        <Button variant="default" onClick={() => setDraft('')}>
          Clear search
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  ) : (
    <EmptyState
      py={56}
      icon={<IconBuildingSkyscraper size={26} aria-hidden />}
      variant="light"
      title="Create your first tenant"
      description="A tenant is one customer, who provisions from Okta or Microsoft Entra ID. Create one, issue it an API token, and paste both into the customer's Okta or Entra to start provisioning."
    >
      <EmptyState.Actions>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
          New tenant
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  )

  return (
    <Stack gap="md">
      <PageHeader
        title="Tenants"
        description={everyTenant.isSuccess && total > 0 ? `${plural(total, 'customer org')} provisioning through SCIM Console` : 'Customer orgs that provision users through SCIM'}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            New tenant
          </Button>
        }
      />
      <Group gap="sm">
        <TextInput
          aria-label="Search tenants"
          placeholder="Search by name or slug"
          leftSection={<IconSearch size={15} aria-hidden />}
          value={draft}
          onChange={(event) => setDraft(event.currentTarget.value)}
          rightSection={draft ? <CloseButton size="sm" aria-label="Clear search" onClick={() => setDraft('')} /> : null}
          w={320}
        />
      </Group>
      {tenants.isError ? (
        <ErrorState title="Could not load tenants" error={tenants.error} onRetry={() => void tenants.refetch()} />
      ) : (
        <TenantsTable tenants={items} loading={tenants.isPending} empty={empty} sorting={sorting} onSortingChange={setSorting} />
      )}
      <NewTenantModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  )
}
