import { readWhileUnchanged, type ChangeWatch } from './change-watch'
import { immediateTransactions, type Db } from './connection'
import { errorStatusCondition, failureConditions, failureExpression, notSimulatorCondition, simulatorCondition, throttledExpression } from './outcome-sql'

/** A tenants row as stored. */
export interface TenantRow {
  readonly id: string
  readonly name: string
  readonly slug: string
  readonly rate_limit_per_minute: number
  readonly created_at: number
  readonly setup_provider: 'okta' | 'entra' | null
}

/** Tenant figures for the tenants table, computed in SQL. */
export interface TenantStatsRow {
  readonly tenant_id: string
  readonly user_count: number
  readonly group_count: number
  readonly active_token_count: number
  readonly last_request_at: number | null
}

/** All SQL about tenants. Statements are prepared once. */
export function createTenantsRepo(db: Db, watch: ChangeWatch) {
  const insert = db.prepare(
    `INSERT INTO tenants (id, name, slug, rate_limit_per_minute, created_at, setup_provider)
      VALUES (@id, @name, @slug, @rate_limit_per_minute, @created_at, @setup_provider)`
  )
  const byId = db.prepare('SELECT * FROM tenants WHERE id = ?')
  const bySlug = db.prepare('SELECT * FROM tenants WHERE slug = ?')
  // Every SCIM request names its tenant by slug.
  const bySlugKept = readWhileUnchanged(watch, (slug: string) => bySlug.get(slug) as TenantRow | undefined)
  const all = db.prepare('SELECT * FROM tenants ORDER BY name COLLATE NOCASE')
  const update = db.prepare(
    'UPDATE tenants SET name = @name, rate_limit_per_minute = @rate_limit_per_minute, setup_provider = @setup_provider WHERE id = @id'
  )
  const remove = db.prepare('DELETE FROM tenants WHERE id = ?')
  const stats = db.prepare(`
    SELECT t.id AS tenant_id,
      (SELECT count(*) FROM users u WHERE u.tenant_id = t.id) AS user_count,
      (SELECT count(*) FROM groups g WHERE g.tenant_id = t.id) AS group_count,
      (SELECT count(*) FROM tokens k WHERE k.tenant_id = t.id AND k.revoked_at IS NULL
         AND (k.expires_at IS NULL OR k.expires_at > @now)) AS active_token_count,
      (SELECT max(l.at) FROM request_log l WHERE l.tenant_id = t.id AND l.auth_scheme <> 'console') AS last_request_at
    FROM tenants t`)
  // The customer's requests only: a change made in SCIM Console (auth_scheme 'console') is logged too, but no client
  // sent it; and an Entra demo run on an Okta tenant says nothing of who provisions it.
  const latestClients = db.prepare(
    `SELECT client, path FROM request_log WHERE tenant_id = ? AND auth_scheme <> 'console' AND ${notSimulatorCondition('')} ORDER BY at DESC LIMIT ?`
  )
  // Failures as shared/request-outcome.ts counts them (no 429, nothing SCIM Console's simulators sent), and throttles
  // apart, in two index-only reads: the error answers by status from the (tenant_id, at, status) index, then the
  // simulators' failures, from their own partial index (migration 10), to take away. One query that read the client
  // of every error answer read the table: 250-390 ms at 60,000 failures, against 12-14.
  const errors = db.prepare(`
    SELECT tenant_id, CAST((at - @since) / @bucket AS INTEGER) AS bucket,
      sum(${failureExpression('status')}) AS failures, sum(${throttledExpression('status')}) AS throttled
    FROM request_log WHERE at >= @since AND ${errorStatusCondition('status')} AND tenant_id IS NOT NULL
    GROUP BY tenant_id, bucket`)
  const simulatedFailures = db.prepare(`
    SELECT tenant_id, CAST((at - @since) / @bucket AS INTEGER) AS bucket, count(*) AS failures
    FROM request_log WHERE at >= @since AND ${failureConditions('status').join(' AND ')} AND tenant_id IS NOT NULL AND ${simulatorCondition('')}
    GROUP BY tenant_id, bucket`)

  return {
    /**
     * Runs a check and the write it allows in one IMMEDIATE transaction: the app and the CLI share the file, and a
     * name checked free in one process may otherwise be taken by the other before the INSERT.
     */
    inTransaction: immediateTransactions(db),
    insert: (row: TenantRow): void => {
      insert.run(row)
      watch.touch()
    },
    byId: (id: string) => byId.get(id) as TenantRow | undefined,
    bySlug: bySlugKept,
    all: () => all.all() as TenantRow[],
    update: (row: Pick<TenantRow, 'id' | 'name' | 'rate_limit_per_minute' | 'setup_provider'>): void => {
      update.run(row)
      watch.touch()
    },
    remove: (id: string): void => {
      remove.run(id)
      watch.touch()
    },
    stats: (now: number) => stats.all({ now }) as TenantStatsRow[],
    /** Who sent the tenant's latest `limit` requests (User-Agent and path, which may carry Entra's flag), newest first. */
    latestClients: (tenantId: string, limit: number) => latestClients.all(tenantId, limit) as { client: string | null; path: string }[],
    /** Failed and throttled requests per tenant in fixed buckets since `since` (buckets with neither may be missing). */
    failureBuckets: (since: number, bucket: number) => {
      const simulated = new Map(
        (simulatedFailures.all({ since, bucket }) as { tenant_id: string; bucket: number; failures: number }[]).map((row) => [`${row.tenant_id} ${row.bucket}`, row.failures])
      )
      return (errors.all({ since, bucket }) as { tenant_id: string; bucket: number; failures: number; throttled: number }[]).map((row) => ({
        ...row,
        failures: row.failures - (simulated.get(`${row.tenant_id} ${row.bucket}`) ?? 0)
      }))
    }
  }
}

export type TenantsRepo = ReturnType<typeof createTenantsRepo>
