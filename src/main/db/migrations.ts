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

// Part of step 2 (and so frozen with it): the SQL expression for the searchable text of a logged path. It drops
// `/scim/v2/<slug>` and a following `/Users` or `/Groups`, which are in nearly every row (the tenant and operation
// filters cover them) and would only make the index's busiest words busier; then it turns the %-escapes of ASCII
// punctuation into spaces. The tokenizer splits words at punctuation anyway, so a space is as good as the decoded
// character, and plain SQL keeps the trigger working in every process that opens the file.
export function searchablePath(row: 'new.' | ''): string {
  return decodedEscapes(searchableResource(row), escapeCodes)
}

// The path without its `/scim/v2/<slug>` and `/Users` or `/Groups`.
function searchableResource(row: 'new.' | ''): string {
  const base = `'/scim/v2/' || ${row}tenant_slug`
  const rest = `CASE WHEN substr(${row}path, 1, length(${base})) = ${base} THEN substr(${row}path, length(${base}) + 1) ELSE ${row}path END`
  const resource = `CASE WHEN lower(substr(rest, 1, 6)) = '/users' THEN substr(rest, 7) WHEN lower(substr(rest, 1, 7)) = '/groups' THEN substr(rest, 8) ELSE rest END`
  return resource.replaceAll('rest', `(${rest})`)
}

// The %-escapes searchablePath reads as spaces: the punctuation encodeURIComponent escapes, and ' ( ) that others do.
const escapeCodes = ['20', '22', '23', '25', '26', '27', '28', '29', '2B', '2C', '2F', '3A', '3B', '3C', '3D', '3E', '3F', '40', '5B', '5C', '5D', '7B', '7C', '7D'].flatMap(
  (hex) => (/[A-F]/.test(hex) ? [hex, hex.toLowerCase()] : [hex])
)

function decodedEscapes(sql: string, codes: readonly string[]): string {
  return codes.reduce((inner, hex) => `replace(${inner}, '%${hex}', ' ')`, sql)
}

const escapePattern = new RegExp(`%(?:${escapeCodes.join('|')})`, 'g')

/** `text` with the ASCII capitals lowered and nothing else, as SQLite's lower() does it. */
function lowerAscii(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase())
}

/**
 * searchablePath's text of one row, made in JavaScript: the log's writer indexes each batch with it, as its 34 nested
 * replace() calls cost 3-4 µs a row in SQL, more than the rest of the full-text index (log-batch.ts). The triggers
 * keep the SQL, which every process that opens the file can run; log-batch.test.ts holds the two to the same text.
 */
export function searchablePathText(path: string, tenantSlug: string | null): string {
  const base = tenantSlug === null ? null : `/scim/v2/${tenantSlug}`
  const rest = base !== null && path.startsWith(base) ? path.slice(base.length) : path
  const resource = lowerAscii(rest.slice(0, 6)) === '/users' ? rest.slice(6) : lowerAscii(rest.slice(0, 7)) === '/groups' ? rest.slice(7) : rest
  // The escapes cannot overlap ('%' is no hex digit) and a space makes none, so one pass replaces what the chain does.
  return resource.replace(escapePattern, ' ')
}

/**
 * searchablePath as the statements of a trigger, each nesting at most eight replace() calls: SQLite before 3.46 (the
 * sqlite3 shell of Debian 12 and Ubuntu 24.04, and the database browsers built on it) cannot parse 34 nested calls,
 * and a trigger it cannot parse makes it refuse the whole file as "malformed". The path is built in `scratch`.
 */
function searchablePathSteps(scratch: string): string {
  const chunks = Array.from({ length: Math.ceil(escapeCodes.length / 8) }, (_, index) => escapeCodes.slice(index * 8, index * 8 + 8))
  return [
    `INSERT OR REPLACE INTO ${scratch} (id, path) VALUES (new.id, ${searchableResource('new.')});`,
    ...chunks.map((codes) => `UPDATE ${scratch} SET path = ${decodedEscapes('path', codes)} WHERE id = new.id;`)
  ].join('\n        ')
}

/**
 * A log row's target as the `request_log_targets` index held it at step 4: its name (lower case, as COLLATE NOCASE
 * folds it: ASCII only) and its id, each as the hex of its UTF-8 bytes. Hex is one word to any tokenizer, so "starts
 * with" on a name is a prefix query on one word, whatever punctuation the name holds. Frozen with step 4, whose update
 * trigger still uses it; the writer folds names since step 13 (foldedTargetName).
 */
