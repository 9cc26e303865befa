import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { baseUrlOf, sendScim, type ScimServerDeps } from './context'
import { ScimError } from './errors'
import { maxPageSize } from './list-params'
import { listResponse } from './render'
import { resourceTypeDefinitions, schemaDefinitions, serviceProviderConfig } from './schema-definitions'
import { maxBodyBytes } from './limits'

type Json = Record<string, unknown>

function withLocation(resource: object, location: string): Json {
  const record = resource as Json
  return { ...record, meta: { ...(record.meta as Json | undefined), location } }
}

// RFC 7644 §4: discovery endpoints ignore query parameters, but a filter SHOULD be refused with 403.
function refuseFilter(request: FastifyRequest): void {
  if ((request.query as Json).filter !== undefined) {
    throw new ScimError(403, undefined, 'Discovery endpoints do not support filtering (RFC 7644 §4).')
  }
}

/** /ServiceProviderConfig, /ResourceTypes, /Schemas (RFC 7644 §4), and 501 for the optional /Me and /Bulk. */
export function registerDiscoveryRoutes(app: FastifyInstance, deps: Pick<ScimServerDeps, 'publicOrigin'>): void {
  const config = (request: FastifyRequest, reply: FastifyReply) => {
    request.scim.operation = 'discovery'
    refuseFilter(request)
    const baseUrl = baseUrlOf(deps, request)
    const body = serviceProviderConfig({ maxResults: maxPageSize, maxPayloadSize: maxBodyBytes })
    return sendScim(reply, 200, withLocation(body, `${baseUrl}/ServiceProviderConfig`))
  }
  app.get('/ServiceProviderConfig', config)
  // Entra's Test Connection may touch the base URL itself; answer it with the configuration rather than 404.
  app.get('/', config)

  app.get('/ResourceTypes', async (request, reply) => {
    request.scim.operation = 'discovery'
    refuseFilter(request)
    const baseUrl = baseUrlOf(deps, request)
    const resources = resourceTypeDefinitions.map((type) => withLocation(type, `${baseUrl}/ResourceTypes/${type.id}`))
    return sendScim(reply, 200, listResponse(resources, resources.length, 1))
  })

  app.get<{ Params: { tenant: string; id: string } }>('/ResourceTypes/:id', async (request, reply) => {
    request.scim.operation = 'discovery'
    const type = resourceTypeDefinitions.find((candidate) => candidate.id.toLowerCase() === request.params.id.toLowerCase())
    if (!type) throw new ScimError(404, undefined, `No resource type is named "${request.params.id}". This server has User and Group.`)
    return sendScim(reply, 200, withLocation(type, `${baseUrlOf(deps, request)}/ResourceTypes/${type.id}`))
  })

  app.get('/Schemas', async (request, reply) => {
    request.scim.operation = 'discovery'
    refuseFilter(request)
    const baseUrl = baseUrlOf(deps, request)
    const resources = schemaDefinitions.map((schema) => withLocation(schema, `${baseUrl}/Schemas/${schema.id}`))
    return sendScim(reply, 200, listResponse(resources, resources.length, 1))
  })

  app.get<{ Params: { tenant: string; id: string } }>('/Schemas/:id', async (request, reply) => {
    request.scim.operation = 'discovery'
    const schema = schemaDefinitions.find((candidate) => candidate.id.toLowerCase() === request.params.id.toLowerCase())
    if (!schema) throw new ScimError(404, undefined, `No schema has the id "${request.params.id}".`)
    return sendScim(reply, 200, withLocation(schema, `${baseUrlOf(deps, request)}/Schemas/${schema.id}`))
  })

  const notImplemented = (what: string) => async (request: FastifyRequest) => {
    request.scim.operation = 'discovery'
    throw new ScimError(501, undefined, `${what} is not supported by this server (see /ServiceProviderConfig).`)
  }
  app.all('/Me', notImplemented('/Me'))
  app.all('/Bulk', notImplemented('Bulk'))
}
