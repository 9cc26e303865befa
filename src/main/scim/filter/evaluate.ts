/**
 * In-memory evaluation of a parsed SCIM filter over one object: a PATCH value filter over one element of a
 * multi-valued attribute (`members[value eq "…"]`, `emails[type eq "work" and primary eq true]`).
 */
import { foldCase } from '../../../shared/fold-case'
import { badRequest } from '../errors'
import { findAttribute } from '../schema-definitions'
import type { AttributeDefinition } from '../schema-definitions'
import type { AttributePath, CompareNode, FilterNode } from './parser'

type JsonObject = Readonly<Record<string, unknown>>

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// Attribute names are case-insensitive (RFC 7643 §2.1), so the object's keys are too.
function lookup(target: JsonObject, name: string): unknown {
  const wanted = name.toLowerCase()
  const key = Object.keys(target).find((candidate) => candidate.toLowerCase() === wanted)
  return key === undefined ? undefined : target[key]
}

interface Resolved {
  readonly values: readonly unknown[]
  readonly definition: AttributeDefinition | undefined
}

// A multi-valued attribute matches when any of its values does (RFC 7644 §3.4.2.2), so every path yields a list.
function resolve(path: AttributePath, target: JsonObject, attributes: readonly AttributeDefinition[]): Resolved {
  if (path.schema !== undefined) {
    throw badRequest('invalidFilter', `The filter attribute ${path.text} cannot carry a schema URN inside a value filter.`)
  }
  const definition = findAttribute(attributes, path.attribute)
  const raw = lookup(target, path.attribute)
  const values = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw]
  if (path.subAttribute === undefined) return { values, definition }
  const subName = path.subAttribute
  const subDefinition = findAttribute(definition?.subAttributes ?? [], subName)
  const subValues = values.flatMap((value) => {
    if (!isObject(value)) return []
    const sub = lookup(value, subName)
    return sub === undefined || sub === null ? [] : Array.isArray(sub) ? sub : [sub]
  })
  return { values: subValues, definition: subDefinition }
}

function isPresent(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false
  if (Array.isArray(value)) return value.length > 0
  if (isObject(value)) return Object.keys(value).length > 0
  return true
}

function orderable(node: CompareNode): boolean {
  return node.operator === 'gt' || node.operator === 'ge' || node.operator === 'lt' || node.operator === 'le'
}

function ordered(operator: CompareNode['operator'], difference: number): boolean {
  switch (operator) {
    case 'gt':
      return difference > 0
    case 'ge':
      return difference >= 0
    case 'lt':
      return difference < 0
    case 'le':
      return difference <= 0
    default:
      return false
  }
}

// A filter's constant, folded once per parsed filter rather than once per element scanned: a PATCH through a value
// filter runs it against every value of the attribute, and the node lives as long as the operation does.
const foldedConstants = new WeakMap<CompareNode, string>()

function foldedConstant(node: CompareNode, expected: string): string {
  let folded = foldedConstants.get(node)
  if (folded === undefined) {
    folded = foldCase(expected)
    foldedConstants.set(node, folded)
  }
  return folded
}

function compareString(node: CompareNode, actual: string, definition: AttributeDefinition | undefined): boolean {
  if (typeof node.value !== 'string' && typeof node.value !== 'number') return node.operator === 'ne'
  const expected = String(node.value)
  if (orderable(node) && definition?.type === 'dateTime') {
    // RFC 7644 §3.4.2.2: dateTimes compare chronologically, not as text.
    const difference = Date.parse(actual) - Date.parse(expected)
    return !Number.isNaN(difference) && ordered(node.operator, difference)
  }
  // caseExact decides how strings compare (RFC 7643 §2.2); an attribute we do not know compares case-insensitively.
  const exact = definition?.caseExact ?? false
  // Folded as the SQL filters and the name keys are (foldCase: composed, lower-cased, ς as σ).
  const left = exact ? actual : foldCase(actual)
  const right = exact ? expected : foldedConstant(node, expected)
  switch (node.operator) {
    case 'eq':
      return left === right
    case 'ne':
      return left !== right
    case 'co':
      return left.includes(right)
    case 'sw':
      return left.startsWith(right)
    case 'ew':
      return left.endsWith(right)
    default:
      return ordered(node.operator, left < right ? -1 : left > right ? 1 : 0)
  }
}

function compareOne(node: CompareNode, actual: unknown, definition: AttributeDefinition | undefined): boolean {
  if (typeof actual === 'string') {
    // Entra writes booleans as "True"/"False"; a stored string boolean still matches `primary eq true`.
    const lower = actual.toLowerCase()
    if (definition?.type === 'boolean' && (lower === 'true' || lower === 'false')) {
      return compareOne(node, lower === 'true', definition)
    }
    return compareString(node, actual, definition)
  }
  if (typeof actual === 'boolean') {
    if (orderable(node)) {
      throw badRequest('invalidFilter', `The filter compares the boolean ${node.path.text} with ${node.operator}; booleans only support eq, ne and pr.`)
    }
    // Entra writes the booleans of its paths as strings too (`roles[primary eq "True"].value`), as the query filters
    // read them (sql.ts toBoolean).
    const expected = typeof node.value === 'string' && /^(true|false)$/i.test(node.value) ? node.value.toLowerCase() === 'true' : node.value
    if (node.operator === 'eq') return actual === expected
    if (node.operator === 'ne') return actual !== expected
    return false
  }
  if (typeof actual === 'number') {
    if (typeof node.value !== 'number') return node.operator === 'ne'
    if (node.operator === 'eq') return actual === node.value
    if (node.operator === 'ne') return actual !== node.value
    return ordered(node.operator, actual - node.value)
  }
  return false
}

function compare(node: CompareNode, target: JsonObject, attributes: readonly AttributeDefinition[]): boolean {
  const { values, definition } = resolve(node.path, target, attributes)
  // `eq null` matches an unassigned attribute, `ne null` an assigned one (RFC 7643 §2.5: null is unassigned).
  if (node.value === null) {
    if (node.operator === 'eq') return values.length === 0
    if (node.operator === 'ne') return values.length > 0
    return false
  }
  if (values.length === 0) return node.operator === 'ne'
  if (node.operator === 'ne') return values.every((value) => compareOne(node, value, definition))
  return values.some((value) => compareOne(node, value, definition))
}

/**
 * Whether `target` matches `filter`. Paths are relative to `target` and resolved case-insensitively; `attributes`
 * are the definitions of `target`'s attributes and supply caseExact and types. Throws `invalidFilter` for a
 * comparison the RFC forbids (gt/ge/lt/le on a boolean) and for schema-qualified paths.
 */
export function matchesFilter(filter: FilterNode, target: JsonObject, attributes: readonly AttributeDefinition[]): boolean {
  switch (filter.kind) {
    case 'compare':
      return compare(filter, target, attributes)
    case 'present':
      return resolve(filter.path, target, attributes).values.some(isPresent)
    case 'and':
      return matchesFilter(filter.left, target, attributes) && matchesFilter(filter.right, target, attributes)
    case 'or':
      return matchesFilter(filter.left, target, attributes) || matchesFilter(filter.right, target, attributes)
    case 'not':
      return !matchesFilter(filter.filter, target, attributes)
    case 'valuePath': {
      const { values, definition } = resolve(filter.path, target, attributes)
      const subAttributes = definition?.subAttributes ?? []
      return values.some((value) => isObject(value) && matchesFilter(filter.filter, value, subAttributes))
    }
  }
}
