import { join } from 'node:path'
import { app, clipboard, dialog, nativeTheme, screen, type BrowserWindow } from 'electron'
import type { AppInfo } from '../../shared/models'
import { watchFailures } from '../core/failure-alerts'
import { databaseFileName } from '../core/paths'
import { startRetention } from '../core/retention'
import { createServices, type Services } from '../core/services'
import { moveDatabaseAside, openWithChecks } from '../core/startup-check'
import { watchTokenExpiry } from '../core/token-expiry'
import { createUnloadHolds } from '../core/unload-holds'
import { placeWindow } from '../core/window-state'
import { sqliteVersion } from '../db/database-file'
import { createHandlers, type Handlers } from '../ipc/handlers'
import { listenOptions } from '../ipc/server-handlers'
import { createServerController, type ServerController } from '../scim/controller'
import { crashReport, redactConsole } from '../security/redact'
import { registerIpc } from './ipc'
import { installApplicationMenu } from './menu'
import { createElectronNative } from './native'
import { askAboutStartupProblem, confirmMovedAside } from './startup-dialog'
import { createTray } from './tray'
import { askBeforeLeaving, confirmQuitWithoutFile, createMainWindow, currentWindowState, hardenSession, hardenWebContents, rendererUrl, revealWindow } from './window'

/** Runtime assets (tray and window icons): `resources/` in development, the packaged app's resources folder otherwise. */
function resourcesDir(): string {
  return app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources')
}

/** The worker threads' scripts, from the build. */
interface ThreadScripts {
  readonly logWriterScript: URL
  readonly databaseCheckScript: URL
}

/** Opens the database, asking the user what to do about a damaged or newer one. Null when they chose to quit. */
async function openServicesInteractively(dbPath: string, scripts: ThreadScripts): Promise<Services | null> {
  for (;;) {
    // `writable`: a file the app cannot write is a start-up problem, explained, rather than a server that answers 503.
    const outcome = openWithChecks(() => createServices({ dbPath, ...scripts, writable: true }), dbPath)
    if (outcome.ok) return outcome.services
    console.error(`SCIM Console cannot use ${dbPath}: ${outcome.problem.detail}`)
    const choice = await askAboutStartupProblem(outcome.problem)
    if (choice === 'quit') return null
    if (choice === 'start-fresh') {
      try {
        const moved = moveDatabaseAside(dbPath, outcome.problem.kind, Date.now())
        await confirmMovedAside(moved.files)
      } catch (error) {
        dialog.showErrorBox('The database could not be moved aside', `${error instanceof Error ? error.message : String(error)}\n\nNothing was deleted.`)
        return null
      }
    }
  }
}

