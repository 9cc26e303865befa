import type { ExpectedVersions, StoredGroup, StoredUser } from '../core/directory'
import { badRequest, ScimError } from './errors'
import { maxProjectionPaths } from './limits'
import { enterpriseUserSchemaUrn as enterpriseSchema, groupSchemaUrn as groupSchema, userSchemaUrn as userSchema } from './schema-definitions'

/** The ListResponse message URN (RFC 7644 §3.4.2). */
export const listSchema = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'

type Json = Record<string, unknown>

/** A weak ETag from a row version (RFC 7644 §3.14). */
export function etag(version: number): string {
  return `W/"${version}"`
}

// An entity-tag of a list (RFC 7232 §2.3): its opaque part, without W/.
const entityTag = /(?:W\/)?"([^"]*)"/g
// The opaque part of the tags this server issues: a version, as String(version) writes it (no leading zero).
const versionTag = /^[1-9]\d*$/

// The versions that the tags of an If-Match or If-None-Match list name. Tags this server never issued name none, so a
// list of only those matches nothing.
function listedVersions(list: string): number[] {
  const versions: number[] = []
  for (const [, opaque = ''] of list.matchAll(entityTag)) if (versionTag.test(opaque)) versions.push(Number(opaque))
  return versions
}

/**
 * The versions an If-Match header lets a write apply to (RFC 7232 §3.1); undefined when it sets no condition (no
 * header, or `*`, which any existing resource matches). The comparison is weak, although §3.1 asks for a strong one:
 * every ETag this server issues is weak (RFC 7644 §3.14), so a strong comparison would fail every If-Match a client
 * copies from `meta.version`. A list that names none of our versions gives none, and the write fails with 412.
 */
export function ifMatchVersions(value: string | undefined): readonly number[] | undefined {
  const text = value?.trim()
  if (!text || text === '*') return undefined
  return listedVersions(text)
}

/**
 * A write's If-Match and If-None-Match as the directory checks them, in the same read as the write; undefined when they
 * set no condition. RFC 7232 §3.2 holds a write to If-None-Match too: `*` refuses any existing resource, and a list
 * refuses the versions it names (weak comparison), with 412.
 */
export function writeConditions(headers: { readonly 'if-match'?: string; readonly 'if-none-match'?: string }): ExpectedVersions | undefined {
  const match = ifMatchVersions(headers['if-match'])
  const noneText = headers['if-none-match']?.trim()
  const noneMatch = !noneText ? undefined : noneText === '*' ? '*' : listedVersions(noneText)
  if (match === undefined && noneMatch === undefined) return undefined
  return { ...(match === undefined ? {} : { match }), ...(noneMatch === undefined ? {} : { noneMatch }) }
}

/**
 * Whether an If-Match header lets a request go on against the current version (RFC 7232 §3.1): no header, `*`, or a
 * list that names it. A GET is held to it too: §3.1 and §6 apply If-Match to every method, before If-None-Match.
 */
export function meetsIfMatch(value: string | undefined, version: number): boolean {
  const versions = ifMatchVersions(value)
  return versions === undefined || versions.includes(version)
}

/**
 * The 412 of a request whose If-Match names none of the resource's versions (RFC 7644 §3.14: 412 Precondition Failed),
 * a read's or a write's alike: one wording, which says what to do next, and the current ETag, from which the client
 * learns the version that is current without reading the detail. `namesNone`: the header names no ETag this server
 * issues (`If-Match: abc`, a tag of another system), so it is no version the client read and the resource did not
 * "change since": the detail says what an ETag here looks like instead.
 */
export function staleIfMatch(kind: 'user' | 'group', version: number, namesNone = false): ScimError {
  const tag = etag(version)
  const why = namesNone
    ? `The If-Match header names no ETag that SCIM Console issued (they are weak versions such as ${tag}, as meta.version gives them), so it matches no version of the ${kind}. The ${kind} is at version ${version} (ETag ${tag}), and the request was not carried out.`
    : `The ${kind} is now at version ${version} (ETag ${tag}), which the If-Match header does not name: it has changed since the client read it, so the request was not carried out.`
  return new ScimError(412, undefined, `${why} Read the ${kind} again (GET without If-Match), then retry with If-Match: ${tag}.`, {
    etag: tag,
    facts: { currentVersion: version, condition: 'if-match' }
  })
}

/** Whether an If-Match header names none of the ETags this server issues (not `*`, not absent): it can match no version. */
export function ifMatchNamesNone(value: string | undefined): boolean {
  return ifMatchVersions(value)?.length === 0
}

/** Whether an If-None-Match header matches the current version, so that a GET answers 304 (RFC 7232 §3.2, weak comparison). */
export function isNotModified(value: string | undefined, version: number): boolean {
  const text = value?.trim()
  if (!text) return false
  return text === '*' || listedVersions(text).includes(version)
}

const dayMs = 86_400_000
let cachedDay = Number.NaN
let cachedDate = ''

