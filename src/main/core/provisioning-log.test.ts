import { describe, expect, it } from 'vitest'
import { activityBucketMs, targetFromPath, toLogFilter } from './provisioning-log'

const minute = 60_000

describe('activity buckets', () => {
  it('picks a readable bucket size giving 60 to 120 bars', () => {
    expect(activityBucketMs(60 * minute)).toBe(minute)
    expect(activityBucketMs(24 * 60 * minute)).toBe(15 * minute)
    expect(activityBucketMs(7 * 24 * 60 * minute)).toBe(120 * minute)
    expect(activityBucketMs(30 * 24 * 60 * minute)).toBe(360 * minute)
  })

  it('honours a requested number of bars', () => {
    expect(activityBucketMs(60 * minute, 12)).toBe(5 * minute)
  })
})

describe('targetFromPath: the user or group of a request refused before its handler ran', () => {
  it('reads a resource id', () => {
    expect(targetFromPath('/scim/v2/acme/Users/2819c223-7f76')).toEqual({ id: '2819c223-7f76', name: null })
    expect(targetFromPath('/scim/v2/acme/Groups/g%201?x=1')).toEqual({ id: 'g 1', name: null })
  })

  it("reads the userName or displayName of Okta's lookup filter", () => {
    expect(targetFromPath('/scim/v2/acme/Users?filter=userName%20eq%20%22jane%40acme.com%22&startIndex=1')).toEqual({ id: null, name: 'jane@acme.com' })
    expect(targetFromPath('/scim/v2/acme/Groups?filter=displayName+eq+%22Sales%22')).toEqual({ id: null, name: 'Sales' })
  })

  it('finds nothing in a list or a search', () => {
    expect(targetFromPath('/scim/v2/acme/Users?startIndex=1&count=2')).toEqual({ id: null, name: null })
    expect(targetFromPath('/scim/v2/acme/Users/.search')).toEqual({ id: null, name: null })
  })
})

describe('toLogFilter', () => {
  it('refuses an unknown operation, a status out of range and a time that is not one', () => {
    expect(toLogFilter({ operation: 'hack' as never }).ok).toBe(false)
    expect(toLogFilter({ status: 700 }).ok).toBe(false)
    const bad = toLogFilter({ since: 'yesterday' })
    expect(!bad.ok && bad.error.message).toContain('since is not a time')
  })

  it('turns ISO times into epoch milliseconds and ignores blank text filters', () => {
    const filter = toLogFilter({ since: '2026-11-28T10:00:00Z', target: '  ', search: ' ' })
    expect(filter.ok && filter.value).toMatchObject({ sinceMs: Date.parse('2026-11-28T10:00:00Z'), target: undefined, search: undefined })
  })
})
