import { Table } from '@mantine/core'
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual'
import { useEffect, type ReactNode, type RefObject } from 'react'
import { TableSkeletonRows } from './states'
// The card, scroller and table classes that go with these rows are in the same module; pages add their own to them.
import classes from './virtual-table.module.css'

/**
 * The rows of a virtualised table: TanStack Virtual keeps only the rows in view (and `overscan` more) in the DOM, so a
 * list of tens of thousands scrolls as lightly as one of ten. The next page is asked for once the last row in view is
 * within `loadAhead` rows of the end of those loaded.
 */
export function useVirtualRows({
  count,
  scrollRef,
  rowHeight,
  overscan,
  loadAhead,
  hasMore,
  loadingMore,
  onLoadMore
}: {
  count: number
  scrollRef: RefObject<HTMLDivElement | null>
  rowHeight: number
  overscan: number
  loadAhead: number
  hasMore: boolean
  loadingMore: boolean
  onLoadMore: () => void
}): Virtualizer<HTMLDivElement, Element> {
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan
  })
  const lastIndex = virtualizer.getVirtualItems().at(-1)?.index ?? 0

  useEffect(() => {
    if (hasMore && !loadingMore && count > 0 && lastIndex >= count - loadAhead) onLoadMore()
  }, [hasMore, loadingMore, lastIndex, count, loadAhead, onLoadMore])

  return virtualizer
}

// Stands for the rows out of view, above or below, so that the scrollbar is true to the whole list.
function Spacer({ height, columnCount }: { height: number; columnCount: number }) {
  if (height <= 0) return null
  return (
    <tr aria-hidden>
      <td colSpan={columnCount} style={{ height, padding: 0, border: 0 }} />
    </tr>
  )
}

/**
 * The body of a virtualised table: skeleton rows while the first page loads, `empty` across the table when there are
 * no rows, else the rows in view (`children`, drawn by the caller from `virtualizer.getVirtualItems()`) between spacers.
 */
export function VirtualTableBody({
  virtualizer,
  columnCount,
  loading,
  skeletonRows,
  empty,
  children
}: {
  virtualizer: Virtualizer<HTMLDivElement, Element>
  columnCount: number
  loading: boolean
  skeletonRows: number
  empty: ReactNode
  children: ReactNode
}) {
  if (loading) {
    return (
      <Table.Tbody>
        <TableSkeletonRows columns={columnCount} rows={skeletonRows} />
      </Table.Tbody>
    )
  }
  if (virtualizer.options.count === 0) {
    return (
      <Table.Tbody>
        <Table.Tr className={classes.emptyRow}>
          <Table.Td colSpan={columnCount} p={0}>
            {empty}
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    )
  }
  const items = virtualizer.getVirtualItems()
  const paddingTop = items[0]?.start ?? 0
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0
  return (
    <Table.Tbody>
      <Spacer height={paddingTop} columnCount={columnCount} />
      {children}
      <Spacer height={paddingBottom} columnCount={columnCount} />
    </Table.Tbody>
  )
}
