import type { AppError } from '../../shared/result'
import { badRequest, ScimError } from './errors'
import { etag, staleIfMatch } from './render'

/** The most resources one page returns; declared as `filter.maxResults` in /ServiceProviderConfig. */
export const maxPageSize = 1000

export interface ListParams {
  readonly filter: string | undefined
  readonly startIndex: number
  readonly count: number
  readonly sortBy: string | undefined
  readonly descending: boolean
  readonly attributes: string | undefined
  readonly excludedAttributes: string | undefined
}

// How much of a refused value a detail repeats: enough to recognise it. A /.search body may hold a megabyte of it, which
// Okta would show its admin, and the log would keep twice.
const maxEchoed = 60

/** `text` as a detail repeats it: whole when short, else its first characters (never half of one) and an ellipsis. */
function echoed(text: string): string {
  if (text.length <= maxEchoed) return text
  return `${Array.from(text.slice(0, maxEchoed + 1)).slice(0, maxEchoed - 1).join('')}… (${text.length} characters)`
}

function integer(name: string, raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return undefined
  const text = String(raw)
  if (!/^-?\d+$/.test(text.trim())) throw badRequest('invalidValue', `${name} must be a whole number, not "${echoed(text)}".`)
  return Number(text)
}

function single(raw: unknown): string | undefined {
  if (Array.isArray(raw)) return raw.length ? String(raw[raw.length - 1]) : undefined
  return raw === undefined || raw === null ? undefined : String(raw)
}

// RFC 7644 §3.4.3: a SearchRequest lists `attributes` and `excludedAttributes` as JSON arrays of paths; a query string
// repeats the parameter or separates paths with commas. All three mean the same list.
function pathList(raw: unknown): string | undefined {
  if (Array.isArray(raw)) return raw.length ? raw.map(String).join(',') : undefined
  return single(raw)
}

/**
 * Reads paging, filter, sort and projection parameters from a query string or a /.search body.
 * RFC 7644 §3.4.2.4: startIndex below 1 means 1; a negative count means 0; we cap count at `maxPageSize`.
 * Parameter names are matched case-insensitively, since old Okta clients send `startindex`.
 */
export function readListParams(source: Readonly<Record<string, unknown>>): ListParams {
  const lower = new Map(Object.entries(source).map(([key, value]) => [key.toLowerCase(), value]))
  // Past 2^53 a JS number is no longer a whole number SQLite accepts as an OFFSET; no list is that long anyway.
  const startIndex = Math.min(Number.MAX_SAFE_INTEGER, Math.max(1, integer('startIndex', single(lower.get('startindex'))) ?? 1))
  const count = Math.min(maxPageSize, Math.max(0, integer('count', single(lower.get('count'))) ?? maxPageSize))
  const sortOrder = single(lower.get('sortorder'))?.toLowerCase()
  if (sortOrder !== undefined && sortOrder !== 'ascending' && sortOrder !== 'descending') {
    throw badRequest('invalidValue', `sortOrder must be "ascending" or "descending", not "${echoed(sortOrder)}".`)
  }
  const filter = single(lower.get('filter'))
  return {
    filter: filter?.trim() ? filter : undefined,
    startIndex,
    count,
    sortBy: single(lower.get('sortby')),
    descending: sortOrder === 'descending',
    attributes: pathList(lower.get('attributes')),
    excludedAttributes: pathList(lower.get('excludedattributes'))
  }
}

