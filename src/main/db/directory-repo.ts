import { boundLimit, createStatementCache, immediateTransactions, type Db } from './connection'

/**
 * What the users table's `password_hash` column holds for a user whose client sent a password: a note that one was
 * sent, never the password nor anything derived from it (migration 8 replaced the hashes kept before with the same
 * note). A user who was never sent one has NULL. Only this file reads or writes the column; the rest of the code sees
 * `passwordSent`.
 */
const passwordSentNote = 'sent, not kept'

/**
 * A users row. `resource` is the SCIM User as JSON text, without id, meta, groups or password. The fields are the
 * stored columns, except `passwordSent`: the `password_hash` column read as a yes or no. The column keeps the name it
 * had when it held a hash: renaming it would take a new migration (applied ones are never edited), and the scripts that
 * write users rows directly (bench/run.mjs, tests) would change with it, for a name nothing outside this file sees.
 */
export interface UserRow {
  readonly seq?: number
  readonly id: string
  readonly tenant_id: string
  readonly user_name: string
  readonly user_name_key: string
  readonly external_id: string | null
  readonly active: number
  readonly primary_email: string | null
  readonly display_name: string | null
  readonly resource: string
  /** Whether a client ever sent this user a password (kept: that one was sent, nothing else). */
  readonly passwordSent: boolean
  readonly version: number
  readonly created_at: number
  readonly updated_at: number
}

/** A users row with the user's groups as JSON text: `[[group id, displayName], …]`, in displayName order. */
export interface UserWithGroupsRow extends UserRow {
  readonly groups_json: string
}

/** A users row as SQLite has it, with the password column as it is named and stored. */
type StoredUserRow = Omit<UserRow, 'passwordSent'> & { readonly password_hash: string | null }

/** A row read from SQLite, with the password column read as `passwordSent`. */
function fromStored<Stored extends StoredUserRow>(stored: Stored): Omit<Stored, 'password_hash'> & { readonly passwordSent: boolean } {
  const { password_hash: column, ...columns } = stored
  return { ...columns, passwordSent: column !== null }
}

/** What the password column stores for a row. */
function passwordColumn(row: UserRow): string | null {
  return row.passwordSent ? passwordSentNote : null
}

/** A groups row as stored. `resource` is the SCIM Group without id, meta and members. */
export interface GroupRow {
  readonly seq?: number
  readonly id: string
  readonly tenant_id: string
  readonly display_name: string
  readonly display_name_key: string
  readonly external_id: string | null
  readonly resource: string
  readonly version: number
  readonly created_at: number
  readonly updated_at: number
}

/** A compiled filter: an SQL boolean expression over alias `u` or `g`, with its parameters. */
export interface SqlCondition {
  readonly sql: string
  readonly params: readonly unknown[]
}

export interface ListWindow {
  readonly where?: SqlCondition
  /** An SQL expression to sort by before the stable insertion order; already validated. */
  readonly orderBy?: string
  readonly descending?: boolean
  readonly offset: number
  readonly limit: number
}

/** A member as listed: the user id, with the userName for `display`. */
export interface MemberRow {
  readonly group_id: string
  readonly user_id: string
  readonly user_name: string
}

/** Tells a UNIQUE-constraint failure apart from other SQLite errors. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
  )
}

/** The columns of a user that a replace may change. */
const updatableUserColumns = [
  'user_name', 'user_name_key', 'external_id', 'active', 'primary_email', 'display_name', 'resource', 'password_hash', 'version', 'updated_at'
] as const satisfies readonly (keyof StoredUserRow)[]

/** What `row` stores in one of those columns. */
function columnValue(row: UserRow, column: (typeof updatableUserColumns)[number]): unknown {
  return column === 'password_hash' ? passwordColumn(row) : row[column]
}

