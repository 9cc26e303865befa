import { Group, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'

/**
 * A screen's title row: title, one line of context, and the screen's primary actions on the right. When the window is
 * too narrow for both, the actions wrap below the title rather than squeeze it out (a tenant has four of them).
 */
export function PageHeader({
  title,
  description,
  actions,
  badge
}: {
  title: ReactNode
  description?: ReactNode
  actions?: ReactNode
  badge?: ReactNode
}) {
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap" gap="md" mb="xs">
      <Stack gap={4} miw={0} style={{ flex: '1 1 18rem' }}>
        <Group gap="sm" wrap="nowrap">
          <Title order={1} lineClamp={1}>
            {title}
          </Title>
          {badge}
        </Group>
        {description ? (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        ) : null}
      </Stack>
      {actions ? (
        <Group gap="sm" wrap="wrap" maw="100%">
          {actions}
        </Group>
      ) : null}
    </Group>
  )
}
