import { createServer } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { ServerStatus } from '../../shared/models'
import type { EventBus } from '../core/events'
import type { DatabaseFileWatch } from '../db/database-file'
import type { ScimServerDeps } from './context'
import { buildScimServer } from './server'

export const defaultHost = '127.0.0.1'
export const defaultPort = 8787

export interface ListenOptions {
  readonly host: string
  readonly port: number
  readonly publicUrl?: string | null
}

/** How a move to a new address ended; on failure, the server is where it was and `message` says why. */
export type MoveOutcome = { readonly ok: true; readonly status: ServerStatus } | { readonly ok: false; readonly message: string; readonly suggestedPort: number | null }

/** Starts, stops and reports on the embedded SCIM server. Never throws for an expected failure such as a taken port. */
export interface ServerController {
  start(options?: Partial<ListenOptions>): Promise<ServerStatus>
  stop(): Promise<ServerStatus>
  status(): ServerStatus
  /**
   * Moves a running or failed server to a new address, announcing only the outcome. `accept` runs once the new address
   * is known to work and before anything is announced (the settings store the address there); if it throws, the server
   * stays where it was and the error goes to the caller. A new address that fails changes nothing and announces nothing.
   */
  move(next: ListenOptions, accept: () => void): Promise<MoveOutcome>
}

/** Finds a free port at or after `from` on `host`, for the "port in use" message. */
export async function findFreePort(host: string, from: number, attempts = 20): Promise<number | null> {
  for (let port = from; port < from + attempts && port <= 65535; port += 1) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer()
      probe.once('error', () => resolve(false))
      probe.listen(port, host, () => probe.close(() => resolve(true)))
    })
    if (free) return port
  }
  return null
}

/** Explains a listen failure in words a CSM can act on. */
export async function describeListenError(error: unknown, host: string, port: number, freePort?: number | null): Promise<string> {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE') {
    const next = freePort === undefined ? await findFreePort(host, port + 1) : freePort
    return `Port ${port} on ${host} is already in use, probably by another SCIM Console or a "scim-console serve". Stop that one, or use another port${next ? ` (port ${next} is free)` : ''}.`
  }
  if (code === 'EACCES') return `Not allowed to listen on port ${port}. Ports below 1024 need administrator rights; use a port such as ${defaultPort}.`
  if (code === 'EADDRNOTAVAIL') return `This machine has no address ${host}. Use 127.0.0.1, or an address of this machine.`
  // A host name the system's resolver does not know (ENOTFOUND), or could not ask about (EAI_AGAIN: no DNS server).
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `The host name ${host} does not resolve to an address on this machine. Use 127.0.0.1, or an address of this machine.`
  }
  return `The SCIM server could not start on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`
}

/**
 * The controller over one `buildScimServer` at a time. `databaseFile` (the services') puts the database file's state in
 * the status, and its changes in a `server:status` push: the console's banner says while changes are refused.
 */
