import { foldCase } from '../../../shared/fold-case'
import { assertNever } from '../../../shared/result'
import { foldFunction } from '../../db/connection'
import { badRequest } from '../errors'
import { enterpriseUserSchemaUrn as enterpriseSchema, groupSchemaUrn as groupSchema, userSchemaUrn as userSchema } from '../schema-definitions'
import { parseAttributePath } from './parser'
import type { AttributePath, CompareNode, CompareOperator, CompareValue, FilterNode } from './parser'

/** What a stored value is, which decides the operators it accepts (RFC 7644 §3.4.2.2). */
export type FilterValueType = 'string' | 'boolean' | 'dateTime'

/**
 * How strings compare. `exact`: RFC 7643 caseExact (id, externalId). `ignore`: case-insensitive, via SQLite's
 * ASCII case folding, or scim_fold for a value with other letters. `lowerCasedColumn`: the column stores the value lower-cased for its index, so the filter value
 * is lower-cased the same way and compared as is.
 */
export type FilterCasing = 'exact' | 'ignore' | 'lowerCasedColumn'

/** An attribute with one value per row (or per element, for a sub-attribute of a multi-valued attribute). */
export interface SingleFilterAttribute {
  readonly kind: 'single'
  /** The canonical name, shown in error messages. */
  readonly name: string
  /** An SQL expression over the target's alias (or the element alias); built from constants only, never from input. */
  readonly sql: string
  readonly type: FilterValueType
  readonly casing: FilterCasing
  /** A JOIN the element query needs to reach `sql`, for sub-attributes stored in another table. */
  readonly join?: string
}

/** A multi-valued attribute whose elements are rows of `from` that satisfy `correlation`. */
export interface MultiFilterAttribute {
  readonly kind: 'multi'
  readonly name: string
  readonly from: string
  readonly correlation: string | undefined
  /** Keyed by lower-cased sub-attribute name. */
  readonly subAttributes: ReadonlyMap<string, SingleFilterAttribute>
  /** The sub-attribute meant by a bare `emails eq "x"`; undefined where there is none (addresses). */
  readonly defaultSubAttribute: string | undefined
  /** ORDER BY for the elements when sorting: primary first, then array order (RFC 7644 §3.4.2.3). Undefined: not sortable. */
  readonly elementOrder: string | undefined
}

/** The attributes one resource type can be filtered and sorted on, and how each maps to SQL. */
export interface FilterTarget {
  readonly resourceType: 'User' | 'Group'
  /** The alias the caller must give the table: `FROM users u`. */
  readonly alias: string
  readonly coreSchema: string
  /** Keyed by lower-cased path: `username`, `name.givenname`, `urn:…:enterprise:2.0:user:department`, `emails`. */
  readonly attributes: ReadonlyMap<string, SingleFilterAttribute | MultiFilterAttribute>
}

/** A boolean SQL expression and the values for its `?` placeholders, in order. */
export interface CompiledFilter {
  readonly sql: string
  readonly params: unknown[]
}

