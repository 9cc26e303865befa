import { Modal, Text } from '@mantine/core'
import type { TenantSummary, Token } from '../../../../../shared/models'
import { DangerConfirm, useShownWhileClosing } from '../../../components/danger-confirm'
import { formatTokenPrefix } from '../../../lib/format'
import { providerWords, useSetupProvider } from '../../setup/setup-provider'
import { useRevokeToken } from '../queries'
import { revokeConsequence } from '../revoke-consequence'

/** Confirms a revoke, naming what will happen in the tenant's Okta (or Entra). */
export function RevokeTokenModal({
  tenant,
  token,
  tokens,
  returnFocus,
  onClose,
  onRevoked
}: {
  tenant: TenantSummary
  token: Token | null
  /** The tenant's tokens: whether another stays active decides what the revoke stops. */
  tokens: readonly Token[]
  /** Whether focus goes back to the button that opened the dialog when it closes. */
  returnFocus: boolean
  onClose: () => void
  onRevoked: (token: Token) => void
}) {
  const revoke = useRevokeToken()
  const [provider] = useSetupProvider(tenant)
  const { client } = providerWords[provider]
  const shown = useShownWhileClosing(token)
  return (
    <Modal
      opened={token !== null}
      onClose={onClose}
      returnFocus={returnFocus}
      onExitTransitionEnd={() => revoke.reset()}
      title="Revoke API token?"
      size="md"
    >
      {shown ? (
        <DangerConfirm
          consequence={revokeConsequence(shown, tokens, { client, tenant: tenant.name })}
          error={revoke.error}
          pending={revoke.isPending}
          confirmLabel="Revoke token"
          onCancel={onClose}
          onConfirm={() => revoke.mutate({ tenant: tenant.id, tokenId: shown.id }, { onSuccess: onRevoked })}
        >
          <Text span fw={600}>
            {shown.label || 'Unlabelled token'}
          </Text>{' '}
          <Text span className="mono" c="dimmed" size="sm">
            ({formatTokenPrefix(shown.prefix)})
          </Text>{' '}
          stops working at once.
        </DangerConfirm>
      ) : null}
    </Modal>
  )
}
