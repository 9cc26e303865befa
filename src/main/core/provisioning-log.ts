import { logTotalCap, type LogQuery } from '../../shared/ipc'
import {
  isOperation,
  operations,
  type ActivityBucket,
  type ErrorFacts,
  type LogEntry,
  type LogEntrySummary,
  type LogWriteStatus,
  type Operation,
  type Page
} from '../../shared/models'
import { fail, ok, type Result } from '../../shared/result'
import { ftsQuery, type LogFilter, type LogRepo, type LogRow, type LogSummaryRow, type NewLogRow, type StorageStats } from '../db/log-repo'
import { writerAnswerLimitMs, type LogWriteOutcome, type LogWriter } from '../db/log-writer'
import { storageFailure } from '../db/storage-errors'
import type { EventBus } from './events'

export type { NewLogRow, StorageStats } from '../db/log-repo'

/**
 * When queued entries are handed to the writer. While traffic is light, within 50 ms of the first one, so that the
 * console shows a request as it arrives. Once a batch held `busyRows` or more, every 250 ms: each commit of the log
 * makes the SCIM server's connection drop its page cache (SQLite does so when another connection has written the
 * file), and its next reads come from the file again. Under 32 GETs in flight that was about 16 commits a second;
 * a fifth as many kept the server's reads warm (interleaved A/B: +5-15% GETs and lookups). A batch for the writer
 * thread holds at most a few MB. Without the thread the serving thread writes the batches itself, on its own
 * connection (whose cache its own commits keep): every 50 ms, and at most 500 rows, ~20 ms of its time.
 */
const flushDelayMs = 50
const busyFlushDelayMs = 250
const busyRows = 100
const maxBatchRows = { thread: 5000, here: 500 }
// While the disk refuses writes, keep at most this many entries in memory; older ones are dropped first.
const maxPending = 50_000
const defaultPageSize = 100
const maxPageSize = 1000
const timelineEachWay = 25
const defaultActivityRangeMs = 60 * 60_000
const defaultActivityBuckets = 120
const minute = 60_000
// Bucket sizes a person reads at a glance; the smallest that gives no more buckets than asked is chosen.
const bucketSizes = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080, 43200].map((minutes) => minutes * minute)


/** Maps a stored row to the list model. */
export function toLogSummary(row: LogSummaryRow): LogEntrySummary {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    tenantId: row.tenant_id,
    tenantSlug: row.tenant_slug,
    tokenId: row.token_id,
    authScheme: row.auth_scheme as LogEntrySummary['authScheme'],
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

/** The list fields of an entry, without its headers, bodies or diagnosis. */
export function summaryOf(entry: LogEntrySummary): LogEntrySummary {
  const { id, at, tenantId, tenantSlug, tokenId, authScheme, method, path, status, durationMs, client, operation, targetType, targetId, targetName, errorType, errorDetail, injected } = entry
  return { id, at, tenantId, tenantSlug, tokenId, authScheme, method, path, status, durationMs, client, operation, targetType, targetId, targetName, errorType, errorDetail, injected }
}

/** Maps a stored row to the detail model. */
export function toLogEntry(row: LogRow): LogEntry {
  return {
    ...toLogSummary(row),
    requestHeaders: JSON.parse(row.request_headers) as Record<string, string>,
    requestBody: row.request_body,
    responseBody: row.response_body,
    errorFacts: row.error_facts ? (JSON.parse(row.error_facts) as ErrorFacts) : null
  }
}

/** Whether a text is an ISO-8601 time. Date.parse alone takes "Tenant 5" (as 2001-05-01), so the date must lead. */
export function isIsoTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}/.test(value.trim()) && !Number.isNaN(Date.parse(value))
}

function parseTime(name: string, value: string | undefined): Result<number | undefined> {
  if (value === undefined || value.trim() === '') return ok(undefined)
  const ms = Date.parse(value)
  return !isIsoTime(value) ? fail('invalid_argument', `${name} is not a time: "${value}". Use an ISO-8601 time such as 2026-11-28T09:30:00Z.`, { field: name }) : ok(ms)
}

