import { createStatementCache, type Db } from './connection'
import { createLogBatchWriter, type LogRow, type NewLogRow } from './log-batch'
import { foldCase } from '../../shared/fold-case'
import { lowestErrorStatus } from '../../shared/request-outcome'
import {
  consoleChangeCondition,
  errorStatusCondition,
  failureConditions,
  failureExpression,
  notSimulatorCondition,
  simulatorCondition,
  throttledExpression
} from './outcome-sql'

export type { LogRow, NewLogRow } from './log-batch'

/** The columns a list shows: everything but headers and bodies (the auth scheme tells a change made in the console). */
export type LogSummaryRow = Omit<LogRow, 'request_headers' | 'request_body' | 'response_body'>

/** Filters the log understands; every one is optional and they combine with AND. Times are epoch milliseconds. */
export interface LogFilter {
  readonly tenantId?: string
  readonly outcome?: 'all' | 'failed' | '4xx' | '5xx' | 'throttled'
  readonly operation?: string
  /** The target's id exactly, or the start of its userName or displayName, case-insensitively. */
  readonly target?: string
  readonly status?: number
  readonly sinceMs?: number
  readonly untilMs?: number
  /** What a person typed into the search box; turned into a safe FTS5 query here. */
  readonly search?: string
  /** Match the last word of the search as a prefix (see ftsQuery). */
  readonly prefixSearch?: boolean
  /** Leave out the requests SCIM Console's own simulators and self-tests sent (shared/request-outcome.ts). */
  readonly excludeSimulators?: boolean
}

/** A window of a filtered list, by id: newest first below `beforeId`, or oldest first above `afterId`. */
export interface LogWindow {
  readonly beforeId?: number
  readonly afterId?: number
  readonly order?: 'newest' | 'oldest'
  readonly limit: number
}

/** Requests in one time bucket by outcome, as the activity query answers them. */
export interface ActivityRow {
  readonly bucket: number
  readonly ok: number
  readonly client_errors: number
  readonly throttled: number
  readonly server_errors: number
  /** Of all these, the requests SCIM Console's own simulators and self-tests sent, and how many of those failed. */
  readonly simulated: number
  readonly simulated_failures: number
  /** Of all these, the changes made in SCIM Console (consoleChangeCondition), which are no request. */
  readonly console_changes: number
}

/** `PRAGMA auto_vacuum`'s value for INCREMENTAL. */
const incrementalAutoVacuum = 2

/** Figures about the database file and the log, for the Settings page. */
export interface StorageStats {
  readonly pageCount: number
  readonly pageSize: number
  readonly logRows: number
  readonly oldestAt: number | null
}

/**
 * How late a row may reach the database after the request it records and still be found by a time filter.
 * Rows get their id when written and their `at` when served, so ids follow time except for the rows the
 * batching writer holds back (50 ms normally; longer only while the disk refuses writes). Time bounds are
 * turned into id bounds widened by this margin, and the exact `at` condition still applies on top.
 */
export const lateWriteMarginMs = 60 * 60_000

const maxSearchTerms = 16
const minPrefixLength = 3
/** A prefix that starts more words than this is searched as a prefix after all (each of them is then rare). */
const maxPrefixWords = 24

