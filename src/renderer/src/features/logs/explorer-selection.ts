/**
 * The explorer's selection and its keyboard: ↑/↓ (or j/k) move the active row, Enter opens it in the drawer, Escape
 * closes the drawer, and / goes to the search.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'
import type { LogEntrySummary } from '../../../../shared/models'
import type { LogsTableHandle } from './components/logs-table'

/** True when a key press belongs to something else: a text field, a menu, a dialog other than the drawer. */
function belongsElsewhere(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target.closest('input, textarea, select, [role="listbox"], [role="menu"], .mantine-Popover-dropdown') !== null) return true
  const dialog = target.closest('[role="dialog"]')
  return dialog !== null && dialog.closest('[data-log-drawer]') === null
}

/**
 * The index of the row one step (`step`, 1 down or -1 up) from the active one, kept within the rows; the first row
 * when no row is active, or the active one is no longer shown. `rows` is not empty.
 */
export function steppedIndex(rows: readonly Pick<LogEntrySummary, 'id'>[], activeId: number | null, step: 1 | -1): number {
  const index = rows.findIndex((row) => row.id === activeId)
  return index === -1 ? 0 : Math.min(rows.length - 1, Math.max(0, index + step))
}

/** The active row and the open request, and the ways the page changes them. */
export interface ExplorerSelection {
  /** The row the arrow keys are on: the open request's, or one moved to with the drawer closed. */
  readonly activeId: number | null
  /** Opens a request in the drawer, its row the active one. */
  readonly open: (id: number) => void
  /** Closes the drawer. */
  readonly closeEntry: () => void
  /** The search box, which / focuses. */
  readonly searchRef: RefObject<HTMLInputElement | null>
}

/** The active row, and the keys that move and open it: they listen on the whole window while the explorer shows. */
export function useExplorerSelection({
  entries,
  entryId,
  setEntry,
  table
}: {
  entries: readonly LogEntrySummary[]
  /** The request open in the drawer (useExplorerUrl). */
  entryId: number | null
  setEntry: (id: number | null) => void
  table: RefObject<LogsTableHandle | null>
}): ExplorerSelection {
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
    if (!focused || focused === document.body || focused.closest('[data-log-drawer]')) table.current?.focus()
    setEntry(null)
  }, [setEntry, table])
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
        const nextIndex = steppedIndex(rows, active, down ? 1 : -1)
        const next = rows[nextIndex]
        if (!next) return
        setActiveId(next.id)
        table.current?.revealIndex(nextIndex)
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
  }, [setEntry, closeEntry, table])

  return { activeId, open, closeEntry, searchRef }
}
