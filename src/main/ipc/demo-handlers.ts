import { z } from 'zod'
import type { ServerStatus } from '../../shared/models'
import { fail } from '../../shared/result'
import { createDemoRunner, maxDemoUsers, type DemoRunner } from '../demo/demo-runner'
import type { HandlerDeps } from './handlers'
import { handle, type HandlerMap } from './define'

const tenantRef = z.string().trim().min(1).max(200)
// The renderer gets every step of a run in each progress event; beyond this a live demo is unreadable anyway.
const maxUiUsers = Math.min(100, maxDemoUsers)

/**
 * Where the simulator, which plays Okta on this machine, reaches the server: the local listener, never the public
 * (tunnel) URL; loopback when it listens on every interface, since `http://0.0.0.0` does not connect everywhere.
 */
export function localOrigin(status: ServerStatus): string | null {
  if (status.state !== 'running' || status.url === null) return null
  if (status.host === '0.0.0.0') return `http://127.0.0.1:${status.port}`
  if (status.host === '::') return `http://[::1]:${status.port}`
  return status.url
}

/** The Okta simulator and the SPEC-test self-check, against the embedded server. */
export function demoHandlers(deps: HandlerDeps, runner: DemoRunner = createDemoRunner(deps.services)): HandlerMap<
  'demo:start' | 'demo:control' | 'demo:get' | 'demo:conformance' | 'demo:conformance-cancel' | 'demo:conformance-status'
> {
  const { server } = deps
  // A run left going when the app quits would keep its token live for a day.
  deps.atQuit?.(() => runner.close())

  const origin = (): string | null => localOrigin(server.status())

  const stopped = 'The SCIM server is not running. Start it on the Server page, then try again.'

  return {
    'demo:start': handle(
      'demo:start',
      z
        .object({
          tenant: tenantRef,
          mode: z.enum(['catalog', 'wizard', 'entra', 'entra-legacy', 'entra-on-demand', 'entra-on-demand-group']),
          users: z.number().int().min(1).max(maxUiUsers),
          speed: z.number().positive().max(1_000_000).optional(),
          paused: z.boolean().optional()
        })
        .strict(),
      (input) => {
        const url = origin()
        if (!url) return fail('failed_precondition', stopped)
        return runner.start({ ...input, origin: url })
      }
    ),
    'demo:control': handle(
      'demo:control',
      z.object({ runId: z.string().min(1).max(100), action: z.enum(['pause', 'resume', 'step', 'cancel']) }).strict(),
      (input) => runner.control(input.runId, input.action)
    ),
    'demo:get': handle('demo:get', z.object({ runId: z.string().min(1).max(100) }).strict(), (input) => runner.get(input.runId)),
    'demo:conformance': handle('demo:conformance', z.object({ tenant: tenantRef, suite: z.enum(['okta', 'entra']).optional() }).strict(), async (input) => {
      const url = origin()
      if (!url) return fail('failed_precondition', stopped)
      return runner.conformance({ tenant: input.tenant, origin: url, suite: input.suite })
    }),
    'demo:conformance-cancel': handle('demo:conformance-cancel', z.object({ tenant: tenantRef }).strict(), (input) => runner.cancelConformance(input.tenant)),
    'demo:conformance-status': handle('demo:conformance-status', z.object({ tenant: tenantRef }).strict(), (input) => runner.conformanceRun(input.tenant))
  }
}
