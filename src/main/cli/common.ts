import { echoed, echoedPath, pathShownWhole, quoted } from '../../shared/quoted'
import { existsSync, rmSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import stringWidth from 'string-width'
import type { LogEntrySummary } from '../../shared/models'
import { withOperationLabel } from '../../shared/operation-labels'
import { simulatorKindOf } from '../../shared/request-outcome'
import type { Result } from '../../shared/result'
import { joinsWithin, unseenCharacter, unseenCharacters } from '../../shared/unseen-characters'
import { databaseFileName, defaultDataDir, resolveDatabasePath } from '../core/paths'
import { createServices, type Services } from '../core/services'
import { openFailure, storageFailure, type OpenPurpose } from '../db/storage-errors'

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
  /**
   * Resolves once all that `out` was given has been written, and rejects with the write's error when it could not be
   * (stdout on a full disk, or a pipe whose reader has gone). A command that asks takes the failure on itself: it says
   * so, and `main` does not say it again. Without it (a test's Io), what was printed was written.
   */
  readonly written?: () => Promise<void>
}

const common = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false }
} as const satisfies ParseArgsConfig['options']

/** Every one-letter flag a command takes: `-h` in a group of them (`-fh`) asks for help; in `-Shop` it does not. */
const shortFlags = new Set(['h', 'f'])

/**
 * Whether a command's arguments ask for help (`--help`, `-h`, also inside `-fh`), read before the command parses
 * them, so that help wins over any other mistake on the line and the command does nothing. After `--` it is a name,
 * and a word such as `-Shop` (a value that starts with a dash: `--name -Shop`) is not a group of flags.
 */
export function asksForHelp(args: readonly string[]): boolean {
  const { tokens } = parseArgs({ args: [...args], options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: false, tokens: true })
  return tokens.some(
    (token) =>
      token.kind === 'option' &&
      token.name === 'help' &&
      (token.rawName === '--help' || [...(args[token.index] ?? '').slice(1)].every((letter) => shortFlags.has(letter)))
  )
}

/**
 * The command line with the options every command takes (--db, --json) moved from before the command to just after it,
 * as the usage's "every command takes" promises: `scim-console --db x.db tenant list` is `scim-console tenant --db x.db
 * list`, and `tenant --json list` is `tenant list --json`. Just after, not at the end: one given again later on the line
 * wins, as an option given twice does (`alias sc='scim-console --db ~/console.db'`, then `sc tenant list --db other.db`),
 * and they stay before a `--`, after which every argument is a name. For the command, and for the word after it
 * (`list`) in commands that have one.
 */
export function commandFirst(argv: readonly string[]): readonly string[] {
  const common: string[] = []
  let index = 0
  for (;;) {
    const argument = argv[index]
    if (argument === '--json' || argument?.startsWith('--db=')) {
      common.push(argument)
      index += 1
    } else if (argument === '--db' && index + 1 < argv.length) {
      common.push(argument, argv[index + 1] as string)
      index += 2
    } else break
  }
  if (common.length === 0) return argv
  const [word, ...rest] = argv.slice(index)
  // Only those options and no command: the options are not one (`scim-console --db x.db` names no command).
  if (word === undefined) return []
  return word === '--' ? [...common, word, ...rest] : [word, ...common, ...rest]
}

/**
 * A command's own word (`list` of `tenant list`) and the arguments after it, read past the options every command
 * takes (commandFirst): undefined when the line has no word, only options.
 */
export function commandWord(args: readonly string[]): readonly [word: string | undefined, rest: readonly string[]] {
  const [word, ...rest] = commandFirst(args)
  return word === undefined || word.startsWith('-') ? [undefined, args] : [word, rest]
}

/**
 * What a command's values that are never negative must be: its options' by name (`port: 'a whole number from 0 to
 * 65535'`), and its positional argument's as a whole sentence, which may depend on the positionals before it (the KEY
 * of `settings set KEY -1`). A `-1` given for one is answered with that, not with how to write a negative value
 * (`--port=-1`, `-- -1`), which would only lead to the next refusal.
 */
export interface NeverNegative {
  readonly options?: Readonly<Record<string, string>>
  readonly positional?: (given: string, dbFlag: string | undefined, before: readonly string[]) => string
}