const pad = (value: number, width = 2): string => String(value).padStart(width, '0')

/**
 * A time as `Date#toISOString` writes it (meta.created and meta.lastModified). Every resource rendered needs two,
 * and toISOString cost ~1 µs each under load; the date part is kept for the last day seen, and the time of day is
 * written here. Times outside the years 0000-9999, which toISOString writes with six digits, are left to it.
 */
export function isoTime(ms: number): string {
  const whole = Math.trunc(ms)
  const day = Math.floor(whole / dayMs)
  if (day !== cachedDay) {
    const text = new Date(whole).toISOString()
    if (text.length !== 24) return text
    cachedDay = day
    cachedDate = text.slice(0, 11)
    return text
  }
  const time = whole - day * dayMs
  return `${cachedDate}${pad(Math.floor(time / 3_600_000))}:${pad(Math.floor(time / 60_000) % 60)}:${pad(Math.floor(time / 1000) % 60)}.${pad(time % 1000, 3)}Z`
}

/** A User as SCIM returns it: schemas, id, the stored body, the readOnly groups, and full meta. */
export function renderUser(user: StoredUser, baseUrl: string): Json {
  const { schemas: _ignored, ...body } = user.resource
  return {
    schemas: enterpriseSchema in body ? [userSchema, enterpriseSchema] : [userSchema],
    id: user.id,
    ...body,
    groups: user.groups.map((group) => ({ value: group.value, display: group.display, $ref: `${baseUrl}/Groups/${group.value}` })),
    meta: {
      resourceType: 'User',
      created: isoTime(user.createdAt),
      lastModified: isoTime(user.updatedAt),
      location: `${baseUrl}/Users/${user.id}`,
      version: etag(user.version)
    }
  }
}

/** A Group as SCIM returns it; `members` is left out when the caller excluded it. */
export function renderGroup(group: StoredGroup, baseUrl: string): Json {
  const { schemas: _ignored, ...body } = group.resource
  return {
    schemas: [groupSchema],
    id: group.id,
    ...body,
    ...(group.members
      ? {
          members: group.members.map((member) => ({
            value: member.value,
            display: member.display,
            type: 'User',
            $ref: `${baseUrl}/Users/${member.value}`
          }))
        }
      : {}),
    meta: {
      resourceType: 'Group',
      created: isoTime(group.createdAt),
      lastModified: isoTime(group.updatedAt),
      location: `${baseUrl}/Groups/${group.id}`,
      version: etag(group.version)
    }
  }
}

/** RFC 7644 §3.4.2: a ListResponse with integer paging fields and an always-present `Resources`. */
export function listResponse(resources: readonly Json[], total: number, startIndex: number): Json {
  return {
    schemas: [listSchema],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources
  }
}

/** Attribute paths, lower-cased, each split into its top-level attribute and sub-attribute. */
export type ProjectionPaths = readonly (readonly [string, string | undefined])[]

/**
 * A request's parsed `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5): `include` lists the attributes to
 * return, `exclude` those to remove from what is returned. Either may be absent, not both.
 */
export interface Projection {
  readonly include?: ProjectionPaths
  readonly exclude?: ProjectionPaths
}

/**
 * Parses the `attributes` / `excludedAttributes` query parameters (RFC 7644 §3.4.2.5). A request may give both,
 * which the RFC neither defines nor forbids: both apply, `attributes` first, then `excludedAttributes` removes from
 * what it kept. A client that sends both gets what it asked for rather than a 400 (or one list silently dropped).
 */
export function parseProjection(attributes: string | undefined, excluded: string | undefined, schemaUrns: readonly string[]): Projection | null {
  const include = parsePaths('attributes', attributes, schemaUrns)
  const exclude = parsePaths('excludedAttributes', excluded, schemaUrns)
  if (!include && !exclude) return null
  return { ...(include ? { include } : {}), ...(exclude ? { exclude } : {}) }
}

function parsePaths(name: string, raw: string | undefined, schemaUrns: readonly string[]): ProjectionPaths | undefined {
  if (raw === undefined) return undefined
  // An empty entry, which a trailing or doubled comma of a hand-written query leaves, names no attribute and is skipped
  // (RFC 7644 §3.4.2.5 lists attribute names and says nothing of empty ones); a list of only those is no list.
  const parts = raw.split(',').filter((part) => part.trim() !== '')
  if (parts.length === 0) return undefined
  if (parts.length > maxProjectionPaths) {
    throw badRequest(
      'invalidValue',
      `The ${name} list names ${parts.length.toLocaleString('en-US')} paths; SCIM Console takes at most ${maxProjectionPaths}, more than its schemas have attributes.`
    )
  }
  return parts.map((part) => {
    let path = part.trim()
    for (const urn of schemaUrns) {
      if (path.toLowerCase().startsWith(`${urn.toLowerCase()}:`)) {
        const rest = path.slice(urn.length + 1)
        // An extension attribute is addressed as "<urn>.<attr>" inside the resource.
        path = urn === userSchema || urn === groupSchema ? rest : `${urn}.${rest}`
      }
    }
    if (!/^[A-Za-z$][\w$:.-]*$/.test(path)) {
      throw badRequest('invalidValue', `The attribute list has an entry that is not an attribute path: "${part.trim()}".`)
    }
    // An extension URN on its own names the whole extension object.
    const whole = schemaUrns.find((urn) => urn !== userSchema && urn !== groupSchema && urn.toLowerCase() === path.toLowerCase())
    if (whole) return [whole.toLowerCase(), undefined] as const
    const extension = schemaUrns.find((urn) => path.toLowerCase().startsWith(`${urn.toLowerCase()}.`))
    if (extension) return [extension.toLowerCase(), path.slice(extension.length + 1).toLowerCase()] as const
    const [head, sub] = path.toLowerCase().split('.', 2)
    return [head ?? '', sub] as const
  })
}

