/**
 * A name staff type (a tenant's name, a token's label, a user or group made in the console) that holds a character
 * not drawn on screen is refused, in the app and in the CLI alike: a bidi override draws "Acme\u202Egnp.exe" as
 * "Acmeexe.png", and a zero-width space makes a second tenant that looks like the first. Names stored before stay
 * readable and editable. Real SQLite file, the IPC handlers the UI calls, and the CLI's own entry point.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServices } from '../../src/main/core/services'
import type { Handlers } from '../../src/main/ipc/handlers'
import { cliOn } from '../support/cli'
import { handlersOn } from '../support/handler-deps'
import { value } from '../support/result'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const override = 'The name contains an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE) at position 5; type it again without it.'

describe('the CLI', () => {
  let dir: string
  let dbPath: string
  const cli = cliOn(() => dbPath)

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-invisible-'))
    dbPath = join(dir, 'console.db')
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('refuses a tenant name or token label with a bidi override or a zero-width space: exit 2, one line, nothing made', async () => {
    expect(await cli('tenant', 'create', 'Acme\u202Egnp.exe', '--slug', 'acme')).toEqual({
      code: 2,
      out: [],
      err: [`scim-console: ${override.slice(0, -1)} (see scim-console --help)`]
    })
    expect((await cli('tenant', 'create', 'Acme Corp', '--slug', 'acme')).code).toBe(0)
    expect(await cli('tenant', 'update', 'acme', '--name', 'Acme\u200BCorp')).toEqual({
      code: 2,
      out: [],
      err: ['scim-console: The name contains an invisible character (U+200B ZERO WIDTH SPACE) at position 5; type it again without it (see scim-console --help)']
    })
    expect(await cli('token', 'issue', 'acme', '--label', 'Okta \u2066prod\u2069')).toEqual({
      code: 2,
      out: [],
      err: ['scim-console: The label contains an invisible character (U+2066 LEFT-TO-RIGHT ISOLATE) at position 6; type it again without it (see scim-console --help)']
    })
    const tenants = JSON.parse((await cli('tenant', 'list', '--json')).out.join('\n')) as { name: string }[]
    expect(tenants.map((tenant) => tenant.name)).toEqual(['Acme Corp'])
    expect(JSON.parse((await cli('token', 'list', 'acme', '--json')).out.join('\n'))).toEqual([])
  })

  it('refuses a name of letters drawn as nothing (a Hangul filler, a braille blank), and prints one stored before escaped', async () => {
    expect(await cli('tenant', 'create', '\u3164', '--slug', 'blank')).toEqual({
      code: 2,
      out: [],
      err: ['scim-console: The name contains an invisible character (U+3164 HANGUL FILLER) at position 1; type it again without it (see scim-console --help)']
    })
    expect((await cli('tenant', 'create', '김민준 주식회사', '--slug', 'kim')).code).toBe(0)
    expect(await cli('token', 'issue', 'kim', '--label', 'Okta\u2800prod')).toEqual({
      code: 2,
      out: [],
      err: ['scim-console: The label contains an invisible character (U+2800 BRAILLE PATTERN BLANK) at position 5; type it again without it (see scim-console --help)']
    })
    const services = createServices({ dbPath })
    services.db.prepare('UPDATE tenants SET name = ? WHERE slug = ?').run('Kim\uFFA0Corp', 'kim')
    services.close()
    expect((await cli('tenant', 'list')).out.join('\n')).toContain('Kim\\uffa0Corp')
  })

  it('takes names in right-to-left scripts and emoji sequences as they are', async () => {
    expect((await cli('tenant', 'create', 'شركة أكمي', '--slug', 'akmi')).code).toBe(0)
    expect((await cli('tenant', 'create', 'אקמי בע"מ', '--slug', 'akmi-il')).code).toBe(0)
    expect((await cli('token', 'issue', 'akmi', '--label', 'Dev team 👩\u200D💻')).code).toBe(0)
  })

  it('keeps a tenant named before the rule readable, and lets it be throttled or renamed', async () => {
    const services = createServices({ dbPath })
    const tenant = value(services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
    services.db.prepare('UPDATE tenants SET name = ? WHERE id = ?').run('Acme\u202Egnp.exe', tenant.id)
    services.close()
    expect((await cli('tenant', 'list')).out.join('\n')).toContain('Acme\\u202egnp.exe')
    expect(JSON.parse((await cli('tenant', 'update', 'acme', '--rate-limit', '60', '--json')).out.join('\n'))).toMatchObject({
      name: 'Acme\u202Egnp.exe',
      rateLimitPerMinute: 60
    })
    expect((await cli('tenant', 'update', 'acme', '--name', 'Acme Corp')).code).toBe(0)
  })
})

describe('the console (the handlers the UI calls)', () => {
  let harness: ScimHarness
  let handlers: Handlers
  let acme: ReturnType<ScimHarness['tenant']>

  beforeEach(async () => {
    harness = await startScimHarness()
    acme = harness.tenant('Acme Corp', 'acme')
    handlers = handlersOn(harness)
  })
  afterEach(() => harness.close())

  it('shows the sentence beside the name, as it shows a taken name', async () => {
    expect(await handlers['tenants:create']({ name: 'Acme\u202Egnp.exe' })).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: override, details: { field: 'name' } }
    })
    expect(await handlers['tenants:create']({ name: 'Acme Corp' })).toMatchObject({ ok: false, error: { code: 'conflict', details: { field: 'name' } } })
  })

  it('refuses a userName, a person name or a group name with one, and keeps what Okta sent before', async () => {
    expect(await handlers['directory:create-user']({ tenant: 'acme', user: { userName: 'ann@acme.test', familyName: 'Lee\u200F' } })).toEqual({
      ok: false,
      error: {
        code: 'invalid_argument',
        message: 'The family name contains an invisible character (U+200F RIGHT-TO-LEFT MARK) at position 4; type it again without it.',
        details: { field: 'familyName' }
      }
    })
    expect(await handlers['directory:create-group']({ tenant: 'acme', group: { displayName: 'Engi\uFEFFneering' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: expect.stringContaining('The group name contains an invisible character (U+FEFF') }
    })
    // Okta sent a userName with a zero-width space; a CSM edits another field of that user.
    const sent = await harness.request('POST', `${acme.baseUrl}/Users`, {
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'bob\u200B@acme.test' }
    })
    expect(sent.status, sent.text).toBe(201)
    const id = String(sent.body.id)
    const edited = value(await handlers['directory:update-user']({ tenant: 'acme', id, user: { userName: 'bob\u200B@acme.test', givenName: 'Bob' } }))
    expect(edited).toMatchObject({ userName: 'bob\u200B@acme.test', givenName: 'Bob' })
    // A Hangul filler from Okta is kept too; typed into the console, it is refused.
    const filler = await harness.request('POST', `${acme.baseUrl}/Users`, {
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'kim@acme.test', name: { givenName: '\u3164', familyName: 'Kim' } }
    })
    expect(filler.status, filler.text).toBe(201)
    const kim = String(filler.body.id)
    expect(value(await handlers['directory:update-user']({ tenant: 'acme', id: kim, user: { userName: 'kim@acme.test', givenName: '\u3164', familyName: 'Kim', displayName: 'Kim' } }))).toMatchObject({ givenName: '\u3164', displayName: 'Kim' })
    expect(await handlers['directory:update-user']({ tenant: 'acme', id: kim, user: { userName: 'kim@acme.test', givenName: '\u3164', familyName: 'Kim\u3164' } })).toMatchObject({
      ok: false,
      error: { message: 'The family name contains an invisible character (U+3164 HANGUL FILLER) at position 4; type it again without it.', details: { field: 'familyName' } }
    })
    expect(await handlers['directory:update-user']({ tenant: 'acme', id, user: { userName: 'bob\u200B@acme.test\u200B' } })).toMatchObject({
      ok: false,
      error: { details: { field: 'userName' } }
    })
  })
})
