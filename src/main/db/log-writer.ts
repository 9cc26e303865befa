import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'
import { checkpointPages, type Db } from './connection'
import type { WriteGate } from './group-commit'
import type { NewLogRow } from './log-batch'
import {
  gateHolder,
  gateSlot,
  replySlot,
  signalSlots,
  stateSlot,
  threadState,
  wantSlot,
  type LogWriterReply,
  type LogWriterRequest
} from './log-writer-protocol'
import { fromThreadError } from './thread-errors'

/**
 * A batch's ids, or why it was not written; `stopped` when the thread is gone and the batch must be written elsewhere.
 * A refused batch may have had its first rows written: `written` are their ids, and the rest were not written.
 */
export type LogWriteOutcome =
  | { readonly ids: readonly number[] }
  | { readonly error: Error; readonly stopped: boolean; readonly written: readonly number[] }

/** How long the thread may take to answer for what it was handed before it counts as stuck (settle's default). */
export const writerAnswerLimitMs = 15_000

/**
 * The provisioning log's writer thread, as the console's thread sees it. Inserting a logged request, with its
 * indexes and its full-text entry, cost the serving thread ~45-75 µs (more than the rest of a GET); on the thread,
 * that work and the WAL checkpoints that follow run on another core, and the serving thread only hands over the rows.
 */
export interface LogWriter {
  /** Hands a batch over; `done` hears its outcome, on a later turn of the event loop or inside `settle`. */
  write(rows: readonly NewLogRow[], done: (outcome: LogWriteOutcome) => void): void
  /**
   * Blocks until every batch handed over has its outcome, and delivers them: for `flush()`, whose callers read the
   * log next, and for shutdown. After `timeoutMs` the thread is stopped and its batches are reported as not written.
   */
  settle(timeoutMs?: number): void
  /** Rows handed over and not yet answered. */
  inFlight(): number
  /** False once the thread failed or was closed: the caller writes on its own connection again. */
  running(): boolean
  /** Writes what was handed over, closes the thread's connection, and ends the thread. */
  close(): void
  /** The gate the SCIM server's group commit takes, so that it never sleeps on SQLite's lock behind this thread. */
  readonly gate: WriteGate
  /**
   * For tests that hold the gate (`gate.tryEnter()`): whether the thread is blocked waiting for it, which is when they
   * know it has a batch and did not write it, without sleeping for a while to find out. While this thread holds the
   * gate only the writer thread can wait on it (`whenFree` waits only while the writer holds it). Asking wakes that wait
   * (Atomics.notify); the thread finds the gate still held and waits again. Nothing on the serving path calls it.
   */
  threadWaitsForGate(): boolean
}

/** How long a thread may take to load its script and open the file; a thread stopped then has written nothing. */
const startupLimitMs = 5_000

/**
 * Starts the writer thread on the console's database file (`db`, already migrated), with a connection of its own. `script` is
 * log-writer-thread.ts, or its build. `onStop` hears the thread end for any reason but `close()`. Throws when the
 * script is missing; a thread that fails later (its native module, the file) is reported through `onStop`.
 */
