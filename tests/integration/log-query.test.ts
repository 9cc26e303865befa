import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { logTotalCap, type LogQuery } from '../../src/shared/ipc'
import type { LogEntrySummary, Operation } from '../../src/shared/models'
import { isFailureStatus } from '../../src/shared/request-outcome'
import type { NewLogRow } from '../../src/main/core/provisioning-log'
import { createServices, type Services } from '../../src/main/core/services'
import { createLogRepo } from '../../src/main/db/log-repo'
import { migrate, migrations } from '../../src/main/db/migrations'
import { logRow } from '../support/log-rows'
import { statusFitsOutcome } from '../../src/renderer/src/features/logs/log-filters'

const t0 = Date.parse('2026-11-28T10:00:00.000Z')
const minute = 60_000

let dir: string
let services: Services

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scim-console-log-query-'))
  services = createServices({ dbPath: join(dir, 'console.db'), now: () => t0 + 60 * minute })
})
afterEach(() => {
  services.close()
  rmSync(dir, { recursive: true, force: true })
})

function row(overrides: Partial<NewLogRow>): NewLogRow {
  return logRow({
    at: t0,
    tenant_id: 'acme',
    path: '/scim/v2/acme/Users/u-1',
    duration_ms: 2,
    client: 'Okta SCIM Client 1.0.0',
    operation: 'get-user',
    target_type: 'user',
    target_id: 'u-1',
    target_name: 'jane.doe@acme.com',
    ...overrides
  })
}

/** Writes rows with plain SQL, as a build at an older schema step wrote them (its triggers, if any, index them). */
function writeAtOldStep(db: Database.Database, rows: readonly NewLogRow[]): void {
  // The columns the old step has: later steps add some (migration 14 error_facts).
  const known = new Set(db.prepare<[], { name: string }>('PRAGMA table_info(request_log)').all().map((column) => column.name))
  for (const entry of rows) {
    const columns = Object.keys(entry).filter((column) => known.has(column))
    db.prepare(`INSERT INTO request_log (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`).run(entry)
  }
}

/** Writes rows through the app's own batch writer, in order, and answers them as stored. */
function write(rows: readonly NewLogRow[]): void {
  for (const entry of rows) services.log.append(entry)
  services.log.flush()
}

function list(query: LogQuery): LogEntrySummary[] {
  const page = services.log.list({ limit: 1000, ...query })
  if (!page.ok) throw new Error(page.error.message)
  return [...page.value.items]
}

const ids = (entries: readonly { id: number }[]) => entries.map((entry) => entry.id)

// A small, varied log: two tenants, every outcome class, several operations and users, one row a minute.
function seedVaried(): LogEntrySummary[] {
  const operations: Operation[] = ['lookup-user', 'create-user', 'update-user', 'deactivate-user', 'group-push-update']
  const statuses = [200, 201, 200, 401, 409, 429, 500, 200, 404, 400]
  const rows: NewLogRow[] = []
  for (let index = 0; index < 60; index += 1) {
    const tenant = index % 3 === 0 ? 'globex' : 'acme'
    const user = `user${index % 7}@${tenant}.com`
    rows.push(
      row({
        at: t0 + index * minute,
        tenant_id: tenant,
        tenant_slug: tenant,
        operation: operations[index % operations.length] as string,
        status: statuses[(index * 3) % statuses.length] as number,
        target_id: `u-${index % 7}`,
        target_name: user,
        path: `/scim/v2/${tenant}/Users/u-${index % 7}`,
        error_detail: (statuses[(index * 3) % statuses.length] as number) >= 400 ? `Failure number ${index}` : null
      })
    )
  }
  write(rows)
  return list({}).reverse()
}

