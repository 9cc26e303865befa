import { describe, expect, it } from 'vitest'
import type { ServerStatus } from '../../../../shared/models'
import { cloudReachNote, listenReachHint, runningDetail, scimOriginReach, whoCanReach } from './reach'

/** A running server on `host`, with the public URL main reports (the listening origin when none is set). */
function running(host: string, publicUrl: string | null = null): ServerStatus {
  const url = `http://${host.includes(':') ? `[${host}]` : host}:8787`
  return { state: 'running', host, port: 8787, url, publicUrl: publicUrl ?? url, startedAt: null, lastError: null, suggestedPort: null, requestsPerSecond: 0, databaseFileRemoved: false }
}

describe('who can reach the SCIM server, as the Server page says it', () => {
  it('says a server on 127.0.0.1, localhost or ::1 answers this computer only, in the status and the address alike', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1']) {
      const status = running(host)
      expect(scimOriginReach(status), host).toBe('this-computer')
      expect(whoCanReach(status), host).toBe('Answering this computer only')
      expect(listenReachHint(status.host), host).toBe('This computer only')
      expect(cloudReachNote(scimOriginReach(status)), host).toMatch(/^Reachable from this computer only: .*need a tunnel and a public URL/)
    }
  })

  it('says a server on a LAN address cannot be reached from the cloud, as the setup guide does', () => {
    const status = running('192.168.1.20')
    expect(scimOriginReach(status)).toBe('local-network')
    expect(whoCanReach(status)).toBe('Answering on the local network')
    expect(listenReachHint(status.host)).toBe('Reachable from the network')
    expect(cloudReachNote('local-network')).toMatch(/^Reachable on the local network only: .*Okta and Entra, in the cloud, need a tunnel/)
    expect(runningDetail(status)).toMatch(/^Answering on the local network: Okta and Entra, in the cloud, need a tunnel/)
  })

  it('says every network for 0.0.0.0, and still warns that the cloud needs a tunnel', () => {
    const status = running('0.0.0.0')
    expect(listenReachHint(status.host)).toBe('Reachable from the network')
    expect(cloudReachNote(scimOriginReach(status))).not.toBeNull()
  })

  it('says identity providers reach a server behind a tunnel at its public URL, wherever it listens', () => {
    const status = running('127.0.0.1', 'https://acme-demo.example-tunnel.com')
    expect(scimOriginReach(status)).toBe('public')
    expect(whoCanReach(status)).toBe('Identity providers reach it at the public URL')
    expect(cloudReachNote(scimOriginReach(status))).toBeNull()
    expect(runningDetail(status)).toBe('Identity providers can reach the SCIM server.')
    // The address it listens on is still this computer's.
    expect(listenReachHint(status.host)).toBe('This computer only')
  })

  it('warns of a public URL that is itself a LAN address, as the setup guide does', () => {
    const status = running('127.0.0.1', 'http://192.168.1.20:8787')
    expect(scimOriginReach(status)).toBe('local-network')
    expect(whoCanReach(status)).toBe('Answering on the local network')
  })

  it('says nothing before the status is known', () => {
    expect(scimOriginReach(undefined)).toBeNull()
    expect(cloudReachNote(null)).toBeNull()
  })
})
