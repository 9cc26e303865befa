import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BrowserWindow, dialog, nativeTheme, session, shell, type Session, type WebContents } from 'electron'
import { leaveQuestion } from '../core/leave-question'
import type { UnloadHolds } from '../core/unload-holds'
import type { WindowState } from '../core/window-state'
import { minimumWindowSize } from '../core/window-state'
import {
  contentSecurityPolicy,
  denyPermissionCheck,
  denyPermissionRequest,
  externalUrlToOpen,
  isAllowedNavigation,
  secureWebPreferences
} from '../security/policy'

/** Where the renderer comes from: the dev server in development, the built files otherwise. */
export function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(__dirname, '../renderer/index.html')).href
}

/** Opens a link in the OS browser when the policy allows it (https only); anything else is dropped. */
function openExternally(url: string): void {
  const safe = externalUrlToOpen(url)
  if (safe) void shell.openExternal(safe)
}

/** The session-wide rules: the CSP header in production, and no permission for anything. */
export function hardenSession(target: Session = session.defaultSession): void {
  if (!process.env.ELECTRON_RENDERER_URL) {
    target.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } })
    })
  }
  target.setPermissionRequestHandler(denyPermissionRequest)
  target.setPermissionCheckHandler(denyPermissionCheck)
}

/**
 * Applies the navigation rules to any webContents the app creates (the main window and the hidden PDF renderer alike):
 * no navigation away from the renderer, no new windows (https links go to the OS browser), no <webview>.
 */
export function hardenWebContents(contents: WebContents, allowedUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (isAllowedNavigation(url, allowedUrl)) return
    event.preventDefault()
    openExternally(url)
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, allowedUrl)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return { action: 'deny' }
  })
}

/** Creates the hardened main window at its remembered place; it shows itself once painted. */
export function createMainWindow(options: { readonly url: string; readonly placement: WindowState; readonly icon?: string }): BrowserWindow {
  const { bounds, maximized } = options.placement
  const window = new BrowserWindow({
    ...bounds,
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    show: false,
    title: 'SCIM Console',
    icon: options.icon,
    // The first paint matches the OS theme, so a dark desktop gets no white flash.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171c' : '#f8f9fa',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs'))
  })
  // Navigation rules come from app.ts's 'web-contents-created' hook, which covers this and every other webContents.
  window.once('ready-to-show', () => {
    if (maximized) window.maximize()
    window.show()
  })
  void window.loadURL(options.url)
  return window
}

/**
 * The window's answer to a page that holds its unload, for what a closed or reloaded window would lose for good: a
 * form's unsaved changes (unsaved-changes.tsx, form-modal.tsx), or a new API token not copied yet, which the issue
 * dialog shows only once (issue-token-modal.tsx). beforeunload carries no words, so the page tells main what it holds
 * over IPC (`app:hold-unload`, kept in `holds`), and the question is worded from that (core/leave-question.ts). Those
 * holds belong to the page on the screen: they are forgotten when another page replaces it (a reload, or the renderer
 * started again after a crash) and when the window closes. Electron shows no question of its own; it only tells us
 * (will-prevent-unload), and the unload goes ahead only when the handler calls preventDefault. So the answer must be
 * known before the handler returns: a synchronous question, as Electron's docs show. It stops main's event loop, and
 * the SCIM server with it, while it is up; it comes up only as the window closes or reloads, and a close without the
 * tray stops the server anyway. `onStay` hears that the CSM kept the window.
 */
export function askBeforeLeaving(window: BrowserWindow, holds: UnloadHolds, onStay: () => void): void {
  const contents = window.webContents
  // did-navigate is a new document in the main frame, never a move inside the app (its routes are the URL's hash).
  contents.on('did-navigate', () => holds.forget())
  contents.on('render-process-gone', () => holds.forget())
  window.on('closed', () => holds.forget())
  contents.on('will-prevent-unload', (event) => {
    // Quitting from the tray may close a hidden window: show what the question is about.
    revealWindow(window)
    const { title, message, detail } = leaveQuestion(holds.current())
    const choice = dialog.showMessageBoxSync(window, {
      type: 'warning',
      title,
      message,
      detail,
      buttons: ['Leave', 'Stay'],
      defaultId: 1,
      cancelId: 1,
      noLink: true
    })
    if (choice === 0) event.preventDefault()
    else onStay()
  })
}

/** The window's state to remember: its normal bounds even while maximised, so un-maximising restores them. */
export function currentWindowState(window: BrowserWindow): WindowState {
  return { bounds: window.getNormalBounds(), maximized: window.isMaximized() }
}

/**
 * Asked as the app quits while its database file is found deleted or moved (the banner's state): a deleted file's data
 * lives on only in the app's open connection, and goes when it quits. True to quit; Stay leaves the banner's Back up…
 * within reach.
 */
export function confirmQuitWithoutFile(window: BrowserWindow, dbPath: string): boolean {
  revealWindow(window)
  const choice = dialog.showMessageBoxSync(window, {
    type: 'warning',
    title: 'The database file is gone',
    message: 'Quit without a backup?',
    detail: `The database file at ${dbPath} was deleted or moved while SCIM Console was running. If it was deleted, what it held is lost when SCIM Console quits; if it was moved, it is where it was moved to. Stay, and use Back up… on the banner to keep a copy first.`,
    buttons: ['Quit anyway', 'Stay'],
    defaultId: 1,
    cancelId: 1,
    noLink: true
  })
  return choice === 0
}

/** Brings the window back from the tray, the dock or a second launch. */
export function revealWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}
