import type { Db } from './connection'

/**
 * Group commit for the SCIM server's writes. Okta keeps many requests in flight; each write used to be its own
 * transaction, and a commit (writing the changed pages to the WAL) cost more than the write. Here the writes that
 * arrive together are queued, and once the event loop has run every callback that was ready (setImmediate) they run
 * one after another in one IMMEDIATE transaction, each in its own savepoint, and are committed once.
 *
 * - A write is acknowledged only after the commit: `write` resolves then, and rejects (nothing kept) if it failed.
 * - The transaction is opened and committed in one synchronous step, so no other code on this connection (the
 *   console's IPC handlers, the log writer) ever runs inside it: what they write is theirs to acknowledge.
 * - Each queued write reads and writes inside the transaction, so a read-modify-write (a PATCH) sees the writes
 *   queued before it: two PATCHes of one user never lose each other's changes.
 * - A write that throws is rolled back to its savepoint; the others are unaffected, unless SQLite rolled the whole
 *   transaction back (a full disk): then every write of the batch is refused with that error.
 */
export interface GroupCommit {
  /** Queues `work`; resolves with what it returned once it is committed, or rejects with what it threw. */
  write<T>(work: () => T): Promise<T>
  /** Runs and commits the queued writes now (at close, so that none is left waiting). */
  flushNow(): void
}

/**
 * The write lock between this thread and another of the same process that writes the same file (the log writer,
 * log-writer.ts). SQLite's own lock makes a writer that finds it taken sleep, and that sleep would stop the thread
 * that serves every request; with the gate, the group commit waits for the other thread's transaction without
 * blocking, and serves requests meanwhile.
 */
export interface WriteGate {
  /** Takes the gate if it is free; `leave` gives it back. */
  tryEnter(): boolean
  leave(): void
  /** Resolves once the gate may be free (or after a while, to try again); the holder is asked to make way. */
  whenFree(): Promise<void>
}

interface Queued {
  readonly work: () => unknown
  readonly resolve: (value: unknown) => void
  readonly reject: (error: unknown) => void
}

export function createGroupCommit(db: Db, gate: WriteGate | null = null): GroupCommit {
  const begin = db.prepare('BEGIN IMMEDIATE')
  const commit = db.prepare('COMMIT')
  // Nested in the open transaction, better-sqlite3 runs this as SAVEPOINT … RELEASE, or ROLLBACK TO on a throw.
  const inSavepoint = db.transaction((work: () => unknown) => work())
  let queue: Queued[] = []

  /** The turn of the event loop after the first write of a batch: commits when the gate is free, else waits for it. */
  function flushWhenFree(): void {
    if (gate === null) return flushNow()
    if (!gate.tryEnter()) {
      void gate.whenFree().then(flushWhenFree)
      return
    }
    try {
      commitQueued()
    } finally {
      gate.leave()
    }
  }

  function flushNow(): void {
    // At close a wait is fine: without the gate, SQLite's busy wait does it.
    const entered = gate?.tryEnter() ?? false
    try {
      commitQueued()
    } finally {
      if (entered) gate?.leave()
    }
  }

  function commitQueued(): void {
    const batch = queue
    queue = []
    if (batch.length === 0) return
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = []
    try {
      begin.run()
    } catch (error) {
      // The file is held by another process past the busy timeout, or cannot be written: nothing ran.
      for (const queued of batch) queued.reject(error)
      return
    }
    for (const queued of batch) {
      try {
        outcomes.push({ ok: true, value: inSavepoint(queued.work) })
      } catch (error) {
        if (!db.inTransaction) {
          // SQLite rolls the whole transaction back on some errors (a full disk, an I/O error): every write of the
          // batch is gone, so every one is refused with that error.
          for (const each of batch) each.reject(error)
          return
        }
        outcomes.push({ ok: false, error })
      }
    }
    try {
      commit.run()
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK')
      for (const queued of batch) queued.reject(error)
      return
    }
    batch.forEach((queued, index) => {
      const outcome = outcomes[index]
      if (outcome?.ok) queued.resolve(outcome.value)
      else queued.reject(outcome?.error)
    })
  }

  return {
    write<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (queue.length === 0) setImmediate(flushWhenFree)
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
      })
    },
    flushNow
  }
}
