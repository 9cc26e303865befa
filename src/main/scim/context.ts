import { entraTenantUrl } from '../../shared/entra-setup'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorFacts, Operation, Tenant } from '../../shared/models'
import type { DirectoryService } from '../core/directory'
import type { FaultInjector, InjectedFault } from '../core/faults'
import { requestClientOf, type RequestClient } from '../../shared/identity-provider'
import type { ProvisioningLog } from '../core/provisioning-log'
import type { TenantService } from '../core/tenants'
import type { TokenService } from '../core/tokens'
import type { ChangeWatch } from '../db/change-watch'
import type { GroupCommit } from '../db/group-commit'
import { ScimError } from './errors'
import { parseFilter } from './filter/parser'
import { compileFilter, groupFilterTarget, userFilterTarget } from './filter/sql'
import { classifyUserWrite, intendedActive, patchedAlone } from './operation'
import type { AuthScheme } from './redact'
import type { Throttle } from './throttle'

/** The media type of every SCIM response (RFC 7644 §3.1). */
export const scimContentType = 'application/scim+json; charset=utf-8'

/** What the pipeline learns about one request, for the handlers and for the provisioning log. */
export interface ScimRequestContext {
  slug: string | null
  tenant: Tenant | null
  tokenId: string | null
  authScheme: AuthScheme
  operation: Operation
  target: { type: 'user' | 'group'; id: string | null; name: string | null } | null
  rawBody: string | null
  errorType: string | null
  errorDetail: string | null
  /** What a refusal was about (ScimError.facts), kept in the log for its diagnosis. */
  errorFacts: ErrorFacts | null
  responseBody: string | null
  injected: boolean
  /** The tenant had faults on when the request was admitted: only then does it go through fault injection. */
  faultsOn: boolean
  /**
   * The answer to a request refused before its handler (a bad token, the throttle) whose body is still to be read.
   * The body is read only to name the user or group it was about; the refusal is then answered, whatever the body.
   */
  refusal: ScimError | null
  /** A Content-Type that names no media type, hidden from Fastify so that the body is read as JSON; the log shows it. */
  hiddenContentType: string | null
}

declare module 'fastify' {
  interface FastifyRequest {
    scim: ScimRequestContext
  }
}

export interface ScimServerDeps {
  readonly tenants: TenantService
  readonly tokens: TokenService
  readonly directory: DirectoryService
  readonly log: ProvisioningLog
  /** The group commit that every write of the server goes through. */
  readonly writes: GroupCommit
  readonly now: () => number
  readonly throttle?: Throttle
  /** Lets a request's reads share a look at the database (src/main/db/change-watch.ts); absent, each request looks. */
  readonly changes?: Pick<ChangeWatch, 'beforeRequest'>
  /** Faults injected for training (src/main/core/faults.ts); absent means none. */
  readonly faults?: FaultInjector
  /** Reports an unexpected error with its id; never given secrets. */
  readonly onInternalError?: (errorId: string, error: unknown) => void
  /** The public URL set on the Server page (a tunnel's origin, no trailing slash), or null; absent means none. */
  readonly publicOrigin?: () => string | null
  /** How long a stop gives the requests in flight before it closes their connections (server.ts); tests lengthen it. */
  readonly closeGraceMs?: number
}

// What a Host or X-Forwarded-Host must look like to be put in a URL: a host name or an IP address, and a port.
const authorityPattern = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,253})|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/

function firstOf(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' ? header.split(',')[0]?.trim() : undefined
}

/**
 * Whether the connection comes from this machine: 127.0.0.0/8 or ::1, also as an IPv4-mapped IPv6 address. A tunnel
 * client (ngrok, cloudflared) runs here and connects from loopback; anyone else reaches the server directly.
 */
function fromLoopback(request: FastifyRequest): boolean {
  const address = request.socket?.remoteAddress
  if (address === undefined) return false
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.')
}

