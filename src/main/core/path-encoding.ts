/** A request path's segment whose %-escape does not decode to UTF-8 text, and the part of the URL it belongs to. */
export interface MalformedEscape {
  /** The segment as it was sent, escapes and all. */
  readonly segment: string
  /**
   * `slug`: the tenant slug, the end of the base URL. `base-url`: another part of the base URL (before the endpoint
   * the client added). `id`: the id of a resource, after its endpoint. `path`: another part after the base URL.
   */
  readonly part: 'slug' | 'base-url' | 'id' | 'path'
  /** For an id: whether it names a user or a group; null otherwise. */
  readonly resource: 'user' | 'group' | null
}

// The endpoints a client adds to the base URL itself; what comes before them is the base URL an admin entered.
const endpointName = /^(?:users|groups|serviceproviderconfig|resourcetypes|schemas|me|bulk)$/i

function decodes(segment: string): boolean {
  try {
    // The result is used, not dropped: Rollup takes decodeURIComponent for a pure function and removed a bare call,
    // and with it the throw this is for, so that the built app found every path well encoded. built-cli.spec.ts
    // checks the built code.
    return typeof decodeURIComponent(segment) === 'string'
  } catch {
    return false
  }
}

/**
 * Finds the first segment of a request path (its query left out) that is not validly percent-encoded: a `%` not
 * followed by two hex digits, or escapes that do not spell UTF-8 (`%E0%A4%A`). Null when every segment decodes.
 * The part it belongs to says who wrote it: the admin who entered the base URL, or the client that built the rest.
 */
export function malformedEscapeIn(path: string): MalformedEscape | null {
  // An absolute-form target (`GET http://host/scim/v2/…`, RFC 9112 §3.2.2) is read from its path on.
  const pathOnly = (path.replace(/^https?:\/\/[^/]*/i, '').split('?')[0] ?? '').split('#')[0] ?? ''
  const segments = pathOnly.split('/').filter((segment) => segment.length > 0)
  const bad = segments.findIndex((segment) => !decodes(segment))
  const segment = segments[bad]
  if (segment === undefined) return null
  const scimBase = /^\/scim\/v2\//i.test(pathOnly)
  if (scimBase && bad === 2) return { segment, part: 'slug', resource: null }
  if (segments.slice(bad + 1).some((later) => endpointName.test(later))) return { segment, part: 'base-url', resource: null }
  const before = segments[bad - 1] ?? ''
  if (endpointName.test(before) && (!scimBase || bad - 1 > 2)) {
    const resource = /^users$/i.test(before) ? 'user' : /^groups$/i.test(before) ? 'group' : null
    return { segment, part: 'id', resource }
  }
  return { segment, part: scimBase ? 'path' : 'base-url', resource: null }
}

/**
 * Where a request path (its query left out) has an empty segment (`//`), which no endpoint has: `base-url` right after
 * the tenant slug (`/scim/v2/acme//Users`: a base URL entered with a slash at its end, to which the client added
 * `/Users`), `path` further on (`/scim/v2/acme/Users//<id>`: the base URL is right, the client built the rest wrong).
 * Null when there is none. An absolute-form target's `http://` is no empty segment.
 */
export function emptySegmentIn(path: string): 'base-url' | 'path' | null {
  const pathOnly = path.replace(/^https?:\/\/[^/]*/i, '').split('?')[0] ?? ''
  if (!pathOnly.includes('//')) return null
  return /^\/scim\/v2\/[^/]+\/\//i.test(pathOnly) ? 'base-url' : 'path'
}
