/** `app:navigate`: the application menu, the tray and notifications ask the window to show a screen. */
import { useNavigate } from 'react-router'
import { useApiEvent } from '../../api/client'

/**
 * The in-app path for a route main sent: `#/logs?outcome=failed` or `/logs?outcome=failed` give
 * `/logs?outcome=failed`. Anything that is not a path inside the app (a URL, `//host`) gives null and is ignored.
 */
export function routeFromMain(route: string): string | null {
  const path = route.trim().replace(/^#/, '')
  if (!path.startsWith('/') || path.startsWith('//') || /[\\\s]/.test(path)) return null
  return path
}

/** Follows `app:navigate` pushes in the hash router; mount once, inside the router. */
export function useNavigationFromMain(): void {
  const navigate = useNavigate()
  useApiEvent('app:navigate', ({ route }) => {
    const path = routeFromMain(route)
    if (path !== null) void navigate(path)
  })
}
