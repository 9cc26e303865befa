import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Tenant } from '../../shared/models'
import { emptySegmentIn, malformedEscapeIn } from '../core/path-encoding'
import type { NewLogRow } from '../core/provisioning-log'
import { readableTime } from '../core/readable-time'
import { tokenDisplayLength, type AuthFailure } from '../core/tokens'
import { storageFailure } from '../db/storage-errors'
import { misshapenTokenDetail, readCredential, tokenShapeFault } from './auth'
import { classifyRequest } from './operation'
import { applyFaults, baseUrlToEnter, clientOf, requestTarget, scimContentType, sendScim, userWriteOperation, type ScimRequestContext, type ScimServerDeps } from './context'
import { acceptedCodings, contentCodingRefusal, decodeBody, jsonSyntaxDetail } from './body-encoding'
import { registerDiscoveryRoutes } from './discovery'
import { entraSecretToken, errorSchema, newTokenWording, ScimError, type ClientWording } from './errors'
import { maxBodyBytes, maxBodySize } from './limits'
import { learnAllowedMethods, methodNotAllowed, type AllowedMethods } from './method-not-allowed'
import { registerGroupRoutes } from './groups'
import { isJsonWebToken, redactHeaders, redactJson, redactQuery, redactRawBody, redactResponse, redactTokens, authorizationScheme } from './redact'
import { createThrottle } from './throttle'
import { registerUserRoutes } from './users'
import { plural } from '../../shared/plural'

// Matched as the router matches: case-insensitively, and after the origin of an absolute-form target
// (`GET http://host/scim/v2/acme/Users`, RFC 9112 §3.2.2), which find-my-way strips the same way.
const scimPathPattern = /^(?:https?:\/\/.*?)?\/scim\/v2\/([^/?#]+)/i
const maxParamLength = 500
// No SCIM resource nests anywhere near this deep; deeper bodies only exhaust the stack of the code that walks them.
const maxBodyDepth = 64
// How long closing gives the requests in flight, and clients that sent half a request, before it closes their
// connections. Without it one such client holds the stop until Node's header timeout (up to 90 s), as does a latency
// injected for training.
const defaultCloseGraceMs = 2000

// Where an Entra admin enters what a detail asks for: the Admin Credentials of the app's Provisioning page.
const entraTenantUrl = "Tenant URL in Entra (the app's Provisioning page, under Admin Credentials)"

// The last sentence of a detail that gives the right base URL.
const setBaseUrl: ClientWording = {
  okta: 'Set it as the SCIM connector base URL in Okta.',
  entra: `Set it as the ${entraTenantUrl}.`,
  other: 'Send requests to that base URL.'
}

// The detail of a 401, in the words of the client's admin: Okta's fields, Entra's, or none for curl and scripts.
// `secret` is the token that was sent, when one was. It never names the tenant: the caller is not yet known to be
// allowed to learn which customers this server holds (the console's diagnosis names it, for Support).
function authDetail(failure: AuthFailure, secret: string | null): string | ClientWording {
  switch (failure.reason) {
    case 'missing': {
      const missing = 'The request has no Authorization header.'
      return {
        okta: `${missing} In Okta, set Authentication Mode to "HTTP Header" and paste the API token.`,
        entra: `${missing} Paste the API token into ${entraSecretToken}, then click Test Connection.`,
        other: `${missing} Send this tenant's API token as "Authorization: Bearer <token>", or paste it into your identity provider's token field.`
      }
    }
    case 'malformed':
      if (failure.scheme?.toLowerCase() === 'bearer') {
        const empty = 'The Authorization header says "Bearer" but has no API token after it.'
        return {
          okta: `${empty} Paste the token into Okta's API Token field.`,
          entra: `${empty} Paste the token into ${entraSecretToken}.`,
          other: `${empty} Put this tenant's API token after "Bearer ", or paste it into your identity provider's token field.`
        }
      }
      if (failure.scheme?.toLowerCase() === 'basic') {
        const basic = 'The Authorization header uses the "Basic" scheme (a username and password).'
        return {
          okta: `${basic} In Okta, set Authentication Mode to "HTTP Header" and paste the API token.`,
          entra: `${basic} SCIM Console takes only its API token: paste it into ${entraSecretToken}.`,
          other: `${basic} SCIM Console takes only its API token, as "Authorization: Bearer <token>".`
        }
      }
      return failure.scheme === null
        ? 'The Authorization header does not start with a scheme SCIM Console knows. SCIM Console expects "Bearer <API token>".'
        : `The Authorization header uses the "${failure.scheme}" scheme. SCIM Console expects "Bearer <API token>".`
    case 'unknown': {
      const fault = secret === null ? null : tokenShapeFault(secret)
      if (fault) return misshapenTokenDetail(fault)
      if (secret === null || !isJsonWebToken(secret)) return 'The API token is not valid for this base URL. Check that it was pasted whole, or issue a new token.'
      const jwt = 'The token is a JSON Web Token, not an API token of this tenant.'
      return {
        okta: `${jwt} Okta's OAuth 2 authentication mode sends such tokens; in Okta, set Authentication Mode to "HTTP Header" and paste the API token.`,
        entra: `${jwt} Entra sends a token issued by Microsoft Entra ID when its Secret Token field is empty: paste the API token into ${entraSecretToken}, then click Test Connection.`,
        other: `${jwt} Send this tenant's API token as "Authorization: Bearer <token>".`
      }
    }
    case 'other-tenant': {
      // Also the answer to a slug no tenant has (admit): the words fit both, a token pasted for the wrong tenant and a
      // base URL typed wrong, and say neither which one it is nor which tenant the token is of.
      const other = 'The API token was not issued for this base URL.'
      return {
        okta: `${other} Check the SCIM connector base URL in Okta: it must be the one SCIM Console shows with the token. Or paste the token issued for this base URL.`,
        entra: `${other} Check the ${entraTenantUrl}: it must be the one SCIM Console shows with the token. Or paste the token issued for this base URL into ${entraSecretToken}.`,
        other: `${other} Send it to the base URL that SCIM Console shows with it, or send the token issued for this base URL.`
      }
    }
    case 'revoked':
      return newTokenWording(`The API token "${failure.token.label}" was revoked on ${readableTime(failure.token.revokedAt ?? '')}.`)
    case 'expired':
      return newTokenWording(`The API token "${failure.token.label}" expired on ${readableTime(failure.token.expiresAt ?? '')}.`)
  }
}

function parseSlug(url: string): string | null {
  const match = scimPathPattern.exec(url)
  if (!match?.[1]) return null
  try {
    return decodeURIComponent(match[1])
  } catch {
    return match[1]
  }
}

// The deepest nesting of arrays and objects in JSON text, counted without recursion; brackets in strings do not count.
function nestingDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let quoted = false
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    if (quoted) {
      if (code === 0x5c) index += 1
      else if (code === 0x22) quoted = false
    } else if (code === 0x22) quoted = true
    else if (code === 0x5b || code === 0x7b) deepest = Math.max(deepest, (depth += 1))
    else if (code === 0x5d || code === 0x7d) depth -= 1
  }
  return deepest
}

