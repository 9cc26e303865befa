/**
 * The demo's IPC glue: which address the simulator plays Okta against, and that quitting the app cancels its runs
 * and revokes their tokens rather than leaving a live token behind for a day.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { DemoRun, ServerStatus, Token } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import { localOrigin } from '../../src/main/ipc/demo-handlers'
import { createHandlers, type Handlers } from '../../src/main/ipc/handlers'
import { inertNative, serverAt } from '../support/handler-deps'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

let harness: ScimHarness
let handlers: Handlers
let quitTasks: (() => Promise<void>)[]

beforeEach(async () => {
  harness = await startScimHarness()
  harness.tenant('Acme Corp', 'acme')
  quitTasks = []
  handlers = createHandlers({
    services: harness.services,
    server: serverAt(harness.origin),
    native: inertNative,
    appInfo: () => ({ version: '0', databasePath: '', versions: {} }),
    atQuit: (task) => void quitTasks.push(task)
  })
})
afterEach(async () => {
  await Promise.all(quitTasks.map((task) => task()))
  await harness.close()
})

it('plays Okta against loopback when the server listens on every interface, and against its own address otherwise', () => {
  const status = serverAt('http://127.0.0.1:8787').status()
  const on = (host: string, url: string | null = `http://${host.includes(':') ? `[${host}]` : host}:8787`): ServerStatus => ({ ...status, host, url })
  expect(localOrigin(on('0.0.0.0'))).toBe('http://127.0.0.1:8787')
  expect(localOrigin(on('::'))).toBe('http://[::1]:8787')
  expect(localOrigin(on('127.0.0.1'))).toBe('http://127.0.0.1:8787')
  expect(localOrigin(on('192.168.1.20'))).toBe('http://192.168.1.20:8787')
  expect(localOrigin({ ...on('127.0.0.1'), state: 'stopped', url: null })).toBeNull()
})

it('cancels a demo run when the app quits, and revokes the token it issued', async () => {
  const run = value((await handlers['demo:start']({ tenant: 'acme', mode: 'catalog', users: 3, paused: true })) as Result<DemoRun>)
  const tokens = () => value(harness.services.tokens.list('acme') as Result<Token[]>)
  expect(tokens().filter((token) => token.status === 'active')).toHaveLength(2)
  expect(quitTasks).toHaveLength(1)

  await Promise.all(quitTasks.map((task) => task()))

  expect(value((await handlers['demo:get']({ runId: run.id })) as Result<DemoRun>).state).toBe('cancelled')
  // The harness's own token stays; the simulator's is revoked.
  expect(tokens().filter((token) => token.status === 'active')).toHaveLength(1)
})
