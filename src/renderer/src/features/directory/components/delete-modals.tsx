import { Modal, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useSearchParams } from 'react-router'
import type { DirectoryGroup, DirectoryUser, TenantSummary } from '../../../../../shared/models'
import { DangerConfirm, useShownWhileClosing } from '../../../components/danger-confirm'
import { useDeleteGroup, useDeleteUser } from '../queries'

/** Closes the drawer of a thing that no longer exists. */
function useCloseDrawer(key: 'user' | 'group') {
  const [, setParams] = useSearchParams()
  return () =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        next.delete(key)
        return next
      },
      { replace: true }
    )
}

/** Confirms deleting a user, naming what Okta will see. */
export function DeleteUserModal({ tenant, user, onClose }: { tenant: TenantSummary; user: DirectoryUser | null; onClose: () => void }) {
  const remove = useDeleteUser(tenant.id)
  const shown = useShownWhileClosing(user)
  const closeDrawer = useCloseDrawer('user')
  return (
    <Modal opened={user !== null} onClose={onClose} onExitTransitionEnd={() => remove.reset()} title="Delete user?" size="md">
      {shown ? (
        <DangerConfirm
          consequence="Okta will get 404 on its next update for this user, and stops pushing to it until the user is unassigned from the app and assigned again. To take access away the way Okta does, deactivate instead."
          error={remove.error}
          pending={remove.isPending}
          confirmLabel="Delete user"
          onCancel={onClose}
          onConfirm={() =>
            remove.mutate(shown.id, {
              onSuccess: () => {
                onClose()
                closeDrawer()
                notifications.show({
                  color: 'red',
                  title: 'User deleted',
                  closeButtonProps: { 'aria-label': 'Dismiss notification' },
                  message: `${shown.userName} is gone. Okta's next update for it gets 404 Not Found.`
                })
              }
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
  const shown = useShownWhileClosing(group)
  const closeDrawer = useCloseDrawer('group')
  return (
    <Modal opened={group !== null} onClose={onClose} onExitTransitionEnd={() => remove.reset()} title="Delete group?" size="md">
      {shown ? (
        <DangerConfirm
          consequence="Okta will get 404 on its next push for this group. In Okta, unlink the pushed group and push it again to recreate it."
          error={remove.error}
          pending={remove.isPending}
          confirmLabel="Delete group"
          onCancel={onClose}
          onConfirm={() =>
            remove.mutate(shown.id, {
              onSuccess: () => {
                onClose()
                closeDrawer()
                notifications.show({
                  color: 'red',
                  title: 'Group deleted',
                  closeButtonProps: { 'aria-label': 'Dismiss notification' },
                  message: `${shown.displayName} is gone; its users stay.`
                })
              }
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
