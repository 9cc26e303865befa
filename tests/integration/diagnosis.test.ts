import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatDateTime } from '../../src/shared/date-time'
import { plural } from '../../src/shared/plural'
import type { LogEntryDetail, LogEntrySummary } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import { createDiagnostician, type Diagnostician } from '../../src/main/core/diagnosis'
import { csvField } from '../../src/main/core/log-export'
import { noFaults } from '../../src/main/core/faults'
import { logHandlers } from '../../src/main/ipc/log-handlers'
import type { NativeBridge } from '../../src/main/ipc/native'
import { handlersOn } from '../support/handler-deps'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'
import { value } from '../support/result'

let harness: ScimHarness
let diagnostician: Diagnostician
let acme: ReturnType<ScimHarness['tenant']>

beforeEach(async () => {
  harness = await startScimHarness()
  diagnostician = createDiagnostician(harness.services)
  acme = harness.tenant('Acme Corp', 'acme')
})
afterEach(async () => {
  await harness.close()
})

/** The detail of the newest request of a tenant with `status`, as the log page's detail panel gets it. */
function latest(status: number, tenantId = acme.id): LogEntryDetail {
  harness.services.log.flush()
  const page = value(harness.services.log.list({ tenantId, status, limit: 1 }))
  const entry = page.items[0]
  if (!entry) throw new Error(`no ${status} was logged`)
  return value(diagnostician.detail(entry.id))
}

function diagnosisText(detail: LogEntryDetail): string {
  const diagnosis = detail.diagnosis
  if (!diagnosis) throw new Error('expected a diagnosis')
  return [diagnosis.title, diagnosis.explanation, diagnosis.nextStep, ...diagnosis.facts.map((fact) => `${fact.label}: ${fact.value}`)].join('\n')
}

const jane = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'jane.doe@acme.com',
  name: { givenName: 'Jane', familyName: 'Doe' },
  emails: [{ primary: true, value: 'jane.doe@acme.com', type: 'work' }],
  active: true
}

async function createJane(): Promise<string> {
  const created = await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: jane })
  expect(created.status).toBe(201)
  return String(created.body.id)
}

