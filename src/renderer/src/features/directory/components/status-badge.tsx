import { Badge } from '@mantine/core'

/**
 * Okta's words for a user's `active`: Active in green, Deactivated in grey. It never shrinks: beside a long name in
 * a row it would be cut to "A…", and the status is what the row is read for.
 */
export function UserStatusBadge({ active, size = 'sm' }: { active: boolean; size?: 'xs' | 'sm' | 'md' }) {
  return active ? (
    <Badge color="green" size={size} style={{ flexShrink: 0 }}>
      Active
    </Badge>
  ) : (
    <Badge color="gray" size={size} style={{ flexShrink: 0 }}>
      Deactivated
    </Badge>
  )
}
