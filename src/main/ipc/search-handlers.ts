import type { HandlerDeps } from './handlers'
import type { HandlerMap } from './define'
import { notBuilt } from './not-built'

/** Handlers of the search feature. */
export function searchHandlers(_deps: HandlerDeps): HandlerMap<'search:everything'> {
  return notBuilt(['search:everything'])
}
