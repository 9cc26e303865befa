import { Avatar, Button, CloseButton, EmptyState, Group, SegmentedControl, Tabs, Text, TextInput, Tooltip } from '@mantine/core'
import { IconKey, IconPlayerPlay, IconPlus, IconSearch, IconUsers, IconUsersGroup } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useCallback, useMemo, useState } from 'react'
import { Link, useNavigate } from 'react-router'
import type { DirectoryGroup, DirectoryUser, TenantSummary } from '../../../../../shared/models'
import { paths } from '../../../app/paths'
import { EmptyValue } from '../../../components/empty-value'
import { PageHeader } from '../../../components/page-header'
import { RelativeTime } from '../../../components/relative-time'
import { ErrorState } from '../../../components/states'
import { formatCount, plural } from '../../../lib/format'
import { useSearchParam } from '../../../lib/use-search-param'
import { useCurrentTenant } from '../../tenants/components/tenant-layout'
import { personName } from '../names'
import { useDirectoryWords, type DirectoryWords } from '../directory-words'
import { useDirectoryGroups, useDirectoryUsers, type DirectoryFilters } from '../queries'
import cardClasses from '../../../components/table-card.module.css'
import classes from './directory.module.css'
import { GroupDrawer } from './group-drawer'
import { GroupFormModal } from './group-form-modal'
import { UserStatusBadge } from './status-badge'
import { UserDrawer } from './user-drawer'
import { UserFormModal } from './user-form-modal'
import { VirtualTable } from './virtual-table'
import { useLiveSearchParams } from '../../../lib/live-search-params'

type StatusFilter = NonNullable<DirectoryFilters['status']>
const statusOptions: ReadonlyArray<{ value: StatusFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Deactivated' }
]

function parseStatus(value: string | null): StatusFilter {
  return statusOptions.find((option) => option.value === value)?.value ?? 'all'
}

/** A user's or group's externalId in its column, the console's empty value when there is none. */
function ExternalIdCell({ value }: { value: string | null }) {
  if (value === null) return <EmptyValue />
  return (
    <Text span size="sm" className="mono" c="dimmed">
      {value}
    </Text>
  )
}

/** A user's groups or a group's members, counted; dimmed at none. */
function CountCell({ value }: { value: number }) {
  return (
    <Text span size="sm" className="tabular" c={value === 0 ? 'dimmed' : undefined}>
      {formatCount(value)}
    </Text>
  )
}

// In a narrow window the secondary columns hide first (IDs, counts, dates), so that the userName, what Support
// reads, keeps its room; the drawer shows everything.
const userColumn = createColumnHelper<DirectoryUser>()
/** The users table's columns; the externalId column is named for the tenant's provider. */
function userColumnsFor(externalIdLabel: string) {
  return [
    userColumn.display({
      id: 'name',
      header: 'Name',
      size: 220,
      cell: (info) => {
        const user = info.row.original
        const name = personName(user)
        return (
          <Group gap={10} wrap="nowrap" className={user.active ? undefined : classes.inactive}>
            <Avatar name={name} size={26} radius="xl" color="gray" variant="light" className={classes.avatar} aria-hidden />
            <Text span size="sm" fw={600} truncate title={name}>
              {name}
            </Text>
          </Group>
        )
      }
    }),
    userColumn.accessor('userName', {
      header: 'Username',
      meta: { grow: true },
      cell: (info) => (
        <Text span size="sm" className="mono" title={info.getValue()}>
          {info.getValue()}
        </Text>
      )
    }),
    userColumn.accessor('externalId', {
      header: externalIdLabel,
      size: 180,
      meta: { hideBelow: 980 },
      cell: (info) => <ExternalIdCell value={info.getValue()} />
    }),
    userColumn.accessor('groupCount', {
      header: 'Groups',
      size: 84,
      meta: { align: 'right', hideBelow: 860 },
      cell: (info) => <CountCell value={info.getValue()} />
    }),
    userColumn.accessor('active', {
      header: 'Status',
      size: 120,
      cell: (info) => <UserStatusBadge active={info.getValue()} />
    }),
    userColumn.accessor('updatedAt', {
      header: 'Last updated',
      size: 130,
      meta: { hideBelow: 720 },
      cell: (info) => <RelativeTime value={info.getValue()} />
    })
  ]
}

