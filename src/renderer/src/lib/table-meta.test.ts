import { describe, expect, it } from 'vitest'
import { columnGrows, columnsThatFit } from './table-meta'

const columns = [
  { id: 'name' },
  { accessorKey: 'client', meta: { hideBelow: 1100 } },
  { id: 'request', meta: { hideBelow: 900 } }
]

describe('columnsThatFit', () => {
  it('shows every column before the table is measured', () => {
    expect(columnsThatFit(columns, 0)).toEqual({ client: true, request: true })
  })

  it('hides a column in a table narrower than its threshold, the least read first', () => {
    expect(columnsThatFit(columns, 1000)).toEqual({ client: false, request: true })
    expect(columnsThatFit(columns, 700)).toEqual({ client: false, request: false })
    expect(columnsThatFit(columns, 1100)).toEqual({ client: true, request: true })
  })
})

describe('columnGrows', () => {
  it('grows a column marked to grow, and one that grows while another is hidden only while it is', () => {
    const clientShows = (shows: boolean) => (id: string) => id === 'client' && shows
    expect(columnGrows({ grow: true }, clientShows(true))).toBe(true)
    expect(columnGrows(undefined, clientShows(false))).toBe(false)
    expect(columnGrows({ grow: { whileHidden: 'client' } }, clientShows(false))).toBe(true)
    expect(columnGrows({ grow: { whileHidden: 'client' } }, clientShows(true))).toBe(false)
  })
})
