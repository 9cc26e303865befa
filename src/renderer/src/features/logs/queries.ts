/** Server state for the provisioning log: one key factory, the queries and mutations, and live invalidation. */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import type { LogQuery } from '../../../../shared/ipc'
import type { LogEntrySummary, LogWriteStatus, Page } from '../../../../shared/models'
import { call, useApiEvent } from '../../api/client'
import { throttle } from '../../lib/throttle'
import { toLogQuery, type LogFilters } from './log-filters'

/**
 * Query keys for the log. The explorer's own queries (`explorer`) are refreshed by the explorer, which knows
 * whether the person is reading at the top, scrolled away, or paused; summaries elsewhere refresh on every push.
 */
export const logKeys = {
  all: ['logs'] as const,
  explorer: () => [...logKeys.all, 'explorer'] as const,
  pages: (filters: LogFilters, tenantId: string | undefined) => [...logKeys.explorer(), 'pages', filters, tenantId ?? null] as const,
  newer: (filters: LogFilters, tenantId: string | undefined, headId: number) => [...logKeys.explorer(), 'newer', filters, tenantId ?? null, headId] as const,
  activity: (filters: LogFilters, tenantId: string | undefined) => [...logKeys.explorer(), 'activity', filters, tenantId ?? null] as const,
  summaries: () => [...logKeys.all, 'summary'] as const,
  recent: (query: LogQuery) => [...logKeys.summaries(), 'list', query] as const,
  health: (tenantId: string) => [...logKeys.summaries(), 'health', tenantId] as const,
  writeStatus: () => [...logKeys.all, 'write-status'] as const,
  details: () => [...logKeys.all, 'detail'] as const,
  deletedTenant: (slug: string) => [...logKeys.all, 'deleted-tenant', slug] as const,
  detail: (id: number) => [...logKeys.details(), id] as const
}

// The first page is small so that rows show at once; later pages are larger so that scrolling rarely waits.
const firstPageSize = 100
const nextPageSize = 300

/** A page of the explorer, with the moment its relative time range was counted from. */
export interface ExplorerPage extends Page<LogEntrySummary> {
  readonly anchor: number
}

type PageParam = { readonly cursor: string; readonly anchor: number } | null

/**
 * The explorer's log, newest first, in keyset pages as the person scrolls. A relative range ("last hour") is
 * counted from when the first page was fetched and kept for the later pages, so that pages line up.
 */
export function useLogPages(filters: LogFilters, tenantId: string | undefined, options: { enabled: boolean }) {
  return useInfiniteQuery({
    queryKey: logKeys.pages(filters, tenantId),
    queryFn: async ({ pageParam }: { pageParam: PageParam }): Promise<ExplorerPage> => {
      const anchor = pageParam?.anchor ?? Date.now()
      const query = toLogQuery(filters, tenantId, anchor)
      const page = await call(
        'logs:list',
        pageParam ? { ...query, limit: nextPageSize, cursor: pageParam.cursor } : { ...query, limit: firstPageSize }
      )
      return { ...page, anchor }
    },
    initialPageParam: null as PageParam,
    getNextPageParam: (last): PageParam => (last.nextCursor ? { cursor: last.nextCursor, anchor: last.anchor } : null),
    placeholderData: keepPreviousData,
    enabled: options.enabled,
    // Live pushes refresh this list while the explorer is open; a refetch on focus would only repeat them. Pushes
    // that came while it was closed were not applied, so opening it again fetches afresh.
    refetchOnWindowFocus: false,
    refetchOnMount: 'always',
    staleTime: Infinity
  })
}

/**
 * Shows the newest entries: keeps only the first page and fetches it again. Cheaper than refetching every page
 * the person scrolled through, and right when they are reading at the top.
 *
 * Live pushes join a fetch already under way (`asked: false`), so that a burst of pushes cannot restart it for ever.
 * A person who asks for the newest (the "N new" pill, Resume, back at the top) gets a fetch that starts now: one
 * under way may have started before the entries the pill counted were written.
 */
export function refreshNewest(
  queryClient: ReturnType<typeof useQueryClient>,
  filters: LogFilters,
  tenantId: string | undefined,
  options: { readonly asked: boolean }
): Promise<void> {
  const key = logKeys.pages(filters, tenantId)
  queryClient.setQueryData<InfiniteData<ExplorerPage, PageParam>>(key, (data) =>
    data && data.pages.length > 1 ? { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) } : data
  )
  return queryClient.invalidateQueries({ queryKey: key, exact: true }, { cancelRefetch: options.asked })
}

