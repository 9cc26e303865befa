import { z } from 'zod'
import { ok } from '../../shared/result'
import { maxNameUnits } from '../../shared/text-length'
import type { Services } from '../core/services'
import type { TokenClipboardGuard } from '../core/token-clipboard'
import { handle, type HandlerMap } from './define'

const tenantRef = z.string().trim().min(1).max(200)
const setupProvider = z.enum(['okta', 'entra']).nullable().optional()
// A tenant's name or a token's label: bounded here only against a runaway paste, well above what main takes, so that
// main says why a name is too long in characters as drawn (100 emoji take 200 units, 100 families 1,100).
const nameInput = z.string().max(maxNameUnits * 2)

/** Tenants and their SCIM API tokens; a token issued here is cleared from the clipboard later (`clipboard`). */
export function tenantHandlers(services: Services, clipboard: Pick<TokenClipboardGuard, 'issued' | 'copied'>): HandlerMap<
  'tenants:list' | 'tenants:get' | 'tenants:create' | 'tenants:update' | 'tenants:delete' | 'tokens:list' | 'tokens:issue' | 'tokens:copied' | 'tokens:revoke'
> {
  return {
    'tenants:list': handle('tenants:list', z.object({ search: z.string().max(200).optional() }).strict(), (query) => {
      const items = services.tenants.list(query.search)
      return ok({ items, total: items.length, nextCursor: null })
    }),
    'tenants:get': handle('tenants:get', z.object({ tenant: tenantRef }).strict(), ({ tenant }) => services.tenants.summary(tenant)),
    'tenants:create': handle(
      'tenants:create',
      z.object({ name: nameInput, slug: z.string().max(200).optional(), setupProvider }).strict(),
      (input) => services.tenants.create(input)
    ),
    'tenants:update': handle(
      'tenants:update',
      z.object({ tenant: tenantRef, name: nameInput.optional(), rateLimitPerMinute: z.number().optional(), setupProvider }).strict(),
      (input) => services.tenants.update(input)
    ),
    'tenants:delete': handle('tenants:delete', z.object({ tenant: tenantRef, force: z.boolean().optional() }).strict(), (input) =>
      services.tenants.remove(input)
    ),
    'tokens:list': handle('tokens:list', z.object({ tenant: tenantRef }).strict(), ({ tenant }) => services.tokens.list(tenant)),
    'tokens:issue': handle(
      'tokens:issue',
      z.object({ tenant: tenantRef, label: nameInput.optional(), expiresInDays: z.number().optional() }).strict(),
      (input) => {
        const issued = services.tokens.issue(input)
        if (issued.ok) clipboard.issued()
        return issued
      }
    ),
    'tokens:copied': handle('tokens:copied', z.object({}).strict(), () => {
      clipboard.copied()
      return ok(null)
    }),
    'tokens:revoke': handle('tokens:revoke', z.object({ tenant: tenantRef, tokenId: z.string().min(1).max(200) }).strict(), ({ tenant, tokenId }) =>
      services.tokens.revoke(tokenId, { tenant })
    )
  }
}
