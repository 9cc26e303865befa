/**
 * The app and the CLI share one SQLite file. A tenant name checked free in one process may be taken by the other before
 * the first writes it: the second must be refused with the clear "already exists" message, not SQLite's UNIQUE error,
 * and the first must not be blocked by a half-finished check. Each test runs the other process's write at the worst
 * moment, between the check and the write, on a second connection to the same real file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createChangeWatch } from '../../src/main/db/change-watch'
import { createTenantsRepo } from '../../src/main/db/tenants-repo'
import { createTokensRepo } from '../../src/main/db/tokens-repo'
import { createEventBus } from '../../src/main/core/events'
import { createServices } from '../../src/main/core/services'
import { createTenantService } from '../../src/main/core/tenants'
import { isBusy, openTwoProcesses, type TwoProcesses } from '../support/two-processes'

let processes: TwoProcesses
beforeEach(() => {
  processes = openTwoProcesses('scim-console-tenant-races-')
})
afterEach(() => processes.close())

/** Inserts a tenant as another process would; false when this process holds the write lock. */
function otherProcessCreates(name: string, slug: string): boolean {
  try {
    processes.other
      .prepare('INSERT INTO tenants (id, name, slug, rate_limit_per_minute, created_at, setup_provider) VALUES (?, ?, ?, 0, ?, NULL)')
      .run(`other-${slug}`, name, slug, Date.now())
    return true
  } catch (error) {
    if (isBusy(error)) return false
    throw error
  }
}

/** The tenant service of this process, with the other process writing `name` just after this one checked names. */
function serviceRacedBy(name: string, slug: string) {
  const { db } = processes
  const repo = createTenantsRepo(db, createChangeWatch(db))
  const race: { otherWrote?: boolean } = {}
  const tenants = {
    ...repo,
    all: () => {
      const found = repo.all()
      race.otherWrote ??= otherProcessCreates(name, slug)
      return found
    }
  }
  const service = createTenantService({ tenants, tokens: createTokensRepo(db, createChangeWatch(db)), events: createEventBus(), now: Date.now })
  return { service, race }
}

describe('tenant names raced by another process on the same file', () => {
  it('a create holds the name from its check to its write; the other process is then refused in words', () => {
    const { service, race } = serviceRacedBy('acme', 'acme-two')
    // Without one transaction the other process's "acme" lands between the check and the INSERT, which then throws
    // SQLite's "UNIQUE constraint failed: tenants.name".
    expect(service.create({ name: 'Acme', slug: 'acme' })).toMatchObject({ ok: true, value: { name: 'Acme' } })
    expect(race.otherWrote).toBe(false)
    // The other process goes ahead once the write lock is free, and meets the name taken.
    const cli = createServices({ dbPath: processes.dbPath })
    try {
      expect(cli.tenants.create({ name: 'ACME', slug: 'acme-two' })).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: 'A tenant named "Acme" already exists. Names that differ only in spaces or letter case count as the same name. Choose another name.' }
      })
    } finally {
      cli.close()
    }
  })

  it('a rename holds the name from its check to its write', () => {
    const cli = createServices({ dbPath: processes.dbPath })
    try {
      expect(cli.tenants.create({ name: 'Globex', slug: 'globex' }).ok).toBe(true)
    } finally {
      cli.close()
    }
    const { service, race } = serviceRacedBy('initech', 'initech')
    expect(service.update({ tenant: 'globex', name: 'Initech' })).toMatchObject({ ok: true, value: { name: 'Initech', slug: 'globex' } })
    expect(race.otherWrote).toBe(false)
  })
})
