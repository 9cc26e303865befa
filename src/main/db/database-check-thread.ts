// Checks one database file (database-facts.ts) on a thread of its own, with its own connection, and ends: SQLite's
// quick_check reads every page of the file, about 7 s per GB, and on the console's thread the SCIM server would answer
// nothing meanwhile. database-check.ts starts it; the build emits it as out/main/database-check.js, and tests load this
// file as it is (Node strips the types), which is why its imports name the .ts file.
import { parentPort, workerData } from 'node:worker_threads'
import { inspectDatabaseFile } from './database-facts.ts'
import type { DatabaseCheckReply } from './database-check.ts'
import { toThreadError } from './thread-errors.ts'

const { path } = workerData as { readonly path: string }
let reply: DatabaseCheckReply
try {
  reply = { facts: inspectDatabaseFile(path) }
} catch (error) {
  reply = { error: toThreadError(error) }
}
parentPort?.postMessage(reply)
