/**
 * RFC 7644 §3.5.2 PATCH, with the dialects Okta and Entra actually send (see okta-scim.md §1.6, §1.7, §3.3, §4).
 * Pure: takes the stored resource and the request body, returns the patched resource for the caller to run through
 * normalizeUser/normalizeGroup('replace'), which does the final type checks.
 */
// A deep copy made for JSON: ~0.5 µs for a User where structuredClone took ~6, for the resource and each operation's
// value of every PATCH. It keeps a `__proto__` key an own property, as JSON.parse made it, so that such a key is ignored
// like any unknown attribute and never read as a prototype (rfdc, as fast, would set the copy's prototype to it).
import { klona } from 'klona/json'
import { echoed } from '../../shared/quoted'
import { badRequest, ScimError } from './errors'
import { matchesFilter } from './filter/evaluate'
import { parseAttributePath, parseFilter } from './filter/parser'
import type { FilterNode } from './filter/parser'
import { maxUserAttributeValues } from './limits'
import { coerceBoolean, collapseDuplicates, singleValueShorthand, tooManyValues } from './resources'
import { findAttribute, resourceSchemas } from './schema-definitions'
import type { AttributeDefinition, ResourceSchemas, ScimResourceKind, SchemaDefinition } from './schema-definitions'

/** The PatchOp message URN (RFC 7644 §3.5.2). */
export const patchOpSchemaUrn = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

type JsonObject = Record<string, unknown>
type OperationName = 'add' | 'replace' | 'remove'

/** A PATCH path resolved against the schemas. */
interface PatchPath {
  readonly text: string
  /** The extension whose object holds the attribute; undefined for the core schema. */
  readonly extension: SchemaDefinition | undefined
  /** The canonical attribute name; undefined when the path is the extension URN itself. */
  readonly name: string | undefined
  /** Undefined for the extension object itself and for extension attributes we have no definition for. */
  readonly definition: AttributeDefinition | undefined
  readonly filter: FilterNode | undefined
  readonly subAttribute: AttributeDefinition | undefined
  readonly readOnly: boolean
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function keyOf(target: Readonly<JsonObject>, name: string): string | undefined {
  const wanted = name.toLowerCase()
  return Object.keys(target).find((key) => key.toLowerCase() === wanted)
}

function read(target: Readonly<JsonObject>, name: string): unknown {
  const key = keyOf(target, name)
  return key === undefined ? undefined : target[key]
}

// Writes under the canonical name, dropping any other spelling of it (attribute names are case-insensitive).
function write(target: JsonObject, name: string, value: unknown): void {
  erase(target, name)
  target[name] = value
}

function erase(target: JsonObject, name: string): void {
  const wanted = name.toLowerCase()
  for (const key of Object.keys(target)) {
    if (key.toLowerCase() === wanted) delete target[key]
  }
}

function sameJson(left: unknown, right: unknown): boolean {
  if (left === right) return true
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => sameJson(item, right[index]))
  }
  if (isObject(left) && isObject(right)) {
    const keys = Object.keys(left)
    return keys.length === Object.keys(right).length && keys.every((key) => key in right && sameJson(left[key], right[key]))
  }
  return false
}

/** A text that is the same for two values exactly when sameJson says they are: object keys sorted. */
function jsonKey(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isObject(inner) ? Object.fromEntries(Object.keys(inner).sort().map((key) => [key, inner[key]])) : inner
  )
}

// The key under which an add finds a value already there: strings of attributes that are not caseExact lower-cased
// as sameValue compares them, so that "ANN@example.com" is the email "ann@example.com" (RFC 7643 §4.1.2: emails.value
// is caseExact false).
function presenceKey(value: unknown, definition: AttributeDefinition): string {
  if (typeof value === 'string') return jsonKey(definition.caseExact === true ? value : value.toLowerCase())
  if (!isObject(value) || !definition.subAttributes) return jsonKey(value)
  const subAttributes = definition.subAttributes
  return jsonKey(
    Object.fromEntries(
      Object.entries(value).map(([key, inner]) =>
        typeof inner === 'string' && findAttribute(subAttributes, key)?.caseExact !== true ? [key.toLowerCase(), inner.toLowerCase()] : [key.toLowerCase(), inner]
      )
    )
  )
}

function invalidPath(text: string, reason: string): ScimError {
  return badRequest('invalidPath', `The path "${text}" is not valid: ${reason}.`, { attribute: text })
}

// The index of the `]` closing the `[` at `open`, skipping brackets inside double-quoted filter values.
function closingBracket(text: string, open: number): number {
  let quoted = false
  for (let index = open + 1; index < text.length; index += 1) {
    const char = text.charAt(index)
    if (quoted && char === '\\') index += 1
    else if (char === '"') quoted = !quoted
    else if (!quoted && char === ']') return index
  }
  throw invalidPath(text, "its '[' is never closed by ']'")
}

