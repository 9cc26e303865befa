import { describe, expect, it } from 'vitest'
import { emptySegmentIn, malformedEscapeIn } from './path-encoding'

describe('malformedEscapeIn', () => {
  it('finds nothing in a path whose escapes all decode', () => {
    expect(malformedEscapeIn('/scim/v2/acme/Users/u-1')).toBeNull()
    expect(malformedEscapeIn('/scim/v2/acme/Users?filter=userName%20eq%20%22a%22')).toBeNull()
    expect(malformedEscapeIn('/scim/v2/acme/Users/%E0%A4%A4')).toBeNull()
  })

  it("names a resource's id, after its endpoint, as the part that does not decode", () => {
    expect(malformedEscapeIn('/scim/v2/acme/Users/%E0%A4%A')).toEqual({ segment: '%E0%A4%A', part: 'id', resource: 'user' })
    expect(malformedEscapeIn('/scim/v2/acme/Groups/g%ZZ?excludedAttributes=members')).toEqual({ segment: 'g%ZZ', part: 'id', resource: 'group' })
    expect(malformedEscapeIn('/scim/v2/acme/Schemas/urn%')).toEqual({ segment: 'urn%', part: 'id', resource: null })
  })

  it('names the tenant slug, or another part of the base URL before the endpoint the client added', () => {
    expect(malformedEscapeIn('/scim/v2/acme%/Users')).toEqual({ segment: 'acme%', part: 'slug', resource: null })
    expect(malformedEscapeIn('http://host/scim/v2/ac%E2%80me/Users')).toEqual({ segment: 'ac%E2%80me', part: 'slug', resource: null })
    expect(malformedEscapeIn('/scim/v2/acme/%/Users/u-1')).toEqual({ segment: '%', part: 'base-url', resource: null })
    expect(malformedEscapeIn('/api/scim%2/acme/Users')).toEqual({ segment: 'scim%2', part: 'base-url', resource: null })
  })

  it('names a part after the base URL that is neither an endpoint nor an id', () => {
    expect(malformedEscapeIn('/scim/v2/acme/Us%ZZers')).toEqual({ segment: 'Us%ZZers', part: 'path', resource: null })
    expect(malformedEscapeIn('/scim/v2/acme/Users/u-1/%')).toEqual({ segment: '%', part: 'path', resource: null })
  })
})

describe('emptySegmentIn', () => {
  it('tells a base URL that ends with a slash from an empty segment the client put after the base URL', () => {
    expect(emptySegmentIn('/scim/v2/acme//Users?startIndex=1')).toBe('base-url')
    expect(emptySegmentIn('/scim/v2/acme/Users//abc')).toBe('path')
    expect(emptySegmentIn('/scim/v2/acme/Users/abc?filter=a//b')).toBeNull()
    // An absolute-form target's scheme is no empty segment.
    expect(emptySegmentIn('http://host/scim/v2/acme/Users/abc')).toBeNull()
    expect(emptySegmentIn('http://host/scim/v2/acme//Users')).toBe('base-url')
  })
})
