import { openDatabase, type Db } from '../db/connection'
import { createGroupCommit, type GroupCommit } from '../db/group-commit'
import { createDirectoryRepo } from '../db/directory-repo'
import { createFaultsRepo } from '../db/faults-repo'
import { createLogRepo } from '../db/log-repo'
import { createSettingsRepo } from '../db/settings-repo'
import { createTenantsRepo } from '../db/tenants-repo'
import { createTokensRepo } from '../db/tokens-repo'
import { createDirectoryService, type DirectoryService } from './directory'
import { createEventBus, type EventBus } from './events'
import { createFaultService, type FaultService } from './faults'
import { createProvisioningLog, type ProvisioningLog } from './provisioning-log'
import { createSettingsService, type SettingsService } from './settings'
import { createTenantService, type TenantService } from './tenants'
import { createTokenService, type TokenService } from './tokens'

/** Everything the three front doors (SCIM server, IPC, CLI) use. */
export interface Services {
  readonly dbPath: string
  readonly db: Db
  readonly events: EventBus
  readonly tenants: TenantService
  readonly tokens: TokenService
  readonly directory: DirectoryService
  readonly log: ProvisioningLog
  readonly settings: SettingsService
  /** Fault injection per tenant; the SCIM server applies it to every request. */
  readonly faults: FaultService
  /** The SCIM server's writes, committed in groups (src/main/db/group-commit.ts). */
  readonly writes: GroupCommit
  readonly now: () => number
  /** Writes what is queued and closes the database. */
  close(): void
}

/** The composition root: one database, one set of services. */
export function createServices(options: { dbPath: string; now?: () => number }): Services {
  const now = options.now ?? Date.now
  const db = openDatabase(options.dbPath)
  const events = createEventBus()
  const tenantsRepo = createTenantsRepo(db)
  const tokensRepo = createTokensRepo(db)
  const tenants = createTenantService({ tenants: tenantsRepo, tokens: tokensRepo, events, now })
  const tokens = createTokenService({ tokens: tokensRepo, tenants, events, now })
  const directory = createDirectoryService({ directory: createDirectoryRepo(db), events, now })
  const log = createProvisioningLog({ log: createLogRepo(db), events })
  const settings = createSettingsService({ settings: createSettingsRepo(db), events })
  const faults = createFaultService({ faults: createFaultsRepo(db), tenants, tokens, events, now })
  const writes = createGroupCommit(db)
  let closed = false
  return {
    dbPath: options.dbPath,
    db,
    events,
    tenants,
    tokens,
    directory,
    log,
    settings,
    faults,
    writes,
    now,
    close() {
      if (closed) return
      closed = true
      writes.flushNow()
      log.close()
      db.close()
    }
  }
}