export function targetKeys(row: 'new.' | ''): { readonly name: string; readonly id: string } {
  return { name: `hex(lower(${row}target_name))`, id: `hex(${row}target_id)` }
}

const newTarget = targetKeys('new.')
const rowTarget = targetKeys('')

/**
 * The name key of a log row's target as the log's writer makes it since migration 13: the name folded as userNames
 * are (shared/fold-case.ts, the scim_fold function), as the hex of its UTF-8 bytes. A name of ASCII alone (its bytes
 * as many as its characters) is folded by SQLite's lower(), which lowers it exactly as foldCase does, at a tenth of a
 * call into JavaScript; only a name with other letters calls scim_fold. log-repo.ts targetKey makes the same.
 */
export function foldedTargetName(column: string): string {
  return `hex(CASE WHEN octet_length(${column}) IS length(${column}) THEN lower(${column}) ELSE scim_fold(${column}) END)`
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
  },
  {
    version: 2,
    name: 'provisioning log: full-text search and filter indexes',
    // Every log list is keyset-paged newest first on id, so the list indexes end in id: an equality on their
    // leading columns then yields rows already in page order. Failures are ~5% of traffic, so partial indexes
    // keep "failed" views small, and carry the status so that 4xx/5xx/429 are told apart without reading rows
    // (a row is over a kilobyte with its bodies). (at, status) and (tenant_id, at, status) answer the activity
    // chart, counts over a time range and the tenants table's figures from the index alone; the first replaces
    // step 1's (at). The full-text table is contentless (the text lives in request_log) and kept in sync by
    // triggers, so every writer, in any process, keeps it right; contentless_delete lets retention delete by
    // rowid alone; its vocabulary (request_log_fts_terms) lets a search expand a prefix into whole words itself.
    // The path is indexed without its `/scim/v2/<slug>/Users` scaffolding and with common %-escapes
    // decoded, so that a lookup's `userName%20eq%20%22jane%40acme.com%22` is found by "jane@acme.com".
    sql: `
      DROP INDEX request_log_at;
      CREATE INDEX request_log_at ON request_log(at, status);
      CREATE INDEX request_log_tenant_at ON request_log(tenant_id, at, status);
      CREATE INDEX request_log_failures ON request_log(tenant_id, id, status) WHERE status >= 400;
      CREATE INDEX request_log_failures_all ON request_log(id, status) WHERE status >= 400;
      CREATE INDEX request_log_tenant_operation ON request_log(tenant_id, operation, id);
      CREATE INDEX request_log_operation ON request_log(operation, id);
      CREATE INDEX request_log_target_id ON request_log(target_id, id) WHERE target_id IS NOT NULL;
      CREATE INDEX request_log_target_name ON request_log(target_name COLLATE NOCASE, id) WHERE target_name IS NOT NULL;

      CREATE VIRTUAL TABLE request_log_fts USING fts5(
        target, path, detail,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
      );

      CREATE VIRTUAL TABLE request_log_fts_terms USING fts5vocab(request_log_fts, 'instance');

      CREATE TRIGGER request_log_fts_insert AFTER INSERT ON request_log BEGIN
        INSERT INTO request_log_fts (rowid, target, path, detail)
        VALUES (new.id, new.target_name, ${searchablePath('new.')}, new.error_detail);
      END;
      CREATE TRIGGER request_log_fts_delete AFTER DELETE ON request_log BEGIN
        DELETE FROM request_log_fts WHERE rowid = old.id;
      END;
      CREATE TRIGGER request_log_fts_update AFTER UPDATE OF target_name, path, error_detail ON request_log BEGIN
        DELETE FROM request_log_fts WHERE rowid = old.id;
        INSERT INTO request_log_fts (rowid, target, path, detail)
        VALUES (new.id, new.target_name, ${searchablePath('new.')}, new.error_detail);
      END;

      INSERT INTO request_log_fts (rowid, target, path, detail)
        SELECT id, target_name, ${searchablePath('')}, error_detail FROM request_log;
    `
  },
  {
    version: 3,
    name: 'request log search indexed a batch at a time by the writer',
    // An FTS5 insert run by a trigger is a statement of its own for every row, and FTS5 flushes its pending
    // terms at each statement: 55 µs a row, the largest cost of a SCIM request. The log's writer indexes each
    // batch with one INSERT … SELECT instead (log-repo.ts insertMany), 9 µs a row. Deletes and updates keep
    // their triggers: they are rare, and retention runs them in the background.
    sql: `DROP TRIGGER request_log_fts_insert;`
  },
  {
    version: 4,
    name: 'request log targets indexed a batch at a time',
    // The (target_id) and (target_name) indexes put two entries a row at random places in their B-trees, so a batch
    // of log rows dirtied a page of each for nearly every row, and the log writer's commit and checkpoints wrote them
    // all, while the SCIM server's writes waited for that commit (1.3 ms with them, 0.85 without, under 32 PATCHes in
    // flight). A full-text index takes a batch at once, into a new segment written in order; this one holds each
    // target's name and id as one word each (targetKeys), which "starts with" and "is" look up as exactly as the
    // B-trees did. The writer indexes each batch (log-batch.ts); triggers keep it in step with deletes and updates.
    sql: `
      DROP INDEX request_log_target_id;
      DROP INDEX request_log_target_name;

      CREATE VIRTUAL TABLE request_log_targets USING fts5(
        name, id,
        content = '', contentless_delete = 1, detail = column,
        tokenize = 'ascii'
      );

      CREATE TRIGGER request_log_targets_delete AFTER DELETE ON request_log
        WHEN old.target_id IS NOT NULL OR old.target_name IS NOT NULL BEGIN
        DELETE FROM request_log_targets WHERE rowid = old.id;
      END;
      CREATE TRIGGER request_log_targets_update AFTER UPDATE OF target_name, target_id ON request_log BEGIN
        DELETE FROM request_log_targets WHERE rowid = old.id AND (old.target_id IS NOT NULL OR old.target_name IS NOT NULL);
        INSERT INTO request_log_targets (rowid, name, id)
          SELECT new.id, ${newTarget.name}, ${newTarget.id} WHERE new.target_id IS NOT NULL OR new.target_name IS NOT NULL;
      END;

      INSERT INTO request_log_targets (rowid, name, id)
        SELECT id, ${rowTarget.name}, ${rowTarget.id} FROM request_log
        WHERE target_id IS NOT NULL OR target_name IS NOT NULL;
    `
  },
  {
    version: 5,
    name: 'users and groups never reuse a seq',
    // The console pages users and groups with the seq of the last row shown (console-directory-repo.ts). A plain
    // INTEGER PRIMARY KEY gives a new row max(seq) + 1, so when the newest rows were deleted, including that last one,
    // a row created before the next page took a seq at or below the cursor and was never listed. AUTOINCREMENT never
    // hands out a seq twice (sqlite_sequence keeps the highest), and SQLite adds it only by rebuilding the table.
    // Each table keeps its rows, seqs (cursors already handed out stay valid) and indexes. Dropping a table deletes
    // its rows first, and with foreign keys on that would delete every group membership: they are kept aside and put
    // back once both tables are rebuilt.
    sql: `
      CREATE TEMP TABLE kept_group_members AS SELECT group_id, user_id, added_at FROM group_members;
      DELETE FROM group_members;

      CREATE TABLE users_rebuilt (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
      INSERT INTO users_rebuilt (seq, id, tenant_id, user_name, user_name_key, external_id, active, primary_email, display_name,
          resource, password_hash, version, created_at, updated_at)
        SELECT seq, id, tenant_id, user_name, user_name_key, external_id, active, primary_email, display_name,
          resource, password_hash, version, created_at, updated_at FROM users ORDER BY seq;
      DROP TABLE users;
      ALTER TABLE users_rebuilt RENAME TO users;
      CREATE UNIQUE INDEX users_user_name ON users(tenant_id, user_name_key);
      CREATE INDEX users_external_id ON users(tenant_id, external_id);
      CREATE INDEX users_primary_email ON users(tenant_id, primary_email COLLATE NOCASE);
      CREATE INDEX users_tenant_seq ON users(tenant_id, seq);

      CREATE TABLE groups_rebuilt (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
      INSERT INTO groups_rebuilt (seq, id, tenant_id, display_name, display_name_key, external_id, resource, version, created_at, updated_at)
        SELECT seq, id, tenant_id, display_name, display_name_key, external_id, resource, version, created_at, updated_at FROM groups ORDER BY seq;
      DROP TABLE groups;
      ALTER TABLE groups_rebuilt RENAME TO groups;
      CREATE UNIQUE INDEX groups_display_name ON groups(tenant_id, display_name_key);
      CREATE INDEX groups_external_id ON groups(tenant_id, external_id);
      CREATE INDEX groups_tenant_seq ON groups(tenant_id, seq);

      INSERT INTO group_members (group_id, user_id, added_at) SELECT group_id, user_id, added_at FROM kept_group_members;
      DROP TABLE kept_group_members;
    `
  },
  {
    version: 6,
    name: 'every trigger readable by older SQLite',
    // Step 2's update trigger nested 34 replace() calls. SQLite before 3.46 has a parser stack of 100 entries and
    // cannot parse it, and a schema it cannot parse makes it refuse the whole file ("malformed database schema"):
    // Support could not open the console's database in the sqlite3 shell of Debian 12 or Ubuntu 24.04, nor in the
    // database browsers built on such versions. The trigger now builds the searchable path a few calls at a time, in
    // a row of its own table, then indexes it. Nothing in the console updates these columns; the trigger keeps the
    // search right for any tool that does.
    sql: `
      DROP TRIGGER request_log_fts_update;
      CREATE TABLE request_log_fts_scratch (id INTEGER PRIMARY KEY, path TEXT);
      CREATE TRIGGER request_log_fts_update AFTER UPDATE OF target_name, path, error_detail ON request_log BEGIN
        DELETE FROM request_log_fts WHERE rowid = old.id;
        ${searchablePathSteps('request_log_fts_scratch')}
        INSERT INTO request_log_fts (rowid, target, path, detail)
          SELECT new.id, new.target_name, path, new.error_detail FROM request_log_fts_scratch WHERE id = new.id;
        DELETE FROM request_log_fts_scratch WHERE id = new.id;
      END;
    `
  },
  {
    version: 7,
    name: 'the identity provider a tenant was set up for',
    // Said by a CSM (TenantSummary.setupProvider); it was kept in one computer's browser storage, which a backup, the
    // CLI and a new profile did not see. Null: not said.
    sql: `
      ALTER TABLE tenants ADD COLUMN setup_provider TEXT CHECK (setup_provider IN ('okta', 'entra'));
    `
  },
  {
    version: 8,
    name: 'no password hashes kept',
    // Earlier versions kept a salted SHA-256 of each password Okta or Entra sent; the console signs no one in, and a copy
    // of the file must not let a weak password be found by trying. Rows keep only that a password was sent
    // (db/directory-repo.ts passwordSentNote). The freed pages are overwritten as the file is reused or vacuumed.
    sql: `
      UPDATE users SET password_hash = 'sent, not kept' WHERE password_hash IS NOT NULL;
    `
  },
  {
    version: 9,
    name: 'names that differ only in Unicode composition are one name',
    // The keys were lower-cased only, so "école" with its accent as one character and as two (e + U+0301) were two
    // users. scim_fold (connection.ts) also composes. Where two rows would now share a key, the one updated second
    // keeps its old key (OR IGNORE) rather than fail the step: both stay reachable by id, and a write to that one is a
    // 409 whose detail says the names are the same letters encoded two ways (core/directory.ts).
    sql: `
      UPDATE OR IGNORE users SET user_name_key = scim_fold(user_name) WHERE user_name_key <> scim_fold(user_name);
      UPDATE OR IGNORE groups SET display_name_key = scim_fold(display_name) WHERE display_name_key <> scim_fold(display_name);
    `
  },
  {
    version: 10,
    name: 'an index of the requests SCIM Console sent itself',
    // The requests of SCIM Console's own simulators and self-tests count toward no failure figure (shared/request-
    // outcome.ts); they are told by the mark in their User-Agent, which the log already keeps (`client`), so no column
    // is added. A tenant's health leaves them out of its failure rate, which needs their count over 24 hours: without
    // this index that count reads every row of the range (a row is over a kilobyte), on the thread that answers SCIM,
    // where the rest of the chart reads only the (tenant_id, at, status) index. This one holds their rows alone, few,
    // so that the count is as cheap. Its condition is db/outcome-sql.ts simulatorCondition('client'), as written then.
    sql: `
      CREATE INDEX request_log_simulated ON request_log(at, tenant_id, status) WHERE instr(client, 'SCIM-Console-Simulator') > 0;
    `
  },
  {
    version: 11,
    name: 'an index of the changes made in SCIM Console',
    // A change made in the console is logged as the request it equals (core/console-directory.ts), but it is no request:
    // a tenant's health must not count a CSM's five edits as five requests from Okta. As for migration 10, the count
    // over 24 hours would otherwise read every row of the range; these rows are few. Its condition is db/outcome-sql.ts
    // consoleChangeCondition('').
    sql: `
      CREATE INDEX request_log_console ON request_log(at, tenant_id) WHERE auth_scheme = 'console';
    `
  },
  {
    version: 12,
    name: 'the Greek final sigma is folded as sigma in name keys',
    // scim_fold (shared/fold-case.ts) now folds ς to σ, so "νίκος" and "νίκοσ" are one name. Keys made before are made
    // again, as migration 9 did, and where two rows would now share a key the one updated second keeps its old one.
    sql: `
      UPDATE OR IGNORE users SET user_name_key = scim_fold(user_name) WHERE user_name_key <> scim_fold(user_name);
      UPDATE OR IGNORE groups SET display_name_key = scim_fold(display_name) WHERE display_name_key <> scim_fold(display_name);
    `
  },
  {
    version: 13,
    name: "the log's target names folded as userNames are",
    // The target index held each name lower-cased by SQLite's lower(), which lowers ASCII letters only, so the log's
    // "user or group" filter and `logs --user` found "ÉMILE@acme.com" by "émile@" only when typed with the capital É,
    // and "ΝΊΚΟΣ" never by "νίκος", though the server takes them for one user. The writer now folds names as the
    // server folds userNames (foldedTargetName); the rows logged before with a name that folds otherwise than lower()
    // lowers it (a letter beyond ASCII in upper case, an accent sent as two characters, a final ς) are indexed again.
    // The update trigger of migration 4 keeps lower(): a trigger must run in every tool that opens the file (the
    // sqlite3 shell has no scim_fold), and nothing in the console rewrites a logged row.
    sql: `
      CREATE TEMP TABLE refolded_targets AS
        SELECT id, ${foldedTargetName('target_name')} AS name, hex(target_id) AS target FROM request_log
        WHERE target_name IS NOT NULL AND octet_length(target_name) <> length(target_name) AND scim_fold(target_name) <> lower(target_name);
      DELETE FROM request_log_targets WHERE rowid IN (SELECT id FROM refolded_targets);
      INSERT INTO request_log_targets (rowid, name, id) SELECT id, name, target FROM refolded_targets;
      DROP TABLE refolded_targets;
    `
  },
  {
    version: 14,
    name: 'what a refused request was about, as facts',
    // The log's diagnosis read the current version of a 412, and the members of a group write that were groups or no
    // user, out of the words of the error detail, so that rewording a detail broke its diagnosis. The server now keeps
    // them as JSON (shared/models.ts ErrorFacts) with the row. The rows logged before get them from their detail, as it
    // was worded up to now (scim_legacy_error_facts, connection.ts); a detail it cannot read leaves them null. Only 400s
    // and 412s have any, and the status index finds those.
    sql: `
      ALTER TABLE request_log ADD COLUMN error_facts TEXT;
      UPDATE request_log SET error_facts = scim_legacy_error_facts(status, error_detail) WHERE status IN (400, 412) AND error_detail IS NOT NULL;
    `
  },
  {
    version: 15,
    name: "what a 409, 429 or 5xx was about, and an unreadable body, as facts",
    // The diagnosis read the name a 409 found taken, a 429's Retry-After and budget, what a 5xx was (a full disk, a busy
    // database, a stopping server, a bug's id), a body that is not JSON and a refused list parameter out of the detail's
    // words too; the server now keeps them with the row (shared/models.ts ErrorFacts). The rows logged before get them
    // from their detail as it was worded up to now (scim_legacy_error_facts_15, connection.ts), added to the facts
    // migration 14 gave them; a detail it cannot read leaves the row as it was. Step 14 is left as it was released.
    sql: `
      UPDATE request_log SET error_facts = legacy.facts
        FROM (
          SELECT id, scim_legacy_error_facts_15(status, error_type, error_detail, injected, request_body IS NOT NULL, error_facts) AS facts FROM request_log
          WHERE status IN (400, 409, 429) OR status >= 500
        ) AS legacy
        WHERE request_log.id = legacy.id AND legacy.facts IS NOT NULL;
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
