import { z } from 'zod'
import type { Channel } from '../../shared/ipc'
import type { AppInfo } from '../../shared/models'
import { ok } from '../../shared/result'
import type { Services } from '../core/services'
import { createTokenClipboardGuard } from '../core/token-clipboard'
import { createUnloadHolds, type UnloadHolds } from '../core/unload-holds'
import type { ServerController } from '../scim/controller'
import { handle, type Handler } from './define'
import { appHandlers } from './app-handlers'
import { refuseChangesWhileFileRemoved } from './changes'
import { demoHandlers } from './demo-handlers'
import { directoryHandlers } from './directory-handlers'
import { faultsHandlers } from './faults-handlers'
import { logHandlers } from './log-handlers'
import type { NativeBridge } from './native'
import { searchHandlers } from './search-handlers'
import { serverHandlers } from './server-handlers'
import { settingsHandlers } from './settings-handlers'
import { setupHandlers } from './setup-handlers'
import { tenantHandlers } from './tenant-handlers'
import { unloadHandlers } from './unload-handlers'

/** What the handlers need: the services, the running server, the OS, and facts about the app. */
export interface HandlerDeps {
  readonly services: Services
  readonly server: ServerController
  readonly native: NativeBridge
  readonly appInfo: () => AppInfo
  /**
   * Takes work to do when the app quits, before the server stops and the database closes: the demo runner's, which
   * cancels runs and revokes their tokens, and the clipboard's, which clears a copied API token. Electron's main runs
   * it; tests may.
   */
  readonly atQuit?: (task: () => Promise<void>) => void
  /**
   * Where what the page holds its unload for is kept (`app:hold-unload`): Electron's window words its question from it
   * and forgets it when the page goes; the E2E harness looks at it. Without one, the handler keeps it where none looks.
   */
  readonly unloadHolds?: UnloadHolds
}

/** One handler a channel; each validates its own input. */
export type Handlers = { readonly [C in Channel]: Handler<C> }

/**
 * The renderer's handler map, in plain Node: Electron registers it, and the E2E harness calls it over Playwright. Its
 * changes are refused while the database file is deleted or moved (changes.ts), here, so that every transport has it.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { services, native } = deps
  // A token copied from the issue dialog leaves the clipboard a few minutes later, and at quit.
  const clipboard = createTokenClipboardGuard({ clipboard: native, isIssued: (secret) => services.tokens.isIssued(secret) })
  deps.atQuit?.(() => clipboard.close())
  return refuseChangesWhileFileRemoved(
    {
      ...tenantHandlers(services, clipboard),
      ...logHandlers(services, native, deps.server),
      ...serverHandlers(deps),
      ...directoryHandlers(deps),
      ...setupHandlers(deps),
      ...demoHandlers(deps),
      ...faultsHandlers(deps),
      ...settingsHandlers(deps),
      ...searchHandlers(deps),
      ...appHandlers(deps),
      ...unloadHandlers(deps.unloadHolds ?? createUnloadHolds()),
      'app:info': handle('app:info', z.object({}).strict(), () => ok(deps.appInfo()))
    },
    services.databaseFile
  )
}
