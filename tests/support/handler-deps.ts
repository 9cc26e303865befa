import type { Services } from '../../src/main/core/services'
import { createHandlers, type Handlers } from '../../src/main/ipc/handlers'
import type { NativeBridge } from '../../src/main/ipc/native'
import type { ServerController } from '../../src/main/scim/controller'
import type { ServerStatus } from '../../src/shared/models'

/** An OS that the handlers may call and that does nothing: no dialogs, files, notifications or relaunch; an empty clipboard. */
export const inertNative: NativeBridge = {
  chooseSavePath: async () => null,
  chooseOpenPath: async () => null,
  showInFolder: async () => undefined,
  openExternal: async () => undefined,
  renderPdf: async () => new Uint8Array(),
  notify: () => undefined,
  relaunch: () => undefined,
  readClipboardText: async () => '',
  clearClipboard: async () => undefined
}

/** A system clipboard in memory: what it holds, and how many times it was cleared. */
export interface MemoryClipboard {
  text: string
  clears: number
}

/** The inert OS with a clipboard in memory, which a test fills as a user's copy would. */
export function nativeWithClipboard(): { native: NativeBridge; clipboard: MemoryClipboard } {
  const clipboard: MemoryClipboard = { text: '', clears: 0 }
  const native: NativeBridge = {
    ...inertNative,
    readClipboardText: async () => clipboard.text,
    clearClipboard: async () => {
      clipboard.text = ''
      clipboard.clears += 1
    }
  }
  return { native, clipboard }
}

/** The embedded server as the handlers see it: a real one already listening at `origin`, reported as running. */
export function serverAt(origin: string, overrides: Partial<ServerStatus> = {}): ServerController {
  const url = new URL(origin)
  const status: ServerStatus = {
    state: 'running',
    host: url.hostname,
    port: Number(url.port),
    url: origin,
    publicUrl: origin,
    startedAt: new Date().toISOString(),
    lastError: null,
    suggestedPort: null,
    requestsPerSecond: 0,
    databaseFileRemoved: false,
    ...overrides
  }
  return { start: async () => status, stop: async () => status, status: () => status, move: async () => ({ ok: true, status }) }
}

/** The IPC handlers the renderer calls, over a harness's services and its listening server, with the inert OS. */
export function handlersOn(harness: { readonly services: Services; readonly origin: string }): Handlers {
  return createHandlers({ services: harness.services, server: serverAt(harness.origin), native: inertNative, appInfo: () => ({ version: '0', databasePath: '', versions: {} }) })
}
