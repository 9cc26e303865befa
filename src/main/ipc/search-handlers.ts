import { z } from 'zod'
import { ok } from '../../shared/result'
import type { HandlerDeps } from './handlers'
import { handle, type HandlerMap } from './define'

/** The command palette: tenants, users and groups of every tenant matching a few typed characters. */
export function searchHandlers(deps: HandlerDeps): HandlerMap<'search:everything'> {
  const { search } = deps.services
  return {
    'search:everything': handle('search:everything', z.object({ text: z.string().max(200) }).strict(), ({ text }) =>
      ok(search.everything(text))
    )
  }
}