/**
 * NeverNegative.positional of a command that takes no argument beyond its options (`tenant list -1`, `logs -1`): it is
 * one too many, and writing it after -- (the generic hint) would only be refused as that next.
 */
export function unexpectedNegative(given: string): string {
  return `unexpected argument ${quoted(given)}`
}

/** NeverNegative.positional of a command whose argument is a TENANT: no slug (a letter or digit first) or id starts with a dash. */
export function negativeTenant(given: string, dbFlag: string | undefined, before: readonly string[]): string {
  if (before.length > 0) return unexpectedNegative(given)
  return `TENANT is a tenant's slug or id, which never starts with a dash, not ${quoted(given)}: ${nextCommand(dbFlag, 'tenant list')} lists the tenants`
}

/** Parses a subcommand's options with the common ones (--db, --json). */
export function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: O, neverNegative: NeverNegative = {}) {
  const config = { ...common, ...options }
  let parsed
  try {
    parsed = parseArgs({ args: [...args], options: config, allowPositionals: true, strict: true, tokens: true })
  } catch (error) {
    throw new UsageError(parseProblem(args, config, neverNegative) ?? (error instanceof Error ? error.message : String(error)))
  }
  const repeated = givenTwice(parsed.tokens)
  if (repeated !== null) throw new UsageError(repeated)
  return { values: parsed.values, positionals: parsed.positionals }
}

/**
 * An option given twice with two values (`--name A --name B`), which parseArgs answers by keeping the last in silence:
 * a script that built its line from two sources would act on one of them without a word. Given twice with one value, it
 * loses nothing. --db is the exception, as the README says: one given after the command wins over one before it, so that
 * an alias with a default (`alias sc='scim-console --db ~/console.db'`) can be pointed at another file for one command.
 */
function givenTwice(tokens: ReturnType<typeof parseArgs>['tokens'] = []): string | null {
  const first = new Map<string, string>()
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === 'db' || typeof token.value !== 'string') continue
    const earlier = first.get(token.name)
    if (earlier === undefined) first.set(token.name, token.value)
    else if (earlier !== token.value) return `--${token.name} is given twice, ${quoted(earlier)} and ${quoted(token.value)}: give it once`
  }
  return null
}

/**
 * What parseArgs refused, in one line that says what to write. It answers `--rate-limit -1` as ambiguous in three
 * lines, a mistyped `--limt` by suggesting `-- "--limt"`, a positional, and a value left out or one given to a flag
 * in its own words. Read without `strict`, an option that
 * takes a value keeps the next argument even when it starts with a dash, and an unknown option is a token of its own.
 */
function parseProblem(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>, neverNegative: NeverNegative): string | undefined {
  const { tokens } = parseArgs({ args: [...args], options, allowPositionals: true, strict: false, tokens: true })
  for (const token of tokens) {
    if (token.kind !== 'option') continue
    if (!Object.hasOwn(options, token.name)) {
      // A negative number given as a value (`settings set retention.days -1`) reads as an option to parseArgs.
      if (/^-\d/.test(token.rawName) && neverNegative.positional) return neverNegative.positional(token.rawName, dbGiven(tokens), positionalsBefore(tokens, token.index))
      if (/^-\d/.test(token.rawName)) return `${echoed(token.rawName)} reads as an option; to give it as a value, write it after --: -- ${echoed(token.rawName)}`
      // The command's own first, then the two every command takes.
      const known = [...Object.keys(options).filter((name) => !Object.hasOwn(common, name)), ...Object.keys(common)].map((name) => `--${name}`)
      return `unknown option ${echoed(token.rawName)}; this command takes ${known.slice(0, -1).join(', ')} and ${known.at(-1)}`
    }
    // Last on the line, with nothing after it: parseArgs says "Option '--label <value>' argument missing".
    if (options[token.name]?.type === 'string' && token.value === undefined) {
      return `--${token.name} needs ${token.name === 'db' ? 'a file path' : 'a value'}`
    }
    // `--failed=true`: parseArgs says "Option '--failed' does not take an argument".
    if (options[token.name]?.type === 'boolean' && token.value !== undefined) {
      return `--${token.name} takes no value, not ${quoted(token.value)}: give --${token.name} to turn it on, and leave it out otherwise`
    }
    const valid = Object.hasOwn(neverNegative.options ?? {}, token.name) ? neverNegative.options?.[token.name] : undefined
    if (token.inlineValue === false && valid !== undefined && token.value !== undefined && /^-\d/.test(token.value)) {
      return `--${token.name} must be ${valid}, not ${quoted(token.value)}`
    }
    if (token.inlineValue === false && token.value?.startsWith('-')) {
      return `--${token.name} needs a value; to give ${quoted(token.value)}, write --${token.name}=${token.value.length > 80 ? 'VALUE' : token.value}`
    }
  }
  return undefined
}