/** Users, to be queried as `FROM users u`. */
export const userFilterTarget: FilterTarget = buildTarget('User', 'u', userSchema, [
  single('id', 'u.id', 'string', 'exact'),
  single('userName', 'u.user_name_key', 'string', 'lowerCasedColumn'),
  single('externalId', 'u.external_id', 'string', 'exact'),
  single('active', 'u.active', 'boolean'),
  single('displayName', 'u.display_name'),
  ...metaAttributes('u', 'User'),
  schemasAttribute(`json_array('${userSchema}', CASE WHEN json_type(u.resource, '$."${enterpriseSchema}"') IS NOT NULL THEN '${enterpriseSchema}' END)`),
  ...['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map((sub) =>
    single(`name.${sub}`, json('u', `$.name.${sub}`))
  ),
  ...['nickName', 'profileUrl', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone'].map((name) =>
    single(name, json('u', `$.${name}`))
  ),
  ...['employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager.value', 'manager.displayName'].map((name) =>
    single(`${enterpriseSchema}:${name}`, json('u', `$."${enterpriseSchema}".${name}`))
  ),
  ...['emails', 'phoneNumbers', 'ims', 'photos', 'roles', 'entitlements'].map((name) =>
    jsonArray('u', name, ['value', 'display', 'type'], 'value')
  ),
  jsonArray('u', 'addresses', ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type'], undefined),
  // `groups` is derived from memberships (RFC 7643 §4.1.2), never stored in the resource.
  membership('groups', 'gm.user_id = u.id', [
    single('value', 'gm.group_id', 'string', 'exact'),
    { ...single('display', 'gd.display_name_key', 'string', 'lowerCasedColumn'), join: 'JOIN groups gd ON gd.id = gm.group_id' },
    single('type', "'direct'")
  ])
])

/** Groups, to be queried as `FROM groups g`. */
export const groupFilterTarget: FilterTarget = buildTarget('Group', 'g', groupSchema, [
  single('id', 'g.id', 'string', 'exact'),
  single('displayName', 'g.display_name_key', 'string', 'lowerCasedColumn'),
  single('externalId', 'g.external_id', 'string', 'exact'),
  ...metaAttributes('g', 'Group'),
  schemasAttribute(`json_array('${groupSchema}')`),
  membership('members', 'gm.group_id = g.id', [
    single('value', 'gm.user_id', 'string', 'exact'),
    { ...single('display', 'mu.user_name_key', 'string', 'lowerCasedColumn'), join: 'JOIN users mu ON mu.id = gm.user_id' },
    single('type', "'User'")
  ])
])

/**
 * Translates a parsed filter into a boolean SQL expression over `target.alias`, to be AND-ed after `tenant_id = ?`.
 * Values only ever travel as `?` parameters. The hot lookups of Okta and Entra (`userName eq`, `externalId eq`,
 * `id eq`, group `displayName eq`) become `column = ?` on an indexed column.
 * Throws `ScimError` 400 `invalidFilter` for attributes or comparisons that cannot be answered.
 */
export function compileFilter(node: FilterNode, target: FilterTarget): CompiledFilter {
  const params: unknown[] = []
  const sql = compileNode(node, { kind: 'resource', target }, params)
  return { sql, params }
}

/**
 * An SQL expression to ORDER BY for `sortBy` (RFC 7644 §3.4.2.3); the caller appends ASC or DESC.
 * Case-insensitive strings sort case-insensitively; a multi-valued attribute sorts by its primary (else first) value.
 * Throws `ScimError` 400 `invalidValue` for a path that cannot be sorted on.
 */
export function compileSortBy(path: string, target: FilterTarget): string {
  const parsed = parseAttributePath(path.trim())
  if (!parsed) {
    throw badRequest('invalidValue', `The sortBy value '${path}' is not an attribute name such as userName, name.familyName or meta.created.`)
  }
  const resolved = lookupAttribute(parsed, target)
  if (!resolved) {
    throw badRequest('invalidValue', `The attribute '${path}' cannot be used in sortBy. ${listAttributes(target, 'Sortable')}`, { attribute: path })
  }
  if (resolved.kind === 'single') return sortExpression(resolved.attribute, resolved.attribute.sql)
  const { attribute } = resolved
  const sub = resolved.sub ?? defaultSubAttribute(attribute)
  if (!sub || !attribute.elementOrder) {
    throw badRequest('invalidValue', `The attribute '${path}' cannot be used in sortBy: it has no single value to sort on.`, { attribute: path })
  }
  const element = `SELECT ${sub.sql} FROM ${attribute.from}${sub.join ? ` ${sub.join}` : ''}${where(attribute.correlation, undefined)}`
  return sortExpression(sub, `(${element} ORDER BY ${attribute.elementOrder} LIMIT 1)`)
}

type Scope =
  | { readonly kind: 'resource'; readonly target: FilterTarget }
  | { readonly kind: 'element'; readonly parent: MultiFilterAttribute; readonly joins: Set<string> }

type Resolved =
  | { readonly kind: 'single'; readonly attribute: SingleFilterAttribute }
  | { readonly kind: 'multi'; readonly attribute: MultiFilterAttribute; readonly sub: SingleFilterAttribute | undefined }
  /** A singular complex attribute (`name`, `meta`, the enterprise `manager`): only its presence can be asked. */
  | { readonly kind: 'complex'; readonly name: string; readonly parts: readonly SingleFilterAttribute[] }

type ScalarValue = Exclude<CompareValue, null>

const comparisonSymbols: Readonly<Record<'eq' | 'gt' | 'ge' | 'lt' | 'le', string>> = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' }

function compileNode(node: FilterNode, scope: Scope, params: unknown[]): string {
  switch (node.kind) {
    case 'and':
      return `(${compileNode(node.left, scope, params)} AND ${compileNode(node.right, scope, params)})`
    case 'or':
      return `(${compileNode(node.left, scope, params)} OR ${compileNode(node.right, scope, params)})`
    case 'not':
      return negate(compileNode(node.filter, scope, params))
    case 'present':
      return compilePresent(resolve(node.path, scope))
    case 'compare':
      return compileCompare(node, resolve(node.path, scope), params)
    case 'valuePath': {
      const resolved = resolve(node.path, scope)
      if (resolved.kind !== 'multi' || resolved.sub) {
        throw badRequest(
          'invalidFilter',
          `The filter '${node.path.text}[…]' needs a multi-valued attribute such as emails before the '[', and '${node.path.text}' is not one.`
        )
      }
      const element: Scope = { kind: 'element', parent: resolved.attribute, joins: new Set() }
      const condition = compileNode(node.filter, element, params)
      return exists(resolved.attribute, condition, element.joins)
    }
    default:
      return assertNever(node, 'Unknown filter node')
  }
}

function compilePresent(resolved: Resolved): string {
  if (resolved.kind === 'single') return present(resolved.attribute)
  // RFC 7644 §3.4.2.2: a complex attribute is present when it has a non-empty sub-attribute.
  if (resolved.kind === 'complex') return `(${resolved.parts.map(present).join(' OR ')})`
  const { attribute, sub } = resolved
  // RFC 7644 §3.4.2.2: `emails pr` holds when there is at least one element.
  if (!sub) return exists(attribute, undefined, [])
  return exists(attribute, present(sub), sub.join ? [sub.join] : [])
}

function compileCompare(node: CompareNode, resolved: Resolved, params: unknown[]): string {
  const { operator, value } = node
  if (value === null) {
    // `eq null` means "has no value" and `ne null` means "has one"; ordering against null means nothing.
    if (operator === 'eq') return negate(compilePresent(resolved))
    if (operator === 'ne') return compilePresent(resolved)
    throw badRequest('invalidFilter', `The filter compares '${node.path.text}' with null using '${operator}'; null works only with eq and ne.`)
  }
  if (resolved.kind === 'single') return compareSingle(resolved.attribute, operator, value, params)
  if (resolved.kind === 'complex') {
    throw badRequest(
      'invalidFilter',
      `The attribute '${resolved.name}' has no value of its own; compare one of its sub-attributes instead: ${resolved.parts.map((part) => part.name).join(', ')}.`
    )
  }
  const { attribute } = resolved
  const sub = resolved.sub ?? defaultSubAttribute(attribute)
  if (!sub) {
    throw badRequest(
      'invalidFilter',
      `The attribute '${attribute.name}' has no value of its own; compare one of its sub-attributes instead: ${subAttributeNames(attribute)}.`
    )
  }
  // `ne` on a multi-valued attribute means "no element equals": "some element differs" would match almost every user.
  if (operator === 'ne') return negate(exists(attribute, compareSingle(sub, 'eq', value, params), sub.join ? [sub.join] : []))
  return exists(attribute, compareSingle(sub, operator, value, params), sub.join ? [sub.join] : [])
}

function compareSingle(attribute: SingleFilterAttribute, operator: CompareOperator, value: ScalarValue, params: unknown[]): string {
  // `ne` is "not eq", so an absent value counts as not equal (RFC 7644 §3.4.2.2).
  if (operator === 'ne') return negate(compareSingle(attribute, 'eq', value, params))
  switch (attribute.type) {
    case 'boolean': {
      if (operator !== 'eq') {
        throw badRequest(
          'invalidFilter',
          `The attribute '${attribute.name}' is true or false, so it works only with eq, ne and pr, not '${operator}'.`
        )
      }
      params.push(toBoolean(attribute, value) ? 1 : 0)
      return `${attribute.sql} = ?`
    }
    case 'dateTime': {
      if (operator === 'co' || operator === 'sw' || operator === 'ew') {
        throw badRequest(
          'invalidFilter',
          `The attribute '${attribute.name}' is a date and time, so it works only with eq, ne, gt, ge, lt, le and pr, not '${operator}'.`
        )
      }
      params.push(toEpochMillis(attribute, value))
      return `${attribute.sql} ${comparisonSymbols[operator]} ?`
    }
    case 'string': {
      if (typeof value === 'boolean') {
        throw badRequest(
          'invalidFilter',
          `The attribute '${attribute.name}' holds text, so it cannot be compared with ${value}; put the value in double quotes.`
        )
      }
      // A number against a string attribute is lenient: `employeeNumber eq 42` means "42".
      return compareString(attribute, operator, typeof value === 'number' ? String(value) : value, params)
    }
    default:
      return assertNever(attribute.type, 'Unknown attribute type')
  }
}

function compareString(attribute: SingleFilterAttribute, operator: Exclude<CompareOperator, 'ne'>, text: string, params: unknown[]): string {
  const { sql, casing } = attribute
  // COLLATE NOCASE and LIKE fold ASCII letters only. A value with other letters ("Ünal") is compared with the stored
  // text folded by scim_fold (foldCase, as userName's key is made). Only then:
  // the function hides any index from SQLite, and an ASCII value has no other letters to fold.
  if (casing === 'ignore' && !isAscii(text)) {
    return compareString({ ...attribute, sql: `${foldFunction}(${sql})`, casing: 'lowerCasedColumn' }, operator, text, params)
  }
  // Must match how the repositories fill user_name_key and display_name_key.
  const value = casing === 'lowerCasedColumn' ? foldCase(text) : text
  switch (operator) {
    case 'eq':
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le':
      params.push(value)
      return `${sql} ${comparisonSymbols[operator]} ?${casing === 'ignore' ? ' COLLATE NOCASE' : ''}`
    case 'co':
    case 'sw':
    case 'ew':
      // Every string contains, starts and ends with the empty string.
      if (value === '') return `${sql} IS NOT NULL`
      if (casing === 'ignore') {
        // SQLite's LIKE folds ASCII case, which is what COLLATE NOCASE does for eq.
        params.push(`${operator === 'sw' ? '' : '%'}${escapeLike(value)}${operator === 'ew' ? '' : '%'}`)
        return `${sql} LIKE ? ESCAPE '\\'`
      }
      // LIKE would ignore case, which caseExact and lower-cased columns must not.
      if (operator === 'co') {
        params.push(value)
        return `instr(${sql}, ?) > 0`
      }
      if (operator === 'sw') {
        params.push(value)
        return `instr(${sql}, ?) = 1`
      }
      params.push(value, value)
      return `substr(${sql}, -length(?)) = ?`
    default:
      return assertNever(operator, 'Unknown operator')
  }
}

function isAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > 0x7f) return false
  return true
}

