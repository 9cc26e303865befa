import { tokenPrefix, tokenSecretLength } from '../core/tokens'
import { entraSecretToken, type ClientWording } from './errors'
import { tokenQuotes, type AuthScheme } from './redact'

/** The secret a client presented, and how it presented it. */
export interface PresentedCredential {
  readonly scheme: AuthScheme
  readonly secret: string | null
}

/**
 * Reads the credential from an Authorization header. Accepts `Bearer <token>`, a bare `<token>` (some Okta admins
 * paste the token without the word) and `Bearer Bearer <token>` (some Entra admins paste it with the word).
 */
export function readCredential(header: string | undefined): PresentedCredential {
  const value = header?.trim()
  if (!value) return { scheme: 'none', secret: null }
  const space = value.indexOf(' ')
  if (space === -1) {
    // The word without the token (an empty field in the IdP) is not a bare token called "Bearer".
    return value.toLowerCase() === 'bearer' ? { scheme: 'bearer', secret: null } : { scheme: 'bare', secret: value }
  }
  const scheme = value.slice(0, space).toLowerCase()
  // A token with a space in it, pasted bare, is a token, not a scheme named after its first piece.
  if (scheme.includes(tokenPrefix)) return { scheme: 'bare', secret: value }
  const secret = value.slice(space + 1).trim()
  // Entra puts "Bearer" before its Secret Token field; an admin who typed the word there too sends it twice.
  if (scheme === 'bearer') return { scheme: 'bearer', secret: secret.replace(/^bearer\s+/i, '') || null }
  if (scheme === 'basic') return { scheme: 'basic', secret: null }
  return { scheme: 'other', secret: null }
}

/** How a presented secret differs from the shape of every SCIM Console token (`scim_` and 43 base64url characters). */
export type TokenShapeFault =
  | { readonly kind: 'quoted'; readonly quotes: string }
  | { readonly kind: 'text-before' }
  | { readonly kind: 'broken' }
  | { readonly kind: 'stray'; readonly character: string }
  | { readonly kind: 'length'; readonly length: number }

const base64url = /^[A-Za-z0-9_-]*$/

/**
 * What is wrong with the shape of a secret that no token matched, read while the request still holds it (the log keeps
 * only its start). Null for a secret shaped as a token is, one of a deleted tenant or of another installation, and for
 * one with no `scim_` in it, which may be another system's secret as well as part of a token.
 */
export function tokenShapeFault(secret: string): TokenShapeFault | null {
  const start = secret.indexOf(tokenPrefix)
  if (start === -1) return null
  if (start > 0) {
    const first = secret.charAt(0)
    const closing = tokenQuotes[first]
    return closing !== undefined && secret.slice(1, start).trim() === '' ? { kind: 'quoted', quotes: `${first}…${closing}` } : { kind: 'text-before' }
  }
  const rest = secret.slice(tokenPrefix.length)
  // A header cannot hold a line break, so a token pasted across two lines arrives with a space or a tab in it.
  if (/\s/.test(rest)) return { kind: 'broken' }
  if (!base64url.test(rest)) return { kind: 'stray', character: [...rest].find((character) => !base64url.test(character)) ?? '' }
  return rest.length === tokenSecretLength ? null : { kind: 'length', length: rest.length }
}

/** The 401 detail for a secret of the wrong shape, in the words of the client's admin (server.ts authDetail). */
export function misshapenTokenDetail(fault: TokenShapeFault): ClientWording {
  const pasteWhole = (what: string): ClientWording => ({
    okta: `${what} Paste the token alone into Okta's API Token field, then click Test API Credentials.`,
    entra: `${what} Paste the token alone into ${entraSecretToken}, then click Test Connection.`,
    other: `${what} Send the token alone, as "Authorization: Bearer <token>".`
  })
  switch (fault.kind) {
    case 'quoted':
      return pasteWhole(`The API token was sent inside quotes (${fault.quotes}), which are not part of it.`)
    case 'text-before':
      return pasteWhole('The API token was sent with other text before its start ("scim_").')
    case 'broken':
      return pasteWhole('The API token has a space in it, so it was pasted in pieces, or across two lines.')
    case 'stray':
      return pasteWhole(`The API token has ${fault.character === '"' ? 'a double quote' : `"${fault.character}"`} in it, which no API token has: something was pasted with it.`)
    case 'length': {
      const what = `The API token has ${fault.length} characters after "scim_", where every API token has ${tokenSecretLength}`
      if (fault.length > tokenSecretLength) return pasteWhole(`${what}: something was pasted with it.`)
      const cut = `${what}: its end was not copied. A token is shown only once;`
      return {
        okta: `${cut} paste it whole from where it was saved, or issue a new token and paste that into Okta.`,
        entra: `${cut} paste it whole from where it was saved, or issue a new token and paste that into ${entraSecretToken}.`,
        other: `${cut} send it whole from where it was saved, or issue a new token in SCIM Console and send that one.`
      }
    }
  }
}
