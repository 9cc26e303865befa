import { tokenClipboardMinutes } from '../../shared/models'
import { tokenPrefix } from './tokens'

/** The system clipboard as the guard uses it: the NativeBridge's clipboard methods. */
export interface ClipboardAccess {
  readClipboardText(): Promise<string>
  clearClipboard(): Promise<void>
}

/** Runs `task` once after `ms`, and returns what cancels it. */
export type Schedule = (task: () => void, ms: number) => () => void

/** The delay between the last token issued and the look at the clipboard. */
export const tokenClipboardDelayMs = tokenClipboardMinutes * 60_000

// A token is the prefix and 43 characters; anything much longer is other text, and is not worth hashing.
const longestToken = 100

/** Timers that do not keep the process alive: the app's quit, or a test's end, is never held by one. */
const unrefTimer: Schedule = (task, ms) => {
  const timer = setTimeout(task, ms)
  timer.unref()
  return () => clearTimeout(timer)
}

/**
 * Whether clipboard text is one of the console's API tokens. By its shape first (the `scim_` prefix, no spaces
 * inside), then by the stored hash: a token revoked or expired since still counts, anything else the user copied does
 * not. Spaces around it are ignored, as a copy by hand may take them along.
 */
export function holdsApiToken(text: string, isIssued: (secret: string) => boolean): boolean {
  const candidate = text.trim()
  if (!candidate.startsWith(tokenPrefix) || candidate.length > longestToken || /\s/.test(candidate)) return false
  return isIssued(candidate)
}

/** Clears the clipboard when it holds one of our API tokens, and not otherwise. */
export interface TokenClipboardGuard {
  /** A token was just issued: the clipboard is looked at when the delay has passed since the last one. */
  issued(): void
  /**
   * The renderer copied the token it was shown: the delay starts again from now, so that a token copied minutes after
   * it was issued is not left on the clipboard until quit. Nothing happens unless a token was issued in this run.
   */
  copied(): void
  /** The app quits: stops waiting, and looks at the clipboard now if a token was issued in this run. */
  close(): Promise<void>
}

/**
 * Keeps a copied API token from lingering on the system clipboard, where any app, a clipboard manager or a later
 * paste into a chat could take it. It never holds the secret: it reads the clipboard when the time comes and compares
 * the text by hash with the stored tokens (TokenService.isIssued). One deadline, moved on by each issue, so that a
 * second token copied a minute after the first, or a token copied minutes after it was issued (`copied`), still gets
 * its whole time to be pasted into Okta. Until a token was issued in this run it does nothing, even at quit: a token on
 * the clipboard then did not come from this window.
 */
export function createTokenClipboardGuard(deps: {
  readonly clipboard: ClipboardAccess
  readonly isIssued: (secret: string) => boolean
  readonly schedule?: Schedule
  readonly delayMs?: number
}): TokenClipboardGuard {
  const { clipboard, isIssued, schedule = unrefTimer, delayMs = tokenClipboardDelayMs } = deps
  let cancel: (() => void) | null = null
  let armed = false
  let closed = false

  async function clearIfToken(): Promise<void> {
    // Read and clear are two calls: text copied in between (microseconds) would go too. The OS offers no
    // compare-and-clear, and the window is far smaller than any person's copy.
    if (holdsApiToken(await clipboard.readClipboardText(), isIssued)) await clipboard.clearClipboard()
  }

  /** Moves the one deadline to the whole delay from now. */
  function restart(): void {
    cancel?.()
    cancel = schedule(() => {
      cancel = null
      clearIfToken().catch((error: unknown) => {
        console.error(`Could not clear the API token from the clipboard: ${error instanceof Error ? error.message : String(error)}`)
      })
    }, delayMs)
  }

  return {
    issued() {
      if (closed) return
      armed = true
      restart()
    },

    copied() {
      if (closed || !armed) return
      restart()
    },

    async close() {
      closed = true
      cancel?.()
      cancel = null
      if (armed) await clearIfToken()
    }
  }
}
