import { useEffect, useId } from 'react'
import type { UnloadHold } from '../../../shared/models'
import { call } from '../api/client'

// What the page holds its unload for, by the hook that holds it: one window, one page, so one set for all of them.
const held = new Map<string, UnloadHold>()
// The set main last heard, as JSON, so that it hears only changes.
let told = JSON.stringify([])
let telling = false

/**
 * Tells main the page's whole set once the current commit is over: a hold that a render replaces (its effect cleaned
 * up and run again) is then one change, or none, rather than a release and a new hold. Fire and forget: a word that
 * does not arrive leaves main's question as it was, and the page holds its unload all the same.
 */
function tellMainSoon(): void {
  if (telling) return
  telling = true
  queueMicrotask(() => {
    telling = false
    const holds = [...held.values()]
    const words = JSON.stringify(holds)
    if (words === told) return
    told = words
    call('app:hold-unload', { holds }).catch(() => undefined)
  })
}

/**
 * Holds the window's close and reload while `hold` is given: what it names (a form's unsaved changes, a new API token
 * not copied yet) would be gone with no screen left to ask from. The page holds its unload (beforeunload) and the
 * window asks: Chromium with its own question, Electron with main's (will-prevent-unload, src/main/electron/window.ts),
 * which names what is held, as each hook tells main (`app:hold-unload`). Only while holding: a window with nothing to
 * lose closes and reloads without a word.
 */
export function useHoldUnload(hold: UnloadHold | null): void {
  const id = useId()
  // By its words, not its identity: a hold built again at each render is the same hold, and is not taken again.
  const words = hold === null ? null : JSON.stringify(hold)
  useEffect(() => {
    if (words === null) return
    // A function of this hook's own: the same one added twice counts once, and would go with the first to let go.
    const holdUnload = (event: BeforeUnloadEvent): void => {
      event.preventDefault()
      // Older Chromium looks only at returnValue, and Electron's docs ask for it to be set explicitly.
      event.returnValue = true
    }
    window.addEventListener('beforeunload', holdUnload)
    held.set(id, JSON.parse(words) as UnloadHold)
    tellMainSoon()
    return () => {
      window.removeEventListener('beforeunload', holdUnload)
      held.delete(id)
      tellMainSoon()
    }
  }, [id, words])
}
