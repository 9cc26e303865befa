import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createChangeWatch, readWhileUnchanged, type ChangeWatch } from './change-watch'

// The next turn of the event loop: the watch looks at other connections' commits once per turn.
const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

describe('change watch', () => {
  let dir: string
  let db: Database.Database
  let other: Database.Database
  let watch: ChangeWatch

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-change-watch-'))
    db = new Database(join(dir, 'test.db'))
    db.pragma('journal_mode = WAL')
    db.exec("CREATE TABLE tokens (hash TEXT PRIMARY KEY, revoked INTEGER NOT NULL); INSERT INTO tokens VALUES ('a', 0)")
    // Another process, as the CLI is while `serve` runs.
    other = new Database(join(dir, 'test.db'))
    watch = createChangeWatch(db)
  })
  afterEach(() => {
    other.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('stays the same while nothing is written, in this turn and the next', async () => {
    const first = watch.generation()
    db.prepare('SELECT * FROM tokens').all()
    expect(watch.generation()).toBe(first)
    await nextTurn()
    expect(watch.generation()).toBe(first)
  })

  it('moves at the next turn when this connection or another one writes, and at once when told', async () => {
    const first = watch.generation()
    db.prepare("UPDATE tokens SET revoked = 1 WHERE hash = 'a'").run()
    // Looked at once per turn: a write that no repository announced is seen from the next turn.
    expect(watch.generation()).toBe(first)
    await nextTurn()
    const afterOwnWrite = watch.generation()
    expect(afterOwnWrite).not.toBe(first)

    other.prepare("UPDATE tokens SET revoked = 0 WHERE hash = 'a'").run()
    // A commit elsewhere during one synchronous run of this thread counts as having come after it.
    expect(watch.generation()).toBe(afterOwnWrite)
    await nextTurn()
    const afterOtherWrite = watch.generation()
    expect(afterOtherWrite).not.toBe(afterOwnWrite)

    // The repositories that keep answers announce their own writes, which then count in the same turn.
    watch.touch()
    expect(watch.generation()).not.toBe(afterOtherWrite)
  })

  it('moves for a write that changes nothing but may have, and for a rolled-back one', async () => {
    const first = watch.generation()
    db.prepare("UPDATE tokens SET revoked = revoked WHERE hash = 'a'").run()
    await nextTurn()
    const second = watch.generation()
    expect(second).not.toBe(first)
    expect(() =>
      db.transaction(() => {
        db.prepare("INSERT INTO tokens VALUES ('b', 0)").run()
        throw new Error('abandoned')
      })()
    ).toThrow('abandoned')
    await nextTurn()
    expect(watch.generation()).not.toBe(second)
  })

  describe('requests in one batch of I/O callbacks', () => {
    // A later turn of microtasks: the same batch of I/O callbacks, since no poll of the event loop runs between.
    const laterInTheBatch = () => Promise.resolve()
    const revoke = () => other.prepare("UPDATE tokens SET revoked = 1 - revoked WHERE hash = 'a'").run()

    it("share the batch's look, each the first of its connection, even in later turns", async () => {
      const looked = watch.generation()
      await laterInTheBatch()
      // Committed after the look, while requests that had begun to arrive before it are still being read.
      revoke()
      for (const connection of [{}, {}, {}]) {
        watch.beforeRequest(connection)
        expect(watch.generation()).toBe(looked)
        await laterInTheBatch()
      }
    })

    it("look again for a connection's second request in the batch: a pipelined one may have been sent after the look", async () => {
      const connection = {}
      watch.beforeRequest(connection)
      const looked = watch.generation()
      await laterInTheBatch()
      revoke()
      watch.beforeRequest(connection)
      expect(watch.generation()).not.toBe(looked)
    })

    it('look again in the same turn for a second request of one connection, read with the first', () => {
      const connection = {}
      const looked = watch.generation()
      watch.beforeRequest(connection)
      expect(watch.generation()).toBe(looked)
      revoke()
      watch.beforeRequest(connection)
      expect(watch.generation()).not.toBe(looked)
    })

    it('look again for a request without a socket, which cannot be told from another of its connection', async () => {
      const looked = watch.generation()
      await laterInTheBatch()
      revoke()
      watch.beforeRequest(null)
      expect(watch.generation()).not.toBe(looked)
    })

    it('look again in a later batch', async () => {
      const looked = watch.generation()
      revoke()
      await nextTurn()
      watch.beforeRequest({})
      expect(watch.generation()).not.toBe(looked)
    })
  })
})

describe('readWhileUnchanged', () => {
  function counted(limit?: number) {
    let generation = 0
    const reads: string[] = []
    const watch: Pick<ChangeWatch, 'generation' | 'touch'> = { generation: () => generation, touch: () => (generation += 1) }
    const read = readWhileUnchanged(watch, (key: string) => (reads.push(key), key === 'missing' ? undefined : key.toUpperCase()), limit)
    return { read, reads, change: watch.touch }
  }

  it('reads each key once while the database is unchanged, answers that are undefined too', () => {
    const { read, reads } = counted()
    expect([read('acme'), read('acme'), read('missing'), read('missing'), read('globex')]).toEqual(['ACME', 'ACME', undefined, undefined, 'GLOBEX'])
    expect(reads).toEqual(['acme', 'missing', 'globex'])
  })

  it('reads again every key once the database may have changed', () => {
    const { read, reads, change } = counted()
    read('acme')
    read('missing')
    change()
    read('acme')
    read('missing')
    expect(reads).toEqual(['acme', 'missing', 'acme', 'missing'])
  })

  it('keeps at most `limit` keys, so that keys tried at random cannot grow it', () => {
    const { read, reads } = counted(2)
    read('a')
    read('b')
    read('c') // full: forgets a and b, keeps c
    read('c')
    read('a')
    expect(reads).toEqual(['a', 'b', 'c', 'a'])
  })
})
