import { Text, VisuallyHidden } from '@mantine/core'

/**
 * A value that is not there (no externalId, no provider known yet): the console's one way to show it, a dimmed em dash
 * in the interface's font (in monospace it would read as a hyphen), which a screen reader hears as `label`.
 */
export function EmptyValue({ label = 'Not set', size = 'sm' }: { label?: string; size?: 'xs' | 'sm' }) {
  return (
    <Text span size={size} c="dimmed" ff="text">
      <span aria-hidden>—</span>
      <VisuallyHidden>{label}</VisuallyHidden>
    </Text>
  )
}
