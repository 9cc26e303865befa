import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from '@playwright/test'
import type { NativeBridge } from '../../../src/main/ipc/native'

/** What the E2E NativeBridge did, for assertions. */
export interface RecordedNative {
  readonly saved: string[]
  readonly opened: string[]
  readonly externalUrls: string[]
  readonly notifications: { title: string; body: string; route?: string }[]
  /** The file the next open dialog "chooses"; null simulates a cancel. */
  nextOpenPath: string | null
  relaunches: number
  /** The system clipboard main sees (the page's own navigator.clipboard is separate), and how often main cleared it. */
  clipboard: { text: string; clears: number }
}

/**
 * The NativeBridge of the E2E harness: save dialogs answer a path in a temporary folder, PDFs render in the test's own
 * Chromium, the clipboard is a string in memory, and everything else is recorded. Only the OS is replaced; the
 * handlers run as in the app. The saved files go in `folder`, which the test's backend removes with its data.
 */
export function createTestNative(
  browser: () => Browser,
  folder: string
): { native: NativeBridge; recorded: RecordedNative } {
  mkdirSync(folder, { recursive: true })
  const recorded: RecordedNative = {
    saved: [],
    opened: [],
    externalUrls: [],
    notifications: [],
    nextOpenPath: null,
    relaunches: 0,
    clipboard: { text: '', clears: 0 }
  }
  const native: NativeBridge = {
    async chooseSavePath({ defaultName }) {
      const path = join(folder, defaultName)
      recorded.saved.push(path)
      return path
    },
    async chooseOpenPath() {
      return recorded.nextOpenPath
    },
    async showInFolder(path) {
      recorded.opened.push(path)
    },
    async openExternal(url) {
      recorded.externalUrls.push(url)
    },
    async renderPdf(html) {
      const page = await browser().newPage()
      try {
        await page.setContent(html)
        return await page.pdf({ format: 'A4', printBackground: true })
      } finally {
        await page.close()
      }
    },
    notify(notification) {
      recorded.notifications.push(notification)
    },
    relaunch() {
      recorded.relaunches += 1
    },
    async readClipboardText() {
      return recorded.clipboard.text
    },
    async clearClipboard() {
      recorded.clipboard.text = ''
      recorded.clipboard.clears += 1
    }
  }
  return { native, recorded }
}