const groupColumn = createColumnHelper<DirectoryGroup>()
/** The groups table's columns; the externalId column is named for the tenant's provider. */
function groupColumnsFor(externalIdLabel: string) {
  return [
    groupColumn.accessor('displayName', {
      header: 'Group',
      meta: { grow: true },
      cell: (info) => (
        <Group gap={10} wrap="nowrap">
          <Avatar size={26} radius="md" color="gray" variant="light" className={classes.avatar} aria-hidden>
            <IconUsersGroup size={15} />
          </Avatar>
          <Text span size="sm" fw={600} truncate title={info.getValue()}>
            {info.getValue()}
          </Text>
        </Group>
      )
    }),
    groupColumn.accessor('externalId', {
      header: externalIdLabel,
      size: 200,
      meta: { hideBelow: 900 },
      cell: (info) => <ExternalIdCell value={info.getValue()} />
    }),
    groupColumn.accessor('memberCount', {
      header: 'Members',
      size: 100,
      meta: { align: 'right' },
      cell: (info) => <CountCell value={info.getValue()} />
    }),
    groupColumn.accessor('createdAt', {
      header: 'Pushed',
      size: 130,
      meta: { hideBelow: 800 },
      cell: (info) => <RelativeTime value={info.getValue()} />
    }),
    groupColumn.accessor('updatedAt', {
      header: 'Last updated',
      size: 130,
      cell: (info) => <RelativeTime value={info.getValue()} />
    })
  ]
}

function LiveFooter({ shown, total, noun, loading }: { shown: number; total: number; noun: string; loading: boolean }) {
  const tenant = useCurrentTenant()
  const { client } = useDirectoryWords(tenant)
  return (
    <>
      <span className="tabular">{loading ? 'Loading…' : total === 0 ? `No ${noun}s` : `Showing ${formatCount(shown)} of ${plural(total, noun)}`}</span>
      <span className={cardClasses.live}>
        <span className={cardClasses.liveDot} data-live aria-hidden />
        Live: changes from {client} appear as they happen
      </span>
    </>
  )
}

