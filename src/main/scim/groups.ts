import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ErrorFacts } from '../../shared/models'
import type { AppError } from '../../shared/result'
import { unknownMembersSentence, type ResourceBody, type StoredGroup } from '../core/directory'
import { badRequest, ScimError } from './errors'
import { compileFilter, compileSortBy, groupFilterTarget } from './filter/sql'
import { parseFilter } from './filter/parser'
import { readListParams, scimErrorFrom, searchRequestOf } from './list-params'
import { classifyList } from './operation'
import { applyPatch } from './patch'
import { etag, ifMatchNamesNone, isNotModified, meetsIfMatch, staleIfMatch, writeConditions, listResponse, parseProjection, project, renderGroup, type Projection } from './render'
import { groupSchemaUrn } from './schema-definitions'
import { normalizeGroup, requireResourceSchema, type ScimGroupResource } from './resources'
import { baseUrlOf, clientOf, sendScim, tenantOf, type ScimServerDeps } from './context'

type IdParams = { Params: { tenant: string; id: string } }

/**
 * A group id the tenant does not have, in the words of the client's admin, as users.ts says it of a user: Okta's link to
 * a pushed group, or Entra's, is stale until its admin relinks it. A delete of a group that is gone has what it asked for.
 */
function groupNotFound(id: string, action: 'read-or-update' | 'delete' = 'read-or-update'): ScimError {
  const none = `Group not found: no group has the id "${id}" in this tenant.`
  if (action === 'delete') {
    const gone = `${none} It is deleted already: nothing to fix for this group.`
    return new ScimError(404, undefined, { okta: `${gone} If Okta lists the failed task, dismiss it.`, entra: gone, other: gone })
  }
  return new ScimError(404, undefined, {
    okta: `${none} If Okta shows this for a pushed group, unlink it in Okta's Push Groups tab (keeping the group in Okta), then push it again so that it is created anew.`,
    entra: `${none} If Entra's Provisioning logs show this, select Restart provisioning on the app's Provisioning page, so that Entra looks its groups up again and creates the missing ones.`,
    other: none
  })
}

// The members a refused group write named that are groups, or no user, as the log keeps them for the diagnosis: the
// first five of each (as the detail names them) and how many there were.
function memberFacts(memberGroups: unknown, unknown: readonly string[]): ErrorFacts {
  const groups = Array.isArray(memberGroups) ? (memberGroups as { id: string; name: string }[]) : []
  return {
    ...(groups.length > 0 ? { memberGroups: groups.slice(0, 5).map(({ id, name }) => ({ id, name })), memberGroupCount: groups.length } : {}),
    ...(unknown.length > 0 ? { unknownMembers: unknown.slice(0, 5), unknownMemberCount: unknown.length } : {})
  }
}

// Entra names a member by the id SCIM Console gave the user, so a member unknown here is a user deleted since; its
// admin gets Entra back in step with Restart provisioning, as for a user it addresses that is gone. Members that are
// groups of the tenant, and nothing else, keep the directory's sentence, which says the same to every client.
function memberErrors(error: AppError): ScimError | null {
  if (error.code !== 'invalid_argument' || error.details?.attribute !== 'members') return null
  const unknown = Array.isArray(error.details.unknown) ? error.details.unknown.map(String) : []
  const facts = memberFacts(error.details.memberGroups, unknown)
  if (unknown.length === 0) return facts.memberGroups ? badRequest('invalidValue', error.message, facts) : null
  // Members that are groups of the tenant, when the write named some too: the directory's sentence about them comes first.
  const nested = typeof error.details.nested === 'string' ? `${error.details.nested} ` : ''
  const sentence = `${nested}${unknownMembersSentence(unknown)}`
  return badRequest(
    'invalidValue',
    {
      // The directory's own message: the sentence, with Okta's way out.
      okta: error.message,
      entra: `${sentence} If Entra's Provisioning logs show this, select Restart provisioning on the app's Provisioning page, so that Entra creates its missing users again.`,
      other: `${sentence} Create the user first, then add it to the group.`
    },
    facts
  )
}

// A failed write: an unknown id or member gets the sentence that tells the admin what to do, the rest their SCIM error.
function groupWriteError(error: AppError, id: string | null, action: 'read-or-update' | 'delete' = 'read-or-update'): ScimError {
  if (error.code === 'not_found' && id !== null) return groupNotFound(id, action)
  return memberErrors(error) ?? scimErrorFrom(error)
}

