import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { dataInfo, pruneChunkRows, pruneIntervalMs, startRetention, type Retention } from '../../src/main/core/retention'
import { createServices, type Services } from '../../src/main/core/services'
import { createGroupCommit, type WriteGate } from '../../src/main/db/group-commit'
import { createLogRepo } from '../../src/main/db/log-repo'
import { logRow } from '../support/log-rows'

const now = Date.parse('2026-11-28T12:00:00.000Z')
const day = 86_400_000
// Runs that start on their own are waited for with room to spare: deleting thousands of rows, a chunk per turn of the
// event loop, takes over a second on a loaded machine.
const ownRun = { timeout: 15_000 }

let dir: string
let services: Services
let retention: Retention | null

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scim-console-retention-'))
  services = createServices({ dbPath: join(dir, 'console.db'), now: () => now })
  retention = null
})
afterEach(() => {
  retention?.stop()
  services.close()
  rmSync(dir, { recursive: true, force: true })
})

function rows(count: number, at: (index: number) => number): void {
  const batch = Array.from({ length: count }, (_, index) =>
    logRow({
      at: at(index),
      tenant_id: 'acme',
      path: `/scim/v2/acme/Users/u-${index}`,
      operation: 'get-user',
      target_type: 'user',
      target_id: `u-${index}`,
      target_name: `user${index}@acme.com`
    })
  )
  createLogRepo(services.db).insertMany(batch)
}

function remaining(): { count: number; oldest: number | null } {
  const info = services.log.storage()
  return { count: info.logRows, oldest: info.oldestAt }
}

function keep(retentionSettings: { days?: number; rows?: number }): void {
  const updated = services.settings.update({ retention: retentionSettings })
  if (!updated.ok) throw new Error(updated.error.message)
}

