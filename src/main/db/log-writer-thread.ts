// The provisioning log's writer thread: it writes the batches that log-writer.ts hands it, on a connection of its own,
// so that inserting and indexing the rows (and the WAL checkpoints that follow) use a second core instead of the
// thread that serves SCIM requests. The build emits it as out/main/log-writer.js; tests load this file as it is
// (Node strips the types), which is why its imports, and theirs, name the .ts file.
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { workerData, type MessagePort } from 'node:worker_threads'
import type { Db } from './connection.ts'
import type { LogRowsWriter, NewLogRow } from './log-batch.ts'
import { gateHolder, gateSlot, replySlot, stateSlot, threadState, wantSlot, type LogWriterReply, type LogWriterRequest } from './log-writer-protocol.ts'
import { toThreadError } from './thread-errors.ts'

const setup = workerData as {
  readonly dbPath: string
  readonly port: MessagePort
  readonly signal: SharedArrayBuffer
  readonly checkpointEveryMs: number
  /**
   * How long the thread waits for the serving thread to take its turn, once it has made way for it: a serving thread
   * takes it within a millisecond, and one that does not has stopped waiting.
   */
  readonly turnLimitMs: number
}
const signal = new Int32Array(setup.signal)

function announce(state: number): void {
  Atomics.store(signal, stateSlot, state)
  Atomics.notify(signal, stateSlot)
}

/**
 * Runs `work` holding the write gate: the serving thread holds it only for the few synchronous steps of one group
 * commit, so waiting for it here is short, and it never waits for SQLite's lock behind this thread.
 */
function holdingGate<T>(work: () => T): T {
  for (;;) {
    const holder = Atomics.compareExchange(signal, gateSlot, gateHolder.none, gateHolder.writer)
    if (holder === gateHolder.none) break
    Atomics.wait(signal, gateSlot, holder, 50)
  }
  try {
    return work()
  } finally {
    Atomics.store(signal, gateSlot, gateHolder.none)
    Atomics.notify(signal, gateSlot)
  }
}

/** Rows written between two looks at whether the serving thread waits for the gate: about a quarter of a millisecond. */
const rowsPerLook = 4

type BatchOutcome = { readonly ids: number[]; readonly failed: false } | { readonly ids: number[]; readonly failed: true; readonly error: unknown }

/**
 * Writes a batch in as few transactions as the serving thread allows. A batch of a few hundred rows takes 5-20 ms,
 * and all that time the serving thread could commit no SCIM write: under Okta's 32 requests in flight, every one of
 * them waited for the log. So every `rowsPerLook` rows the thread looks whether the serving thread waits for the gate
 * (log-writer.ts whenFree); if it does, the thread commits what it has, makes way, and goes on in a new transaction
 * once the serving thread has had its turn. Without contention a batch is one transaction. Returns the ids written,
 * and the error that stopped the rest, if any.
 */
function createBatchWriter(db: Db, writer: LogRowsWriter): (rows: readonly NewLogRow[]) => BatchOutcome {
  const begin = db.prepare('BEGIN IMMEDIATE')
  const commit = db.prepare('COMMIT')
  return (rows) => {
    const ids: number[] = []
    // A serving thread that did not take its turn in time has stopped waiting: the rest is written in one go.
    let makingWay = true
    const wanted = () => makingWay && Atomics.load(signal, wantSlot) === 1
    try {
      while (ids.length < rows.length) {
        holdingGate(() => {
          const written: number[] = []
          begin.run()
          try {
            do {
              const from = ids.length + written.length
              written.push(...writer.insert(rows.slice(from, from + rowsPerLook)))
            } while (ids.length + written.length < rows.length && !wanted())
            writer.complete(rows.slice(ids.length, ids.length + written.length), written)
            commit.run()
          } catch (error) {
            if (db.inTransaction) db.exec('ROLLBACK')
            throw error
          }
          ids.push(...written)
        })
        // The serving thread clears the flag once it holds the gate, and wakes this wait.
        if (ids.length < rows.length && wanted() && Atomics.wait(signal, wantSlot, 1, setup.turnLimitMs) === 'timed-out') makingWay = false
      }
      return { ids, failed: false }
    } catch (error) {
      return { ids, failed: true, error }
    }
  }
}

/**
 * The WAL checkpoints, run by this thread between batches and outside the gate. SQLite's own (wal_autocheckpoint)
 * would run inside the commit that crosses the mark, holding the gate: 30-100 ms in which the serving thread could
 * commit nothing, though a PASSIVE checkpoint does not block SQLite's writers. This aims at one checkpoint every
 * `pagesPerCheckpoint` WAL frames, as the console's connection does; the frames per row are learnt from each
 * checkpoint. The console's connection does none while the thread runs, and its own writes (a retention prune, say)
 * log no rows: every `everyMs` a checkpoint runs anyway, which costs little when there is little to copy.
 */
