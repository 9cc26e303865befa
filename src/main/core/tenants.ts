import { quoted } from '../../shared/quoted'
import { randomUUID } from 'node:crypto'
import { requestClientOf, type IdentityProvider } from '../../shared/identity-provider'
import { maxRateLimitPerMinute, type Tenant, type TenantSummary } from '../../shared/models'
import { foldCase } from '../../shared/fold-case'
import { fail, ok, type Result } from '../../shared/result'
import type { TenantRow, TenantsRepo } from '../db/tenants-repo'
import type { TokensRepo } from '../db/tokens-repo'
import type { EventBus } from './events'
import { slugify, slugProblem } from '../../shared/slug'
import { maxTenantNameLength, nameLengthProblem } from '../../shared/text-length'
import { controlCharacterProblem, invisibleCharacterProblem } from '../../shared/unseen-characters'

/** The SCIM base path of a tenant: a contract with identity providers and other tools. */
export function scimPath(slug: string): string {
  return `/scim/v2/${slug}`
}

/** Maps a stored row to the shared model. */
export function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    scimPath: scimPath(row.slug),
    rateLimitPerMinute: row.rate_limit_per_minute,
    createdAt: new Date(row.created_at).toISOString(),
    setupProvider: row.setup_provider
  }
}

const trendBuckets = 12
const trendBucketMs = 5 * 60_000
// How many of a tenant's latest requests are read for the identity provider that sent them (curl and scripts in between).
const recentRequests = 20

/** The provider as given over IPC or on the command line: okta, entra, or null for none. */
function providerProblem(provider: unknown): string | null {
  return provider === undefined || provider === null || provider === 'okta' || provider === 'entra'
    ? null
    : `The identity provider is okta or entra (Microsoft Entra ID), not ${JSON.stringify(provider)}.`
}

function nameProblem(name: string): string | null {
  if (name.length === 0) return 'The tenant needs a name, for example the customer\'s company name.'
  const long = nameLengthProblem(name, maxTenantNameLength, 'The name')
  if (long) return long
  return controlCharacterProblem(name, 'The name') ?? invisibleCharacterProblem(name, 'The name')
}

/**
 * Spaces that look like the ordinary one: no-break (U+00A0, pasted from web pages and Word), Ogham, the typographic
 * spaces U+2000-U+200A, narrow no-break, medium mathematical and ideographic (U+3000, typed on Japanese and Chinese
 * keyboards). A run of them, or of ordinary spaces, is drawn as a gap that cannot be told from one space.
 */
