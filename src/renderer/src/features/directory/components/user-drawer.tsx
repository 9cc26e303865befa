import { Anchor, Avatar, Badge, Button, Group, Stack, Text, Title, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconPencil, IconTrash, IconUserCheck, IconUserOff, IconUsersGroup } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { Link } from 'react-router'
import type { DirectoryUser, DirectoryUserDetail } from '../../../../../shared/models'
import { errorMessage } from '../../../api/client'
import { paths } from '../../../app/paths'
import { CopyField } from '../../../components/copy-field'
import { EmptyValue } from '../../../components/empty-value'
import { RelativeTime } from '../../../components/relative-time'
import { showUndoToast } from '../../../components/undo-toast'
import { formatDateTime, plural } from '../../../lib/format'
import { useCurrentTenant } from '../../tenants/components/tenant-layout'
import { personName } from '../names'
import { useDirectoryWords } from '../directory-words'
import { useDirectoryUser, useSetUserActive } from '../queries'
import { DeleteUserModal } from './delete-modals'
import { DirectoryDrawer, Fact, OpenInLogButton } from './directory-drawer'
import classes from './directory.module.css'
import { HistoryTimeline } from './history-timeline'
import { JsonBlock } from './scim-json'
import { UserStatusBadge } from './status-badge'
import { UserFormModal } from './user-form-modal'

/** A user's detail on the right: profile, groups, the SCIM JSON Okta would GET, and its history from the log. */
export function UserDrawer({ userId, onClose }: { userId: string | null; onClose: () => void }) {
  const tenant = useCurrentTenant()
  const { client } = useDirectoryWords(tenant)
  const user = useDirectoryUser(tenant.id, userId)
  return (
    <DirectoryDrawer
      opened={userId !== null}
      onClose={onClose}
      query={user}
      kind="user"
      goneDetail={`It was deleted, here or over SCIM. ${client} gets 404 Not Found if it still tries to update it.`}
      skeleton={[48, 120, 200]}
      title={(data) => <UserTitle user={data} />}
    >
      {(data) => <UserDetail user={data} />}
    </DirectoryDrawer>
  )
}

function UserTitle({ user }: { user: DirectoryUser }) {
  const name = personName(user)
  return (
    <Group gap="md" wrap="nowrap" className={classes.drawerTitle}>
      <Avatar name={name} size={44} radius="xl" color="gray" variant="light" aria-hidden />
      <Stack gap={2} miw={0} style={{ flex: 1 }}>
        <Group gap="xs" wrap="nowrap">
          <Title order={2} component="span" lineClamp={1} miw={0} title={name}>
            {name}
          </Title>
          <UserStatusBadge active={user.active} />
        </Group>
        <Text size="sm" className="mono" c="dimmed" truncate fw={400}>
          {user.userName}
        </Text>
      </Stack>
    </Group>
  )
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <Text span size="sm" c="dimmed">
      {children}
    </Text>
  )
}

