import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { finished } from 'node:stream/promises'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { LogQuery } from '../../shared/ipc'
import type { ExportResult, LogEntry, LogEntrySummary } from '../../shared/models'
import { entryOperationLabel, withOperationLabel } from '../../shared/operation-labels'
import { fail, ok, type Result } from '../../shared/result'
import { describeWriteFailure } from './file-errors'
import type { ProvisioningLog } from './provisioning-log'

/** The formats `logs:export` writes. */
export type ExportFormat = 'csv' | 'ndjson'

/**
 * The CSV columns, in order; a contract with the spreadsheets Support builds on them, so a new column goes last.
 * `operation` is the operation's id; `operation_label` says it in the words of the client that sent the request
 * ("Push new user" for Okta, "Create user" for Entra), as the console does. `diagnosis` is a failure's diagnosis in
 * one line, the title the log's drawer heads it with ("The API token was revoked"), for Support to paste in a ticket.
 */
export const csvColumns = ['time', 'tenant', 'operation', 'target', 'method', 'path', 'status', 'duration', 'client', 'error', 'operation_label', 'diagnosis'] as const

const exportPageSize = 1000
/** Rows written between two turns of the event loop (exportLog says why). */
const rowsPerTurn = 100

// Excel reads a CSV file without a byte order mark in the legacy code page of the machine, which garbles every
// non-ASCII name ("JosÃ© MÃ¼ller"); with the mark it reads UTF-8. Tools that read NDJSON expect none.
const utf8ByteOrderMark = '\uFEFF'

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, with quotes doubled.
 * Text from the wire that starts like a spreadsheet formula (`=`, `+`, `-`, `@`) gets a leading apostrophe,
 * because a client controls its User-Agent and userNames, and the file is opened in Excel.
 */
export function csvField(value: string | number | null, options: { readonly text?: boolean } = {}): string {
  if (value === null) return ''
  let text = String(value)
  if (options.text && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** The CSV header line, with its CRLF. */
export function csvHeader(): string {
  return `${csvColumns.join(',')}\r\n`
}

/** One entry as a CSV record, with its CRLF; `diagnosis` is its diagnosis's one line, null for none. */
export function csvRow(entry: LogEntrySummary, diagnosis: string | null = null): string {
  const text = (value: string | null) => csvField(value, { text: true })
  return `${[
    csvField(entry.at),
    text(entry.tenantSlug),
    text(entry.operation),
    text(entry.targetName ?? entry.targetId),
    text(entry.method),
    text(entry.path),
    csvField(entry.status),
    csvField(entry.durationMs),
    text(entry.client),
    text(entry.errorDetail),
    text(entryOperationLabel(entry)),
    text(diagnosis)
  ].join(',')}\r\n`
}

/** One entry in full (redacted headers and bodies) and its operation's label, as an NDJSON line, with its LF. */
export function ndjsonLine(entry: LogEntry): string {
  return `${JSON.stringify(withOperationLabel(entry))}\n`
}

/** The file name a save dialog proposes: `scim-log-acme-2026-11-28.csv`, or `scim-log-all-tenants-…`. */
export function exportFileName(tenantSlug: string | null, format: ExportFormat, now: Date): string {
  const date = now.toISOString().slice(0, 10)
  const tenant = tenantSlug ? tenantSlug.replace(/[^\w.-]+/g, '-') : 'all-tenants'
  return `scim-log-${tenant}-${date}.${format}`
}

// RFC 9110 §7.6.1 hop-by-hop fields, plus what curl sets itself (Host, Content-Length) or would mangle
// (Accept-Encoding makes it print compressed bytes), and the credentials the log redacted.
const droppedHeaders = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'accept-encoding',
  'authorization',
  'cookie'
])

