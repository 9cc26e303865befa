import type { Db } from './connection'

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
  readonly injected: number
}

export type NewLogRow = Omit<LogRow, 'id'>

/** Filters the log list understands; every one is optional. */
export interface LogFilter {
  readonly tenantId?: string
  readonly outcome?: 'all' | 'failed' | '4xx' | '5xx' | 'throttled'
  /** Only rows with an id below this (keyset paging, newest first). */
  readonly beforeId?: number
  readonly limit: number
}

const summaryColumns = `id, at, tenant_id, tenant_slug, token_id, method, path, status, duration_ms, client, operation,
  target_type, target_id, target_name, error_type, error_detail, injected`

/** All SQL about the provisioning log. */
export function createLogRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO request_log (at, tenant_id, tenant_slug, token_id, method, path, status, duration_ms,
      client, operation, target_type, target_id, target_name, auth_scheme, request_headers, request_body, response_body,
      error_type, error_detail, injected)
    VALUES (@at, @tenant_id, @tenant_slug, @token_id, @method, @path, @status, @duration_ms, @client, @operation,
      @target_type, @target_id, @target_name, @auth_scheme, @request_headers, @request_body, @response_body,
      @error_type, @error_detail, @injected)`)
  const byId = db.prepare('SELECT * FROM request_log WHERE id = ?')
  const touchToken = db.prepare('UPDATE tokens SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE id = ?')
  const insertMany = db.transaction((rows: readonly NewLogRow[]): number[] => {
    const lastUse = new Map<string, number>()
    const ids: number[] = []
    for (const row of rows) {
      ids.push(Number(insert.run(row).lastInsertRowid))
      if (row.token_id) lastUse.set(row.token_id, Math.max(lastUse.get(row.token_id) ?? 0, row.at))
    }
    // A token's last use is recorded with the log batch rather than on every request, off the hot path.
    for (const [tokenId, at] of lastUse) touchToken.run(at, tokenId)
    return ids
  })

  function where(filter: LogFilter): { sql: string; params: unknown[] } {
    const clauses: string[] = []
    const params: unknown[] = []
    if (filter.tenantId) {
      clauses.push('tenant_id = ?')
      params.push(filter.tenantId)
    }
    switch (filter.outcome ?? 'all') {
      case 'failed':
        clauses.push('status >= 400')
        break
      case '4xx':
        clauses.push('status BETWEEN 400 AND 499')
        break
      case '5xx':
        clauses.push('status >= 500')
        break
      case 'throttled':
        clauses.push('status = 429')
        break
      case 'all':
        break
    }
    return { sql: clauses.length ? clauses.join(' AND ') : '1', params }
  }

  return {
    /** Writes a batch, and the last use of each token in it, in one transaction; returns the new ids in order. */
    insertMany: (rows: readonly NewLogRow[]): number[] => insertMany(rows),
    byId: (id: number) => byId.get(id) as LogRow | undefined,
    list: (filter: LogFilter) => {
      const { sql, params } = where(filter)
      const keyset = filter.beforeId !== undefined ? ' AND id < ?' : ''
      const rows = db
        .prepare(`SELECT ${summaryColumns} FROM request_log WHERE ${sql}${keyset} ORDER BY id DESC LIMIT ?`)
        .all(...params, ...(filter.beforeId !== undefined ? [filter.beforeId] : []), filter.limit) as LogRow[]
      return rows
    },
    count: (filter: LogFilter) => {
      const { sql, params } = where(filter)
      return (db.prepare(`SELECT count(*) AS n FROM request_log WHERE ${sql}`).get(...params) as { n: number }).n
    }
  }
}

export type LogRepo = ReturnType<typeof createLogRepo>
