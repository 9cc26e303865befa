import { describe, expect, it, vi } from 'vitest'
import type { Tenant, Token } from '../../shared/models'
import { ok } from '../../shared/result'
import { createEventBus } from '../core/events'
import { createDemoRunner } from './demo-runner'

const tenant: Tenant = { id: 't1', name: 'Acme Corp', slug: 'acme', scimPath: '/scim/v2/acme', rateLimitPerMinute: 0, createdAt: '2026-01-01T00:00:00.000Z', setupProvider: null }
const token: Token = { id: 'k1', tenantId: 't1', label: 'Okta simulator', prefix: 'scim_ab', createdAt: '', expiresAt: null, revokedAt: null, lastUsedAt: null, status: 'active' }

// A database that closed under the runner (the app quitting mid-run): revoking the run's token throws.
const closedDatabase = () => {
  throw new Error('The database connection is not open')
}

describe('the demo runner', () => {
  it('still settles a run, and closes, when its token cannot be revoked at the end', async () => {
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const runner = createDemoRunner({
      tenants: { find: (ref) => (ref === 't1' || ref === 'acme' ? tenant : undefined) },
      tokens: { issue: () => ok({ ...token, token: 'scim_secret' }), revoke: closedDatabase, get: () => token },
      events: createEventBus(),
      now: Date.now,
      simulator: { paceMs: 0, fetch: (async () => new Response('[]', { status: 200 })) as typeof fetch }
    })
    const started = runner.start({ tenant: 'acme', mode: 'catalog', users: 1, origin: 'http://scim.test' })
    if (!started.ok) throw new Error(started.error.message)
    const finished = await runner.finished(started.value.id)
    expect(finished.ok && finished.value.state).toBe('failed')
    await expect(runner.close()).resolves.toBeUndefined()

    const report = await runner.conformance({ tenant: 'acme', origin: 'http://scim.test' })
    expect(report.ok).toBe(true)
    // Said in one line each (the CLI's stderr contract), not thrown.
    // The run's token, then the self-test's two: the one revoked for its 401 check (then not sent), and its own.
    expect(reported.mock.calls.map((call) => call.join(' '))).toEqual(
      Array.from({ length: 3 }, () => 'The demo could not revoke its token k1 (The database connection is not open); it expires within a day.')
    )
    reported.mockRestore()
  })
})