/** The positional arguments a command line gives before the argument at `index`. */
function positionalsBefore(tokens: ReturnType<typeof parseArgs>['tokens'] = [], index: number): readonly string[] {
  return tokens.flatMap((token) => (token.kind === 'positional' && token.index < index ? [token.value] : []))
}

/** The --db a command line gives (the last, as parseArgs keeps it), for a hint's next command when it was refused. */
function dbGiven(tokens: ReturnType<typeof parseArgs>['tokens'] = []): string | undefined {
  const found = tokens.findLast((token) => token.kind === 'option' && token.name === 'db')
  return found?.kind === 'option' && typeof found.value === 'string' ? found.value : undefined
}

/**
 * The value of a Result. A value the services refuse (`invalid_argument`) was given on the command line, so it is a
 * UsageError; a missing tenant, a taken name or a storage failure is a CommandError. Either keeps the service's message.
 */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value
  if (result.error.code === 'invalid_argument') throw new UsageError(result.error.message)
  throw new CommandError(result.error.message)
}

/**
 * Reads a whole-number option; `expects` says what it must be (`a whole number from 0 to 65535`), as parse() says it
 * of a negative one given as `--port -1`, so that `--port=-1` is answered the same.
 */
export function wholeNumber(name: string, raw: string | undefined, expects = 'a whole number'): number | undefined {
  if (raw === undefined) return undefined
  if (!/^\d+$/.test(raw)) throw new UsageError(`${name} must be ${expects}, not ${quoted(raw)}`)
  return Number(raw)
}

/**
 * An enumerated option's value (`--operation`, `--suite`, `--mode`, `--provider`) in any case, as one of `allowed`,
 * which are lower-case: `--suite OKTA` means what `--suite okta` does, and a script that upper-cases its constants
 * should not be refused for it. Undefined when it is none of them, for the command to say which it takes.
 */
export function oneOf<T extends string>(raw: string, allowed: readonly T[]): T | undefined {
  const value = raw.trim().toLowerCase()
  return allowed.find((option) => option === value)
}

/**
 * What a blank argument (only spaces, as `token list "$TENANT"` gives with TENANT set to a space) should have been,
 * for the arguments that name something already there: no slug, id or token holds a space, so it can name nothing, and
 * it is the same mistake as an empty one, a usage error, not "no tenant has the id or slug \"  \"". A NAME that is blank
 * is the services' to refuse, in their words.
 */
const blankArguments: Readonly<Record<string, string>> = {
  TENANT: "give a tenant's slug or id",
  TOKEN_ID: 'give the ID column of token list'
}

/** Reads a required positional argument. */
export function positional(positionals: readonly string[], index: number, name: string): string {
  const value = positionals[index]
  if (value === undefined || value === '') throw new UsageError(`missing ${name}`)
  const expected = Object.hasOwn(blankArguments, name) ? blankArguments[name] : undefined
  if (expected !== undefined && value.trim() === '') throw new UsageError(`${name} is blank: ${expected}`)
  return value
}

/**
 * Refuses extra positional arguments. One that reads as an option (`--db`) is one only `--` could make a positional: a
 * line such as `settings set retention.days -- -1 --db x.db`, where everything after `--` is a value.
 */
export function noMore(positionals: readonly string[], count: number): void {
  const extra = positionals[count]
  if (extra === undefined) return
  const option = /^--[a-z][\w-]*/i.exec(extra)?.[0]
  if (option !== undefined) throw new UsageError(`${option} comes after --, which makes every argument after it a value: give ${option} before the --`)
  throw new UsageError(`unexpected argument ${quoted(extra)}`)
}

