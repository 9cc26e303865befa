import { z } from 'zod'
import type { AppSettings } from '../../shared/models'
import { fail, ok } from '../../shared/result'
import { dataInfo } from '../core/retention'
import { isLoopbackHost } from '../../shared/addresses'
import { hostProblem } from '../../shared/settings-rules'
import { exposureWarning } from '../security/exposure'
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

/** Settings: read with facts about the data, and update (moving the server when its address changes). */
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
          const checked = services.settings.preview(patch)
          if (!checked.ok) return checked
          const after = checked.value
          // A stopped server picks the new address up when it starts.
          if (!listenChanged(before.server, after.server) || server.status().state === 'stopped') return services.settings.update(patch)
          // A running (or failed) one moves now. The address is stored, and announced, only once it is known to work:
          // a taken port leaves the settings, the status and Okta on the old one.
          const moved = await server.move(listenOptions(after), () => {
            const stored = services.settings.update(patch)
            if (!stored.ok) throw new Error(`Settings checked a moment ago were refused: ${stored.error.message}`)
          })
          if (moved.ok) return ok(services.settings.get())
          const field = before.server.host !== after.server.host && moved.suggestedPort === null ? 'server.host' : 'server.port'
          return fail(moved.suggestedPort === null ? 'failed_precondition' : 'conflict', moved.message, { field, suggestedPort: moved.suggestedPort })
        })
    )
  }
}
