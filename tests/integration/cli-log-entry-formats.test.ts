/**
 * One request reads the same wherever the CLI prints it: `serve` prints each request it answers as `logs --follow`
 * prints it (the same columns, the id that `logs show` takes, an injected failure marked, milliseconds rounded alike),
 * and `serve --json` prints the object `logs --json` prints, with `operationLabel`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { LogEntrySummary } from '../../src/shared/models'
import { runCli } from '../../src/main/cli/index'
import { noFaults } from '../../src/main/core/faults'
import { createServices } from '../../src/main/core/services'
import { capturedIo, cliOn } from '../support/cli'

let dir: string
let db: string
let token: string
const cli = cliOn(() => db)
const waiting = { timeout: 10_000 }

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scim-console-cli-log-formats-'))
  db = join(dir, 'console.db')
  const services = createServices({ dbPath: db })
  try {
    const acme = services.tenants.create({ name: 'Acme Corp', slug: 'acme' })
    if (!acme.ok) throw new Error(acme.error.message)
    const issued = services.tokens.issue({ tenant: 'acme', label: 'Okta' })
    if (!issued.ok) throw new Error(issued.error.message)
    token = issued.value.token
    // Every read of a user fails on purpose: the log marks it injected.
    const faults = services.faults.set(acme.value.id, { ...noFaults, rules: [{ id: 'r', operation: 'get-user', status: 500, detail: 'Broken on purpose.', mode: 'percent', percent: 100 }] })
    if (!faults.ok) throw new Error(faults.error.message)
  } finally {
    services.close()
  }
})

afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `serve` on port 0, sends a list and a (failing) read of a user, and answers what it printed. */
async function served(...flags: string[]): Promise<string[]> {
  const { io, out, err } = capturedIo()
  const controller = new AbortController()
  const running = runCli(['serve', '--port', '0', ...flags, '--db', db], io, controller.signal)
  await vi.waitFor(() => expect(out.length).toBeGreaterThan(0), waiting)
  const url = flags.includes('--json') ? (JSON.parse(out[0] ?? '') as { url: string }).url : (/listening on (\S+)/.exec(out[0] ?? '')?.[1] ?? '')
  const headers = { authorization: `Bearer ${token}`, 'user-agent': 'Okta SCIM Client 1.0.0' }
  const before = out.length
  expect((await fetch(`${url}/scim/v2/acme/Users?count=1`, { headers })).status).toBe(200)
  expect((await fetch(`${url}/scim/v2/acme/Users/00000000-0000-4000-8000-000000000000`, { headers })).status).toBe(500)
  // Text: a header over the first request, then a line each; JSON: a line each.
  await vi.waitFor(() => expect(out.length - before).toBe(flags.includes('--json') ? 2 : 3), waiting)
  controller.abort()
  expect(await running).toBe(0)
  expect(err).toEqual([])
  return out.slice(before)
}

it('serve prints each request as logs --follow does, with its id, the injected mark and the same rounding', async () => {
  const lines = await served()
  const logged = (await cli('logs', '--json')).out.map((line) => JSON.parse(line) as LogEntrySummary).reverse()
  expect(logged.map((entry) => [entry.status, entry.injected])).toEqual([
    [200, false],
    [500, true]
  ])

  const { io, out } = capturedIo()
  const controller = new AbortController()
  const following = runCli(['logs', '--follow', '--db', db], io, controller.signal)
  await vi.waitFor(() => expect(out).toHaveLength(3), waiting)
  controller.abort()
  expect(await following).toBe(0)
  expect(lines).toEqual(out)

  const [header = '', list = '', read = ''] = lines
  expect(header).toMatch(/^ID\s+TIME\s+TENANT\s+STATUS\s+METHOD\s+OPERATION\s+TARGET\s+MS\s+PATH\s+ERROR$/)
  expect(logged.map((entry) => String(entry.id))).toEqual([list, read].map((line) => line.split(/\s+/)[0]))
  expect(read).toMatch(/ {2}\[injected\] Broken on purpose\./)
  const ms = (line: string) => line.slice(header.indexOf('MS'), header.indexOf('PATH')).trim()
  expect([ms(list), ms(read)]).toEqual(logged.map((entry) => String(Math.round(entry.durationMs))))
})

it('serve --json prints the object logs --json prints, operationLabel and all', async () => {
  const lines = await served('--json')
  const streamed = lines.map((line) => JSON.parse(line) as LogEntrySummary & { operationLabel: string })
  const listed = (await cli('logs', '--json')).out.map((line) => JSON.parse(line) as LogEntrySummary & { operationLabel: string }).reverse()
  expect(streamed).toEqual(listed)
  expect(streamed.map((entry) => [entry.status, entry.operationLabel, entry.injected])).toEqual([
    [200, 'Import users', false],
    [500, 'Read user', true]
  ])
  expect(lines.join('\n')).not.toContain(token)
})

it("prints a client's control characters escaped: a newline cannot forge a line, nor an escape drive the terminal", async () => {
  const { io, out, err } = capturedIo()
  const controller = new AbortController()
  const running = runCli(['serve', '--port', '0', '--db', db], io, controller.signal)
  await vi.waitFor(() => expect(out.length).toBeGreaterThan(0), waiting)
  const url = /listening on (\S+)/.exec(out[0] ?? '')?.[1] ?? ''
  const before = out.length
  // No token needed: the slug in the path is logged as the tenant's, and it decodes to a newline and an ANSI colour.
  expect((await fetch(`${url}/scim/v2/ev%0AID%20999%1B%5B31m/Users`)).status).toBe(401)
  await vi.waitFor(() => expect(out.length - before).toBeGreaterThanOrEqual(2), waiting)
  controller.abort()
  expect(await running).toBe(0)
  expect(err).toEqual([])
  const [entry] = (await cli('logs', '--json')).out.map((line) => JSON.parse(line) as LogEntrySummary)
  expect(entry?.tenantSlug).toBe('ev\nID 999\u001b[31m')

  // serve: the header, then one line for the request, its id first (its TENANT column clipped, as a long slug is).
  const served = out.slice(before)
  expect(served).toHaveLength(2)
  expect(served[1]).toMatch(new RegExp(`^${entry?.id} +\\S+ +ev\\\\nID 999\\\\u0…  +401 +GET `))
  expect(served.join('\n')).not.toContain('\u001b')
  // logs, and logs show: the same, and no escape character reaches the terminal.
  const listed = (await cli('logs')).out
  expect(listed).toHaveLength(2)
  expect(listed[1]).toMatch(new RegExp(`^${entry?.id} +\\S+ +ev\\\\nID 999\\\\u001b\\[31m +401 `))
  const shown = await cli('logs', 'show', String(entry?.id))
  expect(shown.code).toBe(0)
  expect(shown.out.join('\n')).not.toContain('\u001b')
  expect(shown.out.filter((line) => line.startsWith('ID 999'))).toEqual([])
})
