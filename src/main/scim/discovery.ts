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

// RFC 7644 §4: discovery endpoints ignore query parameters, but a filter SHOULD be refused with 403, so that a client
// cannot take what it gets back as matching its filter. Each resource of /ResourceTypes and /Schemas is one too.
function refuseFilter(request: FastifyRequest, endpoint: string): void {
  if ((request.query as Json).filter !== undefined) {
    throw new ScimError(403, undefined, `${endpoint} is a discovery endpoint and does not support filtering (RFC 7644 §4). Read it without a filter.`)
  }
}

// RFC 7644 §3.4.2 and §3.4.3 make a query at the base URL, across resource types, optional; this server has none, so
// it answers 501 (§3.12: an operation the service provider does not support), for a GET with a filter and for
// POST /.search alike, naming the searches it does have.
function refuseRootSearch(request: FastifyRequest): never {
  request.scim.operation = 'discovery'
  throw new ScimError(
    501,
    undefined,
    'This server does not search across resource types at the base URL. Search each one instead: GET /Users?filter=… or POST /Users/.search, and GET /Groups?filter=… or POST /Groups/.search.'
  )
}

/** /ServiceProviderConfig, /ResourceTypes, /Schemas (RFC 7644 §4), and 501 for the optional /Me and /Bulk. */
export function registerDiscoveryRoutes(app: FastifyInstance, deps: Pick<ScimServerDeps, 'publicOrigin'>): void {
  const config = (request: FastifyRequest, reply: FastifyReply, endpoint: string) => {
    request.scim.operation = 'discovery'
    refuseFilter(request, endpoint)
    const baseUrl = baseUrlOf(deps, request)
    const body = serviceProviderConfig({ maxResults: maxPageSize, maxPayloadSize: maxBodyBytes })
    return sendScim(reply, 200, withLocation(body, `${baseUrl}/ServiceProviderConfig`))
  }
  app.get('/ServiceProviderConfig', (request, reply) => config(request, reply, '/ServiceProviderConfig'))
  // Entra's Test Connection may touch the base URL itself; answer it with the configuration rather than 404. With a
  // filter it is a query across resource types, which this server does not offer.
  app.get('/', (request, reply) => ((request.query as Json).filter !== undefined ? refuseRootSearch(request) : config(request, reply, '/')))
  app.post('/.search', async (request) => refuseRootSearch(request))

  app.get('/ResourceTypes', async (request, reply) => {
    request.scim.operation = 'discovery'
    refuseFilter(request, '/ResourceTypes')
    const baseUrl = baseUrlOf(deps, request)
    const resources = resourceTypeDefinitions.map((type) => withLocation(type, `${baseUrl}/ResourceTypes/${type.id}`))
    return sendScim(reply, 200, listResponse(resources, resources.length, 1))
  })

  app.get<{ Params: { tenant: string; id: string } }>('/ResourceTypes/:id', async (request, reply) => {
    request.scim.operation = 'discovery'
    refuseFilter(request, '/ResourceTypes')
    const type = resourceTypeDefinitions.find((candidate) => candidate.id.toLowerCase() === request.params.id.toLowerCase())
    if (!type) throw new ScimError(404, undefined, `No resource type is named "${request.params.id}". This server has User and Group.`)
    return sendScim(reply, 200, withLocation(type, `${baseUrlOf(deps, request)}/ResourceTypes/${type.id}`))
  })

  app.get('/Schemas', async (request, reply) => {
    request.scim.operation = 'discovery'
    refuseFilter(request, '/Schemas')
    const baseUrl = baseUrlOf(deps, request)
    const resources = schemaDefinitions.map((schema) => withLocation(schema, `${baseUrl}/Schemas/${schema.id}`))
    return sendScim(reply, 200, listResponse(resources, resources.length, 1))
  })

  app.get<{ Params: { tenant: string; id: string } }>('/Schemas/:id', async (request, reply) => {
    request.scim.operation = 'discovery'
    refuseFilter(request, '/Schemas')
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