// `/Users/.search`, as the router takes it (case-insensitively, a slash at the end ignored).
const searchPath = /\/\.search\/?$/i

function jsonParser(request: FastifyRequest, bytes: Buffer, done: (error: Error | null, body?: unknown) => void): void {
  const decoded = bytes.length > 0 ? decodeBody(request.headers['content-type'], bytes) : ''
  // A body that does not decode is logged as best it can be: with U+FFFD for what does not decode.
  const body = typeof decoded === 'string' ? decoded : bytes.toString('utf8')
  request.scim.rawBody = body.length > 0 ? body : null
  if (request.scim.refusal) {
    // Read only to name the request's target; a body that does not parse names none, and is no reason to answer 400.
    done(null, parsedOrUndefined(body))
    return
  }
  // Before the decoding's verdict: a compressed body is not UTF-8, but that is not what is wrong with it.
  const codingRefusal = contentCodingRefusal(request.headers['content-encoding'])
  if (codingRefusal) {
    done(codingRefusal)
    return
  }
  if (decoded instanceof ScimError) {
    done(decoded)
    return
  }
  if (body.trim().length === 0) {
    done(null, undefined)
    return
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch (error) {
    done(new ScimError(400, 'invalidSyntax', jsonSyntaxDetail(body, error, request.headers['content-type']), { facts: { notJson: true } }))
    return
  }
  if (nestingDepth(body) > maxBodyDepth) {
    done(new ScimError(400, 'invalidSyntax', `The request body nests lists and objects more than ${maxBodyDepth} levels deep; no SCIM resource does.`))
    return
  }
  done(null, parsed)
}

function parsedOrUndefined(body: string): unknown {
  if (nestingDepth(body) > maxBodyDepth) return undefined
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

/**
 * Fastify answers a Content-Type that names no media type (curl's `-H 'Content-Type;'` sends an empty one) with 415
 * before any parser runs. Old clients send anything, and the body is read as JSON whatever they send, so such a header
 * is hidden from Fastify, as if none were sent; the log shows it as it came.
 */
function hideUnreadableContentType(request: FastifyRequest): void {
  const sent = request.headers['content-type']
  // A GET's body is never read, so its header is never judged (Okta's GETs carry one). For the others, Fastify's own
  // test of the header, whose reading it keeps for the parser: it costs no second parse.
  if (sent === undefined || request.method === 'GET' || request.mediaType !== undefined) return
  request.scim.hiddenContentType = sent
  delete request.raw.headers['content-type']
}

// What the pipeline knows of a request before it has resolved the tenant.
// The resources a SCIM client asks for: a path that holds one of them, outside /scim/v2/<slug>, has a wrong base URL.
const scimEndpoint = /^(?:users|groups|serviceproviderconfig|resourcetypes|schemas|me|bulk)$/i

/**
 * The tenant a request outside /scim/v2/<slug> was meant for, when its path names a SCIM resource after a tenant's
 * slug (`/scim/acme/Users`, `/acme/Users`, `/api/scim/v2/acme/Users`): a base URL typed wrong, which Support must see
 * in the log. `asIfPath` is where it belongs. A path that names no tenant (a scanner's) stays out of the log.
 */
function misroutedTo(deps: ScimServerDeps, request: FastifyRequest): { tenant: Tenant; asIfPath: string } | null {
  const segments = (request.url.split('?')[0] ?? '').split('/').filter(Boolean).slice(0, 8)
  const endpoint = segments.findIndex((segment) => scimEndpoint.test(segment))
  if (endpoint < 1) return null
  for (let index = endpoint - 1; index >= 0; index -= 1) {
    let slug: string
    try {
      slug = decodeURIComponent(segments[index] ?? '')
    } catch {
      continue
    }
    const tenant = deps.tenants.findBySlug(slug)
    if (tenant) return { tenant, asIfPath: `/scim/v2/${tenant.slug}/${segments.slice(endpoint).join('/')}` }
  }
  return null
}

/** Whether the request carries an active API token of `tenant`. */
function showsTokenOf(deps: ScimServerDeps, request: FastifyRequest, tenant: Tenant): boolean {
  const secret = readCredential(request.headers.authorization).secret
  return secret !== null && deps.tokens.authenticate(tenant.id, secret).ok
}

function emptyContext(slug: string | null): ScimRequestContext {
  return {
    slug,
    tenant: null,
    tokenId: null,
    authScheme: 'none',
    operation: 'unknown',
    target: null,
    rawBody: null,
    errorType: null,
    errorDetail: null,
    errorFacts: null,
    responseBody: null,
    injected: false,
    faultsOn: false,
    refusal: null,
    hiddenContentType: null
  }
}

/**
 * The detail of a path whose %-escape does not decode: which segment, and which part of the URL it is in. One in the
 * base URL is a setup mistake (a base URL pasted with stray characters) that the admin corrects where they entered it.
 */
function badEscapeDetail(path: string): string | ClientWording {
  const found = malformedEscapeIn(path)
  const invalid = 'The request path is not validly percent-encoded:'
  if (!found) return `${invalid} a %-escape in ${redactTokens(path).slice(0, 200)} does not decode to UTF-8 text.`
  const cut = redactTokens(found.segment)
  const segment = cut.length > 80 ? `${cut.slice(0, 80)}…` : cut
  if (found.part === 'id') {
    return `${invalid} a %-escape in the ${found.resource ?? 'resource'} id "${segment}" does not decode to UTF-8 text. SCIM Console's ids hold only letters, digits and dashes, so the client changed the id it was given.`
  }
  if (found.part === 'path') return `${invalid} a %-escape in "${segment}", after the base URL, does not decode to UTF-8 text.`
  const where = found.part === 'slug' ? `the tenant slug "${segment}"` : `"${segment}", a part of the base URL,`
  const what = `${invalid} a %-escape in ${where} does not decode to UTF-8 text.`
  const shape = 'it ends in /scim/v2/<tenant slug>'
  return {
    okta: `${what} Check the SCIM connector base URL in Okta for stray characters: ${shape}.`,
    entra: `${what} Check the ${entraTenantUrl} for stray characters: ${shape}.`,
    other: `${what} Check the SCIM base URL for stray characters: ${shape}.`
  }
}

// Errors the router raises before routing (a path that does not decode, a segment too long for any id) would
// otherwise get Fastify's own JSON shape; SCIM clients need the RFC 7644 §3.12 body.
function frameworkError(deps: ScimServerDeps, error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (!request.scim) {
    // Not authenticated, but logged under the tenant it names, as a refused token is.
    request.scim = emptyContext(parseSlug(request.url))
    request.scim.tenant = request.scim.slug === null ? null : (deps.tenants.findBySlug(request.scim.slug) ?? null)
  }
  const path = request.url.split('?')[0] ?? ''
  request.scim.operation = classifyRequest(request.method, path, {}, () => clientOf(request))
  const shown = redactTokens(path).slice(0, 200)
  const scimError =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new ScimError(404, undefined, `There is no SCIM resource at ${shown}…: a path segment is longer than ${maxParamLength} characters, longer than any tenant slug or resource id.`)
      : // No scimType: RFC 7644 §3.12's invalidSyntax is about the body, and none fits a broken URL.
        new ScimError(400, undefined, badEscapeDetail(path))
  // No hook runs for these requests, so the body and the log row are recorded here.
  const body = scimError.toBody(clientOf(request))
  request.scim.errorType = scimError.scimType ?? null
  request.scim.errorDetail = body.detail
  request.scim.responseBody = JSON.stringify(body)
  sendScim(reply, scimError.status, body)
  logRequest(deps, request, reply)
  return reply
}

// A URL too long to read: a search whose filter (or attributes list) outgrew the URL can go in a POST's body instead.
const urlTooLong =
  "The request's URL is longer than SCIM Console reads (16 KB, with the headers), so the request was not read. A filter holds at most 4,096 characters; " +
  'a search with a long filter or attributes list can be sent as POST …/Users/.search (or …/Groups/.search) with them in its JSON body (RFC 7644 §3.4.3), where they are not percent-encoded.'

/**
 * Whether a request Node refused for its headers' size was refused for its URL: Node counts the request line within
 * its 16 KB of headers, and a client's own headers (Okta's, Entra's) take well under 1 KB. `raw` is what was read of
 * the request; a line that does not end within it, or takes more than half the limit, is the cause.
 */
function overflowIsUrl(raw: Buffer | undefined): boolean {
  if (!Buffer.isBuffer(raw)) return false
  const lineEnd = raw.indexOf('\r\n')
  return lineEnd === -1 ? raw.length >= 8192 : lineEnd > 8192
}

// Node answers requests it cannot parse (a broken Content-Length, an unknown method, headers over 16 KB) on the
// raw socket; those answers carry an RFC 7644 §3.12 body too, so a client's error path never meets another shape.
function clientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request was not received in time.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? overflowIsUrl((error as { rawPacket?: Buffer }).rawPacket)
          ? // RFC 9110 §15.5.15: the URL, not the header fields, is what is too long.
            [414, urlTooLong]
          : [431, 'The request headers are larger than 16 KB.']
        : [400, 'The request is not valid HTTP/1.1 and could not be read.']
  const body = JSON.stringify({ schemas: [errorSchema], status: String(status), detail })
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${scimContentType}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
    )
  }
  socket.destroy(error)
}

