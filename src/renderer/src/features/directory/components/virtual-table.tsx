import { Paper, Table } from '@mantine/core'
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table'
import { useRef, type KeyboardEvent, type ReactNode } from 'react'
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

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, row: T): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      onOpen(row)
    }
  }

  return (
    <Paper ref={cardRef} withBorder radius="md" className={virtual.card}>
      <div ref={scrollRef} className={virtual.scroller}>
        <Table className={virtual.table} aria-label={label} aria-busy={loading} style={{ minWidth }}>
          <FixedTableHead table={table} />
          <VirtualTableBody virtualizer={virtualizer} columnCount={columnCount} loading={loading} skeletonRows={10} empty={empty}>
            {virtualizer.getVirtualItems().map((item) => {
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
          </VirtualTableBody>
        </Table>
      </div>
      <div className={cardClasses.footer}>{footer}</div>
    </Paper>
  )
}
