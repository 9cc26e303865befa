import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ServerStatus } from '../../src/shared/models'
import { createServices, type Services } from '../../src/main/core/services'
import { createHandlers, type Handlers } from '../../src/main/ipc/handlers'
import { inertNative } from '../support/handler-deps'
import { listenOptions } from '../../src/main/ipc/server-handlers'
import { createServerController, findFreePort, type ServerController } from '../../src/main/scim/controller'

async function occupy(port: number): Promise<Server> {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve))
  return blocker
}

async function freePort(): Promise<number> {
  const port = await findFreePort('127.0.0.1', 20000 + Math.floor(Math.random() * 20000))
  if (port === null) throw new Error('no free port')
  return port
}

describe('server control and settings', () => {
  let dir: string
  let services: Services
  let server: ServerController
  let handlers: Handlers
  const blockers: Server[] = []

  let initialPort: number

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-settings-'))
    services = createServices({ dbPath: join(dir, 'console.db') })
    // Each test gets a free port of its own, stored as a real port: the settings refuse 0, which Okta could not keep.
    initialPort = await freePort()
    expect(services.settings.update({ server: { port: initialPort } }).ok).toBe(true)
    server = createServerController(services, listenOptions(services.settings.get()))
    handlers = createHandlers({ services, server, native: inertNative, appInfo: () => ({ version: '0', databasePath: services.dbPath, versions: {} }) })
  })
  afterEach(async () => {
    await server.stop()
    services.close()
    for (const blocker of blockers.splice(0)) blocker.close()
    rmSync(dir, { recursive: true, force: true })
  })

  async function call<T>(channel: keyof Handlers, input: unknown): Promise<{ ok: boolean; value?: T; error?: { code: string; message: string; details?: Record<string, unknown> } }> {
    return (await (handlers[channel] as (input: unknown) => unknown)(input)) as never
  }

  it('the controller starts from the settings, at launch and on Start', async () => {
    const port = await freePort()
    services.settings.update({ server: { port, publicUrl: 'https://acme-demo.example-tunnel.com' } })
    const started = await call<ServerStatus>('server:start', {})
    expect(started.value).toMatchObject({ state: 'running', port, url: `http://127.0.0.1:${port}`, publicUrl: 'https://acme-demo.example-tunnel.com' })
    const restarted = await call<ServerStatus>('server:restart', {})
    expect(restarted.value?.port).toBe(port)
  })

  it('Start on a running server keeps it running on its address', async () => {
    const first = await call<ServerStatus>('server:start', {})
    const again = await call<ServerStatus>('server:start', {})
    expect(again.value).toMatchObject({ state: 'running', url: first.value?.url, startedAt: first.value?.startedAt })
  })

  it('settings:get answers the settings and the data facts (size with the WAL, log rows, oldest entry)', async () => {
    const status = await call<ServerStatus>('server:start', {})
    const tenant = services.tenants.create({ name: 'Acme Corp' })
    expect(tenant.ok).toBe(true)
    for (let i = 0; i < 3; i += 1) await fetch(`${status.value?.url}/scim/v2/acme-corp/Users`, { headers: { authorization: 'Bearer wrong' } })
    const answer = await call<{ settings: unknown; data: Record<string, unknown> }>('settings:get', {})
    expect(answer.ok).toBe(true)
    expect(answer.value?.settings).toEqual(services.settings.get())
    expect(answer.value?.data).toMatchObject({ databasePath: services.dbPath, dataFolder: dir, logRows: 3 })
    expect(answer.value?.data['databaseBytes']).toBeGreaterThan(4096)
    expect(typeof answer.value?.data['oldestLogAt']).toBe('string')
  })

  it('refuses out-of-range values with the reason, and changes nothing', async () => {
    const before = services.settings.get()
    const answer = await call('settings:update', { patch: { server: { port: 70000 } } })
    expect(answer.error?.code).toBe('invalid_argument')
    expect(answer.error?.message).toMatch(/port/i)
    expect((await call('settings:update', { patch: { retention: { days: 0 } } })).error?.code).toBe('invalid_argument')
    expect(services.settings.get()).toEqual(before)
  })

  it('refuses port 0, whose free port would change at every start while Okta keeps the old one', async () => {
    const answer = await call('settings:update', { patch: { server: { port: 0 } } })
    expect(answer.error).toMatchObject({ code: 'invalid_argument', details: { field: 'server.port' } })
    expect(answer.error?.message).toMatch(/^Port 0 would pick a different free port at every start/)
    expect(services.settings.get().server.port).toBe(initialPort)
  })

  it('refuses a host that is not one at once, without asking to confirm the risk of listening on it', async () => {
    const refused = await call('settings:update', { patch: { server: { host: 'a b' } } })
    expect(refused.error).toMatchObject({
      code: 'invalid_argument',
      message: '"a b" is not an address. Use an IP address of this computer, such as 192.168.1.20, or 127.0.0.1 to stay on this computer.',
      details: { field: 'server.host' }
    })
    expect(refused.error?.details).not.toMatchObject({ needsConfirmation: true })
  })

  it('asks for confirmation before listening beyond this computer, explaining the risk', async () => {
    await call('server:start', {})
    const refused = await call('settings:update', { patch: { server: { host: '0.0.0.0' } } })
    expect(refused.ok).toBe(false)
    expect(refused.error?.code).toBe('failed_precondition')
    expect(refused.error?.details).toMatchObject({ needsConfirmation: true, field: 'server.host' })
    expect(refused.error?.message).toMatch(/API token/)
    expect(refused.error?.message).toMatch(/tunnel/)
    expect(services.settings.get().server.host).toBe('127.0.0.1')

    const confirmed = await call('settings:update', { patch: { server: { host: '0.0.0.0' } }, confirmExposure: true })
    expect(confirmed.ok).toBe(true)
    expect(server.status()).toMatchObject({ state: 'running', host: '0.0.0.0' })
    // Going back to loopback needs no confirmation.
    expect((await call('settings:update', { patch: { server: { host: '127.0.0.1' } } })).ok).toBe(true)
    expect(server.status().host).toBe('127.0.0.1')
  })

  it('restarts a running server on a new port and public URL', async () => {
    await call('server:start', {})
    const port = await freePort()
    const answer = await call('settings:update', { patch: { server: { port, publicUrl: 'https://demo.example-tunnel.com/' } } })
    expect(answer.ok).toBe(true)
    expect(server.status()).toMatchObject({ state: 'running', port, publicUrl: 'https://demo.example-tunnel.com' })
    const response = await fetch(`http://127.0.0.1:${port}/scim/v2/nobody/Users`)
    expect(response.status).toBe(401)
  })

  it('a port in use keeps the old settings and address, and offers a free port', async () => {
    const running = await call<ServerStatus>('server:start', {})
    const taken = await freePort()
    blockers.push(await occupy(taken))
    const answer = await call('settings:update', { patch: { server: { port: taken } } })
    expect(answer.ok).toBe(false)
    expect(answer.error?.code).toBe('conflict')
    expect(answer.error?.message).toMatch(new RegExp(`Port ${taken} on 127.0.0.1 is already in use`))
    const suggested = answer.error?.details?.['suggestedPort']
    expect(typeof suggested).toBe('number')
    expect(suggested).not.toBe(taken)
    expect(answer.error?.details?.['field']).toBe('server.port')
    expect(services.settings.get().server.port).toBe(initialPort)
    expect(server.status()).toMatchObject({ state: 'running' })
    expect(server.status().url).not.toBeNull()
    expect(running.ok).toBe(true)
    // The suggestion works.
    expect((await call('settings:update', { patch: { server: { port: suggested } } })).ok).toBe(true)
    expect(server.status()).toMatchObject({ state: 'running', port: suggested })
  })

  /** Every `server:status` and `settings:changed` from now on, each with the port stored at the moment it was announced. */
  function recordAnnouncements(): { event: string; port: number; storedPort: number }[] {
    const seen: { event: string; port: number; storedPort: number }[] = []
    services.events.on('server:status', (status) => seen.push({ event: `server:status ${status.state}`, port: status.port, storedPort: services.settings.get().server.port }))
    services.events.on('settings:changed', (settings) => seen.push({ event: 'settings:changed', port: settings.server.port, storedPort: services.settings.get().server.port }))
    return seen
  }

  it('a port in use is never stored or announced: the settings and the status stay on the working port', async () => {
    const working = await freePort()
    services.settings.update({ server: { port: working } })
    await call('server:start', {})
    const startedAt = server.status().startedAt
    const taken = await freePort()
    blockers.push(await occupy(taken))
    const seen = recordAnnouncements()

    const answer = await call('settings:update', { patch: { server: { port: taken } } })

    expect(answer.ok).toBe(false)
    expect(answer.error?.code).toBe('conflict')
    expect(answer.error?.message).toContain(`Port ${taken} on 127.0.0.1 is already in use`)
    expect(answer.error?.message).toContain(`The server stays on http://127.0.0.1:${working}.`)
    expect(seen.filter((entry) => entry.port === taken || entry.storedPort === taken)).toEqual([])
    expect(services.settings.get().server.port).toBe(working)
    // Okta's connections were not dropped: the server never stopped.
    expect(server.status()).toMatchObject({ state: 'running', port: working, url: `http://127.0.0.1:${working}`, startedAt, lastError: null })
    expect((await fetch(`http://127.0.0.1:${working}/scim/v2/nobody/Users`)).status).toBe(401)
  })

  it('a failed server that is given a port in use stays as it was announced', async () => {
    const first = await freePort()
    blockers.push(await occupy(first))
    services.settings.update({ server: { port: first } })
    const failed = await call<ServerStatus>('server:start', {})
    expect(failed.value?.state).toBe('failed')
    const taken = await freePort()
    blockers.push(await occupy(taken))
    const seen = recordAnnouncements()

    const answer = await call('settings:update', { patch: { server: { port: taken } } })

    expect(answer.error?.code).toBe('conflict')
    expect(answer.error?.message).toContain(`Port ${taken} on 127.0.0.1 is already in use`)
    expect(seen).toEqual([])
    expect(services.settings.get().server.port).toBe(first)
    expect(server.status()).toEqual(failed.value)
  })

  it('a new port that works is stored, then announced once, without the server stopping in between', async () => {
    const old = await freePort()
    services.settings.update({ server: { port: old } })
    await call('server:start', {})
    const port = await freePort()
    const seen = recordAnnouncements()

    const answer = await call('settings:update', { patch: { server: { port } } })

    expect(answer.ok).toBe(true)
    expect(seen).toEqual([
      { event: 'settings:changed', port, storedPort: port },
      { event: 'server:status running', port, storedPort: port }
    ])
    expect((await fetch(`http://127.0.0.1:${port}/scim/v2/nobody/Users`)).status).toBe(401)
    await expect(fetch(`http://127.0.0.1:${old}/scim/v2/nobody/Users`)).rejects.toThrow()
  })

  it('a new host on the same port moves the server there, though the old address held that port', async () => {
    const port = await freePort()
    services.settings.update({ server: { port } })
    await call('server:start', {})
    const answer = await call('settings:update', { patch: { server: { host: '0.0.0.0' } }, confirmExposure: true })
    expect(answer.ok).toBe(true)
    expect(server.status()).toMatchObject({ state: 'running', host: '0.0.0.0', port })
    expect(services.settings.get().server).toMatchObject({ host: '0.0.0.0', port })
    expect((await fetch(`http://127.0.0.1:${port}/scim/v2/nobody/Users`)).status).toBe(401)
  })

  it('a new public URL is stored and announced without restarting the server', async () => {
    const running = await call<ServerStatus>('server:start', {})
    const seen = recordAnnouncements()
    const answer = await call('settings:update', { patch: { server: { publicUrl: 'https://demo.example-tunnel.com' } } })
    expect(answer.ok).toBe(true)
    expect(seen.map((entry) => entry.event)).toEqual(['settings:changed', 'server:status running'])
    expect(server.status()).toMatchObject({ url: running.value?.url, startedAt: running.value?.startedAt, publicUrl: 'https://demo.example-tunnel.com' })

    // A detail that says what base URL to enter gives the public one from the next request: the admin pastes it into
    // Okta in the cloud, which reaches the server through the tunnel, whatever Host the request came with.
    services.tenants.create({ name: 'Acme Corp' })
    // With the tenant's token: to any other caller the detail does not say that the slug exists.
    const issued = services.tokens.issue({ tenant: 'acme', label: 'Okta' })
    const authorization = `Bearer ${issued.ok ? issued.value.token : ''}`
    const misrouted = await fetch(`${String(running.value?.url)}/scim/acme/Users`, { headers: { authorization } })
    expect(((await misrouted.json()) as { detail: string }).detail).toContain('the SCIM base URL of the tenant "acme" is https://demo.example-tunnel.com/scim/v2/acme,')
  })

  it('a move whose settings cannot be stored keeps the server on its address and announces nothing', async () => {
    const working = await freePort()
    services.settings.update({ server: { port: working } })
    const running = await call<ServerStatus>('server:start', {})
    const seen = recordAnnouncements()
    const port = await freePort()
    await expect(
      server.move({ host: '127.0.0.1', port }, () => {
        throw new Error('disk full')
      })
    ).rejects.toThrow('disk full')
    expect(seen).toEqual([])
    expect(server.status()).toMatchObject({ state: 'running', port: working, startedAt: running.value?.startedAt })
    await expect(fetch(`http://127.0.0.1:${port}/scim/v2/nobody/Users`)).rejects.toThrow()
  })

  it('a stopped server keeps the new address for its next start', async () => {
    const port = await freePort()
    expect((await call('settings:update', { patch: { server: { port } } })).ok).toBe(true)
    expect(server.status().state).toBe('stopped')
    expect((await call<ServerStatus>('server:start', {})).value).toMatchObject({ state: 'running', port })
  })

  it('other settings change without touching the server', async () => {
    const running = await call<ServerStatus>('server:start', {})
    const answer = await call('settings:update', { patch: { notifications: { enabled: false }, keepRunningInTray: true, retention: { days: 7 } } })
    expect(answer.ok).toBe(true)
    expect(server.status().startedAt).toBe(running.value?.startedAt)
    expect(services.settings.get()).toMatchObject({ notifications: { enabled: false }, keepRunningInTray: true, retention: { days: 7 } })
  })
})
