import { immediateTransactions, type Db } from './connection'

/** Key–value settings stored as JSON text. */
export function createSettingsRepo(db: Db) {
  const get = db.prepare('SELECT value FROM settings WHERE key = ?')
  const set = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
  const all = db.prepare('SELECT key, value FROM settings ORDER BY key')
  return {
    /**
     * Runs a read and the write made from it in one IMMEDIATE transaction: the app and the CLI's `settings set` share
     * the file, and a change read before the other's write and stored after it would undo that write.
     */
    inTransaction: immediateTransactions(db),
    get: (key: string): unknown => {
      const row = get.get(key) as { value: string } | undefined
      return row ? (JSON.parse(row.value) as unknown) : undefined
    },
    set: (key: string, value: unknown): void => void set.run(key, JSON.stringify(value)),
    all: () => (all.all() as { key: string; value: string }[]).map((row) => [row.key, JSON.parse(row.value) as unknown] as const)
  }
}

export type SettingsRepo = ReturnType<typeof createSettingsRepo>
