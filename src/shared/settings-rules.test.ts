import { describe, expect, it } from 'vitest'
import type { AppSettings } from './models'
import { hostProblem, normalizePublicUrl, parsePort, publicUrlProblem, settingsLimits, settingsProblem } from './settings-rules'

const valid: AppSettings = {
  server: { host: '127.0.0.1', port: 8787, publicUrl: null, autoStart: true },
  retention: { days: 30, rows: 1_000_000 },
  notifications: { enabled: true, failureThreshold: 5, windowMinutes: 5 },
  keepRunningInTray: false
}

describe('the port', () => {
  it('is a whole number from 1 to 65535, typed or stored', () => {
    expect(parsePort(8787)).toEqual({ port: 8787 })
    expect(parsePort(' 1 ')).toEqual({ port: 1 })
    expect(parsePort(65535)).toEqual({ port: 65535 })
    for (const bad of [65536, -1, 80.5, 'http', '1e3', '0x50']) expect(parsePort(bad)).toEqual({ problem: 'A port is a whole number from 1 to 65535.' })
    expect(parsePort('')).toEqual({ problem: 'Enter a port from 1 to 65535.' })
  })

  it('is never 0: a free port picked at each start would leave Okta and Entra on the old one', () => {
    for (const zero of [0, '0', ' 0 ']) expect(parsePort(zero)).toHaveProperty('problem', expect.stringMatching(/^Port 0 would pick a different free port at every start.*such as 8787\.$/))
    expect(settingsProblem({ ...valid, server: { ...valid.server, port: 0 } })).toMatchObject({ field: 'server.port' })
  })
})

describe('the address the server listens on', () => {
  it('refuses what is not an address, with the same words in the Server page and from main', () => {
    expect(hostProblem('192.168.1.20')).toBeNull()
    expect(hostProblem(' 0.0.0.0 ')).toBeNull()
    expect(hostProblem('::1')).toBeNull()
    expect(hostProblem('')).toBe('Enter an address of this computer, such as 192.168.1.20.')
    expect(hostProblem('my laptop')).toBe('"my laptop" is not an address. Use an IP address of this computer, such as 192.168.1.20, or 127.0.0.1 to stay on this computer.')
    expect(hostProblem('a'.repeat(256))).not.toBeNull()
  })

  it('refuses a name with a part that starts or ends with a hyphen, as a negative number given for the address is', () => {
    for (const bad of ['-1', ' -1 ', '-', '--', '-localhost', 'my-laptop-', 'host.-lan', 'host-.lan']) {
      expect(hostProblem(bad)).toBe(`"${bad.trim()}" is not an address. Use an IP address of this computer, such as 192.168.1.20, or 127.0.0.1 to stay on this computer.`)
    }
    expect(hostProblem('my-laptop.local')).toBeNull()
    expect(hostProblem('build-01')).toBeNull()
  })

  it('refuses an IPv4 address with a number over 255, which no computer has and which would be looked up as a name', () => {
    expect(hostProblem('192.168.1.300')).toBe('"192.168.1.300" is not an IP address: each of its four numbers is from 0 to 255, as in 192.168.1.20.')
    expect(hostProblem('999.1.1.1')).toBe('"999.1.1.1" is not an IP address: each of its four numbers is from 0 to 255, as in 192.168.1.20.')
    expect(hostProblem('10.0.0.255')).toBeNull()
    expect(hostProblem('localhost')).toBeNull()
    expect(hostProblem('::ffff:127.0.0.1')).toBeNull()
  })

  it('refuses a URL copied whole, and names the address in it to give', () => {
    expect(hostProblem('http://127.0.0.1:8787/')).toBe('"http://127.0.0.1:8787/" is a URL: give the address alone, 127.0.0.1, and the port on its own.')
    expect(hostProblem('https://my-laptop.local')).toBe('"https://my-laptop.local" is a URL: give the address alone, my-laptop.local.')
    expect(hostProblem('http://[::1]:8787')).toBe('"http://[::1]:8787" is a URL: give the address alone, ::1, and the port on its own.')
    // One with no address to give is not an address, as before.
    expect(hostProblem('http://')).toMatch(/^"http:\/\/" is not an address\./)
    expect(hostProblem('file:///tmp/x')).toMatch(/^"file:\/\/\/tmp\/x" is not an address\./)
  })

  it('refuses an address with its port, which would be looked up as a name, and says to give the address alone', () => {
    expect(hostProblem('127.0.0.1:8787')).toBe('"127.0.0.1:8787" has a port after the address: give the address alone, 127.0.0.1, and the port on its own.')
    expect(hostProblem(' my-laptop.local:8080 ')).toBe('"my-laptop.local:8080" has a port after the address: give the address alone, my-laptop.local, and the port on its own.')
    // A colon that makes no IPv6 address, and none with a port either.
    for (const bad of ['localhost:', ':8787', '1:2:3', '127.0.0.1:80:80', '::1::2']) expect(hostProblem(bad)).toMatch(/^".*" is not an address\./)
    for (const ipv6 of ['::', '::1', 'fe80::1', '2001:db8::8787', '::ffff:192.168.1.20']) expect(hostProblem(ipv6)).toBeNull()
  })
})

