import { quoted } from '../../shared/quoted'
import { hash, randomBytes, randomUUID } from 'node:crypto'
import { chosenTokenLabel, defaultTokenLabel } from '../../shared/identity-provider'
import type { IssuedToken, Token, TokenStatus } from '../../shared/models'
import { fail, ok, type Result } from '../../shared/result'
import type { TokenRow, TokensRepo } from '../db/tokens-repo'
import type { EventBus } from './events'
import type { TenantService } from './tenants'
import { readableTime } from './readable-time'
import { maxTokenLabelLength, nameLengthProblem } from '../../shared/text-length'
import { controlCharacterProblem, invisibleCharacterProblem } from '../../shared/unseen-characters'

/** Every secret starts with this, so that it is recognisable in a paste buffer or a secret scanner. */
export const tokenPrefix = 'scim_'
/** The characters of a secret kept to tell it apart (`scim_AbCd`): the prefix, and what the log and the screens show. */
export const tokenDisplayLength = tokenPrefix.length + 4
/** The characters after the prefix: 256 random bits in base64url. */
export const tokenSecretLength = 43
export const maxExpiryDays = 3650

/** SHA-256 of a secret, in base64: the only form in which a token is kept (stored as its bytes). */
export function hashToken(secret: string): string {
  // The one-shot hash: a fifth of the cost of createHash().update().digest(), and it runs on every SCIM request.
  return hash('sha256', secret, 'base64')
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}

function statusOf(row: TokenRow, now: number): TokenStatus {
  if (row.revoked_at !== null) return 'revoked'
  if (row.expires_at !== null && row.expires_at <= now) return 'expired'
  return 'active'
}

/** Maps a stored row to the shared model, without the hash. */
export function toToken(row: TokenRow, now: number): Token {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    label: row.label,
    prefix: row.prefix,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
    status: statusOf(row, now)
  }
}

/** Why a presented token was refused: Support's diagnosis starts here. */
export type AuthFailure =
  | { readonly reason: 'missing' }
  | { readonly reason: 'malformed'; readonly scheme: string | null } // null: the first word reads as no scheme, and may be part of a secret
  | { readonly reason: 'unknown' }
  | { readonly reason: 'other-tenant'; readonly token: Token }
  | { readonly reason: 'revoked'; readonly token: Token }
  | { readonly reason: 'expired'; readonly token: Token }

export type AuthOutcome = { readonly ok: true; readonly token: Token } | ({ readonly ok: false } & AuthFailure)

export interface TokenService {
  list(tenant: string): Result<readonly Token[]>
  issue(input: { tenant: string; label?: string; expiresInDays?: number }): Result<IssuedToken>
  /**
   * Revokes a token. With `tenant` (the screen's), a token of another tenant is not found: a screen can only revoke
   * what it lists. The CLI's `token revoke TOKEN_ID` names no tenant.
   */
  revoke(tokenId: string, options?: { readonly tenant?: string }): Result<Token>
  get(tokenId: string): Token | undefined
  /** When the next token that is not revoked expires, after `after` (ms since the epoch), or null. */
  nextExpiry(after: number): number | null
  /** The ids of the tenants with a token that expired in (after, upTo] and was not revoked first. */
  expiredBetween(after: number, upTo: number): readonly string[]
  /**
   * Checks a secret against a tenant; null for a base URL whose slug no tenant has, where a token this console issued
   * is always another tenant's. The token's row is kept only while the database is unchanged
   * (src/main/db/change-watch.ts), so a revocation by another process counts from the next request.
   */
  authenticate(tenantId: string | null, secret: string): AuthOutcome
  /** Whether a secret is one this console issued (active, expired or revoked): only its hash is compared and kept. */
  isIssued(secret: string): boolean
  /** The token a secret is, by its hash: a leaked secret can be revoked as it was pasted, without finding its id. */
  findBySecret(secret: string): Token | undefined
}

