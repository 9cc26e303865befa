import { commandWord, noMore, parse, positional, table, unwrap, UsageError, wholeNumber, withServices, type Io } from './common'

/** `token issue|list|revoke`. */
export function tokenCommand(args: readonly string[], io: Io): void {
  const [verb, rest] = commandWord(args)
  switch (verb) {
    case 'issue': {
      const { values, positionals } = parse(rest, { label: { type: 'string' }, 'expires-in-days': { type: 'string' } })
      const tenant = positional(positionals, 0, 'TENANT')
      noMore(positionals, 1)
      const expiresInDays = wholeNumber('--expires-in-days', values['expires-in-days'])
      const issued = withServices(values.db, (services) => unwrap(services.tokens.issue({ tenant, label: values.label, expiresInDays })))
      if (values.json) {
        io.out(JSON.stringify({
          id: issued.id,
          tenantId: issued.tenantId,
          label: issued.label,
          prefix: issued.prefix,
          token: issued.token,
          expiresAt: issued.expiresAt
        }))
      } else {
        io.out(`${issued.token}\n\nThis is the only time the token is shown. Paste it into Okta: Provisioning → Integration → API Token.`)
        io.out(`Label: ${issued.label}  Id: ${issued.id}  Expires: ${issued.expiresAt ?? 'never'}`)
      }
      return
    }
    case 'list': {
      const { values, positionals } = parse(rest, {})
      const tenant = positional(positionals, 0, 'TENANT')
      noMore(positionals, 1)
      const tokens = withServices(values.db, (services) => unwrap(services.tokens.list(tenant)))
      if (values.json) io.out(JSON.stringify(tokens))
      else if (tokens.length === 0) io.out(`No tokens. Issue one: scim-console token issue ${tenant}`)
      else {
        io.out(table([
          ['ID', 'LABEL', 'PREFIX', 'STATUS', 'CREATED', 'EXPIRES', 'REVOKED', 'LAST USED'],
          ...tokens.map((t) => [t.id, t.label, `${t.prefix}…`, t.status, t.createdAt, t.expiresAt ?? 'never', t.revokedAt ?? '-', t.lastUsedAt ?? 'never'])
        ]))
      }
      return
    }
    case 'revoke': {
      const { values, positionals } = parse(rest, {})
      const tokenId = positional(positionals, 0, 'TOKEN_ID')
      noMore(positionals, 1)
      const revoked = withServices(values.db, (services) => unwrap(services.tokens.revoke(tokenId)))
      if (values.json) io.out(JSON.stringify(revoked))
      else io.out(`Revoked "${revoked.label}" (${revoked.prefix}…). Requests with it now get 401.`)
      return
    }
    default:
      throw new UsageError(verb ? `unknown token command "${verb}"` : 'missing token command: issue, list or revoke')
  }
}
