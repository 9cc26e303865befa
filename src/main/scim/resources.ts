/**
 * Validation and normalisation of the User and Group bodies that POST, PUT and (after patching) PATCH carry.
 * Pure: no I/O. The output is the complete client-writable state of the resource, without `id`, `meta`, `groups`
 * and `password`.
 */
import { codePointCount, codePointsStart } from '../../shared/text-length'
import { controlCharacter } from '../../shared/unseen-characters'
import { badRequest } from './errors'
import { maxNameLength, maxUserAttributeValues } from './limits'
import { namesSecret } from './redact'
import {
  enterpriseUserSchemaUrn,
  findAttribute,
  groupSchemaUrn,
  resourceSchemas,
  userSchemaUrn
} from './schema-definitions'
import type { AttributeDefinition, ScimResourceKind } from './schema-definitions'

/** `name` of a User (RFC 7643 §4.1.1). */
export interface ScimName {
  readonly formatted?: string
  readonly familyName?: string
  readonly givenName?: string
  readonly middleName?: string
  readonly honorificPrefix?: string
  readonly honorificSuffix?: string
}

/** One value of emails, phoneNumbers, ims, photos, entitlements, roles or x509Certificates (RFC 7643 §2.4). */
export interface ScimMultiValue {
  readonly value?: string
  readonly display?: string
  readonly type?: string
  readonly primary?: boolean
}

/** One value of `addresses` (RFC 7643 §4.1.2). */
export interface ScimAddress {
  readonly formatted?: string
  readonly streetAddress?: string
  readonly locality?: string
  readonly region?: string
  readonly postalCode?: string
  readonly country?: string
  readonly type?: string
  readonly primary?: boolean
}

/** The enterprise extension object. Attributes we have no definition for are kept as the client sent them. */
export interface ScimEnterpriseUser {
  readonly employeeNumber?: string
  readonly costCenter?: string
  readonly organization?: string
  readonly division?: string
  readonly department?: string
  readonly manager?: { readonly value?: string; readonly $ref?: string }
  readonly [attribute: string]: unknown
}

/**
 * A normalised User: canonical attribute names, no `id`, `meta`, `groups` or `password`. Absent attributes are
 * unassigned; empty lists and empty objects are left out (RFC 7643 §2.5 treats them as unassigned).
 */
export interface ScimUserResource {
  readonly schemas: readonly string[]
  readonly externalId?: string
  readonly userName: string
  readonly name?: ScimName
  readonly displayName?: string
  readonly nickName?: string
  readonly profileUrl?: string
  readonly title?: string
  readonly userType?: string
  readonly preferredLanguage?: string
  readonly locale?: string
  readonly timezone?: string
  /** Always set on create. On replace, absent means the client did not say: keep the stored value. */
  readonly active?: boolean
  readonly emails?: readonly ScimMultiValue[]
  readonly phoneNumbers?: readonly ScimMultiValue[]
  readonly ims?: readonly ScimMultiValue[]
  readonly photos?: readonly ScimMultiValue[]
  readonly addresses?: readonly ScimAddress[]
  readonly entitlements?: readonly ScimMultiValue[]
  readonly roles?: readonly ScimMultiValue[]
  readonly x509Certificates?: readonly ScimMultiValue[]
  readonly 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'?: ScimEnterpriseUser
}

/** A Group member as stored: `$ref` and `display` are left out because the server computes them from `value`. */
export interface ScimGroupMember {
  readonly value: string
  readonly type?: 'User'
}

/** A normalised Group: no `id` or `meta`; `members` is always present and holds the complete membership. */
export interface ScimGroupResource {
  readonly schemas: readonly string[]
  readonly externalId?: string
  readonly displayName: string
  readonly members: readonly ScimGroupMember[]
}

