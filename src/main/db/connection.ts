import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
// With its extension: the log's writer thread loads this file as it is (log-writer-thread.ts says why).
import { migrate } from './migrations.ts'
import { foldCase } from '../../shared/fold-case.ts'
import { legacyErrorFacts, legacyErrorFactsOfStep15 } from './legacy-error-facts.ts'

export type Db = Database.Database

/**
 * The SQL for a `LIMIT` given as a parameter. SQLite (built with STAT4, as better-sqlite3 is) prepares a
 * statement again whenever a value bound to a bare `LIMIT ?` changes, in case it changes the plan; that costs
 * more than the query itself (40 µs against 7 for an indexed lookup). A cast is not a bare parameter. The
 * planner no longer sees the limit, though: the log's queries keep `LIMIT ?`, whose plans count on it.
 */
export const boundLimit = 'CAST(? AS INTEGER)'

/**
 * Prepared statements by their text, for SQL built from a filter: the same shapes repeat (Okta sends the same
 * lookups all day, the UI the same filters page after page), and preparing costs more than running. Holds the
 * newest 256; the oldest goes first.
 */
export function createStatementCache(db: Db): (sql: string) => Database.Statement<unknown[]> {
  const statements = new Map<string, Database.Statement<unknown[]>>()
  return (sql) => {
    let statement = statements.get(sql)
    if (!statement) {
      if (statements.size >= 256) statements.delete(statements.keys().next().value as string)
      statement = db.prepare<unknown[]>(sql)
      statements.set(sql, statement)
    }
    return statement
  }
}

/**
 * Runs work in one IMMEDIATE transaction (the write lock is taken before the first read). The wrapper is built once:
 * better-sqlite3's `db.transaction(fn)` builds four functions at each call, which costs 16 µs where running costs 4.
 */
export function immediateTransactions(db: Db): <T>(work: () => T) => T {
  const run = db.transaction((work: () => unknown) => work())
  return <T>(work: () => T): T => run.immediate(work) as T
}

/**
 * The settings every connection to the console's file uses: the console's own and the log writer thread's.
 * Journal mode is the file's; the rest are the connection's.
 */
export function configureConnection(db: Db, options: { readonly checkpointPages: number }): void {
  // NORMAL in WAL mode survives a crash of the process; only a power loss can lose the last commits.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  db.pragma(`wal_autocheckpoint = ${options.checkpointPages}`)
  // The WAL file is cut back to this size when it starts over (log-writer-thread.ts makes sure it does): without it,
  // a WAL once grown under load keeps its size on disk for good.
  db.pragma(`journal_size_limit = ${walSizeLimit}`)
}

/** The size (bytes) a WAL file is cut back to when it starts over: the checkpoint target below, 40 MB. */
export const walSizeLimit = 10_000 * 4096

/**
 * Fold the WAL back into the file every 10,000 pages (40 MB) rather than SQLite's 1,000. A checkpoint runs inside the
 * commit that crosses the mark, on the thread that commits, and copies each changed page once however often it
 * changed since the last one: the log's hot index pages change at every batch. Measured on the SCIM server under load
 * (log batches of ~300 rows, written on the serving thread): 72-80 µs a logged row at 1,000 pages, 51-58 µs at 10,000.
 */
export const checkpointPages = 10_000

/**
 * The SQL function that folds case beyond ASCII, which SQLite's NOCASE and LIKE do not, and Unicode composition
 * (foldCase, src/shared): SCIM filters compare case-insensitive attributes through it when the value has other
 * letters (scim/filter/sql.ts), and migration 9 made the name keys with it.
 */
export const foldFunction = 'scim_fold'

/** The SQL function migration 14 reads the facts of older log rows with (db/legacy-error-facts.ts), as JSON or null. */
export const legacyErrorFactsFunction = 'scim_legacy_error_facts'

/**
 * The SQL function migration 15 adds the facts of older log rows with (db/legacy-error-facts.ts): the row's facts as
 * JSON with those read from its detail added, or null when its detail gives none.
 */
export const legacyErrorFactsOfStep15Function = 'scim_legacy_error_facts_15'

