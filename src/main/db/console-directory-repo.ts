import { foldFunction, type Db } from './connection'
import type { SqlCondition } from './directory-repo'
import { containsPattern } from './search-repo'

/**
 * The console's search over a tenant's users, as a condition over alias `u` for the directory's list query:
 * userName, display name, given and family name (and both together, in either order: "jane doe", "doe jane"), primary
 * email, and the two ids a CSM pastes: the SCIM id (from the log) and the Okta user id (externalId, from Okta's admin
 * console).
 */
export function userSearchCondition(search: string | undefined, status: 'all' | 'active' | 'inactive' = 'all'): SqlCondition | undefined {
  const clauses: string[] = []
  const params: unknown[] = []
  const text = search?.trim()
  if (text) {
    const pattern = containsPattern(text)
    // Folded as the pattern is (foldCase), so that "émile" finds "Émile": SQLite's lower() folds ASCII only.
    clauses.push(`(u.user_name_key LIKE ? ESCAPE '\\' OR ${foldFunction}(u.primary_email) LIKE ? ESCAPE '\\' OR ${foldFunction}(u.display_name) LIKE ? ESCAPE '\\'
      OR ${foldFunction}(coalesce(json_extract(u.resource, '$.name.givenName'), '') || ' ' || coalesce(json_extract(u.resource, '$.name.familyName'), '')) LIKE ? ESCAPE '\\'
      OR ${foldFunction}(coalesce(json_extract(u.resource, '$.name.familyName'), '') || ' ' || coalesce(json_extract(u.resource, '$.name.givenName'), '')) LIKE ? ESCAPE '\\'
      OR ${foldFunction}(u.id) LIKE ? ESCAPE '\\' OR ${foldFunction}(u.external_id) LIKE ? ESCAPE '\\')`)
    params.push(pattern, pattern, pattern, pattern, pattern, pattern, pattern)
  }
  if (status === 'active') clauses.push('u.active = 1')
  if (status === 'inactive') clauses.push('u.active = 0')
  return clauses.length ? { sql: clauses.join(' AND '), params } : undefined
}

/** The console's search over a tenant's groups by displayName, SCIM id or Okta group id, as a condition over alias `g`. */
export function groupSearchCondition(search: string | undefined): SqlCondition | undefined {
  const text = search?.trim()
  if (!text) return undefined
  const pattern = containsPattern(text)
  return {
    sql: `(g.display_name_key LIKE ? ESCAPE '\\' OR ${foldFunction}(g.id) LIKE ? ESCAPE '\\' OR ${foldFunction}(g.external_id) LIKE ? ESCAPE '\\')`,
    params: [pattern, pattern, pattern]
  }
}

/**
 * `condition` narrowed to the rows listed after the one with `afterSeq`: the console lists in insertion order (`seq`,
 * the directory's list order when no sort is given), so a page that starts after the last row's seq neither skips nor
 * repeats rows when others are deleted or added between pages, as a row offset would. A seq is never handed out
 * twice (migration 5), so a row added between pages always comes after the cursor.
 */
export function afterSeqCondition(alias: 'u' | 'g', condition: SqlCondition | undefined, afterSeq: number | null): SqlCondition | undefined {
  if (afterSeq === null) return condition
  const after = `${alias}.seq > ?`
  return condition ? { sql: `(${condition.sql}) AND ${after}`, params: [...condition.params, afterSeq] } : { sql: after, params: [afterSeq] }
}

/** The few queries the console's directory pages need beyond the SCIM server's. */
export function createConsoleDirectoryRepo(db: Db) {
  const userSeq = db.prepare('SELECT seq FROM users WHERE id = ?').pluck()
  const groupSeq = db.prepare('SELECT seq FROM groups WHERE id = ?').pluck()
  // Deferred: a read transaction that takes no write lock, only a snapshot. Built once (connection.ts says why).
  const readTransaction = db.transaction((work: () => unknown) => work())
  const memberCounts = db.prepare(`SELECT group_id, count(*) AS n FROM group_members
    WHERE group_id IN (SELECT value FROM json_each(?)) GROUP BY group_id`)
  const members = db.prepare(`SELECT u.id, u.user_name, u.active FROM group_members gm JOIN users u ON u.id = gm.user_id
    WHERE gm.group_id = ? ORDER BY u.user_name_key`)
  return {
    /** How many members each group has, without loading the members. */
    memberCounts: (groupIds: readonly string[]): Map<string, number> =>
      new Map(
        groupIds.length === 0
          ? []
          : (memberCounts.all(JSON.stringify(groupIds)) as { group_id: string; n: number }[]).map((row) => [row.group_id, row.n])
      ),
    /** A group's members with their status, by userName. */
    members: (groupId: string) => members.all(groupId) as { id: string; user_name: string; active: number }[],
    /** A user's place in the list order, for the next page's cursor. */
    userSeq: (id: string) => userSeq.get(id) as number | undefined,
    /** A group's place in the list order, for the next page's cursor. */
    groupSeq: (id: string) => groupSeq.get(id) as number | undefined,
    /**
     * Runs reads against one snapshot of the file, so that a page, its count and its cursor agree even while the SCIM
     * server or the CLI writes from another connection.
     */
    snapshot: <T>(work: () => T): T => readTransaction(work) as T
  }
}

export type ConsoleDirectoryRepo = ReturnType<typeof createConsoleDirectoryRepo>
