import { quoted } from '../../shared/quoted'
import { defaultTokenLabel, isBlankTokenLabel, pasteTokenInto } from '../../shared/identity-provider'
import type { Token } from '../../shared/models'
import { readableTime } from '../core/readable-time'
import type { Services } from '../core/services'
import { maxExpiryDays, tokenDisplayLength, tokenPrefix } from '../core/tokens'
import { storageFailure } from '../db/storage-errors'
import { CommandError, commandWord, negativeTenant, nextCommand, noMore, parse, positional, printable, shellArgument, table, unwrapFound, UsageError, wholeNumber, withServices, type Io } from './common'

/**
 * The id of the token to revoke: the argument, or, when it is a secret (a leaked token, pasted as it was found), the id
 * of the token it is. The secret is never repeated: the error names its display prefix only.
 */
function idOf(services: Services, pasted: string, dbFlag: string | undefined): string {
  // As found, a leaked secret often comes with what stood around it: the Authorization header ("Bearer scim_…"),
  // quotes, the end of its line. A token's id is a UUID, which never holds the prefix.
  const argument = secretIn(pasted)
  if (argument === null) return pasted
  // No more than `token list` shows of a secret (`scim_AbCd…`): a prefix copied from its PREFIX column, not a secret.
  if (argument.replace(/(…|\.\.\.)$/, '').length <= tokenDisplayLength) {
    throw new CommandError(
      `${argument.slice(0, tokenDisplayLength)}… is an API token's display prefix (the PREFIX column of token list), not its id. Revoke the token by the ID beside it: ${nextCommand(dbFlag, 'token list TENANT')}`
    )
  }
  const token = services.tokens.findBySecret(argument)
  if (token) return token.id
  throw new CommandError(
    `${argument.slice(0, tokenDisplayLength)}… is an API token's secret, not its id, and no token in this database has it. Find the id with: ${nextCommand(dbFlag, 'token list TENANT')}`
  )
}

/** `token revoke -1`: no token's id (a UUID) or secret (scim_…) starts with a dash. */
function negativeTokenId(given: string, dbFlag: string | undefined, before: readonly string[]): string {
  if (before.length > 0) return `unexpected argument ${quoted(given)}`
  return `TOKEN_ID is the ID column of token list, which never starts with a dash, not ${quoted(given)}. Find the id with: ${nextCommand(dbFlag, 'token list TENANT')}`
}

/** What --expires-in-days must be, as the tokens service checks it. */
const expiresExpects = `a whole number of days from 1 to ${maxExpiryDays}`

const secretPattern = new RegExp(`${tokenPrefix}[A-Za-z0-9_-]*(?:…|\\.\\.\\.)?`)

/** The secret (or display prefix) in a pasted argument, without what stood around it; null when it has none. */
function secretIn(pasted: string): string | null {
  return secretPattern.exec(pasted)?.[0] ?? null
}

/**
 * The secret is shown once: when stdout could not take it (`> /dev/full`, a pipe whose reader has gone), no one holds
 * it, and a token that works while no one holds it is only a risk. It is revoked, and the command fails saying so.
 */
async function revokeUnlessWritten(dbFlag: string | undefined, tokenId: string, io: Io): Promise<void> {
  try {
    await io.written?.()
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    let unrevoked: string | null
    try {
      const revoked = withServices(dbFlag, (services) => services.tokens.revoke(tokenId))
      unrevoked = revoked.ok ? null : revoked.error.message
    } catch (failure) {
      unrevoked = storageFailure(failure)?.message ?? (failure instanceof Error ? failure.message : String(failure))
    }
    if (unrevoked !== null) {
      throw new CommandError(
        `The token could not be written to standard output (${why}), and revoking it failed too (${unrevoked.replace(/\.$/, '')}): no one has its secret, so revoke it: ${nextCommand(dbFlag, `token revoke ${tokenId}`)}`
      )
    }
    throw new CommandError(`The token could not be written to standard output (${why}), so it was revoked; nothing was issued.`)
  }
}

