import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { noFaults } from '../../src/main/core/faults'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const day = 24 * 60 * 60 * 1000

// "Last used" on the Tokens page is the last request the token got through authentication with. The log row of a
// refused request keeps the token it presented (the diagnosis names it), so the log's writer must tell the two apart.
describe.each([
  { writer: 'the log writer thread', logWriterThread: true },
  { writer: "the console's own connection", logWriterThread: false }
])('a token’s last use, written by $writer', ({ logWriterThread }) => {
  let clock: number
  let harness: ScimHarness
  let acme: ReturnType<ScimHarness['tenant']>

  beforeEach(async () => {
    clock = Date.parse('2026-03-02T09:00:00.000Z')
    harness = await startScimHarness({ now: () => clock, logWriterThread })
    acme = harness.tenant('Acme Corp', 'acme')
  })
  afterEach(async () => {
    await harness.close()
  })

  /** The last use the Tokens page shows, once the log rows of the requests so far are written. */
  async function lastUsed(tokenId: string): Promise<string | null> {
    await harness.services.log.whenWritten()
    return harness.services.tokens.get(tokenId)?.lastUsedAt ?? null
  }

  async function requestAt(at: string, url: string, token: string): Promise<number> {
    clock = Date.parse(at)
    return (await harness.request('GET', url, { token })).status
  }

  it('is the time of a request the token authenticated', async () => {
    expect(await lastUsed(acme.tokenId)).toBeNull()
    expect(await requestAt('2026-03-02T10:00:00.000Z', `${acme.baseUrl}/Users`, acme.token)).toBe(200)
    expect(await lastUsed(acme.tokenId)).toBe('2026-03-02T10:00:00.000Z')
  })

  it('does not move for a request refused because the token was revoked', async () => {
    expect(await requestAt('2026-03-02T10:00:00.000Z', `${acme.baseUrl}/Users`, acme.token)).toBe(200)
    expect(harness.services.tokens.revoke(acme.tokenId).ok).toBe(true)
    expect(await requestAt('2026-03-02T11:00:00.000Z', `${acme.baseUrl}/Users`, acme.token)).toBe(401)
    // The refusal is logged against the token, so that the diagnosis can name it…
    expect(harness.logEntries(acme.id).at(-1)).toMatchObject({ status: 401, tokenId: acme.tokenId })
    // …but the token was not used.
    expect(await lastUsed(acme.tokenId)).toBe('2026-03-02T10:00:00.000Z')
  })

  it('does not move for a request refused because the token expired', async () => {
    const issued = harness.services.tokens.issue({ tenant: acme.id, label: 'Short-lived', expiresInDays: 1 })
    if (!issued.ok) throw new Error(issued.error.message)
    clock += 2 * day
    expect((await harness.request('GET', `${acme.baseUrl}/Users`, { token: issued.value.token })).status).toBe(401)
    expect(await lastUsed(issued.value.id)).toBeNull()
  })

  it('does not move for a request refused because the token belongs to another tenant', async () => {
    const globex = harness.tenant('Globex', 'globex')
    expect(await requestAt('2026-03-02T10:00:00.000Z', `${globex.baseUrl}/Users`, acme.token)).toBe(401)
    expect(await lastUsed(acme.tokenId)).toBeNull()
  })

  it('moves for a request the token authenticated that was then refused: the throttle, a 403, an injected fault', async () => {
    expect(harness.services.tenants.update({ tenant: acme.id, rateLimitPerMinute: 1 }).ok).toBe(true)
    expect(await requestAt('2026-03-02T10:00:00.000Z', `${acme.baseUrl}/Users`, acme.token)).toBe(200)
    expect(await requestAt('2026-03-02T10:00:01.000Z', `${acme.baseUrl}/Users`, acme.token)).toBe(429)
    expect(await lastUsed(acme.tokenId)).toBe('2026-03-02T10:00:01.000Z')

    expect(await requestAt('2026-03-02T10:05:00.000Z', `${acme.baseUrl}/Schemas?filter=id%20pr`, acme.token)).toBe(403)
    expect(await lastUsed(acme.tokenId)).toBe('2026-03-02T10:05:00.000Z')

    // Training: the console answers "revoked" for a token that is still valid, and that did authenticate.
    expect(harness.services.faults.set(acme.id, { ...noFaults, failNextAuth: true }).ok).toBe(true)
    expect(await requestAt('2026-03-02T10:10:00.000Z', `${acme.baseUrl}/Users`, acme.token)).toBe(401)
    expect(await lastUsed(acme.tokenId)).toBe('2026-03-02T10:10:00.000Z')
  })
})
