import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LogEntry } from '../../shared/models'
import { ok } from '../../shared/result'
import { describeWriteFailure } from './file-errors'
import { csvField, csvHeader, csvRow, curlCommand, exportFileName, exportLog, ndjsonLine, replayUrl, shellQuote } from './log-export'

const entry: LogEntry = {
  id: 7,
  at: '2026-11-28T10:00:00.000Z',
  tenantId: 't-acme',
  tenantSlug: 'acme',
  tokenId: 'tok-1',
  method: 'PUT',
  path: '/scim/v2/acme/Users/u-1',
  status: 409,
  durationMs: 4.25,
  client: 'Okta SCIM Client 1.0.0',
  operation: 'update-user',
  targetType: 'user',
  targetId: 'u-1',
  targetName: 'jane@acme.com',
  errorType: 'uniqueness',
  errorDetail: 'A user with the userName "jane@acme.com" already exists, deactivated.',
  injected: false,
  authScheme: 'bearer',
  requestHeaders: {
    host: '127.0.0.1:8787',
    authorization: 'Bearer scim_ab12…',
    connection: 'keep-alive',
    'content-length': '44',
    'accept-encoding': 'gzip,deflate',
    cookie: '[redacted]',
    'x-api-key': '[redacted]',
    accept: 'application/scim+json',
    'content-type': 'application/scim+json; charset=utf-8'
  },
  requestBody: '{"userName":"jane@acme.com","password":"[redacted]","note":"it\'s"}',
  responseBody: '{"status":"409"}',
  errorFacts: null
}

describe('CSV export', () => {
  it('quotes fields with commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"')
    expect(csvField(null)).toBe('')
    expect(csvField(4.25)).toBe('4.25')
  })

  it('defuses text that a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")', { text: true })).toBe('"\'=HYPERLINK(""http://x"")"')
    expect(csvField('@SUM(A1)', { text: true })).toBe("'@SUM(A1)")
    expect(csvField('-5', { text: false })).toBe('-5')
  })

  it('writes the agreed columns, one CRLF-terminated record per request', () => {
    expect(csvHeader()).toBe('time,tenant,operation,target,method,path,status,duration,client,error,operation_label,diagnosis\r\n')
    expect(csvRow(entry)).toBe(
      '2026-11-28T10:00:00.000Z,acme,update-user,jane@acme.com,PUT,/scim/v2/acme/Users/u-1,409,4.25,Okta SCIM Client 1.0.0,' +
        '"A user with the userName ""jane@acme.com"" already exists, deactivated.",Push profile update,\r\n'
    )
  })

  it("ends each record with the failure's diagnosis in one line, for a ticket", () => {
    const row = csvRow(entry, 'The userName belongs to a deactivated user, "jane@acme.com"')
    expect(row.endsWith(',Push profile update,"The userName belongs to a deactivated user, ""jane@acme.com"""\r\n')).toBe(true)
  })

  it('labels each operation in the words of the client that sent it, after the agreed columns', () => {
    const deactivate = { ...entry, operation: 'deactivate-user' as const, method: 'PATCH', status: 200, errorDetail: null }
    const label = (client: string | null, path = entry.path) => csvRow({ ...deactivate, client, path }).trimEnd().split(',').at(-2)
    expect(label('Okta SCIM Client 1.0.0')).toBe('Deactivate')
    expect(label('Azure Active Directory SCIM Client')).toBe('Disable user')
    expect(label(null, `${entry.path}?aadOptscim062020`)).toBe('Disable user')
    expect(label('curl/8.5.0')).toBe('Deactivate user')
  })
})

describe('NDJSON export', () => {
  it('writes each entry whole on one line, bodies redacted as logged', () => {
    const line = ndjsonLine(entry)
    expect(line.endsWith('\n')).toBe(true)
    expect(line.slice(0, -1)).not.toContain('\n')
    expect(JSON.parse(line)).toEqual({ ...entry, operationLabel: 'Push profile update' })
  })
})

