import type { Db } from './connection'

/**
 * Group commit for the SCIM server's writes. Okta keeps many requests in flight; each write used to be its own
 * transaction, and a commit (writing the changed pages to the WAL) cost more than the write. Here the writes that
 * arrive together are queued, and once the event loop has run every callback that was ready (setImmediate) they run
 * one after another in one IMMEDIATE transaction, and are committed once.
 *
 * - A write is acknowledged only after the commit: `write` resolves then, and rejects (nothing kept) if it failed.
 * - The transaction is opened and committed in one synchronous step, so no other code on this connection (the
 *   console's IPC handlers, the log writer) ever runs inside it: what they write is theirs to acknowledge.
 * - Each queued write reads and writes inside the transaction, so a read-modify-write (a PATCH) sees the writes
 *   queued before it: two PATCHes of one user never lose each other's changes.
 * - A write that throws changes nothing, and the others are unaffected (runEach says how), unless SQLite rolled the
 *   whole transaction back (a full disk): then every write of the batch is refused with that error.
 */
export interface GroupCommit {
  /**
   * Queues `work`; resolves with what it returned once it is committed, or rejects with what it threw. `work` may run
   * twice (once more if another write of its batch fails halfway), so it must act on the database only.
   */
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

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown }
/** The transaction is gone: SQLite rolled it back, with this error. */
type Lost = { readonly lost: unknown }

interface Queued {
  readonly work: () => unknown
  readonly resolve: (value: unknown) => void
  readonly reject: (error: unknown) => void
}

/**
 * How long a batch waits for another process's write lock, or for the gate while the other thread waits for it,
 * before it is refused (a 503, "held it for more than 5 seconds"): SQLite's busy timeout.
 */
const lockWaitMs = 5_000

/** `options.lockWaitMs`: how long a batch waits for another process's write lock (tests shorten it). */
export function createGroupCommit(db: Db, gate: WriteGate | null = null, options: { readonly lockWaitMs?: number } = {}): GroupCommit {
  const waitLimitMs = options.lockWaitMs ?? lockWaitMs
  const begin = db.prepare('BEGIN IMMEDIATE')
  // Another process (the CLI, `serve`, the app) may hold the file's write lock. SQLite's busy handler would wait for
  // it by sleeping, and with it the thread that answers every request, GETs of other tenants too (5 s in an audit).
  // So the batch's BEGIN does not wait (busy_timeout 0 for that one statement); the batch tries again on a timer, and
  // the event loop serves reads meanwhile. The PRAGMA is not a prepared statement (SQLite applies busy_timeout when
  // it prepares one, not when it runs it), but exec: 1.6 µs for the two a batch, where pragma() takes 17.
  const restoreTimeout = `PRAGMA busy_timeout = ${db.pragma('busy_timeout', { simple: true }) as number}`
  let waitingSince: number | null = null
  const commit = db.prepare('COMMIT')
  // Nested in the open transaction, better-sqlite3 runs this as SAVEPOINT … RELEASE, or ROLLBACK TO on a throw.
  const inSavepoint = db.transaction((work: () => unknown) => work())
  const totalChanges = db.prepare('SELECT total_changes()').pluck()
  let queue: Queued[] = []

  /** The turn of the event loop after the first write of a batch: commits when the gate is free, else waits for it. */
  function flushWhenFree(): void {
    if (gate === null) return commitQueued()
    if (!gate.tryEnter()) {
      // The other thread may be the one waiting for another process's lock, holding the gate meanwhile: the batch's
      // wait counts from its first try, whatever it waits for, so that it is answered within the limit.
      waitingSince ??= Date.now()
      if (Date.now() - waitingSince >= waitLimitMs) return refuseQueue(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))
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
      commitQueued('block')
    } finally {
      if (entered) gate?.leave()
    }
  }

  /**
   * Runs each write of the batch in the open transaction. A savepoint around each costs two statements, as much as
   * a create's INSERT itself, and is needed only by a write that throws after writing part of its change; most
   * writes that fail (a userName taken, a bad PATCH) throw before writing anything. So the first run uses none, and
   * looks after a throw whether the write changed rows (total_changes(); a statement that fails takes back its own
   * rows). If it did, the caller runs the batch again with `inSavepoints`.
   */
  function runEach(batch: readonly Queued[], inSavepoints: true): Outcome[] | Lost
  function runEach(batch: readonly Queued[], inSavepoints: false): Outcome[] | Lost | 'again-in-savepoints'
  function runEach(batch: readonly Queued[], inSavepoints: boolean): Outcome[] | Lost | 'again-in-savepoints' {
    const outcomes: Outcome[] = []
    for (const queued of batch) {
      const changesBefore = inSavepoints ? 0 : totalChanges.get()
      try {
        outcomes.push({ ok: true, value: inSavepoints ? inSavepoint(queued.work) : queued.work() })
      } catch (error) {
        if (!db.inTransaction) return { lost: error }
        if (!inSavepoints && totalChanges.get() !== changesBefore) return 'again-in-savepoints'
        outcomes.push({ ok: false, error })
      }
    }
    return outcomes
  }

  /** BEGIN IMMEDIATE without waiting: null once it is open, or SQLite's busy error when another process holds the lock. */
  function beginWithoutWaiting(): unknown {
    db.exec('PRAGMA busy_timeout = 0')
    try {
      begin.run()
      return null
    } catch (error) {
      const code = (error as { code?: unknown }).code
      if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY')) throw error
      return error
    } finally {
      db.exec(restoreTimeout)
    }
  }

  /** Refuses every queued write with `error`: nothing of theirs ran. */
  function refuseQueue(error: unknown): void {
    waitingSince = null
    const refused = queue
    queue = []
    for (const queued of refused) queued.reject(error)
  }

  /**
   * Commits the queue. `wait` says what to do while another process holds the write lock: `retry` tries again on a
   * timer, and refuses the queue once it has waited `waitLimitMs`; `block` waits as SQLite waits (at close).
   */
  function commitQueued(wait: 'retry' | 'block' = 'retry'): void {
    if (queue.length === 0) return
    try {
      if (wait === 'block') begin.run()
      else {
        const busy = beginWithoutWaiting()
        if (busy !== null) {
          waitingSince ??= Date.now()
          if (Date.now() - waitingSince >= waitLimitMs) return refuseQueue(busy)
          setTimeout(flushWhenFree, 10)
          return
        }
      }
    } catch (error) {
      // The file cannot be written (read-only, a full disk), or is held past SQLite's wait: nothing ran.
      return refuseQueue(error)
    }
    waitingSince = null
    const batch = queue
    queue = []
    let outcomes = runEach(batch, false)
    if (outcomes === 'again-in-savepoints') {
      // A write threw after part of its change was written, and only a savepoint can take that part back alone. The
      // batch runs again from the start, each write in its own savepoint; nothing of the first run was acknowledged.
      db.exec('ROLLBACK')
      try {
        begin.run()
      } catch (error) {
        for (const queued of batch) queued.reject(error)
        return
      }
      outcomes = runEach(batch, true)
    }
    if (!Array.isArray(outcomes)) {
      // SQLite rolls the whole transaction back on some errors (a full disk, an I/O error): every write of the batch
      // is gone, so every one is refused with that error.
      for (const queued of batch) queued.reject(outcomes.lost)
      return
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
