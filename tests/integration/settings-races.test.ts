/**
 * The app and the CLI's `settings set` share one SQLite file, and settings are stored as one value: a change read before
 * the other process's write and stored after it would store the old value of what the other changed. Each change is
 * read, merged and written in one transaction. The other process writes at the worst moment, between this one's read
 * and its write, on a second connection to the same real file.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/db/connection'
import { createSettingsRepo } from '../../src/main/db/settings-repo'
import { createEventBus } from '../../src/main/core/events'
import { createSettingsService } from '../../src/main/core/settings'
import type { SettingsPatch } from '../../src/shared/models'

let dir: string
let db: Db
let other: Database.Database
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scim-console-settings-races-'))
  const dbPath = join(dir, 'console.db')
  db = openDatabase(dbPath)
  // The other process (the CLI), which does not wait here: while this one holds the write lock, its change is refused
  // as busy, and made again once the lock is free, as its busy timeout would.
  other = new Database(dbPath)
  other.pragma('busy_timeout = 0')
})
afterEach(() => {
  other.close()
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

it('a settings change made by another process while this one reads the settings is not lost', () => {
  const cli = createSettingsService({ settings: createSettingsRepo(other), events: createEventBus() })
  const cliChange: SettingsPatch = { server: { port: 9090 } }
  let cliWaited: boolean | undefined
  const repo = createSettingsRepo(db)
  const app = createSettingsService({
    settings: {
      ...repo,
      get: (key: string) => {
        const read = repo.get(key)
        if (cliWaited === undefined) {
          try {
            expect(cli.update(cliChange).ok).toBe(true)
            cliWaited = false
          } catch (error) {
            if (!String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) throw error
            cliWaited = true
          }
        }
        return read
      }
    },
    events: createEventBus()
  })

  expect(app.update({ retention: { days: 14 } }).ok).toBe(true)
  if (cliWaited) expect(cli.update(cliChange).ok).toBe(true)
  // Without one transaction the app read port 8787 before the CLI stored 9090, and stored 8787 back over it.
  expect(cli.get()).toMatchObject({ server: { port: 9090 }, retention: { days: 14 } })
  expect(cliWaited).toBe(true)
})
