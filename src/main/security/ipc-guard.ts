import { channels, type Channel } from '../../shared/ipc'
import { fail, type Result } from '../../shared/result'
import { storageFailure } from '../db/storage-errors'
import { isTrustedSender } from './policy'

/** What Electron tells us about the frame that sent an IPC call, reduced to the facts the decision needs. */
export interface SenderFacts {
  /** The sending frame's URL; null when the frame is gone. */
  readonly url: string | null
  readonly isTopFrame: boolean
  /** True when the call came from our main window's webContents. */
  readonly isOurWebContents: boolean
}

/** A handler as the registration sees it: any input in, a Result (or its promise) out. */
export type UntypedHandler = (input: unknown) => unknown

const knownChannels: ReadonlySet<string> = new Set(channels)

/**
 * The channels to register on `ipcMain.handle`: exactly the contract's. A handler map with a channel the contract lacks,
 * or without one it has, is a programming error and stops the app at start rather than leaving a hole.
 */
export function ipcRegistrationPlan(handlers: Readonly<Record<string, unknown>>): readonly Channel[] {
  const extra = Object.keys(handlers).filter((name) => !knownChannels.has(name))
  if (extra.length > 0) throw new Error(`Handlers for channels outside the IPC contract: ${extra.join(', ')}`)
  const missing = channels.filter((channel) => typeof handlers[channel] !== 'function')
  if (missing.length > 0) throw new Error(`No handler for: ${missing.join(', ')}`)
  return channels
}

/** Answers one IPC call; never throws. */
export type IpcDispatcher = (channel: string, sender: SenderFacts, input: unknown) => Promise<Result<unknown>>

/**
 * The whole per-call decision, in plain code: a known channel, from our window's top frame at our renderer's URL; then
 * the handler (which validates its argument with zod). A thrown error is a bug: it is reported (the reporter redacts)
 * and the renderer gets a generic `internal` failure, never the error's text, which could carry data it should not see.
 */
export function createIpcDispatcher(options: {
  readonly handlers: Readonly<Record<string, UntypedHandler>>
  readonly rendererUrl: string
  readonly onError: (channel: string, error: unknown) => void
}): IpcDispatcher {
  const { handlers, rendererUrl, onError } = options
  return async (channel, sender, input) => {
    if (!knownChannels.has(channel)) return fail('invalid_argument', `Unknown channel ${JSON.stringify(channel.slice(0, 60))}.`)
    if (!isTrustedSender(sender.url, sender.isTopFrame, sender.isOurWebContents, rendererUrl)) {
      return fail('failed_precondition', `Refused ${channel}: the request did not come from SCIM Console's own window.`)
    }
    const handler = handlers[channel]
    if (!handler) return fail('invalid_argument', `No handler for ${channel}.`)
    try {
      return (await handler(input)) as Result<unknown>
    } catch (error) {
      onError(channel, error)
      const storage = storageFailure(error)
      if (storage) return fail('unavailable', storage.message, { storage: storage.kind })
      return fail('internal', `SCIM Console hit an unexpected error in ${channel}. The details are in its log.`)
    }
  }
}
