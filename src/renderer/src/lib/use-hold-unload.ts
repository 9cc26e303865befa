import { useEffect } from 'react'

/**
 * Holds the window's close and reload while `holding`: what they would lose (a form's unsaved changes, a new API token
 * not copied yet) would be gone with no screen left to ask from. The page holds its unload (beforeunload) and the
 * window asks: Chromium with its own question, Electron with main's (will-prevent-unload, src/main/electron/window.ts).
 * Only while holding: a window with nothing to lose closes and reloads without a word.
 */
export function useHoldUnload(holding: boolean): void {
  useEffect(() => {
    if (!holding) return
    // A function of this hook's own: the same one added twice counts once, and would go with the first to let go.
    const hold = (event: BeforeUnloadEvent): void => {
      event.preventDefault()
      // Older Chromium looks only at returnValue, and Electron's docs ask for it to be set explicitly.
      event.returnValue = true
    }
    window.addEventListener('beforeunload', hold)
    return () => window.removeEventListener('beforeunload', hold)
  }, [holding])
}