type JsonObject = Record<string, unknown>

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  // A request without a body reaches the normaliser as undefined.
  if (value === undefined) return 'empty'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`
  if (typeof value === 'object') return 'an object'
  return `the ${typeof value} ${String(value)}`
}

/** The same without the value itself, for an attribute never returned (a password): the detail is answered and logged. */
function describeKind(value: unknown): string {
  if (typeof value === 'string') return 'a string'
  if (typeof value === 'number') return 'a number'
  if (typeof value === 'boolean') return 'a boolean'
  return describe(value)
}

/**
 * Reads a boolean the way Entra sends it: without the aadOptscim062020 flag Entra writes `"True"`/`"False"`
 * (application-provisioning-config-problem-scim-compatibility.md), so strings are accepted in any case.
 */
export function coerceBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') {
    const lower = value.toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
  }
  return undefined
}

/**
 * A string where a singular complex attribute with a `value` is expected stands for that value: Entra sends the
 * enterprise extension's `manager` as the manager's id (`"manager": "26118915-6090-4610-87e4-49d8ca9f808d"`), in
 * creates and in PATCH, where RFC 7643 §4.3 has `{"value": …}`.
 */
export function singleValueShorthand(value: unknown, definition: AttributeDefinition): unknown {
  if (typeof value !== 'string' || definition.type !== 'complex' || definition.multiValued) return value
  return definition.subAttributes?.some((subAttribute) => subAttribute.name === 'value') ? { value } : value
}

const textTypes: ReadonlySet<AttributeDefinition['type']> = new Set(['string', 'reference', 'binary', 'dateTime'])

function normalizeSingle(value: unknown, definition: AttributeDefinition, where: string): unknown {
  const shown = definition.returned === 'never' ? describeKind : describe
  // RFC 7643 §2.5: an empty string is the attribute unassigned, as null is. So `"title": ""` in a PUT, or a PATCH
  // replace of name.givenName with "" (Entra's way of clearing a value cleared at its source), clears the attribute
  // rather than storing and answering "". A required attribute keeps it, for its own check to refuse in its words. A
  // boolean or a number given "" is still refused: `"active": ""` says neither true nor false, and is no way to clear.
  if (value === '' && !definition.required && textTypes.has(definition.type)) return undefined
  switch (definition.type) {
    case 'string':
    case 'reference':
    case 'binary':
      if (typeof value !== 'string') throw badRequest('invalidValue', `The attribute ${where} must be a string, but it is ${shown(value)}.`, { attribute: where })
      return value
    case 'boolean': {
      const coerced = coerceBoolean(value)
      if (coerced === undefined) throw badRequest('invalidValue', `The attribute ${where} must be true or false, but it is ${shown(value)}.`, { attribute: where })
      return coerced
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw badRequest('invalidValue', `The attribute ${where} must be a whole number, but it is ${shown(value)}.`, { attribute: where })
      }
      return value
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw badRequest('invalidValue', `The attribute ${where} must be a number, but it is ${shown(value)}.`, { attribute: where })
      }
      return value
    case 'dateTime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
        throw badRequest('invalidValue', `The attribute ${where} must be an xsd:dateTime such as "2024-05-15T09:21:23Z", but it is ${shown(value)}.`, { attribute: where })
      }
      return value
    case 'complex': {
      const object = singleValueShorthand(value, definition)
      if (!isObject(object)) throw badRequest('invalidValue', `The attribute ${where} must be an object, but it is ${shown(object)}.`, { attribute: where })
      const subAttributes = definition.subAttributes ?? []
      const normalized = normalizeAttributes(object, subAttributes, `${where}.`, false)
      for (const subAttribute of subAttributes) {
        if (subAttribute.required && normalized[subAttribute.name] === undefined) {
          throw badRequest('invalidValue', `The attribute ${where} has no "${subAttribute.name}", which is required: ${subAttribute.description}`, { attribute: where })
        }
      }
      // A manager whose id is "" names no one: Entra sends `"manager": ""` for a manager cleared at its source
      // (Captain-P-Goldfish/SCIM-SDK #652), which clears it here, whatever $ref it had.
      if (!definition.multiValued && normalized['value'] === undefined && findAttribute(subAttributes, 'value') && emptyValue(object)) return undefined
      return Object.keys(normalized).length > 0 ? normalized : undefined
    }
  }
}

// Whether a complex value's `value` (its key in any case) is "", which normalising leaves out as unassigned.
function emptyValue(object: JsonObject): boolean {
  for (const key in object) if (key.toLowerCase() === 'value') return object[key] === ''
  return false
}

/**
 * Whether `element` is a value of emails, phoneNumbers, roles and the like without the `value` that is its point (RFC
 * 7643 §2.4): absent, null or "". It is left out, as an unassigned attribute (§2.5), rather than refused: Entra sends ""
 * for an attribute cleared at its source (Captain-P-Goldfish/SCIM-SDK #652), so "" or null through
 * `phoneNumbers[type eq "mobile"].value` clears that number, as Entra's Remove of that path does; a 400 would stop
 * Okta's provisioning job, or put Entra's in quarantine, over a value that says nothing. Stored, such a value answered
 * `emails pr` and could become the user's primary email "". Not a group's members: their `value` is required, and one
 * without it is refused.
 */
function valueless(element: unknown, definition: AttributeDefinition): boolean {
  if (!isObject(element) || !definition.subAttributes) return false
  const valueDefinition = findAttribute(definition.subAttributes, 'value')
  if (!valueDefinition || valueDefinition.required) return false
  const value = element['value']
  return value === undefined || value === ''
}

/**
 * Keeps one of each (type, value) pair of a user's emails, phoneNumbers and the like, the first as listed: RFC 7643 §2.4
 * says a service provider SHOULD NOT return the same pair twice, and emails.value is not caseExact (§4.1.2), so
 * "ANN@example.com" and "ann@example.com" of the same type are one email. A PATCH add of such an email already adds
 * nothing (RFC 7644 §3.5.2.1); a POST or PUT that lists both now stores one too, rather than refusing a body that only
 * repeats itself. A copy left out that says "primary": true makes the one kept primary, as the client asked. The PATCH
 * applies it to the values an operation gives, before it counts their primaries. Not a group's members (their `value`
 * is required): normalizeGroup keeps one membership per user itself.
 */
export function collapseDuplicates(values: unknown[], definition: AttributeDefinition): void {
  const subAttributes = definition.subAttributes
  const valueDefinition = subAttributes && findAttribute(subAttributes, 'value')
  if (!valueDefinition || valueDefinition.required || values.length < 2) return
  const kept = new Map<string, JsonObject>()
  let write = 0
  for (const element of values) {
    if (!isObject(element) || typeof element['value'] !== 'string') {
      values[write++] = element
      continue
    }
    const type = element['type']
    const key = JSON.stringify([
      typeof type === 'string' ? type.toLowerCase() : null,
      valueDefinition.caseExact ? element['value'] : element['value'].toLowerCase()
    ])
    const first = kept.get(key)
    if (first === undefined) {
      kept.set(key, element)
      values[write++] = element
    } else if (element['primary'] === true) {
      first['primary'] = true
    }
  }
  values.length = write
}

function normalizeValue(value: unknown, definition: AttributeDefinition, where: string): unknown {
  if (!definition.multiValued) return normalizeSingle(value, definition, where)
  // Okta's FAQ: multi-valued attributes must be arrays, even with one value; a bare object is a client bug.
  if (!Array.isArray(value)) {
    throw badRequest('invalidValue', `The attribute ${where} is multi-valued and must be a list (a JSON array), but it is ${describe(value)}.`, { attribute: where })
  }
  const values: unknown[] = []
  value.forEach((element, index) => {
    if (element === null) return
    const normalized = normalizeSingle(element, definition, `${where}[${index}]`)
    if (normalized !== undefined && !valueless(normalized, definition)) values.push(normalized)
  })
  collapseDuplicates(values, definition)
  // RFC 7643 §2.4: the primary value "true" MUST appear no more than once.
  if (values.filter((element) => isObject(element) && element['primary'] === true).length > 1) {
    throw badRequest('invalidValue', `Only one of the values of ${where} may have "primary": true.`)
  }
  return values.length > 0 ? values : undefined
}

/** An unknown attribute's value without the keys that name a secret, at any depth. */
function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets)
  if (!isObject(value)) return value
  const kept: JsonObject = {}
  for (const [key, inner] of Object.entries(value)) {
    if (!namesSecret(key)) kept[key] = withoutSecrets(inner)
  }
  return kept
}

// Builds the object in schema order, so that stored JSON and responses read the same way every time.
function normalizeAttributes(input: JsonObject, definitions: readonly AttributeDefinition[], prefix: string, keepUnknown: boolean): JsonObject {
  const known = new Map<string, unknown>()
  const unknown: JsonObject = {}
  const seen = new Map<string, string>()
  for (const [key, value] of Object.entries(input)) {
    const definition = findAttribute(definitions, key)
    if (!definition) {
      // RFC 7644 §3.3 lets a service provider ignore attributes it does not know; extension objects keep them, but
      // not one that names a secret (a `password` of the client's own): it would be stored and answered in clear.
      if (keepUnknown && value !== null && !namesSecret(key)) unknown[key] = withoutSecrets(value)
      continue
    }
    const earlier = seen.get(definition.name)
    if (earlier !== undefined) {
      throw badRequest('invalidSyntax', `The attribute ${prefix}${definition.name} appears twice, as "${earlier}" and "${key}"; attribute names are case-insensitive.`, {
        attribute: `${prefix}${definition.name}`
      })
    }
    seen.set(definition.name, key)
    // readOnly attributes that a client echoes back (Okta's PUT repeats its last GET) are ignored (RFC 7643 §7).
    if (definition.mutability === 'readOnly' || value === null) continue
    const normalized = normalizeValue(value, definition, `${prefix}${definition.name}`)
    if (normalized !== undefined) known.set(definition.name, normalized)
  }
  const output: JsonObject = {}
  for (const definition of definitions) {
    if (known.has(definition.name)) output[definition.name] = known.get(definition.name)
  }
  return { ...output, ...unknown }
}

interface NormalizedBody {
  readonly attributes: JsonObject
  readonly extensions: ReadonlyMap<string, JsonObject>
}

function keyIn(target: JsonObject, name: string): string | undefined {
  const wanted = name.toLowerCase()
  return Object.keys(target).find((key) => key.toLowerCase() === wanted)
}

/**
 * Puts a top-level key written with its schema URN (`urn:…:enterprise:2.0:User:department`, `urn:…:core:2.0:User:name.givenName`,
 * RFC 7644 §3.10) into the object it names, as Entra's path-less PATCH values are read: refused when the body gives
 * the same attribute another way too, since which of the two to keep would be a guess.
 */
function placeQualified(target: JsonObject, key: string, path: string, value: unknown): void {
  const dot = path.indexOf('.')
  const attribute = dot === -1 ? path : path.slice(0, dot)
  const existing = keyIn(target, attribute)
  const twice = () => badRequest('invalidSyntax', `The attribute "${key}" is given twice in the body, once with its schema URN and once without; send it once.`)
  if (dot === -1) {
    if (existing !== undefined) throw twice()
    target[attribute] = value
    return
  }
  const subAttribute = path.slice(dot + 1)
  const parent = existing === undefined ? undefined : target[existing]
  if (existing !== undefined && !isObject(parent)) throw twice()
  const merged: JsonObject = { ...(parent ?? {}) }
  if (keyIn(merged, subAttribute) !== undefined) throw twice()
  merged[subAttribute] = value
  target[existing ?? attribute] = merged
}

const qualifiedPath = /^[A-Za-z][\w-]*(?:\.(?:[A-Za-z][\w-]*|\$ref))?$/

function normalizeBody(body: unknown, kind: ScimResourceKind): NormalizedBody {
  if (!isObject(body)) {
    throw badRequest('invalidSyntax', `The request body must be a JSON object holding a SCIM ${kind}, but it is ${describe(body)}.`)
  }
  const schemas = resourceSchemas(kind)
  const core: JsonObject = {}
  const raw = new Map<string, JsonObject>()
  const qualified: [key: string, value: unknown][] = []
  for (const [key, value] of Object.entries(body)) {
    // Schema URNs compare case-insensitively, like attribute names (RFC 7643 §2.1, RFC 8141 §3.1 for the NID).
    const extension = schemas.extensions.find((candidate) => candidate.id.toLowerCase() === key.toLowerCase())
    if (!extension) {
      // A key that starts with a URN names an attribute with its schema; placed once every plain key is in.
      if (key.length > 4 && key.slice(0, 4).toLowerCase() === 'urn:') qualified.push([key, value])
      else core[key] = value
      continue
    }
    if (raw.has(extension.id)) {
      throw badRequest('invalidSyntax', `The extension ${extension.id} appears twice; schema URNs are case-insensitive.`)
    }
    if (value === null) continue
    if (!isObject(value)) {
      throw badRequest('invalidValue', `The extension ${extension.id} must be an object, but it is ${describe(value)}.`)
    }
    raw.set(extension.id, { ...value })
  }
  for (const [key, value] of qualified) {
    const lower = key.toLowerCase()
    const schema = [schemas.core, ...schemas.extensions].find((candidate) => lower.startsWith(`${candidate.id.toLowerCase()}:`))
    // Another URN is an attribute of a schema this server does not have: ignored, as any unknown attribute.
    if (!schema) continue
    const path = key.slice(schema.id.length + 1)
    // RFC 7643 §2.1: an attribute name starts with a letter (`$ref` is the one exception); anything else names nothing.
    if (!qualifiedPath.test(path)) continue
    if (schema === schemas.core) {
      placeQualified(core, key, path, value)
      continue
    }
    const target = raw.get(schema.id) ?? {}
    raw.set(schema.id, target)
    placeQualified(target, key, path, value)
  }
  const extensions = new Map<string, JsonObject>()
  for (const extension of schemas.extensions) {
    const value = raw.get(extension.id)
    if (value === undefined) continue
    const normalized = normalizeAttributes(value, extension.attributes, `${extension.id}:`, true)
    if (Object.keys(normalized).length > 0) extensions.set(extension.id, normalized)
  }
  return { attributes: normalizeAttributes(core, schemas.core.attributes, '', false), extensions }
}

// A name over maxNameLength (limits.ts) is refused: stored, it could never be found by the lookup a client makes.
// Counted in Unicode characters, not UTF-16 units: 1,024 emoji are 1,024 characters. `length` bounds the count from
// above, so a name of plain letters is never counted twice.
function tooLong(attribute: string, value: string): void {
  if (value.length <= maxNameLength) return
  const characters = codePointCount(value)
  if (characters <= maxNameLength) return
  throw badRequest(
    'invalidValue',
    `The ${attribute} is ${characters.toLocaleString('en-US')} characters long; SCIM Console takes at most ${maxNameLength.toLocaleString('en-US')}, so that a filter can still find it.`
  )
}

// A userName or group name with a control character (a NUL, a tab, a line break, an escape) is no name anyone signs in
// with or picks from a list, and breaks what prints it or passes it on (a NUL ends a C string): refused, saying which
// character and where.
function controlled(attribute: 'userName' | 'displayName', name: string): void {
  const found = controlCharacter(name)
  if (found === null) return
  // Cut in characters, not UTF-16 units, so that an emoji at the cut is kept whole rather than left as half a pair
  // (which JSON writes as a \ud83d escape). JSON writes C0 controls as \u escapes but C1 ones as they are, which no one
  // sees: those are escaped the same way.
  const shown = JSON.stringify(codePointCount(name) > 200 ? `${codePointsStart(name, 200)}…` : name).replace(/[\u0080-\u009f]/g, (c1) => `\\u${c1.charCodeAt(0).toString(16).padStart(4, '0')}`)
  if (attribute === 'displayName') {
    const sentence = `The group's displayName ${shown} contains a control character (${found.character}) at position ${found.position}, which a group name cannot have.`
    throw badRequest('invalidValue', {
      okta: `${sentence} Rename the group in Okta (Directory → Groups) without it, then push it again.`,
      entra: `${sentence} Remove it from the group's name in Entra (or from the attribute mapped to displayName), and provision the group again.`,
      other: `${sentence} Send the displayName without it.`
    })
  }
  const sentence = `The userName ${shown} contains a control character (${found.character}) at position ${found.position}, which a sign-in name cannot have.`
  throw badRequest('invalidValue', {
    okta: `${sentence} Remove it from the user's Username in Okta (Directory → People → the user → Profile), or from the attribute the app's username format reads, and push the user again.`,
    entra: `${sentence} Remove it from the user's userPrincipalName in Entra (or from the attribute mapped to userName), and provision the user again.`,
    other: `${sentence} Send the userName without it.`
  })
}