/** All SQL about users, groups and memberships. */
export function createDirectoryRepo(db: Db) {
  const insertUser = db.prepare(`INSERT INTO users (id, tenant_id, user_name, user_name_key, external_id, active, primary_email,
      display_name, resource, password_hash, version, created_at, updated_at)
    VALUES (@id, @tenant_id, @user_name, @user_name_key, @external_id, @active, @primary_email, @display_name, @resource,
      @password_hash, @version, @created_at, @updated_at)`)
  // A user with its groups (the readOnly `groups` attribute) in one statement: Okta reads a user by id for a GET and
  // before every PUT, PATCH and DELETE. Under load each statement costs 10-20 µs, as the caches are cold between
  // requests (2-3 µs in a loop). One statement instead of two, timed in the server under load: a GET's read of a user
  // in no group went from 36-41 µs to 31-37; of users in groups (2.5 on average), 48-49 µs to 43-50. Pages of users
  // keep reading their groups in one batch (groupsOfUsers): a subquery per row made a page of 100 take twice as long.
  const userById = db.prepare(`SELECT u.*, (SELECT json_group_array(json_array(g.id, g.display_name) ORDER BY g.display_name_key)
      FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.user_id = u.id) AS groups_json
    FROM users u WHERE u.tenant_id = ? AND u.id = ?`)
  const userByName = db.prepare('SELECT * FROM users WHERE tenant_id = ? AND user_name_key = ?')
  const deleteUser = db.prepare('DELETE FROM users WHERE tenant_id = ? AND id = ?')
  const userGroups = db.prepare(`SELECT gm.user_id, g.id, g.display_name FROM group_members gm JOIN groups g ON g.id = gm.group_id
    WHERE gm.user_id IN (SELECT value FROM json_each(?)) ORDER BY g.display_name_key`)
  // `+?`, not `?`: SQLite plans a join again at every run when a bare parameter is compared in it (it might pick a
  // better plan for the value), which costs 9 µs where the query costs 2, on every user Okta reads or writes.
  const oneUserGroups = db.prepare(`SELECT gm.user_id, g.id, g.display_name FROM group_members gm JOIN groups g ON g.id = gm.group_id
    WHERE gm.user_id = +? ORDER BY g.display_name_key`)
  const existingUserIds = db.prepare('SELECT id FROM users WHERE tenant_id = ? AND id IN (SELECT value FROM json_each(?))')
  const groupsAmong = db.prepare('SELECT id, display_name FROM groups WHERE tenant_id = ? AND id IN (SELECT value FROM json_each(?))')

  const insertGroup = db.prepare(`INSERT INTO groups (id, tenant_id, display_name, display_name_key, external_id, resource, version,
      created_at, updated_at)
    VALUES (@id, @tenant_id, @display_name, @display_name_key, @external_id, @resource, @version, @created_at, @updated_at)`)
  const updateGroup = db.prepare(`UPDATE groups SET display_name = @display_name, display_name_key = @display_name_key,
      external_id = @external_id, resource = @resource, version = @version, updated_at = @updated_at
    WHERE id = @id AND tenant_id = @tenant_id`)
  const groupById = db.prepare('SELECT * FROM groups WHERE tenant_id = ? AND id = ?')
  const groupByName = db.prepare('SELECT * FROM groups WHERE tenant_id = ? AND display_name_key = ?')
  const deleteGroup = db.prepare('DELETE FROM groups WHERE tenant_id = ? AND id = ?')
  const members = db.prepare(`SELECT gm.group_id, gm.user_id, u.user_name FROM group_members gm JOIN users u ON u.id = gm.user_id
    WHERE gm.group_id IN (SELECT value FROM json_each(?)) ORDER BY gm.added_at, u.seq`)
  const addMember = db.prepare('INSERT OR IGNORE INTO group_members (group_id, user_id, added_at) VALUES (?, ?, ?)')
  const removeMember = db.prepare('DELETE FROM group_members WHERE group_id = ? AND user_id = ?')
  const bumpGroup = db.prepare('UPDATE groups SET version = version + 1, updated_at = ? WHERE id = ?')
  const bumpUser = db.prepare('UPDATE users SET version = version + 1, updated_at = ? WHERE id = ?')

  const prepared = createStatementCache(db)
  const inTransaction = immediateTransactions(db)

  function listRows<T>(table: 'users' | 'groups', alias: 'u' | 'g', tenantId: string, window: ListWindow): { rows: T[]; total: number } {
    const where = window.where ? ` AND (${window.where.sql})` : ''
    const params: unknown[] = [tenantId, ...(window.where?.params ?? [])]
    const count = () =>
      (prepared(`SELECT count(*) AS n FROM ${table} ${alias} WHERE ${alias}.tenant_id = ?${where}`).get(...params) as { n: number }).n
    if (window.limit === 0) return { rows: [], total: count() }
    // RFC 7644 §3.4.2.3: resources with no value to sort by come last in ascending order and first in descending,
    // where SQLite puts NULL first in ascending order and last in descending.
    const direction = window.descending ? 'DESC NULLS FIRST' : 'ASC NULLS LAST'
    const order = window.orderBy ? `${window.orderBy} ${direction}, ${alias}.seq` : `${alias}.seq`
    const rows = prepared(`SELECT ${alias}.* FROM ${table} ${alias} WHERE ${alias}.tenant_id = ?${where} ORDER BY ${order} LIMIT ${boundLimit} OFFSET ?`).all(...params, window.limit, window.offset) as T[]
    // A first page that is not full is the whole result: Okta's lookups then cost one query, not two.
    return { rows, total: window.offset === 0 && rows.length < window.limit ? rows.length : count() }
  }

  return {
    insertUser: (row: UserRow): void => void insertUser.run({ ...row, password_hash: passwordColumn(row) }),
    /**
     * Writes the columns of `row` that differ from `current`, the row as stored. SQLite rewrites the index entries of
     * every column an UPDATE sets, changed or not: a deactivation that set all of them wrote twice the WAL pages and
     * took twice as long (measured: 13-20 µs against 6-10 µs an update, commit included).
     */
    updateUser(row: UserRow, current: UserRow): void {
      const columns = updatableUserColumns.filter((column) => columnValue(row, column) !== columnValue(current, column))
      if (columns.length === 0) return
      prepared(`UPDATE users SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE id = ? AND tenant_id = ?`).run(
        ...columns.map((column) => columnValue(row, column)),
        row.id,
        row.tenant_id
      )
    },
    userById: (tenantId: string, id: string): UserWithGroupsRow | undefined => {
      const stored = userById.get(tenantId, id) as (StoredUserRow & { readonly groups_json: string }) | undefined
      return stored && fromStored(stored)
    },
    userByName: (tenantId: string, userNameKey: string): UserRow | undefined => {
      const stored = userByName.get(tenantId, userNameKey) as StoredUserRow | undefined
      return stored && fromStored(stored)
    },
    deleteUser: (tenantId: string, id: string): boolean => deleteUser.run(tenantId, id).changes > 0,
    listUsers: (tenantId: string, window: ListWindow) => {
      const { rows, total } = listRows<StoredUserRow>('users', 'u', tenantId, window)
      return { rows: rows.map((row) => fromStored(row)), total }
    },
    /** The groups of each user, for the readOnly `groups` attribute. */
    groupsOfUsers: (userIds: readonly string[]) =>
      (userIds.length === 1 ? oneUserGroups.all(userIds[0]) : userGroups.all(JSON.stringify(userIds))) as {
        user_id: string
        id: string
        display_name: string
      }[],
    /** Which of these ids are users of the tenant. */
    existingUserIds: (tenantId: string, ids: readonly string[]) =>
      new Set((existingUserIds.all(tenantId, JSON.stringify(ids)) as { id: string }[]).map((row) => row.id)),
    /** The groups of the tenant among `ids`, with their names: read only to explain a member that is not a user. */
    groupsAmong: (tenantId: string, ids: readonly string[]) =>
      groupsAmong.all(tenantId, JSON.stringify(ids)) as { id: string; display_name: string }[],

    insertGroup: (row: GroupRow): void => void insertGroup.run(row),
    updateGroup: (row: GroupRow): void => void updateGroup.run(row),
    groupById: (tenantId: string, id: string) => groupById.get(tenantId, id) as GroupRow | undefined,
    groupByName: (tenantId: string, displayNameKey: string) => groupByName.get(tenantId, displayNameKey) as GroupRow | undefined,
    deleteGroup: (tenantId: string, id: string): boolean => deleteGroup.run(tenantId, id).changes > 0,
    listGroups: (tenantId: string, window: ListWindow) => listRows<GroupRow>('groups', 'g', tenantId, window),
    membersOf: (groupIds: readonly string[]) => members.all(JSON.stringify(groupIds)) as MemberRow[],
    addMember: (groupId: string, userId: string, at: number): void => void addMember.run(groupId, userId, at),
    removeMember: (groupId: string, userId: string): void => void removeMember.run(groupId, userId),
    /** A membership change is a change of the group: new version and lastModified. */
    touchGroup: (groupId: string, at: number): void => void bumpGroup.run(at, groupId),
    /** A membership change is a change of the user too (its readOnly `groups`): new version and lastModified. */
    touchUser: (userId: string, at: number): void => void bumpUser.run(at, userId),
    /** Runs `work` in one write transaction. */
    transaction: inTransaction
  }
}

export type DirectoryRepo = ReturnType<typeof createDirectoryRepo>
