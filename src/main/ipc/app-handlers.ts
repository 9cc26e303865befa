import { dirname } from 'node:path'
import { z } from 'zod'
import { fail, ok } from '../../shared/result'
import { backupFileFilters, checkRestoreCandidate, defaultBackupName, restoreDatabase, restoreFileFilters, writeBackup } from '../core/backup'
import { externalUrlToOpen } from '../security/policy'
import { handle, type HandlerMap } from './define'
import type { HandlerDeps } from './handlers'
import { listenOptions, withServerLock } from './server-handlers'

const empty = z.object({}).strict()

/** The data folder, links to the browser, and backup and restore of the whole database. */
export function appHandlers(deps: HandlerDeps): HandlerMap<'app:open-data-folder' | 'app:open-external' | 'app:backup' | 'app:restore'> {
  const { services, native, server } = deps
  return {
    'app:open-data-folder': handle('app:open-data-folder', empty, async () => {
      // Showing the database file selects it in the file manager, which is what Support asks for.
      await native.showInFolder(services.dbPath)
      return ok({ path: dirname(services.dbPath) })
    }),
    'app:open-external': handle('app:open-external', z.object({ url: z.string().max(4096) }).strict(), async ({ url }) => {
      const safe = externalUrlToOpen(url)
      if (safe === null) return fail('invalid_argument', 'Only https:// links open in the browser.', { url: url.slice(0, 200) })
      try {
        await native.openExternal(safe)
      } catch (error) {
        return fail('unavailable', `The browser could not be opened: ${error instanceof Error ? error.message : String(error)}`)
      }
      return ok({ opened: true })
    }),
    'app:backup': handle('app:backup', empty, async () => {
      const path = await native.chooseSavePath({
        title: 'Back up SCIM Console',
        defaultName: defaultBackupName(services.now()),
        filters: backupFileFilters
      })
      if (path === null) return ok(null)
      // Requests answered a moment ago are still queued; put them in the backup too. Waited for, not flushed: flush()
      // would hold the SCIM server until the writer thread had written them.
      await services.log.whenWritten()
      return writeBackup(services, path)
    }),
    'app:restore': handle('app:restore', empty, async () => {
      const path = await native.chooseOpenPath({ title: 'Restore SCIM Console from a backup', filters: restoreFileFilters })
      if (path === null) return ok(null)
      // A file that is not a backup is refused while the server keeps answering Okta.
      const checked = await checkRestoreCandidate(path, services.inspectFile)
      if (!checked.ok) return checked
      return withServerLock(server, async () => {
        const wasServing = server.status().state === 'running'
        // Stop serving first: Okta's requests must not be written into data that is being replaced.
        if (wasServing) await server.stop()
        services.log.flush()
        const restored = await restoreDatabase({
          db: services.db,
          dbPath: services.dbPath,
          sourcePath: path,
          now: services.now(),
          checked: checked.value
        })
        if (!restored.ok) {
          if (wasServing) await server.start(listenOptions(services.settings.get()))
          return restored
        }
        // The open connections and caches still describe the old data: start again over the restored file.
        native.relaunch()
        return ok({ restoredFrom: restored.value.restoredFrom })
      })
    })
  }
}