/**
 * `text` padded with spaces to `width` columns, as padEnd pads to a length: by the columns a terminal gives it
 * (string-width: East Asian wide letters and emoji take 2, combining marks and zero-width characters none), where
 * `length` counts UTF-16 units.
 */
function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)))
}

/** Formats rows as an aligned text table. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => stringWidth(row[column] ?? '')))) ?? []
  return rows.map((row) => row.map((cell, column) => padToWidth(cell, widths[column] ?? 0)).join('  ').trimEnd()).join('\n')
}

const shortEscapes: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** A character as JSON escapes it: `\n`, `\u202e`, and one beyond the BMP as its two UTF-16 units. */
function escaped(character: string): string {
  return shortEscapes[character] ?? [...Array(character.length).keys()].map((index) => `\\u${character.charCodeAt(index).toString(16).padStart(4, '0')}`).join('')
}

/**
 * `text` with the characters a terminal does not show as themselves written as JSON writes them (`\n`, `\u001b`,
 * `\u202e`). What a client sent (a slug in the path, a userName, an error quoting it) and what was typed into the app
 * (a tenant's name, a token's label) is printed to a terminal: a newline would forge a line of its own, an escape
 * sequence would drive the terminal, and a bidi override (U+202E) would draw a name backwards, or a zero-width space
 * two names as one, in a tool Support reads to tell tenants and users apart. `keep` leaves the newlines of a text of
 * several lines (`logs show`). --json prints the strings as they are.
 */
export function printable(text: string, keep: 'newlines' | 'none' = 'none'): string {
  if (!unseenCharacter.test(text)) return text
  let shown = ''
  for (const { segment } of graphemes.segment(text)) {
    shown +=
      !unseenCharacter.test(segment) || joinsWithin(segment)
        ? segment
        : segment.replace(unseenCharacters, (character) => (keep === 'newlines' && character === '\n' ? character : escaped(character)))
  }
  return shown
}

/**
 * `text` cut to `width` terminal columns, with `…` for what was cut. By the columns a terminal draws (a CJK letter or
 * an emoji takes 2) and a whole character at a time (Intl.Segmenter's graphemes): cut by UTF-16 units, a wide name ran
 * past its column and pushed the rest of the line out of line, and an emoji could lose half of its surrogate pair.
 */
export function clip(text: string, width: number): string {
  if (stringWidth(text) <= width) return text
  let kept = ''
  let used = 0
  for (const { segment } of graphemes.segment(text)) {
    const columns = stringWidth(segment)
    if (used + columns > width - 1) break
    kept += segment
    used += columns
  }
  return `${kept}…`
}

/**
 * The columns of a log entry's line, as `logs`, `logs show` and `serve` print it. `ID` is what `logs show ID` takes;
 * `DIAGNOSIS` (the app's diagnosis title) is there only where the entries were diagnosed (`logs --failed`).
 */
export function logColumns(withDiagnosis = false): readonly string[] {
  return ['ID', 'TIME', 'TENANT', 'STATUS', 'METHOD', 'OPERATION', 'TARGET', 'MS', 'PATH', ...(withDiagnosis ? ['DIAGNOSIS'] : []), 'ERROR']
}

/**
 * The cells of one entry under logColumns: the same for the table, the streamed lines and `logs show`. What a client
 * sent is printable (a control or bidi character escaped) before it is clipped.
 */
export function logCells(entry: LogEntrySummary, withDiagnosis = false): string[] {
  return [
    String(entry.id),
    `${entry.at.slice(0, 19)}Z`,
    printable(entry.tenantSlug ?? ''),
    String(entry.status),
    entry.method,
    entry.operation,
    clip(printable(entry.targetName ?? entry.targetId ?? ''), 40),
    String(Math.round(entry.durationMs)),
    clip(printable(entry.path), 80),
    ...(withDiagnosis ? [printable(entry.diagnosis?.title ?? '')] : []),
    entry.status >= 400 ? printable(`${simulatorTag(entry)}${entry.injected ? '[injected] ' : ''}${entry.errorDetail ?? ''}`) : ''
  ]
}