/**
 * Refuses a request that failed authentication or the throttle. One without a body is answered at once. One with a
 * body (Okta's create, PUT or PATCH) is answered after its body is read, only so that the log can name the user or
 * group it was about: Support looks for "the push of ann@example.com that failed", not for "a POST that failed".
 */
function refuse(request: FastifyRequest, error: ScimError): void {
  const length = request.headers['content-length']
  const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  if (!hasBody) throw error
  request.scim.refusal = error
}

// The request body as the log keeps it: redacted, and none at all for a client refused at the door, which does not
// get to write into the tenant's log (its target is enough).
function loggedBody(request: FastifyRequest, context: ScimRequestContext): string | null {
  if (context.refusal) return null
  if (request.body !== undefined) return redactJson(request.body)
  return context.rawBody === null ? null : redactRawBody(context.rawBody)
}

// The request's headers as the client sent them: with the Content-Type that was hidden from Fastify put back.
function sentHeaders(request: FastifyRequest, context: ScimRequestContext): FastifyRequest['headers'] {
  return context.hiddenContentType === null ? request.headers : { ...request.headers, 'content-type': context.hiddenContentType }
}

// One provisioning-log row per request, with secrets redacted.
function logRequest(deps: ScimServerDeps, request: FastifyRequest, reply: FastifyReply): void {
  const context = request.scim
  if (!context || context.slug === null) return
  const queryIndex = request.url.indexOf('?')
  // A token pasted into Okta's Base URL comes in the path of every request: its slug, or the id of a resource. One
  // pasted into a userName comes in a lookup's filter, the target's name and the bodies; a script may send one in any
  // header, its User-Agent too.
  const row: NewLogRow = {
    at: deps.now(),
    tenant_id: context.tenant?.id ?? null,
    tenant_slug: redactTokens(context.slug),
    token_id: context.tokenId,
    method: request.method,
    path: queryIndex === -1 ? redactTokens(request.url) : redactTokens(request.url.slice(0, queryIndex)) + redactQuery(request.url.slice(queryIndex)),
    status: reply.statusCode,
    duration_ms: Math.round(reply.elapsedTime * 100) / 100,
    client: request.headers['user-agent'] === undefined ? null : redactTokens(request.headers['user-agent']),
    operation: context.operation,
    target_type: context.target?.type ?? null,
    target_id: context.target?.id ? redactTokens(context.target.id) : null,
    target_name: context.target?.name ? redactTokens(context.target.name) : null,
    auth_scheme: context.authScheme,
    request_headers: JSON.stringify(redactHeaders(sentHeaders(request, context), tokenDisplayLength)),
    request_body: loggedBody(request, context),
    response_body: context.responseBody === null ? null : redactResponse(context.responseBody),
    error_type: context.errorType,
    error_detail: context.errorDetail === null ? null : redactTokens(context.errorDetail),
    // The ids a client sent as members are its text, where an admin may have pasted a token as anywhere else.
    error_facts: context.errorFacts === null ? null : JSON.stringify(context.errorFacts, (_key, value: unknown) => (typeof value === 'string' ? redactTokens(value) : value)),
    injected: context.injected ? 1 : 0
  }
  deps.log.append(row)
}