function resolve(path: AttributePath, scope: Scope): Resolved {
  if (scope.kind === 'element') {
    const { parent } = scope
    const sub = path.schema === undefined && path.subAttribute === undefined ? parent.subAttributes.get(path.attribute.toLowerCase()) : undefined
    if (!sub) {
      throw badRequest(
        'invalidFilter',
        `The attribute '${path.text}' inside '${parent.name}[…]' is not supported in filters. '${parent.name}' has the sub-attributes ${subAttributeNames(parent)}.`,
        { unfilterable: path.text }
      )
    }
    if (sub.join) scope.joins.add(sub.join)
    return { kind: 'single', attribute: sub }
  }
  const resolved = lookupAttribute(path, scope.target) ?? lookupComplex(path, scope.target)
  if (resolved) return resolved
  const base = lookupAttribute({ ...path, subAttribute: undefined }, scope.target)
  if (base?.kind === 'multi') {
    throw badRequest(
      'invalidFilter',
      `The attribute '${path.text}' is not supported in filters. '${base.attribute.name}' has the sub-attributes ${subAttributeNames(base.attribute)}.`,
      { unfilterable: path.text }
    )
  }
  throw badRequest('invalidFilter', `The attribute '${path.text}' is not supported in filters. ${listAttributes(scope.target, 'Filterable')}`, {
    unfilterable: path.text
  })
}