export function startLogWriter(options: {
  readonly script: string | URL
  readonly db: Db
  /** The file the thread opens: the console's own, unless a test wants one it cannot open. */
  readonly dbPath?: string
  readonly onStop?: (error: Error) => void
  /** How often the thread checkpoints the WAL whatever it wrote (log-writer-thread.ts); tests shorten it. */
  readonly checkpointEveryMs?: number
  /** How long the thread waits for the serving thread once it made way (log-writer-thread.ts); tests lengthen it. */
  readonly turnLimitMs?: number
}): LogWriter {
  const script = typeof options.script === 'string' ? options.script : fileURLToPath(options.script)
  // A missing script fails the thread only on a later turn of the event loop, which `settle` would wait out.
  if (!existsSync(script)) throw new Error(`The log writer thread's script is missing: ${script}`)
  const signal = new Int32Array(new SharedArrayBuffer(signalSlots * Int32Array.BYTES_PER_ELEMENT))
  const channel = new MessageChannel()
  const worker = new Worker(script, {
    workerData: {
      dbPath: options.dbPath ?? options.db.name,
      port: channel.port2,
      signal: signal.buffer,
      checkpointEveryMs: options.checkpointEveryMs ?? 5_000,
      turnLimitMs: options.turnLimitMs ?? 100
    },
    transferList: [channel.port2]
  })
  const port = channel.port1
  const pending = new Map<number, { readonly rows: number; readonly done: (outcome: LogWriteOutcome) => void }>()
  const startedAt = performance.now()
  let nextSeq = 1
  let rowsInFlight = 0
  let alive = true

  function answer(reply: LogWriterReply): void {
    const batch = pending.get(reply.seq)
    if (!batch) return
    pending.delete(reply.seq)
    rowsInFlight -= batch.rows
    batch.done(reply.error === undefined ? { ids: reply.ids } : { error: fromThreadError(reply.error), stopped: false, written: reply.ids })
  }

  function stop(error: Error): void {
    if (!alive) return
    alive = false
    port.close()
    void worker.terminate()
    const lost = [...pending.values()]
    pending.clear()
    rowsInFlight = 0
    checkpointHere(checkpointPages)
    for (const batch of lost) batch.done({ error, stopped: true, written: [] })
    options.onStop?.(error)
  }

  // Checkpoints run on the thread, after its commits, instead of inside the SCIM server's writes; back once it stops.
  const checkpointHere = (pages: number) => {
    if (options.db.open) options.db.pragma(`wal_autocheckpoint = ${pages}`)
  }
  checkpointHere(0)

  port.on('message', answer)
  port.unref()
  worker.unref()
  worker.on('error', (error) => stop(error))
  worker.on('exit', (code) => stop(new Error(`The log writer thread stopped (exit code ${code}).`)))

  const gate: WriteGate = {
    // Once the thread is gone the gate is always free: it may have died holding it, and SQLite's lock still guards.
    tryEnter() {
      if (!alive) return true
      if (Atomics.compareExchange(signal, gateSlot, gateHolder.none, gateHolder.server) !== gateHolder.none) return false
      // Had the thread made way, it waits for this to go on.
      if (Atomics.exchange(signal, wantSlot, 0) === 1) Atomics.notify(signal, wantSlot)
      return true
    },
    leave() {
      if (Atomics.compareExchange(signal, gateSlot, gateHolder.server, gateHolder.none) === gateHolder.server) Atomics.notify(signal, gateSlot)
    },
    async whenFree() {
      // Tells the thread to commit what it has written of its batch and make way (log-writer-thread.ts).
      Atomics.store(signal, wantSlot, 1)
      const waiting = Atomics.waitAsync(signal, gateSlot, gateHolder.writer, 100)
      if (waiting.async) await waiting.value
      else await new Promise<void>((resolve) => setImmediate(resolve))
    }
  }

  return {
    gate,
    write(rows, done) {
      if (!alive) {
        done({ error: new Error('The log writer thread is not running.'), stopped: true, written: [] })
        return
      }
      const seq = nextSeq++
      pending.set(seq, { rows: rows.length, done })
      rowsInFlight += rows.length
      port.postMessage({ kind: 'write', seq, rows } satisfies LogWriterRequest)
    },

    settle(timeoutMs = writerAnswerLimitMs) {
      const deadline = performance.now() + timeoutMs
      while (alive && pending.size > 0) {
        // Read the count before the queue: a reply posted after the read wakes the wait below at once.
        const replies = Atomics.load(signal, replySlot)
        for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
          answer(message.message as LogWriterReply)
        }
        if (pending.size === 0) return
        const state = Atomics.load(signal, stateSlot)
        if (state === threadState.failed || (state === threadState.starting && performance.now() - startedAt > startupLimitMs)) {
          // A thread that fails before it can say so (its script cannot be loaded) never leaves `starting`.
          stop(new Error('The log writer thread could not start.'))
          return
        }
        const left = deadline - performance.now()
        if (left <= 0) {
          stop(new Error(`The log writer thread did not answer within ${timeoutMs} ms.`))
          return
        }
        Atomics.wait(signal, replySlot, replies, Math.min(left, 100))
      }
    },

    inFlight: () => rowsInFlight,
    running: () => alive,
    threadWaitsForGate: () => alive && Atomics.notify(signal, gateSlot) > 0,

    close() {
      if (!alive) return
      this.settle()
      if (!alive) return
      port.postMessage({ kind: 'close' } satisfies LogWriterRequest)
      // The thread's connection is closed before the console closes its own, so the last one out removes the WAL.
      const deadline = performance.now() + 5_000
      for (;;) {
        const state = Atomics.load(signal, stateSlot)
        const left = deadline - performance.now()
        if (state === threadState.closed || state === threadState.failed || left <= 0) break
        Atomics.wait(signal, stateSlot, state, Math.min(left, 100))
      }
      alive = false
      port.close()
      void worker.terminate()
      checkpointHere(checkpointPages)
    }
  }
}
