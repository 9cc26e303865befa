import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { inspectDatabaseFile, type DatabaseFileFacts } from './database-facts'
import { fromThreadError, type ThreadError } from './thread-errors'

/** What the database check thread (database-check-thread.ts) answers. */
export type DatabaseCheckReply = { readonly facts: DatabaseFileFacts; readonly error?: undefined } | { readonly error: ThreadError }

/**
 * Reads a database file's facts (database-facts.ts inspectDatabaseFile) on a thread of its own when `script` is
 * database-check-thread.ts or its build, so that the quick_check of a large file does not hold the event loop that
 * serves SCIM requests. Without a script it reads them here. Rejects with SQLite's error, its code kept, as
 * inspectDatabaseFile throws it.
 */
export function inspectDatabaseFileAside(script: string | URL | undefined, path: string): Promise<DatabaseFileFacts> {
  if (script === undefined) return new Promise((resolve) => resolve(inspectDatabaseFile(path)))
  return new Promise((resolve, reject) => {
    const worker = new Worker(typeof script === 'string' ? script : fileURLToPath(script), { workerData: { path } })
    let answered = false
    worker.once('message', (reply: DatabaseCheckReply) => {
      answered = true
      if (reply.error === undefined) resolve(reply.facts)
      else reject(fromThreadError(reply.error))
    })
    // A thread that could not load its script or its native module answers nothing.
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`The database check thread stopped without an answer (exit code ${code}).`))
    })
  })
}
