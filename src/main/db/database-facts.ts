// What a database file holds, read without changing it. The database check thread (database-check-thread.ts) loads
// this file as it is, which is why its imports name the .ts file.
import Database from 'better-sqlite3'
import type { Db } from './connection.ts'

/** A schema step as recorded in a database file. */
export interface AppliedStep {
  readonly version: number
  readonly name: string
}

/** What a database file holds, read without changing it. */
export interface DatabaseFileFacts {
  /** `PRAGMA quick_check` problems; empty when the file is sound. */
  readonly integrityProblems: readonly string[]
  /** The schema steps applied, or null when the file has no `schema_migrations` (not a SCIM Console database). */
  readonly steps: readonly AppliedStep[] | null
  readonly tenantCount: number | null
}

function hasTable(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined
}

/** `PRAGMA quick_check` of an open database: the problems it lists, none when the file is sound. */
export function quickCheck(db: Db): string[] {
  const rows = db.pragma('quick_check') as { quick_check: string }[]
  return rows.map((row) => row.quick_check).filter((line) => line !== 'ok')
}

/**
 * Opens a database file read-only and reports its integrity, schema steps and tenant count. Throws SQLite's own error
 * (`SQLITE_NOTADB`, `SQLITE_CORRUPT`, `SQLITE_CANTOPEN`) when the file cannot be read at all; the caller explains it.
 * The quick_check reads every page (about 7 s per GB): the console runs it on a thread of its own (database-check.ts).
 */
export function inspectDatabaseFile(path: string): DatabaseFileFacts {
  const db = new Database(path, { readonly: true, fileMustExist: true })
  try {
    const integrityProblems = quickCheck(db)
    if (integrityProblems.length > 0) return { integrityProblems, steps: null, tenantCount: null }
    const steps = hasTable(db, 'schema_migrations')
      ? (db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as AppliedStep[])
      : null
    const tenantCount = hasTable(db, 'tenants') ? (db.prepare('SELECT count(*) AS n FROM tenants').get() as { n: number }).n : null
    return { integrityProblems, steps, tenantCount }
  } finally {
    db.close()
  }
}
