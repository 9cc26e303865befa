import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ScimError } from './errors'
import { redactTokens } from './redact'

// The order an Allow header lists methods in: reads, then writes, then whatever else a route takes.
const methodOrder = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']

/** A path the server has routes at, and the methods they take. */
interface RoutedPath {
  readonly pattern: RegExp
  /** Its parameters: a path that matches a literal route (`/Users/.search`) is that route's, not `/Users/:id`'s. */
  readonly params: number
  readonly allowed: readonly string[]
}

/** The methods the path of a request that matched no route is routed for; null when no route has that path. */
export type AllowedMethods = (path: string) => readonly string[] | null

/**
 * Runs `register`, and learns the methods each of the routes it adds takes, so that a request whose method a path does
 * not take is answered 405 with the Allow header RFC 9110 §15.5.6 requires: `DELETE /Users` is a method the endpoint
 * does not take, not an endpoint that does not exist. Read from the routes themselves, so they cannot drift. Asked
 * only of a request that matched no route (Fastify's is404): no route is added for the other methods, which cost
 * every GET 10 µs in the router.
 */
export function learnAllowedMethods(app: FastifyInstance, register: () => void): AllowedMethods {
  const allowedAt = new Map<string, Set<string>>()
  let learning = true
  app.addHook('onRoute', (route) => {
    if (!learning) return
    const allowed = allowedAt.get(route.url) ?? new Set<string>()
    for (const method of [route.method].flat()) allowed.add(method)
    allowedAt.set(route.url, allowed)
  })
  register()
  learning = false
  const paths: RoutedPath[] = [...allowedAt].map(([url, allowed]) => {
    // Fastify answers HEAD wherever there is a GET.
    if (allowed.has('GET')) allowed.add('HEAD')
    const source = url
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')
    // As the router reads paths: case-insensitively, a slash at the end ignored.
    return { pattern: new RegExp(`^${source}/?$`, 'i'), params: url.split(':').length - 1, allowed: inAllowOrder([...allowed]) }
  })
  return (path) => {
    let best: RoutedPath | null = null
    for (const routed of paths) if (routed.pattern.test(path) && (best === null || routed.params < best.params)) best = routed
    return best?.allowed ?? null
  }
}

/**
 * The 405 for a method `allowed` does not hold, with its Allow header. OPTIONS gets it too: SCIM defines no OPTIONS, no
 * browser calls a SCIM server (so there is no CORS preflight to answer), and a 405 carries the Allow header a 204 would.
 */
export function methodNotAllowed(request: FastifyRequest, reply: FastifyReply, allowed: readonly string[]): ScimError {
  reply.header('allow', allowed.join(', '))
  const path = redactTokens(request.url.split('?')[0] ?? '')
  return new ScimError(405, undefined, `${path} does not take ${request.method}. It takes ${listed(allowed)}.`)
}

function inAllowOrder(methods: readonly string[]): string[] {
  const rank = (method: string) => (methodOrder.includes(method) ? methodOrder.indexOf(method) : methodOrder.length)
  return [...methods].sort((left, right) => rank(left) - rank(right) || left.localeCompare(right))
}

// "GET, HEAD and POST".
function listed(methods: readonly string[]): string {
  return methods.length < 2 ? (methods[0] ?? '') : `${methods.slice(0, -1).join(', ')} and ${methods.at(-1) ?? ''}`
}
