import { Alert, Button, Group, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { errorMessage } from '../api/client'

/**
 * The body of a dialog that confirms something that cannot be undone: what happens, what Okta will see next, the
 * error if the last try failed, and Cancel (focused first) beside the red button.
 */
export function DangerConfirm({
  children,
  consequence,
  error,
  pending,
  confirmLabel,
  onCancel,
  onConfirm
}: {
  children: ReactNode
  consequence: ReactNode
  error: unknown
  pending: boolean
  confirmLabel: string
  onCancel: () => void
  onConfirm: () => void
}) {
  return (
    <Stack gap="md">
      <Text size="sm">{children}</Text>
      <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
        {consequence}
      </Alert>
      {error ? (
        <Alert color="red" variant="outline" role="alert">
          {errorMessage(error)}
        </Alert>
      ) : null}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onCancel} data-autofocus>
          Cancel
        </Button>
        <Button
          color="red"
          loading={pending}
          // Once per double click: its second click comes before the button shows the first is underway, and asked
          // again (a revoke refused as "already revoked" by the revoke it had just made, the dialog left open).
          onClick={(event) => {
            if (event.detail <= 1) onConfirm()
          }}
        >
          {confirmLabel}
        </Button>
      </Group>
    </Stack>
  )
}

/** Keeps showing what a dialog is about while it fades out, after the parent has let go of it. */
export function useShownWhileClosing<T>(value: T | null): T | null {
  const [shown, setShown] = useState<T | null>(value)
  if (value !== null && value !== shown) setShown(value)
  return shown
}
