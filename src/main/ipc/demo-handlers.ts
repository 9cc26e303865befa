import type { HandlerDeps } from './handlers'
import type { HandlerMap } from './define'
import { notBuilt } from './not-built'

/** Handlers of the demo feature. */
export function demoHandlers(_deps: HandlerDeps): HandlerMap<'demo:start' | 'demo:control' | 'demo:get' | 'demo:conformance'> {
  return notBuilt(['demo:start', 'demo:control', 'demo:get', 'demo:conformance'])
}
