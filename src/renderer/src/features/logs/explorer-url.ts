/** The explorer's URL state: its filters and the request open in the drawer live in `#/logs?…`, as links share them. */
import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router'
import { entryParam, noFilters, parseEntryId, parseLogFilters, withFilters, writeLogFilters, type LogFilters } from './log-filters'

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
  const [params, setParams] = useSearchParams()
  const filters = useMemo(() => parseLogFilters(params), [params])
  const entryId = parseEntryId(params)
  const update = useCallback(
    (patch: Partial<LogFilters>) =>
      setParams((rendered) => {
        const current = currentParams(rendered)
        return writeLogFilters(withFilters(parseLogFilters(current), patch), current)
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
