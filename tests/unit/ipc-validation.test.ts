import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { channels, type Channel } from '../../src/shared/ipc'
import { ok, type AppError } from '../../src/shared/result'
import { createServices, type Services } from '../../src/main/core/services'
import { handle } from '../../src/main/ipc/define'
import { createHandlers, type Handlers } from '../../src/main/ipc/handlers'
import { inertNative } from '../support/handler-deps'
import { createServerController } from '../../src/main/scim/controller'

// Inputs a compromised or buggy renderer might send. null and undefined are left out: they read as `{}`, which is the
// valid input of the channels that take none.
const junk: readonly unknown[] = [
  42,
  'tenants',
  true,
  [1, 2, 3],
  { unexpected: true },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { tenant: 42, id: [], query: 'x', patch: 7, url: 5, text: {}, tokenId: null, runId: { $ne: '' }, name: Number.POSITIVE_INFINITY }
]

describe('IPC argument validation', () => {
  let dir: string
  let services: Services
  let handlers: Handlers
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-ipc-'))
    services = createServices({ dbPath: join(dir, 'console.db') })
    const server = createServerController(services, { host: '127.0.0.1', port: 0 })
    handlers = createHandlers({ services, server, native: inertNative, appInfo: () => ({ version: '0', databasePath: services.dbPath, versions: {} }) })
  })
  afterAll(() => {
    services.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('has a handler for every channel of the contract, and no other', () => {
    expect(Object.keys(handlers).sort()).toEqual([...channels].sort())
  })

  it.each(channels.map((channel) => [channel]))('%s refuses junk with invalid_argument and never throws', async (channel: Channel) => {
    const handler = handlers[channel] as (input: unknown) => unknown
    for (const input of junk) {
      let result: unknown
      await expect(
        (async () => {
          result = await handler(input)
        })()
      ).resolves.toBeUndefined()
      const answer = result as { ok: boolean; error?: { code: string; message: string } }
      expect(answer.ok, `${channel} accepted ${JSON.stringify(input)}`).toBe(false)
      // A feature still being built in parallel answers `unavailable` for everything; it is validated once it lands.
      if (answer.error?.code === 'unavailable' && /not built yet/.test(answer.error.message)) return
      expect(answer.error?.code, `${channel} with ${JSON.stringify(input)}: ${answer.error?.message}`).toBe('invalid_argument')
      // The UI shows the message as it is: a sentence, never zod's wording.
      expect(answer.error?.message, channel).toMatch(/^[A-Z].*\.$/s)
      expect(answer.error?.message, channel).not.toMatch(/Invalid input|Too big|Too small|expected \w+, received/)
    }
  })

  describe('refusals the UI shows', () => {
    const refusal = async (channel: Channel, input: unknown): Promise<AppError | undefined> => {
      const answer = (await (handlers[channel] as (input: unknown) => unknown)(input)) as { ok: boolean; error?: AppError }
      return answer.error
    }

    it('names the field and its limit when a user types too much', async () => {
      const error = await refusal('directory:create-user', { tenant: 'acme', user: { userName: 'x'.repeat(600) } })
      expect(error).toMatchObject({ code: 'invalid_argument', message: 'The userName is too long: at most 500 characters.' })
      expect((await refusal('directory:users', { tenant: 'acme', search: 's'.repeat(201) }))?.message).toBe('The search text is too long: at most 200 characters.')
      expect((await refusal('directory:create-user', { tenant: 'acme', user: { userName: 'jane', givenName: 'g'.repeat(501) } }))?.message).toBe(
        'The first name is too long: at most 500 characters.'
      )
    })

    it('says a required field is empty', async () => {
      expect((await refusal('tenants:get', { tenant: '   ' }))?.message).toBe('The tenant is empty.')
    })

    it("checks the self-test's cancel and status like every channel: a tenant, and nothing else", async () => {
      for (const channel of ['demo:conformance-cancel', 'demo:conformance-status'] as const) {
        expect((await refusal(channel, { tenant: '' }))?.message).toBe('The tenant is empty.')
        expect((await refusal(channel, { tenant: 't'.repeat(201) }))?.message).toBe('The tenant is too long: at most 200 characters.')
        expect((await refusal(channel, { tenant: 'acme', runId: 'r1' }))?.message).toBe(
          `SCIM Console sent an unexpected request (${channel}: the request has unknown field runId). This is a bug; please report it.`
        )
        expect((await refusal(channel, {}))?.message).toBe(`SCIM Console sent an unexpected request (${channel}: tenant must be text). This is a bug; please report it.`)
        // Valid input reaches the runner, which names the unknown tenant.
        expect(await refusal(channel, { tenant: 'nope' })).toMatchObject({ code: 'not_found', message: 'No tenant has the id or slug "nope".' })
      }
    })

    it('reports a request no screen can send as a bug, naming the channel and the field', async () => {
      expect((await refusal('directory:create-user', { tenant: 'acme', user: { userName: 42 } }))?.message).toBe(
        'SCIM Console sent an unexpected request (directory:create-user: user.userName must be text). This is a bug; please report it.'
      )
      expect((await refusal('directory:create-user', { tenant: 'acme', user: { userName: 'x', password: 'secret' } }))?.message).toBe(
        'SCIM Console sent an unexpected request (directory:create-user: user has unknown field password). This is a bug; please report it.'
      )
      expect((await refusal('tenants:get', 42))?.message).toBe(
        'SCIM Console sent an unexpected request (tenants:get: the request must be an object). This is a bug; please report it.'
      )
    })

    it("keeps zod's own wording in details for the bug report", async () => {
      const error = await refusal('directory:create-user', { tenant: 'acme', user: { userName: 'x'.repeat(600) } })
      expect(error?.details).toEqual({
        channel: 'directory:create-user',
        issues: [{ path: 'user.userName', code: 'too_big', message: 'Too big: expected string to have <=500 characters' }]
      })
    })
  })
})