// Every attribute a value filter names must be a sub-attribute of the filtered attribute, or a typo would silently
// match nothing (and a remove would silently do nothing).
function checkFilter(node: FilterNode, definition: AttributeDefinition, text: string): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      checkFilter(node.left, definition, text)
      checkFilter(node.right, definition, text)
      return
    case 'not':
      checkFilter(node.filter, definition, text)
      return
    case 'valuePath':
      throw invalidPath(text, 'a value filter in [ ] cannot contain another one')
    case 'compare':
    case 'present':
      if (node.path.schema !== undefined || node.path.subAttribute !== undefined) {
        throw invalidPath(text, `the filter may only name sub-attributes of ${definition.name}, such as value or type, not "${node.path.text}"`)
      }
      {
        const subAttribute = findAttribute(definition.subAttributes ?? [], node.path.attribute)
        if (!subAttribute) {
          const names = (definition.subAttributes ?? []).map((sub) => sub.name).join(', ')
          throw invalidPath(text, `${definition.name} has no sub-attribute "${node.path.attribute}" (it has ${names})`)
        }
        // RFC 7644 §3.4.2.2: gt, ge, lt and le are not defined for booleans.
        if (node.kind === 'compare' && subAttribute.type === 'boolean' && !['eq', 'ne'].includes(node.operator)) {
          throw invalidPath(text, `${subAttribute.name} is true or false, so it can only be compared with eq or ne`)
        }
      }
  }
}

function parseValueFilter(filterText: string, definition: AttributeDefinition, text: string): FilterNode {
  let filter: FilterNode
  try {
    filter = parseFilter(filterText)
  } catch (error) {
    // A broken filter inside a PATCH path is a bad path (RFC 7644 §3.12), not a bad query filter.
    if (error instanceof ScimError) throw badRequest('invalidPath', `The path "${text}" has a filter that is not valid. ${error.detail}`, { attribute: text })
    throw error
  }
  checkFilter(filter, definition, text)
  return filter
}

/** Resolves `attr`, `attr.sub`, `urn:…:attr.sub`, `attr[filter]`, `attr[filter].sub` or an extension URN. */
function parsePath(text: string, schemas: ResourceSchemas, kind: ScimResourceKind): PatchPath {
  const trimmed = text.trim()
  const open = trimmed.indexOf('[')
  const head = open === -1 ? trimmed : trimmed.slice(0, open)
  const wholeExtension = schemas.extensions.find((extension) => extension.id.toLowerCase() === head.toLowerCase())
  if (wholeExtension) {
    if (open !== -1) throw invalidPath(text, 'an extension object cannot be filtered')
    return { text, extension: wholeExtension, name: undefined, definition: undefined, filter: undefined, subAttribute: undefined, readOnly: false }
  }

  let filterText: string | undefined
  let tailName: string | undefined
  if (open !== -1) {
    const close = closingBracket(trimmed, open)
    filterText = trimmed.slice(open + 1, close)
    const tail = trimmed.slice(close + 1)
    if (tail !== '') {
      if (!/^\.\$?[A-Za-z][A-Za-z0-9_-]*$/.test(tail)) throw invalidPath(text, `expected ".subAttribute" or nothing after "]", not "${tail}"`)
      tailName = tail.slice(1)
    }
  }

  const parsed = parseAttributePath(head)
  if (!parsed) throw invalidPath(text, 'expected an attribute path such as name.givenName, emails[type eq "work"].value or a schema URN followed by ":attribute"')
  if (open !== -1 && parsed.subAttribute !== undefined) throw invalidPath(text, `a filter in [ ] must follow a multi-valued attribute, not "${head}"`)

  let extension: SchemaDefinition | undefined
  if (parsed.schema !== undefined && parsed.schema.toLowerCase() !== schemas.core.id.toLowerCase()) {
    const schema = parsed.schema.toLowerCase()
    extension = schemas.extensions.find((candidate) => candidate.id.toLowerCase() === schema)
    if (!extension) {
      const known = [schemas.core, ...schemas.extensions].map((known) => known.id).join(' or ')
      throw invalidPath(text, `the schema ${parsed.schema} is not one a ${kind} has here (${known})`)
    }
  }

  // RFC 7643 §3.1, §3.2: `schemas` and `meta` belong to every resource and are not writable.
  if (!extension && ['schemas', 'meta'].includes(parsed.attribute.toLowerCase())) {
    return { text, extension, name: parsed.attribute, definition: undefined, filter: undefined, subAttribute: undefined, readOnly: true }
  }

  const definition = findAttribute((extension ?? schemas.core).attributes, parsed.attribute)
  // Unknown attributes inside an extension object are kept as sent (see normalizeUser), so they can be patched too.
  if (!definition && !extension) throw invalidPath(text, `a ${kind} has no attribute "${parsed.attribute}"`)

  const subName = parsed.subAttribute ?? tailName
  let subAttribute: AttributeDefinition | undefined
  if (subName !== undefined) {
    if (!definition || definition.type !== 'complex') throw invalidPath(text, `${parsed.attribute} has no sub-attributes`)
    subAttribute = findAttribute(definition.subAttributes ?? [], subName)
    if (!subAttribute) throw invalidPath(text, `${definition.name} has no sub-attribute "${subName}"`)
  }

  let filter: FilterNode | undefined
  if (filterText !== undefined) {
    if (!definition || !definition.multiValued || definition.type !== 'complex') {
      throw invalidPath(text, `only a multi-valued attribute such as emails or members can be filtered with [ ]`)
    }
    filter = parseValueFilter(filterText, definition, text)
  }

  return {
    text,
    extension,
    name: definition?.name ?? parsed.attribute,
    definition,
    filter,
    subAttribute,
    readOnly: definition?.mutability === 'readOnly' || subAttribute?.mutability === 'readOnly'
  }
}

// Canonical names and Entra's string booleans, so that merging, duplicate checks and filters see one spelling.
// Type errors are left to the normaliser that runs on the result.
function canonicalize(value: unknown, definition: AttributeDefinition | undefined): unknown {
  if (!definition) return value
  if (Array.isArray(value) && definition.multiValued) return value.map((element) => canonicalizeSingle(element, definition))
  return canonicalizeSingle(value, definition)
}

