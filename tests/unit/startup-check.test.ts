import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServices, type Services } from '../../src/main/core/services'
import { diagnoseOpenError, moveDatabaseAside, needsQuickCheck, openWithChecks, quickCheckIntervalMs } from '../../src/main/core/startup-check'
import { asUnprivileged } from '../support/unprivileged'

describe('start-up checks of the database', () => {
  let dir: string
  let dbPath: string
  const open = () => createServices({ dbPath })
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-start-'))
    dbPath = join(dir, 'console.db')
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  function makeDatabase(tenants: number): void {
    const services = createServices({ dbPath })
    for (let i = 0; i < tenants; i += 1) services.tenants.create({ name: `Tenant ${i}` })
    // Enough rows that the log's table and indexes span many pages.
    const insert = services.db.prepare("INSERT INTO settings (key, value) VALUES (?, '\"' || hex(randomblob(200)) || '\"')")
    services.db.transaction(() => {
      for (let i = 0; i < 2000; i += 1) insert.run(`filler-${i}`)
    })()
    services.db.pragma('wal_checkpoint(TRUNCATE)')
    services.close()
  }

  it('opens a sound database, new or existing', () => {
    const first = openWithChecks(open, dbPath)
    expect(first.ok).toBe(true)
    if (first.ok) {
      first.services.tenants.create({ name: 'Acme Corp' })
      first.services.close()
    }
    const again = openWithChecks(open, dbPath)
    expect(again.ok).toBe(true)
    if (again.ok) again.services.close()
  })

  it('checks the whole file at the first start, after an unclean shutdown, and otherwise once a week', () => {
    const day = 86_400_000
    const t0 = Date.UTC(2026, 10, 28)
    const openAt = (now: number) => {
      const outcome = openWithChecks(open, dbPath, now)
      if (!outcome.ok) throw new Error(outcome.problem.detail)
      return outcome
    }
    const first = openAt(t0)
    expect(first.checked).toBe(true)
    first.services.close()
    // Closed cleanly two days ago: the WAL is folded in and gone, and the last check is recent.
    expect(existsSync(`${dbPath}-wal`)).toBe(false)
    const clean = openAt(t0 + 2 * day)
    expect(clean.checked).toBe(false)
    clean.services.tenants.create({ name: 'Acme Corp' })
    // Still open, as after a crash or while another process holds the file: its WAL holds frames.
    const unclean = openAt(t0 + 3 * day)
    expect(unclean.checked).toBe(true)
    unclean.services.close()
    clean.services.close()
    const weekLater = openAt(t0 + 3 * day + quickCheckIntervalMs)
    expect(weekLater.checked).toBe(true)
    weekLater.services.close()
    expect(needsQuickCheck(0, t0, t0 + quickCheckIntervalMs - 1)).toBe(false)
  })

  it("refuses another program's SQLite file, and leaves it as it was: no tables added, its journal mode kept", () => {
    const foreign = new Database(dbPath)
    foreign.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me')")
    foreign.close()
    const before = readFileSync(dbPath)
    const outcome = openWithChecks(open, dbPath)
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.problem).toMatchObject({ kind: 'unreadable', canStartFresh: false, title: 'This file is not SCIM Console data' })
    expect(outcome.problem.message).toContain('it holds other tables (notes)')
    expect(outcome.problem.preserved).toBe(`Nothing was changed in ${dbPath}.`)
    expect(readFileSync(dbPath).equals(before)).toBe(true)
    const reopened = new Database(dbPath, { readonly: true })
    expect(reopened.pragma('journal_mode', { simple: true })).toBe('delete')
    expect(reopened.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all()).toEqual(['notes'])
    reopened.close()
  })

  it('reports a file that is not a database, and leaves it untouched', () => {
    const text = 'not a database '.repeat(500)
    writeFileSync(dbPath, text)
    const outcome = openWithChecks(open, dbPath)
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.problem).toMatchObject({ kind: 'corrupt', canStartFresh: true, databasePath: dbPath, dataFolder: dir })
    expect(outcome.problem.title).toMatch(/damaged/)
    expect(outcome.problem.detail).toMatch(/SQLITE_NOTADB/)
    expect(outcome.problem.preserved).toMatch(/Nothing was deleted/)
    expect(readFileSync(dbPath, 'utf8')).toBe(text)
  })

  it('reports a database with damaged pages (SQLITE_CORRUPT or a failed quick_check)', () => {
    makeDatabase(3)
    const size = readFileSync(dbPath).length
    const fd = openSync(dbPath, 'r+')
    // Damage pages in the middle of the file: the schema (page 1) still reads, the data does not.
    const pages = Math.floor(size / 4096)
    for (const page of [Math.floor(pages / 2), Math.floor(pages / 2) + 1, pages - 2]) writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, page * 4096)
    closeSync(fd)
    const outcome = openWithChecks(open, dbPath)
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.problem.kind).toBe('corrupt')
    expect(outcome.problem.detail).toMatch(/quick_check|SQLITE_CORRUPT/)
  })

  it('reports a database written by a newer version, without changing it', () => {
    makeDatabase(1)
    const db = new Database(dbPath)
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(999, 'from the future', 1)
    db.close()
    const before = readFileSync(dbPath)
    const outcome = openWithChecks(open, dbPath)
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.problem).toMatchObject({ kind: 'newer-schema', canStartFresh: true })
    expect(outcome.problem.title).toMatch(/newer SCIM Console/)
    expect(outcome.problem.preserved).toMatch(/Nothing was changed/)
    expect(readFileSync(dbPath).equals(before)).toBe(true)
  })

  // As the app opens its file (electron/app.ts): a file it may only read used to open, and its server to answer every
  // change with 503. As `nobody` when the tests run as root, whom permissions do not bind.
  it.skipIf(process.platform === 'win32')('explains a database the app cannot write, and offers to try again rather than to start fresh', () => {
    createServices({ dbPath }).close()
    chmodSync(dbPath, 0o444)
    chmodSync(dir, 0o777)
    const before = readFileSync(dbPath)
    const outcome = asUnprivileged(() => openWithChecks(() => createServices({ dbPath, writable: true }), dbPath))
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.problem).toMatchObject({ kind: 'unreadable', canStartFresh: false, title: 'SCIM Console cannot write its data' })
    expect(outcome.problem.message).toBe(
      `console.db or its folder cannot be written, so SCIM Console could save none of the changes that Okta or Entra send, nor yours. Check the permissions of ${dir}, of console.db and of the two files SQLite keeps beside it (console.db-wal and console.db-shm), then click Try Again.`
    )
    expect(outcome.problem.detail).toBe('SQLITE_READONLY: attempt to write a readonly database')
    expect(readFileSync(dbPath).equals(before)).toBe(true)
  })

  it('an unreadable location is reported without offering to start fresh', () => {
    const problem = diagnoseOpenError(Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' }), dbPath)
    expect(problem).toMatchObject({ kind: 'unreadable', canStartFresh: false })
    expect(problem.detail).toMatch(/SQLITE_CANTOPEN/)
  })

  it('moves a bad database aside with its WAL, never deleting, and starts fresh', () => {
    makeDatabase(2)
    // Leave committed data in the WAL, as a crash would.
    const db = new Database(dbPath)
    db.pragma('journal_mode = WAL')
    db.pragma('wal_autocheckpoint = 0')
    db.prepare("INSERT INTO tenants (id, name, slug, rate_limit_per_minute, created_at) VALUES ('t-wal', 'Only In WAL', 'only-in-wal', 0, 1)").run()
    const walCopy = readFileSync(`${dbPath}-wal`)
    const mainCopy = readFileSync(dbPath)
    // Closing checkpoints and deletes the WAL; put the pre-close files back to get a crashed app's folder.
    db.close()
    writeFileSync(dbPath, mainCopy)
    writeFileSync(`${dbPath}-wal`, walCopy)

    const moved = moveDatabaseAside(dbPath, 'corrupt', new Date(2025, 0, 2, 3, 4, 5).getTime())
    expect(moved.movedTo).toBe(`${dbPath}.corrupt-2025-01-02-030405`)
    expect(moved.files).toContain(`${moved.movedTo}-wal`)
    expect(existsSync(dbPath)).toBe(false)
    // The moved file still opens whole, WAL included.
    const aside = new Database(moved.movedTo, { readonly: true })
    expect((aside.prepare("SELECT name FROM tenants WHERE id = 't-wal'").get() as { name: string } | undefined)?.name).toBe('Only In WAL')
    aside.close()
    // A second move never overwrites the first.
    writeFileSync(dbPath, 'junk')
    const second = moveDatabaseAside(dbPath, 'corrupt', new Date(2025, 0, 2, 3, 4, 5).getTime())
    expect(second.movedTo).toBe(`${dbPath}.corrupt-2025-01-02-030405-2`)

    const fresh = openWithChecks(open, dbPath)
    expect(fresh.ok).toBe(true)
    if (fresh.ok) {
      expect((fresh.services as Services).tenants.list()).toEqual([])
      fresh.services.close()
    }
    expect(readdirSync(dir).filter((name) => name.includes('.corrupt-')).sort()).toEqual(
      ['console.db.corrupt-2025-01-02-030405', 'console.db.corrupt-2025-01-02-030405-2', 'console.db.corrupt-2025-01-02-030405-wal'].concat(
        readdirSync(dir).filter((name) => name.endsWith('-shm') && name.includes('.corrupt-'))
      ).sort()
    )
  })
})
