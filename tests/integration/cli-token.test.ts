/**
 * `scim-console token issue|list|revoke` (DESIGN.md's CLI contract): the secret is printed once, by `issue`; `list`
 * says of each token when it was made, when it expires, when it was revoked and when it was last used.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/index'

let dir: string
let db: string

async function cli(...args: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = []
  const code = await runCli([...args, '--db', db], { out: (line) => void out.push(...line.split('\n')), err: () => undefined }, new AbortController().signal)
  return { code, out }
}

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
