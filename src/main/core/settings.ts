import type { AppSettings, SettingsPatch } from '../../shared/models'
import { fail, ok, type Result } from '../../shared/result'
import { normalizePublicUrl, settingsProblem as sharedSettingsProblem, type SettingsProblem } from '../../shared/settings-rules'
import type { SettingsRepo } from '../db/settings-repo'
import type { EventBus } from './events'

/** Settings a fresh install starts with. */
export const defaultSettings: AppSettings = {
  server: { host: '127.0.0.1', port: 8787, publicUrl: null, autoStart: true },
  retention: { days: 30, rows: 1_000_000 },
  notifications: { enabled: true, failureThreshold: 5, windowMinutes: 5 },
  keepRunningInTray: false
}

const key = 'app'

/** Typed settings over the key–value table, shared by the app and the CLI. */
export interface SettingsService {
  get(): AppSettings
  /** Validates and stores a partial update; answers the whole new settings. */
  update(patch: SettingsPatch): Result<AppSettings>
  /** What `update` would store, or why it would refuse; stores and announces nothing. */
  preview(patch: SettingsPatch): Result<AppSettings>
}

function merge(base: AppSettings, patch: SettingsPatch): AppSettings {
  return {
    server: { ...base.server, ...patch.server },
    retention: { ...base.retention, ...patch.retention },
    notifications: { ...base.notifications, ...patch.notifications },
    keepRunningInTray: patch.keepRunningInTray ?? base.keepRunningInTray
  }
}

// The CLI's `settings set server.host` reads the host rule from here; it is the shared one the Server page uses.
export { hostProblem } from '../../shared/settings-rules'

/**
 * Why settings are not acceptable, or null. The rules are shared/settings-rules.ts, which the Server and Settings pages
 * check their fields with. A port of 0 stored before it was refused (by `settings set server.port 0`) is not judged
 * again until the port is changed: it keeps working, and does not block every other change. So is a public URL kept as
 * it was stored.
 */
export function settingsProblem(settings: AppSettings, saved?: AppSettings): SettingsProblem | null {
  const keptPortZero = settings.server.port === 0 && saved?.server.port === 0
  // Likewise a public URL stored before a rule refused it (a user name or password before the host).
  const keptPublicUrl = saved !== undefined && settings.server.publicUrl !== null && settings.server.publicUrl === saved.server.publicUrl
  // And a host (an IPv4 address with a number over 255, refused since).
  const keptHost = saved !== undefined && settings.server.host === saved.server.host
  return sharedSettingsProblem({
    ...settings,
    server: {
      ...settings.server,
      ...(keptPortZero ? { port: defaultSettings.server.port } : {}),
      ...(keptHost ? { host: defaultSettings.server.host } : {}),
      ...(keptPublicUrl ? { publicUrl: null } : {})
    }
  })
}

/** The settings service; every change is announced as `settings:changed`. */
export function createSettingsService(deps: { settings: SettingsRepo; events: EventBus }): SettingsService {
  const { settings, events } = deps
  function get(): AppSettings {
    const stored = settings.get(key) as SettingsPatch | undefined
    return stored ? merge(defaultSettings, stored) : defaultSettings
  }
  function preview(patch: SettingsPatch): Result<AppSettings> {
    const saved = get()
    const next = merge(saved, patch)
    const normalized: AppSettings = {
      ...next,
      server: { ...next.server, host: next.server.host.trim(), publicUrl: normalizePublicUrl(next.server.publicUrl) }
    }
    const problem = settingsProblem(normalized, saved)
    return problem ? fail('invalid_argument', problem.message, { field: problem.field }) : ok(normalized)
  }
  return {
    get,
    preview,
    update(patch) {
      // Read, merged and stored in one transaction: another process's change between the read and the write would be
      // lost, stored over with the value read before it.
      const next = settings.inTransaction(() => {
        const merged = preview(patch)
        if (merged.ok) settings.set(key, merged.value)
        return merged
      })
      if (!next.ok) return next
      events.emit('settings:changed', next.value)
      return next
    }
  }
}
