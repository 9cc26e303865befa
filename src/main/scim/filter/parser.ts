import { codePointCount, codePointsStart } from '../../../shared/text-length'
import { badRequest } from '../errors'
import type { ScimError } from '../errors'

/** The nine comparison operators of RFC 7644 §3.4.2.2, lower-cased. */
export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le'

/** A compValue: a JSON literal. A bare word such as `jyoung` in `externalId eq jyoung` arrives as a string. */
export type CompareValue = string | number | boolean | null

/**
 * `[schema ":"] attribute ["." subAttribute]` (RFC 7644 §3.10). Names keep the client's spelling;
 * they are case-insensitive (RFC 7643 §2.1), so consumers compare them lower-cased.
 */
export interface AttributePath {
  readonly schema: string | undefined
  readonly attribute: string
  readonly subAttribute: string | undefined
  /** The path as the client wrote it, for error messages. */
  readonly text: string
}

/** `attrPath compareOp compValue`. */
export interface CompareNode {
  readonly kind: 'compare'
  readonly path: AttributePath
  readonly operator: CompareOperator
  readonly value: CompareValue
}

/** `attrPath pr`: the attribute has a non-empty value. */
export interface PresentNode {
  readonly kind: 'present'
  readonly path: AttributePath
}

/** `FILTER and FILTER` / `FILTER or FILTER`. */
export interface LogicalNode {
  readonly kind: 'and' | 'or'
  readonly left: FilterNode
  readonly right: FilterNode
}

/** `not (FILTER)`. */
export interface NotNode {
  readonly kind: 'not'
  readonly filter: FilterNode
}

/** `attrPath[valFilter]`: one element of a multi-valued attribute must match `filter`, whose paths name its sub-attributes. */
export interface ValuePathNode {
  readonly kind: 'valuePath'
  readonly path: AttributePath
  readonly filter: FilterNode
}

/** A parsed SCIM filter. */
export type FilterNode = CompareNode | PresentNode | LogicalNode | NotNode | ValuePathNode

/** Longer filters are refused: no identity provider sends anything near this, and it bounds parse and SQL cost. */
export const maxFilterLength = 4096

/** Deeper nesting (parentheses, `not`, `[ ]`) is refused, so that recursion stays shallow. */
export const maxFilterDepth = 50

/**
 * More comparisons are refused. SQLite runs a query on the serving thread, which no other tenant's request can
 * interrupt, and `co` or a comparison inside `groups[…]` scans the tenant once each: a 4,096-character filter of them
 * held every tenant up for 8 s at 3,000 users. Okta and Entra send one or two.
 */
export const maxFilterComparisons = 20

const compareOperators: ReadonlySet<string> = new Set<CompareOperator>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'])
// Words that cannot be a bare (unquoted) value: accepting them would hide a missing value, as in `userName eq and ...`.
const reservedWords: ReadonlySet<string> = new Set(['and', 'or', 'not', 'pr', ...compareOperators])
const namePattern = /^\$?[A-Za-z][A-Za-z0-9_-]*$/
const urnPattern = /^urn:[A-Za-z0-9][A-Za-z0-9-]*:\S+$/i
const jsonNumberPattern = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/
const expectedValue = 'expected a value in double quotes (or a number, true, false or null) after the operator'

type Token =
  | { readonly kind: 'word'; readonly text: string; readonly position: number }
  | { readonly kind: 'string'; readonly text: string; readonly value: string; readonly position: number }
  | { readonly kind: '(' | ')' | '[' | ']' | 'end'; readonly text: string; readonly position: number }

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2) into a tree.
 * Keywords, operators and attribute names are case-insensitive. Also accepted, because identity providers send them:
 * `emails[type eq "work"].value eq "x"` (Entra; read as `emails[type eq "work" and value eq "x"]`),
 * unquoted values such as `externalId eq jyoung` (read as strings) and `not` without parentheses.
 * Throws `ScimError` 400 `invalidFilter` with a sentence that names the offending fragment and its position.
 */
