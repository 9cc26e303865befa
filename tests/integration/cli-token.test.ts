/**
 * `scim-console token issue|list|revoke` (DESIGN.md's CLI contract): the secret is printed once, by `issue`; `list`
 * says of each token when it was made, when it expires, when it was revoked and when it was last used.
 */
import { spawn } from 'node:child_process'
import { closeSync, createWriteStream, mkdtempSync, openSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/index'
import { cliOn } from '../support/cli'

let dir: string
let db: string

const cli = cliOn(() => db)

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scim-console-cli-token-'))
  db = join(dir, 'console.db')
  expect((await cli('tenant', 'create', 'Acme Corp')).code).toBe(0)
})

afterEach(() => rmSync(dir, { recursive: true, force: true }))

it('lists a revoked token with the time it was revoked, and never prints a secret but once', async () => {
  const issued = JSON.parse((await cli('token', 'issue', 'acme', '--label', 'Okta production', '--json')).out.join('')) as { id: string; token: string }
  const kept = JSON.parse((await cli('token', 'issue', 'acme', '--label', 'Okta preview', '--json')).out.join('')) as { id: string; token: string }
  expect((await cli('token', 'revoke', issued.id)).code).toBe(0)

  const listed = JSON.parse((await cli('token', 'list', 'acme', '--json')).out.join('')) as { id: string; status: string; revokedAt: string | null }[]
  const revoked = listed.find((token) => token.id === issued.id)
  expect(revoked).toMatchObject({ status: 'revoked', revokedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })
  expect(listed.find((token) => token.id === kept.id)).toMatchObject({ status: 'active', revokedAt: null })

  const { code, out } = await cli('token', 'list', 'acme')
  expect(code).toBe(0)
  const header = out[0]?.split(/\s{2,}/)
  expect(header).toEqual(['ID', 'LABEL', 'PREFIX', 'STATUS', 'CREATED', 'EXPIRES', 'REVOKED', 'LAST USED'])
  const row = (id: string): string[] | undefined => out.find((line) => line.startsWith(id))?.split(/\s{2,}/)
  expect(row(issued.id)?.slice(3)).toEqual(['revoked', expect.any(String), 'never', revoked?.revokedAt, 'never'])
  expect(row(kept.id)?.slice(3)).toEqual(['active', expect.any(String), 'never', '-', 'never'])
  expect(out.join('\n')).not.toContain(issued.token)
  expect(out.join('\n')).not.toContain(kept.token)
})

it('revokes a leaked token by its secret, pasted as it was found, and never repeats a secret in an error', async () => {
  const leaked = JSON.parse((await cli('token', 'issue', 'acme', '--json')).out.join('')) as { id: string; token: string; prefix: string }
  const revoked = await cli('token', 'revoke', leaked.token)
  expect(revoked).toMatchObject({ code: 0, err: [] })
  expect(revoked.out).toEqual([`Revoked "Okta provisioning" (${leaked.prefix}…). Requests with it now get 401.`])
  const listed = JSON.parse((await cli('token', 'list', 'acme', '--json')).out.join('')) as { id: string; status: string }[]
  expect(listed).toEqual([expect.objectContaining({ id: leaked.id, status: 'revoked' })])

  // A secret this database never issued, and a secret given where a tenant goes.
  const unknown = `scim_${'x'.repeat(43)}`
  const notOurs = await cli('token', 'revoke', unknown)
  expect(notOurs).toEqual({
    code: 1,
    out: [],
    err: [`scim-console: scim_xxxx… is an API token's secret, not its id, and no token in this database has it. Find the id with: scim-console token list TENANT --db ${db}`]
  })
  const misplaced = await cli('token', 'list', leaked.token)
  expect(misplaced.code).toBe(1)
  expect(misplaced.err.join('\n')).not.toContain(leaked.token)
  expect(misplaced.err.join('\n')).toContain(`${leaked.prefix}…[redacted]`)
})