/** `#/tenants/:slug/directory` and `…/directory/groups`: the users and groups Okta (or Entra) provisioned into a tenant. */
export function DirectoryPage({ view }: { view: 'users' | 'groups' }) {
  const tenant = useCurrentTenant()
  const { client } = useDirectoryWords(tenant)
  const navigate = useNavigate()
  const [params, setParams] = useLiveSearchParams()
  const [search, draft, setDraft] = useSearchParam()
  const status = view === 'users' ? parseStatus(params.get('status')) : 'all'
  const [creating, setCreating] = useState(false)

  const setParam = (key: string, value: string | null): void => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (value && value !== 'all') next.set(key, value)
        else next.delete(key)
        return next
      },
      { replace: key !== 'user' && key !== 'group' }
    )
  }

  const newLabel = view === 'users' ? 'New user' : 'New group'
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
      {newLabel}
    </Button>
  )

  return (
    <div className={classes.page}>
      <PageHeader
        title="Directory"
        description={`The users and groups ${client} provisioned into ${tenant.name}: ${plural(tenant.userCount, 'user')}, ${plural(tenant.groupCount, 'group')}.`}
        actions={newButton}
      />
      <Group justify="space-between" gap="sm">
        <Group gap="sm" wrap="nowrap" className={classes.toolbarStart}>
          <Tabs
            value={view}
            onChange={(value) => navigate(value === 'groups' ? paths.tenantGroups(tenant.slug) : paths.tenantUsers(tenant.slug))}
            variant="pills"
            radius="md"
          >
            <Tabs.List className={classes.tabs}>
              <Tabs.Tab value="users" leftSection={<IconUsers size={15} aria-hidden />}>
                Users <span className={classes.tabCount}>{formatCount(tenant.userCount)}</span>
              </Tabs.Tab>
              <Tabs.Tab value="groups" leftSection={<IconUsersGroup size={15} aria-hidden />}>
                Groups <span className={classes.tabCount}>{formatCount(tenant.groupCount)}</span>
              </Tabs.Tab>
            </Tabs.List>
          </Tabs>
          {/* Short enough to read whole in the smallest window, where the search gives way to the tabs and the status
              filter. It matches the userName too, which Okta and Entra make an email address. */}
          <TextInput
            aria-label={view === 'users' ? 'Search users' : 'Search groups'}
            placeholder={view === 'users' ? 'Name, email or ID' : 'Search by name or ID'}
            leftSection={<IconSearch size={15} aria-hidden />}
            value={draft}
            onChange={(event) => setDraft(event.currentTarget.value)}
            rightSection={draft ? <CloseButton size="sm" aria-label="Clear search" onClick={() => setDraft('')} /> : null}
            className={classes.search}
          />
        </Group>
        {view === 'users' ? (
          <SegmentedControl
            className={classes.statusFilter}
            aria-label="Status"
            data={statusOptions.map((option) => ({ value: option.value, label: option.label }))}
            value={status}
            onChange={(value) => setParam('status', value)}
          />
        ) : null}
      </Group>
      {view === 'users' ? (
        <UsersView
          search={search}
          status={status}
          openId={params.get('user')}
          onOpen={(id) => setParam('user', id)}
          onClearFilters={() => {
            setDraft('')
            setParam('status', null)
          }}
          onCreate={() => setCreating(true)}
        />
      ) : (
        <GroupsView
          search={search}
          openId={params.get('group')}
          onOpen={(id) => setParam('group', id)}
          onClearFilters={() => setDraft('')}
          onCreate={() => setCreating(true)}
        />
      )}
      {view === 'users' ? (
        <UserFormModal
          tenant={tenant}
          user={null}
          opened={creating}
          onClose={() => setCreating(false)}
          onSaved={(user) => {
            setCreating(false)
            setParam('user', user.id)
          }}
        />
      ) : (
        <GroupFormModal
          tenant={tenant}
          group={null}
          opened={creating}
          onClose={() => setCreating(false)}
          onSaved={(group) => {
            setCreating(false)
            setParam('group', group.id)
          }}
        />
      )}
    </div>
  )
}

/**
 * An empty directory's first action: with no API token yet, issuing one comes first (nothing can arrive without it);
 * the demo, which brings a token of its own, goes on working either way.
 */
function FirstSteps({ tenant, words }: { tenant: TenantSummary; words: DirectoryWords }) {
  const demo = (
    <Button
      component={Link}
      to={paths.tenantDemo(tenant.slug)}
      variant={tenant.activeTokenCount === 0 ? 'default' : 'filled'}
      leftSection={<IconPlayerPlay size={16} aria-hidden />}
    >
      Run the {words.demo}
    </Button>
  )
  if (tenant.activeTokenCount > 0) return demo
  return (
    <>
      <Button component={Link} to={`${paths.tenantTokens(tenant.slug)}?issue=1`} leftSection={<IconKey size={16} aria-hidden />}>
        Issue API token
      </Button>
      {demo}
    </>
  )
}