/** `[demo] ` or `[self-test] ` before the error of a request SCIM Console's own simulators sent: no customer's failure. */
function simulatorTag(entry: LogEntrySummary): string {
  const kind = simulatorKindOf(entry)
  return kind === null ? '' : `[${kind}] `
}

// Widths of the streamed lines (`serve`, `logs --follow`), whose rows arrive a batch at a time and cannot be measured
// together: TIME to PATH, then DIAGNOSIS when there is one. An id is padded, never clipped; ERROR is left whole.
const idWidth = 7
const lineWidths = [20, 14, 6, 6, 17, 32, 8, 56] as const
const diagnosisWidth = 48

function fixedRow(cells: readonly string[], withDiagnosis: boolean): string {
  const [id = '', ...rest] = cells
  const widths: readonly number[] = withDiagnosis ? [...lineWidths, diagnosisWidth] : lineWidths
  return [id.padEnd(idWidth), ...rest.map((cell, index) => (index < widths.length ? padToWidth(clip(cell, widths[index] ?? 0), widths[index] ?? 0) : cell))]
    .join('  ')
    .trimEnd()
}

/** The header line over logLine's lines. */
export function logHeader(withDiagnosis = false): string {
  return fixedRow(logColumns(withDiagnosis), withDiagnosis)
}

/** One readable line for a log entry, in fixed-width columns: what `serve` and `logs --follow` print per request. */
export function logLine(entry: LogEntrySummary, withDiagnosis = false): string {
  return fixedRow(logCells(entry, withDiagnosis), withDiagnosis)
}

/** Log entries as an aligned table under their header, for `logs`, which has them all at once. */
export function logTable(entries: readonly LogEntrySummary[], withDiagnosis = false): string {
  return table([logColumns(withDiagnosis), ...entries.map((entry) => logCells(entry, withDiagnosis))])
}

/**
 * A log entry as one line of JSON, as `serve --json`, `logs --json` and `logs show --json` print it: the entry as
 * logged, with `operationLabel` (its operation in its client's words) beside the operation's id, as the exports have it.
 */
export function logJson<T extends LogEntrySummary>(entry: T): string {
  return JSON.stringify(withOperationLabel(entry))
}

/**
 * What a command does with a database file that is not there: one that may start a database makes it (`tenant create`,
 * `serve`, `settings set`); one that only reads (`tenant list`, `logs`), or acts on a tenant or token that must be in
 * it (`tenant update`, `token revoke`), refuses it, when --db or SCIM_CONSOLE_DB named it (missingDatabase).
 */
export type MissingDatabase = 'create' | 'refuse'

/**
 * Why a command that only reads, or that needs a tenant or token already there, refuses `dbPath`, which is not there;
 * null when it may make it. A path typed by hand (--db, SCIM_CONSOLE_DB) that names no file is a typo far more often
 * than a new database: made empty, it answered "No tenants yet", and Support told a customer who had tenants that they
 * had none; a leaked token's secret was "in no token of this database". The app's own default is another matter: on a
 * machine where neither the app nor a command that writes has run yet, it is not there, and "No tenants yet" is the
 * truth; it is made there, as the app would make it. `empty`: the file is there but empty (0 bytes), which SQLite would
 * set up as a new database, and is the same mistake.
 */
function missingDatabase(dbFlag: string | undefined, dbPath: string, empty = false): string | null {
  const named = dbFlag !== undefined ? '--db' : process.env.SCIM_CONSOLE_DB ? 'SCIM_CONSOLE_DB' : null
  if (named === null) return null
  const what = empty
    ? `the file ${echoedPath(resolve(dbPath))} (named by ${named}) is empty (0 bytes), so it holds no database, not one with no tenants`
    : `no database file at ${echoedPath(resolve(dbPath))} (named by ${named})`
  return `${what}. Check the path: the app's database is ${join(defaultDataDir(), databaseFileName)} unless it was started with SCIM_CONSOLE_DB, and its Settings → Data folder shows where it is; to start a new database there, ${nextCommand(dbFlag, 'tenant create NAME')}`
}

