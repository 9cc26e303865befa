import { redactSecrets, secretWords } from '../security/redact'

/** What stands in for a secret in the provisioning log. */
export const redacted = '[redacted]'

const secretHeaders = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-auth-token'])
// The OAuth names of a secret; any secret word is one too, whole (secretWordAlone).
const secretKeys = new Set(['client_secret', 'access_token', 'refresh_token'])
const maxStoredBody = 64 * 1024

/** The credential forms an identity provider may send; a wrong form is a common setup mistake. */
export type AuthScheme = 'bearer' | 'bare' | 'basic' | 'none' | 'other'

/**
 * Whether a token is a JSON Web Token (three base64url parts, the first a JSON object, so starting `eyJ`): what Entra
 * sends, issued by Microsoft Entra ID, when its Secret Token field is left empty, and what OAuth servers issue.
 */
export function isJsonWebToken(secret: string): boolean {
  return /^eyJ[\w-]*\.[\w-]*\.[\w-]*$/.test(secret)
}

/** How the log shows a JSON Web Token: its start, which every JWT shares, and no more of it. */
export const jsonWebTokenShown = 'eyJ…[JWT]'

/** An Authorization value's scheme, as schemes are written (letters only, short), and the rest. */
const schemeWord = /^([A-Za-z]{1,16})(?:\s+(.+))?$/

/**
 * The scheme an Authorization value starts with (`Bearer`, `Basic`, `SSWS`), alone or before the rest, and that rest;
 * null for a first word that reads as no scheme, which may be part of a secret and is never repeated.
 */
export function authorizationScheme(value: string): { readonly scheme: string; readonly rest: string } | null {
  const match = schemeWord.exec(value.trim())
  return match?.[1] ? { scheme: match[1], rest: match[2] ?? '' } : null
}

/** The quotes a token may be pasted in: each opening one, with its closing one. */
export const tokenQuotes: Readonly<Record<string, string>> = { '"': '"', "'": "'", '“': '”', '‘': '’', '`': '`', '<': '>' }

/**
 * The quotes a logged Authorization value keeps around a token's display prefix (redactAuthorization writes them):
 * the opening one, and the closing one when it was sent. Null when the token was not in quotes.
 */
export function loggedTokenQuotes(header: string): { readonly opening: string; readonly closing: string | null } | null {
  const at = header.indexOf('scim_')
  const opening = at > 0 ? header.charAt(at - 1) : ''
  const closing = tokenQuotes[opening]
  if (closing === undefined) return null
  const cut = header.indexOf('…', at)
  return { opening, closing: cut !== -1 && header.charAt(cut + 1) === closing ? closing : null }
}

/**
 * Redacts an Authorization value for the log, keeping what Support needs to tell tokens apart:
 * the scheme and, for our own tokens, the display prefix (`Bearer scim_ab12…`); a JSON Web Token is said to be one.
 */
export function redactAuthorization(value: string, prefixLength: number): string {
  // The first word is kept as a scheme only if it reads as one (Bearer, Basic, SSWS): a bare secret with a space or a
  // tab in it is all secret, its first piece too.
  const parts = authorizationScheme(value)
  const scheme = parts?.rest ? parts.scheme : ''
  const rest = scheme ? (parts?.rest ?? '') : value.trim()
  // As readCredential reads it: the word Bearer once more is still the scheme's. It stays in the log, as it was sent:
  // it tells Support how the admin filled the field (docs/okta-scim.md §1.1: log which form arrived).
  const doubled = /^bearer\s+/i.exec(rest)?.[0] ?? ''
  const secret = rest.slice(doubled.length)
  // A token in quotes keeps them, so that the log shows how it was pasted (scim/auth.ts tokenShapeFault).
  const closing = secret.startsWith('scim_', 1) ? tokenQuotes[secret.charAt(0)] : undefined
  const shown = secret.startsWith('scim_')
    ? `${secret.slice(0, prefixLength)}…`
    : closing !== undefined
      ? `${secret.charAt(0)}${secret.slice(1, 1 + prefixLength)}…${secret.endsWith(closing) ? closing : ''}`
      : isJsonWebToken(secret)
        ? jsonWebTokenShown
        : redacted
  return scheme ? `${scheme} ${doubled}${shown}` : shown
}

/** Request headers for the log, with every credential redacted, and the console's tokens wherever they stand (a User-Agent). */
export function redactHeaders(headers: Readonly<Record<string, string | string[] | undefined>>, prefixLength: number): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue
    const value = Array.isArray(raw) ? raw.join(', ') : raw
    const key = name.toLowerCase()
    if (key === 'authorization') out[key] = redactAuthorization(value, prefixLength)
    else out[key] = secretHeaders.has(key) ? redacted : redactTokens(value)
  }
  return out
}

