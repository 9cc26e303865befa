import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useState } from 'react'
import type { TenantSummary, Token } from '../../../../../shared/models'
import { errorMessage } from '../../../api/client'
import { formatTokenPrefix } from '../../../lib/format'
import { useRevokeToken } from '../queries'

/** Confirms a revoke, naming what will happen in Okta. */
export function RevokeTokenModal({
  tenant,
  token,
  onClose,
  onRevoked
}: {
  tenant: TenantSummary
  token: Token | null
  onClose: () => void
  onRevoked: (token: Token) => void
}) {
  const revoke = useRevokeToken()
  // Keep showing the token while the dialog fades out, after the parent has let go of it.
  const [shown, setShown] = useState<Token | null>(token)
  if (token !== null && token !== shown) setShown(token)
  return (
    <Modal
      opened={token !== null}
      onClose={onClose}
      onExitTransitionEnd={() => revoke.reset()}
      title="Revoke API token?"
      size="md"
    >
      {shown ? (
        <Stack gap="md">
          <Text size="sm">
            <Text span fw={600}>
              {shown.label || 'Unlabelled token'}
            </Text>{' '}
            <Text span className="mono" c="dimmed" size="sm">
              ({formatTokenPrefix(shown.prefix)})
            </Text>{' '}
            stops working at once.
          </Text>
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
            Okta will get 401 Unauthorized on its next call, and provisioning for {tenant.name} stops until a new token is pasted into Okta.
          </Alert>
          {revoke.isError ? (
            <Alert color="red" variant="outline" role="alert">
              {errorMessage(revoke.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} data-autofocus>
              Cancel
            </Button>
            <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate(shown.id, { onSuccess: onRevoked })}>
              Revoke token
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  )
}
