import type { AuthScheme } from './redact'

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
  const secret = value.slice(space + 1).trim()
  // Entra puts "Bearer" before its Secret Token field; an admin who typed the word there too sends it twice.
  if (scheme === 'bearer') return { scheme: 'bearer', secret: secret.replace(/^bearer\s+/i, '') || null }
  if (scheme === 'basic') return { scheme: 'basic', secret: null }
  return { scheme: 'other', secret: null }
}
