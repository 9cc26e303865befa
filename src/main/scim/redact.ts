import { redactSecrets } from '../security/redact'

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

/**
 * Whether an attribute name or path names a secret: by its last part, so that the URN-qualified and dotted forms
 * (`urn:ietf:params:scim:schemas:core:2.0:User:password`, Entra's path-less keys) count as well as `password`.
 */
export function namesSecret(path: unknown): boolean {
  if (typeof path !== 'string') return false
  // Every key of every logged body comes here: the last part is cut out without a regular expression or a list.
  const text = path.trim()
  const cut = Math.max(text.lastIndexOf(':'), text.lastIndexOf('.'))
  return secretKeys.has((cut === -1 ? text : text.slice(cut + 1)).toLowerCase())
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    // A PATCH operation whose path names a secret (`{"op":"replace","path":"password","value":"…"}`, as Okta's
    // password sync and Entra send it) carries the secret under `value`, not under a secret-looking key.
    const pathKey = Object.keys(value).find((key) => key.toLowerCase() === 'path')
    const secretPath = pathKey !== undefined && namesSecret((value as Record<string, unknown>)[pathKey])
    for (const [key, inner] of Object.entries(value)) {
      const secret = namesSecret(key) || (secretPath && key.toLowerCase() === 'value')
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

// A word that every secret key holds: a scan for it costs a fifth of the scan for a key, and almost always fails.
const secretWord = /password|secret|token/i
// A key that may name a secret, in JSON text: `"password":`, `"urn:…:User:password":`, `"Secret" :`.
const secretKeyInText = /"(?:[^"\\]*[:.])?(?:password|secret|token|client_secret|access_token|refresh_token)"\s*:/i

/**
 * A response body for the log. The server never answers with a password, but an answer may echo what the client put
 * under a secret-looking name of its own (an extension attribute called `secret`); such an answer is walked and
 * redacted like a request. The test is a scan of the text, so the answers that name no secret (almost all) pay little.
 */
export function redactResponse(text: string): string {
  if (!secretWord.test(text) || !secretKeyInText.test(text)) return text
  try {
    return JSON.stringify(redactValue(JSON.parse(text)))
  } catch {
    return redactRawBody(text)
  }
}

/**
 * A body that did not parse as JSON (so it cannot be walked): secrets are masked by pattern instead.
 * Support still sees what the client sent, which is the point of logging a malformed request.
 */
export function redactRawBody(text: string): string {
  let masked = text.replace(
    /("(?:[^"\\]*[:.])?(?:password|secret|token|client_secret|access_token|refresh_token)"\s*:\s*)"(?:[^"\\]|\\.)*"?/gi,
    `$1"${redacted}"`
  )
  // A PATCH that sets the password by path carries it under "value"; text cannot say which value, so all are masked.
  if (/"path"\s*:\s*"[^"]*password"/i.test(masked)) {
    masked = masked.replace(/("value"\s*:\s*)"(?:[^"\\]|\\.)*"?/gi, `$1"${redacted}"`)
  }
  return truncate(masked)
}

// Query parameters that carry a credential, by name, beyond the secret keys of a body.
const secretParameters = new Set([...secretKeys, 'api_key', 'api-key', 'apikey', 'bearer', 'auth', 'authorization', 'id_token'])
// A filter that compares a secret attribute carries the secret as its value: `password eq "…"`.
const secretComparison = /((?:[\w:.$-]*[:.])?(?:password|secret|token)"?\s+[a-z]{2}\s+)"(?:[^"\\]|\\.)*"?/gi

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/**
 * A request's query string (with its `?`) for the log: the value of a parameter that names a credential, however its
 * name is cased or %-escaped, the value a filter compares a secret attribute with, and any of the console's tokens
 * wherever it stands. Everything else is kept as it came, escapes and all.
 */
export function redactQuery(query: string): string {
  if (!/pass|secret|token|key|bearer|auth|scim_/i.test(decoded(query))) return query
  const parameters = query.slice(1).split('&').map((parameter) => {
    const equals = parameter.indexOf('=')
    if (equals === -1) return parameter
    const name = decoded(parameter.slice(0, equals))
    if (secretParameters.has(name.toLowerCase())) return `${parameter.slice(0, equals)}=${redacted}`
    if (name.toLowerCase() !== 'filter') return parameter
    const filter = decoded(parameter.slice(equals + 1))
    const masked = filter.replace(secretComparison, `$1"${redacted}"`)
    return masked === filter ? parameter : `${parameter.slice(0, equals)}=${encodeURIComponent(masked)}`
  })
  return `?${redactSecrets(parameters.join('&'))}`
}

/**
 * Text from a request's URL (its path, or the slug or id read from it) with the console's tokens masked: an admin who
 * pastes the token into Okta's Base URL sends it in every request. The `scim_` test spares the common case the regexes.
 */
export function redactTokens(text: string): string {
  return text.includes('scim_') ? redactSecrets(text) : text
}
