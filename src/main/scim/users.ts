import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppError } from '../../shared/result'
import type { ResourceBody, StoredUser } from '../core/directory'
import { compileFilter, compileSortBy, userFilterTarget } from './filter/sql'
import { parseFilter } from './filter/parser'
import { readListParams, scimErrorFrom, searchRequestOf } from './list-params'
import { classifyList, classifyUserWrite, intendedActive, patchedAlone } from './operation'
import { applyPatch } from './patch'
import { etag, ifMatchNamesNone, isNotModified, meetsIfMatch, staleIfMatch, writeConditions, listResponse, parseProjection, project, renderUser, type Projection } from './render'
import { enterpriseUserSchemaUrn, userSchemaUrn } from './schema-definitions'
import { normalizeUser, requireResourceSchema } from './resources'
import { baseUrlOf, clientOf, sendScim, tenantOf, type ScimServerDeps } from './context'
import { ScimError } from './errors'

type IdParams = { Params: { tenant: string; id: string } }

/** What a request wanted of the user it named, for the 404 that tells its admin what to do. */
type UserAction = 'read-or-update' | 'deactivate' | 'delete'

// An endpoint's name where an id goes (/Users/Users): the base URL the admin entered already ends in the endpoint.
const endpointName = /^(?:users|groups|serviceproviderconfig|resourcetypes|schemas)$/i

/**
 * A user id the tenant does not have. An IdP that reads or updates a user by an id it stored keeps failing until it
 * links the user anew, which its admin starts. One that deactivates or deletes a user that is gone already has what
 * it asked for: telling its admin to unassign and reassign would create, for a moment, the user they are removing.
 */
function userNotFound(id: string, action: UserAction): ScimError {
  const none = `User not found: no user has the id "${id}" in this tenant.`
  if (endpointName.test(id)) {
    const doubled = `${none} The path names /${id} twice: the base URL entered in the client probably ends in /${id}, which the client adds itself. The base URL ends at /scim/v2/<tenant slug>.`
    return new ScimError(404, undefined, doubled)
  }
  if (action !== 'read-or-update') {
    const gone = `${none} ${action === 'delete' ? 'It is deleted already' : 'It is no longer here (deleted), so it is inactive already'}: nothing to fix for this user.`
    return new ScimError(404, undefined, {
      okta: `${gone} If Okta lists the failed task, dismiss it.`,
      entra: gone,
      other: gone
    })
  }
  return new ScimError(404, undefined, {
    // Okta reads, updates, reactivates and pushes passwords by the id it stored: whichever of them failed, the way out is
    // the same, so the sentence names none of them.
    okta: `${none} Okta's link to this user is stale: unassign the user from the app in Okta and assign them again, so that Okta creates them anew.`,
    entra: `${none} If Entra's Provisioning logs show this, select Restart provisioning on the app's Provisioning page, so that Entra matches its users again.`,
    other: none
  })
}

// A failed write: an unknown id gets the sentence that tells the admin what to do, the rest their SCIM error.
function userWriteError(error: AppError, id: string, action: UserAction): ScimError {
  return error.code === 'not_found' ? userNotFound(id, action) : scimErrorFrom(error)
}

function targetUser(request: FastifyRequest, user: { id: string | null; name: string | null }): void {
  request.scim.target = { type: 'user', id: user.id, name: user.name }
}

function userNameOf(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null
  const key = Object.keys(body).find((name) => name.toLowerCase() === 'username')
  const value = key ? (body as Record<string, unknown>)[key] : undefined
  return typeof value === 'string' ? value : null
}

/** The stored body to write: keep `active` when a PUT leaves it out (Okta's read-modify-write never does, others may). */
function withActive(resource: ResourceBody, current: StoredUser): ResourceBody {
  return resource.active === undefined ? { ...resource, active: current.active } : resource
}

/**
 * The `attributes` or `excludedAttributes` of a request (RFC 7644 §3.9: they apply to every response that carries a
 * resource, a write's too). Read before a write, so that a malformed list is refused with nothing written.
 */
function userProjection(request: FastifyRequest): Projection | null {
  const params = readListParams(request.query as Record<string, unknown>)
  return parseProjection(params.attributes, params.excludedAttributes, [userSchemaUrn, enterpriseUserSchemaUrn])
}

function editableBody(user: StoredUser): Record<string, unknown> {
  return { ...user.resource, active: user.active }
}

