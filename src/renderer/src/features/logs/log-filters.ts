/**
 * The log explorer's filters and the URL that holds them, so that a view survives a reload and can be shared on a
 * call. Pure functions: URL search params ⇄ `LogFilters` ⇄ the `LogQuery` main understands.
 */
import type { LogOutcome, LogQuery } from '../../../../shared/ipc'
import type { LogEntrySummary, Operation } from '../../../../shared/models'
import { isFailureStatus } from '../../../../shared/request-outcome'
import { nameFromPath } from './log-format'
import { isOperation } from './operation-labels'

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

/** The quick time ranges, counted back from now. */
export type RangePreset = '15m' | '1h' | '24h' | '7d' | '30d'

/** Presets in menu order, with how far back each reaches. */
export const rangePresets: ReadonlyArray<{ readonly value: RangePreset; readonly label: string; readonly ms: number }> = [
  { value: '15m', label: 'Last 15 minutes', ms: 15 * minute },
  { value: '1h', label: 'Last hour', ms: hour },
  { value: '24h', label: 'Last 24 hours', ms: day },
  { value: '7d', label: 'Last 7 days', ms: 7 * day },
  { value: '30d', label: 'Last 30 days', ms: 30 * day }
]

/** Outcomes in the order the segmented control shows them. */
export const outcomeOptions: ReadonlyArray<{ readonly value: LogOutcome; readonly label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'failed', label: 'Failed' },
  { value: '4xx', label: '4xx' },
  { value: '5xx', label: '5xx' },
  { value: 'throttled', label: 'Throttled' }
]

/**
 * Whether a status code is among the requests an outcome keeps, as the log's query reads them (db/log-repo.ts). The
 * status filter offers only those, so that the two filters never ask for nothing ("4xx" and 201).
 */
export function statusFitsOutcome(status: number, outcome: LogOutcome): boolean {
  switch (outcome) {
    case 'all':
      return true
    case 'failed':
      // A 429 is a throttle, under "Throttled" (shared/request-outcome.ts).
      return isFailureStatus(status)
    case '4xx':
      return status >= 400 && status <= 499
    case '5xx':
      return status >= 500
    case 'throttled':
      return status === 429
  }
}

/** Everything the explorer can narrow by. The tenant is its slug, as people read and share it. */
export interface LogFilters {
  readonly tenant: string | null
  readonly outcome: LogOutcome
  readonly operation: Operation | null
  /** The start of a userName or displayName, or a SCIM id. */
  readonly target: string
  readonly status: number | null
  /** A range counted back from now; null with `since`/`until` is a custom range, null without them is any time. */
  readonly range: RangePreset | null
  readonly since: string | null
  readonly until: string | null
  /** Full-text search over userName, path and error detail. */
  readonly search: string
}

/** No filter at all: every request, any time. */
export const noFilters: LogFilters = {
  tenant: null,
  outcome: 'all',
  operation: null,
  target: '',
  status: null,
  range: null,
  since: null,
  until: null,
  search: ''
}

/** URL parameter names, short because people paste these links into tickets. */
const keys = {
  tenant: 'tenant',
  outcome: 'outcome',
  operation: 'operation',
  target: 'target',
  status: 'status',
  range: 'range',
  since: 'since',
  until: 'until',
  search: 'q'
} as const satisfies Record<keyof LogFilters, string>

/** Every parameter the filters own; others (the open entry) are left alone when filters are written. */
export const filterParamNames: readonly string[] = Object.values(keys)

