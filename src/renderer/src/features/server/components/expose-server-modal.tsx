import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useShownWhileClosing } from '../../../components/danger-confirm'

/** What main said about listening beyond this computer, and on which address. */
export interface ExposureRequest {
  readonly host: string
  readonly warning: string
}

/**
 * Confirms listening beyond this computer. Main refuses it without an explicit yes and explains the risk; this shows
 * that explanation in main's own words, then sends the same change again with the confirmation.
 */
export function ExposeServerModal({
  request,
  pending,
  onCancel,
  onConfirm
}: {
  request: ExposureRequest | null
  pending: boolean
  onCancel: () => void
  onConfirm: () => void
}) {
  const shown = useShownWhileClosing(request)
  const everywhere = shown?.host === '0.0.0.0' || shown?.host === '::'
  return (
    <Modal opened={request !== null} onClose={onCancel} title="Open the SCIM server to the network?" size="lg">
      {shown ? (
        <Stack gap="md">
          <Text size="sm">
            SCIM Console will listen on{' '}
            <Text span className="mono" fw={600} inherit>
              {shown.host}
            </Text>
            {everywhere ? ', every network this computer is connected to.' : ', an address other computers can reach.'}
          </Text>
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title="Anyone on that network can call it">
            <Text size="sm">{shown.warning}</Text>
          </Alert>
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onCancel} data-autofocus>
              Keep this computer only
            </Button>
            <Button color="red" loading={pending} onClick={onConfirm}>
              Listen on {shown.host}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  )
}
