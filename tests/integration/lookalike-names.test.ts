/**
 * Tenant names that differ only by the kind or number of spaces look the same in the tenants table and the CLI's list:
 * "Acme Corp", "Acme\u00a0Corp" (a no-break space pasted from a web page) and "Acme  Corp". Such a name is stored with
 * one ordinary space, and clashes with the others, also with one stored before spaces were folded, which stays readable
 * and editable as it is. Real SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServices, type Services } from '../../src/main/core/services'

let dir: string
let dbPath: string
let services: Services
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scim-console-lookalike-'))
  dbPath = join(dir, 'console.db')
  services = createServices({ dbPath })
})
afterEach(() => {
  services.close()
  rmSync(dir, { recursive: true, force: true })
})

const lookalikes = ['Acme\u00a0Corp', 'Acme  Corp', 'Acme\u2009Corp', 'ACME\u202fCORP', 'Acme\u3000Corp', 'Acme \u00a0 Corp', 'Acme\u205fCorp']

describe('tenant names that differ only by their spaces', () => {
  it('clash with a tenant of the same name with one ordinary space', () => {
    expect(services.tenants.create({ name: 'Acme Corp' }).ok).toBe(true)
    for (const name of lookalikes) {
      expect(services.tenants.create({ name, slug: 'acme-two' }), JSON.stringify(name)).toMatchObject({
        ok: false,
        error: {
          code: 'conflict',
          // Named as the tenant is named, not as typed: no tenant "ACME CORP" exists.
          message: 'A tenant named "Acme Corp" already exists. Names that differ only in spaces or letter case count as the same name. Choose another name.',
          details: { field: 'name' }
        }
      })
    }
    expect(services.tenants.list().map((tenant) => tenant.name)).toEqual(['Acme Corp'])
  })

  it('are stored with one ordinary space, and a rename to a lookalike of another tenant is refused', () => {
    expect(services.tenants.create({ name: 'Acme\u00a0\u00a0Corp' })).toMatchObject({ ok: true, value: { name: 'Acme Corp', slug: 'acme' } })
    expect(services.tenants.create({ name: 'Globex', slug: 'globex' }).ok).toBe(true)
    expect(services.tenants.update({ tenant: 'globex', name: 'acme\u3000corp' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'A tenant named "Acme Corp" already exists. Names that differ only in spaces or letter case count as the same name. Choose another name.' }
    })
    expect(services.tenants.update({ tenant: 'globex', name: 'Globex\u00a0Inc' })).toMatchObject({ ok: true, value: { name: 'Globex Inc' } })
  })

  it('stored before spaces were folded stay readable and editable, and clash with their lookalikes', () => {
    const older = new Database(dbPath)
    older
      .prepare("INSERT INTO tenants (id, name, slug, rate_limit_per_minute, created_at, setup_provider) VALUES ('t1', ?, 'initech', 0, 0, NULL)")
      .run('Initech\u00a0Labs')
    older.close()
    expect(services.tenants.create({ name: 'Initech Labs', slug: 'initech-two' })).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(services.tenants.list('initech labs').map((tenant) => tenant.slug)).toEqual(['initech'])
    // The edit form sends the name back as it was shown: it is kept as stored, and the rate limit changes.
    expect(services.tenants.update({ tenant: 'initech', name: 'Initech\u00a0Labs', rateLimitPerMinute: 60 })).toMatchObject({
      ok: true,
      value: { name: 'Initech\u00a0Labs', rateLimitPerMinute: 60 }
    })
  })
})