describe('log query: filters combine', () => {
  it('narrows by tenant, outcome, operation, status and time range together, newest first', () => {
    const all = seedVaried()
    const query: LogQuery = {
      tenantId: 'acme',
      outcome: 'failed',
      operation: 'update-user',
      since: new Date(t0 + 5 * minute).toISOString(),
      until: new Date(t0 + 50 * minute).toISOString()
    }
    const expected = all
      .filter((entry) => entry.tenantId === 'acme' && isFailureStatus(entry.status) && entry.operation === 'update-user')
      .filter((entry) => Date.parse(entry.at) >= t0 + 5 * minute && Date.parse(entry.at) <= t0 + 50 * minute)
      .reverse()
    expect(expected.length).toBeGreaterThan(0)
    expect(ids(list(query))).toEqual(ids(expected))
  })

  it('tells 4xx, 5xx and throttled apart, and a 429 counts as a 4xx', () => {
    const all = seedVaried()
    const count = (predicate: (status: number) => boolean) => all.filter((entry) => predicate(entry.status)).length
    expect(list({ outcome: '4xx' })).toHaveLength(count((status) => status >= 400 && status < 500))
    expect(list({ outcome: '5xx' })).toHaveLength(count((status) => status >= 500))
    expect(list({ outcome: 'throttled' }).every((entry) => entry.status === 429)).toBe(true)
    expect(list({ outcome: 'throttled' })).toHaveLength(count((status) => status === 429))
    expect(list({ status: 409 }).every((entry) => entry.status === 409)).toBe(true)
  })

  it("keeps exactly the statuses the explorer's status filter offers under each outcome", () => {
    const all = seedVaried()
    const statuses = [...new Set(all.map((entry) => entry.status))]
    for (const outcome of ['all', 'failed', '4xx', '5xx', 'throttled'] as const) {
      const kept = new Set(list({ outcome }).map((entry) => entry.status))
      expect(statuses.filter((status) => statusFitsOutcome(status, outcome)).sort(), outcome).toEqual([...kept].sort())
    }
  })

  it('finds a user by id exactly, or by the start of the userName in any case', () => {
    const all = seedVaried()
    const ofUser3 = ids(all.filter((entry) => entry.targetId === 'u-3').reverse())
    expect(ids(list({ target: 'u-3' }))).toEqual(ofUser3)
    expect(ids(list({ target: 'USER3@' }))).toEqual(ofUser3)
    expect(list({ target: 'user3@ACME' }).every((entry) => entry.targetName === 'user3@acme.com')).toBe(true)
    expect(list({ target: 'u-' })).toHaveLength(0)
    const ofAcmeUser3 = ids(all.filter((entry) => entry.targetName === 'user3@acme.com').reverse())
    expect(ofAcmeUser3.length).toBeGreaterThan(0)
    expect(ofAcmeUser3.length).toBeLessThan(ofUser3.length)
    expect(ids(list({ target: 'user3@a' }))).toEqual(ofAcmeUser3)
    expect(ids(list({ target: 'User3@Acme', search: 'acme' }))).toEqual(ofAcmeUser3)
    expect(ids(list({ target: 'u-3', tenantId: 'acme' }))).toEqual(ofAcmeUser3)
    expect(ids(list({ target: 'u-3', outcome: 'failed' }))).toEqual(ids(all.filter((entry) => entry.targetId === 'u-3' && isFailureStatus(entry.status)).reverse()))
  })

  it('finds a target by its exact id or the start of its name, whatever characters the name holds', () => {
    write([
      row({ method: 'POST', path: '/scim/v2/acme/Users', operation: 'create-user', status: 201, target_id: 'a1b2c3d4-0000-4000-8000-000000000001', target_name: 'ann@acme.com' }),
      row({ path: '/scim/v2/acme/Groups/g-1', target_type: 'group', target_id: 'g-1', target_name: '+++ Ops (EMEA) +++' }),
      row({ target_id: 'u-2', target_name: 'annabel@acme.com' }),
      row({ target_id: 'u-3', target_name: 'Ännchen Müller' })
    ])
    const names = (query: LogQuery) => list(query).map((entry) => entry.targetName)
    expect(names({ target: 'a1b2c3d4-0000-4000-8000-000000000001' })).toEqual(['ann@acme.com'])
    expect(names({ target: 'a1b2c3d4' })).toEqual([])
    expect(names({ target: 'ann@' })).toEqual(['ann@acme.com'])
    expect(names({ target: 'ANN' })).toEqual(['annabel@acme.com', 'ann@acme.com'])
    expect(names({ target: '+++ ops (' })).toEqual(['+++ Ops (EMEA) +++'])
    expect(names({ target: 'Ännchen' })).toEqual(['Ännchen Müller'])
    // In any case, as the server compares userNames: letters beyond ASCII too.
    expect(names({ target: 'ännchen' })).toEqual(['Ännchen Müller'])
    expect(names({ target: 'ÄNNCHEN MÜ' })).toEqual(['Ännchen Müller'])
    // Deleting or renaming a row keeps the target index in step, as retention deletes rows.
    const indexed = (match: string) =>
      (services.db.prepare('SELECT count(*) AS n FROM request_log_targets WHERE request_log_targets MATCH ?').get(match) as { n: number }).n
    expect(indexed(`id : "${Buffer.from('u-2').toString('hex')}"`)).toBe(1)
    services.db.prepare("UPDATE request_log SET target_id = 'u-22', target_name = 'anna@acme.com' WHERE target_id = 'u-2'").run()
    expect(indexed(`id : "${Buffer.from('u-2').toString('hex')}"`)).toBe(0)
    expect(names({ target: 'anna@' })).toEqual(['anna@acme.com'])
    expect(names({ target: 'annabel' })).toEqual([])
    services.db.prepare("DELETE FROM request_log WHERE target_id = 'u-22'").run()
    expect(indexed(`id : "${Buffer.from('u-22').toString('hex')}"`)).toBe(0)
    // The two B-tree indexes the target index replaced are gone.
    expect(services.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'request_log_target%'").all()).toEqual([])
  })

  it('answers an empty page for a range that ends before it starts', () => {
    seedVaried()
    expect(list({ since: new Date(t0 + 10 * minute).toISOString(), until: new Date(t0).toISOString() })).toEqual([])
  })

  it('refuses a time that is not one, instead of ignoring it', () => {
    const page = services.log.list({ since: 'last tuesday' })
    expect(page.ok).toBe(false)
    // Date.parse reads these as 2001: they are not ISO-8601 times either.
    for (const since of ['Tenant 5', '1']) expect(services.log.list({ since }).ok, since).toBe(false)
    expect(services.log.list({ since: '2026-11-28' }).ok).toBe(true)
  })

  it('still finds a request written late, as the batching writer may write it', () => {
    // Served at t0+5 min, but reaching the database after rows served 20 minutes later (a disk that refused writes).
    write([row({ at: t0 + 25 * minute }), row({ at: t0 + 26 * minute }), row({ at: t0 + 5 * minute, target_name: 'late@acme.com' }), row({ at: t0 + 27 * minute })])
    const early = list({ until: new Date(t0 + 10 * minute).toISOString() })
    expect(early.map((entry) => entry.targetName)).toEqual(['late@acme.com'])
    expect(list({ since: new Date(t0 + 20 * minute).toISOString() })).toHaveLength(3)
  })
})

describe('log query: keyset paging', () => {
  it('walks every matching row exactly once, newest first, page by page', () => {
    const all = seedVaried()
    const expected = ids(all.filter((entry) => entry.tenantId === 'acme').reverse())
    const seen: number[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = services.log.list({ tenantId: 'acme', limit: 7, cursor })
      if (!page.ok) throw new Error(page.error.message)
      expect(page.value.total).toBe(expected.length)
      seen.push(...ids(page.value.items))
      cursor = page.value.nextCursor ?? undefined
      pages += 1
    } while (cursor)
    expect(seen).toEqual(expected)
    expect(pages).toBe(Math.ceil(expected.length / 7))
  })

  it('keeps its place when new requests arrive between pages', () => {
    seedVaried()
    const first = services.log.list({ limit: 10 })
    if (!first.ok || !first.value.nextCursor) throw new Error('expected a second page')
    write([row({ at: t0 + 90 * minute }), row({ at: t0 + 91 * minute })])
    const second = services.log.list({ limit: 10, cursor: first.value.nextCursor })
    expect(second.ok && Math.max(...ids(second.value.items))).toBeLessThan(Math.min(...ids(first.value.items)))
  })

  it('refuses a cursor it did not make', () => {
    expect(services.log.list({ cursor: "1; DROP TABLE request_log" }).ok).toBe(false)
  })

  it(`counts exactly up to ${logTotalCap.toLocaleString('en-US')} matches, and says "more" beyond`, () => {
    const repo = createLogRepo(services.db)
    repo.insertMany(Array.from({ length: logTotalCap + 50 }, (_, index) => row({ at: t0 + index })))
    repo.insertMany(Array.from({ length: 30 }, (_, index) => row({ at: t0 + index, status: 500, tenant_id: 'globex' })))
    const big = services.log.list({ limit: 10 })
    expect(big.ok && big.value.total).toBe(logTotalCap + 1)
    const small = services.log.list({ tenantId: 'globex', limit: 10 })
    expect(small.ok && small.value.total).toBe(30)
  })
})

describe('log query: full-text search', () => {
  beforeEach(() => {
    write([
      row({ target_name: 'jane.doe@acme.com', path: '/scim/v2/acme/Users?filter=userName%20eq%20%22jane.doe%40acme.com%22&startIndex=1&count=100', operation: 'lookup-user' }),
      row({ status: 401, target_name: null, target_id: null, error_detail: 'The API token "Okta" was revoked on 2026-11-27. Issue a new token.' }),
      row({ target_name: 'René Müller', path: '/scim/v2/acme/Groups/g-7', target_type: 'group', target_id: 'g-7' }),
      row({ tenant_id: 'globex', tenant_slug: 'globex', target_name: 'jane.roe@globex.com', path: '/scim/v2/globex/Users/u-9' })
    ])
  })

  it('finds a userName, whole or by its parts', () => {
    expect(list({ search: 'jane.doe@acme.com' }).map((entry) => entry.targetName)).toEqual(['jane.doe@acme.com'])
    expect(list({ search: 'jane' })).toHaveLength(2)
    expect(list({ search: 'jane', tenantId: 'globex' }).map((entry) => entry.targetName)).toEqual(['jane.roe@globex.com'])
  })

  it('matches whole words first, and reads a word as a prefix only when no whole word matches', () => {
    const repo = createLogRepo(services.db)
    repo.insertMany([row({ target_name: 'janet.king@acme.com' })])
    expect(list({ search: 'jane' }).map((entry) => entry.targetName)).toEqual(['jane.roe@globex.com', 'jane.doe@acme.com'])
    expect(list({ search: 'janet' }).map((entry) => entry.targetName)).toEqual(['janet.king@acme.com'])
    expect(list({ search: 'jan' }).map((entry) => entry.targetName)).toEqual(['janet.king@acme.com', 'jane.roe@globex.com', 'jane.doe@acme.com'])
  })

  it("finds a word of the error detail, and a prefix being typed", () => {
    expect(list({ search: 'revoked' }).map((entry) => entry.status)).toEqual([401])
    expect(list({ search: 'revo' }).map((entry) => entry.status)).toEqual([401])
  })

  it('finds the id in a path, and ignores accents and case', () => {
    expect(list({ search: 'g-7' })).toHaveLength(1)
    expect(list({ search: 'u-9' })).toHaveLength(1)
    expect(list({ search: 'rene muller' })).toHaveLength(1)
  })

  it("leaves out the /scim/v2/<tenant>/Users scaffolding every request has, which the filters cover", () => {
    expect(list({ search: 'scim' })).toEqual([])
    expect(list({ search: 'groups' })).toEqual([])
  })

  it('finds the userName inside the %-encoded filter of a lookup', () => {
    const repo = createLogRepo(services.db)
    repo.insertMany([row({ target_name: null, path: '/scim/v2/acme/Users?filter=userName%20eq%20%22ann.lee%40acme.com%22' })])
    expect(list({ search: 'ann.lee@acme.com' })).toHaveLength(1)
  })

  it('keeps the search in step when a tool rewrites a row, as the older steps did', () => {
    const repo = createLogRepo(services.db)
    const [id] = repo.insertMany([row({ target_name: null, path: '/scim/v2/acme/Users?filter=userName%20eq%20%22ann.lee%40acme.com%22' })])
    services.db
      .prepare('UPDATE request_log SET path = ?, error_detail = ? WHERE id = ?')
      .run('/scim/v2/acme/Users?filter=userName%20eq%20%22zed.kim%40acme.com%22%20and%20active%20eq%20%28true%29', 'A user named zed.kim exists', id)
    expect(list({ search: 'ann.lee@acme.com' })).toEqual([])
    expect(list({ search: 'zed.kim@acme.com' })).toHaveLength(1)
    expect(list({ search: 'exists' })).toHaveLength(1)
    // Escapes in either case read as spaces, as the writer indexes them, and the path is built in a row it removes.
    expect(list({ search: '28true' })).toEqual([])
    expect(services.db.prepare('SELECT count(*) AS n FROM request_log_fts_scratch').get()).toEqual({ n: 0 })
  })

  it('never fails on what a person may type', () => {
    for (const text of ['"', '""', '*', 'AND', 'NEAR(', 'a OR', '(', ')', 'col:value', '^start', '-x', '+', "'", '\\', '\u0000', 'ünïcödé*', '"open', '{}']) {
      const page = services.log.list({ search: text })
      expect(page.ok, text).toBe(true)
    }
  })

  it('forgets deleted rows: retention keeps the search index in step', () => {
    const repo = createLogRepo(services.db)
    expect(repo.deleteUpToId(Number.MAX_SAFE_INTEGER, 100)).toBe(4)
    expect(list({ search: 'jane' })).toEqual([])
    expect(list({ search: 'revoked' })).toEqual([])
  })

  it('indexes rows that were logged before the search existed (migration 2 backfills)', () => {
    const path = join(dir, 'old.db')
    const old = new Database(path)
    migrate(old, migrations.slice(0, 1))
    old
      .prepare(`INSERT INTO request_log (at, tenant_id, tenant_slug, method, path, status, duration_ms, operation, target_name, auth_scheme, request_headers, error_detail)
        VALUES (?, 'acme', 'acme', 'GET', '/scim/v2/acme/Users', 404, 1, 'get-user', 'old.timer@acme.com', 'bearer', '{}', 'User not found')`)
      .run(t0)
    old.close()
    const upgraded = createServices({ dbPath: path })
    try {
      const page = upgraded.log.list({ search: 'old.timer' })
      expect(page.ok && page.value.items.map((entry) => entry.targetName)).toEqual(['old.timer@acme.com'])
    } finally {
      upgraded.close()
    }
  })
})

describe('log query: the writer indexes the search (migration 3)', () => {
  it('finds rows indexed by the old trigger and by the writer alike, each once, and forgets pruned ones', () => {
    const path = join(dir, 'before-3.db')
    const old = new Database(path)
    migrate(old, migrations.slice(0, 2))
    // Written at step 2, where a trigger indexed each row.
    writeAtOldStep(old, [row({ target_name: 'early.bird@acme.com', error_detail: 'User not found' })])
    old.close()
    const upgraded = createServices({ dbPath: path })
    try {
      expect(upgraded.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name = 'request_log_fts_insert'").get()).toEqual({ n: 0 })
      for (const name of ['late.owl@acme.com', 'night.owl@acme.com']) upgraded.log.append(row({ target_name: name, error_detail: 'User not found' }))
      upgraded.log.flush()
      const found = (search: string) => {
        const page = upgraded.log.list({ search })
        return page.ok ? page.value.items.map((entry) => entry.targetName) : page
      }
      expect(found('early.bird')).toEqual(['early.bird@acme.com'])
      expect(found('owl')).toEqual(['night.owl@acme.com', 'late.owl@acme.com'])
      expect(found('not found')).toEqual(['night.owl@acme.com', 'late.owl@acme.com', 'early.bird@acme.com'])
      // The delete trigger still keeps the index in step with the rows.
      upgraded.db.prepare("DELETE FROM request_log WHERE target_name = 'late.owl@acme.com'").run()
      expect(found('owl')).toEqual(['night.owl@acme.com'])
    } finally {
      upgraded.close()
    }
  })
})

describe('log query: targets through the full-text index (migration 4)', () => {
  it('finds the targets of rows logged before, by id and by name, in a list and in a timeline', () => {
    const path = join(dir, 'before-4.db')
    const old = new Database(path)
    migrate(old, migrations.slice(0, 3))
    writeAtOldStep(old, [
      row({ at: t0, method: 'POST', path: '/scim/v2/acme/Users', operation: 'create-user', status: 201, target_id: 'u-77', target_name: 'early.bird@acme.com' }),
      row({ at: t0 + 1, path: '/scim/v2/acme/Users/u-77', operation: 'update-user', target_id: 'u-77', target_name: 'early.bird@acme.com' }),
      row({ at: t0 + 2, target_id: 'u-2', target_name: 'bob@acme.com' })
    ])
    old.close()
    const upgraded = createServices({ dbPath: path })
    try {
      upgraded.log.append(row({ at: t0 + 3, path: '/scim/v2/acme/Users/u-77', operation: 'deactivate-user', target_id: 'u-77', target_name: 'early.bird@acme.com' }))
      upgraded.log.flush()
      const page = upgraded.log.list({ target: 'u-77' })
      const found = page.ok ? page.value.items : []
      expect(found.map((entry) => entry.operation)).toEqual(['deactivate-user', 'update-user', 'create-user'])
      const byName = upgraded.log.list({ target: 'EARLY.BIRD' })
      expect(byName.ok && byName.value.items.map((entry) => entry.id)).toEqual(found.map((entry) => entry.id))
      const create = found[2] as LogEntrySummary
      expect(upgraded.log.timeline(create).map((entry) => entry.operation)).toEqual(['create-user', 'update-user', 'deactivate-user'])
    } finally {
      upgraded.close()
    }
  })
})

describe("log query: target names folded as userNames are (migration 13)", () => {
  it('finds the targets of rows logged before in any case, and leaves the keys that did not change alone', () => {
    const path = join(dir, 'before-13.db')
    const old = new Database(path)
    old.function('scim_fold', (text: unknown) => text)
    migrate(old, migrations.slice(0, 12))
    const rows = [
      row({ at: t0, target_id: 'u-1', target_name: 'ÉMILE@acme.com' }),
      row({ at: t0 + 1, target_id: 'u-1', target_name: 'émile@acme.com' }),
      row({ at: t0 + 2, target_id: 'u-1', target_name: 'E\u0301mile@acme.com' }),
      row({ at: t0 + 3, target_id: 'u-2', target_name: 'ΝΊΚΟΣ' }),
      row({ at: t0 + 4, target_id: 'u-3', target_name: 'Bob@acme.com' }),
      row({ at: t0 + 5, target_id: 'u-4', target_name: null })
    ]
    writeAtOldStep(old, rows)
    // As the writer indexed them then: lower() of the name, which lowers ASCII letters only.
    old.exec(`INSERT INTO request_log_targets (rowid, name, id) SELECT id, hex(lower(target_name)), hex(target_id) FROM request_log`)
    old.close()
    const upgraded = createServices({ dbPath: path })
    try {
      const names = (target: string) => {
        const page = upgraded.log.list({ target })
        return page.ok ? page.value.items.map((entry) => entry.targetName) : page.error.message
      }
      expect(names('émile@')).toEqual(['E\u0301mile@acme.com', 'émile@acme.com', 'ÉMILE@acme.com'])
      expect(names('ÉMILE@ACME.COM')).toEqual(['E\u0301mile@acme.com', 'émile@acme.com', 'ÉMILE@acme.com'])
      expect(names('νίκος')).toEqual(['ΝΊΚΟΣ'])
      expect(names('bob@')).toEqual(['Bob@acme.com'])
      expect(names('u-4')).toEqual([null])
      expect(names('u-1')).toHaveLength(3)
      // Each row is in the index once.
      expect(upgraded.db.prepare("SELECT count(*) AS n FROM request_log_targets WHERE request_log_targets MATCH 'id : " + Buffer.from('u-1').toString('hex') + "'").get()).toEqual({ n: 3 })
    } finally {
      upgraded.close()
    }
  })
})

describe('log query: timeline and activity', () => {
  it("lists the other requests about the same user, oldest first, this one included, and no one else's", () => {
    write([
      row({ at: t0, operation: 'lookup-user', target_id: null, target_name: 'jane.doe@acme.com' }),
      row({ at: t0 + 1, operation: 'create-user', status: 201 }),
      row({ at: t0 + 2, target_id: 'u-2', target_name: 'bob@acme.com' }),
      row({ at: t0 + 3, operation: 'update-user', status: 404 }),
      row({ at: t0 + 4, tenant_id: 'globex', tenant_slug: 'globex' }),
      row({ at: t0 + 5, operation: 'deactivate-user' })
    ])
    const all = list({}).reverse()
    const failure = all[3] as LogEntrySummary
    const timeline = services.log.timeline(failure)
    expect(timeline.map((entry) => entry.operation)).toEqual(['lookup-user', 'create-user', 'update-user', 'deactivate-user'])
    expect(timeline.map((entry) => entry.id)).toContain(failure.id)
  })

  it("finds the timeline of a request refused before its target was known, from its path", () => {
    write([row({ at: t0, operation: 'update-user' }), row({ at: t0 + 1, status: 401, target_id: null, target_name: null, operation: 'update-user' })])
    const refused = list({ status: 401 })[0] as LogEntrySummary
    expect(services.log.timeline(refused)).toHaveLength(2)
  })

  it('counts requests per minute by outcome for the last hour by default', () => {
    const now = t0 + 60 * minute
    write([
      row({ at: now - 30 * minute + 1000, status: 200 }),
      row({ at: now - 30 * minute + 2000, status: 404 }),
      row({ at: now - 30 * minute + 3000, status: 429 }),
      row({ at: now - 30 * minute + 4000, status: 503 }),
      row({ at: now - 2 * 60 * minute, status: 200 }),
      row({ at: now - 10 * minute, status: 200, tenant_id: 'globex' })
    ])
    const buckets = services.log.activity({ tenantId: 'acme', outcome: 'failed' }, { now })
    if (!buckets.ok) throw new Error(buckets.error.message)
    expect(buckets.value.length).toBeGreaterThanOrEqual(60)
    expect(buckets.value.length).toBeLessThanOrEqual(61)
    const busy = buckets.value.filter((bucket) => bucket.ok + bucket.clientErrors + bucket.throttled + bucket.serverErrors > 0)
    expect(busy).toEqual([{ start: new Date(now - 30 * minute).toISOString(), ok: 1, clientErrors: 1, throttled: 1, serverErrors: 1, simulated: 0, simulatedFailures: 0, consoleChanges: 0 }])
  })

  it('chooses larger buckets for a longer range', () => {
    const day = services.log.activity({ since: new Date(t0 - 24 * 60 * minute).toISOString(), until: new Date(t0).toISOString() }, { now: t0 })
    expect(day.ok && day.value.length).toBe(97)
    expect(day.ok && Date.parse(day.value[1]!.start) - Date.parse(day.value[0]!.start)).toBe(15 * minute)
  })
})
