/**
 * The identity provider a tenant was set up for (Tenant.setupProvider), as a CSM says it: in the New tenant form and
 * the setup guide's switch (the IPC handlers), or with `tenant create|update --provider`. It is kept in the database,
 * so the app, the CLI and a backup all see it; a database from before it keeps its tenants, with none said.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServices } from '../../src/main/core/services'
import { migrate, migrations } from '../../src/main/db/migrations'
import type { Handlers } from '../../src/main/ipc/handlers'
import { cliOn } from '../support/cli'
import { handlersOn } from '../support/handler-deps'
import { value } from '../support/result'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

describe('through the app (IPC)', () => {
  let harness: ScimHarness
  let handlers: Handlers

  beforeEach(async () => {
    harness = await startScimHarness()
    handlers = handlersOn(harness)
  })
  afterEach(async () => {
    await harness.close()
  })

  it('keeps the provider a tenant is created for, changes it, leaves it when not given, and forgets it', async () => {
    const created = value(await handlers['tenants:create']({ name: 'Contoso', setupProvider: 'entra' }))
    expect(created.setupProvider).toBe('entra')
    expect(value(await handlers['tenants:get']({ tenant: 'contoso' }))).toMatchObject({ setupProvider: 'entra', identityProvider: null })
    // A rename says nothing of the provider, which stays.
    expect(value(await handlers['tenants:update']({ tenant: 'contoso', name: 'Contoso Ltd' })).setupProvider).toBe('entra')
    expect(value(await handlers['tenants:update']({ tenant: 'contoso', setupProvider: 'okta' })).setupProvider).toBe('okta')
    expect(value(await handlers['tenants:update']({ tenant: 'contoso', setupProvider: null })).setupProvider).toBeNull()
    // Without one, a tenant is created with none said.
    expect(value(await handlers['tenants:create']({ name: 'Acme Corp' })).setupProvider).toBeNull()
    const listed = value(await handlers['tenants:list']({}))
    expect(listed.items.map((tenant) => [tenant.slug, tenant.setupProvider])).toEqual([['acme', null], ['contoso', null]])
  })

  it('refuses a provider it does not know, and changes nothing', async () => {
    value(await handlers['tenants:create']({ name: 'Contoso', setupProvider: 'entra' }))
    const refused = await handlers['tenants:update']({ tenant: 'contoso', setupProvider: 'azure' as 'entra' })
    expect(refused.ok ? null : refused.error.code).toBe('invalid_argument')
    expect(value(await handlers['tenants:get']({ tenant: 'contoso' })).setupProvider).toBe('entra')
    expect(harness.services.tenants.create({ name: 'Globex', setupProvider: 'ping' as 'okta' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: 'The identity provider is okta or entra (Microsoft Entra ID), not "ping".', details: { field: 'setupProvider' } }
    })
    expect(harness.services.tenants.find('globex')).toBeUndefined()
  })
})

describe('through the CLI and across versions', () => {
  let dir: string
  let db: string

  const cli = cliOn(() => db)

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-provider-'))
    db = join(dir, 'console.db')
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('creates a tenant for Entra with the Tenant URL path Entra wants, and lists it as Entra before Entra has called', async () => {
    const created = await cli('tenant', 'create', 'Contoso', '--provider', 'entra')
    expect(created.code).toBe(0)
    expect(created.out).toEqual([
      "Created Contoso (contoso) for Microsoft Entra ID. Tenant URL path: /scim/v2/contoso?aadOptscim062020 (after the server's origin, in Entra's Provisioning → Admin Credentials)",
      `Next: scim-console token issue contoso --db ${db}`
    ])
    expect(JSON.parse((await cli('tenant', 'create', 'Acme Corp', '--json')).out.join(''))).toEqual({
      id: expect.any(String),
      name: 'Acme Corp',
      slug: 'acme',
      scimPath: '/scim/v2/acme',
      setupProvider: null
    })
    const table = (await cli('tenant', 'list')).out
    expect(table.find((line) => line.startsWith('contoso'))?.split(/\s{2,}/).at(-1)).toBe('Microsoft Entra ID')
    expect(table.find((line) => line.startsWith('acme'))?.split(/\s{2,}/).at(-1)).toBe('-')

    expect((await cli('tenant', 'update', 'contoso', '--provider', 'none')).out).toEqual([
      'Updated Contoso (contoso): rate limit unlimited; identity provider not set (the console goes by its traffic).'
    ])
    const updated = JSON.parse((await cli('tenant', 'update', 'acme', '--provider', 'Okta', '--json')).out.join(''))
    expect(updated).toMatchObject({ slug: 'acme', setupProvider: 'okta' })
    expect(await cli('tenant', 'create', 'Globex', '--provider', 'azure')).toMatchObject({
      code: 2,
      err: ['scim-console: --provider is okta or entra, not "azure" (see scim-console --help)']
    })
    expect(await cli('tenant', 'update', 'acme', '--provider', 'azure')).toMatchObject({
      code: 2,
      err: ['scim-console: --provider is okta or entra (or none, to forget it), not "azure" (see scim-console --help)']
    })
  })

  it('opens a database from before it with every tenant kept and none said', () => {
    const old = new Database(db)
    migrate(old, migrations.slice(0, 6))
    old.prepare("INSERT INTO tenants (id, name, slug, rate_limit_per_minute, created_at) VALUES ('t1', 'Acme', 'acme', 120, 0)").run()
    old.close()
    const services = createServices({ dbPath: db })
    try {
      expect(services.tenants.find('acme')).toMatchObject({ id: 't1', name: 'Acme', rateLimitPerMinute: 120, setupProvider: null })
      expect(value(services.tenants.update({ tenant: 'acme', setupProvider: 'entra' })).setupProvider).toBe('entra')
      // The column takes only what the console writes.
      expect(() => services.db.prepare("UPDATE tenants SET setup_provider = 'azure'").run()).toThrow(/CHECK constraint/)
    } finally {
      services.close()
    }
  })
})
