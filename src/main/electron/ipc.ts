import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { channels, eventNames, type Channel } from '../../shared/ipc'
import { fail } from '../../shared/result'
import type { EventBus } from '../core/events'
import type { Handlers } from '../ipc/handlers'

/** Is this the renderer we loaded: our window, our origin, the top frame? */
export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow, allowedOrigin: (url: string) => boolean): boolean {
  const frame = event.senderFrame
  return event.sender === window.webContents && frame !== null && frame.parent === null && allowedOrigin(frame.url)
}

/**
 * Registers every channel on `ipcMain.handle`. Each call is checked for its sender before the handler (which validates
 * its own arguments) runs; an unknown channel has no handler, so Electron rejects it.
 */
export function registerIpc(handlers: Handlers, events: EventBus, window: BrowserWindow, allowedOrigin: (url: string) => boolean): () => void {
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isTrustedSender(event, window, allowedOrigin)) {
        return fail('failed_precondition', `Refused ${channel}: the request did not come from SCIM Console's own window.`)
      }
      const handler = handlers[channel as Channel] as (input: unknown) => unknown
      return handler(input)
    })
  }
  const known = new Set<string>(eventNames)
  const unsubscribe = events.onAny((event, payload) => {
    if (known.has(event) && !window.isDestroyed()) window.webContents.send(event, payload)
  })
  return () => {
    unsubscribe()
    for (const channel of channels) ipcMain.removeHandler(channel)
  }
}
