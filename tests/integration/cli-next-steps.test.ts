/**
 * The CLI's hints name the command to run next. Pasted, the line must act on the database the user named with --db,
 * not on the default one: the hint repeats --db, quoted for the shell, and only when it was given on the command line.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createServices } from '../../src/main/core/services'
import { runCommandLine } from '../support/cli'

let dir: string
let dbPath: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scim-console-next-steps-'))
  // A folder a shell would split, and a quote a naive quoting would break.
  mkdirSync(join(dir, "Jo's databases"))
  dbPath = join(dir, "Jo's databases", 'console.db')
})
afterEach(() => {
  delete process.env.SCIM_CONSOLE_DB
  rmSync(dir, { recursive: true, force: true })
})

/** The arguments a POSIX shell makes of a hint line pasted after `scim-console`. */
function pasted(hint: string): string[] {
  const words = hint.replace(/^.*?scim-console /, '')
  return execFileSync('sh', ['-c', `printf '%s\\n' ${words}`], { encoding: 'utf8' }).trimEnd().split('\n')
}

it.skipIf(process.platform === 'win32')('the hint after tenant create, pasted into a shell, issues a token in the same database', async () => {
  const created = await runCommandLine(['tenant', 'create', 'Acme Corp', '--db', dbPath])
  expect(created.code).toBe(0)
  const hint = created.out.find((line) => line.startsWith('Next: '))
  expect(hint).toBe(`Next: scim-console token issue acme --db '${dbPath.replace("'", "'\\''")}'`)
  const issued = await runCommandLine(pasted(hint ?? ''))
  expect(issued.code).toBe(0)
  const listed = await runCommandLine(['token', 'list', 'acme', '--db', dbPath, '--json'])
  expect(JSON.parse(listed.out.join('\n'))).toHaveLength(1)
})

it('a database named by SCIM_CONSOLE_DB is not repeated, and --json is as before', async () => {
  process.env.SCIM_CONSOLE_DB = dbPath
  const created = await runCommandLine(['tenant', 'create', 'Acme Corp'])
  expect(created.out.at(-1)).toBe('Next: scim-console token issue acme')
  const json = await runCommandLine(['tenant', 'create', 'Globex', '--db', dbPath, '--json'])
  expect(Object.keys(JSON.parse(json.out.join('\n')) as object)).toEqual(['id', 'name', 'slug', 'scimPath', 'setupProvider'])
})

it('the hints of an empty tenant list and token list name the database given', async () => {
  const db = join(dir, 'my console.db')
  // A database with no tenant yet, as the app makes it on its first start.
  createServices({ dbPath: db }).close()
  const tenants = await runCommandLine(['--db', db, 'tenant', 'list'])
  expect(tenants.out).toEqual([`No tenants yet. Create one: scim-console tenant create "Acme Corp" --db '${db}'`])
  expect((await runCommandLine(['tenant', 'create', 'Acme Corp', '--db', db])).code).toBe(0)
  const tokens = await runCommandLine(['token', 'list', 'acme', '--db', db])
  expect(tokens.out).toEqual([`No tokens. Issue one: scim-console token issue acme --db '${db}'`])
})

it("every command an error names, to run next or to find an id, acts on the database given, quoted for the shell", async () => {
  const quoted = `'${dbPath.replaceAll("'", "'\\''")}'`
  const on = (...args: string[]) => runCommandLine([...args, '--db', dbPath])
  expect((await on('tenant', 'create', 'Acme Corp')).code).toBe(0)
  const issued = JSON.parse((await on('token', 'issue', 'acme', '--json')).out.join('')) as { prefix: string }
  const failures: readonly (readonly [args: readonly string[], hint: string])[] = [
    [['logs', '--tenant', 'initech'], `scim-console tenant list --db ${quoted} lists the tenants`],
    [['logs', '--tenant', 'acmee'], `(scim-console tenant list --db ${quoted} lists the tenants)`],
    [['token', 'revoke', issued.prefix], `scim-console token list TENANT --db ${quoted}`],
    [['token', 'revoke', `scim_${'x'.repeat(43)}`], `scim-console token list TENANT --db ${quoted}`],
    [['logs', 'show', '999999'], `scim-console logs --db ${quoted} lists the entries`],
    [['logs', 'show', 'abc'], `scim-console logs --db ${quoted}`],
    [['logs', 'show'], `scim-console logs show ID --db ${quoted}`],
    [['logs', '--failed', 'show', '1'], `scim-console logs show ID --db ${quoted}`],
    [['tenant', 'delete', 'acme', '--yes'], `scim-console token list acme --db ${quoted}, then scim-console token revoke TOKEN_ID --db ${quoted}`]
  ]
  for (const [args, hint] of failures) {
    const { code, err } = await on(...args)
    expect(code, args.join(' ')).toBeGreaterThan(0)
    expect(err, args.join(' ')).toHaveLength(1)
    const line = err[0] ?? ''
    expect(line).toContain(hint)
    // No command named without it: each "scim-console …" but the pointer to --help carries --db.
    const named = line.replace(/^scim-console: /, '').replace(/ \(see scim-console --help\)$/, '').split('scim-console ').length - 1
    expect(line.split(` --db ${quoted}`).length - 1, line).toBe(named)
  }
})

it('a tenant or token id the database does not hold is answered with the command that lists them, on that database', async () => {
  const quoted = `'${dbPath.replaceAll("'", "'\\''")}'`
  const on = (...args: string[]) => runCommandLine([...args, '--db', dbPath])
  expect((await on('tenant', 'create', 'Acme Corp')).code).toBe(0)
  const tenants = `scim-console: No tenant has the id or slug "initech". scim-console tenant list --db ${quoted} lists the tenants`
  for (const args of [
    ['token', 'issue', 'initech'],
    ['token', 'list', 'initech'],
    ['tenant', 'update', 'initech', '--rate-limit', '5'],
    ['tenant', 'delete', 'initech', '--yes'],
    ['demo', 'okta', 'initech', '--url', 'http://127.0.0.1:9'],
    ['demo', 'conformance', 'initech', '--url', 'http://127.0.0.1:9']
  ]) {
    expect(await on(...args), args.join(' ')).toEqual({ code: 1, out: [], err: [tenants] })
  }
  expect(await on('token', 'revoke', '8d3c4f0e-0000-4000-8000-000000000000')).toEqual({
    code: 1,
    out: [],
    err: [`scim-console: No API token has the id "8d3c4f0e-0000-4000-8000-000000000000". Find the id with: scim-console token list TENANT --db ${quoted}`]
  })
})

it("a tenant's name or a slug a letter off, given for TENANT, is answered with the slug meant, as logs --tenant answers it", async () => {
  const quoted = `'${dbPath.replaceAll("'", "'\\''")}'`
  const on = (...args: string[]) => runCommandLine([...args, '--db', dbPath])
  expect((await on('tenant', 'create', 'Acme Corp')).code).toBe(0)
  for (const given of ['Acme Corp', 'acmee']) {
    const meant = `scim-console: No tenant has the id or slug "${given}". Did you mean acme? (scim-console tenant list --db ${quoted} lists the tenants)`
    expect(await on('token', 'issue', given)).toEqual({ code: 1, out: [], err: [meant] })
    expect(await on('tenant', 'update', given, '--rate-limit', '5')).toEqual({ code: 1, out: [], err: [meant] })
  }
})
