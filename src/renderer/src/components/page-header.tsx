import { Group, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'

/** A screen's title row: title, one line of context, and the screen's primary actions on the right. */
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
    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md" mb="xs">
      <Stack gap={4} miw={0}>
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
        <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
          {actions}
        </Group>
      ) : null}
    </Group>
  )
}
