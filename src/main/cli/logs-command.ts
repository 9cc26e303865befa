import { quoted } from '../../shared/quoted'
import type { LogQuery } from '../../shared/ipc'
import type { LogEntrySummary } from '../../shared/models'
import { operations } from '../../shared/models'
import { isFailureStatus, isThrottledStatus } from '../../shared/request-outcome'
import { createDiagnostician } from '../core/diagnosis'
import type { Services } from '../core/services'
import { ftsQuery } from '../db/log-repo'
import { CommandError, commandWord, logHeader, logJson, logLine, logTable, nextCommand, noMore, oneOf, openServices, parse, tenantHint, unexpectedNegative, unwrap, UsageError, wholeNumber, type Io } from './common'
import { logEntryCommand } from './log-entry-command'

// What --limit and --status must be; readFlags refuses any other.
const limitExpects = 'a whole number from 1 to 1000'
const statusExpects = 'an HTTP status from 100 to 599'

/** How often `--follow` looks for new entries; the writer may be another process, so it reads the database. */
export const followIntervalMs = 500
const followBatch = 500

const units: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

/**
 * Reads a `--since`/`--until` value: an ISO-8601 time (`2026-11-28T09:00:00Z`, or a date), `now`, or a span
 * before now such as `30s`, `15m`, `2h`, `7d`, `1w`. Answers an ISO time; throws a UsageError otherwise.
 */
export function parseTimeArgument(flag: string, raw: string, now: number): string {
  const text = raw.trim()
  if (text.toLowerCase() === 'now') return new Date(now).toISOString()
  const relative = /^(\d{1,6})\s*([smhdw])$/i.exec(text)
  // A span longer than the clock has run (`999999w`) means from the start: the log holds nothing older anyway.
  if (relative?.[1] && relative[2]) return new Date(Math.max(0, now - Number(relative[1]) * (units[relative[2].toLowerCase()] ?? 0))).toISOString()
  // Date.parse also reads loose forms ("1", "May 5"); a time on the command line starts with its year.
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text)
  const ms = day ? Date.parse(text) : Number.NaN
  if (Number.isNaN(ms)) throw new UsageError(`${flag} must be an ISO time (2026-11-28T09:00:00Z) or a span before now (15m, 2h, 7d), not ${quoted(raw)}`)
  // Date.parse rolls a day the month lacks over into the next month (2026-02-30 is 2 March): refuse it instead.
  const [year, month, date] = [Number(day?.[1]), Number(day?.[2]), Number(day?.[3])]
  if (date > new Date(Date.UTC(year, month, 0)).getUTCDate()) throw new UsageError(`${flag} names a day that ${day?.[1]}-${day?.[2]} does not have: ${quoted(raw)}`)
  return new Date(ms).toISOString()
}

function readFlags(args: readonly string[], now: number): { query: LogQuery; tenant: string | undefined; follow: boolean; json: boolean; db: string | undefined } {
  const { values, positionals } = parse(args, {
    tenant: { type: 'string' },
    failed: { type: 'boolean', default: false },
    status: { type: 'string' },
    operation: { type: 'string' },
    user: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    search: { type: 'string' },
    limit: { type: 'string' },
    follow: { type: 'boolean', short: 'f', default: false }
  }, { options: { status: statusExpects, limit: limitExpects }, positional: unexpectedNegative })
  // `logs show ID` reads no filters; a filter given with it lands here, with `show` as an argument.
  if (positionals[0] === 'show') throw new UsageError(`logs show takes a log entry id and no filters: ${nextCommand(values.db, 'logs show ID')}`)
  noMore(positionals, 0)
  if (values.tenant?.trim() === '') throw new UsageError("--tenant is empty: give a tenant's slug or id")
  // Either would filter nothing out, and list every entry as if it matched.
  if (values.user?.trim() === '') throw new UsageError("--user is empty: give a user's or group's name or id")
  if (values.search !== undefined && ftsQuery(values.search) === null) {
    throw new UsageError(`--search needs a word to look for, with a letter or digit in it; ${quoted(values.search)} has none`)
  }
  const limit = wholeNumber('--limit', values.limit, limitExpects) ?? 50
  if (limit < 1 || limit > 1000) throw new UsageError('--limit must be from 1 to 1000')
  const status = wholeNumber('--status', values.status, statusExpects)
  if (status !== undefined && (status < 100 || status > 599)) throw new UsageError('--status must be an HTTP status from 100 to 599')
  // Together they would list nothing, and "No requests match." would say there were none: a 429 most of all, which
  // a person looking for throttles may well try with --failed. The log page offers no such pair either.
  if (values.failed && status !== undefined && !isFailureStatus(status)) {
    throw new UsageError(
      isThrottledStatus(status)
        ? `--failed leaves out ${status}, a throttle and not a failure (Okta waits and sends the request again): give --status ${status} without --failed`
        : `--failed lists 4xx answers other than 429, and 5xx; --status ${status} is none of them: give one or the other`
    )
  }
  const operation = values.operation === undefined ? undefined : oneOf(values.operation, operations)
  if (values.operation !== undefined && operation === undefined) {
    throw new UsageError(`--operation must be one of ${operations.join(', ')}; not ${quoted(values.operation)}`)
  }
  const since = values.since === undefined ? undefined : parseTimeArgument('--since', values.since, now)
  const until = values.until === undefined ? undefined : parseTimeArgument('--until', values.until, now)
  if (since && until && since > until) throw new UsageError('--since must be before --until')
  // The new entries --follow waits for are all after --until, which leaves them out: it would wait in silence.
  if (values.follow && until !== undefined) throw new UsageError('--follow prints new entries as they arrive, and --until leaves every new one out: give one or the other')
  return {
    query: {
      outcome: values.failed ? 'failed' : 'all',
      status,
      operation,
      target: values.user,
      since,
      until,
      search: values.search,
      limit
    },
    tenant: values.tenant,
    follow: values.follow,
    json: values.json,
    db: values.db
  }
}

