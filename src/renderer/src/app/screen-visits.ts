/**
 * Scroll positions are kept per visit of a screen, not per history entry: a change of the search parameters alone (a
 * log filter, a drawer's `?entry=`, a tab) stays on the visit it was made from, so the page does not jump; a new path
 * starts a new visit, which opens at the top; Back and Forward return to the visit each entry belongs to.
 */

/** The part of a router location the visits need: its history entry's key and its path. */
export interface VisitLocation {
  readonly key: string
  readonly pathname: string
}

/**
 * A `getKey` for React Router's ScrollRestoration. It is asked about the location left (to save its position) and then
 * the location arrived at (to restore one): the first time it meets an entry, the entry joins the visit of the location
 * shown before it when both have the same path, and otherwise starts a visit of its own, named by its key.
 */
export function screenVisits(): (location: VisitLocation) => string {
  const visits = new Map<string, string>()
  let shown: { readonly pathname: string; readonly visit: string } | null = null
  return (location) => {
    let visit = visits.get(location.key)
    if (visit === undefined) {
      visit = shown !== null && shown.pathname === location.pathname ? shown.visit : location.key
      visits.set(location.key, visit)
    }
    shown = { pathname: location.pathname, visit }
    return visit
  }
}