/** Quotes a word for a POSIX shell: single quotes, with each single quote closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`
}

/** The URL a logged request was sent to, rebuilt on `origin` with the tenant's slug. */
export function replayUrl(entry: Pick<LogEntry, 'path' | 'tenantSlug'>, origin: string): string {
  // A client may send the absolute form (`GET http://host/scim/v2/acme/Users`); keep only the path.
  const path = entry.path.replace(/^https?:\/\/[^/]*/i, '')
  const base = origin.replace(/\/+$/, '')
  const match = /^\/scim\/v2\/[^/?#]*(.*)$/i.exec(path)
  if (!match || entry.tenantSlug === null) return `${base}${path}`
  return `${base}/scim/v2/${encodeURIComponent(entry.tenantSlug)}${match[1] ?? ''}`
}

/**
 * A cURL command that replays a logged request against `origin`: same method, path, headers and (redacted) body.
 * The credential is always the `$SCIM_TOKEN` placeholder, never a secret: the log has none to give.
 */
export function curlCommand(entry: LogEntry, origin: string): string {
  const parts = [`curl -i -X ${entry.method}`, shellQuote(replayUrl(entry, origin))]
  for (const [name, value] of Object.entries(entry.requestHeaders)) {
    const key = name.toLowerCase()
    if (droppedHeaders.has(key) || value.includes('[redacted]')) continue
    parts.push(`-H ${shellQuote(`${name}: ${value}`)}`)
  }
  // Double quotes so that the shell expands the variable the person sets to a token of the tenant.
  parts.push('-H "Authorization: Bearer $SCIM_TOKEN"')
  if (entry.requestBody !== null && entry.method !== 'GET' && entry.method !== 'HEAD') parts.push(`--data-raw ${shellQuote(entry.requestBody)}`)
  return parts.join(' \\\n  ')
}

/**
 * Streams the filtered log to `path` as CSV or NDJSON, newest first, a page at a time. It waits for the file to
 * drain and yields to the event loop between pages, so the SCIM server keeps answering during a large export.
 * The file is written under a temporary name beside `path` and renamed over it once complete, as a backup is
 * (backup.ts): an export that fails (a full disk, the database refusing a read) leaves no half file, and a file the
 * save dialog was told to replace (yesterday's export of the same name) stays as it was.
 */
export async function exportLog(
  log: Pick<ProvisioningLog, 'pages' | 'flush'>,
  query: LogQuery,
  format: ExportFormat,
  path: string,
  /** A failure's diagnosis in one line, for the CSV's last column (Diagnostician.headline); none when absent. */
  diagnosis: (entry: LogEntrySummary) => string | null = () => null
): Promise<Result<ExportResult>> {
  log.flush()
  const { cursor: _cursor, limit: _limit, withDiagnosis: _withDiagnosis, ...filter } = query
  const pages = log.pages(filter, { full: format === 'ndjson', pageSize: exportPageSize })
  if (!pages.ok) return pages as Result<never>
  const partial = join(dirname(path), `.${basename(path)}.partial-${randomBytes(4).toString('hex')}`)
  const stream = createWriteStream(partial, { encoding: 'utf8' })
  // An error between writes (the disk filled up) is kept here and raised at the next write.
  const failure: { error: unknown } = { error: null }
  stream.on('error', (error) => (failure.error = error))
  const write = async (chunk: string): Promise<void> => {
    if (failure.error) throw failure.error
    if (!stream.write(chunk)) await once(stream, 'drain')
  }
  let count = 0
  try {
    if (format === 'csv') await write(`${utf8ByteOrderMark}${csvHeader()}`)
    for (const page of pages.value) {
      // A failure's diagnosis reads its context (about 0.5 ms), so a page of failures would hold the SCIM server for
      // half a second: the rows are written a hundred at a time, with a turn of the event loop after each.
      for (let start = 0; start < page.length; start += rowsPerTurn) {
        const end = Math.min(start + rowsPerTurn, page.length)
        const lines =
          format === 'csv' ? page.slice(start, end).map((entry) => csvRow(entry, diagnosis(entry))) : (page as readonly LogEntry[]).slice(start, end).map(ndjsonLine)
        await write(lines.join(''))
        count += end - start
        await yieldToEventLoop()
      }
    }
    stream.end()
    await finished(stream)
    await rename(partial, path)
  } catch (error) {
    stream.destroy()
    // Once the stream has let the file go: a file still open cannot be removed on Windows.
    if (!stream.closed) await once(stream, 'close').catch(() => undefined)
    await rm(partial, { force: true }).catch(() => undefined)
    const reason = error instanceof Error ? error.message : String(error)
    return fail('unavailable', describeWriteFailure(path, error) ?? `Could not write the export to ${path}: ${reason}`, { path, reason })
  }
  return ok({ path, count })
}
