import { z } from 'zod'
import { ok } from '../../shared/result'
import type { ServerController } from '../scim/controller'
import { handle, type HandlerMap } from './define'

const empty = z.object({}).strict()

/** The embedded SCIM server: status, start, stop, restart. */
export function serverHandlers(server: ServerController): HandlerMap<'server:status' | 'server:start' | 'server:stop' | 'server:restart'> {
  return {
    'server:status': handle('server:status', empty, () => ok(server.status())),
    'server:start': handle('server:start', empty, async () => ok(await server.start())),
    'server:stop': handle('server:stop', empty, async () => ok(await server.stop())),
    'server:restart': handle('server:restart', empty, async () => {
      await server.stop()
      return ok(await server.start())
    })
  }
}
