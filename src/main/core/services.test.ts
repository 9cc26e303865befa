import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSearchRepo } from '../db/search-repo'
import { noFaults } from './faults'
import { createServices, type Services } from './services'

// Services over a fresh file for each test.
let dir: string
let services: Services
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scim-console-services-'))
  services = createServices({ dbPath: join(dir, 'console.db') })
})
afterEach(() => {
  services.close()
  rmSync(dir, { recursive: true, force: true })
})

// The SCIM server's tenant, token and fault reads are kept in memory while the database is unchanged
// (src/main/db/change-watch.ts). Each step here runs in one synchronous turn, where the watch does not look at the
// database again: the services' own writes must count at once all the same.
describe('services: reads kept in memory', () => {
  function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
    if (!result.ok) throw new Error(result.error.message)
    return result.value
  }

  it('see a tenant created, renamed, limited and deleted in the same turn', () => {
    expect(services.tenants.findBySlug('acme')).toBeUndefined()
    const acme = must(services.tenants.create({ name: 'Acme', slug: 'acme' }))
    expect(services.tenants.findBySlug('acme')?.id).toBe(acme.id)
    must(services.tenants.update({ tenant: 'acme', name: 'Acme Inc', rateLimitPerMinute: 60 }))
    expect(services.tenants.findBySlug('acme')).toMatchObject({ name: 'Acme Inc', rateLimitPerMinute: 60 })
    must(services.tenants.remove({ tenant: 'acme', force: true }))
    expect(services.tenants.findBySlug('acme')).toBeUndefined()
  })

  it('see a token issued and revoked in the same turn', () => {
    const acme = must(services.tenants.create({ name: 'Acme', slug: 'acme' }))
    const secret = 'scim_not-yet-issued'
    expect(services.tokens.authenticate(acme.id, secret)).toEqual({ ok: false, reason: 'unknown' })
    const issued = must(services.tokens.issue({ tenant: 'acme', label: 'Okta' }))
    expect(services.tokens.authenticate(acme.id, issued.token)).toMatchObject({ ok: true, token: { id: issued.id } })
    must(services.tokens.revoke(issued.id))
    expect(services.tokens.authenticate(acme.id, issued.token)).toMatchObject({ ok: false, reason: 'revoked' })
  })

  it('see a kept token expire as the clock passes its expiry, with nothing written', async () => {
    const clock = { now: Date.parse('2026-11-29T09:00:00.000Z') }
    const timed = createServices({ dbPath: join(dir, 'timed.db'), now: () => clock.now })
    try {
      const acme = must(timed.tenants.create({ name: 'Acme', slug: 'acme' }))
      const issued = must(timed.tokens.issue({ tenant: 'acme', label: 'Okta', expiresInDays: 1 }))
      await new Promise((resolve) => setImmediate(resolve))
      expect(timed.tokens.authenticate(acme.id, issued.token)).toMatchObject({ ok: true, token: { status: 'active' } })
      clock.now += 86_400_000
      expect(timed.tokens.authenticate(acme.id, issued.token)).toMatchObject({ ok: false, reason: 'expired', token: { status: 'expired' } })
    } finally {
      timed.close()
    }
  })

  it("see a tenant's faults set and cleared in the same turn", async () => {
    const acme = must(services.tenants.create({ name: 'Acme', slug: 'acme' }))
    const request = { tenantId: acme.id, tenantName: acme.name, tokenId: null, operation: () => 'create-user' as const }
    expect(await services.faults.intercept(request)).toBeNull()
    const rule = { id: 'r1', operation: 'create-user' as const, status: 500, detail: 'Broken.', mode: 'percent' as const, percent: 100 }
    must(services.faults.set('acme', { ...noFaults, rules: [rule] }))
    const pending = services.faults.intercept(request)
    must(services.faults.set('acme', noFaults))
    const cleared = services.faults.intercept(request)
    expect([await pending, await cleared]).toEqual([expect.objectContaining({ status: 500, detail: expect.stringContaining('Broken.') }), null])
  })
})

describe('services: names beyond ASCII letters', () => {
  it('keeps tenant names unique in any case of any letter, as userNames are', () => {
    expect(services.tenants.create({ name: 'Ärzte Nord', slug: 'aerzte' }).ok).toBe(true)
    const again = services.tenants.create({ name: 'ärzte nord', slug: 'aerzte-2' })
    expect(again.ok ? null : again.error.code).toBe('conflict')
  })

  it("finds a tenant in the Tenants page's search whatever the encoding of its accents, as the palette does", () => {
    // A name pasted from a macOS document carries its accent as a combining character.
    expect(services.tenants.create({ name: 'Zoe\u0308 Labs', slug: 'zoe' }).ok).toBe(true)
    expect(services.tenants.create({ name: 'ΝΊΚΟΣ Ltd', slug: 'nikos' }).ok).toBe(true)
    expect(services.tenants.list('zo\u00eb').map((tenant) => tenant.slug)).toEqual(['zoe'])
    expect(services.tenants.list('ZOË LABS').map((tenant) => tenant.slug)).toEqual(['zoe'])
    expect(services.tenants.list('νίκοσ').map((tenant) => tenant.slug)).toEqual(['nikos'])
    expect(services.tenants.list('nik').map((tenant) => tenant.slug)).toEqual(['nikos'])
  })

  it('finds tenants and primary emails in the command palette by any letter, in any case', () => {
    const search = createSearchRepo(services.db)
    const tenant = services.tenants.create({ name: 'Élan Vital', slug: 'elan' })
    if (!tenant.ok) throw new Error(tenant.error.message)
    services.directory.createUser(tenant.value.id, { schemas: [], userName: 'ev1@example.com', emails: [{ value: 'Ödön@Élan.example', primary: true }] })
    expect(search.tenants('éla', 10).map((row) => row.slug)).toEqual(['elan'])
    expect(search.users('ödön@é', 10).map((row) => row.user_name)).toEqual(['ev1@example.com'])
  })
})
