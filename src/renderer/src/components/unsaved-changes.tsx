import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import { createContext, useCallback, useContext, useEffect, useEffectEvent, useId, useMemo, useState, type ReactNode } from 'react'
import { useBlocker } from 'react-router'
import { listOf } from '../../../shared/plural'
import { useHoldUnload } from '../lib/use-hold-unload'

/** A form on the screen whose changes are not saved yet. */
interface UnsavedForm {
  /** What the changes are to, as the question names it: "the faults", "the log retention". */
  readonly what: string
  /** Saves the changes: true once they are saved; false when they were not (the form then says why). */
  readonly save: () => Promise<boolean>
  /** The Save button's words when saving does more than save ("Save and restart server"). */
  readonly saveLabel: string | undefined
}

interface UnsavedFormsRegistry {
  readonly set: (id: string, form: UnsavedForm | null) => void
}

const UnsavedFormsContext = createContext<UnsavedFormsRegistry | null>(null)

/**
 * Asks before a move to another screen would throw away a form's unsaved changes: Save, Discard or Stay. Mount once,
 * around the screens; each form says whether it has changes with `useUnsavedChanges`. Only a change of path is held:
 * a change of the search parameters (a tab, a drawer) keeps the screen and its forms. Closing or reloading the window
 * is held too, and the window asks: Leave or Stay.
 */
export function UnsavedChangesGuard({ children }: { children: ReactNode }) {
  const [forms, setForms] = useState<ReadonlyMap<string, UnsavedForm>>(() => new Map())
  // The question stays mounted from the move it holds until that move is done, even once a save left nothing unsaved.
  const [holding, setHolding] = useState(false)
  const set = useCallback((id: string, form: UnsavedForm | null) => {
    setForms((current) => {
      if (form === null && !current.has(id)) return current
      const next = new Map(current)
      if (form === null) next.delete(id)
      else next.set(id, form)
      return next
    })
  }, [])
  const registry = useMemo(() => ({ set }), [set])
  // Closing or reloading the window would lose them too: the window asks first, and names them as the question below does.
  useHoldUnload(forms.size > 0 ? { kind: 'changes', what: [...forms.values()].map((form) => form.what) } : null)
  return (
    <UnsavedFormsContext value={registry}>
      {children}
      {/* A router consults one blocker at a time: this one exists only while something is unsaved. */}
      {forms.size > 0 || holding ? <LeaveQuestion forms={[...forms.values()]} onHolding={setHolding} /> : null}
    </UnsavedFormsContext>
  )
}

/**
 * Says that a form has unsaved changes, so that leaving the screen asks first. `save` saves them as the form's own
 * Save button does, and answers whether they were saved.
 */
export function useUnsavedChanges({
  dirty,
  what,
  save,
  saveLabel
}: {
  dirty: boolean
  what: string
  save: () => Promise<boolean>
  saveLabel?: string | undefined
}): void {
  const registry = useContext(UnsavedFormsContext)
  if (registry === null) throw new Error('useUnsavedChanges needs an UnsavedChangesGuard around the screen.')
  const id = useId()
  // The form's latest values are the ones saved, whenever the question is answered.
  const saveLatest = useEffectEvent(save)
  useEffect(() => {
    if (!dirty) return
    registry.set(id, { what, saveLabel, save: () => saveLatest() })
    return () => registry.set(id, null)
  }, [registry, id, dirty, what, saveLabel])
}

function LeaveQuestion({ forms, onHolding }: { forms: readonly UnsavedForm[]; onHolding: (holding: boolean) => void }) {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => forms.length > 0 && nextLocation.pathname !== currentLocation.pathname)
  const [saving, setSaving] = useState(false)
  const asking = blocker.state === 'blocked'
  const holding = blocker.state !== 'unblocked'
  useEffect(() => onHolding(holding), [holding, onHolding])

  const stay = (): void => {
    if (!saving && blocker.state === 'blocked') blocker.reset()
  }
  const discard = (): void => {
    if (blocker.state === 'blocked') blocker.proceed()
  }
  const saveAll = async (): Promise<void> => {
    setSaving(true)
    let saved = true
    // One after another: each form's save may change the settings the next one starts from.
    for (const form of forms) saved = (await form.save()) && saved
    setSaving(false)
    if (blocker.state !== 'blocked') return
    // Not saved: stay, where the form says why.
    if (saved) blocker.proceed()
    else blocker.reset()
  }
  const single = forms.length === 1 ? forms[0] : undefined

  return (
    <Modal opened={asking} onClose={stay} closeOnEscape={!saving} closeOnClickOutside={!saving} withCloseButton={false} title="Leave without saving?" size={560}>
      <Stack gap="md">
        <Text size="sm">
          Your changes to {listOf(forms.map((form) => form.what))} are not saved yet. Save them before you go, or discard them.
        </Text>
        {/* Discard apart from the other two, so that it is not pressed for Save; Stay, which loses nothing, has the focus. */}
        <Group justify="space-between" gap="sm">
          <Button variant="subtle" color="red" onClick={discard} disabled={saving}>
            Discard changes
          </Button>
          <Group gap="sm" ml="auto">
            <Button variant="default" onClick={stay} disabled={saving} data-autofocus>
              Stay
            </Button>
            <Button loading={saving} onClick={() => void saveAll()}>
              {single?.saveLabel ?? 'Save changes'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  )
}
