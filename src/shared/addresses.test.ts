import { describe, expect, it } from 'vitest'
import { cleartextUrlWarning, hostReach, isLoopbackHost, originReach } from './addresses'

describe('hostReach', () => {
  it.each(['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.8.9.1', ' 127.0.0.1 ', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])(
    '%s answers this computer only',
    (host) => expect(hostReach(host)).toBe('this-computer')
  )

  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.10',
    '169.254.0.5',
    '100.64.1.1',
    '0.0.0.0',
    '::',
    'fd12::1',
    'fe80::1',
    'fe80::1%eth0',
    '::ffff:192.168.0.1',
    '[::ffff:c0a8:1]',
    'mylaptop',
    'printer.local',
    'build.internal',
    'nas.home.arpa'
  ])('%s is on the local network: the cloud cannot reach it', (host) => expect(hostReach(host)).toBe('local-network'))

  it.each(['acme-demo.example-tunnel.com', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '[2606:4700::1111]', '127.0.0.999'])(
    '%s is public',
    (host) => expect(hostReach(host)).toBe('public')
  )

  it('calls an IPv6 address that does not parse the local network, never this computer', () => {
    for (const host of [':::1', '1::2::3', '12345::1', '1:2:3:4:5:6:7:8:9']) expect(hostReach(host), host).toBe('local-network')
  })
})

describe('originReach', () => {
  it('reads the host of a URL or origin', () => {
    expect(originReach('http://127.0.0.1:8787')).toBe('this-computer')
    expect(originReach('http://[::1]:8787/scim/v2/acme')).toBe('this-computer')
    expect(originReach('http://localhost:8787')).toBe('this-computer')
    expect(originReach('http://192.168.1.20:8787')).toBe('local-network')
    expect(originReach('http://0.0.0.0:8787')).toBe('local-network')
    expect(originReach('https://acme-demo.example-tunnel.com')).toBe('public')
  })

  it('calls an origin that does not parse the local network: the cloud cannot reach it', () => {
    expect(originReach('not a url')).toBe('local-network')
  })
})

describe('isLoopbackHost', () => {
  it('is "this computer only", the same rule the screens use', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host), host).toBe(true)
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'my-laptop.local', 'acme.example.com']) expect(isLoopbackHost(host), host).toBe(false)
  })
})

describe('cleartextUrlWarning', () => {
  it('warns of http:// beyond this computer, the local network included', () => {
    expect(cleartextUrlWarning('http://192.168.1.20:8787')).not.toBeNull()
    expect(cleartextUrlWarning('http://localhost:8787')).toBeNull()
  })
})
