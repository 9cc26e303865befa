import { Badge } from '@mantine/core'
import type { SpotlightActionGroupData } from '@mantine/spotlight'
import { IconUser, IconUserOff, IconUsersGroup } from '@tabler/icons-react'
import { useMemo } from 'react'
import { paths } from '../../app/paths'
import { useSearchEverything } from './queries'

const iconProps = { size: 18, stroke: 1.6, 'aria-hidden': true } as const

/**
 * Users and groups matching what is typed in the palette, found by main across every tenant. Each carries the
 * typed words as keywords: main already matched them, so the palette's own word filter must not drop them.
 */
export function useSearchActions(query: string, navigate: (to: string) => void): SpotlightActionGroupData[] {
  const data = useSearchEverything(query)
  return useMemo(() => {
    const text = query.trim()
    if (text.length < 2 || !data) return []
    const keywords = text.toLowerCase().split(/\s+/).filter(Boolean)
    const users = data.users.map((user) => ({
      id: `user-${user.tenantSlug}-${user.id}`,
      label: user.userName,
      // The palette shows one line and an ellipsis; the whole userName on hover.
      title: user.userName,
      description: `User in ${user.tenantName}${user.active ? '' : ' · deactivated'}`,
      keywords,
      leftSection: user.active ? <IconUser {...iconProps} /> : <IconUserOff {...iconProps} />,
      rightSection: user.active ? null : (
        <Badge size="xs" color="gray">
          Deactivated
        </Badge>
      ),
      onClick: () => navigate(paths.tenantUsers(user.tenantSlug, { user: user.id }))
    }))
    const groups = data.groups.map((group) => ({
      id: `group-${group.tenantSlug}-${group.id}`,
      label: group.displayName,
      title: group.displayName,
      description: `Group in ${group.tenantName}`,
      keywords,
      leftSection: <IconUsersGroup {...iconProps} />,
      onClick: () => navigate(paths.tenantGroups(group.tenantSlug, { group: group.id }))
    }))
    return [
      ...(users.length > 0 ? [{ group: 'Users', actions: users }] : []),
      ...(groups.length > 0 ? [{ group: 'Groups', actions: groups }] : [])
    ]
  }, [query, data, navigate])
}
