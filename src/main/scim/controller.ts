import { createServer } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { ServerStatus } from '../../shared/models'
import type { EventBus } from '../core/events'
import type { ScimServerDeps } from './context'
import { buildScimServer } from './server'

export const defaultHost = '127.0.0.1'
export const defaultPort = 8787

export interface ListenOptions {
  readonly host: string
  readonly port: number
  readonly publicUrl?: string | null
}

/** Starts, stops and reports on the embedded SCIM server. Never throws for an expected failure such as a taken port. */
export interface ServerController {
  start(options?: Partial<ListenOptions>): Promise<ServerStatus>
  stop(): Promise<ServerStatus>
  status(): ServerStatus
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
  return `The SCIM server could not start on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`
}

/** The controller over one `buildScimServer` at a time. */
export function createServerController(deps: ScimServerDeps & { events: EventBus }, initial: ListenOptions): ServerController {
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
      requestsPerSecond: Math.round((served / 10) * 10) / 10
    }
  }

  function publish(): ServerStatus {
    const current = status()
    deps.events.emit('server:status', current)
    return current
  }

  async function stop(): Promise<ServerStatus> {
    const running = app
    app = null
    if (running) {
      await running.close()
      deps.log.flush()
    }
    state = 'stopped'
    url = null
    startedAt = null
    return publish()
  }

  return {
    async start(next = {}) {
      if (app) await stop()
      options = { ...options, ...next }
      state = 'starting'
      publish()
      const server = buildScimServer(deps)
      try {
        await server.listen({ host: options.host, port: options.port })
      } catch (error) {
        await server.close().catch(() => undefined)
        state = 'failed'
        suggestedPort = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? await findFreePort(options.host, options.port + 1) : null
        lastError = await describeListenError(error, options.host, options.port, suggestedPort)
        return publish()
      }
      const address = server.server.address()
      const port = typeof address === 'object' && address ? address.port : options.port
      const host = options.host.includes(':') ? `[${options.host}]` : options.host
      app = server
      options = { ...options, port }
      url = `http://${host}:${port}`
      state = 'running'
      startedAt = deps.now()
      lastError = null
      suggestedPort = null
      return publish()
    },
    stop,
    status
  }
}
