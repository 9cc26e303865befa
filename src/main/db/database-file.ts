import { statSync, type BigIntStats } from 'node:fs'
import { stat } from 'node:fs/promises'
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
 * backup copies a consistent snapshot, which is why it is safe while the SCIM server runs. `fileRemoved`: the file was
 * found deleted or moved (watchDatabaseFile), and its path names another file or none.
 */
export async function backupDatabase(db: Db, destination: string, options: { readonly fileRemoved?: boolean } = {}): Promise<void> {
  await snapshotBackup(db, destination, options.fileRemoved === true)
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
async function snapshotBackup(db: Db, destination: string, fileRemoved: boolean): Promise<void> {
  // An in-memory database has no file to open again; nothing else writes it between steps. Nor has a file deleted or
  // moved, which this connection alone still holds: its backup is then the one copy of its data that can be kept, and
  // with every change refused meanwhile, no commit of another connection starts the copy over.
  if (db.memory || fileRemoved) {
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

/** How often watchDatabaseFile looks at the database's path: at most this long of changes go to a removed file. */
export const fileWatchEveryMs = 1000

/** Whether the database's path still names the file its connection opened (watchDatabaseFile). */
export interface DatabaseFileWatch {
  /** True once the path was found to name no file or another one: the file was deleted, moved or replaced. */
  removed(): boolean
  /** Looks at the path now, as the timer does every second; settles with `removed()` after that look. */
  check(): Promise<boolean>
  /** Hears each change of `removed()`: true when the file is found gone, false when the path names it again. */
  onChange(listener: (removed: boolean) => void): () => void
  stop(): void
}

/**
 * Watches that the database's path still names the file its connection opened. A file deleted (unlinked) or moved
 * while open lives on for the connections that hold it, and SQLite goes on writing it without a word in WAL mode (it
 * looks only when it creates a rollback journal, and then answers SQLITE_READONLY_DBMOVED): every change acknowledged
 * from then on is lost at the next start, which finds a new, empty file. So the path is looked at every `everyMs`,
 * off the request path: an asynchronous stat (on libuv's pool; the serving thread only starts it and reads its
 * answer), whose device and inode are compared with the file's at open. A file moved back is found again. A look that
 * fails for another reason than a missing file (EACCES, say) tells nothing and changes nothing.
 */
export function watchDatabaseFile(db: Db, options: { readonly everyMs?: number } = {}): DatabaseFileWatch {
  const listeners = new Set<(removed: boolean) => void>()
  let removed = false
  if (db.memory) {
    return { removed: () => false, check: async () => false, onChange: () => () => undefined, stop: () => undefined }
  }
  const path = db.name
  // Just opened, so the file at the path is the one the connection holds. Big integers: an inode may exceed 2^53.
  const opened = statSync(path, { bigint: true })
  const sameFile = (found: BigIntStats) => found.ino === opened.ino && found.dev === opened.dev
  let stopped = false
  // Looks run one after another, so that an answer read before a change never lands after one read since.
  let looks: Promise<boolean> = Promise.resolve(false)
  let waiting = 0

  function settle(now: boolean): void {
    if (stopped || now === removed) return
    removed = now
    // A listener that throws must not stop the others, nor the looks to come.
    for (const listener of listeners) {
      try {
        listener(now)
      } catch (error) {
        console.error(`A listener of the database file's watch failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }

  function look(): Promise<boolean> {
    return stat(path, { bigint: true })
      .then(
        (found) => settle(!sameFile(found)),
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT' || error.code === 'ENOTDIR') settle(true)
        }
      )
      .then(() => removed)
  }

  function check(): Promise<boolean> {
    waiting += 1
    // A look that failed leaves the next one to look again, rather than repeating its failure.
    looks = looks
      .catch(() => removed)
      .then(look)
      .finally(() => (waiting -= 1))
    return looks
  }

  // A look that hangs (a network disk) is not joined by another every second.
  const timer = setInterval(() => void (waiting === 0 && check()), options.everyMs ?? fileWatchEveryMs)
  timer.unref()
  return {
    removed: () => removed,
    check,
    onChange(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    stop() {
      stopped = true
      clearInterval(timer)
    }
  }
}
