import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { LogEntrySummary, Tenant, Token } from '../../shared/models'
import type { Result } from '../../shared/result'
import { resolveDatabasePath } from '../core/paths'
import { createServices, type Services } from '../core/services'
import { createServerController, defaultHost, defaultPort } from '../scim/controller'

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

const common = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false }
} as const satisfies ParseArgsConfig['options']

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options: { ...common, ...options }, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new CommandError(result.error.message)
  return result.value
}

function wholeNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  if (!/^\d+$/.test(raw)) throw new UsageError(`${name} must be a whole number, not "${raw}"`)
  return Number(raw)
}

function positional(positionals: readonly string[], index: number, name: string): string {
  const value = positionals[index]
  if (value === undefined || value === '') throw new UsageError(`missing ${name}`)
  return value
}

function noMore(positionals: readonly string[], count: number): void {
  if (positionals.length > count) throw new UsageError(`unexpected argument "${positionals[count]}"`)
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? []
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n')
}

function tenantJson(tenant: Tenant) {
  return {
    id: tenant.id,
    name: tenant.name,
    slug: tenant.slug,
    scimPath: tenant.scimPath,
    rateLimitPerMinute: tenant.rateLimitPerMinute,
    createdAt: tenant.createdAt
  }
}

function logLine(entry: LogEntrySummary): string {
  const time = entry.at.replace('T', ' ').slice(0, 19)
  const target = entry.targetName ?? entry.targetId ?? ''
  const detail = entry.status >= 400 && entry.errorDetail ? `  ${entry.errorDetail}` : ''
  return `${time}  ${entry.status}  ${entry.method.padEnd(6)} ${entry.path}  ${entry.operation}${target ? ` ${target}` : ''}  ${entry.durationMs}ms${detail}`
}

