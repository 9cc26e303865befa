/**
 * What went wrong with the database file itself, as opposed to a bug: the disk is full, another process holds the
 * file, or it cannot be written. Each is a situation a person can fix, so each gets a sentence that says how, for the
 * SCIM answer (Okta shows it to the customer's admin), the console and the terminal.
 */
export interface StorageFailure {
  readonly kind: 'full' | 'busy' | 'read-only' | 'removed' | 'io'
  /** What happened and what to do about it. */
  readonly message: string
  /** A disk error's SQLite code (`SQLITE_IOERR_WRITE`), which its message names. */
  readonly code?: string
}

// better-sqlite3 throws SqliteError with SQLite's extended result code as `code` ("SQLITE_IOERR_WRITE", …).
function sqliteCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null
  return typeof error.code === 'string' && error.code.startsWith('SQLITE_') ? error.code : null
}

/**
 * The error a write gets once the database file was found deleted or moved (database-file.ts watchDatabaseFile), with
 * SQLite's own code for that situation, so that it is classified and answered as SQLite's errors are.
 */
export function databaseRemovedError(): Error {
  return Object.assign(new Error('the database file was deleted or moved while it was open'), { code: 'SQLITE_READONLY_DBMOVED' })
}

// Each kind's sentence, once: the SCIM answer, the console and the terminal say it, and the log keeps it as the answer's
// detail. The log's diagnosis reads the kind from the facts kept with the entry, not from these words.
const sentences = {
  full: 'The disk that holds the SCIM Console database is full, so the change was not saved. Free some disk space, then try again.',
  busy: 'The SCIM Console database was busy: another SCIM Console process (the app, "scim-console serve" or the CLI) held it for more than 5 seconds, so the change was not saved. Try again in a moment.',
  'read-only': 'The SCIM Console database cannot be written (the file or its folder is read-only), so the change was not saved. Check its permissions.',
  removed:
    "SCIM Console's database file was deleted or moved while SCIM Console was running, so the change was not saved: it would have been lost when SCIM Console stops. Put the file back, or restart SCIM Console and restore a backup, then try again."
} as const satisfies Record<Exclude<StorageFailure['kind'], 'io'>, string>

// The disk's error, with SQLite's code in the parentheses.
const ioSentence = (code: string): string => `The SCIM Console database could not be written (${code}), so the change was not saved. Check the disk, then try again.`

/** What a write is told once the database file was found deleted or moved (databaseRemovedError): why, and what to do. */
export const databaseRemovedFailure: StorageFailure = { kind: 'removed', message: sentences.removed }

/** Classifies an error thrown by the database; null when it is not about storage (a bug, a constraint). */
export function storageFailure(error: unknown): StorageFailure | null {
  const code = sqliteCode(error)
  if (code === null) return null
  // The shared-memory file (console.db-shm) could not grow: on Linux, its disk is full.
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE') return { kind: 'full', message: sentences.full }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return { kind: 'busy', message: sentences.busy }
  // SQLite's own code for a write to a database whose file was unlinked or renamed since it was opened; in WAL mode it
  // never raises it, so the console raises it itself once its look at the path finds another file or none
  // (database-file.ts watchDatabaseFile).
  if (code === 'SQLITE_READONLY_DBMOVED') return databaseRemovedFailure
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code.startsWith('SQLITE_CANTOPEN')) {
    return { kind: 'read-only', message: sentences['read-only'] }
  }
  if (code.startsWith('SQLITE_IOERR')) return { kind: 'io', message: ioSentence(code), code }
  return null
}

/**
 * What a command opens the database for: to read it and make the odd change (`read`), or to serve SCIM requests
 * (`serve`), which exist to save what an identity provider sends, so a file that cannot be written is refused at start
 * (services.ts `writable`).
 */
export type OpenPurpose = 'read' | 'serve'

/**
 * Why the database file could not be opened, when the file system is the reason, in a sentence that says what to do;
 * null otherwise. Even to read, SQLite writes two files beside the database (its -wal and -shm), so a full disk or a
 * read-only folder stops every command, not only the ones that change something.
 */
export function openFailure(error: unknown, purpose: OpenPurpose = 'read'): string | null {
  // SQLite's own words are "file is not a database", which reads as a fault of the database rather than of the path.
  if ((error as { code?: unknown } | null)?.code === 'SQLITE_NOTADB') {
    return "it is not a SQLite database, so not SCIM Console's (it was left as it was). Give the path of the console's database file (console.db), or of a new file to start one."
  }
  switch (storageFailure(error)?.kind) {
    case 'full':
      return 'the disk that holds it is full, and even reading it needs room for the two files SQLite keeps beside it (-wal and -shm). Free some disk space, then try again.'
    case 'read-only':
      return purpose === 'serve'
        ? 'the file or its folder cannot be written, so the SCIM server could save none of the changes an identity provider sends. Check the permissions of the file, of its folder and of the two files SQLite keeps beside it (-wal and -shm), or point --db at a copy in a folder you can write.'
        : 'the file or its folder cannot be written, and even reading it needs the two files SQLite keeps beside it (-wal and -shm). Check their permissions, or point --db at a copy in a folder you can write.'
    case 'busy':
      return 'another SCIM Console process (the app, "scim-console serve" or the CLI) held it for more than 5 seconds. Try again in a moment.'
    case 'io':
      return `the disk reported an error (${(error as { code: string }).code}). Check the disk, then try again.`
    default:
      return null
  }
}