/**
 * Why `--tenant T` lists nothing, when no tenant has T and no deleted one had it: a typo (the slugs it is a letter or
 * two from are named), a tenant's name given for its slug, or a slug Okta was given by mistake, whose requests the log keeps under no tenant. A tenant with
 * no requests is another matter: it lists nothing, and says "No requests match.".
 */
function unknownTenant(services: Services, given: string, dbFlag: string | undefined): string {
  const sentTo = given !== '' && services.log.hasRequestsToUnknownSlug(given)
  const what = sentTo
    ? `no tenant has the id or slug ${quoted(given)}: the log's requests to ${Array.from(given).length > 80 ? 'that path' : `/scim/v2/${given}`} belong to no tenant (each was answered 401), and logs --failed lists them under that slug`
    : `no tenant has the id or slug ${quoted(given)}, and the log has no requests of one`
  return `${what}. ${tenantHint(services, given, dbFlag)}`
}

function waitFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

/**
 * `logs`: the provisioning log, newest first, with the filters of the log page. With `--follow` it prints the
 * latest entries oldest first, as `tail -f` does, then streams new ones until `signal` aborts (SIGINT). With
 * `--failed`, the table names each failure's diagnosis, as the app's Latest failures does. `logs show ID` prints one
 * entry in full.
 */
export async function logsCommand(args: readonly string[], io: Io, signal: AbortSignal): Promise<void> {
  const [word, rest] = commandWord(args)
  if (word === 'show') return logEntryCommand(rest, io)
  const flags = readFlags(args, Date.now())
  const services = openServices(flags.db, undefined, 'read', 'refuse')
  try {
    let query = flags.query
    if (flags.tenant !== undefined) {
      // A deleted tenant's requests stay in the log (tenant delete says so): they are found by its id or last slug.
      const tenantId = services.tenants.find(flags.tenant)?.id ?? services.log.loggedTenantId(flags.tenant)
      if (tenantId === null) throw new CommandError(unknownTenant(services, flags.tenant, flags.db))
      query = { ...query, tenantId }
    }
    // Only the readable table of failures names diagnoses: the JSON lines stay the entries as logged.
    const withDiagnosis = query.outcome === 'failed' && !flags.json
    const diagnostician = createDiagnostician(services)
    // New entries of --follow come from the log's tail, which the diagnostician does not read: each is diagnosed as
    // its detail is (a failure at a time, so this costs what the app's detail panel costs per entry).
    const diagnosed = (entries: readonly LogEntrySummary[]): readonly LogEntrySummary[] =>
      withDiagnosis
        ? entries.map((entry) => {
            const detail = diagnostician.detail(entry.id)
            return { ...entry, diagnosis: detail.ok ? detail.value.diagnosis : null }
          })
        : entries
    const print = (entries: readonly LogEntrySummary[], header: boolean) => {
      if (entries.length === 0) return
      if (flags.json) io.out(entries.map(logJson).join('\n'))
      else if (flags.follow) io.out([...(header ? [logHeader(withDiagnosis)] : []), ...entries.map((entry) => logLine(entry, withDiagnosis))].join('\n'))
      else io.out(logTable(entries, withDiagnosis))
    }
    // Read the high-water mark first: a row written while the page is read then shows once, not twice or never.
    const startId = services.log.lastId()
    const page = unwrap(diagnostician.list({ ...query, withDiagnosis }))
    if (!flags.follow) {
      print(page.items, true)
      if (!flags.json && page.items.length === 0) io.out('No requests match.')
      return
    }
    print([...page.items].reverse(), true)
    let cursor = Math.max(startId, page.items[0]?.id ?? 0)
    let header = page.items.length === 0
    while (!signal.aborted) {
      const batch = unwrap(services.log.tail(query, cursor, followBatch))
      print(diagnosed(batch), header)
      if (batch.length > 0) header = false
      cursor = batch[batch.length - 1]?.id ?? cursor
      if (batch.length < followBatch) await waitFor(followIntervalMs, signal)
    }
  } finally {
    services.close()
  }
}
