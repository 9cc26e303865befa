import { Badge } from '@mantine/core'
import type { TokenStatus } from '../../../../../shared/models'
import { assertNever } from '../../../../../shared/result'

/** Active green, revoked red, expired grey. */
export function TokenStatusBadge({ status }: { status: TokenStatus }) {
  switch (status) {
    case 'active':
      return <Badge color="green">Active</Badge>
    case 'revoked':
      return <Badge color="red">Revoked</Badge>
    case 'expired':
      return <Badge color="gray">Expired</Badge>
    default:
      return assertNever(status, 'Unknown token status')
  }
}
