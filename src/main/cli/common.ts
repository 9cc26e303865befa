import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { LogEntrySummary } from '../../shared/models'
import type { Result } from '../../shared/result'
import { resolveDatabasePath } from '../core/paths'
import { createServices, type Services } from '../core/services'

/** Exit codes of the CLI contract. */
export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const

/** Thrown for a command line we cannot understand: exit 2. */
export class UsageError extends Error {}
/** Thrown for a command that ran and failed: exit 1. */
export class CommandError extends Error {}

/** Where the CLI writes; tests pass their own. */
export interface Io {
  readonly out: (line: string) => void
  readonly err: (line: string) => void
}

const common = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false }
} as const satisfies ParseArgsConfig['options']

/** Parses a subcommand's options with the common ones (--db, --json, --help). */
export function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options: { ...common, ...options }, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

/** The value of a Result, or a CommandError with its message. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new CommandError(result.error.message)
  return result.value
}

/** Reads a whole-number option. */
export function wholeNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  if (!/^\d+$/.test(raw)) throw new UsageError(`${name} must be a whole number, not "${raw}"`)
  return Number(raw)
}

/** Reads a required positional argument. */
export function positional(positionals: readonly string[], index: number, name: string): string {
  const value = positionals[index]
  if (value === undefined || value === '') throw new UsageError(`missing ${name}`)
  return value
}

/** Refuses extra positional arguments. */
export function noMore(positionals: readonly string[], count: number): void {
  if (positionals.length > count) throw new UsageError(`unexpected argument "${positionals[count]}"`)
}

/** Formats rows as an aligned text table. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? []
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n')
}

/** One readable line for a log entry. */
export function logLine(entry: LogEntrySummary): string {
  const time = entry.at.replace('T', ' ').slice(0, 19)
  const target = entry.targetName ?? entry.targetId ?? ''
  const detail = entry.status >= 400 && entry.errorDetail ? `  ${entry.errorDetail}` : ''
  return `${time}  ${entry.status}  ${entry.method.padEnd(6)} ${entry.path}  ${entry.operation}${target ? ` ${target}` : ''}  ${entry.durationMs}ms${detail}`
}

/** Opens the database, runs `run`, and closes it. */
export function withServices<T>(dbFlag: string | undefined, run: (services: Services) => T): T {
  let services: Services
  try {
    services = createServices({ dbPath: resolveDatabasePath(dbFlag) })
  } catch (error) {
    throw new CommandError(`cannot open the database: ${error instanceof Error ? error.message : String(error)}`)
  }
  try {
    return run(services)
  } finally {
    services.close()
  }
}
