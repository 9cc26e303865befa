import type { HandlerDeps } from './handlers'
import type { HandlerMap } from './define'
import { notBuilt } from './not-built'

/** Handlers of the settings feature. */
export function settingsHandlers(_deps: HandlerDeps): HandlerMap<'settings:get' | 'settings:update'> {
  return notBuilt(['settings:get', 'settings:update'])
}