export function parseFilter(text: string): FilterNode {
  // In Unicode characters, as the names it looks up are limited (limits.ts): a lookup of the longest userName of emoji
  // fits. `length` bounds the count from above, so an ordinary filter is not counted twice.
  const characters = text.length > maxFilterLength ? codePointCount(text) : text.length
  if (characters > maxFilterLength) {
    throw badRequest(
      'invalidFilter',
      `The filter is ${characters} characters long; the longest filter accepted is ${maxFilterLength} characters.`
    )
  }
  const tokens = tokenize(text)
  if (tokens.length === 1) {
    throw badRequest('invalidFilter', 'The filter is empty: write an expression such as userName eq "ann@example.com".')
  }
  const parser = new Parser(tokens, text)
  const node = parser.parseOr(0, false)
  const rest = parser.peek()
  if (rest.kind !== 'end') {
    throw invalid(text, rest, rest.kind === ')' ? "this ')' has no matching '('" : "expected 'and', 'or' or the end of the filter")
  }
  const comparisons = countComparisons(node)
  if (comparisons > maxFilterComparisons) {
    throw badRequest(
      'invalidFilter',
      `The filter makes ${comparisons} comparisons; at most ${maxFilterComparisons} are accepted. Split it into several requests.`,
      { filterComparisons: comparisons, filterComparisonLimit: maxFilterComparisons }
    )
  }
  return node
}

function countComparisons(node: FilterNode): number {
  switch (node.kind) {
    case 'compare':
    case 'present':
      return 1
    case 'and':
    case 'or':
      return countComparisons(node.left) + countComparisons(node.right)
    case 'not':
    case 'valuePath':
      return countComparisons(node.filter)
  }
}

/**
 * Parses `[schema ":"] attribute ["." subAttribute]`, as used by filters and by `sortBy`.
 * Returns undefined when the text is not such a path.
 */
export function parseAttributePath(text: string): AttributePath | undefined {
  let schema: string | undefined
  let rest = text
  if (/^urn:/i.test(text)) {
    // A schema URN contains dots ("2.0") and colons, so the attribute starts after its last colon.
    const colon = text.lastIndexOf(':')
    schema = text.slice(0, colon)
    rest = text.slice(colon + 1)
    if (!urnPattern.test(schema)) return undefined
  }
  const [attribute, subAttribute, extra] = rest.split('.')
  if (attribute === undefined || !namePattern.test(attribute) || extra !== undefined) return undefined
  if (subAttribute !== undefined && !namePattern.test(subAttribute)) return undefined
  return { schema, attribute, subAttribute, text }
}

class Parser {
  private index = 0

  constructor(
    private readonly tokens: readonly Token[],
    private readonly text: string
  ) {}

  private invalid(token: Token, reason: string, expected?: 'operator'): ScimError {
    return invalid(this.text, token, reason, expected)
  }

  private checkDepth(depth: number, token: Token): void {
    checkDepth(this.text, depth, token)
  }

  peek(): Token {
    // The tokenizer always ends the list with an 'end' token, and `next` never moves past it.
    return this.tokens[this.index] ?? endOf(this.tokens)
  }

  private next(): Token {
    const token = this.peek()
    if (token.kind !== 'end') this.index += 1
    return token
  }

  private isKeyword(word: string): boolean {
    const token = this.peek()
    return token.kind === 'word' && token.text.toLowerCase() === word
  }

  parseOr(depth: number, inValuePath: boolean): FilterNode {
    let left = this.parseAnd(depth, inValuePath)
    while (this.isKeyword('or')) {
      this.next()
      left = { kind: 'or', left, right: this.parseAnd(depth, inValuePath) }
    }
    return left
  }

  private parseAnd(depth: number, inValuePath: boolean): FilterNode {
    let left = this.parseNot(depth, inValuePath)
    while (this.isKeyword('and')) {
      this.next()
      left = { kind: 'and', left, right: this.parseNot(depth, inValuePath) }
    }
    return left
  }