// A userName with spaces (or tabs, or line breaks) at its ends would be another user than the same name without them,
// and no one can sign in as it: refused, in the words of the admin who can fix the attribute it came from.
function padded(userName: string): void {
  if (userName.trim() === userName) return
  const where = /^\s/.test(userName) ? (/\s$/.test(userName) ? 'starts and ends' : 'starts') : 'ends'
  const sentence = `The userName ${JSON.stringify(userName)} ${where} with a space or another blank, which a sign-in name cannot have.`
  throw badRequest('invalidValue', {
    okta: `${sentence} Remove it from the user's Username in Okta (Directory → People → the user → Profile), or from the attribute the app's username format reads, and push the user again.`,
    entra: `${sentence} Remove it from the user's userPrincipalName in Entra (or from the attribute mapped to userName), and provision the user again.`,
    other: `${sentence} Send the userName without it.`
  })
}

/**
 * Refuses a POST or PUT body whose `schemas` does not name the core schema of the endpoint's resource: a Group sent to
 * /Users (or a User to /Groups) would otherwise be stored as whatever attributes of the other kind it happens to share.
 * A body with no `schemas` at all is still taken, as it always was: the resource type is clear from the endpoint, and
 * RFC 7644 §3.3 lets a service provider be lenient about what it reads. Extra URIs (the enterprise extension, Entra's
 * ADSCIM Group schema) are fine. Costs one pass over the body's top-level keys.
 */
