import { createServerController, defaultHost, defaultPort } from '../scim/controller'
import { fetchRefusedPortWarning, isLoopbackHost } from '../../shared/addresses'
import { echoedPath } from '../../shared/quoted'
import { hostProblem } from '../../shared/settings-rules'
import { exposureWarning } from '../security/exposure'
import { formatForLog } from '../security/redact'
import { CommandError, logHeader, logJson, logLine, nextCommand, noMore, openServices, parse, shellArgument, unexpectedNegative, UsageError, wholeNumber, type Io } from './common'

/** `serve` as it was given, on `port`: the --host, --quiet and --json given stay as they were. */
function serveWords(host: string | undefined, port: number, flags: { readonly quiet: boolean; readonly json: boolean }): string {
  return ['serve', ...(host === undefined ? [] : ['--host', shellArgument(host)]), '--port', String(port), ...(flags.quiet ? ['--quiet'] : []), ...(flags.json ? ['--json'] : [])].join(' ')
}

// 0 is any free port here, unlike the app's setting: a test or a script reads the port from the line printed.
const portExpects = 'a whole number from 0 to 65535'

/** `serve`: the SCIM server until SIGINT or SIGTERM. */
export async function serveCommand(args: readonly string[], io: Io, signal: AbortSignal, logWriterScript?: URL): Promise<void> {
  const { values, positionals } = parse(args, {
    host: { type: 'string' },
    port: { type: 'string' },
    quiet: { type: 'boolean', default: false }
  }, { options: { port: portExpects }, positional: unexpectedNegative })
  noMore(positionals, 0)
  const port = wholeNumber('--port', values.port, portExpects) ?? defaultPort
  if (port > 65535) throw new UsageError('--port must be from 0 to 65535')
  // As the printed URL writes it too: an IPv6 address may come in brackets (`[::1]`), which the listener does not take.
  const host = (values.host ?? defaultHost).trim().replace(/^\[([\da-f:.]*:[\da-f:.]*)\]$/i, '$1')
  // Node listens on every network for an empty host, and the URL printed would then be "http://:8787".
  if (host === '') throw new UsageError(`--host needs an address, such as ${defaultHost}`)
  const problem = hostProblem(host)
  if (problem !== null) throw new UsageError(`--host: ${problem}`)
  const services = openServices(values.db, logWriterScript, 'serve')
  const controller = createServerController(
    { ...services, onInternalError: (id, error) => io.err(`internal error ${id}: ${formatForLog(error)}`) },
    { host, port }
  )
  const status = await controller.start()
  if (status.state !== 'running' || !status.url) {
    services.close()
    // The controller's words are the Server page's too, where the port offered is a button; here, the line to run.
    const retry = status.suggestedPort === null ? '' : ` To use it: ${nextCommand(values.db, serveWords(values.host, status.suggestedPort, values))}`
    throw new CommandError(`${status.lastError ?? 'the SCIM server did not start'}${retry}`)
  }
  // `--host` is a choice made on the command line, so it is not refused as `settings set` refuses; the risk is said.
  if (!isLoopbackHost(host)) io.err(`Warning: ${exposureWarning(host)}`)
  // It serves curl and the identity providers there all the same; only fetch's clients are kept out, so it is said.
  const refusedPort = fetchRefusedPortWarning(port)
  if (refusedPort !== null) io.err(`Warning: ${refusedPort}`)
  // The lines `logs --follow` prints, under the same header, printed once with the first request; JSON as `logs --json`.
  let header = !values.json
  const unsubscribe = values.quiet
    ? () => undefined
    : services.log.onWritten((entries) => {
        if (entries.length === 0) return
        io.out([...(header ? [logHeader()] : []), ...entries.map((entry) => (values.json ? logJson(entry) : logLine(entry)))].join('\n'))
        header = false
      })
  // A database file deleted or moved under the server: its changes are refused from then on (services.ts says why).
  const unwatch = services.databaseFile.onChange((removed) =>
    io.err(
      removed
        ? `Warning: the database file ${echoedPath(services.dbPath)} was deleted or moved while the server was running. Changes are refused from now on (503), so that none is acknowledged and then lost; reads are still answered. Put the file back to go on, or stop the server and start it again on a backup.`
        : `The database file ${echoedPath(services.dbPath)} is back: changes are saved again.`
    )
  )
  io.out(values.json ? JSON.stringify({ event: 'listening', url: status.url }) : `SCIM server listening on ${status.url}\nTenant base URLs: ${status.url}/scim/v2/<slug>. Press Ctrl+C to stop.`)
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), { once: true })
  })
  await controller.stop()
  unsubscribe()
  unwatch()
  const removed = services.databaseFile.removed()
  // Entries the database refused to the end (a full disk): the log has said why on stderr; the exit code says so too.
  const lost = services.close()
  if (removed) {
    throw new CommandError(
      `stopped, but the database file ${echoedPath(services.dbPath)} had been deleted or moved while the server was running: what it held is no longer at that path (a moved file still has it, with every change the server saved; a deleted one is lost)`
    )
  }
  if (lost > 0) throw new CommandError(`stopped, but ${lost} provisioning log ${lost === 1 ? 'entry' : 'entries'} could not be written and ${lost === 1 ? 'is' : 'are'} lost`)
}
