import type { RequestClient } from '../../shared/identity-provider'
import type { Operation } from '../../shared/models'

/**
 * Entra's Test Connection "fetches a random user and group" (okta-scim.md §4): a user whose userName is a random GUID
 * (AzureAD/SCIMReferenceCode#63: `filter=userName eq "cf4d78e8-cc4f-4d5d-b8b9-183561c0104a"`), and a group by such a
 * displayName. Entra sends the same check when a provisioning cycle starts.
 */
const guid = '"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"'
const entraConnectionCheck = { Users: new RegExp(`^\\s*userName\\s+eq\\s+${guid}\\s*$`, 'i'), Groups: new RegExp(`^\\s*displayName\\s+eq\\s+${guid}\\s*$`, 'i') }

/**
 * What a list request is, in Okta's terms, from its shape and its client. Parameter names are case-insensitive, as in
 * readListParams. Entra's connection check counts as `test-credentials`, the operation of Okta's Test API Credentials.
 * `client` is asked only of a filter shaped like that check, not of every request.
 */
export function classifyList(resource: 'Users' | 'Groups', raw: Readonly<Record<string, unknown>>, client: () => RequestClient): Operation {
  // Old Okta clients send `startindex`; a repeated parameter counts by its last value.
  const lower = new Map(Object.entries(raw).map(([key, value]) => [key.toLowerCase(), Array.isArray(value) ? value[value.length - 1] : value]))
  const read = (name: string): string | undefined => (typeof lower.get(name) === 'string' ? (lower.get(name) as string) : undefined)
  const query = { filter: read('filter'), count: read('count'), startIndex: read('startindex') }
  if (resource === 'Users') {
    if (query.filter) return entraConnectionCheck.Users.test(query.filter) && client() === 'entra' ? 'test-credentials' : 'lookup-user'
    // Okta's "Test API Credentials" is exactly GET /Users?startIndex=1&count=2 (count=2 is a constant).
    if (query.count === '2' && (query.startIndex ?? '1') === '1') return 'test-credentials'
    return query.startIndex || query.count ? 'import-users' : 'list-users'
  }
  if (query.filter) return entraConnectionCheck.Groups.test(query.filter) && client() === 'entra' ? 'test-credentials' : 'lookup-group'
  return query.startIndex || query.count ? 'import-groups' : 'list-groups'
}

/**
 * A user write that changes `active` is a deactivation or a reactivation, whatever verb carried it. A PATCH of `active`
 * alone is one even when the user already was so: Okta sends its deactivate again (a retry, an unassign after a
 * deactivation), and "Push profile update" would send Support looking for a profile change. A PATCH of `password`
 * alone is Okta's password sync (okta-scim.md §1.5).
 */
export function classifyUserWrite(before: boolean | undefined, after: boolean | undefined, alone: PatchedAlone = null): Operation {
  if (before === true && after === false) return 'deactivate-user'
  if (before === false && after === true) return 'reactivate-user'
  if (alone === 'active' && after !== undefined) return after ? 'reactivate-user' : 'deactivate-user'
  return alone === 'password' ? 'sync-password' : 'update-user'
}

/** The one attribute a PATCH sets, when it is one that names the write on its own. */
export type PatchedAlone = 'active' | 'password' | null

// Attributes a client may echo beside the one it changes (Okta's path-less value may carry `id`), which change nothing.
const echoed = new Set(['id', 'schemas', 'meta'])

/**
 * Whether a PATCH's operations set `active` alone, or `password` alone (by path, or as the keys of a path-less value;
 * URN-qualified or dotted names by their last part). Reads the body only: a few property reads per operation.
 */
export function patchedAlone(body: unknown): PatchedAlone {
  const operations = (body as { Operations?: unknown } | null)?.Operations
  if (!Array.isArray(operations) || operations.length === 0) return null
  let alone: PatchedAlone = null
  for (const operation of operations as { path?: unknown; value?: unknown }[]) {
    const value = operation?.value
    const names =
      typeof operation?.path === 'string' ? [operation.path] : value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : []
    if (names.length === 0) return null
    for (const name of names) {
      const key = name.slice(Math.max(name.lastIndexOf(':'), name.lastIndexOf('.')) + 1).toLowerCase()
      if (echoed.has(key)) continue
      if ((key !== 'active' && key !== 'password') || (alone !== null && alone !== key)) return null
      alone = key
    }
  }
  return alone
}

/** The intent of a user write read from its body, for requests that fail before the user is loaded. */
export function intendedActive(body: unknown): boolean | undefined {
  if (!body || typeof body !== 'object') return undefined
  const record = body as Record<string, unknown>
  const read = (value: unknown): boolean | undefined =>
    typeof value === 'boolean' ? value : typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : undefined
  if ('active' in record) return read(record.active)
  const operations = record.Operations
  if (!Array.isArray(operations)) return undefined
  for (const operation of operations as Record<string, unknown>[]) {
    if (typeof operation?.path === 'string' && operation.path.toLowerCase() === 'active') return read(operation.value)
    const value = operation?.value
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const key = Object.keys(value).find((name) => name.toLowerCase() === 'active')
      if (key) return read((value as Record<string, unknown>)[key])
    }
  }
  return undefined
}

/**
 * A first classification from the method and path alone, made before authentication, so that a refused
 * request is still logged as what the client was trying to do. Handlers refine it once they know more.
 */
export function classifyRequest(method: string, path: string, query: Readonly<Record<string, unknown>>, client: () => RequestClient): Operation {
  // A base URL pasted with a slash at its end gives `…/acme//Users`: still the request it was meant to be, for the log.
  const match = /^\/scim\/v2\/[^/]+\/(Users|Groups)(\/[^/]+)?\/?$/i.exec(path.includes('//') ? path.replace(/\/{2,}/g, '/') : path)
  if (!match) return /^\/scim\/v2\/[^/]+\/(ServiceProviderConfig|ResourceTypes|Schemas)/i.test(path) ? 'discovery' : 'unknown'
  const users = match[1]?.toLowerCase() === 'users'
  const single = match[2] !== undefined && match[2].toLowerCase() !== '/.search'
  switch (method) {
    case 'GET':
      if (!single) return classifyList(users ? 'Users' : 'Groups', query, client)
      return users ? 'get-user' : 'get-group'
    case 'POST':
      if (single) return 'unknown'
      if (match[2]) return users ? 'list-users' : 'list-groups'
      return users ? 'create-user' : 'group-push-create'
    // Only of one resource: `DELETE /Users` (a 405) deletes no user, and the log must not say it did.
    case 'PUT':
    case 'PATCH':
      if (!single) return 'unknown'
      return users ? 'update-user' : 'group-push-update'
    case 'DELETE':
      if (!single) return 'unknown'
      return users ? 'delete-user' : 'group-push-delete'
    default:
      return 'unknown'
  }
}
