import { quoted } from '../../shared/quoted'
import { entraTenantUrl } from '../../shared/entra-setup'
import { slugProblem } from '../../shared/slug'
import { identityProviderNames, providerOf, type IdentityProvider } from '../../shared/identity-provider'
import { maxRateLimitPerMinute, type Tenant, type TenantSummary } from '../../shared/models'
import type { Result } from '../../shared/result'
import { plural } from '../../shared/plural'
import { CommandError, commandWord, negativeTenant, nextCommand, noMore, oneOf, parse, positional, printable, table, unexpectedNegative, unwrap, unwrapFound, UsageError, wholeNumber, withServices, type Io } from './common'

/** What --rate-limit must be, as the tenants service checks it. */
const rateLimitExpects = `a whole number of requests per minute, from 0 (unlimited) to ${maxRateLimitPerMinute}`

/** A tenant as `--json` prints it. */
export function tenantJson(tenant: Tenant) {
  return {
    id: tenant.id,
    name: tenant.name,
    slug: tenant.slug,
    scimPath: tenant.scimPath,
    rateLimitPerMinute: tenant.rateLimitPerMinute,
    createdAt: tenant.createdAt,
    setupProvider: tenant.setupProvider
  }
}

/** `--provider okta|entra` (and, for update, `none`): undefined when not given, null for none. */
function providerOption(raw: string | undefined, allowNone: boolean): IdentityProvider | null | undefined {
  if (raw === undefined) return undefined
  const value = oneOf(raw, allowNone ? (['okta', 'entra', 'none'] as const) : (['okta', 'entra'] as const))
  if (value === 'none') return null
  if (value !== undefined) return value
  throw new UsageError(`--provider is okta or entra${allowNone ? ' (or none, to forget it)' : ''}, not ${quoted(raw)}`)
}

/** The provider a CSM said, else the one the tenant's traffic shows, as the app's Tenants table has it; '-' for neither. */
function provisionedBy(tenant: TenantSummary): string {
  const provider = providerOf(tenant)
  return provider ? identityProviderNames[provider] : '-'
}

/** What `tenant create` says: where the tenant's SCIM path goes, in the words of the customer's provider, and what next. */
function createdLines(tenant: Tenant, dbFlag: string | undefined): string {
  const created = `Created ${printable(tenant.name)} (${tenant.slug})${tenant.setupProvider ? ` for ${identityProviderNames[tenant.setupProvider]}` : ''}.`
  const path =
    tenant.setupProvider === 'entra'
      ? `Tenant URL path: ${entraTenantUrl(tenant.scimPath)} (after the server's origin, in Entra's Provisioning → Admin Credentials)`
      : `SCIM base path: ${tenant.scimPath}`
  return `${created} ${path}\nNext: ${nextCommand(dbFlag, `token issue ${tenant.slug}`, 'in-output')}`
}

/**
 * `tenant delete TENANT --yes [--with-tokens]`: as the app's Delete tenant dialog, which asks for the slug, a script
 * says --yes, and a slip of the keyboard deletes nothing; nor does it delete a tenant Okta may still provision into.
 */
function deleteTenant(rest: readonly string[], io: Io): void {
  const { values, positionals } = parse(rest, { yes: { type: 'boolean', default: false }, 'with-tokens': { type: 'boolean', default: false } }, { positional: negativeTenant })
  const tenant = positional(positionals, 0, 'TENANT')
  noMore(positionals, 1)
  const deleted = withServices(values.db, (services) => {
    const summary = unwrapFound(services.tenants.summary(tenant), services, values.db)
    const what = `${summary.name} (${summary.slug}) with its ${plural(summary.userCount, 'user')}, ${plural(summary.groupCount, 'group')} and all its API tokens`
    if (!values.yes) throw new CommandError(`not deleted: add --yes to delete ${what}. This cannot be undone.`)
    if (summary.activeTokenCount > 0 && !values['with-tokens']) {
      const tokens = plural(summary.activeTokenCount, 'active API token')
      throw new CommandError(
        `not deleted: ${summary.name} has ${tokens}, and Okta or Entra may still be provisioning into it. Revoke ${summary.activeTokenCount === 1 ? 'it' : 'them'} first (${nextCommand(values.db, `token list ${summary.slug}`)}, then ${nextCommand(values.db, 'token revoke TOKEN_ID')}), or add --with-tokens.`
      )
    }
    unwrap(services.tenants.remove({ tenant: summary.id, force: values['with-tokens'] }))
    return summary
  }, 'refuse')
  if (values.json) io.out(JSON.stringify(tenantJson(deleted)))
  else {
    io.out(
      `Deleted ${printable(deleted.name)} (${deleted.slug}) with its ${plural(deleted.userCount, 'user')} and ${plural(deleted.groupCount, 'group')}. Every call to ${deleted.scimPath} now gets 401 Unauthorized; its past requests stay in the provisioning log.`
    )
  }
}

