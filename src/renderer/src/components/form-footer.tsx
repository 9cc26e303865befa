import { Alert, Button, Group } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { errorMessage } from '../api/client'

/**
 * The end of a dialog's form: an error that belongs to no field (null when there is none or a field shows it),
 * then Cancel and the submit button, which spins while the change is saved.
 */
export function FormFooter({ error, pending, submitLabel, onCancel }: { error: unknown; pending: boolean; submitLabel: string; onCancel: () => void }) {
  return (
    <>
      {error ? (
        <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />} role="alert">
          {errorMessage(error)}
        </Alert>
      ) : null}
      <Group justify="flex-end" gap="sm" mt="xs">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
      </Group>
    </>
  )
}
