/**
 * The Tenants table's sort, kept in `#/tenants?sort=…` as its search is in `q`, so that Back from a tenant, a reload
 * and a shared link show the list in the order chosen. Pure functions: the URL's `sort` ⇄ TanStack's `SortingState`.
 *
 * The value is the columns in order, comma separated, each by a word people can read (`users`, `failures`), and a `-`
 * before one sorted descending, as JSON:API writes it: `?sort=-failures,name`.
 */
import type { SortingState } from '@tanstack/react-table'

/** The URL word for each sortable column of the Tenants table, by its column id. */
const columnWords: Readonly<Record<string, string>> = {
  name: 'name',
  slug: 'slug',
  userCount: 'users',
  activeTokenCount: 'tokens',
  lastRequestAt: 'last-request',
  failuresLastHour: 'failures'
}

const columnsByWord: ReadonlyMap<string, string> = new Map(Object.entries(columnWords).map(([id, word]) => [word, id]))

/** The sort a URL's `sort` value holds; words it does not know, and a column named twice, are left out. */
export function parseTenantSort(value: string | null): SortingState {
  const sorting: SortingState = []
  for (const part of (value ?? '').split(',')) {
    const desc = part.startsWith('-')
    const id = columnsByWord.get(desc ? part.slice(1) : part)
    if (id !== undefined && !sorting.some((column) => column.id === id)) sorting.push({ id, desc })
  }
  return sorting
}

/** The `sort` value for a sort, or null for none (the URL then has no `sort`). */
export function writeTenantSort(sorting: SortingState): string | null {
  const parts = sorting.flatMap((column) => {
    const word = columnWords[column.id]
    return word === undefined ? [] : [`${column.desc ? '-' : ''}${word}`]
  })
  return parts.length > 0 ? parts.join(',') : null
}
