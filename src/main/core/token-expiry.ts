import type { EventBus } from './events'
import type { TokenService } from './tokens'

/** How long the watch may sleep: a token issued by another process (the CLI) is seen within this. */
const longestWaitMs = 60_000

/**
 * Tells the screens when an API token passes its expiry, with `tenants:changed` for its tenant. Nothing is written
 * at that moment, so without it an expired token kept showing as active (and the tenant's active count, the Overview's
 * warning and the setup guide with it) until something else refreshed the screen. The SCIM server needs no telling:
 * it compares every request with the expiry.
 *
 * It sleeps until the next expiry. A token issued here wakes it (`tenants:changed`); one issued by another process
 * (the CLI) is seen within a minute, the longest it sleeps. Started by the app beside its window; the CLI has no
 * screens to tell.
 */
export function watchTokenExpiry(deps: {
  readonly tokens: Pick<TokenService, 'nextExpiry' | 'expiredBetween'>
  readonly events: EventBus
  readonly now: () => number
}): { stop(): void } {
  const { tokens, events, now } = deps
  let checkedUpTo = now()
  let timer: NodeJS.Timeout | null = null
  let stopped = false

  function report(error: unknown): void {
    console.error(`Could not check API tokens for expiry: ${error instanceof Error ? error.message : String(error)}`)
  }

  function sleep(ms: number): void {
    timer = setTimeout(tick, ms)
    timer.unref()
  }

  function schedule(): void {
    if (timer) clearTimeout(timer)
    timer = null
    if (stopped) return
    try {
      const next = tokens.nextExpiry(checkedUpTo)
      // An expiry is "expires_at <= now" (tokens.ts): wake at that millisecond, not before.
      sleep(next === null ? longestWaitMs : Math.min(Math.max(next - now(), 0), longestWaitMs))
    } catch (error) {
      // A database that is briefly unreadable (a restore, a full disk) is looked at again a minute later.
      report(error)
      sleep(longestWaitMs)
    }
  }

  function tick(): void {
    timer = null
    try {
      const at = now()
      const expired = tokens.expiredBetween(checkedUpTo, at)
      checkedUpTo = at
      for (const tenantId of expired) events.emit('tenants:changed', { tenantId })
    } catch (error) {
      report(error)
    }
    schedule()
  }

  const unsubscribe = events.on('tenants:changed', schedule)
  schedule()
  return {
    stop() {
      stopped = true
      unsubscribe()
      if (timer) clearTimeout(timer)
      timer = null
    }
  }
}