// The last part of an attribute name or path: `password` of `urn:ietf:params:scim:schemas:core:2.0:User:password`,
// of Entra's dotted path-less keys, or of `password`. Cut without a regular expression: every logged key comes here.
function lastPart(path: string): string {
  const text = path.trim()
  const cut = Math.max(text.lastIndexOf(':'), text.lastIndexOf('.'))
  return cut === -1 ? text : text.slice(cut + 1)
}

// A name that is a secret word and nothing more: `password`, `passwd`, `pwd`, `secret`, `token`, `api_key`.
const secretWordAlone = new RegExp(`^(?:${secretWords})$`, 'i')

/**
 * Whether an attribute name or path names a secret, by its last part: a secret word alone (`password`, `passwd`,
 * `pwd`, `secret`, `token`, `api_key`) and the OAuth names. The server does not keep an unknown attribute so named
 * (RFC 7643 §4.1.1: a password is returned never); it keeps `passwordLastSet`, which is not a secret.
 */
export function namesSecret(path: unknown): boolean {
  if (typeof path !== 'string') return false
  const name = lastPart(path)
  return secretKeys.has(name.toLowerCase()) || secretWordAlone.test(name)
}

// secretWords (security/redact.ts) is the one list of the words that make a name hold a secret, for keys, paths, text,
// filters and query parameters here as for console output. The quick scans below (secretWord, redactQuery's) must
// find each word.
const secretWordInKey = new RegExp(secretWords, 'i')

/**
 * Whether the log must mask the value under this key: any name that holds a secret's word, since a masked timestamp
 * (`passwordLastSet`) costs Support little, and a secret in the log cannot be taken back.
 */
export function mayHoldSecret(path: unknown): boolean {
  // Every name that namesSecret knows holds a secret word, so this one scan says it for those too.
  return typeof path === 'string' && secretWordInKey.test(lastPart(path))
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    // A PATCH operation whose path names a secret (`{"op":"replace","path":"password","value":"…"}`, as Okta's
    // password sync and Entra send it) carries the secret under `value`, not under a secret-looking key.
    const pathKey = Object.keys(value).find((key) => key.toLowerCase() === 'path')
    const secretPath = pathKey !== undefined && mayHoldSecret((value as Record<string, unknown>)[pathKey])
    for (const [key, inner] of Object.entries(value)) {
      // A key named only like a secret (`changePassword` of /ServiceProviderConfig) hides a secret only as a plain value.
      const secret =
        namesSecret(key) || (secretPath && key.toLowerCase() === 'value') || (mayHoldSecret(key) && (typeof inner === 'string' || typeof inner === 'number'))
      out[key] = secret && inner !== null && inner !== undefined ? redacted : redactValue(inner)
    }
    return out
  }
  return value
}

function truncate(text: string): string {
  return text.length > maxStoredBody ? `${text.slice(0, maxStoredBody)}… [truncated: ${text.length} characters in all]` : text
}

/**
 * A parsed JSON body for the log: secrets redacted at any depth, and any of the console's tokens wherever it stands
 * (a userName or an attribute value that an admin pasted one into), bounded in size.
 */
export function redactJson(value: unknown): string {
  return truncate(redactTokens(JSON.stringify(redactValue(value))))
}

// A word that every secret key holds: a scan for it costs a fifth of the scan for a key, and almost always fails.
const secretWord = /pass|pwd|secret|token|key/i
// The patterns over text below read each name whole, once, and only then ask whether it holds a secret word: a
// lookahead and its back-reference take the run with no backtracking into it. A pattern that looked for the word inside
// the run (`"[^"]*(?:password)[^"]*"`) took time quadratic in a long run, and more for a filter in a query: a client's
// 16 KB URL or 1 MB body held the serving thread for minutes.
// A member's name in JSON text, with its colon: `"password":`, `"urn:…:User:password" :`.
const memberNameInText = /"(?=([^"\\]*))\1"\s*:\s*/g
// A JSON string, read from where the pattern is set (sticky), closed or not.
const stringAt = /"(?:[^"\\]|\\.)*"?/y

/** Each match of `pattern` (global, its first group a name) whose name holds a secret word. */
function* secretNamesIn(text: string, pattern: RegExp): Generator<RegExpExecArray> {
  for (const match of text.matchAll(pattern)) {
    if (secretWordInKey.test(match[1] ?? '')) yield match
  }
}

/**
 * A response body for the log. The server never answers with a password, but an answer may echo what the client put
 * under a secret-looking name of its own (an extension attribute called `secret`); such an answer is walked and
 * redacted like a request. The test is a scan of the text, so the answers that name no secret (almost all) pay little.
 */
export function redactResponse(text: string): string {
  if (!secretWord.test(text) || secretNamesIn(text, memberNameInText).next().done) return redactTokens(text)
  try {
    return redactTokens(JSON.stringify(redactValue(JSON.parse(text))))
  } catch {
    return redactRawBody(text)
  }
}