describe('retention', () => {
  it('keeps only the newest N rows when the row budget is the smaller limit', async () => {
    keep({ days: 3650, rows: 1000 })
    rows(1500, (index) => now - 60_000 + index)
    retention = startRetention(services)
    retention.stop()
    expect(await retention.runNow()).toEqual({ deleted: 500 })
    expect(remaining()).toEqual({ count: 1000, oldest: now - 60_000 + 500 })
  })

  it('keeps only the last N days when the day limit is the smaller one', async () => {
    keep({ days: 2, rows: 1_000_000 })
    rows(10, (index) => now - 5 * day + index)
    rows(20, (index) => now - day + index)
    retention = startRetention(services)
    retention.stop()
    expect(await retention.runNow()).toEqual({ deleted: 10 })
    expect(remaining()).toEqual({ count: 20, oldest: now - day })
  })

  it('applies both limits at once, whichever keeps less', async () => {
    keep({ days: 1, rows: 1000 })
    rows(300, (index) => now - 3 * day + index)
    rows(1200, (index) => now - 3_600_000 + index)
    retention = startRetention(services)
    retention.stop()
    expect(await retention.runNow()).toEqual({ deleted: 500 })
    expect(remaining().count).toBe(1000)
  })

  it('removes pruned rows from the search as well', async () => {
    keep({ days: 1 })
    rows(5, (index) => now - 3 * day + index)
    retention = startRetention(services)
    retention.stop()
    await retention.runNow()
    const page = services.log.list({ search: 'user3' })
    expect(page.ok && page.value.items).toEqual([])
  })

  it('lets other work run between chunks, so the SCIM server keeps answering', async () => {
    keep({ days: 3650, rows: 1000 })
    rows(1000 + 2 * pruneChunkRows, (index) => now - 60_000 + index)
    retention = startRetention(services)
    retention.stop()
    let finished = false
    let servedWhilePruning = false
    const run = retention.runNow().then((result) => {
      finished = true
      return result
    })
    // A request arriving while the run is in progress is handled at the next turn of the event loop, before the end.
    setImmediate(() => (servedWhilePruning = !finished && services.log.list({ limit: 1 }).ok))
    expect(await run).toEqual({ deleted: 2 * pruneChunkRows })
    expect(servedWhilePruning).toBe(true)
  })

  it('prunes through the write gate, so it waits for the log writer thread without stopping the SCIM server', async () => {
    keep({ days: 3650, rows: 1000 })
    rows(1500, (index) => now - 60_000 + index)
    // The log writer thread is committing a large batch: it holds the gate, and SQLite's write lock under it.
    const writerThread = new Database(join(dir, 'console.db'))
    writerThread.exec('BEGIN IMMEDIATE')
    let held = true
    let release: () => void = () => undefined
    const released = new Promise<void>((resolve) => (release = resolve))
    // Resolves once the prune's first chunk has found the gate held and waits for it.
    let asked: () => void = () => undefined
    const waitsForGate = new Promise<void>((resolve) => (asked = resolve))
    const gate: WriteGate = {
      tryEnter: () => !held && (held = true),
      leave: () => void (held = false),
      whenFree: () => {
        asked()
        return released
      }
    }
    retention = startRetention({ ...services, writes: createGroupCommit(services.db, gate) })
    retention.stop()
    let finished = false
    const run = retention.runNow().finally(() => (finished = true))
    await waitsForGate
    // Timers still fire (requests are still read and answered) while the prune waits for its turn.
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(finished).toBe(false)
    expect(remaining().count).toBe(1500)
    writerThread.exec('COMMIT')
    writerThread.close()
    held = false
    release()
    expect(await run).toEqual({ deleted: 500 })
    expect(remaining().count).toBe(1000)
    expect(held).toBe(false)
  })

  it('joins a run in progress instead of starting a second one', async () => {
    keep({ days: 3650, rows: 1000 })
    rows(1000 + pruneChunkRows + 10, (index) => now + index)
    retention = startRetention(services)
    retention.stop()
    const [first, second] = await Promise.all([retention.runNow(), retention.runNow()])
    expect(first).toEqual({ deleted: pruneChunkRows + 10 })
    expect(second).toBe(first)
  })

  it('prunes on its own right after it starts', async () => {
    keep({ days: 1 })
    rows(3, (index) => now - 3 * day + index)
    rows(2, (index) => now + index)
    retention = startRetention(services)
    await vi.waitFor(() => expect(remaining().count).toBe(2), ownRun)
  })

  it('prunes as soon as a limit is lowered, and says how many rows went', async () => {
    keep({ days: 3650, rows: 100_000 })
    rows(3000, (index) => now - 60_000 + index)
    retention = startRetention(services)
    expect(await retention.runNow()).toEqual({ deleted: 0 })
    const pruned: number[] = []
    services.events.on('logs:pruned', ({ deleted }) => pruned.push(deleted))
    keep({ rows: 1000 })
    await vi.waitFor(() => expect(remaining().count).toBe(1000), ownRun)
    // The run says so once it has found nothing more to delete, a write after the last rows went.
    await vi.waitFor(() => expect(pruned.reduce((sum, deleted) => sum + deleted, 0)).toBe(2000), ownRun)
  })

  it('applies a limit lowered during a run once that run ends', async () => {
    keep({ days: 3650, rows: 2000 })
    rows(1000 + 2 * pruneChunkRows, (index) => now - 60_000 + index)
    retention = startRetention(services)
    // The run keeps the limits it started with.
    const run = retention.runNow()
    keep({ rows: 1000 })
    expect(await run).toEqual({ deleted: 1000 + 2 * pruneChunkRows - 2000 })
    await vi.waitFor(() => expect(remaining().count).toBe(1000), ownRun)
  })

  it("gives the pruned rows' pages back to the disk, so that a shorter retention makes the file smaller", async () => {
    keep({ days: 3650, rows: 1000 })
    rows(6000, (index) => now - 60_000 + index)
    const before = services.log.storage().pageCount
    retention = startRetention(services)
    retention.stop()
    expect(await retention.runNow()).toEqual({ deleted: 5000 })
    const after = services.log.storage().pageCount
    expect(after).toBeLessThan(before / 2)
    expect(services.db.pragma('freelist_count', { simple: true })).toBe(0)
    // Once the WAL is folded back, the file itself is that small.
    services.db.pragma('wal_checkpoint(TRUNCATE)')
    expect(statSync(join(dir, 'console.db')).size).toBe(after * services.log.storage().pageSize)
    expect(remaining().count).toBe(1000)
  })

  it('prunes a file created before pages could be given back, which keeps its free pages for new rows', async () => {
    services.close()
    const path = join(dir, 'old.db')
    const old = new Database(path)
    // As a version from before auto_vacuum began a file: its first table, the record of schema steps, made without it.
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)')
    old.close()
    services = createServices({ dbPath: path, now: () => now })
    keep({ days: 3650, rows: 1000 })
    rows(3000, (index) => now - 60_000 + index)
    const before = services.log.storage().pageCount
    retention = startRetention(services)
    retention.stop()
    expect(await retention.runNow()).toEqual({ deleted: 2000 })
    // No page is given back: the file does not shrink. It may grow a little: each chunk of the prune is a commit that
    // writes its deletes into the full-text index, and the chunks are sized by time, so a slow machine makes more.
    expect(services.log.storage().pageCount).toBeGreaterThanOrEqual(before)
    expect(services.db.pragma('freelist_count', { simple: true })).toBeGreaterThan(0)
  })

  it('stops its timers when stopped, and prunes nothing more on its own', () => {
    keep({ days: 1 })
    // Fake timers show that no run is left to come, where a wait of any length would only show that none came yet.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
    try {
      retention = startRetention(services)
      // The run right after the start, and the one every ten minutes.
      expect(vi.getTimerCount()).toBe(2)
      retention.stop()
      expect(vi.getTimerCount()).toBe(0)
      rows(3, (index) => now - 3 * day + index)
      vi.advanceTimersByTime(2 * pruneIntervalMs)
      expect(remaining().count).toBe(3)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('data info for the Settings page', () => {
  it('reports the database size with its WAL, the log rows and the oldest entry', () => {
    rows(50, (index) => now - day + index)
    const info = dataInfo(services)
    expect(info.databasePath).toBe(join(dir, 'console.db'))
    expect(info.dataFolder).toBe(dir)
    expect(info.databaseBytes).toBeGreaterThan(50 * 100)
    // The write-ahead log holds the rows until a checkpoint: it is counted, and named apart.
    expect(info.walBytes).toBe(statSync(join(dir, 'console.db-wal')).size)
    expect(info.walBytes).toBeGreaterThan(0)
    const pages = services.db.pragma('page_count', { simple: true }) as number
    expect(info.databaseBytes - info.walBytes).toBe(pages * (services.db.pragma('page_size', { simple: true }) as number))
    expect(info.logRows).toBe(50)
    expect(info.oldestLogAt).toBe(new Date(now - day).toISOString())
  })

  it('names the data folder in full when the database was given as a relative path (SCIM_CONSOLE_DB=console.db)', () => {
    const started = process.cwd()
    const folder = join(dir, 'relative')
    mkdirSync(folder)
    process.chdir(folder)
    try {
      const relative = createServices({ dbPath: 'console.db' })
      try {
        expect(dataInfo(relative)).toMatchObject({ databasePath: join(folder, 'console.db'), dataFolder: folder })
      } finally {
        relative.close()
      }
    } finally {
      process.chdir(started)
    }
  })

  it('reports an empty log as such', () => {
    expect(dataInfo(services)).toMatchObject({ logRows: 0, oldestLogAt: null })
  })
})
