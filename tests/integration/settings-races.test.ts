/**
 * The app and the CLI's `settings set` share one SQLite file, and settings are stored as one value: a change read before
 * the other process's write and stored after it would store the old value of what the other changed. Each change is
 * read, merged and written in one transaction. The other process writes at the worst moment, between this one's read
 * and its write, on a second connection to the same real file.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createSettingsRepo } from '../../src/main/db/settings-repo'
import { createEventBus } from '../../src/main/core/events'
import { createSettingsService } from '../../src/main/core/settings'
import type { SettingsPatch } from '../../src/shared/models'
import { isBusy, openTwoProcesses, type TwoProcesses } from '../support/two-processes'

// The other process is the CLI: while this one holds the write lock, its change is refused as busy, and made again
// once the lock is free, as its busy timeout would.
let processes: TwoProcesses
beforeEach(() => {
  processes = openTwoProcesses('scim-console-settings-races-')
})
afterEach(() => processes.close())

it('a settings change made by another process while this one reads the settings is not lost', () => {
  const cli = createSettingsService({ settings: createSettingsRepo(processes.other), events: createEventBus() })
  const cliChange: SettingsPatch = { server: { port: 9090 } }
  let cliWaited: boolean | undefined
  const repo = createSettingsRepo(processes.db)
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
            if (!isBusy(error)) throw error
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
