/**
 * `scim-console logs show ID`: one request of the provisioning log in full, so that Support can answer from a shell
 * what Okta sent, what the server answered, why it failed and what to do next, with the diagnosis the app's log detail
 * shows. And `logs --failed`, which names each failure's diagnosis as the app's Latest failures does.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LogEntry, LogEntryDetail, LogEntrySummary } from '../../src/shared/models'
import { createDiagnostician } from '../../src/main/core/diagnosis'
import { runCli } from '../../src/main/cli/index'
import { capturedIo, cliOn } from '../support/cli'
import { handlersOn } from '../support/handler-deps'
import { value } from '../support/result'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

let harness: ScimHarness
let acme: ReturnType<ScimHarness['tenant']>
const cli = cliOn(() => harness.services.dbPath)

const jane = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'jane.doe@acme.com',
  name: { givenName: 'Jane', familyName: 'Doe' },
  emails: [{ value: 'jane.doe@acme.com', primary: true, type: 'work' }],
  password: 'Sup3r-Secret!',
  active: true
}

/** The tenant's log, oldest first, as written to the file the CLI opens. */
function logged(): LogEntry[] {
  return harness.logEntries(acme.id)
}

/** What the app's log detail shows for an entry (the IPC handler's diagnostician). */
function appDetail(id: number): LogEntryDetail {
  const detail = createDiagnostician(harness.services).detail(id)
  if (!detail.ok) throw new Error(detail.error.message)
  return detail.value
}

beforeEach(async () => {
  harness = await startScimHarness()
  acme = harness.tenant('Acme Corp', 'acme')
  expect((await harness.request('POST', `${acme.baseUrl}/Users`, { body: jane, headers: { 'user-agent': 'Okta SCIM Client 1.0.0' } })).status).toBe(201)
  expect((await harness.request('POST', `${acme.baseUrl}/Users`, { body: jane, headers: { 'user-agent': 'Okta SCIM Client 1.0.0' } })).status).toBe(409)
  expect(harness.services.tokens.revoke(acme.tokenId).ok).toBe(true)
  expect((await harness.request('GET', `${acme.baseUrl}/Users?count=1`, { headers: { 'user-agent': 'Okta SCIM Client 1.0.0' } })).status).toBe(401)
  // In the file, where the CLI's own connection reads it.
  harness.services.log.flush()
})

afterEach(async () => {
  await harness.close()
})

