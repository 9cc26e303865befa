/**
 * Stopping the SCIM server, as `serve` on Ctrl+C and the app's Stop button do: it ends in a few seconds whatever the
 * clients do, finishes and logs the requests it has taken, and answers the ones that come too late in SCIM's words.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createServices, type Services } from '../../src/main/core/services'
import { createServerController, type ServerController } from '../../src/main/scim/controller'
import { logWriterThreadSource } from '../support/scim-harness'

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'

/** A connection that has sent `text`; `answer` settles with all the server wrote once it closes the connection. */
interface OpenRequest {
  readonly socket: Socket
  readonly answer: Promise<string>
}

function openRequest(url: string, text: string): OpenRequest {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname, () => socket.write(text))
  const answer = new Promise<string>((resolve) => {
    let received = ''
    socket.on('data', (chunk) => (received += chunk.toString('utf8')))
    socket.on('error', () => undefined)
    socket.on('close', () => resolve(received))
  })
  return { socket, answer }
}

/**
 * A keep-alive connection, as Okta's client keeps one between requests: `responses` are the answers read so far, and
 * `ended` settles when the connection closes, with the error the client saw (ECONNRESET for a reset), if any.
 */
interface KeepAlive {
  readonly socket: Socket
  readonly responses: () => string[]
  readonly ended: Promise<string | null>
}

function keepAlive(url: string): KeepAlive {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname)
  let received = ''
  socket.on('data', (chunk) => (received += chunk.toString('utf8')))
  const ended = new Promise<string | null>((resolve) => {
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
    socket.on('close', () => resolve(null))
  })
  // Each answer is a head and a body of its Content-Length.
  const responses = () => {
    const found: string[] = []
    for (let rest = received; ; ) {
      const end = rest.indexOf('\r\n\r\n')
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(rest.slice(0, end))?.[1] ?? Number.NaN)
      if (end === -1 || Number.isNaN(length) || rest.length < end + 4 + length) return found
      found.push(rest.slice(0, end + 4 + length))
      rest = rest.slice(end + 4 + length)
    }
  }
  return { socket, responses, ended }
}

// The server's end of each connection, as Node accepts it.
const accepted: Socket[] = []
const onAccepted = (message: unknown) => void accepted.push((message as { socket: Socket }).socket)

/**
 * Waits until the server has read `bytes` off a connection, so that it is a request in progress when the stop
 * begins: a connection it has read nothing from is idle, and the stop closes it at once.
 */
const serverHasRead = (bytes: string) =>
  vi.waitFor(() => expect(accepted.some((socket) => socket.bytesRead >= Buffer.byteLength(bytes))).toBe(true), { timeout: 10_000 })

// A stop that waited out this grace would fail the test by its timeout: the requests it takes must end it sooner.
const longGraceMs = 10 * 60_000

function statusOf(answer: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)
}

