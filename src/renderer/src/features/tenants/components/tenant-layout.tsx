import { Button, Center, EmptyState, Skeleton, Stack } from '@mantine/core'
import { IconBuildingSkyscraper } from '@tabler/icons-react'
import { Link, Outlet, useOutletContext, useParams } from 'react-router'
import type { TenantSummary } from '../../../../../shared/models'
import { isApiError } from '../../../api/client'
import { paths } from '../../../app/paths'
import { ErrorState } from '../../../components/states'
import { useTenant } from '../queries'

/** The tenant the current `#/tenants/:slug/…` route is about, for the screens inside it. */
export function useCurrentTenant(): TenantSummary {
  return useOutletContext<TenantSummary>()
}

/** Loads the tenant named in the route once, for Overview, Tokens and the screens to come. */
export function TenantLayout() {
  const { slug = '' } = useParams()
  const tenant = useTenant(slug)

  if (tenant.isPending) {
    return (
      <Stack gap="md" aria-busy="true" aria-label="Loading tenant">
        <Skeleton height={28} width={260} />
        <Skeleton height={14} width={360} />
        <Skeleton height={132} mt="md" />
        <Skeleton height={96} />
      </Stack>
    )
  }
  if (tenant.isError) {
    if (isApiError(tenant.error, 'not_found')) {
      return (
        <Center py={80}>
          <EmptyState
            icon={<IconBuildingSkyscraper size={26} aria-hidden />}
            withIndicatorBackground
            title={`No tenant called “${slug}”`}
            description="It may have been renamed or deleted, here or from the CLI."
          >
            <EmptyState.Actions>
              <Button component={Link} to={paths.tenants}>
                Go to tenants
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        </Center>
      )
    }
    return <ErrorState title="Could not load this tenant" error={tenant.error} onRetry={() => void tenant.refetch()} />
  }
  return <Outlet context={tenant.data} />
}