it("names the token after the tenant's identity provider, and says where to paste it", async () => {
  expect((await cli('tenant', 'create', 'Contoso', '--provider', 'entra')).code).toBe(0)
  const entra = await cli('token', 'issue', 'contoso')
  expect(entra.out).toContain("This is the only time the token is shown. Paste it into Entra: Provisioning → Admin Credentials → Secret Token.")
  expect(entra.out.at(-1)).toMatch(/^Label: Entra provisioning {2}Id: /)
  expect((await cli('tenant', 'create', 'Globex', '--provider', 'okta')).code).toBe(0)
  expect((await cli('token', 'issue', 'globex')).out).toContain('This is the only time the token is shown. Paste it into Okta: Provisioning → Integration → API Token.')
  // Acme's provider was never said: both places are named, and the label stays Okta's, as before.
  const either = await cli('token', 'issue', 'acme')
  expect(either.out).toContain('This is the only time the token is shown. Paste it into Okta (Provisioning → Integration → API Token) or Entra (Provisioning → Admin Credentials → Secret Token).')
  expect(either.out.at(-1)).toMatch(/^Label: Okta provisioning {2}Id: /)
})

it("takes a token's display prefix, copied from token list, for what it is: not a secret this database lacks", async () => {
  const issued = JSON.parse((await cli('token', 'issue', 'acme', '--json')).out.join('')) as { id: string; prefix: string }
  for (const copied of [issued.prefix, `${issued.prefix}…`]) {
    expect(await cli('token', 'revoke', copied)).toEqual({
      code: 1,
      out: [],
      err: [`scim-console: ${issued.prefix}… is an API token's display prefix (the PREFIX column of token list), not its id. Revoke the token by the ID beside it: scim-console token list TENANT --db ${db}`]
    })
  }
  const listed = JSON.parse((await cli('token', 'list', 'acme', '--json')).out.join('')) as { id: string; status: string }[]
  expect(listed).toEqual([expect.objectContaining({ id: issued.id, status: 'active' })])
})

it('refuses a blank --label, which a script gives by mistake, and issues nothing; a label is kept without its outer blanks', async () => {
  expect((await cli('tenant', 'create', 'Contoso', '--provider', 'entra')).code).toBe(0)
  for (const [tenant, label, fallback] of [['acme', '', 'Okta provisioning'], ['contoso', '  \t', 'Entra provisioning'], ['acme', '\u3000', 'Okta provisioning']] as const) {
    expect(await cli('token', 'issue', tenant, '--label', label, '--json')).toEqual({
      code: 2,
      out: [],
      err: [`scim-console: --label is blank; leave it out to get the default label, "${fallback}" (see scim-console --help)`]
    })
    expect(await cli('token', 'issue', tenant, `--label=${label}`)).toMatchObject({ code: 2, out: [] })
    expect(JSON.parse((await cli('token', 'list', tenant, '--json')).out.join(''))).toEqual([])
  }
  // A tenant that does not exist is still said first.
  expect(await cli('token', 'issue', 'initech', '--label', '')).toMatchObject({ code: 1, err: [`scim-console: No tenant has the id or slug "initech". scim-console tenant list --db ${db} lists the tenants`] })
  const kept = JSON.parse((await cli('token', 'issue', 'acme', '--label', '  Okta preview ', '--json')).out.join('')) as { label: string }
  expect(kept.label).toBe('Okta preview')
})

it('revokes a leaked token pasted with what stood around it: the Authorization header, quotes, the end of its line', async () => {
  for (const pasted of [(token: string) => `Bearer ${token}`, (token: string) => `"${token}"`, (token: string) => ` ${token}\n`, (token: string) => `Authorization: Bearer ${token}`]) {
    const leaked = JSON.parse((await cli('token', 'issue', 'acme', '--json')).out.join('')) as { id: string; token: string; prefix: string }
    const revoked = await cli('token', 'revoke', pasted(leaked.token))
    expect(revoked).toEqual({ code: 0, out: [`Revoked "Okta provisioning" (${leaked.prefix}…). Requests with it now get 401.`], err: [] })
  }
  const listed = JSON.parse((await cli('token', 'list', 'acme', '--json')).out.join('')) as { status: string }[]
  expect(listed.map((token) => token.status)).toEqual(['revoked', 'revoked', 'revoked', 'revoked'])
  // A display prefix in quotes is still one, and an id is still an id.
  const kept = JSON.parse((await cli('token', 'issue', 'acme', '--json')).out.join('')) as { id: string; prefix: string }
  expect((await cli('token', 'revoke', `"${kept.prefix}…"`)).err).toEqual([expect.stringContaining(`${kept.prefix}… is an API token's display prefix`)])
  expect((await cli('token', 'revoke', kept.id)).code).toBe(0)
})

