// The E2E stand-in for the preload: the same createApiClient, over Playwright bindings instead of ipcRenderer.
import { createApiClient } from '../../../src/shared/ipc'

type Listener = (payload: unknown) => void

declare global {
  interface Window {
    __scimConsoleInvoke: (channel: string, input: unknown) => Promise<unknown>
    __scimConsoleEmit: (event: string, payload: unknown) => void
  }
}

const listeners = new Map<string, Set<Listener>>()

window.__scimConsoleEmit = (event, payload) => {
  for (const listener of listeners.get(event) ?? []) listener(payload)
}

Object.defineProperty(window, 'api', {
  value: createApiClient(
    (channel, input) => window.__scimConsoleInvoke(channel, input),
    (event, listener) => {
      const set = listeners.get(event) ?? new Set<Listener>()
      listeners.set(event, set)
      set.add(listener)
      return () => void set.delete(listener)
    }
  ),
  writable: false
})