function canonicalizeSingle(value: unknown, definition: AttributeDefinition): unknown {
  if (definition.type === 'boolean') return coerceBoolean(value) ?? value
  if (definition.type !== 'complex' || !isObject(value)) return value
  const output: JsonObject = {}
  for (const [key, subValue] of Object.entries(value)) {
    const subAttribute = findAttribute(definition.subAttributes ?? [], key)
    output[subAttribute?.name ?? key] = subAttribute ? canonicalizeSingle(subValue, subAttribute) : subValue
  }
  return output
}

// A null sub-attribute in an added element means "not given" (Entra sends `"$ref": null` with each member).
function withoutNulls(element: unknown): unknown {
  if (!isObject(element)) return element
  return Object.fromEntries(Object.entries(element).filter(([, value]) => value !== null))
}

// A complex or multi-valued attribute, which "" cannot be a value of.
function isWhole(definition: AttributeDefinition | undefined): boolean {
  return definition !== undefined && (definition.multiValued || definition.type === 'complex')
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value]
}

function sameValue(left: unknown, right: unknown, definition: AttributeDefinition | undefined): boolean {
  if (typeof left === 'string' && typeof right === 'string' && definition?.caseExact !== true) {
    return left.toLowerCase() === right.toLowerCase()
  }
  return sameJson(left, right)
}

/**
 * A group's members while a run of member adds and removes applies to them: Okta pushes a large group as up to
 * maxPatchOperations adds to thousands of members, and copying and searching the list for each (as the general path
 * does) held the one serving thread for seconds. Each add or remove here costs its own values, not the group's size,
 * and gives the list the general path would have. Only for members that are objects with a string `value`, which
 * identifies a member exactly (caseExact and immutable, RFC 7643 §4.2); anything else takes the general path.
 */
class MemberList {
  // A removed member's slot is emptied, so that positions stay valid; `entries` keeps the order of the list.
  private readonly entries: (JsonObject | undefined)[] = []
  private readonly keys: string[] = []
  /** How many members each jsonKey has: an add of one already there is ignored (RFC 7644 §3.5.2.1). */
  private readonly counts = new Map<string, number>()
  private readonly positions = new Map<string, number[]>()
  private alive = 0
  private touched = false

  private constructor(private state: 'absent' | 'array' | 'erased') {}

  /** The list of `current`, or undefined when it holds something the general path must handle. */
  static of(current: unknown): MemberList | undefined {
    if (current !== undefined && !Array.isArray(current)) return undefined
    if (current !== undefined && !current.every(isMember)) return undefined
    const list = new MemberList(current === undefined ? 'absent' : 'array')
    for (const member of current ?? []) list.push(member)
    return list
  }

  private push(member: JsonObject, key = jsonKey(member)): void {
    const position = this.entries.length
    this.entries.push(member)
    this.keys.push(key)
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
    const at = this.positions.get(member['value'] as string)
    if (at) at.push(position)
    else this.positions.set(member['value'] as string, [position])
    this.alive += 1
  }

  /** As the general add: appended unless already there, and the attribute written only when the list is not empty. */
  add(given: readonly JsonObject[]): void {
    for (const member of given) {
      const key = jsonKey(member)
      if ((this.counts.get(key) ?? 0) === 0) this.push(member, key)
    }
    if (this.alive > 0) {
      this.state = 'array'
      this.touched = true
    }
  }

  /** Whether a remove has a list to remove from: the general path does nothing, not even check the value, without one. */
  get present(): boolean {
    return this.state === 'array'
  }

  /** Removes every member whose `value` is one of `values`; as the general remove, an empty list erases the attribute. */
  remove(values: readonly string[]): void {
    for (const value of values) {
      for (const position of this.positions.get(value) ?? []) {
        if (this.entries[position] === undefined) continue
        this.entries[position] = undefined
        const key = this.keys[position] as string
        this.counts.set(key, (this.counts.get(key) ?? 1) - 1)
        this.alive -= 1
      }
      this.positions.delete(value)
    }
    this.state = this.alive > 0 ? 'array' : 'erased'
    this.touched = true
  }

  /** Writes the list back into the resource, as the operations one by one would have left it. */
  writeTo(draft: JsonObject): void {
    if (!this.touched) return
    if (this.state === 'array') write(draft, 'members', this.entries.filter((member) => member !== undefined))
    else if (this.state === 'erased') erase(draft, 'members')
  }
}

function isMember(element: unknown): element is JsonObject {
  return isObject(element) && typeof element['value'] === 'string'
}

// The value of `value eq "<string>"`, the filter Okta's and Entra's member removes use; undefined for any other.
function valueSelected(filter: FilterNode): string | undefined {
  if (filter.kind !== 'compare' || filter.operator !== 'eq' || typeof filter.value !== 'string') return undefined
  return filter.path.attribute.toLowerCase() === 'value' && filter.path.subAttribute === undefined ? filter.value : undefined
}

/** The operations of one PATCH against a draft copy of the resource. */
class Patcher {
  // Set while a run of member adds and removes applies (see MemberList); the draft's members are stale until written back.
  private members: MemberList | undefined
  // The operation being applied, as its errors name it.
  private where = ''
  // The position of the operation being applied, from 1, kept with an error's facts as `where` names it.
  private operation = 0
  // Values created for a filter (createForFilter), each with the error of the operation that created it: one created
  // without its `value` may get it from a later operation of the same PATCH, as the Entra SCIM Validator's add sends
  // roles[primary eq "True"].display before .value, and one created with it may lose it to a later one. One without it
  // when the PATCH ends is refused.
  private readonly createdForFilter: { readonly element: JsonObject; readonly present: () => boolean; readonly error: ScimError }[] = []

