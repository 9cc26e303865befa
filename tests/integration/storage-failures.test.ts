import { logRow } from '../support/log-rows'
import Database from 'better-sqlite3'
import { mkdtempSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { createEventBus } from '../../src/main/core/events'
import { createProvisioningLog } from '../../src/main/core/provisioning-log'
import { openDatabase, type Db } from '../../src/main/db/connection'
import { createLogRepo, type NewLogRow } from '../../src/main/db/log-repo'
import type { LogWriteStatus } from '../../src/shared/models'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'

/** A database in a folder of its own, removed when the test ends (after the test has closed the database). */
function scratchDatabase(): Db {
  const folder = mkdtempSync(join(tmpdir(), 'scim-console-test-'))
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }))
  return openDatabase(join(folder, 'console.db'))
}

// SQLite's own limit on the file's size (PRAGMA max_page_count) fails a write exactly as a full disk does: SQLITE_FULL.
describe('SCIM server: a full disk', () => {
  let harness: ScimHarness
  beforeEach(async () => {
    harness = await startScimHarness()
  })
  afterEach(async () => {
    await harness.close()
  })

  it('answers writes with 507 and what to do, keeps answering reads, and loses no log entry', async () => {
    const acme = harness.tenant('Acme Corp')
    const create = (n: number) =>
      harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: { schemas: [userUrn], userName: `user${n}@acme.com`, active: true } })
    const first = await create(0)
    expect(first.status).toBe(201)
    harness.logEntries(acme.id)

    const db = harness.services.db
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
    const statuses: number[] = []
    let full: Awaited<ReturnType<typeof create>> | null = null
    for (let n = 1; n <= 500 && full === null; n += 1) {
      const response = await create(n)
      statuses.push(response.status)
      if (response.status !== 201) full = response
    }
    expect(full?.status).toBe(507)
    expect(full?.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '507',
      detail: 'The disk that holds the SCIM Console database is full, so the change was not saved. Free some disk space, then try again.'
    })
    expect(statuses.slice(0, -1).every((status) => status === 201)).toBe(true)
    // Reads need no space.
    expect((await harness.request('GET', `${acme.baseUrl}/Users/${String(first.body.id)}`, { token: acme.token })).status).toBe(200)

    // Space comes back: every request, the refused one included, is in the log, and the directory holds every 201.
    db.pragma('max_page_count = 1073741823')
    const logged = harness.logEntries(acme.id)
    expect(logged.map((entry) => entry.status)).toEqual([201, ...statuses, 200])
    const created = statuses.filter((status) => status === 201).length + 1
    const listed = await harness.request('GET', `${acme.baseUrl}/Users?count=0`, { token: acme.token })
    expect(listed.body.totalResults).toBe(created)
    expect(harness.internalErrors).toEqual([])
  })
})

describe('SCIM server: a database another process holds', () => {
  it('answers a write it could not make with 503, Retry-After and who to look for, and makes it once the file is free', async () => {
    const harness = await startScimHarness()
    const other = new Database(harness.services.dbPath)
    try {
      const acme = harness.tenant('Acme Corp')
      // The app waits 5 seconds for a lock; the test waits a tenth of that, for the same answer.
      harness.services.db.pragma('busy_timeout = 100')
      other.exec('BEGIN IMMEDIATE')
      const body = { schemas: [userUrn], userName: 'ann@acme.com' }
      const refused = await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body })
      expect([refused.status, refused.headers.get('retry-after'), refused.body.status]).toEqual([503, '5', '503'])
      expect(String(refused.body.detail)).toMatch(/^The SCIM Console database was busy: another SCIM Console process .* held it/)
      other.exec('ROLLBACK')
      expect((await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body })).status).toBe(201)
      expect(harness.internalErrors).toEqual([])
    } finally {
      other.close()
      await harness.close()
    }
  })
})

