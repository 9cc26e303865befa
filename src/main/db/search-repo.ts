import { foldFunction, type Db } from './connection'
import { userSearchCondition } from './console-directory-repo'
import type { TenantRow } from './tenants-repo'

/** A LIKE pattern that matches `text` anywhere, with LIKE's wildcards escaped (used with ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`
}

/** A LIKE pattern that matches values starting with `text`. */
export function prefixPattern(text: string): string {
  return `${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`
}

/** The command palette's queries across every tenant. */
export function createSearchRepo(db: Db) {
  // Names and emails are folded as the patterns are (JavaScript's toLowerCase): SQLite's lower() folds ASCII only.
  const tenants = db.prepare(`SELECT * FROM tenants
    WHERE ${foldFunction}(name) LIKE @pattern ESCAPE '\\' OR slug LIKE @pattern ESCAPE '\\'
    ORDER BY (${foldFunction}(name) LIKE @prefix ESCAPE '\\' OR slug LIKE @prefix ESCAPE '\\') DESC, name COLLATE NOCASE
    LIMIT @limit`)
  // A user is found as the directory finds one: by userName, email, name ("jane doe" or "doe jane") or id. The
  // condition's SQL is the same for any text; only its parameters differ.
  const userMatch = userSearchCondition('any')
  const users = db.prepare(`SELECT u.id, u.user_name, u.active, t.slug AS tenant_slug, t.name AS tenant_name
    FROM users u JOIN tenants t ON t.id = u.tenant_id
    WHERE ${userMatch?.sql ?? '0'}
    ORDER BY (u.user_name_key LIKE @prefix ESCAPE '\\') DESC, u.user_name_key, t.name COLLATE NOCASE
    LIMIT @limit`)
  const groups = db.prepare(`SELECT g.id, g.display_name, t.slug AS tenant_slug, t.name AS tenant_name
    FROM groups g JOIN tenants t ON t.id = g.tenant_id
    WHERE g.display_name_key LIKE @pattern ESCAPE '\\'
    ORDER BY (g.display_name_key LIKE @prefix ESCAPE '\\') DESC, g.display_name_key, t.name COLLATE NOCASE
    LIMIT @limit`)

  return {
    /** Tenants whose name or slug contains the text; prefix matches first. */
    tenants: (text: string, limit: number) =>
      tenants.all({ pattern: containsPattern(text), prefix: prefixPattern(text), limit }) as TenantRow[],
    /** Users of any tenant whose userName, email, name or id contains the text; userName prefix matches first. */
    users: (text: string, limit: number) =>
      users.all(...(userSearchCondition(text)?.params ?? []), { prefix: prefixPattern(text), limit }) as {
        id: string
        user_name: string
        active: number
        tenant_slug: string
        tenant_name: string
      }[],
    /** Groups of any tenant whose displayName contains the text. */
    groups: (text: string, limit: number) =>
      groups.all({ pattern: containsPattern(text), prefix: prefixPattern(text), limit }) as {
        id: string
        display_name: string
        tenant_slug: string
        tenant_name: string
      }[]
  }
}

export type SearchRepo = ReturnType<typeof createSearchRepo>