function withServices<T>(dbFlag: string | undefined, run: (services: Services) => T): T {
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

function tenantCommand(args: readonly string[], io: Io): void {
  const [verb, ...rest] = args
  switch (verb) {
    case 'create': {
      const { values, positionals } = parse(rest, { slug: { type: 'string' } })
      const name = positional(positionals, 0, 'NAME')
      noMore(positionals, 1)
      const tenant = withServices(values.db, (services) => unwrap(services.tenants.create({ name, slug: values.slug })))
      if (values.json) io.out(JSON.stringify({ id: tenant.id, name: tenant.name, slug: tenant.slug, scimPath: tenant.scimPath }))
      else io.out(`Created ${tenant.name} (${tenant.slug}). SCIM base path: ${tenant.scimPath}\nNext: scim-console token issue ${tenant.slug}`)
      return
    }
    case 'list': {
      const { values, positionals } = parse(rest, {})
      noMore(positionals, 0)
      const tenants = withServices(values.db, (services) => services.tenants.list())
      if (values.json) io.out(JSON.stringify(tenants.map(tenantJson)))
      else if (tenants.length === 0) io.out('No tenants yet. Create one: scim-console tenant create "Acme Corp"')
      else {
        io.out(table([
          ['SLUG', 'NAME', 'SCIM PATH', 'USERS', 'TOKENS', 'RATE LIMIT'],
          ...tenants.map((t) => [t.slug, t.name, t.scimPath, String(t.userCount), String(t.activeTokenCount), t.rateLimitPerMinute ? `${t.rateLimitPerMinute}/min` : 'unlimited'])
        ]))
      }
      return
    }
    case 'update': {
      const { values, positionals } = parse(rest, { name: { type: 'string' }, 'rate-limit': { type: 'string' } })
      const tenant = positional(positionals, 0, 'TENANT')
      noMore(positionals, 1)
      const rateLimitPerMinute = wholeNumber('--rate-limit', values['rate-limit'])
      if (values.name === undefined && rateLimitPerMinute === undefined) throw new UsageError('nothing to update: give --name or --rate-limit')
      const updated = withServices(values.db, (services) =>
        unwrap(services.tenants.update({ tenant, name: values.name, rateLimitPerMinute }))
      )
      if (values.json) io.out(JSON.stringify(tenantJson(updated)))
      else io.out(`Updated ${updated.name} (${updated.slug}): rate limit ${updated.rateLimitPerMinute ? `${updated.rateLimitPerMinute} requests/minute` : 'unlimited'}.`)
      return
    }
    default:
      throw new UsageError(verb ? `unknown tenant command "${verb}"` : 'missing tenant command: create, list or update')
  }
}

function tokenJson(token: Token) {
  return token
}

function tokenCommand(args: readonly string[], io: Io): void {
  const [verb, ...rest] = args
  switch (verb) {
    case 'issue': {
      const { values, positionals } = parse(rest, { label: { type: 'string' }, 'expires-in-days': { type: 'string' } })
      const tenant = positional(positionals, 0, 'TENANT')
      noMore(positionals, 1)
      const expiresInDays = wholeNumber('--expires-in-days', values['expires-in-days'])
      const issued = withServices(values.db, (services) => unwrap(services.tokens.issue({ tenant, label: values.label, expiresInDays })))
      if (values.json) {
        io.out(JSON.stringify({
          id: issued.id,
          tenantId: issued.tenantId,
          label: issued.label,
          prefix: issued.prefix,
          token: issued.token,
          expiresAt: issued.expiresAt
        }))
      } else {
        io.out(`${issued.token}\n\nThis is the only time the token is shown. Paste it into Okta: Provisioning → Integration → API Token.`)
        io.out(`Label: ${issued.label}  Id: ${issued.id}  Expires: ${issued.expiresAt ?? 'never'}`)
      }
      return
    }
    case 'list': {
      const { values, positionals } = parse(rest, {})
      const tenant = positional(positionals, 0, 'TENANT')
      noMore(positionals, 1)
      const tokens = withServices(values.db, (services) => unwrap(services.tokens.list(tenant)))
      if (values.json) io.out(JSON.stringify(tokens.map(tokenJson)))
      else if (tokens.length === 0) io.out(`No tokens. Issue one: scim-console token issue ${tenant}`)
      else {
        io.out(table([
          ['ID', 'LABEL', 'PREFIX', 'STATUS', 'CREATED', 'EXPIRES', 'LAST USED'],
          ...tokens.map((t) => [t.id, t.label, `${t.prefix}…`, t.status, t.createdAt, t.expiresAt ?? 'never', t.lastUsedAt ?? 'never'])
        ]))
      }
      return
    }
    case 'revoke': {
      const { values, positionals } = parse(rest, {})
      const tokenId = positional(positionals, 0, 'TOKEN_ID')
      noMore(positionals, 1)
      const revoked = withServices(values.db, (services) => unwrap(services.tokens.revoke(tokenId)))
      if (values.json) io.out(JSON.stringify(tokenJson(revoked)))
      else io.out(`Revoked "${revoked.label}" (${revoked.prefix}…). Requests with it now get 401.`)
      return
    }
    default:
      throw new UsageError(verb ? `unknown token command "${verb}"` : 'missing token command: issue, list or revoke')
  }
}

function logsCommand(args: readonly string[], io: Io): void {
  const { values, positionals } = parse(args, {
    tenant: { type: 'string' },
    failed: { type: 'boolean', default: false },
    limit: { type: 'string' }
  })
  noMore(positionals, 0)
  const limit = wholeNumber('--limit', values.limit) ?? 50
  if (limit < 1 || limit > 1000) throw new UsageError('--limit must be from 1 to 1000')
  withServices(values.db, (services) => {
    let tenantId: string | undefined
    if (values.tenant !== undefined) {
      const tenant = services.tenants.find(values.tenant)
      if (!tenant) throw new CommandError(`no tenant has the id or slug "${values.tenant}"`)
      tenantId = tenant.id
    }
    const page = unwrap(services.log.list({ tenantId, outcome: values.failed ? 'failed' : 'all', limit }))
    for (const entry of page.items) io.out(values.json ? JSON.stringify(entry) : logLine(entry))
    if (!values.json && page.items.length === 0) io.out('No requests logged yet.')
  })
}

async function serveCommand(args: readonly string[], io: Io, signal: AbortSignal): Promise<void> {
  const { values, positionals } = parse(args, {
    host: { type: 'string' },
    port: { type: 'string' },
    quiet: { type: 'boolean', default: false }
  })
  noMore(positionals, 0)
  const port = wholeNumber('--port', values.port) ?? defaultPort
  if (port > 65535) throw new UsageError('--port must be from 0 to 65535')
  const host = values.host ?? defaultHost
  let services: Services
  try {
    services = createServices({ dbPath: resolveDatabasePath(values.db) })
  } catch (error) {
    throw new CommandError(`cannot open the database: ${error instanceof Error ? error.message : String(error)}`)
  }
  const controller = createServerController(
    { ...services, onInternalError: (id, error) => io.err(`internal error ${id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`) },
    { host, port }
  )
  const status = await controller.start()
  if (status.state !== 'running' || !status.url) {
    services.close()
    throw new CommandError(status.lastError ?? 'the SCIM server did not start')
  }
  const unsubscribe = values.quiet
    ? () => undefined
    : services.log.onWritten((entries) => {
        io.out(entries.map((entry) => (values.json ? JSON.stringify(entry) : logLine(entry))).join('\n'))
      })
  io.out(values.json ? JSON.stringify({ event: 'listening', url: status.url }) : `SCIM server listening on ${status.url}\nTenant base URLs: ${status.url}/scim/v2/<slug>. Press Ctrl+C to stop.`)
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), { once: true })
  })
  await controller.stop()
  unsubscribe()
  services.close()
}

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
