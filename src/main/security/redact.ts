import { inspect } from 'node:util'

/** What stands in for a secret in console and crash output. */
export const redactedMark = '[redacted]'

// A SCIM Console token is `scim_` and 43 base64url characters; its first four stay visible (as in the UI's prefix) so
// that Support can still tell two tokens apart in a log. A %-escape may stand right before one, in a URL's query
// (`%22scim_…` in a filter), where a word boundary does not.
const consoleToken = /(?:\b|(?<=%[0-9A-Fa-f]{2}))scim_([A-Za-z0-9_-]{4})[A-Za-z0-9_-]{4,}/g
const authorizationValue = /\b(Bearer|Basic)\s+(?!scim_)[A-Za-z0-9._~+/=-]{6,}/gi
const authorizationHeader = /(\bauthorization["']?\s*[:=]\s*["']?)(?!Bearer\b|Basic\b)[^\s"',}]{6,}/gi

/**
 * The words that make a name hold a secret (`apiSecret`, `accessToken`, `newPassword`, `passwd`, `pwd`, `api_key`), as
 * a regular expression's alternatives: the one list for console and crash output, CLI errors and the provisioning log's
 * keys, paths, text, filters and query parameters, so that every mask agrees on what a secret is.
 */
export const secretWords = 'pass(?:word|wd)|pwd|secret|token|api[_-]?key'

// A field (`password=…`, `"apiSecret": "…"`, `client_secret: …`) whose name holds a secret word, and its value. The
// name starts where a run of name characters does; the first lookahead finds the word in it and the second takes it
// whole, so that a long name is scanned once, not again from each of its characters.
const secretField = new RegExp(
  `(["']?(?<![\\w-])(?=[\\w-]*?(?:${secretWords}))(?=([\\w-]+))\\2["']?\\s*[:=]\\s*)(?:"(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*'|[^\\s&,;}]+)`,
  'gi'
)

/**
 * Masks every secret the console handles in a piece of text: its own API tokens, Authorization values, and
 * password/secret/token fields in JSON, query strings or `key=value` text. Used for anything main prints.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(consoleToken, (_match, visible: string) => `scim_${visible}…${redactedMark}`)
    .replace(authorizationValue, (_match, scheme: string) => `${scheme} ${redactedMark}`)
    .replace(authorizationHeader, (_match, head: string) => `${head}${redactedMark}`)
    .replace(secretField, (_match, head: string) => `${head}${redactedMark}`)
}

/** One value as console text (an error with its stack, an object inspected), with secrets masked. */
export function formatForLog(value: unknown): string {
  if (typeof value === 'string') return redactSecrets(value)
  if (value instanceof Error) {
    const cause = value.cause === undefined ? '' : `\nCaused by: ${formatForLog(value.cause)}`
    return redactSecrets(value.stack ?? `${value.name}: ${value.message}`) + cause
  }
  return redactSecrets(inspect(value, { depth: 4, breakLength: 120 }))
}

/** The console methods main uses; a real `console` satisfies it. */
export interface ConsoleLike {
  log(...args: unknown[]): void
  info(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
  debug(...args: unknown[]): void
}

const methods = ['log', 'info', 'warn', 'error', 'debug'] as const

/**
 * Makes every console method of `target` redact its arguments before printing, so that no code in the main process
 * (ours or a dependency's) can print a token to the terminal or a crash log. Answers a function that undoes it.
 */
export function redactConsole(target: ConsoleLike): () => void {
  const originals = methods.map((method) => [method, target[method]] as const)
  for (const [method, original] of originals) {
    target[method] = (...args: unknown[]) => original.call(target, ...args.map(formatForLog))
  }
  return () => {
    for (const [method, original] of originals) target[method] = original
  }
}

/**
 * A crash report for the terminal and the error dialog: the error with secrets masked. Main installs it for
 * `uncaughtException` and `unhandledRejection`, which would otherwise print the raw error.
 */
export function crashReport(kind: string, error: unknown): string {
  return `SCIM Console: ${kind}\n${formatForLog(error)}`
}
