import { z } from 'zod'
import type { UnloadHold } from '../../shared/models'
import { ok } from '../../shared/result'
import type { UnloadHolds } from '../core/unload-holds'
import { handle, type HandlerMap } from './define'

// As long as the names the screens put there can be: a tenant's name, a form's "the notification threshold".
const name = z.string().trim().min(1).max(500)

const unloadHold: z.ZodType<UnloadHold, unknown> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('changes'), what: z.array(name).max(50) }).strict(),
  z.object({ kind: z.literal('token'), tenant: name }).strict()
])

/** What the page holds its unload for, which the window's question names (core/leave-question.ts). */
export function unloadHandlers(holds: UnloadHolds): HandlerMap<'app:hold-unload'> {
  return {
    // A screen holds one thing at a time, or a few: more than this is not a page's word but a bug.
    'app:hold-unload': handle('app:hold-unload', z.object({ holds: z.array(unloadHold).max(50) }).strict(), (input) => {
      holds.replace(input.holds)
      return ok(null)
    })
  }
}
