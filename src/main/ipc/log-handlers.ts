import { z } from 'zod'
import { fail } from '../../shared/result'
import type { Services } from '../core/services'
import { handle, type HandlerMap } from './define'
import type { NativeBridge } from './native'

const outcome = z.enum(['all', 'failed', '4xx', '5xx', 'throttled'])

/** The log query as the renderer may send it. */
export const logQuerySchema = z
  .object({
    tenantId: z.string().max(200).optional(),
    outcome: outcome.optional(),
    operation: z.string().max(40).optional(),
    target: z.string().max(500).optional(),
    status: z.number().int().min(100).max(599).optional(),
    since: z.string().max(40).optional(),
    until: z.string().max(40).optional(),
    search: z.string().max(500).optional(),
    withDiagnosis: z.boolean().optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    cursor: z.string().max(80).optional()
  })
  .strict()

/** The provisioning log: list, detail, activity, export. */
export function logHandlers(services: Services, _native: NativeBridge): HandlerMap<'logs:list' | 'logs:get' | 'logs:activity' | 'logs:export' | 'logs:curl'> {
  return {
    'logs:list': handle('logs:list', logQuerySchema, (query) => {
      // The renderer may ask right after a request was served; write what is queued so it sees it.
      services.log.flush()
      return services.log.list(query)
    }),
    'logs:get': handle('logs:get', z.object({ id: z.number().int().positive() }).strict(), ({ id }) => {
      services.log.flush()
      const entry = services.log.get(id)
      return entry.ok ? { ok: true, value: { ...entry.value, diagnosis: null, token: null, timeline: [] } } : entry
    }),
    'logs:activity': handle('logs:activity', z.object({ query: logQuerySchema, buckets: z.number().int().optional() }).strict(), () =>
      fail('unavailable', 'The activity chart is not built yet.')
    ),
    'logs:export': handle('logs:export', z.object({ query: logQuerySchema, format: z.enum(['csv', 'ndjson']) }).strict(), () =>
      fail('unavailable', 'Export is not built yet.')
    ),
    'logs:curl': handle('logs:curl', z.object({ id: z.number().int().positive() }).strict(), () =>
      fail('unavailable', 'Copy as cURL is not built yet.')
    )
  }
}
