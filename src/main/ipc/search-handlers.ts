import { z } from 'zod'
import type { SearchResults } from '../../shared/models'
import { ok } from '../../shared/result'
import { toTenant } from '../core/tenants'
import { createSearchRepo } from '../db/search-repo'
import type { HandlerDeps } from './handlers'
import { handle, type HandlerMap } from './define'

const limit = 20
const empty: SearchResults = { tenants: [], users: [], groups: [] }

/** The command palette: tenants, users and groups of every tenant matching a few typed characters. */
export function searchHandlers(deps: HandlerDeps): HandlerMap<'search:everything'> {
  const search = createSearchRepo(deps.services.db)
  return {
    'search:everything': handle('search:everything', z.object({ text: z.string().max(200) }).strict(), ({ text }) => {
      const needle = text.trim()
      if (needle.length === 0) return ok(empty)
      return ok({
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
      })
    })
  }
}
