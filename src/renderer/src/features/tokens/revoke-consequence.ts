import type { Token } from '../../../../shared/models'
import { formatRelative, formatTokenPrefix } from '../../lib/format'

/**
 * What revoking `token` does, for the confirmation: with no other active token, provisioning stops until a new one is
 * pasted into the identity provider; with others, only calls that carry this one fail, and the dialog says which stay
 * active and when this one was last used, so a CSM retiring an old token is not told that provisioning stops.
 */
export function revokeConsequence(token: Token, tokens: readonly Token[], words: { readonly client: string; readonly tenant: string }, now = Date.now()): string {
  const { client, tenant } = words
  const others = tokens.filter((other) => other.status === 'active' && other.id !== token.id)
  if (others.length === 0) {
    return `${client} will get 401 Unauthorized on its next call, and provisioning for ${tenant} stops until a new token is pasted into ${client}.`
  }
  const used = token.lastUsedAt === null ? 'It has never been used.' : `It was last used ${formatRelative(token.lastUsedAt, now)}.`
  const [other] = others
  const staying =
    others.length === 1 && other
      ? `${other.label || 'The other token'} (${formatTokenPrefix(other.prefix)}) stays active.`
      : `${others.length} other API tokens stay active.`
  return `${client} will get 401 Unauthorized on its next call with this token. ${used} ${staying}`
}
