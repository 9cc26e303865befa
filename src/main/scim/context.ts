import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Operation, Tenant } from '../../shared/models'
import type { DirectoryService } from '../core/directory'
import type { ProvisioningLog } from '../core/provisioning-log'
import type { TenantService } from '../core/tenants'
import type { TokenService } from '../core/tokens'
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
  responseBody: string | null
  injected: boolean
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
  readonly now: () => number
  readonly throttle?: Throttle
  /** Reports an unexpected error with its id; never given secrets. */
  readonly onInternalError?: (errorId: string, error: unknown) => void
}

/** The tenant's base URL as the client addressed it, for `meta.location` and `Location`. */
export function baseUrlOf(request: FastifyRequest): string {
  const forwardedProto = request.headers['x-forwarded-proto']
  const forwardedHost = request.headers['x-forwarded-host']
  const proto = (typeof forwardedProto === 'string' && forwardedProto.split(',')[0]?.trim()) || 'http'
  const host = (typeof forwardedHost === 'string' && forwardedHost.split(',')[0]?.trim()) || request.headers.host || 'localhost'
  return `${proto}://${host}/scim/v2/${request.scim.slug ?? ''}`
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