describe('scim-console logs show ID', () => {
  it('prints the entry in full: its line, the diagnosis and next step, the request as sent (redacted) and the answer', async () => {
    const conflict = logged().find((entry) => entry.status === 409)
    if (!conflict) throw new Error('no 409 logged')
    const { diagnosis } = appDetail(conflict.id)
    if (!diagnosis) throw new Error('no diagnosis')

    const { code, out, err } = await cli('logs', 'show', String(conflict.id))
    expect(err).toEqual([])
    expect(code).toBe(0)
    const [header = '', line = ''] = out
    // The entry's row of the `logs` table, under its header.
    expect(header).toMatch(/^ID\s+TIME\s+TENANT\s+STATUS\s+METHOD\s+OPERATION\s+TARGET\s+MS\s+PATH\s+ERROR$/)
    expect(line.split(/\s+/).slice(0, 6)).toEqual([String(conflict.id), `${conflict.at.slice(0, 19)}Z`, 'acme', '409', 'POST', 'create-user'])
    expect(line).toContain(conflict.errorDetail ?? 'no detail')

    const text = out.join('\n')
    // The diagnosis is the app's, word for word.
    expect(text).toContain(
      [`Diagnosis: ${diagnosis.title}`, diagnosis.explanation, `Next step: ${diagnosis.nextStep}`, 'Facts:', ...diagnosis.facts.map((fact) => `  ${fact.label}: ${fact.value}`)].join('\n')
    )
    expect(text).toContain('\nOperation: Push new user (Okta SCIM Client 1.0.0)\n')
    expect(text).toMatch(/\nToken: "[^"]+" \(scim_[A-Za-z0-9_-]+…\) of Acme Corp, revoked \d{4}-\d\d-\d\dT/)

    // The request line, its headers as logged (the token only by its prefix), and its body, indented.
    const request = out.indexOf('Request: POST /scim/v2/acme/Users')
    expect(request).toBeGreaterThan(0)
    const headers = out.slice(request + 1, out.indexOf('', request))
    expect(headers).toEqual(Object.entries(conflict.requestHeaders).map(([name, value]) => `${name}: ${value}`))
    expect(headers).toContainEqual(expect.stringMatching(/^authorization: Bearer scim_[A-Za-z0-9_-]+…$/))
    expect(text).toContain(JSON.stringify(JSON.parse(conflict.requestBody ?? ''), null, 2))
    expect(text).toContain('\n  "userName": "jane.doe@acme.com",\n')
    expect(text).not.toContain(acme.token)
    expect(text).not.toContain(jane.password)

    // The answer: status, reason and time, then the body the server sent.
    const response = out.findIndex((each) => each.startsWith('Response: '))
    expect(out[response]).toBe(`Response: 409 Conflict, in ${Math.round(conflict.durationMs)} ms`)
    expect(out.slice(response + 1).join('\n')).toContain(JSON.stringify(JSON.parse(conflict.responseBody ?? ''), null, 2))
    expect(text).toContain('"scimType": "uniqueness"')

    // The earlier request about jane, under the same header, ids first.
    const timeline = out.findIndex((each) => each.startsWith('Timeline for jane.doe@acme.com, oldest first'))
    expect(timeline).toBeGreaterThan(response)
    expect(out.slice(timeline + 2).map((each) => each.split(/\s+/)[0])).toEqual(appDetail(conflict.id).timeline.map((entry) => String(entry.id)))
  })

  it("prints a revoked token's 401 with what to do in Okta, and a success without a diagnosis", async () => {
    const [created, , refused] = logged()
    if (!created || !refused) throw new Error('missing entries')
    const unauthorized = await cli('logs', 'show', String(refused.id))
    expect(unauthorized.code).toBe(0)
    expect(unauthorized.out).toContain(`Diagnosis: ${appDetail(refused.id).diagnosis?.title ?? 'none'}`)
    expect(unauthorized.out).toContain('Request: GET /scim/v2/acme/Users?count=1')
    expect(unauthorized.out).toContain('Response: 401 Unauthorized, in ' + String(Math.round(refused.durationMs)) + ' ms')

    const success = await cli('logs', 'show', String(created.id))
    expect(success.code).toBe(0)
    expect(success.out).toContain('Diagnosis: none, the request succeeded')
    expect(success.out).toContain('Response: 201 Created, in ' + String(Math.round(created.durationMs)) + ' ms')
  })

  it('says a body that was sent and not kept is not kept, as the app\'s log detail does, not that there was none', async () => {
    // The 401 of the revoked token, with a body this time, and a body over the 1 MB limit from a fresh token.
    const refused = await harness.request('POST', `${acme.baseUrl}/Users`, { body: jane, token: acme.token })
    expect(refused.status).toBe(401)
    const fresh = value(harness.services.tokens.issue({ tenant: acme.id, label: 'Okta' }))
    const tooLarge = await harness.request('POST', `${acme.baseUrl}/Groups`, { token: fresh.token, raw: JSON.stringify({ displayName: 'All staff', padding: 'x'.repeat(1_100_000) }) })
    expect(tooLarge.status).toBe(413)
    const [unauthorized, large] = logged().slice(-2)
    if (!unauthorized || !large) throw new Error('missing entries')

    expect((await cli('logs', 'show', String(unauthorized.id))).out).toContain(
      `Not kept: a body was sent (${Buffer.byteLength(JSON.stringify(jane))} bytes), but SCIM Console keeps none for a request it refused before reading it.`
    )
    expect((await cli('logs', 'show', String(large.id))).out).toContain('Not kept: the body sent (1.05 MB) is larger than SCIM Console reads.')
    // A GET sends none, and says so in the words of the client that sent it.
    const [, , revokedGet] = logged()
    expect((await cli('logs', 'show', String(revokedGet?.id))).out).toContain('No body: Okta sends none with this request.')
    expect((await cli('logs', 'show', String(large.id))).out).not.toContain('(none in the log)')
  })

  it("says a token of a tenant deleted since was that tenant's, not a token that matches none", async () => {
    // Beta's token, accepted when it was sent; then Beta is deleted, and its tokens with it.
    const beta = harness.tenant('Beta Inc', 'beta')
    expect((await harness.request('GET', `${beta.baseUrl}/Users?startIndex=1&count=2`, { token: beta.token })).status).toBe(200)
    // …and a token that never was one, for the line that says so.
    expect((await harness.request('GET', `${beta.baseUrl}/Users?startIndex=1&count=2`, { token: 'scim_neverIssuedByThisConsole' })).status).toBe(401)
    const [used, neverIssued] = harness.logEntries(beta.id)
    if (!used || !neverIssued) throw new Error('missing entries')
    value(harness.services.tenants.remove({ tenant: 'beta', force: true }))

    const shown = (await cli('logs', 'show', String(used.id))).out
    expect(shown).toContain(`Token: ${beta.token.slice(0, 9)}…, an API token of a tenant deleted since (its tokens were deleted with it)`)
    expect(shown.join('\n')).not.toContain('matches no API token')
    expect((await cli('logs', 'show', String(neverIssued.id))).out).toContain('Token: the one sent matches no API token of any tenant')
  })

  it('--json prints one object: the entry as the app shows it, with its diagnosis and operationLabel', async () => {
    const conflict = logged().find((entry) => entry.status === 409)
    if (!conflict) throw new Error('no 409 logged')
    for (const args of [['logs', 'show', String(conflict.id), '--json'], ['--json', 'logs', 'show', String(conflict.id)], ['logs', '--json', 'show', String(conflict.id)]]) {
      const { code, out, err } = await cli(...args)
      expect(err).toEqual([])
      expect(code).toBe(0)
      expect(out).toHaveLength(1)
      const shown = JSON.parse(out[0] ?? '') as Omit<LogEntryDetail, 'timeline'> & { operationLabel: string; timeline: (LogEntrySummary & { operationLabel: string })[] }
      const detail = appDetail(conflict.id)
      expect(shown).toEqual({
        ...detail,
        operationLabel: 'Push new user',
        timeline: detail.timeline.map((entry) => ({ ...entry, operationLabel: expect.any(String) }))
      })
      expect(shown).toMatchObject({ id: conflict.id, status: 409, method: 'POST', requestHeaders: conflict.requestHeaders, requestBody: conflict.requestBody, responseBody: conflict.responseBody })
      expect(shown.diagnosis?.title).toEqual(expect.any(String))
      expect(shown.timeline.map((entry) => entry.operationLabel)).toEqual(['Push new user', 'Push new user'])
      expect(out[0]).not.toContain(acme.token)
    }
  })

  it('prints a change made in SCIM Console as one: no token or diagnosis, the SCIM request it equals and the user it left', async () => {
    const [created] = logged()
    const id = created?.targetId
    if (!id) throw new Error('jane was not logged')
    value(await handlersOn(harness)['directory:set-user-active']({ tenant: 'acme', id, active: false }))
    harness.services.log.flush()
    const change = logged().at(-1)
    if (!change) throw new Error('the change was not logged')

    const { code, out } = await cli('logs', 'show', String(change.id))
    expect(code).toBe(0)
    const text = out.join('\n')
    expect(out).toContain('Diagnosis: none, a change made in SCIM Console')
    expect(out).toContain("Operation: Deactivated in SCIM Console (a change made on the tenant's Directory page, not a request: no API token)")
    expect(out).toContain(`Change, as the SCIM request it equals: PATCH /scim/v2/acme/Users/${id}`)
    expect(text).toContain('"path": "active",\n      "value": false')
    expect(out).toContain(`Result: 200 OK, in ${Math.round(change.durationMs)} ms`)
    expect(text).toContain(`"location": "${acme.baseUrl}/Users/${id}"`)
    expect(text).not.toMatch(/^Token: /m)
    expect(text).toContain(`oldest first (this change is ${change.id}):`)

    // With --json, scripts tell it by its authScheme, and read its operation in plain words.
    const lines = (await cli('logs', '--json', '--user', id)).out.map((line) => JSON.parse(line) as LogEntrySummary & { operationLabel: string })
    expect(lines.map((entry) => [entry.operation, entry.authScheme, entry.client, entry.tokenId, entry.operationLabel])).toEqual([
      ['deactivate-user', 'console', 'SCIM Console', null, 'Deactivated in SCIM Console'],
      ['create-user', 'bearer', 'Okta SCIM Client 1.0.0', acme.tokenId, 'Push new user']
    ])
  })

  it('exits 1 with one line for an id the log does not hold', async () => {
    for (const id of ['999999', '99999999999999999999']) {
      expect(await cli('logs', 'show', id)).toEqual({
        code: 1,
        out: [],
        err: [`scim-console: no log entry has the id ${id}; scim-console logs --db ${harness.services.dbPath} lists the entries the log holds, with their ids`]
      })
    }
    expect((await cli('logs', 'show', '999999', '--json')).code).toBe(1)
  })

  it.each([
    [['logs', 'show', 'abc'], 'the log entry id must be a whole number, as the ID column of scim-console logs --db DB shows it; not "abc"'],
    [['logs', 'show', '12.5'], 'the log entry id must be a whole number, as the ID column of scim-console logs --db DB shows it; not "12.5"'],
    [['logs', 'show'], 'missing log entry id: scim-console logs show ID --db DB (the ID column of scim-console logs --db DB)'],
    [['logs', 'show', '1', '2'], 'unexpected argument "2"'],
    [['logs', 'show', '1', '--failed'], 'unknown option --failed; this command takes --db and --json'],
    [['logs', '--failed', 'show', '1'], 'logs show takes a log entry id and no filters: scim-console logs show ID --db DB']
  ])('is a usage error (exit 2, one line) for a bad command line: %j', async (args, message) => {
    // DB: the --db the command was given, which each command the message names repeats.
    const named = message.replaceAll('DB', harness.services.dbPath)
    expect(await cli(...args)).toEqual({ code: 2, out: [], err: [`scim-console: ${named} (see scim-console --help)`] })
  })

  it('-1 is a usage error too, and --help prints the usage that names logs show', async () => {
    const negative = await cli('logs', 'show', '-1')
    expect([negative.code, negative.out, negative.err.length]).toEqual([2, [], 1])
    const help = await cli('logs', 'show', '--help')
    expect(help.code).toBe(0)
    expect(help.out).toContainEqual(expect.stringMatching(/^ {2}logs show ID {3,}print one log entry in full/))
  })
})