/**
 * The tenant's base URL for `meta.location`, `$ref` and `Location`: under the public URL set on the Server page when
 * there is one, as the setup guide gave it to the IdP (a tunnel may rewrite Host, or say nothing of its https origin);
 * else as the client addressed it, by a tunnel's X-Forwarded-Proto and X-Forwarded-Host when they name an origin (a
 * scheme other than http or https, or a host with a path or a space in it, is no origin: such a header is not used).
 * Those two are read only from a loopback peer, where a tunnel connects from: a client that reaches the server over
 * the network (it listens on 0.0.0.0) could otherwise make the URLs in every answer to it point wherever it likes.
 */
export function baseUrlOf(deps: Pick<ScimServerDeps, 'publicOrigin'>, request: FastifyRequest): string {
  const origin = deps.publicOrigin?.()
  if (origin) return `${origin}/scim/v2/${request.scim.slug ?? ''}`
  const trusted = fromLoopback(request)
  const forwardedProto = trusted ? firstOf(request.headers['x-forwarded-proto'])?.toLowerCase() : undefined
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : 'http'
  const forwardedHost = trusted ? firstOf(request.headers['x-forwarded-host']) : undefined
  const host = [forwardedHost, request.headers.host].find((candidate) => candidate !== undefined && authorityPattern.test(candidate)) ?? 'localhost'
  return `${proto}://${host}/scim/v2/${request.scim.slug ?? ''}`
}

/**
 * The tenant's base URL as its admin should enter it, for a detail that says what to enter: the public URL set on the
 * Server page (a tunnel's https origin) when there is one, else the origin the client addressed; for Entra, its Tenant
 * URL, with the standards flag, as the setup guide writes it.
 */
export function baseUrlToEnter(deps: Pick<ScimServerDeps, 'publicOrigin'>, request: FastifyRequest): string {
  const base = baseUrlOf(deps, request)
  return clientOf(request) === 'entra' ? entraTenantUrl(base) : base
}

/** Who sent the request, so that an error's detail speaks to that client's admin (Okta's, Entra's, or neither). */
export function clientOf(request: FastifyRequest): RequestClient {
  return requestClientOf(request.headers['user-agent'], request.url)
}

/** The tenant of an authenticated request; the pipeline guarantees it. */
export function tenantOf(request: FastifyRequest): Tenant {
  const tenant = request.scim.tenant
  if (!tenant) throw new Error('SCIM handler reached without a tenant')
  return tenant
}

/** Sends a SCIM JSON body with the SCIM media type. */
export function sendScim(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', scimContentType).send(JSON.stringify(body))
}

/**
 * The operation of a user write that no handler ran for: a PUT or PATCH that turns `active` off is a deactivation,
 * whichever verb and dialect carried it (Entra's `"Replace"` with `"False"`). The handlers learn it only after writing,
 * so fault rules, and requests refused before their handler (a bad token, the throttle), read it here from the body
 * and the stored state.
 */
export function userWriteOperation(deps: ScimServerDeps, request: FastifyRequest, tenant: Tenant): Operation {
  const context = request.scim
  const id = (request.params as { id?: unknown } | undefined)?.id
  if (context.operation === 'update-user' && typeof id === 'string') {
    const current = deps.directory.getUser(tenant.id, id)
    context.operation = classifyUserWrite(current?.active, intendedActive(request.body) ?? current?.active, patchedAlone(request.body))
  }
  return context.operation
}

/**
 * The one user or group a lookup's filter finds now, for a lookup no handler answered. Entra looks users up by its
 * matching attribute, which may be `externalId eq "<guid>"` or the work email rather than userName. Null when the
 * filter finds none or several, or cannot be read.
 */
