import type { HandlerDeps } from './handlers'
import type { HandlerMap } from './define'
import { notBuilt } from './not-built'

/** Handlers of the app feature. */
export function appHandlers(_deps: HandlerDeps): HandlerMap<'app:open-data-folder' | 'app:open-external' | 'app:backup' | 'app:restore'> {
  return notBuilt(['app:open-data-folder', 'app:open-external', 'app:backup', 'app:restore'])
}
