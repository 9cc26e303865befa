import { Modal, type ModalProps } from '@mantine/core'
import { createContext, useContext, useEffect, useState } from 'react'
import type { UnloadHold } from '../../../shared/models'
import { useHoldUnload } from '../lib/use-hold-unload'

const unnamedChanges: UnloadHold = { kind: 'changes', what: [] }

const ReportDirty = createContext<((dirty: boolean) => void) | null>(null)

/**
 * A dialog around a form. While the form has changes (`useFormDirty`), a click beside the dialog, which is easily made
 * by mistake, no longer closes it and throws them away; Cancel, the close button and Escape, which are meant, still do.
 * Closing or reloading the window asks first.
 */
export function FormModal({ children, closeOnClickOutside = true, onExitTransitionEnd, ...props }: ModalProps) {
  const [dirty, setDirty] = useState(false)
  // A dialog's form does not say what its changes are to: the window's question speaks of changes.
  useHoldUnload(props.opened && dirty ? unnamedChanges : null)
  return (
    <Modal
      {...props}
      closeOnClickOutside={closeOnClickOutside && !dirty}
      onExitTransitionEnd={() => {
        setDirty(false)
        onExitTransitionEnd?.()
      }}
    >
      <ReportDirty value={setDirty}>{children}</ReportDirty>
    </Modal>
  )
}

/** Tells the FormModal around a form whether the form has changes that closing the dialog would throw away. */
export function useFormDirty(dirty: boolean): void {
  const report = useContext(ReportDirty)
  useEffect(() => {
    report?.(dirty)
    return () => report?.(false)
  }, [dirty, report])
}
