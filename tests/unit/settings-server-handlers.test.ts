import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ServerStatus } from '../../src/shared/models'
import { createServices, type Services } from '../../src/main/core/services'
import { createHandlers, type Handlers } from '../../src/main/ipc/handlers'
import type { NativeBridge } from '../../src/main/ipc/native'
import { listenOptions } from '../../src/main/ipc/server-handlers'
import { createServerController, findFreePort, type ServerController } from '../../src/main/scim/controller'

const inertNative: NativeBridge = {
  chooseSavePath: async () => null,
  chooseOpenPath: async () => null,
  showInFolder: async () => undefined,
  openExternal: async () => undefined,
  renderPdf: async () => new Uint8Array(),
  notify: () => undefined,
  relaunch: () => undefined
}

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

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-settings-'))
    services = createServices({ dbPath: join(dir, 'console.db') })
    // Port 0: each test gets a free port, as the app does with settings it was given.
    services.settings.update({ server: { port: 0 } })
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

  it('refuses a host that is not one at once, without asking to confirm the risk of listening on it', async () => {
    const refused = await call('settings:update', { patch: { server: { host: 'a b' } } })
    expect(refused.error).toMatchObject({ code: 'invalid_argument', message: '"a b" is not a host address. Use 127.0.0.1 to stay on this machine.' })
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
    expect(response.status).toBe(404)
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
    expect(services.settings.get().server.port).toBe(0)
    expect(server.status()).toMatchObject({ state: 'running' })
    expect(server.status().url).not.toBeNull()
    expect(running.ok).toBe(true)
    // The suggestion works.
    expect((await call('settings:update', { patch: { server: { port: suggested } } })).ok).toBe(true)
    expect(server.status()).toMatchObject({ state: 'running', port: suggested })
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
