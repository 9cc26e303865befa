import { describe, expect, it } from 'vitest'
import { bindChoiceOf, hostProblem, normalizePublicUrl, parsePort, publicUrlProblem } from './server-settings'

describe('the Server page form', () => {
  it('accepts ports from 1 to 65535 only', () => {
    expect(parsePort(8787)).toEqual({ port: 8787 })
    expect(parsePort(' 1 ')).toEqual({ port: 1 })
    expect(parsePort(65535)).toEqual({ port: 65535 })
    for (const bad of [0, 65536, -1, 80.5, '', 'http']) expect(parsePort(bad)).toHaveProperty('problem')
  })

  it('knows which choice a saved bind address is', () => {
    expect(bindChoiceOf('127.0.0.1')).toBe('loopback')
    expect(bindChoiceOf('0.0.0.0')).toBe('all')
    expect(bindChoiceOf('192.168.1.20')).toBe('custom')
  })

  it('refuses an address that is not one', () => {
    expect(hostProblem('192.168.1.20')).toBeNull()
    expect(hostProblem('')).not.toBeNull()
    expect(hostProblem('my laptop')).not.toBeNull()
  })

  it('takes a public URL as an origin that Okta accepts', () => {
    expect(publicUrlProblem('')).toBeNull()
    expect(publicUrlProblem('https://acme-demo.example-tunnel.com')).toBeNull()
    expect(publicUrlProblem('https://acme-demo.example-tunnel.com/')).toBeNull()
    expect(publicUrlProblem('acme-demo.example-tunnel.com')).not.toBeNull()
    expect(publicUrlProblem('ftp://example.com')).not.toBeNull()
    expect(publicUrlProblem('https://example.com/scim/v2')).not.toBeNull()
    expect(publicUrlProblem('https://my_tunnel.example.com')).toMatch(/_/)
    expect(normalizePublicUrl(' https://example.com/ ')).toBe('https://example.com')
    expect(normalizePublicUrl('  ')).toBeNull()
  })
})
