import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { openDatabase, type Db } from '../../src/main/db/connection'

/**
 * Two connections to one real SQLite file, as the app and the CLI have it: `db`, this process's, opened (and
 * migrated) as the app opens it, and `other`, the other process's, which does not wait: while `db` holds the write
 * lock, a write on `other` is refused as busy (isBusy) instead of waiting as its busy timeout would. A race test runs
 * the other's write at the worst moment, between this one's read and its write.
 */
export interface TwoProcesses {
  readonly dbPath: string
  readonly db: Db
  readonly other: Database.Database
  /** Closes both connections and removes the file's folder. */
  close(): void
}

/** Opens a new database file in a folder of its own (named `prefix` and a random end) on two connections. */
export function openTwoProcesses(prefix: string): TwoProcesses {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const dbPath = join(dir, 'console.db')
  const db = openDatabase(dbPath)
  const other = new Database(dbPath)
  other.pragma('busy_timeout = 0')
  return {
    dbPath,
    db,
    other,
    close() {
      other.close()
      db.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** Whether `error` is SQLite's refusal of a write while another connection holds the write lock. */
export function isBusy(error: unknown): boolean {
  return String((error as { code?: unknown } | null)?.code).startsWith('SQLITE_BUSY')
}
