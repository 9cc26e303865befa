import { z } from 'zod'
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/ipc'
import type { AppInfo } from '../../shared/models'
import { fail, ok } from '../../shared/result'
import type { Services } from '../core/services'
import type { ServerController } from '../scim/controller'

/** What the handlers need beyond the services: the running server and facts about the app. */
export interface HandlerDeps {
  readonly services: Services
  readonly server: ServerController
  readonly appInfo: () => AppInfo
}

type Handler<C extends Channel> = (input: unknown) => ChannelOutput<C> | Promise<ChannelOutput<C>>
/** One handler a channel; each validates its own input, so every transport gets the same checks. */
export type Handlers = { readonly [C in Channel]: Handler<C> }

const tenantRef = z.string().trim().min(1).max(200)
const empty = z.object({}).strict().optional()

// Every channel's input schema. `strict()` rejects unknown keys: a renderer that sends more than the contract is a bug.
const schemas = {
  'tenants:list': z.object({ search: z.string().max(200).optional() }).strict(),
  'tenants:get': z.object({ tenant: tenantRef }).strict(),
  'tenants:create': z.object({ name: z.string().max(500), slug: z.string().max(200).optional() }).strict(),
  'tenants:update': z
    .object({ tenant: tenantRef, name: z.string().max(500).optional(), rateLimitPerMinute: z.number().optional() })
    .strict(),
  'tenants:delete': z.object({ tenant: tenantRef, force: z.boolean().optional() }).strict(),
  'tokens:list': z.object({ tenant: tenantRef }).strict(),
  'tokens:issue': z
    .object({ tenant: tenantRef, label: z.string().max(500).optional(), expiresInDays: z.number().optional() })
    .strict(),
  'tokens:revoke': z.object({ tokenId: z.string().min(1).max(200) }).strict(),
  'logs:list': z
    .object({
      tenantId: z.string().max(200).optional(),
      outcome: z.enum(['all', 'failed', '4xx', '5xx', 'throttled']).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
      cursor: z.string().max(40).optional()
    })
    .strict(),
  'logs:get': z.object({ id: z.number().int().positive() }).strict(),
  'server:status': empty,
  'app:info': empty
} satisfies { readonly [C in Channel]: z.ZodType }

function validated<C extends Channel>(channel: C, run: (input: ChannelInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>): Handler<C> {
  return (raw) => {
    const parsed = schemas[channel].safeParse(raw ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.length ? ` (${issue.path.join('.')})` : ''
      return fail('invalid_argument', `Invalid request to ${channel}${where}: ${issue?.message ?? 'bad input'}.`) as ChannelOutput<C>
    }
    return run(parsed.data as ChannelInput<C>)
  }
}

/** The renderer's handler map, in plain Node: Electron registers it, and the E2E harness calls it over Playwright. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { services, server } = deps
  return {
    'tenants:list': validated('tenants:list', (query) => {
      const items = services.tenants.list(query.search)
      return ok({ items, total: items.length, nextCursor: null })
    }),
    'tenants:get': validated('tenants:get', ({ tenant }) => services.tenants.summary(tenant)),
    'tenants:create': validated('tenants:create', (input) => services.tenants.create(input)),
    'tenants:update': validated('tenants:update', (input) => services.tenants.update(input)),
    'tenants:delete': validated('tenants:delete', (input) => services.tenants.remove(input)),
    'tokens:list': validated('tokens:list', ({ tenant }) => services.tokens.list(tenant)),
    'tokens:issue': validated('tokens:issue', (input) => services.tokens.issue(input)),
    'tokens:revoke': validated('tokens:revoke', ({ tokenId }) => services.tokens.revoke(tokenId)),
    'logs:list': validated('logs:list', (query) => {
      // The renderer may ask right after a request was served; write what is queued so it sees it.
      services.log.flush()
      return services.log.list(query)
    }),
    'logs:get': validated('logs:get', ({ id }) => {
      services.log.flush()
      return services.log.get(id)
    }),
    'server:status': validated('server:status', () => ok(server.status())),
    'app:info': validated('app:info', () => ok(deps.appInfo()))
  }
}