/**
 * The answer to revoking a token that is revoked already (a revoke script run twice, or a token the app revoked first).
 * It stays a failure (exit 1), as it always was, so a script that tells "I revoked it" from "it was done before" keeps
 * working; the sentence says which token it is, by the prefix `token list` shows, and that nothing is left to do.
 */
function alreadyRevoked(token: Token): string {
  return `The token "${token.label}" (${token.prefix}…) was already revoked on ${readableTime(token.revokedAt ?? '')}, so nothing changed: requests with it have been refused with 401 since then.`
}

/** `token issue|list|revoke`. */
export async function tokenCommand(args: readonly string[], io: Io): Promise<void> {
  const [verb, rest] = commandWord(args)
  switch (verb) {
    case 'issue': {
      const { values, positionals } = parse(rest, { label: { type: 'string' }, 'expires-in-days': { type: 'string' } }, { options: { 'expires-in-days': expiresExpects }, positional: negativeTenant })
      const tenant = positional(positionals, 0, 'TENANT')
      noMore(positionals, 1)
      const expiresInDays = wholeNumber('--expires-in-days', values['expires-in-days'], expiresExpects)
      const [issued, provider] = withServices(values.db, (services) => {
        // A blank --label is a script's mistake (`--label "$LABEL"` with LABEL unset): say which label leaving it out gives.
        const found = services.tenants.find(tenant)
        if (found && values.label !== undefined && isBlankTokenLabel(values.label)) {
          throw new UsageError(`--label is blank; leave it out to get the default label, "${defaultTokenLabel(found.setupProvider)}"`)
        }
        const token = unwrapFound(services.tokens.issue({ tenant, label: values.label, expiresInDays }), services, values.db)
        return [token, services.tenants.find(token.tenantId)?.setupProvider ?? null] as const
      }, 'refuse')
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
        io.out(`${issued.token}\n\nThis is the only time the token is shown. ${pasteTokenInto(provider)}`)
        io.out(`Label: ${printable(issued.label)}  Id: ${issued.id}  Expires: ${issued.expiresAt ?? 'never'}`)
      }
      await revokeUnlessWritten(values.db, issued.id, io)
      return
    }
    case 'list': {
      const { values, positionals } = parse(rest, {}, { positional: negativeTenant })
      const tenant = positional(positionals, 0, 'TENANT')
      noMore(positionals, 1)
      const tokens = withServices(values.db, (services) => unwrapFound(services.tokens.list(tenant), services, values.db), 'refuse')
      if (values.json) io.out(JSON.stringify(tokens))
      else if (tokens.length === 0) io.out(`No tokens. Issue one: ${nextCommand(values.db, `token issue ${shellArgument(tenant)}`, 'in-output')}`)
      else {
        io.out(table([
          ['ID', 'LABEL', 'PREFIX', 'STATUS', 'CREATED', 'EXPIRES', 'REVOKED', 'LAST USED'],
          ...tokens.map((t) => [t.id, printable(t.label), `${t.prefix}…`, t.status, t.createdAt, t.expiresAt ?? 'never', t.revokedAt ?? '-', t.lastUsedAt ?? 'never'])
        ]))
      }
      return
    }
    case 'revoke': {
      const { values, positionals } = parse(rest, {}, { positional: negativeTokenId })
      const tokenId = positional(positionals, 0, 'TOKEN_ID')
      noMore(positionals, 1)
      const revoked = withServices(values.db, (services) => {
        const id = idOf(services, tokenId, values.db)
        const result = services.tokens.revoke(id)
        const token = result.ok ? undefined : services.tokens.get(id)
        if (token?.revokedAt) throw new CommandError(alreadyRevoked(token))
        return unwrapFound(result, services, values.db)
      }, 'refuse')
      if (values.json) io.out(JSON.stringify(revoked))
      else io.out(`Revoked "${printable(revoked.label)}" (${revoked.prefix}…). Requests with it now get 401.`)
      return
    }
    default:
      throw new UsageError(verb ? `unknown token command ${quoted(verb)}` : 'missing token command: issue, list or revoke')
  }
}
