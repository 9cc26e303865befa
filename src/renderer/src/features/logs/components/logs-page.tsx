/**
 * `#/logs?…`: the provisioning log explorer Support triages with. Filters live in the URL, the table is virtualised
 * and paged by keyset, new requests arrive by push, and one request opens in a drawer with its diagnosis.
 */
import { ActionIcon, Alert, Button, EmptyState, Group, Kbd, Menu, Paper, Text, Tooltip } from '@mantine/core'
import { useElementSize, useMediaQuery } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconArrowUp, IconChevronDown, IconChevronUp, IconDownload, IconFileSpreadsheet, IconFilterOff, IconJson, IconListDetails, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { logTotalCap } from '../../../../../shared/ipc'
import type { LogEntryDetail } from '../../../../../shared/models'
import { errorMessage, useApiEvent } from '../../../api/client'
import { paths } from '../../../app/paths'
import { PageHeader } from '../../../components/page-header'
import { ErrorState } from '../../../components/states'
import { formatCount, plural } from '../../../lib/format'
import { throttle } from '../../../lib/throttle'
import { providerWords, useSetupProvider } from '../../setup/setup-provider'
import { useTenants } from '../../tenants/queries'
import {
  entryParam,
  hasFilters,
  logsHref,
  noFilters,
  parseEntryId,
  parseLogFilters,
  rangeLabel,
  rangePhrase,
  toLogQuery,
  withCustomRange,
  writeLogFilters,
  type LogFilters
} from '../log-filters'
import { nameFromPath } from '../log-format'
import { logKeys, refreshNewest, useExportLog, useLogActivity, useLogPages, useNewerCount } from '../queries'
import { ActivityChart, ActivityLegend, bucketPhrase, bucketSize } from './activity-chart'
import { LogDetailDrawer } from './log-detail-drawer'
import { LogFilterBar } from './log-filter-bar'
import cardClasses from '../../../components/table-card.module.css'
import classes from './logs-page.module.css'
import { LogsTable, type LogsTableHandle } from './logs-table'
import { rangePatch, TimeRangePicker } from './time-range-picker'

/**
 * A window shorter than this gets the compact explorer: no description under the title, the second line of filters and
 * the chart folded away until asked for, so that the rows keep the height (eight or more at 960×600, the smallest
 * window; narrow-window.spec.ts counts them). 800 px tall and up, the explorer shows everything and still fits eight.
 */
const compactQuery = '(max-height: 799.98px)'

/** Names the toast's close button for screen readers. */
const dismiss = { 'aria-label': 'Dismiss notification' }

/**
 * The URL's search parameters as they are now. React Router hands `setSearchParams` the parameters of the last
 * render, so two changes made before a render (a busy machine, quick clicks) would lose the first; the hash itself
 * is current as soon as a navigation is made.
 */
function currentParams(fallback: URLSearchParams): URLSearchParams {
  const hash = window.location.hash
  const start = hash.indexOf('?')
  return hash.startsWith('#/logs') ? new URLSearchParams(start === -1 ? '' : hash.slice(start + 1)) : fallback
}

/** The filters and the open request, read from and written to the URL. */
function useExplorerUrl() {
  const [params, setParams] = useSearchParams()
  const filters = useMemo(() => parseLogFilters(params), [params])
  const entryId = parseEntryId(params)
  const update = useCallback(
    (patch: Partial<LogFilters>) =>
      setParams((rendered) => {
        const current = currentParams(rendered)
        return writeLogFilters({ ...parseLogFilters(current), ...patch }, current)
      }, { replace: true }),
    [setParams]
  )
  const clear = useCallback(() => setParams((rendered) => writeLogFilters(noFilters, currentParams(rendered)), { replace: true }), [setParams])
  const setEntry = useCallback(
    (id: number | null) =>
      setParams(
        (rendered) => {
          const next = currentParams(rendered)
          if (id === null) next.delete(entryParam)
          else next.set(entryParam, String(id))
          return next
        },
        { replace: true }
      ),
    [setParams]
  )
  return { filters, entryId, update, clear, setEntry }
}

