/** A file type offered in a save or open dialog. */
export interface FileFilter {
  readonly name: string
  readonly extensions: readonly string[]
}

/**
 * The operating-system services handlers need. Electron implements it in src/main/electron/native.ts; the E2E harness
 * implements it with temporary files, so the handlers run the same code in both.
 */
export interface NativeBridge {
  /** Asks where to save; null when the user cancels. */
  chooseSavePath(options: { readonly title: string; readonly defaultName: string; readonly filters: readonly FileFilter[] }): Promise<string | null>
  /** Asks which file to open; null when the user cancels. */
  chooseOpenPath(options: { readonly title: string; readonly filters: readonly FileFilter[] }): Promise<string | null>
  /** Shows a folder or file in the OS file manager. */
  showInFolder(path: string): Promise<void>
  /** Opens an https URL in the OS browser. */
  openExternal(url: string): Promise<void>
  /** Renders an HTML document to a one-page-wide PDF. */
  renderPdf(html: string): Promise<Uint8Array>
  /** Shows a native notification; clicking it navigates the window to `route`. */
  notify(notification: { readonly title: string; readonly body: string; readonly route?: string }): void
  /** Restarts the app (after a restore). */
  relaunch(): void
  /** The system clipboard's plain text ('' when it holds none). */
  readClipboardText(): Promise<string>
  /** Empties the system clipboard. */
  clearClipboard(): Promise<void>
}
