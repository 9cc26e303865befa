import { performance } from 'node:perf_hooks'
import type { Db } from './connection'

/**
 * Tells whether the database may have changed since a value was read from it, so that the reads every SCIM request
 * repeats (its tenant, its token, its tenant's faults) can be answered from memory while nothing changed. Those three
 * reads and their mapping cost the serving thread a sixth of a GET.
 *
 * - `PRAGMA data_version` moves when another connection commits: another process (`token revoke` from the CLI, the
 *   app beside `serve`) or the log writer thread.
 * - `total_changes()` moves when this connection writes.
 * - Both are looked at once per synchronous run of this thread (a turn), and a SCIM request shares the look taken for
 *   an earlier request of the same batch of I/O callbacks (`beforeRequest`). A commit by another process during a
 *   turn counts as having come after it.
 * - The repositories that keep answers call `touch` when they write what they keep, so that their own writes are seen
 *   by the very next read, in the same turn too.
 *
 * A token revoked anywhere is refused on the next request: every request is checked against a look taken after it
 * began to arrive.
 */
export interface ChangeWatch {
  /** A number that is the same as at an earlier call only if the database cannot have changed in between. */
  generation(): number
  /** Says that this connection has just written something that reads may have kept. */
  touch(): void
  /**
   * Called as a SCIM request is admitted, before its reads. A request that is the first of its `connection` (its
   * socket) in the running batch of I/O callbacks shares the last look, if that was taken in the same batch.
   *
   * Why that is as good as a look of its own: the poll that delivered the batch returned before any of its callbacks
   * ran, and so before that look; and the request's connection was ready then, so the request had begun to arrive.
   * Its bytes may be read later, within the batch, but a revocation committed after the look came after the request
   * was sent. That holds only for the first request of a connection in the batch: the bytes that its read returned
   * may hold a second request (a client that pipelines), sent after the poll, and such a request looks again.
   *
   * A look per request cost ~10 µs of the serving thread under load (the call and its read lock, with cold caches);
   * under 32 requests in flight a batch holds 10-30 of them.
   */
  beforeRequest(connection: object | null | undefined): void
}

type UvMetrics = { readonly loopCount: number; readonly events: number }

/**
 * Which batch of I/O callbacks is running, as a number that changes from one batch to the next. libuv counts the
 * loop's turns just before it polls, and the events it delivered just after it ran their callbacks, so the pair
 * changes between any two batches, and again for the phases after the poll (timers, setImmediate). -1 where the
 * runtime does not report them (Node before 22.8): then every request looks.
 */
function createBatchClock(): () => number {
  let batch = 0
  let loopCount = -1
  let events = -1
  return () => {
    const metrics = (performance.nodeTiming as { readonly uvMetricsInfo?: UvMetrics }).uvMetricsInfo
    if (!metrics) return -1
    if (metrics.loopCount !== loopCount || metrics.events !== events) {
      loopCount = metrics.loopCount
      events = metrics.events
      batch += 1
    }
    return batch
  }
}

export function createChangeWatch(db: Db): ChangeWatch {
  const dataVersion = db.prepare('PRAGMA data_version').pluck()
  const totalChanges = db.prepare('SELECT total_changes()').pluck()
  let generation = 0
  let seenVersion: unknown = null
  let seenChanges: unknown = null
  let lookedThisTurn = false
  const endTurn = (): void => {
    lookedThisTurn = false
  }
  const currentBatch = createBatchClock()
  // The batch in which the last look was taken, and the last batch in which each connection had a request.
  let lookBatch = -1
  const lastBatchOf = new WeakMap<object, number>()

  return {
    generation() {
      if (!lookedThisTurn) {
        lookedThisTurn = true
        queueMicrotask(endTurn)
        lookBatch = currentBatch()
        const version = dataVersion.get()
        const changes = totalChanges.get()
        if (version !== seenVersion || changes !== seenChanges) {
          seenVersion = version
          seenChanges = changes
          generation += 1
        }
      }
      return generation
    },
    touch() {
      generation += 1
    },
    beforeRequest(connection) {
      const batch = currentBatch()
      // A request with no socket (one already torn down) cannot be told apart from another of its connection.
      const first = batch !== -1 && typeof connection === 'object' && connection !== null && lastBatchOf.get(connection) !== batch
      if (first) lastBatchOf.set(connection, batch)
      if (first && batch === lookBatch) {
        if (!lookedThisTurn) queueMicrotask(endTurn)
        lookedThisTurn = true
      } else {
        // Even a look taken earlier in this turn: it may have come before this request's bytes were read.
        lookedThisTurn = false
      }
    }
  }
}

/**
 * Wraps a read by key so that its answers (undefined too) are kept until the database may have changed. Holds at most
 * `limit` keys, so that a client trying slugs or tokens at random cannot grow it. Answers are shared between callers:
 * they must not be changed.
 */
export function readWhileUnchanged<K, V>(watch: Pick<ChangeWatch, 'generation'>, read: (key: K) => V, limit = 256): (key: K) => V {
  const answers = new Map<K, V>()
  let generation = -1
  return (key) => {
    const now = watch.generation()
    if (now !== generation) {
      answers.clear()
      generation = now
    }
    if (answers.has(key)) return answers.get(key) as V
    const answer = read(key)
    if (answers.size >= limit) answers.clear()
    answers.set(key, answer)
    return answer
  }
}
