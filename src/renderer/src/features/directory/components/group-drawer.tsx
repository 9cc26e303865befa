import { Avatar, Button, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core'
import { IconPencil, IconTrash, IconUsersGroup } from '@tabler/icons-react'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import type { DirectoryGroupDetail } from '../../../../../shared/models'
import { paths } from '../../../app/paths'
import { CopyField } from '../../../components/copy-field'
import { EmptyValue } from '../../../components/empty-value'
import { RelativeTime } from '../../../components/relative-time'
import { plural } from '../../../lib/format'
import { useCurrentTenant } from '../../tenants/components/tenant-layout'
import { useDirectoryWords } from '../directory-words'
import { useDirectoryGroup } from '../queries'
import { DeleteGroupModal } from './delete-modals'
import { DirectoryDrawer, Fact, OpenInLogButton } from './directory-drawer'
import classes from './directory.module.css'
import { GroupFormModal } from './group-form-modal'
import { HistoryTimeline } from './history-timeline'
import { JsonBlock } from './scim-json'
import { UserStatusBadge } from './status-badge'

/** A group's detail on the right: members, the SCIM JSON, and its history from the log. */
export function GroupDrawer({ groupId, onClose }: { groupId: string | null; onClose: () => void }) {
  const tenant = useCurrentTenant()
  const group = useDirectoryGroup(tenant.id, groupId)
  return (
    <DirectoryDrawer
      opened={groupId !== null}
      onClose={onClose}
      query={group}
      kind="group"
      goneDetail="It was deleted, here or over SCIM."
      skeleton={[48, 160]}
      title={(data) => <GroupTitle group={data} />}
    >
      {(data) => <GroupDetail group={data} />}
    </DirectoryDrawer>
  )
}

function GroupTitle({ group }: { group: DirectoryGroupDetail }) {
  return (
    <Group gap="md" wrap="nowrap" className={classes.drawerTitle}>
      <Avatar size={44} radius="md" color="gray" variant="light" aria-hidden>
        <IconUsersGroup size={22} />
      </Avatar>
      <Stack gap={2} miw={0}>
        <Title order={2} component="span" lineClamp={1}>
          {group.displayName}
        </Title>
        <Text size="sm" c="dimmed" fw={400}>
          {plural(group.memberCount, 'member')}
        </Text>
      </Stack>
    </Group>
  )
}

function GroupDetail({ group }: { group: DirectoryGroupDetail }) {
  const tenant = useCurrentTenant()
  const words = useDirectoryWords(tenant)
  const navigate = useNavigate()
  const [editing, setEditing] = useState(false)
  const [deleting, setDeleting] = useState(false)
  return (
    <Stack gap="lg">
      <Group gap="xs">
        <Button size="xs" variant="default" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing(true)}>
          Edit name and members
        </Button>
        <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => setDeleting(true)}>
          Delete
        </Button>
        <OpenInLogButton tenantSlug={tenant.slug} target={group.displayName} />
      </Group>

      <Stack gap={8}>
        <Text className={classes.sectionTitle}>Group</Text>
        <dl className={classes.facts}>
          <Fact label={words.groupIdLabel}>
            {group.externalId ? <span className="mono">{group.externalId}</span> : <EmptyValue />}
          </Fact>
          <Fact label={words.groupCreatedLabel}>
            <RelativeTime value={group.createdAt} />
          </Fact>
          <Fact label="Last updated">
            <RelativeTime value={group.updatedAt} />
          </Fact>
        </dl>
        <Text size="xs" c="dimmed" fw={600} mt={4}>
          SCIM id
        </Text>
        <CopyField value={group.id} label="SCIM id" />
      </Stack>

      <Stack gap={8}>
        <Text className={classes.sectionTitle}>Members</Text>
        {group.members.length === 0 ? (
          <Text size="sm" c="dimmed">
            {words.noMembers}
          </Text>
        ) : (
          // A group of hundreds would push its history out of reach: the list scrolls on its own.
          <Paper withBorder radius="md" className={classes.memberScroll}>
            <ul className={classes.memberList} aria-label={`Members of ${group.displayName}`}>
              {group.members.slice(0, 200).map((member) => (
                <li key={member.id}>
                  <UnstyledButton
                    onClick={() => navigate(paths.tenantUsers(tenant.slug, { user: member.id }))}
                    style={{ flex: 1, minWidth: 0 }}
                  >
                    <Text size="sm" className="mono" truncate>
                      {member.userName}
                    </Text>
                  </UnstyledButton>
                  <UserStatusBadge active={member.active} size="xs" />
                </li>
              ))}
            </ul>
            {group.members.length > 200 ? (
              <Text size="xs" c="dimmed" px="sm" py={6}>
                And {plural(group.members.length - 200, 'more member')}.
              </Text>
            ) : null}
          </Paper>
        )}
      </Stack>

      <Stack gap={8}>
        <Text className={classes.sectionTitle}>History</Text>
        {group.history.length === 0 ? (
          <Text size="sm" c="dimmed">
            The provisioning log holds nothing about this group yet.
          </Text>
        ) : (
          <HistoryTimeline entries={group.history} label={`History of ${group.displayName}`} />
        )}
      </Stack>

      <Stack gap={8}>
        <Text className={classes.sectionTitle}>SCIM JSON</Text>
        <JsonBlock value={group.scim} title={`GET /Groups/${group.id}`} copyLabel="Copy SCIM JSON" />
      </Stack>

      <GroupFormModal tenant={tenant} group={group} opened={editing} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      <DeleteGroupModal tenant={tenant} group={deleting ? group : null} onClose={() => setDeleting(false)} />
    </Stack>
  )
}
