/**
 * Names that look alike are one name: a userName or group displayName is the same whatever its case and whatever
 * the Unicode composition of its accents ("é" as one character, or as "e" and U+0301, as macOS and some exports write
 * it), for uniqueness and for filters. A userName with blanks at its ends is refused. Real HTTP, a real SQLite file;
 * migration 9 brings an older file's keys in step.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createServices } from '../../src/main/core/services'
import { migrate, migrations } from '../../src/main/db/migrations'
import { expectError } from '../support/scim-errors'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'
const groupUrn = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const composed = '\u00e9cole@acme.test' // "école", é as one character
const decomposed = 'e\u0301cole@acme.test' // "école", e and a combining acute accent
const okta = { 'user-agent': 'Okta SCIM Client 1.0.0' }

describe('names over SCIM', () => {
  let harness: ScimHarness
  let tenant: ReturnType<ScimHarness['tenant']>
  const call = (method: string, path: string, options: Parameters<ScimHarness['request']>[2] = {}) => harness.request(method, `${tenant.baseUrl}${path}`, options)
  const filter = (resource: string, expression: string) => call('GET', `/${resource}?filter=${encodeURIComponent(expression)}`)

  beforeAll(async () => {
    harness = await startScimHarness()
    tenant = harness.tenant('Acme Corp', 'acme')
  })

  afterAll(async () => {
    expect(harness.internalErrors).toEqual([])
    await harness.close()
  })

  it('refuses a second userName that differs only in composition, says why, and finds the user by either spelling', async () => {
    const first = await call('POST', '/Users', { body: { schemas: [userUrn], userName: composed } })
    expect(first.status, first.text).toBe(201)
    const second = await call('POST', '/Users', { body: { schemas: [userUrn], userName: decomposed.toUpperCase() } })
    expectError(second, 409, 'uniqueness')
    expect(String(second.body.detail)).toContain('differ only in case or in how their accents are encoded')
    const twin = await call('POST', '/Users', { body: { schemas: [userUrn], userName: decomposed } })
    expect(String(twin.body.detail)).toContain('the same letters, encoded another way')

    for (const spelling of [composed, decomposed, decomposed.toUpperCase()]) {
      const found = await filter('Users', `userName eq "${spelling}"`)
      expect(found.body.totalResults, spelling).toBe(1)
      expect((found.body.Resources as { id: string }[])[0]?.id).toBe(first.body.id)
    }
    expect((await filter('Users', 'userName sw "e\u0301co"')).body.totalResults).toBe(1)
    // The name is kept as it was sent.
    expect((await call('GET', `/Users/${String(first.body.id)}`)).body.userName).toBe(composed)
  })

  it('treats group names the same way', async () => {
    const first = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'R\u00e9seau' } })
    expect(first.status, first.text).toBe(201)
    expectError(await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'Re\u0301seau' } }), 409, 'uniqueness')
    expect((await filter('Groups', 'displayName eq "RE\u0301SEAU"')).body.totalResults).toBe(1)
  })

  it('refuses a userName with a control character, naming it and its position, in a POST, a PUT and a PATCH', async () => {
    const nul = await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'cid\u0000@acme.test' }, headers: okta })
    expectError(nul, 400, 'invalidValue')
    expect(nul.body.detail).toBe(
      'The userName "cid\\u0000@acme.test" contains a control character (U+0000 NULL) at position 4, which a sign-in name cannot have. Remove it from the user\'s Username in Okta (Directory → People → the user → Profile), or from the attribute the app\'s username format reads, and push the user again.'
    )
    const created = await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'cid@acme.test' } })
    const path = `/Users/${String(created.body.id)}`
    const put = await call('PUT', path, { body: { schemas: [userUrn], userName: 'cid\t@acme.test' }, headers: { 'user-agent': 'curl/8.5.0' } })
    expectError(put, 400, 'invalidValue')
    expect(put.body.detail).toBe('The userName "cid\\t@acme.test" contains a control character (U+0009 TAB) at position 4, which a sign-in name cannot have. Send the userName without it.')
    const patch = await call('PATCH', path, {
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'userName', value: '😀cid\u001b[31m@acme.test' }] }
    })
    expectError(patch, 400, 'invalidValue')
    expect(String(patch.body.detail)).toContain('(U+001B ESCAPE, which starts a terminal code) at position 5,')
    // A long name is repeated up to its 200th character: an emoji there is kept whole, not cut to half a pair.
    const long = await call('POST', '/Users', { body: { schemas: [userUrn], userName: `a${'😀'.repeat(250)}\u0007@acme.test` }, headers: { 'user-agent': 'curl/8.5.0' } })
    expectError(long, 400, 'invalidValue')
    expect(String(long.body.detail)).toContain(`The userName "a${'😀'.repeat(199)}…" contains a control character (U+0007) at position 252,`)
    expect((await filter('Users', 'userName co "cid"')).body.Resources).toMatchObject([{ userName: 'cid@acme.test' }])
  })

  it('refuses a group displayName with a control character, naming it and its position, on create and rename', async () => {
    const bell = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'Sales\u0007 EMEA' }, headers: okta })
    expectError(bell, 400, 'invalidValue')
    expect(bell.body.detail).toBe(
      'The group\'s displayName "Sales\\u0007 EMEA" contains a control character (U+0007) at position 6, which a group name cannot have. Rename the group in Okta (Directory → Groups) without it, then push it again.'
    )
    const group = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'Sales EMEA' } })
    expect(group.status, group.text).toBe(201)
    const renamed = await call('PATCH', `/Groups/${String(group.body.id)}`, {
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'displayName', value: 'Sales\nEMEA' }] }
    })
    expectError(renamed, 400, 'invalidValue')
    expect(String(renamed.body.detail)).toContain('(U+000A LINE FEED, a line break) at position 6,')
    expect((await call('GET', `/Groups/${String(group.body.id)}`)).body.displayName).toBe('Sales EMEA')
  })

  it('refuses a C1 control character (U+0080-U+009F) in a userName and a group name as it refuses a C0 one, by its Unicode name', async () => {
    const nextLine = await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'nel\u0085@acme.test' }, headers: { 'user-agent': 'curl/8.5.0' } })
    expectError(nextLine, 400, 'invalidValue')
    // Escaped in the detail as JSON escapes a C0 control: a C1 one is drawn as nothing.
    expect(nextLine.body.detail).toBe(
      'The userName "nel\\u0085@acme.test" contains a control character (U+0085 NEXT LINE, a line break) at position 4, which a sign-in name cannot have. Send the userName without it.'
    )
    const csi = await call('POST', '/Users', { body: { schemas: [userUrn], userName: '😀nel\u009b31m@acme.test' } })
    expectError(csi, 400, 'invalidValue')
    expect(String(csi.body.detail)).toContain('(U+009B CONTROL SEQUENCE INTRODUCER, which starts a terminal code) at position 5,')
    const group = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: 'Sales\u0080EMEA' }, headers: okta })
    expectError(group, 400, 'invalidValue')
    expect(String(group.body.detail)).toContain('"Sales\\u0080EMEA" contains a control character (U+0080 PADDING CHARACTER) at position 6, which a group name cannot have.')
    expect((await filter('Users', 'userName co "nel"')).body.totalResults).toBe(0)
    // The letters right after the C1 block are letters: "é" (U+00E9) and the no-break space are no controls.
    expect((await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'c\u00e9d\u00a0ric@acme.test' } })).status).toBe(201)
  })

  it('refuses a userName with blanks at its ends, in the words of the admin who can fix it, and stores nothing', async () => {
    for (const userName of [' ann@acme.test', 'ann@acme.test ', 'ann@acme.test\t', '\nann@acme.test']) {
      const response = await call('POST', '/Users', { body: { schemas: [userUrn], userName }, headers: okta })
      expectError(response, 400, 'invalidValue')
      expect(String(response.body.detail)).toContain(JSON.stringify(userName))
      expect(String(response.body.detail)).toContain('Okta (Directory → People')
    }
    expect((await filter('Users', 'userName co "ann@acme.test"')).body.totalResults).toBe(0)

    const created = await call('POST', '/Users', { body: { schemas: [userUrn], userName: 'ann@acme.test' } })
    expect(created.status, created.text).toBe(201)
    const renamed = await call('PATCH', `/Users/${String(created.body.id)}`, {
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'userName', value: 'ann@acme.test ' }] }
    })
    expectError(renamed, 400, 'invalidValue')
    expect(String(renamed.body.detail)).toMatch(/ends with a space/)
  })
})

describe('migration 9', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-names-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('composes the keys of an older file, and keeps two users apart where their keys would now collide', () => {
    const path = join(dir, 'before-9.db')
    const old = new Database(path)
    migrate(old, migrations.slice(0, 8))
    old.prepare("INSERT INTO tenants (id, name, slug, created_at) VALUES ('t1', 'Acme', 'acme', 1)").run()
    const user = old.prepare(`INSERT INTO users (id, tenant_id, user_name, user_name_key, active, resource, version, created_at, updated_at)
      VALUES (?, 't1', ?, ?, 1, ?, 1, 1, 1)`)
    // Keys as the older build made them: lower-cased only.
    user.run('u1', 'Zo\u0308e@acme.test', 'zo\u0308e@acme.test', '{"userName":"Zo\u0308e@acme.test"}')
    user.run('u2', composed, composed, JSON.stringify({ userName: composed }))
    user.run('u3', decomposed, decomposed, JSON.stringify({ userName: decomposed }))
    old.prepare(`INSERT INTO groups (id, tenant_id, display_name, display_name_key, resource, version, created_at, updated_at)
      VALUES ('g1', 't1', 'Re\u0301seau', 're\u0301seau', '{"displayName":"Re\u0301seau"}', 1, 1, 1)`).run()
    old.close()

    const upgraded = createServices({ dbPath: path })
    try {
      const keys = upgraded.db.prepare('SELECT id, user_name, user_name_key FROM users ORDER BY id').all()
      expect(keys).toEqual([
        { id: 'u1', user_name: 'Zo\u0308e@acme.test', user_name_key: 'z\u00f6e@acme.test' },
        { id: 'u2', user_name: composed, user_name_key: composed },
        // Its composed key is u2's: it keeps its own, and both users stay.
        { id: 'u3', user_name: decomposed, user_name_key: decomposed }
      ])
      expect(upgraded.db.prepare('SELECT display_name_key FROM groups').get()).toEqual({ display_name_key: 'r\u00e9seau' })
      expect(upgraded.directory.findUserByName('t1', 'Z\u00d6E@acme.test')?.id).toBe('u1')
    } finally {
      upgraded.close()
    }
  })
})
