import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEventBus } from '../../src/main/core/events'
import { createProvisioningLog } from '../../src/main/core/provisioning-log'
import { createServices } from '../../src/main/core/services'
import { checkpointPages, openDatabase, type Db } from '../../src/main/db/connection'
import { createLogRepo, type NewLogRow } from '../../src/main/db/log-repo'
import { startLogWriter, type LogWriteOutcome, type LogWriter } from '../../src/main/db/log-writer'
import { logWriterThreadSource } from '../support/scim-harness'

const entry = (n: number, tokenId: string | null = null): NewLogRow => ({
  at: 1_700_000_000_000 + n, tenant_id: null, tenant_slug: 'acme', token_id: tokenId, method: 'GET', path: `/scim/v2/acme/Users/u${n}`,
  status: 200, duration_ms: 1, client: 'Okta SCIM Client 1.0.0', operation: 'get-user', target_type: 'user', target_id: `u${n}`,
  target_name: `user${n}@acme.com`, auth_scheme: 'bearer', request_headers: '{}', request_body: null, response_body: '{}',
  error_type: null, error_detail: null, error_facts: null, injected: 0
})
const targets = (db: Db) => db.prepare('SELECT target_id FROM request_log ORDER BY id').pluck().all() as string[]
/**
 * Waits until the thread has started and answers: it takes a while to load (over a second on a loaded machine), and a
 * thread that is not running yet would pass a test that it does not write for a while.
 */
const whenRunning = (writer: LogWriter) => {
  writer.write([], () => undefined)
  writer.settle()
}
// A generous limit for what the thread does on its own: starting it takes over a second on a loaded machine.
const threadLimit = { timeout: 15_000, interval: 1 }