  constructor(
    private readonly draft: JsonObject,
    private readonly schemas: ResourceSchemas,
    private readonly kind: ScimResourceKind
  ) {}

  /** Ends the PATCH: the draft holds every operation's result. */
  finish(): void {
    this.members?.writeTo(this.draft)
    this.members = undefined
  }

  /** Refuses a value created for a filter that no operation gave its `value` (RFC 7643 §2.4: it is the value's point). */
  checkCreatedValues(): void {
    const left = this.createdForFilter.find(({ element, present }) => read(element, 'value') === undefined && present())
    if (left) throw left.error
  }

  /** Applies one operation; `where` names it in the errors it causes. */
  apply(operation: OperationName, path: string | undefined, value: unknown, hasValue: boolean, where: string, position: number): void {
    this.where = where
    this.operation = position
    if (path !== undefined && this.kind === 'Group' && this.applyToMembers(operation, path, value, hasValue)) return
    // Any other operation sees the draft as the operations so far left it.
    this.finish()
    if (path === undefined) {
      if (operation === 'remove') {
        throw badRequest('noTarget', 'A remove operation needs a path naming what to remove, such as members[value eq "…"] (RFC 7644 §3.5.2.2).')
      }
      if (!isObject(value)) {
        throw badRequest('invalidSyntax', `${operation === 'add' ? 'An add' : 'A replace'} operation without a path needs a value that is an object of attributes, such as {"active": false}.`)
      }
      this.applyAttributes(operation, undefined, value)
      return
    }
    const target = parsePath(path, this.schemas, this.kind)
    if (target.readOnly) {
      // A member's display is the only readOnly attribute a client might think it could set (Okta sends one with each member).
      const members = target.definition?.name === 'members' ? " A member's display is its user's userName: change that user's userName instead." : ''
      throw badRequest('mutability', `The attribute ${target.text} is read-only and cannot be changed with PATCH.${members}`, { attribute: target.text })
    }
    if (operation === 'remove') {
      this.remove(target, hasValue ? value : undefined)
      return
    }
    if (!hasValue) throw badRequest('invalidSyntax', `The ${operation} operation on "${path}" has no "value".`)
    // RFC 7643 §2.5: "" is unassigned too, as null is. For a text attribute the normaliser drops it; for a whole complex
    // or multi-valued attribute (`replace emails ""`, `replace name ""`) it is read as null here, not as a value to
    // wrap in a list and refuse as "emails[0] must be an object".
    const unassigned = value === null || (value === '' && !target.filter && !target.subAttribute && isWhole(target.definition))
    if (unassigned) {
      // null is "unassigned" (RFC 7643 §2.5): replacing with null clears; adding null adds nothing.
      if (operation === 'replace') this.remove(target, undefined)
      return
    }
    this.set(operation, target, value)
  }

