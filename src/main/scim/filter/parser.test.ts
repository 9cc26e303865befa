import { describe, expect, test } from 'vitest'
import { ScimError } from '../errors'
import { maxFilterComparisons, maxFilterDepth, maxFilterLength, parseAttributePath, parseFilter } from './parser'
import type { AttributePath, FilterNode } from './parser'

function path(text: string): AttributePath {
  const parsed = parseAttributePath(text)
  if (!parsed) throw new Error(`test setup: ${text} is not a path`)
  return parsed
}

function present(text: string): FilterNode {
  return { kind: 'present', path: path(text) }
}

function invalidFilterError(filter: string): ScimError {
  try {
    parseFilter(filter)
  } catch (error) {
    if (error instanceof ScimError) return error
    throw error
  }
  throw new Error(`expected ${JSON.stringify(filter)} to be rejected`)
}

describe('parseFilter: what identity providers send', () => {
  test("Okta's user lookup parses to one equality on userName", () => {
    expect(parseFilter('userName eq "ann@example.com"')).toEqual({
      kind: 'compare',
      path: { schema: undefined, attribute: 'userName', subAttribute: undefined, text: 'userName' },
      operator: 'eq',
      value: 'ann@example.com'
    })
  })

  test("Okta's group lookup parses to one equality on displayName", () => {
    expect(parseFilter('displayName eq "Sales Team"')).toMatchObject({ kind: 'compare', operator: 'eq', value: 'Sales Team' })
  })

  test("Entra's emails[type eq \"work\"].value eq form reads as one value filter on the same element", () => {
    expect(parseFilter('emails[type eq "work"].value eq "ann@example.com"')).toEqual({
      kind: 'valuePath',
      path: path('emails'),
      filter: {
        kind: 'and',
        left: { kind: 'compare', path: path('type'), operator: 'eq', value: 'work' },
        right: { kind: 'compare', path: path('value'), operator: 'eq', value: 'ann@example.com' }
      }
    })
  })

  test('the Entra form also works with pr after the sub-attribute', () => {
    expect(parseFilter('emails[type eq "work"].value pr')).toEqual({
      kind: 'valuePath',
      path: path('emails'),
      filter: { kind: 'and', left: { kind: 'compare', path: path('type'), operator: 'eq', value: 'work' }, right: present('value') }
    })
  })

  test('an unquoted value, as in the old Entra docs (externalId eq jyoung), is read as a string', () => {
    expect(parseFilter('externalId eq jyoung')).toMatchObject({ operator: 'eq', value: 'jyoung' })
    expect(parseFilter('userName eq ann@example.com and active eq true')).toMatchObject({
      kind: 'and',
      left: { value: 'ann@example.com' },
      right: { value: true }
    })
  })

  test('Entra combining lookups with and parses', () => {
    expect(parseFilter('externalId eq "1a2b" and userName eq "x@y"')).toMatchObject({ kind: 'and' })
  })
})

