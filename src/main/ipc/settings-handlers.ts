import { z } from 'zod'
import type { AppSettings } from '../../shared/models'
import { fail, ok } from '../../shared/result'
import { dataInfo } from '../core/retention'
import { hostProblem } from '../core/settings'
import { exposureWarning, isLoopbackHost } from '../security/exposure'
import { handle, type HandlerMap } from './define'
import type { HandlerDeps } from './handlers'
import { listenOptions, withServerLock } from './server-handlers'

const whole = z.number().int()

/** A settings patch as the renderer may send it; ranges are checked by the settings service. */
export const settingsPatchSchema = z
  .object({
    server: z
      .object({
        host: z.string().trim().min(1).max(255),
        port: whole,
        publicUrl: z.string().max(2048).nullable(),
        autoStart: z.boolean()
      })
      .partial()
      .strict()
      .optional(),
    retention: z.object({ days: whole, rows: whole }).partial().strict().optional(),
    notifications: z.object({ enabled: z.boolean(), failureThreshold: whole, windowMinutes: whole }).partial().strict().optional(),
    keepRunningInTray: z.boolean().optional()
  })
  .strict()

function listenChanged(before: AppSettings['server'], after: AppSettings['server']): boolean {
  return before.host !== after.host || before.port !== after.port || before.publicUrl !== after.publicUrl
}

/** Settings: read with facts about the data, and update (restarting the server when its address changes). */
export function settingsHandlers(deps: HandlerDeps): HandlerMap<'settings:get' | 'settings:update'> {
  const { services, server } = deps
  return {
    'settings:get': handle('settings:get', z.object({}).strict(), async () => {
      // Queued log rows count too: the figures should match what the log screen shows.
      await services.log.whenWritten()
      return ok({ settings: services.settings.get(), data: dataInfo(services) })
    }),
    'settings:update': handle(
      'settings:update',
      z.object({ patch: settingsPatchSchema, confirmExposure: z.boolean().optional() }).strict(),
      ({ patch, confirmExposure }) =>
        withServerLock(server, async () => {
          const before = services.settings.get()
          const host = patch.server?.host
          // A host that is not one (a typo) is refused by the update below, not offered for a confirmation of its risk.
          if (host !== undefined && host !== before.server.host && hostProblem(host) === null && !isLoopbackHost(host) && confirmExposure !== true) {
            return fail('failed_precondition', exposureWarning(host), { needsConfirmation: true, field: 'server.host' })
          }
          const updated = services.settings.update(patch)
          if (!updated.ok) return updated
          const after = updated.value
          const state = server.status().state
          // A stopped server picks the new address up when it starts; a running (or failed) one restarts now.
          if (!listenChanged(before.server, after.server) || state === 'stopped') return updated
          const status = await server.start(listenOptions(after))
          if (status.state === 'running') return updated
          // The new address did not work: keep the old settings, and keep serving Okta on the old address.
          services.settings.update({ server: before.server })
          if (state === 'running' || state === 'starting') await server.start(listenOptions(before))
          const field = before.server.host !== after.server.host && status.suggestedPort === null ? 'server.host' : 'server.port'
          return fail(status.suggestedPort === null ? 'failed_precondition' : 'conflict', status.lastError ?? 'The SCIM server could not start with these settings.', {
            field,
            suggestedPort: status.suggestedPort
          })
        })
    )
  }
}
