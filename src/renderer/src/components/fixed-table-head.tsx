import { Table } from '@mantine/core'
import { flexRender, type Table as TanStackTable } from '@tanstack/react-table'
import { columnAlign, columnGrows } from '../lib/table-meta'

/**
 * The column widths and header row of a virtualised table (the directory's, the log's): fixed widths from the
 * column definitions, so that rows drawn as they scroll into view line up with the header; the columns that grow
 * share the rest.
 * Columns hidden to fit a narrow window have no width here either.
 */
export function FixedTableHead<T>({ table }: { table: TanStackTable<T> }) {
  return (
    <>
      <colgroup>
        {table.getVisibleLeafColumns().map((leaf) => (
          <col
            key={leaf.id}
            style={columnGrows(leaf.columnDef.meta, (id) => table.getColumn(id)?.getIsVisible() ?? false) ? undefined : { width: leaf.getSize() }}
          />
        ))}
      </colgroup>
      <Table.Thead>
        {table.getHeaderGroups().map((group) => (
          <Table.Tr key={group.id}>
            {group.headers.map((header) => (
              <Table.Th key={header.id} style={{ textAlign: columnAlign(header.column.columnDef.meta) }}>
                {flexRender(header.column.columnDef.header, header.getContext())}
              </Table.Th>
            ))}
          </Table.Tr>
        ))}
      </Table.Thead>
    </>
  )
}
