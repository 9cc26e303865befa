import { runCli } from '../../src/main/cli/index'

/** What one command line printed, a line an element, and its exit code. */
export interface CliRun {
  readonly code: number
  readonly out: string[]
  readonly err: string[]
}

/** Runs command lines in this process, as `scim-console --db <db> …` would, and captures what they print. */
export function cliOn(db: () => string): (...args: string[]) => Promise<CliRun> {
  return async (...args) => {
    const out: string[] = []
    const err: string[] = []
    const io = { out: (line: string) => void out.push(...line.split('\n')), err: (line: string) => void err.push(line) }
    return { code: await runCli(['--db', db(), ...args], io, new AbortController().signal), out, err }
  }
}