const lookalikeSpaces = /[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g

/**
 * A tenant name as stored: trimmed, and every run of spaces of any kind one ordinary space. "Acme\u00a0Corp" and
 * "Acme  Corp" look like "Acme Corp" in the tenants table and the CLI's list, so they are stored as it: otherwise they
 * would be three tenants no one can tell apart, and `tenant list | grep "Acme Corp"` would miss two.
 */
function storedName(name: string): string {
  return name.trim().replace(lookalikeSpaces, ' ')
}

/**
 * What two tenant names are compared by: case and composition folded as everywhere (foldCase), and spaces as stored
 * now. Names stored before spaces were folded on input keep theirs, and still clash with their lookalikes.
 */
function nameKey(name: string): string {
  return foldCase(storedName(name))
}

export interface TenantService {
  list(search?: string): readonly TenantSummary[]
  summary(tenant: string): Result<TenantSummary>
  /** Finds a tenant by id or slug. */
  find(tenant: string): Tenant | undefined
  /** Finds a tenant by the slug in a SCIM URL (slugs only: a URL never carries an id). */
  findBySlug(slug: string): Tenant | undefined
  create(input: { name: string; slug?: string; setupProvider?: IdentityProvider | null }): Result<Tenant>
  /** `setupProvider` null forgets the one said; undefined leaves it. */
  update(input: { tenant: string; name?: string; rateLimitPerMinute?: number; setupProvider?: IdentityProvider | null }): Result<Tenant>
  remove(input: { tenant: string; force?: boolean }): Result<{ id: string }>
}

/** Tenants: create, list, rename, throttle and delete. */
export function createTenantService(deps: {
  tenants: TenantsRepo
  tokens: TokensRepo
  events: EventBus
  now: () => number
}): TenantService {
  const { tenants, tokens, events, now } = deps
  // The model of each row that findBySlug reads, made once: the repository keeps the row while the database is
  // unchanged, and every SCIM request names its tenant by slug.
  const bySlugModels = new WeakMap<TenantRow, Tenant>()

  function findRow(tenant: string): TenantRow | undefined {
    return tenants.byId(tenant) ?? tenants.bySlug(tenant.toLowerCase())
  }

  /** Another tenant whose name looks the same as `name` (nameKey), other than the one `except`. */
  function sameName(name: string, except?: string): TenantRow | undefined {
    const key = nameKey(name)
    return tenants.all().find((row) => row.id !== except && nameKey(row.name) === key)
  }

  /**
   * The refusal of a name another tenant has: it quotes that tenant's name as stored, so that "acme corp" or "Acme  Corp"
   * refused for "Acme Corp" does not read as if a tenant "acme corp" existed.
   */
  function nameTaken<T>(typed: string, clash: TenantRow): Result<T> {
    const how = clash.name === typed.trim() ? '' : ' Names that differ only in spaces or letter case count as the same name.'
    return fail('conflict', `A tenant named "${clash.name}" already exists.${how} Choose another name.`, { field: 'name' })
  }

  function notFound<T>(tenant: string): Result<T> {
    return fail('not_found', `No tenant has the id or slug ${quoted(tenant)}.`, { tenant })
  }

  /** The provider of the latest of the tenant's recent requests that came from Okta or Entra; null when none did. */
  function identityProviderOf(tenantId: string): IdentityProvider | null {
    for (const { client, path } of tenants.latestClients(tenantId, recentRequests)) {
      const sender = requestClientOf(client, path)
      if (sender !== 'other') return sender
    }
    return null
  }

  function summaries(rows: readonly TenantRow[]): TenantSummary[] {
    const at = now()
    const stats = new Map(tenants.stats(at).map((row) => [row.tenant_id, row]))
    const since = at - trendBuckets * trendBucketMs
    const trends = new Map<string, number[]>()
    const throttled = new Map<string, number>()
    for (const bucket of tenants.failureBuckets(since, trendBucketMs)) {
      const trend = trends.get(bucket.tenant_id) ?? new Array<number>(trendBuckets).fill(0)
      const index = Math.min(Math.max(bucket.bucket, 0), trendBuckets - 1)
      trend[index] = (trend[index] ?? 0) + bucket.failures
      trends.set(bucket.tenant_id, trend)
      throttled.set(bucket.tenant_id, (throttled.get(bucket.tenant_id) ?? 0) + bucket.throttled)
    }
    return rows.map((row) => {
      const stat = stats.get(row.id)
      const trend = trends.get(row.id) ?? new Array<number>(trendBuckets).fill(0)
      return {
        ...toTenant(row),
        userCount: stat?.user_count ?? 0,
        groupCount: stat?.group_count ?? 0,
        activeTokenCount: stat?.active_token_count ?? 0,
        lastRequestAt: stat?.last_request_at ? new Date(stat.last_request_at).toISOString() : null,
        identityProvider: stat?.last_request_at ? identityProviderOf(row.id) : null,
        failuresLastHour: trend.reduce((sum, n) => sum + n, 0),
        failureTrend: trend,
        throttledLastHour: throttled.get(row.id) ?? 0
      }
    })
  }

  return {
    list(search) {
      // Folded as names are compared (an accent typed as one character finds one pasted as two), as the palette does.
      // And spaces as names are compared: "Acme Corp" finds a tenant stored as "Acme\u00a0Corp" before they were folded.
      const needle = search?.trim() ? nameKey(search) : ''
      const rows = tenants
        .all()
        .filter((row) => !needle || nameKey(row.name).includes(needle) || row.slug.includes(needle))
      return summaries(rows)
    },

    summary(tenant) {
      const row = findRow(tenant)
      if (!row) return notFound(tenant)
      const [summary] = summaries([row])
      return summary ? ok(summary) : notFound(tenant)
    },

    find(tenant) {
      const row = findRow(tenant)
      return row ? toTenant(row) : undefined
    },

    findBySlug(slug) {
      // Slugs are lower-case (shared/slug.ts), and the rest of a SCIM path is matched in any case (`/USERS`): a base
      // URL typed as `/scim/v2/Acme` is acme's, not a slug no tenant has, whose 401 would blame the token.
      const row = tenants.bySlug(slug.toLowerCase())
      if (!row) return undefined
      let tenant = bySlugModels.get(row)
      if (!tenant) {
        tenant = toTenant(row)
        bySlugModels.set(row, tenant)
      }
      return tenant
    },

    create(input) {
      const name = storedName(input.name)
      const problem = nameProblem(name)
      if (problem) return fail('invalid_argument', problem, { field: 'name' })
      const slug = input.slug === undefined ? slugify(name) : input.slug.trim()
      const slugError = slugProblem(slug)
      if (slugError) {
        return input.slug === undefined
          ? fail('invalid_argument', `No URL-safe slug can be made from ${quoted(name)}. Give one with a slug, for example "acme".`, {
              field: 'slug'
            })
          : fail('invalid_argument', slugError, { field: 'slug' })
      }
      const providerError = providerProblem(input.setupProvider)
      if (providerError) return fail('invalid_argument', providerError, { field: 'setupProvider' })
      // Checked and written in one transaction: another process (the CLI, the app) may create the same name meanwhile,
      // and would otherwise meet SQLite's UNIQUE error instead of this message.
      const created = tenants.inTransaction((): Result<TenantRow> => {
        const clash = sameName(name)
        if (clash) return nameTaken(input.name, clash)
        if (tenants.bySlug(slug)) {
          return fail('conflict', `The slug "${slug}" is taken by another tenant. Choose another slug.`, { field: 'slug', slug })
        }
        // A tenant is named by its slug or its id (the CLI's TENANT, findRow): one's slug may not be another's id.
        const owner = tenants.byId(slug)
        if (owner) {
          return fail('conflict', `The slug "${slug}" is the id of another tenant (${owner.name}). Choose another slug.`, { field: 'slug', slug })
        }
        const row: TenantRow = { id: randomUUID(), name, slug, rate_limit_per_minute: 0, created_at: now(), setup_provider: input.setupProvider ?? null }
        tenants.insert(row)
        return ok(row)
      })
      if (!created.ok) return created
      const row = created.value
      events.emit('tenants:changed', { tenantId: row.id })
      return ok(toTenant(row))
    },

    update(input) {
      // Read, checked and written in one transaction, as create is: a rename racing another process's is refused in words.
      const updated = tenants.inTransaction((): Result<TenantRow> => {
        const row = findRow(input.tenant)
        if (!row) return notFound(input.tenant)
        // A name kept from before (as the edit form sends it back) is kept as stored, spaces and all, and not judged
        // again: a tenant named before a rule existed can still be throttled.
        const kept = input.name === undefined || input.name.trim() === row.name
        const name = kept ? row.name : storedName(input.name ?? '')
        const problem = kept ? null : nameProblem(name)
        if (problem) return fail('invalid_argument', problem, { field: 'name' })
        const clash = kept ? undefined : sameName(name, row.id)
        if (clash) return nameTaken(input.name ?? name, clash)
        const rate = input.rateLimitPerMinute ?? row.rate_limit_per_minute
        if (!Number.isInteger(rate) || rate < 0 || rate > maxRateLimitPerMinute) {
          return fail('invalid_argument', `The rate limit is a whole number of requests per minute, from 0 (unlimited) to ${maxRateLimitPerMinute}.`, {
            field: 'rateLimitPerMinute'
          })
        }
        const providerError = providerProblem(input.setupProvider)
        if (providerError) return fail('invalid_argument', providerError, { field: 'setupProvider' })
        const provider = input.setupProvider === undefined ? row.setup_provider : input.setupProvider
        tenants.update({ id: row.id, name, rate_limit_per_minute: rate, setup_provider: provider })
        return ok({ ...row, name, rate_limit_per_minute: rate, setup_provider: provider })
      })
      if (!updated.ok) return updated
      events.emit('tenants:changed', { tenantId: updated.value.id })
      return ok(toTenant(updated.value))
    },

    remove(input) {
      const row = findRow(input.tenant)
      if (!row) return notFound(input.tenant)
      const active = tokens.activeCount(row.id, now())
      if (active > 0 && !input.force) {
        return fail(
          'failed_precondition',
          `${row.name} has ${active} active API token${active === 1 ? '' : 's'}; Okta may still be provisioning into it. Revoke the tokens first, or force the deletion.`,
          { activeTokens: active }
        )
      }
      tenants.remove(row.id)
      events.emit('tenants:changed', { tenantId: row.id })
      return ok({ id: row.id })
    }
  }
}
