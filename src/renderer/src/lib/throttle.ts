/**
 * Runs `action` at most once per `waitMs`, trailing: bursts of push events (a sync of
 * thousands of users) become one refetch a second instead of thousands.
 */
export function throttle(action: () => void, waitMs: number): { (): void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null
  let last = 0
  const run = (): void => {
    timer = null
    last = Date.now()
    action()
  }
  const throttled = (): void => {
    if (timer !== null) return
    const wait = Math.max(0, last + waitMs - Date.now())
    timer = setTimeout(run, wait)
  }
  throttled.cancel = (): void => {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }
  return throttled
}
