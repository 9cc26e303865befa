import type { Db } from './connection'

/**
 * Tells whether the database may have changed since a value was read from it, so that the reads every SCIM request
 * repeats (its tenant, its token, its tenant's faults) can be answered from memory while nothing changed. Those three
 * reads and their mapping cost the serving thread a sixth of a GET.
 *
 * - `PRAGMA data_version` moves when another connection commits: another process (`token revoke` from the CLI, the
 *   app beside `serve`) or the log writer thread.
 * - `total_changes()` moves when this connection writes.
 * - Both are looked at once per turn of the event loop, ~2 µs: each request's hooks run in turns of their own, so a
 *   change committed before a request arrives is seen by it. A commit by another process during one synchronous run
 *   of this thread counts as having come after it.
 * - The repositories that keep answers call `touch` when they write what they keep, so that their own writes are seen
 *   by the very next read, in the same turn too.
 *
 * A token revoked anywhere is refused on the next request.
 */
export interface ChangeWatch {
  /** A number that is the same as at an earlier call only if the database cannot have changed in between. */
  generation(): number
  /** Says that this connection has just written something that reads may have kept. */
  touch(): void
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

  return {
    generation() {
      if (!lookedThisTurn) {
        lookedThisTurn = true
        queueMicrotask(endTurn)
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
    }
  }
}

/**
 * Wraps a read by key so that its answers (undefined too) are kept until the database may have changed. Holds at most
 * `limit` keys, so that a client trying slugs or tokens at random cannot grow it. Answers are shared between callers:
 * they must not be changed.
 */
export function readWhileUnchanged<K, V>(watch: ChangeWatch, read: (key: K) => V, limit = 256): (key: K) => V {
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
