import { BrowserWindow, Notification, app, clipboard, dialog, shell } from 'electron'
import type { NativeBridge } from '../ipc/native'
import { externalUrlToOpen } from '../security/policy'

/** The NativeBridge over Electron's dialogs, shell, notifications and clipboard. */
export function createElectronNative(getWindow: () => BrowserWindow | null, navigate: (route: string) => void): NativeBridge {
  return {
    async chooseSavePath({ title, defaultName, filters }) {
      const window = getWindow()
      const options = { title, defaultPath: defaultName, filters: filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })) }
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    },
    async chooseOpenPath({ title, filters }) {
      const window = getWindow()
      const options = {
        title,
        properties: ['openFile' as const],
        filters: filters.map((f) => ({ name: f.name, extensions: [...f.extensions] }))
      }
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async showInFolder(path) {
      shell.showItemInFolder(path)
    },
    async openExternal(url) {
      const safe = externalUrlToOpen(url)
      if (safe === null) throw new Error('Only https links open outside the app.')
      await shell.openExternal(safe)
    },
    async renderPdf(html) {
      // An offscreen, sandboxed window with JavaScript off renders the guide; nothing in it can reach Node.
      const window = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, javascript: false } })
      try {
        await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`)
        return await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4' })
      } finally {
        window.destroy()
      }
    },
    notify({ title, body, route }) {
      if (!Notification.isSupported()) return
      const notification = new Notification({ title, body })
      if (route) {
        notification.on('click', () => {
          const window = getWindow()
          window?.show()
          window?.focus()
          navigate(route)
        })
      }
      notification.show()
    },
    relaunch() {
      // quit (not exit) so that before-quit stops the server and closes the database cleanly first.
      app.relaunch()
      app.quit()
    },
    readClipboardText: () => clipboard.readText(),
    async clearClipboard() {
      clipboard.clear()
    }
  }
}
