import type { HandlerDeps } from './handlers'
import type { HandlerMap } from './define'
import { notBuilt } from './not-built'

/** Handlers of the directory feature. */
export function directoryHandlers(_deps: HandlerDeps): HandlerMap<'directory:users' | 'directory:user' | 'directory:create-user' | 'directory:update-user' | 'directory:set-user-active' | 'directory:delete-user' | 'directory:groups' | 'directory:group' | 'directory:create-group' | 'directory:update-group' | 'directory:delete-group'> {
  return notBuilt(['directory:users', 'directory:user', 'directory:create-user', 'directory:update-user', 'directory:set-user-active', 'directory:delete-user', 'directory:groups', 'directory:group', 'directory:create-group', 'directory:update-group', 'directory:delete-group'])
}