/** How many matching entries arrived after `head`, the newest one shown (null when none is): for the "12 new" pill. */
export function useNewerCount(
  filters: LogFilters,
  tenantId: string | undefined,
  head: { readonly id: number; readonly at: string } | null,
  shownAtHead: number,
  options: { enabled: boolean }
) {
  return useQuery({
    queryKey: logKeys.newer(filters, tenantId, head?.id ?? -1),
    queryFn: async (): Promise<number> => {
      const query = toLogQuery(filters, tenantId, Date.now())
      if (!head) return (await call('logs:list', { ...query, limit: 1 })).total
      // Entries served in the same millisecond as the head are matched too; ids tell the new ones apart.
      const since = query.since && query.since > head.at ? query.since : head.at
      const page = await call('logs:list', { ...query, since, limit: 100 })
      const newer = page.items.filter((entry) => entry.id > head.id).length
      return page.nextCursor === null ? newer : Math.max(newer, page.total - shownAtHead)
    },
    enabled: options.enabled,
    staleTime: Infinity,
    refetchOnWindowFocus: false
  })
}

/** The explorer's activity chart: the filters except outcome, over the selected range (the last 24 hours when none). */
export function useLogActivity(filters: LogFilters, tenantId: string | undefined, options: { enabled: boolean; buckets: number }) {
  return useQuery({
    queryKey: [...logKeys.activity(filters, tenantId), options.buckets],
    queryFn: () => {
      const now = Date.now()
      const query = toLogQuery(filters, tenantId, now)
      const since = query.since ?? new Date((query.until ? Date.parse(query.until) : now) - 24 * 60 * 60_000).toISOString()
      return call('logs:activity', { query: { ...query, since, until: query.until ?? new Date(now).toISOString() }, buckets: options.buckets })
    },
    placeholderData: keepPreviousData,
    enabled: options.enabled,
    refetchOnWindowFocus: false,
    refetchOnMount: 'always',
    staleTime: Infinity
  })
}

/** A tenant's requests and failures over the last 24 hours, in half-hour buckets, for its overview. */
export function useTenantHealth(tenantId: string) {
  return useQuery({
    queryKey: logKeys.health(tenantId),
    queryFn: () => {
      const now = Date.now()
      return call('logs:activity', {
        query: { tenantId, since: new Date(now - 24 * 60 * 60_000).toISOString(), until: new Date(now).toISOString() },
        buckets: 48
      })
    },
    placeholderData: keepPreviousData
  })
}

/** The latest few entries matching `query`, for summaries such as a tenant's recent failures. */
export function useRecentLogs(query: LogQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: logKeys.recent(query),
    queryFn: () => call('logs:list', query),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true
  })
}

/** The deleted tenant whose past requests the log holds under `slug`, or null (shared/ipc.ts, logs:deleted-tenant). */
export function useDeletedTenant(slug: string | null, options: { enabled: boolean }) {
  return useQuery({
    queryKey: logKeys.deletedTenant(slug ?? ''),
    queryFn: () => call('logs:deleted-tenant', { slug: slug ?? '' }),
    enabled: options.enabled && Boolean(slug)
  })
}

/** One request in full: headers, bodies, diagnosis, token and the target's timeline. */
export function useLogEntry(id: number | null) {
  return useQuery({
    queryKey: logKeys.detail(id ?? -1),
    queryFn: () => call('logs:get', { id: id ?? -1 }),
    enabled: id !== null
  })
}

/** A cURL command that replays one request, its secrets redacted. */
export function useCurlCommand() {
  return useMutation({ mutationFn: (id: number) => call('logs:curl', { id }) })
}

/** Writes the filtered log through a save dialog; resolves with null when the dialog was cancelled. */
export function useExportLog() {
  return useMutation({
    mutationFn: (input: { query: LogQuery; format: 'csv' | 'ndjson' }) => call('logs:export', input)
  })
}

/** Refreshes the log's summaries (tenant overviews) when main appends entries, at most once a second. */
export function useLogLiveUpdates(): void {
  const queryClient = useQueryClient()
  const refresh = useMemo(
    () => throttle(() => void queryClient.invalidateQueries({ queryKey: logKeys.summaries() }, { cancelRefetch: false }), 1000),
    [queryClient]
  )
  useEffect(() => refresh.cancel, [refresh])
  useApiEvent('logs:appended', refresh)
}

/** Whether the log is being written: asked once, then kept current by main's pushes. */
export function useLogWriteStatus(): LogWriteStatus {
  const queryClient = useQueryClient()
  const status = useQuery({ queryKey: logKeys.writeStatus(), queryFn: () => call('logs:write-status', {}), staleTime: Infinity })
  useApiEvent('logs:write-status', (pushed) => queryClient.setQueryData(logKeys.writeStatus(), pushed))
  return status.data ?? { state: 'ok' }
}
