import { z } from 'zod'
import type { Channel } from '../../shared/ipc'
import type { AppInfo } from '../../shared/models'
import { ok } from '../../shared/result'
import type { Services } from '../core/services'
import type { ServerController } from '../scim/controller'
import { handle, type Handler } from './define'
import { logHandlers } from './log-handlers'
import type { NativeBridge } from './native'
import { notBuilt } from './not-built'
import { serverHandlers } from './server-handlers'
import { tenantHandlers } from './tenant-handlers'

/** What the handlers need: the services, the running server, the OS, and facts about the app. */
export interface HandlerDeps {
  readonly services: Services
  readonly server: ServerController
  readonly native: NativeBridge
  readonly appInfo: () => AppInfo
}

/** One handler a channel; each validates its own input. */
export type Handlers = { readonly [C in Channel]: Handler<C> }

/** The renderer's handler map, in plain Node: Electron registers it, and the E2E harness calls it over Playwright. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { services, server, native } = deps
  return {
    ...tenantHandlers(services),
    ...logHandlers(services, native),
    ...serverHandlers(server),
    ...notBuilt([
      'directory:users',
      'directory:user',
      'directory:create-user',
      'directory:update-user',
      'directory:set-user-active',
      'directory:delete-user',
      'directory:groups',
      'directory:group',
      'directory:create-group',
      'directory:update-group',
      'directory:delete-group',
      'setup:guide',
      'setup:export',
      'demo:start',
      'demo:control',
      'demo:get',
      'demo:conformance',
      'faults:get',
      'faults:set',
      'faults:active',
      'settings:get',
      'settings:update',
      'search:everything',
      'app:open-data-folder',
      'app:open-external',
      'app:backup',
      'app:restore'
    ]),
    'app:info': handle('app:info', z.object({}).strict(), () => ok(deps.appInfo()))
  }
}