export function requireResourceSchema(body: unknown, kind: ScimResourceKind): void {
  if (!isObject(body)) return
  const key = Object.keys(body).find((name) => name.toLowerCase() === 'schemas')
  const schemas = key === undefined ? undefined : body[key]
  if (schemas === undefined || schemas === null) return
  const core = resourceSchemas(kind).core.id
  const endpoint = kind === 'User' ? '/Users' : '/Groups'
  const send = kind === 'User' ? `Send "schemas": ["${core}"], with "${enterpriseUserSchemaUrn}" added when the body has enterprise attributes.` : `Send "schemas": ["${core}"].`
  if (!Array.isArray(schemas)) {
    throw badRequest('invalidValue', `The body's "schemas" must be a list of schema URIs, but it is ${describe(schemas)}. ${send}`)
  }
  const wanted = core.toLowerCase()
  if (schemas.some((schema) => typeof schema === 'string' && schema.toLowerCase() === wanted)) return
  const other = kind === 'User' ? groupSchemaUrn : userSchemaUrn
  const named = schemas.length === 0 ? 'is an empty list' : `is ${JSON.stringify(schemas.slice(0, 3)).slice(0, 300)}${schemas.length > 3 ? ` and ${schemas.length - 3} more` : ''}`
  const misdirected = schemas.some((schema) => typeof schema === 'string' && schema.toLowerCase() === other.toLowerCase())
    ? ` It names the ${kind === 'User' ? 'Group' : 'User'} schema: if the body is a ${kind === 'User' ? 'group, send it to /Groups' : 'user, send it to /Users'}.`
    : ''
  throw badRequest('invalidValue', `A ${kind} sent to ${endpoint} must name ${core} in "schemas", but the body's "schemas" ${named}.${misdirected} ${send}`)
}

