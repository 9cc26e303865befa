import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createGroupCommit, type GroupCommit, type WriteGate } from './group-commit'

describe('group commit', () => {
  let dir: string
  let db: Database.Database
  let other: Database.Database
  let writes: GroupCommit
  const insert = (id: string) => () => db.prepare('INSERT INTO users (id) VALUES (?)').run(id).changes
  const ids = (connection: Database.Database) => (connection.prepare('SELECT id FROM users ORDER BY id').pluck().all() as string[])

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-group-commit-'))
    db = new Database(join(dir, 'test.db'))
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.exec(`CREATE TABLE users (id TEXT PRIMARY KEY);
      CREATE TABLE members (user_id TEXT NOT NULL REFERENCES users(id))`)
    // A second connection sees only what is committed, as the CLI or a restarted app would.
    other = new Database(join(dir, 'test.db'))
    writes = createGroupCommit(db)
  })
  afterEach(() => {
    other.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('commits the writes queued together once, and answers each only when it is committed', async () => {
    const seenAtAnswer: string[][] = []
    const answers = ['a', 'b', 'c'].map((id) => writes.write(insert(id)).then((changes) => (seenAtAnswer.push(ids(other)), changes)))
    // Nothing runs, and no transaction is open, until the event loop has run what was ready.
    expect(db.inTransaction).toBe(false)
    expect(ids(db)).toEqual([])
    expect(await Promise.all(answers)).toEqual([1, 1, 1])
    expect(seenAtAnswer).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
      ['a', 'b', 'c']
    ])
  })

  it('runs each write after the ones queued before it, so a read-modify-write loses nothing', async () => {
    db.exec("CREATE TABLE counter (n INTEGER); INSERT INTO counter VALUES (0)")
    const increment = () => {
      const n = db.prepare('SELECT n FROM counter').pluck().get() as number
      db.prepare('UPDATE counter SET n = ?').run(n + 1)
      return n + 1
    }
    expect(await Promise.all(Array.from({ length: 20 }, () => writes.write(increment)))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(other.prepare('SELECT n FROM counter').pluck().get()).toBe(20)
  })

  it('rolls back a write that throws, and only that one', async () => {
    const failing = () => {
      insert('half-done')()
      throw new Error('refused halfway')
    }
    const results = await Promise.allSettled([writes.write(insert('a')), writes.write(failing), writes.write(insert('a')), writes.write(insert('b'))])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled'])
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/)
    expect(ids(other)).toEqual(['a', 'b'])
  })

  it('runs the batch once, without savepoints, when the writes that fail wrote nothing; again, each in its own, when one failed halfway', async () => {
    const runs = new Map<string, number>()
    const counted = (id: string, work: () => unknown) => () => {
      runs.set(id, (runs.get(id) ?? 0) + 1)
      return work()
    }
    const refusedBeforeWriting = () => {
      throw new Error('bad PATCH')
    }
    const clean = await Promise.allSettled([
      writes.write(counted('a', insert('a'))),
      writes.write(counted('refused', refusedBeforeWriting)),
      writes.write(counted('taken', insert('a'))),
      writes.write(counted('b', insert('b')))
    ])
    expect(clean.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled'])
    expect(Object.fromEntries(runs)).toEqual({ a: 1, refused: 1, taken: 1, b: 1 })

    runs.clear()
    const halfway = () => {
      insert('half-done')()
      throw new Error('refused halfway')
    }
    const replayed = await Promise.allSettled([writes.write(counted('c', insert('c'))), writes.write(counted('halfway', halfway)), writes.write(counted('d', insert('d')))])
    expect(replayed.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    // The batch ran up to the failure, then again from the start: no write is answered from the first run.
    expect(Object.fromEntries(runs)).toEqual({ c: 2, halfway: 2, d: 1 })
    expect(ids(other)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('refuses every write of a batch whose commit fails, and keeps none of them', async () => {
    // A foreign key checked at COMMIT (deferred) makes SQLite refuse the commit itself.
    const dangling = () => {
      db.pragma('defer_foreign_keys = ON')
      db.prepare('INSERT INTO members (user_id) VALUES (?)').run('nobody')
    }
    const results = await Promise.allSettled([writes.write(insert('a')), writes.write(dangling)])
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected'])
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY constraint failed/)
    expect(db.inTransaction).toBe(false)
    expect(ids(other)).toEqual([])
    // The connection is usable at once.
    expect(await writes.write(insert('b'))).toBe(1)
    expect(ids(other)).toEqual(['b'])
  })

  it('refuses the batch when the file is held by another connection past the busy timeout', async () => {
    db.pragma('busy_timeout = 50')
    other.exec('BEGIN IMMEDIATE')
    const refused = await Promise.allSettled([writes.write(insert('a'))])
    other.exec('ROLLBACK')
    expect(refused[0]?.status).toBe('rejected')
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_BUSY' })
    expect(await writes.write(insert('a'))).toBe(1)
  })

  it('leaves writes made outside it to their own transactions, even while a batch is queued', async () => {
    const queued = writes.write(insert('scim'))
    insert('console')()
    expect(ids(other)).toEqual(['console'])
    await queued
    expect(ids(other)).toEqual(['console', 'scim'])
  })

  it('runs what is queued at once on flushNow, for a clean close', async () => {
    const queued = writes.write(insert('last'))
    writes.flushNow()
    expect(ids(other)).toEqual(['last'])
    expect(await queued).toBe(1)
  })

  it('waits for the write gate without blocking the thread, and commits once the other thread lets go', async () => {
    // The other thread (the log writer) holds the gate, as it does while it writes a batch.
    let held = true
    let release: () => void = () => undefined
    const released = new Promise<void>((resolve) => (release = resolve))
    // Resolves once the group commit has found the gate held and waits for it.
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
    const gated = createGroupCommit(db, gate)
    let answered = false
    const queued = gated.write(insert('gated')).then(() => (answered = true))
    await waitsForGate
    // It waits without a transaction, and the event loop keeps turning (requests are still read and answered).
    await new Promise((resolve) => setImmediate(resolve))
    expect(answered).toBe(false)
    expect(db.inTransaction).toBe(false)
    expect(ids(other)).toEqual([])
    held = false
    release()
    await queued
    expect(ids(other)).toEqual(['gated'])
    // The gate was taken for the commit and given back.
    expect(held).toBe(false)
  })

  it("waits for another process's write lock without stopping the thread, and commits once it is free", async () => {
    db.pragma('busy_timeout = 5000')
    const patient = createGroupCommit(db)
    other.exec('BEGIN IMMEDIATE')
    let answered = false
    const queued = patient.write(insert('after-lock')).then(() => (answered = true))
    // The thread is free while the write waits: timers fire and this connection still reads.
    const started = Date.now()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(ids(db)).toEqual([])
    expect(answered).toBe(false)
    expect(db.inTransaction).toBe(false)
    other.exec('COMMIT')
    await queued
    expect(ids(other)).toEqual(['after-lock'])
    // The connection's own busy timeout is as it was, for the console's other writes.
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
  })

  it('refuses the queued writes with SQLite\'s busy error once the lock is held past the wait, and takes later ones', async () => {
    const impatient = createGroupCommit(db, null, { lockWaitMs: 100 })
    other.exec('BEGIN IMMEDIATE')
    const refused = impatient.write(insert('refused')).then(
      () => null,
      (error: unknown) => (error as { code?: string }).code
    )
    expect(await refused).toMatch(/^SQLITE_BUSY/)
    other.exec('COMMIT')
    expect(await impatient.write(insert('later'))).toBe(1)
    expect(ids(other)).toEqual(['later'])
  })
})
