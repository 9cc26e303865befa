import { useCallback } from 'react'
import { useLocation, useSearchParams, type NavigateOptions } from 'react-router'

/**
 * The search parameters of the address as it is now, for a change to them. React Router hands a change the parameters
 * of the last render, and a navigation renders in a transition, so of two changes made before a render (quick clicks
 * on a busy machine) the second wrote over the first. The hash is current as soon as a navigation is made. It is read
 * only while it still shows the page that asks (`pathname`); otherwise the change goes on what that page rendered.
 */
export function liveSearchParams(pathname: string, rendered: URLSearchParams): URLSearchParams {
  const hash = window.location.hash.slice(1)
  const start = hash.indexOf('?')
  const path = start === -1 ? hash : hash.slice(0, start)
  return new URLSearchParams(path === pathname ? (start === -1 ? '' : hash.slice(start + 1)) : rendered)
}

/** A change to the search parameters: given them as they are now, returns the new ones. */
export type SearchParamsChange = (now: URLSearchParams) => URLSearchParams

/** `useSearchParams`, whose setter changes the parameters of the address as it is now (liveSearchParams). */
export function useLiveSearchParams(): readonly [URLSearchParams, (change: SearchParamsChange, options?: NavigateOptions) => void] {
  const [params, setParams] = useSearchParams()
  const { pathname } = useLocation()
  const set = useCallback(
    (change: SearchParamsChange, options?: NavigateOptions) => setParams((rendered) => change(liveSearchParams(pathname, rendered)), options),
    [setParams, pathname]
  )
  return [params, set] as const
}