describe('export file name', () => {
  it('names the tenant and the day', () => {
    expect(exportFileName('acme', 'csv', new Date('2026-11-28T23:00:00Z'))).toBe('scim-log-acme-2026-11-28.csv')
    expect(exportFileName(null, 'ndjson', new Date('2026-11-28T23:00:00Z'))).toBe('scim-log-all-tenants-2026-11-28.ndjson')
  })
})

describe('copy as cURL', () => {
  it('replays the method, URL, headers and redacted body with a $SCIM_TOKEN placeholder, never a secret', () => {
    const command = curlCommand(entry, 'http://127.0.0.1:8787')
    expect(command).toBe(
      [
        'curl -i -X PUT',
        "'http://127.0.0.1:8787/scim/v2/acme/Users/u-1'",
        "-H 'accept: application/scim+json'",
        "-H 'content-type: application/scim+json; charset=utf-8'",
        '-H "Authorization: Bearer $SCIM_TOKEN"',
        `--data-raw '{"userName":"jane@acme.com","password":"[redacted]","note":"it'\\''s"}'`
      ].join(' \\\n  ')
    )
    expect(command).not.toContain('scim_ab12')
    expect(command).not.toMatch(/keep-alive|content-length|gzip|cookie|x-api-key/i)
  })

  it('sends no body with a GET', () => {
    expect(curlCommand({ ...entry, method: 'GET', path: '/scim/v2/acme/Users?filter=userName%20eq%20%22a%22' }, 'http://h:1')).not.toContain('--data-raw')
  })

  it("rebuilds the URL on the server's current origin and the tenant's slug, even from an absolute-form target", () => {
    expect(replayUrl({ path: 'http://old-host:9/scim/v2/acme/Users?count=2', tenantSlug: 'acme' }, 'https://tunnel.example.com/')).toBe(
      'https://tunnel.example.com/scim/v2/acme/Users?count=2'
    )
    expect(replayUrl({ path: '/elsewhere', tenantSlug: null }, 'http://h:1')).toBe('http://h:1/elsewhere')
  })

  it('quotes single quotes for a POSIX shell', () => {
    expect(shellQuote("it's")).toBe("'it'\\''s'")
  })
})

