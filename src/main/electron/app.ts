import { join } from 'node:path'
import { app, BrowserWindow, dialog } from 'electron'
import { databaseFileName } from '../core/paths'
import { createServices, type Services } from '../core/services'
import { createHandlers } from '../ipc/handlers'
import { createServerController, defaultHost, defaultPort, type ServerController } from '../scim/controller'
import { registerIpc } from './ipc'
import { createElectronNative } from './native'
import { createMainWindow } from './window'

/** Starts the desktop app: one instance, one database, the SCIM server, and the hardened window. */
export function runApp(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }

  let services: Services | null = null
  let server: ServerController | null = null
  let unregister: (() => void) | null = null

  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows()
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
  })

  app.whenReady().then(async () => {
    const dbPath = process.env.SCIM_CONSOLE_DB ?? join(app.getPath('userData'), databaseFileName)
    try {
      services = createServices({ dbPath })
    } catch (error) {
      dialog.showErrorBox(
        'SCIM Console cannot open its data',
        `${error instanceof Error ? error.message : String(error)}\n\nDatabase: ${dbPath}\nNothing was changed.`
      )
      app.exit(1)
      return
    }
    const opened = services
    server = createServerController(
      { ...opened, onInternalError: (id, error) => console.error(`SCIM internal error ${id}:`, error instanceof Error ? error.stack : error) },
      { host: defaultHost, port: defaultPort }
    )
    const status = await server.start()
    const { window, isAllowed } = createMainWindow()
    const native = createElectronNative(
      () => (window.isDestroyed() ? null : window),
      (route) => opened.events.emit('app:navigate', { route })
    )
    const handlers = createHandlers({
      services: opened,
      server,
      native,
      appInfo: () => ({
        version: app.getVersion(),
        databasePath: dbPath,
        versions: {
          electron: process.versions.electron ?? '',
          chrome: process.versions.chrome ?? '',
          node: process.versions.node,
          sqlite: String((opened.db.prepare('select sqlite_version() as v').get() as { v: string }).v)
        }
      })
    })
    unregister = registerIpc(handlers, opened.events, window, isAllowed)
    if (status.state === 'failed' && status.lastError) {
      void dialog.showMessageBox(window, {
        type: 'warning',
        title: 'The SCIM server did not start',
        message: 'The SCIM server did not start',
        detail: `${status.lastError}\n\nThe console still works; start the server again from the Server page.`
      })
    }
  })

  app.on('window-all-closed', () => app.quit())

  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting || !services) return
    event.preventDefault()
    quitting = true
    void (async () => {
      unregister?.()
      await server?.stop()
      services?.close()
      app.quit()
    })()
  })
}
