import { describe, expect, it } from 'vitest'
import { countFilters, filterLinkFor, logsHref, noFilters, parseEntryId, parseLogFilters, rangePhrase, toLogQuery, customRange, withFilters, writeLogFilters } from './log-filters'
import { operations } from '../../../../shared/models'
import { isOperation, operationGroups } from './operation-labels'

const now = Date.parse('2026-11-28T12:00:00.000Z')

describe('log explorer filters in the URL', () => {
  it('round-trips every filter through the URL, so a shared link shows the same view', () => {
    const filters = {
      ...noFilters,
      tenant: 'acme',
      outcome: 'failed' as const,
      operation: 'create-user' as const,
      target: 'ada.lovelace@',
      status: 409,
      range: '24h' as const,
      search: 'duplicate userName'
    }
    const params = writeLogFilters(filters)
    expect(parseLogFilters(new URLSearchParams(params.toString()))).toEqual(filters)
  })

  it('clears a status that a new outcome leaves out, and keeps one it keeps', () => {
    const conflict = { ...noFilters, tenant: 'acme', outcome: 'failed' as const, status: 409 }
    expect(withFilters(conflict, { outcome: '5xx' })).toEqual({ ...conflict, outcome: '5xx', status: null })
    expect(withFilters(conflict, { outcome: '4xx' })).toEqual({ ...conflict, outcome: '4xx' })
    expect(withFilters(conflict, { outcome: 'all' })).toEqual({ ...conflict, outcome: 'all' })
    // A patch that names both says what it wants; one without an outcome leaves the status alone.
    expect(withFilters(conflict, { outcome: '5xx', status: 503 })).toEqual({ ...conflict, outcome: '5xx', status: 503 })
    expect(withFilters({ ...conflict, outcome: '5xx' }, { tenant: 'globex' })).toEqual({ ...conflict, outcome: '5xx', tenant: 'globex' })
  })

  it('leaves defaults out of the URL and keeps parameters it does not own', () => {
    const params = writeLogFilters(noFilters, new URLSearchParams('entry=42&outcome=failed'))
    expect(params.toString()).toBe('entry=42')
  })

  it('ignores malformed values instead of failing', () => {
    const filters = parseLogFilters(new URLSearchParams('outcome=broken&status=abc&operation=drop-table&range=1y&since=yesterday'))
    expect(filters).toEqual(noFilters)
  })

  it('turns a preset into a window counted back from now, and a custom range into ISO times', () => {
    expect(toLogQuery({ ...noFilters, range: '1h' }, undefined, now)).toEqual({ since: '2026-11-28T11:00:00.000Z' })
    const custom = { ...noFilters, ...customRange(now - 60_000, now - 1) }
    expect(toLogQuery(custom, 'tenant-id', now)).toEqual({ tenantId: 'tenant-id', since: '2026-11-28T11:59:00.000Z', until: '2026-11-28T11:59:59.999Z' })
  })

  it('writes a range inside a sentence with a preset in lower case and a custom range as the button shows it', () => {
    expect(rangePhrase({ range: '1h', since: null, until: null })).toBe('last hour')
    expect(rangePhrase({ range: null, since: null, until: null })).toBe('any time')
    const since = new Date(2026, 10, 27, 14, 0).toISOString()
    const until = new Date(2026, 10, 28, 9, 30).toISOString()
    expect(rangePhrase({ range: null, since, until })).toBe('27 Nov, 14:00 – 28 Nov, 09:30')
  })

  it('counts the filters that narrow the log', () => {
    expect(countFilters(noFilters)).toBe(0)
    expect(countFilters({ ...noFilters, tenant: 'acme', outcome: 'failed', search: 'x' })).toBe(3)
  })

  it('links to one request with its filters', () => {
    expect(logsHref({ tenant: 'acme', target: 'ada@acme.com' }, 7)).toBe('/logs?tenant=acme&target=ada%40acme.com&entry=7')
    expect(parseEntryId(new URLSearchParams('entry=7'))).toBe(7)
    expect(parseEntryId(new URLSearchParams('entry=x'))).toBeNull()
  })

  it('links from a request to every request about its user: by the recorded target, else by the name its path looked up', () => {
    const entry = { tenantSlug: 'acme', targetName: null, targetId: null, path: '/scim/v2/acme/Users' }
    expect(filterLinkFor({ ...entry, targetName: 'ada@acme.com', targetId: '2819c223' })).toBe('/logs?tenant=acme&target=ada%40acme.com')
    expect(filterLinkFor({ ...entry, targetId: '2819c223' })).toBe('/logs?tenant=acme&target=2819c223')
    expect(filterLinkFor({ ...entry, path: '/scim/v2/acme/Users?filter=userName%20eq%20%22ada%40acme.com%22' })).toBe('/logs?tenant=acme&q=ada%40acme.com')
    expect(filterLinkFor(entry)).toBeNull()
  })

  it('offers every operation in the operation filter', () => {
    const all = operationGroups.flatMap((group) => group.operations)
    expect(new Set(all).size).toBe(all.length)
    expect(new Set(all)).toEqual(new Set(operations))
    expect(isOperation('deactivate-user')).toBe(true)
  })
})
