import type { AuthScheme } from './redact'

/** The secret a client presented, and how it presented it. */
export interface PresentedCredential {
  readonly scheme: AuthScheme
  readonly secret: string | null
}

/**
 * Reads the credential from an Authorization header. Accepts `Bearer <token>` and, because some Okta admins
 * paste the token without the word, a bare `<token>`.
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
  const secret = value.slice(space + 1).trim()
  if (scheme === 'bearer') return { scheme: 'bearer', secret: secret || null }
  if (scheme === 'basic') return { scheme: 'basic', secret: null }
  return { scheme: 'other', secret: null }
}