describe('diagnosis of a 401, from real requests', () => {
  it('says which token was revoked, when, and to paste a new one into Provisioning → Integration', async () => {
    const revoked = value(harness.services.tokens.revoke(acme.tokenId))
    expect((await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=2`, { token: acme.token })).status).toBe(401)
    const detail = latest(401)
    expect(detail.diagnosis?.title).toBe('The API token was revoked')
    expect(detail.diagnosis?.explanation).toContain(`"Okta" (${revoked.prefix}…)`)
    expect(detail.diagnosis?.explanation).toContain(formatDateTime(revoked.revokedAt ?? ''))
    expect(detail.diagnosis?.nextStep).toContain('Provisioning → Integration')
    expect(detail.token).toMatchObject({ id: acme.tokenId, label: 'Okta', prefix: revoked.prefix, status: 'revoked', tenantName: 'Acme Corp' })
  })

  it("names the other tenant a token belongs to, and that tenant's base URL", async () => {
    const globex = harness.tenant('Globex', 'globex')
    expect((await harness.request('GET', `${acme.baseUrl}/Users`, { token: globex.token })).status).toBe(401)
    const detail = latest(401)
    expect(detail.diagnosis?.title).toBe('The token belongs to another tenant: Globex')
    expect(detail.diagnosis?.nextStep).toContain('/scim/v2/globex')
    expect(detail.token).toMatchObject({ tenantName: 'Globex', status: 'active' })
  })

  it('recognises a token cut short when it was pasted, by the prefix it still shows', async () => {
    const cut = acme.token.slice(0, 20)
    expect((await harness.request('GET', `${acme.baseUrl}/Users`, { token: cut })).status).toBe(401)
    const detail = latest(401)
    expect(detail.diagnosis?.title).toBe('The API token is not one SCIM Console knows')
    expect(detail.diagnosis?.explanation).toContain('cut short or changed')
    expect(detail.token).toBeNull()
  })

  it('says a bare token was sent without Bearer, and was not known', async () => {
    expect((await harness.request('GET', `${acme.baseUrl}/Users`, { token: null, headers: { authorization: 'scim_notarealtoken' } })).status).toBe(401)
    const text = diagnosisText(latest(401))
    expect(text).toContain('without the word "Bearer"')
    expect(text).toContain('No token of Acme Corp starts with scim_nota')
  })

  it('explains a missing Authorization header and Basic authentication in Okta terms', async () => {
    await harness.request('GET', `${acme.baseUrl}/Users`, { token: null })
    expect(latest(401).diagnosis?.title).toBe('No API token was sent')
    await harness.request('GET', `${acme.baseUrl}/Users`, { token: null, headers: { authorization: 'Basic YWRtaW46c2VjcmV0' } })
    const basic = latest(401)
    expect(basic.diagnosis?.title).toBe('Okta sent a user name and password (Basic), not an API token')
    expect(basic.diagnosis?.nextStep).toContain('"HTTP Header"')
    expect(diagnosisText(basic)).not.toContain('YWRtaW46c2VjcmV0')
  })
})

describe('diagnosis of other failures, from real requests', () => {
  it('names the deactivated user that holds the userName on a 409', async () => {
    const id = await createJane()
    const deactivated = await harness.request('PATCH', `${acme.baseUrl}/Users/${id}`, {
      token: acme.token,
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] }
    })
    expect(deactivated.status).toBe(200)
    expect((await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: jane })).status).toBe(409)
    const detail = latest(409)
    expect(detail.diagnosis?.title).toBe('A deactivated user already has the userName "jane.doe@acme.com"')
    expect(diagnosisText(detail)).toContain(`Held by user: ${id}`)
    expect(diagnosisText(detail)).toContain('deactivated (active: false)')
    expect(detail.diagnosis?.nextStep).toContain('unassign the user from the app and assign them again')
  })

  it("does not only send Okta's admin to reassign a user whose read failed: a wizard app reads a user before it deactivates it", async () => {
    const id = await createJane()
    expect((await harness.request('DELETE', `${acme.baseUrl}/Users/${id}`, { token: acme.token })).status).toBe(204)
    // An app made with Create App Integration deactivates by GET, then PUT active:false (okta-scim.md §1.5).
    expect((await harness.request('GET', `${acme.baseUrl}/Users/${id}`, { token: acme.token })).status).toBe(404)
    const detail = latest(404)
    expect(detail.diagnosis?.title).toBe('Okta is reading a user that no longer exists here')
    expect(detail.diagnosis?.explanation).toContain('before it deactivates or reactivates it')
    expect(detail.diagnosis?.nextStep).toContain('If the failed task is a deactivation')
    expect(detail.diagnosis?.nextStep).toContain('dismiss the task in Okta (Dashboard → Tasks) instead of reassigning')
  })

  it('says Okta stops on a 404 during a profile push, when the user was deleted, and to unassign and reassign', async () => {
    const id = await createJane()
    expect((await harness.request('DELETE', `${acme.baseUrl}/Users/${id}`, { token: acme.token })).status).toBe(204)
    expect((await harness.request('PUT', `${acme.baseUrl}/Users/${id}`, { token: acme.token, body: { ...jane, id } })).status).toBe(404)
    const detail = latest(404)
    expect(detail.diagnosis?.title).toBe('Okta is updating a user that no longer exists here')
    expect(detail.diagnosis?.explanation).toContain('Okta stops')
    expect(diagnosisText(detail)).toMatch(/Deleted: .* by DELETE/)
    expect(detail.diagnosis?.nextStep).toContain('unassign the user from the app, then assign them again')
    expect(detail.timeline.map((entry) => [entry.method, entry.status])).toEqual([
      ['POST', 201],
      ['DELETE', 204],
      ['PUT', 404]
    ])
  })

  it("gives a 429 the tenant's budget, Retry-After and when Okta will retry", async () => {
    value(harness.services.tenants.update({ tenant: acme.id, rateLimitPerMinute: 1 }))
    expect((await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })).status).toBe(200)
    const throttled = await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })
    expect(throttled.status).toBe(429)
    const retryAfter = Number(throttled.headers.get('retry-after'))
    const detail = latest(429)
    expect(detail.diagnosis?.severity).toBe('warning')
    expect(detail.diagnosis?.title).toBe('Throttled: Acme Corp allows 1 request a minute')
    expect(detail.diagnosis?.explanation).toContain(`Retry-After: ${retryAfter}`)
    const retryAt = formatDateTime(new Date(Date.parse(detail.at) + retryAfter * 1000).toISOString())
    expect(diagnosisText(detail)).toContain(`Okta's next attempt: ${retryAt}`)
    expect(diagnosisText(detail)).toContain('Refused in that minute: 1')
  })

  it('quotes the fragment of a malformed filter', async () => {
    const response = await harness.request('GET', `${acme.baseUrl}/Users?filter=${encodeURIComponent('userName eq "a" and')}`, { token: acme.token })
    expect(response.status).toBe(400)
    const detail = latest(400)
    expect(detail.diagnosis?.title).toMatch(/^The filter cannot be read/)
    expect(diagnosisText(detail)).toContain('Filter: userName eq "a" and')
  })

  it('names the attribute of a 400 and the value that was sent', async () => {
    const id = await createJane()
    expect((await harness.request('PUT', `${acme.baseUrl}/Users/${id}`, { token: acme.token, body: { ...jane, active: 'maybe' } })).status).toBe(400)
    const detail = latest(400)
    expect(detail.diagnosis?.title).toBe('Okta sent a value for active that cannot be used')
    expect(diagnosisText(detail)).toContain('Value sent: "maybe"')
  })

  it('gives no diagnosis for a success, and a timeline that includes the request itself', async () => {
    await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=2`, { token: acme.token })
    const detail = latest(200)
    expect(detail.diagnosis).toBeNull()
    expect(detail.timeline.map((entry) => entry.id)).toEqual([detail.id])
  })
})

describe('logs:* handlers over real traffic', () => {
  const saved: string[] = []
  let nextPath: string | null = null
  const native = {
    async chooseSavePath({ defaultName }: { defaultName: string }) {
      saved.push(defaultName)
      return nextPath
    }
  } as unknown as NativeBridge

  async function someTraffic(): Promise<void> {
    await createJane()
    await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: jane })
    await harness.request('GET', `${acme.baseUrl}/Users`, { token: 'scim_wrongwrongwrong' })
  }

  it("fills in the diagnosis of each failure when asked, for a tenant's latest failures", async () => {
    await someTraffic()
    const handlers = logHandlers(harness.services, native)
    const page = value((await handlers['logs:list']({ tenantId: acme.id, withDiagnosis: true })) as Result<{ items: LogEntrySummary[] }>)
    expect(page.items.map((entry) => [entry.status, entry.diagnosis === null ? 'none' : entry.diagnosis?.title.slice(0, 12)])).toEqual([
      [401, 'The API toke'],
      [409, 'An active us'],
      [201, 'none']
    ])
  })

  it('refuses a query with fields the contract does not have', async () => {
    const handlers = logHandlers(harness.services, native)
    const answer = (await handlers['logs:list']({ tenantId: acme.id, sql: 'DROP TABLE request_log' })) as Result<unknown>
    expect(answer.ok).toBe(false)
  })

  it('copies a request as cURL with a $SCIM_TOKEN placeholder and never the secret', async () => {
    await someTraffic()
    const handlers = logHandlers(harness.services, native, { status: () => ({ url: harness.origin }) as never })
    harness.services.log.flush()
    const conflict = value(harness.services.log.list({ tenantId: acme.id, status: 409 })).items[0]
    const { command } = value((await handlers['logs:curl']({ id: conflict?.id })) as Result<{ command: string }>)
    expect(command).toContain(`'${acme.baseUrl}/Users'`)
    expect(command).toContain('-H "Authorization: Bearer $SCIM_TOKEN"')
    expect(command).toContain('jane.doe@acme.com')
    expect(command).not.toContain(acme.token)
    expect(command).not.toContain(acme.token.slice(0, 9))
  })

  it('exports the current filter as CSV and NDJSON to the path the save dialog chose, or nothing when cancelled', async () => {
    await someTraffic()
    const handlers = logHandlers(harness.services, native)
    nextPath = join(harness.dataDir, 'failed.csv')
    const csv = value((await handlers['logs:export']({ query: { tenantId: acme.id, outcome: 'failed' }, format: 'csv' })) as Result<{ path: string; count: number }>)
    expect(csv).toEqual({ path: nextPath, count: 2 })
    expect(saved.at(-1)).toMatch(/^scim-log-acme-\d{4}-\d{2}-\d{2}\.csv$/)
    const lines = readFileSync(nextPath, 'utf8').split('\r\n')
    // With a byte order mark, so that Excel reads the file as UTF-8.
    expect(lines[0]).toBe('\uFEFFtime,tenant,operation,target,method,path,status,duration,client,error,operation_label,diagnosis')
    expect(lines.slice(1, 3).map((line) => line.split(',')[6])).toEqual(['401', '409'])
    // Each failure ends with its diagnosis's title, the one line the drawer heads it with (logs:get).
    const listed = value((await handlers['logs:list']({ tenantId: acme.id, outcome: 'failed' })) as Result<{ items: readonly { id: number }[] }>)
    for (const [index, item] of listed.items.entries()) {
      const title = value((await handlers['logs:get']({ id: item.id })) as Result<{ diagnosis: { title: string } | null }>).diagnosis?.title ?? ''
      expect(title).not.toBe('')
      expect(lines[index + 1]?.endsWith(csvField(title, { text: true }))).toBe(true)
    }

    nextPath = join(harness.dataDir, 'all.ndjson')
    const ndjson = value((await handlers['logs:export']({ query: { tenantId: acme.id }, format: 'ndjson' })) as Result<{ count: number }>)
    expect(ndjson.count).toBe(3)
    const text = readFileSync(nextPath, 'utf8')
    const entries = text.trim().split('\n').map((line) => JSON.parse(line) as { requestBody: string | null; requestHeaders: Record<string, string> })
    expect(entries[2]?.requestBody).toContain('jane.doe@acme.com')
    expect(text).not.toContain(acme.token)

    // Named by its slug, the tenant's rows are exported all the same.
    nextPath = join(harness.dataDir, 'by-slug.ndjson')
    expect(value((await handlers['logs:export']({ query: { tenantId: acme.slug }, format: 'ndjson' })) as Result<{ count: number }>).count).toBe(3)

    nextPath = null
    expect(await handlers['logs:export']({ query: {}, format: 'csv' })).toEqual({ ok: true, value: null })
  })

  it('exports a change made in SCIM Console as one, in CSV and NDJSON, and gives it no diagnosis', async () => {
    const id = await createJane()
    value(await handlersOn(harness)['directory:set-user-active']({ tenant: 'acme', id, active: false }))
    harness.services.log.flush()
    const handlers = logHandlers(harness.services, native)
    nextPath = join(harness.dataDir, 'changes.csv')
    value((await handlers['logs:export']({ query: { tenantId: acme.id, operation: 'deactivate-user' }, format: 'csv' })) as Result<{ count: number }>)
    const [, row = ''] = readFileSync(nextPath, 'utf8').split('\r\n')
    expect(row.split(',').slice(2)).toEqual(['deactivate-user', 'jane.doe@acme.com', 'PATCH', `/scim/v2/acme/Users/${id}`, '200', expect.any(String), 'SCIM Console', '', 'Deactivated in SCIM Console', ''])

    nextPath = join(harness.dataDir, 'changes.ndjson')
    value((await handlers['logs:export']({ query: { tenantId: acme.id, operation: 'deactivate-user' }, format: 'ndjson' })) as Result<{ count: number }>)
    const [line] = readFileSync(nextPath, 'utf8').trim().split('\n').map((text) => JSON.parse(text) as Record<string, unknown>)
    expect(line).toMatchObject({ authScheme: 'console', client: 'SCIM Console', tokenId: null, requestHeaders: {}, operationLabel: 'Deactivated in SCIM Console' })

    const listed = value((await handlers['logs:list']({ tenantId: acme.id, withDiagnosis: true })) as Result<{ items: LogEntrySummary[] }>)
    expect(listed.items.find((entry) => entry.authScheme === 'console')?.diagnosis).toBeNull()
  })
})

// ——— The audit: every failure an identity provider meets, as Okta and as Microsoft Entra ID send it ———

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'
const groupUrn = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const patchUrn = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
/** What Entra sends with every request (okta-scim.md §4); the rest of the harness's headers are Okta's. */
const entraHeaders = { 'user-agent': 'Azure Active Directory SCIM Client' }

async function createGroup(displayName: string): Promise<string> {
  const created = await harness.request('POST', `${acme.baseUrl}/Groups`, { token: acme.token, body: { schemas: [groupUrn], displayName, members: [] } })
  expect(created.status).toBe(201)
  return String(created.body.id)
}

describe("diagnosis in Okta's words, for both kinds of Okta app", () => {
  it('names the catalog app\'s fields and those of an app created in the wizard, each with its own test button', async () => {
    await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=2`, { token: null })
    const step = latest(401).diagnosis?.nextStep ?? ''
    // The catalog SCIM 2.0 Test App: API Token, then Test API Credentials. A wizard app: Authentication Mode
    // "HTTP Header", Authorization, then Test Connector Configuration (setup guide, step 4).
    expect(step).toMatch(/API Token, then click Test API Credentials/)
    expect(step).toMatch(/Authentication Mode "HTTP Header", paste it into Authorization, then Test Connector Configuration/)
  })

  it('says an empty API Token field was sent as a bare "Bearer", not that the token is someone else\'s', async () => {
    expect((await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=2`, { token: null, headers: { authorization: 'Bearer' } })).status).toBe(401)
    const detail = latest(401)
    expect(detail.diagnosis?.title).toBe('The Authorization header says "Bearer" with no token after it')
    expect(diagnosisText(detail)).not.toContain('not a SCIM Console token')
  })

  it('says an API token was pasted into the base URL where the slug belongs, and to revoke it', async () => {
    const response = await harness.request('GET', `${harness.origin}/scim/v2/${acme.token}/Users?startIndex=1&count=2`, { token: acme.token })
    expect(response.status).toBe(401)
    harness.services.log.flush()
    const entry = value(harness.services.log.list({ status: 401, limit: 1 })).items[0]
    const detail = value(diagnostician.detail(entry?.id ?? 0))
    expect(detail.diagnosis?.title).toBe('An API token was pasted into the base URL')
    // The prefix the log keeps names the token, and so its tenant (tests/integration/diagnosis-audit.test.ts).
    expect(detail.diagnosis?.nextStep).toMatch(/^Revoke the token "Okta" \(scim_/)
    expect(diagnosisText(detail)).not.toContain(acme.token)
  })

  it('says a token sent in the URL instead of the Authorization header was sent in the URL', async () => {
    expect((await harness.request('GET', `${acme.baseUrl}/Users?access_token=${acme.token}`, { token: null })).status).toBe(401)
    const detail = latest(401)
    expect(detail.diagnosis?.title).toBe('The API token was sent in the URL, not in the Authorization header')
    expect(detail.diagnosis?.nextStep).toMatch(/Revoke that token/)
  })

  it("says first that a deleted tenant is gone, and gives none of the live advice, for its old failed requests", async () => {
    expect((await harness.request('GET', `${acme.baseUrl}/Users/u-gone`, { token: acme.token })).status).toBe(404)
    const before = latest(404)
    expect(before.diagnosis?.nextStep).toContain('unassign the user from the app, then assign them again')
    value(harness.services.tenants.remove({ tenant: acme.id, force: true }))
    const detail = value(diagnostician.detail(before.id))
    expect(detail.diagnosis?.title).toBe('The tenant "acme" has been deleted since this request')
    expect(detail.diagnosis?.explanation).toMatch(/^This request went to the tenant with the slug "acme" \(id [^)]+\), which has been deleted since, /)
    expect(detail.diagnosis?.explanation).toContain('Okta is reading a user that no longer exists here')
    expect(detail.diagnosis?.nextStep).toContain('Requests to /scim/v2/acme now get 401 Unauthorized')
    expect(detail.diagnosis?.nextStep).not.toMatch(/unassign|assign them again/)
    // Listed with its diagnosis too, as the log page lists failures.
    const listed = value(diagnostician.list({ tenantId: acme.id, status: 404, limit: 1, withDiagnosis: true })).items[0]
    expect(listed?.diagnosis?.title).toBe(detail.diagnosis?.title)

    // Once another tenant has the slug, its requests go there instead.
    harness.tenant('Acme Two', 'acme')
    expect(value(diagnostician.detail(before.id)).diagnosis?.nextStep).toContain('Requests to /scim/v2/acme now go to the tenant Acme Two')
  })

  it('reads a base URL that ends in /Users as a wrong base URL, not as a user that is gone', async () => {
    expect((await harness.request('GET', `${acme.baseUrl}/Users/Users?startIndex=1&count=2`, { token: acme.token })).status).toBe(404)
    const detail = latest(404)
    expect(detail.diagnosis?.title).toBe('The base URL ends in /Users')
    expect(detail.diagnosis?.nextStep).toContain(`/scim/v2/${acme.slug}`)
    expect(diagnosisText(detail)).not.toContain('unassign')
  })

  it('reads a path with an empty segment as a base URL that ends with a slash, for Okta and for Entra', async () => {
    const answer = await harness.request('GET', `${acme.baseUrl}//Users?startIndex=1&count=2`, { token: acme.token })
    expect(answer.status).toBe(404)
    expect(String(answer.body.detail)).toContain(`the path has an empty segment ("//"), as when the base URL ends with a slash. Acme Corp's SCIM base URL is ${acme.baseUrl}, with no slash at the end.`)
    const detail = latest(404)
    // Logged as what it was meant to be: Okta's Test API Credentials.
    expect(detail).toMatchObject({ path: `/scim/v2/${acme.slug}//Users?startIndex=1&count=2`, operation: 'test-credentials', tenantSlug: acme.slug })
    expect(detail.diagnosis?.title).toBe('The base URL ends with a slash')
    expect(detail.diagnosis?.nextStep).toContain(`/scim/v2/${acme.slug} with no slash after it`)

    const entra = await harness.request('GET', `${acme.baseUrl}//Users?aadOptscim062020&filter=${encodeURIComponent('userName eq "x"')}`, {
      token: acme.token,
      headers: { 'user-agent': 'Azure Active Directory SCIM Client' }
    })
    expect(String(entra.body.detail)).toContain('Tenant URL')
    const fromEntra = latest(404)
    expect(fromEntra.operation).toBe('lookup-user')
    expect(fromEntra.diagnosis?.nextStep).toContain('Tenant URL')
  })

  it('reads an empty segment after the base URL as a path built wrong, not as a base URL that ends with a slash', async () => {
    const id = await createJane()
    const answer = await harness.request('GET', `${acme.baseUrl}/Users//${id}`, { token: acme.token })
    expect(answer.status).toBe(404)
    const sent = String(answer.body.detail)
    expect(sent).toBe(
      `There is no SCIM endpoint GET /scim/v2/${acme.slug}/Users//${id}: the path has an empty segment ("//") after the base URL, in the part the client adds to it. The base URL is right; the client must send that part with single slashes: /scim/v2/${acme.slug}/Users/${id}.`
    )
    const detail = latest(404)
    expect(detail.diagnosis?.title).toBe('The path has an empty segment after the base URL')
    expect(diagnosisText(detail)).not.toMatch(/base URL ends with a slash|Base URL should end in/)
    expect(detail.diagnosis?.explanation).toContain(`/Users//${id}`)
    // Okta builds that part itself, so nothing in its settings corrects it.
    expect(detail.diagnosis?.nextStep).toContain('SCIM Console support')
    expect(detail.diagnosis?.nextStep).not.toContain('Base URL')

    await harness.request('GET', `${acme.baseUrl}/Users//${id}`, { token: acme.token, headers: { 'user-agent': 'curl/8.5.0' } })
    expect(latest(404).diagnosis?.nextStep).toContain(`/scim/v2/${acme.slug}/Users/${id}`)
  })

  it('logs a request under a base URL missing /v2 against the tenant it names, as Test API Credentials, and says what to fix', async () => {
    for (const base of [`/scim/${acme.slug}`, `/${acme.slug}`, `/api/scim/v2/${acme.slug}`]) {
      const answer = await harness.request('GET', `${harness.origin}${base}/Users?startIndex=1&count=2`, { token: acme.token })
      expect(answer.status, base).toBe(404)
      expect(String(answer.body.detail), base).toContain(`the SCIM base URL of the tenant "acme" is ${acme.baseUrl},`)
      const detail = latest(404)
      expect(detail, base).toMatchObject({ path: `${base}/Users?startIndex=1&count=2`, operation: 'test-credentials', tenantSlug: acme.slug })
      expect(detail.diagnosis?.title, base).toBe(`The base URL does not end in /scim/v2/${acme.slug}`)
      expect(detail.diagnosis?.nextStep, base).toContain('Base URL')
    }
    // A path that names no tenant (a scanner's) is answered and not logged.
    const before = harness.logEntries(acme.id).length
    expect((await harness.request('GET', `${harness.origin}/wp-admin/Users`)).status).toBe(404)
    expect(harness.logEntries(acme.id)).toHaveLength(before)
  })

  it('names the other user that holds the userName a profile push wanted, not the pushed user itself', async () => {
    const janeId = await createJane()
    const carl = await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: { ...jane, userName: 'carl@acme.com' } })
    const carlId = String(carl.body.id)
    expect((await harness.request('PUT', `${acme.baseUrl}/Users/${carlId}`, { token: acme.token, body: { ...jane, id: carlId } })).status).toBe(409)
    const put = latest(409)
    expect(put.diagnosis?.title).toBe('Another user already has the userName "jane.doe@acme.com"')
    expect(diagnosisText(put)).toContain(`Held by user: ${janeId}`)
    expect(put.diagnosis?.explanation).toContain('carl@acme.com')
    expect(put.diagnosis?.nextStep).not.toContain('Import')

    const patch = await harness.request('PATCH', `${acme.baseUrl}/Users/${carlId}`, {
      token: acme.token,
      headers: entraHeaders,
      body: { schemas: [patchUrn], Operations: [{ op: 'Replace', path: 'userName', value: 'jane.doe@acme.com' }] }
    })
    expect(patch.status).toBe(409)
    const entra = latest(409)
    expect(entra.diagnosis?.title).toBe('Another user already has the userName "jane.doe@acme.com"')
    expect(diagnosisText(entra)).toContain(`Held by user: ${janeId}`)
    expect(diagnosisText(entra)).not.toContain(`Held by user: ${carlId}`)
  })

  it('names the users of a 409 by id so that the log detail can open them in the Directory, and a deleted one only as text', async () => {
    const janeId = await createJane()
    const carl = await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: { ...jane, userName: 'carl@acme.com' } })
    const carlId = String(carl.body.id)
    expect((await harness.request('PUT', `${acme.baseUrl}/Users/${carlId}`, { token: acme.token, body: { ...jane, id: carlId } })).status).toBe(409)
    const facts = latest(409).diagnosis?.facts ?? []
    expect(facts.find((fact) => fact.label === 'Held by user')).toEqual({ label: 'Held by user', value: janeId, subject: { kind: 'user', id: janeId } })
    expect(facts.find((fact) => fact.label === 'User id')).toEqual({ label: 'User id', value: carlId, subject: { kind: 'user', id: carlId } })
    // Facts about anything else carry no subject.
    expect(facts.find((fact) => fact.label === 'userName')).toEqual({ label: 'userName', value: 'jane.doe@acme.com' })

    // A user that is gone has no Directory entry to open: its id stays text.
    expect((await harness.request('DELETE', `${acme.baseUrl}/Users/${carlId}`, { token: acme.token })).status).toBe(204)
    expect((await harness.request('PUT', `${acme.baseUrl}/Users/${carlId}`, { token: acme.token, body: { ...jane, userName: 'carl@acme.com', id: carlId } })).status).toBe(404)
    expect(latest(404).diagnosis?.facts.find((fact) => fact.label === 'User id')).toEqual({ label: 'User id', value: carlId })
  })

  it("explains a group sent without a displayName as a group's, not a person's profile, in each client's words", async () => {
    const nameless = { schemas: [groupUrn], externalId: 'g-1', members: [] }
    expect((await harness.request('POST', `${acme.baseUrl}/Groups`, { token: acme.token, headers: entraHeaders, body: nameless })).status).toBe(400)
    const entra = latest(400).diagnosis
    expect(entra?.title).toBe('Entra sent a group without a displayName')
    expect(entra?.nextStep).toContain('Provision Microsoft Entra ID Groups, and correct the mapping whose target attribute is displayName')
    expect(entra?.nextStep).not.toContain('profile')
    expect((await harness.request('POST', `${acme.baseUrl}/Groups`, { token: acme.token, body: nameless })).status).toBe(400)
    const okta = latest(400).diagnosis
    expect(okta?.title).toBe('Okta sent a group without a displayName')
    expect(okta?.nextStep).toContain("check the group's name in Okta (Directory → Groups), then push it again")
    expect(okta?.nextStep).not.toContain('profile')
  })

  it("says a group's body comes from the group, not from a person's profile and the app's mappings", async () => {
    const id = await createGroup('Sales')
    const cut = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"displayName":"Sales"}'
    expect((await harness.request('PATCH', `${acme.baseUrl}/Groups/${id}`, { token: acme.token, raw: cut })).status).toBe(400)
    const unreadable = latest(400).diagnosis
    expect(unreadable?.explanation).toContain('Okta writes this body itself from the group in Okta')
    expect(`${unreadable?.explanation} ${unreadable?.nextStep}`).not.toMatch(/person's profile|Profile Editor/)
    expect((await harness.request('PATCH', `${acme.baseUrl}/Groups/${id}`, { token: acme.token, body: { schemas: [patchUrn] } })).status).toBe(400)
    const empty = latest(400).diagnosis
    expect(empty?.nextStep).toMatch(/^Okta writes this body from the group in Okta/)
    expect(empty?.nextStep).not.toContain("person's profile")
  })

  it('does not send an admin to an attribute mapping for a group member that cannot be used', async () => {
    const id = await createGroup('Sales')
    const noValue = { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ display: 'jane.doe@acme.com' }] }] }
    expect((await harness.request('PATCH', `${acme.baseUrl}/Groups/${id}`, { token: acme.token, body: noValue })).status).toBe(400)
    const okta = latest(400).diagnosis
    expect(okta?.title).toBe('Okta sent a group member that cannot be used')
    expect(okta?.nextStep).toContain('no mapping in Okta corrects this. Push the group again (Push Groups → Push now)')
    expect(okta?.nextStep).not.toContain('Profile Editor')
    const numeric = { schemas: [patchUrn], Operations: [{ op: 'Add', path: 'members', value: [{ value: 42 }] }] }
    expect((await harness.request('PATCH', `${acme.baseUrl}/Groups/${id}`, { token: acme.token, headers: entraHeaders, body: numeric })).status).toBe(400)
    const entra = latest(400).diagnosis
    expect(entra?.title).toBe('Entra sent a group member that cannot be used')
    expect(entra?.nextStep).not.toContain('Mappings')
  })

  it('names the existing group as it is written here when a pushed group differs from it only in case', async () => {
    await createGroup('Sales Team')
    const push = { schemas: [groupUrn], displayName: 'sales team', members: [] }
    expect((await harness.request('POST', `${acme.baseUrl}/Groups`, { token: acme.token, body: push })).status).toBe(409)
    const okta = latest(409).diagnosis
    expect(okta?.nextStep).toContain('"Link Group" to link it to the existing "Sales Team"')
    expect(okta?.explanation).toContain('(written "Sales Team" here)')
    expect((await harness.request('POST', `${acme.baseUrl}/Groups`, { token: acme.token, headers: entraHeaders, body: push })).status).toBe(409)
    expect(latest(409).diagnosis?.nextStep).toContain('takes over the existing "Sales Team"')
  })

  it('tells a group renamed onto another group\'s name from a new group pushed twice', async () => {
    await createGroup('Sales')
    const ops = await createGroup('Ops')
    const rename = await harness.request('PATCH', `${acme.baseUrl}/Groups/${ops}`, {
      token: acme.token,
      body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { id: ops, displayName: 'Sales' } }] }
    })
    expect(rename.status).toBe(409)
    const detail = latest(409)
    expect(detail.diagnosis?.title).toBe('Another group is already named "Sales"')
    expect(detail.diagnosis?.explanation).toContain('"Ops"')
    expect(detail.diagnosis?.nextStep).not.toContain('Link Group')
  })

  it('gives an injected 429 the Retry-After it was sent with, not Okta\'s 5-minute default', async () => {
    value(harness.services.faults.set(acme.id, { ...noFaults, rules: [{ id: 'r1', operation: 'create-user', status: 429, detail: 'Slow down.', mode: 'percent', percent: 100 }] }))
    const throttled = await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: jane })
    expect(throttled.status).toBe(429)
    const retryAfter = Number(throttled.headers.get('retry-after'))
    const text = diagnosisText(latest(429))
    expect(text).toContain(`Retry-After: ${retryAfter} seconds`)
    expect(text).not.toContain('5 minutes')
  })

  it('says /Bulk is not offered, rather than to retry it', async () => {
    expect((await harness.request('POST', `${acme.baseUrl}/Bulk`, { token: acme.token, body: {} })).status).toBe(501)
    const detail = latest(501)
    expect(detail.diagnosis?.title).toBe('SCIM Console does not offer /Bulk')
    expect(detail.diagnosis?.nextStep).not.toMatch(/Retry/)
  })

  it('says a database held by another process is a problem of the SCIM Console machine, not of Okta', async () => {
    const other = new Database(harness.services.dbPath)
    try {
      harness.services.db.pragma('busy_timeout = 100')
      other.exec('BEGIN IMMEDIATE')
      expect((await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: jane })).status).toBe(503)
    } finally {
      other.exec('ROLLBACK')
      other.close()
    }
    const detail = latest(503)
    expect(detail.diagnosis?.title).toBe("SCIM Console's database was busy")
    expect(detail.diagnosis?.nextStep).toContain('another SCIM Console process')
  })

  it('explains a 412 by the If-Match the client sent', async () => {
    const id = await createJane()
    expect((await harness.request('PUT', `${acme.baseUrl}/Users/${id}`, { token: acme.token, body: jane, headers: { 'if-match': 'W/"99"' } })).status).toBe(412)
    const detail = latest(412)
    expect(detail.diagnosis?.title).toBe('The user changed after the client read it')
    expect(diagnosisText(detail)).toContain('If-Match sent: W/"99"')
    // The version, not the whole detail sentence inside another one.
    expect(detail.diagnosis?.explanation).toContain('It had changed since (it is now at version 1), so nothing was saved.')
  })

  it('tells a 412 for an If-Match that names no ETag of SCIM Console from one for a change made since', async () => {
    const id = await createJane()
    const answer = await harness.request('PUT', `${acme.baseUrl}/Users/${id}`, { token: acme.token, body: jane, headers: { 'if-match': '"abc"' } })
    expect(answer.status).toBe(412)
    const detail = latest(412)
    expect(detail.diagnosis?.title).toBe('The If-Match header names no ETag that SCIM Console issued')
    expect(detail.diagnosis?.explanation).toContain('If-Match: "abc"')
    expect(detail.diagnosis?.explanation).toContain('The user did not change')
    expect(diagnosisText(detail)).not.toContain('changed since')
    expect(detail.diagnosis?.nextStep).toContain('If-Match: W/"1"')
    expect(diagnosisText(detail)).toContain('If-Match sent: "abc"')
  })

  it('explains a 412 by the If-None-Match the client sent, which a change of the resource as it is fails', async () => {
    const id = await createJane()
    expect((await harness.request('PUT', `${acme.baseUrl}/Users/${id}`, { token: acme.token, body: jane, headers: { 'if-none-match': '*' } })).status).toBe(412)
    const detail = latest(412)
    expect(detail.diagnosis?.title).toBe('The client asked not to change the user as it is now')
    expect(diagnosisText(detail)).toContain('If-None-Match sent: *')
  })

  it('says a group push too large for the 1 MB limit is a limit of SCIM Console', async () => {
    const id = await createGroup('Everyone')
    const members = Array.from({ length: 25_000 }, (_, n) => ({ value: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, display: `user${n}@acme.com` }))
    const put = await harness.request('PUT', `${acme.baseUrl}/Groups/${id}`, { token: acme.token, body: { schemas: [groupUrn], id, displayName: 'Everyone', members } })
    expect(put.status).toBe(413)
    const detail = latest(413)
    expect(detail.diagnosis?.title).toBe('The request is larger than SCIM Console accepts (1 MB)')
    expect(detail.diagnosis?.explanation).toContain('full member list')
    // Support reads this to a customer: it cites no file of ours.
    expect(diagnosisText(detail)).not.toMatch(/\.md\b|§/)
  })

  it('names a group member that is not a user here, and what to do about it in Okta', async () => {
    const id = await createGroup('Sales')
    const patch = await harness.request('PATCH', `${acme.baseUrl}/Groups/${id}`, {
      token: acme.token,
      body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: 'u-unknown', display: 'ghost@acme.com' }] }] }
    })
    expect(patch.status).toBe(400)
    const detail = latest(400)
    expect(detail.diagnosis?.title).toBe('The group names a member that is not a user of Acme Corp')
    expect(diagnosisText(detail)).toContain('Member: ghost@acme.com (id u-unknown)')
    expect(detail.diagnosis?.nextStep).toContain('Assignments')
  })

  it('says a group named another group as a member, that nested groups are not supported, and what to do in Okta and in Entra', async () => {
    const inner = await createGroup('Engineering')
    const outer = await createGroup('Staff')
    const body = { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: inner }] }] }
    expect((await harness.request('PATCH', `${acme.baseUrl}/Groups/${outer}`, { token: acme.token, body })).status).toBe(400)
    const okta = latest(400)
    expect(okta.diagnosis?.title).toBe('Okta sent another group as a member of a group')
    expect(okta.diagnosis?.explanation).toContain(`"Engineering" (id ${inner})`)
    expect(okta.diagnosis?.explanation).toContain('SCIM Console does not support nested groups')
    expect(okta.diagnosis?.nextStep).toContain('push groups whose members are users')
    expect(diagnosisText(okta)).not.toContain('mapping')

    const entra = await harness.request('PATCH', `${acme.baseUrl}/Groups/${outer}`, {
      token: acme.token,
      headers: { 'user-agent': 'Azure Active Directory SCIM Client' },
      body: { schemas: [patchUrn], Operations: [{ op: 'Add', path: 'members', value: [{ value: inner }, { value: 'u-unknown' }] }] }
    })
    expect(entra.status).toBe(400)
    const fromEntra = latest(400)
    expect(fromEntra.diagnosis?.title).toBe('Entra sent another group as a member of a group')
    expect(fromEntra.diagnosis?.nextStep).toContain('Entra does not provision nested groups')
    // The member that is no user at all is named too.
    expect(fromEntra.diagnosis?.explanation).toContain('u-unknown')
    expect(diagnosisText(fromEntra)).not.toContain('Okta')
  })

  it('reads what a 412 or a group write was about from facts kept with the entry, so that rewording a detail keeps its diagnosis', async () => {
    const id = await createJane()
    expect((await harness.request('PUT', `${acme.baseUrl}/Users/${id}`, { token: acme.token, body: jane, headers: { 'if-match': 'W/"99"' } })).status).toBe(412)
    const stale = latest(412)
    const inner = await createGroup('Engineering')
    const outer = await createGroup('Staff')
    const members = [{ value: inner }, { value: 'u-unknown', display: 'ghost@acme.com' }]
    const body = { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: members }] }
    expect((await harness.request('PATCH', `${acme.baseUrl}/Groups/${outer}`, { token: acme.token, body })).status).toBe(400)
    const nested = latest(400)
    const unknown = await harness.request('PATCH', `${acme.baseUrl}/Groups/${outer}`, {
      token: acme.token,
      body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [members[1]] }] }
    })
    expect(unknown.status).toBe(400)
    const ghost = latest(400)
    expect(ghost.errorFacts).toEqual({ unknownMembers: ['u-unknown'], unknownMemberCount: 1 })

    // Each detail as a later version might word it, with none of the words the diagnosis once read.
    const reword = harness.services.db.prepare('UPDATE request_log SET error_detail = ? WHERE id = ?')
    for (const entry of [stale, nested, ghost]) reword.run('Refused; see the facts.', entry.id)

    const staleNow = value(diagnostician.detail(stale.id))
    expect(staleNow.diagnosis?.title).toBe('The user changed after the client read it')
    expect(staleNow.diagnosis?.explanation).toContain('(it is now at version 1)')
    const nestedNow = value(diagnostician.detail(nested.id))
    expect(nestedNow.diagnosis?.title).toBe('Okta sent another group as a member of a group')
    expect(nestedNow.diagnosis?.explanation).toContain(`"Engineering" (id ${inner})`)
    expect(nestedNow.diagnosis?.explanation).toContain('u-unknown')
    const ghostNow = value(diagnostician.detail(ghost.id))
    expect(ghostNow.diagnosis?.title).toBe('The group names a member that is not a user of Acme Corp')
    expect(diagnosisText(ghostNow)).toContain('Member: ghost@acme.com (id u-unknown)')
  })

  it('names userName when a pushed user has none, and says a bad PATCH path is a path', async () => {
    expect((await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: { schemas: [userUrn], name: { givenName: 'A' } } })).status).toBe(400)
    expect(latest(400).diagnosis?.title).toBe('Okta sent a user without a userName')
    const id = await createJane()
    const patch = await harness.request('PATCH', `${acme.baseUrl}/Users/${id}`, {
      token: acme.token,
      body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'emails[type eq', value: 'x' }] }
    })
    expect(patch.status).toBe(400)
    expect(latest(400).diagnosis?.title).toBe('Okta sent a PATCH path that cannot be used: emails[type eq')
  })

  it('reads what a 400 or its filter was about from facts kept with the entry, so that rewording its detail keeps its diagnosis', async () => {
    const id = await createJane()
    const refused = async (method: string, path: string, body: unknown): Promise<LogEntryDetail> => {
      expect((await harness.request(method, `${acme.baseUrl}${path}`, { token: acme.token, body })).status).toBe(400)
      return latest(400)
    }
    const noUserName = await refused('POST', '/Users', { schemas: [userUrn], name: { givenName: 'A' } })
    const noDisplayName = await refused('POST', '/Groups', { schemas: [groupUrn], displayName: '' })
    const badPath = await refused('PATCH', `/Users/${id}`, { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'emails[type eq', value: 'x' }] })
    // The second operation is refused: the value shown is its own, not the first one's for the same attribute.
    const second = await refused('PATCH', `/Users/${id}`, {
      schemas: [patchUrn],
      Operations: [
        { op: 'replace', path: 'name', value: { givenName: 'Jane' } },
        { op: 'replace', path: 'name', value: 'Jane Doe' }
      ]
    })
    expect(second.errorFacts).toEqual({ attribute: 'name', operation: 2 })
    const tooMany = await refused('PATCH', `/Users/${id}`, {
      schemas: [patchUrn],
      Operations: Array.from({ length: 1001 }, () => ({ op: 'replace', path: 'displayName', value: 'J' }))
    })

    // Filters: a word where an operator belongs, an attribute no filter reads, more comparisons than accepted.
    const lookup = async (filter: string): Promise<LogEntryDetail> => {
      expect((await harness.request('GET', `${acme.baseUrl}/Users?filter=${encodeURIComponent(filter)}`, { token: acme.token })).status).toBe(400)
      return latest(400)
    }
    const equals = await lookup('userName equals "jane@acme.com"')
    const unfilterable = await lookup('nickName2 eq "x"')
    const comparisons = await lookup(Array.from({ length: 60 }, (_, index) => `userName eq "u${index}"`).join(' or '))

    const reword = harness.services.db.prepare('UPDATE request_log SET error_detail = ? WHERE id = ?')
    for (const entry of [noUserName, noDisplayName, badPath, second, tooMany, equals, unfilterable, comparisons]) reword.run('Refused; see the facts.', entry.id)
    const now = (entry: LogEntryDetail) => value(diagnostician.detail(entry.id)).diagnosis

    expect(now(noUserName)?.title).toBe('Okta sent a user without a userName')
    expect(now(noDisplayName)?.title).toBe('Okta sent a group without a displayName')
    expect(now(badPath)?.title).toBe('Okta sent a PATCH path that cannot be used: emails[type eq')
    expect(now(second)?.title).toBe('Okta sent a value for name that cannot be used')
    expect(now(second)?.explanation).toContain('Okta sent name: "Jane Doe".')
    expect(now(tooMany)?.title).toBe('The PATCH has more operations than SCIM Console accepts')
    expect(now(tooMany)?.explanation).toContain('The PATCH has 1001 operations and SCIM Console applies at most 1000')
    expect(now(equals)?.title).toBe('The filter uses "equals", which is not a SCIM operator')
    expect(now(unfilterable)?.title).toBe('The filter uses nickName2, which SCIM Console cannot filter on')
    expect(now(comparisons)?.title).toBe('The filter makes more comparisons than SCIM Console accepts')
  })

  it('reads what a 409, 429, 503 or unreadable request was about from facts kept with the entry, so that rewording its detail keeps its diagnosis', async () => {
    const id = await createJane()
    await createGroup('Sales Team')
    const refused = async (status: number, method: string, path: string, options: { body?: unknown; raw?: string } = {}): Promise<LogEntryDetail> => {
      expect((await harness.request(method, `${acme.baseUrl}${path}`, { token: acme.token, ...options })).status).toBe(status)
      return latest(status)
    }
    // A profile push that renames another user onto jane's userName, in other case; a group pushed twice, in other case.
    const other = await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: { ...jane, userName: 'john@acme.com' } })
    const rename = await refused(409, 'PATCH', `/Users/${String(other.body.id)}`, {
      body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'userName', value: 'Jane.Doe@acme.com' }] }
    })
    expect(rename.errorFacts).toEqual({ wantedName: 'Jane.Doe@acme.com', heldAs: 'jane.doe@acme.com' })
    const pushed = await refused(409, 'POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'sales team', members: [] } })
    // A body that is not JSON, and a list parameter that is not a number.
    const notJson = await refused(400, 'PUT', `/Users/${id}`, { raw: '{"userName": "jane.doe@acme.com",' })
    const startIndex = await refused(400, 'GET', '/Users?startIndex=first')
    // The tenant's rate limit, then an injected throttle and an injected 429 rule.
    value(harness.services.tenants.update({ tenant: acme.id, rateLimitPerMinute: 1 }))
    await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })
    const throttled = await refused(429, 'GET', '/Users')
    value(harness.services.tenants.update({ tenant: acme.id, rateLimitPerMinute: 0 }))
    value(harness.services.faults.set(acme.id, { ...noFaults, throttlePerMinute: 1 }))
    await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })
    const injectedThrottle = await refused(429, 'GET', '/Users')
    value(harness.services.faults.set(acme.id, { ...noFaults, rules: [{ id: 'r1', operation: 'any', status: 429, detail: 'Slow down.', mode: 'percent', percent: 100 }] }))
    const injectedRule = await refused(429, 'GET', '/Users')
    value(harness.services.faults.set(acme.id, noFaults))
    // The database held by another process.
    const holder = new Database(harness.services.dbPath)
    try {
      harness.services.db.pragma('busy_timeout = 100')
      holder.exec('BEGIN IMMEDIATE')
      expect((await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: { ...jane, userName: 'ann@acme.com' } })).status).toBe(503)
    } finally {
      holder.exec('ROLLBACK')
      holder.close()
    }
    const busy = latest(503)

    const reword = harness.services.db.prepare('UPDATE request_log SET error_detail = ? WHERE id = ?')
    for (const entry of [rename, pushed, notJson, startIndex, throttled, injectedThrottle, injectedRule, busy]) reword.run('Refused; see the facts.', entry.id)
    const now = (entry: LogEntryDetail) => value(diagnostician.detail(entry.id))

    expect(now(rename).diagnosis?.title).toBe('Another user already has the userName "Jane.Doe@acme.com"')
    expect(now(pushed).diagnosis?.explanation).toContain('(written "Sales Team" here)')
    expect(now(notJson).diagnosis?.title).toBe('The request body cannot be read')
    expect(now(notJson).diagnosis?.nextStep).toContain('a proxy between Okta and SCIM Console')
    expect(now(startIndex).diagnosis?.title).toBe("The request's startIndex cannot be used")
    expect(now(throttled).diagnosis?.title).toBe('Throttled: Acme Corp allows 1 request a minute')
    expect(diagnosisText(now(throttled))).toContain(`Retry-After: ${plural(throttled.errorFacts?.retryAfter ?? 0, 'second')}`)
    expect(now(injectedThrottle).diagnosis?.title).toBe('Injected failure: Throttled: Acme Corp allows 1 request a minute')
    expect(diagnosisText(now(injectedRule))).toContain('Retry-After: 60 seconds')
    expect(now(busy).diagnosis?.title).toBe("SCIM Console's database was busy")
  })

  it('says a deleted group that is already gone needs nothing, not a new push', async () => {
    expect((await harness.request('DELETE', `${acme.baseUrl}/Groups/g-gone`, { token: acme.token })).status).toBe(404)
    const detail = latest(404)
    expect(detail.diagnosis?.title).toBe('Okta deleted a group that was already gone')
    expect(detail.diagnosis?.nextStep).not.toContain('push it again')
  })
})

