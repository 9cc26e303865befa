// What the console's thread and the log writer thread say to each other (log-writer.ts, log-writer-thread.ts).
import type { NewLogRow } from './log-batch.ts'

export type LogWriterRequest =
  | { readonly kind: 'write'; readonly seq: number; readonly rows: readonly NewLogRow[] }
  | { readonly kind: 'close' }

/** A batch's ids in its order, or why it was refused (`code` is SQLite's, as better-sqlite3 gives it). */
export type LogWriterReply =
  | { readonly seq: number; readonly ids: readonly number[]; readonly error?: undefined }
  | { readonly seq: number; readonly error: { readonly message: string; readonly code: string | null } }

/** Slots of the shared signal: replies posted so far, the thread's state, and who holds the write gate. */
export const replySlot = 0
export const stateSlot = 1
export const gateSlot = 2
export const signalSlots = 3
export const threadState = { starting: 0, ready: 1, failed: 2, closed: 3 } as const
/** The write gate (group-commit.ts WriteGate): free, or held by the writer thread or by the serving thread. */
export const gateHolder = { none: 0, writer: 1, server: 2 } as const
