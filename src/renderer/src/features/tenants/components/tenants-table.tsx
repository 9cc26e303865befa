import { Anchor, Badge, Group, Paper, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type OnChangeFn,
  type SortingState
} from '@tanstack/react-table'
import type { ReactNode } from 'react'
import { Link, useNavigate } from 'react-router'
import type { TenantSummary } from '../../../../../shared/models'
import { paths } from '../../../app/paths'
import { EmptyValue } from '../../../components/empty-value'
import { RelativeTime } from '../../../components/relative-time'
import { SortableHeader } from '../../../components/sortable-header'
import { Sparkline } from '../../../components/sparkline'
import { TableSkeletonRows } from '../../../components/states'
import cardClasses from '../../../components/table-card.module.css'
import { formatCount } from '../../../lib/format'
import { columnAlign, useColumnsThatFit } from '../../../lib/table-meta'
import { contradictingTraffic } from '../../setup/provider-notice'
import { providerWords, useSetupProvider } from '../../setup/setup-provider'
import classes from './tenants-table.module.css'

/** A tenant without an active API token, and whom that stops: its Okta, or its Entra (useSetupProvider). */
function NoActiveToken({ tenant }: { tenant: TenantSummary }) {
  const [provider] = useSetupProvider(tenant)
  return (
    <Tooltip label={`No active API token: ${providerWords[provider].client} cannot provision until one is issued`}>
      <Badge color="yellow" variant="light" leftSection={<IconAlertTriangle size={12} aria-hidden />}>
        None
      </Badge>
    </Tooltip>
  )
}

/**
 * The customer's identity provider, as a CSM set it or else as its traffic says; the empty value while neither does.
 * A provider set that the latest requests contradict is flagged: the guide and the screens speak of the wrong one.
 */
function ProvisionedBy({ tenant }: { tenant: TenantSummary }) {
  const [provider, , known] = useSetupProvider(tenant)
  if (!known) return <EmptyValue label="Not known yet" />
  const traffic = contradictingTraffic(tenant)
  if (traffic === null) return <Text size="sm">{providerWords[provider].label}</Text>
  const why = `Set to ${providerWords[provider].label}, but its latest requests came from ${providerWords[traffic].label}`
  return (
    <Tooltip label={why}>
      <Group gap={6} wrap="nowrap" data-testid="provider-contradicted">
        <Text size="sm">{providerWords[provider].label}</Text>
        <IconAlertTriangle size={15} color="var(--mantine-color-yellow-light-color)" aria-hidden />
        <VisuallyHidden>{`(${why})`}</VisuallyHidden>
      </Group>
    </Tooltip>
  )
}

const column = createColumnHelper<TenantSummary>()

const columns = [
  column.accessor('name', {
    header: 'Name',
    cell: (info) => (
      <Anchor component={Link} to={paths.tenant(info.row.original.slug)} fw={600} size="sm" c="var(--mantine-color-text)" onClick={(event) => event.stopPropagation()}>
        {info.getValue()}
      </Anchor>
    ),
    sortingFn: 'text'
  }),
  column.accessor('slug', {
    header: 'Slug',
    // The slug is in every URL and in the palette; in a narrow window the name and the numbers need the room more.
    meta: { hideBelow: 880 },
    cell: (info) => (
      <Text className="mono" size="sm" c="dimmed">
        {info.getValue()}
      </Text>
    )
  }),
  column.accessor('identityProvider', {
    header: 'Provisioned from',
    // The provider set, else the one its traffic shows, with a flag when they disagree: not sortable.
    enableSorting: false,
    meta: { hideBelow: 1000 },
    cell: (info) => <ProvisionedBy tenant={info.row.original} />
  }),
  column.accessor('userCount', {
    header: 'Users',
    meta: { align: 'right' },
    cell: (info) => formatCount(info.getValue())
  }),
  column.accessor('activeTokenCount', {
    header: 'Active tokens',
    meta: { align: 'right' },
    cell: (info) =>
      info.getValue() > 0 ? (
        formatCount(info.getValue())
      ) : (
        <NoActiveToken tenant={info.row.original} />
      )
  }),
  column.accessor('lastRequestAt', {
    header: 'Last request',
    cell: (info) => <RelativeTime value={info.getValue()} />,
    sortUndefined: 'last',
    sortingFn: (a, b) => Date.parse(a.original.lastRequestAt ?? '0') - Date.parse(b.original.lastRequestAt ?? '0')
  }),
  column.accessor('failuresLastHour', {
    header: 'Failures, last hour',
    meta: { align: 'right' },
    cell: (info) => {
      const failures = info.getValue()
      const tenant = info.row.original
      // Failures as shared/request-outcome.ts counts them; throttles (429) apart, in violet, since the client retries them.
      return (
        <Group gap="sm" justify="flex-end" wrap="nowrap">
          {tenant.throttledLastHour > 0 ? (
            <Tooltip label={`${formatCount(tenant.throttledLastHour)} throttled (429) in the last hour: retried by the client, not failures`}>
              <Badge color="violet" variant="light" size="sm" className="tabular" data-testid="throttled-last-hour">
                {`Throttled ${formatCount(tenant.throttledLastHour)}`}
              </Badge>
            </Tooltip>
          ) : null}
          <Sparkline values={tenant.failureTrend} label={`Failures for ${tenant.name} over the last hour, in five-minute steps`} color={failures > 0 ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-gray-5)'} />
          <Text size="sm" fw={failures > 0 ? 600 : 400} c={failures > 0 ? 'red' : 'dimmed'} w={36} ta="right">
            {formatCount(failures)}
          </Text>
        </Group>
      )
    }
  })
]

/** The tenants table, sortable by any column (the sort is the page's, kept in its URL); a row opens the tenant. */
export function TenantsTable({
  tenants,
  loading,
  empty,
  sorting,
  onSortingChange
}: {
  tenants: readonly TenantSummary[]
  loading: boolean
  empty: ReactNode
  sorting: SortingState
  onSortingChange: OnChangeFn<SortingState>
}) {
  const navigate = useNavigate()
  const { ref: cardRef, columnVisibility } = useColumnsThatFit(columns)
  const table = useReactTable({
    data: tenants as TenantSummary[],
    columns,
    state: { sorting, columnVisibility },
    onSortingChange,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel()
  })
  const rows = table.getRowModel().rows
  const columnCount = table.getVisibleLeafColumns().length

  return (
    <Paper ref={cardRef} withBorder radius="md" className={cardClasses.card}>
      <div style={{ overflowX: 'auto' }}>
        <Table aria-label="Tenants" aria-busy={loading} className={classes.table}>
          <Table.Thead>
            {table.getHeaderGroups().map((group) => (
              <Table.Tr key={group.id}>
                {group.headers.map((header) => (
                  <SortableHeader key={header.id} header={header} />
                ))}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
            {loading ? (
              <TableSkeletonRows columns={columnCount} rows={5} />
            ) : rows.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={columnCount} p={0}>
                  {empty}
                </Table.Td>
              </Table.Tr>
            ) : (
              rows.map((row) => (
                <Table.Tr key={row.id} className={cardClasses.clickableRow} onClick={() => navigate(paths.tenant(row.original.slug))}>
                  {row.getVisibleCells().map((cell) => (
                    <Table.Td
                      key={cell.id}
                      className={cell.column.id === 'name' || cell.column.id === 'slug' ? classes.wrap : classes.fit}
                      style={{ textAlign: columnAlign(cell.column.columnDef.meta) }}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))
            )}
          </Table.Tbody>
        </Table>
      </div>
    </Paper>
  )
}
