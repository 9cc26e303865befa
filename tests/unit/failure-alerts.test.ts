import { describe, expect, it } from 'vitest'
import type { AppSettings, LogEntrySummary } from '../../src/shared/models'
import { failuresRoute, trayState, trayStatusLine, watchFailures } from '../../src/main/core/failure-alerts'
import { simulatorUserAgent } from '../../src/shared/request-outcome'

type Notification = { title: string; body: string; route?: string }

function setup(settings: Partial<AppSettings['notifications']> = {}) {
  let now = Date.UTC(2025, 2, 14, 9, 0, 0)
  let listener: ((entries: readonly LogEntrySummary[]) => void) | null = null
  const notifications: Notification[] = []
  // Mutable, so a test can change a setting between batches as the Settings page would.
  const current: { enabled: boolean; failureThreshold: number; windowMinutes: number } = { enabled: true, failureThreshold: 5, windowMinutes: 5, ...settings }
  const names: Record<string, string> = { 't-acme': 'Acme Corp', 't-globex': 'Globex' }
  const watch = watchFailures({
    onWritten: (l) => {
      listener = l
      return () => {
        listener = null
      }
    },
    settings: () => current,
    notify: (notification) => void notifications.push(notification),
    tenantName: (id) => names[id] ?? null,
    now: () => now
  })
  let id = 0
  function entry(tenantId: string | null, status: number, extra: Partial<LogEntrySummary> = {}): LogEntrySummary {
    id += 1
    return {
      id,
      at: new Date(now).toISOString(),
      tenantId,
      tenantSlug: tenantId === null ? null : tenantId.replace(/^t-/, ''),
      tokenId: null,
      authScheme: 'bearer',
      method: 'POST',
      path: '/scim/v2/acme/Users',
      status,
      durationMs: 3,
      client: 'Okta SCIM Client 1.0.0',
      operation: 'create-user',
      targetType: 'user',
      targetId: null,
      targetName: 'jane@acme.com',
      errorType: status >= 400 ? 'invalidValue' : null,
      errorDetail: status >= 400 ? 'The API token was revoked.' : null,
      injected: false,
      ...extra
    }
  }
  return {
    watch,
    notifications,
    settings: current,
    advance: (ms: number) => void (now += ms),
    write: (...entries: LogEntrySummary[]) => listener?.(entries),
    entry,
    isListening: () => listener !== null
  }
}