describe('the public URL', () => {
  it('is an origin that Okta accepts, or none', () => {
    expect(publicUrlProblem('')).toBeNull()
    expect(publicUrlProblem(null)).toBeNull()
    expect(publicUrlProblem('https://acme-demo.example-tunnel.com')).toBeNull()
    expect(publicUrlProblem('https://acme-demo.example-tunnel.com/')).toBeNull()
    expect(publicUrlProblem('http://acme-demo.example-tunnel.com:8080')).toBeNull()
    expect(publicUrlProblem('acme-demo.example-tunnel.com')).toBe("Enter the tunnel's origin, such as https://acme-demo.example-tunnel.com.")
    expect(publicUrlProblem('ftp://example.com')).toBe('The public URL starts with https:// (or http://).')
    expect(publicUrlProblem('https://example.com/scim/v2')).toBe('Enter the origin only, without a path: SCIM Console adds /scim/v2/<tenant>.')
    expect(publicUrlProblem('https://example.com/?x=1')).not.toBeNull()
    expect(publicUrlProblem('https://my_tunnel.example.com')).toMatch(/_/)
    for (const withCredentials of ['https://user:secret@acme-demo.example-tunnel.com', 'https://user@acme-demo.example-tunnel.com', 'https://:secret@acme-demo.example-tunnel.com/']) {
      expect(publicUrlProblem(withCredentials)).toBe('Enter the origin only, without a user name or password before the host: the setup guide shows it to the customer.')
    }
  })

  it('is stored trimmed, without a trailing slash, and empty is none', () => {
    expect(normalizePublicUrl(' https://example.com/ ')).toBe('https://example.com')
    expect(normalizePublicUrl('  ')).toBeNull()
    expect(normalizePublicUrl(null)).toBeNull()
  })
})

describe('settingsProblem', () => {
  it('accepts the defaults and the ends of every range', () => {
    expect(settingsProblem(valid)).toBeNull()
    const { retentionDays, retentionRows, failureThreshold, windowMinutes } = settingsLimits
    for (const pick of ['min', 'max'] as const) {
      expect(
        settingsProblem({
          ...valid,
          retention: { days: retentionDays[pick], rows: retentionRows[pick] },
          notifications: { enabled: true, failureThreshold: failureThreshold[pick], windowMinutes: windowMinutes[pick] }
        })
      ).toBeNull()
    }
  })

  it('names the setting out of range and says its range', () => {
    expect(settingsProblem({ ...valid, retention: { days: 0, rows: 1000 } })).toEqual({ field: 'retention.days', message: 'Keep the log from 1 to 3,650 days.' })
    expect(settingsProblem({ ...valid, retention: { days: 30, rows: 999 } })).toEqual({ field: 'retention.rows', message: 'Keep from 1,000 to 100,000,000 log rows.' })
    expect(settingsProblem({ ...valid, notifications: { ...valid.notifications, failureThreshold: 10_001 } })).toEqual({
      field: 'notifications.failureThreshold',
      message: 'The failure threshold is a whole number from 1 to 10,000.'
    })
    expect(settingsProblem({ ...valid, notifications: { ...valid.notifications, windowMinutes: 1.5 } })).toEqual({
      field: 'notifications.windowMinutes',
      message: 'The failure window is from 1 to 1,440 minutes.'
    })
    expect(settingsProblem({ ...valid, server: { ...valid.server, host: 'a b' } })).toMatchObject({ field: 'server.host' })
    expect(settingsProblem({ ...valid, server: { ...valid.server, publicUrl: 'https://x.example/path' } })).toMatchObject({ field: 'server.publicUrl' })
  })
})
