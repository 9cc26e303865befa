import { version } from '../../../package.json'
import { quoted } from '../../shared/quoted'
import { createDiagnostician } from '../core/diagnosis'
import { exportLog } from '../core/log-export'
import { dataInfo, startRetention } from '../core/retention'
import { createServices } from '../core/services'
import { migrate, migrations } from '../db/migrations'
import { storageFailure } from '../db/storage-errors'
import { redactSecrets } from '../security/redact'
import { asksForHelp, commandFirst, commandWord, exitCodes, parse, printable, UsageError, type Io } from './common'
import { demoCommand } from './demo-command'
import { logsCommand } from './logs-command'
import { serveCommand } from './serve-command'
import { settingsCommand } from './settings-command'
import { tenantCommand } from './tenant-command'
import { tokenCommand } from './token-command'

export { exitCodes } from './common'

/**
 * For bench/logs.mjs only: the migrations, the composition root and the log's diagnosis, export and retention, so that
 * the benchmark times the app's own schema and queries through the built code rather than a copy of its SQL. Not part
 * of the CLI contract.
 */
export const benchApi = { createServices, createDiagnostician, exportLog, startRetention, dataInfo, migrate, migrations }

const usage = `Usage: scim-console <command> [options]

Commands:
  serve [--host H] [--port P] [--quiet]                run the SCIM server on --host/--port (default 127.0.0.1:8787),
                                                       not on the app's Server settings, so it can run beside the app
                                                       on one database; prints a line per request unless --quiet
  tenant create NAME [--slug S] [--provider P]         create a tenant; --provider okta or entra: the identity
                                                       provider the customer provisions from, whose words the app
                                                       then speaks for the tenant
  tenant list                                          list tenants
  tenant update TENANT [--name N] [--rate-limit N] [--provider P]
                                                       rename or throttle a tenant (requests/minute, 0 = unlimited),
                                                       or say its provider (okta, entra, or none to forget it)
  tenant delete TENANT --yes [--with-tokens]           delete a tenant with its users and groups; --with-tokens
                                                       even while it has active API tokens
  token issue TENANT [--label L] [--expires-in-days N] issue a SCIM API token (shown once)
  token list TENANT                                    list a tenant's tokens (never the secrets)
  token revoke TOKEN_ID                                revoke a token at once
  logs [--tenant T] [--failed] [--status N] [--operation OP] [--user U]
       [--since T] [--until T] [--search TEXT] [--limit N] [--follow]
                                                       print the provisioning log, newest first; times are ISO or
                                                       a span before now (15m, 2h, 7d); --follow prints the latest
                                                       oldest first, then new entries as they come, until Ctrl+C;
                                                       --failed: 4xx other than 429, and 5xx (throttles are
                                                       --status 429), each with its diagnosis
  logs show ID                                         print one log entry in full: its diagnosis and next step,
                                                       the request (headers, body) and the response; ID is the
                                                       ID column of logs (id with --json)
  demo okta TENANT [--mode catalog|wizard] [--users N] [--url ORIGIN] [--speed F]
                                                       play Okta against a running server (default
                                                       http://127.0.0.1:8787); one line per step, exit 1 if one fails
  demo entra TENANT [--without-flag | --on-demand [--group]] [--users N] [--url ORIGIN] [--speed F]
                                                       play Microsoft Entra ID's provisioning cycles the same way;
                                                       --without-flag: a Tenant URL without aadOptscim062020;
                                                       --on-demand: Provision on demand, one user in five steps;
                                                       --group: a group and --users of its members (up to 5)
  demo conformance TENANT [--suite okta|entra] [--url ORIGIN]
                                                       run a conformance self-test against a running server:
                                                       Okta's SCIM 2.0 SPEC test (default), or the requests
                                                       Entra ID sends as Microsoft documents them
  settings get [KEY]                                   print the settings, or one (e.g. server.port)
  settings set KEY VALUE [--yes]                       change a setting; a host beyond 127.0.0.1 needs --yes

Every command takes --db PATH (or SCIM_CONSOLE_DB) and --json, after it or before it. TENANT is a slug or an id.
scim-console --version (or -V) prints the version.`

type Command = (args: readonly string[], io: Io, signal: AbortSignal, logWriterScript?: URL) => void | Promise<void>

const commands: Readonly<Record<string, Command>> = {
  serve: serveCommand,
  tenant: tenantCommand,
  token: tokenCommand,
  logs: logsCommand,
  demo: demoCommand,
  settings: settingsCommand
}

const helpWords = new Set(['--help', '-h', 'help'])
// -V, as -h is --help's: lower-case -v means --verbose in as many tools as it means --version.
const versionWords = new Set(['--version', '-V'])

/**
 * `scim-console --version`: the version of package.json, which the build puts into the CLI, so that it is the
 * version of the code that runs, not of a package.json edited since. It takes --json (`{"version":"0.1.0"}`) and --db,
 * which every command line may give (an alias's), and nothing else: `--version tenant list` is a mistake.
 */
function printVersion(args: readonly string[], io: Io): void {
  const { values, positionals } = parse(args, {})
  const [extra] = positionals
  if (extra !== undefined) throw new UsageError(`--version takes no argument, not ${quoted(extra)}: the command comes first (scim-console ${printable(extra)} …), or --version alone`)
  io.out(values.json ? JSON.stringify({ version }) : version)
}

