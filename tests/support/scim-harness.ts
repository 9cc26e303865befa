import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { LogEntry } from '../../src/shared/models'
import { createServices, type Services } from '../../src/main/core/services'
import { buildScimServer } from '../../src/main/scim/server'

/** The worker threads' sources, which Node runs as they are (it strips the types). */
export const logWriterThreadSource = new URL('../../src/main/db/log-writer-thread.ts', import.meta.url)
export const databaseCheckThreadSource = new URL('../../src/main/db/database-check-thread.ts', import.meta.url)

/** A real SCIM server on 127.0.0.1, port 0, over a real SQLite file in a temporary folder. */
export interface ScimHarness {
  readonly services: Services
  readonly app: FastifyInstance
  readonly origin: string
  readonly dataDir: string
  /** Every error the server answered with 500, in order; a test that expects none asserts this is empty. */
  readonly internalErrors: readonly { readonly id: string; readonly error: unknown }[]
  /** Creates a tenant and an API token for it. */
  tenant(name: string, slug?: string): { id: string; slug: string; token: string; baseUrl: string; tokenId: string }
  /**
   * A fetch against the server with SCIM headers; `token` null sends no Authorization.
   * `bytes` sends a body with no Content-Type header at all (unless `headers` names one).
   */
  request(
    method: string,
    url: string,
    options?: { token?: string | null; body?: unknown; raw?: string; bytes?: Uint8Array<ArrayBuffer>; headers?: Record<string, string> }
  ): Promise<ScimResponse>
  /** Writes `text` as-is to a new connection, for requests that fetch will not send (broken framing, odd methods). */
  rawHttp(text: string): Promise<RawResponse>
  /** The provisioning log of a tenant, oldest first, in full; flushes the log first. */
  logEntries(tenantId: string): LogEntry[]
  close(): Promise<void>
}

export interface ScimResponse {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly body: Record<string, unknown> & { Resources?: Record<string, unknown>[] }
}

/** A response read off a raw socket. `status` is 0 when the server closed the connection without answering. */
export interface RawResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  readonly body: Record<string, unknown>
}

function parseJson(text: string): Record<string, unknown> {
  if (!text) return {}
  try {
    const parsed: unknown = JSON.parse(text)
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function readRaw(received: Buffer): RawResponse | null {
  const end = received.indexOf('\r\n\r\n')
  if (end === -1) return null
  const [statusLine = '', ...lines] = received.subarray(0, end).toString('latin1').split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const body = received.subarray(end + 4)
  const length = headers['content-length'] === undefined ? null : Number(headers['content-length'])
  if (length !== null && body.length < length) return null
  const text = body.subarray(0, length ?? body.length).toString('utf8')
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, text, body: parseJson(text) }
}

/**
 * Starts a harness; close it in afterEach/afterAll. `logWriterThread: false` writes the log on the console's own
 * connection, as the app does when its writer thread stopped. `publicOrigin` is the public URL of the Server page.
 */
export async function startScimHarness(
  options: { now?: () => number; logWriterThread?: boolean; publicOrigin?: () => string | null; host?: string } = {}
): Promise<ScimHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scim-console-test-'))
  // As `scim-console serve` and the app run it: the log written on its own thread (Node loads the source as it is).
  const logWriterScript = options.logWriterThread === false ? undefined : logWriterThreadSource
  const services = createServices({
    dbPath: join(dataDir, 'console.db'),
    now: options.now,
    logWriterScript,
    databaseCheckScript: databaseCheckThreadSource
  })
  const internalErrors: { id: string; error: unknown }[] = []
  const app = buildScimServer({
    ...services,
    publicOrigin: options.publicOrigin,
    onInternalError: (id, error) => {
      internalErrors.push({ id, error })
      console.error('internal error', id, error)
    }
  })
  // `host` 0.0.0.0 also takes connections from the machine's other addresses; requests still go to 127.0.0.1.
  await app.listen({ host: options.host ?? '127.0.0.1', port: 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const origin = `http://127.0.0.1:${port}`
  let defaultToken: string | null = null
  return {
    services,
    app,
    origin,
    dataDir,
    internalErrors,
    tenant(name, slug) {
      const created = services.tenants.create({ name, slug })
      if (!created.ok) throw new Error(created.error.message)
      const issued = services.tokens.issue({ tenant: created.value.id, label: 'Okta' })
      if (!issued.ok) throw new Error(issued.error.message)
      defaultToken ??= issued.value.token
      return {
        id: created.value.id,
        slug: created.value.slug,
        token: issued.value.token,
        tokenId: issued.value.id,
        baseUrl: `${origin}${created.value.scimPath}`
      }
    },
    async request(method, url, requestOptions = {}) {
      const token = requestOptions.token === undefined ? defaultToken : requestOptions.token
      const hasJson = requestOptions.body !== undefined || requestOptions.raw !== undefined
      const headers: Record<string, string> = {
        accept: 'application/scim+json',
        'user-agent': 'Okta SCIM Client 1.0.0',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(hasJson ? { 'content-type': 'application/scim+json; charset=utf-8' } : {}),
        // Header names are case-insensitive: a test's `User-Agent` replaces the default, it does not join it.
        ...Object.fromEntries(Object.entries(requestOptions.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]))
      }
      const response = await fetch(url.startsWith('http') ? url : `${origin}${url}`, {
        method,
        headers,
        body: requestOptions.bytes ?? requestOptions.raw ?? (requestOptions.body === undefined ? undefined : JSON.stringify(requestOptions.body))
      })
      const text = await response.text()
      return { status: response.status, headers: response.headers, text, body: parseJson(text) as ScimResponse['body'] }
    },
    rawHttp(text) {
      return new Promise((resolve, reject) => {
        let received = Buffer.alloc(0)
        const socket = connect(port, '127.0.0.1', () => socket.write(text, 'latin1'))
        const finish = () => {
          clearTimeout(timer)
          socket.destroy()
          resolve(readRaw(received) ?? { status: 0, headers: {}, text: received.toString('utf8'), body: {} })
        }
        const timer = setTimeout(() => {
          socket.destroy()
          reject(new Error(`No complete answer within 15 s to ${JSON.stringify(text.slice(0, 80))}`))
        }, 15_000)
        socket.on('data', (chunk) => {
          received = Buffer.concat([received, chunk])
          if (readRaw(received)) finish()
        })
        socket.on('close', finish)
        socket.on('error', () => undefined)
      })
    },
    logEntries(tenantId) {
      services.log.flush()
      const page = services.log.list({ tenantId, limit: 1000 })
      if (!page.ok) throw new Error(page.error.message)
      return page.value.items
        .map((summary) => {
          const entry = services.log.get(summary.id)
          if (!entry.ok) throw new Error(entry.error.message)
          return entry.value
        })
        .reverse()
    },
    async close() {
      await app.close()
      services.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