/**
 * Opens the database that `--db` (or its fallbacks) names; an empty `--db` is a UsageError. For `serve`, a file that
 * cannot be written is refused here (services.ts `writable`), with what to do, rather than answering every change 503.
 * A command that only reads passes `missing` 'refuse': a file that is not there is not made (missingDatabase).
 */
export function openServices(dbFlag: string | undefined, logWriterScript?: URL, purpose: OpenPurpose = 'read', missing: MissingDatabase = 'create'): Services {
  const dbPath = unwrap(resolveDatabasePath(dbFlag))
  const existed = existsSync(dbPath)
  const refusal = !existed && missing === 'refuse' ? missingDatabase(dbFlag, dbPath) : null
  if (refusal !== null) throw new CommandError(refusal)
  const stats = existed ? statSync(dbPath) : undefined
  // SQLite cannot open a folder, and says so as it says "cannot be written", which sends one to its permissions.
  if (stats?.isDirectory()) {
    throw new CommandError(`cannot open the database ${echoedPath(dbPath)}: it is a folder, not a file. Name a file in it, such as ${echoedPath(join(dbPath, databaseFileName))}`)
  }
  // A device, a named pipe or a socket (`--db /dev/null`, a process substitution's /dev/fd/63) is no file a database
  // can live in: SQLite fails on it with a disk error ("the disk reported an error (SQLITE_IOERR_FSYNC). Check the
  // disk"), which sends one to check a disk that is fine.
  if (stats !== undefined && !stats.isFile()) {
    throw new CommandError(`cannot open the database ${echoedPath(dbPath)}: it is a device, pipe or socket, not a file. Name the database file (${databaseFileName}), or a new file to start one`)
  }
  // SQLite takes an empty file for a new database, and the migrations made one in it: a path mistyped onto an empty
  // file (one `touch`ed, or left by a copy that failed) answered "No tenants yet", as a missing file did. A command that
  // refuses a missing file refuses an empty one too, and leaves it as it was; one that may start a database sets it up.
  const emptyRefusal = stats?.isFile() && stats.size === 0 && missing === 'refuse' ? missingDatabase(dbFlag, dbPath, true) : null
  if (emptyRefusal !== null) throw new CommandError(emptyRefusal)
  try {
    return createServices({ dbPath, logWriterScript, writable: purpose === 'serve' })
  } catch (error) {
    if (!existed) {
      // A file this command created and could not make a database of (a full disk) is not left behind, empty. A path
      // that could not be made at all (a file where a folder goes) cannot be removed either, and that is no failure.
      for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) {
        try {
          rmSync(file, { force: true })
        } catch {
          // Nothing was made there.
        }
      }
      const why = createFailure(error, dbPath)
      if (why !== null) throw new CommandError(`cannot create the database ${echoedPath(dbPath)}: ${why}`)
    }
    throw new CommandError(`cannot open the database ${echoedPath(dbPath)}: ${openFailure(error, purpose) ?? (error instanceof Error ? error.message : String(error))}`)
  }
}

/** The code of the file system's refusal to look `path` up (ENAMETOOLONG, ENOTDIR), or null when it has none but ENOENT. */
function pathProblem(path: string): string | null {
  try {
    statSync(path)
    return null
  } catch (error) {
    const code = (error as { code?: unknown }).code
    return typeof code === 'string' && code !== 'ENOENT' ? code : null
  }
}

/** The nearest of `path`'s folders (or the file in their place) that exists. */
function nearestExisting(path: string): string {
  let at = dirname(path)
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at)
  return at
}

/**
 * Why a new database file could not be made at `dbPath`, when the path is the reason, in a sentence that says what to
 * do; null otherwise (a full disk is openFailure's). Node's own words ("ENOTDIR: not a directory, lstat …") name a
 * system call, and the read-only sentence speaks of a file and of copying it, where there is none yet.
 */
function createFailure(error: unknown, dbPath: string): string | null {
  // SQLite says only that it cannot open the file (SQLITE_CANTOPEN); the file system says why.
  const code = pathProblem(dbPath) ?? (error as { code?: unknown } | null)?.code
  if (code === 'ENAMETOOLONG') return 'a name in the path is longer than the file system allows. Give a shorter one'
  const existing = nearestExisting(dbPath)
  if (code === 'ENOTDIR' || (existsSync(existing) && !statSync(existing).isDirectory())) {
    return `${echoedPath(existing)} is a file, not a folder. Name a file in a folder, such as ${echoedPath(join(dirname(existing), databaseFileName))}`
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || storageFailure(error)?.kind === 'read-only') {
    return `the folder ${echoedPath(existing)} cannot be written. Name a file in a folder you can write, or get write permission on that one`
  }
  return null
}

