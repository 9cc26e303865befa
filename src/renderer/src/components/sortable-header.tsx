import { Table, UnstyledButton } from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react'
import { flexRender, type Header } from '@tanstack/react-table'
import { columnAlign } from '../lib/table-meta'
import classes from './sortable-header.module.css'

/** A TanStack Table header cell, sortable by click or keyboard when its column allows it. */
export function SortableHeader<T>({ header }: { header: Header<T, unknown> }) {
  const column = header.column
  const align = columnAlign(column.columnDef.meta)
  const content = header.isPlaceholder ? null : flexRender(column.columnDef.header, header.getContext())
  const width = header.getSize() !== 150 ? header.getSize() : undefined
  if (!column.getCanSort()) {
    return (
      <Table.Th style={{ width, textAlign: align }} className={classes.th}>
        {content}
      </Table.Th>
    )
  }
  const sorted = column.getIsSorted()
  const Icon = sorted === 'asc' ? IconArrowUp : sorted === 'desc' ? IconArrowDown : IconArrowsSort
  return (
    <Table.Th
      style={{ width, textAlign: align }}
      className={classes.th}
      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
    >
      <UnstyledButton onClick={column.getToggleSortingHandler()} className={classes.sortButton} data-align={align} data-sorted={sorted || undefined}>
        {content}
        <Icon size={13} stroke={2} aria-hidden className={classes.sortIcon} />
      </UnstyledButton>
    </Table.Th>
  )
}