/** SCIM API tokens: issue (shown once), list, revoke, authenticate. */
export function createTokenService(deps: {
  tokens: TokensRepo
  tenants: TenantService
  events: EventBus
  now: () => number
}): TokenService {
  const { tokens, tenants, events, now } = deps
  // The model of each row that authenticate reads, made once: the repository keeps the row while the database is
  // unchanged, and every SCIM request of a tenant presents the same token. Made again when the status moves (expiry).
  const models = new WeakMap<TokenRow, Token>()
  function modelOf(row: TokenRow, at: number): Token {
    let model = models.get(row)
    if (model?.status !== statusOf(row, at)) {
      model = toToken(row, at)
      models.set(row, model)
    }
    return model
  }

  return {
    list(tenant) {
      const found = tenants.find(tenant)
      if (!found) return fail('not_found', `No tenant has the id or slug ${quoted(tenant)}.`, { tenant })
      const at = now()
      return ok(tokens.byTenant(found.id).map((row) => toToken(row, at)))
    },

    issue(input) {
      const tenant = tenants.find(input.tenant)
      if (!tenant) return fail('not_found', `No tenant has the id or slug ${quoted(input.tenant)}.`, { tenant: input.tenant })
      const label = chosenTokenLabel(input.label, defaultTokenLabel(tenant.setupProvider))
      const long = nameLengthProblem(label, maxTokenLabelLength, 'The label')
      if (long) return fail('invalid_argument', long, { field: 'label' })
      // A label is printed in the CLI's table, in the 401 detail Okta shows its admin and in the log: a line break there
      // breaks a row, and an escape code rewrites the terminal that prints it. Tenant names refuse them the same way.
      const invisible = controlCharacterProblem(label, 'The label') ?? invisibleCharacterProblem(label, 'The label')
      if (invisible) return fail('invalid_argument', invisible, { field: 'label' })
      const days = input.expiresInDays
      if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > maxExpiryDays)) {
        return fail('invalid_argument', `The expiry is a whole number of days from 1 to ${maxExpiryDays}.`, {
          field: 'expiresInDays'
        })
      }
      const secret = tokenPrefix + randomBytes(32).toString('base64url')
      const createdAt = now()
      const row = {
        id: randomUUID(),
        tenant_id: tenant.id,
        label,
        prefix: secret.slice(0, tokenDisplayLength),
        hash: Buffer.from(hashToken(secret), 'base64'),
        created_at: createdAt,
        expires_at: days === undefined ? null : createdAt + days * 86_400_000
      }
      tokens.insert(row)
      events.emit('tenants:changed', { tenantId: tenant.id })
      return ok({ ...toToken({ ...row, revoked_at: null, last_used_at: null }, createdAt), token: secret })
    },

    revoke(tokenId, options) {
      const tenant = options?.tenant === undefined ? undefined : tenants.find(options.tenant)
      if (options?.tenant !== undefined && !tenant) {
        return fail('not_found', `No tenant has the id or slug ${quoted(options.tenant)}.`, { tenant: options.tenant })
      }
      const row = tokens.byId(tokenId)
      if (tenant && row?.tenant_id !== tenant.id) {
        return fail('not_found', `${tenant.name} has no API token with the id ${quoted(tokenId)}.`, { tokenId, tenant: tenant.id })
      }
      if (!row) return fail('not_found', `No API token has the id ${quoted(tokenId)}.`, { tokenId })
      if (row.revoked_at !== null) {
        return fail('failed_precondition', `The token "${row.label}" was already revoked on ${readableTime(new Date(row.revoked_at).toISOString())}.`, {
          tokenId
        })
      }
      const at = now()
      tokens.revoke(row.id, at)
      events.emit('tenants:changed', { tenantId: row.tenant_id })
      return ok(toToken({ ...row, revoked_at: at }, at))
    },

    get(tokenId) {
      const row = tokens.byId(tokenId)
      return row ? toToken(row, now()) : undefined
    },

    nextExpiry: (after) => tokens.nextExpiry(after),
    expiredBetween: (after, upTo) => tokens.expiredBetween(after, upTo),

    authenticate(tenantId, secret) {
      const row = tokens.byHash(hashToken(secret))
      if (!row) return { ok: false, reason: 'unknown' }
      const token = modelOf(row, now())
      if (row.tenant_id !== tenantId) return { ok: false, reason: 'other-tenant', token }
      if (token.status === 'revoked') return { ok: false, reason: 'revoked', token }
      if (token.status === 'expired') return { ok: false, reason: 'expired', token }
      return { ok: true, token }
    },

    isIssued: (secret) => tokens.byHash(hashToken(secret)) !== undefined,
    findBySecret(secret) {
      const row = tokens.byHash(hashToken(secret))
      return row === undefined ? undefined : toToken(row, now())
    }
  }
}