// A file unlinked or renamed while open lives on for the connections that hold it, and SQLite went on writing it in WAL
// mode: every change acknowledged from then on was lost at the next start, which found a new, empty file.
describe('SCIM server: its database file deleted or moved while it runs', () => {
  let harness: ScimHarness
  beforeEach(async () => {
    harness = await startScimHarness()
  })
  afterEach(async () => {
    await harness.close()
  })

  const removedDetail =
    "SCIM Console's database file was deleted or moved while SCIM Console was running, so the change was not saved: it would have been lost when SCIM Console stops. Put the file back, or restart SCIM Console and restore a backup, then try again."

  it('refuses changes with 503 and says why once the file is deleted, answers reads, and keeps the log entries', async () => {
    const acme = harness.tenant('Acme Corp')
    const create = (userName: string) => harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: { schemas: [userUrn], userName } })
    const ann = await create('ann@acme.com')
    expect(ann.status).toBe(201)
    // As `rm console.db*` would.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${harness.services.dbPath}${suffix}`)
    // The timer looks every second; a test looks now.
    expect(await harness.services.databaseFile.check()).toBe(true)

    const refused = await create('bob@acme.com')
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '5'])
    expect(refused.body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503', detail: removedDetail })
    const patched = await harness.request('PATCH', `${acme.baseUrl}/Users/${String(ann.body.id)}`, {
      token: acme.token,
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] }
    })
    expect(patched.status).toBe(503)
    // The open file still answers reads, unchanged.
    const read = await harness.request('GET', `${acme.baseUrl}/Users/${String(ann.body.id)}`, { token: acme.token })
    expect([read.status, read.body.active]).toEqual([200, true])
    expect(harness.services.directory.findUserByName(acme.id, 'bob@acme.com')).toBeUndefined()

    // The log is not written into the lost file either: its entries are kept, and the console's banner says why.
    harness.services.log.flush()
    expect(harness.services.log.pending()).toBeGreaterThanOrEqual(3)
    expect(harness.services.log.writeStatus()).toMatchObject({ state: 'failing', reason: expect.stringMatching(/^The database file was deleted or moved while SCIM Console was running/) })
    expect(harness.internalErrors).toEqual([])
  })

  it('notices by itself, within seconds, with no request to prompt it', async () => {
    const acme = harness.tenant('Acme Corp')
    expect((await harness.request('GET', `${acme.baseUrl}/Users?count=0`, { token: acme.token })).status).toBe(200)
    // Once the log writer thread has written, it has opened the file (a thread opened after would make a new one).
    expect(harness.logEntries(acme.id)).toHaveLength(1)
    rmSync(harness.services.dbPath)
    await vi.waitFor(() => expect(harness.services.databaseFile.removed()).toBe(true), { timeout: 5_000 })
  })

  it('takes changes again, and writes the kept log entries, once a moved file is put back', async () => {
    const acme = harness.tenant('Acme Corp')
    const create = (userName: string) => harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: { schemas: [userUrn], userName } })
    const heard: boolean[] = []
    harness.services.databaseFile.onChange((removed) => heard.push(removed))
    const { dbPath } = harness.services
    renameSync(dbPath, `${dbPath}.moved`)
    expect(await harness.services.databaseFile.check()).toBe(true)
    expect((await create('ann@acme.com')).status).toBe(503)
    renameSync(`${dbPath}.moved`, dbPath)
    expect(await harness.services.databaseFile.check()).toBe(false)
    expect(heard).toEqual([true, false])
    expect((await create('ann@acme.com')).status).toBe(201)
    // The refused request's entry was kept, and is written with the next.
    expect(harness.logEntries(acme.id).map((entry) => entry.status)).toEqual([503, 201])
    expect(harness.services.log.writeStatus()).toEqual({ state: 'ok' })
  })

  it('keeps looking at the file when one who hears of it fails', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const heard: boolean[] = []
    harness.services.databaseFile.onChange(() => {
      throw new Error('a listener failed')
    })
    harness.services.databaseFile.onChange((removed) => heard.push(removed))
    const { dbPath } = harness.services
    renameSync(dbPath, `${dbPath}.moved`)
    expect(await harness.services.databaseFile.check()).toBe(true)
    renameSync(`${dbPath}.moved`, dbPath)
    expect(await harness.services.databaseFile.check()).toBe(false)
    expect(heard).toEqual([true, false])
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('a listener failed'))
    errors.mockRestore()
  })
})

