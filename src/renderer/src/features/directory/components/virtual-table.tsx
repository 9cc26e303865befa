import { Paper, Table } from '@mantine/core'
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table'
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { FixedTableHead } from '../../../components/fixed-table-head'
import { useVirtualRows, VirtualTableBody } from '../../../components/virtual-rows'
import { columnAlign, useColumnsThatFit } from '../../../lib/table-meta'
import cardClasses from '../../../components/table-card.module.css'
import virtual from '../../../components/virtual-table.module.css'
import classes from './directory.module.css'

const rowHeight = 41

/**
 * A directory table: TanStack Table for the columns, TanStack Virtual for the rows, so that a tenant with
 * tens of thousands of users scrolls as lightly as one with ten. The next page loads as the end comes into view.
 * Columns with `meta.hideBelow` hide when the table is narrower, so that a small window keeps the main column readable.
 */
export function VirtualTable<T extends { readonly id: string }>({
  label,
  rows: data,
  columns,
  loading,
  hasMore,
  loadingMore,
  onLoadMore,
  onOpen,
  selectedId,
  empty,
  footer,
  minWidth = 600
}: {
  label: string
  rows: readonly T[]
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column value types differ per column
  columns: ColumnDef<T, any>[]
  loading: boolean
  hasMore: boolean
  loadingMore: boolean
  onLoadMore: () => void
  onOpen: (row: T) => void
  selectedId: string | null
  empty: ReactNode
  footer: ReactNode
  minWidth?: number
}) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const { ref: cardRef, columnVisibility } = useColumnsThatFit(columns)
  const table = useReactTable({ data: data as T[], columns, state: { columnVisibility }, getCoreRowModel: getCoreRowModel(), getRowId: (row) => row.id })
  const rows = table.getRowModel().rows
  const virtualizer = useVirtualRows({ count: rows.length, scrollRef, rowHeight, overscan: 10, loadAhead: 20, hasMore, loadingMore, onLoadMore })
  const columnCount = table.getVisibleLeafColumns().length

  // One Tab stop for the whole table, as in a listbox: the row last moved to (else the open one, else the first), and
  // the arrow keys move between rows. Hundreds of rows are not hundreds of Tab presses.
  const [cursorId, setCursorId] = useState<string | null>(null)
  const items = virtualizer.getVirtualItems()
  const indexOf = (id: string | null): number => (id === null ? -1 : rows.findIndex((row) => row.id === id))
  const cursorIndex = indexOf(cursorId) !== -1 ? indexOf(cursorId) : Math.max(0, indexOf(selectedId))
  // Scrolled out of view, the cursor row is not drawn; the first row drawn keeps the table in the Tab order.
  const tabStop = items.some((item) => item.index === cursorIndex) ? cursorIndex : (items[0]?.index ?? 0)
  const focusAfterRender = useRef<number | null>(null)
  useEffect(() => {
    const index = focusAfterRender.current
    if (index === null) return
    const element = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${index}"]`)
    if (element) {
      focusAfterRender.current = null
      element.focus({ preventScroll: true })
    }
  })

  // Focus that would go nowhere stays in the table: when the open row's drawer closes and cannot give focus back (it
  // was opened from the command palette, say), the open row takes it, else the row now where a deleted one was (from
  // its drawer, or by Okta), else the table's Tab stop. Checked a little later: a drawer gives focus back 10 ms after
  // it closes, and a deleted row leaves the list after the dialog that deleted it has closed.
  const focusedRow = useRef<{ id: string; index: number } | null>(null)
  // The open row and where it was last seen: deleted from its drawer, it may leave the list before the drawer closes
  // (the list is read again as the delete is answered, the drawer closes after its dialog), and its place still counts.
  const openRow = useRef<{ id: string | null; index: number }>({ id: selectedId, index: -1 })
  useEffect(() => {
    const previous = openRow.current
    const closed = previous.id !== null && selectedId === null ? previous : null
    const selectedIndex = selectedId === null ? -1 : rows.findIndex((row) => row.id === selectedId)
    openRow.current = { id: selectedId, index: selectedIndex !== -1 || selectedId !== previous.id ? selectedIndex : previous.index }
    const was = focusedRow.current
    const gone = was !== null && !rows.some((row) => row.id === was.id)
    if (gone) focusedRow.current = null
    if (closed === null && !gone) return
    const closedIndex = closed === null ? -1 : rows.findIndex((row) => row.id === closed.id)
    // Else the row now in the place of the row that went: the open one's last place, or the focused one's.
    const place = closed !== null && closed.index !== -1 ? closed.index : was && gone ? was.index : -1
    const index = closedIndex !== -1 ? closedIndex : place === -1 ? -1 : Math.min(place, rows.length - 1)
    window.setTimeout(() => {
      if (document.activeElement !== document.body) return
      const scroller = scrollRef.current
      const target = scroller?.querySelector<HTMLElement>(`tr[data-index="${index}"]`) ?? scroller?.querySelector<HTMLElement>('tr[tabindex="0"]')
      target?.focus({ preventScroll: true })
    }, 50)
  }, [rows, selectedId])

  const moveTo = (index: number): void => {
    const row = rows[index]
    if (!row) return
    setCursorId(row.id)
    virtualizer.scrollToIndex(index)
    focusAfterRender.current = index
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number, row: T): void => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight) / rowHeight) - 1)
    const last = rows.length - 1
    const steps: Readonly<Record<string, number>> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -rows.length, End: rows.length }
    const step = steps[event.key]
    if (step !== undefined) {
      event.preventDefault()
      moveTo(Math.min(last, Math.max(0, index + step)))
      return
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      setCursorId(row.id)
      onOpen(row)
    }
  }

  return (
    <Paper ref={cardRef} withBorder radius="md" className={virtual.card}>
      <div ref={scrollRef} className={virtual.scroller}>
        <Table className={virtual.table} aria-label={label} aria-busy={loading} style={{ minWidth }}>
          <FixedTableHead table={table} />
          <VirtualTableBody virtualizer={virtualizer} columnCount={columnCount} loading={loading} skeletonRows={10} empty={empty}>
            {items.map((item) => {
              const row = rows[item.index]
              if (!row) return null
              return (
                <Table.Tr
                  key={row.id}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className={classes.row}
                  data-selected={row.id === selectedId || undefined}
                  tabIndex={item.index === tabStop ? 0 : -1}
                  onClick={() => {
                    setCursorId(row.id)
                    onOpen(row.original)
                  }}
                  onFocus={() => {
                    setCursorId(row.id)
                    focusedRow.current = { id: row.id, index: item.index }
                  }}
                  onKeyDown={(event) => onKeyDown(event, item.index, row.original)}
                >
                  {row.getVisibleCells().map((cell) => (
                    <Table.Td key={cell.id} style={{ textAlign: columnAlign(cell.column.columnDef.meta) }}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </Table.Td>
                  ))}
                </Table.Tr>
              )
            })}
          </VirtualTableBody>
        </Table>
      </div>
      <div className={cardClasses.footer}>{footer}</div>
    </Paper>
  )
}