/**
 * A slug the service made from the name and could not use (taken, or none could be made) is one to give with
 * `--slug`: the service's words ("choose another slug") are the app's form's, where the slug is a field.
 */
function slugHint(result: Result<Tenant>, given: string | undefined): Result<Tenant> {
  if (result.ok || given !== undefined || result.error.details?.field !== 'slug') return result
  const [problem] = result.error.message.split('. ')
  const taken = result.error.details.slug
  const example = typeof taken === 'string' ? `${taken}-2` : 'acme'
  return { ok: false, error: { ...result.error, message: `${problem}: give one with --slug, for example --slug ${example}.` } }
}

/**
 * Refuses a --slug with capital letters that is otherwise a slug (`--slug GLOBEX`), naming the one to give. Slugs are
 * lower-case by rule (slugProblem), and one is not lower-cased for the user: the slug given is what a script reads back
 * (`tenant list --json`'s `slug`) and what the admin pastes into Okta's base URL, so the one stored must be the one typed.
 */
function slugInLowerCase(slug: string | undefined): void {
  if (slug === undefined) return
  const lower = slug.trim().toLowerCase()
  if (lower === slug.trim() || slugProblem(lower) !== null) return
  throw new UsageError(`--slug ${quoted(slug)} has capital letters, and a slug is lower-case (it is part of the SCIM base URL): give --slug ${lower}`)
}

/** `tenant create|list|update|delete`. */
export function tenantCommand(args: readonly string[], io: Io): void {
  const [verb, rest] = commandWord(args)
  switch (verb) {
    case 'create': {
      const { values, positionals } = parse(rest, { slug: { type: 'string' }, provider: { type: 'string' } })
      const name = positional(positionals, 0, 'NAME')
      noMore(positionals, 1)
      const setupProvider = providerOption(values.provider, false)
      slugInLowerCase(values.slug)
      const tenant = withServices(values.db, (services) => unwrap(slugHint(services.tenants.create({ name, slug: values.slug, setupProvider }), values.slug)))
      if (values.json) {
        io.out(JSON.stringify({ id: tenant.id, name: tenant.name, slug: tenant.slug, scimPath: tenant.scimPath, setupProvider: tenant.setupProvider }))
      } else io.out(createdLines(tenant, values.db))
      return
    }
    case 'list': {
      const { values, positionals } = parse(rest, {}, { positional: unexpectedNegative })
      noMore(positionals, 0)
      const tenants = withServices(values.db, (services) => services.tenants.list(), 'refuse')
      // setupProvider: the one a CSM said; identityProvider: the one its traffic shows, null until Okta or Entra called.
      if (values.json) io.out(JSON.stringify(tenants.map((t) => ({ ...tenantJson(t), identityProvider: t.identityProvider }))))
      else if (tenants.length === 0) io.out(`No tenants yet. Create one: ${nextCommand(values.db, 'tenant create "Acme Corp"', 'in-output')}`)
      else {
        io.out(table([
          ['SLUG', 'NAME', 'SCIM PATH', 'USERS', 'TOKENS', 'RATE LIMIT', 'PROVISIONED BY'],
          ...tenants.map((t) => [
            t.slug,
            printable(t.name),
            t.scimPath,
            String(t.userCount),
            String(t.activeTokenCount),
            t.rateLimitPerMinute ? `${t.rateLimitPerMinute}/min` : 'unlimited',
            provisionedBy(t)
          ])
        ]))
      }
      return
    }
    case 'update': {
      const { values, positionals } = parse(rest, { name: { type: 'string' }, 'rate-limit': { type: 'string' }, provider: { type: 'string' } }, { options: { 'rate-limit': rateLimitExpects }, positional: negativeTenant })
      const tenant = positional(positionals, 0, 'TENANT')
      noMore(positionals, 1)
      const rateLimitPerMinute = wholeNumber('--rate-limit', values['rate-limit'], rateLimitExpects)
      const setupProvider = providerOption(values.provider, true)
      if (values.name === undefined && rateLimitPerMinute === undefined && setupProvider === undefined) {
        throw new UsageError('nothing to update: give --name, --rate-limit or --provider')
      }
      const updated = withServices(
        values.db,
        (services) => unwrapFound(services.tenants.update({ tenant, name: values.name, rateLimitPerMinute, setupProvider }), services, values.db),
        'refuse'
      )
      if (values.json) io.out(JSON.stringify(tenantJson(updated)))
      else {
        const rate = updated.rateLimitPerMinute ? `${updated.rateLimitPerMinute} requests/minute` : 'unlimited'
        const provider = updated.setupProvider ? identityProviderNames[updated.setupProvider] : 'not set (the console goes by its traffic)'
        io.out(`Updated ${printable(updated.name)} (${updated.slug}): rate limit ${rate}; identity provider ${provider}.`)
      }
      return
    }
    case 'delete':
      deleteTenant(rest, io)
      return
    default:
      throw new UsageError(verb ? `unknown tenant command ${quoted(verb)}` : 'missing tenant command: create, list, update or delete')
  }
}