describe('provisioning log writer: a full disk', () => {
  it('keeps the entries, says so once rather than at every retry, and says when they are written', () => {
    const db = scratchDatabase()
    const errors: [string, number][] = []
    const recovered: number[] = []
    const events = createEventBus()
    const pushed: LogWriteStatus[] = []
    events.on('logs:write-status', (status) => pushed.push(status))
    const log = createProvisioningLog({
      log: createLogRepo(db),
      events,
      now: () => Date.parse('2026-11-28T10:00:00Z'),
      onWriteError: (error, kept) => errors.push([error instanceof Error ? error.message : String(error), kept]),
      onWriteRecovered: (written) => recovered.push(written)
    })
    try {
      const entry = (n: number): NewLogRow => ({
        at: Date.now(), tenant_id: null, tenant_slug: 'acme', token_id: null, method: 'GET', path: `/scim/v2/acme/Users/${n}`, status: 404,
        duration_ms: 1, client: null, operation: 'get-user', target_type: 'user', target_id: String(n), target_name: null, auth_scheme: 'bearer',
        request_headers: '{}', request_body: null, response_body: 'x'.repeat(3000), error_type: null, error_detail: null, error_facts: null, injected: 0
      })
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
      for (let n = 0; n < 30; n += 1) {
        log.append(entry(n))
        log.flush()
      }
      // The file's free pages may take the first entries; then every flush fails, and one report says so.
      const kept = log.pending()
      expect(kept).toBeGreaterThan(20)
      expect(errors).toEqual([['database or disk is full', 1]])
      // The console's banner hears it once, with what to do.
      const failing = { state: 'failing', since: '2026-11-28T10:00:00.000Z', reason: 'The disk that holds the database is full. Free some disk space.' }
      expect(log.writeStatus()).toEqual(failing)
      expect(pushed).toEqual([failing])
      db.pragma('max_page_count = 1073741823')
      log.flush()
      expect(recovered).toEqual([kept])
      expect(log.writeStatus()).toEqual({ state: 'ok' })
      expect(pushed).toEqual([failing, { state: 'ok' }])
      expect(log.pending()).toBe(0)
      const listed = log.list({ limit: 100 })
      expect(listed.ok && listed.value.items.map((item) => item.targetId)).toEqual(Array.from({ length: 30 }, (_, n) => String(29 - n)))
    } finally {
      log.close()
      db.close()
    }
  })

  it('says how many entries it could not write when it closes on a full disk, and answers that count', () => {
    const db = scratchDatabase()
    const lostAtClose: [number, string][] = []
    const log = createProvisioningLog({
      log: createLogRepo(db),
      events: createEventBus(),
      onWriteError: () => undefined,
      onLostAtClose: (lost, reason) => lostAtClose.push([lost, reason])
    })
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
    for (let n = 0; n < 30; n += 1) {
      log.append(logRow({ path: `/scim/v2/acme/Users/${n}`, response_body: 'x'.repeat(3000) }))
      log.flush()
    }
    const kept = log.pending()
    expect(kept).toBeGreaterThan(20)
    expect(log.close()).toBe(kept)
    expect(lostAtClose).toEqual([[kept, 'The disk that holds the database is full. Free some disk space.']])
    expect(log.pending()).toBe(0)
    db.close()
  })

  it('says a single entry kept, written again or lost in the singular, on the console by default', () => {
    const db = scratchDatabase()
    const console = vi.spyOn(globalThis.console, 'error').mockImplementation(() => undefined)
    const log = createProvisioningLog({ log: createLogRepo(db), events: createEventBus() })
    const fill = () => {
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
      // The file's free pages may take the first entries; the first one refused is kept alone.
      for (let n = 0; n < 50 && log.pending() === 0; n += 1) {
        log.append(logRow({ path: `/scim/v2/acme/Users/${n}`, response_body: 'x'.repeat(3000) }))
        log.flush()
      }
      expect(log.pending()).toBe(1)
    }
    try {
      fill()
      db.pragma('max_page_count = 1073741823')
      log.flush()
      fill()
      expect(log.close()).toBe(1)
      expect(console.mock.calls.map(([line]) => String(line))).toEqual([
        'Could not write the provisioning log (database or disk is full). Its 1 new entry is kept and written once the database can be written again.',
        'The provisioning log is written again: 1 kept entry is in it.',
        'Could not write the provisioning log (database or disk is full). Its 1 new entry is kept and written once the database can be written again.',
        'The provisioning log could not write its last entry before closing, so it is lost. The disk that holds the database is full. Free some disk space.'
      ])
    } finally {
      console.mockRestore()
      db.close()
    }
  })
})