function registerFunctions(db: Db): void {
  db.function(foldFunction, { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldCase(text) : text))
  db.function(legacyErrorFactsFunction, { deterministic: true }, (status: unknown, detail: unknown) => {
    const facts = typeof status === 'number' && typeof detail === 'string' ? legacyErrorFacts(status, detail) : null
    return facts === null ? null : JSON.stringify(facts)
  })
  db.function(
    legacyErrorFactsOfStep15Function,
    { deterministic: true },
    (status: unknown, errorType: unknown, detail: unknown, injected: unknown, hasBody: unknown, known: unknown) => {
      if (typeof status !== 'number' || typeof detail !== 'string') return null
      const errorTypeText = typeof errorType === 'string' ? errorType : null
      const facts = legacyErrorFactsOfStep15({ status, errorType: errorTypeText, detail, injected: injected === 1, hasBody: hasBody === 1 })
      if (facts === null) return null
      return JSON.stringify({ ...(typeof known === 'string' ? (JSON.parse(known) as object) : {}), ...facts })
    }
  )
}

/** Thrown when `--db` or `SCIM_CONSOLE_DB` names another program's SQLite file: it is left as it was. */
export class ForeignDatabaseError extends Error {
  // A field, not a parameter property: the log writer thread loads this file with Node's type stripping, which has none.
  readonly tables: readonly string[]

  constructor(tables: readonly string[]) {
    const named = tables.slice(0, 3).join(', ') + (tables.length > 3 ? ', …' : '')
    super(`it is not a SCIM Console database: it holds other tables (${named}) and no record of SCIM Console's schema`)
    this.name = 'ForeignDatabaseError'
    this.tables = tables
  }
}

/**
 * A file with tables but without the record of our schema steps is another program's: a mistyped `--db` must not turn
 * it into ours (WAL mode and twenty tables, for good). A file of ours has had `schema_migrations` since it first had a
 * table: migrate makes it before any step.
 */
function refuseForeignFile(db: Db): void {
  const tables = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").pluck().all()
  if (tables.length > 0 && !tables.includes('schema_migrations')) throw new ForeignDatabaseError(tables)
}

/**
 * Throws SQLite's own error (SQLITE_READONLY, SQLITE_CANTOPEN…) when this connection cannot write the file, for the
 * processes that exist to write it (the SCIM server, the app). Opening does not tell: a file its user may only read
 * opens read-only, and its WAL files are created all the same when the folder allows it; a folder that does not allow
 * them, a WAL file of another user, or a rollback journal that cannot be created each fail only at the first change.
 * So it makes one: the header's user_version set to itself, in a transaction rolled back (the page never leaves the
 * cache). When another process holds the write lock (SQLITE_BUSY) it cannot tell, and lets the file through rather than
 * wait for the lock or refuse to start because of another process's write.
 */
export function checkWritable(db: Db): void {
  if (db.memory) return
  const version = db.pragma('user_version', { simple: true }) as number
  const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number
  db.pragma('busy_timeout = 0')
  try {
    db.exec('BEGIN IMMEDIATE')
    db.exec(`PRAGMA user_version = ${version}`)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY')) throw error
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK')
    db.pragma(`busy_timeout = ${busyTimeout}`)
  }
}

/**
 * Opens (creating if needed) the console's SQLite file in WAL mode and brings its schema up to date.
 * Many processes may open the same file at once: the app, the CLI and `serve`.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  try {
    // Lets retention give the pages of pruned log rows back to the disk (log-repo's releaseFreePages). SQLite takes it
    // only while the file has no tables, so a file created before this keeps reusing its free pages instead; and on an
    // existing file the pragma is a write, which a file refused at start (a newer version's) must not see.
    if (db.pragma('page_count', { simple: true }) === 0) db.pragma('auto_vacuum = INCREMENTAL')
    else refuseForeignFile(db)
    db.pragma('journal_mode = WAL')
    configureConnection(db, { checkpointPages })
    db.pragma('cache_size = -65536')
    registerFunctions(db)
    migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
