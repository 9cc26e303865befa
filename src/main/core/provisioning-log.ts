import type { LogQuery } from '../../shared/ipc'
import type { LogEntry, LogEntrySummary, Operation, Page } from '../../shared/models'
import { fail, ok, type Result } from '../../shared/result'
import type { LogRepo, LogRow, NewLogRow } from '../db/log-repo'
import type { EventBus } from './events'

export type { NewLogRow } from '../db/log-repo'

const flushDelayMs = 50
const flushBatchSize = 500
// While the disk refuses writes, keep at most this many entries in memory; older ones are dropped first.
const maxPending = 50_000
const defaultPageSize = 100
const maxPageSize = 1000

/** Maps a stored row to the list model. */
export function toLogSummary(row: LogRow): LogEntrySummary {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    tenantId: row.tenant_id,
    tenantSlug: row.tenant_slug,
    tokenId: row.token_id,
    method: row.method,
    path: row.path,
    status: row.status,
    durationMs: row.duration_ms,
    client: row.client,
    operation: row.operation as Operation,
    targetType: row.target_type as LogEntrySummary['targetType'],
    targetId: row.target_id,
    targetName: row.target_name,
    errorType: row.error_type,
    errorDetail: row.error_detail,
    injected: row.injected === 1
  }
}

/** Maps a stored row to the detail model. */
export function toLogEntry(row: LogRow): LogEntry {
  return {
    ...toLogSummary(row),
    authScheme: row.auth_scheme as LogEntry['authScheme'],
    requestHeaders: JSON.parse(row.request_headers) as Record<string, string>,
    requestBody: row.request_body,
    responseBody: row.response_body
  }
}

export interface ProvisioningLog {
  /** Queues an entry; it is written within ~50 ms, in a batch, off the request's critical path. */
  append(entry: NewLogRow): void
  /** Writes everything queued now. */
  flush(): void
  list(query: LogQuery): Result<Page<LogEntrySummary>>
  get(id: number): Result<LogEntry>
  /** Hears each written batch, in order: `serve --json` prints them, `logs --follow` streams them. */
  onWritten(listener: (entries: readonly LogEntrySummary[]) => void): () => void
  /** Entries waiting to be written (for shutdown and for tests). */
  pending(): number
  close(): void
}

/** The provisioning log: batched writes, keyset-paged reads, and a push event per batch. */
export function createProvisioningLog(deps: {
  log: LogRepo
  events: EventBus
  onWriteError?: (error: unknown) => void
}): ProvisioningLog {
  const { log, events } = deps
  const onWriteError = deps.onWriteError ?? ((error: unknown) => console.error('Could not write the provisioning log:', error))
  let queue: NewLogRow[] = []
  let timer: NodeJS.Timeout | null = null
  let closed = false
  const listeners = new Set<(entries: readonly LogEntrySummary[]) => void>()

  function schedule(): void {
    if (timer || closed) return
    timer = setTimeout(flush, flushDelayMs)
    timer.unref()
  }

  function flush(): void {
    if (timer) {
      clearTimeout(timer)
      timer = null
    }
    if (queue.length === 0) return
    const batch = queue
    queue = []
    let ids: number[]
    try {
      ids = log.insertMany(batch)
    } catch (error) {
      // Keep the entries (the disk may be full or the file busy) and try again later.
      queue = batch.concat(queue).slice(-maxPending)
      onWriteError(error)
      if (!closed) {
        timer = setTimeout(flush, 1000)
        timer.unref()
      }
      return
    }
    const tenantIds = [...new Set(batch.map((row) => row.tenant_id).filter((id): id is string => id !== null))]
    events.emit('logs:appended', { tenantIds, count: batch.length })
    if (listeners.size > 0) {
      const entries = batch.map((row, index) => toLogSummary({ ...row, id: ids[index] ?? 0 }))
      for (const listener of listeners) listener(entries)
    }
  }

  return {
    append(entry) {
      queue.push(entry)
      if (queue.length >= flushBatchSize) flush()
      else schedule()
    },
    flush,
    list(query) {
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? defaultPageSize), 1), maxPageSize)
      let beforeId: number | undefined
      if (query.cursor !== undefined) {
        beforeId = Number(query.cursor)
        if (!Number.isSafeInteger(beforeId)) return fail('invalid_argument', 'The page cursor is not valid.')
      }
      const filter = { tenantId: query.tenantId, outcome: query.outcome, beforeId, limit: limit + 1 }
      const rows = log.list(filter)
      const items = rows.slice(0, limit).map(toLogSummary)
      const last = items[items.length - 1]
      return ok({
        items,
        total: log.count({ ...filter, beforeId: undefined }),
        nextCursor: rows.length > limit && last ? String(last.id) : null
      })
    },
    get(id) {
      const row = log.byId(id)
      return row ? ok(toLogEntry(row)) : fail('not_found', `No log entry has the id ${id}.`, { id })
    },
    onWritten(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    pending: () => queue.length,
    close() {
      flush()
      closed = true
    }
  }
}
