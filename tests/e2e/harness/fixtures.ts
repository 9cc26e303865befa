import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join, normalize, resolve } from 'node:path'
import { test as base, type Browser, type Page } from '@playwright/test'
import { createServices, type Services } from '../../../src/main/core/services'
import { watchTokenExpiry } from '../../../src/main/core/token-expiry'
import { createUnloadHolds, type UnloadHolds } from '../../../src/main/core/unload-holds'
import { createHandlers, type Handlers } from '../../../src/main/ipc/handlers'
import { listenOptions } from '../../../src/main/ipc/server-handlers'
import { createServerController, findFreePort, type ServerController } from '../../../src/main/scim/controller'
import { createIpcDispatcher, type UntypedHandler } from '../../../src/main/security/ipc-guard'
import type { ApiClient, EventName } from '../../../src/shared/ipc'
import { createTestNative, type RecordedNative } from './native'

/** The origin the built renderer is served from inside the test browser. */
export const appOrigin = 'http://scim-console.test'
const rendererDir = resolve('out/renderer')
const bridgeScript = resolve('out/e2e/bridge.js')
const builtLogWriter = resolve('out/main/log-writer.js')
const builtDatabaseCheck = resolve('out/main/database-check.js')
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

/** The real main-process side of one test: its own data folder, services, SCIM server and handlers. */
export interface ConsoleBackend {
  readonly services: Services
  readonly server: ServerController
  readonly handlers: Handlers
  readonly dataDir: string
  /** The running SCIM server's origin, e.g. http://127.0.0.1:41234 */
  readonly scimOrigin: string
  /** What the stand-in for the OS (dialogs, notifications, shell) was asked to do. */
  readonly native: RecordedNative
  /** What the handlers asked to run at quit (HandlerDeps.atQuit); stopBackend runs it first, as the app does. */
  readonly quitTasks: readonly (() => Promise<void>)[]
  /** Tells the screens when a token expires, as the app's does (src/main/core/token-expiry.ts). */
  readonly expiry: { stop(): void }
  /** What the page told main it holds its unload for (`app:hold-unload`): Electron's window words its question from it. */
  readonly unloadHolds: UnloadHolds
}

/**
 * Hands main's events to the page in the order they were emitted, as Electron's IPC does. One `page.evaluate` per
 * event is not enough: under load their answers come back out of order, and a late "step running" overwrote a run's
 * final state in one CI run. So one batch is in flight at a time, and whatever is emitted meanwhile waits for the next.
 */
function orderedDelivery(page: Page): (event: string, payload: unknown) => void {
  let queued: (readonly [string, unknown])[] = []
  let sending = false
  async function send(): Promise<void> {
    sending = true
    while (queued.length > 0) {
      const batch = queued
      queued = []
      await page
        .evaluate((events) => {
          for (const [name, data] of events) {
            try {
              window.__scimConsoleEmit?.(name, data)
            } catch (error) {
              // A listener that throws still shows as a page error, and the events after it are delivered.
              setTimeout(() => {
                throw error
              })
            }
          }
        }, batch)
        // A page that is navigating or closing misses these events, as a reloading Electron window would.
        .catch(() => undefined)
    }
    sending = false
  }
  return (event, payload) => {
    queued.push([event, payload] as const)
    if (!sending) void send()
  }
}

/**
 * Listens in the page for main's next `event`. The function it gives settles once the page has heard it (its own
 * listeners ran first): a test waits for a push to arrive, not for a time that a loaded machine may not keep to.
 */
export async function nextPush(page: Page, event: EventName): Promise<() => Promise<void>> {
  await page.evaluate((name) => {
    const scope = window as unknown as { api: ApiClient; nextPush?: Promise<void> }
    scope.nextPush = new Promise((resolve) => {
      const off = scope.api.on(name, () => {
        off()
        resolve()
      })
    })
  }, event)
  return () => page.evaluate(() => (window as unknown as { nextPush: Promise<void> }).nextPush)
}

