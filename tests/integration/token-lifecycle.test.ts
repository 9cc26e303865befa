/**
 * An API token from issue to revoke, through the doors a CSM uses: the IPC handlers (the Tokens screen), the services
 * and the CLI, against a real SQLite file and a real SCIM server on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { runCli } from '../../src/main/cli/index'
import { createServices, type Services } from '../../src/main/core/services'
import { watchTokenExpiry } from '../../src/main/core/token-expiry'
import { createHandlers, type Handlers } from '../../src/main/ipc/handlers'
import type { Token } from '../../src/shared/models'
import { inertNative, serverAt } from '../support/handler-deps'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'
import { value } from '../support/result'

const day = 86_400_000

describe('revoking through a tenant’s screen', () => {
  let harness: ScimHarness
  let handlers: Handlers

  beforeEach(async () => {
    harness = await startScimHarness()
    handlers = createHandlers({
      services: harness.services,
      server: serverAt(harness.origin),
      native: inertNative,
      appInfo: () => ({ version: '0', databasePath: harness.services.dbPath, versions: {} })
    })
  })
  afterEach(async () => {
    await harness.close()
  })

  it('cannot revoke another tenant’s token, which keeps working in Okta', async () => {
    const acme = harness.tenant('Acme Corp', 'acme')
    const globex = harness.tenant('Globex', 'globex')

    const refused = await handlers['tokens:revoke']({ tenant: globex.id, tokenId: acme.tokenId })
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found', message: `Globex has no API token with the id "${acme.tokenId}".` } })
    expect(harness.services.tokens.get(acme.tokenId)?.status).toBe('active')
    expect((await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })).status).toBe(200)

    // Through its own tenant's screen, by id or by slug, it is revoked, and Okta's next call gets 401.
    const revoked = await handlers['tokens:revoke']({ tenant: 'acme', tokenId: acme.tokenId })
    expect(revoked).toMatchObject({ ok: true, value: { id: acme.tokenId, status: 'revoked' } })
    const next = await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })
    expect(next.status).toBe(401)
    expect(next.body['detail']).toMatch(/^The API token "Okta" was revoked on /)
  })

  it('names a tenant that no longer exists, rather than revoking by id alone', async () => {
    const acme = harness.tenant('Acme Corp', 'acme')
    const revoked = await handlers['tokens:revoke']({ tenant: 'gone', tokenId: acme.tokenId })
    expect(revoked).toMatchObject({ ok: false, error: { code: 'not_found', message: 'No tenant has the id or slug "gone".' } })
    expect(harness.services.tokens.get(acme.tokenId)?.status).toBe('active')
  })

  it('asks for the tenant: the renderer cannot revoke by token id alone', async () => {
    const acme = harness.tenant('Acme Corp', 'acme')
    const revoked = await (handlers['tokens:revoke'] as (input: unknown) => unknown)({ tokenId: acme.tokenId })
    expect(revoked).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
    expect(harness.services.tokens.get(acme.tokenId)?.status).toBe('active')
  })
})

describe('token labels and lists', () => {
  let dir: string
  let services: Services
  let clock: number

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-token-lifecycle-'))
    clock = Date.parse('2026-03-02T09:00:00.000Z')
    services = createServices({ dbPath: join(dir, 'console.db'), now: () => clock })
    value(services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  })
  afterEach(() => {
    services.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it.each([
    ['a line break', 'Okta\nproduction', 'U+000A LINE FEED, a line break) at position 5'],
    ['a Windows line break, one character on screen', 'Okta 🔑\r\nproduction', 'U+000D CARRIAGE RETURN, a line break) at position 7'],
    ['a terminal escape', 'Okta \u001b[31mproduction', 'U+001B ESCAPE, which starts a terminal code) at position 6'],
    ['a tab', 'Okta\tproduction', 'U+0009 TAB) at position 5'],
    ['a delete character', 'Okta\u007f', 'U+007F DELETE) at position 5'],
    ['a C1 next line', 'Okta\u0085production', 'U+0085 NEXT LINE, a line break) at position 5'],
    ['a C1 control sequence introducer', 'Okta \u009b2J', 'U+009B CONTROL SEQUENCE INTRODUCER, which starts a terminal code) at position 6']
  ])('refuses a label with %s, naming it and where it is, as a tenant name does', (_what, label, which) => {
    const issued = services.tokens.issue({ tenant: 'acme', label })
    const message = `The label contains a control character (${which}; type it again without it.`
    expect(issued).toMatchObject({ ok: false, error: { code: 'invalid_argument', message, details: { field: 'label' } } })
    expect(services.tenants.create({ name: label })).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: message.replace('The label', 'The name') } })
    expect(value(services.tokens.list('acme'))).toEqual([])
  })

  it('keeps the label a CSM typed: emoji, accents and 80 characters of them', () => {
    const emoji = value(services.tokens.issue({ tenant: 'acme', label: '  🔑 Okta — Zürich  ' }))
    expect(emoji.label).toBe('🔑 Okta — Zürich')
    expect(value(services.tokens.issue({ tenant: 'acme', label: 'é'.repeat(80) })).label).toHaveLength(80)
    expect(services.tokens.issue({ tenant: 'acme', label: 'é'.repeat(81) })).toMatchObject({ ok: false, error: { message: 'The label is 81 characters long, more than the 80 allowed. Shorten it.' } })
  })

  it('lists tokens issued in the same millisecond newest first, as they were issued', () => {
    const labels = ['Okta 1', 'Okta 2', 'Okta 3', 'Okta 4', 'Okta 5', 'Okta 6']
    for (const label of labels) value(services.tokens.issue({ tenant: 'acme', label }))
    expect(value(services.tokens.list('acme')).map((token: Token) => token.label)).toEqual([...labels].reverse())
  })
})

describe('the CLI and control characters', () => {
  let dir: string

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-token-cli-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('refuses a label that would write escape codes into a terminal, with exit 2 and one line', async () => {
    const db = join(dir, 'console.db')
    const err: string[] = []
    const io = { out: () => undefined, err: (line: string) => void err.push(line) }
    expect(await runCli(['tenant', 'create', 'Acme Corp', '--db', db], io, new AbortController().signal)).toBe(0)
    const code = await runCli(['token', 'issue', 'acme', '--label', 'Okta\u001b[2J', '--db', db], io, new AbortController().signal)
    expect(code).toBe(2)
    expect(err).toEqual(['scim-console: The label contains a control character (U+001B ESCAPE, which starts a terminal code) at position 5; type it again without it (see scim-console --help)'])
    err.length = 0
    // Its one-character form, CONTROL SEQUENCE INTRODUCER, which some terminals take for ESCAPE [.
    expect(await runCli(['token', 'issue', 'acme', '--label', 'Okta\u009b2J', '--db', db], io, new AbortController().signal)).toBe(2)
    expect(err).toEqual([
      'scim-console: The label contains a control character (U+009B CONTROL SEQUENCE INTRODUCER, which starts a terminal code) at position 5; type it again without it (see scim-console --help)'
    ])
  })
})

describe('a token passing its expiry', () => {
  let dir: string
  let services: Services

  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-03-02T09:00:00.000Z') })
    dir = mkdtempSync(join(tmpdir(), 'scim-console-token-expiry-'))
    services = createServices({ dbPath: join(dir, 'console.db'), now: () => Date.now() })
  })
  afterEach(() => {
    vi.useRealTimers()
    services.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('tells the screens at that moment, so that the token no longer shows as active', async () => {
    const acme = value(services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
    const globex = value(services.tenants.create({ name: 'Globex', slug: 'globex' }))
    value(services.tokens.issue({ tenant: 'acme', label: 'Short-lived', expiresInDays: 1 }))
    value(services.tokens.issue({ tenant: 'globex', label: 'Okta', expiresInDays: 30 }))
    value(services.tokens.issue({ tenant: 'globex', label: 'Forever' }))
    const changed: (string | null)[] = []
    services.events.on('tenants:changed', ({ tenantId }) => void changed.push(tenantId))
    const watch = watchTokenExpiry(services)
    try {
      await vi.advanceTimersByTimeAsync(day - 1000)
      expect(changed).toEqual([])
      expect(value(services.tenants.summary('acme')).activeTokenCount).toBe(1)

      await vi.advanceTimersByTimeAsync(2000)
      expect(changed).toEqual([acme.id])
      expect(value(services.tenants.summary('acme')).activeTokenCount).toBe(0)

      // A token issued later, by the CLI in another process, is watched too.
      const other = createServices({ dbPath: services.dbPath })
      try {
        value(other.tokens.issue({ tenant: 'globex', label: 'From the CLI', expiresInDays: 1 }))
      } finally {
        other.close()
      }
      await vi.advanceTimersByTimeAsync(day + 60_000)
      expect(changed).toEqual([acme.id, globex.id])

      // A laptop closed for four weeks: the clock jumps past the 30-day token's expiry with no timer firing on the
      // way, and the watch, which sleeps a minute at most, tells the screens within a minute of waking.
      vi.setSystemTime(Date.now() + 28 * day)
      expect(changed).toEqual([acme.id, globex.id])
      await vi.advanceTimersByTimeAsync(60_000)
      expect(changed).toEqual([acme.id, globex.id, globex.id])
    } finally {
      watch.stop()
    }
  })

  it('says nothing of a token revoked before it expired', async () => {
    value(services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
    const issued = value(services.tokens.issue({ tenant: 'acme', label: 'Short-lived', expiresInDays: 1 }))
    value(services.tokens.revoke(issued.id))
    const changed: (string | null)[] = []
    services.events.on('tenants:changed', ({ tenantId }) => void changed.push(tenantId))
    const watch = watchTokenExpiry(services)
    try {
      await vi.advanceTimersByTimeAsync(2 * day)
      expect(changed).toEqual([])
    } finally {
      watch.stop()
    }
  })
})

describe('a token expiring mid-session, over real HTTP', () => {
  let clock: number
  let harness: ScimHarness

  beforeEach(async () => {
    clock = Date.parse('2026-03-02T09:00:00.000Z')
    harness = await startScimHarness({ now: () => clock })
  })
  afterEach(async () => {
    await harness.close()
  })

  it('is refused at the next request, with a detail that says it expired and when', async () => {
    const acme = harness.tenant('Acme Corp', 'acme')
    const issued = value(harness.services.tokens.issue({ tenant: 'acme', label: 'Short-lived', expiresInDays: 1 }))
    expect((await harness.request('GET', `${acme.baseUrl}/Users`, { token: issued.token })).status).toBe(200)

    clock += day - 1
    expect((await harness.request('GET', `${acme.baseUrl}/Users`, { token: issued.token })).status).toBe(200)
    clock += 1
    const refused = await harness.request('GET', `${acme.baseUrl}/Users`, { token: issued.token })
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="SCIM Console"')
    expect(refused.body['detail']).toBe('The API token "Short-lived" expired on 2026-03-03 09:00:00 UTC. Issue a new token and paste it into Okta.')
    // The tenant's other token is untouched.
    expect((await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })).status).toBe(200)
  })
})
