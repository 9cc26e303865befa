import { Badge } from '@mantine/core'

/** Okta's words for a user's `active`: Active in green, Deactivated in grey. */
export function UserStatusBadge({ active, size = 'sm' }: { active: boolean; size?: 'xs' | 'sm' | 'md' }) {
  return active ? (
    <Badge color="green" size={size}>
      Active
    </Badge>
  ) : (
    <Badge color="gray" size={size}>
      Deactivated
    </Badge>
  )
}
