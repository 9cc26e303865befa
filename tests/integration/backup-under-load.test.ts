import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServices } from '../../src/main/core/services'
import { createLogRepo } from '../../src/main/db/log-repo'
import { createHandlers, type Handlers } from '../../src/main/ipc/handlers'
import { inertNative, serverAt } from '../support/handler-deps'
import { value } from '../support/result'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'
import { logRow } from '../support/log-rows'

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'

/** Log rows with a response body each, so that the database spans thousands of pages: many steps of SQLite's backup. */
function fillLog(harness: ScimHarness, count: number): void {
  const rows = Array.from({ length: count }, (_, index) =>
    logRow({
      at: Date.now() - 3_600_000 + index,
      path: `/scim/v2/acme/Users/u-${index}`,
      operation: 'get-user',
      target_type: 'user',
      target_id: `u-${index}`,
      target_name: `user${index}@acme.com`,
      response_body: JSON.stringify({ id: `u-${index}`, title: 'x'.repeat(1000) })
    })
  )
  createLogRepo(harness.services.db).insertMany(rows)
}

describe('Settings → Back up… while Okta is provisioning', () => {
  let harness: ScimHarness
  let handlers: Handlers
  let backupPath: string
  beforeEach(async () => {
    harness = await startScimHarness()
    backupPath = join(harness.dataDir, 'scim-console-backup.db')
    handlers = createHandlers({
      services: harness.services,
      server: serverAt(harness.origin),
      native: { ...inertNative, chooseSavePath: async () => backupPath },
      appInfo: () => ({ version: '0', databasePath: harness.services.dbPath, versions: {} })
    })
  })
  afterEach(async () => {
    await harness.close()
  })

  it('finishes while other connections keep committing, and holds every request answered before it', async () => {
    const acme = harness.tenant('Acme Corp', 'acme')
    fillLog(harness, 4000)
    const answered: string[] = []
    const create = async (userName: string) => {
      const response = await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: { schemas: [userUrn], userName } })
      expect(response.status).toBe(201)
      answered.push(userName)
    }
    await Promise.all(Array.from({ length: 20 }, (_, index) => create(`before${index}@acme.com`)))

    // Under Okta's traffic the log writer thread commits many times a second; here another connection commits at every
    // turn of the event loop, between any two steps of the copy, until the backup returns. A backup that cannot finish
    // while others write would restart for ever: the load then gives up after 15 s, within the test's 20, so that the
    // test fails on the assertion below rather than by its timeout.
    const other = new Database(harness.services.dbPath)
    other.pragma('busy_timeout = 5000')
    const insert = other.prepare("INSERT INTO settings (key, value) VALUES (?, '1')")
    const giveUpAt = Date.now() + 15_000
    let commits = 0
    let writing = true
    const commitAgain = () => {
      if (!writing) return
      insert.run(`load-${(commits += 1)}`)
      if (Date.now() < giveUpAt) setImmediate(commitAgain)
      else writing = false
    }
    setImmediate(commitAgain)
    // Requests still arrive while the copy runs; those answered before it started must be in it.
    const answeredBefore = [...answered]
    const during = Array.from({ length: 10 }, (_, index) => create(`during${index}@acme.com`))
    const commitsBefore = commits
    const result = await handlers['app:backup']({})
    const finishedWhileWriting = writing
    const commitsDuring = commits - commitsBefore
    writing = false
    await Promise.all(during)
    other.close()

    expect(value(result)).toEqual({ path: backupPath, count: 1 })
    expect(finishedWhileWriting).toBe(true)
    expect(commitsDuring).toBeGreaterThan(0)
    const copy = createServices({ dbPath: backupPath })
    try {
      const users = copy.directory.listUsers(acme.id, { offset: 0, limit: 1000 }).items.map((user) => user.userName)
      expect(users).toEqual(expect.arrayContaining(answeredBefore))
      // The writer thread's rows are in it: every request answered before the backup has its log entry.
      const logged = value(copy.log.list({ tenantId: acme.id, limit: 1000 })).items.map((entry) => entry.targetName)
      expect(logged).toEqual(expect.arrayContaining(answeredBefore))
      expect(copy.log.storage().logRows).toBeGreaterThanOrEqual(4000 + answeredBefore.length)
    } finally {
      copy.close()
    }
    expect(harness.internalErrors).toEqual([])
  })
})
