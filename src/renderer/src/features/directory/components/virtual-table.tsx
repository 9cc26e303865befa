import { Paper, Table } from '@mantine/core'
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react'
import { FixedTableHead } from '../../../components/fixed-table-head'
import { TableSkeletonRows } from '../../../components/states'
import { columnAlign } from '../../../lib/table-meta'
import cardClasses from '../../../components/table-card.module.css'
import classes from './directory.module.css'

const rowHeight = 41

/**
 * A directory table: TanStack Table for the columns, TanStack Virtual for the rows, so that a tenant with
 * tens of thousands of users scrolls as lightly as one with ten. The next page loads as the end comes into view.
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
  minWidth = 860
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
  const table = useReactTable({ data: data as T[], columns, getCoreRowModel: getCoreRowModel(), getRowId: (row) => row.id })
  const rows = table.getRowModel().rows
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.at(-1)?.index ?? 0

  useEffect(() => {
    if (hasMore && !loadingMore && rows.length > 0 && lastIndex >= rows.length - 20) onLoadMore()
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore])

  const paddingTop = items[0]?.start ?? 0
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0
  const columnCount = table.getAllLeafColumns().length

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, row: T): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      onOpen(row)
    }
  }

  return (
    <Paper withBorder radius="md" className={classes.tableCard}>
      <div ref={scrollRef} className={classes.scroller}>
        <Table className={classes.table} aria-label={label} aria-busy={loading} style={{ minWidth }}>
          <FixedTableHead table={table} />
          <Table.Tbody>
            {loading ? (
              <TableSkeletonRows columns={columnCount} rows={10} />
            ) : rows.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={columnCount} p={0} style={{ whiteSpace: 'normal' }}>
                  {empty}
                </Table.Td>
              </Table.Tr>
            ) : (
              <>
                {paddingTop > 0 ? (
                  <tr aria-hidden>
                    <td colSpan={columnCount} style={{ height: paddingTop, padding: 0, border: 0 }} />
                  </tr>
                ) : null}
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
                      tabIndex={0}
                      onClick={() => onOpen(row.original)}
                      onKeyDown={(event) => onKeyDown(event, row.original)}
                    >
                      {row.getVisibleCells().map((cell) => (
                        <Table.Td key={cell.id} style={{ textAlign: columnAlign(cell.column.columnDef.meta) }}>
                          {flexRender(cell.column.columnDef.cell, cell.getContext())}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  )
                })}
                {paddingBottom > 0 ? (
                  <tr aria-hidden>
                    <td colSpan={columnCount} style={{ height: paddingBottom, padding: 0, border: 0 }} />
                  </tr>
                ) : null}
              </>
            )}
          </Table.Tbody>
        </Table>
      </div>
      <div className={cardClasses.footer}>{footer}</div>
    </Paper>
  )
}