// The error being answered may be the database failing; naming the target must not fail the answer too.
function targetOrNull(deps: ScimServerDeps, request: FastifyRequest, tenant: Tenant): ScimRequestContext['target'] {
  try {
    return requestTarget(deps, request, tenant)
  } catch {
    return null
  }
}

// A deactivation refused at the door (a bad token, the throttle) is still a deactivation to Support; the same care.
function refusedOperation(deps: ScimServerDeps, request: FastifyRequest, tenant: Tenant): ScimRequestContext['operation'] {
  try {
    return userWriteOperation(deps, request, tenant)
  } catch {
    return request.scim.operation
  }
}

// A 413, with the way out for each client. The body was not read, so whether it was a group is not known here; a group
// pushed with its full member list is what grows this large (the log's diagnosis tells the cases apart).
const tooLarge = `The request body is larger than ${maxBodySize}, SCIM Console's limit, so nothing of it was applied.`
const tooLargeDetail: ClientWording = {
  okta: `${tooLarge} An Okta app you created yourself pushes a group with its full member list: push a group this large from the catalog's SCIM 2.0 Test App, which sends membership changes in small PATCH requests, or split it into smaller groups.`,
  entra: `${tooLarge} Entra sends a group's members a few at a time, so no request of its own should be this large: report this request to SCIM Console support.`,
  other: `${tooLarge} Send less in one request: a group's members can be added over several PATCH requests (op "add", path "members").`
}