// RFC 7643 §7 "returned: always": never removed by a projection. Not meta: its sub-attributes are "returned:
// default" (RFC 7643 §3.1), so `attributes=userName` leaves it out and `excludedAttributes=meta` removes it.
const alwaysReturned = new Set(['id', 'schemas'])

/** Applies a projection to one rendered resource: its `attributes`, then its `excludedAttributes`. */
export function project(resource: Json, projection: Projection | null): Json {
  if (!projection) return resource
  const kept = projection.include ? keepPaths(resource, projection.include) : resource
  return projection.exclude ? dropPaths(kept, projection.exclude) : kept
}

/**
 * The resource with each top-level attribute as `pick` decides from the rules that name it (undefined leaves it out);
 * `id` and `schemas` are kept whatever the rules say.
 */
function eachAttribute(resource: Json, paths: ProjectionPaths, pick: (value: unknown, subs: (string | undefined)[]) => unknown): Json {
  const out: Json = {}
  for (const [key, value] of Object.entries(resource)) {
    const lower = key.toLowerCase()
    const kept = alwaysReturned.has(lower) ? value : pick(value, paths.filter(([head]) => head === lower).map(([, sub]) => sub))
    if (kept !== undefined) out[key] = kept
  }
  return out
}

function keepPaths(resource: Json, paths: ProjectionPaths): Json {
  return eachAttribute(resource, paths, (value, subs) => {
    if (subs.length === 0) return undefined
    return subs.includes(undefined) ? value : keepSubAttributes(value, subs as string[])
  })
}

function dropPaths(resource: Json, paths: ProjectionPaths): Json {
  return eachAttribute(resource, paths, (value, subs) => {
    if (subs.includes(undefined)) return undefined
    return subs.length ? dropSubAttributes(value, subs as string[]) : value
  })
}

/**
 * Rebuilds each object of a complex (or multi-valued complex) value from its entries. An object the projection leaves
 * empty is left out, and so is a list it leaves empty: an unassigned attribute is omitted, not returned as `{}` or
 * `[{}]` (RFC 7643 §2.5, RFC 7644 §3.9). Undefined means "leave it out"; a value empty as stored is kept as it is.
 */
function mapComplex(value: unknown, rebuild: (entries: [string, unknown][]) => [string, unknown][]): unknown {
  const mapObject = (object: unknown): unknown => {
    if (!object || typeof object !== 'object' || Array.isArray(object)) return object
    const entries = Object.entries(object)
    const kept = rebuild(entries).filter(([, inner]) => inner !== undefined)
    return kept.length === 0 && entries.length > 0 ? undefined : Object.fromEntries(kept)
  }
  if (!Array.isArray(value)) return mapObject(value)
  const elements = value.map(mapObject).filter((element) => element !== undefined)
  return elements.length === 0 && value.length > 0 ? undefined : elements
}

// Sub-attribute paths are relative and lower-cased; an extension's can go one level deeper (`manager.value`).
function deeper(subs: readonly string[], key: string): string[] {
  return subs.filter((sub) => sub.startsWith(`${key}.`)).map((sub) => sub.slice(key.length + 1))
}

function dropSubAttributes(value: unknown, subs: readonly string[]): unknown {
  return mapComplex(value, (entries) =>
    entries
      .filter(([key]) => !subs.includes(key.toLowerCase()))
      .map(([key, inner]) => {
        const nested = deeper(subs, key.toLowerCase())
        return [key, nested.length ? dropSubAttributes(inner, nested) : inner]
      })
  )
}

function keepSubAttributes(value: unknown, subs: readonly string[]): unknown {
  return mapComplex(value, (entries) =>
    entries.flatMap(([key, inner]): [string, unknown][] => {
      if (subs.includes(key.toLowerCase())) return [[key, inner]]
      const nested = deeper(subs, key.toLowerCase())
      return nested.length ? [[key, keepSubAttributes(inner, nested)]] : []
    })
  )
}