/** How many values `value` holds when it is a list; 0 otherwise. */
function countOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0
}

/**
 * The message for a multi-valued attribute of `count` values over maxUserAttributeValues (limits.ts). Exported for the
 * PATCH, which refuses an attribute that grows past it as soon as it does.
 */
export function tooManyValues(attribute: string, count: number): string {
  const most = maxUserAttributeValues.toLocaleString('en-US')
  return `The user would have ${count.toLocaleString('en-US')} values of ${attribute}; SCIM Console keeps at most ${most} values of a multi-valued attribute of a user. Send at most ${most}, or remove some first.`
}

// The names of the User's multi-valued attributes, which checkValueCounts reads on every user write.
const multiValuedUserAttributes: readonly string[] = resourceSchemas('User')
  .core.attributes.filter((definition) => definition.multiValued)
  .map((definition) => definition.name)

// Refuses a multi-valued attribute over maxUserAttributeValues, unless the stored user had that many already (from
// before the limit): a user like that can still be deactivated, and only an edit that adds more is refused.
function checkValueCounts(attributes: JsonObject, stored: Readonly<JsonObject> | undefined): void {
  for (const name of multiValuedUserAttributes) {
    const count = countOf(attributes[name])
    if (count <= maxUserAttributeValues || count <= countOf(stored?.[name])) continue
    throw badRequest('invalidValue', tooManyValues(name, count))
  }
}

