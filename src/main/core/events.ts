import type { EventContract, EventName } from '../../shared/ipc'

type Listener<E extends EventName> = (payload: EventContract[E]) => void

/** Typed in-process events that main forwards to the renderer. */
export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventContract[E]): void
  on<E extends EventName>(event: E, listener: Listener<E>): () => void
  /** Every event, for forwarding to a window or to the E2E harness. */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void
}

/** Creates an event bus. A listener that throws is reported and does not stop the others. */
export function createEventBus(onListenerError: (error: unknown) => void = (error) => console.error(error)): EventBus {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const anyListeners = new Set<(event: EventName, payload: unknown) => void>()
  return {
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) {
        try {
          listener(payload)
        } catch (error) {
          onListenerError(error)
        }
      }
      for (const listener of anyListeners) {
        try {
          listener(event, payload)
        } catch (error) {
          onListenerError(error)
        }
      }
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      const wrapped = listener as (payload: unknown) => void
      set.add(wrapped)
      return () => void set.delete(wrapped)
    },
    onAny(listener) {
      anyListeners.add(listener)
      return () => void anyListeners.delete(listener)
    }
  }
}
