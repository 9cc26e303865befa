import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { createServices, type Services } from '../../src/main/core/services'
import { buildScimServer } from '../../src/main/scim/server'

/** A real SCIM server on 127.0.0.1, port 0, over a real SQLite file in a temporary folder. */
export interface ScimHarness {
  readonly services: Services
  readonly app: FastifyInstance
  readonly origin: string
  readonly dataDir: string
  /** Creates a tenant and an API token for it. */
  tenant(name: string, slug?: string): { id: string; slug: string; token: string; baseUrl: string; tokenId: string }
  /** A fetch against the server with SCIM headers; `token` null sends no Authorization. */
  request(method: string, url: string, options?: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<ScimResponse>
  close(): Promise<void>
}

export interface ScimResponse {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly body: Record<string, unknown> & { Resources?: Record<string, unknown>[] }
}

/** Starts a harness; close it in afterEach/afterAll. */
export async function startScimHarness(options: { now?: () => number } = {}): Promise<ScimHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scim-console-test-'))
  const services = createServices({ dbPath: join(dataDir, 'console.db'), now: options.now })
  const app = buildScimServer({ ...services, onInternalError: (id, error) => console.error('internal error', id, error) })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const origin = `http://127.0.0.1:${port}`
  let defaultToken: string | null = null
  return {
    services,
    app,
    origin,
    dataDir,
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
      const headers: Record<string, string> = {
        accept: 'application/scim+json',
        'user-agent': 'Okta SCIM Client 1.0.0',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(requestOptions.body !== undefined || requestOptions.raw !== undefined ? { 'content-type': 'application/scim+json; charset=utf-8' } : {}),
        ...requestOptions.headers
      }
      const response = await fetch(url.startsWith('http') ? url : `${origin}${url}`, {
        method,
        headers,
        body: requestOptions.raw ?? (requestOptions.body === undefined ? undefined : JSON.stringify(requestOptions.body))
      })
      const text = await response.text()
      let body: ScimResponse['body'] = {}
      if (text) {
        try {
          body = JSON.parse(text) as ScimResponse['body']
        } catch {
          body = {}
        }
      }
      return { status: response.status, headers: response.headers, text, body }
    },
    async close() {
      await app.close()
      services.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
