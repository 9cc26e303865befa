/** The log's rows, virtualised: only the rows in view are in the DOM, however long the log. */
import { Paper, Table, Tooltip, VisuallyHidden } from '@mantine/core'
import { IconDeviceDesktop, IconFlask } from '@tabler/icons-react'
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table'
import { useCallback, useImperativeHandle, useMemo, useRef, type ReactNode, type Ref } from 'react'
import { madeInConsole, type LogEntrySummary } from '../../../../../shared/models'
import { FixedTableHead } from '../../../components/fixed-table-head'
import { IdText } from '../../../components/id-text'
import { useVirtualRows, VirtualTableBody } from '../../../components/virtual-rows'
import { formatDateTime, formatDuration, formatLogTime } from '../../../lib/format'
import { columnAlign, useColumnsThatFit } from '../../../lib/table-meta'
import { useNow } from '../../../lib/use-now'
import { clientLabel, formatAgo, pathInTenant, shortRequestPath, statusClass, targetText } from '../log-format'
import { consoleChangeName, entryOperationLabel } from '../operation-labels'
import { statusColor, statusReason } from './http-status-badge'
import { RequestPath } from './request-path'
import cardClasses from '../../../components/table-card.module.css'
import virtual from '../../../components/virtual-table.module.css'
import classes from './logs-page.module.css'

/** Every row has this height, so that keyboard moves and scrolling can compute positions exactly. */
export const logRowHeight = 36
const headerHeight = 34

/** What the page may ask of the table. */
export interface LogsTableHandle {
  /** Scrolls just enough to show the row at `index` below the sticky header. */
  revealIndex: (index: number) => void
  scrollToTop: () => void
  focus: () => void
}

const column = createColumnHelper<LogEntrySummary>()

function Dim({ children }: { children: ReactNode }) {
  return <span className={classes.dim}>{children}</span>
}

/**
 * The columns. In a narrow window the least read hide first (Client, Duration, then Request), so that the user or
 * group and the status, what Support reads, always show. Cells are plain elements styled by the module, not Mantine components: a live, virtualised log
 * re-renders its rows often, and plain spans render several times faster.
 */
function buildColumns(tenantName: (slug: string) => string, now: number) {
  return [
    column.accessor('at', {
      header: 'Time',
      // The clock time, as Okta's tasks and Entra's provisioning logs give theirs, so that Support can match a row to
      // them and order rows at a glance: "14:03:22" today, "12 Mar 14:03:22" on other days.
      size: 126,
      // The date and how long ago on hover, as a title: a tooltip per row costs more than it gives in a long list.
      cell: (info) => (
        <time className={classes.time} dateTime={info.getValue()} title={`${formatDateTime(info.getValue())} · ${formatAgo(info.getValue(), now)}`}>
          {formatLogTime(info.getValue(), now)}
        </time>
      )
    }),
    column.accessor('tenantSlug', {
      header: 'Tenant',
      size: 124,
      cell: (info) => {
        const slug = info.getValue()
        // The column is narrow: the hover gives the whole name, and the slug of the base URL beside it.
        return slug ? <span title={`${tenantName(slug)} · ${slug}`}>{tenantName(slug)}</span> : <Dim>—</Dim>
      }
    }),
    column.accessor('operation', {
      header: 'Operation',
      size: 170,
      // In the words of the client that sent it: Okta's for Okta, Microsoft's for Entra, plain ones for curl.
      cell: (info) => {
        const entry = info.row.original
        if (!madeInConsole(entry)) return <span className={classes.operation}>{entryOperationLabel(entry)}</span>
        // "Deactivated in SCIM Console" is wider than the column: the console's icon says where (as in the drawer and
        // the user's history), the hover and screen readers get the whole label.
        return (
          <span className={classes.operation} title={entryOperationLabel(entry)}>
            <IconDeviceDesktop size={14} className={classes.consoleIcon} aria-hidden />
            {consoleChangeName(entry.operation)}
            <VisuallyHidden component="span"> in SCIM Console</VisuallyHidden>
          </span>
        )
      }
    }),
    column.display({
      id: 'target',
      header: 'User or group',
      meta: { grow: true },
      cell: (info) => {
        const text = targetText(info.row.original)
        // A user Okta reads by id shows the id's end, where ids that start alike differ.
        return text ? <IdText value={text} /> : <Dim>—</Dim>
      }
    }),
    column.display({
      id: 'request',
      header: 'Request',
      // The operation says what the request did, and the drawer shows it whole. While Client is hidden, it shares the
      // room the fixed columns leave with the user or group, half each: at a fixed 200 px a 1280 px window showed an
      // id's last nine characters, which told rows apart but not whose id it was. Once Client shows (a 1440 px window),
      // half would cut a user's email short (katherine.johnson@acme.com), so it keeps 200 px and the email the rest.
      size: 200,
      meta: { grow: { whileHidden: 'client' }, hideBelow: 960 },
      cell: (info) => {
        const entry = info.row.original
        // Cut in the id's middle when short of room, not at the path's end: the id's end tells two users' rows apart.
        // A lookup reads as the live log writes it, by the name looked up (`/Users?…"ada@contoso.com"`), not by Entra's
        // flag that starts each of its queries; the title and the drawer keep the whole path.
        return (
          <div className="mono">
            <RequestPath
              method={
                <span className={classes.method} data-method={entry.method}>
                  {entry.method}
                </span>
              }
              path={shortRequestPath(pathInTenant(entry))}
              title={`${entry.method} ${entry.path}`}
            />
          </div>
        )
      }
    }),
    column.accessor('status', {
      header: 'Status',
      size: 84,
      cell: (info) => {
        const status = info.getValue()
        const reason = statusReason(status)
        return (
          <span className={classes.statusCell}>
            <span className={classes.status} data-color={statusColor(status)} title={reason ? `${status} ${reason}` : undefined} aria-label={reason ? `${status} ${reason}` : undefined}>
              {status}
            </span>
            {info.row.original.injected ? (
              <Tooltip label="Injected fault: made on purpose on the Faults page, not a real failure">
                <IconFlask size={15} className={classes.injected} aria-label="Injected fault" />
              </Tooltip>
            ) : null}
          </span>
        )
      }
    }),
    column.accessor('durationMs', {
      header: 'Duration',
      size: 80,
      meta: { align: 'right', hideBelow: 1040 },
      cell: (info) => <span className={info.getValue() >= 1000 ? classes.slow : undefined}>{formatDuration(info.getValue())}</span>
    }),
    column.accessor('client', {
      header: 'Client',
      // Room for "Microsoft Entra ID" whole.
      size: 140,
      meta: { hideBelow: 1160 },
      cell: (info) => (
        <span className={classes.dim} title={info.getValue() ?? undefined}>
          {clientLabel(info.row.original) ?? '—'}
        </span>
      )
    })
  ]
}