function UserDetail({ user }: { user: DirectoryUserDetail }) {
  const tenant = useCurrentTenant()
  const words = useDirectoryWords(tenant)
  const setActive = useSetUserActive(tenant.id)
  const [editing, setEditing] = useState(false)
  const [deleting, setDeleting] = useState(false)

  const toggleActive = (target: DirectoryUser, active: boolean, undoable = true): void => {
    setActive.mutate(
      { id: target.id, active },
      {
        onSuccess: (updated) => {
          const id = `user-active-${updated.id}`
          const title = active ? 'User reactivated' : 'User deactivated'
          const message = `${updated.userName} is ${active ? 'active again' : 'deactivated'}, as if ${words.client} had sent ${active ? 'active=true' : 'active=false'}.`
          const color = active ? 'green' : 'gray'
          if (undoable) showUndoToast({ id, color, title, message, onUndo: () => toggleActive(updated, !active, false) })
          else notifications.show({ id, autoClose: 4000, color, title, message, closeButtonProps: { 'aria-label': 'Dismiss notification' } })
        },
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Could not change the user', message: errorMessage(error), closeButtonProps: { 'aria-label': 'Dismiss notification' } })
      }
    )
  }

  return (
    <Stack gap="lg">
      <Group gap="xs">
        <Button size="xs" variant="default" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing(true)}>
          Edit
        </Button>
        {/* One button that changes its word, never disabled while it saves: focus stays on it, and pressing it again
            undoes the change, as the toast's Undo and its Ctrl+Z do. */}
        <Button
          size="xs"
          variant="default"
          leftSection={user.active ? <IconUserOff size={14} aria-hidden /> : <IconUserCheck size={14} aria-hidden />}
          aria-busy={setActive.isPending}
          onClick={() => {
            if (!setActive.isPending) toggleActive(user, !user.active)
          }}
        >
          {user.active ? 'Deactivate' : 'Reactivate'}
        </Button>
        <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => setDeleting(true)}>
          Delete
        </Button>
        <OpenInLogButton tenantSlug={tenant.slug} target={user.userName} />
      </Group>

      <Stack gap={8}>
        <Text className={classes.sectionTitle}>Profile</Text>
        <dl className={classes.facts}>
          <Fact label="Username">
            <span className="mono">{user.userName}</span>
          </Fact>
          {/* Two facts, as SCIM and Okta's profile keep them: which part comes first in a full name depends on the language. */}
          <Fact label="Given name">{user.givenName || <EmptyValue />}</Fact>
          <Fact label="Family name">{user.familyName || <EmptyValue />}</Fact>
          <Fact label="Primary email">{user.email ? <span className="mono">{user.email}</span> : <EmptyValue />}</Fact>
          <Fact label={words.userIdLabel}>
            {user.externalId ? (
              <Tooltip label={words.userIdHint}>
                <span className="mono">{user.externalId}</span>
              </Tooltip>
            ) : (
              <Empty>None: not created by {words.client}</Empty>
            )}
          </Fact>
          <Fact label="Created">
            <Tooltip label={formatDateTime(user.createdAt)}>
              <span>
                <RelativeTime value={user.createdAt} />
              </span>
            </Tooltip>
          </Fact>
          <Fact label="Last updated">
            <RelativeTime value={user.updatedAt} />
          </Fact>
        </dl>
        <Text size="xs" c="dimmed" fw={600} mt={4}>
          SCIM id (what {words.client} stores to address this user)
        </Text>
        <CopyField value={user.id} label="SCIM id" testId="user-scim-id" />
      </Stack>

      <Stack gap={8}>
        <Text className={classes.sectionTitle}>Groups</Text>
        {user.groups.length === 0 ? (
          <Text size="sm" c="dimmed">
            {words.notInGroup}
          </Text>
        ) : (
          <Group gap={6}>
            {user.groups.map((group) => (
              <Badge
                key={group.id}
                component={Link}
                to={paths.tenantGroups(tenant.slug, { group: group.id })}
                variant="default"
                size="lg"
                radius="sm"
                leftSection={<IconUsersGroup size={13} aria-hidden />}
                style={{ cursor: 'pointer', fontWeight: 500 }}
              >
                {group.displayName}
              </Badge>
            ))}
          </Group>
        )}
      </Stack>

      <Stack gap={8}>
        <Group justify="space-between">
          <Text className={classes.sectionTitle}>History</Text>
          <Text size="xs" c="dimmed">
            {user.history.length > 0 ? `${plural(user.history.length, 'entry', 'entries')}, newest first` : null}
          </Text>
        </Group>
        {user.history.length === 0 ? (
          <Text size="sm" c="dimmed">
            The provisioning log holds nothing about this user yet.{' '}
            <Anchor component={Link} to={paths.tenantDemo(tenant.slug)} size="sm" underline="always">
              Run the {words.demo}
            </Anchor>{' '}
            to see {words.client}&apos;s side.
          </Text>
        ) : (
          <HistoryTimeline entries={user.history} label={`History of ${user.userName}`} />
        )}
      </Stack>

      <Stack gap={8}>
        <Text className={classes.sectionTitle}>SCIM JSON</Text>
        <JsonBlock value={user.scim} title={`GET /Users/${user.id}`} copyLabel="Copy SCIM JSON" testId="user-scim-json" />
      </Stack>

      <UserFormModal tenant={tenant} user={user} opened={editing} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      <DeleteUserModal tenant={tenant} user={deleting ? user : null} onClose={() => setDeleting(false)} />
    </Stack>
  )
}
