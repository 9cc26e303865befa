import type { Tenant } from '../../shared/models'
import { plural } from '../../shared/plural'
import { CommandError, commandFirst, noMore, parse, positional, table, unwrap, UsageError, wholeNumber, withServices, type Io } from './common'

/** A tenant as `--json` prints it. */
export function tenantJson(tenant: Tenant) {
  return {
    id: tenant.id,
    name: tenant.name,
    slug: tenant.slug,
    scimPath: tenant.scimPath,
    rateLimitPerMinute: tenant.rateLimitPerMinute,
    createdAt: tenant.createdAt
  }
}

/** `tenant create|list|update|delete`. */
export function tenantCommand(args: readonly string[], io: Io): void {
  const [verb, ...rest] = commandFirst(args)
  switch (verb) {
    case 'create': {
      const { values, positionals } = parse(rest, { slug: { type: 'string' } })
      const name = positional(positionals, 0, 'NAME')
      noMore(positionals, 1)
      const tenant = withServices(values.db, (services) => unwrap(services.tenants.create({ name, slug: values.slug })))
      if (values.json) io.out(JSON.stringify({ id: tenant.id, name: tenant.name, slug: tenant.slug, scimPath: tenant.scimPath }))
      else io.out(`Created ${tenant.name} (${tenant.slug}). SCIM base path: ${tenant.scimPath}\nNext: scim-console token issue ${tenant.slug}`)
      return
    }
    case 'list': {
      const { values, positionals } = parse(rest, {})
      noMore(positionals, 0)
      const tenants = withServices(values.db, (services) => services.tenants.list())
      // The provider its traffic shows (TenantSummary.identityProvider): null until Okta or Entra has called.
      if (values.json) io.out(JSON.stringify(tenants.map((t) => ({ ...tenantJson(t), identityProvider: t.identityProvider }))))
      else if (tenants.length === 0) io.out('No tenants yet. Create one: scim-console tenant create "Acme Corp"')
      else {
        io.out(table([
          ['SLUG', 'NAME', 'SCIM PATH', 'USERS', 'TOKENS', 'RATE LIMIT', 'PROVISIONED BY'],
          ...tenants.map((t) => [
            t.slug,
            t.name,
            t.scimPath,
            String(t.userCount),
            String(t.activeTokenCount),
            t.rateLimitPerMinute ? `${t.rateLimitPerMinute}/min` : 'unlimited',
            t.identityProvider === 'entra' ? 'Microsoft Entra ID' : t.identityProvider === 'okta' ? 'Okta' : '-'
          ])
        ]))
      }
      return
    }
    case 'update': {
      const { values, positionals } = parse(rest, { name: { type: 'string' }, 'rate-limit': { type: 'string' } })
      const tenant = positional(positionals, 0, 'TENANT')
      noMore(positionals, 1)
      const rateLimitPerMinute = wholeNumber('--rate-limit', values['rate-limit'])
      if (values.name === undefined && rateLimitPerMinute === undefined) throw new UsageError('nothing to update: give --name or --rate-limit')
      const updated = withServices(values.db, (services) =>
        unwrap(services.tenants.update({ tenant, name: values.name, rateLimitPerMinute }))
      )
      if (values.json) io.out(JSON.stringify(tenantJson(updated)))
      else io.out(`Updated ${updated.name} (${updated.slug}): rate limit ${updated.rateLimitPerMinute ? `${updated.rateLimitPerMinute} requests/minute` : 'unlimited'}.`)
      return
    }
    case 'delete': {
      const { values, positionals } = parse(rest, { yes: { type: 'boolean', default: false }, 'with-tokens': { type: 'boolean', default: false } })
      const tenant = positional(positionals, 0, 'TENANT')
      noMore(positionals, 1)
      const deleted = withServices(values.db, (services) => {
        const summary = unwrap(services.tenants.summary(tenant))
        const what = `${summary.name} (${summary.slug}) with its ${plural(summary.userCount, 'user')}, ${plural(summary.groupCount, 'group')} and all its API tokens`
        // As the app asks for the slug: a script says --yes, and a slip of the keyboard deletes nothing.
        if (!values.yes) throw new CommandError(`not deleted: add --yes to delete ${what}. This cannot be undone.`)
        if (summary.activeTokenCount > 0 && !values['with-tokens']) {
          const tokens = plural(summary.activeTokenCount, 'active API token')
          throw new CommandError(
            `not deleted: ${summary.name} has ${tokens}, and Okta or Entra may still be provisioning into it. Revoke ${summary.activeTokenCount === 1 ? 'it' : 'them'} first (scim-console token list ${summary.slug}, then token revoke TOKEN_ID), or add --with-tokens.`
          )
        }
        unwrap(services.tenants.remove({ tenant: summary.id, force: values['with-tokens'] }))
        return summary
      })
      if (values.json) io.out(JSON.stringify(tenantJson(deleted)))
      else {
        io.out(
          `Deleted ${deleted.name} (${deleted.slug}) with its ${plural(deleted.userCount, 'user')} and ${plural(deleted.groupCount, 'group')}. Every call to ${deleted.scimPath} now gets 404 Not Found; its past requests stay in the provisioning log.`
        )
      }
      return
    }
    default:
      throw new UsageError(verb && !verb.startsWith('-') ? `unknown tenant command "${verb}"` : 'missing tenant command: create, list, update or delete')
  }
}
