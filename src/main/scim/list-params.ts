import { echoed, quoted } from '../../shared/quoted'
import type { ErrorFacts } from '../../shared/models'
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

function integer(name: string, raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return undefined
  const text = String(raw)
  if (!/^-?\d+$/.test(text.trim())) throw badRequest('invalidValue', `${name} must be a whole number, not ${quoted(text)}.`, { parameter: name })
  return Number(text)
}

// Every value a parameter is given, under any casing of its name (old Okta clients send `startindex`), in order. A
// query string that repeats a parameter gives a list; a /.search body may hold `count` and `Count`.
function valuesOf(source: Readonly<Record<string, unknown>>, lowerName: string): unknown[] {
  const values: unknown[] = []
  for (const [key, value] of Object.entries(source)) {
    if (key.toLowerCase() !== lowerName) continue
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined && one !== null && one !== '') values.push(one)
  }
  return values
}

/**
 * The one value of a single-valued parameter. Given twice with different values, it is refused: answering for the
 * last one, as this server once did, made `filter=A&filter=B` look up B alone, and a lookup that answers for half
 * of what was asked returns the wrong user. The same value repeated leaves no doubt and is taken.
 */
function single(source: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const values = valuesOf(source, name.toLowerCase())
  // Okta's lookups give each parameter once: no set to build.
  if (values.length < 2) return values.length ? String(values[0]) : undefined
  const distinct = [...new Set(values.map(String))]
  if (distinct.length > 1) {
    const listed = distinct.map((value, index) => `${index + 1}: ${echoed(value)}`).join('; ')
    throw badRequest(
      name === 'filter' ? 'invalidFilter' : 'invalidValue',
      `${name} is given ${distinct.length} times, with different values (${listed}). Send it once: SCIM Console does not choose one of them.`,
      { parameter: name }
    )
  }
  return distinct[0]
}

// RFC 7644 §3.4.3: a SearchRequest lists `attributes` and `excludedAttributes` as JSON arrays of paths; a query string
// repeats the parameter or separates paths with commas. All three mean the same list.
function pathList(source: Readonly<Record<string, unknown>>, lowerName: string): string | undefined {
  const values = valuesOf(source, lowerName)
  return values.length ? values.map(String).join(',') : undefined
}

/**
 * Reads paging, filter, sort and projection parameters from a query string or a /.search body.
 * RFC 7644 §3.4.2.4: startIndex below 1 means 1; a negative count means 0; we cap count at `maxPageSize`.
 * Parameter names are matched case-insensitively, since old Okta clients send `startindex`.
 */
export function readListParams(source: Readonly<Record<string, unknown>>): ListParams {
  // Past 2^53 a JS number is no longer a whole number SQLite accepts as an OFFSET; no list is that long anyway.
  const startIndex = Math.min(Number.MAX_SAFE_INTEGER, Math.max(1, integer('startIndex', single(source, 'startIndex')) ?? 1))
  const count = Math.min(maxPageSize, Math.max(0, integer('count', single(source, 'count')) ?? maxPageSize))
  const sortOrder = single(source, 'sortOrder')?.toLowerCase()
  if (sortOrder !== undefined && sortOrder !== 'ascending' && sortOrder !== 'descending') {
    throw badRequest('invalidValue', `sortOrder must be "ascending" or "descending", not ${quoted(sortOrder)}.`, { parameter: 'sortOrder' })
  }
  const filter = single(source, 'filter')
  return {
    filter: filter?.trim() ? filter : undefined,
    startIndex,
    count,
    sortBy: single(source, 'sortBy'),
    descending: sortOrder === 'descending',
    attributes: pathList(source, 'attributes'),
    excludedAttributes: pathList(source, 'excludedattributes')
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

/** The name a 409 was about (core/directory.ts userConflict, groupConflict), and how its holder writes it when not so. */
function conflictFacts(details: AppError['details']): ErrorFacts {
  const name = details?.name
  const heldAs = details?.heldAs
  if (typeof name !== 'string') return {}
  return typeof heldAs === 'string' && heldAs !== name ? { wantedName: name, heldAs } : { wantedName: name }
}

/** Maps an expected directory failure to its SCIM error (RFC 7644 §3.12). */
export function scimErrorFrom(error: AppError): ScimError {
  switch (error.code) {
    case 'not_found':
      return new ScimError(404, undefined, error.message)
    case 'conflict':
      return new ScimError(409, 'uniqueness', error.message, { facts: conflictFacts(error.details) })
    case 'invalid_argument':
      return badRequest('invalidValue', error.message)
    case 'failed_precondition': {
      const version = error.details?.version
      const kind = error.details?.kind
      // A stale If-Match is worded as a GET's is; If-None-Match keeps the directory's words, which name that header.
      if (error.details?.condition === 'if-match' && typeof version === 'number' && (kind === 'user' || kind === 'group')) {
        return staleIfMatch(kind, version, error.details?.namedNone === true)
      }
      // The 412 carries the ETag of the version the condition failed against: a client learns which version is
      // current (RFC 7644 §3.14) without reading the detail.
      const condition = error.details?.condition === 'if-none-match' ? ('if-none-match' as const) : undefined
      return new ScimError(
        412,
        undefined,
        error.message,
        typeof version === 'number' ? { etag: etag(version), facts: { currentVersion: version, condition } } : { facts: { condition } }
      )
    }
    case 'unavailable':
      return new ScimError(503, undefined, error.message)
    case 'internal':
      return new ScimError(500, undefined, error.message)
  }
}