describe('parseFilter: grammar (RFC 7644 §3.4.2.2)', () => {
  test.each(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const)('the %s operator parses', (operator) => {
    expect(parseFilter(`title ${operator} "x"`)).toMatchObject({ kind: 'compare', operator, value: 'x' })
  })

  test('pr tests for presence', () => {
    expect(parseFilter('title pr')).toEqual(present('title'))
  })

  test('keywords, operators and attribute names are case-insensitive; names keep their spelling', () => {
    expect(parseFilter('USERNAME EQ "x" AND NOT (TITLE PR) OR Active Eq TRUE')).toEqual({
      kind: 'or',
      left: {
        kind: 'and',
        left: { kind: 'compare', path: path('USERNAME'), operator: 'eq', value: 'x' },
        right: { kind: 'not', filter: present('TITLE') }
      },
      right: { kind: 'compare', path: path('Active'), operator: 'eq', value: true }
    })
  })

  test('string values decode JSON escapes', () => {
    expect(parseFilter(String.raw`title eq "say \"hi\" \\ \u00e9\t/\/"`)).toMatchObject({ value: 'say "hi" \\ é\t//' })
  })

  test('brackets, parentheses and keywords inside quotes are part of the value', () => {
    expect(parseFilter('title eq "a (b) [c] and or not eq"')).toMatchObject({ value: 'a (b) [c] and or not eq' })
  })

  test('an empty string is a valid value', () => {
    expect(parseFilter('title eq ""')).toMatchObject({ value: '' })
  })

  test.each([
    ['42', 42],
    ['-7', -7],
    ['3.25', 3.25],
    ['1e3', 1000],
    ['-2.5E-1', -0.25]
  ])('the number %s parses as a number', (text, value) => {
    expect(parseFilter(`employeeNumber eq ${text}`)).toMatchObject({ value })
  })

  test('true, false and null are literals, in any case', () => {
    expect(parseFilter('active eq true')).toMatchObject({ value: true })
    expect(parseFilter('active eq false')).toMatchObject({ value: false })
    expect(parseFilter('active eq False')).toMatchObject({ value: false })
    expect(parseFilter('title eq null')).toMatchObject({ value: null })
  })

  test('quoted "true" stays a string', () => {
    expect(parseFilter('active eq "true"')).toMatchObject({ value: 'true' })
  })

  test('a word that only looks like a number (leading zero) stays a string', () => {
    expect(parseFilter('employeeNumber eq 00123')).toMatchObject({ value: '00123' })
  })

  test('and binds tighter than or', () => {
    expect(parseFilter('a pr or b pr and c pr')).toEqual({
      kind: 'or',
      left: present('a'),
      right: { kind: 'and', left: present('b'), right: present('c') }
    })
  })

  test('parentheses override precedence', () => {
    expect(parseFilter('(a pr or b pr) and c pr')).toEqual({
      kind: 'and',
      left: { kind: 'or', left: present('a'), right: present('b') },
      right: present('c')
    })
  })

  test('not binds tighter than and', () => {
    expect(parseFilter('not (a pr) and b pr')).toEqual({ kind: 'and', left: { kind: 'not', filter: present('a') }, right: present('b') })
  })

  test('not without parentheses applies to the next expression only', () => {
    expect(parseFilter('not a pr and b pr')).toEqual({ kind: 'and', left: { kind: 'not', filter: present('a') }, right: present('b') })
  })

  test('not may touch its parenthesis', () => {
    expect(parseFilter('not(a pr)')).toEqual({ kind: 'not', filter: present('a') })
  })

  test('chains of and / or group from the left', () => {
    expect(parseFilter('a pr and b pr and c pr')).toEqual({
      kind: 'and',
      left: { kind: 'and', left: present('a'), right: present('b') },
      right: present('c')
    })
  })

  test('extra whitespace, tabs and newlines are ignored', () => {
    expect(parseFilter('  userName\teq\n"x"   and ( title  pr )  ')).toMatchObject({ kind: 'and' })
  })

  test('a value filter holds a full logical expression over sub-attributes', () => {
    expect(parseFilter('emails[type eq "work" and (value co "@x.com" or not (primary eq true))]')).toEqual({
      kind: 'valuePath',
      path: path('emails'),
      filter: {
        kind: 'and',
        left: { kind: 'compare', path: path('type'), operator: 'eq', value: 'work' },
        right: {
          kind: 'or',
          left: { kind: 'compare', path: path('value'), operator: 'co', value: '@x.com' },
          right: { kind: 'not', filter: { kind: 'compare', path: path('primary'), operator: 'eq', value: true } }
        }
      }
    })
  })

  test('a value filter combines with other expressions', () => {
    expect(parseFilter('emails[type eq "work"] and userName sw "a"')).toMatchObject({
      kind: 'and',
      left: { kind: 'valuePath' },
      right: { kind: 'compare', operator: 'sw' }
    })
  })

  test('sub-attributes parse into attribute and subAttribute', () => {
    expect(parseFilter('name.givenName eq "Ann"')).toMatchObject({
      path: { schema: undefined, attribute: 'name', subAttribute: 'givenName', text: 'name.givenName' }
    })
    expect(parseFilter('meta.created gt "2024-01-01T00:00:00Z"')).toMatchObject({
      path: { attribute: 'meta', subAttribute: 'created' },
      operator: 'gt'
    })
  })

  test('URN-prefixed paths split the schema from the attribute at the last colon', () => {
    expect(parseFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"')).toMatchObject({
      path: { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', attribute: 'department', subAttribute: undefined }
    })
    expect(parseFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "u1"')).toMatchObject({
      path: { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', attribute: 'manager', subAttribute: 'value' }
    })
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"')).toMatchObject({
      path: { schema: 'urn:ietf:params:scim:schemas:core:2.0:User', attribute: 'userName' }
    })
  })

  test('parseAttributePath rejects what is not an attribute path', () => {
    expect(parseAttributePath('a.b.c')).toBeUndefined()
    expect(parseAttributePath('1abc')).toBeUndefined()
    expect(parseAttributePath('urn:x')).toBeUndefined()
    expect(parseAttributePath('urn:ietf:params:scim:schemas:core:2.0:User:')).toBeUndefined()
    expect(parseAttributePath('user name')).toBeUndefined()
    expect(parseAttributePath('members.$ref')).toMatchObject({ attribute: 'members', subAttribute: '$ref' })
  })
})

