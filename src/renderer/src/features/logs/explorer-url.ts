/** The explorer's URL state: its filters and the request open in the drawer live in `#/logs?…`, as links share them. */
import { useCallback, useMemo } from 'react'
import { useLiveSearchParams } from '../../lib/live-search-params'
import { entryParam, noFilters, parseEntryId, parseLogFilters, withFilters, writeLogFilters, type LogFilters } from './log-filters'

/** What the explorer reads from its URL, and the ways it changes it. */
export interface ExplorerUrl {
  readonly filters: LogFilters
  /** The request open in the drawer; null when none is. */
  readonly entryId: number | null
  /** Changes some filters and keeps the others (withFilters). */
  readonly update: (patch: Partial<LogFilters>) => void
  /** Clears every filter, and keeps the open request. */
  readonly clear: () => void
  /** Opens a request in the drawer, or closes it (null). */
  readonly setEntry: (id: number | null) => void
}

/** The filters and the open request, read from and written to the URL. */
export function useExplorerUrl(): ExplorerUrl {
  // Changes go on the address as it is now, not as last rendered (liveSearchParams): quick clicks lose nothing.
  const [params, setParams] = useLiveSearchParams()
  const filters = useMemo(() => parseLogFilters(params), [params])
  const entryId = parseEntryId(params)
  const update = useCallback(
    (patch: Partial<LogFilters>) =>
      setParams((current) => writeLogFilters(withFilters(parseLogFilters(current), patch), current), { replace: true }),
    [setParams]
  )
  const clear = useCallback(() => setParams((current) => writeLogFilters(noFilters, current), { replace: true }), [setParams])
  const setEntry = useCallback(
    (id: number | null) =>
      setParams(
        (next) => {
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