// A JSON value as a detail names it: its kind, then the value itself (shortened).
function jsonShape(value: unknown): string {
  const text = echoed(JSON.stringify(value))
  if (typeof value === 'boolean' || value === null) return text
  const kind = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`
  return `${kind}: ${text}`
}

type MemberType = 'string' | 'integer' | 'paths'

// The SearchRequest members (RFC 7644 §3.4.3), by their lower-case name, with the JSON type each takes and how a detail
// describes it. A query string gives every parameter as text; read as text, a body's `"filter": 5` was refused as a
// filter "near '5'", and `"count": [5]` was taken as 5. A whole number as text, and paths as one comma-separated
// string, are read as the query string gives them.
const searchMembers: ReadonlyMap<string, { readonly name: string; readonly type: MemberType; readonly takes: string }> = new Map([
  ['filter', { name: 'filter', type: 'string', takes: 'a string, such as "userName eq \\"ann@example.com\\""' }],
  ['sortby', { name: 'sortBy', type: 'string', takes: 'a string naming an attribute, such as "userName"' }],
  ['sortorder', { name: 'sortOrder', type: 'string', takes: 'the string "ascending" or "descending"' }],
  ['startindex', { name: 'startIndex', type: 'integer', takes: 'a whole number, such as 1' }],
  ['count', { name: 'count', type: 'integer', takes: 'a whole number, such as 1' }],
  ['attributes', { name: 'attributes', type: 'paths', takes: 'a list of attribute paths, such as ["userName", "emails"]' }],
  ['excludedattributes', { name: 'excludedAttributes', type: 'paths', takes: 'a list of attribute paths, such as ["userName", "emails"]' }]
])

// What is wrong with the JSON type of a member's value, or null when it is one the member takes.
function wrongType(type: MemberType, value: unknown): string | null {
  // RFC 7643 §2.5: null is the member left out.
  if (value === null || typeof value === 'string') return null
  if (type === 'integer' && typeof value === 'number') return null
  if (type === 'paths' && Array.isArray(value)) {
    const entry = value.findIndex((path) => typeof path !== 'string')
    return entry < 0 ? null : `its entry ${entry + 1} is ${jsonShape(value[entry])}`
  }
  return `it is ${jsonShape(value)}`
}

/**
 * The parameters of a POST to /.search: a SearchRequest, a JSON object (RFC 7644 §3.4.3). No body at all is a search
 * with none. Any other JSON (a list, a string, null) is refused: read as no parameters, it would list every resource.
 * A member of the wrong JSON type is refused with invalidSyntax, which RFC 7644 §3.12 gives to a body that does not
 * conform to the request schema, /.search included; a value of the right type that is wrong keeps its own scimType
 * (invalidFilter, invalidValue), as in a query string.
 */
export function searchRequestOf(body: unknown): Readonly<Record<string, unknown>> {
  if (body === undefined) return {}
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const shape = body === null ? 'null' : Array.isArray(body) ? 'a list' : `a ${typeof body}`
    throw badRequest('invalidSyntax', `The /.search body must be a JSON object (a SearchRequest, RFC 7644 §3.4.3) such as {"filter": "userName eq \\"ann@example.com\\""}, but it is ${shape}.`)
  }
  for (const [key, value] of Object.entries(body)) {
    const member = searchMembers.get(key.toLowerCase())
    const wrong = member ? wrongType(member.type, value) : null
    if (member && wrong) throw badRequest('invalidSyntax', `"${member.name}" in the /.search body must be ${member.takes}, but ${wrong}.`)
  }
  return body as Record<string, unknown>
}

/** Maps an expected directory failure to its SCIM error (RFC 7644 §3.12). */
export function scimErrorFrom(error: AppError): ScimError {
  switch (error.code) {
    case 'not_found':
      return new ScimError(404, undefined, error.message)
    case 'conflict':
      return new ScimError(409, 'uniqueness', error.message)
    case 'invalid_argument':
      return badRequest('invalidValue', error.message)
    case 'failed_precondition': {
      const version = error.details?.version
      const kind = error.details?.kind
      // A stale If-Match is worded as a GET's is; If-None-Match keeps the directory's words, which name that header.
      if (error.details?.condition === 'if-match' && typeof version === 'number' && (kind === 'user' || kind === 'group')) {
        return staleIfMatch(kind, version)
      }
      // The 412 carries the ETag of the version the condition failed against: a client learns which version is
      // current (RFC 7644 §3.14) without reading the detail.
      return new ScimError(412, undefined, error.message, typeof version === 'number' ? { etag: etag(version) } : {})
    }
    case 'unavailable':
      return new ScimError(503, undefined, error.message)
    case 'internal':
      return new ScimError(500, undefined, error.message)
  }
}