describe('diagnosis in Microsoft Entra ID\'s words, for requests Entra sent', () => {
  it("sends an Entra admin to Admin Credentials' Secret Token and Test Connection, and warns of quarantine", async () => {
    const issued = value(harness.services.tokens.issue({ tenant: acme.id, label: 'Entra production' }))
    value(harness.services.tokens.revoke(issued.id))
    await harness.request('GET', `${acme.baseUrl}/Users?filter=${encodeURIComponent('userName eq "6f2d4e11"')}`, { token: issued.token, headers: entraHeaders })
    const detail = latest(401)
    expect(detail.diagnosis?.title).toBe('The API token was revoked')
    expect(detail.diagnosis?.explanation).toMatch(/^Entra sent the token/)
    expect(detail.diagnosis?.nextStep).toContain('Secret Token')
    expect(detail.diagnosis?.nextStep).toContain('Test Connection')
    expect(detail.diagnosis?.nextStep).toContain('Restart provisioning')
    // The facts list the tenant's other tokens, the harness's labelled "Okta"; the advice is Entra's alone.
    expect(`${detail.diagnosis?.explanation} ${detail.diagnosis?.nextStep}`).not.toMatch(/Okta|API Token|Test API Credentials/)
  })

  it('points an Entra admin at the Tenant URL for a wrong slug', async () => {
    await harness.request('GET', `${harness.origin}/scim/v2/acme-old/Users?filter=${encodeURIComponent('userName eq "x"')}`, { token: acme.token, headers: entraHeaders })
    harness.services.log.flush()
    const entry = value(harness.services.log.list({ status: 401, limit: 1 })).items[0]
    const detail = value(diagnostician.detail(entry?.id ?? 0))
    expect(detail.diagnosis?.nextStep).toContain('Tenant URL')
    expect(diagnosisText(detail)).not.toContain('Okta')
  })

  it("does not send an Entra admin to Okta's Import for a 409", async () => {
    await createJane()
    expect((await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, headers: entraHeaders, body: { ...jane, externalId: '5c1a' } })).status).toBe(409)
    const detail = latest(409)
    expect(detail.diagnosis?.explanation).toMatch(/^Entra tried to create/)
    expect(detail.diagnosis?.nextStep).toContain('matching')
    expect(diagnosisText(detail)).not.toMatch(/Okta|Import/)
  })

  it("does not promise an Entra admin Okta's retry plan for a 429", async () => {
    value(harness.services.tenants.update({ tenant: acme.id, rateLimitPerMinute: 1 }))
    await harness.request('GET', `${acme.baseUrl}/Users?count=1`, { token: acme.token, headers: entraHeaders })
    expect((await harness.request('GET', `${acme.baseUrl}/Users?count=1`, { token: acme.token, headers: entraHeaders })).status).toBe(429)
    const detail = latest(429)
    expect(diagnosisText(detail)).not.toContain('Okta')
    expect(detail.diagnosis?.explanation).toContain('quarantine')
  })

  it('says an Entra hard delete of a user that is already gone lost nothing', async () => {
    const id = await createJane()
    expect((await harness.request('DELETE', `${acme.baseUrl}/Users/${id}`, { token: acme.token, headers: entraHeaders })).status).toBe(204)
    expect((await harness.request('DELETE', `${acme.baseUrl}/Users/${id}`, { token: acme.token, headers: entraHeaders })).status).toBe(404)
    const detail = latest(404)
    expect(detail.diagnosis?.title).toBe('Entra deleted a user that was already gone')
    expect(diagnosisText(detail)).not.toContain('Okta')
  })

  it('tells an Entra admin how to recover from a PATCH to a user deleted here', async () => {
    const id = await createJane()
    expect((await harness.request('DELETE', `${acme.baseUrl}/Users/${id}`, { token: acme.token })).status).toBe(204)
    // A profile change; a deactivation of a user that is gone needs nothing (tests/integration/diagnosis-audit.test.ts).
    const patch = await harness.request('PATCH', `${acme.baseUrl}/Users/${id}`, {
      token: acme.token,
      headers: entraHeaders,
      body: { schemas: [patchUrn], Operations: [{ op: 'Replace', path: 'title', value: 'Engineer' }] }
    })
    expect(patch.status).toBe(404)
    const detail = latest(404)
    expect(detail.diagnosis?.title).toBe('Entra is updating a user that no longer exists here')
    expect(detail.diagnosis?.nextStep).toContain('Restart provisioning')
    // The facts name the client that deleted the user (here the harness's Okta); the advice is Entra's alone.
    expect(`${detail.diagnosis?.explanation} ${detail.diagnosis?.nextStep}`).not.toContain('Okta')
  })

  it('says an injected failure needs nothing fixed in Entra', async () => {
    value(harness.services.faults.set(acme.id, { ...noFaults, rules: [{ id: 'r1', operation: 'any', status: 500, detail: 'Boom.', mode: 'percent', percent: 100 }] }))
    expect((await harness.request('GET', `${acme.baseUrl}/Users?count=1`, { token: acme.token, headers: entraHeaders })).status).toBe(500)
    const detail = latest(500)
    expect(detail.diagnosis?.nextStep).toMatch(/^Nothing to fix in Entra/)
    expect(diagnosisText(detail)).not.toContain('Okta')
  })
})

