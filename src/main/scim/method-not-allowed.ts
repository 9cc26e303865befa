import { METHODS } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { ScimError } from './errors'
import { redactTokens } from './redact'

// The order an Allow header lists methods in: reads, then writes, then whatever else a route takes.
const methodOrder = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']

/**
 * Makes every method Node reads routable. Fastify routes only the common ones, and answers the others (PROPFIND,
 * PURGE) as if the path did not exist, which at /Users would say that /Users does not exist. CONNECT never reaches a
 * request handler.
 */
export function routeEveryMethod(app: FastifyInstance): void {
  for (const method of METHODS) {
    if (method !== 'CONNECT' && !app.supportedMethods.includes(method)) app.addHttpMethod(method, { hasBody: true })
  }
}

/**
 * Runs `register`, then answers every other method at the paths of the routes it added with 405 Method Not Allowed
 * and the Allow header RFC 9110 §15.5.6 requires: `DELETE /Users` is a method the endpoint does not take, not an
 * endpoint that does not exist. The methods allowed are read from the routes themselves, so they cannot drift.
 */
export function registerWithMethodNotAllowed(app: FastifyInstance, register: () => void): void {
  const allowedAt = new Map<string, Set<string>>()
  let collecting = true
  app.addHook('onRoute', (route) => {
    if (!collecting) return
    const allowed = allowedAt.get(route.routePath) ?? new Set<string>()
    for (const method of [route.method].flat()) allowed.add(method)
    allowedAt.set(route.routePath, allowed)
  })
  register()
  collecting = false
  for (const [path, allowed] of allowedAt) {
    // Fastify answers HEAD wherever there is a GET.
    if (allowed.has('GET')) allowed.add('HEAD')
    const others = app.supportedMethods.filter((method) => !allowed.has(method))
    if (others.length === 0) continue
    const refusal = methodRefusal(inAllowOrder([...allowed]))
    // No HEAD route of Fastify's own beside a refused GET: HEAD is refused with the others.
    app.route({ method: others, url: path, exposeHeadRoute: false, onRequest: refusal.early, handler: refusal.handler })
  }
}

function inAllowOrder(methods: readonly string[]): string[] {
  const rank = (method: string) => (methodOrder.includes(method) ? methodOrder.indexOf(method) : methodOrder.length)
  return [...methods].sort((left, right) => rank(left) - rank(right) || left.localeCompare(right))
}

// The answer to a method that a path does not take. OPTIONS gets it too: SCIM defines no OPTIONS, no browser calls a
// SCIM server (so there is no CORS preflight to answer), and a 405 carries the Allow header a 204 would.
function methodRefusal(allowed: readonly string[]) {
  const allow = allowed.join(', ')
  const refuse = (request: FastifyRequest, reply: FastifyReply): ScimError => {
    reply.header('allow', allow)
    const path = redactTokens(request.url.split('?')[0] ?? '')
    return new ScimError(405, undefined, `${path} does not take ${request.method}. It takes ${listed(allowed)}.`)
  }
  return {
    // Answered before the body is read, which could change nothing. A request refused at the door (a bad token) is not:
    // its refusal is answered once its body is read, as everywhere else.
    early: (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
      done(request.scim.refusal ? undefined : refuse(request, reply))
    },
    // Fastify requires a handler; the hook above or the refusal answers every request before it would run.
    handler: (request: FastifyRequest, reply: FastifyReply): never => {
      throw refuse(request, reply)
    }
  }
}

// "GET, HEAD and POST".
function listed(methods: readonly string[]): string {
  return methods.length < 2 ? (methods[0] ?? '') : `${methods.slice(0, -1).join(', ')} and ${methods.at(-1) ?? ''}`
}