/** The key of `path`'s attribute in `target.attributes`, without its sub-attribute: `name`, `urn:…:user:manager`. */
function attributeKeyOf(path: AttributePath, target: FilterTarget): string {
  const schema = path.schema?.toLowerCase()
  // The core schema URN is optional (RFC 7644 §3.10); an extension's is part of the name.
  const prefix = schema === undefined || schema === target.coreSchema.toLowerCase() ? '' : `${schema}:`
  return `${prefix}${path.attribute.toLowerCase()}`
}

function lookupAttribute(path: AttributePath, target: FilterTarget): Exclude<Resolved, { kind: 'complex' }> | undefined {
  const attributeKey = attributeKeyOf(path, target)
  const subKey = path.subAttribute?.toLowerCase()
  const found = target.attributes.get(subKey === undefined ? attributeKey : `${attributeKey}.${subKey}`)
  if (found?.kind === 'single') return { kind: 'single', attribute: found }
  if (found?.kind === 'multi') return { kind: 'multi', attribute: found, sub: undefined }
  const multi = target.attributes.get(attributeKey)
  if (multi?.kind !== 'multi' || subKey === undefined) return undefined
  const sub = multi.subAttributes.get(subKey)
  return sub ? { kind: 'multi', attribute: multi, sub } : undefined
}

