import { readWhileUnchanged, type ChangeWatch } from './change-watch'
import { immediateTransactions, type Db } from './connection'

const keyPrefix = 'faults:'

/**
 * Per-tenant fault injection settings, kept as JSON text in the settings table under `faults:<tenantId>`, so that the
 * app, the CLI and a separate `serve` process all see the same faults without a schema step.
 */
export function createFaultsRepo(db: Db, watch: ChangeWatch) {
  const get = db.prepare('SELECT value FROM settings WHERE key = ?').pluck()
  // The SCIM server reads this on every request of a tenant.
  const getKept = readWhileUnchanged(watch, (tenantId: string) => get.get(keyPrefix + tenantId) as string | undefined)
  const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
  const remove = db.prepare('DELETE FROM settings WHERE key = ?')
  // A key range rather than LIKE, so that SQLite walks the primary key instead of scanning the table.
  const all = db.prepare("SELECT substr(key, 8) AS tenant_id, value FROM settings WHERE key >= 'faults:' AND key < 'faults;' ORDER BY key")
  const inTransaction = immediateTransactions(db)

  function write(tenantId: string, value: string | null): void {
    if (value === null) remove.run(keyPrefix + tenantId)
    else put.run(keyPrefix + tenantId, value)
    watch.touch()
  }

  return {
    /** The stored JSON text of a tenant's faults, or undefined when none are set. */
    get: getKept,
    /** Stores the JSON text; null removes the tenant's faults. */
    put: write,
    /** Every tenant that has faults stored. */
    all: () => all.all() as { tenant_id: string; value: string }[],
    /**
     * Reads, changes and writes one tenant's faults in an IMMEDIATE transaction. The write lock is taken before the
     * read, so two requests (or two processes) can never both consume the same "once" rule.
     * `change` answers the new text (null removes, undefined leaves it as it is) and a result for the caller.
     */
    update<T>(tenantId: string, change: (current: string | undefined) => { readonly next: string | null | undefined; readonly result: T }): T {
      return inTransaction((): T => {
        const outcome = change(get.get(keyPrefix + tenantId) as string | undefined)
        if (outcome.next !== undefined) write(tenantId, outcome.next)
        return outcome.result
      })
    }
  }
}

export type FaultsRepo = ReturnType<typeof createFaultsRepo>
