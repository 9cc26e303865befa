// The provisioning log's writer thread: it writes the batches that log-writer.ts hands it, on a connection of its own,
// so that inserting and indexing the rows (and the WAL checkpoints that follow) use a second core instead of the
// thread that serves SCIM requests. The build emits it as out/main/log-writer.js; tests load this file as it is
// (Node strips the types), which is why its imports, and theirs, name the .ts file.
import { workerData, type MessagePort } from 'node:worker_threads'
import type { NewLogRow } from './log-batch.ts'
import { gateHolder, gateSlot, replySlot, stateSlot, threadState, type LogWriterReply, type LogWriterRequest } from './log-writer-protocol.ts'

const setup = workerData as { readonly dbPath: string; readonly port: MessagePort; readonly signal: SharedArrayBuffer }
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
  while (Atomics.compareExchange(signal, gateSlot, gateHolder.none, gateHolder.writer) !== gateHolder.none) {
    Atomics.wait(signal, gateSlot, gateHolder.server, 50)
  }
  try {
    return work()
  } finally {
    Atomics.store(signal, gateSlot, gateHolder.none)
    Atomics.notify(signal, gateSlot)
  }
}

function reply(message: LogWriterReply): void {
  setup.port.postMessage(message)
  // The console may be blocked waiting for this reply (log-writer.ts settle); it counts replies, then reads them.
  Atomics.add(signal, replySlot, 1)
  Atomics.notify(signal, replySlot)
}

try {
  // Loaded here rather than imported above, so that a missing or broken native module is announced, not only thrown.
  const { default: Database } = await import('better-sqlite3')
  const { configureConnection, checkpointPages } = await import('./connection.ts')
  const { createLogBatchWriter } = await import('./log-batch.ts')
  const db = new Database(setup.dbPath)
  configureConnection(db, { checkpointPages })
  const writeBatch = createLogBatchWriter(db)
  setup.port.on('message', (request: LogWriterRequest) => {
    if (request.kind === 'close') {
      setup.port.close()
      db.close()
      announce(threadState.closed)
      return
    }
    try {
      reply({ seq: request.seq, ids: holdingGate(() => writeBatch(request.rows as NewLogRow[])) })
    } catch (error) {
      const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : null
      reply({ seq: request.seq, error: { message: error instanceof Error ? error.message : String(error), code } })
    }
  })
  announce(threadState.ready)
} catch (error) {
  announce(threadState.failed)
  throw error
}
