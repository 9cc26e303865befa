import { createServer } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { noFaults } from '../../src/main/core/faults'
import { runCli } from '../../src/main/cli/index'
import { runCommandLine } from '../support/cli'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

/** Runs a demo command line as given: each names its database (`db`). */
const cli = runCommandLine

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const address = probe.address()
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return typeof address === 'object' && address ? address.port : 0
}

function ndjson(lines: readonly string[]): Record<string, unknown>[] {
  return lines.flatMap((line) => line.split('\n')).map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe('scim-console demo (headless) against a running server', () => {
  let harness: ScimHarness
  let acme: ReturnType<ScimHarness['tenant']>
  let db: string[]
  beforeEach(async () => {
    harness = await startScimHarness()
    acme = harness.tenant('Acme Corp', 'acme')
    db = ['--db', harness.services.dbPath]
  })
  afterEach(async () => {
    await harness.close()
  })

  it('demo okta --json prints one NDJSON line per step and revokes its own token', async () => {
    for (const mode of ['catalog', 'wizard']) {
      const result = await cli(['demo', 'okta', 'acme', '--mode', mode, '--users', '3', '--url', harness.origin, '--speed', '1000', '--json', ...db])
      expect(result.err).toEqual([])
      expect(result.code).toBe(0)
      const steps = ndjson(result.out)
      expect(steps.length).toBeGreaterThan(10)
      for (const step of steps) {
        expect(step).toEqual(expect.objectContaining({ step: expect.any(String), ok: true, detail: expect.any(String) }))
        expect('status' in step).toBe(true)
      }
      expect(steps[0]).toMatchObject({ step: 'test-credentials', status: 200, method: 'GET', path: '/Users?startIndex=1&count=2' })
      expect(steps.map((step) => step.step)).toContain(mode === 'catalog' ? 'rename-group' : 'read-group')
    }
    const tokens = harness.services.tokens.list(acme.id)
    expect(tokens.ok && tokens.value.filter((token) => token.label === 'Okta simulator').map((token) => token.status)).toEqual(['revoked', 'revoked'])
    expect(harness.services.directory.listUsers(acme.id, { offset: 0, limit: 10 }).total).toBe(3)
  })

  it('demo okta prints readable lines without --json', async () => {
    const result = await cli(['demo', 'okta', 'acme', '--users', '1', '--url', harness.origin, '--speed', '1000', ...db])
    expect(result.code).toBe(0)
    const text = result.out.join('\n')
    expect(text).toMatch(/^Playing Okta's catalog app \(PATCH\)/)
    expect(text).toMatch(/ok {3}200 {2}Okta tests the API credentials/)
    expect(text).toMatch(/Done: \d+ steps, all passed/)
  })

  it('demo okta exits 1 when a step fails, and when nothing listens at --url', async () => {
    harness.services.faults.set(acme.id, { ...noFaults, rules: [{ id: 'r', operation: 'create-user', status: 500, detail: 'Broken.', mode: 'percent', percent: 100 }] })
    const failed = await cli(['demo', 'okta', 'acme', '--users', '1', '--url', harness.origin, '--speed', '1000', '--json', ...db])
    expect(failed.code).toBe(1)
    expect(ndjson(failed.out).find((step) => step.ok === false)).toMatchObject({ step: 'create-user', status: 500 })
    expect(failed.err[0]).toMatch(/^scim-console: the Okta demo failed: 1 of \d+ steps failed$/)

    const closed = await cli(['demo', 'okta', 'acme', '--url', `http://127.0.0.1:${await closedPort()}`, '--speed', '1000', '--json', ...db])
    expect(closed.code).toBe(1)
    expect(ndjson(closed.out)).toEqual([expect.objectContaining({ step: 'test-credentials', ok: false, status: null, detail: expect.stringMatching(/Is the SCIM server running/) })])
  })

  it("says that a port fetch refuses (the Fetch standard's bad ports) is one to change, not just \"bad port\"", async () => {
    for (const port of [9, 6000]) {
      const result = await cli(['demo', 'okta', 'acme', '--url', `http://127.0.0.1:${port}`, '--speed', '1000', '--json', ...db])
      expect(result.code).toBe(1)
      expect(ndjson(result.out)).toEqual([
        expect.objectContaining({
          step: 'test-credentials',
          ok: false,
          detail: `Port ${port} is one that browsers and Node's fetch refuse to connect to (the Fetch standard's "bad ports", kept for other protocols), so nothing was sent. Run the SCIM server on another port, such as 8787, and send to that one.`
        })
      ])
    }
  })

  it('stops a self-test at a port fetch refuses, as at an address where nothing listens, and says to correct it', async () => {
    const result = await cli(['demo', 'conformance', 'acme', '--url', 'http://127.0.0.1:6000', ...db])
    expect(result.code).toBe(1)
    const text = result.out.join('\n')
    expect(text).toContain('Next step: start the SCIM server (the Server page, or scim-console serve) or correct the address it is reached at')
    expect(text).not.toContain('took so long')
    expect(text).toContain('Not run: nothing answered at http://127.0.0.1:6000 from check "1. Test Users endpoint" on.')
  })

  it('demo okta refuses a bad command line with exit 2', async () => {
    expect((await cli(['demo', 'okta', 'acme', '--mode', 'soap', ...db])).code).toBe(2)
    expect((await cli(['demo', 'okta', 'acme', '--mode', 'entra', ...db])).code).toBe(2)
    expect((await cli(['demo', 'okta', 'acme', '--url', 'http://127.0.0.1:8787/scim/v2/acme', ...db])).code).toBe(2)
    expect((await cli(['demo', 'okta', 'acme', '--speed', '0', ...db])).code).toBe(2)
    expect((await cli(['demo', 'okta', ...db])).code).toBe(2)
    expect((await cli(['demo', ...db])).code).toBe(2)
    const unknown = await cli(['demo', 'okta', 'nope', '--url', harness.origin, ...db])
    expect([unknown.code, unknown.err[0]]).toEqual([1, `scim-console: No tenant has the id or slug "nope". scim-console tenant list --db ${harness.services.dbPath} lists the tenants`])
  })

  it('demo entra says a change held over after a server error failed, not that it was throttled', async () => {
    harness.services.faults.set(acme.id, { ...noFaults, rules: [{ id: 'r', operation: 'create-user', status: 503, detail: 'Down for a moment.', mode: 'once', percent: 100 }] })
    const result = await cli(['demo', 'entra', 'acme', '--users', '2', '--url', harness.origin, '--speed', '1000000', ...db])
    expect(result.err).toEqual([])
    expect(result.code).toBe(0)
    const text = result.out.join('\n')
    expect(text).toMatch(/next 503 {2}Entra creates /)
    expect(text).toMatch(/\nwait Entra retries the failed changes in provisioning cycle 2, in 60 s /)
    expect(text).toMatch(/Done: \d+ steps; 1 held over and passed in a later cycle, the others at once\./)
    expect(text).not.toContain('throttled')
  })

  it("demo entra plays Entra's provisioning cycles, a line a step, marking what a 429 moved to the next cycle", async () => {
    const result = await cli(['demo', 'entra', 'acme', '--users', '2', '--url', harness.origin, '--speed', '1000', ...db])
    expect(result.err).toEqual([])
    expect(result.code).toBe(0)
    const text = result.out.join('\n')
    expect(text).toMatch(/^Playing Microsoft Entra ID's provisioning service \(Tenant URL with the aadOptscim062020 flag\) against http:\/\/127\.0\.0\.1:\d+, assigning 2 users\. Token "Entra simulator" issued/)
    expect(text).toMatch(/ok {3}200 {2}Entra tests the connection \("Test Connection"\): it asks for a random user\n {10}GET \/Users\?aadOptscim062020&filter=userName%20eq%20%22[0-9a-f-]{36}%22/)
    expect(text).toMatch(/Done: \d+ steps, all passed/)
    expect(harness.services.directory.listUsers(acme.id, { offset: 0, limit: 10 }).total).toBe(2)

    // Throttled once: the 429 is a line marked "next", and the run still passes once the next cycle made the change.
    harness.services.faults.set(acme.id, { ...noFaults, rules: [{ id: 'r', operation: 'create-user', status: 429, detail: 'Slow down.', mode: 'once', percent: 100 }] })
    const throttled = await cli(['demo', 'entra', 'acme', '--users', '3', '--url', harness.origin, '--speed', '1000000', ...db])
    expect(throttled.err).toEqual([])
    expect(throttled.code).toBe(0)
    const lines = throttled.out.join('\n')
    expect(lines).toMatch(/next 429 {2}Entra creates maria\.garcia@example\.com\n {10}POST \/Users\?aadOptscim062020\n {10}HTTP 429: Entra records the change as failed/)
    expect(lines).toMatch(/\nwait Entra retries the throttled changes in provisioning cycle 2, in 60 s \(a real tenant's next cycle comes about 40 minutes later\)\nok {3}--- {2}Entra's provisioning cycle 2: it retries 1 throttled change/)
    expect(lines).toMatch(/Done: \d+ steps; 1 throttled and passed in a later cycle/)
    const tokens = harness.services.tokens.list(acme.id)
    expect(tokens.ok && tokens.value.filter((token) => token.label === 'Entra simulator').map((token) => token.status)).toEqual(['revoked', 'revoked'])
    // With three users, the last cycle deletes one for good (ravi.patel, created again by the next run).
    expect(lines).toMatch(/\nok {3}204 {2}Entra deletes ravi\.patel@example\.com, deleted for good in Microsoft Entra ID \(DELETE\)\n {10}DELETE \/Users\/[0-9a-f-]{36}\?aadOptscim062020\n/)
    expect(harness.services.directory.listUsers(acme.id, { offset: 0, limit: 10 }).items.map((user) => user.userName)).toEqual([
      'jane.doe@example.com',
      'maria.garcia@example.com'
    ])

    // Without the Tenant URL's flag: no flag in the paths, and Entra's older PATCH format.
    harness.services.faults.set(acme.id, noFaults)
    const legacy = await cli(['demo', 'entra', 'acme', '--without-flag', '--users', '2', '--url', harness.origin, '--speed', '1000', ...db])
    expect(legacy.code).toBe(0)
    const legacyText = legacy.out.join('\n')
    expect(legacyText).toMatch(/^Playing Microsoft Entra ID's provisioning service \(Tenant URL without the flag: the older PATCH format\)/)
    expect(legacyText).toMatch(/ok {3}200 {2}Entra disables ravi\.patel@example\.com \(PATCH Replace active "False"\)\n {10}PATCH \/Users\/[0-9a-f-]{36}\n/)
    expect(legacyText).not.toContain('aadOptscim062020')

    expect((await cli(['demo', 'entra', 'acme', '--mode', 'catalog', ...db])).code).toBe(2)
    expect((await cli(['demo', 'okta', 'acme', '--without-flag', ...db])).code).toBe(2)
  })

  it('demo entra --on-demand provisions one user in the five steps of Provision on demand, and refuses what does not apply', async () => {
    const result = await cli(['demo', 'entra', 'acme', '--on-demand', '--url', harness.origin, '--speed', '1000', ...db])
    expect(result.code, result.out.join('\n')).toBe(0)
    const text = result.out.join('\n')
    expect(text).toMatch(/^Playing Microsoft Entra ID's provisioning service \(Provision on demand, one user\) against http:\/\/127\.0\.0\.1:\d+, assigning 1 user\./)
    expect(text).toMatch(/ok {3}201 {2}Step 5, Perform action: Entra creates jane\.doe@example\.com\n {10}POST \/Users\?aadOptscim062020\n/)
    expect(harness.services.directory.listUsers(acme.id, { offset: 0, limit: 10 }).total).toBe(1)

    for (const refused of [
      ['demo', 'entra', 'acme', '--on-demand', '--without-flag'],
      ['demo', 'entra', 'acme', '--on-demand', '--users', '3'],
      ['demo', 'okta', 'acme', '--on-demand'],
      ['demo', 'entra', 'acme', '--group'],
      ['demo', 'entra', 'acme', '--on-demand', '--group', '--users', '6']
    ]) {
      const answer = await cli([...refused, ...db])
      expect(answer.code, refused.join(' ')).toBe(2)
      expect(answer.err.join('\n')).toMatch(/--on-demand|--group/)
    }
  })

  it('demo entra --on-demand --group provisions a group and the members picked, and --json names each step', async () => {
    const result = await cli(['demo', 'entra', 'acme', '--on-demand', '--group', '--users', '2', '--url', harness.origin, '--speed', '1000', ...db])
    expect(result.code, result.out.join('\n')).toBe(0)
    const text = result.out.join('\n')
    expect(text).toMatch(/^Playing Microsoft Entra ID's provisioning service \(Provision on demand, the group "Sales Team" and 2 members\) against http:\/\/127\.0\.0\.1:\d+, assigning 2 users\./)
    expect(text).toMatch(/ok {3}201 {2}Step 5, Perform action: Entra creates the group "Sales Team" \(POST, members follow by PATCH\)\n {10}POST \/Groups\?aadOptscim062020\n/)
    expect(text).toMatch(/ok {3}204 {2}Step 5, Perform action: Entra adds the 2 members to "Sales Team" \(PATCH Add members\)\n {10}PATCH \/Groups\/[0-9a-f-]{36}\?aadOptscim062020\n/)

    const again = await cli(['demo', 'entra', 'acme', '--on-demand', '--group', '--users', '2', '--url', harness.origin, '--speed', '1000', '--json', ...db])
    expect(again.code).toBe(0)
    expect(ndjson(again.out).map((line) => line.step)).toEqual([
      'test-credentials', 'import-group', 'scope', 'lookup-group', 'link-group', 'lookup-user', 'skip-user', 'lookup-user', 'skip-user', 'push-members'
    ])
    const [group] = harness.services.directory.listGroups(acme.id, { offset: 0, limit: 10 }).items
    expect(group?.members?.map((member) => member.display)).toEqual(['jane.doe@example.com', 'ravi.patel@example.com'])
  })

  it('demo conformance --json prints one line per check and passes against our server', async () => {
    const result = await cli(['demo', 'conformance', 'acme', '--url', harness.origin, '--json', ...db])
    const checks = ndjson(result.out)
    expect(result.code, JSON.stringify(checks.filter((check) => !check.ok))).toBe(0)
    expect(checks.map((check) => check.step)).toContain('status-401')
    for (const check of checks) expect(check).toEqual(expect.objectContaining({ suite: 'okta', step: expect.any(String), ok: expect.any(Boolean), status: expect.any(Number), detail: expect.any(String) }))
    const tokens = harness.services.tokens.list(acme.id)
    expect(tokens.ok && tokens.value.find((token) => token.label === 'Okta SPEC test')?.status).toBe('revoked')
  })

  /** Runs the command, and stops it (as Ctrl+C does) once it has printed two lines. */
  async function stoppedAfterTwoLines(args: readonly string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const controller = new AbortController()
    const out: string[] = []
    const err: string[] = []
    const io = {
      out: (line: string) => {
        out.push(line)
        if (out.length === 2) controller.abort()
      },
      err: (line: string) => err.push(line)
    }
    return { code: await runCli(args, io, controller.signal), out, err }
  }

  it('demo okta stops on Ctrl+C (or a reader gone, `| head`), exits 1 saying how far it got, and revokes its token', async () => {
    const { code, out, err } = await stoppedAfterTwoLines(['demo', 'okta', 'acme', '--users', '3', '--url', harness.origin, '--speed', '1000', '--json', ...db])
    expect(code).toBe(1)
    // Not "was cancelled: 0 of 2 steps failed", which read as a run that had failed.
    expect(err).toEqual([`scim-console: the Okta demo was cancelled after ${out.length} steps; its token is revoked`])
    const tokens = harness.services.tokens.list(acme.id)
    expect(tokens.ok && tokens.value.find((token) => token.label === 'Okta simulator')?.status).toBe('revoked')
  })

  it('demo conformance stops on Ctrl+C, exits 1 saying so, and revokes its token', async () => {
    const { code, out, err } = await stoppedAfterTwoLines(['demo', 'conformance', 'acme', '--url', harness.origin, '--json', ...db])
    expect(code).toBe(1)
    expect(err).toEqual(["scim-console: Okta's SPEC test was cancelled after 2 checks; its token is revoked"])
    expect(out).toHaveLength(2)
    const tokens = harness.services.tokens.list(acme.id)
    expect(tokens.ok && tokens.value.find((token) => token.label === 'Okta SPEC test')?.status).toBe('revoked')
  })

  it("demo conformance --suite entra runs Entra's checks, and refuses a suite it does not know", async () => {
    const result = await cli(['demo', 'conformance', 'acme', '--suite', 'entra', '--url', harness.origin, ...db])
    expect(result.code, result.out.join('\n')).toBe(0)
    const text = result.out.join('\n')
    expect(text).toMatch(/^ok {3}200 {2}Test Connection: look up a random user {2}\(GET \/Users\?filter=userName%20eq%20%22[0-9a-f-]{36}%22\)$/m)
    expect(text).toMatch(/^ok {3}204 {2}Update Group \[Remove Members\] {2}\(PATCH \/Groups\/[0-9a-f-]{36}\)$/m)
    expect(text).toMatch(/Passed: 33 of 33 checks\. The test's token is revoked\.$/)
    const tokens = harness.services.tokens.list(acme.id)
    expect(tokens.ok && tokens.value.find((token) => token.label === 'Entra SCIM checks')?.status).toBe('revoked')

    harness.services.faults.set(acme.id, { ...noFaults, rules: [{ id: 'r', operation: 'delete-user', status: 500, detail: 'Broken.', mode: 'percent', percent: 100 }] })
    const failed = await cli(['demo', 'conformance', 'acme', '--suite', 'entra', '--url', harness.origin, ...db])
    expect(failed.code).toBe(1)
    expect(failed.err).toEqual(["scim-console: Entra's SCIM checks failed: 2 required checks failed"])

    const refused = await cli(['demo', 'conformance', 'acme', '--suite', 'azure', ...db])
    expect(refused.code).toBe(2)
    expect(refused.err.join('\n')).toMatch(/--suite must be "okta" \(Okta's SCIM 2\.0 SPEC test\) or "entra" \(Entra ID's SCIM checks\), not "azure"/)
  })

  it('takes --suite and --mode in any case, as the value means the same', async () => {
    const suite = await cli(['demo', 'conformance', 'acme', '--suite', 'ENTRA', '--url', harness.origin, ...db])
    expect(suite.code, suite.err.join('\n')).toBe(0)
    expect(suite.out.join('\n')).toMatch(/Passed: 33 of 33 checks\. The test's token is revoked\.$/)
    const mode = await cli(['demo', 'okta', 'acme', '--mode', 'Wizard', '--users', '1', '--url', harness.origin, '--speed', '1000', ...db])
    expect(mode.code, mode.err.join('\n')).toBe(0)
    expect(mode.out[0]).toMatch(/^Playing Okta's wizard app \(PUT\)/)
  })

  it('demo conformance exits 1 on a required failure', async () => {
    harness.services.faults.set(acme.id, { ...noFaults, rules: [{ id: 'r', operation: 'get-user', status: 500, detail: 'Broken.', mode: 'percent', percent: 100 }] })
    const result = await cli(['demo', 'conformance', 'acme', '--url', harness.origin, ...db])
    expect(result.code).toBe(1)
    expect(result.out.join('\n')).toMatch(/FAIL 500 {2}3\. Get Users\/\{\{id\}\}/)
    // A failed check shows what the server answered and what to do next.
    expect(result.out.join('\n')).toMatch(/Next step: open this request in the provisioning log[^\n]*\n {10}Answered: \{"schemas":\["urn:ietf:params:scim:api:messages:2\.0:Error"\][^\n]*Broken\./)
    expect(result.err[0]).toMatch(/SPEC test failed/)
  })
})

describe('scim-console demo conformance against a server that answers with terminal controls', () => {
  let harness: ScimHarness
  beforeEach(async () => {
    harness = await startScimHarness()
  })
  afterEach(async () => {
    await harness.close()
  })

  it("prints the server's answer escaped: no bidi override reaches the terminal", async () => {
    const acme = harness.tenant('Acme Corp', 'acme')
    // The error's detail as a server at --url (anyone's) may write it: JSON escapes the ESC, not the bidi override.
    harness.services.faults.set(acme.id, { ...noFaults, rules: [{ id: 'r', operation: 'get-user', status: 500, detail: 'Broken \u202Edeifitrec\u202C.', mode: 'percent', percent: 100 }] })
    const result = await cli(['demo', 'conformance', 'acme', '--url', harness.origin, '--db', harness.services.dbPath])
    expect(result.code).toBe(1)
    const printed = result.out.join('\n')
    expect(printed).toContain('Answered: {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"]')
    expect(printed).toContain('Broken \\u202edeifitrec\\u202c.')
    expect(printed).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/)
  })
})
