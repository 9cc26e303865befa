import type { Channel, ChannelOutput } from '../../shared/ipc'
import { fail } from '../../shared/result'
import type { DatabaseFileWatch } from '../db/database-file'
import { databaseRemovedFailure } from '../db/storage-errors'
import type { Handler } from './define'
import type { Handlers } from './handlers'

/**
 * Whether each channel changes what the database holds: the console's edits, which must not be acknowledged into a
 * file that was deleted or moved. Every channel is named, so that a new one does not compile until it is said which
 * it is. Not changes: reads; exports and backups, which write another file (a backup is the way to keep what the open
 * file still holds); the server's start and stop; a restore, which replaces the file at the path rather than writing
 * the open one; and the control of a run already going, whose requests meet the SCIM server's own refusal, and which
 * must stay stoppable.
 */
const changesDatabase = {
  'tenants:list': false,
  'tenants:get': false,
  'tenants:create': true,
  'tenants:update': true,
  'tenants:delete': true,
  'tokens:list': false,
  'tokens:issue': true,
  'tokens:copied': false,
  'tokens:revoke': true,
  'logs:list': false,
  'logs:get': false,
  'logs:activity': false,
  'logs:export': false,
  'logs:curl': false,
  'logs:write-status': false,
  'logs:deleted-tenant': false,
  'directory:users': false,
  'directory:user': false,
  'directory:create-user': true,
  'directory:update-user': true,
  'directory:set-user-active': true,
  'directory:delete-user': true,
  'directory:groups': false,
  'directory:group': false,
  'directory:create-group': true,
  'directory:update-group': true,
  'directory:delete-group': true,
  'setup:guide': false,
  'setup:export': false,
  // A run and a self-test issue a token of their own before their first request.
  'demo:start': true,
  'demo:control': false,
  'demo:get': false,
  'demo:conformance': true,
  'demo:conformance-cancel': false,
  'demo:conformance-status': false,
  'faults:get': false,
  'faults:set': true,
  'faults:active': false,
  'server:status': false,
  'server:start': false,
  'server:stop': false,
  'server:restart': false,
  'settings:get': false,
  'settings:update': true,
  'search:everything': false,
  'app:info': false,
  'app:open-data-folder': false,
  'app:open-external': false,
  'app:backup': false,
  'app:restore': false,
  // The window's own state, kept in memory: while the file is gone, the question must still name what would be lost.
  'app:hold-unload': false
} as const satisfies { readonly [C in Channel]: boolean }

/** The channels whose handlers change the database (changesDatabase). */
export const changeChannels: readonly Channel[] = (Object.keys(changesDatabase) as Channel[]).filter((channel) => changesDatabase[channel])

// The sentence the SCIM server gives a write while the file is gone, with its kind, as the dispatcher answers a thrown
// storage failure (ipc-guard.ts).
const removedRefusal = fail('unavailable', databaseRemovedFailure.message, { storage: databaseRemovedFailure.kind })

function refusedWhileRemoved<C extends Channel>(handler: Handler<C>, file: Pick<DatabaseFileWatch, 'check'>): Handler<C> {
  return async (input) => ((await file.check()) ? (removedRefusal as ChannelOutput<C>) : handler(input))
}

/**
 * Refuses the console's changes while the database file is found deleted or moved, as the SCIM server's writes are
 * (services.ts): before the handler runs, so that nothing is done, and no API token made, that could not be kept. The
 * path is looked at again for each change rather than read from the watch's last look, a second old at most: a change
 * made in that second would be acknowledged and lost, and a person's edits are few enough for one stat each.
 */
export function refuseChangesWhileFileRemoved(handlers: Handlers, file: Pick<DatabaseFileWatch, 'check'>): Handlers {
  const guarded: Record<string, unknown> = { ...handlers }
  for (const channel of changeChannels) guarded[channel] = refusedWhileRemoved(handlers[channel] as Handler<Channel>, file)
  return guarded as Handlers
}
