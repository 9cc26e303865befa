import { Switch } from '@mantine/core'
import { useState, type ReactNode } from 'react'
import type { SettingsPatch } from '../../../../../shared/models'
import { errorMessage } from '../../../api/client'
import { notify } from '../notify'
import { useUpdateSettings } from '../queries'

/**
 * A setting saved as soon as its switch is flipped, like one in the OS settings. The switch moves with the click (it
 * renders the new position at once, not after main has answered), holds it until the saved value catches up, and
 * goes back, with a notification, if saving failed.
 */
export function SavedSwitch({
  label,
  description,
  saved,
  toPatch,
  errorTitle
}: {
  label: string
  description?: ReactNode
  saved: boolean
  toPatch: (checked: boolean) => SettingsPatch
  errorTitle: string
}) {
  const update = useUpdateSettings()
  // The position asked for, and the saved value it was asked from: shown until the saved value changes.
  const [asked, setAsked] = useState<{ readonly checked: boolean; readonly from: boolean } | null>(null)
  const checked = asked !== null && asked.from === saved ? asked.checked : saved
  return (
    <Switch
      label={label}
      description={description}
      checked={checked}
      onChange={(event) => {
        const next = event.currentTarget.checked
        setAsked({ checked: next, from: saved })
        update.mutate(
          { patch: toPatch(next) },
          {
            onError: (error) => {
              setAsked(null)
              notify({ color: 'red', title: errorTitle, message: errorMessage(error) })
            }
          }
        )
      }}
    />
  )
}
