/** Host names and addresses that only this computer can reach. */
const loopbackHosts = new Set(['localhost', '::1', '[::1]', '0:0:0:0:0:0:0:1'])

/** True when `host` names this computer only (127.0.0.0/8, ::1, localhost): binding to it keeps the server here. */
export function isLoopbackHost(host: string): boolean {
  const normalized = host.trim().toLowerCase()
  if (loopbackHosts.has(normalized)) return true
  return /^127(\.\d{1,3}){3}$/.test(normalized) && normalized.split('.').every((part) => Number(part) <= 255)
}

/**
 * Why a public URL with http:// puts every tenant's API token at risk, or null when it does not (https://, this
 * computer, or no URL at all). A warning, not a refusal: a tunnel in a test lab may be plain http on purpose. The same
 * sentence is shown by the Server page, the setup guide and the CLI (`settings set server.publicUrl`).
 */
export function cleartextUrlWarning(url: string | null): string | null {
  if (url === null) return null
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    return null
  }
  if (parsed.protocol !== 'http:' || isLoopbackHost(parsed.hostname)) return null
  return (
    'With http://, identity providers send the API token unencrypted: anyone on the network path can read it and use it ' +
    "to change a tenant's users. Use the tunnel's https:// address."
  )
}