/** The virtualised table of the explorer. */
export function LogsTable({
  ref,
  entries,
  total,
  loading,
  stale,
  hasMore,
  loadingMore,
  onLoadMore,
  tenantName,
  empty,
  activeId,
  openId,
  onRowClick,
  onAtTopChange,
  overlay,
  footer
}: {
  ref?: Ref<LogsTableHandle>
  entries: readonly LogEntrySummary[]
  total: number
  loading: boolean
  /** Showing the previous filter's rows while the new ones load. */
  stale: boolean
  hasMore: boolean
  loadingMore: boolean
  onLoadMore: () => void
  tenantName: (slug: string) => string
  empty: ReactNode
  activeId: number | null
  openId: number | null
  onRowClick: (entry: LogEntrySummary) => void
  onAtTopChange: (atTop: boolean) => void
  /** Floats over the rows: the "12 new" pill. */
  overlay?: ReactNode
  footer: ReactNode
}) {
  const now = useNow(10_000)
  const scrollRef = useRef<HTMLDivElement>(null)
  const columns = useMemo(() => buildColumns(tenantName, now), [tenantName, now])
  const { ref: cardRef, columnVisibility } = useColumnsThatFit(columns)
  const table = useReactTable({
    data: entries as LogEntrySummary[],
    columns,
    state: { columnVisibility },
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => String(row.id)
  })
  const rows = table.getRowModel().rows
  const virtualizer = useVirtualRows({ count: rows.length, scrollRef, rowHeight: logRowHeight, overscan: 8, loadAhead: 60, hasMore, loadingMore, onLoadMore })

  useImperativeHandle(
    ref,
    () => ({
      revealIndex: (index) => {
        const scroller = scrollRef.current
        if (!scroller) return
        const top = headerHeight + index * logRowHeight
        const bottom = top + logRowHeight
        if (top - headerHeight < scroller.scrollTop) scroller.scrollTop = top - headerHeight
        else if (bottom > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = bottom - scroller.clientHeight
      },
      scrollToTop: () => {
        if (scrollRef.current) scrollRef.current.scrollTop = 0
      },
      focus: () => scrollRef.current?.focus({ preventScroll: true })
    }),
    []
  )

  const atTopRef = useRef(true)
  const onScroll = useCallback(() => {
    const atTop = (scrollRef.current?.scrollTop ?? 0) < logRowHeight / 2
    if (atTop !== atTopRef.current) {
      atTopRef.current = atTop
      onAtTopChange(atTop)
    }
  }, [onAtTopChange])

  const columnCount = table.getVisibleLeafColumns().length

  return (
    <Paper ref={cardRef} withBorder radius="md" className={virtual.card}>
      {overlay}
      <div
        ref={scrollRef}
        className={virtual.scroller}
        tabIndex={0}
        role="region"
        aria-label="Provisioning log entries"
        onScroll={onScroll}
        data-testid="log-scroller"
      >
        <Table className={`${virtual.table} ${classes.table}`} aria-label="Provisioning log" aria-rowcount={total + 1} aria-busy={loading} data-stale={stale || undefined}>
          <FixedTableHead table={table} />
          <VirtualTableBody virtualizer={virtualizer} columnCount={columnCount} loading={loading} skeletonRows={14} empty={empty}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index]
              if (!row) return null
              const entry = row.original
              return (
                <tr
                  key={row.id}
                  className={classes.row}
                  aria-rowindex={item.index + 2}
                  aria-current={entry.id === openId ? 'true' : undefined}
                  data-active={entry.id === activeId || undefined}
                  data-open={entry.id === openId || undefined}
                  data-status-class={statusClass(entry.status)}
                  data-entry-id={entry.id}
                  onClick={() => onRowClick(entry)}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} data-align={columnAlign(cell.column.columnDef.meta)}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              )
            })}
          </VirtualTableBody>
        </Table>
      </div>
      <div className={cardClasses.footer}>{footer}</div>
    </Paper>
  )
}
