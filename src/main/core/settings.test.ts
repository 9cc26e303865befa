import { describe, expect, it } from 'vitest'
import type { SettingsRepo } from '../db/settings-repo'
import { createEventBus } from './events'
import { createSettingsService } from './settings'

/** The settings service over a key–value store in memory, holding `stored` under its key. */
function serviceWith(stored?: unknown) {
  const values = new Map<string, unknown>(stored === undefined ? [] : [['app', stored]])
  const repo = {
    get: (key: string) => values.get(key),
    set: (key: string, value: unknown) => void values.set(key, value),
    all: () => [...values.entries()],
    inTransaction: <T>(work: () => T) => work()
  } as SettingsRepo
  return createSettingsService({ settings: repo, events: createEventBus() })
}

describe('the settings service', () => {
  it('refuses port 0, which would move the server to another port at every start while Okta keeps the old one', () => {
    const settings = serviceWith()
    const refused = settings.update({ server: { port: 0 } })
    expect(refused.ok).toBe(false)
    if (refused.ok) return
    expect(refused.error).toMatchObject({ code: 'invalid_argument', details: { field: 'server.port' } })
    expect(refused.error.message).toMatch(/^Port 0 would pick a different free port at every start/)
    expect(settings.get().server.port).toBe(8787)
  })

  it('keeps a port 0 saved before it was refused, without blocking other changes, until the port is changed', () => {
    const settings = serviceWith({ server: { port: 0 } })
    expect(settings.update({ retention: { days: 14 } })).toMatchObject({ ok: true, value: { server: { port: 0 }, retention: { days: 14 } } })
    expect(settings.update({ server: { port: 9090 } }).ok).toBe(true)
    expect(settings.update({ server: { port: 0 } }).ok).toBe(false)
  })

  it('keeps a host saved before it was refused (192.168.1.300), without blocking other changes, until the host is changed', () => {
    const settings = serviceWith({ server: { host: '192.168.1.300' } })
    expect(settings.update({ retention: { days: 14 } })).toMatchObject({ ok: true, value: { server: { host: '192.168.1.300' }, retention: { days: 14 } } })
    expect(settings.update({ server: { host: '192.168.1.301' } })).toMatchObject({ ok: false, error: { details: { field: 'server.host' } } })
    expect(settings.update({ server: { host: '192.168.1.30' } }).ok).toBe(true)
  })

  it('names the setting it refuses, in the words the Server and Settings pages show beside the field', () => {
    const settings = serviceWith()
    expect(settings.update({ server: { publicUrl: 'https://acme-demo.example-tunnel.com/scim/v2' } })).toMatchObject({
      ok: false,
      error: { message: 'Enter the origin only, without a path: SCIM Console adds /scim/v2/<tenant>.', details: { field: 'server.publicUrl' } }
    })
    expect(settings.update({ retention: { rows: 10 } })).toMatchObject({
      ok: false,
      error: { message: 'Keep from 1,000 to 100,000,000 log rows.', details: { field: 'retention.rows' } }
    })
  })

  it('stores the host and the public URL trimmed', () => {
    const settings = serviceWith()
    expect(settings.update({ server: { host: ' 192.168.1.20 ', publicUrl: ' https://acme-demo.example-tunnel.com/ ' } })).toMatchObject({
      ok: true,
      value: { server: { host: '192.168.1.20', publicUrl: 'https://acme-demo.example-tunnel.com' } }
    })
  })
})
