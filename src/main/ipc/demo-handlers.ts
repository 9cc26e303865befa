import { z } from 'zod'
import { fail } from '../../shared/result'
import { createDemoRunner, maxDemoUsers, type DemoRunner } from '../demo/demo-runner'
import type { HandlerDeps } from './handlers'
import { handle, type HandlerMap } from './define'

const tenantRef = z.string().trim().min(1).max(200)
// The renderer gets every step of a run in each progress event; beyond this a live demo is unreadable anyway.
const maxUiUsers = Math.min(100, maxDemoUsers)

/** The Okta simulator and the SPEC-test self-check, against the embedded server. */
export function demoHandlers(deps: HandlerDeps, runner: DemoRunner = createDemoRunner(deps.services)): HandlerMap<
  'demo:start' | 'demo:control' | 'demo:get' | 'demo:conformance'
> {
  const { server } = deps

  // The simulator plays Okta on this machine, so it talks to the local listener, never the public (tunnel) URL.
  function origin(): string | null {
    const status = server.status()
    return status.state === 'running' ? status.url : null
  }

  const stopped = 'The SCIM server is not running. Start it on the Server page, then try again.'

  return {
    'demo:start': handle(
      'demo:start',
      z
        .object({
          tenant: tenantRef,
          mode: z.enum(['catalog', 'wizard']),
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
    'demo:conformance': handle('demo:conformance', z.object({ tenant: tenantRef }).strict(), async (input) => {
      const url = origin()
      if (!url) return fail('failed_precondition', stopped)
      return runner.conformance({ tenant: input.tenant, origin: url })
    })
  }
}
