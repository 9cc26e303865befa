/**
 * `scim-console serve`, the headless SCIM server, as DESIGN.md's CLI contract has it: a first JSON line with the
 * URL, then one line per request served (redacted as the log is), and a clean stop when it is signalled.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/index'

interface Running {
  readonly out: string[]
  readonly err: string[]
  readonly stop: () => Promise<number>
}

describe('scim-console serve', () => {
  let dir: string
  let db: string

  const cli = async (...args: string[]): Promise<Record<string, unknown>> => {
    const out: string[] = []
    const code = await runCli([...args, '--db', db, '--json'], { out: (line) => void out.push(line), err: () => undefined }, new AbortController().signal)
    expect(code).toBe(0)
    return JSON.parse(out.join('\n')) as Record<string, unknown>
  }

  const serve = (...args: string[]): Running => {
    const out: string[] = []
    const err: string[] = []
    const controller = new AbortController()
    const code = runCli(['serve', '--port', '0', ...args, '--db', db], { out: (line) => void out.push(...line.split('\n')), err: (line) => void err.push(line) }, controller.signal)
    return {
      out,
      err,
      stop: () => {
        controller.abort()
        return code
      }
    }
  }

  const until = async (check: () => boolean): Promise<void> => {
    for (let waited = 0; !check(); waited += 10) {
      if (waited > 10_000) throw new Error('gave up waiting')
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-serve-'))
    db = join(dir, 'console.db')
  })

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('prints where it listens, then one redacted line per request, and stops cleanly when signalled', async () => {
    await cli('tenant', 'create', 'Acme Corp', '--slug', 'acme')
    const { token } = await cli('token', 'issue', 'acme', '--label', 'Okta')
    const server = serve('--json')
    await until(() => server.out.length > 0)
    const listening = JSON.parse(server.out[0] ?? '') as { event: string; url: string }
    expect(listening).toEqual({ event: 'listening', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) })

    const response = await fetch(`${listening.url}/scim/v2/acme/Users?count=0&access_token=${String(token)}`, { headers: { authorization: `Bearer ${String(token)}` } })
    expect(response.status).toBe(200)
    await until(() => server.out.length > 1)
    expect(JSON.parse(server.out[1] ?? '')).toMatchObject({ tenantSlug: 'acme', method: 'GET', status: 200, path: '/scim/v2/acme/Users?count=0&access_token=[redacted]' })
    expect(server.out.join('\n')).not.toContain(String(token))

    expect(await server.stop()).toBe(0)
    expect(server.err).toEqual([])
  })

  it("lists each tenant's identity provider as the requests it served show it", async () => {
    await cli('tenant', 'create', 'Contoso', '--slug', 'contoso')
    await cli('tenant', 'create', 'Northwind', '--slug', 'northwind')
    const { token } = await cli('token', 'issue', 'contoso', '--label', 'Entra')
    const server = serve('--json')
    await until(() => server.out.length > 0)
    const { url } = JSON.parse(server.out[0] ?? '') as { url: string }
    const check = await fetch(`${url}/scim/v2/contoso/Users?filter=${encodeURIComponent('userName eq "7c5a0e1f-2f4e-4a5b-9c1d-0e2f3a4b5c6d"')}`, {
      headers: { authorization: `Bearer ${String(token)}`, 'user-agent': 'Azure Active Directory SCIM Client' }
    })
    expect(check.status).toBe(200)
    await until(() => server.out.length > 1)
    expect(await server.stop()).toBe(0)

    const listed = (await cli('tenant', 'list')) as unknown as { slug: string; identityProvider: string | null }[]
    expect(listed.map(({ slug, identityProvider }) => [slug, identityProvider])).toEqual([
      ['contoso', 'entra'],
      ['northwind', null]
    ])
    const out: string[] = []
    expect(await runCli(['tenant', 'list', '--db', db], { out: (line) => void out.push(...line.split('\n')), err: () => undefined }, new AbortController().signal)).toBe(0)
    expect(out[0]).toMatch(/ PROVISIONED BY$/)
    expect(out.find((line) => line.startsWith('contoso'))).toMatch(/ Microsoft Entra ID$/)
    expect(out.find((line) => line.startsWith('northwind'))).toMatch(/ -$/)
  })

  it('warns when --host opens the server beyond this computer', async () => {
    const server = serve('--host', '0.0.0.0', '--quiet')
    await until(() => server.out.length > 0)
    expect(server.out[0]).toMatch(/^SCIM server listening on http:\/\/0\.0\.0\.0:\d+/)
    expect(server.err).toEqual([expect.stringMatching(/^Warning: Listening on 0\.0\.0\.0 opens the SCIM server to every network/)])
    expect(await server.stop()).toBe(0)
  })
})