  private parseNot(depth: number, inValuePath: boolean): FilterNode {
    if (!this.isKeyword('not')) return this.parsePrimary(depth, inValuePath)
    const token = this.next()
    this.checkDepth(depth + 1, token)
    // RFC 7644 requires "not" "(" FILTER ")"; a bare operand is accepted too, binding tighter than and/or.
    return { kind: 'not', filter: this.parseNot(depth + 1, inValuePath) }
  }

  private parsePrimary(depth: number, inValuePath: boolean): FilterNode {
    const token = this.peek()
    if (token.kind === '(') {
      this.next()
      this.checkDepth(depth + 1, token)
      const inner = this.parseOr(depth + 1, inValuePath)
      if (this.peek().kind !== ')') {
        throw this.invalid(this.peek(), `expected ')' to close the '(' at character ${characterAt(this.text, token.position)}`)
      }
      this.next()
      return inner
    }
    if (token.kind === 'word' && token.text.toLowerCase() !== 'and' && token.text.toLowerCase() !== 'or') {
      return this.parseAttributeExpression(token, depth, inValuePath)
    }
    throw this.invalid(token, "expected an attribute name, 'not' or '('")
  }

  private parseAttributeExpression(token: Token, depth: number, inValuePath: boolean): FilterNode {
    const path = parseAttributePath(token.text)
    if (!path) {
      throw this.invalid(token, 'expected an attribute name such as userName, name.givenName or meta.created')
    }
    this.next()
    const open = this.peek()
    if (open.kind !== '[') return this.parseCondition(path)

    if (inValuePath) throw this.invalid(open, 'a value filter in [ ] cannot contain another one')
    if (path.subAttribute !== undefined) {
      throw this.invalid(open, `a value filter in [ ] must follow a multi-valued attribute such as emails, not '${path.text}'`)
    }
    this.next()
    this.checkDepth(depth + 1, open)
    const inner = this.parseOr(depth + 1, true)
    if (this.peek().kind !== ']') {
      throw this.invalid(this.peek(), `expected ']' to close the '[' at character ${characterAt(this.text, open.position)}`)
    }
    this.next()

    const after = this.peek()
    if (after.kind === 'word' && after.text.startsWith('.')) {
      // Not a valid filter by RFC 7644 (it is a PATCH path), but the Entra validator sends
      // `emails[type eq "work"].value eq "x"`; it can only mean `emails[type eq "work" and value eq "x"]`.
      const sub = parseAttributePath(after.text.slice(1))
      if (!sub || sub.schema !== undefined || sub.subAttribute !== undefined) {
        throw this.invalid(after, "expected a sub-attribute name after ']', such as .value")
      }
      this.next()
      return { kind: 'valuePath', path, filter: { kind: 'and', left: inner, right: this.parseCondition(sub) } }
    }
    return { kind: 'valuePath', path, filter: inner }
  }

  private parseCondition(path: AttributePath): FilterNode {
    const token = this.peek()
    const operator = token.kind === 'word' ? token.text.toLowerCase() : ''
    if (operator === 'pr') {
      this.next()
      return { kind: 'present', path }
    }
    if (!isCompareOperator(operator)) {
      throw this.invalid(token, `expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after the attribute '${path.text}'`, 'operator')
    }
    this.next()
    return { kind: 'compare', path, operator, value: this.parseValue(token) }
  }