/** Checks a log query and turns it into the repository's filter (times as epoch milliseconds). */
export function toLogFilter(query: LogQuery): Result<LogFilter> {
  if (query.operation !== undefined && !isOperation(query.operation)) {
    return fail('invalid_argument', `"${query.operation}" is not an operation. Use one of: ${operations.join(', ')}.`, { field: 'operation' })
  }
  if (query.status !== undefined && (!Number.isInteger(query.status) || query.status < 100 || query.status > 599)) {
    return fail('invalid_argument', 'The status is an HTTP status code from 100 to 599.', { field: 'status' })
  }
  const since = parseTime('since', query.since)
  if (!since.ok) return since as Result<never>
  const until = parseTime('until', query.until)
  if (!until.ok) return until as Result<never>
  return ok({
    tenantId: query.tenantId,
    outcome: query.outcome,
    operation: query.operation,
    target: query.target?.trim() ? query.target.trim() : undefined,
    status: query.status,
    sinceMs: since.value,
    untilMs: until.value,
    search: query.search?.trim() ? query.search : undefined,
    excludeSimulators: query.excludeSimulators === true ? true : undefined
  })
}

/**
 * A page cursor: the last id shown and the filter's total, `<id>.<total>`. The total rides along so that the pages
 * after the first, which a scrolling table loads one after another, do not count the same matches again.
 */
function parseCursor(cursor: string | undefined): Result<{ beforeId: number; total: number | null } | undefined> {
  if (cursor === undefined) return ok(undefined)
  const match = /^(\d{1,15})(?:\.(\d{1,9}))?$/.exec(cursor)
  if (!match?.[1]) return fail('invalid_argument', 'The page cursor is not valid.', { field: 'cursor' })
  return ok({ beforeId: Number(match[1]), total: match[2] === undefined ? null : Number(match[2]) })
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * The user or group a request's path names: `/Users/<id>`, or the value of a `userName eq "…"` or
 * `displayName eq "…"` lookup. Requests refused before a handler ran (401, 429) have no recorded target, and
 * their timeline is found this way.
 */
export function targetFromPath(path: string): { readonly id: string | null; readonly name: string | null } {
  const queryStart = path.indexOf('?')
  const pathOnly = queryStart === -1 ? path : path.slice(0, queryStart)
  const query = queryStart === -1 ? '' : path.slice(queryStart + 1)
  const id = /\/(?:Users|Groups)\/([^/]+)\/?$/i.exec(pathOnly)?.[1]
  if (id !== undefined && id.toLowerCase() !== '.search') return { id: decoded(id), name: null }
  const filter = new URLSearchParams(query).get('filter')
  const name = filter ? /^\s*(?:userName|displayName)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter)?.[1] : undefined
  return { id: null, name: name ?? null }
}

/** The bucket size for an activity chart of `rangeMs`: the smallest readable size giving at most `buckets` bars. */
export function activityBucketMs(rangeMs: number, buckets: number = defaultActivityBuckets): number {
  const wanted = rangeMs / Math.max(1, buckets)
  return bucketSizes.find((size) => size >= wanted) ?? Math.ceil(wanted / (1440 * minute)) * 1440 * minute
}

/**
 * The provisioning log as the front doors use it: the SCIM server writes it, and so do the console's own changes to a
 * directory (console-directory.ts); the UI and the CLI read it.
 */
