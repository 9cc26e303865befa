import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/index'
import { createServices } from '../../src/main/core/services'
import { capturedIo, runCommandLine } from '../support/cli'

describe('scim-console settings get|set', () => {
  let dir: string
  let db: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-cli-settings-'))
    db = join(dir, 'console.db')
    // The settings of a database the app made (a command that only reads refuses a file that is not there).
    createServices({ dbPath: db }).close()
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = []
    const err: string[] = []
    const code = await runCli([...args, '--db', db], { out: (line) => void out.push(line), err: (line) => void err.push(line) }, new AbortController().signal)
    return { code, out, err }
  }

  it('prints every setting by its dotted key', async () => {
    const { code, out } = await cli('settings', 'get')
    expect(code).toBe(0)
    const text = out.join('\n')
    expect(text).toMatch(/^server\.host\s+127\.0\.0\.1$/m)
    expect(text).toMatch(/^server\.port\s+8787$/m)
    expect(text).toMatch(/^server\.publicUrl\s+none$/m)
    expect(text).toMatch(/^retention\.days\s+30$/m)
    expect(text).toMatch(/^keepRunningInTray\s+false$/m)
  })

  it('refuses a public URL with a user name or password, which the setup guide would show the customer; one stored before blocks no other change', async () => {
    expect(await cli('settings', 'set', 'server.publicUrl', 'https://user:secret@acme-demo.example-tunnel.com')).toEqual({
      code: 2,
      out: [],
      err: ['scim-console: Enter the origin only, without a user name or password before the host: the setup guide shows it to the customer (see scim-console --help)']
    })
    expect((await cli('settings', 'get', 'server.publicUrl')).out).toEqual(['none'])
    // As an earlier version let it be saved.
    const services = createServices({ dbPath: db })
    services.db.prepare("INSERT INTO settings (key, value) VALUES ('app', ?)").run(JSON.stringify({ server: { publicUrl: 'https://user:secret@acme-demo.example-tunnel.com' } }))
    services.close()
    expect((await cli('settings', 'set', 'retention.days', '10')).code).toBe(0)
    expect((await cli('settings', 'get', 'retention.days')).out).toEqual(['10'])
    expect((await cli('settings', 'set', 'server.publicUrl', 'https://acme-demo.example-tunnel.com')).code).toBe(0)
  })

  it('prints the settings as one JSON object with --json', async () => {
    const { out } = await cli('settings', 'get', '--json')
    expect(out).toHaveLength(1)
    expect(JSON.parse(out[0] ?? '')).toMatchObject({ server: { host: '127.0.0.1', port: 8787, publicUrl: null, autoStart: true }, retention: { days: 30 } })
  })

  it("sets a port fetch refuses (the Fetch standard's bad ports), and warns that the console's demos cannot reach it", async () => {
    const set = await cli('settings', 'set', 'server.port', '6000')
    expect([set.code, set.out[0]]).toEqual([0, 'server.port = 6000'])
    expect(set.err).toEqual([expect.stringMatching(/^Warning: port 6000 is one that browsers and Node's fetch refuse to connect to .* Pick another port, such as 8787\.$/)])
    expect((await cli('settings', 'set', 'server.port', '6001')).err).toEqual([])
  })

  it('gets one setting, plain or as JSON', async () => {
    expect((await cli('settings', 'get', 'server.port')).out).toEqual(['8787'])
    expect((await cli('settings', 'get', 'retention.days', '--json')).out).toEqual(['{"key":"retention.days","value":30}'])
  })

  it('sets a setting that the app then reads', async () => {
    const set = await cli('settings', 'set', 'server.port', '9090')
    expect(set.code).toBe(0)
    expect(set.out[0]).toBe('server.port = 9090')
    expect(set.out[1]).toMatch(/next server start/)
    expect((await cli('settings', 'set', 'notifications.enabled', 'off', '--json')).out).toEqual(['{"key":"notifications.enabled","value":false}'])
    const https = await cli('settings', 'set', 'server.publicUrl', 'https://acme.example-tunnel.com/')
    expect([https.out[0], https.err]).toEqual(['server.publicUrl = https://acme.example-tunnel.com', []])
    // Plain http is allowed (a lab's tunnel may be), with the risk to the tokens said once, on stderr.
    const http = await cli('settings', 'set', 'server.publicUrl', 'http://acme.example-tunnel.com')
    expect([http.code, http.out[0]]).toEqual([0, 'server.publicUrl = http://acme.example-tunnel.com'])
    expect(http.err).toEqual([expect.stringMatching(/^Warning: With http:\/\/, identity providers send the API token unencrypted/)])
    expect((await cli('settings', 'set', 'server.publicUrl', 'none')).out[0]).toBe('server.publicUrl = none')
    const services = createServices({ dbPath: db })
    expect(services.settings.get()).toMatchObject({ server: { port: 9090, publicUrl: null }, notifications: { enabled: false } })
    services.close()
  })

  it('refuses values the settings service rejects, with its reason, as a usage error (exit 2)', async () => {
    const result = await cli('settings', 'set', 'retention.days', '0')
    expect(result.code).toBe(2)
    expect(result.err).toHaveLength(1)
    expect(result.err[0]).toMatch(/^scim-console: Keep the log from 1 to 3,650 days/)
    expect((await cli('settings', 'get', 'retention.days')).out).toEqual(['30'])
    expect((await cli('settings', 'set', 'server.publicUrl', 'https://my_tunnel.example.com')).err[0]).toMatch(/"_"/)
    expect(await cli('settings', 'set', 'server.host', '192.168.1.300', '--yes')).toEqual({
      code: 2,
      out: [],
      err: ['scim-console: "192.168.1.300" is not an IP address: each of its four numbers is from 0 to 255, as in 192.168.1.20 (see scim-console --help)']
    })
    expect((await cli('settings', 'get', 'server.host')).out).toEqual(['127.0.0.1'])
  })

  it('refuses a negative number given after -- for the address, with or without --yes, and stores nothing', async () => {
    const refusal = 'scim-console: "-1" is not an address. Use an IP address of this computer, such as 192.168.1.20, or 127.0.0.1 to stay on this computer (see scim-console --help)'
    // After --, every argument is a value: --db and --yes go before it.
    for (const yes of [[], ['--yes']]) {
      const { io, out, err } = capturedIo()
      const code = await runCli(['settings', 'set', '--db', db, ...yes, 'server.host', '--', '-1'], io, new AbortController().signal)
      expect({ code, out, err }).toEqual({ code: 2, out: [], err: [refusal] })
    }
    expect((await cli('settings', 'get', 'server.host')).out).toEqual(['127.0.0.1'])
  })

  it('answers a negative number given for KEY of settings get with the keys there are, as any unknown key', async () => {
    const keys = 'server.host, server.port, server.publicUrl, server.autoStart, retention.days, retention.rows, notifications.enabled, notifications.failureThreshold, notifications.windowMinutes, keepRunningInTray'
    for (const args of [['settings', 'get', '-1'], ['settings', 'get', '-1', '--json'], ['settings', '--db', db, 'get', '--', '-1']]) {
      const { io, out, err } = capturedIo()
      const code = await runCli([...args, ...(args.includes('--') ? [] : ['--db', db])], io, new AbortController().signal)
      expect({ code, out, err }).toEqual({ code: 2, out: [], err: [`scim-console: unknown setting "-1"; the settings are ${keys} (see scim-console --help)`] })
    }
    expect((await cli('settings', 'get', 'server.port', '-1')).err).toEqual(['scim-console: unexpected argument "-1" (see scim-console --help)'])
  })

  it('refuses an address given with its port, or in a URL, even with --yes, and stores nothing', async () => {
    expect(await cli('settings', 'set', 'server.host', '127.0.0.1:8787', '--yes')).toEqual({
      code: 2,
      out: [],
      err: ['scim-console: "127.0.0.1:8787" has a port after the address: give the address alone, 127.0.0.1, and the port on its own (see scim-console --help)']
    })
    expect((await cli('settings', 'get', 'server.host')).out).toEqual(['127.0.0.1'])
    expect((await cli('settings', 'set', 'server.host', 'http://192.168.1.20:8787/', '--yes')).err).toEqual([
      'scim-console: "http://192.168.1.20:8787/" is a URL: give the address alone, 192.168.1.20, and the port on its own (see scim-console --help)'
    ])
  })

  it('refuses malformed command lines (exit 2)', async () => {
    expect((await cli('settings', 'set', 'server.port', 'eighty')).code).toBe(2)
    expect((await cli('settings', 'set', 'server.port')).code).toBe(2)
    expect((await cli('settings', 'set', 'notifications.enabled', 'maybe')).code).toBe(2)
    const unknown = await cli('settings', 'get', 'server.colour')
    expect(unknown.code).toBe(2)
    expect(unknown.err[0]).toMatch(/unknown setting "server.colour"; the settings are server.host, server.port/)
    expect((await cli('settings', 'get', 'constructor')).code).toBe(2)
    expect((await cli('settings', 'frobnicate')).code).toBe(2)
    expect((await cli('settings')).code).toBe(2)
  })

  it('listening beyond this computer needs --yes, and says the risk either way', async () => {
    const refused = await cli('settings', 'set', 'server.host', '0.0.0.0')
    expect(refused.code).toBe(1)
    expect(refused.out).toEqual([])
    expect(refused.err).toHaveLength(1)
    expect(refused.err[0]).toMatch(/^scim-console: not changed: add --yes to listen on 0\.0\.0\.0\. Listening on 0\.0\.0\.0 opens the SCIM server/)
    expect((await cli('settings', 'get', 'server.host')).out).toEqual(['127.0.0.1'])
    const confirmed = await cli('settings', 'set', 'server.host', '0.0.0.0', '--yes')
    expect(confirmed.code).toBe(0)
    expect(confirmed.err).toHaveLength(1)
    expect(confirmed.err[0]).toMatch(/^Warning: Listening on 0\.0\.0\.0 opens the SCIM server/)
    expect((await cli('settings', 'get', 'server.host')).out).toEqual(['0.0.0.0'])
    expect((await cli('settings', 'set', 'server.host', 'localhost')).err).toEqual([])
  })

  it('says the risk of a host beyond this computer only once it is set: a change that failed is one error line', async () => {
    const file = join(dir, 'a-file')
    writeFileSync(file, '')
    const failed = await runCommandLine(['settings', 'set', 'server.host', '0.0.0.0', '--yes', '--db', join(file, 'console.db')])
    expect(failed.code).toBe(1)
    expect(failed.err).toEqual([expect.stringMatching(/^scim-console: cannot create the database .*a-file is a file, not a folder/)])
  })

  it('is listed in the usage', async () => {
    const { out } = await cli('--help')
    expect(out.join('\n')).toMatch(/settings get \[KEY\]/)
    expect(out.join('\n')).toMatch(/settings set KEY VALUE \[--yes\]/)
  })
})
