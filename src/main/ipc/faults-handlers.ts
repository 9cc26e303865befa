import type { HandlerDeps } from './handlers'
import type { HandlerMap } from './define'
import { notBuilt } from './not-built'

/** Handlers of the faults feature. */
export function faultsHandlers(_deps: HandlerDeps): HandlerMap<'faults:get' | 'faults:set' | 'faults:active'> {
  return notBuilt(['faults:get', 'faults:set', 'faults:active'])
}
