import { echoed, quoted } from '../../shared/quoted'
import { STATUS_CODES } from 'node:http'
import { madeInConsole, type Diagnosis, type LogEntryDetail, type TokenRef } from '../../shared/models'
import { entryOperationLabel, withOperationLabel } from '../../shared/operation-labels'
import { missingBodyNote } from '../../shared/request-body'
import { createDiagnostician, presentedPrefix } from '../core/diagnosis'
import { CommandError, logJson, logTable, nextCommand, noMore, parse, positional, printable, UsageError, withServices, type Io } from './common'

/** Reads `logs show`'s ID: the ID column of `logs`, `id` with `--json`. */
function entryId(raw: string, dbFlag: string | undefined): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(notAnEntryId(raw, dbFlag))
  return Number(raw)
}

function notAnEntryId(raw: string, dbFlag: string | undefined): string {
  return `the log entry id must be a whole number, as the ID column of ${nextCommand(dbFlag, 'logs')} shows it; not ${quoted(raw)}`
}

/**
 * A body as logged (already redacted), indented when it is JSON, so that a person can read it; where the log holds
 * none, what `missing` says of it (a request body sent but not kept reads as one, not as none sent).
 */
function readableBody(body: string | null, missing = '(none in the log)'): string {
  if (body === null || body === '') return missing
  try {
    return JSON.stringify(JSON.parse(body), null, 2)
  } catch {
    return body
  }
}

function diagnosisLines(diagnosis: Diagnosis | null, status: number, inConsole: boolean): string[] {
  if (diagnosis === null) return [inConsole ? 'Diagnosis: none, a change made in SCIM Console' : status < 400 ? 'Diagnosis: none, the request succeeded' : 'Diagnosis: none']
  return [
    `Diagnosis: ${diagnosis.title}`,
    diagnosis.explanation,
    `Next step: ${diagnosis.nextStep}`,
    ...(diagnosis.facts.length > 0 ? ['Facts:', ...diagnosis.facts.map((fact) => `  ${fact.label}: ${fact.value}`)] : [])
  ]
}

function tokenLine(token: TokenRef | null, entry: Pick<LogEntryDetail, 'tokenId' | 'requestHeaders'>): string {
  if (token === null) {
    // The log names the token it found when the request came; one it cannot find now went with its tenant (a token
    // is never deleted on its own), which is not a token that matched none.
    if (entry.tokenId !== null) {
      const prefix = presentedPrefix(entry.requestHeaders)
      return `Token: ${prefix ? `${prefix}…, ` : ''}an API token of a tenant deleted since (its tokens were deleted with it)`
    }
    const sent = Object.keys(entry.requestHeaders).some((name) => name.toLowerCase() === 'authorization')
    return sent ? 'Token: the one sent matches no API token of any tenant' : 'Token: none sent'
  }
  const state = token.status === 'revoked' && token.revokedAt ? `revoked ${token.revokedAt}` : token.status === 'expired' && token.expiresAt ? `expired ${token.expiresAt}` : token.status
  return `Token: "${token.label}" (${token.prefix}…) of ${token.tenantName}, ${state}`
}

/**
 * One log entry in full, as a person reads it: its row of the `logs` table, the diagnosis the app's log detail shows (what
 * happened, what to do next, the facts behind it), the request as it came (headers and body, redacted as logged), the
 * answer, and the other requests about the same user or group. A change made in SCIM Console reads as one, with the
 * SCIM request it equals and the resource it left.
 */
export function formatLogEntry(entry: LogEntryDetail): string {
  const reason = STATUS_CODES[entry.status]
  const others = entry.timeline.filter((other) => other.id !== entry.id)
  const target = entry.targetName ?? entry.targetId
  // A change made in SCIM Console is no request: no client, token or headers; it is logged as the request it equals.
  const inConsole = madeInConsole(entry)
  // Each line quotes what a client sent, escaped (printable) so that it stays one line; a body may have lines of its own.
  const lines = (...texts: readonly string[]): string[] => texts.map((text) => printable(text))
  const body = (text: string | null, missing?: string): string => printable(readableBody(text, missing), 'newlines')
  return [
    logTable([entry]),
    '',
    ...lines(...diagnosisLines(entry.diagnosis, entry.status, inConsole)),
    '',
    ...(inConsole
      ? [`Operation: ${entryOperationLabel(entry)} (a change made on the tenant's Directory page, not a request: no API token)`]
      : lines(`Operation: ${entryOperationLabel(entry)}${entry.client ? ` (${entry.client})` : ''}`, tokenLine(entry.token, entry))),
    '',
    ...lines(inConsole ? `Change, as the SCIM request it equals: ${entry.method} ${entry.path}` : `Request: ${entry.method} ${entry.path}`),
    ...lines(...Object.entries(entry.requestHeaders).map(([name, value]) => `${name}: ${value}`)),
    '',
    body(entry.requestBody, inConsole ? 'No body: a deletion writes none.' : missingBodyNote(entry)),
    '',
    `${inConsole ? 'Result' : 'Response'}: ${entry.status}${reason ? ` ${reason}` : ''}, in ${Math.round(entry.durationMs)} ms`,
    body(entry.responseBody),
    ...(others.length > 0
      ? ['', ...lines(`Timeline${target ? ` for ${target}` : ''}, oldest first (this ${inConsole ? 'change' : 'request'} is ${entry.id}):`), logTable(entry.timeline)]
      : [])
  ].join('\n')
}

/**
 * `logs show ID`: one entry of the provisioning log in full, with the diagnosis the app's log detail shows (the same
 * diagnostician). With `--json`, the app's log detail as one object, with `operationLabel` as `logs --json` has it.
 */
export function logEntryCommand(args: readonly string[], io: Io): void {
  const { values, positionals } = parse(args, {}, { positional: notAnEntryId })
  const raw = positional(positionals, 0, `log entry id: ${nextCommand(values.db, 'logs show ID')} (the ID column of ${nextCommand(values.db, 'logs')})`)
  const id = entryId(raw, values.db)
  noMore(positionals, 1)
  withServices(values.db, (services) => {
    // An id beyond what SQLite counts to names no entry; it is not looked up as a rounded number.
    const found = Number.isSafeInteger(id) ? createDiagnostician(services).detail(id) : undefined
    if (found === undefined || (!found.ok && found.error.code === 'not_found')) {
      throw new CommandError(`no log entry has the id ${echoed(raw)}; ${nextCommand(values.db, 'logs')} lists the entries the log holds, with their ids`)
    }
    if (!found.ok) throw new CommandError(found.error.message)
    const entry = found.value
    io.out(values.json ? logJson({ ...entry, timeline: entry.timeline.map((other) => withOperationLabel(other)) }) : formatLogEntry(entry))
  }, 'refuse')
}
