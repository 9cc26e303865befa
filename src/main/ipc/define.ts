import type { z } from 'zod'
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/ipc'
import { fail } from '../../shared/result'

/** A channel's handler: takes unvalidated input, answers the channel's Result. */
export type Handler<C extends Channel> = (input: unknown) => ChannelOutput<C> | Promise<ChannelOutput<C>>

/** A feature's share of the handler map. */
export type HandlerMap<C extends Channel> = { readonly [K in C]: Handler<K> }

type Issue = z.core.$ZodIssue

// Fields as the screens name them, where the key would read badly in a sentence. Other keys are split into words
// (`rateLimitPerMinute`), except the SCIM attribute names that CSMs know from Okta.
const fieldNames: ReadonlyMap<string, string> = new Map([
  ['search', 'search text'],
  ['text', 'search text'],
  ['givenName', 'first name'],
  ['familyName', 'last name'],
  ['memberIds', 'member list'],
  ['rules', 'list of rules'],
  ['users', 'number of users'],
  ['publicUrl', 'public URL'],
  ['url', 'URL'],
  ['latencyMs', 'latency in milliseconds'],
  ['expiresInDays', 'number of days before expiry'],
  ['limit', 'page size'],
  ['cursor', 'page marker']
])

const scimAttributes = new Set(['userName', 'externalId'])

const formatNames: ReadonlyMap<string, string> = new Map([
  ['email', 'email address'],
  ['url', 'URL'],
  ['uuid', 'id'],
  ['datetime', 'date and time (ISO 8601)'],
  ['date', 'date (YYYY-MM-DD)'],
  ['time', 'time of day'],
  ['ipv4', 'IPv4 address'],
  ['ipv6', 'IPv6 address']
])

// What an input of each type is, for the report of a renderer bug.
const typeNames: ReadonlyMap<string, string> = new Map([
  ['string', 'text'],
  ['number', 'a number'],
  ['boolean', 'true or false'],
  ['object', 'an object'],
  ['array', 'a list'],
  ['null', 'null']
])

function fieldName(key: string): string {
  if (scimAttributes.has(key)) return key
  return fieldNames.get(key) ?? key.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`)
}

/** The field an issue is about: "the userName", "entry 3 of the member list". */
function fieldPhrase(path: readonly PropertyKey[]): string {
  const last = path.at(-1)
  if (last === undefined) return 'the request'
  if (typeof last === 'number') return `entry ${last + 1} of ${fieldPhrase(path.slice(0, -1))}`
  return `the ${fieldName(String(last))}`
}

function amount(value: number | bigint): string {
  return value.toLocaleString('en-US')
}

function characters(value: number | bigint): string {
  return `${amount(value)} ${Number(value) === 1 ? 'character' : 'characters'}`
}

function tooBig(field: string, issue: Extract<Issue, { code: 'too_big' }>): string {
  const limit = issue.maximum
  if (issue.origin === 'string') return issue.exact ? `${field} must be exactly ${characters(limit)} long.` : `${field} is too long: at most ${characters(limit)}.`
  if (issue.origin === 'array' || issue.origin === 'set') return `${field} has too many entries: at most ${amount(limit)}.`
  return issue.inclusive === false ? `${field} must be less than ${amount(limit)}.` : `${field} is too large: at most ${amount(limit)}.`
}

function tooSmall(field: string, issue: Extract<Issue, { code: 'too_small' }>): string {
  const limit = issue.minimum
  if (issue.origin === 'string') {
    if (issue.exact) return `${field} must be exactly ${characters(limit)} long.`
    return Number(limit) <= 1 ? `${field} is empty.` : `${field} is too short: at least ${characters(limit)}.`
  }
  if (issue.origin === 'array' || issue.origin === 'set') return Number(limit) <= 1 ? `${field} is empty.` : `${field} has too few entries: at least ${amount(limit)}.`
  return issue.inclusive === false ? `${field} must be more than ${amount(limit)}.` : `${field} is too small: at least ${amount(limit)}.`
}

function oneOf(values: readonly unknown[]): string {
  const words = values.map(String)
  return words.length > 1 ? `one of ${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : words.join('')
}

/**
 * A request that no screen can produce: the renderer has a bug. The person cannot fix it, so the sentence says so and
 * carries what a developer needs from the bug report.
 */
function unexpected(channel: Channel, issue: Issue): string {
  const path = issue.path.map(String).join('.')
  const where = path ? `${path} ` : 'the request '
  let problem: string
  if (issue.code === 'invalid_type') problem = `${where}must be ${typeNames.get(issue.expected) ?? issue.expected}`
  else if (issue.code === 'unrecognized_keys') problem = `${where}has unknown ${issue.keys.length === 1 ? 'field' : 'fields'} ${issue.keys.join(', ')}`
  else problem = `${where}is not valid: ${issue.message}`
  return `SCIM Console sent an unexpected request (${channel}: ${problem}). This is a bug; please report it.`
}

/** One input problem as a sentence for the person who typed it: which field, and what it may hold. */
function describeIssue(channel: Channel, issue: Issue): string {
  const phrase = fieldPhrase(issue.path)
  const field = `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}`
  switch (issue.code) {
    case 'too_big':
      return tooBig(field, issue)
    case 'too_small':
      return tooSmall(field, issue)
    case 'invalid_type':
      return issue.expected === 'int' ? `${field} must be a whole number.` : unexpected(channel, issue)
    case 'invalid_format': {
      const format = formatNames.get(issue.format)
      return format ? `${field} is not a valid ${format}.` : `${field} is not in the expected format.`
    }
    case 'invalid_value':
      return `${field} must be ${oneOf(issue.values)}.`
    case 'not_multiple_of':
      return `${field} must be a multiple of ${amount(issue.divisor)}.`
    // A refinement's own message was written for people.
    case 'custom':
      return issue.message
    default:
      return unexpected(channel, issue)
  }
}

/**
 * Wraps a handler with its input schema, so that every transport (Electron IPC, the E2E harness) gets the same checks.
 * Schemas should be `strict()`: a renderer that sends more than the contract is a bug. The UI shows the message of a
 * refusal as it is, so it is a sentence; zod's own wording stays in `details` for bug reports.
 */
export function handle<C extends Channel>(
  channel: C,
  // Typed by the contract: a schema that parses to anything but the channel's input does not compile.
  schema: z.ZodType<ChannelInput<C>, unknown>,
  run: (input: ChannelInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>
): Handler<C> {
  return (raw) => {
    const parsed = schema.safeParse(raw ?? {})
    if (!parsed.success) {
      const issues = parsed.error.issues
      const message = issues[0] ? describeIssue(channel, issues[0]) : `SCIM Console sent an unexpected request (${channel}). This is a bug; please report it.`
      const details = { channel, issues: issues.map((issue) => ({ path: issue.path.map(String).join('.'), code: issue.code, message: issue.message })) }
      return fail('invalid_argument', message, details) as ChannelOutput<C>
    }
    return run(parsed.data)
  }
}