function mapError(error: unknown): ScimError | null {
  if (error instanceof ScimError) return error
  // The database could not take the write: a full disk is 507 Insufficient Storage, a busy or unwritable file 503.
  // Every write is one transaction, so the message can say the change was not saved.
  const storage = storageFailure(error)
  if (storage) {
    const facts = { storage: storage.kind, ...(storage.code === undefined ? {} : { storageCode: storage.code }) }
    return new ScimError(storage.kind === 'full' ? 507 : 503, undefined, storage.message, { facts })
  }
  const fastifyError = error as Partial<FastifyError>
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ScimError(413, undefined, tooLargeDetail)
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ScimError(400, 'invalidSyntax', 'The Content-Length header does not match the body.')
    case 'FST_ERR_VALIDATION':
      return new ScimError(400, 'invalidValue', fastifyError.message ?? 'The request is not valid.')
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new ScimError(400, 'invalidSyntax', fastifyError.message ?? 'The request could not be read.')
  }
  return null
}

/**
 * A write that named a row deleted after the request began: its tenant, deleted by the console or the CLI while the
 * request waited for its turn to write (a foreign key of users and groups). The transaction wrote nothing; the answer
 * is the 404 the next request gets, not a 500.
 */
function goneMeanwhile(deps: ScimServerDeps, request: FastifyRequest, error: unknown): ScimError | null {
  if ((error as { code?: unknown } | null)?.code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') return null
  const slug = request.scim?.slug
  if (!slug || deps.tenants.findBySlug(slug)) return null
  return new ScimError(404, undefined, `No tenant has the slug "${slug}": it was deleted while this request was being handled, so nothing was saved.`)
}

/**
 * Builds the SCIM 2.0 server without listening: tests use `inject()` or port 0, the app and `serve` listen.
 * Every route runs the same pipeline: resolve tenant → authenticate → throttle → parse → handle → map errors → log.
 */
export function buildScimServer(deps: ScimServerDeps): FastifyInstance {
  const throttle = deps.throttle ?? createThrottle()
  const app = Fastify({
    logger: false,
    bodyLimit: maxBodyBytes,
    // Fastify's own 503 while closing has a body of its own, no Retry-After and no log row; admit answers instead.
    return503OnClosing: false,
    frameworkErrors: (error, request, reply) => frameworkError(deps, error, request, reply),
    clientErrorHandler: clientError,
    // Node would answer a request without Host by itself, with no body; the onRequest hook answers it instead.
    http: { requireHostHeader: false },
    // Okta sends `+` and `%20` for spaces in filters; both decode with the default querystring parser.
    // Paths match case-insensitively (/users is /Users), as some clients lower-case them; ids keep their case.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength, caseSensitive: false }
  })

  app.decorateRequest('scim', null as unknown as ScimRequestContext)

  // The methods each path takes, learnt as the routes are registered (method-not-allowed.ts).
  let allowedMethods: AllowedMethods = () => null

  // Closing waits for every open connection; requests in flight get closeGraceMs to finish, then all are closed.
  let stopping = false
  let closeDeadline: NodeJS.Timeout | undefined
  app.addHook('preClose', (done) => {
    stopping = true
    closeDeadline = setTimeout(() => app.server.closeAllConnections(), deps.closeGraceMs ?? defaultCloseGraceMs)
    closeDeadline.unref()
    // Once this hook is done, Node's server.close() destroys every keep-alive connection it counts as idle: one with no
    // request begun *in Node*. A request the client sent just before (or as) the stop began may be in the socket's
    // receive buffer, not yet read; closed with unread bytes, a TCP socket answers with a reset (RFC 1122 §4.2.2.13),
    // which Okta counts as a network failure rather than an answer. So the close waits until the event loop has polled
    // once more: every request that had arrived by then is read, its connection is no longer idle, and it is answered
    // (503 and `Connection: close`, below). The first setImmediate may run before that poll (when the stop began in an
    // I/O callback: a signal, an IPC call), the second runs after it.
    setImmediate(() => setImmediate(done))
  })
  // onClose hooks run once the server has closed.
  app.addHook('onClose', (_instance, done) => {
    clearTimeout(closeDeadline)
    done()
  })

  // Okta sends application/scim+json, its test suite application/json, and old clients anything: read them all as JSON.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, jsonParser)

  // The requests of each connection that wait for the one in flight before them. RFC 9112 §9.3.2: requests pipelined
  // on one connection are handled one after another unless all are safe. Node reads them together, and a POST answers
  // only once its commit is done (group-commit.ts), so a GET sent after it on the same connection read the directory
  // without the user the POST was creating. A connection with no request in flight (a client that waits for each
  // answer, as Okta and Entra do) goes straight on.
  const waiting = new WeakMap<Socket, (() => void)[]>()

  // Callback hooks rather than async ones: each runs on every request, and an async hook costs a turn of the event loop.
  app.addHook('onRequest', (request, reply, done) => {
    const admitNow = (): void => {
      try {
        admit(request, reply)
      } catch (error) {
        done(error as Error)
        return
      }
      done()
    }
    const socket = request.raw.socket as Socket | null
    if (!socket) return admitNow()
    // Once this request is answered (or its connection is gone), the next one of the connection goes on.
    reply.raw.once('close', () => {
      const next = waiting.get(socket)?.shift()
      if (next) next()
      else waiting.delete(socket)
    })
    const queue = waiting.get(socket)
    if (queue) queue.push(admitNow)
    else {
      waiting.set(socket, [])
      admitNow()
    }
  })

  // Resolves the tenant, authenticates and applies the throttle; throws the answer to a request that is refused.
  function admit(request: FastifyRequest, reply: FastifyReply): void {
    // The router's reading of the tenant wins: every route under the prefix must be authenticated below.
    const routed = (request.params as { tenant?: unknown } | undefined)?.tenant
    const slug = typeof routed === 'string' ? routed : parseSlug(request.url)
    request.scim = emptyContext(slug)
    hideUnreadableContentType(request)
    // RFC 9112 §3.2: an HTTP/1.1 request must name its Host.
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      throw new ScimError(400, undefined, 'The request has no Host header, which HTTP/1.1 requires.')
    }
    if (slug === null) return
    const queryIndex = request.url.indexOf('?')
    const path = (queryIndex === -1 ? request.url : request.url.slice(0, queryIndex)).replace(/^https?:\/\/.*?\//, '/')
    request.scim.operation = classifyRequest(request.method, path, request.query as Record<string, string>, () => clientOf(request))
    // Before the reads below: they may share the look at the database of an earlier request (ChangeWatch says when).
    deps.changes?.beforeRequest(request.raw.socket)
    // A slug no tenant has is answered as a tenant's slug is answered to a caller without that tenant's token: a 404
    // would tell anyone which slugs, and so which customers, this server holds. The log keeps the slug, and the
    // console's diagnosis says that no tenant has it (core/diagnosis.ts noTenant).
    const tenant = deps.tenants.findBySlug(slug) ?? null
    request.scim.tenant = tenant
    // As the tenant writes it, for meta.location and the log, however the client cased it.
    if (tenant) request.scim.slug = tenant.slug
    if (stopping) {
      // On a connection that was open before the stop (a keep-alive, or a request half sent). Any 503 gets Retry-After.
      refuse(
        request,
        new ScimError(503, undefined, 'SCIM Console is stopping, so it did not take this request. Retry it once SCIM Console is running again.', { facts: { stopping: true } })
      )
      return
    }
    const credential = readCredential(request.headers.authorization)
    request.scim.authScheme = credential.scheme
    let failure: AuthFailure | null = null
    if (credential.secret === null) {
      // The scheme as the client wrote it (`Token`, `Basic`), which the detail repeats so that the admin recognises it;
      // a first word that reads as no scheme may be part of a secret, and is not repeated.
      const word = authorizationScheme(request.headers.authorization ?? '')?.scheme ?? null
      failure = credential.scheme === 'none' ? { reason: 'missing' } : { reason: 'malformed', scheme: word }
    } else {
      const outcome = deps.tokens.authenticate(tenant?.id ?? null, credential.secret)
      if (outcome.ok) request.scim.tokenId = outcome.token.id
      else {
        failure = outcome
        if ('token' in outcome) request.scim.tokenId = outcome.token.id
      }
    }
    if (failure) {
      reply.header('www-authenticate', 'Bearer realm="SCIM Console"')
      refuse(request, new ScimError(401, undefined, authDetail(failure, credential.secret)))
      return
    }
    // authenticate(null, …) admits no one, so a request gets here only with its tenant.
    if (tenant === null) throw new Error('A request to a slug no tenant has passed authentication.')
    // A request no route took: at a path that has routes, its method is one the path does not take. `/.search` is the one
    // path a parameter route takes too (GET /Users/:id), for the methods its own route does not; in any case, with a
    // slash at the end or not, as the router reads it.
    const allowed = request.is404 || searchPath.test(path) ? allowedMethods(path) : null
    if (allowed !== null && !allowed.includes(request.method)) {
      refuse(request, methodNotAllowed(request, reply, allowed))
      return
    }
    const decision = throttle.take(tenant.id, tenant.rateLimitPerMinute, deps.now())
    if (!decision.allowed) {
      reply.header('retry-after', String(decision.retryAfterSeconds))
      refuse(
        request,
        new ScimError(
          429,
          undefined,
          `Too many requests: ${tenant.name} allows ${plural(tenant.rateLimitPerMinute, 'request')} a minute. Retry after ${plural(decision.retryAfterSeconds, 'second')}.`,
          { facts: { retryAfter: decision.retryAfterSeconds, rateLimit: tenant.rateLimitPerMinute } }
        )
      )
      return
    }
    request.scim.faultsOn = deps.faults?.anyOn(tenant.id) ?? false
  }

  // A refused request with a body is answered here, once the body has been read to name its target.
  app.addHook('preValidation', (request, _reply, done) => done(request.scim?.refusal ?? undefined))

  // Injected faults (training) run once the body is parsed, so that a rule on "deactivate-user" can tell a PATCH
  // {active:false} from a profile update; authentication and the real throttle have run by then. Only requests whose
  // tenant had faults on at admission go through them (FaultInjector.anyOn says why).
  app.addHook('preHandler', (request, reply, done) => {
    const pending = applyFaults(deps, request, reply)
    if (pending === null) done()
    else pending.then(() => done(), done)
  })

  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.scim && typeof payload === 'string') request.scim.responseBody = payload
    // A request taken before the stop is answered; its connection must then close, or the stop waits out closeGraceMs.
    if (stopping) reply.header('connection', 'close')
    done(null, payload)
  })

  app.addHook('onResponse', (request, reply, done) => {
    logRequest(deps, request, reply)
    done()
  })

  app.setErrorHandler((error, request, reply) => {
    // A refused request is answered with its refusal, whatever went wrong in reading its body.
    let scimError = request.scim?.refusal ?? mapError(error) ?? goneMeanwhile(deps, request, error)
    if (!scimError) {
      const errorId = randomUUID().slice(0, 8)
      deps.onInternalError?.(errorId, error)
      scimError = new ScimError(500, undefined, `Internal error ${errorId}. The request was not applied; retry it, and report the id to SCIM Console support if it recurs.`, {
        facts: { errorId }
      })
    }
    // In the words of the client's admin. A detail may repeat the slug or id of the path, where an admin may have pasted a token.
    const wire = scimError.toBody(clientOf(request))
    const body = { ...wire, detail: redactTokens(wire.detail) }
    if (request.scim) {
      request.scim.errorType = scimError.scimType ?? null
      request.scim.errorDetail = body.detail
      request.scim.errorFacts = scimError.facts ?? null
      if (request.scim.tenant && request.scim.refusal) request.scim.operation = refusedOperation(deps, request, request.scim.tenant)
      if (request.scim.tenant && request.scim.target === null) request.scim.target = targetOrNull(deps, request, request.scim.tenant)
      const target = request.scim.target
      // A user or group that is gone is named as the log last knew it, so that Support reads whom Okta's 404 was about.
      // Such a 404 comes from a handler, so the request was authenticated: a caller without a token searches nothing.
      if (scimError.status === 404 && request.scim.tenant && target?.id && target.name === null) {
        request.scim.target = { ...target, name: deps.log.lastTargetName(request.scim.tenant.id, target.id) }
      }
    }
    if (scimError.etag !== undefined) reply.header('etag', scimError.etag)
    if (scimError.status === 503) reply.header('retry-after', '5')
    if (scimError.status === 415 && request.headers['content-encoding'] !== undefined) reply.header('accept-encoding', acceptedCodings)
    return sendScim(reply, scimError.status, body)
  })

  app.setNotFoundHandler((request, reply) => {
    if (request.scim?.refusal) throw request.scim.refusal
    const path = redactTokens(request.url.split('?')[0] ?? '')
    const slugless = !request.scim || request.scim.slug === null
    const misrouted = request.scim && slugless ? misroutedTo(deps, request) : null
    if (misrouted && request.scim) {
      // Logged under the tenant it names, with the operation it would have been, so Support finds it by tenant.
      request.scim.slug = misrouted.tenant.slug
      request.scim.tenant = misrouted.tenant
      request.scim.operation = classifyRequest(request.method, misrouted.asIfPath, request.query as Record<string, string>, () => clientOf(request))
    }
    const tenant = request.scim?.tenant ?? null
    // The right base URL only to a caller with a token of that tenant: to others, it would say that the slug exists.
    const named = misrouted && showsTokenOf(deps, request, misrouted.tenant) ? misrouted : null
    const emptySegment = emptySegmentIn(path)
    const detail = named
      ? // Not the tenant's name, which the path does not hold: the slug it typed is all it needs.
        `There is no SCIM endpoint at ${path}: the SCIM base URL of the tenant "${named.tenant.slug}" is ${baseUrlToEnter(deps, request)}, which this path does not start with. ${setBaseUrl[clientOf(request)]}`
      : slugless
        ? `There is no SCIM endpoint at ${path}. The SCIM base URL is /scim/v2/<tenant slug>.`
        : tenant && emptySegment === 'base-url'
          ? `There is no SCIM endpoint ${request.method} ${path}: the path has an empty segment ("//"), as when the base URL ends with a slash. ${tenant.name}'s SCIM base URL is ${baseUrlToEnter(deps, request)}, with no slash at the end. ${setBaseUrl[clientOf(request)]}`
          : tenant && emptySegment === 'path'
            ? // `/Users//<id>`: the base URL was right; the client doubled a slash in what it added to it.
              `There is no SCIM endpoint ${request.method} ${path}: the path has an empty segment ("//") after the base URL, in the part the client adds to it. The base URL is right; the client must send that part with single slashes: ${path.replace(/(?<!:)\/{2,}/g, '/')}.`
            : `There is no SCIM endpoint ${request.method} ${path}. This server offers /Users, /Groups, /ServiceProviderConfig, /ResourceTypes and /Schemas.`
    if (request.scim) request.scim.errorDetail = detail
    return sendScim(reply, 404, { schemas: [errorSchema], status: '404', detail })
  })

  app.register(
    async (scim) => {
      allowedMethods = learnAllowedMethods(scim, () => {
        registerDiscoveryRoutes(scim, deps)
        registerUserRoutes(scim, deps)
        registerGroupRoutes(scim, deps)
      })
    },
    { prefix: '/scim/v2/:tenant' }
  )

  return app
}