/** Errors are one line on stderr (the CLI contract), whatever the message; what it quotes is printable (common.ts). */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ')
}

/** Runs one command line and returns its exit code. `signal` stops `serve` and `logs --follow`. */
export async function runCli(argv: readonly string[], io: Io, signal: AbortSignal, options: { readonly logWriterScript?: URL } = {}): Promise<number> {
  const [command, ...rest] = commandFirst(argv)
  try {
    if (command === undefined) throw new UsageError('no command given')
    if (helpWords.has(command)) {
      io.out(usage)
      return exitCodes.ok
    }
    if (versionWords.has(command)) {
      if (asksForHelp(rest)) io.out(usage)
      else printVersion(rest, io)
      return exitCodes.ok
    }
    const run = Object.hasOwn(commands, command) ? commands[command] : undefined
    // `scim-console --db` with no path left (commandFirst moves a --db with one), or another option before the command.
    if (!run && command === '--db') throw new UsageError('--db needs a file path')
    if (!run && command === '-v') throw new UsageError('unknown option -v: the version is --version or -V')
    if (!run && command.startsWith('-')) throw new UsageError(`unknown command ${quoted(command)}: the command comes first, then its options (only --db and --json may come before it)`)
    if (!run) throw new UsageError(`unknown command ${quoted(command)}`)
    // `tenant help` as `scim-console help` or `tenant --help`: no command has a word help, or takes a name as its first
    // word (`tenant create help` names a tenant help), so help there is only ever asked for.
    if (asksForHelp(rest) || commandWord(rest)[0] === 'help') io.out(usage)
    else await run(rest, io, signal, options.logWriterScript)
    return exitCodes.ok
  } catch (error) {
    if (error instanceof UsageError) {
      // A sentence of the services ends in a full stop, which the pointer to the help then follows.
      io.err(`scim-console: ${printable(redactSecrets(oneLine(error.message))).replace(/\.$/, '')} (see scim-console --help)`)
      return exitCodes.usage
    }
    // A full disk or a file another process holds says what to do, as the server's answers and the console do; an
    // argument is often quoted back ("no tenant has the id or slug …"): a secret given in the wrong place is not.
    const message = storageFailure(error)?.message ?? (error instanceof Error ? error.message : String(error))
    io.err(`scim-console: ${printable(redactSecrets(oneLine(message)))}`)
    return exitCodes.failure
  }
}

/** Where `main` writes: the process's own streams; a test passes its own. */
export interface Output {
  readonly stdout: NodeJS.WritableStream
  readonly stderr: NodeJS.WritableStream
}

/** The process entry: real stdout/stderr, SIGINT/SIGTERM stop `serve`. */
export async function main(argv: readonly string[] = process.argv.slice(2), output: Output = process): Promise<void> {
  const controller = new AbortController()
  const stop = () => controller.abort()
  // Only the commands that run until stopped hear SIGINT and SIGTERM, to stop cleanly. Any other runs synchronously,
  // so a handler would run only once it was done: Ctrl+C while it waits for a database another process holds would be
  // ignored, and its change made all the same. For those the signal ends the process at once, as by default; SQLite
  // keeps nothing of a change it had not committed.
  const stoppable = ['serve', 'logs', 'demo'].includes(commandFirst(argv)[0] ?? '')
  if (stoppable) {
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  }
  // A reader that goes away (`… | head`) is a normal way to stop: end the command as on Ctrl+C, so that
  // `demo` still revokes its token and `serve` still closes the database, instead of crashing on EPIPE. Output that
  // cannot be written otherwise (a full disk under `logs --json > export.ndjson`) stops it the same way, and is a
  // failure said in one line, not a stack trace: what was asked for did not all arrive. It is said once the command has
  // ended, unless the command asked for the outcome of its writes (`token issue`) and said it itself.
  let writeError: NodeJS.ErrnoException | undefined
  let lastWrite: Promise<void> = Promise.resolve()
  let claimed = false
  output.stdout.on('error', (error: NodeJS.ErrnoException) => {
    writeError ??= error
    stop()
  })
  const io: Io = {
    out: (line) => {
      // Writes finish in order, so the last one's callback comes after every earlier one's.
      lastWrite = new Promise((resolve) =>
        output.stdout.write(`${line}\n`, (error?: Error | null) => {
          if (error) writeError ??= error
          resolve()
        })
      )
    },
    err: (line) => output.stderr.write(`${line}\n`),
    written: async () => {
      await lastWrite
      if (writeError) {
        claimed = true
        throw writeError
      }
    }
  }
  const code = await runCli(argv, io, controller.signal, {
    // The build puts the log writer thread (src/main/db/log-writer-thread.ts) beside this file.
    logWriterScript: new URL('./log-writer.js', import.meta.url)
  })
  process.off('SIGINT', stop)
  process.off('SIGTERM', stop)
  // A write fails after the command that made it has returned (the error comes on a later tick): wait for its word.
  await lastWrite
  const outputFailed = writeError !== undefined && writeError.code !== 'EPIPE' && !claimed
  if (outputFailed) output.stderr.write(`scim-console: could not write the output: ${oneLine(writeError?.message ?? '')}\n`)
  process.exitCode = outputFailed ? exitCodes.failure : code
}
