import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core'
import { IconAlertTriangle, IconRestore } from '@tabler/icons-react'
import { errorMessage } from '../../../api/client'
import { useRestore } from '../queries'

/**
 * Confirms a restore before the file dialog opens: a restore replaces everything, so the CSM reads what happens first.
 * Main then asks for the backup, keeps the current database as a safety copy, and restarts SCIM Console.
 */
export function RestoreModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const restore = useRestore()
  const restoredFrom = restore.data?.restoredFrom ?? null
  return (
    <Modal
      opened={opened}
      onClose={restore.isPending || restoredFrom ? () => undefined : onClose}
      onExitTransitionEnd={() => restore.reset()}
      title={restoredFrom ? 'Restored' : 'Restore from a backup?'}
      size="lg"
      withCloseButton={!restore.isPending && !restoredFrom}
    >
      {restoredFrom ? (
        <Stack gap="md" role="status">
          <Group gap="sm" wrap="nowrap">
            <Loader size="sm" aria-hidden />
            <Text size="sm">SCIM Console is restarting with the data from the backup.</Text>
          </Group>
          <Text size="sm" c="dimmed" className="mono" style={{ wordBreak: 'break-all' }}>
            {restoredFrom}
          </Text>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text size="sm">
            Restoring replaces all tenants, tokens, users and the log with the backup&apos;s; the current data is kept as a safety copy; SCIM Console
            restarts.
          </Text>
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
            The SCIM server stops while the backup is restored, so Okta&apos;s and Entra&apos;s requests fail for a few seconds. API tokens issued since the backup was
            taken stop working.
          </Alert>
          {restore.isError ? (
            <Alert color="red" variant="outline" role="alert" title="Nothing was restored">
              {errorMessage(restore.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onClose} disabled={restore.isPending} data-autofocus>
              Cancel
            </Button>
            <Button
              color="red"
              leftSection={<IconRestore size={16} aria-hidden />}
              loading={restore.isPending}
              onClick={() =>
                restore.mutate(undefined, {
                  // Null: the file dialog was cancelled, which is a change of mind, not an error.
                  onSuccess: (result) => {
                    if (result === null) onClose()
                  }
                })
              }
            >
              Choose backup and restore
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}
