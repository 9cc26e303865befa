import { Anchor, Button } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconBolt } from '@tabler/icons-react'
import { Fragment } from 'react'
import { Link } from 'react-router'
import type { ActiveFaults } from '../../../../../shared/models'
import { errorMessage } from '../../../api/client'
import { paths } from '../../../app/paths'
import { useSetupProvider } from '../../setup/setup-provider'
import { useTenants } from '../../tenants/queries'
import { noFaults, useActiveFaults, useSetFaults } from '../queries'
import { FrameBanner, frameBannerButtonClass, frameBannerLinkClass } from '../../../components/frame-banner'

/** Tenants with faults on, for the frame: the banner shows while the list is not empty. */
export function useFaultsBannerTenants(): readonly ActiveFaults[] {
  const active = useActiveFaults()
  return active.data ?? []
}

/** On every screen while faults are on: which tenants, what, and a way to turn them off. */
export function FaultsBanner({ tenants }: { tenants: readonly ActiveFaults[] }) {
  const save = useSetFaults()
  if (tenants.length === 0) return null
  const only = tenants.length === 1 ? tenants[0] : undefined
  const turnOff = (tenant: ActiveFaults): void =>
    save.mutate(
      { tenant: tenant.tenantId, faults: noFaults },
      {
        onSuccess: () =>
          notifications.show({ color: 'green', title: 'Faults off', message: `${tenant.tenantName} answers every request normally again.`, closeButtonProps: { 'aria-label': 'Dismiss notification' } }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Could not turn the faults off', message: errorMessage(error), closeButtonProps: { 'aria-label': 'Dismiss notification' } })
      }
    )
  return (
    <FrameBanner
      tone="warning"
      icon={<IconBolt size={16} aria-hidden />}
      label="Fault injection is on"
      testId="faults-banner"
      action={
        only ? (
          <Button size="compact-sm" variant="white" color="dark" className={frameBannerButtonClass} onClick={() => turnOff(only)} loading={save.isPending}>
            Turn off
          </Button>
        ) : (
          <Button size="compact-sm" variant="white" color="dark" className={frameBannerButtonClass} component={Link} to={paths.tenantFaults(tenants[0]?.tenantSlug ?? '')}>
            Review faults
          </Button>
        )
      }
    >
      <b>Fault injection is on</b>{' '}
      {only ? (
        <>
          for{' '}
          <Anchor component={Link} to={paths.tenantFaults(only.tenantSlug)} inherit fw={600} className={frameBannerLinkClass}>
            {only.tenantName}
          </Anchor>
          : <OnlySummary tenant={only} />
        </>
      ) : (
        <>
          for{' '}
          {tenants.map((tenant, index) => (
            <Fragment key={tenant.tenantId}>
              {index > 0 ? ', ' : null}
              <TenantLink tenant={tenant} />
            </Fragment>
          ))}
          : requests to them fail on purpose.
        </>
      )}
    </FrameBanner>
  )
}

/** What is on for a tenant, in the words of its customer's provider (useSetupProvider). */
function useSummary(tenant: ActiveFaults): string {
  // The provider said for the tenant, and the one its traffic shows, from the tenants list the header's switcher keeps loaded.
  const tenants = useTenants()
  const listed = tenants.data?.items.find((item) => item.id === tenant.tenantId)
  const [provider] = useSetupProvider({ slug: tenant.tenantSlug, setupProvider: listed?.setupProvider, identityProvider: listed?.identityProvider ?? null })
  return provider === 'entra' ? tenant.entraSummary : tenant.summary
}

function OnlySummary({ tenant }: { tenant: ActiveFaults }) {
  const summary = useSummary(tenant)
  return <span title={summary}>{summary}</span>
}

function TenantLink({ tenant }: { tenant: ActiveFaults }) {
  return (
    <Anchor component={Link} to={paths.tenantFaults(tenant.tenantSlug)} inherit fw={600} className={frameBannerLinkClass} title={useSummary(tenant)}>
      {tenant.tenantName}
    </Anchor>
  )
}
