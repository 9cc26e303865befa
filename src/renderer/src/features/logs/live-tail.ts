/**
 * The explorer's live tail: new requests arrive by push from main. Read at the top, they show at once; paused or
 * scrolled away, they wait behind the "12 new" pill, so that the rows a person is reading do not move.
 */
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'
import type { LogEntrySummary } from '../../../../shared/models'
import { useApiEvent } from '../../api/client'
import { throttle } from '../../lib/throttle'
import type { LogsTableHandle } from './components/logs-table'
import type { LogFilters } from './log-filters'
import { logKeys, refreshNewest, useNewerCount } from './queries'

/**
 * The newest entry shown, and how many of the shown entries share its time. The count of newer requests matches from
 * the head's millisecond on, which takes in these too (useNewerCount leaves them out again).
 */
export function liveHead(entries: readonly Pick<LogEntrySummary, 'id' | 'at'>[]): {
  readonly head: { readonly id: number; readonly at: string } | null
  readonly shownAtHead: number
} {
  const head = entries[0] ? { id: entries[0].id, at: entries[0].at } : null
  let shownAtHead = 0
  for (const entry of entries) {
    if (entry.at !== head?.at) break
    shownAtHead += 1
  }
  return { head, shownAtHead }
}

/** The live tail's state, and what the Live button, the "new" pill and the table do with it. */
export interface LiveTail {
  readonly paused: boolean
  /** How many newer requests wait to be shown; 0 while they show as they arrive. */
  readonly newCount: number
  readonly togglePaused: () => void
  /** Shows the newest requests and takes the reader to them: the "new" pill. */
  readonly showNewest: () => void
  /** The table's scroll reached the top, or left it. */
  readonly onAtTopChange: (atTop: boolean) => void
}

/** Keeps the rows of these filters current as main appends to the log, unless the person is paused or scrolled away. */
export function useLiveTail({
  filters,
  tenantId,
  ready,
  loaded,
  entries,
  table
}: {
  filters: LogFilters
  tenantId: string | undefined
  /** Whether the log may be asked for (useExplorerTenant). */
  ready: boolean
  /** Whether the rows have loaded. */
  loaded: boolean
  entries: readonly LogEntrySummary[]
  table: RefObject<LogsTableHandle | null>
}): LiveTail {
  const queryClient = useQueryClient()
  const [paused, setPaused] = useState(false)
  const [atTop, setAtTop] = useState(true)
  const { head, shownAtHead } = liveHead(entries)
  const holding = paused || !atTop
  const newer = useNewerCount(filters, tenantId, head, shownAtHead, { enabled: ready && holding && loaded })
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

  const showNewest = useCallback(() => {
    // Scrolled away while live, the scroll back to the top fetches the newest (onAtTopChange); else it is fetched here.
    if (atTop || paused) void refreshNewest(queryClient, filters, tenantId, { asked: true })
    table.current?.scrollToTop()
    // The pill goes once the newest show; focus on it would go nowhere, so the rows it revealed take it.
    table.current?.focus()
  }, [queryClient, filters, tenantId, atTop, paused, table])
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

  return { paused, newCount, togglePaused, showNewest, onAtTopChange }
}