function targetGroup(request: FastifyRequest, group: { id: string | null; name: string | null }): void {
  request.scim.target = { type: 'group', id: group.id, name: group.name }
}

function displayNameOf(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null
  const key = Object.keys(body).find((name) => name.toLowerCase() === 'displayname')
  const value = key ? (body as Record<string, unknown>)[key] : undefined
  return typeof value === 'string' ? value : null
}

/** Splits a normalised group into the stored body and its member list (stored as rows, not JSON). */
function split(group: ScimGroupResource): { body: ResourceBody; members: readonly { value: string }[] } {
  const { members, ...body } = group
  return { body, members }
}

/**
 * The `attributes` or `excludedAttributes` of a request (RFC 7644 §3.9: they apply to every response that carries a
 * resource, a write's too). Read before a write, so that a malformed list is refused with nothing written.
 */
function groupProjection(request: FastifyRequest): Projection | null {
  const params = readListParams(request.query as Record<string, unknown>)
  return parseProjection(params.attributes, params.excludedAttributes, [groupSchemaUrn])
}

// Members are rows, so leaving them out (Entra's excludedAttributes=members) saves the join as well as the bytes.
function wantsMembers(projection: Projection | null): boolean {
  if (!projection) return true
  const asked = projection.include ? projection.include.some(([head]) => head === 'members') : true
  return asked && !projection.exclude?.some(([head, sub]) => head === 'members' && sub === undefined)
}

