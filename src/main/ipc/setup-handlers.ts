import type { HandlerDeps } from './handlers'
import type { HandlerMap } from './define'
import { notBuilt } from './not-built'

/** Handlers of the setup feature. */
export function setupHandlers(_deps: HandlerDeps): HandlerMap<'setup:guide' | 'setup:export'> {
  return notBuilt(['setup:guide', 'setup:export'])
}