describe('failure notifications', () => {
  it('notifies once when a tenant reaches the threshold within the window, with a link to its failures', () => {
    const t = setup()
    for (let i = 0; i < 4; i += 1) t.write(t.entry('t-acme', 401))
    expect(t.notifications).toEqual([])
    t.write(t.entry('t-acme', 401))
    expect(t.notifications).toHaveLength(1)
    expect(t.notifications[0]).toEqual({
      title: 'Acme Corp is failing',
      body: '5 failed SCIM requests in the last 5 minutes. Latest: 401: The API token was revoked.',
      route: '#/logs?tenant=acme&outcome=failed'
    })
  })

  it('stays quiet for the rest of the window however many failures follow, then can warn again', () => {
    const t = setup()
    for (let i = 0; i < 50; i += 1) {
      t.write(t.entry('t-acme', 500))
      t.advance(1000)
    }
    expect(t.notifications).toHaveLength(1)
    t.advance(5 * 60_000)
    for (let i = 0; i < 5; i += 1) t.write(t.entry('t-acme', 500))
    expect(t.notifications).toHaveLength(2)
  })

  it('does not count failures that fell out of the window', () => {
    const t = setup({ failureThreshold: 3, windowMinutes: 2 })
    t.write(t.entry('t-acme', 404))
    t.write(t.entry('t-acme', 404))
    t.advance(2 * 60_000 + 1)
    t.write(t.entry('t-acme', 404))
    expect(t.notifications).toEqual([])
    t.write(t.entry('t-acme', 404), t.entry('t-acme', 404))
    expect(t.notifications).toHaveLength(1)
  })

  it('counts each tenant on its own, and ignores successes and requests without a tenant', () => {
    const t = setup({ failureThreshold: 2 })
    t.write(t.entry('t-acme', 401), t.entry('t-globex', 401), t.entry('t-acme', 200), t.entry(null, 404), t.entry(null, 404))
    expect(t.notifications).toEqual([])
    t.write(t.entry('t-globex', 409))
    expect(t.notifications.map((n) => n.title)).toEqual(['Globex is failing'])
  })

  it("does not call a tenant failing for throttles (429), which Okta retries, nor for SCIM Console's own demos and self-tests", () => {
    const t = setup({ failureThreshold: 2 })
    for (let i = 0; i < 40; i += 1) t.write(t.entry('t-acme', 429, { errorDetail: 'Too many requests: Acme Corp allows 120 requests a minute.' }))
    for (const kind of ['demo', 'self-test'] as const) {
      for (let i = 0; i < 3; i += 1) t.write(t.entry('t-acme', 401, { client: simulatorUserAgent('OKTA SCIM Integration', kind), tokenId: 'token-of-the-self-test' }))
    }
    expect(t.notifications).toEqual([])
    expect(t.watch.failingTenants()).toEqual([])
    expect(t.watch.recent()).toEqual([])
    // The customer's own failures still count, alongside; so does a mark sent with no token of this console.
    t.write(t.entry('t-acme', 401, { client: simulatorUserAgent('python-requests/2.31', 'demo') }), t.entry('t-acme', 500))
    expect(t.notifications.map((n) => n.title)).toEqual(['Acme Corp is failing'])
    expect(t.watch.recent().map((failure) => failure.status)).toEqual([500, 401])
  })

  it('is silent while notifications are off, but the tray still sees the failing tenant', () => {
    const t = setup({ enabled: false, failureThreshold: 2 })
    t.write(t.entry('t-acme', 401), t.entry('t-acme', 401), t.entry('t-acme', 401))
    expect(t.notifications).toEqual([])
    expect(t.watch.failingTenants()).toEqual(['t-acme'])
    t.advance(5 * 60_000 + 1)
    expect(t.watch.failingTenants()).toEqual([])
  })

  it('applies a settings change at once', () => {
    const t = setup({ failureThreshold: 10 })
    t.write(t.entry('t-acme', 401), t.entry('t-acme', 401))
    t.settings.failureThreshold = 3
    t.write(t.entry('t-acme', 401))
    expect(t.notifications).toHaveLength(1)
  })

  it('keeps the latest ten failures, newest first, for the tray', () => {
    const t = setup()
    let changes = 0
    t.watch.onChange(() => void (changes += 1))
    for (let i = 0; i < 12; i += 1) t.write(t.entry('t-acme', 400 + i))
    t.write(t.entry('t-acme', 200))
    expect(changes).toBe(12)
    expect(t.watch.recent()).toHaveLength(10)
    expect(t.watch.recent()[0]).toMatchObject({ status: 411, tenantName: 'Acme Corp', route: failuresRoute('acme') })
    t.watch.stop()
    expect(t.isListening()).toBe(false)
  })

  it('keeps a long error detail to a notification-sized body', () => {
    const t = setup({ failureThreshold: 1 })
    t.write(t.entry('t-acme', 400, { errorDetail: 'x'.repeat(1000) }))
    expect(t.notifications[0]?.body.length).toBeLessThanOrEqual(220)
  })
})

describe('tray state', () => {
  it('shows running, stopped or failing', () => {
    expect(trayState({ state: 'running' }, 0)).toBe('running')
    expect(trayState({ state: 'running' }, 2)).toBe('failing')
    expect(trayState({ state: 'failed' }, 0)).toBe('failing')
    expect(trayState({ state: 'stopped' }, 3)).toBe('stopped')
    expect(trayState({ state: 'starting' }, 0)).toBe('stopped')
  })

  it('says what the server is doing in a few words', () => {
    expect(trayStatusLine({ state: 'running', url: 'http://127.0.0.1:8787', host: '127.0.0.1', port: 8787 }, 0)).toBe('Running · 127.0.0.1:8787')
    expect(trayStatusLine({ state: 'running', url: 'http://127.0.0.1:8787', host: '127.0.0.1', port: 8787 }, 1)).toBe('Running · 1 tenant failing')
    expect(trayStatusLine({ state: 'failed', url: null, host: '127.0.0.1', port: 8787 }, 0)).toBe('Server failed to start')
    expect(trayStatusLine({ state: 'stopped', url: null, host: '127.0.0.1', port: 8787 }, 0)).toBe('Server stopped')
  })
})
