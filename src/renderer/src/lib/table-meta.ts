/** Column metadata our tables read: alignment, so numbers line up on the right. */
import type { RowData } from '@tanstack/react-table'

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the parameters must match TanStack's declaration
  interface ColumnMeta<TData extends RowData, TValue> {
    align?: 'left' | 'right'
    /** The one column that takes the width the fixed-size columns leave. */
    grow?: boolean
  }
}

/** CSS text-align for a column's cells. */
export function columnAlign(meta: { align?: 'left' | 'right' } | undefined): 'left' | 'right' | undefined {
  return meta?.align
}