function UsersView({
  search,
  status,
  openId,
  onOpen,
  onClearFilters,
  onCreate
}: {
  search: string
  status: StatusFilter
  openId: string | null
  onOpen: (id: string | null) => void
  onClearFilters: () => void
  onCreate: () => void
}) {
  const tenant = useCurrentTenant()
  const words = useDirectoryWords(tenant)
  const columns = useMemo(() => userColumnsFor(words.userIdLabel), [words.userIdLabel])
  const filters: DirectoryFilters = { ...(search ? { search } : {}), ...(status !== 'all' ? { status } : {}) }
  const users = useDirectoryUsers(tenant.id, filters)
  const rows = useMemo(() => users.data?.pages.flatMap((page) => page.items) ?? [], [users.data])
  const total = users.data?.pages[0]?.total ?? 0
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = users
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage()
  }, [hasNextPage, isFetchingNextPage, fetchNextPage])

  const filtered = Boolean(search) || status !== 'all'
  const empty = filtered ? (
    <EmptyState
      py={56}
      icon={<IconSearch size={24} aria-hidden />}
      withIndicatorBackground
      title={search ? `No users match “${search}”` : status === 'active' ? 'No active users' : 'No deactivated users'}
      description="Search looks at names, usernames, emails and IDs."
    >
      <EmptyState.Actions>
        <Button variant="default" onClick={onClearFilters}>
          Clear filters
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  ) : (
    <EmptyState
      py={64}
      icon={<IconUsers size={26} aria-hidden />}
      variant="light"
      title="No users yet"
      description={tenant.activeTokenCount === 0 ? words.noTokenYet : words.noUsers}
    >
      <EmptyState.Actions>
        <FirstSteps tenant={tenant} words={words} />
        <Button variant="default" onClick={onCreate}>
          New user
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  )

  if (users.isError) return <ErrorState title="Could not load users" error={users.error} onRetry={() => void users.refetch()} />
  return (
    <>
      <VirtualTable
        label="Users"
        rows={rows}
        columns={columns}
        loading={users.isPending}
        hasMore={Boolean(hasNextPage)}
        loadingMore={isFetchingNextPage}
        onLoadMore={loadMore}
        onOpen={(user) => onOpen(user.id)}
        selectedId={openId}
        empty={empty}
        footer={<LiveFooter shown={rows.length} total={total} noun="user" loading={users.isPending} />}
      />
      <UserDrawer userId={openId} onClose={() => onOpen(null)} />
    </>
  )
}

function GroupsView({
  search,
  openId,
  onOpen,
  onClearFilters,
  onCreate
}: {
  search: string
  openId: string | null
  onOpen: (id: string | null) => void
  onClearFilters: () => void
  onCreate: () => void
}) {
  const tenant = useCurrentTenant()
  const words = useDirectoryWords(tenant)
  const columns = useMemo(() => groupColumnsFor(words.groupIdLabel), [words.groupIdLabel])
  const groups = useDirectoryGroups(tenant.id, search ? { search } : {})
  const rows = useMemo(() => groups.data?.pages.flatMap((page) => page.items) ?? [], [groups.data])
  const total = groups.data?.pages[0]?.total ?? 0
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = groups
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage()
  }, [hasNextPage, isFetchingNextPage, fetchNextPage])

  const empty = search ? (
    <EmptyState py={56} icon={<IconSearch size={24} aria-hidden />} withIndicatorBackground title={`No groups match “${search}”`} description="Search looks at group names and IDs.">
      <EmptyState.Actions>
        <Button variant="default" onClick={onClearFilters}>
          Clear search
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  ) : (
    <EmptyState
      py={64}
      icon={<IconUsersGroup size={26} aria-hidden />}
      variant="light"
      title="No groups yet"
      description={tenant.activeTokenCount === 0 ? words.noTokenYet : words.noGroups}
    >
      <EmptyState.Actions>
        <FirstSteps tenant={tenant} words={words} />
        <Tooltip label={words.newGroupHint}>
          <Button variant="default" onClick={onCreate}>
            New group
          </Button>
        </Tooltip>
      </EmptyState.Actions>
    </EmptyState>
  )

  if (groups.isError) return <ErrorState title="Could not load groups" error={groups.error} onRetry={() => void groups.refetch()} />
  return (
    <>
      <VirtualTable
        label="Groups"
        rows={rows}
        columns={columns}
        loading={groups.isPending}
        hasMore={Boolean(hasNextPage)}
        loadingMore={isFetchingNextPage}
        onLoadMore={loadMore}
        onOpen={(group) => onOpen(group.id)}
        selectedId={openId}
        empty={empty}
        footer={<LiveFooter shown={rows.length} total={total} noun="group" loading={groups.isPending} />}
      />
      <GroupDrawer groupId={openId} onClose={() => onOpen(null)} />
    </>
  )
}
