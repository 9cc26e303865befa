import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkRestoreCandidate, defaultBackupName, restoreDatabase, safetyCopyPath, writeBackup } from '../../src/main/core/backup'
import { createServices, type Services } from '../../src/main/core/services'
import { createHandlers, type Handlers } from '../../src/main/ipc/handlers'
import type { FileFilter, NativeBridge } from '../../src/main/ipc/native'
import { listenOptions } from '../../src/main/ipc/server-handlers'
import { createServerController, findFreePort, type ServerController } from '../../src/main/scim/controller'
import { inertNative } from '../support/handler-deps'
import { databaseCheckThreadSource } from '../support/scim-harness'

function tenantNames(services: Services): string[] {
  return services.tenants.list().map((tenant) => tenant.name).sort()
}

describe('backup and restore', () => {
  let dir: string
  let dbPath: string
  let services: Services
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-backup-'))
    dbPath = join(dir, 'data', 'console.db')
    // As the app runs them: files are checked on a thread of their own.
    services = createServices({ dbPath, databaseCheckScript: databaseCheckThreadSource })
    services.tenants.create({ name: 'Acme Corp' })
    services.tenants.create({ name: 'Globex' })
  })
  afterEach(() => {
    services.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('names a backup after the local date', () => {
    expect(defaultBackupName(new Date(2025, 2, 4, 23, 59).getTime())).toBe('scim-console-backup-2025-03-04.db')
    expect(safetyCopyPath('/data/console.db', new Date(2025, 2, 4, 9, 5, 7).getTime())).toBe('/data/console.db.before-restore-2025-03-04-090507')
  })

  it('writes a complete, checked copy of the live database and counts its tenants', async () => {
    const path = join(dir, 'backup.db')
    const result = await writeBackup(services, path)
    expect(result).toEqual({ ok: true, value: { path, count: 2 } })
    expect((await checkRestoreCandidate(path)).ok).toBe(true)
    // No temporary file is left beside it.
    expect(readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([])
    // One self-contained file: no -wal or -shm to forget when copying it.
    expect(readdirSync(dir).filter((name) => name.startsWith('backup.db'))).toEqual(['backup.db'])
  })

  it('checks a file on a thread of its own, so the SCIM server answers while quick_check reads every page', async () => {
    const path = join(dir, 'backup.db')
    expect((await writeBackup(services, path)).ok).toBe(true)
    let turned = false
    const checked = services.inspectFile(path).then((facts) => ({ facts, turnedMeanwhile: turned }))
    // A callback queued after the check began runs before its answer: the event loop was not held by it.
    setImmediate(() => (turned = true))
    expect(await checked).toEqual({ facts: { integrityProblems: [], steps: expect.any(Array), tenantCount: 2 }, turnedMeanwhile: true })
  })

  it("reports SQLite's error from the check thread with its code, so a restore says what is wrong with the file", async () => {
    const junk = join(dir, 'notes.db')
    writeFileSync(junk, 'these are not the droids you are looking for'.repeat(100))
    await expect(services.inspectFile(junk)).rejects.toMatchObject({ code: 'SQLITE_NOTADB' })
    const result = await checkRestoreCandidate(junk, services.inspectFile)
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: 'notes.db is not a SQLite database, so it is not a SCIM Console backup.' } })
  })

  it('refuses a copy that fails its integrity check, and leaves nothing under the chosen name', async () => {
    const path = join(dir, 'backup.db')
    const damagedCopy = async () => ({ integrityProblems: ['*** in database main ***'], steps: null, tenantCount: null })
    const result = await writeBackup({ ...services, inspectFile: damagedCopy }, path)
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    if (!result.ok) expect(result.error.message).toMatch(/^The backup was not written: SQLite's integrity check of the copy found problems \(\*\*\* in database main \*\*\*\)/)
    expect(readdirSync(dir).filter((name) => name.includes('backup.db'))).toEqual([])
  })

  it('backs up while another connection keeps writing (the server running)', async () => {
    const writer = new Database(dbPath)
    writer.pragma('busy_timeout = 5000')
    const insert = writer.prepare("INSERT INTO settings (key, value) VALUES (?, '1')")
    let n = 0
    const timer = setInterval(() => insert.run(`busy-${(n += 1)}`), 1)
    try {
      const result = await writeBackup(services, join(dir, 'during.db'))
      expect(result.ok).toBe(true)
    } finally {
      clearInterval(timer)
      writer.close()
    }
    expect((await checkRestoreCandidate(join(dir, 'during.db'))).ok).toBe(true)
  })

  it("says which folder does not exist, instead of SQLite's error", async () => {
    const folder = join(dir, 'gone')
    const result = await writeBackup(services, join(folder, 'backup.db'))
    expect(result).toEqual({
      ok: false,
      error: { code: 'unavailable', message: `The folder ${folder} does not exist. Choose another folder.`, details: expect.objectContaining({ path: join(folder, 'backup.db') }) }
    })
    expect(existsSync(folder)).toBe(false)
  })

  it('says when the chosen name is a folder, and leaves the folder and no partial file behind', async () => {
    const folder = join(dir, 'backups')
    mkdirSync(folder)
    const result = await writeBackup(services, folder)
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable', message: `${folder} is a folder. Choose a file name instead.` } })
    expect(readdirSync(folder)).toEqual([])
    expect(readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([])
  })

  it('refuses to back up onto the live database', async () => {
    const result = await writeBackup(services, dbPath)
    expect(result.ok).toBe(false)
  })

  it("refuses to back up over the live database's WAL or shared memory, which would lose its latest writes", async () => {
    for (const suffix of ['-wal', '-shm']) {
      const result = await writeBackup(services, `${dbPath}${suffix}`)
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: `Choose another file: console.db${suffix} is part of the live database.` } })
    }
    services.tenants.create({ name: 'Initech' })
    services.close()
    services = createServices({ dbPath })
    expect(tenantNames(services)).toEqual(['Acme Corp', 'Globex', 'Initech'])
  })

  it('refuses an empty file and a folder as a backup, and says which it is', async () => {
    const empty = join(dir, 'empty.db')
    writeFileSync(empty, '')
    const folder = join(dir, 'backups.db')
    mkdirSync(folder)
    expect(await restoreDatabase({ db: services.db, dbPath, sourcePath: empty, now: Date.now() })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: 'empty.db is empty, so it is not a SCIM Console backup. Nothing was restored.' }
    })
    expect(await restoreDatabase({ db: services.db, dbPath, sourcePath: folder, now: Date.now() })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: 'backups.db is a folder. Choose a backup file.' }
    })
    expect(tenantNames(services)).toEqual(['Acme Corp', 'Globex'])
    expect(readdirSync(join(dir, 'data')).some((name) => name.includes('before-restore'))).toBe(false)
  })

  it('restores a backup, keeping a safety copy of the data it replaced', async () => {
    const backup = join(dir, 'backup.db')
    await writeBackup(services, backup)
    services.tenants.create({ name: 'Initech' })
    const restored = await restoreDatabase({ db: services.db, dbPath, sourcePath: backup, now: Date.now() })
    expect(restored.ok).toBe(true)
    if (!restored.ok) return
    expect(restored.value.restoredFrom).toBe(backup)
    expect(restored.value.safetyCopy).toMatch(/console\.db\.before-restore-\d{4}-\d{2}-\d{2}-\d{6}$/)
    // The live connection sees the restored data at once, and a fresh open does too.
    expect(tenantNames(services)).toEqual(['Acme Corp', 'Globex'])
    services.close()
    services = createServices({ dbPath })
    expect(tenantNames(services)).toEqual(['Acme Corp', 'Globex'])
    const safety = createServices({ dbPath: restored.value.safetyCopy })
    expect(tenantNames(safety)).toEqual(['Acme Corp', 'Globex', 'Initech'])
    safety.close()
  })

  it('refuses a file that is not a SQLite database, and changes nothing', async () => {
    const junk = join(dir, 'notes.db')
    writeFileSync(junk, 'These are my meeting notes, not a database. '.repeat(200))
    const result = await restoreDatabase({ db: services.db, dbPath, sourcePath: junk, now: Date.now() })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
    if (!result.ok) expect(result.error.message).toMatch(/not a SQLite database/)
    expect(tenantNames(services)).toEqual(['Acme Corp', 'Globex'])
    expect(readdirSync(join(dir, 'data')).some((name) => name.includes('before-restore'))).toBe(false)
  })

  it('refuses a SQLite database of another program', async () => {
    const other = join(dir, 'other.sqlite')
    const db = new Database(other)
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)')
    db.close()
    const result = await checkRestoreCandidate(other)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/not a SCIM Console backup/)
  })

  it('refuses a backup made by a newer version', async () => {
    const newer = join(dir, 'newer.db')
    await writeBackup(services, newer)
    const db = new Database(newer)
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(999, 'from the future', Date.now())
    db.close()
    const result = await checkRestoreCandidate(newer)
    expect(result).toMatchObject({ ok: false, error: { code: 'failed_precondition' } })
    if (!result.ok) expect(result.error.message).toMatch(/newer version/)
  })

  it('refuses a damaged backup', async () => {
    const damaged = join(dir, 'damaged.db')
    const db = new Database(damaged)
    db.pragma('page_size = 4096')
    db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT); CREATE INDEX filler_text ON filler(text)')
    const insert = db.prepare('INSERT INTO filler (text) VALUES (?)')
    db.transaction(() => {
      for (let i = 0; i < 3000; i += 1) insert.run(`row ${i} ${'x'.repeat(50)}`)
    })()
    db.close()
    corruptPages(damaged, [3, 4, 5, 6])
    const result = await checkRestoreCandidate(damaged)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/damaged|not a SQLite database/)
  })
})