// In a body that is not JSON: a member with a secret's name and its string value; a PATCH path that names a secret;
// a form field (`password=…&userName=…`).
const pathInText = /"path"\s*:\s*"(?=([^"]*))\1"/gi
// A form field: a name (no `?`, so that a run of them is not read again from each) and its value.
const formField = /((?:^|[&;?\s])(?=([^=&;?\s]*))\2=)[^&;\s]*/g

/** The text with the string value of each member whose name holds a secret word masked. */
function maskSecretMembers(text: string): string {
  let masked = ''
  let from = 0
  for (const member of secretNamesIn(text, memberNameInText)) {
    const valueAt = member.index + member[0].length
    if (valueAt < from) continue
    stringAt.lastIndex = valueAt
    const value = stringAt.exec(text)
    if (!value) continue
    masked += `${text.slice(from, valueAt)}"${redacted}"`
    from = valueAt + value[0].length
  }
  return masked + text.slice(from)
}

/**
 * A body that did not parse as JSON (so it cannot be walked): secrets are masked by pattern instead, in JSON's form
 * (`"password": "…"`) and in a form's (`password=…`).
 * Support still sees what the client sent, which is the point of logging a malformed request.
 */
export function redactRawBody(text: string): string {
  let masked = maskSecretMembers(text)
  // A PATCH that sets the password by path carries it under "value"; text cannot say which value, so all are masked.
  if (!secretNamesIn(masked, pathInText).next().done) {
    masked = masked.replace(/("value"\s*:\s*)"(?:[^"\\]|\\.)*"?/gi, `$1"${redacted}"`)
  }
  // Not JSON at all: a form (`password=…&userName=…`) sent as text.
  masked = masked.replace(formField, (field: string, head: string, name: string) => (secretWordInKey.test(name) ? `${head}${redacted}` : field))
  return truncate(redactTokens(masked))
}

// Query parameters that carry a credential and hold no secret word in their name: any other is known by secretWords,
// as a body key is (`passwd`, `apiSecret`, `access-token`).
const secretParameters = new Set(['bearer', 'auth', 'authorization'])
// A filter that compares a secret attribute carries the secret as its value: `password eq "…"`, `passwd eq "…"`.
// An attribute path, read from its start only and whole (see memberNameInText), then its operator and compared value.
const comparison = /(?<![\w:.$-])(?=([\w:.$-]+))\1("?\s+[a-z]{2}\s+)"(?:[^"\\]|\\.)*"?/gi

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/**
 * A request's query string (with its `?`) for the log: the value of a parameter whose name holds a secret's word or
 * names a credential, however it is cased or %-escaped, the value a filter compares a secret attribute with, and any
 * of the console's tokens wherever it stands. Everything else is kept as it came, escapes and all.
 */
export function redactQuery(query: string): string {
  if (!/pass|pwd|secret|token|key|bearer|auth|scim_/i.test(decoded(query))) return query
  const parameters = query.slice(1).split('&').map((parameter) => {
    const equals = parameter.indexOf('=')
    if (equals === -1) return maskTokens(parameter)
    const name = decoded(parameter.slice(0, equals))
    if (secretParameters.has(name.toLowerCase()) || secretWordInKey.test(name)) return `${parameter.slice(0, equals)}=${redacted}`
    if (name.toLowerCase() !== 'filter') return maskTokens(parameter)
    const filter = decoded(parameter.slice(equals + 1))
    // The secret word in the path's last part, as mayHoldSecret reads it: `password`, `urn:…:User:passwd`.
    const masked = filter.replace(comparison, (whole: string, path: string, operator: string) =>
      secretWordInKey.test(lastPart(path)) ? `${path}${operator}"${redacted}"` : whole
    )
    return maskTokens(masked === filter ? parameter : `${parameter.slice(0, equals)}=${encodeURIComponent(masked)}`)
  })
  return `?${parameters.join('&')}`
}

/**
 * One parameter of a query string with the console's tokens masked where they stand, escapes kept. A token whose own
 * characters were %-escaped (no client needs to) is found once decoded; the parameter is then logged decoded.
 */
function maskTokens(parameter: string): string {
  const masked = redactSecrets(parameter)
  const plain = decoded(masked)
  if (!plain.includes('scim_')) return masked
  const plainMasked = redactSecrets(plain)
  return plainMasked === plain ? masked : plainMasked
}

/**
 * Text from a request's URL (its path, or the slug or id read from it) with the console's tokens masked: an admin who
 * pastes the token into Okta's Base URL sends it in every request. The `scim_` test spares the common case the regexes.
 */
export function redactTokens(text: string): string {
  return text.includes('scim_') ? redactSecrets(text) : text
}