it('revoking a token twice (a revoke script run again) says which token, when it was revoked, and that nothing changed', async () => {
  const issued = JSON.parse((await cli('token', 'issue', 'acme', '--label', 'Okta production', '--json')).out.join('')) as { id: string; token: string; prefix: string }
  expect((await cli('token', 'revoke', issued.id)).code).toBe(0)
  const [listed] = JSON.parse((await cli('token', 'list', 'acme', '--json')).out.join('')) as { revokedAt: string }[]
  const when = `${listed?.revokedAt.slice(0, 10)} ${listed?.revokedAt.slice(11, 19)} UTC`
  const answer = {
    // Still a failure, as it always was: a script tells "revoked now" from "revoked before" by it.
    code: 1,
    out: [],
    err: [
      `scim-console: The token "Okta production" (${issued.prefix}…) was already revoked on ${when}, so nothing changed: requests with it have been refused with 401 since then.`
    ]
  }
  expect(await cli('token', 'revoke', issued.id)).toEqual(answer)
  expect(await cli('token', 'revoke', issued.id, '--json')).toEqual(answer)
  // By its secret, as a leaked token is revoked: the secret is still never repeated.
  expect(await cli('token', 'revoke', issued.token)).toEqual(answer)
})

describe('a token whose secret cannot be written to stdout (shown once, so no one would hold it)', () => {
  const activeTokens = async (): Promise<unknown[]> =>
    (JSON.parse((await cli('token', 'list', 'acme', '--json')).out.join('')) as { status: string }[]).filter((token) => token.status === 'active')

  /** The built CLI (npm run build) in a process of its own, its stdout where `stdout` says; answers its exit and stderr. */
  function issue(stdout: 'dev-full' | 'closed-pipe', json: boolean): Promise<{ code: number | null; stderr: string }> {
    const full = stdout === 'dev-full' ? openSync('/dev/full', 'w') : undefined
    try {
      const child = spawn(process.execPath, ['bin/scim-console.mjs', 'token', 'issue', 'acme', '--db', db, ...(json ? ['--json'] : [])], {
        stdio: ['ignore', full ?? 'pipe', 'pipe']
      })
      // The reader goes away before the CLI has started, as `scim-console token issue acme | true` may.
      child.stdout?.destroy()
      let stderr = ''
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
      return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })))
    } finally {
      if (full !== undefined) closeSync(full)
    }
  }

  it.skipIf(process.platform !== 'linux').each([
    ['dev-full', false, 'ENOSPC: no space left on device, write'],
    ['dev-full', true, 'ENOSPC: no space left on device, write'],
    ['closed-pipe', false, 'write EPIPE'],
    ['closed-pipe', true, 'write EPIPE']
  ] as const)('is revoked, and the command fails in one line: stdout %s, --json %s', async (stdout, json, why) => {
    const { code, stderr } = await issue(stdout, json)
    expect({ code, stderr }).toEqual({
      code: 1,
      stderr: `scim-console: The token could not be written to standard output (${why}), so it was revoked; nothing was issued.\n`
    })
    expect(await activeTokens()).toEqual([])
  })

  it('as the sources run it too (in this process, stdout a real file that is full)', async () => {
    const errors: string[] = []
    const stderr = new Writable({ write: (chunk: Buffer, _encoding, done) => done(void errors.push(chunk.toString('utf8'))) })
    try {
      await main(['--db', db, 'token', 'issue', 'acme'], { stdout: createWriteStream('/dev/full'), stderr })
      expect(process.exitCode).toBe(1)
    } finally {
      process.exitCode = undefined
    }
    expect(errors.join('')).toBe('scim-console: The token could not be written to standard output (ENOSPC: no space left on device, write), so it was revoked; nothing was issued.\n')
    expect(await activeTokens()).toEqual([])
  })
})