/** A singular complex attribute named without a sub-attribute (`name`), by the sub-attributes filters know of it. */
function lookupComplex(path: AttributePath, target: FilterTarget): Resolved | undefined {
  if (path.subAttribute !== undefined) return undefined
  const keyPrefix = `${attributeKeyOf(path, target)}.`
  const parts = [...target.attributes]
    .filter((entry): entry is [string, SingleFilterAttribute] => entry[0].startsWith(keyPrefix) && entry[1].kind === 'single')
    .map(([, attribute]) => attribute)
  const first = parts[0]
  if (!first) return undefined
  return { kind: 'complex', name: first.name.slice(0, first.name.lastIndexOf('.')), parts }
}

function present(attribute: SingleFilterAttribute): string {
  // `pr` means present and not empty (RFC 7644 §3.4.2.2), so an empty string does not count.
  return attribute.type === 'string' ? `(${attribute.sql} IS NOT NULL AND ${attribute.sql} <> '')` : `${attribute.sql} IS NOT NULL`
}

function exists(attribute: MultiFilterAttribute, condition: string | undefined, joins: Iterable<string>): string {
  const joined = [...joins].map((join) => ` ${join}`).join('')
  return `EXISTS (SELECT 1 FROM ${attribute.from}${joined}${where(attribute.correlation, condition)})`
}

function where(...conditions: (string | undefined)[]): string {
  const parts = conditions.filter((condition): condition is string => condition !== undefined)
  return parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`
}

function negate(sql: string): string {
  // A comparison with an absent value is NULL, and NOT NULL is NULL, so plain NOT would drop rows where the
  // attribute is absent; "is not true" keeps them, as `not (title eq "x")` should.
  return `((${sql}) IS NOT 1)`
}

function sortExpression(attribute: SingleFilterAttribute, sql: string): string {
  // RFC 7644 §3.4.2.3 sorts a caseExact=false string without regard to case. COLLATE NOCASE folds ASCII letters only,
  // so "Élodie" and "élodie" sorted apart, with "Ñuñez" between them; scim_fold folds as filters and name keys do.
  // A sort reads every matching row whatever its expression, so the function costs no index; Okta and Entra never sort.
  return attribute.type === 'string' && attribute.casing === 'ignore' ? `${foldFunction}(${sql})` : sql
}

function defaultSubAttribute(attribute: MultiFilterAttribute): SingleFilterAttribute | undefined {
  return attribute.defaultSubAttribute === undefined ? undefined : attribute.subAttributes.get(attribute.defaultSubAttribute.toLowerCase())
}

function toBoolean(attribute: SingleFilterAttribute, value: ScalarValue): boolean {
  if (typeof value === 'boolean') return value
  // Entra sends booleans as "True"/"False" strings in places (docs §4), so accept them here too.
  if (typeof value === 'string' && value.toLowerCase() === 'true') return true
  if (typeof value === 'string' && value.toLowerCase() === 'false') return false
  throw badRequest('invalidFilter', `The attribute '${attribute.name}' is true or false, so it cannot be compared with ${JSON.stringify(value)}.`)
}

const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/

function toEpochMillis(attribute: SingleFilterAttribute, value: ScalarValue): number {
  const text = typeof value === 'string' ? value.trim().toUpperCase() : ''
  const match = dateTimePattern.exec(text)
  if (match) {
    const [, year, month, day, zone] = match
    // xsd:dateTime without a zone is read as UTC, so the answer does not depend on this machine's time zone.
    const millis = Date.parse(text.includes('T') && zone === undefined ? `${text}Z` : text)
    // Date.parse rolls 2024-02-30 over to March; a date that does not exist is a mistake.
    const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
    if (!Number.isNaN(millis) && calendar.getUTCMonth() === Number(month) - 1 && calendar.getUTCDate() === Number(day)) return millis
  }
  throw badRequest(
    'invalidFilter',
    `The value ${JSON.stringify(value)} for '${attribute.name}' is not a date and time; write it as in "2024-01-31T12:00:00Z".`
  )
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`)
}