describe('parseFilter: malformed filters are 400 invalidFilter with a readable detail', () => {
  test.each([
    '',
    '   ',
    'userName',
    'userName eq',
    'userName eq "x" and',
    'userName eq "x" or',
    'and userName eq "x"',
    'or title pr',
    'userName xx "x"',
    'userName equals "x"',
    'userName "x"',
    '"x" eq userName',
    'user name eq "x"',
    'userName eq "x" title pr',
    'userName eq "x" userName eq "y"',
    '(userName eq "x"',
    'userName eq "x")',
    '((userName eq "x")',
    '()',
    'not',
    'not ()',
    'userName eq "unterminated',
    'userName eq "ends with backslash\\',
    String.raw`userName eq "bad \x escape"`,
    'userName eq "raw\tcontrol"',
    "userName eq 'single quoted'",
    'userName eq and title pr',
    'userName eq pr',
    'userName eq eq',
    'userName eq )',
    'userName pr pr',
    'userName eq 1e999',
    'emails[type eq "work"',
    'emails[type eq "work"]]',
    'emails[]',
    'emails[type eq "work")',
    'emails[type eq "w" and roles[value eq "x"]]',
    'name.givenName[value eq "x"]',
    'emails[type eq "work"].value',
    'emails[type eq "work"].a.b eq "x"',
    'emails[type eq "work"].urn:x:y eq "x"',
    'emails[type eq "work"]. eq "x"',
    '[type eq "work"]',
    'a.b.c eq "x"',
    '1abc eq "x"',
    '.value eq "x"',
    'urn:x eq "y"',
    'urn:ietf:params:scim:schemas:core:2.0:User: eq "x"',
    'userName eq "x" ]'
  ])('%j is rejected', (filter) => {
    const error = invalidFilterError(filter)
    expect(error.status).toBe(400)
    expect(error.scimType).toBe('invalidFilter')
    expect(error.detail.length).toBeGreaterThan(20)
  })

  test('a missing value names the operator and its position', () => {
    expect(invalidFilterError('userName eq').detail).toBe(
      "The filter is not valid near 'eq' at character 10: expected a value in double quotes (or a number, true, false or null) after the operator."
    )
  })

  test('an unknown operator is named with its position', () => {
    expect(invalidFilterError('userName eq "x" and title xx "y"').detail).toBe(
      "The filter is not valid near 'xx' at character 27: expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after the attribute 'title'."
    )
  })

  test('an unclosed parenthesis says where it was opened', () => {
    expect(invalidFilterError('title pr and (userName eq "x"').detail).toBe(
      "The filter is not valid at its end (character 30): expected ')' to close the '(' at character 14."
    )
  })

  test('positions count Unicode characters as a person does, not UTF-16 units: an emoji before the error is one', () => {
    // 😀 takes two UTF-16 units; "at character 20" would send the reader one character past the 'xx'.
    expect(invalidFilterError('userName eq "😀" and title xx "y"').detail).toBe(
      "The filter is not valid near 'xx' at character 27: expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after the attribute 'title'."
    )
    expect(invalidFilterError('displayName eq "𝒜𝒞𝑀𝐸" and (userName eq "x"').detail).toBe(
      "The filter is not valid at its end (character 43): expected ')' to close the '(' at character 27."
    )
    expect(invalidFilterError('userName eq "😀" and title eq "abc').detail).toContain("near '\"abc' at character 30")
  })

  test('an unclosed string says where it starts', () => {
    expect(invalidFilterError('userName eq "abc').detail).toContain("near '\"abc' at character 13")
  })

  test('a very long offending fragment is shortened in the detail', () => {
    const detail = invalidFilterError(`${'a'.repeat(200)}.b.c eq "x"`).detail
    expect(detail).toContain('…')
    expect(detail.length).toBeLessThan(200)
  })

  test('a long fragment is cut between characters, never inside an emoji', () => {
    // 39 letters, then emoji: a cut at 40 UTF-16 units fell between the two halves of the first one.
    const detail = invalidFilterError(`userName eq "${'a'.repeat(38)}😀😀😀`).detail
    expect(detail).toBe(`The filter is not valid near '"${'a'.repeat(38)}😀…' at character 13: the text in double quotes is never closed.`)
    expect(detail).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
    // 40 emoji are 40 characters: whole, with no ellipsis.
    expect(invalidFilterError(`${'😀'.repeat(40)} eq "x"`).detail).toContain(`near '${'😀'.repeat(40)}' at`)
  })

  test('single quotes get a hint to use double quotes', () => {
    expect(invalidFilterError("userName eq 'x'").detail).toContain('double quotes')
  })
})