/**
 * Validates and normalises a User body for POST (`create`) or PUT (`replace`), and for the result of a PATCH.
 * `password` comes back separately, so that it never enters the resource; the directory keeps only that one was sent.
 * `stored` is the user as stored, for a PATCH or a console edit: an attribute it already holds over
 * maxUserAttributeValues values may stay that long.
 */
export function normalizeUser(
  body: unknown,
  mode: 'create' | 'replace',
  stored?: Readonly<Record<string, unknown>>
): { resource: ScimUserResource; password: string | undefined } {
  const { attributes, extensions } = normalizeBody(body, 'User')
  checkValueCounts(attributes, stored)
  const { password, ...rest } = attributes
  const userName = rest['userName']
  if (typeof userName !== 'string' || userName.trim() === '') {
    const none = 'The user has no userName.'
    throw badRequest('invalidValue', {
      okta: `${none} Okta sends the user's email as userName; check the app's username format.`,
      entra: `${none} Entra sends the attribute mapped to userName (userPrincipalName by default); check it under Mappings → Provision Microsoft Entra ID Users on the app's Provisioning page.`,
      other: `${none} Every user needs one, as a non-empty string.`
    }, { attribute: 'userName', missing: true })
  }
  tooLong('userName', userName)
  controlled('userName', userName)
  padded(userName)
  if (mode === 'create' && rest['active'] === undefined) rest['active'] = true
  const enterprise = extensions.get(enterpriseUserSchemaUrn)
  const resource = {
    schemas: enterprise ? [userSchemaUrn, enterpriseUserSchemaUrn] : [userSchemaUrn],
    ...rest,
    ...(enterprise ? { [enterpriseUserSchemaUrn]: enterprise } : {})
  }
  // The schema-driven checks above guarantee this shape; schema-definitions.test.ts keeps the two in step.
  return { resource: resource as unknown as ScimUserResource, password: typeof password === 'string' ? password : undefined }
}

