import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LogEntrySummary } from '../../src/shared/models'
import { runCli } from '../../src/main/cli/index'
import type { NewLogRow } from '../../src/main/core/provisioning-log'
import { createServices } from '../../src/main/core/services'
import { capturedIo, cliOn } from '../support/cli'
import { logRow } from '../support/log-rows'
import stringWidth from 'string-width'

let dir: string
let dbPath: string
let acmeId: string
// `--follow` opens the database and then looks for new rows twice a second; on a loaded machine that can take seconds.
const following = { timeout: 15_000 }

const cli = cliOn(() => dbPath)

/** `logs --json`'s lines: entries with their operation's label. */
function entries(lines: readonly string[]): (LogEntrySummary & { operationLabel: string })[] {
  return lines.filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as LogEntrySummary & { operationLabel: string })
}

/** Writes rows as another process would: its own connection, through the app's log writer. */
function write(rows: readonly Partial<NewLogRow>[]): void {
  const services = createServices({ dbPath })
  try {
    for (const overrides of rows) {
      services.log.append(
        logRow({
          tenant_id: acmeId,
          path: '/scim/v2/acme/Users/u-1',
          duration_ms: 3.5,
          client: 'Okta SCIM Client 1.0.0',
          operation: 'get-user',
          target_type: 'user',
          target_id: 'u-1',
          target_name: 'jane.doe@acme.com',
          ...overrides
        })
      )
    }
  } finally {
    services.close()
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scim-console-cli-logs-'))
  dbPath = join(dir, 'console.db')
  const services = createServices({ dbPath })
  const acme = services.tenants.create({ name: 'Acme Corp', slug: 'acme' })
  services.tenants.create({ name: 'Globex', slug: 'globex' })
  services.close()
  if (!acme.ok) throw new Error(acme.error.message)
  acmeId = acme.value.id
  const hour = 3_600_000
  write([
    { at: Date.now() - 5 * hour, operation: 'lookup-user', path: '/scim/v2/acme/Users?filter=userName%20eq%20%22jane.doe%40acme.com%22' },
    { at: Date.now() - 30 * 60_000, method: 'POST', path: '/scim/v2/acme/Users', operation: 'create-user', status: 201 },
    {
      at: Date.now() - 20 * 60_000,
      method: 'POST',
      path: '/scim/v2/acme/Users',
      operation: 'create-user',
      status: 409,
      error_type: 'uniqueness',
      error_detail: 'A user with the userName "jane.doe@acme.com" already exists (deactivated).'
    },
    { at: Date.now() - 10 * 60_000, status: 401, target_id: null, target_name: 'bob@acme.com', error_detail: 'The API token "Okta" was revoked.' }
  ])
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('scim-console logs', () => {
  it('prints NDJSON entries newest first with --json', async () => {
    const result = await cli('logs', '--json')
    expect(result.code).toBe(0)
    expect(entries(result.out).map((entry) => entry.status)).toEqual([401, 409, 201, 200])
    // Beside the operation's id, its label in the words of the client that sent it (Okta's here).
    expect(entries(result.out).map((entry) => [entry.operation, entry.operationLabel])).toEqual([
      ['get-user', 'Read user'],
      ['create-user', 'Push new user'],
      ['create-user', 'Push new user'],
      ['lookup-user', 'Look up user']
    ])
  })

  it("--failed lists failures without throttles (429s are --status 429), and marks those of SCIM Console's own self-tests", async () => {
    write([
      { at: Date.now() - 5 * 60_000, status: 429, error_detail: 'Too many requests: Acme Corp allows 120 requests a minute. Retry after 20 seconds.' },
      {
        at: Date.now() - 60_000,
        status: 404,
        client: 'OKTA SCIM Integration SCIM-Console-Simulator/self-test',
        // The mark counts on a request with a token of this console, as the self-test's always have.
        token_id: 'token-of-the-self-test',
        target_id: '010101001010101011001010101011',
        target_name: null,
        error_detail: 'User not found: no user has the id "010101001010101011001010101011" in this tenant.'
      }
    ])
    const failed = await cli('logs', '--json', '--failed')
    expect(entries(failed.out).map((entry) => [entry.status, entry.client])).toEqual([
      [404, 'OKTA SCIM Integration SCIM-Console-Simulator/self-test'],
      [401, 'Okta SCIM Client 1.0.0'],
      [409, 'Okta SCIM Client 1.0.0']
    ])
    expect(entries((await cli('logs', '--json', '--status', '429')).out).map((entry) => entry.status)).toEqual([429])
    const text = await cli('logs', '--failed')
    expect(text.out.join('\n')).toMatch(/404 .*\[self-test\] User not found/)
    expect(text.out.join('\n')).not.toMatch(/\[self-test\] The API token/)
  })

  it('takes --operation in any case, as the value means the same', async () => {
    const lower = await cli('logs', '--json', '--operation', 'create-user')
    const upper = await cli('logs', '--json', '--operation', 'CREATE-USER')
    expect(upper.err).toEqual([])
    expect(upper.code).toBe(0)
    expect(entries(upper.out).length).toBeGreaterThan(0)
    expect(upper.out).toEqual(lower.out)
  })

  it('combines --tenant, --failed, --status, --operation, --user, --since and --search', async () => {
    const failedRecently = await cli('logs', '--json', '--tenant', 'acme', '--failed', '--since', '1h')
    expect(entries(failedRecently.out).map((entry) => entry.status)).toEqual([401, 409])
    const conflict = await cli('logs', '--json', '--status', '409', '--operation', 'create-user', '--user', 'JANE.DOE@')
    expect(entries(conflict.out).map((entry) => entry.errorType)).toEqual(['uniqueness'])
    const searched = await cli('logs', '--json', '--search', 'revoked')
    expect(entries(searched.out).map((entry) => entry.targetName)).toEqual(['bob@acme.com'])
    const older = await cli('logs', '--json', '--until', '2h')
    expect(entries(older.out).map((entry) => entry.operation)).toEqual(['lookup-user'])
    const elsewhere = await cli('logs', '--json', '--tenant', 'globex')
    expect(elsewhere.out).toEqual([])
  })

  it('stops at --limit', async () => {
    expect(entries((await cli('logs', '--json', '--limit', '2')).out)).toHaveLength(2)
  })

  it('prints an aligned table a person can read, with the error of each failure', async () => {
    const { code, out } = await cli('logs', '--tenant', 'acme')
    expect(code).toBe(0)
    const [header = '', ...lines] = out
    expect(header).toMatch(/^ID\s+TIME\s+TENANT\s+STATUS\s+METHOD\s+OPERATION\s+TARGET\s+MS\s+PATH\s+ERROR$/)
    expect(lines).toHaveLength(4)
    for (const line of lines) expect(line.indexOf('acme')).toBe(header.indexOf('TENANT'))
    expect(lines.map((line) => line.slice(header.indexOf('STATUS'), header.indexOf('STATUS') + 3))).toEqual(['401', '409', '201', '200'])
    expect(lines[1]).toContain('already exists (deactivated)')
    // Each line starts with the id that `logs show ID` takes, the `id` of --json.
    const ids = entries((await cli('logs', '--tenant', 'acme', '--json')).out).map((entry) => String(entry.id))
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(ids)
  })

  it('says so when nothing matches', async () => {
    expect((await cli('logs', '--status', '503')).out).toEqual(['No requests match.'])
  })

  it.each([
    [['--status', 'teapot']],
    [['--status', '999']],
    [['--since', 'yesterday']],
    [['--operation', 'drop-tables']],
    [['--limit', '0']],
    [['--since', '1h', '--until', '2h']],
    [['--follow', '--until', 'now']],
    [['--colour']],
    [['extra']]
  ])('exits 2 with one line on stderr for a bad command line: %j', async (args) => {
    const result = await cli('logs', ...args)
    expect(result.code).toBe(2)
    expect(result.err).toHaveLength(1)
    expect(result.out).toEqual([])
  })

  it('exits 1 for a tenant that does not exist, naming the slugs a typo is near', async () => {
    const result = await cli('logs', '--tenant', 'initech')
    expect(result).toEqual({
      code: 1,
      out: [],
      err: [`scim-console: no tenant has the id or slug "initech", and the log has no requests of one. scim-console tenant list --db ${dbPath} lists the tenants`]
    })
    for (const typo of ['acmee', 'acem', 'ACME1', 'globx', 'Acme Corp']) {
      const near = await cli('logs', '--tenant', typo, '--json')
      expect(near).toMatchObject({ code: 1, out: [] })
      expect(near.err).toEqual([expect.stringMatching(new RegExp(`^scim-console: no tenant has the id or slug "${typo}", and the log has no requests of one\\. Did you mean (acme|globex)\\? \\(scim-console tenant list --db ${dbPath} lists the tenants\\)$`))])
    }
    // A tenant that is there but quiet is no mistake: nothing matches, and it says so.
    write([])
    const services = createServices({ dbPath })
    services.tenants.create({ name: 'Initech', slug: 'initech' })
    services.close()
    expect(await cli('logs', '--tenant', 'initech')).toEqual({ code: 0, out: ['No requests match.'], err: [] })
  })

  it('says that the requests sent to a slug no tenant has are in the log, under no tenant, rather than that there are none', async () => {
    write([{ tenant_id: null, tenant_slug: 'acmee', path: '/scim/v2/acmee/Users', status: 401, operation: 'list-users', target_type: null, target_id: null, target_name: null }])
    expect(await cli('logs', '--tenant', 'acmee')).toEqual({
      code: 1,
      out: [],
      err: [
        `scim-console: no tenant has the id or slug "acmee": the log's requests to /scim/v2/acmee belong to no tenant (each was answered 401), and logs --failed lists them under that slug. Did you mean acme? (scim-console tenant list --db ${dbPath} lists the tenants)`
      ]
    })
    const failed = entries((await cli('logs', '--failed', '--json')).out)
    expect(failed.filter((entry) => entry.tenantSlug === 'acmee')).toEqual([expect.objectContaining({ tenantId: null, status: 401 })])
  })

  it.each([
    [['--search', ''], '--search needs a word to look for, with a letter or digit in it; "" has none'],
    [['--search', '"'], '--search needs a word to look for, with a letter or digit in it; """ has none'],
    [['--search', '* @.'], '--search needs a word to look for, with a letter or digit in it; "* @." has none'],
    [['--user', ''], "--user is empty: give a user's or group's name or id"],
    [['--user', '   '], "--user is empty: give a user's or group's name or id"]
  ])('refuses a filter that would filter nothing out, rather than list every entry as a match: %j', async (args, message) => {
    expect(entries((await cli('logs', '--json')).out).length).toBeGreaterThan(0)
    expect(await cli('logs', ...args, '--json')).toEqual({ code: 2, out: [], err: [`scim-console: ${message} (see scim-console --help)`] })
  })

  it('--user finds a name whose accents were sent as one character or as two, whichever way it is typed', async () => {
    const composed = 'zoë.smith@acme.com'.normalize('NFC')
    const decomposed = composed.normalize('NFD')
    write([
      { operation: 'create-user', target_id: 'u-2', target_name: decomposed, status: 409 },
      { operation: 'get-user', target_id: 'u-2', target_name: composed }
    ])
    for (const typed of [composed, decomposed, 'zoë'.normalize('NFD'), 'zoë'.normalize('NFC')]) {
      expect(entries((await cli('logs', '--json', '--user', typed)).out).map((entry) => entry.targetName?.normalize('NFC')), typed).toEqual([composed, composed])
    }
  })

  it('--user finds a name in any case, accented and Greek letters too, as the server tells userNames apart', async () => {
    write([
      { operation: 'create-user', target_id: 'u-3', target_name: 'ÉMILE.DURAND@acme.com', status: 409 },
      { operation: 'get-user', target_id: 'u-3', target_name: 'émile.durand@acme.com' },
      { operation: 'get-user', target_id: 'u-4', target_name: 'ΝΊΚΟΣ@acme.gr' },
      { operation: 'get-user', target_id: 'u-4', target_name: 'νίκος@acme.gr' },
      // The Kelvin sign, which folds to the ASCII k.
      { operation: 'get-user', target_id: 'u-5', target_name: '\u212Aarl@acme.com' }
    ])
    const names = async (typed: string) => entries((await cli('logs', '--json', '--user', typed)).out).map((entry) => entry.targetName)
    for (const typed of ['émile', 'ÉMILE.D', 'E\u0301mile.durand@ACME.com']) {
      expect(await names(typed), typed).toEqual(['émile.durand@acme.com', 'ÉMILE.DURAND@acme.com'])
    }
    for (const typed of ['νίκος@', 'ΝΊΚΟΣ@ACME.GR', 'νίκοσ']) {
      expect(await names(typed), typed).toEqual(['νίκος@acme.gr', 'ΝΊΚΟΣ@acme.gr'])
    }
    expect(await names('karl@')).toEqual(['\u212Aarl@acme.com'])
  })

  it.each([
    ['429', '--failed leaves out 429, a throttle and not a failure (Okta waits and sends the request again): give --status 429 without --failed'],
    ['201', '--failed lists 4xx answers other than 429, and 5xx; --status 201 is none of them: give one or the other']
  ])('refuses --failed with a --status it never lists, rather than say no request matches: --status %s', async (status, message) => {
    write([{ status: 429, error_detail: 'Too many requests: Acme Corp allows 1 request a minute. Retry after 60 seconds.' }])
    expect(await cli('logs', '--failed', '--status', status)).toEqual({ code: 2, out: [], err: [`scim-console: ${message} (see scim-console --help)`] })
    expect(entries((await cli('logs', '--status', status, '--json')).out).length).toBeGreaterThan(0)
    // A failure's status goes with --failed as before.
    expect(entries((await cli('logs', '--failed', '--status', '409', '--json')).out).map((entry) => entry.status)).toEqual([409])
  })

  it('refuses an empty --tenant as a usage error', async () => {
    expect(await cli('logs', '--tenant', '')).toEqual({ code: 2, out: [], err: ['scim-console: --tenant is empty: give a tenant\'s slug or id (see scim-console --help)'] })
  })

  it('--follow prints the latest entries oldest first, streams new ones written by another process, and stops on the signal', async () => {
    const { io, out } = capturedIo()
    const controller = new AbortController()
    const running = runCli(['logs', '--follow', '--json', '--failed', '--limit', '1', '--db', dbPath], io, controller.signal)
    await vi.waitFor(() => expect(entries(out).map((entry) => entry.status)).toEqual([401]), following)
    write([
      { status: 200 },
      { status: 429, error_detail: 'Too many requests: Acme Corp allows 1 request a minute. Retry after 60 seconds.' },
      { status: 500, error_detail: 'Internal error 1234abcd.' }
    ])
    // A 429 is a throttle, not a failure: --failed leaves it out (--status 429 lists throttles).
    await vi.waitFor(() => expect(entries(out).map((entry) => entry.status)).toEqual([401, 500]), following)
    controller.abort()
    expect(await running).toBe(0)
  })

  it('--follow with a table prints its header once', async () => {
    const { io, out } = capturedIo()
    const controller = new AbortController()
    const running = runCli(['logs', '-f', '--tenant', 'acme', '--limit', '2', '--db', dbPath], io, controller.signal)
    await vi.waitFor(() => expect(out).toHaveLength(3), following)
    write([{ status: 204, method: 'DELETE', operation: 'delete-user' }])
    await vi.waitFor(() => expect(out.join('\n')).toContain('delete-user'), following)
    controller.abort()
    expect(await running).toBe(0)
    expect(out.filter((line) => line.startsWith('ID '))).toHaveLength(1)
    expect(out.map((line) => line.split(/\s+/)[3])).toEqual(['STATUS', '409', '401', '204'])
  })
})

describe('the lines of --follow (and of serve, which prints the same)', () => {
  it('cut a wide name by the columns a terminal draws, a whole character at a time, so the columns after it stay in line', async () => {
    write([
      // Each a woman technologist: five UTF-16 units, one character, two columns.
      { target_name: '👩‍💻'.repeat(20) },
      { target_name: '山田太郎'.repeat(10), path: `/scim/v2/acme/Users/${'東京'.repeat(30)}` },
      { target_name: 'jane.doe@acme.com' }
    ])
    const { io, out } = capturedIo()
    const controller = new AbortController()
    const running = runCli(['logs', '-f', '--tenant', 'acme', '--limit', '3', '--db', dbPath], io, controller.signal)
    await vi.waitFor(() => expect(out).toHaveLength(4), following)
    controller.abort()
    expect(await running).toBe(0)
    // No half of a surrogate pair, and the MS column starts in one column of the terminal on every line.
    expect(out.filter((line) => /\p{Cs}/u.test(line))).toEqual([])
    const msColumn = (line: string): number => stringWidth(line.slice(0, line.search(/ {2}(MS|4) {2}/)))
    expect(new Set(out.map(msColumn)).size).toBe(1)
    expect(out[1]).toContain(`${'👩‍💻'.repeat(15)}…`)
    expect(out[2]).toContain(`${'山田太郎'.repeat(3)}山田太…`)
    // The path is cut to its 56 columns as well: 17 wide letters after the 20 of /scim/v2/acme/Users/, and the ellipsis.
    expect(out[2]).toMatch(/\/scim\/v2\/acme\/Users\/(東京){8}東…$/)
  })
})

it("prints a userName's bidi controls and zero-width characters escaped; --json keeps them as sent", async () => {
  const userName = 'jane\u202Egnp.exe\u202C\u200B@acme.com'
  write([{ target_name: userName }])
  const table = await cli('logs', '--tenant', 'acme', '--limit', '1')
  expect(table.out[1]).toContain('jane\\u202egnp.exe\\u202c\\u200b@acme.com')
  const follow = { ...capturedIo(), controller: new AbortController() }
  const running = runCli(['logs', '-f', '--tenant', 'acme', '--limit', '1', '--db', dbPath], follow.io, follow.controller.signal)
  await vi.waitFor(() => expect(follow.out).toHaveLength(2), following)
  follow.controller.abort()
  expect(await running).toBe(0)
  // Escaped first, then cut to TARGET's 32 columns.
  expect(follow.out[1]).toContain('jane\\u202egnp.exe\\u202c\\u200b@a…  ')
  expect(entries((await cli('logs', '--tenant', 'acme', '--limit', '1', '--json')).out)[0]?.targetName).toBe(userName)
})
