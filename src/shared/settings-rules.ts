/**
 * What the app's settings accept, and why a value is refused: main checks every update with `settingsProblem` (for the
 * Server and Settings pages and the CLI's `settings set`), and the pages check their fields with the same functions
 * before anything is sent, so the two give the same answer in the same words.
 */
import ipaddr from 'ipaddr.js'
import type { AppSettings } from './models'

/** A whole-number setting's range. */
export interface WholeRange {
  readonly min: number
  readonly max: number
}

/** The range of each whole-number setting; the Settings page keeps its fields within them. */
export const settingsLimits = {
  // 0 ("any free port") is refused: the port is pasted into Okta and Entra, and must be the same at every start.
  port: { min: 1, max: 65535 },
  retentionDays: { min: 1, max: 3650 },
  retentionRows: { min: 1000, max: 100_000_000 },
  failureThreshold: { min: 1, max: 10_000 },
  windowMinutes: { min: 1, max: 1440 }
} as const satisfies Readonly<Record<string, WholeRange>>

/** A setting by its dotted key, as `settings set` and a refusal's `details.field` name it. */
export type SettingsField =
  | 'server.host'
  | 'server.port'
  | 'server.publicUrl'
  | 'retention.days'
  | 'retention.rows'
  | 'notifications.failureThreshold'
  | 'notifications.windowMinutes'

/** Why a setting is refused, and which one. */
export interface SettingsProblem {
  readonly field: SettingsField
  readonly message: string
}

/** True when `value` is a whole number within `range`. */
export function isWholeIn(value: number, range: WholeRange): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max
}

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** The port as a number, or why it is not one; a field's text or a number. */
export function parsePort(value: number | string): { port: number } | { problem: string } {
  const { min, max } = settingsLimits.port
  const text = String(value).trim()
  if (text === '') return { problem: `Enter a port from ${min} to ${max}.` }
  const port = typeof value === 'number' ? value : /^\d+$/.test(text) ? Number(text) : Number.NaN
  if (port === 0) {
    return {
      problem: `Port 0 would pick a different free port at every start, and Okta and Entra need one that stays the same. Enter a port from ${min} to ${max}, such as 8787.`
    }
  }
  if (!isWholeIn(port, settingsLimits.port)) return { problem: `A port is a whole number from ${min} to ${max}.` }
  return { port }
}

/** The address and port in `text` when it is a URL whose host is one the server could listen on; null otherwise. */
function urlHost(text: string): { readonly host: string; readonly port: boolean } | null {
  if (!/^[a-z][a-z\d+.-]*:\/\//i.test(text)) return null
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return null
  }
  // An IPv6 address is in brackets in a URL ([::1]), and without them where it is listened on.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  return host !== '' && hostProblem(host) === null ? { host, port: url.port !== '' } : null
}

/** Why `host` cannot be the address the server listens on, or null. Surrounding spaces are ignored (and not stored). */
export function hostProblem(host: string): string | null {
  const text = host.trim()
  if (text === '') return 'Enter an address of this computer, such as 192.168.1.20.'
  // A URL copied whole (the server's own, http://127.0.0.1:8787/) holds the address: say which part to give.
  const address = urlHost(text)
  if (address !== null) {
    return `"${text}" is a URL: give the address alone, ${address.host}${address.port ? ', and the port on its own' : ''}.`
  }
  // No name of a computer starts or ends a part with a hyphen (RFC 1123), and no address does: `-1`, given as
  // `settings set server.host -- -1`, was stored, and the server failed to look it up at its next start.
  if (text.length > 255 || !/^[\w.:-]+$/.test(text) || /(?:^|\.)-|-(?:\.|$)/.test(text)) {
    return `"${text}" is not an address. Use an IP address of this computer, such as 192.168.1.20, or 127.0.0.1 to stay on this computer.`
  }
  // A colon belongs only in an IPv6 address (::1). "127.0.0.1:8787" is an address with its port, which the listener
  // would look up as a host name and fail to find, at the app's next server start.
  if (text.includes(':') && !ipaddr.IPv6.isValid(text)) {
    const address = /^([^:]+):\d+$/.exec(text)?.[1]
    if (address !== undefined && hostProblem(address) === null) {
      return `"${text}" has a port after the address: give the address alone, ${address}, and the port on its own.`
    }
    return `"${text}" is not an address. Use an IP address of this computer, such as 192.168.1.20, or 127.0.0.1 to stay on this computer.`
  }
  // Four numbers are meant as an IPv4 address; with one over 255 the listener takes it for a host name and fails to look
  // it up ("getaddrinfo ENOTFOUND 192.168.1.300"), at the app's next server start.
  const octets = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (octets && octets.slice(1).some((octet) => Number(octet) > 255)) {
    return `"${text}" is not an IP address: each of its four numbers is from 0 to 255, as in 192.168.1.20.`
  }
  return null
}

/** The public URL as it is stored: trimmed, without a trailing slash, or null for none (empty). */
export function normalizePublicUrl(value: string | null): string | null {
  const text = (value ?? '').trim().replace(/\/+$/, '')
  return text === '' ? null : text
}

/** Why `value` cannot be the public URL (a tunnel's origin), or null; empty means "none". Okta's rules are the ones that matter. */
export function publicUrlProblem(value: string | null): string | null {
  const text = normalizePublicUrl(value)
  if (text === null) return null
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return "Enter the tunnel's origin, such as https://acme-demo.example-tunnel.com."
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The public URL starts with https:// (or http://).'
  if (url.pathname.replace(/\/+$/, '') !== '' || url.search || url.hash) return 'Enter the origin only, without a path: SCIM Console adds /scim/v2/<tenant>.'
  // An origin has none, and the base URL built on it is shown in the setup guide the customer gets and pasted into Okta.
  if (url.username !== '' || url.password !== '') {
    return 'Enter the origin only, without a user name or password before the host: the setup guide shows it to the customer.'
  }
  // Okta refuses a SCIM base URL that contains an underscore.
  if (url.hostname.includes('_')) return 'Okta rejects a base URL whose host contains "_". Use a host name with hyphens.'
  return null
}

function rangeProblem(field: SettingsField, value: number, range: WholeRange, message: (min: string, max: string) => string): SettingsProblem | null {
  return isWholeIn(value, range) ? null : { field, message: message(count.format(range.min), count.format(range.max)) }
}

/** Why settings are not acceptable, and which setting, or null. */
export function settingsProblem(settings: AppSettings): SettingsProblem | null {
  const { server, retention, notifications } = settings
  const port = parsePort(server.port)
  if ('problem' in port) return { field: 'server.port', message: port.problem }
  const host = hostProblem(server.host)
  if (host !== null) return { field: 'server.host', message: host }
  const publicUrl = publicUrlProblem(server.publicUrl)
  if (publicUrl !== null) return { field: 'server.publicUrl', message: publicUrl }
  return (
    rangeProblem('retention.days', retention.days, settingsLimits.retentionDays, (min, max) => `Keep the log from ${min} to ${max} days.`) ??
    rangeProblem('retention.rows', retention.rows, settingsLimits.retentionRows, (min, max) => `Keep from ${min} to ${max} log rows.`) ??
    rangeProblem(
      'notifications.failureThreshold',
      notifications.failureThreshold,
      settingsLimits.failureThreshold,
      (min, max) => `The failure threshold is a whole number from ${min} to ${max}.`
    ) ??
    rangeProblem('notifications.windowMinutes', notifications.windowMinutes, settingsLimits.windowMinutes, (min, max) => `The failure window is from ${min} to ${max} minutes.`)
  )
}
