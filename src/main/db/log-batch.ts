import type Database from 'better-sqlite3'
// With its extension: the log's writer thread loads this file as it is (log-writer-thread.ts says why).
import { foldedTargetName, searchablePathText } from './migrations.ts'
import { foldCase } from '../../shared/fold-case.ts'

/** A request_log row as stored. Bodies and headers are already redacted. */
export interface LogRow {
  readonly id: number
  readonly at: number
  readonly tenant_id: string | null
  readonly tenant_slug: string | null
  readonly token_id: string | null
  readonly method: string
  readonly path: string
  readonly status: number
  readonly duration_ms: number
  readonly client: string | null
  readonly operation: string
  readonly target_type: string | null
  readonly target_id: string | null
  readonly target_name: string | null
  readonly auth_scheme: string
  readonly request_headers: string
  readonly request_body: string | null
  readonly response_body: string | null
  readonly error_type: string | null
  readonly error_detail: string | null
  /** ErrorFacts as JSON (migration 14), or null. */
  readonly error_facts: string | null
  readonly injected: number
}

/** A row to write: the database gives the id. */
export type NewLogRow = Omit<LogRow, 'id'>

// Every column a new row fills, in one order for the INSERT and its values: bound by position, which costs less
// than by name (5 µs a row at twenty columns).
const newRowColumns = [
  'at', 'tenant_id', 'tenant_slug', 'token_id', 'method', 'path', 'status', 'duration_ms', 'client', 'operation', 'target_type',
  'target_id', 'target_name', 'auth_scheme', 'request_headers', 'request_body', 'response_body', 'error_type', 'error_detail', 'error_facts',
  'injected'
] as const satisfies readonly (keyof NewLogRow)[]
// The compiler checks that the list names every column of NewLogRow.
const _everyColumnListed: Exclude<keyof NewLogRow, (typeof newRowColumns)[number]> extends never ? true : false = true

/**
 * Writes log rows inside the caller's transaction, in two steps: `insert` the rows, then `complete` them once before
 * the commit, which adds their full-text and target indexes in a statement each (migrations 3 and 4 say why not a
 * trigger or a B-tree) and records the last use of each token that authenticated its request. Runs on the console's
 * own connection and on the writer thread's (src/main/db/log-writer.ts), so the two write exactly the same rows.
 */
export interface LogRowsWriter {
  /** Inserts rows; returns their ids, in order. */
  insert(rows: readonly NewLogRow[]): number[]
  /** Indexes and accounts for `rows`, inserted as `ids` in this transaction (consecutive, as one writer gets them). */
  complete(rows: readonly NewLogRow[], ids: readonly number[]): void
}

/**
 * Whether the row's token got the request through authentication, which is what "last used" counts. The row of a
 * refused token (revoked, expired, another tenant's) keeps its id so that the diagnosis can name it; authentication
 * answers only those with 401 (src/main/scim/server.ts `admit`). Everything after it counts as a use: the throttle's
 * 429, a 403, any error of the handler, and a 401 injected for training, which the token did get past.
 */
function authenticated(row: NewLogRow): boolean {
  return row.status !== 401 || row.injected === 1
}

// searchablePath's text made in JavaScript (searchablePathText) and called from the batch's INSERT … SELECT: its SQL,
// 34 nested replace() calls, cost 3-4 µs a row, and the call ~1 µs. Completing a batch of 2,000 GETs' rows went from
// 9.0 to 5.7 µs a row (100,000 rows, in batches of 2,000 on one connection).
const searchablePathFunction = 'scim_searchable_path'

/** Writes log rows and completes them (LogRowsWriter), on the given connection. */
export function createLogRowsWriter(db: Database.Database): LogRowsWriter {
  const insert = db.prepare(`INSERT INTO request_log (${newRowColumns.join(', ')}) VALUES (${newRowColumns.map(() => '?').join(', ')})`)
  const touchToken = db.prepare('UPDATE tokens SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE id = ?')
  db.function(searchablePathFunction, { deterministic: true }, (path: unknown, slug: unknown) =>
    typeof path === 'string' ? searchablePathText(path, typeof slug === 'string' ? slug : null) : null
  )
  const indexBatch = db.prepare<[number, number]>(`INSERT INTO request_log_fts (rowid, target, path, detail)
    SELECT id, target_name, ${searchablePathFunction}(path, tenant_slug), error_detail FROM request_log WHERE id BETWEEN ? AND ?`)
  // The writer thread's connection has only the functions registered here; the console's has scim_fold already.
  db.function('scim_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldCase(text) : text))
  const indexTargets = db.prepare<[number, number]>(`INSERT INTO request_log_targets (rowid, name, id)
    SELECT id, ${foldedTargetName('target_name')}, hex(target_id) FROM request_log
    WHERE id BETWEEN ? AND ? AND (target_id IS NOT NULL OR target_name IS NOT NULL)`)
  return {
    insert: (rows) => rows.map((row) => Number(insert.run(newRowColumns.map((column) => row[column])).lastInsertRowid)),
    complete(rows, ids) {
      const [first, last] = [ids[0], ids.at(-1)]
      if (first !== undefined && last !== undefined) {
        indexBatch.run(first, last)
        indexTargets.run(first, last)
      }
      // A token's last use is recorded with the log batch rather than on every request, off the hot path.
      const lastUse = new Map<string, number>()
      for (const row of rows) {
        if (row.token_id && authenticated(row)) lastUse.set(row.token_id, Math.max(lastUse.get(row.token_id) ?? 0, row.at))
      }
      for (const [tokenId, at] of lastUse) touchToken.run(at, tokenId)
    }
  }
}

/** Writes a batch of log rows in one transaction (createLogRowsWriter); returns the ids in the batch's order. */
export function createLogBatchWriter(db: Database.Database): (rows: readonly NewLogRow[]) => number[] {
  const writer = createLogRowsWriter(db)
  return db.transaction((rows: readonly NewLogRow[]) => {
    const ids = writer.insert(rows)
    writer.complete(rows, ids)
    return ids
  })
}
