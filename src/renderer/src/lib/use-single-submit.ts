import { useEffect, useRef } from 'react'

/**
 * Runs a dialog's write once until it settles: `once(() => mutation.mutate(...))`. A quick double Enter in a text field
 * submits the form twice before the mutation's `isPending` reaches React (TanStack Query tells it on a later task), and
 * sent the change twice: two tenants asked for, the second refused as a duplicate over the first one's success; two API
 * tokens issued, one of them never shown. (The double click is held back in FormFooter; Enter goes to the form.)
 */
export function useSingleSubmit(mutation: { readonly isPending: boolean; readonly submittedAt: number }): (write: () => void) => void {
  const started = useRef(false)
  // Settled, saved or refused: the next submit writes again, e.g. once the person fixed what was refused. submittedAt
  // tells a submission whose answer came in the same update as its start, so that isPending never showed true.
  const { isPending, submittedAt } = mutation
  useEffect(() => {
    if (!isPending) started.current = false
  }, [isPending, submittedAt])
  return (write) => {
    if (started.current) return
    started.current = true
    write()
  }
}