describe('diagnosis of a 404 for a user or group deleted in SCIM Console', () => {
  /** Deletes in the console, through its IPC handlers, and answers the log entry that records it. */
  async function deleteInConsole(kind: 'user' | 'group', id: string): Promise<LogEntrySummary> {
    const handlers = handlersOn(harness)
    value(await (kind === 'user' ? handlers['directory:delete-user'] : handlers['directory:delete-group'])({ tenant: 'acme', id }))
    harness.services.log.flush()
    const deleted = value(harness.services.log.list({ tenantId: acme.id, target: id, limit: 1 })).items[0]
    if (!deleted) throw new Error('the deletion was not logged')
    expect(deleted).toMatchObject({ method: 'DELETE', status: 204, authScheme: 'console', client: 'SCIM Console', tokenId: null })
    return deleted
  }

  it("says Okta's profile push failed because the user was deleted in SCIM Console, when, and to bring them back only if wanted", async () => {
    const id = await createJane()
    const deleted = await deleteInConsole('user', id)
    expect((await harness.request('PUT', `${acme.baseUrl}/Users/${id}`, { token: acme.token, body: { ...jane, id } })).status).toBe(404)
    const detail = latest(404)
    expect(detail.diagnosis?.title).toBe('Okta is updating a user that was deleted in SCIM Console')
    expect(detail.diagnosis?.explanation).toContain(`"jane.doe@acme.com" (id ${id})`)
    expect(detail.diagnosis?.explanation).toContain(`it was deleted in SCIM Console on ${formatDateTime(deleted.at)}`)
    expect(detail.diagnosis?.nextStep).toMatch(/^Only if the customer wants the user back here: in Okta, unassign the user from the app, then assign them again/)
    expect(detail.diagnosis?.nextStep).toContain('If the deletion was meant, unassign the user from the app in Okta')
    expect(diagnosisText(detail)).toContain(`Deleted: ${formatDateTime(deleted.at)} in SCIM Console (log entry ${deleted.id})`)
    expect(detail.timeline.map((entry) => [entry.method, entry.status, entry.authScheme])).toEqual([
      ['POST', 201, 'bearer'],
      ['DELETE', 204, 'console'],
      ['PUT', 404, 'bearer']
    ])

    // Okta's deactivation of that user asks for what is already so, and says where the user went.
    const deactivate = await harness.request('PATCH', `${acme.baseUrl}/Users/${id}`, {
      token: acme.token,
      body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { active: false } }] }
    })
    expect(deactivate.status).toBe(404)
    const gone = latest(404)
    expect(gone.diagnosis?.title).toBe('Okta deactivated a user that was already gone')
    expect(gone.diagnosis?.explanation).toContain(`deleted in SCIM Console on ${formatDateTime(deleted.at)}`)
  })

  it("tells an Entra admin the same in Entra's words", async () => {
    const id = await createJane()
    const deleted = await deleteInConsole('user', id)
    const patch = await harness.request('PATCH', `${acme.baseUrl}/Users/${id}`, {
      token: acme.token,
      headers: entraHeaders,
      body: { schemas: [patchUrn], Operations: [{ op: 'Replace', path: 'title', value: 'Engineer' }] }
    })
    expect(patch.status).toBe(404)
    const detail = latest(404)
    expect(detail.diagnosis?.title).toBe('Entra is updating a user that was deleted in SCIM Console')
    expect(detail.diagnosis?.explanation).toContain(`it was deleted in SCIM Console on ${formatDateTime(deleted.at)}`)
    expect(detail.diagnosis?.nextStep).toMatch(/^Only if the customer wants the user back here: in the Microsoft Entra admin center, .* Restart provisioning/)
    expect(diagnosisText(detail)).not.toContain('Okta')
  })

  it("says Okta's group push failed because the group was deleted in SCIM Console, and what to do in Push Groups", async () => {
    const groupId = await createGroup('Sales')
    const deleted = await deleteInConsole('group', groupId)
    const push = await harness.request('PATCH', `${acme.baseUrl}/Groups/${groupId}`, {
      token: acme.token,
      body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'displayName', value: 'Sales EMEA' }] }
    })
    expect(push.status).toBe(404)
    const detail = latest(404)
    expect(detail.diagnosis?.title).toBe('Okta is pushing to a group that was deleted in SCIM Console')
    expect(detail.diagnosis?.explanation).toContain(`"Sales" (id ${groupId})`)
    expect(detail.diagnosis?.explanation).toContain(`deleted in SCIM Console on ${formatDateTime(deleted.at)}`)
    expect(detail.diagnosis?.nextStep).toMatch(/^Only if the customer wants the group back here: in Okta's Push Groups tab, unlink the group/)
  })

  it('names a group member deleted in SCIM Console, and when, instead of guessing who deleted it', async () => {
    const id = await createJane()
    const groupId = await createGroup('Sales')
    const deleted = await deleteInConsole('user', id)
    const patch = await harness.request('PATCH', `${acme.baseUrl}/Groups/${groupId}`, {
      token: acme.token,
      body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }] }
    })
    expect(patch.status).toBe(400)
    const detail = latest(400)
    expect(detail.diagnosis?.explanation).toContain(`The log shows the user deleted in SCIM Console on ${formatDateTime(deleted.at)}.`)
    expect(detail.diagnosis?.explanation).not.toContain('or by another client')
    expect(detail.diagnosis?.nextStep).toMatch(/^Only if the customer wants jane\.doe@acme\.com back here: in Okta, unassign them from the app and assign them again/)
    expect(diagnosisText(detail)).toContain(`Deleted: ${formatDateTime(deleted.at)} in SCIM Console (log entry ${deleted.id})`)
  })

  it('keeps the guess, and its words, for a member whose deletion the log does not hold', async () => {
    const groupId = await createGroup('Sales')
    const patch = await harness.request('PATCH', `${acme.baseUrl}/Groups/${groupId}`, {
      token: acme.token,
      body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: 'u-unknown' }] }] }
    })
    expect(patch.status).toBe(400)
    const detail = latest(400)
    expect(detail.diagnosis?.explanation).toContain('was most likely deleted here since (in SCIM Console, or by another client)')
    expect(detail.diagnosis?.nextStep).toMatch(/^In Okta, unassign that person from the app and assign them again/)
  })
})

