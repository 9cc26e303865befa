/** The layout of the Server and Settings pages: titled cards of labelled rows. */
import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useId, type ReactNode } from 'react'

/** A titled card; a region landmark named by its title, so a screen reader can jump between sections. */
export function Section({
  title,
  description,
  actions,
  children
}: {
  title: string
  description?: ReactNode
  actions?: ReactNode
  children: ReactNode
}) {
  const headingId = useId()
  return (
    <Paper withBorder p="lg" radius="md" bg="var(--mantine-color-body)" component="section" aria-labelledby={headingId}>
      <SimpleGrid cols={actions ? 2 : 1} mb="md" spacing="md" style={{ alignItems: 'start' }}>
        <Stack gap={2}>
          <Title order={2} id={headingId}>
            {title}
          </Title>
          {description ? (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          ) : null}
        </Stack>
        {actions ? <div style={{ justifySelf: 'end' }}>{actions}</div> : null}
      </SimpleGrid>
      <Stack gap="lg">{children}</Stack>
    </Paper>
  )
}

/** One setting: its name and explanation on the left, the control on the right. */
export function Row({ label, description, children, labelFor }: { label: string; description?: ReactNode; children: ReactNode; labelFor?: string }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" style={{ alignItems: 'start' }}>
      <div>
        <Text size="sm" fw={600} component={labelFor ? 'label' : 'p'} htmlFor={labelFor}>
          {label}
        </Text>
        {description ? (
          <Text size="xs" c="dimmed" mt={2}>
            {description}
          </Text>
        ) : null}
      </div>
      <div>{children}</div>
    </SimpleGrid>
  )
}