function isoOrNull(value: string | null): string | null {
  if (!value) return null
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

function isPreset(value: string | null): value is RangePreset {
  return rangePresets.some((preset) => preset.value === value)
}

/** Reads the filters from the URL; anything malformed is ignored rather than shown as an error. */
export function parseLogFilters(params: URLSearchParams): LogFilters {
  const outcome = outcomeOptions.find((option) => option.value === params.get(keys.outcome))?.value ?? 'all'
  const operation = params.get(keys.operation)
  const statusText = params.get(keys.status)
  const status = statusText && /^[1-5]\d\d$/.test(statusText) ? Number(statusText) : null
  const range = params.get(keys.range)
  const preset = isPreset(range) ? range : null
  return {
    tenant: params.get(keys.tenant) || null,
    outcome,
    operation: operation && isOperation(operation) ? operation : null,
    target: params.get(keys.target)?.trim() ?? '',
    status,
    range: preset,
    since: preset ? null : isoOrNull(params.get(keys.since)),
    until: preset ? null : isoOrNull(params.get(keys.until)),
    search: params.get(keys.search) ?? ''
  }
}

/** Writes the filters into `base` (which keeps its other parameters), leaving defaults out of the URL. */
export function writeLogFilters(filters: LogFilters, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(base)
  for (const name of filterParamNames) next.delete(name)
  const set = (name: string, value: string | null): void => {
    if (value) next.set(name, value)
  }
  set(keys.tenant, filters.tenant)
  set(keys.outcome, filters.outcome === 'all' ? null : filters.outcome)
  set(keys.operation, filters.operation)
  set(keys.target, filters.target.trim() || null)
  set(keys.status, filters.status === null ? null : String(filters.status))
  set(keys.range, filters.range)
  set(keys.since, filters.range ? null : filters.since)
  set(keys.until, filters.range ? null : filters.until)
  set(keys.search, filters.search.trim() ? filters.search : null)
  return next
}

/** True when any filter narrows the log. */
export function hasFilters(filters: LogFilters): boolean {
  return writeLogFilters(filters).toString() !== ''
}

/** How many filters narrow the log, the tenant one too, for "Clear 3 filters". */
export function countFilters(filters: LogFilters): number {
  return [
    filters.tenant,
    filters.outcome !== 'all' ? filters.outcome : null,
    filters.operation,
    filters.target.trim() || null,
    filters.status,
    filters.range ?? filters.since ?? filters.until,
    filters.search.trim() || null
  ].filter((value) => value !== null).length
}

/** The time window as epoch milliseconds: a preset counts back from `now`. */
export function timeWindow(filters: LogFilters, now: number): { readonly since?: number; readonly until?: number } {
  if (filters.range) {
    const preset = rangePresets.find((candidate) => candidate.value === filters.range)
    return preset ? { since: now - preset.ms } : {}
  }
  return {
    ...(filters.since ? { since: Date.parse(filters.since) } : {}),
    ...(filters.until ? { until: Date.parse(filters.until) } : {})
  }
}

/** The query for main. The tenant is resolved from slug to id by the caller, because the URL holds the slug. */
export function toLogQuery(filters: LogFilters, tenantId: string | undefined, now: number): LogQuery {
  const window = timeWindow(filters, now)
  return {
    ...(tenantId ? { tenantId } : {}),
    ...(filters.outcome !== 'all' ? { outcome: filters.outcome } : {}),
    ...(filters.operation ? { operation: filters.operation } : {}),
    ...(filters.target.trim() ? { target: filters.target.trim() } : {}),
    ...(filters.status !== null ? { status: filters.status } : {}),
    ...(window.since !== undefined ? { since: new Date(window.since).toISOString() } : {}),
    ...(window.until !== undefined ? { until: new Date(window.until).toISOString() } : {}),
    ...(filters.search.trim() ? { search: filters.search.trim() } : {})
  }
}

/**
 * The filters with `patch` applied. A new outcome that leaves the chosen status out clears it, as the outcome says
 * more: "5xx" and 409 would show nothing. Applied to the URL as it is at the change (explorer-url.ts), not to the
 * filters of the last render, which a click straight after choosing a status can outrun.
 */
export function withFilters(filters: LogFilters, patch: Partial<LogFilters>): LogFilters {
  const next = { ...filters, ...patch }
  const outgrown = patch.outcome !== undefined && patch.status === undefined && next.status !== null && !statusFitsOutcome(next.status, next.outcome)
  return outgrown ? { ...next, status: null } : next
}

/**
 * A custom range from `since` to `until` (clicking a bar of the activity chart): the change alone, so that the
 * explorer applies it to its URL as it is (withFilters) rather than to the filters of a render.
 */
export function customRange(since: number, until: number): Pick<LogFilters, 'range' | 'since' | 'until'> {
  return { range: null, since: new Date(since).toISOString(), until: new Date(until).toISOString() }
}

/** `/logs?…`: a link to the explorer with these filters, and optionally one request open. */
export function logsHref(filters: Partial<LogFilters>, entryId?: number): string {
  const params = writeLogFilters({ ...noFilters, ...filters })
  if (entryId !== undefined) params.set(entryParam, String(entryId))
  const search = params.toString()
  return search ? `/logs?${search}` : '/logs'
}

/**
 * The drawer's link to every request about the same user or group: by the recorded target, else by the name the
 * request's path looked up; null when the request names neither.
 */
export function filterLinkFor(entry: Pick<LogEntrySummary, 'tenantSlug' | 'targetName' | 'targetId' | 'path'>): string | null {
  const recorded = entry.targetName ?? entry.targetId
  if (recorded) return logsHref({ tenant: entry.tenantSlug, target: recorded })
  // Refused before it was routed, the request has no recorded target; its path still names the user.
  const named = nameFromPath(entry.path)
  return named ? logsHref({ tenant: entry.tenantSlug, search: named }) : null
}

/** The URL parameter that holds the request open in the detail drawer. */
export const entryParam = 'entry'

/** The open request's id, from the URL. */
export function parseEntryId(params: URLSearchParams): number | null {
  const text = params.get(entryParam)
  return text && /^\d{1,15}$/.test(text) ? Number(text) : null
}

const short = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' })

/** "Last hour", "Any time", "28 Nov 14:00 – 14:30". */
export function rangeLabel(filters: Pick<LogFilters, 'range' | 'since' | 'until'>): string {
  if (filters.range) return rangePresets.find((preset) => preset.value === filters.range)?.label ?? 'Any time'
  if (!filters.since && !filters.until) return 'Any time'
  if (filters.since && filters.until) {
    const since = new Date(filters.since)
    // A range that ends on the last millisecond of a minute (a chart bar) reads better as ending on the next minute.
    const untilMs = Date.parse(filters.until)
    const until = new Date((untilMs + 1) % 60_000 === 0 ? untilMs + 1 : untilMs)
    const sameDay = since.toDateString() === until.toDateString()
    return `${short.format(since)} – ${sameDay ? clock.format(until) : short.format(until)}`
  }
  return filters.since ? `Since ${short.format(new Date(filters.since))}` : `Until ${short.format(new Date(filters.until ?? ''))}`
}

/** rangeLabel inside a sentence: a preset in lower case ("last hour"), a custom range as written ("27 Nov, 14:00 – 15:00"). */
export function rangePhrase(filters: Pick<LogFilters, 'range' | 'since' | 'until'>): string {
  const label = rangeLabel(filters)
  return filters.range || (!filters.since && !filters.until) ? label.toLowerCase() : label
}