describe('exporting to a file', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-export-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  const named = { ...entry, targetName: 'José Müller' }
  // The log as exportLog reads it: one page of one entry.
  const log = { flush: () => undefined, pages: () => ok([[named]]) }

  it('starts a CSV file with a UTF-8 byte order mark, so that Excel shows accented names as they are', async () => {
    const path = join(dir, 'log.csv')
    expect(await exportLog(log, {}, 'csv', path)).toEqual({ ok: true, value: { path, count: 1 } })
    const bytes = readFileSync(path)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.subarray(3).toString('utf8')).toBe(`${csvHeader()}${csvRow(named)}`)
    expect(bytes.toString('utf8')).toContain('José Müller')
  })

  it('writes NDJSON without a byte order mark', async () => {
    const path = join(dir, 'log.ndjson')
    await exportLog(log, {}, 'ndjson', path)
    expect(readFileSync(path, 'utf8')).toBe(ndjsonLine(named))
  })

  it('says which folder does not exist, and leaves nothing behind', async () => {
    const path = join(dir, 'gone', 'log.csv')
    const result = await exportLog(log, {}, 'csv', path)
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable', message: `The folder ${join(dir, 'gone')} does not exist. Choose another folder.` } })
    expect(existsSync(join(dir, 'gone'))).toBe(false)
  })

  it('leaves a file it was to replace as it was when the export fails halfway, and nothing else behind', async () => {
    const path = join(dir, 'log.csv')
    writeFileSync(path, "yesterday's export")
    // The log stops yielding pages after the first, as a database error mid-export (or a full disk) stops the writes;
    // the first page is more than the file stream buffers, so the file has been opened and written by then.
    const failing = {
      flush: () => undefined,
      pages: () =>
        ok(
          (function* () {
            yield Array.from({ length: 500 }, () => named)
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
          })()
        )
    }
    const result = await exportLog(failing, {}, 'csv', path)
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'The disk is full. Free some space, then try again.' } })
    expect(readFileSync(path, 'utf8')).toBe("yesterday's export")
    expect(readdirSync(dir)).toEqual(['log.csv'])
    // A complete export replaces it.
    expect(await exportLog(log, {}, 'csv', path)).toEqual({ ok: true, value: { path, count: 1 } })
    expect(readFileSync(path, 'utf8')).toContain('José Müller')
    expect(readdirSync(dir)).toEqual(['log.csv'])
  })

  it("serves the event loop between every hundred rows, so that a page of failures' diagnoses does not hold the SCIM server", async () => {
    const path = join(dir, 'log.csv')
    const page = Array.from({ length: 1000 }, (_, index) => ({ ...named, id: index + 1, status: 401 }))
    // What the event loop ran while the export was computing the diagnoses: a turn between two runs of them.
    const order: string[] = []
    let serving = true
    const serve = (): void => {
      order.push('turn')
      if (serving) setImmediate(serve)
    }
    setImmediate(serve)
    const result = await exportLog({ flush: () => undefined, pages: () => ok([page]) }, {}, 'csv', path, (entry) => {
      order.push('diagnosis')
      return `Failure ${entry.id}`
    })
    serving = false
    expect(result).toEqual({ ok: true, value: { path, count: 1000 } })
    // Runs of diagnoses between turns: none longer than a hundred, which is about 50 ms of them.
    const runs = order.join(' ').split('turn').map((run) => run.trim().split(' ').filter(Boolean).length)
    expect(Math.max(...runs)).toBe(100)
    expect(readFileSync(path, 'utf8')).toContain(',Failure 1000\r\n')
  })

  it('says when the chosen name is a folder, and leaves the folder alone', async () => {
    const folder = join(dir, 'reports')
    mkdirSync(folder)
    const result = await exportLog(log, {}, 'csv', folder)
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable', message: `${folder} is a folder. Choose a file name instead.` } })
    expect(existsSync(folder)).toBe(true)
  })
})

describe('describeWriteFailure', () => {
  const failure = (code: string) => Object.assign(new Error(`${code}: raw text`), { code })
  const path = join(tmpdir(), 'export.csv')

  it('turns the file-system errors a person can fix into what happened and what to do', () => {
    expect(describeWriteFailure(path, failure('ENOSPC'))).toBe('The disk is full. Free some space, then try again.')
    expect(describeWriteFailure(path, failure('EACCES'))).toBe(`SCIM Console may not write to ${tmpdir()}. Choose a folder you can write to.`)
    expect(describeWriteFailure(path, failure('EPERM'))).toBe(`SCIM Console may not write to ${tmpdir()}. Choose a folder you can write to.`)
    expect(describeWriteFailure(path, failure('EROFS'))).toBe(`The folder ${tmpdir()} is on a read-only disk. Choose another folder.`)
    expect(describeWriteFailure(path, failure('EISDIR'))).toBe(`${path} is a folder. Choose a file name instead.`)
  })

  it("reads SQLite's codes as well, since backups are written by SQLite", () => {
    expect(describeWriteFailure(path, failure('SQLITE_FULL'))).toBe('The disk is full. Free some space, then try again.')
    expect(describeWriteFailure(path, failure('SQLITE_CANTOPEN'))).toMatch(/^SCIM Console may not write to /)
    expect(describeWriteFailure(path, failure('SQLITE_READONLY_DIRECTORY'))).toMatch(/^SCIM Console may not write to /)
  })

  it('leaves other errors to the caller', () => {
    expect(describeWriteFailure(path, failure('EIO'))).toBeNull()
    expect(describeWriteFailure(path, new Error('no code'))).toBeNull()
  })
})
