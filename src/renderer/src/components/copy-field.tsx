import { ActionIcon, CopyButton, Group, Paper, Text, Tooltip } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import { UrlText } from './url-text'

/**
 * A value to paste elsewhere (a URL, a path, a token), in monospace, with a copy button. It is shown whole: a URL or
 * a path wraps after its slashes (UrlText), a token where it must.
 */
export function CopyField({
  value,
  label,
  size = 'sm',
  emphasis = false,
  testId
}: {
  value: string
  /** Names the value, for the copy button: "SCIM base URL" gives "Copy SCIM base URL". */
  label: string
  size?: 'sm' | 'md'
  emphasis?: boolean
  testId?: string
}) {
  return (
    <Paper
      withBorder
      radius="md"
      px="sm"
      py={size === 'md' ? 'sm' : 6}
      bg={emphasis ? 'var(--mantine-color-default-hover)' : undefined}
    >
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Text className="mono" size={size} miw={0} style={{ userSelect: 'all' }} data-testid={testId}>
          <UrlText value={value} />
        </Text>
        <CopyButton value={value} timeout={1600}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
              <ActionIcon
                variant={copied ? 'light' : 'subtle'}
                color={copied ? 'teal' : 'gray'}
                onClick={copy}
                aria-label={copied ? `Copied ${label}` : `Copy ${label}`}
                size={size === 'md' ? 'lg' : 'md'}
              >
                {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Paper>
  )
}