/** True when a key press belongs to something else: a text field, a menu, a dialog other than the drawer. */
function belongsElsewhere(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target.closest('input, textarea, select, [role="listbox"], [role="menu"], .mantine-Popover-dropdown') !== null) return true
  const dialog = target.closest('[role="dialog"]')
  return dialog !== null && dialog.closest('[data-log-drawer]') === null
}

/** The explorer. */
export function LogsPage() {
  const queryClient = useQueryClient()
  const compact = useMediaQuery(compactQuery, window.matchMedia(compactQuery).matches, { getInitialValueInEffect: false })
  // The chart shows unless the window is short; either way a click on its header shows or hides it for this visit.
  const [chartChoice, setChartChoice] = useState<boolean | null>(null)
  const chartShown = chartChoice ?? !compact
  const { filters, entryId, update, clear, setEntry } = useExplorerUrl()
  const tenants = useTenants()
  const tenantItems = useMemo(() => tenants.data?.items ?? [], [tenants.data])
  const tenant = filters.tenant ? tenantItems.find((item) => item.slug === filters.tenant) : undefined
  const [tenantProvider] = useSetupProvider(tenant ?? { slug: '', identityProvider: null })
  const unknownTenant = Boolean(filters.tenant) && tenants.isSuccess && !tenant
  // With a tenant in the URL, wait for its id rather than briefly show every tenant's log.
  const ready = !filters.tenant || Boolean(tenant)
  const tenantId = tenant?.id

  const logs = useLogPages(filters, tenantId, { enabled: ready })
  // A tenant the URL names and no tenant has (a link from before a tenant was deleted) matches nothing here: the
  // rows of the view before it, which the query would keep showing, are every tenant's.
  const entries = useMemo(() => (unknownTenant ? [] : (logs.data?.pages.flatMap((page) => page.items) ?? [])), [logs.data, unknownTenant])
  const total = unknownTenant ? 0 : (logs.data?.pages[0]?.total ?? 0)
  const filtered = hasFilters(filters)

  const tenantNames = useMemo(() => new Map(tenantItems.map((item) => [item.slug, item.name])), [tenantItems])
  const tenantName = useCallback((slug: string) => tenantNames.get(slug) ?? slug, [tenantNames])
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = logs
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage()
  }, [hasNextPage, isFetchingNextPage, fetchNextPage])

  // ——— Activity chart ———
  // The chart waits for the first rows: they are what a person came for, and main answers one call at a time.
  const activity = useLogActivity(filters, tenantId, { enabled: ready && logs.isSuccess, buckets: 90 })

  // ——— Live tail ———
  const [paused, setPaused] = useState(false)
  const [atTop, setAtTop] = useState(true)
  const head = entries[0] ? { id: entries[0].id, at: entries[0].at } : null
  let shownAtHead = 0
  for (const entry of entries) {
    if (entry.at !== head?.at) break
    shownAtHead += 1
  }
  const holding = paused || !atTop
  const newer = useNewerCount(filters, tenantId, head, shownAtHead, { enabled: ready && holding && logs.isSuccess })
  const newCount = holding ? (newer.data ?? 0) : 0

  const live = useRef({ paused, atTop, filters, tenantId, newCount })
  useEffect(() => {
    live.current = { paused, atTop, filters, tenantId, newCount }
  })
  // Throttled refreshes, made once; they read the current state from `live` when they run.
  const refreshers = useRef<{ head: () => void; count: () => void; chart: () => void } | null>(null)
  useEffect(() => {
    const head = throttle(() => void refreshNewest(queryClient, live.current.filters, live.current.tenantId, { asked: false }), 600)
    const count = throttle(() => void queryClient.invalidateQueries({ queryKey: [...logKeys.explorer(), 'newer'] }, { cancelRefetch: false }), 600)
    const chart = throttle(() => void queryClient.invalidateQueries({ queryKey: [...logKeys.explorer(), 'activity'] }, { cancelRefetch: false }), 2000)
    refreshers.current = { head, count, chart }
    return () => {
      head.cancel()
      count.cancel()
      chart.cancel()
      refreshers.current = null
    }
  }, [queryClient])
  useApiEvent('logs:appended', (payload) => {
    const current = live.current
    const refresh = refreshers.current
    if (!refresh) return
    if (current.filters.tenant && (!current.tenantId || !payload.tenantIds.includes(current.tenantId))) return
    if (current.paused) {
      refresh.count()
      return
    }
    refresh.chart()
    if (current.atTop) refresh.head()
    else refresh.count()
  })

  const tableRef = useRef<LogsTableHandle>(null)
  const showNewest = useCallback(() => {
    // Scrolled away while live, the scroll back to the top fetches the newest (onAtTopChange); else it is fetched here.
    if (atTop || paused) void refreshNewest(queryClient, filters, tenantId, { asked: true })
    tableRef.current?.scrollToTop()
    // The pill goes once the newest show; focus on it would go nowhere, so the rows it revealed take it.
    tableRef.current?.focus()
  }, [queryClient, filters, tenantId, atTop, paused])
  const onAtTopChange = useCallback(
    (value: boolean) => {
      setAtTop(value)
      // Back at the top while live: show what arrived meanwhile.
      const current = live.current
      if (value && !current.paused && current.newCount > 0) void refreshNewest(queryClient, current.filters, current.tenantId, { asked: true })
    },
    [queryClient]
  )
  const togglePaused = (): void => {
    if (paused && atTop) void refreshNewest(queryClient, filters, tenantId, { asked: true })
    setPaused(!paused)
  }

  // A new filter starts at the top.
  const filterKey = JSON.stringify(filters)
  useEffect(() => {
    tableRef.current?.scrollToTop()
  }, [filterKey])

  // ——— Selection and keyboard ———
  const [activeId, setActiveId] = useState<number | null>(entryId)
  const searchRef = useRef<HTMLInputElement>(null)
  const keyboard = useRef({ entries, activeId, entryId })
  useEffect(() => {
    keyboard.current = { entries, activeId, entryId }
  })
  const open = useCallback(
    (id: number) => {
      setActiveId(id)
      setEntry(id)
    },
    [setEntry]
  )
  // Focus in the drawer, or already nowhere, would go nowhere when it closes: the log's rows, where the request came
  // from, take it.
  const closeEntry = useCallback(() => {
    const focused = document.activeElement
    if (!focused || focused === document.body || focused.closest('[data-log-drawer]')) tableRef.current?.focus()
    setEntry(null)
  }, [setEntry])
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return
      const { entries: rows, activeId: active, entryId: opened } = keyboard.current
      if (event.key === 'Escape' && opened !== null && !belongsElsewhere(event.target)) {
        event.preventDefault()
        closeEntry()
        return
      }
      if (belongsElsewhere(event.target)) return
      if (event.key === '/') {
        event.preventDefault()
        searchRef.current?.focus()
        searchRef.current?.select()
        return
      }
      const down = event.key === 'ArrowDown' || event.key === 'j'
      const up = event.key === 'ArrowUp' || event.key === 'k'
      if ((down || up) && rows.length > 0) {
        event.preventDefault()
        const index = rows.findIndex((row) => row.id === active)
        const nextIndex = index === -1 ? 0 : Math.min(rows.length - 1, Math.max(0, index + (down ? 1 : -1)))
        const next = rows[nextIndex]
        if (!next) return
        setActiveId(next.id)
        tableRef.current?.revealIndex(nextIndex)
        if (opened !== null) setEntry(next.id)
        return
      }
      if (event.key === 'Enter' && active !== null) {
        const interactive = event.target instanceof HTMLElement && event.target.closest('button, a, [role="button"]') !== null
        if (interactive) return
        event.preventDefault()
        setEntry(active)
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [setEntry, closeEntry])

  // ——— Export ———
  const exportLog = useExportLog()
  const runExport = (format: 'csv' | 'ndjson'): void => {
    // Without the tenant's id the query would name no tenant, and the file would hold every tenant's requests.
    if (!ready) return
    exportLog.mutate(
      { query: toLogQuery(filters, tenantId, Date.now()), format },
      {
        onSuccess: (result) => {
          if (!result) return
          notifications.show({
            color: 'teal',
            title: `Exported ${plural(result.count, 'request')}`,
            message: <span className="mono">{result.path}</span>,
            autoClose: 8000,
            closeButtonProps: dismiss
          })
        },
        onError: (error) => notifications.show({ color: 'red', title: 'Could not export the log', message: errorMessage(error), closeButtonProps: dismiss })
      }
    )
  }

  const filterLinkFor = useCallback((entry: LogEntryDetail) => {
    const recorded = entry.targetName ?? entry.targetId
    if (recorded) return logsHref({ tenant: entry.tenantSlug, target: recorded })
    // Refused before it was routed, the request has no recorded target; its path still names the user.
    const named = nameFromPath(entry.path)
    return named ? logsHref({ tenant: entry.tenantSlug, search: named }) : null
  }, [])

  // ——— States ———
  const empty = filtered ? (
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
        <Button variant="default" onClick={clear}>
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

  // An empty log has nothing to chart; the empty state says what to do instead.
  const logEmpty = !filtered && logs.isSuccess && total === 0
  const totalText = total > logTotalCap ? `${formatCount(logTotalCap)}+` : formatCount(total)

  return (
    <div className={classes.page} data-compact={compact || undefined}>
      <PageHeader
        title="Provisioning log"
        description="Every SCIM request Okta or Entra made and every directory change made here, newest first: what was sent, what we answered, and why it failed."
        compact={compact}
        actions={
          <>
            <TimeRangePicker filters={filters} onChange={(choice) => update(rangePatch(choice))} />
            <Tooltip label={paused ? 'Resume: show new requests as Okta or Entra makes them' : 'New requests appear as Okta or Entra makes them. Click to pause.'}>
              <Button
                variant={paused ? 'light' : 'default'}
                color={paused ? 'yellow' : undefined}
                leftSection={paused ? <IconPlayerPlay size={16} aria-hidden /> : <span className={cardClasses.liveDot} data-live aria-hidden />}
                rightSection={paused ? null : <IconPlayerPause size={14} aria-hidden className={classes.pauseIcon} />}
                onClick={togglePaused}
                aria-label={paused ? 'Resume live updates' : 'Pause live updates'}
                aria-pressed={paused}
              >
                {paused ? 'Paused' : 'Live'}
              </Button>
            </Tooltip>
            <Menu position="bottom-end" shadow="md" width={260}>
              <Menu.Target>
                <Button
                  variant="default"
                  leftSection={<IconDownload size={16} aria-hidden />}
                  rightSection={<IconChevronDown size={14} aria-hidden />}
                  loading={exportLog.isPending}
                  disabled={!ready}
                >
                  Export
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{filtered ? 'The requests matching these filters' : 'Every request in the log'}</Menu.Label>
                <Menu.Item leftSection={<IconFileSpreadsheet size={16} aria-hidden />} onClick={() => runExport('csv')}>
                  CSV, for a spreadsheet
                </Menu.Item>
                <Menu.Item leftSection={<IconJson size={16} aria-hidden />} onClick={() => runExport('ndjson')}>
                  NDJSON, one request a line
                </Menu.Item>
                <Menu.Divider />
                <Text size="xs" c="dimmed" px="sm" py={4}>
                  API tokens stay redacted.
                </Text>
              </Menu.Dropdown>
            </Menu>
          </>
        }
      />
      <LogFilterBar filters={filters} tenants={tenantItems} compact={compact} onChange={update} onClear={clear} onLeave={() => tableRef.current?.focus()} searchRef={searchRef} />
      {unknownTenant ? (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} aria-hidden />}>
          There is no tenant with the slug <span className="mono">{filters.tenant}</span>.{' '}
          <Link to={logsHref({ ...filters, tenant: null })}>Show all tenants</Link>
        </Alert>
      ) : null}
      {logEmpty || unknownTenant ? null : (
        <ActivityCard
          filters={filters}
          tenantName={tenant?.name ?? null}
          activity={activity}
          shown={chartShown}
          onToggle={() => setChartChoice(!chartShown)}
          onSelect={(since, until) => update(withCustomRange(filters, since, until))}
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
          hasMore={Boolean(hasNextPage)}
          loadingMore={isFetchingNextPage}
          onLoadMore={loadMore}
          tenantName={tenantName}
          empty={empty}
          activeId={activeId}
          openId={entryId}
          onRowClick={(entry) => open(entry.id)}
          onAtTopChange={onAtTopChange}
          overlay={
            newCount > 0 ? (
              <Button
                className={classes.newPill}
                radius="xl"
                size="xs"
                leftSection={<IconArrowUp size={14} aria-hidden />}
                onClick={showNewest}
                data-testid="new-entries-pill"
              >
                {newCount > logTotalCap ? `${formatCount(logTotalCap)}+` : formatCount(newCount)} new
              </Button>
            ) : null
          }
          footer={
            <>
              <span className="tabular" aria-live="polite">
                {logs.isPending && !unknownTenant
                  ? 'Loading…'
                  : total === 0
                    ? 'No requests'
                    : `Showing ${formatCount(entries.length)} of ${totalText} ${total === 1 ? 'request' : 'requests'}${isFetchingNextPage ? ' · loading more…' : ''}`}
              </span>
              <span className={classes.hints}>
                <Kbd size="xs">↑</Kbd>
                <Kbd size="xs">↓</Kbd> move <Kbd size="xs">Enter</Kbd> open <Kbd size="xs">/</Kbd> search
              </span>
              <span className={cardClasses.live} data-paused={paused || undefined}>
                <span className={cardClasses.liveDot} data-live={!paused || undefined} aria-hidden />
                {paused ? 'Paused: new requests wait until you resume' : 'Live'}
              </span>
            </>
          }
        />
      )}
      <LogDetailDrawer
        id={entryId}
        onClose={closeEntry}
        onJump={open}
        tenantName={tenantName}
        filterLinkFor={filterLinkFor}
      />
    </div>
  )
}

