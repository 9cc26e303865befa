/**
 * `scim-console serve`, the headless SCIM server, as DESIGN.md's CLI contract has it: a first JSON line with the
 * URL, then one line per request served (redacted as the log is), and a clean stop when it is signalled.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { runCli } from '../../src/main/cli/index'
import { capturedIo } from '../support/cli'
import { asUnprivileged } from '../support/unprivileged'

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
    // A test may have left the folder read-only, which would keep its files from being removed.
    chmodSync(dir, 0o755)
    rmSync(dir, { recursive: true, force: true })
  })

  // A read-only file, or WAL files another user's process holds, opened fine and failed only at the first change: the
  // server started, and answered every write with 503. A read-only folder without WAL files fails even to read. As
  // `nobody` when the tests run as root, whom permissions do not bind.
  const unwritable = [
    { what: 'a read-only file', file: 0o444, folder: 0o777, wal: null },
    { what: 'a file in a read-only folder, where SQLite cannot create its -wal and -shm', file: 0o666, folder: 0o555, wal: null },
    { what: "a file in a read-only folder whose -wal and -shm another user's process holds", file: 0o666, folder: 0o555, wal: 0o444 }
  ]
  for (const { what, file, folder, wal } of unwritable) {
    it.skipIf(process.platform === 'win32')(`refuses to start on ${what}, in one line that says what to do, with exit code 1`, async () => {
      await cli('tenant', 'create', 'Acme Corp', '--slug', 'acme')
      // Another process (the app of another user, say) keeps the file open, and with it the WAL files it made.
      const other = wal === null ? null : new Database(db)
      other?.prepare('SELECT count(*) FROM tenants').get()
      if (wal !== null) for (const suffix of ['-wal', '-shm']) chmodSync(`${db}${suffix}`, wal)
      chmodSync(db, file)
      chmodSync(dir, folder)
      const { io, out, err } = capturedIo()
      const stop = new AbortController()
      const exit = asUnprivileged(() => runCli(['serve', '--port', '0', '--db', db], io, stop.signal))
      // A server that did start (the defect) stops at once, and the exit code below says so.
      stop.abort()
      const code = await exit
      other?.close()
      expect(code).toBe(1)
      expect(out).toEqual([])
      expect(err).toEqual([
        `scim-console: cannot open the database ${db}: the file or its folder cannot be written, so the SCIM server could save none of the changes an identity provider sends. Check the permissions of the file, of its folder and of the two files SQLite keeps beside it (-wal and -shm), or point --db at a copy in a folder you can write.`
      ])
    })
  }

  it.skipIf(process.platform === 'win32')('still reads a read-only database: only serve refuses it', async () => {
    await cli('tenant', 'create', 'Acme Corp', '--slug', 'acme')
    chmodSync(db, 0o444)
    chmodSync(dir, 0o777)
    const { io, out } = capturedIo()
    expect(await asUnprivileged(() => runCli(['tenant', 'list', '--db', db, '--json'], io, new AbortController().signal))).toBe(0)
    expect((JSON.parse(out.join('\n')) as { slug: string }[]).map((tenant) => tenant.slug)).toEqual(['acme'])
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

  it('says so when its database file is deleted under it, refuses changes with 503, and exits 1 when stopped', async () => {
    await cli('tenant', 'create', 'Acme Corp', '--slug', 'acme')
    const { token } = await cli('token', 'issue', 'acme', '--label', 'Okta')
    const server = serve('--json')
    await until(() => server.out.length > 0)
    const { url } = JSON.parse(server.out[0] ?? '') as { url: string }
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true })
    // Found by the server's own look at the file, every second.
    await until(() => server.err.length > 0)
    expect(server.err).toEqual([
      `Warning: the database file ${db} was deleted or moved while the server was running. Changes are refused from now on (503), so that none is acknowledged and then lost; reads are still answered. Put the file back to go on, or stop the server and start it again on a backup.`
    ])
    const response = await fetch(`${url}/scim/v2/acme/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${String(token)}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ann@acme.com' })
    })
    expect(response.status).toBe(503)
    expect(((await response.json()) as { detail: string }).detail).toMatch(/^SCIM Console's database file was deleted or moved while SCIM Console was running/)

    expect(await server.stop()).toBe(1)
    expect(server.err.at(-1)).toBe(
      `scim-console: stopped, but the database file ${db} had been deleted or moved while the server was running: what it held is no longer at that path (a moved file still has it, with every change the server saved; a deleted one is lost)`
    )
  })

  it('refuses an empty --host as a usage error, rather than listening on every network at "http://:PORT"', async () => {
    const { io, out, err } = capturedIo()
    const stop = new AbortController()
    const exit = runCli(['serve', '--host', '', '--port', '0', '--db', db, '--json'], io, stop.signal)
    // A server that did start (the defect) stops at once, and the exit code below says so.
    stop.abort()
    expect(await exit).toBe(2)
    expect(out).toEqual([])
    expect(err).toEqual(['scim-console: --host needs an address, such as 127.0.0.1 (see scim-console --help)'])
  })

  it('takes an IPv6 --host in brackets, as its URL writes it, and refuses one that is no address as a usage error', async () => {
    const server = serve('--host', ' [::1] ', '--json', '--quiet')
    await until(() => server.out.length > 0 || server.err.length > 0)
    expect(server.err).toEqual([])
    expect(JSON.parse(server.out[0] ?? '{}')).toMatchObject({ event: 'listening', url: expect.stringMatching(/^http:\/\/\[::1\]:\d+$/) })
    expect(await server.stop()).toBe(0)

    const { io, out, err } = capturedIo()
    expect(await runCli(['serve', '--host', 'local host', '--port', '0', '--db', db], io, new AbortController().signal)).toBe(2)
    expect(out).toEqual([])
    expect(err).toEqual([
      'scim-console: --host: "local host" is not an address. Use an IP address of this computer, such as 192.168.1.20, or 127.0.0.1 to stay on this computer (see scim-console --help)'
    ])
  })

  it('says a --host name that resolves to no address does not resolve, rather than repeating the resolver\'s error code', async () => {
    // .invalid is reserved never to resolve (RFC 6761 §6.4).
    const { io, out, err } = capturedIo()
    expect(await runCli(['serve', '--host', 'scim-console.invalid', '--port', '0', '--db', db], io, new AbortController().signal)).toBe(1)
    expect(out).toEqual([])
    expect(err).toEqual([
      'scim-console: The host name scim-console.invalid does not resolve to an address on this machine. Use 127.0.0.1, or an address of this machine.'
    ])
  })

  it('says, when its port is taken, the command line that starts it on the port that is free', async () => {
    const holder = createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const taken = (holder.address() as AddressInfo).port
    try {
      const { io, out, err } = capturedIo()
      expect(await runCli(['serve', '--host', '127.0.0.1', '--port', String(taken), '--quiet', '--db', db], io, new AbortController().signal)).toBe(1)
      expect(out).toEqual([])
      expect(err).toHaveLength(1)
      // The words the Server page shows too, then the CLI's way to take the port offered, on the same database.
      const free = /\(port (\d+) is free\)\. /.exec(err[0] ?? '')?.[1]
      expect(free).toBeDefined()
      expect(err[0]).toBe(
        `scim-console: Port ${taken} on 127.0.0.1 is already in use, probably by another SCIM Console or a "scim-console serve". Stop that one, or use another port (port ${free} is free). ` +
          `To use it: scim-console serve --host 127.0.0.1 --port ${free} --quiet --db ${db}`
      )
    } finally {
      await new Promise((resolve) => holder.close(resolve))
    }
  })

  it("warns that a port fetch refuses (the Fetch standard's bad ports) keeps the console's demos and a browser out", async () => {
    // 6697 (IRC over TLS) is one of them, and rarely taken.
    const out: string[] = []
    const err: string[] = []
    const controller = new AbortController()
    const code = runCli(['serve', '--port', '6697', '--quiet', '--db', db], { out: (line) => void out.push(line), err: (line) => void err.push(line) }, controller.signal)
    await until(() => out.length > 0 || err.length > 0)
    controller.abort()
    expect(await code).toBe(0)
    expect(out[0]).toMatch(/^SCIM server listening on http:\/\/127\.0\.0\.1:6697/)
    expect(err).toEqual([
      'Warning: port 6697 is one that browsers and Node\'s fetch refuse to connect to (the Fetch standard\'s "bad ports"), so SCIM Console\'s Okta and Entra demos and self-tests cannot reach the server on it, nor can a browser. Pick another port, such as 8787.'
    ])
  })

  it('warns when --host opens the server beyond this computer', async () => {
    const server = serve('--host', '0.0.0.0', '--quiet')
    await until(() => server.out.length > 0)
    expect(server.out[0]).toMatch(/^SCIM server listening on http:\/\/0\.0\.0\.0:\d+/)
    expect(server.err).toEqual([expect.stringMatching(/^Warning: Listening on 0\.0\.0\.0 opens the SCIM server to every network/)])
    expect(await server.stop()).toBe(0)
  })
})
