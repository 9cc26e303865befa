import type { AppSettings, SettingsPatch } from '../../shared/models'
import { fail, ok, type Result } from '../../shared/result'
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

function wholeIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max
}

/** Why a host is not one to listen on, or null. */
export function hostProblem(host: string): string | null {
  return /^[\w.:-]+$/.test(host) && host.length <= 255 ? null : `"${host}" is not a host address. Use 127.0.0.1 to stay on this machine.`
}

/** Why settings are not acceptable, or null. */
export function settingsProblem(settings: AppSettings): string | null {
  const { server, retention, notifications } = settings
  if (!wholeIn(server.port, 0, 65535)) return 'The port is a whole number from 1 to 65535 (0 picks a free one).'
  const host = hostProblem(server.host)
  if (host !== null) return host
  if (server.publicUrl !== null) {
    let url: URL
    try {
      url = new URL(server.publicUrl)
    } catch {
      return `"${server.publicUrl}" is not a URL. Use the tunnel's origin, such as https://acme-demo.example-tunnel.com.`
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The public URL must start with https:// (or http://).'
    if (url.pathname !== '/' || url.search || url.hash) return 'The public URL is an origin only (no path): SCIM Console adds /scim/v2/<tenant>.'
    // Okta refuses a SCIM base URL that contains an underscore.
    if (url.hostname.includes('_')) return 'Okta rejects a base URL whose host contains "_". Use a host name with hyphens.'
  }
  if (!wholeIn(retention.days, 1, 3650)) return 'Keep the log from 1 to 3650 days.'
  if (!wholeIn(retention.rows, 1000, 100_000_000)) return 'Keep from 1,000 to 100,000,000 log rows.'
  if (!wholeIn(notifications.failureThreshold, 1, 10_000)) return 'The failure threshold is a whole number from 1.'
  if (!wholeIn(notifications.windowMinutes, 1, 1440)) return 'The failure window is from 1 to 1440 minutes.'
  return null
}

/** The settings service; every change is announced as `settings:changed`. */
export function createSettingsService(deps: { settings: SettingsRepo; events: EventBus }): SettingsService {
  const { settings, events } = deps
  function get(): AppSettings {
    const stored = settings.get(key) as SettingsPatch | undefined
    return stored ? merge(defaultSettings, stored) : defaultSettings
  }
  function preview(patch: SettingsPatch): Result<AppSettings> {
    const next = merge(get(), patch)
    const normalized: AppSettings = {
      ...next,
      server: { ...next.server, publicUrl: next.server.publicUrl ? next.server.publicUrl.trim().replace(/\/+$/, '') || null : null }
    }
    const problem = settingsProblem(normalized)
    return problem ? fail('invalid_argument', problem) : ok(normalized)
  }
  return {
    get,
    preview,
    update(patch) {
      const next = preview(patch)
      if (!next.ok) return next
      settings.set(key, next.value)
      events.emit('settings:changed', next.value)
      return next
    }
  }
}
