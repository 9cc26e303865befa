import type { z } from 'zod'
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/ipc'
import { fail } from '../../shared/result'

/** A channel's handler: takes unvalidated input, answers the channel's Result. */
export type Handler<C extends Channel> = (input: unknown) => ChannelOutput<C> | Promise<ChannelOutput<C>>

/** A feature's share of the handler map. */
export type HandlerMap<C extends Channel> = { readonly [K in C]: Handler<K> }

/**
 * Wraps a handler with its input schema, so that every transport (Electron IPC, the E2E harness) gets the same checks.
 * Schemas should be `strict()`: a renderer that sends more than the contract is a bug.
 */
export function handle<C extends Channel>(
  channel: C,
  schema: z.ZodType,
  run: (input: ChannelInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>
): Handler<C> {
  return (raw) => {
    const parsed = schema.safeParse(raw ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.length ? ` (${issue.path.join('.')})` : ''
      return fail('invalid_argument', `Invalid request to ${channel}${where}: ${issue?.message ?? 'bad input'}.`) as ChannelOutput<C>
    }
    return run(parsed.data as ChannelInput<C>)
  }
}
