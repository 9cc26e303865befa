/** Server state for the provisioning log. */
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import type { LogQuery } from '../../../../shared/ipc'
import { call, useApiEvent } from '../../api/client'
import { throttle } from '../../lib/throttle'

/** Query keys for the log. */
export const logKeys = {
  all: ['logs'] as const,
  lists: () => [...logKeys.all, 'list'] as const,
  list: (query: LogQuery) => [...logKeys.lists(), query] as const,
  details: () => [...logKeys.all, 'detail'] as const,
  detail: (id: number) => [...logKeys.details(), id] as const
}

const pageSize = 200

/** The log, newest first, a page at a time as the user scrolls. */
export function useLogs(query: Omit<LogQuery, 'cursor' | 'limit'>, options: { enabled?: boolean } = {}) {
  const filters: LogQuery = { ...query, limit: pageSize }
  return useInfiniteQuery({
    queryKey: logKeys.list(filters),
    queryFn: ({ pageParam }) => call('logs:list', pageParam ? { ...filters, cursor: pageParam } : filters),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true
  })
}

/** The latest few entries matching `query`, for summaries such as a tenant's recent failures. */
export function useRecentLogs(query: LogQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: logKeys.list(query),
    queryFn: () => call('logs:list', query),
    enabled: options.enabled ?? true
  })
}

/** One request in full. */
export function useLogEntry(id: number | null) {
  return useQuery({
    queryKey: logKeys.detail(id ?? -1),
    queryFn: () => call('logs:get', { id: id ?? -1 }),
    enabled: id !== null
  })
}

/** Refetches the log's lists when main appends entries, at most once a second. */
export function useLogLiveUpdates(): void {
  const queryClient = useQueryClient()
  const refresh = useMemo(
    () => throttle(() => void queryClient.invalidateQueries({ queryKey: logKeys.lists() }, { cancelRefetch: false }), 1000),
    [queryClient]
  )
  useEffect(() => refresh.cancel, [refresh])
  useApiEvent('logs:appended', refresh)
}
