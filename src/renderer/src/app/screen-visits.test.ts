import { describe, expect, it } from 'vitest'
import { screenVisits } from './screen-visits'

describe('screenVisits', () => {
  it('starts a new visit, named by its entry, when the path changes', () => {
    const visitOf = screenVisits()
    expect(visitOf({ key: 'a', pathname: '/server' })).toBe('a')
    expect(visitOf({ key: 'b', pathname: '/settings' })).toBe('b')
    expect(visitOf({ key: 'c', pathname: '/server' })).toBe('c')
  })

  it('keeps an entry that changed only the search on the visit it was made from', () => {
    const visitOf = screenVisits()
    expect(visitOf({ key: 'a', pathname: '/logs' })).toBe('a')
    // A filter, then a drawer: same path, new entries.
    expect(visitOf({ key: 'b', pathname: '/logs' })).toBe('a')
    expect(visitOf({ key: 'c', pathname: '/logs' })).toBe('a')
    expect(visitOf({ key: 'd', pathname: '/server' })).toBe('d')
  })

  it('gives Back and Forward the visit each entry had', () => {
    const visitOf = screenVisits()
    visitOf({ key: 'a', pathname: '/tenants/acme/setup' })
    visitOf({ key: 'b', pathname: '/tenants/acme' })
    // Back to the guide, then forward to the overview.
    expect(visitOf({ key: 'a', pathname: '/tenants/acme/setup' })).toBe('a')
    expect(visitOf({ key: 'b', pathname: '/tenants/acme' })).toBe('b')
  })
})
