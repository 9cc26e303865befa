import { Badge, Group, Paper, Table, Text, Tooltip } from '@mantine/core'
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, type ReactNode } from 'react'
import type { LogEntrySummary } from '../../../../../shared/models'
import { TableSkeletonRows } from '../../../components/states'
import { formatCount, formatDateTime, formatDuration, formatLogTime } from '../../../lib/format'
import { columnAlign } from '../../../lib/table-meta'
import { useNow } from '../../../lib/use-now'
import { operationLabel } from '../operation-labels'
import { HttpStatusBadge } from './http-status-badge'
import classes from './logs-page.module.css'

const rowHeight = 35

/**
 * `/Users?filter=userName eq "…"`: the path after the tenant's base URL (the Tenant column names the
 * tenant), with the query decoded so that a filter reads as Okta wrote it.
 */
function pathInTenant(entry: LogEntrySummary): string {
  const base = entry.tenantSlug ? `/scim/v2/${entry.tenantSlug}` : null
  const path = base && entry.path.toLowerCase().startsWith(base.toLowerCase()) ? entry.path.slice(base.length) || '/' : entry.path
  try {
    return decodeURIComponent(path.replace(/\+/g, ' '))
  } catch {
    return path
  }
}
const column = createColumnHelper<LogEntrySummary>()

function buildColumns(tenantName: (slug: string) => string, now: number) {
  return [
    column.accessor('at', {
      header: 'Time',
      size: 120,
      cell: (info) => (
        <Tooltip label={formatDateTime(info.getValue())}>
          <Text span size="sm" className="tabular">
            <time dateTime={info.getValue()}>{formatLogTime(info.getValue(), now)}</time>
          </Text>
        </Tooltip>
      )
    }),
    column.accessor('tenantSlug', {
      header: 'Tenant',
      size: 132,
      cell: (info) => {
        const slug = info.getValue()
        return slug ? (
          <Text span size="sm" title={slug}>
            {tenantName(slug)}
          </Text>
        ) : (
          <Text span size="sm" c="dimmed">
            —
          </Text>
        )
      }
    }),
    column.accessor('operation', {
      header: 'Operation',
      meta: { grow: true },
      cell: (info) => {
        const entry = info.row.original
        return (
          <Group gap={6} wrap="nowrap" style={{ overflow: 'hidden' }}>
            <Text span size="sm" fw={500} style={{ flexShrink: 0 }}>
              {operationLabel(info.getValue())}
            </Text>
            {entry.targetName ? (
              <Text span size="sm" c="dimmed" truncate title={entry.targetName}>
                {entry.targetName}
              </Text>
            ) : null}
            {entry.injected ? (
              <Badge size="xs" color="gray" variant="outline" style={{ flexShrink: 0 }}>
                Injected
              </Badge>
            ) : null}
          </Group>
        )
      }
    }),
    column.display({
      id: 'request',
      header: 'Request',
      size: 290,
      cell: (info) => {
        const entry = info.row.original
        return (
          <Text span size="sm" className="mono" title={`${entry.method} ${entry.path}`}>
            <span className={classes.method}>{entry.method}</span>
            {pathInTenant(entry)}
          </Text>
        )
      }
    }),
    column.accessor('status', {
      header: 'Status',
      size: 70,
      cell: (info) => <HttpStatusBadge status={info.getValue()} />
    }),
    column.accessor('durationMs', {
      header: 'Duration',
      size: 80,
      meta: { align: 'right' },
      cell: (info) => (
        <Text span size="sm" c={info.getValue() >= 1000 ? 'orange' : undefined}>
          {formatDuration(info.getValue())}
        </Text>
      )
    }),
    column.accessor('client', {
      header: 'Client',
      size: 150,
      cell: (info) => (
        <Text span size="sm" c="dimmed" title={info.getValue() ?? undefined}>
          {info.getValue() ?? '—'}
        </Text>
      )
    })
  ]
}

/** The log's rows, virtualised: only the rows in view are in the DOM, however long the log. */
export function LogsTable({
  entries,
  total,
  loading,
  hasMore,
  loadingMore,
  onLoadMore,
  tenantName,
  empty
}: {
  entries: readonly LogEntrySummary[]
  total: number
  loading: boolean
  hasMore: boolean
  loadingMore: boolean
  onLoadMore: () => void
  tenantName: (slug: string) => string
  empty: ReactNode
}) {
  const now = useNow(30_000)
  const scrollRef = useRef<HTMLDivElement>(null)
  const table = useReactTable({
    data: entries as LogEntrySummary[],
    columns: buildColumns(tenantName, now),
    getCoreRowModel: getCoreRowModel()
  })
  const rows = table.getRowModel().rows
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.at(-1)?.index ?? 0

  useEffect(() => {
    if (hasMore && !loadingMore && rows.length > 0 && lastIndex >= rows.length - 30) onLoadMore()
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore])

  const paddingTop = items[0]?.start ?? 0
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0
  const columnCount = table.getAllLeafColumns().length

  return (
    <Paper withBorder radius="md" className={classes.tableCard}>
      <div ref={scrollRef} className={classes.scroller} tabIndex={0} role="region" aria-label="Provisioning log entries">
        <Table className={classes.table} aria-label="Provisioning log" aria-rowcount={total + 1} aria-busy={loading} verticalSpacing={6}>
          <colgroup>
            {table.getAllLeafColumns().map((leaf) => (
              <col key={leaf.id} style={leaf.columnDef.meta?.grow ? undefined : { width: leaf.getSize() }} />
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
          <Table.Tbody>
            {loading ? (
              <TableSkeletonRows columns={columnCount} rows={12} />
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
                      aria-rowindex={item.index + 2}
                      data-failed={row.original.status >= 400 || undefined}
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
      <div className={classes.footer}>
        <span className="tabular">
          {loading ? 'Loading…' : `Showing ${formatCount(entries.length)} of ${formatCount(total)} requests${loadingMore ? ' · loading more…' : ''}`}
        </span>
        <span className={classes.live}>
          <span className={classes.liveDot} aria-hidden />
          Live: new requests appear as Okta makes them
        </span>
      </div>
    </Paper>
  )
}
