/**
 * What went wrong with the database file itself, as opposed to a bug: the disk is full, another process holds the
 * file, or it cannot be written. Each is a situation a person can fix, so each gets a sentence that says how, for the
 * SCIM answer (Okta shows it to the customer's admin), the console and the terminal.
 */
export interface StorageFailure {
  readonly kind: 'full' | 'busy' | 'read-only' | 'io'
  /** What happened and what to do about it. */
  readonly message: string
}

// better-sqlite3 throws SqliteError with SQLite's extended result code as `code` ("SQLITE_IOERR_WRITE", …).
function sqliteCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null
  return typeof error.code === 'string' && error.code.startsWith('SQLITE_') ? error.code : null
}

/** Classifies an error thrown by the database; null when it is not about storage (a bug, a constraint). */
export function storageFailure(error: unknown): StorageFailure | null {
  const code = sqliteCode(error)
  if (code === null) return null
  if (code === 'SQLITE_FULL') {
    return {
      kind: 'full',
      message: 'The disk that holds the SCIM Console database is full, so the change was not saved. Free some disk space, then try again.'
    }
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return {
      kind: 'busy',
      message:
        'The SCIM Console database was busy: another SCIM Console process (the app, "scim-console serve" or the CLI) held it for more than 5 seconds, so the change was not saved. Try again in a moment.'
    }
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code.startsWith('SQLITE_CANTOPEN')) {
    return {
      kind: 'read-only',
      message: 'The SCIM Console database cannot be written (the file or its folder is read-only), so the change was not saved. Check its permissions.'
    }
  }
  // The shared-memory file (console.db-shm) could not grow: on Linux, its disk is full.
  if (code === 'SQLITE_IOERR_SHMSIZE') {
    return {
      kind: 'full',
      message: 'The disk that holds the SCIM Console database is full, so the change was not saved. Free some disk space, then try again.'
    }
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return {
      kind: 'io',
      message: `The SCIM Console database could not be written (${code}), so the change was not saved. Check the disk, then try again.`
    }
  }
  return null
}

/**
 * Why the database file could not be opened, when the file system is the reason, in a sentence that says what to do;
 * null otherwise. Even to read, SQLite writes two files beside the database (its -wal and -shm), so a full disk or a
 * read-only folder stops every command, not only the ones that change something.
 */
export function openFailure(error: unknown): string | null {
  switch (storageFailure(error)?.kind) {
    case 'full':
      return 'the disk that holds it is full, and even reading it needs room for the two files SQLite keeps beside it (-wal and -shm). Free some disk space, then try again.'
    case 'read-only':
      return 'the file or its folder cannot be written, and even reading it needs the two files SQLite keeps beside it (-wal and -shm). Check their permissions, or point --db at a copy in a folder you can write.'
    case 'busy':
      return 'another SCIM Console process (the app, "scim-console serve" or the CLI) held it for more than 5 seconds. Try again in a moment.'
    case 'io':
      return `the disk reported an error (${(error as { code: string }).code}). Check the disk, then try again.`
    default:
      return null
  }
}