function normalizeMember(element: JsonObject, where: string): ScimGroupMember {
  const value = element['value']
  if (typeof value !== 'string' || value === '') {
    throw badRequest('invalidValue', `The member ${where} has no "value"; it must be the SCIM id of a user, as a string.`, { attribute: where })
  }
  const type = element['type']
  if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== 'user')) {
    throw badRequest('invalidValue', `The member ${where} has type ${describe(type)}; this server only has users as group members, not nested groups.`, {
      attribute: where
    })
  }
  return { value, ...(type === undefined ? {} : { type: 'User' as const }) }
}

/** Validates and normalises a Group body for POST (`create`) or PUT (`replace`), and for the result of a PATCH. */
export function normalizeGroup(body: unknown, mode: 'create' | 'replace'): ScimGroupResource {
  const { attributes } = normalizeBody(body, 'Group')
  const displayName = attributes['displayName']
  if (typeof displayName !== 'string' || displayName.trim() === '') {
    const action = mode === 'create' ? 'created' : 'updated'
    const none = `The group has no displayName, so it cannot be ${action}.`
    throw badRequest('invalidValue', {
      okta: `${none} Okta sends the group's name as displayName.`,
      entra: `${none} Entra sends the attribute mapped to displayName; check it under Mappings → Provision Microsoft Entra ID Groups on the app's Provisioning page.`,
      other: `${none} Every group needs one, as a non-empty string.`
    }, { attribute: 'displayName', missing: true })
  }
  tooLong('displayName', displayName)
  controlled('displayName', displayName)
  const elements = Array.isArray(attributes['members']) ? attributes['members'] : []
  const members = new Map<string, ScimGroupMember>()
  elements.forEach((element, index) => {
    if (!isObject(element)) return
    const member = normalizeMember(element, `members[${index}]`)
    // One membership per user, however often a client lists it; the first listing wins.
    if (!members.has(member.value)) members.set(member.value, member)
  })
  const externalId = attributes['externalId']
  return {
    schemas: [groupSchemaUrn],
    ...(typeof externalId === 'string' ? { externalId } : {}),
    displayName,
    members: [...members.values()]
  }
}

/** The user's primary email, else the first email with a value, exactly as the client sent it. */
export function primaryEmail(user: ScimUserResource): string | undefined {
  const emails = user.emails ?? []
  const primary = emails.find((email) => email.primary === true && email.value !== undefined)
  return (primary ?? emails.find((email) => email.value !== undefined))?.value
}