/**
 * The thin activity chart over the table: the filters' requests by outcome; a click narrows to one bar. Hidden, it
 * folds to its heading line, which keeps the totals by outcome.
 */
function ActivityCard({
  filters,
  tenantName,
  activity,
  shown,
  onToggle,
  onSelect
}: {
  filters: LogFilters
  tenantName: string | null
  activity: ReturnType<typeof useLogActivity>
  shown: boolean
  onToggle: () => void
  onSelect: (since: number, until: number) => void
}) {
  const chartId = useId()
  const buckets = activity.data
  const size = bucketSize(buckets ?? [])
  const chosen = Boolean(filters.range || filters.since || filters.until)
  const range = chosen ? rangeLabel(filters) : 'Last 24 hours'
  // In a narrow window the legend says "429" rather than "429 throttled", so that the heading keeps one line.
  const { ref: cardRef, width } = useElementSize()
  const compact = width > 0 && width < 900
  return (
    <Paper ref={cardRef} withBorder radius="md" className={classes.chartCard} data-folded={shown ? undefined : true}>
      <Group justify="space-between" gap="sm" wrap="nowrap">
        <Group gap={8} wrap="nowrap" miw={0}>
          <Text size="sm" fw={600} className={classes.nowrap}>
            {/* Folded, there are no bars: the totals are the range's. */}
            {shown ? `Requests ${bucketPhrase(size)}` : 'Requests'}
          </Text>
          <Text size="xs" c="dimmed" truncate title={`${range}${tenantName ? ` · ${tenantName}` : ' · all tenants'}`}>
            {range}
            {tenantName ? ` · ${tenantName}` : ' · all tenants'}
            {/* The chart splits by outcome itself; say so when the table shows only some. */}
            {filters.outcome === 'all' ? '' : ' · every outcome'}
          </Text>
        </Group>
        <Group gap="sm" wrap="nowrap">
          {buckets ? <ActivityLegend buckets={buckets} compact={compact} /> : null}
          <Tooltip label={shown ? 'Hide the chart' : 'Show the chart'}>
            <ActionIcon variant="subtle" color="gray" size="sm" onClick={onToggle} aria-expanded={shown} aria-controls={shown ? chartId : undefined} aria-label={shown ? 'Hide the activity chart' : 'Show the activity chart'}>
              {shown ? <IconChevronUp size={16} aria-hidden /> : <IconChevronDown size={16} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      {shown ? (
        <div id={chartId} className={classes.chartBody}>
          {activity.isError ? (
            <Text size="xs" c="dimmed" py="md" ta="center">
              The activity chart is unavailable: {errorMessage(activity.error)}
            </Text>
          ) : (
            <ActivityChart
              buckets={buckets}
              loading={activity.isPending}
              height={84}
              label={`Requests ${bucketPhrase(size)}, ${chosen ? rangePhrase(filters) : 'last 24 hours'}, by outcome`}
              onSelect={onSelect}
            />
          )}
        </div>
      ) : null}
    </Paper>
  )
}
