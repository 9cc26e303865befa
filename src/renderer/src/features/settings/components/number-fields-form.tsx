import { NumberInput, SimpleGrid, Stack } from '@mantine/core'
import { useState, type FormEvent, type ReactNode } from 'react'
import type { SettingsPatch } from '../../../../../shared/models'
import { isWholeIn, type WholeRange } from '../../../../../shared/settings-rules'
import { SettingsFormFooter } from '../../../components/form-footer'
import { useUnsavedChanges } from '../../../components/unsaved-changes'
import { formatCount } from '../../../lib/format'
import { notify } from '../notify'
import { useUpdateSettings } from '../queries'

/** One whole-number setting: its label, unit and range (from `settingsLimits`, which main checks with too). */
export interface NumberField<K extends string> extends WholeRange {
  readonly key: K
  readonly label: string
  readonly unit: string
  readonly description?: string
}

/** `value` as a whole number in range, or why it is not one. */
function check(field: NumberField<string>, value: number | string): { value: number } | { problem: string } {
  const number = typeof value === 'number' ? value : Number(String(value).replace(/[\s,]/g, ''))
  if (String(value).trim() === '' || !isWholeIn(number, field)) {
    return { problem: `A whole number from ${formatCount(field.min)} to ${formatCount(field.max)}.` }
  }
  return { value: number }
}

/**
 * A few related numbers saved together (retention, notification thresholds): checked beside each field, saved with
 * one button that appears active only when something changed.
 */
export function NumberFieldsForm<K extends string>({
  name,
  fields,
  saved,
  toPatch,
  savedTitle,
  disabled = false,
  children
}: {
  /** Names the form for assistive technology: "Log retention". */
  name: string
  fields: readonly NumberField<K>[]
  saved: Readonly<Record<K, number>>
  toPatch: (values: Readonly<Record<K, number>>) => SettingsPatch
  savedTitle: string
  disabled?: boolean
  /** Shown under the fields: what the numbers mean together. */
  children?: (values: Readonly<Record<K, number | string>>) => ReactNode
}) {
  const [draft, setDraft] = useState<Record<K, number | string> | null>(null)
  const [showProblems, setShowProblems] = useState(false)
  const update = useUpdateSettings()
  const values: Record<K, number | string> = draft ?? { ...saved }
  const checked = fields.map((field) => ({ field, result: check(field, values[field.key]) }))
  const dirty = draft !== null && fields.some((field) => String(values[field.key]) !== String(saved[field.key]))

  /** Saves the numbers when each is in range; answers whether they were saved (the form says why not). */
  const save = (): Promise<boolean> => {
    if (checked.some(({ result }) => 'problem' in result)) {
      setShowProblems(true)
      return Promise.resolve(false)
    }
    const numbers = Object.fromEntries(checked.map(({ field, result }) => [field.key, 'value' in result ? result.value : 0])) as Record<K, number>
    return new Promise((resolve) => {
      update.mutate(
        { patch: toPatch(numbers) },
        {
          onSuccess: () => {
            setDraft(null)
            setShowProblems(false)
            notify({ title: savedTitle, message: 'The change applies at once.' })
            resolve(true)
          },
          onError: () => resolve(false)
        }
      )
    })
  }
  // Leaving with changes asks first: Save, Discard or Stay.
  useUnsavedChanges({ dirty, what: `the ${name.toLowerCase()}`, save })

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    void save()
  }

  return (
    <form onSubmit={submit} noValidate aria-label={name}>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: fields.length }} spacing="md" maw={fields.length * 240}>
          {checked.map(({ field, result }) => (
            <NumberInput
              key={field.key}
              label={field.label}
              // The unit shows beside the number; say it with the label too, since the number alone is ambiguous.
              aria-label={`${field.label} (${field.unit})`}
              description={field.description}
              value={values[field.key]}
              onChange={(value) => {
                setDraft({ ...values, [field.key]: value })
                if (update.isError) update.reset()
              }}
              error={showProblems && 'problem' in result ? result.problem : undefined}
              min={field.min}
              max={field.max}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              thousandSeparator=","
              hideControls
              disabled={disabled}
              rightSection={<span aria-hidden>{field.unit}</span>}
              rightSectionWidth={field.unit.length * 8 + 20}
              rightSectionPointerEvents="none"
              styles={{ section: { color: 'var(--mantine-color-dimmed)', fontSize: 'var(--mantine-font-size-sm)', justifyContent: 'flex-start' } }}
              className="tabular"
            />
          ))}
        </SimpleGrid>
        {children ? children(values) : null}
        <SettingsFormFooter
          error={update.isError ? update.error : null}
          dirty={dirty}
          disabled={disabled}
          pending={update.isPending}
          onDiscard={() => {
            setDraft(null)
            setShowProblems(false)
            update.reset()
          }}
        />
      </Stack>
    </form>
  )
}
