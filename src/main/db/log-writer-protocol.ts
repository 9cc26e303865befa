// What the console's thread and the log writer thread say to each other (log-writer.ts, log-writer-thread.ts).
import type { NewLogRow } from './log-batch.ts'

export type LogWriterRequest =
  | { readonly kind: 'write'; readonly seq: number; readonly rows: readonly NewLogRow[] }
  | { readonly kind: 'close' }

/**
 * A batch's ids in its order, or why it was refused (`code` is SQLite's, as better-sqlite3 gives it). A batch is
 * written in one or more transactions (log-writer-thread.ts says why), so a refused one may have had its first rows
 * written: `ids` are theirs, and the rest were not written.
 */
export type LogWriterReply =
  | { readonly seq: number; readonly ids: readonly number[]; readonly error?: undefined }
  | { readonly seq: number; readonly ids: readonly number[]; readonly error: { readonly message: string; readonly code: string | null } }

/**
 * Slots of the shared signal: replies posted so far, the thread's state, who holds the write gate, and whether the
 * serving thread is waiting for the gate (1) or not (0).
 */
export const replySlot = 0
export const stateSlot = 1
export const gateSlot = 2
export const wantSlot = 3
export const signalSlots = 4
export const threadState = { starting: 0, ready: 1, failed: 2, closed: 3 } as const
/** The write gate (group-commit.ts WriteGate): free, or held by the writer thread or by the serving thread. */
export const gateHolder = { none: 0, writer: 1, server: 2 } as const
