import { ipcMain, type BrowserWindow } from 'electron'
import { eventNames } from '../../shared/ipc'
import type { EventBus } from '../core/events'
import type { Handlers } from '../ipc/handlers'
import { createIpcDispatcher, ipcRegistrationPlan, type UntypedHandler } from '../security/ipc-guard'

/**
 * Registers the contract's channels (and only those) on `ipcMain.handle`, each through the dispatcher that checks the
 * sender and catches bugs; handlers validate their own arguments. Forwards the event bus to the window.
 */
export function registerIpc(options: {
  readonly handlers: Handlers
  readonly events: EventBus
  readonly window: BrowserWindow
  readonly rendererUrl: string
  readonly onError: (channel: string, error: unknown) => void
}): () => void {
  const { handlers, events, window, rendererUrl, onError } = options
  const table = handlers as unknown as Readonly<Record<string, UntypedHandler>>
  const dispatch = createIpcDispatcher({ handlers: table, rendererUrl, onError })
  const planned = ipcRegistrationPlan(table)
  for (const channel of planned) {
    ipcMain.handle(channel, (event, input: unknown) =>
      dispatch(channel, {
        url: event.senderFrame?.url ?? null,
        isTopFrame: event.senderFrame !== null && event.senderFrame.parent === null,
        isOurWebContents: !window.isDestroyed() && event.sender === window.webContents
      }, input)
    )
  }
  const known = new Set<string>(eventNames)
  const unsubscribe = events.onAny((event, payload) => {
    if (known.has(event) && !window.isDestroyed()) window.webContents.send(event, payload)
  })
  return () => {
    unsubscribe()
    for (const channel of planned) ipcMain.removeHandler(channel)
  }
}