describe('scim-console logs --failed', () => {
  it("names each failure's diagnosis, as the app's Latest failures does, one line each", async () => {
    const { code, out } = await cli('logs', '--failed')
    expect(code).toBe(0)
    const [header = '', ...lines] = out
    expect(header).toMatch(/^ID\s+TIME\s+TENANT\s+STATUS\s+METHOD\s+OPERATION\s+TARGET\s+MS\s+PATH\s+DIAGNOSIS\s+ERROR$/)
    const failures = logged()
      .filter((entry) => entry.status >= 400)
      .reverse()
    expect(lines).toHaveLength(failures.length)
    failures.forEach((entry, index) => {
      const line = lines[index] ?? ''
      const title = appDetail(entry.id).diagnosis?.title ?? 'no diagnosis'
      expect(line.startsWith(`${entry.id} `)).toBe(true)
      expect(line.slice(header.indexOf('DIAGNOSIS'), header.indexOf('DIAGNOSIS') + title.length)).toBe(title)
      expect(line).toContain(entry.errorDetail ?? 'no detail')
    })
  })

  it('keeps its JSON lines the entries as logged, and the table without --failed as it was', async () => {
    const json = await cli('logs', '--failed', '--json')
    expect(json.out).toHaveLength(2)
    expect(json.out.map((line) => Object.keys(JSON.parse(line) as object))).toEqual(json.out.map(() => expect.not.arrayContaining(['diagnosis'])))
    expect((await cli('logs'))).toMatchObject({ code: 0, out: expect.arrayContaining([expect.stringMatching(/^ID\s+TIME\s+TENANT\s+STATUS\s+METHOD\s+OPERATION\s+TARGET\s+MS\s+PATH\s+ERROR$/)]) })
  })

  it('--follow names the diagnosis of failures that arrive while it runs', async () => {
    const { io, out } = capturedIo()
    const controller = new AbortController()
    const running = runCli(['logs', '--follow', '--failed', '--db', harness.services.dbPath], io, controller.signal)
    await vi.waitFor(() => expect(out).toHaveLength(3), { timeout: 15_000 })
    expect(out[0]).toMatch(/^ID\s+TIME\s+TENANT\s+STATUS\s+METHOD\s+OPERATION\s+TARGET\s+MS\s+PATH\s+DIAGNOSIS\s+ERROR$/)
    expect((await harness.request('DELETE', `${acme.baseUrl}/Users/00000000-0000-4000-8000-000000000000`)).status).toBe(401)
    harness.services.log.flush()
    await vi.waitFor(() => expect(out).toHaveLength(4), { timeout: 15_000 })
    controller.abort()
    expect(await running).toBe(0)
    const latest = logged().at(-1)
    if (!latest) throw new Error('nothing logged')
    const title = appDetail(latest.id).diagnosis?.title ?? 'no diagnosis'
    expect(out[3]?.startsWith(`${latest.id} `)).toBe(true)
    // A streamed line's columns have fixed widths: a long title is cut short, with an ellipsis.
    const start = out[0]?.indexOf('DIAGNOSIS') ?? -1
    expect(out[3]?.slice(start, start + 48).trimEnd()).toBe(title.length > 48 ? `${title.slice(0, 47)}…` : title)
  })
})