describe('input-check sentences', () => {
  // Any channel will do: handle() words the refusal from the schema alone, so the schema need not fit the channel.
  const messageFor = async (schema: z.ZodType, input: unknown): Promise<string | undefined> => {
    const answer = await handle('tenants:get', schema as never, () => ok({}) as never)(input)
    return answer.ok ? undefined : answer.error.message
  }

  it.each([
    ['a string too long', z.object({ name: z.string().max(5) }), { name: 'toolong' }, 'The name is too long: at most 5 characters.'],
    ['a string of one character at most', z.object({ slug: z.string().max(1) }), { slug: 'ab' }, 'The slug is too long: at most 1 character.'],
    ['an empty string', z.object({ name: z.string().trim().min(1) }), { name: '  ' }, 'The name is empty.'],
    ['a string too short', z.object({ name: z.string().min(3) }), { name: 'ab' }, 'The name is too short: at least 3 characters.'],
    ['a string of fixed length', z.object({ code: z.string().length(4) }), { code: 'abc' }, 'The code must be exactly 4 characters long.'],
    ['a number too large', z.object({ limit: z.number().max(500) }), { limit: 501 }, 'The page size is too large: at most 500.'],
    ['a number too small', z.object({ rateLimitPerMinute: z.number().min(1) }), { rateLimitPerMinute: 0 }, 'The rate limit per minute is too small: at least 1.'],
    ['a number not positive', z.object({ speed: z.number().positive() }), { speed: 0 }, 'The speed must be more than 0.'],
    ['a number not below a bound', z.object({ ratio: z.number().lt(1) }), { ratio: 1 }, 'The ratio must be less than 1.'],
    ['a fraction for a whole number', z.object({ days: z.number().int() }), { days: 1.5 }, 'The days must be a whole number.'],
    ['a number not a multiple', z.object({ step: z.number().multipleOf(5) }), { step: 3 }, 'The step must be a multiple of 5.'],
    ['a list too long', z.object({ memberIds: z.array(z.string()).max(10_000) }), { memberIds: Array(10_001).fill('u') }, 'The member list has too many entries: at most 10,000.'],
    ['an empty list', z.object({ rules: z.array(z.string()).min(1) }), { rules: [] }, 'The list of rules is empty.'],
    ['a list too short', z.object({ rules: z.array(z.string()).min(2) }), { rules: ['a'] }, 'The list of rules has too few entries: at least 2.'],
    ['an entry of a list', z.object({ memberIds: z.array(z.string().max(3)) }), { memberIds: ['ok', 'toolong'] }, 'Entry 2 of the member list is too long: at most 3 characters.'],
    ['a value not in a list', z.object({ format: z.enum(['csv', 'ndjson']) }), { format: 'xlsx' }, 'The format must be one of csv or ndjson.'],
    ['a value not among several', z.object({ status: z.enum(['all', 'active', 'inactive']) }), { status: 'x' }, 'The status must be one of all, active or inactive.'],
    ['a value other than the one allowed', z.object({ kind: z.literal('user') }), { kind: 'group' }, 'The kind must be user.'],
    ['an email address', z.object({ email: z.email() }), { email: 'jane' }, 'The email is not a valid email address.'],
    ['a URL', z.object({ publicUrl: z.url() }), { publicUrl: 'not a url' }, 'The public URL is not a valid URL.'],
    ['a pattern', z.object({ slug: z.string().regex(/^[a-z]+$/) }), { slug: 'A B' }, 'The slug is not in the expected format.'],
    ['a refinement, in its own words', z.object({ from: z.string().refine(() => false, 'The start time is not an ISO 8601 time.') }), { from: 'x' }, 'The start time is not an ISO 8601 time.']
  ])('words %s for people', async (_case, schema, input, message) => {
    expect(await messageFor(schema, input)).toBe(message)
  })

  it.each([
    ['a wrong type', z.object({ active: z.boolean() }), { active: 'yes' }, 'active must be true or false'],
    ['a missing field', z.object({ user: z.object({ userName: z.string() }) }), { user: {} }, 'user.userName must be text'],
    ['unknown fields', z.object({}).strict(), { a: 1, b: 2 }, 'the request has unknown fields a, b'],
    ['no matching shape', z.object({ id: z.union([z.string(), z.number()]) }), { id: true }, 'id is not valid: Invalid input']
  ])('reports %s as a bug of SCIM Console', async (_case, schema, input, problem) => {
    expect(await messageFor(schema, input)).toBe(`SCIM Console sent an unexpected request (tenants:get: ${problem}). This is a bug; please report it.`)
  })
})
