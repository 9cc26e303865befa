import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { searchablePath, searchablePathText } from './migrations'

// The log's writer indexes a path with searchablePathText; the triggers that re-index a rewritten row, and every
// older database, with the SQL of searchablePath. A search must find a row the same way whichever wrote it.
const db = new Database(':memory:')
afterAll(() => db.close())
const inSql = db.prepare<[string, string | null], { text: string }>(`SELECT ${searchablePath('')} AS text FROM (SELECT ? AS path, ? AS tenant_slug)`)
const sqlText = (path: string, slug: string | null) => inSql.get(path, slug)?.text

describe('searchablePathText: the SQL of searchablePath, in JavaScript', () => {
  const cases: readonly (readonly [string, string | null])[] = [
    ['/scim/v2/acme/Users/2819c223-7f76-453a-919d-413861904646', 'acme'],
    ['/scim/v2/acme/Users?filter=userName%20eq%20%22ann.lee%40acme.com%22&startIndex=1&count=100', 'acme'],
    ['/scim/v2/acme/USERS?filter=userName%20EQ%20%22A%2Fb%22', 'acme'],
    ['/scim/v2/acme/groups/g-1', 'acme'],
    ['/scim/v2/acme/Groups', 'acme'],
    ['/scim/v2/acme/Usersx', 'acme'],
    ['/scim/v2/acme', 'acme'],
    ['/scim/v2/ac', 'acme'],
    ['/scim/v2/other/Users/u-1', 'acme'],
    ['/scim/v2/acme/Users/u-1', null],
    ['/scim/v2/Acme/Users/u-1', 'acme'],
    ['/scim/v2/acme/ServiceProviderConfig', 'acme'],
    // Lower-case escapes, an escaped %, escapes that are not punctuation, and a lone %.
    ['/scim/v2/acme/Users?filter=a%2fb%3a%7b%7D%5b', 'acme'],
    ['/scim/v2/acme/Users?filter=%2520%41%e9%2', 'acme'],
    ['/scim/v2/acme/Users?filter=%%2020%', 'acme'],
    // Letters that JavaScript's toLowerCase would fold to ASCII and SQLite's lower() leaves (Kelvin sign, long s).
    ['/scim/v2/acme/\u212Aeys', 'acme'],
    ['/scim/v2/acme/u\u017Fers/u-1', 'acme'],
    ['/scim/v2/acme/Users/\u00e9t\u00e9/\u{1F600}%20x', 'acme'],
    ['', 'acme'],
    ['/', null]
  ]

  it.each(cases)('%s (tenant %s)', (path, slug) => {
    expect(searchablePathText(path, slug)).toBe(sqlText(path, slug))
  })

  it('agrees on paths pieced together from the parts that matter', () => {
    const pieces = ['/scim/v2/', 'acme', '/Users', '/users', '/GROUPS', '/', '%20', '%2F', '%2f', '%25', '%41', '%', '2', '0', 'é', 'a', '?filter=', '"']
    let seed = 7
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
      return seed
    }
    for (let trial = 0; trial < 2_000; trial++) {
      const path = Array.from({ length: 1 + (next() % 8) }, () => pieces[next() % pieces.length]).join('')
      const slug = next() % 5 === 0 ? null : 'acme'
      expect(searchablePathText(path, slug), `${path} (tenant ${slug})`).toBe(sqlText(path, slug))
    }
  })
})