describe('the log writer thread', () => {
  let dir: string
  let dbPath: string
  let db: Db
  let writer: LogWriter | null

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-log-writer-'))
    dbPath = join(dir, 'console.db')
    db = openDatabase(dbPath)
    writer = null
  })
  afterEach(() => {
    writer?.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('writes each batch on its own connection: ids in order, searchable, and the token’s last use recorded', () => {
    db.prepare("INSERT INTO tenants (id, name, slug, created_at) VALUES ('t1', 'Acme', 'acme', 0)").run()
    db.prepare("INSERT INTO tokens (id, tenant_id, label, prefix, hash, created_at) VALUES ('k1', 't1', 'okta', 'scim_', x'00', 0)").run()
    writer = startLogWriter({ script: logWriterThreadSource, db })
    const outcomes: LogWriteOutcome[] = []
    writer.write([entry(1, 'k1'), entry(2, 'k1')], (outcome) => outcomes.push(outcome))
    writer.write([entry(3)], (outcome) => outcomes.push(outcome))
    expect(writer.inFlight()).toBe(3)
    writer.settle()
    expect(writer.inFlight()).toBe(0)
    expect(outcomes).toHaveLength(2)
    const ids = outcomes.flatMap((outcome) => ('ids' in outcome ? outcome.ids : []))
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(new Set(ids).size).toBe(3)
    // The console's own connection sees the rows, their full-text entries and the token's last use.
    expect(targets(db)).toEqual(['u1', 'u2', 'u3'])
    expect(createLogRepo(db).list({ search: 'user2@acme.com' }, { limit: 10 }).map((row) => row.target_id)).toEqual(['u2'])
    expect(db.prepare("SELECT last_used_at FROM tokens WHERE id = 'k1'").pluck().get()).toBe(entry(2).at)
  })

  it.runIf(process.platform === 'linux')('runs at a lower priority than the thread that serves requests (Linux)', async () => {
    const niceness = () =>
      readdirSync('/proc/self/task').map((thread) => {
        // The fields after the command's closing parenthesis start at the third; nice is the nineteenth.
        const fields = readFileSync(`/proc/self/task/${thread}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
        return Number(fields[16])
      })
    // The threads of the tests before this one end a moment after they are closed.
    await vi.waitFor(() => expect(niceness()).not.toContain(10), threadLimit)
    writer = startLogWriter({ script: logWriterThreadSource, db })
    whenRunning(writer)
    expect(niceness().filter((nice) => nice === 10)).toHaveLength(1)
    writer.close()
    writer = null
    // The thread ends a moment after its connection closes.
    await vi.waitFor(() => expect(niceness()).not.toContain(10), threadLimit)
  })

  it('answers every batch by the end of settle, in the order they were handed over', () => {
    writer = startLogWriter({ script: logWriterThreadSource, db })
    const answered: number[] = []
    for (let batch = 0; batch < 40; batch += 1) {
      writer.write(
        Array.from({ length: 25 }, (_, n) => entry(batch * 25 + n)),
        (outcome) => {
          expect('ids' in outcome && outcome.ids).toHaveLength(25)
          answered.push(batch)
        }
      )
    }
    writer.settle()
    expect(answered).toEqual(Array.from({ length: 40 }, (_, batch) => batch))
    expect(db.prepare('SELECT count(*) FROM request_log').pluck().get()).toBe(1000)
  })

  it('waits for the write gate while the serving thread holds it, so that thread never sleeps on the SQLite lock', async () => {
    writer = startLogWriter({ script: logWriterThreadSource, db })
    whenRunning(writer)
    expect(writer.gate.tryEnter()).toBe(true)
    let answered = false
    writer.write([entry(1)], () => (answered = true))
    // The thread has the batch and waits for the gate: it writes nothing before it holds it. A thread that ignored the
    // gate would never wait for it, and this would time out.
    await vi.waitUntil(() => writer?.threadWaitsForGate(), threadLimit)
    expect(answered).toBe(false)
    expect(targets(db)).toEqual([])
    writer.gate.leave()
    writer.settle()
    expect(answered).toBe(true)
    expect(targets(db)).toEqual(['u1'])
  })

  it('makes way for the serving thread in the middle of a long batch, and writes the rest after it', async () => {
    // The serving thread's turn is kept open long enough for a test worker that a loaded machine slows.
    writer = startLogWriter({ script: logWriterThreadSource, db, turnLimitMs: 10_000 })
    const rows = 5000
    let outcome: LogWriteOutcome | null = null
    // The serving thread holds the gate as the batch arrives, and asks for it again as it leaves (group-commit.ts).
    expect(writer.gate.tryEnter()).toBe(true)
    writer.write(
      Array.from({ length: rows }, (_, n) => entry(n)),
      (answer) => (outcome = answer)
    )
    void writer.gate.whenFree()
    writer.gate.leave()
    // The thread commits its first rows on their own, and makes way.
    const committed = () => db.prepare('SELECT count(*) FROM request_log').pluck().get() as number
    await vi.waitUntil(() => committed() > 0, threadLimit)
    while (!writer.gate.tryEnter()) await writer.gate.whenFree()
    // The serving thread writes now, in the middle of the batch.
    const before = committed()
    expect(before).toBeLessThan(rows)
    db.prepare("INSERT INTO tenants (id, name, slug, created_at) VALUES ('t1', 'Acme', 'acme', 0)").run()
    writer.gate.leave()
    writer.settle()
    const ids = outcome !== null && 'ids' in outcome ? (outcome as { ids: readonly number[] }).ids : []
    expect(ids).toHaveLength(rows)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(targets(db)).toEqual(Array.from({ length: rows }, (_, n) => `u${n}`))
    // Searchable, whichever transaction wrote them.
    for (const n of [0, before - 1, before, rows - 1]) {
      expect(createLogRepo(db).list({ search: `user${n}@acme.com` }, { limit: 10 }).map((row) => row.target_id)).toEqual([`u${n}`])
    }
  })

  it('reports the rows of a batch written before a refusal, and the provisioning log keeps only the rest', async () => {
    writer = startLogWriter({ script: logWriterThreadSource, db })
    const errors: [string, number][] = []
    const log = createProvisioningLog({
      log: createLogRepo(db),
      events: createEventBus(),
      writer,
      onWriteError: (error, kept) => errors.push([error instanceof Error ? error.message : String(error), kept])
    })
    const written: string[] = []
    log.onWritten((entries) => written.push(...entries.map((each) => each.targetId ?? '')))
    // One batch whose last row is refused. The serving thread waits for the gate as the thread starts it, so the
    // thread commits its first rows on their own before it meets the refusal.
    db.exec("CREATE TRIGGER refuse BEFORE INSERT ON request_log WHEN NEW.target_id = 'u199' BEGIN SELECT RAISE(ABORT, 'refused for the test'); END")
    expect(writer.gate.tryEnter()).toBe(true)
    for (let n = 0; n < 200; n += 1) log.append(entry(n))
    await vi.waitUntil(() => writer?.inFlight() === 200, threadLimit)
    void writer.gate.whenFree()
    writer.gate.leave()
    log.flush()
    const before = targets(db)
    expect(before.length).toBeGreaterThan(0)
    expect(before.length).toBeLessThan(199)
    expect(written).toEqual(before)
    expect(errors).toEqual([['refused for the test', 200 - before.length]])
    expect(log.pending()).toBe(200 - before.length)
    db.exec('DROP TRIGGER refuse')
    log.flush()
    // Nothing lost, nothing twice, in order.
    expect(targets(db)).toEqual(Array.from({ length: 200 }, (_, n) => `u${n}`))
    expect(written).toEqual(targets(db))
    log.close()
    writer = null
  })

  it('reports a batch the database refuses, and the provisioning log keeps it and writes it once it is taken again', () => {
    writer = startLogWriter({ script: logWriterThreadSource, db })
    const errors: [string, number][] = []
    const recovered: number[] = []
    const log = createProvisioningLog({
      log: createLogRepo(db),
      events: createEventBus(),
      writer,
      onWriteError: (error, kept) => errors.push([error instanceof Error ? error.message : String(error), kept]),
      onWriteRecovered: (written) => recovered.push(written)
    })
    // Every connection to the file sees a trigger, as it would see a full disk.
    db.exec("CREATE TRIGGER refuse BEFORE INSERT ON request_log BEGIN SELECT RAISE(ABORT, 'refused for the test'); END")
    for (let n = 0; n < 10; n += 1) log.append(entry(n))
    log.flush()
    log.append(entry(10))
    log.flush()
    expect(errors).toEqual([['refused for the test', 10]])
    expect(log.pending()).toBe(11)
    expect(writer.running()).toBe(true)
    db.exec('DROP TRIGGER refuse')
    log.flush()
    expect(recovered).toEqual([11])
    expect(log.pending()).toBe(0)
    // Nothing lost, nothing twice.
    expect(targets(db)).toEqual(Array.from({ length: 11 }, (_, n) => `u${n}`))
    log.close()
    writer = null
  })

  it('has the thread do the checkpoints while it runs, and gives them back to the console’s connection when it stops', () => {
    const autocheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true })
    expect(autocheckpoint()).toBe(checkpointPages)
    writer = startLogWriter({ script: logWriterThreadSource, db })
    expect(autocheckpoint()).toBe(0)
    writer.close()
    expect(autocheckpoint()).toBe(checkpointPages)
  })

  it('checkpoints the write-ahead log itself, between batches', () => {
    const fileSize = () => statSync(dbPath).size
    const empty = fileSize()
    writer = startLogWriter({ script: logWriterThreadSource, db })
    // The console's connection does no checkpoint while the thread runs: only the thread's can grow the file.
    for (let batch = 0; batch < 30; batch += 1) {
      writer.write(
        Array.from({ length: 100 }, (_, n) => entry(batch * 100 + n)),
        () => undefined
      )
    }
    writer.settle()
    expect(fileSize()).toBeGreaterThan(empty)
  })

  it('checkpoints the write-ahead log every few seconds, also for writes that log nothing', async () => {
    const fileSize = () => statSync(dbPath).size
    writer = startLogWriter({ script: logWriterThreadSource, db, checkpointEveryMs: 100 })
    const empty = fileSize()
    // The console's own writes, a retention prune say, on its connection, which does no checkpoint while the thread runs.
    const insert = db.prepare('INSERT INTO tenants (id, name, slug, created_at) VALUES (?, ?, ?, 0)')
    db.transaction(() => {
      for (let n = 0; n < 2000; n += 1) insert.run(`t${n}`, `Tenant ${n}`, `tenant-${n}`)
    })()
    await vi.waitUntil(() => fileSize() > empty, { ...threadLimit, interval: 20 })
  })

  it('hands entries over within 50 ms while traffic is light, every 250 ms once it is busy, and 5,000 at once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      writer = startLogWriter({ script: logWriterThreadSource, db })
      const log = createProvisioningLog({ log: createLogRepo(db), events: createEventBus(), writer })
      const written = () => {
        writer?.settle()
        return targets(db).length
      }
      log.append(entry(0))
      vi.advanceTimersByTime(49)
      expect(written()).toBe(0)
      vi.advanceTimersByTime(1)
      expect(written()).toBe(1)
      // The batch before was one row: these 150 go in 50 ms too, and make the next batch wait 250 ms.
      for (let n = 1; n <= 150; n += 1) log.append(entry(n))
      vi.advanceTimersByTime(50)
      expect(written()).toBe(151)
      log.append(entry(151))
      vi.advanceTimersByTime(249)
      expect(written()).toBe(151)
      vi.advanceTimersByTime(1)
      expect(written()).toBe(152)
      // Light again after a batch of one.
      log.append(entry(152))
      vi.advanceTimersByTime(50)
      expect(written()).toBe(153)
      for (let n = 153; n < 5153; n += 1) log.append(entry(n))
      expect(written()).toBe(5153)
      log.close()
      writer = null
    } finally {
      vi.useRealTimers()
    }
  })

  it('lets a reader wait for what is queued without holding the serving thread', async () => {
    writer = startLogWriter({ script: logWriterThreadSource, db })
    whenRunning(writer)
    const log = createProvisioningLog({ log: createLogRepo(db), events: createEventBus(), writer })
    log.append(entry(1))
    log.append(entry(2))
    // While the serving thread holds the write gate the thread cannot write, and a flush would block until it could.
    expect(writer.gate.tryEnter()).toBe(true)
    let caughtUp = false
    const waiting = log.whenWritten().then(() => (caughtUp = true))
    // The batch is handed over and the thread waits for the gate, so it can neither write nor answer; the event loop
    // turns meanwhile (this test goes on).
    await vi.waitUntil(() => writer?.threadWaitsForGate(), threadLimit)
    expect(caughtUp).toBe(false)
    expect(targets(db)).toEqual([])
    log.append(entry(3))
    writer.gate.leave()
    await waiting
    // Everything queued when the reader asked is there; what came after may be too.
    expect(targets(db).slice(0, 2)).toEqual(['u1', 'u2'])
    await log.whenWritten()
    expect(targets(db)).toEqual(['u1', 'u2', 'u3'])
    log.close()
    writer = null
  })

  it('lets a reader go on after 15 s with what is written when the thread does not answer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      writer = startLogWriter({ script: logWriterThreadSource, db })
      const log = createProvisioningLog({ log: createLogRepo(db), events: createEventBus(), writer })
      log.append(entry(1))
      expect(writer.gate.tryEnter()).toBe(true)
      let caughtUp = false
      const waiting = log.whenWritten().then(() => (caughtUp = true))
      await vi.advanceTimersByTimeAsync(14_999)
      expect(caughtUp).toBe(false)
      await vi.advanceTimersByTimeAsync(1)
      await waiting
      expect(targets(db)).toEqual([])
      writer.gate.leave()
      log.close()
      writer = null
      expect(targets(db)).toEqual(['u1'])
    } finally {
      vi.useRealTimers()
    }
  })

  it('writes on the console’s thread every 50 ms and 500 rows at most when there is no writer thread', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const log = createProvisioningLog({ log: createLogRepo(db), events: createEventBus() })
      for (let n = 0; n < 150; n += 1) log.append(entry(n))
      vi.advanceTimersByTime(50)
      expect(targets(db)).toHaveLength(150)
      // Each batch written here holds the serving thread, so a busy one does not make the next wait longer.
      log.append(entry(150))
      vi.advanceTimersByTime(50)
      expect(targets(db)).toHaveLength(151)
      for (let n = 151; n < 651; n += 1) log.append(entry(n))
      expect(targets(db)).toHaveLength(651)
      log.close()
    } finally {
      vi.useRealTimers()
    }
  })

  it('leaves the writing to the console’s thread, losing nothing, when the thread cannot open the file', () => {
    // A folder where the file should be: the thread starts, cannot open it, and says so.
    const unusable = join(dir, 'a-folder.db')
    mkdirSync(unusable)
    const stopped: Error[] = []
    writer = startLogWriter({ script: logWriterThreadSource, db, dbPath: unusable, onStop: (error) => stopped.push(error) })
    const log = createProvisioningLog({ log: createLogRepo(db), events: createEventBus(), writer })
    for (let n = 0; n < 5; n += 1) log.append(entry(n))
    log.flush()
    expect(writer.running()).toBe(false)
    expect(stopped.map((error) => error.message)).toEqual(['The log writer thread could not start.'])
    log.append(entry(5))
    log.flush()
    expect(targets(db)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5'])
    log.close()
    writer = null
  })

  it('creates no file where the console’s file was when that file is gone as the thread starts', () => {
    // The console's file deleted or moved between its opening and the thread's: the path names no file any more.
    const gone = join(dir, 'moved-away.db')
    const stopped: Error[] = []
    writer = startLogWriter({ script: logWriterThreadSource, db, dbPath: gone, onStop: (error) => stopped.push(error) })
    const log = createProvisioningLog({ log: createLogRepo(db), events: createEventBus(), writer })
    log.append(entry(0))
    log.flush()
    expect(stopped.map((error) => error.message)).toEqual(['The log writer thread could not start.'])
    expect(existsSync(gone)).toBe(false)
    expect(targets(db)).toEqual(['u0'])
    log.close()
    writer = null
  })
})

describe('services with the log writer thread', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-log-writer-'))
  })
  afterEach(() => {
    vi.restoreAllMocks()
    rmSync(dir, { recursive: true, force: true })
  })

  it('writes everything on close and closes the thread’s connection first, so the write-ahead log is removed', () => {
    const dbPath = join(dir, 'console.db')
    const services = createServices({ dbPath, logWriterScript: logWriterThreadSource })
    for (let n = 0; n < 300; n += 1) services.log.append(entry(n))
    services.close()
    expect(existsSync(`${dbPath}-wal`)).toBe(false)
    const reopened = openDatabase(dbPath)
    try {
      expect(reopened.prepare('SELECT count(*) FROM request_log').pluck().get()).toBe(300)
    } finally {
      reopened.close()
    }
  })

  it('writes the log on the main thread when the thread’s script is missing, and says so', () => {
    const said = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const services = createServices({ dbPath: join(dir, 'console.db'), logWriterScript: join(dir, 'missing.js') })
    try {
      expect(said.mock.calls.map((call) => String(call[0]))).toEqual([
        `The provisioning log is written on the main thread from now on: The log writer thread's script is missing: ${join(dir, 'missing.js')}`
      ])
      services.log.append(entry(1))
      services.log.flush()
      expect(targets(services.db)).toEqual(['u1'])
    } finally {
      services.close()
    }
  })
})