describe('stopping the SCIM server', () => {
  let dataDir: string
  let services: Services
  let controller: ServerController
  let url: string
  let tenant: { id: string; slug: string; token: string }

  /** Starts the server; `closeGraceMs` as the stop's grace for requests in flight, the product's own if absent. */
  async function start(closeGraceMs?: number): Promise<void> {
    controller = createServerController({ ...services, closeGraceMs }, { host: '127.0.0.1', port: 0 })
    url = (await controller.start()).url ?? ''
  }

  beforeEach(() => {
    accepted.length = 0
    subscribe('net.server.socket', onAccepted)
    dataDir = mkdtempSync(join(tmpdir(), 'scim-console-test-'))
    services = createServices({ dbPath: join(dataDir, 'console.db'), logWriterScript: logWriterThreadSource })
    const created = services.tenants.create({ name: 'Acme Corp' })
    const issued = created.ok ? services.tokens.issue({ tenant: created.value.id, label: 'Okta' }) : null
    if (!created.ok || !issued?.ok) throw new Error('could not create the tenant and its token')
    tenant = { id: created.value.id, slug: created.value.slug, token: issued.value.token }
  })

  afterEach(async () => {
    unsubscribe('net.server.socket', onAccepted)
    await controller.stop()
    services.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('stops within a few seconds while a client has sent only half a request', async () => {
    // With the product's grace of a few seconds: a stop that waited for the client would fail the test by its timeout.
    await start()
    const text = `GET /scim/v2/${tenant.slug}/Users HTTP/1.1\r\nHost: x\r\n`
    const half = openRequest(url, text)
    await serverHasRead(text)
    expect((await controller.stop()).state).toBe('stopped')
    expect(await half.answer).toBe('')
  })

  it('finishes a request it had taken when the stop began, and logs it', async () => {
    await start(longGraceMs)
    const body = JSON.stringify({ schemas: [userUrn], userName: 'ann@example.com' })
    const head = `POST /scim/v2/${tenant.slug}/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tenant.token}\r\nContent-Type: application/scim+json\r\nContent-Length: ${body.length}\r\n\r\n`
    // Taken once the server has looked its tenant up, which it does as it admits the request.
    const admitted = vi.spyOn(services.tenants, 'findBySlug')
    const taken = openRequest(url, head + body.slice(0, -1))
    await vi.waitFor(() => expect(admitted).toHaveBeenCalledWith(tenant.slug), { timeout: 10_000 })
    const stopping = controller.stop()
    taken.socket.write(body.slice(-1))
    expect(statusOf(await taken.answer)).toBe(201)
    // The connection closes with the answer: the stop does not wait out the time it gives such requests.
    await stopping
    expect(services.directory.findUserByName(tenant.id, 'ann@example.com')).toBeDefined()
    const page = services.log.list({ tenantId: tenant.id })
    expect(page.ok && page.value.items.map((entry) => [entry.status, entry.operation, entry.targetName])).toEqual([[201, 'create-user', 'ann@example.com']])
  })

  // Node closes idle keep-alive connections as the stop begins; a request already sent on one, not yet read, then got
  // a TCP reset (ECONNRESET) instead of an answer, every time, whether it was sent just before the stop or just after.
  for (const order of ['just before', 'just after'] as const) {
    it(`answers a request sent on an idle keep-alive connection ${order} the stop begins with a SCIM 503 and Connection: close, not a reset`, async () => {
      await start(longGraceMs)
      const request = `GET /scim/v2/${tenant.slug}/Users?count=0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tenant.token}\r\n\r\n`
      const connection = keepAlive(url)
      connection.socket.write(request)
      await vi.waitFor(() => expect(connection.responses()).toHaveLength(1), { timeout: 10_000 })
      expect(statusOf(connection.responses()[0] ?? '')).toBe(200)

      // On 127.0.0.1 the bytes are in the server's receive buffer when write returns: the same turn, no wait.
      let stopping: Promise<unknown>
      if (order === 'just before') {
        connection.socket.write(request)
        stopping = controller.stop()
      } else {
        stopping = controller.stop()
        connection.socket.write(request)
      }
      expect(await connection.ended).toBeNull()
      await stopping
      const [, late = ''] = connection.responses()
      const [head = '', text = ''] = late.split('\r\n\r\n')
      expect(statusOf(head)).toBe(503)
      expect(head).toMatch(/\r\nconnection: close\r\n/i)
      expect(head).toMatch(/\r\nretry-after: 5\r\n/i)
      expect(JSON.parse(text)).toEqual({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '503',
        detail: expect.stringMatching(/^SCIM Console is stopping/)
      })
      const page = services.log.list({ tenantId: tenant.id })
      expect(page.ok && page.value.items.map((entry) => entry.status)).toEqual([503, 200])
    })
  }

  it('closes an idle keep-alive connection at once and cleanly when it stops, without waiting out the grace', async () => {
    await start(longGraceMs)
    const connection = keepAlive(url)
    connection.socket.write(`GET /scim/v2/${tenant.slug}/Users?count=0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tenant.token}\r\n\r\n`)
    await vi.waitFor(() => expect(connection.responses()).toHaveLength(1), { timeout: 10_000 })
    // A stop that waited for the connection would fail the test by its timeout (longGraceMs).
    expect((await controller.stop()).state).toBe('stopped')
    expect(await connection.ended).toBeNull()
    expect(connection.responses()).toHaveLength(1)
  })

  it('answers a request that arrives while it stops with a SCIM 503 and Retry-After, and logs it', async () => {
    await start(longGraceMs)
    const sent = `GET /scim/v2/${tenant.slug}/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tenant.token}\r\n`
    const late = openRequest(url, sent)
    await serverHasRead(sent)
    const stopping = controller.stop()
    late.socket.write('\r\n')
    const answer = await late.answer
    await stopping
    const [head = '', text = ''] = answer.split('\r\n\r\n')
    expect(statusOf(head)).toBe(503)
    expect(head).toMatch(/\r\ncontent-type: application\/scim\+json; charset=utf-8\r\n/i)
    expect(head).toMatch(/\r\nretry-after: 5\r\n/i)
    expect(JSON.parse(text)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '503',
      detail: expect.stringMatching(/^SCIM Console is stopping/)
    })
    const page = services.log.list({ tenantId: tenant.id })
    expect(page.ok && page.value.items.map((entry) => [entry.status, entry.errorDetail])).toEqual([[503, expect.stringMatching(/^SCIM Console is stopping/)]])
    // Kept with the entry, for the log's diagnosis, which does not read the detail's words.
    const [refused] = page.ok ? page.value.items : []
    expect(refused && services.log.get(refused.id)).toMatchObject({ ok: true, value: { errorFacts: { stopping: true } } })
  })
})
