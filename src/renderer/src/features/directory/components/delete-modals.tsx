import { Modal, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { DirectoryGroup, DirectoryUser, TenantSummary } from '../../../../../shared/models'
import { DangerConfirm, useShownWhileClosing } from '../../../components/danger-confirm'
import { useDirectoryWords } from '../directory-words'
import { useDeleteGroup, useDeleteUser } from '../queries'
import { useLiveSearchParams } from '../../../lib/live-search-params'

/** After a delete: closes the dialog and the drawer of what no longer exists, and says what Okta (or Entra) will see. */
function useDeleted(key: 'user' | 'group', onClose: () => void) {
  const [, setParams] = useLiveSearchParams()
  return (title: string, message: string): void => {
    onClose()
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        next.delete(key)
        return next
      },
      { replace: true }
    )
    notifications.show({ color: 'red', title, message, closeButtonProps: { 'aria-label': 'Dismiss notification' } })
  }
}

/** Confirms deleting a user, naming what Okta will see. */
export function DeleteUserModal({ tenant, user, onClose }: { tenant: TenantSummary; user: DirectoryUser | null; onClose: () => void }) {
  const remove = useDeleteUser(tenant.id)
  const words = useDirectoryWords(tenant)
  const shown = useShownWhileClosing(user)
  const deleted = useDeleted('user', onClose)
  return (
    <Modal opened={user !== null} onClose={onClose} onExitTransitionEnd={() => remove.reset()} title="Delete user?" size="md">
      {shown ? (
        <DangerConfirm
          consequence={words.deleteUser}
          error={remove.error}
          pending={remove.isPending}
          confirmLabel="Delete user"
          onCancel={onClose}
          onConfirm={() =>
            remove.mutate(shown.id, {
              onSuccess: () => deleted('User deleted', `${shown.userName} is gone. ${words.client}'s next update for it gets 404 Not Found.`)
            })
          }
        >
          <Text span fw={600} className="mono" size="sm">
            {shown.userName}
          </Text>{' '}
          is removed from {tenant.name} and from its groups. This cannot be undone.
        </DangerConfirm>
      ) : null}
    </Modal>
  )
}

/** Confirms deleting a group; its users stay. */
export function DeleteGroupModal({ tenant, group, onClose }: { tenant: TenantSummary; group: DirectoryGroup | null; onClose: () => void }) {
  const remove = useDeleteGroup(tenant.id)
  const words = useDirectoryWords(tenant)
  const shown = useShownWhileClosing(group)
  const deleted = useDeleted('group', onClose)
  return (
    <Modal opened={group !== null} onClose={onClose} onExitTransitionEnd={() => remove.reset()} title="Delete group?" size="md">
      {shown ? (
        <DangerConfirm
          consequence={words.deleteGroup}
          error={remove.error}
          pending={remove.isPending}
          confirmLabel="Delete group"
          onCancel={onClose}
          onConfirm={() =>
            remove.mutate(shown.id, {
              onSuccess: () => deleted('Group deleted', `${shown.displayName} is gone; its users stay.`)
            })
          }
        >
          <Text span fw={600} size="sm">
            {shown.displayName}
          </Text>{' '}
          and its memberships are removed from {tenant.name}. Its users stay.
        </DangerConfirm>
      ) : null}
    </Modal>
  )
}