/** Opens the built renderer with `window.api` wired to real handlers over `page.exposeBinding`. */
export async function openConsole(page: Page, backend: ConsoleBackend, route = '/'): Promise<void> {
  await page.route(`${appOrigin}/**`, async (routed) => {
    const url = new URL(routed.request().url())
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html'
    const file = join(rendererDir, relative)
    if (!file.startsWith(rendererDir)) return routed.fulfill({ status: 403 })
    try {
      await routed.fulfill({ status: 200, body: readFileSync(file), headers: { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' } })
    } catch {
      await routed.fulfill({ status: 404, body: 'not found' })
    }
  })
  // Main's own dispatcher, as ipcMain.handle runs it: the sender check and the mapping of thrown errors included.
  const dispatch = createIpcDispatcher({
    handlers: backend.handlers as unknown as Readonly<Record<string, UntypedHandler>>,
    rendererUrl: `${appOrigin}/index.html`,
    onError: (channel, error) => console.error(`IPC ${channel} failed:`, error)
  })
  await page.exposeBinding('__scimConsoleInvoke', async (source, channel: string, input: unknown) =>
    dispatch(channel, { url: source.frame.url(), isTopFrame: source.frame === source.page.mainFrame(), isOurWebContents: true }, input)
  )
  await page.addInitScript({ path: bridgeScript })
  const unsubscribe = backend.services.events.onAny(orderedDelivery(page))
  page.once('close', unsubscribe)
  // As Electron's window does (askBeforeLeaving): a new document, or a closed page, holds nothing of the old one's.
  const forgetHolds = (): void => backend.unloadHolds.forget()
  page.on('domcontentloaded', forgetHolds)
  page.once('close', forgetHolds)
  await page.goto(`${appOrigin}/index.html#${route}`)
}

/** Creates the backend: a fresh SQLite file and a SCIM server on 127.0.0.1, on a free port of its own. */
export async function startBackend(browser: Browser): Promise<ConsoleBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scim-console-e2e-'))
  const dbPath = join(dataDir, 'console.db')
  // As in the app, the log is written on its own thread, from the build (npm run test:e2e builds first).
  const services = createServices({ dbPath, logWriterScript: builtLogWriter, databaseCheckScript: builtDatabaseCheck })
  // As in the app, the server's address comes from the settings. Each test gets its own free port, stored as a real
  // port (not 0) so that Restart on the Server page keeps the address and the Settings screen shows a real one.
  const server = createServerController(services, listenOptions(services.settings.get()))
  let status = server.status()
  for (let attempt = 0; attempt < 5 && status.state !== 'running'; attempt += 1) {
    // The settings refuse port 0 (Okta could not keep a port that changes at every start).
    const port = await findFreePort('127.0.0.1', 20000 + Math.floor(Math.random() * 40000))
    if (port === null) continue
    services.settings.update({ server: { port } })
    status = await server.start(listenOptions(services.settings.get()))
  }
  if (status.state !== 'running' || !status.url) throw new Error(status.lastError ?? 'SCIM server did not start')
  const { native, recorded } = createTestNative(() => browser, join(dataDir, 'saved'))
  const quitTasks: (() => Promise<void>)[] = []
  const unloadHolds = createUnloadHolds()
  const handlers = createHandlers({
    services,
    server,
    native,
    appInfo: () => ({ version: '0.1.0', databasePath: dbPath, versions: { node: process.versions.node } }),
    atQuit: (task) => void quitTasks.push(task),
    unloadHolds
  })
  const expiry = watchTokenExpiry(services)
  return { services, server, handlers, dataDir, scimOrigin: status.url, native: recorded, quitTasks, expiry, unloadHolds }
}

/** Ends the demo runs, stops the server, closes the database and removes the data folder. */
export async function stopBackend(backend: ConsoleBackend): Promise<void> {
  await Promise.allSettled(backend.quitTasks.map((task) => task()))
  backend.expiry.stop()
  await backend.server.stop()
  backend.services.close()
  rmSync(backend.dataDir, { recursive: true, force: true })
}

/** A Playwright test with a fresh backend per test (Actual Budget's "own data folder per test"). */
export const test = base.extend<{ backend: ConsoleBackend }>({
  backend: async ({ browser }, use) => {
    const backend = await startBackend(browser)
    await use(backend)
    await stopBackend(backend)
  },
  // The page closes before its backend stops, so that no query it still makes reaches a closed database.
  page: async ({ page, backend }, use) => {
    void backend
    await use(page)
    await page.close()
  }
})

export { expect } from '@playwright/test'
