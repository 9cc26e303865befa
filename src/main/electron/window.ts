import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BrowserWindow, session, shell } from 'electron'

/** The production Content-Security-Policy; the renderer's index.html carries the same one as a meta tag. */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** Where the renderer comes from: the dev server in development, the built files otherwise. */
export function rendererLocation(): { url: string; isAllowed: (url: string) => boolean } {
  const devServer = process.env.ELECTRON_RENDERER_URL
  if (devServer) {
    const origin = new URL(devServer).origin
    return { url: devServer, isAllowed: (url) => url.startsWith(`${origin}/`) || url === origin }
  }
  const file = pathToFileURL(join(__dirname, '../renderer/index.html')).href
  return { url: file, isAllowed: (url) => url.split('#')[0] === file }
}

/** Opens https links in the OS browser; everything else stays blocked. */
function openExternally(url: string): void {
  try {
    if (new URL(url).protocol === 'https:') void shell.openExternal(url)
  } catch {
    // Not a URL: nothing to open.
  }
}

/** Creates the hardened main window. */
export function createMainWindow(): { window: BrowserWindow; isAllowed: (url: string) => boolean } {
  const location = rendererLocation()
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'SCIM Console',
    backgroundColor: '#f8f9fa',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false
    }
  })

  if (!process.env.ELECTRON_RENDERER_URL) {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } })
    })
  }
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)

  window.webContents.on('will-navigate', (event, url) => {
    if (!location.isAllowed(url)) {
      event.preventDefault()
      openExternally(url)
    }
  })
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return { action: 'deny' }
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(location.url)
  return { window, isAllowed: location.isAllowed }
}
