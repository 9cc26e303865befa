import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { DemoMode, DemoRun, LogEntry } from '../../src/shared/models'
import { createDemoRunner, simulatorTokenLabelOf, type DemoRunner, type DemoStartInput } from '../../src/main/demo/demo-runner'
import { startScimHarness, type ScimHarness } from './scim-harness'

/** A finished simulated run, with the harness and runner it ran on (for the caller to close) and the log of its token. */
export interface PlayedDemo {
  readonly harness: ScimHarness
  readonly runner: DemoRunner
  readonly run: DemoRun
  /** Every progress event of the run, in order. */
  readonly progress: DemoRun[]
  readonly tenant: { readonly id: string; readonly slug: string }
  /** The tenant's log entries sent with the run's own token. */
  readonly log: LogEntry[]
}

/**
 * Starts a run on `runner` and waits until it has ended (its token revoked): the final run. Throws when the runner
 * refuses to start it. `started` hears the run as it starts, for a test that steers it meanwhile.
 */
export async function runToEnd(runner: DemoRunner, input: DemoStartInput, started?: (run: DemoRun) => void): Promise<DemoRun> {
  const start = runner.start(input)
  if (!start.ok) throw new Error(start.error.message)
  started?.(start.value)
  const finished = await runner.finished(start.value.id)
  if (!finished.ok) throw new Error(finished.error.message)
  return finished.value
}

/**
 * Plays a simulated Okta or Entra run against a fresh server's tenant, to its end. With `clock`, the server's clock
 * moves only when the demo waits, by the time the run really waits (sped up, but never below what the server asked),
 * as a server's own clock moves during a demo; `frozen` keeps it still, so that a throttle never lifts. `started` hears the harness and runner before the run, so
 * that a test's cleanup closes them even when the run throws.
 */
export async function playDemo(options: {
  readonly mode: DemoMode
  readonly users: number
  readonly tenant: readonly [name: string, slug: string]
  readonly clock?: { now: number }
  readonly frozen?: boolean
  readonly speed?: number
  readonly rateLimit?: number
  readonly started?: (parts: { readonly harness: ScimHarness; readonly runner: DemoRunner }) => void
}): Promise<PlayedDemo> {
  const { clock, mode, users } = options
  const harness = await startScimHarness(clock ? { now: () => clock.now } : {})
  const tenant = harness.tenant(...options.tenant)
  if (options.rateLimit) harness.services.tenants.update({ tenant: tenant.id, rateLimitPerMinute: options.rateLimit })
  const progress: DemoRun[] = []
  harness.services.events.on('demo:progress', (run) => progress.push(run))
  const speed = options.speed ?? 1
  const runner = createDemoRunner({
    ...harness.services,
    simulator: { paceMs: 0, ...(clock ? { sleep: async (ms: number) => void (clock.now += options.frozen ? 0 : ms) } : {}) }
  })
  options.started?.({ harness, runner })
  const run = await runToEnd(runner, { tenant: tenant.slug, mode, users, speed, origin: harness.origin })
  const label = simulatorTokenLabelOf(mode)
  const tokens = harness.services.tokens.list(tenant.id)
  const tokenId = tokens.ok ? tokens.value.find((token) => token.label === label)?.id : undefined
  const log = harness.logEntries(tenant.id).filter((entry) => entry.tokenId === tokenId)
  return { harness, runner, run, progress, tenant, log }
}

/**
 * A server that closes the connection of every request it gets without answering, and a fetch that sends the first
 * request of `method` there instead of to `origin`: as if the SCIM server, still running, had dropped that one
 * connection. `dropped()` says whether it happened; `close()` stops the server.
 */
export async function dropFirstRequest(origin: string, method: string) {
  const dropper = createServer((request) => request.socket.destroy())
  await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve))
  const dropperOrigin = `http://127.0.0.1:${(dropper.address() as AddressInfo).port}`
  let dropped = false
  const fetchDropping = (async (input: string | URL | Request, init?: RequestInit) => {
    if (!dropped && init?.method === method) {
      dropped = true
      return fetch(String(input).replace(origin, dropperOrigin), init)
    }
    return fetch(input, init)
  }) as typeof fetch
  return {
    fetch: fetchDropping,
    dropped: () => dropped,
    close: () => new Promise<void>((resolve) => dropper.close(() => resolve()))
  }
}

/**
 * Deletes the user named `userName` from a tenant, as an admin deleting it in the app while a run plays: the tests of
 * a run that meets a user gone from under it. Throws when there was no such user to delete.
 */
export function deleteUserNamed(services: ScimHarness['services'], tenantId: string, userName: string): void {
  const user = services.directory.findUserByName(tenantId, userName)
  if (!user || !services.directory.deleteUser(tenantId, user.id).ok) throw new Error(`No user ${userName} to delete`)
}

/** Revokes the active token a run issued itself (`mode` says whose label it has), as an admin would mid-run. */
export function revokeRunToken(services: ScimHarness['services'], tenantId: string, mode: DemoMode): void {
  const tokens = services.tokens.list(tenantId)
  const id = tokens.ok ? tokens.value.find((token) => token.label === simulatorTokenLabelOf(mode) && token.status === 'active')?.id : undefined
  if (id) services.tokens.revoke(id)
}
