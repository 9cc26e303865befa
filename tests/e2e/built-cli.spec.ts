/**
 * The CLI and the SCIM server as they ship: the bundle under out/ (built before the e2e run), started as a person
 * starts it, `node bin/scim-console.mjs`. Every other test runs the sources. A bundler may change what code does: it
 * once dropped a `decodeURIComponent` it took for pure, so the built server found every path well encoded. This walks
 * the requests whose answers depend on such code, and a clean stop, through the built code.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { expect, test } from '@playwright/test'

const cliPath = 'bin/scim-console.mjs'
const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'
const patchUrn = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

test('the built CLI serves what the sources serve, logs every request and stops cleanly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'built-cli-'))
  const db = join(dir, 'console.db')
  const cli = (...args: string[]): Record<string, unknown> => {
    const run = spawnSync(process.execPath, [cliPath, ...args, '--db', db, '--json'], { encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    return JSON.parse(run.stdout) as Record<string, unknown>
  }
  let server: ChildProcessWithoutNullStreams | undefined
  try {
    cli('tenant', 'create', 'Acme Corp', '--slug', 'acme')
    const token = String(cli('token', 'issue', 'acme').token)
    server = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--db', db, '--json'])
    const lines = createInterface({ input: server.stdout })[Symbol.asyncIterator]()
    const listening = JSON.parse(String((await lines.next()).value)) as { url: string }
    const base = `${listening.url}/scim/v2/acme`
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${path.startsWith('/scim') ? listening.url : base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', 'user-agent': 'Okta SCIM Client 1.0.0' },
        body: body === undefined ? undefined : JSON.stringify(body)
      })
      return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> | null }
    }

    const created = await call('POST', '/Users', { schemas: [userUrn], userName: 'e\u0301cole@acme.test', emails: [{ value: 'ecole@acme.test', primary: true }] })
    expect(created.status).toBe(201)
    const lookup = await call('GET', `/Users?filter=${encodeURIComponent('userName eq "\u00e9cole@acme.test"')}`)
    expect(lookup.body?.totalResults).toBe(1)
    const deactivated = await call('PATCH', `/Users/${String(created.body?.id)}`, { schemas: [patchUrn], Operations: [{ op: 'replace', value: { active: false } }] })
    expect(deactivated.body?.active).toBe(false)

    // A %-escape that does not decode, in the slug the admin pasted: its own 400, naming the base URL.
    const badSlug = await call('GET', '/scim/v2/acme%/Users?startIndex=1&count=2')
    expect(badSlug.status).toBe(400)
    expect(String(badSlug.body?.detail)).toMatch(/slug/)
    const badId = await call('GET', '/Users/%E0%A4%A')
    expect(badId.status).toBe(400)
    expect((await call('DELETE', '/Users')).status).toBe(405)
    const padded = await call('POST', '/Users', { schemas: [userUrn], userName: 'ann@acme.test ' })
    expect(padded.status).toBe(400)

    server.kill('SIGTERM')
    const code = await new Promise<number | null>((resolve) => server?.once('exit', resolve))
    expect(code).toBe(0)
    server = undefined

    const logged = spawnSync(process.execPath, [cliPath, 'logs', '--db', db, '--json'], { encoding: 'utf8' })
    expect(logged.status, logged.stderr).toBe(0)
    const entries = logged.stdout.trim().split('\n').map((line) => JSON.parse(line) as { status: number; operation: string })
    // Newest first; the request to "acme%" too, which names no tenant.
    expect(entries.map((entry) => entry.status)).toEqual([400, 405, 400, 400, 200, 200, 201])
    expect(entries.find((entry) => entry.status === 201)?.operation).toBe('create-user')
    expect(logged.stdout).not.toContain(token)
  } finally {
    server?.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
})
