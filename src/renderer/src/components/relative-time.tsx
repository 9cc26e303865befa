import { Text, Tooltip, type TextProps } from '@mantine/core'
import { formatDateTime, formatRelative } from '../lib/format'
import { useNow } from '../lib/use-now'

/** "5 min ago", with the absolute time on hover; `fallback` when there is no time yet. */
export function RelativeTime({
  value,
  fallback = 'Never',
  ...textProps
}: { value: string | null; fallback?: string } & TextProps) {
  const now = useNow()
  if (!value) {
    return (
      <Text span size="sm" c="dimmed" {...textProps}>
        {fallback}
      </Text>
    )
  }
  return (
    <Tooltip label={formatDateTime(value)}>
      <Text span size="sm" {...textProps}>
        <time dateTime={value}>{formatRelative(value, now)}</time>
      </Text>
    </Tooltip>
  )
}