/** /Groups: Okta's Group Push (create, rename, membership delta and replace, delete) and Entra's member PATCHes. */
export function registerGroupRoutes(app: FastifyInstance, deps: ScimServerDeps): void {
  // Every handler that writes runs its reads and writes as one queued write of the group commit
  // (src/main/db/group-commit.ts), and answers once it is committed.
  const { directory, writes } = deps

  function list(request: FastifyRequest, source: Record<string, unknown>) {
    const tenant = tenantOf(request)
    const params = readListParams(source)
    const where = params.filter ? compileFilter(parseFilter(params.filter), groupFilterTarget) : undefined
    const orderBy = params.sortBy ? compileSortBy(params.sortBy, groupFilterTarget) : undefined
    const projection = parseProjection(params.attributes, params.excludedAttributes, [groupSchemaUrn])
    const page = directory.listGroups(
      tenant.id,
      { where, orderBy, descending: params.descending, offset: params.startIndex - 1, limit: params.count },
      wantsMembers(projection)
    )
    const baseUrl = baseUrlOf(deps, request)
    return listResponse(page.items.map((group) => project(renderGroup(group, baseUrl), projection)), page.total, params.startIndex)
  }

  app.get<{ Querystring: Record<string, unknown> }>('/Groups', async (request, reply) => {
    const operation = classifyList('Groups', request.query as Record<string, string>, () => clientOf(request))
    request.scim.operation = operation
    const filter = (request.query as Record<string, unknown>).filter
    const named = typeof filter === 'string' ? /displayname\s+eq\s+"([^"]*)"/i.exec(filter)?.[1] : undefined
    // Entra's connection check names a group nobody has; the log shows no target for it.
    if (named !== undefined && operation === 'lookup-group') targetGroup(request, { id: null, name: named })
    const answer = list(request, request.query)
    if (operation === 'test-credentials' && answer.totalResults !== 0) {
      // It found a group (one named by a GUID): a lookup after all, not Entra's check.
      request.scim.operation = 'lookup-group'
      if (named !== undefined) targetGroup(request, { id: null, name: named })
    }
    return sendScim(reply, 200, answer)
  })

  app.post('/Groups/.search', async (request, reply) => {
    request.scim.operation = 'list-groups'
    return sendScim(reply, 200, list(request, searchRequestOf(request.body)))
  })

  app.post('/Groups', async (request, reply) => {
    request.scim.operation = 'group-push-create'
    targetGroup(request, { id: null, name: displayNameOf(request.body) })
    const tenant = tenantOf(request)
    const projection = groupProjection(request)
    requireResourceSchema(request.body, 'Group')
    const { body, members } = split(normalizeGroup(request.body, 'create'))
    const created = await writes.write(() => directory.createGroup(tenant.id, body, members))
    if (!created.ok) throw groupWriteError(created.error, null)
    targetGroup(request, { id: created.value.id, name: created.value.displayName })
    const rendered = renderGroup(created.value, baseUrlOf(deps, request))
    reply.header('location', (rendered.meta as { location: string }).location).header('etag', etag(created.value.version))
    return sendScim(reply, 201, project(rendered, projection))
  })

  app.get<IdParams & { Querystring: Record<string, unknown> }>('/Groups/:id', async (request, reply) => {
    request.scim.operation = 'get-group'
    const tenant = tenantOf(request)
    const projection = groupProjection(request)
    const group = directory.getGroup(tenant.id, request.params.id, wantsMembers(projection))
    targetGroup(request, { id: request.params.id, name: group?.displayName ?? null })
    if (!group) throw groupNotFound(request.params.id)
    reply.header('etag', etag(group.version))
    if (!meetsIfMatch(request.headers['if-match'], group.version)) throw staleIfMatch('group', group.version, ifMatchNamesNone(request.headers['if-match']))
    if (isNotModified(request.headers['if-none-match'], group.version)) return reply.code(304).send()
    return sendScim(reply, 200, project(renderGroup(group, baseUrlOf(deps, request)), projection))
  })

  function replace(request: FastifyRequest, id: string, group: ScimGroupResource, options: { keepUnchanged?: boolean } = {}): StoredGroup {
    const tenant = tenantOf(request)
    const { body, members } = split(group)
    const replaced = directory.replaceGroup(tenant.id, id, body, members, writeConditions(request.headers), options)
    if (!replaced.ok) throw groupWriteError(replaced.error, id)
    targetGroup(request, { id, name: replaced.value.after.displayName })
    return replaced.value.after
  }

  app.put<IdParams>('/Groups/:id', async (request, reply) => {
    request.scim.operation = 'group-push-update'
    const id = request.params.id
    targetGroup(request, { id, name: displayNameOf(request.body) })
    const projection = groupProjection(request)
    requireResourceSchema(request.body, 'Group')
    const resource = normalizeGroup(request.body, 'replace')
    // Okta's "Push now" PUTs every pushed group as it read it: one that changes nothing keeps its version and lastModified.
    const group = await writes.write(() => replace(request, id, resource, { keepUnchanged: true }))
    reply.header('etag', etag(group.version))
    return sendScim(reply, 200, project(renderGroup(group, baseUrlOf(deps, request)), projection))
  })

  app.patch<IdParams & { Querystring: Record<string, unknown> }>('/Groups/:id', async (request, reply) => {
    request.scim.operation = 'group-push-update'
    const tenant = tenantOf(request)
    const id = request.params.id
    // Read before the write: a 400 for a malformed attributes list must mean that nothing was applied.
    const projection = groupProjection(request)
    // Read, patch and write in one queued write: Okta's member deltas queued together each see the one before.
    const group = await writes.write(() => {
      const current = directory.getGroup(tenant.id, id, true)
      targetGroup(request, { id, name: current?.displayName ?? null })
      if (!current) throw groupNotFound(id)
      // Each member as the group renders it, less its $ref: a filter on type (members[value eq "…" and type eq "User"])
      // selects in a PATCH the members it selects in GET /Groups?filter=.
      const editable = {
        ...current.resource,
        members: (current.members ?? []).map((member) => ({ value: member.value, display: member.display, type: 'User' }))
      }
      // RFC 7644 §3.5.2.1: a PATCH that changes nothing changes no timestamp. Okta sends a rename to the group's own
      // name with every membership push, and adds members the group has already.
      return replace(request, id, normalizeGroup(applyPatch(editable, request.body, 'Group'), 'replace'), { keepUnchanged: true })
    })
    reply.header('etag', etag(group.version))
    // RFC 7644 §3.5.2 allows 204; Entra advises it for groups, and Okta accepts it. A client that asks for
    // attributes gets the resource.
    if (projection === null) return reply.code(204).send()
    return sendScim(reply, 200, project(renderGroup(group, baseUrlOf(deps, request)), projection))
  })

  app.delete<IdParams>('/Groups/:id', async (request, reply) => {
    request.scim.operation = 'group-push-delete'
    const tenant = tenantOf(request)
    const id = request.params.id
    targetGroup(request, { id, name: null })
    const deleted = await writes.write(() => directory.deleteGroup(tenant.id, id, writeConditions(request.headers)))
    if (!deleted.ok) throw groupWriteError(deleted.error, id, 'delete')
    targetGroup(request, { id, name: deleted.value.displayName })
    return reply.code(204).send()
  })
}
