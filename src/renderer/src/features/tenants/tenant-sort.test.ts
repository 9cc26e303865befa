import { describe, expect, it } from 'vitest'
import { parseTenantSort, writeTenantSort } from './tenant-sort'

describe('the Tenants sort in the URL', () => {
  it('reads columns by their words, a leading - for descending, in order', () => {
    expect(parseTenantSort('-failures,name')).toEqual([
      { id: 'failuresLastHour', desc: true },
      { id: 'name', desc: false }
    ])
  })

  it('leaves out words it does not know and a column named twice', () => {
    expect(parseTenantSort('users,-bogus,,-users,last-request')).toEqual([
      { id: 'userCount', desc: false },
      { id: 'lastRequestAt', desc: false }
    ])
    expect(parseTenantSort(null)).toEqual([])
  })

  it('writes what it reads back, and nothing for no sort', () => {
    const sorting = [
      { id: 'activeTokenCount', desc: true },
      { id: 'slug', desc: false }
    ]
    expect(writeTenantSort(sorting)).toBe('-tokens,slug')
    expect(parseTenantSort(writeTenantSort(sorting))).toEqual(sorting)
    expect(writeTenantSort([])).toBeNull()
  })
})
