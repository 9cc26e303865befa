/**
 * The Server page's form, as plain values: parsing and checking what a CSM typed before it goes to main. Main checks
 * again (`settingsProblem`); these give the same answer at once, beside the field.
 */

/** Where the SCIM server listens: this computer only, every network, or one address of this computer. */
export type BindChoice = 'loopback' | 'all' | 'custom'

/** The address that keeps the server on this computer, and the default. */
export const loopbackAddress = '127.0.0.1'
/** The address that listens on every network this computer is on. */
export const allAddresses = '0.0.0.0'

/** Which choice a saved host is. */
export function bindChoiceOf(host: string): BindChoice {
  if (host === loopbackAddress) return 'loopback'
  if (host === allAddresses) return 'all'
  return 'custom'
}

/** The port as a number, or why it is not one. */
export function parsePort(value: number | string): { port: number } | { problem: string } {
  const text = String(value).trim()
  if (text === '') return { problem: 'Enter a port from 1 to 65535.' }
  const port = Number(text)
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { problem: 'A port is a whole number from 1 to 65535.' }
  return { port }
}

/** Why `host` cannot be a bind address, or null. */
export function hostProblem(host: string): string | null {
  const text = host.trim()
  if (text === '') return 'Enter an address of this computer, such as 192.168.1.20.'
  if (text.length > 255 || !/^[\w.:-]+$/.test(text)) return `"${text}" is not an address. Use an IP address of this computer, such as 192.168.1.20.`
  return null
}

/** Why `value` cannot be the public URL, or null; empty means "none". Okta's rules are the ones that matter. */
export function publicUrlProblem(value: string): string | null {
  const text = value.trim()
  if (text === '') return null
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'Enter the tunnel\'s origin, such as https://acme-demo.example-tunnel.com.'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The public URL starts with https:// (or http://).'
  if (url.pathname.replace(/\/+$/, '') !== '' || url.search || url.hash) return 'Enter the origin only, without a path: SCIM Console adds /scim/v2/<tenant>.'
  if (url.hostname.includes('_')) return 'Okta rejects a base URL whose host contains "_". Use a host name with hyphens.'
  return null
}

/** The public URL as main stores it: trimmed, without a trailing slash, or null for none. */
export function normalizePublicUrl(value: string): string | null {
  const text = value.trim().replace(/\/+$/, '')
  return text === '' ? null : text
}
