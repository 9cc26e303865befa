// An error as a worker thread reports it to the console's thread: a thread's errors arrive as plain data, so SQLite's
// code (`code` on better-sqlite3's SqliteError) is carried beside the message, for storage-errors.ts and backup.ts to
// read. The threads load this file as it is (log-writer-thread.ts says why).

export interface ThreadError {
  readonly message: string
  readonly code: string | null
}

/** What a thread sends for an error it caught. */
export function toThreadError(error: unknown): ThreadError {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : null
  return { message: error instanceof Error ? error.message : String(error), code }
}

/** The error again, as better-sqlite3 threw it on the other thread, with its code. */
export function fromThreadError(error: ThreadError): Error {
  return Object.assign(new Error(error.message), error.code === null ? {} : { code: error.code })
}
