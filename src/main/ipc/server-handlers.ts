import { z } from 'zod'
import type { AppSettings } from '../../shared/models'
import { ok } from '../../shared/result'
import type { ListenOptions, ServerController } from '../scim/controller'
import { handle, type HandlerMap } from './define'
import type { HandlerDeps } from './handlers'

const empty = z.object({}).strict()

/** The server's listen options, from the settings: what the app starts with and what Start and Restart use. */
export function listenOptions(settings: AppSettings): ListenOptions {
  return { host: settings.server.host, port: settings.server.port, publicUrl: settings.server.publicUrl }
}

const locks = new WeakMap<ServerController, Promise<unknown>>()

/**
 * Runs server operations one after another. A restart from the Server page while Settings applies a new port would
 * otherwise interleave two listens on one controller.
 */
export function withServerLock<T>(server: ServerController, run: () => Promise<T>): Promise<T> {
  const previous = locks.get(server) ?? Promise.resolve()
  const next = previous.then(run, run)
  locks.set(server, next.catch(() => undefined))
  return next
}

/** The embedded SCIM server: status, start, stop, restart. Start and restart use the current settings. */
export function serverHandlers(deps: HandlerDeps): HandlerMap<'server:status' | 'server:start' | 'server:stop' | 'server:restart'> {
  const { server, services } = deps
  return {
    'server:status': handle('server:status', empty, () => ok(server.status())),
    'server:start': handle('server:start', empty, () =>
      withServerLock(server, async () => {
        const status = server.status()
        // Start on a running server is a no-op rather than a restart: a double click must not drop Okta's requests.
        if (status.state === 'running') return ok(status)
        return ok(await server.start(listenOptions(services.settings.get())))
      })
    ),
    'server:stop': handle('server:stop', empty, () => withServerLock(server, async () => ok(await server.stop()))),
    'server:restart': handle('server:restart', empty, () =>
      withServerLock(server, async () => {
        await server.stop()
        return ok(await server.start(listenOptions(services.settings.get())))
      })
    )
  }
}
