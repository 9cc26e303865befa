import { Alert, Button, Group } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { errorMessage } from '../api/client'

/**
 * The end of a dialog's form: an error that belongs to no field (null when there is none or a field shows it),
 * then Cancel and the submit button, which spins while the change is saved. A destructive dialog colours it red, and
 * may hold it disabled until the person has confirmed.
 */
export function FormFooter({
  error,
  pending,
  submitLabel,
  onCancel,
  destructive = false,
  disabled = false
}: {
  error: unknown
  pending: boolean
  submitLabel: string
  onCancel: () => void
  destructive?: boolean
  disabled?: boolean
}) {
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
        <Button
          type="submit"
          color={destructive ? 'red' : undefined}
          disabled={disabled}
          loading={pending}
          // The second click of a double click submits nothing: it comes before the button shows the first one is
          // being saved, and sent the change twice (two tenants asked for, the second refused as a duplicate over the
          // first one's success; two API tokens issued, one of them never shown).
          onClick={(event) => {
            if (event.detail > 1) event.preventDefault()
          }}
        >
          {submitLabel}
        </Button>
      </Group>
    </>
  )
}

/**
 * The end of a settings form on a page (not in a dialog): an error that belongs to no field, then Save, enabled once
 * something changed, and "Discard changes" while something has.
 */
export function SettingsFormFooter({
  error,
  dirty,
  disabled = false,
  pending,
  saveLabel = 'Save',
  onDiscard
}: {
  error: unknown
  dirty: boolean
  disabled?: boolean
  pending: boolean
  saveLabel?: string
  onDiscard: () => void
}) {
  return (
    <>
      {error ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title="The settings were not saved" role="alert">
          {errorMessage(error)}
        </Alert>
      ) : null}
      <Group gap="sm">
        <Button type="submit" disabled={!dirty || disabled} loading={pending}>
          {saveLabel}
        </Button>
        {dirty ? (
          <Button variant="default" onClick={onDiscard}>
            Discard changes
          </Button>
        ) : null}
      </Group>
    </>
  )
}
