import { z } from 'zod'
import { ok } from '../../shared/result'
import { operations } from '../../shared/models'
import { faultLimits } from '../../shared/fault-limits'
import type { HandlerDeps } from './handlers'
import { handle, type HandlerMap } from './define'

const tenantRef = z.string().trim().min(1).max(200)

// Shapes only; the fault service checks ranges and explains what is wrong in words a trainer can act on.
const rule = z
  .object({
    id: z.string().max(100),
    operation: z.enum([...operations, 'any']),
    status: z.number().int(),
    detail: z.string().max(faultLimits.maxDetailLength),
    mode: z.enum(['percent', 'once']),
    percent: z.number().int()
  })
  .strict()

const settings = z
  .object({
    throttlePerMinute: z.number().int(),
    latencyMs: z.number().int(),
    failNextAuth: z.boolean(),
    rules: z.array(rule).max(faultLimits.maxRules)
  })
  .strict()

/** Fault injection per tenant, and the list behind the "faults are on" banner. */
export function faultsHandlers(deps: HandlerDeps): HandlerMap<'faults:get' | 'faults:set' | 'faults:active'> {
  const { faults } = deps.services
  return {
    'faults:get': handle('faults:get', z.object({ tenant: tenantRef }).strict(), ({ tenant }) => faults.get(tenant)),
    'faults:set': handle('faults:set', z.object({ tenant: tenantRef, faults: settings }).strict(), (input) => faults.set(input.tenant, input.faults)),
    'faults:active': handle('faults:active', z.object({}).strict(), () => ok(faults.active()))
  }
}
