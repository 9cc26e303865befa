import type { SearchResults } from '../../shared/models'
import type { SearchRepo } from '../db/search-repo'
import { toTenant } from './tenants'

/** How many of each kind the palette lists: it shows a few, and each keystroke searches again. */
const limit = 20

const empty: SearchResults = { tenants: [], users: [], groups: [] }

/** The command palette's search across every tenant. */
export interface SearchService {
  /** Tenants, users and groups of every tenant matching a few typed characters; nothing for blank text. */
  everything(text: string): SearchResults
}

/** Creates the palette's search over its repository. */
export function createSearchService(deps: { search: SearchRepo }): SearchService {
  const { search } = deps
  return {
    everything(text) {
      const needle = text.trim()
      if (needle.length === 0) return empty
      return {
        tenants: search.tenants(needle, limit).map(toTenant),
        users: search.users(needle, limit).map((row) => ({
          tenantSlug: row.tenant_slug,
          tenantName: row.tenant_name,
          id: row.id,
          userName: row.user_name,
          active: row.active === 1
        })),
        groups: search.groups(needle, limit).map((row) => ({
          tenantSlug: row.tenant_slug,
          tenantName: row.tenant_name,
          id: row.id,
          displayName: row.display_name
        }))
      }
    }
  }
}
