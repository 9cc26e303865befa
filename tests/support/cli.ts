import { runCli } from '../../src/main/cli/index'

/** What one command line printed, a line an element, and its exit code. */
export interface CliRun {
  readonly code: number
  readonly out: string[]
  readonly err: string[]
}

/**
 * Where a command prints, kept a line an element: for a test that reads what a command prints while it runs
 * (`logs --follow`, `serve`). A call that prints several lines at once counts as several, on stdout and stderr alike,
 * so that "one line on stderr" is checked as the user sees it.
 */
export function capturedIo(): { readonly io: { out: (line: string) => void; err: (line: string) => void }; readonly out: string[]; readonly err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return { io: { out: (line) => void out.push(...line.split('\n')), err: (line) => void err.push(...line.split('\n')) }, out, err }
}

/** Runs a command line exactly as given (no --db added), as `scim-console …` would, and captures what it prints. */
export async function runCommandLine(args: readonly string[], signal: AbortSignal = new AbortController().signal): Promise<CliRun> {
  const { io, out, err } = capturedIo()
  return { code: await runCli(args, io, signal), out, err }
}

/** Runs command lines in this process, as `scim-console --db <db> …` would, and captures what they print. */
export function cliOn(db: () => string): (...args: string[]) => Promise<CliRun> {
  return (...args) => runCommandLine(['--db', db(), ...args])
}