describe('parseFilter: limits against pathological input', () => {
  test(`a filter of ${maxFilterLength} characters is accepted`, () => {
    const filter = `title eq "${'a'.repeat(maxFilterLength - 'title eq ""'.length)}"`
    expect(filter).toHaveLength(maxFilterLength)
    expect(parseFilter(filter)).toMatchObject({ kind: 'compare' })
  })

  test(`a filter over ${maxFilterLength} characters is rejected before parsing`, () => {
    const error = invalidFilterError(`title eq "${'a'.repeat(maxFilterLength)}"`)
    expect(error.scimType).toBe('invalidFilter')
    expect(error.detail).toContain(String(maxFilterLength))
  })

  test(`${maxFilterDepth} nested parentheses are accepted`, () => {
    const filter = `${'('.repeat(maxFilterDepth)}title pr${')'.repeat(maxFilterDepth)}`
    expect(parseFilter(filter)).toEqual(present('title'))
  })

  test(`${maxFilterDepth + 1} nested parentheses are rejected`, () => {
    const filter = `${'('.repeat(maxFilterDepth + 1)}title pr${')'.repeat(maxFilterDepth + 1)}`
    expect(invalidFilterError(filter).detail).toContain(`more than ${maxFilterDepth} levels`)
  })

  test('deeply repeated not is rejected', () => {
    expect(invalidFilterError(`${'not '.repeat(maxFilterDepth + 1)}title pr`).scimType).toBe('invalidFilter')
  })

  test('thousands of unclosed parentheses fail fast with invalidFilter, not a stack overflow', () => {
    expect(invalidFilterError('('.repeat(maxFilterLength)).scimType).toBe('invalidFilter')
  })

  test(`a chain of ${maxFilterComparisons} comparisons is accepted, counting those inside [ ] and not`, () => {
    const filter = [...Array.from({ length: maxFilterComparisons - 3 }, () => 'a pr'), 'emails[type eq "work" and value co "x"]', 'not (b pr)'].join(' or ')
    expect(parseFilter(filter).kind).toBe('or')
  })

  test('a long flat chain of comparisons is refused: each may scan the tenant, on the serving thread', () => {
    const filter = Array.from({ length: 150 }, () => 'groups.display co "x"').join(' or ')
    expect(filter.length).toBeLessThanOrEqual(maxFilterLength)
    expect(invalidFilterError(filter).detail).toBe(`The filter makes 150 comparisons; at most ${maxFilterComparisons} are accepted. Split it into several requests.`)
  })
})
