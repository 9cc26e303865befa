/** Column metadata our tables read: alignment, so numbers line up on the right; which column grows; which hide first. */
import { useElementSize } from '@mantine/hooks'
import type { RowData, VisibilityState } from '@tanstack/react-table'
import { useMemo } from 'react'

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the parameters must match TanStack's declaration
  interface ColumnMeta<TData extends RowData, TValue> {
    align?: 'left' | 'right'
    /**
     * A column that takes the width the fixed-size columns leave, shared evenly when more than one does. With
     * `whileHidden`, it does so only while that column is hidden (a narrow table), and keeps its own size once it shows.
     */
    grow?: boolean | { readonly whileHidden: string }
    /**
     * The column hides when its table is narrower than this many pixels, so that in a small window the columns
     * people read keep their room instead of the whole table scrolling sideways. Secondary columns hide first.
     */
    hideBelow?: number
  }
}

/** Whether a column takes a share of the width the fixed-size columns leave (`meta.grow`), given which columns show. */
export function columnGrows(meta: { grow?: boolean | { readonly whileHidden: string } } | undefined, isVisible: (id: string) => boolean): boolean {
  const grow = meta?.grow
  return typeof grow === 'object' ? !isVisible(grow.whileHidden) : grow === true
}

/** CSS text-align for a column's cells. */
export function columnAlign(meta: { align?: 'left' | 'right' } | undefined): 'left' | 'right' | undefined {
  return meta?.align
}

/** A column as `columnsThatFit` reads it: its id (TanStack's, from `id` or `accessorKey`) and its metadata. */
interface SizedColumn {
  readonly id?: string
  readonly accessorKey?: unknown
  readonly meta?: { readonly hideBelow?: number }
}

/**
 * TanStack's column visibility for a table `width` pixels wide: a column with `meta.hideBelow` shows only from that
 * width up. A width of 0 means not yet measured, and shows every column.
 */
export function columnsThatFit(columns: readonly SizedColumn[], width: number): VisibilityState {
  const visibility: VisibilityState = {}
  for (const column of columns) {
    const id = column.id ?? (typeof column.accessorKey === 'string' ? column.accessorKey : undefined)
    const hideBelow = column.meta?.hideBelow
    if (id !== undefined && hideBelow !== undefined) visibility[id] = width === 0 || width >= hideBelow
  }
  return visibility
}

/**
 * Measures a table's card and answers the column visibility that fits it: put `ref` on the card and pass
 * `columnVisibility` in the table's state.
 */
export function useColumnsThatFit(columns: readonly SizedColumn[]) {
  const { ref, width } = useElementSize()
  const columnVisibility = useMemo(() => columnsThatFit(columns, width), [columns, width])
  return { ref, columnVisibility }
}
