/**
 * The demo's IPC glue: which address the simulator plays Okta against, that quitting the app cancels its runs
 * and revokes their tokens rather than leaving a live token behind for a day, and the SPEC self-test's live progress
 * and Cancel, against the real runner and a real SCIM server.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ConformanceReport, ConformanceRun, DemoRun, ServerStatus, Token } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import { localOrigin } from '../../src/main/ipc/demo-handlers'
import { createHandlers, type Handlers } from '../../src/main/ipc/handlers'
import { inertNative, serverAt } from '../support/handler-deps'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'
import { value } from '../support/result'

let harness: ScimHarness
let handlers: Handlers
let quitTasks: (() => Promise<void>)[]
let acmeId: string

beforeEach(async () => {
  harness = await startScimHarness()
  acmeId = harness.tenant('Acme Corp', 'acme').id
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
  // The demo runner's quit task, and the clipboard's (src/main/core/token-clipboard.ts).
  expect(quitTasks).toHaveLength(2)

  await Promise.all(quitTasks.map((task) => task()))

  expect(value((await handlers['demo:get']({ runId: run.id })) as Result<DemoRun>).state).toBe('cancelled')
  // The harness's own token stays; the simulator's is revoked.
  expect(tokens().filter((token) => token.status === 'active')).toHaveLength(1)
})

it('refuses a second demo on a tenant while one runs there, naming the tenant and the run, and starts it once that one has ended', async () => {
  const first = value((await handlers['demo:start']({ tenant: 'acme', mode: 'wizard', users: 2, paused: true })) as Result<DemoRun>)
  const activeTokens = () => value(harness.services.tokens.list('acme') as Result<Token[]>).filter((token) => token.status === 'active')
  expect(activeTokens()).toHaveLength(2)

  const second = await handlers['demo:start']({ tenant: 'acme', mode: 'entra', users: 2, speed: 1000 })
  expect(second.ok).toBe(false)
  if (second.ok) return
  expect(second.error).toEqual({
    code: 'conflict',
    message:
      'A demo is already running against Acme Corp: the Okta wizard app (PUT), paused. Two at once would mix their users, groups and log lines. ' +
      'Let it finish, or cancel it, then start the next one.',
    details: { tenant: acmeId, runId: first.id }
  })
  // Refused before it issued a token of its own.
  expect(activeTokens()).toHaveLength(2)
  // Another tenant is not held up.
  harness.tenant('Globex', 'globex')
  const elsewhere = value((await handlers['demo:start']({ tenant: 'globex', mode: 'catalog', users: 1, paused: true })) as Result<DemoRun>)
  value((await handlers['demo:control']({ runId: elsewhere.id, action: 'cancel' })) as Result<DemoRun>)

  value((await handlers['demo:control']({ runId: first.id, action: 'cancel' })) as Result<DemoRun>)
  const third = await vi.waitFor(async () => value((await handlers['demo:start']({ tenant: 'acme', mode: 'catalog', users: 1, paused: true })) as Result<DemoRun>), {
    timeout: 5_000,
    interval: 20
  })
  expect([third.tenantId, third.mode, third.state]).toEqual([acmeId, 'catalog', 'paused'])
})

it("starts Entra's demo, with or without the Tenant URL's flag or on demand, under a token of its own, and refuses a client it does not know", async () => {
  for (const mode of ['entra', 'entra-legacy', 'entra-on-demand', 'entra-on-demand-group'] as const) {
    const run = value((await handlers['demo:start']({ tenant: 'acme', mode, users: 1, speed: 1000 })) as Result<DemoRun>)
    expect(run.mode).toBe(mode)
    const final = await vi.waitFor(
      async () => {
        const current = value((await handlers['demo:get']({ runId: run.id })) as Result<DemoRun>)
        if (current.finishedAt === null) throw new Error('still running')
        return current
      },
      { timeout: 20_000, interval: 20 }
    )
    expect(final.state, JSON.stringify(final.steps.filter((step) => step.status === 'failed'))).toBe('finished')
  }
  // Each run's token is revoked once the run has ended.
  await vi.waitFor(() =>
    expect(value(harness.services.tokens.list('acme') as Result<Token[]>).filter((token) => token.label === 'Entra simulator').map((token) => token.status)).toEqual([
      'revoked',
      'revoked',
      'revoked',
      'revoked'
    ])
  )
  const refused = (await handlers['demo:start']({ tenant: 'acme', mode: 'soap' as 'entra', users: 1 })) as Result<DemoRun>
  expect(refused.ok).toBe(false)
  if (!refused.ok) expect(refused.error.code).toBe('invalid_argument')
  // Provision on demand takes a group with up to five members.
  const sixMembers = (await handlers['demo:start']({ tenant: 'acme', mode: 'entra-on-demand-group', users: 6 })) as Result<DemoRun>
  expect(sixMembers).toMatchObject({ ok: false, error: { code: 'invalid_argument', details: { field: 'users' } } })
})

describe('the conformance self-test over IPC', () => {
  const specTokens = () => value(harness.services.tokens.list('acme') as Result<Token[]>).filter((token) => token.label === 'Okta SPEC test')
  const selfTest = (tenant = 'acme') => handlers['demo:conformance']({ tenant }) as Promise<Result<ConformanceReport>>
  const cancel = (tenant = 'acme') => handlers['demo:conformance-cancel']({ tenant }) as Promise<Result<ConformanceRun | null>>
  const status = (tenant = 'acme') => handlers['demo:conformance-status']({ tenant }) as Result<ConformanceRun | null>

  /** Every `demo:conformance-progress` push, in the order main emitted them. */
  function recordProgress(onRun: (run: ConformanceRun) => void = () => undefined): ConformanceRun[] {
    const runs: ConformanceRun[] = []
    harness.services.events.on('demo:conformance-progress', (run) => {
      runs.push(run)
      onRun(run)
    })
    return runs
  }

  /** Throttles Acme so that the self-test meets a 429 a few requests in and waits out its Retry-After (about 20 s). */
  function throttle(): void {
    value(harness.services.tenants.update({ tenant: 'acme', rateLimitPerMinute: 3 }))
  }

  it('streams each check as it finishes, in order, then the end, which matches the report', async () => {
    const runs = recordProgress()
    expect(value(status())).toBeNull()

    const report = value(await selfTest())

    expect(report.cancelled).toBe(false)
    expect(runs[0]).toMatchObject({ tenantId: acmeId, state: 'running', checks: [], wait: null, finishedAt: null, error: null })
    expect(new Set(runs.map((run) => run.id)).size).toBe(1)
    const during = runs.slice(1, -1)
    // One push a finished check, each one adding that check to the ones before.
    expect(during.map((run) => run.checks.length)).toEqual(report.checks.map((_check, index) => index + 1))
    during.forEach((run, index) => {
      expect(run.state).toBe('running')
      expect(run.checks).toEqual(report.checks.slice(0, index + 1))
    })
    const last = runs.at(-1)
    expect(last).toMatchObject({ state: 'finished', finishedAt: report.finishedAt, wait: null, error: null })
    expect(last?.checks).toEqual(report.checks)
    expect(value(status())).toEqual(last)
    expect(specTokens().map((token) => token.status)).toEqual(['revoked'])
  })

  it("runs Entra's checks when asked for suite entra, says which suite each push is, and refuses a suite it does not know", async () => {
    const runs = recordProgress()
    expect(value(await selfTest()).suite).toBe('okta')
    const entra = value(await (handlers['demo:conformance']({ tenant: 'acme', suite: 'entra' }) as Promise<Result<ConformanceReport>>))
    expect(entra.suite).toBe('entra')
    expect(entra.checks[0]?.step).toBe('test-connection-user')
    expect([...new Set(runs.map((run) => run.suite))]).toEqual(['okta', 'entra'])
    expect(value(status())).toMatchObject({ suite: 'entra', state: 'finished' })

    const refused = (await handlers['demo:conformance']({ tenant: 'acme', suite: 'azure' })) as Result<ConformanceReport>
    expect(refused.ok).toBe(false)
    expect(!refused.ok && refused.error.code).toBe('invalid_argument')
  })

  it('says while it waits out a 429, and Cancel stops it there: the run ends cancelled with its checks so far, token revoked', async () => {
    throttle()
    let cancelling: Promise<Result<ConformanceRun | null>> | null = null
    const runs = recordProgress((run) => {
      if (run.wait) cancelling ??= cancel()
    })

    const report = value(await selfTest())
    const cancelled = value((await cancelling) ?? fail('no wait was reported'))

    const waiting = runs.find((run) => run.wait !== null)
    expect(waiting?.state).toBe('running')
    expect(waiting?.wait).toMatchObject({ attempt: 1, method: expect.stringMatching(/^(GET|POST|PATCH)$/), path: expect.stringMatching(/^\/Users/) })
    expect(waiting?.wait?.waitSeconds).toBeGreaterThan(0)
    expect(Date.parse(waiting?.wait?.until ?? '')).toBeGreaterThan(Date.parse(waiting?.startedAt ?? ''))
    expect(report.cancelled).toBe(true)
    expect(report.checks.length).toBe(waiting?.checks.length)
    expect(cancelled).toMatchObject({ id: waiting?.id, state: 'cancelled', wait: null, checks: report.checks, finishedAt: report.finishedAt })
    expect(runs.at(-1)).toEqual(cancelled)
    expect(value(status())).toEqual(cancelled)
    // Cancel answers once the token is revoked, as Ctrl+C in the CLI leaves it.
    expect(specTokens().map((token) => token.status)).toEqual(['revoked'])
  })

  it('refuses a second self-test for a tenant while one runs, and runs one again once it is cancelled', async () => {
    throttle()
    let waited!: () => void
    const waiting = new Promise<void>((resolve) => (waited = resolve))
    recordProgress((run) => {
      if (run.wait) waited()
    })
    const first = selfTest()
    await waiting

    const second = await selfTest()
    expect(second).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message: 'A conformance self-test is already running against Acme Corp. Wait for it to finish, or cancel it, then run it again.',
        details: { tenant: acmeId }
      }
    })
    // The refused start issued no token of its own.
    expect(specTokens()).toHaveLength(1)

    expect(value(await cancel())?.state).toBe('cancelled')
    expect(value(await first).cancelled).toBe(true)
    value(harness.services.tenants.update({ tenant: 'acme', rateLimitPerMinute: 0 }))
    const again = value(await selfTest())
    expect(again.cancelled).toBe(false)
    expect(value(status())?.state).toBe('finished')
  })

  it('refuses a demo on a tenant while its self-test runs, and a self-test while a demo plays there', async () => {
    throttle()
    let waited!: () => void
    const waiting = new Promise<void>((resolve) => (waited = resolve))
    recordProgress((run) => {
      if (run.wait) waited()
    })
    const running = selfTest()
    await waiting
    const demo = (await handlers['demo:start']({ tenant: 'acme', mode: 'catalog', users: 1, paused: true })) as Result<DemoRun>
    expect(demo.ok ? null : demo.error).toEqual({
      code: 'conflict',
      message:
        'A conformance self-test is running against Acme Corp. A demo beside it would mix their users, groups and log lines, and could fail its checks. ' +
        'Let it finish, or cancel it, then start the demo.',
      details: { tenant: acmeId }
    })
    expect(value(await cancel())?.state).toBe('cancelled')
    expect(value(await running).cancelled).toBe(true)
    value(harness.services.tenants.update({ tenant: 'acme', rateLimitPerMinute: 0 }))

    const playing = value((await handlers['demo:start']({ tenant: 'acme', mode: 'wizard', users: 1, paused: true })) as Result<DemoRun>)
    const refused = await selfTest()
    expect(refused.ok ? null : refused.error).toEqual({
      code: 'conflict',
      message:
        'A demo is running against Acme Corp: the Okta wizard app (PUT), paused. A self-test beside it would mix their users, groups and log lines, ' +
        'and its checks could fail for what the demo changes. Let the demo finish, or cancel it, then run the self-test.',
      details: { tenant: acmeId, runId: playing.id }
    })
    expect(specTokens()).toHaveLength(1)
    value((await handlers['demo:control']({ runId: playing.id, action: 'cancel' })) as Result<DemoRun>)
  })

  it('answers null to Cancel when nothing runs, and names an unknown tenant', async () => {
    expect(value(await cancel())).toBeNull()
    const unknown = await cancel('nope')
    expect(unknown.ok ? null : unknown.error).toMatchObject({ code: 'not_found', message: 'No tenant has the id or slug "nope".' })
  })

  it('is cancelled when the app quits, and says so', async () => {
    throttle()
    let quitting: Promise<unknown> | null = null
    const runs = recordProgress((run) => {
      if (run.wait) quitting ??= Promise.all(quitTasks.map((task) => task()))
    })
    const report = value(await selfTest())
    await quitting
    expect(report.cancelled).toBe(true)
    expect(runs.at(-1)?.state).toBe('cancelled')
    expect(specTokens().map((token) => token.status)).toEqual(['revoked'])
  })
})

function fail(message: string): never {
  throw new Error(message)
}
