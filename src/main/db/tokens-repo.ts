import { readWhileUnchanged, type ChangeWatch } from './change-watch'
import type { Db } from './connection'

/** A tokens row as stored; `hash` is the SHA-256 of the secret. */
export interface TokenRow {
  readonly id: string
  readonly tenant_id: string
  readonly label: string
  readonly prefix: string
  readonly hash: Buffer
  readonly created_at: number
  readonly expires_at: number | null
  readonly revoked_at: number | null
  readonly last_used_at: number | null
}

/** All SQL about SCIM API tokens. */
export function createTokensRepo(db: Db, watch: ChangeWatch) {
  const insert = db.prepare(`INSERT INTO tokens (id, tenant_id, label, prefix, hash, created_at, expires_at, revoked_at, last_used_at)
    VALUES (@id, @tenant_id, @label, @prefix, @hash, @created_at, @expires_at, NULL, NULL)`)
  const byId = db.prepare('SELECT * FROM tokens WHERE id = ?')
  const byHash = db.prepare('SELECT * FROM tokens WHERE hash = ?')
  // Every SCIM request presents its token. Kept by hash, so that no secret is held.
  const byHashKept = readWhileUnchanged(watch, (hash: string) => byHash.get(Buffer.from(hash, 'base64')) as TokenRow | undefined)
  // Newest first; tokens issued in the same millisecond (a script, the demo) in the order they were issued.
  const byTenant = db.prepare('SELECT * FROM tokens WHERE tenant_id = ? ORDER BY created_at DESC, rowid DESC')
  const revoke = db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
  const activeCount = db.prepare(
    'SELECT count(*) AS n FROM tokens WHERE tenant_id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)'
  )
  const nextExpiry = db.prepare('SELECT min(expires_at) FROM tokens WHERE revoked_at IS NULL AND expires_at > ?').pluck()
  const expiredBetween = db
    .prepare('SELECT DISTINCT tenant_id FROM tokens WHERE revoked_at IS NULL AND expires_at > ? AND expires_at <= ?')
    .pluck()

  return {
    insert: (row: Omit<TokenRow, 'revoked_at' | 'last_used_at'>): void => {
      insert.run(row)
      watch.touch()
    },
    byId: (id: string) => byId.get(id) as TokenRow | undefined,
    /** The token whose secret has this SHA-256 (base64). */
    byHash: byHashKept,
    byTenant: (tenantId: string) => byTenant.all(tenantId) as TokenRow[],
    revoke: (id: string, at: number): void => {
      revoke.run(at, id)
      watch.touch()
    },
    activeCount: (tenantId: string, now: number) => (activeCount.get(tenantId, now) as { n: number }).n,
    /** When the next unrevoked token expires, after `after` (ms), or null. */
    nextExpiry: (after: number) => (nextExpiry.get(after) as number | null) ?? null,
    /** The tenants with an unrevoked token that expired in (after, upTo]. */
    expiredBetween: (after: number, upTo: number) => expiredBetween.all(after, upTo) as string[]
  }
}

export type TokensRepo = ReturnType<typeof createTokensRepo>