export function createServerController(
  deps: ScimServerDeps & { events: EventBus; databaseFile?: Pick<DatabaseFileWatch, 'removed' | 'onChange'> },
  initial: ListenOptions
): ServerController {
  let options: ListenOptions = initial
  let app: FastifyInstance | null = null
  let state: ServerStatus['state'] = 'stopped'
  let url: string | null = null
  let startedAt: number | null = null
  let lastError: string | null = null
  let suggestedPort: number | null = null
  // Requests served per second over the last ten seconds, from the log's batches.
  const recent: { at: number; count: number }[] = []
  deps.events.on('logs:appended', ({ count }) => {
    recent.push({ at: deps.now(), count })
    if (recent.length > 1000) recent.splice(0, recent.length - 1000)
  })

  function status(): ServerStatus {
    const since = deps.now() - 10_000
    const served = recent.filter((entry) => entry.at >= since).reduce((sum, entry) => sum + entry.count, 0)
    return {
      state,
      host: options.host,
      port: options.port,
      url,
      publicUrl: state === 'running' ? (options.publicUrl?.replace(/\/+$/, '') || url) : null,
      startedAt: startedAt === null ? null : new Date(startedAt).toISOString(),
      lastError,
      suggestedPort,
      requestsPerSecond: Math.round((served / 10) * 10) / 10,
      databaseFileRemoved: deps.databaseFile?.removed() ?? false
    }
  }

  // The port as asked for: 0 means "any free port", and the server then runs on the one it was given.
  let requestedPort = initial.port

  function publish(): ServerStatus {
    const current = status()
    deps.events.emit('server:status', current)
    return current
  }
  deps.databaseFile?.onChange(() => publish())

  /** A new SCIM server listening on `at`, or why it could not. */
  async function listen(at: ListenOptions): Promise<{ ok: true; server: FastifyInstance } | { ok: false; error: unknown }> {
    const server = buildScimServer({ ...deps, publicOrigin: () => options.publicUrl?.replace(/\/+$/, '') || null })
    try {
      await server.listen({ host: at.host, port: at.port })
      return { ok: true, server }
    } catch (error) {
      await server.close().catch(() => undefined)
      return { ok: false, error }
    }
  }

  /** Closes the running server without announcing it; its last requests are written to the log. */
  async function close(): Promise<void> {
    const running = app
    app = null
    if (running) {
      await running.close()
      deps.log.flush()
    }
  }

  async function stop(): Promise<ServerStatus> {
    await close()
    state = 'stopped'
    url = null
    startedAt = null
    return publish()
  }

  /** Makes a listening server the running one, on `at` with the port it was given. Announces nothing. */
  function adopt(server: FastifyInstance, at: ListenOptions): void {
    const address = server.server.address()
    const port = typeof address === 'object' && address ? address.port : at.port
    const host = at.host.includes(':') ? `[${at.host}]` : at.host
    app = server
    requestedPort = at.port
    options = { ...at, port }
    url = `http://${host}:${port}`
    state = 'running'
    startedAt = deps.now()
    lastError = null
    suggestedPort = null
  }

  /** Why `at` does not work, in words, with a free port to offer when it is taken. */
  async function explain(error: unknown, at: ListenOptions): Promise<{ message: string; suggestedPort: number | null }> {
    const free = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? await findFreePort(at.host, at.port + 1) : null
    return { message: await describeListenError(error, at.host, at.port, free), suggestedPort: free }
  }

  async function move(next: ListenOptions, accept: () => void): Promise<MoveOutcome> {
    if (app && next.host === options.host && next.port === requestedPort) {
      // Only the public URL changes: the server keeps its port, and Okta's connections stay open.
      accept()
      options = { ...options, publicUrl: next.publicUrl ?? null }
      return { ok: true, status: publish() }
    }
    const old = options
    let bound = await listen(next)
    // The new address may clash with the old one itself (the same port on another host): free it and try once more.
    if (!bound.ok && app && next.port === old.port && (bound.error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      await close()
      bound = await listen(next)
      if (!bound.ok) await resume(old)
    }
    if (!bound.ok) {
      const failure = await explain(bound.error, next)
      const where = app ? ` The server stays on ${url}.` : ''
      return { ok: false, message: `${failure.message}${where}`, suggestedPort: failure.suggestedPort }
    }
    try {
      accept()
    } catch (error) {
      await bound.server.close().catch(() => undefined)
      if (!app) await resume(old)
      throw error
    }
    await close()
    adopt(bound.server, next)
    return { ok: true, status: publish() }
  }

  /** Serves the old address again after a move that had to free it first; says so if even that fails. */
  async function resume(old: ListenOptions): Promise<void> {
    const again = await listen(old)
    if (again.ok) {
      // Back on its address a moment later: to Okta and to the console it kept running, so nothing is announced.
      const since = startedAt
      adopt(again.server, { ...old, port: requestedPort })
      startedAt = since
      return
    }
    state = 'failed'
    url = null
    startedAt = null
    const failure = await explain(again.error, old)
    lastError = failure.message
    suggestedPort = failure.suggestedPort
    publish()
  }

  return {
    async start(next = {}) {
      if (app) await stop()
      options = { ...options, ...next }
      requestedPort = options.port
      state = 'starting'
      publish()
      const bound = await listen(options)
      if (!bound.ok) {
        state = 'failed'
        const failure = await explain(bound.error, options)
        suggestedPort = failure.suggestedPort
        lastError = failure.message
        return publish()
      }
      adopt(bound.server, options)
      return publish()
    },
    stop,
    status,
    move
  }
}