/** A word as the unicode61 tokenizer (remove_diacritics 2) indexes it: lower case, without accents. */
export function indexedForm(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

const quote = (text: string): string => `"${text.replaceAll('"', '""')}"`

/**
 * Turns search-box text into an FTS5 query that cannot be a syntax error: each word, or each "quoted phrase",
 * becomes a quoted FTS5 string (so AND, OR, NEAR, column filters and operators are plain text), and words with no
 * letter or digit are dropped (the tokenizer would find nothing in them). Null when nothing searchable is left.
 *
 * With `prefix`, the last word also matches as the start of a word, for a word still being typed. FTS5 answers
 * `"exam"*` by reading every posting of every word it expands to before it returns the first row, which takes
 * hundreds of milliseconds when one of them is in most rows (a customer's email domain); `expand` may name those
 * words instead (as the index's vocabulary does), and an OR of whole words returns its newest rows at once.
 */
export function ftsQuery(
  text: string,
  options: { readonly prefix?: boolean; readonly expand?: (prefix: string) => readonly string[] | null } = {}
): string | null {
  const terms: { text: string; quoted: boolean }[] = []
  for (const match of text.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const quoted = match[1] !== undefined
    const term = (quoted ? match[1] : match[2]) ?? ''
    if (/[\p{L}\p{N}]/u.test(term)) terms.push({ text: term, quoted })
  }
  if (terms.length === 0) return null
  const kept = terms.slice(0, maxSearchTerms)
  return kept
    .map((term, index) => {
      const phrase = quote(term.text)
      const trailingWord = /[\p{L}\p{N}]+$/u.exec(term.text)?.[0] ?? ''
      // A short prefix expands to much of the vocabulary, and is seldom what a person means.
      if (!options.prefix || index !== kept.length - 1 || term.quoted || trailingWord.length < minPrefixLength) return phrase
      const words = options.expand?.(indexedForm(trailingWord)) ?? null
      if (!words || words.length === 0) return `${phrase}*`
      const head = term.text.slice(0, term.text.length - trailingWord.length)
      return words.length === 1 ? quote(head + words[0]) : `(${words.map((word) => quote(head + word)).join(' OR ')})`
    })
    .join(' ')
}

/** Text as the hex of its UTF-8 bytes: one word to the `request_log_targets` index, whatever punctuation it holds. */
function hexWord(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex')
}

/**
 * The `request_log_targets` query for the rows whose target id is `id`, or whose name is `name` (starts with it, with
 * `namePrefix`). An id is matched as it is; a name folded as the writer folds it (migrations.ts foldedTargetName), as
 * the server compares userNames: in any case, and with its accents sent as one character or as two.
 */
function targetMatch(target: { readonly id: string | null; readonly name: string | null; readonly namePrefix: boolean }): string | null {
  const terms = [
    ...(target.id ? [`id : "${hexWord(target.id)}"`] : []),
    ...(target.name ? [`name : "${hexWord(foldCase(target.name))}"${target.namePrefix ? '*' : ''}`] : [])
  ]
  return terms.length === 0 ? null : terms.join(' OR ')
}

const summaryColumns = `r.id, r.at, r.tenant_id, r.tenant_slug, r.token_id, r.auth_scheme, r.method, r.path, r.status, r.duration_ms, r.client,
  r.operation, r.target_type, r.target_id, r.target_name, r.error_type, r.error_detail, r.injected`

interface CompiledFilter {
  /** FROM clause: the log alone, or joined to the full-text index. */
  readonly from: string
  /** The column that orders and pages: the full-text rowid when searching, so FTS5 hands out rows in order. */
  readonly idColumn: string
  readonly clauses: readonly string[]
  readonly params: readonly unknown[]
  /** True when the filter can match nothing, so no query is needed. */
  readonly empty: boolean
  /** A search and nothing else: counting it needs only the full-text index, not the (large) rows. */
  readonly searchOnly: boolean
}

/** All SQL about the provisioning log. */
export function createLogRepo(db: Db) {
  const byId = db.prepare('SELECT * FROM request_log WHERE id = ?')
  const insertMany = createLogBatchWriter(db)
  // The (at) index answers these with one seek each; see lateWriteMarginMs.
  const lastIdBefore = db.prepare<[number], { id: number }>('SELECT id FROM request_log WHERE at < ? ORDER BY at DESC LIMIT 1')
  const loggedTenantById = db.prepare<[string], { tenant_id: string }>('SELECT tenant_id FROM request_log WHERE tenant_id = ? LIMIT 1')
  const loggedTenantBySlug = db.prepare<[string], { tenant_id: string }>(
    'SELECT tenant_id FROM request_log WHERE tenant_slug = ? AND tenant_id IS NOT NULL ORDER BY id DESC LIMIT 1'
  )
  const firstIdAfter = db.prepare<[number], { id: number }>('SELECT id FROM request_log WHERE at > ? ORDER BY at LIMIT 1')
  // Rows of no tenant are few (401s to a slug no tenant has) and sit together at the NULL end of (tenant_id, id).
  const sentToUnknownSlug = db.prepare<[string], { id: number }>('SELECT id FROM request_log WHERE tenant_id IS NULL AND tenant_slug = ? LIMIT 1')
  // The target index hands out the rows about a user or group in id order, exactly (migration 4); the tenant is checked
  // on each row, because a group's displayName ("Engineering") may recur in every tenant.
  const sameTarget = (direction: 'before' | 'after') => {
    const [bound, order] = direction === 'before' ? ['w.rowid <= @at', 'DESC'] : ['w.rowid > @at', 'ASC']
    return `SELECT ${summaryColumns} FROM request_log_targets w JOIN request_log r ON r.id = w.rowid
      WHERE request_log_targets MATCH @match AND ${bound} AND r.tenant_id IS @tenant
      ORDER BY w.rowid ${order} LIMIT @limit`
  }
  // The newest name the log holds for a target id: one seek of the target index, newest first.
  const lastNameOf = db.prepare<{ match: string; tenant: string }, { target_name: string }>(
    `SELECT r.target_name FROM request_log_targets w JOIN request_log r ON r.id = w.rowid
      WHERE request_log_targets MATCH @match AND r.tenant_id = @tenant AND r.target_name IS NOT NULL AND r.target_id IS NOT NULL
      ORDER BY w.rowid DESC LIMIT 1`
  )
  const timelineBefore = db.prepare(sameTarget('before'))
  const timelineAfter = db.prepare(sameTarget('after'))
  const deleteOldest = db.prepare<[number, number]>(
    'DELETE FROM request_log WHERE id IN (SELECT id FROM request_log WHERE id <= ? ORDER BY id LIMIT ?)'
  )
  const deleteBefore = db.prepare<[number, number]>('DELETE FROM request_log WHERE id IN (SELECT id FROM request_log WHERE at < ? LIMIT ?)')
  // The vocabulary in term order; `term >= ?` is one seek, so the words a prefix starts are read a seek each.
  const nextTerm = db.prepare<[string], { term: string }>('SELECT term FROM request_log_fts_terms WHERE term >= ? LIMIT 1')
  function wordsStartingWith(prefix: string): string[] | null {
    const words: string[] = []
    let row = nextTerm.get(prefix)
    while (row && row.term.startsWith(prefix)) {
      if (words.length === maxPrefixWords) return null
      words.push(row.term)
      // The smallest string after the term: every longer word starting with it sorts at or after term + U+0001.
      row = nextTerm.get(`${row.term}\u0001`)
    }
    return words
  }
  const idRange = db.prepare<[], { low: number | null; high: number | null }>('SELECT min(id) AS low, max(id) AS high FROM request_log')
  const rowCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM request_log')
  const oldest = db.prepare<[], { at: number }>('SELECT at FROM request_log ORDER BY at LIMIT 1')
  const maxId = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM request_log')

  const prepared = createStatementCache(db)

  /** `page` plans for rows in id order (a list); `range` for reading a whole time range (counts, activity). */
  function compile(filter: LogFilter, mode: 'page' | 'range' = 'page'): CompiledFilter {
    const search = filter.search === undefined ? null : ftsQuery(filter.search, { prefix: filter.prefixSearch === true, expand: wordsStartingWith })
    const targetText = filter.target?.trim() || null
    const target = targetText === null ? null : targetMatch({ id: targetText, name: targetText, namePrefix: true })
    // The rows come in id order from the full-text index when searching, else from the target index when there is a
    // target, else from the log's own indexes.
    const idColumn = search ? 'f.rowid' : target ? 'w.rowid' : 'r.id'
    const clauses: string[] = []
    const params: unknown[] = []
    let empty = false
    if (search) {
      clauses.push('request_log_fts MATCH ?')
      params.push(search)
    }
    if (filter.tenantId !== undefined) {
      clauses.push('r.tenant_id = ?')
      params.push(filter.tenantId)
    }
    // Each failure outcome carries the literal `status >= 400`, which lets SQLite use the partial failure indexes.
    // "Failed" is the failures of shared/request-outcome.ts: a 429 is a throttle, listed under "throttled".
    switch (filter.outcome ?? 'all') {
      case 'failed':
        clauses.push(...failureConditions('r.status'))
        break
      case '4xx':
        clauses.push(errorStatusCondition('r.status'), 'r.status <= 499')
        break
      case '5xx':
        clauses.push(errorStatusCondition('r.status'), 'r.status >= 500')
        break
      case 'throttled':
        clauses.push(errorStatusCondition('r.status'), throttledExpression('r.status'))
        break
      case 'all':
        break
    }
    if (filter.status !== undefined) {
      clauses.push('r.status = ?')
      params.push(filter.status)
      if (filter.status >= lowestErrorStatus) clauses.push(errorStatusCondition('r.status'))
    }
    if (filter.operation !== undefined) {
      clauses.push('r.operation = ?')
      params.push(filter.operation)
    }
    if (filter.excludeSimulators) clauses.push(notSimulatorCondition('r.'))
    if (target) {
      // With a search, the full-text index leads and the target's rows are looked up once, as a set.
      clauses.push(
        search ? 'r.id IN (SELECT rowid FROM request_log_targets WHERE request_log_targets MATCH ?)' : 'request_log_targets MATCH ?'
      )
      params.push(target)
    }
    // A page reads rows in id order, so its time range becomes an id range (see lateWriteMarginMs), with the unary +
    // keeping the (at) index out of its plan. A count or a chart reads the whole range, which the (tenant_id, at,
    // status) and (at, status) indexes cover; a search keeps the id range either way, as FTS5 skips by rowid.
    const byIds = mode === 'page' || search !== null
    const at = byIds ? '+r.at' : 'r.at'
    if (filter.sinceMs !== undefined) {
      clauses.push(`${at} >= ?`)
      params.push(filter.sinceMs)
      const bound = byIds ? lastIdBefore.get(filter.sinceMs - lateWriteMarginMs) : undefined
      if (bound) {
        clauses.push(`${idColumn} > ?`)
        params.push(bound.id)
      }
    }
    if (filter.untilMs !== undefined) {
      clauses.push(`${at} <= ?`)
      params.push(filter.untilMs)
      const bound = byIds ? firstIdAfter.get(filter.untilMs + lateWriteMarginMs) : undefined
      if (bound) {
        clauses.push(`${idColumn} < ?`)
        params.push(bound.id)
      }
    }
    if (filter.sinceMs !== undefined && filter.untilMs !== undefined && filter.sinceMs > filter.untilMs) empty = true
    // A tenant's failures: without statistics SQLite ranks the partial failure index level with the tenant index,
    // and the tenant index reads twenty rows (of a kilobyte and more) for every failure it finds. Naming it is safe:
    // the failure outcomes always carry `status >= 400`, which is exactly the partial index's condition.
    const tenantFailures = mode === 'page' && !search && filter.tenantId !== undefined && clauses.includes(errorStatusCondition('r.status'))
    const from = search
      ? 'request_log_fts f JOIN request_log r ON r.id = f.rowid'
      : target
        ? 'request_log_targets w JOIN request_log r ON r.id = w.rowid'
        : tenantFailures
          ? 'request_log r INDEXED BY request_log_failures'
          : 'request_log r'
    return { from, idColumn, clauses, params, empty, searchOnly: search !== null && clauses.length === 1 }
  }

  function whereOf(compiled: CompiledFilter, extra: readonly string[] = []): string {
    const all = [...compiled.clauses, ...extra]
    return all.length > 0 ? `WHERE ${all.join(' AND ')}` : ''
  }

  function select<T>(columns: string, filter: LogFilter, window: LogWindow): T[] {
    const compiled = compile(filter)
    if (compiled.empty) return []
    const extra: string[] = []
    const params = [...compiled.params]
    if (window.beforeId !== undefined) {
      extra.push(`${compiled.idColumn} < ?`)
      params.push(window.beforeId)
    }
    if (window.afterId !== undefined) {
      extra.push(`${compiled.idColumn} > ?`)
      params.push(window.afterId)
    }
    const direction = window.order === 'oldest' ? 'ASC' : 'DESC'
    params.push(window.limit)
    const sql = `SELECT ${columns} FROM ${compiled.from} ${whereOf(compiled, extra)} ORDER BY ${compiled.idColumn} ${direction} LIMIT ?`
    return prepared(sql).all(...params) as T[]
  }

  return {
    /** Writes a batch, and the last use of each token in it, in one transaction; returns the new ids in order. */
    insertMany: (rows: readonly NewLogRow[]): number[] => insertMany(rows),
    byId: (id: number) => byId.get(id) as LogRow | undefined,

    /** A page of summaries matching the filter, newest first (or oldest first for a tail). */
    list: (filter: LogFilter, window: LogWindow): LogSummaryRow[] => select<LogSummaryRow>(summaryColumns, filter, window),

    /** Like `list`, with headers and bodies: for export. */
    listFull: (filter: LogFilter, window: LogWindow): LogRow[] => select<LogRow>('r.*', filter, window),

    /**
     * How many rows match, counting no further than `cap`: an exact count over a million rows costs more than
     * the page it labels, and "more than 10,000" is what a person needs to know.
     */
    countUpTo: (filter: LogFilter, cap: number): number => {
      const compiled = compile(filter, 'range')
      if (compiled.empty) return 0
      const from = compiled.searchOnly ? 'request_log_fts' : compiled.from
      const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM ${from} ${whereOf(compiled)} LIMIT ?)`
      return (prepared(sql).get(...compiled.params, cap) as { n: number }).n
    },

    /** Requests per bucket of `bucketMs` from `startMs`, by outcome, in one GROUP BY. */
    activity: (filter: LogFilter, startMs: number, bucketMs: number): ActivityRow[] => {
      const compiled = compile(filter, 'range')
      if (compiled.empty) return []
      // Bound numbers arrive as REAL, so the division would not truncate without the cast.
      const bucket = 'CAST((r.at - ?) / ? AS INTEGER) AS bucket'
      const sql = `SELECT ${bucket},
          sum(r.status < 400) AS ok,
          sum(r.status >= 400 AND r.status < 500 AND NOT ${throttledExpression('r.status')}) AS client_errors,
          sum(${throttledExpression('r.status')}) AS throttled,
          sum(r.status >= 500) AS server_errors
        FROM ${compiled.from} ${whereOf(compiled)} GROUP BY bucket ORDER BY bucket`
      const rows = prepared(sql).all(startMs, bucketMs, ...compiled.params) as Omit<ActivityRow, 'simulated' | 'simulated_failures' | 'console_changes'>[]
      // The simulators' requests and the console's changes among them, each from the index of their rows alone
      // (migrations 10 and 11): the client and the scheme are not in the indexes the query above reads, and reading
      // them there would read every row of the range.
      const fewRows = <T extends { bucket: number }>(index: string, condition: string, counts: string): Map<number, T> => {
        const from = compiled.from === 'request_log r' ? `request_log r INDEXED BY ${index}` : compiled.from
        const few = prepared(`SELECT ${bucket}, ${counts} FROM ${from} ${whereOf(compiled, [condition])} GROUP BY bucket`)
        return new Map((few.all(startMs, bucketMs, ...compiled.params) as T[]).map((row) => [row.bucket, row]))
      }
      const simulated = fewRows<{ bucket: number; simulated: number; simulated_failures: number }>(
        'request_log_simulated',
        simulatorCondition('r.'),
        `count(*) AS simulated, sum(${failureExpression('r.status')}) AS simulated_failures`
      )
      const changes = fewRows<{ bucket: number; console_changes: number }>('request_log_console', consoleChangeCondition('r.'), 'count(*) AS console_changes')
      return rows.map((row) => ({
        ...row,
        simulated: simulated.get(row.bucket)?.simulated ?? 0,
        simulated_failures: simulated.get(row.bucket)?.simulated_failures ?? 0,
        console_changes: changes.get(row.bucket)?.console_changes ?? 0
      }))
    },

    /** Requests about the same user or group as `row`, up to `each` before (including it) and `each` after, by id. */
    timeline: (row: { id: number; tenant_id: string | null; target_id: string | null; target_name: string | null }, each: number) => {
      const match = targetMatch({ id: row.target_id, name: row.target_name, namePrefix: false })
      if (match === null) return { before: [], after: [] }
      const params = { match, tenant: row.tenant_id, at: row.id, limit: each }
      return {
        before: timelineBefore.all(params) as LogSummaryRow[],
        after: timelineAfter.all(params) as LogSummaryRow[]
      }
    },

    /** The name the log last gave the user or group `id` of a tenant, or null: what a request about it called it. */
    lastTargetName: (tenantId: string, id: string): string | null =>
      lastNameOf.get({ match: targetMatch({ id, name: null, namePrefix: false }) ?? '', tenant: tenantId })?.target_name ?? null,

    /** The highest id written so far (0 for an empty log): where `logs --follow` starts. */
    lastId: (): number => maxId.get()?.id ?? 0,

    /**
     * The id of a tenant the log has rows of, by that id or by the slug its latest rows were made under: a deleted
     * tenant's. The slug has no index: a scan, made only when no tenant of that name is left.
     */
    loggedTenantId: (idOrSlug: string): string | null =>
      (loggedTenantById.get(idOrSlug) ?? loggedTenantBySlug.get(idOrSlug))?.tenant_id ?? null,
    /** Whether the log holds requests sent to `slug` while no tenant had it (each answered 401), logged under no tenant. */
    hasRequestsToUnknownSlug: (slug: string): boolean => sentToUnknownSlug.get(slug) !== undefined,

    /** Deletes up to `limit` of the oldest rows with an id at or below `maxId`; returns how many went. */
    deleteUpToId: (maxIdInclusive: number, limit: number): number => deleteOldest.run(maxIdInclusive, limit).changes,
    /** Deletes up to `limit` rows served before `at`; returns how many went. */
    deleteBefore: (at: number, limit: number): number => deleteBefore.run(at, limit).changes,
    /**
     * The highest id outside a budget of the newest `keep` rows, or null when the log is within it. Ids are given out
     * one above the highest and the log loses rows only from its old end, so they are dense and the boundary is
     * arithmetic, where counting would read a million rows; a gap (rows deleted by hand) only makes fewer rows stay.
     */
    idAfterNewest: (keep: number): number | null => {
      const { low, high } = idRange.get() ?? { low: null, high: null }
      if (low === null || high === null || high - low + 1 <= keep) return null
      return high - keep
    },

    /**
     * Gives up to `pages` free pages (left by pruned rows) back to the disk, moving pages from the end of the file into
     * them, and answers how many went: 0 when none are free, or when the file predates incremental auto-vacuum
     * (connection.ts), whose free pages SQLite only reuses.
     */
    releaseFreePages: (pages: number): number => {
      if (db.pragma('auto_vacuum', { simple: true }) !== incrementalAutoVacuum) return 0
      const free = db.pragma('freelist_count', { simple: true }) as number
      if (free === 0) return 0
      db.pragma(`incremental_vacuum(${Math.min(free, Math.max(1, Math.floor(pages)))})`)
      return free - (db.pragma('freelist_count', { simple: true }) as number)
    },

    /** Database size and log figures for the Settings page. */
    storage: (): StorageStats => ({
      pageCount: db.pragma('page_count', { simple: true }) as number,
      pageSize: db.pragma('page_size', { simple: true }) as number,
      logRows: rowCount.get()?.n ?? 0,
      oldestAt: oldest.get()?.at ?? null
    })
  }
}

/** The provisioning log's SQL, as `createLogRepo` builds it. */
export type LogRepo = ReturnType<typeof createLogRepo>