  // Whether the operation was a member add or remove that MemberList applied; false leaves it to the general path.
  private applyToMembers(operation: OperationName, path: string, value: unknown, hasValue: boolean): boolean {
    // Cheap enough to parse twice: only a path naming members, with at most a filter, gets this far.
    if (!/^\s*members\s*(\[|$)/i.test(path)) return false
    const target = parsePath(path, this.schemas, this.kind)
    const definition = target.definition
    if (!definition || target.extension || target.readOnly || target.subAttribute || definition.name !== 'members') return false
    if (operation === 'add') {
      if (target.filter || !hasValue || value === null) return false
      const given = asList(canonicalize(value, definition))
        .filter((element) => element !== null)
        .map(withoutNulls)
      // A member marked primary would make the general path demote the others (settlePrimary).
      if (!given.every((element) => isMember(element) && element['primary'] !== true)) return false
      const members = this.memberList()
      if (!members) return false
      members.add(given as JsonObject[])
      return true
    }
    if (operation !== 'remove') return false
    let values: string[]
    if (target.filter) {
      const selected = valueSelected(target.filter)
      if (selected === undefined) return false
      values = [selected]
    } else {
      if (!hasValue || value === undefined || value === null) return false
      const members = this.memberList()
      if (!members) return false
      if (!members.present) return true
      const listed = valuesToRemove(value, definition).map((item) => read(item, 'value'))
      if (listed.some((listedValue) => listedValue === undefined)) return false
      // A value that is not a string names no member (contains compares it exactly).
      values = listed.filter((listedValue): listedValue is string => typeof listedValue === 'string')
    }
    const members = this.memberList()
    if (!members) return false
    if (members.present) members.remove(values)
    return true
  }

  private memberList(): MemberList | undefined {
    this.members ??= MemberList.of(read(this.draft, 'members'))
    return this.members
  }

  // A path-less value (or the object given for a whole extension): each key is itself a path, as Entra sends
  // `{"name.givenName": …, "urn:…:User:employeeNumber": …}`.
  private applyAttributes(operation: 'add' | 'replace', extension: SchemaDefinition | undefined, value: JsonObject): void {
    for (const [key, attributeValue] of Object.entries(value)) {
      const path = extension ? `${extension.id}:${key}` : key
      let target: PatchPath
      try {
        target = parsePath(path, this.schemas, this.kind)
      } catch (error) {
        // Unknown attributes are ignored, as in POST and PUT (RFC 7644 §3.3 lets a service provider ignore them).
        if (error instanceof ScimError && error.scimType === 'invalidPath') continue
        throw error
      }
      // Okta's group rename carries the group's `id`; readOnly attributes in a value are ignored, not refused.
      if (target.readOnly) continue
      if (attributeValue === null) {
        if (operation === 'replace') this.remove(target, undefined)
        continue
      }
      this.set(operation, target, attributeValue)
    }
  }

  private container(target: PatchPath, create: boolean): JsonObject | undefined {
    if (!target.extension) return this.draft
    const existing = read(this.draft, target.extension.id)
    if (isObject(existing)) return existing
    if (!create) return undefined
    const created: JsonObject = {}
    write(this.draft, target.extension.id, created)
    return created
  }

  private set(operation: 'add' | 'replace', target: PatchPath, value: unknown): void {
    if (target.name === undefined) {
      if (!isObject(value)) throw badRequest('invalidValue', `The value for ${target.text} must be an object of its attributes.`, { attribute: target.text })
      this.applyAttributes(operation, target.extension, value)
      return
    }
    const container = this.container(target, true)
    if (!container) return
    const { definition, name } = target
    if (!definition) {
      write(container, name, value)
      return
    }
    if (definition.multiValued) {
      this.setMultiValued(operation, container, target, definition, value)
      return
    }
    if (definition.type === 'complex') {
      const current = read(container, name)
      const merged: JsonObject = isObject(current) ? { ...current } : {}
      if (target.subAttribute) {
        mergeSubAttribute(merged, target.subAttribute, value)
      } else {
        // RFC 7644 §3.5.2.1 and §3.5.2.3: for a complex attribute, the given sub-attributes are merged in.
        const given = singleValueShorthand(value, definition)
        if (!isObject(given)) throw badRequest('invalidValue', `The value for ${target.text} must be an object of its sub-attributes.`, { attribute: target.text })
        const canonical = canonicalizeSingle(given, definition)
        if (isObject(canonical)) {
          for (const [key, subValue] of Object.entries(canonical)) {
            const subAttribute = findAttribute(definition.subAttributes ?? [], key)
            // readOnly sub-attributes (manager.displayName) and unknown ones are dropped, as in a POST.
            if (subAttribute && subAttribute.mutability !== 'readOnly') mergeSubAttribute(merged, subAttribute, subValue)
          }
        }
      }
      if (Object.keys(merged).length > 0) write(container, name, merged)
      else erase(container, name)
      return
    }
    write(container, name, canonicalizeSingle(value, definition))
  }

  // A user's attribute may not grow past maxUserAttributeValues (limits.ts); checked after each operation, so that
  // the next one never copies and compares a longer list than that. One the user already held longer (stored before
  // the limit) may keep its length. A group's members have no such limit.
  private checkCount(definition: AttributeDefinition, before: number, after: number): void {
    if (this.kind !== 'User' || after <= maxUserAttributeValues || after <= before) return
    throw badRequest('invalidValue', tooManyValues(definition.name, after))
  }

  private setMultiValued(operation: 'add' | 'replace', container: JsonObject, target: PatchPath, definition: AttributeDefinition, value: unknown): void {
    const current = read(container, definition.name)
    // Changed in place: the draft is applyPatch's own deep copy, dropped whole when any operation fails, so a copy here
    // would protect nothing. It cost the whole list for each operation: Entra's filtered replaces on a user stored with
    // thousands of emails before maxUserAttributeValues made a PATCH quadratic in the list.
    const elements: unknown[] = Array.isArray(current) ? current : []
    const before = elements.length
    const subAttributes = definition.subAttributes ?? []

    if (target.filter || target.subAttribute) {
      const filter = target.filter
      const matches = elements.filter((element): element is JsonObject => isObject(element) && (!filter || matchesFilter(filter, element, subAttributes)))
      if (matches.length === 0) {
        elements.push(this.createForFilter(operation, target, definition, value))
        this.checkCount(definition, before, elements.length)
        settlePrimary(elements, elements.slice(-1))
      } else {
        for (const element of matches) {
          if (target.subAttribute) {
            checkImmutable(element, target.subAttribute, value, target.text)
            mergeSubAttribute(element, target.subAttribute, value)
          } else {
            // RFC 7644 §3.5.2.3 says the matching values are "replaced"; merging the given sub-attributes gives the
            // same result for a full record and does not lose `type` or `primary` when a client sends only `value`.
            if (!isObject(value)) throw badRequest('invalidValue', `The value for ${target.text} must be an object of ${definition.name} sub-attributes.`, { attribute: target.text })
            const canonical = canonicalizeSingle(value, definition)
            if (isObject(canonical)) {
              for (const [key, subValue] of Object.entries(canonical)) {
                const subAttribute = findAttribute(subAttributes, key)
                checkImmutable(element, subAttribute, subValue, target.text)
                mergeSubAttribute(element, subAttribute, subValue, key)
              }
            }
          }
        }
        // RFC 7643 §2.4: primary true at most once. A path that selects several values (`emails[type eq "work"].primary`
        // on two work emails) cannot make them all primary, and keeping one of them would be a choice the client did
        // not make: refused, as POST, PUT and an add with two primaries are.
        const primaries = matches.filter((element) => element['primary'] === true).length
        if (primaries > 1) {
          const { name } = definition
          const selected = `The path selects ${primaries} of them; name one, as in ${name}[value eq "…"].primary.`
          throw badRequest('invalidValue', `Only one of the values of ${name} may have "primary": true. ${selected}`)
        }
        settlePrimary(elements, matches)
      }
      write(container, definition.name, elements)
      return
    }

    // A single object for a multi-valued attribute is read as a list of one: PATCH values are fragments, and this
    // costs nothing (the normaliser still refuses a bare object in a POST or PUT body).
    const given = asList(canonicalize(value, definition))
      .filter((element) => element !== null)
      .map(withoutNulls)
    // RFC 7643 §2.4: primary true appears at most once, in the values given as in a POST or PUT (normalizeValue says
    // it so), counted once the same address given twice in different case is one. One primary among them still
    // demotes the existing one (settlePrimary).
    collapseDuplicates(given, definition)
    if (given.filter((element) => isObject(element) && element['primary'] === true).length > 1) {
      throw badRequest('invalidValue', `Only one of the values of ${definition.name} may have "primary": true.`)
    }
    if (operation === 'replace') {
      this.checkCount(definition, before, given.length)
      // RFC 7644 §3.5.2.3: with no filter, all existing values are replaced.
      if (given.length > 0) write(container, definition.name, given)
      else erase(container, definition.name)
      return
    }
    // RFC 7644 §3.5.2.1: values are appended, but a value that is already there is not added twice. A set of keys,
    // not a search per value: a group push adds to thousands of members.
    const present = new Set(elements.map((element) => presenceKey(element, definition)))
    const added = given.filter((element) => {
      const key = presenceKey(element, definition)
      if (present.has(key)) return false
      present.add(key)
      return true
    })
    this.checkCount(definition, before, before + added.length)
    elements.push(...added)
    settlePrimary(elements, added)
    if (elements.length > 0) write(container, definition.name, elements)
  }

  // No element matched. RFC 7644 §3.5.2.3 makes a replace through a value filter that matches nothing noTarget, and
  // §3.5.2.1 gives an add through one nothing to add to. But Entra (without aadOptscim062020) sends
  // `emails[type eq "work"].value` to a user who has no work email yet, meaning "set the work email", and
  // `roles[primary eq "True"].value` to one who has no app role yet, so such an element is created. Only for a filter on
  // the type or primary alone, so that the new element is one the filter selects, and never for members:
  // `members[type eq "User"].value` would otherwise grant a membership.
  private createForFilter(operation: 'add' | 'replace', target: PatchPath, definition: AttributeDefinition, value: unknown): JsonObject {
    const subAttributes = definition.subAttributes ?? []
    const seed = target.filter ? seedOf(target.filter) : undefined
    const creatable = definition.name !== 'members' && (operation === 'add' || target.subAttribute !== undefined) && (!target.filter || seed !== undefined)
    if (!creatable) throw noMatch(operation, target, definition)
    const element: JsonObject = { ...seed }
    if (target.subAttribute) {
      mergeSubAttribute(element, target.subAttribute, value)
    } else {
      if (!isObject(value)) throw badRequest('invalidValue', `The value for ${target.text} must be an object of ${definition.name} sub-attributes.`, { attribute: target.text })
      const canonical = canonicalizeSingle(value, definition)
      if (isObject(canonical)) for (const [key, subValue] of Object.entries(canonical)) mergeSubAttribute(element, findAttribute(subAttributes, key), subValue, key)
    }
    // The new element must be one the filter selects (not so for `emails[type eq "work"].type` = "home") and, by the end
    // of the PATCH, have the `value` that is its point (RFC 7643 §2.4): `emails[type eq "work"].primary` alone would make
    // an address-less email.
    if (target.filter && !matchesFilter(target.filter, element, subAttributes)) throw noMatch(operation, target, definition)
    // Every such element is kept, not only one created without its value: a later operation of the same PATCH may
    // take the value away again (`emails[type eq "work"]` with {"value": null}).
    if (findAttribute(subAttributes, 'value') !== undefined) {
      const container = this.container(target, false)
      const present = () => {
        const list = container && read(container, definition.name)
        return Array.isArray(list) && list.includes(element)
      }
      const error =
        read(element, 'value') === undefined
          ? noMatch(operation, target, definition)
          : badRequest(
              'invalidValue',
              `It created a value of ${definition.name} that a later operation of this PATCH left without its "value", which every value of ${definition.name} needs (RFC 7643 §2.4). Send the value, or leave out the operation that removes it.`
            )
      this.createdForFilter.push({ element, present, error: located(error, this.where, this.operation) })
    }
    return element
  }

  private remove(target: PatchPath, value: unknown): void {
    if ((target.subAttribute ?? target.definition)?.required === true) {
      throw badRequest('mutability', `The attribute ${target.text} is required for a ${this.kind} and cannot be removed.`, { attribute: target.text })
    }
    // RFC 7643 does not require `active`, but a user here is always active or inactive: removing it would leave the
    // stored value in place and answer success, so a client meaning "deactivate" would think it had.
    if (this.kind === 'User' && !target.extension && target.definition?.name === 'active') {
      throw badRequest(
        'mutability',
        'A user\'s active cannot be removed: every user here is either active or inactive. To deactivate the user, send {"op":"replace","path":"active","value":false}.'
      )
    }
    if (target.name === undefined) {
      if (target.extension) erase(this.draft, target.extension.id)
      return
    }
    const container = this.container(target, false)
    if (!container) return
    const { definition, name } = target
    if (!definition) {
      erase(container, name)
      return
    }
    const current = read(container, definition.name)
    if (definition.multiValued) {
      if (!Array.isArray(current)) return
      const subAttributes = definition.subAttributes ?? []
      const filter = target.filter
      const subAttribute = target.subAttribute
      // A filter that matches nothing leaves nothing to remove; treating that as done (not noTarget) keeps Okta's
      // membership delta working when the user has already left the group.
      const matches = (element: unknown): element is JsonObject => isObject(element) && (!filter || matchesFilter(filter, element, subAttributes))
      let remaining: unknown[]
      if (subAttribute && subAttribute.name !== 'value') {
        remaining = current
          .map((element) => (matches(element) ? withoutKey(element, subAttribute.name) : element))
          .filter((element) => !isObject(element) || Object.keys(element).length > 0)
      } else if (filter || subAttribute) {
        // `value` is an element's significant value (RFC 7643 §2.4), so removing it removes the element: Entra clears a
        // user's mail with `emails[type eq "work"].value`, which must not leave a primary email with no address that
        // still counts for `emails pr`.
        remaining = current.filter((element) => !matches(element))
      } else if (value !== undefined && value !== null) {
        // Entra without aadOptscim062020: `{"op":"Remove","path":"members","value":[{"value":"u1"}]}` removes only
        // the listed values, not the whole attribute.
        const listed = valuesToRemove(value, definition)
        remaining = current.filter((element) => !listed.some((item) => isObject(element) && contains(element, item, subAttributes)))
      } else {
        remaining = []
      }
      if (remaining.length > 0) write(container, definition.name, remaining)
      else erase(container, definition.name)
      return
    }
    if (target.subAttribute) {
      if (!isObject(current)) return
      const rest = withoutKey(current, target.subAttribute.name)
      if (Object.keys(rest).length > 0) write(container, definition.name, rest)
      else erase(container, definition.name)
      return
    }
    erase(container, definition.name)
  }
}

// The values a remove with a value list names, each an object of sub-attributes.
function valuesToRemove(value: unknown, definition: AttributeDefinition): JsonObject[] {
  const given = asList(canonicalize(value, definition)).filter((item) => item !== null)
  // Each listed value is an object of sub-attributes, as in an add: a bare id would match no element, and the
  // PATCH would answer success having removed nothing.
  const stray = given.find((item) => !isObject(item))
  if (stray !== undefined) {
    throw badRequest('invalidValue', `Each value to remove from ${definition.name} must be an object such as {"value": "…"}, but one is ${Array.isArray(stray) ? 'a list' : `a ${typeof stray}`}.`)
  }
  const listed = given.map(withoutNulls).filter(isObject)
  // A value with no sub-attribute left (`{}`, `{"value": null}`) would match every element and empty the attribute.
  if (listed.some((item) => Object.keys(item).length === 0)) {
    throw badRequest('invalidValue', `A value to remove from ${definition.name} names nothing to match: give its "value", such as {"value": "…"}.`)
  }
  return listed
}

// RFC 7643 §7: an immutable sub-attribute (a member's `value`) may be set once, never changed.
function checkImmutable(element: JsonObject, subAttribute: AttributeDefinition | undefined, value: unknown, text: string): void {
  if (subAttribute?.mutability !== 'immutable') return
  const current = read(element, subAttribute.name)
  if (current !== undefined && value !== undefined && !sameJson(current, canonicalizeSingle(value, subAttribute))) {
    throw badRequest('mutability', `${subAttribute.name} in ${text} is immutable: it can be set once but not changed.`)
  }
}

function withoutKey(element: JsonObject, name: string): JsonObject {
  const copy = { ...element }
  erase(copy, name)
  return copy
}

function mergeSubAttribute(element: JsonObject, subAttribute: AttributeDefinition | undefined, value: unknown, key?: string): void {
  const name = subAttribute?.name ?? key
  if (name === undefined) return
  if (value === null) erase(element, name)
  else write(element, name, subAttribute ? canonicalizeSingle(value, subAttribute) : value)
}

/**
 * Whether `element` is one that `item` lists. Where `value` identifies an element (immutable: a group's member, RFC
 * 7643 §4.2) it alone decides, since a client may list the member as it read it, with `display`, `type` and `$ref`
 * that the server sets. Otherwise `element` must have every sub-attribute value that `item` lists.
 */
function contains(element: JsonObject, item: JsonObject, subAttributes: readonly AttributeDefinition[]): boolean {
  const identity = findAttribute(subAttributes, 'value')
  const listed = read(item, 'value')
  if (identity?.mutability === 'immutable' && listed !== undefined) return sameValue(read(element, 'value'), listed, identity)
  return Object.entries(item).every(([key, value]) => sameValue(read(element, key), value, findAttribute(subAttributes, key)))
}

// The element a value filter selects when it is `type eq "<string>"` or `primary eq true` (or Entra's "True") and
// nothing else: the filters that a new element can be built to match without guessing (`value eq` would invent an
// address; `and`, `or` and `ne` describe many).
function seedOf(filter: FilterNode): JsonObject | undefined {
  if (filter.kind !== 'compare' || filter.operator !== 'eq') return undefined
  const attribute = filter.path.attribute.toLowerCase()
  if (attribute === 'type') return typeof filter.value === 'string' ? { type: filter.value } : undefined
  const primary = attribute === 'primary' ? coerceBoolean(filter.value) : undefined
  return primary === undefined ? undefined : { primary }
}

// Okta shows the detail to admins, so it says what was asked and what would have created a value.
function noMatch(operation: 'add' | 'replace', target: PatchPath, definition: AttributeDefinition): ScimError {
  const { name } = definition
  const selection = target.filter ? `matches the filter in "${target.text}"` : `exists for "${target.text}"`
  const valued = findAttribute(definition.subAttributes ?? [], 'value') !== undefined
  const way = name === 'members'
    ? ' A member is added only by adding it to members: {"op":"add","path":"members","value":[{"value":"<user id>"}]}.'
    : ` A new one is created only for a filter on the type or primary alone, as in ${name}[type eq "work"]${valued ? '.value, and only with its value' : ''}.`
  return badRequest('noTarget', `No value of ${name} ${selection}, so there is nothing to ${operation === 'add' ? 'add to' : 'replace'}.${way}`)
}

// RFC 7644 §3.5.2: a PATCH that makes a value primary makes every other value of the attribute not primary.
function settlePrimary(elements: unknown[], changed: readonly unknown[]): void {
  const chosen = changed.find((element) => isObject(element) && element['primary'] === true)
  if (!chosen) return
  for (const element of elements) {
    if (element !== chosen && isObject(element) && element['primary'] === true) element['primary'] = false
  }
}

interface ParsedOperation {
  readonly operation: OperationName
  readonly path: string | undefined
  readonly value: unknown
  readonly hasValue: boolean
}

/**
 * More operations are refused. Each runs on the serving thread and may copy the attribute it changes, so a body of
 * thousands (1 MB holds ~18,000) held every tenant up for seconds. Okta and Entra send a handful.
 */
export const maxPatchOperations = 1000

function parseOperations(body: unknown): ParsedOperation[] {
  if (!isObject(body)) {
    throw badRequest('invalidSyntax', 'The PATCH body must be a JSON object with "schemas" and "Operations" (RFC 7644 §3.5.2).')
  }
  // `schemas` may be missing (some clients omit it); when present it must name the PatchOp message.
  const schemas = read(body, 'schemas')
  if (schemas !== undefined) {
    const valid = Array.isArray(schemas) && schemas.some((schema) => typeof schema === 'string' && schema.toLowerCase() === patchOpSchemaUrn.toLowerCase())
    if (!valid) throw badRequest('invalidSyntax', `The PATCH body's "schemas" must contain "${patchOpSchemaUrn}".`)
  }
  const operations = read(body, 'Operations')
  if (!Array.isArray(operations) || operations.length === 0) {
    throw badRequest('invalidSyntax', 'The PATCH body needs an "Operations" list with at least one operation (RFC 7644 §3.5.2).')
  }
  if (operations.length > maxPatchOperations) {
    throw badRequest('invalidValue', `The PATCH has ${operations.length} operations; at most ${maxPatchOperations} are accepted. Send the changes in several PATCH requests.`, {
      operationCount: operations.length,
      operationLimit: maxPatchOperations
    })
  }
  return operations.map((raw, index) => {
    const position = `Operation ${index + 1}`
    if (!isObject(raw)) throw badRequest('invalidSyntax', `${position} must be an object with "op", and usually "path" and "value".`)
    const op = read(raw, 'op')
    // Entra sends "Add", "Replace" and "Remove"; the RFC's lower case is not enforced (okta-scim.md §4).
    const operation = typeof op === 'string' ? op.toLowerCase() : undefined
    if (operation !== 'add' && operation !== 'replace' && operation !== 'remove') {
      // Repeated shortened: an "op" may be any JSON, a megabyte of it, which Okta would show its admin.
      const sent = op === undefined ? 'has no "op"' : `has "op": ${echoed(JSON.stringify(op))}`
      throw badRequest('invalidSyntax', `${position} ${sent}; it must be add, replace or remove.`)
    }
    const path = read(raw, 'path')
    if (path !== undefined && path !== null && typeof path !== 'string') {
      throw badRequest('invalidPath', `${position} has a "path" that is not a string.`)
    }
    const valueKey = keyOf(raw, 'value')
    return {
      operation,
      // An empty path is read as no path, which is what the clients that send one mean.
      path: typeof path === 'string' && path.trim() !== '' ? path : undefined,
      value: valueKey === undefined ? undefined : raw[valueKey],
      hasValue: valueKey !== undefined
    }
  })
}

/**
 * Applies a PATCH body (RFC 7644 §3.5.2) to a resource and returns the patched copy; `resource` is never changed.
 * All operations apply or none do: any failure throws a `ScimError` and no result exists.
 * The result keeps canonical attribute names but is not type-checked: run it through normalizeUser or
 * normalizeGroup with 'replace'. A Group must be passed with its full `members` list.
 */
export function applyPatch(resource: Readonly<Record<string, unknown>>, body: unknown, kind: 'User' | 'Group'): Record<string, unknown> {
  const operations = parseOperations(body)
  // A deep copy both isolates the caller's object and makes the whole PATCH atomic: the copy is simply dropped on error.
  const draft: JsonObject = klona({ ...resource })
  const patcher = new Patcher(draft, resourceSchemas(kind), kind)
  operations.forEach(({ operation, path, value, hasValue }, index) => {
    // Okta shows `detail` to admins, so errors say which operation failed.
    const where = `Operation ${index + 1} of ${operations.length} (${operation}${path === undefined ? '' : ` ${path}`})`
    try {
      patcher.apply(operation, path, klona(value), hasValue, where, index + 1)
    } catch (error) {
      if (!(error instanceof ScimError)) throw error
      throw located(error, where, index + 1)
    }
  })
  patcher.finish()
  patcher.checkCreatedValues()
  return draft
}

// An operation's error with the operation named first, and its position (from 1) kept with its facts for the log.
function located(error: ScimError, where: string, operation: number): ScimError {
  return new ScimError(error.status, error.scimType, `${where}: ${error.detail}`, { facts: { ...error.facts, operation } })
}