/**
 * An argument as it is typed into the shell the user runs the CLI from, quoted only when it needs it: in double quotes
 * on Windows (cmd and PowerShell both take them, and a Windows path cannot hold one), else in single quotes, inside
 * which a POSIX shell changes nothing (a quote in it is closed, escaped and opened again).
 */
export function shellArgument(text: string, platform: NodeJS.Platform = process.platform): string {
  if (/^[\w@%+=:,./\\-]+$/.test(text)) return text
  return platform === 'win32' ? `"${text}"` : `'${text.replaceAll("'", "'\\''")}'`
}

/**
 * A command to run next, as a hint prints it: with `--db PATH` when the user gave one on the command line, so that the
 * line pasted acts on the same database (one named by SCIM_CONSOLE_DB is named again by it, and is not repeated). In an
 * error, a path echoedPath would cut is written `--db PATH`: cut, the command would act on another path if pasted, and
 * whole, it would repeat what the error cut. What a command prints on success (`Next: …`) keeps the path whole.
 */
export function nextCommand(dbFlag: string | undefined, words: string, shown: 'in-error' | 'in-output' = 'in-error'): string {
  const db = dbFlag === undefined ? '' : shown === 'in-output' || pathShownWhole(dbFlag) ? ` --db ${shellArgument(dbFlag)}` : ' --db PATH'
  return `scim-console ${words}${db}`
}

/** Edits (a letter added, dropped or changed) between two short texts. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i]
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

/**
 * What to do about a TENANT no tenant has: the slugs it is a letter or two from (a typo), or the slug of the tenant it is
 * the name of ("Acme Corp" for acme), and the command that lists the tenants, on the database given (nextCommand).
 */
export function tenantHint(services: Services, given: string, dbFlag: string | undefined): string {
  const typed = given.toLowerCase()
  const near = services.tenants
    .list()
    // A tenant's name given for its slug ("Acme Corp" for acme) is as near as can be.
    .map((tenant) => ({ slug: tenant.slug, distance: tenant.name.toLowerCase() === typed ? 0 : editDistance(typed, tenant.slug.toLowerCase()) }))
    .filter(({ distance }) => distance <= (typed.length <= 3 ? 1 : 2))
    .sort((a, b) => a.distance - b.distance || a.slug.localeCompare(b.slug))
    .slice(0, 3)
    .map(({ slug }) => slug)
  const list = `${nextCommand(dbFlag, 'tenant list')} lists the tenants`
  return near.length > 0 ? `Did you mean ${near.join(' or ')}? (${list})` : list
}

/**
 * The value of a Result, as unwrap gives it, with a next step when what the command line named is not in the database:
 * a tenant is answered with the slug it was near, if any, and the command that lists the tenants (tenantHint), a token
 * id with the command that lists a tenant's tokens, on the database the command was given (nextCommand).
 */
export function unwrapFound<T>(result: Result<T>, services: Services, dbFlag: string | undefined): T {
  if (!result.ok && result.error.code === 'not_found') {
    const details = result.error.details ?? {}
    const tenant = details.tenant
    const hint = Object.hasOwn(details, 'tokenId')
      ? `Find the id with: ${nextCommand(dbFlag, 'token list TENANT')}`
      : typeof tenant === 'string'
        ? tenantHint(services, tenant, dbFlag)
        : undefined
    if (hint !== undefined) throw new CommandError(`${result.error.message} ${hint}`)
  }
  return unwrap(result)
}

/** Opens the database, runs `run`, and closes it; `missing` as openServices takes it. */
export function withServices<T>(dbFlag: string | undefined, run: (services: Services) => T, missing: MissingDatabase = 'create'): T {
  const services = openServices(dbFlag, undefined, 'read', missing)
  try {
    return run(services)
  } finally {
    services.close()
  }
}
