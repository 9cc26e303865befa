/** What the explorer says when it has no rows to show: an empty log, filters that match nothing, a tenant that is gone. */
import { Alert, Button, EmptyState } from '@mantine/core'
import { IconAlertTriangle, IconFilterOff, IconListDetails } from '@tabler/icons-react'
import { Link } from 'react-router'
import type { IdentityProvider } from '../../../../../shared/identity-provider'
import type { TenantSummary } from '../../../../../shared/models'
import { paths } from '../../../app/paths'
import { providerWords } from '../../setup/setup-provider'
import { hasFilters, logsHref, rangeLabel, rangePhrase, type LogFilters } from '../log-filters'

/**
 * The table's empty state. With filters, it names the way out (clear them); with none, the log is empty, and it says
 * how to send the first request.
 */
export function LogsEmptyState({
  filters,
  tenant,
  tenantProvider,
  onClear
}: {
  filters: LogFilters
  /** The tenant the filters name. */
  tenant: TenantSummary | undefined
  tenantProvider: IdentityProvider
  onClear: () => void
}) {
  return hasFilters(filters) ? (
    <EmptyState
      py={56}
      icon={<IconFilterOff size={24} aria-hidden />}
      withIndicatorBackground
      title="No requests match these filters"
      description={
        tenant && !filters.search && filters.outcome === 'all' && !filters.range && !filters.since
          ? `${tenant.name} has had no SCIM requests like this. ${providerWords[tenantProvider].firstRequest} to send one.`
          : `Nothing ${rangeLabel(filters) === 'Any time' ? 'in the log' : `in “${rangePhrase(filters)}”`} matches every filter. Remove one, or clear them all.`
      }
    >
      <EmptyState.Actions>
        <Button variant="default" onClick={onClear}>
          Clear filters
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  ) : (
    <EmptyState
      py={56}
      icon={<IconListDetails size={24} aria-hidden />}
      variant="light"
      title="No requests yet"
      description="Every request Okta or Entra sends to a tenant's SCIM base URL appears here within a second. To send the first one, click Test API Credentials in Okta (the app's Provisioning → Integration page) or Test Connection in Microsoft Entra ID (the app's Provisioning page)."
    >
      <EmptyState.Actions>
        <Button component={Link} to={paths.tenants}>
          Go to tenants
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  )
}

/** Over the table, when the URL names a tenant that no tenant has: a link from before the tenant was deleted. */
export function UnknownTenantAlert({ filters }: { filters: LogFilters }) {
  return (
    <Alert color="yellow" icon={<IconAlertTriangle size={18} aria-hidden />}>
      There is no tenant with the slug <span className="mono">{filters.tenant}</span>.{' '}
      <Link to={logsHref({ ...filters, tenant: null })}>Show all tenants</Link>
    </Alert>
  )
}

/**
 * Over the table, when the URL names the slug of a deleted tenant: the log shows its past requests, which stay in the
 * log (its deletion said so). Requests sent to that URL since it was deleted are logged under no tenant.
 */
export function DeletedTenantAlert({ filters }: { filters: LogFilters }) {
  return (
    <Alert color="yellow" icon={<IconAlertTriangle size={18} aria-hidden />}>
      The tenant with the slug <span className="mono">{filters.tenant}</span> was deleted. These are its past requests, which stay in the log; requests
      sent to its base URL since then are listed under every tenant.{' '}
      <Link to={logsHref({ ...filters, tenant: null })}>Show all tenants</Link>
    </Alert>
  )
}