/** /Users: Okta's lookup, create, import, read-modify-write PUT and PATCH deactivation; Entra's PATCH dialect. */
export function registerUserRoutes(app: FastifyInstance, deps: ScimServerDeps): void {
  // Every handler that writes runs its reads and writes as one queued write of the group commit
  // (src/main/db/group-commit.ts), and answers once it is committed.
  const { directory, writes } = deps

  function list(request: FastifyRequest, source: Record<string, unknown>) {
    const tenant = tenantOf(request)
    const params = readListParams(source)
    const where = params.filter ? compileFilter(parseFilter(params.filter), userFilterTarget) : undefined
    const orderBy = params.sortBy ? compileSortBy(params.sortBy, userFilterTarget) : undefined
    const projection = parseProjection(params.attributes, params.excludedAttributes, [userSchemaUrn, enterpriseUserSchemaUrn])
    const page = directory.listUsers(tenant.id, {
      where,
      orderBy,
      descending: params.descending,
      offset: params.startIndex - 1,
      limit: params.count
    })
    const baseUrl = baseUrlOf(deps, request)
    if (page.items.length === 1 && params.filter) {
      const only = page.items[0] as StoredUser
      targetUser(request, { id: only.id, name: only.userName })
    }
    return listResponse(page.items.map((user) => project(renderUser(user, baseUrl), projection)), page.total, params.startIndex)
  }

  app.get<{ Querystring: Record<string, unknown> }>('/Users', async (request, reply) => {
    const operation = classifyList('Users', request.query as Record<string, string>, () => clientOf(request))
    request.scim.operation = operation
    const filter = (request.query as Record<string, unknown>).filter
    // Entra's connection check names a user nobody has; the log shows no target for it.
    if (typeof filter === 'string' && operation === 'lookup-user') {
      const match = /username\s+eq\s+"([^"]*)"/i.exec(filter)
      if (match) targetUser(request, { id: null, name: match[1] ?? null })
    }
    const answer = list(request, request.query)
    // Entra's check found a user (one whose userName is a GUID): a lookup after all. Okta's Test API Credentials
    // (no filter) finds the tenant's users, and stays the test.
    if (operation === 'test-credentials' && filter !== undefined && answer.totalResults !== 0) request.scim.operation = 'lookup-user'
    return sendScim(reply, 200, answer)
  })

  // RFC 7644 §3.4.3: the same query in a POST body, for filters too long or too private for a URL.
  app.post('/Users/.search', async (request, reply) => {
    request.scim.operation = 'list-users'
    return sendScim(reply, 200, list(request, searchRequestOf(request.body)))
  })

  app.post('/Users', async (request, reply) => {
    request.scim.operation = 'create-user'
    targetUser(request, { id: null, name: userNameOf(request.body) })
    const tenant = tenantOf(request)
    const projection = userProjection(request)
    requireResourceSchema(request.body, 'User')
    const { resource, password } = normalizeUser(request.body, 'create')
    const created = await writes.write(() => directory.createUser(tenant.id, resource as unknown as ResourceBody, password))
    if (!created.ok) throw scimErrorFrom(created.error)
    targetUser(request, { id: created.value.id, name: created.value.userName })
    const body = renderUser(created.value, baseUrlOf(deps, request))
    reply.header('location', (body.meta as { location: string }).location).header('etag', etag(created.value.version))
    return sendScim(reply, 201, project(body, projection))
  })

  app.get<IdParams & { Querystring: Record<string, unknown> }>('/Users/:id', async (request, reply) => {
    request.scim.operation = 'get-user'
    const tenant = tenantOf(request)
    const user = directory.getUser(tenant.id, request.params.id)
    targetUser(request, { id: request.params.id, name: user?.userName ?? null })
    if (!user) throw userNotFound(request.params.id, 'read-or-update')
    reply.header('etag', etag(user.version))
    if (!meetsIfMatch(request.headers['if-match'], user.version)) throw staleIfMatch('user', user.version, ifMatchNamesNone(request.headers['if-match']))
    if (isNotModified(request.headers['if-none-match'], user.version)) return reply.code(304).send()
    return sendScim(reply, 200, project(renderUser(user, baseUrlOf(deps, request)), userProjection(request)))
  })

  app.put<IdParams>('/Users/:id', async (request, reply) => {
    const tenant = tenantOf(request)
    const id = request.params.id
    const intended = intendedActive(request.body)
    request.scim.operation = intended === false ? 'deactivate-user' : 'update-user'
    targetUser(request, { id, name: null })
    try {
      const projection = userProjection(request)
      requireResourceSchema(request.body, 'User')
      // Okta's PUT echoes the last GET, id and meta included; normalisation drops those readOnly attributes.
      const { resource, password } = normalizeUser(request.body, 'replace')
      const replaced = await writes.write(() =>
        directory.editUser(tenant.id, id, (current) => ({ resource: withActive(resource as unknown as ResourceBody, current), password }), {
          expectedVersions: writeConditions(request.headers),
          // A PUT that leaves the user as stored (Okta's read-modify-write when nothing it maps changed) changes no
          // version and no lastModified: RFC 7643 §3.1 dates lastModified from the last change of the details.
          keepUnchanged: true
        })
      )
      if (!replaced.ok) throw userWriteError(replaced.error, id, intended === false ? 'deactivate' : 'read-or-update')
      request.scim.operation = classifyUserWrite(replaced.value.before.active, replaced.value.after.active)
      targetUser(request, { id, name: replaced.value.after.userName })
      reply.header('etag', etag(replaced.value.after.version))
      return sendScim(reply, 200, project(renderUser(replaced.value.after, baseUrlOf(deps, request)), projection))
    } catch (error) {
      // A refused PUT is about the user it addresses, as stored: not the userName its body asks for (a rename refused
      // with 409 would be filed under the other person), and a reactivation only if that user is inactive. Okta's
      // profile pushes always carry "active": true.
      const current = directory.getUser(tenant.id, id)
      targetUser(request, { id, name: current?.userName ?? null })
      if (current) request.scim.operation = classifyUserWrite(current.active, intended ?? current.active)
      throw error
    }
  })

  app.patch<IdParams>('/Users/:id', async (request, reply) => {
    const tenant = tenantOf(request)
    const id = request.params.id
    const intended = intendedActive(request.body)
    const alone = patchedAlone(request.body)
    request.scim.operation = classifyUserWrite(intended === undefined ? undefined : !intended, intended, alone)
    targetUser(request, { id, name: null })
    const projection = userProjection(request)
    // The user as stored when the PATCH was refused, for its log entry: as for a refused PUT, a PATCH that sets
    // "active": true among other changes is a reactivation only if that user is inactive (Entra's path-less replace).
    let stored: { readonly active: boolean } | null = null
    const refused = () => {
      if (stored) request.scim.operation = classifyUserWrite(stored.active, intended ?? stored.active, alone)
    }
    // Read, patch and write in one queued write: a PATCH queued after another sees its result.
    const replaced = await writes.write(() =>
      directory.editUser(
        tenant.id,
        id,
        (current) => {
          targetUser(request, { id, name: current.userName })
          stored = current
          // RFC 7644 §3.5.2: every operation applies to a copy; any failure throws and nothing is stored.
          const patched = applyPatch(editableBody(current), request.body, 'User')
          const { resource, password } = normalizeUser(patched, 'replace', current.resource)
          return { resource: withActive(resource as unknown as ResourceBody, current), password }
        },
        // RFC 7644 §3.5.2.1: a PATCH that changes nothing (an email the user has already) changes no timestamp.
        { expectedVersions: writeConditions(request.headers), keepUnchanged: true }
      )
    ).catch((error: unknown) => {
      refused()
      throw error
    })
    if (!replaced.ok) {
      refused()
      throw userWriteError(replaced.error, id, intended === false ? 'deactivate' : 'read-or-update')
    }
    request.scim.operation = classifyUserWrite(replaced.value.before.active, replaced.value.after.active, alone)
    targetUser(request, { id, name: replaced.value.after.userName })
    reply.header('etag', etag(replaced.value.after.version))
    return sendScim(reply, 200, project(renderUser(replaced.value.after, baseUrlOf(deps, request)), projection))
  })

  app.delete<IdParams>('/Users/:id', async (request, reply) => {
    request.scim.operation = 'delete-user'
    const tenant = tenantOf(request)
    const id = request.params.id
    targetUser(request, { id, name: null })
    const deleted = await writes.write(() => directory.deleteUser(tenant.id, id, writeConditions(request.headers)))
    if (!deleted.ok) throw userWriteError(deleted.error, id, 'delete')
    targetUser(request, { id, name: deleted.value.userName })
    return reply.code(204).send()
  })
}
