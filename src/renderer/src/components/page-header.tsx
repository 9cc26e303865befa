import { Group, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'

/**
 * The width of the pages people read or fill in from top to bottom: the setup guide, Faults, Server and Settings. Their
 * lines of text stay short enough to read, and their cards and actions line up rather than jump when one goes from one
 * to the next; wide enough for a label column beside its values, or the guide's steps beside its values. Pages whose
 * content is rows and charts (Tenants, Tokens, Directory, the log, a tenant's overview, the demo) have no such width:
 * they fill the window, since a wider window shows more of each row.
 */
export const readingPageWidth = 1080

/**
 * A screen's title row: title, one line of context, and the screen's primary actions on the right. When the window is
 * too narrow for both, the actions wrap below the title rather than squeeze it out (a tenant has four of them). A
 * description asks for a readable column (18rem) before the actions may share its line; a title alone asks only for
 * its own width.
 */
export function PageHeader({
  title,
  description,
  actions,
  badge,
  compact = false
}: {
  title: ReactNode
  description?: ReactNode
  actions?: ReactNode
  badge?: ReactNode
  /**
   * In a short window, a screen whose rows need the height shows the title line alone, in a smaller size, so that its
   * actions keep the line beside it.
   */
  compact?: boolean
}) {
  const shownDescription = compact ? null : description
  return (
    <Group justify="space-between" align={compact ? 'center' : 'flex-start'} wrap="wrap" gap="md" mb={compact ? 0 : 'xs'}>
      <Stack gap={4} miw={0} style={{ flex: shownDescription ? '1 1 18rem' : '1 1 auto' }}>
        <Group gap="sm" wrap="nowrap">
          <Title order={1} size={compact ? 'h2' : undefined} lineClamp={1}>
            {title}
          </Title>
          {badge}
        </Group>
        {shownDescription ? (
          <Text size="sm" c="dimmed">
            {shownDescription}
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
