/**
 * The renderer's only door to the main process. Everything else imports `call` and
 * `useApiEvent` from here; nothing else may touch `window.api` (a lint rule enforces it).
 */
import { useEffect, useRef } from 'react'
import type { ApiClient, Channel, ChannelInput, ChannelOutput, EventContract, EventName } from '../../../shared/ipc'
import type { AppError, ErrorCode } from '../../../shared/result'

declare global {
  interface Window {
    /** The typed client exposed by the preload (or by the E2E harness). */
    readonly api: ApiClient
  }
}

/** The value a channel answers with when it succeeds. */
export type ChannelValue<C extends Channel> = Extract<ChannelOutput<C>, { readonly ok: true }>['value']

/** An expected failure from main, thrown so that React Query treats it as an error. */
export class ApiError extends Error implements AppError {
  readonly code: ErrorCode
  readonly details?: Readonly<Record<string, unknown>>

  constructor(error: AppError) {
    super(error.message)
    this.name = 'ApiError'
    this.code = error.code
    if (error.details) this.details = error.details
  }
}

/** True when `error` is an `ApiError` with one of the given codes. */
export function isApiError(error: unknown, ...codes: readonly ErrorCode[]): error is ApiError {
  return error instanceof ApiError && (codes.length === 0 || codes.includes(error.code))
}

/** A human sentence for any error a query or mutation may hold. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

function client(): ApiClient {
  // Opened outside Electron (or the harness), there is no bridge; say so rather than crash on `undefined`.
  if (typeof window.api === 'undefined') {
    throw new ApiError({
      code: 'unavailable',
      message: 'SCIM Console cannot reach its main process. Restart the app; if this persists, reinstall it.'
    })
  }
  return window.api
}

/** Calls one channel and unwraps its `Result`: resolves with the value, rejects with an `ApiError`. */
export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelValue<C>> {
  const result = await client().invoke(channel, input)
  if (result.ok) return result.value as ChannelValue<C>
  throw new ApiError(result.error)
}

/** Subscribes to a push event from main for the lifetime of the component. */
export function useApiEvent<E extends EventName>(event: E, listener: (payload: EventContract[E]) => void): void {
  const latest = useRef(listener)
  useEffect(() => {
    latest.current = listener
  })
  useEffect(() => {
    if (typeof window.api === 'undefined') return undefined
    return window.api.on(event, (payload) => latest.current(payload))
  }, [event])
}
