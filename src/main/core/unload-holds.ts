import type { UnloadHold } from '../../shared/models'

/**
 * What the console window's page holds its unload for, as main last heard it (`app:hold-unload`), so that the window's
 * question when it closes or reloads names what would be lost. Only the main window's page may call main (the IPC
 * sender check, security/ipc-guard.ts), so these are that window's.
 */
export interface UnloadHolds {
  /** The page's holds now, in the order it took them; none when it holds nothing or main has not heard. */
  current(): readonly UnloadHold[]
  /** The page's whole set, as it told it: it replaces the last. */
  replace(holds: readonly UnloadHold[]): void
  /** The page that held them is gone (it reloaded, its renderer stopped, or the window closed): nothing is held. */
  forget(): void
}

/** Keeps the window's holds in memory: they belong to the page on the screen, and go with it. */
export function createUnloadHolds(): UnloadHolds {
  let holds: readonly UnloadHold[] = []
  return {
    current: () => holds,
    replace(next) {
      // A copy: what the question is worded from cannot change under it, whoever else keeps the page's array.
      holds = structuredClone(next)
    },
    forget() {
      holds = []
    }
  }
}
