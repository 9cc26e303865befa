import { Alert, Button, EmptyState, Group, SegmentedControl, Select, Stack } from '@mantine/core'
import { IconAlertTriangle, IconFilterOff, IconListDetails } from '@tabler/icons-react'
import { useCallback, useMemo } from 'react'
import { Link, useSearchParams } from 'react-router'
import type { LogQuery } from '../../../../../shared/ipc'
import { paths } from '../../../app/paths'
import { PageHeader } from '../../../components/page-header'
import { ErrorState } from '../../../components/states'
import { useTenants } from '../../tenants/queries'
import { useLogs } from '../queries'
import classes from './logs-page.module.css'
import { LogsTable } from './logs-table'

type Outcome = NonNullable<LogQuery['outcome']>

const outcomes: ReadonlyArray<{ value: Outcome; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'failed', label: 'Failed' },
  { value: '4xx', label: '4xx' },
  { value: '5xx', label: '5xx' },
  { value: 'throttled', label: 'Throttled' }
]

function parseOutcome(value: string | null): Outcome {
  return outcomes.find((option) => option.value === value)?.value ?? 'all'
}

/** `#/logs?tenant=<slug>&outcome=<…>`: every SCIM request, newest first, live. */
export function LogsPage() {
  const [params, setParams] = useSearchParams()
  const tenantSlug = params.get('tenant')
  const outcome = parseOutcome(params.get('outcome'))
  const tenants = useTenants()
  const tenantItems = useMemo(() => tenants.data?.items ?? [], [tenants.data])
  const tenant = tenantSlug ? tenantItems.find((item) => item.slug === tenantSlug) : undefined
  const unknownTenant = Boolean(tenantSlug) && tenants.isSuccess && !tenant

  const query: Omit<LogQuery, 'cursor' | 'limit'> = {
    ...(tenant ? { tenantId: tenant.id } : {}),
    ...(outcome !== 'all' ? { outcome } : {})
  }
  // With a tenant in the URL, wait for its id rather than briefly show every tenant's log.
  const logs = useLogs(query, { enabled: !tenantSlug || Boolean(tenant) })
  const entries = useMemo(() => logs.data?.pages.flatMap((page) => page.items) ?? [], [logs.data])
  const total = logs.data?.pages[0]?.total ?? 0
  const filtered = Boolean(tenantSlug) || outcome !== 'all'

  const tenantName = useCallback((slug: string) => tenantItems.find((item) => item.slug === slug)?.name ?? slug, [tenantItems])
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = logs
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage()
  }, [hasNextPage, isFetchingNextPage, fetchNextPage])

  const setFilter = (key: 'tenant' | 'outcome', value: string | null): void => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (value && value !== 'all') next.set(key, value)
        else next.delete(key)
        return next
      },
      { replace: true }
    )
  }

  const empty = filtered ? (
    <EmptyState
      py={56}
      icon={<IconFilterOff size={24} aria-hidden />}
      withIndicatorBackground
      title="No requests match these filters"
      description={outcome === 'all' ? 'This tenant has had no SCIM requests yet.' : 'Nothing has failed this way. Clear the filters to see every request.'}
    >
      <EmptyState.Actions>
        <Button variant="default" component={Link} to={paths.logs()}>
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
      description="Every request Okta sends to a tenant's SCIM base URL appears here. In Okta, click Test API Credentials to send the first one."
    >
      <EmptyState.Actions>
        <Button component={Link} to={paths.tenants}>
          Go to tenants
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  )

  return (
    <div className={classes.page}>
      <PageHeader title="Provisioning log" description="Every SCIM request identity providers made, newest first." />
      <Group gap="sm" justify="space-between">
        <Group gap="sm">
          <Select
            aria-label="Tenant"
            placeholder="All tenants"
            data={tenantItems.map((item) => ({ value: item.slug, label: item.name }))}
            value={tenantSlug}
            onChange={(value) => setFilter('tenant', value)}
            clearable
            searchable
            nothingFoundMessage="No tenant matches"
            w={220}
          />
          <SegmentedControl
            aria-label="Outcome"
            data={outcomes.map((option) => ({ value: option.value, label: option.label }))}
            value={outcome}
            onChange={(value) => setFilter('outcome', value)}
          />
        </Group>
      </Group>
      {unknownTenant ? (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} aria-hidden />}>
          There is no tenant with the slug <span className="mono">{tenantSlug}</span>.{' '}
          <Link to={paths.logs({ outcome })}>Show all tenants</Link>
        </Alert>
      ) : null}
      {logs.isError ? (
        <ErrorState title="Could not load the provisioning log" error={logs.error} onRetry={() => void logs.refetch()} />
      ) : (
        <Stack gap={0} style={{ flex: 1, minHeight: 0 }}>
          <LogsTable
            entries={entries}
            total={total}
            loading={logs.isPending && !unknownTenant}
            hasMore={Boolean(hasNextPage)}
            loadingMore={isFetchingNextPage}
            onLoadMore={loadMore}
            tenantName={tenantName}
            empty={empty}
          />
        </Stack>
      )}
    </div>
  )
}
