/**
 * `#/logs?…`: the provisioning log explorer Support triages with. Filters live in the URL, the table is virtualised
 * and paged by keyset, new requests arrive by push, and one request opens in a drawer with its diagnosis.
 */
import { useMediaQuery } from '@mantine/hooks'
import { useEffect, useRef, useState } from 'react'
import { PageHeader } from '../../../components/page-header'
import { ErrorState } from '../../../components/states'
import { useExplorerLog, useExplorerTenant } from '../explorer-log'
import { useExplorerSelection } from '../explorer-selection'
import { useExplorerUrl } from '../explorer-url'
import { useLiveTail } from '../live-tail'
import { customRange, filterLinkFor, hasFilters } from '../log-filters'
import { useLogActivity } from '../queries'
import { ActivityCard } from './activity-card'
import { ExportMenu } from './export-menu'
import { LiveToggle, NewEntriesPill } from './live-controls'
import { LogDetailDrawer } from './log-detail-drawer'
import { LogFilterBar } from './log-filter-bar'
import { LogsFooter } from './logs-footer'
import classes from './logs-page.module.css'
import { DeletedTenantAlert, LogsEmptyState, UnknownTenantAlert } from './logs-states'
import { LogsTable, type LogsTableHandle } from './logs-table'
import { rangePatch, TimeRangePicker } from './time-range-picker'

/**
 * A window shorter than this gets the compact explorer: no description under the title, the second line of filters and
 * the chart folded away until asked for, so that the rows keep the height (eight or more at 960×600, the smallest
 * window; narrow-window.spec.ts counts them). 800 px tall and up, the explorer shows everything and still fits eight.
 */
const compactQuery = '(max-height: 799.98px)'

/** The explorer. */
export function LogsPage() {
  const compact = useMediaQuery(compactQuery, window.matchMedia(compactQuery).matches, { getInitialValueInEffect: false })
  // The chart shows unless the window is short; either way a click on its header shows or hides it for this visit.
  const [chartChoice, setChartChoice] = useState<boolean | null>(null)
  const chartShown = chartChoice ?? !compact
  const { filters, entryId, update, clear, setEntry } = useExplorerUrl()
  const { tenants, tenant, tenantId, tenantProvider, unknownTenant, deletedTenant, ready, tenantName } = useExplorerTenant(filters)
  const { logs, entries, total, loadMore } = useExplorerLog(filters, { tenantId, ready, unknownTenant })
  // The chart waits for the first rows: they are what a person came for, and main answers one call at a time.
  const activity = useLogActivity(filters, tenantId, { enabled: ready && logs.isSuccess, buckets: 90 })
  const tableRef = useRef<LogsTableHandle>(null)
  const { paused, newCount, togglePaused, showNewest, onAtTopChange } = useLiveTail({ filters, tenantId, ready, loaded: logs.isSuccess, entries, table: tableRef })
  // A new filter starts at the top.
  const filterKey = JSON.stringify(filters)
  useEffect(() => {
    tableRef.current?.scrollToTop()
  }, [filterKey])
  const { activeId, open, closeEntry, searchRef } = useExplorerSelection({ entries, entryId, setEntry, table: tableRef })
  // An empty log has nothing to chart; the empty state says what to do instead.
  const logEmpty = !hasFilters(filters) && logs.isSuccess && total === 0

  return (
    <div className={classes.page} data-compact={compact || undefined}>
      <PageHeader
        title="Provisioning log"
        description="Every SCIM request Okta or Entra made and every directory change made here, newest first: what was sent, what we answered, and why it failed."
        compact={compact}
        actions={
          <>
            <TimeRangePicker filters={filters} onChange={(choice) => update(rangePatch(choice))} />
            <LiveToggle paused={paused} onToggle={togglePaused} />
            <ExportMenu filters={filters} tenantId={tenantId} ready={ready} />
          </>
        }
      />
      <LogFilterBar
        filters={filters}
        tenants={tenants}
        deletedTenantSlug={deletedTenant?.slug ?? null}
        compact={compact}
        onChange={update}
        onClear={clear}
        onLeave={() => tableRef.current?.focus()}
        searchRef={searchRef}
      />
      {unknownTenant ? <UnknownTenantAlert filters={filters} /> : null}
      {deletedTenant ? <DeletedTenantAlert filters={filters} /> : null}
      {logEmpty || unknownTenant ? null : (
        <ActivityCard
          filters={filters}
          // A deleted tenant's past requests are its own, not all tenants': named as the tenant box names it.
          tenantName={tenant?.name ?? (deletedTenant ? `${deletedTenant.slug} (deleted)` : null)}
          activity={activity}
          shown={chartShown}
          onToggle={() => setChartChoice(!chartShown)}
          onSelect={(since, until) => update(customRange(since, until))}
        />
      )}
      {logs.isError ? (
        <ErrorState title="Could not load the provisioning log" error={logs.error} onRetry={() => void logs.refetch()} />
      ) : (
        <LogsTable
          ref={tableRef}
          entries={entries}
          total={total}
          loading={(logs.isPending || !ready) && !unknownTenant}
          stale={logs.isPlaceholderData}
          hasMore={Boolean(logs.hasNextPage)}
          loadingMore={logs.isFetchingNextPage}
          onLoadMore={loadMore}
          tenantName={tenantName}
          empty={<LogsEmptyState filters={filters} tenant={tenant} tenantProvider={tenantProvider} onClear={clear} />}
          activeId={activeId}
          openId={entryId}
          onRowClick={(entry) => open(entry.id)}
          onAtTopChange={onAtTopChange}
          overlay={newCount > 0 ? <NewEntriesPill count={newCount} onClick={showNewest} /> : null}
          footer={<LogsFooter loading={logs.isPending && !unknownTenant} shown={entries.length} total={total} loadingMore={logs.isFetchingNextPage} paused={paused} />}
        />
      )}
      <LogDetailDrawer id={entryId} onClose={closeEntry} onJump={open} tenantName={tenantName} filterLinkFor={filterLinkFor} />
    </div>
  )
}