/** Starts the desktop app: one instance, one database, the SCIM server, the hardened window, the tray and the menu. */
export function runApp(options: ThreadScripts): void {
  // Everything main prints (ours, Electron's, a dependency's) goes through redaction: no token reaches a terminal or log.
  redactConsole(console)
  process.on('uncaughtException', (error) => {
    const report = crashReport('unexpected error', error)
    console.error(report)
    if (app.isReady()) dialog.showErrorBox('SCIM Console hit an unexpected error', report.slice(0, 4000))
  })
  process.on('unhandledRejection', (reason) => console.error(crashReport('unhandled promise rejection', reason)))

  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  nativeTheme.themeSource = 'system'
  // Windows shows notifications only for an app with an AppUserModelID, which must match the installer's appId.
  if (process.platform === 'win32') app.setAppUserModelId('com.scimconsole.app')

  const address = rendererUrl()
  let services: Services | null = null
  let server: ServerController | null = null
  let window: BrowserWindow | null = null
  let teardown: (() => void)[] = []
  // Asynchronous work the handlers ask for at quit (HandlerDeps.atQuit).
  const quitTasks: (() => Promise<void>)[] = []
  let quitting = false
  let closed = false
  // Said once the CSM chose to quit though the database file was deleted or moved (confirmQuitWithoutFile).
  let quitWithoutFile = false

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, address))
  app.on('second-instance', () => revealWindow(window))
  app.on('activate', () => revealWindow(window))

  async function start(): Promise<void> {
    hardenSession()
    const dbPath = process.env.SCIM_CONSOLE_DB || join(app.getPath('userData'), databaseFileName)
    const opened = await openServicesInteractively(dbPath, options)
    if (!opened) {
      quitting = true
      app.quit()
      return
    }
    services = opened
    const controller = createServerController(
      { ...opened, onInternalError: (id, error) => console.error(`SCIM internal error ${id}:`, error) },
      listenOptions(opened.settings.get())
    )
    server = controller

    const primary = screen.getPrimaryDisplay()
    const workAreas = [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)].map((display) => display.workArea)
    const main = createMainWindow({
      url: address,
      placement: placeWindow(opened.windowState.load(), workAreas),
      icon: process.platform === 'linux' ? join(resourcesDir(), 'icons', '256x256.png') : undefined
    })
    window = main
    const saveWindowState = () => {
      if (!main.isDestroyed() && !closed) opened.windowState.save(currentWindowState(main))
    }
    let saveTimer: NodeJS.Timeout | null = null
    const saveSoon = () => {
      if (saveTimer) clearTimeout(saveTimer)
      saveTimer = setTimeout(saveWindowState, 1000)
    }
    main.on('resize', saveSoon)
    main.on('move', saveSoon)
    teardown.push(() => {
      if (saveTimer) clearTimeout(saveTimer)
    })

    const navigate = (route: string) => opened.events.emit('app:navigate', { route })
    const native = createElectronNative(() => (main.isDestroyed() ? null : main), navigate)
    const appInfo = (): AppInfo => ({
      version: app.getVersion(),
      databasePath: opened.dbPath,
      versions: {
        electron: process.versions.electron ?? '',
        chrome: process.versions.chrome ?? '',
        node: process.versions.node,
        v8: process.versions.v8,
        sqlite: sqliteVersion(opened.db)
      }
    })
    // What the window's page holds its close or reload for, as it tells main: the question names it (askBeforeLeaving).
    const unloadHolds = createUnloadHolds()
    const handlers: Handlers = createHandlers({
      services: opened,
      server: controller,
      native,
      appInfo,
      atQuit: (task) => void quitTasks.push(task),
      unloadHolds
    })
    teardown.push(
      registerIpc({
        handlers,
        events: opened.events,
        window: main,
        rendererUrl: address,
        onError: (channel, error) => console.error(`IPC ${channel} failed:`, error)
      })
    )

    // Unsaved changes or a new API token not copied yet hold the close (or the quit, which closes the window first):
    // kept, the app stays.
    askBeforeLeaving(main, unloadHolds, () => {
      quitting = false
    })

    let toldAboutTray = false
    main.on('close', (event) => {
      saveWindowState()
      if (quitting || !opened.settings.get().keepRunningInTray) {
        // The close ends the app (a quit, or no tray to keep serving from): a database file deleted under it goes with
        // it, so the CSM is asked first, once. Stay keeps the window, and the banner's Back up… with it.
        if (!quitWithoutFile && opened.databaseFile.removed()) {
          if (!confirmQuitWithoutFile(main, opened.dbPath)) {
            event.preventDefault()
            quitting = false
            return
          }
          quitWithoutFile = true
        }
        return
      }
      // Keep serving: demo servers must outlive the window. The window is hidden, not destroyed, so it comes back as it was.
      event.preventDefault()
      main.hide()
      if (!toldAboutTray) {
        toldAboutTray = true
        native.notify({ title: 'SCIM Console is still serving', body: 'The SCIM server keeps running. Open the console or quit from the tray icon.' })
      }
    })
    let reloads = 0
    main.webContents.on('render-process-gone', (_event, details) => {
      console.error(`The console window's renderer stopped (${details.reason}, exit code ${details.exitCode}).`)
      // The server keeps serving regardless; bring the window back, but not in a crash loop.
      if (details.reason !== 'clean-exit' && !main.isDestroyed() && reloads < 3) {
        reloads += 1
        main.reload()
      }
    })

    // The log's retention (settings.retention) prunes in the background while the app runs.
    const retention = startRetention(opened)
    teardown.push(() => retention.stop())
    // A token that expires while a screen shows it is marked expired then, not at the next refresh.
    const expiry = watchTokenExpiry(opened)
    teardown.push(() => expiry.stop())

    const watch = watchFailures({
      onWritten: (listener) => opened.log.onWritten(listener),
      settings: () => opened.settings.get().notifications,
      notify: (notification) => native.notify(notification),
      tenantName: (tenantId) => opened.tenants.find(tenantId)?.name ?? null,
      now: opened.now
    })
    const open = () => revealWindow(main)
    const tray = createTray(resourcesDir(), {
      status: () => controller.status(),
      failures: watch,
      start: () => void handlers['server:start']({}),
      stop: () => void handlers['server:stop']({}),
      open,
      navigate,
      quit: () => app.quit()
    })
    const refreshTimer = setInterval(() => tray.refresh(), 30_000)
    teardown.push(
      opened.events.on('server:status', () => tray.refresh()),
      watch.onChange(() => tray.refresh()),
      () => clearInterval(refreshTimer),
      () => watch.stop(),
      () => tray.destroy()
    )

    installApplicationMenu({
      isDev: !app.isPackaged,
      about: () => void showAbout(main, appInfo()),
      navigate: (route) => {
        open()
        navigate(route)
      },
      openDataFolder: () => void handlers['app:open-data-folder']({})
    })

    if (opened.settings.get().server.autoStart) {
      const status = await controller.start()
      if (status.state === 'failed' && status.lastError && !main.isDestroyed()) {
        void dialog.showMessageBox(main, {
          type: 'warning',
          title: 'The SCIM server did not start',
          message: 'The SCIM server did not start',
          detail: `${status.lastError}\n\nThe console still works; change the port or start the server again on the Server page.`
        })
      }
    }
  }

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const report = crashReport('start-up failed', error)
      console.error(report)
      dialog.showErrorBox('SCIM Console could not start', report.slice(0, 4000))
      app.exit(1)
    })

  // With "keep running in the tray" the window only hides, so this fires only when the app should end.
  app.on('window-all-closed', () => app.quit())

  let cleanup: Promise<void> | null = null
  app.on('before-quit', (event) => {
    quitting = true
    if (closed || !services) return
    // Hold the quit until the server has stopped and the log is written; then quit again for real.
    event.preventDefault()
    // The window closes first, while the server and the database still run: its page may hold the close (a new API
    // token not copied yet), and the CSM may keep the window. Once it is gone, window-all-closed quits again.
    if (window && !window.isDestroyed()) {
      window.close()
      return
    }
    if (cleanup) return
    const open = services
    cleanup = (async () => {
      for (const step of teardown.reverse()) step()
      teardown = []
      // Demo runs and SPEC tests are cancelled and their tokens revoked while the database is open.
      await Promise.allSettled(quitTasks.map((task) => task()))
      await server?.stop()
      closed = true
      open.close()
      app.quit()
    })()
  })
}

/** The About dialog: the versions Support asks for, with a button to copy them. */
async function showAbout(window: BrowserWindow, info: AppInfo): Promise<void> {
  const versions = Object.entries(info.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join('\n')
  const detail = `${versions}\n\nData: ${info.databasePath}`
  const { response } = await dialog.showMessageBox(window, {
    type: 'info',
    title: 'About SCIM Console',
    message: `SCIM Console ${info.version}`,
    detail,
    buttons: ['OK', 'Copy Details'],
    defaultId: 0,
    cancelId: 0,
    noLink: true
  })
  if (response === 1) clipboard.writeText(`SCIM Console ${info.version}\n${detail}`)
}
