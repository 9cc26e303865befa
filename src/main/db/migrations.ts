import type Database from 'better-sqlite3'

/** One numbered schema step. Steps are never edited once released; add a new one instead. */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

/** Thrown when a database was written by a build that knows steps this one does not. */
export class SchemaDriftError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SchemaDriftError'
  }
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'tenants, tokens, directory, request log, settings',
    sql: `
      CREATE TABLE tenants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        slug TEXT NOT NULL UNIQUE,
        rate_limit_per_minute INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX tenants_name ON tenants(name COLLATE NOCASE);

      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        prefix TEXT NOT NULL,
        hash BLOB NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        revoked_at INTEGER,
        last_used_at INTEGER
      );
      CREATE INDEX tokens_tenant ON tokens(tenant_id, created_at);

      CREATE TABLE users (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        user_name TEXT NOT NULL,
        user_name_key TEXT NOT NULL,
        external_id TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        primary_email TEXT,
        display_name TEXT,
        resource TEXT NOT NULL,
        password_hash TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX users_user_name ON users(tenant_id, user_name_key);
      CREATE INDEX users_external_id ON users(tenant_id, external_id);
      CREATE INDEX users_primary_email ON users(tenant_id, primary_email COLLATE NOCASE);
      CREATE INDEX users_tenant_seq ON users(tenant_id, seq);

      CREATE TABLE groups (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        display_name TEXT NOT NULL,
        display_name_key TEXT NOT NULL,
        external_id TEXT,
        resource TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX groups_display_name ON groups(tenant_id, display_name_key);
      CREATE INDEX groups_external_id ON groups(tenant_id, external_id);
      CREATE INDEX groups_tenant_seq ON groups(tenant_id, seq);

      CREATE TABLE group_members (
        group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        added_at INTEGER NOT NULL,
        PRIMARY KEY (group_id, user_id)
      ) WITHOUT ROWID;
      CREATE INDEX group_members_user ON group_members(user_id);

      CREATE TABLE request_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        tenant_id TEXT,
        tenant_slug TEXT,
        token_id TEXT,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        status INTEGER NOT NULL,
        duration_ms REAL NOT NULL,
        client TEXT,
        operation TEXT NOT NULL,
        target_type TEXT,
        target_id TEXT,
        target_name TEXT,
        auth_scheme TEXT NOT NULL,
        request_headers TEXT NOT NULL,
        request_body TEXT,
        response_body TEXT,
        error_type TEXT,
        error_detail TEXT,
        injected INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX request_log_tenant ON request_log(tenant_id, id);
      CREATE INDEX request_log_status ON request_log(status, id);
      CREATE INDEX request_log_at ON request_log(at);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `
  }
]

/**
 * Applies the steps the database lacks, each in its own transaction with its own record.
 * Refuses a database whose applied steps are not a prefix of the known ones: it was written by a
 * newer or different build, and carrying on could lose data.
 */
export function migrate(db: Database.Database, steps: readonly Migration[] = migrations): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`)
  const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as {
    version: number
    name: string
  }[]
  applied.forEach((row, index) => {
    const known = steps[index]
    if (!known || known.version !== row.version || known.name !== row.name) {
      throw new SchemaDriftError(
        `The database has schema step ${row.version} ("${row.name}"), which this version of SCIM Console does not know. ` +
          'It was probably written by a newer version; open it with that version, or restore a backup.'
      )
    }
  })
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?')
  for (const step of steps.slice(applied.length)) {
    db.transaction(() => {
      // Another process may have applied the step while we waited for the write lock.
      if (isApplied.get(step.version)) return
      db.exec(step.sql)
      record.run(step.version, step.name, Date.now())
    }).immediate()
  }
}