function lookedUp(deps: ScimServerDeps, tenant: Tenant, filter: string, group: boolean): ScimRequestContext['target'] {
  try {
    const window = { where: compileFilter(parseFilter(filter), group ? groupFilterTarget : userFilterTarget), offset: 0, limit: 2 }
    if (group) {
      const found = deps.directory.listGroups(tenant.id, window, false).items
      return found.length === 1 && found[0] ? { type: 'group', id: found[0].id, name: found[0].displayName } : null
    }
    const found = deps.directory.listUsers(tenant.id, window).items
    return found.length === 1 && found[0] ? { type: 'user', id: found[0].id, name: found[0].userName } : null
  } catch {
    return null
  }
}

/**
 * Names the user or group a request is about when no handler did: an injected failure, or a request refused before
 * its handler ran (a bad token, the throttle). The person's history and the log's user filter then show it too.
 * Taken from the id in the path, else the userName or displayName in the body, else the one user or group a lookup
 * finds, else the name an `eq` filter looks for.
 */
export function requestTarget(deps: ScimServerDeps, request: FastifyRequest, tenant: Tenant): ScimRequestContext['target'] {
  const id = (request.params as { id?: unknown } | undefined)?.id
  const group = /group/.test(request.scim.operation)
  if (typeof id === 'string') {
    const name = group ? deps.directory.getGroup(tenant.id, id, false)?.displayName : deps.directory.getUser(tenant.id, id)?.userName
    return { type: group ? 'group' : 'user', id, name: name ?? null }
  }
  const body = request.body
  const key = group ? 'displayName' : 'userName'
  const named = body && typeof body === 'object' ? Object.entries(body).find(([field]) => field.toLowerCase() === key.toLowerCase())?.[1] : undefined
  if (typeof named === 'string') return { type: group ? 'group' : 'user', id: null, name: named }
  const filter = (request.query as Record<string, unknown> | undefined)?.filter
  // Entra's connection check looks for a made-up user: there is nobody to name.
  if (typeof filter !== 'string' || request.scim.operation === 'test-credentials') return null
  // Only for a token this console issued (revoked, expired, another tenant's) or one the throttle held back: a request
  // with no token, or a made-up one, must not make the server search the directory for it.
  const lookup = (request.scim.operation === 'lookup-user' || request.scim.operation === 'lookup-group') && request.scim.tokenId !== null
  const found = lookup ? lookedUp(deps, tenant, filter, group) : null
  if (found) return found
  const match = new RegExp(`${key}\\s+eq\\s+"([^"]*)"`, 'i').exec(filter)
  return match ? { type: group ? 'group' : 'user', id: null, name: match[1] ?? null } : null
}

/**
 * Applies the tenant's injected faults to an authenticated request, after the body is parsed (so that a deactivation
 * can be told from an update): waits out the added latency, then rejects with the injected failure, flagged for the
 * log. Null when the tenant had no faults on at admission, so that the request goes on in the same turn.
 */
export function applyFaults(deps: ScimServerDeps, request: FastifyRequest, reply: FastifyReply): Promise<void> | null {
  const tenant = request.scim?.tenant
  if (!deps.faults || !tenant || !request.scim.faultsOn) return null
  const pending = deps.faults.intercept({
    tenantId: tenant.id,
    tenantName: tenant.name,
    tokenId: request.scim.tokenId,
    operation: () => userWriteOperation(deps, request, tenant)
  })
  if (pending === null) return null
  return pending.then((fault) => {
    if (fault) refuseWith(deps, request, reply, tenant, fault)
  })
}

// Flags the request as injected for the log, names its target, and throws the injected failure.
function refuseWith(deps: ScimServerDeps, request: FastifyRequest, reply: FastifyReply, tenant: Tenant, fault: InjectedFault): never {
  request.scim.injected = true
  request.scim.operation = userWriteOperation(deps, request, tenant)
  request.scim.target ??= requestTarget(deps, request, tenant)
  if (fault.retryAfterSeconds !== undefined) reply.header('retry-after', String(fault.retryAfterSeconds))
  if (fault.status === 401) reply.header('www-authenticate', 'Bearer realm="SCIM Console"')
  throw new ScimError(fault.status, undefined, fault.detail, fault.facts ? { facts: fault.facts } : {})
}