  private parseValue(operatorToken: Token): CompareValue {
    const token = this.peek()
    if (token.kind === 'string') {
      this.next()
      return token.value
    }
    if (token.kind !== 'word') throw this.invalid(operatorToken, expectedValue)
    const word = token.text.toLowerCase()
    if (reservedWords.has(word)) throw this.invalid(operatorToken, expectedValue)
    if (word.startsWith("'")) throw this.invalid(token, 'write the value in double quotes, not single quotes')
    this.next()
    // ABNF literals are case-insensitive (RFC 5234 §2.3), so `True` is the boolean too.
    if (word === 'true') return true
    if (word === 'false') return false
    if (word === 'null') return null
    if (jsonNumberPattern.test(token.text)) {
      const number = Number(token.text)
      if (!Number.isFinite(number)) throw this.invalid(token, 'the number is too large')
      return number
    }
    // Older Entra documentation shows unquoted values (`externalId eq jyoung`); read them as strings.
    return token.text
  }
}

function isCompareOperator(word: string): word is CompareOperator {
  return compareOperators.has(word)
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let index = 0
  while (index < text.length) {
    const char = text.charAt(index)
    if (/\s/.test(char)) {
      index += 1
    } else if (char === '(' || char === ')' || char === '[' || char === ']') {
      tokens.push({ kind: char, text: char, position: index })
      index += 1
    } else if (char === '"') {
      const end = closingQuote(text, index)
      const raw = text.slice(index, end + 1)
      tokens.push({ kind: 'string', text: raw, value: decodeJsonString(text, raw, index), position: index })
      index = end + 1
    } else {
      const start = index
      while (index < text.length && !/[\s()[\]"]/.test(text.charAt(index))) index += 1
      tokens.push({ kind: 'word', text: text.slice(start, index), position: start })
    }
  }
  tokens.push({ kind: 'end', text: '', position: text.length })
  return tokens
}

function closingQuote(text: string, start: number): number {
  let index = start + 1
  while (index < text.length) {
    const char = text.charAt(index)
    if (char === '\\') index += 2
    else if (char === '"') return index
    else index += 1
  }
  throw invalid(text, { kind: 'word', text: text.slice(start), position: start }, 'the text in double quotes is never closed')
}

function decodeJsonString(text: string, raw: string, position: number): string {
  try {
    const value: unknown = JSON.parse(raw)
    if (typeof value === 'string') return value
  } catch {
    // Reported below with the position, which JSON.parse does not know.
  }
  throw invalid(
    text,
    { kind: 'word', text: raw, position },
    'the text in double quotes is not a valid JSON string (check the backslash escapes and control characters)'
  )
}

function endOf(tokens: readonly Token[]): Token {
  const last = tokens[tokens.length - 1]
  if (!last || last.kind !== 'end') throw new Error('The token list must end with an end token')
  return last
}

/**
 * The position of a token as a person counts it, from 1: in Unicode characters (code points), as the filter's length
 * is counted, not in the UTF-16 units a token's position is kept in (an emoji before it would count 2). Counted only
 * for an error's detail.
 */
function characterAt(text: string, position: number): number {
  return codePointCount(text.slice(0, position)) + 1
}

function checkDepth(text: string, depth: number, token: Token): void {
  if (depth > maxFilterDepth) {
    throw badRequest(
      'invalidFilter',
      `The filter nests parentheses, 'not' and [ ] more than ${maxFilterDepth} levels deep (at character ${characterAt(text, token.position)}); simplify it.`
    )
  }
}

function invalid(text: string, token: Token, reason: string, expected?: 'operator'): ScimError {
  const at = characterAt(text, token.position)
  if (token.kind === 'end') {
    return badRequest('invalidFilter', `The filter is not valid at its end (character ${at}): ${reason}.`)
  }
  // Cut at 40 characters, never inside one: a cut between the two UTF-16 units of an emoji left half of it, a lone
  // surrogate that JSON writes as \ud83d and Okta's Admin Console as a replacement mark.
  const fragment = token.text.length > 40 && codePointCount(token.text) > 40 ? `${codePointsStart(token.text, 40)}…` : token.text
  return badRequest('invalidFilter', `The filter is not valid near '${fragment}' at character ${at}: ${reason}.`, {
    filterFragment: fragment,
    filterPosition: at,
    ...(expected === undefined ? {} : { filterExpected: expected })
  })
}