function createCheckpointer(db: Db, pagesPerCheckpoint: number, everyMs: number): { afterBatch(rows: number): void; stop(): void } {
  let rowsPerCheckpoint = 2_000
  let rowsSince = 0
  let rowsSinceTick = 0
  // Under steady writes a PASSIVE checkpoint never catches up with the end of the WAL at the moment a write begins, so
  // the WAL never starts over and grows without end: 725 MB in 20 s of 32 Okta requests in flight, kept when idle, until
  // the disk was full. Past four times the target, a RESTART checkpoint makes the next write start the WAL over, and
  // journal_size_limit (connection.ts) then cuts the file back. It waits for the readers of the WAL's end (a serving
  // thread's reads take microseconds) and holds the gate, so that the serving thread's commits wait on the gate, as for
  // a batch, rather than in SQLite's busy handler. An idle WAL larger than the target is cut back too (TRUNCATE).
  const restartFrames = pagesPerCheckpoint * 4
  function checkpoint(idle = false): number | null {
    rowsSince = 0
    try {
      const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[]
      const frames = result?.log ?? null
      if (frames !== null && (frames > restartFrames || (idle && frames > pagesPerCheckpoint))) {
        holdingGate(() => db.pragma(`wal_checkpoint(${idle ? 'TRUNCATE' : 'RESTART'})`))
      }
      return frames
    } catch {
      // A checkpoint that fails (the disk is full) leaves the WAL as it is; the next one tries again.
      return null
    }
  }
  const timer = setInterval(() => {
    checkpoint(rowsSinceTick === 0)
    rowsSinceTick = 0
  }, everyMs)
  timer.unref()
  return {
    afterBatch(rows) {
      rowsSince += rows
      rowsSinceTick += rows
      if (rowsSince < rowsPerCheckpoint) return
      const written = rowsSince
      const frames = checkpoint()
      if (frames) rowsPerCheckpoint = Math.min(100_000, Math.max(100, Math.round((written * pagesPerCheckpoint) / frames)))
      timer.refresh()
    },
    stop: () => clearInterval(timer)
  }
}

/**
 * Gives the thread a lower priority than the thread that serves SCIM requests, so that when the two want the same
 * core, Okta's request is answered first and its log row is written a moment later: the log still keeps up (after
 * 20,000 GETs at full speed every row was written within milliseconds), and in interleaved rounds of 20,000 GETs
 * and of 20,000 PATCHes the server answered 7% and 5% more a second. Linux only, where a thread has an id of its own
 * (/proc/thread-self) that setpriority takes; elsewhere the thread keeps its priority.
 */
function yieldToTheServingThread(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').at(-1))
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, 10)
  } catch {
    // No /proc (macOS, Windows), or a system that refuses: the thread writes at the serving thread's priority.
  }
}

function reply(message: LogWriterReply): void {
  setup.port.postMessage(message)
  // The console may be blocked waiting for this reply (log-writer.ts settle); it counts replies, then reads them.
  Atomics.add(signal, replySlot, 1)
  Atomics.notify(signal, replySlot)
}

yieldToTheServingThread()

try {
  // Loaded here rather than imported above, so that a missing or broken native module is announced, not only thrown.
  const { default: Database } = await import('better-sqlite3')
  const { configureConnection, checkpointPages } = await import('./connection.ts')
  const { createLogRowsWriter } = await import('./log-batch.ts')
  // The console's file exists: the console opened it before starting this thread. If it is gone by now (deleted or
  // moved while the thread started), opening the path would create a new, empty file there, which the next start
  // would take for the console's data; the thread fails instead, and the console writes the log itself.
  const db = new Database(setup.dbPath, { fileMustExist: true })
  configureConnection(db, { checkpointPages: 0 })
  const writeBatch = createBatchWriter(db, createLogRowsWriter(db))
  const checkpoints = createCheckpointer(db, checkpointPages, setup.checkpointEveryMs)
  setup.port.on('message', (request: LogWriterRequest) => {
    if (request.kind === 'close') {
      checkpoints.stop()
      setup.port.close()
      db.close()
      announce(threadState.closed)
      return
    }
    const outcome = writeBatch(request.rows as NewLogRow[])
    if (!outcome.failed) reply({ seq: request.seq, ids: outcome.ids })
    else reply({ seq: request.seq, ids: outcome.ids, error: toThreadError(outcome.error) })
    checkpoints.afterBatch(outcome.ids.length)
  })
  announce(threadState.ready)
} catch (error) {
  announce(threadState.failed)
  throw error
}
