import { z } from 'zod'
import { fail, ok } from '../../shared/result'
import { createDiagnostician } from '../core/diagnosis'
import { isIsoTime } from '../core/provisioning-log'
import { curlCommand, exportFileName, exportLog } from '../core/log-export'
import { operations } from '../../shared/models'
import type { Services } from '../core/services'
import type { ServerController } from '../scim/controller'
import { handle, type HandlerMap } from './define'
import type { NativeBridge } from './native'

const outcome = z.enum(['all', 'failed', '4xx', '5xx', 'throttled'])
const time = z.string().max(40).refine(isIsoTime, 'The time is not an ISO 8601 time such as 2026-11-28T09:30:00Z.')

/** The log query as the renderer may send it. */
export const logQuerySchema = z
  .object({
    tenantId: z.string().max(200).optional(),
    outcome: outcome.optional(),
    operation: z.enum(operations).optional(),
    target: z.string().max(500).optional(),
    status: z.number().int().min(100).max(599).optional(),
    since: time.optional(),
    until: time.optional(),
    search: z.string().max(500).optional(),
    excludeSimulators: z.boolean().optional(),
    withDiagnosis: z.boolean().optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    cursor: z.string().max(80).optional()
  })
  .strict()

const entryId = z.object({ id: z.number().int().positive() }).strict()

/** The slug a deleted tenant's latest logged request was sent to. */
function loggedSlug(services: Services, tenantId: string): string | null {
  const latest = services.log.list({ tenantId, limit: 1 })
  return latest.ok ? (latest.value.items[0]?.tenantSlug ?? null) : null
}

/** The origin a replayed request goes to: the running server, else the address it is set to listen on. */
function serverOrigin(services: Services, server: Pick<ServerController, 'status'> | undefined): string {
  const url = server?.status().url
  if (url) return url
  const { host, port } = services.settings.get().server
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/** The provisioning log: list, detail with diagnosis, activity, export and copy as cURL. */
export function logHandlers(
  services: Services,
  native: NativeBridge,
  server?: Pick<ServerController, 'status'>
): HandlerMap<'logs:list' | 'logs:get' | 'logs:activity' | 'logs:export' | 'logs:curl' | 'logs:write-status' | 'logs:deleted-tenant'> {
  const diagnostician = createDiagnostician(services)
  return {
    'logs:list': handle('logs:list', logQuerySchema, async (query) => {
      // The renderer may ask right after a request was served; what is queued is written first, so it sees it.
      await services.log.whenWritten()
      return diagnostician.list(query)
    }),
    'logs:get': handle('logs:get', entryId, ({ id }) => diagnostician.detail(id)),
    'logs:activity': handle(
      'logs:activity',
      z.object({ query: logQuerySchema, buckets: z.number().int().min(1).max(500).optional() }).strict(),
      async ({ query, buckets }) => {
        await services.log.whenWritten()
        return services.log.activity(query, { buckets, now: services.now() })
      }
    ),
    'logs:export': handle('logs:export', z.object({ query: logQuerySchema, format: z.enum(['csv', 'ndjson']) }).strict(), async ({ query, format }) => {
      const tenant = query.tenantId ? services.tenants.find(query.tenantId) : undefined
      // A deleted tenant's past requests export too, under the slug they were logged with.
      const deletedSlug = query.tenantId && !tenant && services.log.loggedTenantId(query.tenantId) !== null ? loggedSlug(services, query.tenantId) : null
      if (query.tenantId && !tenant && deletedSlug === null) return fail('not_found', `No tenant has the id "${query.tenantId}".`, { tenantId: query.tenantId })
      const path = await native.chooseSavePath({
        title: 'Export the provisioning log',
        defaultName: exportFileName(tenant?.slug ?? deletedSlug, format, new Date(services.now())),
        filters: format === 'csv' ? [{ name: 'CSV', extensions: ['csv'] }] : [{ name: 'NDJSON', extensions: ['ndjson', 'jsonl'] }]
      })
      if (path === null) return ok(null)
      // The rows are filtered by the tenant's id, also when the renderer named it by slug. Each failure's diagnosis is
      // the drawer's, in its one line.
      return exportLog(services.log, tenant ? { ...query, tenantId: tenant.id } : query, format, path, (entry) => diagnostician.headline(entry))
    }),
    'logs:curl': handle('logs:curl', entryId, ({ id }) => {
      services.log.flush()
      const entry = services.log.get(id)
      if (!entry.ok) return { ok: false, error: entry.error }
      return ok({ command: curlCommand(entry.value, serverOrigin(services, server)) })
    }),
    'logs:write-status': handle('logs:write-status', z.object({}).strict(), () => ok(services.log.writeStatus())),
    // A deleted tenant's requests stay in the log (its deletion says so), found by the slug it had, as `logs --tenant`
    // finds them; a slug a tenant has now is that tenant's.
    'logs:deleted-tenant': handle('logs:deleted-tenant', z.object({ slug: z.string().min(1).max(200) }).strict(), ({ slug }) => {
      if (services.tenants.find(slug)) return ok(null)
      const id = services.log.loggedTenantId(slug)
      return ok(id === null || services.tenants.find(id) ? null : { id, slug })
    })
  }
}