export interface ProvisioningLog {
  /** Queues an entry; it is written within 50 ms (250 ms under load), in a batch, off the request's critical path. */
  append(entry: NewLogRow): void
  /** Writes everything queued now. */
  flush(): void
  /**
   * Hands what is queued to the writer now and settles once it is written (or kept after a refusal), without
   * blocking the thread meanwhile: for the console's screens, which want the requests served before they asked, and
   * refresh while Okta sends thousands a second. `flush` would hold the SCIM server until the thread had written them.
   */
  whenWritten(): Promise<void>
  /**
   * A page of the log, newest first, filtered by every field of the query. `total` is exact up to
   * `logTotalCap` and `logTotalCap + 1` beyond it ("more than").
   */
  list(query: LogQuery): Result<Page<LogEntrySummary>>
  get(id: number): Result<LogEntry>
  /** The other requests about the same user or group, oldest first, this one included (at most ~50). */
  timeline(entry: LogEntrySummary): readonly LogEntrySummary[]
  /** Requests per bucket by outcome, for the query's filters except outcome; the range defaults to the last hour. */
  activity(query: LogQuery, options: { readonly buckets?: number; readonly now: number }): Result<readonly ActivityBucket[]>
  /** Entries after `afterId` that match the query, oldest first: for `logs --follow`. */
  tail(query: LogQuery, afterId: number, limit: number): Result<readonly LogEntrySummary[]>
  /** The highest id written so far; 0 when the log is empty. */
  lastId(): number
  /**
   * The name the log last gave the user or group `id` of a tenant (a userName, a displayName), or null: for a request
   * about one that no longer exists, so that the log names it as it was known.
   */
  lastTargetName(tenantId: string, id: string): string | null
  /** The id of a tenant the log has requests of, by its id or slug, though the tenant may be deleted; else null. */
  loggedTenantId(idOrSlug: string): string | null
  /** Whether the log holds requests sent to `slug` while no tenant had it: 401s that belong to no tenant. */
  hasRequestsToUnknownSlug(slug: string): boolean
  /** The whole filtered log, newest first, a page at a time: for exports, which yield between pages. */
  pages(query: LogQuery, options: { readonly full: boolean; readonly pageSize?: number }): Result<Iterable<readonly LogEntry[] | readonly LogEntrySummary[]>>
  /** Deletes one chunk of rows beyond a retention policy: ids at or below `maxId`, or served before `beforeAt`. */
  prune(policy: { readonly maxId: number | null; readonly beforeAt: number }, chunk: number): number
  /** Gives up to `pages` free pages of the file back to the disk after a prune; answers how many went. */
  releaseFreePages(pages: number): number
  /** The id at or below which rows exceed a budget of `rows`, or null when the log is within it. */
  rowBudgetBoundary(rows: number): number | null
  /** Database pages and log figures, for the Settings page. */
  storage(): StorageStats
  /** Hears each written batch, in order: `serve --json` prints them, `logs --follow` streams them. */
  onWritten(listener: (entries: readonly LogEntrySummary[]) => void): () => void
  /** Entries waiting to be written (for shutdown and for tests). */
  pending(): number
  /** Whether entries are being written; every change is also pushed as `logs:write-status`. */
  writeStatus(): LogWriteStatus
  /**
   * Writes what is queued, then stops. Answers how many entries could not be written (the database refused them: a
   * full disk, say); they are lost, and `onLostAtClose` has said so.
   */
  close(): number
}

/** Why the log's entries are not written, in a sentence for the console's banner: what is wrong, and what to do. */
function refusalReason(error: unknown): string {
  switch (storageFailure(error)?.kind) {
    case 'full':
      return 'The disk that holds the database is full. Free some disk space.'
    case 'busy':
      return 'Another SCIM Console process (the app, "scim-console serve" or the CLI) is holding the database.'
    case 'read-only':
      return 'The database file cannot be written. Check the permissions of the file and its folder.'
    case 'removed':
      return 'The database file was deleted or moved while SCIM Console was running, and entries written now would be lost. Put the file back, or restart SCIM Console and restore a backup.'
    case 'io':
      return 'The disk reported an error while writing the database. Check the disk.'
    default:
      return `The database refused its entries: ${error instanceof Error ? error.message : String(error)}.`
  }
}

