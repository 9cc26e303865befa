import { describe, expect, it } from 'vitest'
import type { Token } from '../../../../shared/models'
import { revokeConsequence } from './revoke-consequence'

const now = Date.parse('2026-11-30T12:00:00Z')
const words = { client: 'Okta', tenant: 'Acme Corp' }

function token(id: string, fields: Partial<Token> = {}): Token {
  return {
    id,
    tenantId: 't1',
    label: `Token ${id}`,
    prefix: `scim_${id}abc`,
    createdAt: '2026-11-01T00:00:00Z',
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
    status: 'active',
    ...fields
  }
}

describe('revokeConsequence', () => {
  it('says provisioning stops when the token is the only active one, whether used or not', () => {
    const only = token('a', { lastUsedAt: '2026-11-30T11:00:00Z' })
    const retired = token('b', { status: 'revoked', revokedAt: '2026-11-02T00:00:00Z' })
    expect(revokeConsequence(only, [only, retired], words, now)).toBe(
      'Okta will get 401 Unauthorized on its next call, and provisioning for Acme Corp stops until a new token is pasted into Okta.'
    )
  })

  it('names the active token that stays, and when this one was last used', () => {
    const old = token('a', { label: 'Okta preview', lastUsedAt: '2026-11-30T10:00:00Z' })
    const current = token('b', { label: 'Okta production', prefix: 'scim_rQ4x' })
    expect(revokeConsequence(old, [old, current], words, now)).toBe(
      'Okta will get 401 Unauthorized on its next call with this token. It was last used 2 h ago. Okta production (scim_rQ4x…) stays active.'
    )
  })

  it('says a token was never used, and counts the others that stay active', () => {
    const unused = token('a')
    const others = [token('b'), token('c', { label: '' }), token('d', { status: 'expired' })]
    expect(revokeConsequence(unused, [unused, ...others], { client: 'Entra', tenant: 'Contoso' }, now)).toBe(
      'Entra will get 401 Unauthorized on its next call with this token. It has never been used. 2 other API tokens stay active.'
    )
    expect(revokeConsequence(unused, [unused, others[1] as Token], words, now)).toContain('The other token (scim_cabc…) stays active.')
  })
})
