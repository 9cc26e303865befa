import { z } from 'zod'
import type { Channel } from '../../shared/ipc'
import { fail } from '../../shared/result'
import { handle, type HandlerMap } from './define'

/** Scaffolding while a feature is being built in parallel: answers `unavailable`. Removed when the feature lands. */
export function notBuilt<C extends Channel>(channels: readonly C[]): HandlerMap<C> {
  return Object.fromEntries(
    channels.map((channel) => [channel, handle(channel, z.unknown(), () => fail('unavailable', `${channel} is not built yet.`) as never)])
  ) as unknown as HandlerMap<C>
}
