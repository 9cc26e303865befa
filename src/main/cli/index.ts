import { exitCodes, UsageError, type Io } from './common'
import { logsCommand } from './logs-command'
import { serveCommand } from './serve-command'
import { tenantCommand } from './tenant-command'
import { tokenCommand } from './token-command'

export { exitCodes } from './common'

const usage = `Usage: scim-console <command> [options]

Commands:
  serve [--host H] [--port P] [--quiet]                run the SCIM server (default 127.0.0.1:8787);
                                                       prints a line per request unless --quiet
  tenant create NAME [--slug S]                        create a tenant
  tenant list                                          list tenants
  tenant update TENANT [--name N] [--rate-limit N]     rename or throttle a tenant (requests/minute, 0 = unlimited)
  token issue TENANT [--label L] [--expires-in-days N] issue a SCIM API token (shown once)
  token list TENANT                                    list a tenant's tokens (never the secrets)
  token revoke TOKEN_ID                                revoke a token at once
  logs [--tenant T] [--failed] [--limit N]             print the provisioning log, newest first

Every command takes --db PATH (or SCIM_CONSOLE_DB) and --json. TENANT is a slug or an id.`

/** Runs one command line and returns its exit code. `signal` stops `serve`. */
export async function runCli(argv: readonly string[], io: Io, signal: AbortSignal): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(usage)
      return command === undefined ? exitCodes.usage : exitCodes.ok
    }
    switch (command) {
      case 'serve':
        await serveCommand(rest, io, signal)
        break
      case 'tenant':
        tenantCommand(rest, io)
        break
      case 'token':
        tokenCommand(rest, io)
        break
      case 'logs':
        logsCommand(rest, io)
        break
      default:
        throw new UsageError(`unknown command "${command}"`)
    }
    return exitCodes.ok
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`scim-console: ${error.message} (see scim-console --help)`)
      return exitCodes.usage
    }
    const message = error instanceof Error ? error.message : String(error)
    io.err(`scim-console: ${message.replace(/\s*\n\s*/g, ' ')}`)
    return exitCodes.failure
  }
}

/** The process entry: real stdout/stderr, SIGINT/SIGTERM stop `serve`. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const controller = new AbortController()
  const stop = () => controller.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const code = await runCli(argv, { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) }, controller.signal)
  process.off('SIGINT', stop)
  process.off('SIGTERM', stop)
  process.exitCode = code
}