function subAttributeNames(attribute: MultiFilterAttribute): string {
  return [...attribute.subAttributes.values()].map((sub) => sub.name).join(', ')
}

function listAttributes(target: FilterTarget, adjective: 'Filterable' | 'Sortable'): string {
  const names = [...new Set(target.attributes.values())]
    .filter((attribute) => adjective === 'Filterable' || attribute.kind === 'single' || attribute.elementOrder !== undefined)
    .map((attribute) => attribute.name)
  // Extension names repeat a 60-character URN; saying it once keeps the sentence readable in Okta's error view.
  const core = names.filter((name) => !name.startsWith('urn:'))
  const bySchema = new Map<string, string[]>()
  for (const name of names.filter((name) => name.startsWith('urn:'))) {
    const colon = name.lastIndexOf(':')
    const schema = name.slice(0, colon)
    bySchema.set(schema, [...(bySchema.get(schema) ?? []), name.slice(colon + 1)])
  }
  const extensions = [...bySchema].map(([schema, attributes]) => `; and, prefixed with ${schema}:, ${attributes.join(', ')}`)
  return `${adjective} attributes: ${core.join(', ')}${extensions.join('')}.`
}

function single(name: string, sql: string, type: FilterValueType = 'string', casing: FilterCasing = 'ignore'): SingleFilterAttribute {
  return { kind: 'single', name, sql, type, casing }
}

function json(alias: string, path: string): string {
  return `json_extract(${alias}.resource, '${path}')`
}

function metaAttributes(alias: string, resourceType: string): SingleFilterAttribute[] {
  return [
    single('meta.created', `${alias}.created_at`, 'dateTime'),
    single('meta.lastModified', `${alias}.updated_at`, 'dateTime'),
    // RFC 7643 §3.1 makes resourceType caseExact.
    single('meta.resourceType', `'${resourceType}'`, 'string', 'exact')
  ]
}

/**
 * `schemas` (RFC 7643 §3) as the server answers it (render.ts), from `urns`, an SQL JSON array of the URNs or NULLs: a
 * group's is its core schema; a user's adds the enterprise extension when the user has its object. Not the stored
 * `schemas`, which the answers do not show either. URNs compare ignoring case, as the body normaliser reads them.
 * RFC 7644 §3.4.2.2 gives `schemas eq "urn:…:enterprise:2.0:User"` as an example filter.
 */
function schemasAttribute(urns: string): MultiFilterAttribute {
  return {
    kind: 'multi',
    name: 'schemas',
    from: `json_each(${urns}) AS s`,
    correlation: 's.value IS NOT NULL',
    subAttributes: new Map([['value', single('value', 's.value')]]),
    defaultSubAttribute: 'value',
    elementOrder: undefined
  }
}

function jsonArray(alias: string, name: string, strings: readonly string[], defaultSub: string | undefined): MultiFilterAttribute {
  const subs = [
    ...strings.map((sub) => single(sub, `json_extract(e.value, '$.${sub}')`)),
    single('primary', "json_extract(e.value, '$.primary')", 'boolean')
  ]
  return {
    kind: 'multi',
    name,
    from: `json_each(${alias}.resource, '$.${name}') AS e`,
    correlation: undefined,
    subAttributes: new Map(subs.map((sub) => [sub.name.toLowerCase(), sub])),
    defaultSubAttribute: defaultSub,
    elementOrder: "json_extract(e.value, '$.primary') IS 1 DESC, e.key"
  }
}

function membership(name: string, correlation: string, subs: readonly SingleFilterAttribute[]): MultiFilterAttribute {
  return {
    kind: 'multi',
    name,
    from: 'group_members gm',
    correlation,
    subAttributes: new Map(subs.map((sub) => [sub.name.toLowerCase(), sub])),
    defaultSubAttribute: 'value',
    elementOrder: undefined
  }
}

function buildTarget(
  resourceType: 'User' | 'Group',
  alias: string,
  coreSchema: string,
  attributes: readonly (SingleFilterAttribute | MultiFilterAttribute)[]
): FilterTarget {
  return { resourceType, alias, coreSchema, attributes: new Map(attributes.map((attribute) => [attribute.name.toLowerCase(), attribute])) }
}
