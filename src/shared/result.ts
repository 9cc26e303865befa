/** Error codes that an expected failure may carry across the IPC boundary. */
export type ErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'conflict'
  | 'failed_precondition'
  | 'unavailable'
  | 'internal'

/** An expected failure: returned, never thrown, so that it survives Electron's IPC intact. */
export interface AppError {
  readonly code: ErrorCode
  readonly message: string
  readonly details?: Readonly<Record<string, unknown>>
}

/** The outcome of every IPC call. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError }

/** Wraps a value as a successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

/** Wraps an expected failure. */
export function fail<T = never>(code: ErrorCode, message: string, details?: Record<string, unknown>): Result<T> {
  return { ok: false, error: details ? { code, message, details } : { code, message } }
}

/** Makes a `switch` exhaustive: the compiler rejects a call that can be reached. */
export function assertNever(value: never, message = 'Unexpected value'): never {
  throw new Error(`${message}: ${JSON.stringify(value)}`)
}
