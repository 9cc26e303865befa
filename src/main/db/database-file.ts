import Database from 'better-sqlite3'
import type { Db } from './connection'
import { createSettingsRepo } from './settings-repo'

// In the settings table, as a JSON number; no screen shows it.
const quickCheckKey = 'integrity:lastQuickCheckAt'

/** When a start-up `quick_check` of this database last passed (epoch ms), or null if none has. */
export function lastPassedQuickCheck(db: Db): number | null {
  const value = createSettingsRepo(db).get(quickCheckKey)
  return typeof value === 'number' ? value : null
}

/** Records that a start-up `quick_check` passed at `at`. */
export function recordPassedQuickCheck(db: Db, at: number): void {
  createSettingsRepo(db).set(quickCheckKey, at)
}

/**
 * SQLite's online backup of an open database to a file. Readers and writers of the source carry on meanwhile: the
 * backup copies a consistent snapshot, which is why it is safe while the SCIM server runs.
 */
export async function backupDatabase(db: Db, destination: string): Promise<void> {
  await snapshotBackup(db, destination)
  // The copy inherits WAL mode from the live file; a backup should be one self-contained file that can be mailed or
  // copied alone, so switch it to a rollback journal (which also removes its -wal and -shm).
  const copy = new Database(destination, { fileMustExist: true })
  try {
    copy.pragma('journal_mode = DELETE')
  } finally {
    copy.close()
  }
}

/**
 * Copies the database as it is when the copy starts. SQLite's backup copies 100 pages a step and starts over whenever
 * another connection commits between two steps: while Okta keeps the log writer thread committing every 50-250 ms, a
 * backup of a few thousand pages never finished. So the copy reads through a connection of its own that holds one
 * read transaction (a WAL snapshot) from the first step to the last, which later commits cannot disturb.
 */
async function snapshotBackup(db: Db, destination: string): Promise<void> {
  // An in-memory database has no file to open again; nothing else writes it between steps.
  if (db.memory) {
    await db.backup(destination)
    return
  }
  const source = new Database(db.name, { readonly: true, fileMustExist: true })
  try {
    source.exec('BEGIN')
    // The read transaction, and with it the snapshot, starts at the first read.
    source.prepare('SELECT count(*) FROM sqlite_master').get()
    await source.backup(destination)
    source.exec('COMMIT')
  } finally {
    source.close()
  }
}

/**
 * Copies the database at `source` over the one at `destination` through SQLite's backup API. The destination is written
 * through its own connection with SQLite's locks (and its WAL), so other connections to it, such as the app's own, are
 * not corrupted underneath; they see the restored content.
 */
export async function copyDatabaseInto(source: string, destination: string): Promise<void> {
  const db = new Database(source, { readonly: true, fileMustExist: true })
  try {
    await db.backup(destination)
  } finally {
    db.close()
  }
}

/** The SQLite library's version, for the About dialog. */
export function sqliteVersion(db: Db): string {
  return (db.prepare('SELECT sqlite_version() AS version').get() as { version: string }).version
}