/** The provisioning log: batched writes, keyset-paged reads, and a push event per batch. */
export function createProvisioningLog(deps: {
  log: LogRepo
  events: EventBus
  /** Writes batches on a thread of its own (src/main/db/log-writer.ts); without it, or once it stops, they are written here. */
  writer?: LogWriter | null
  onWriteError?: (error: unknown, kept: number) => void
  onWriteRecovered?: (written: number) => void
  onLostAtClose?: (lost: number, reason: string) => void
  /**
   * Why the database must not be written now, as the error a write would get (its file was deleted or moved), or
   * null: asked once a batch. Refused batches are kept and tried again, as when the disk is full.
   */
  refusal?: () => unknown
  now?: () => number
}): ProvisioningLog {
  const { log, events } = deps
  const now = deps.now ?? Date.now
  const writer = deps.writer ?? null
  const onWriteError =
    deps.onWriteError ??
    ((error: unknown, kept: number) =>
      console.error(`Could not write the provisioning log (${error instanceof Error ? error.message : String(error)}). ${kept === 1 ? 'Its 1 new entry is' : `Its ${kept} new entries are`} kept and written once the database can be written again.`))
  const onWriteRecovered =
    deps.onWriteRecovered ?? ((written: number) => console.error(`The provisioning log is written again: ${written === 1 ? '1 kept entry is' : `${written} kept entries are`} in it.`))
  const onLostAtClose =
    deps.onLostAtClose ??
    ((lost: number, reason: string) =>
      console.error(`The provisioning log could not write its last ${lost === 1 ? 'entry' : `${lost} entries`} before closing, so ${lost === 1 ? 'it is' : 'they are'} lost. ${reason}`))
  // A full disk fails every retry; the first failure is reported, and then the recovery, not each second between.
  let status: LogWriteStatus = { state: 'ok' }
  let queue: NewLogRow[] = []
  let timer: NodeJS.Timeout | null = null
  let lastBatchRows = 0
  // Settles once the last batch handed to the writer thread has its answer; the thread answers them in order.
  let lastAnswer: Promise<void> = Promise.resolve()
  let closed = false
  const listeners = new Set<(entries: readonly LogEntrySummary[]) => void>()

  function schedule(): void {
    if (timer || closed) return
    const busy = lastBatchRows >= busyRows && writer?.running() === true
    timer = setTimeout(send, busy ? busyFlushDelayMs : flushDelayMs)
    timer.unref()
  }

  function written(batch: readonly NewLogRow[], ids: readonly number[]): void {
    if (status.state === 'failing') {
      onWriteRecovered(batch.length)
      status = { state: 'ok' }
      events.emit('logs:write-status', status)
    }
    const tenantIds = [...new Set(batch.map((row) => row.tenant_id).filter((id): id is string => id !== null))]
    events.emit('logs:appended', { tenantIds, count: batch.length })
    if (listeners.size > 0) {
      const entries = batch.map((row, index) => toLogSummary({ ...row, id: ids[index] ?? 0 }))
      for (const listener of listeners) listener(entries)
    }
  }

  /** Keeps a batch the database refused (the disk may be full or the file busy) and tries again later. */
  function refused(batch: readonly NewLogRow[], error: unknown): void {
    queue = batch.concat(queue).slice(-maxPending)
    if (status.state === 'ok') {
      onWriteError(error, queue.length)
      status = { state: 'failing', since: new Date(now()).toISOString(), reason: refusalReason(error) }
      events.emit('logs:write-status', status)
    }
    if (!closed && !timer) {
      timer = setTimeout(send, 1000)
      timer.unref()
    }
  }

  function takeQueue(): NewLogRow[] | null {
    if (timer) {
      clearTimeout(timer)
      timer = null
    }
    if (queue.length === 0) return null
    const batch = queue
    queue = []
    lastBatchRows = batch.length
    return batch
  }

  /** The queue to write, or null when there is none or the database must not be written now (it is kept then). */
  function takeWritable(): NewLogRow[] | null {
    const batch = takeQueue()
    const refusal = batch && deps.refusal ? deps.refusal() : null
    if (!batch || refusal === null) return batch
    refused(batch, refusal)
    return null
  }

  /** Writes the queue on this thread's connection. */
  function writeHere(): void {
    const batch = takeWritable()
    if (!batch) return
    let ids: number[]
    try {
      ids = log.insertMany(batch)
    } catch (error) {
      refused(batch, error)
      return
    }
    written(batch, ids)
  }

  /** Sends the queue to the writer thread, or writes it here when there is none. */
  function send(): void {
    if (!writer?.running()) return writeHere()
    const batch = takeWritable()
    if (!batch) return
    let answered = (): void => undefined
    lastAnswer = new Promise((resolve) => (answered = resolve))
    writer.write(batch, (outcome) => {
      try {
        answer(batch, outcome)
      } finally {
        answered()
      }
    })
  }

  function answer(batch: readonly NewLogRow[], outcome: LogWriteOutcome): void {
    if ('ids' in outcome) return written(batch, outcome.ids)
    // The thread may have written the batch's first rows before the database refused the rest.
    const done = outcome.written.length
    if (done > 0) written(batch.slice(0, done), outcome.written)
    const rest = batch.slice(done)
    if (outcome.stopped) {
      // The thread is gone (it could not start, or failed): this thread writes from now on.
      queue = rest.concat(queue)
      writeHere()
    } else refused(rest, outcome.error)
  }

  /** Everything queued is written, or kept after a refusal, when this returns. */
  function flush(): void {
    if (writer?.running()) {
      send()
      writer.settle()
      if (writer.running()) return
    }
    writeHere()
  }

  /**
   * Whole words first: a search whose words all match whole is not widened, since a prefix of a busy word (the
   * start of a domain name, say) reads that word's every posting. Only a search that matches no whole word is read
   * as a word still being typed, with its last word as a prefix.
   */
  function searchMode(filter: LogFilter): LogFilter {
    if (filter.search === undefined) return filter
    const exact = { ...filter, prefixSearch: false }
    if (ftsQuery(filter.search, { prefix: true }) === ftsQuery(filter.search)) return exact
    return log.list(exact, { limit: 1 }).length > 0 ? exact : { ...filter, prefixSearch: true }
  }

  function* pageIterator(filter: LogFilter, full: boolean, pageSize: number): Generator<readonly LogEntry[] | readonly LogEntrySummary[]> {
    let beforeId: number | undefined
    for (;;) {
      const window = { beforeId, limit: pageSize }
      const rows = full ? log.listFull(filter, window) : log.list(filter, window)
      if (rows.length === 0) return
      yield full ? (rows as LogRow[]).map(toLogEntry) : rows.map(toLogSummary)
      if (rows.length < pageSize) return
      beforeId = rows[rows.length - 1]?.id
    }
  }

  return {
    append(entry) {
      queue.push(entry)
      if (queue.length >= (writer?.running() ? maxBatchRows.thread : maxBatchRows.here)) send()
      else schedule()
    },
    flush,
    whenWritten() {
      send()
      // A thread that has not answered within the limit that flush() waits too is stuck; the reader reads what is there.
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, writerAnswerLimitMs)
        timer.unref()
        void lastAnswer.then(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    },

    list(query) {
      const checked = toLogFilter(query)
      if (!checked.ok) return checked as Result<never>
      const cursor = parseCursor(query.cursor)
      if (!cursor.ok) return cursor as Result<never>
      const filter = searchMode(checked.value)
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? defaultPageSize), 1), maxPageSize)
      const rows = log.list(filter, { beforeId: cursor.value?.beforeId, limit: limit + 1 })
      const items = rows.slice(0, limit).map(toLogSummary)
      const last = items[items.length - 1]
      const more = rows.length > limit
      // A first page that holds everything is its own count; otherwise count, but no further than the cap.
      const total =
        cursor.value?.total ?? (cursor.value === undefined && !more ? items.length : log.countUpTo(filter, logTotalCap + 1))
      return ok({ items, total, nextCursor: more && last ? `${last.id}.${total}` : null })
    },

    get(id) {
      const row = log.byId(id)
      return row ? ok(toLogEntry(row)) : fail('not_found', `No log entry has the id ${id}.`, { id })
    },

    timeline(entry) {
      const target = entry.targetId === null && entry.targetName === null ? targetFromPath(entry.path) : { id: entry.targetId, name: entry.targetName }
      if (target.id === null && target.name === null) return [entry]
      const { before, after } = log.timeline({ id: entry.id, tenant_id: entry.tenantId, target_id: target.id, target_name: target.name }, timelineEachWay)
      const earlier = before.reverse().map(toLogSummary)
      // A request refused before its target was recorded is found by its path, so it is not among the matches itself.
      if (earlier[earlier.length - 1]?.id !== entry.id) earlier.push(summaryOf(entry))
      return [...earlier, ...after.map(toLogSummary)]
    },

    activity(query, options) {
      const filter = toLogFilter(query)
      if (!filter.ok) return filter as Result<never>
      const until = filter.value.untilMs ?? options.now
      const since = filter.value.sinceMs ?? until - defaultActivityRangeMs
      if (since > until) return fail('invalid_argument', 'The range starts after it ends.', { field: 'since' })
      const bucketMs = activityBucketMs(until - since, options.buckets)
      // Buckets start on whole multiples of their size, so that minutes start at :00 and days at midnight UTC.
      const start = Math.floor(since / bucketMs) * bucketMs
      const count = Math.floor((until - start) / bucketMs) + 1
      // The chart splits by outcome itself, so the outcome filter does not narrow it.
      const rows = log.activity(searchMode({ ...filter.value, outcome: 'all', sinceMs: since, untilMs: until }), start, bucketMs)
      const byBucket = new Map(rows.map((row) => [row.bucket, row]))
      return ok(
        Array.from({ length: count }, (_, index): ActivityBucket => {
          const row = byBucket.get(index)
          return {
            start: new Date(start + index * bucketMs).toISOString(),
            ok: row?.ok ?? 0,
            clientErrors: row?.client_errors ?? 0,
            throttled: row?.throttled ?? 0,
            serverErrors: row?.server_errors ?? 0,
            simulated: row?.simulated ?? 0,
            simulatedFailures: row?.simulated_failures ?? 0,
            consoleChanges: row?.console_changes ?? 0
          }
        })
      )
    },

    tail(query, afterId, limit) {
      const filter = toLogFilter(query)
      if (!filter.ok) return filter as Result<never>
      return ok(log.list(searchMode(filter.value), { afterId, order: 'oldest', limit }).map(toLogSummary))
    },

    lastId: () => log.lastId(),
    lastTargetName: (tenantId, id) => log.lastTargetName(tenantId, id),
    loggedTenantId: (idOrSlug) => log.loggedTenantId(idOrSlug),
    hasRequestsToUnknownSlug: (slug) => log.hasRequestsToUnknownSlug(slug),

    pages(query, options) {
      const filter = toLogFilter(query)
      if (!filter.ok) return filter as Result<never>
      const resolved = searchMode(filter.value)
      return ok({ [Symbol.iterator]: () => pageIterator(resolved, options.full, options.pageSize ?? maxPageSize) })
    },

    prune(policy, chunk) {
      if (policy.maxId !== null) {
        const deleted = log.deleteUpToId(policy.maxId, chunk)
        if (deleted > 0) return deleted
      }
      return log.deleteBefore(policy.beforeAt, chunk)
    },

    releaseFreePages: (pages) => log.releaseFreePages(pages),
    rowBudgetBoundary: (rows) => log.idAfterNewest(rows),
    storage: () => log.storage(),

    onWritten(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    pending: () => queue.length + (writer?.inFlight() ?? 0),
    writeStatus: () => status,
    close() {
      flush()
      closed = true
      writer?.close()
      // Kept after a refusal, with no later retry to take them: said, never dropped without a word.
      const lost = queue.length
      if (lost > 0) onLostAtClose(lost, status.state === 'failing' ? status.reason : 'The database refused them.')
      queue = []
      return lost
    }
  }
}
