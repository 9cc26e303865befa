/** What stands in for a secret in the provisioning log. */
export const redacted = '[redacted]'

const secretHeaders = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-auth-token'])
const secretKeys = new Set(['password', 'secret', 'token', 'client_secret', 'access_token', 'refresh_token'])
const maxStoredBody = 64 * 1024

/** The credential forms an identity provider may send; a wrong form is a common setup mistake. */
export type AuthScheme = 'bearer' | 'bare' | 'basic' | 'none' | 'other'

/**
 * Redacts an Authorization value for the log, keeping what Support needs to tell tokens apart:
 * the scheme and, for our own tokens, the display prefix (`Bearer scim_ab12…`).
 */
export function redactAuthorization(value: string, prefixLength: number): string {
  const match = /^(\S+)\s+(.+)$/.exec(value.trim())
  const scheme = match ? match[1] : ''
  const secret = (match ? match[2] : value.trim()) ?? ''
  const shown = secret.startsWith('scim_') ? `${secret.slice(0, prefixLength)}…` : redacted
  return scheme ? `${scheme} ${shown}` : shown
}

/** Request headers for the log, with every credential redacted. */
export function redactHeaders(headers: Readonly<Record<string, string | string[] | undefined>>, prefixLength: number): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue
    const value = Array.isArray(raw) ? raw.join(', ') : raw
    const key = name.toLowerCase()
    if (key === 'authorization') out[key] = redactAuthorization(value, prefixLength)
    else out[key] = secretHeaders.has(key) ? redacted : value
  }
  return out
}

// A PATCH operation whose path names a secret (`{"op":"replace","path":"password","value":"…"}`, as Okta's password
// sync and Entra send it) carries the secret under `value`, not under a secret-looking key.
function namesSecret(path: unknown): boolean {
  if (typeof path !== 'string') return false
  const attribute = path.trim().split(/[:.]/).pop() ?? ''
  return secretKeys.has(attribute.toLowerCase())
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    const pathKey = Object.keys(value).find((key) => key.toLowerCase() === 'path')
    const secretPath = pathKey !== undefined && namesSecret((value as Record<string, unknown>)[pathKey])
    for (const [key, inner] of Object.entries(value)) {
      const secret = secretKeys.has(key.toLowerCase()) || (secretPath && key.toLowerCase() === 'value')
      out[key] = secret && inner !== null && inner !== undefined ? redacted : redactValue(inner)
    }
    return out
  }
  return value
}

function truncate(text: string): string {
  return text.length > maxStoredBody ? `${text.slice(0, maxStoredBody)}… [truncated: ${text.length} characters in all]` : text
}

/** A parsed JSON body for the log: secrets redacted at any depth, pretty enough to read, bounded in size. */
export function redactJson(value: unknown): string {
  return truncate(JSON.stringify(redactValue(value)))
}

/**
 * A body that did not parse as JSON (so it cannot be walked): secrets are masked by pattern instead.
 * Support still sees what the client sent, which is the point of logging a malformed request.
 */
export function redactRawBody(text: string): string {
  let masked = text.replace(
    /("(?:password|secret|token|client_secret|access_token|refresh_token)"\s*:\s*)"(?:[^"\\]|\\.)*"?/gi,
    `$1"${redacted}"`
  )
  // A PATCH that sets the password by path carries it under "value"; text cannot say which value, so all are masked.
  if (/"path"\s*:\s*"[^"]*password"/i.test(masked)) {
    masked = masked.replace(/("value"\s*:\s*)"(?:[^"\\]|\\.)*"?/gi, `$1"${redacted}"`)
  }
  return truncate(masked)
}