/** Overwrites whole 4 KiB pages with garbage, as a failing disk or a bad copy would. */
function corruptPages(path: string, pages: readonly number[]): void {
  const fd = openSync(path, 'r+')
  try {
    for (const page of pages) writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, (page - 1) * 4096)
  } finally {
    closeSync(fd)
  }
}

describe('app:backup and app:restore', () => {
  let dir: string
  let services: Services
  let server: ServerController
  let handlers: Handlers
  let savePath: string | null
  let openPath: string | null
  let relaunches: number
  let offered: readonly FileFilter[] = []
  const native: NativeBridge = {
    ...inertNative,
    chooseSavePath: async () => savePath,
    chooseOpenPath: async ({ filters }) => {
      offered = filters
      return openPath
    },
    relaunch: () => void (relaunches += 1)
  }
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-app-'))
    services = createServices({ dbPath: join(dir, 'console.db') })
    // A free port of its own, stored as a real one: the settings refuse 0.
    const port = await findFreePort('127.0.0.1', 20000 + Math.floor(Math.random() * 20000))
    if (port === null) throw new Error('no free port')
    expect(services.settings.update({ server: { port } }).ok).toBe(true)
    services.tenants.create({ name: 'Acme Corp' })
    server = createServerController(services, listenOptions(services.settings.get()))
    handlers = createHandlers({ services, server, native, appInfo: () => ({ version: '0', databasePath: services.dbPath, versions: {} }) })
    savePath = null
    openPath = null
    relaunches = 0
  })
  afterEach(async () => {
    await server.stop()
    services.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const call = async (channel: keyof Handlers, input: unknown = {}) => (await (handlers[channel] as (input: unknown) => unknown)(input)) as { ok: boolean; value?: unknown; error?: { code: string; message: string } }

  it('answers null when the dialogs are cancelled', async () => {
    expect(await call('app:backup')).toEqual({ ok: true, value: null })
    expect(await call('app:restore')).toEqual({ ok: true, value: null })
    expect(relaunches).toBe(0)
  })

  it('backs up while the server runs, then restores and relaunches', async () => {
    await server.start()
    savePath = join(dir, 'scim-console-backup.db')
    expect(await call('app:backup')).toEqual({ ok: true, value: { path: savePath, count: 1 } })
    services.tenants.create({ name: 'Globex' })
    openPath = savePath
    expect(await call('app:restore')).toEqual({ ok: true, value: { restoredFrom: savePath } })
    expect(relaunches).toBe(1)
    expect(services.tenants.list().map((tenant) => tenant.name)).toEqual(['Acme Corp'])
    expect(readdirSync(dir).filter((name) => name.startsWith('console.db.before-restore-'))).toHaveLength(1)
  })

  it('a restore can be undone: the open dialog offers the safety copy it kept, which restores like a backup', async () => {
    savePath = join(dir, 'scim-console-backup.db')
    await call('app:backup')
    services.tenants.create({ name: 'Globex' })
    openPath = savePath
    expect((await call('app:restore')).ok).toBe(true)
    const safetyCopy = readdirSync(dir).find((name) => name.startsWith('console.db.before-restore-')) ?? ''
    // What the OS dialog shows: files whose name ends with one of a filter's extensions ('*' for any).
    const shown = offered.some((filter) => filter.extensions.some((extension) => extension === '*' || safetyCopy.endsWith(`.${extension}`)))
    expect(shown).toBe(true)
    openPath = join(dir, safetyCopy)
    expect(await call('app:restore')).toEqual({ ok: true, value: { restoredFrom: openPath } })
    expect(services.tenants.list().map((tenant) => tenant.name)).toEqual(['Acme Corp', 'Globex'])
  })

  it('a file that is not a backup is refused without stopping the server for Okta, and without a relaunch', async () => {
    await server.start()
    openPath = join(dir, 'junk.db')
    writeFileSync(openPath, 'junk'.repeat(1000))
    const states: string[] = []
    const unsubscribe = services.events.on('server:status', (status) => states.push(status.state))
    const answer = await call('app:restore')
    unsubscribe()
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: 'junk.db is not a SQLite database, so it is not a SCIM Console backup.' } })
    expect(relaunches).toBe(0)
    expect(states).toEqual([])
    expect(server.status().state).toBe('running')
    expect(existsSync(join(dir, 'console.db'))).toBe(true)
  })

  it('opens only https links, and shows the data folder', async () => {
    expect((await call('app:open-external', { url: 'http://example.com' })).error?.code).toBe('invalid_argument')
    expect((await call('app:open-external', { url: 'https://help.okta.com/' })).ok).toBe(true)
    expect(await call('app:open-data-folder')).toEqual({ ok: true, value: { path: dir } })
  })
})