describe('diagnosis of a URL that is not validly percent-encoded', () => {
  /** The newest 400 of any tenant, or of none (a slug that does not decode names no tenant). */
  function latestAnywhere(): LogEntryDetail {
    harness.services.log.flush()
    const entry = value(harness.services.log.list({ status: 400, limit: 1 })).items[0]
    if (!entry) throw new Error('no 400 was logged')
    return value(diagnostician.detail(entry.id))
  }

  it('says a base URL pasted with a stray "%" breaks the tenant slug, and where Okta or Entra keeps the base URL', async () => {
    expect((await harness.request('GET', `${harness.origin}/scim/v2/acme%/Users?startIndex=1&count=2`)).status).toBe(400)
    const okta = latestAnywhere()
    expect(okta.diagnosis?.title).toBe('The URL is not validly percent-encoded: the tenant slug')
    expect(okta.diagnosis?.explanation).toContain('the tenant slug "acme%", at the end of the base URL, holds a %-escape that does not decode to UTF-8 text')
    expect(okta.diagnosis?.nextStep).toMatch(/^The base URL was most likely pasted with stray characters/)
    expect(okta.diagnosis?.nextStep).toContain('Base URL')
    expect(diagnosisText(okta)).toContain('Segment that does not decode: acme%')
    expect(diagnosisText(okta)).not.toContain('Compare the request body')

    await harness.request('GET', `${harness.origin}/scim/v2/acme%/Users?startIndex=1&count=2`, { headers: entraHeaders })
    const entra = latestAnywhere()
    expect(entra.diagnosis?.nextStep).toContain('Tenant URL')
    expect(diagnosisText(entra)).not.toContain('Okta')
  })

  it("names the tenant's own base URL when the stray characters come after its slug", async () => {
    expect((await harness.request('GET', `${acme.baseUrl}/%E2%80/Users?startIndex=1&count=2`)).status).toBe(400)
    const detail = latest(400)
    expect(detail.diagnosis?.title).toBe('The URL is not validly percent-encoded: the base URL')
    expect(detail.diagnosis?.nextStep).toContain("Acme Corp's base URL, ending in /scim/v2/acme")
  })

  it('says a mangled user id was changed by the client, not that the request body is wrong', async () => {
    expect((await harness.request('GET', `${acme.baseUrl}/Users/%E0%A4%A`)).status).toBe(400)
    const okta = latest(400)
    expect(okta.diagnosis?.title).toBe('The URL is not validly percent-encoded: the user id')
    expect(okta.diagnosis?.explanation).toContain('the user id "%E0%A4%A" holds a %-escape that does not decode')
    expect(diagnosisText(okta)).toContain('Part of the URL: User id')
    expect(okta.diagnosis?.nextStep).toContain('Copy as cURL')
    await harness.request('GET', `${acme.baseUrl}/Users/%E0%A4%A`, { headers: { 'user-agent': 'curl/8.5.0' } })
    expect(latest(400).diagnosis?.nextStep).toBe('Correct how the client puts ids into URLs: it must send them as SCIM Console returned them.')
  })
})
