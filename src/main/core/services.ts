import { resolve } from 'node:path'
import { createChangeWatch, type ChangeWatch } from '../db/change-watch'
import { checkWritable, openDatabase, type Db } from '../db/connection'
import { createConsoleDirectoryRepo } from '../db/console-directory-repo'
import { inspectDatabaseFileAside } from '../db/database-check'
import type { DatabaseFileFacts } from '../db/database-facts'
import { watchDatabaseFile, type DatabaseFileWatch } from '../db/database-file'
import { createGroupCommit, type GroupCommit } from '../db/group-commit'
import { createDirectoryRepo } from '../db/directory-repo'
import { createFaultsRepo } from '../db/faults-repo'
import { createLogRepo } from '../db/log-repo'
import { startLogWriter, type LogWriter } from '../db/log-writer'
import { createSearchRepo } from '../db/search-repo'
import { createSettingsRepo } from '../db/settings-repo'
import { databaseRemovedError } from '../db/storage-errors'
import { createTenantsRepo } from '../db/tenants-repo'
import { createTokensRepo } from '../db/tokens-repo'
import { createConsoleDirectory, type ConsoleDirectory } from './console-directory'
import { createDirectoryService, type DirectoryService } from './directory'
import { createEventBus, type EventBus } from './events'
import { createFaultService, type FaultService } from './faults'
import { createProvisioningLog, type ProvisioningLog } from './provisioning-log'
import { createSearchService, type SearchService } from './search'
import { createSettingsService, type SettingsService } from './settings'
import { createTenantService, type TenantService } from './tenants'
import { createTokenService, type TokenService } from './tokens'
import { createWindowStateStore } from './window-state'

/** Everything the three front doors (SCIM server, IPC, CLI) use. */
export interface Services {
  readonly dbPath: string
  readonly db: Db
  readonly events: EventBus
  readonly tenants: TenantService
  readonly tokens: TokenService
  readonly directory: DirectoryService
  /** The directory as the console's pages show and edit it (the IPC handlers'). */
  readonly consoleDirectory: ConsoleDirectory
  /** The command palette's search across every tenant. */
  readonly search: SearchService
  readonly log: ProvisioningLog
  readonly settings: SettingsService
  /** The main window's size and place between runs, kept in the settings table (the app's). */
  readonly windowState: ReturnType<typeof createWindowStateStore>
  /** Fault injection per tenant; the SCIM server applies it to every request. */
  readonly faults: FaultService
  /** The SCIM server's writes, committed in groups (src/main/db/group-commit.ts). */
  readonly writes: GroupCommit
  /** When the reads kept in memory (tenants, tokens, faults) look at the file again (src/main/db/change-watch.ts). */
  readonly changes: ChangeWatch
  /**
   * Whether the database file is still at its path (src/main/db/database-file.ts). Once it is found deleted or moved,
   * the SCIM server's writes and the log's are refused, since they would be lost at the next start.
   */
  readonly databaseFile: DatabaseFileWatch
  readonly now: () => number
  /**
   * A database file's integrity (quick_check), schema steps and tenant count, read on a thread of its own when the
   * build gave its script (src/main/db/database-check.ts): for backups and restores, while the SCIM server answers.
   */
  inspectFile(path: string): Promise<DatabaseFileFacts>
  /** Writes what is queued and closes the database; answers how many log entries could not be written (ProvisioningLog.close). */
  close(): number
}

/** The composition root: one database, one set of services. */
export function createServices(options: {
  dbPath: string
  now?: () => number
  /**
   * The log writer thread's script (out/main/log-writer.js, or src/main/db/log-writer-thread.ts in tests): given by
   * the processes that serve SCIM requests, so that writing their log uses another core. Without it, or for an
   * in-memory database, the log is written on this thread.
   */
  logWriterScript?: string | URL
  /**
   * The database check thread's script (out/main/database-check.js, or src/main/db/database-check-thread.ts in tests):
   * given by the app, whose backups and restores check a file while it serves SCIM requests. Without it, `inspectFile`
   * reads the file on this thread.
   */
  databaseCheckScript?: string | URL
  /**
   * The caller exists to write the file (the SCIM server of `serve`, the app): one this connection cannot write is
   * refused here with SQLite's error (connection.ts checkWritable), before any thread starts, rather than every change
   * failing later.
   */
  writable?: boolean
}): Services {
  const now = options.now ?? Date.now
  // In full: the Settings page shows its folder, and Support copies it ("." says nothing when SCIM_CONSOLE_DB=console.db).
  const dbPath = options.dbPath === ':memory:' || options.dbPath === '' ? options.dbPath : resolve(options.dbPath)
  const db = openDatabase(dbPath)
  let file: DatabaseFileWatch
  try {
    if (options.writable) checkWritable(db)
    file = watchDatabaseFile(db)
  } catch (error) {
    db.close()
    throw error
  }
  let writer: LogWriter | null = null
  if (options.logWriterScript !== undefined && dbPath !== ':memory:') {
    const onStop = (error: Error) => console.error(`The provisioning log is written on the main thread from now on: ${error.message}`)
    try {
      writer = startLogWriter({ script: options.logWriterScript, db, onStop })
    } catch (error) {
      onStop(error instanceof Error ? error : new Error(String(error)))
    }
  }
  const events = createEventBus()
  // Tenants, tokens and faults are read on every SCIM request, and answered from memory while the file is unchanged.
  const watch = createChangeWatch(db)
  const tenantsRepo = createTenantsRepo(db, watch)
  const tokensRepo = createTokensRepo(db, watch)
  const tenants = createTenantService({ tenants: tenantsRepo, tokens: tokensRepo, events, now })
  const tokens = createTokenService({ tokens: tokensRepo, tenants, events, now })
  const directory = createDirectoryService({ directory: createDirectoryRepo(db), events, now })
  const log = createProvisioningLog({ log: createLogRepo(db), events, writer, now, refusal: () => (file.removed() ? databaseRemovedError() : null) })
  // The entries kept while the file was gone are written as soon as it is back, not at the log's next retry: the
  // console's banners then say "back" together.
  file.onChange((removed) => {
    if (!removed) void log.whenWritten()
  })
  const consoleDirectory = createConsoleDirectory({ tenants, directory, log, repo: createConsoleDirectoryRepo(db), now })
  const search = createSearchService({ search: createSearchRepo(db) })
  const settingsRepo = createSettingsRepo(db)
  const settings = createSettingsService({ settings: settingsRepo, events })
  const faults = createFaultService({ faults: createFaultsRepo(db, watch), tenants, tokens, events, now })
  const commits = createGroupCommit(db, writer?.gate ?? null)
  // A write to a file deleted or moved since it was opened would be acknowledged and then lost: refused instead, as
  // SQLite refuses one in rollback-journal mode. One look at a flag per write; the file is looked at on a timer.
  const writes: GroupCommit = {
    ...commits,
    write: <T>(work: () => T): Promise<T> => (file.removed() ? Promise.reject(databaseRemovedError()) : commits.write(work))
  }
  let closed = false
  return {
    dbPath,
    db,
    events,
    tenants,
    tokens,
    directory,
    consoleDirectory,
    search,
    log,
    settings,
    windowState: createWindowStateStore(settingsRepo),
    faults,
    writes,
    changes: watch,
    databaseFile: file,
    now,
    inspectFile: (path) => inspectDatabaseFileAside(options.databaseCheckScript, path),
    close() {
      if (closed) return 0
      closed = true
      file.stop()
      writes.flushNow()
      const lost = log.close()
      db.close()
      return lost
    }
  }
}
