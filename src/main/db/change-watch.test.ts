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

  it("moves at once when this connection writes, and at the next turn when another connection commits", async () => {
    const first = watch.generation()
    db.prepare("UPDATE tokens SET revoked = 1 WHERE hash = 'a'").run()
    const afterOwnWrite = watch.generation()
    expect(afterOwnWrite).not.toBe(first)

    other.prepare("UPDATE tokens SET revoked = 0 WHERE hash = 'a'").run()
    // A commit elsewhere during one synchronous run of this thread counts as having come after it.
    expect(watch.generation()).toBe(afterOwnWrite)
    await nextTurn()
    expect(watch.generation()).not.toBe(afterOwnWrite)
  })

  it('moves for a write that changes nothing but may have, and for a rolled-back one', () => {
    const first = watch.generation()
    db.transaction(() => {
      db.prepare("UPDATE tokens SET revoked = revoked WHERE hash = 'a'").run()
    })()
    const second = watch.generation()
    expect(second).not.toBe(first)
    expect(() =>
      db.transaction(() => {
        db.prepare("INSERT INTO tokens VALUES ('b', 0)").run()
        throw new Error('abandoned')
      })()
    ).toThrow('abandoned')
    expect(watch.generation()).not.toBe(second)
  })
})

describe('readWhileUnchanged', () => {
  function counted(limit?: number) {
    let generation = 0
    const reads: string[] = []
    const watch: ChangeWatch = { generation: () => generation }
    const read = readWhileUnchanged(watch, (key: string) => (reads.push(key), key === 'missing' ? undefined : key.toUpperCase()), limit)
    return { read, reads, change: () => (generation += 1) }
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
