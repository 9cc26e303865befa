/**
 * Migrations 14 and 15: the log keeps what a refusal was about as facts (a 412's current version, a group write's
 * members that are groups or no user, a 409's name, a 429's Retry-After, a 5xx's cause), which the diagnosis reads
 * instead of the detail's words. Rows logged before get their facts from their detail, as SCIM Console worded it then,
 * so that their diagnoses still come out right.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createDiagnostician } from '../../src/main/core/diagnosis'
import { createServices } from '../../src/main/core/services'
import { migrate, migrations } from '../../src/main/db/migrations'
import { foldCase } from '../../src/shared/fold-case'
import { value } from '../support/result'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scim-console-error-facts-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/**
 * A database file as SCIM Console left it after migration `step`, opened as that release opened it: with the SQL
 * functions its migrations call (migration 14's reading of old details has nothing to read in a log still empty).
 */
function databaseAtStep(path: string, step: number): Database.Database {
  const old = new Database(path)
  old.function('scim_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldCase(text) : text))
  old.function('scim_legacy_error_facts', { deterministic: true }, (_status: unknown, _detail: unknown) => null)
  migrate(old, migrations.slice(0, step))
  return old
}

// Details as SCIM Console 13 worded them (scim/render.ts staleIfMatch, core/directory.ts nestedGroupsSentence and
// unknownMembersSentence, the directory's If-None-Match 412), and one it could not read facts from.
const stale =
  'The user is now at version 4 (ETag W/"4"), which the If-Match header does not name: it has changed since the client read it, so the request was not carried out. Read the user again (GET without If-Match), then retry with If-Match: W/"4".'
const namedNone =
  'The If-Match header names no ETag that SCIM Console issued (they are weak versions such as W/"7", as meta.version gives them), so it matches no version of the group. The group is at version 7 (ETag W/"7"), and the request was not carried out. Read the group again (GET without If-Match), then retry with If-Match: W/"7".'
const noneMatch = 'The user was not changed: If-None-Match: * refuses any existing one.'
const nested =
  'The group names 2 members that are groups of this tenant, not users: "Engineering" (id g-1), "Ops, EMEA" (id g-2). SCIM Console does not support nested groups: a group\'s members must be users. Send the ids of the users in those groups as members instead. The group names a member that is not a user of this tenant: u-gone. Push the user first, then the group.'
const unknown = 'The group names 7 members that are not users of this tenant: u1, u2, u3, u4, u5, …. Push the user first, then the group.'
const filter = "The filter is not valid near 'xx' at character 13: expected an operator."
// The 400s whose attribute, operation or count the diagnosis read out of the detail (scim/resources.ts, scim/patch.ts).
const secondOperation = 'Operation 2 of 2 (replace name): The value for name must be an object of its sub-attributes.'
const noUserName = "The user has no userName. Okta sends the user's email as userName; check the app's username format."
const tooMany = 'The PATCH has 2000 operations; at most 1000 are accepted. Send the changes in several PATCH requests.'

it('gives the log rows written before it their facts from their details, and their diagnoses read them', () => {
  const path = join(dir, 'before-14.db')
  const old = databaseAtStep(path, 13)
  old.prepare("INSERT INTO tenants (id, name, slug, created_at) VALUES ('t1', 'Acme', 'acme', 1)").run()
  const row = old.prepare(`INSERT INTO request_log (at, tenant_id, tenant_slug, method, path, status, duration_ms, client, operation, target_type, target_id,
    target_name, auth_scheme, request_headers, request_body, error_type, error_detail) VALUES (1, 't1', 'acme', ?, ?, ?, 1, 'Okta SCIM Client 1.0.0', ?, ?, ?, ?, 'bearer', ?, ?, ?, ?)`)
  const add = (status: number, method: string, target: 'user' | 'group', headers: object, detail: string, body: unknown = null): number =>
    Number(
      row.run(method, `/scim/v2/acme/${target === 'user' ? 'Users' : 'Groups'}/x1`, status, target === 'user' ? 'update-user' : 'group-push-update', target, 'x1', 'Staff', JSON.stringify(headers), body === null ? null : JSON.stringify(body), status === 400 ? 'invalidValue' : null, detail).lastInsertRowid
    )
  const ids = {
    stale: add(412, 'PUT', 'user', { 'if-match': 'W/"2"' }, stale),
    namedNone: add(412, 'PUT', 'group', { 'if-match': '"abc"' }, namedNone),
    noneMatch: add(412, 'PUT', 'user', { 'if-match': 'W/"4"', 'if-none-match': '*' }, noneMatch),
    nested: add(400, 'PATCH', 'group', {}, nested),
    unknown: add(400, 'PATCH', 'group', {}, unknown, { Operations: [{ op: 'add', path: 'members', value: [{ value: 'u1', display: 'ann@acme.test' }] }] }),
    filter: add(400, 'GET', 'user', {}, filter),
    secondOperation: add(400, 'PATCH', 'user', {}, secondOperation, {
      Operations: [
        { op: 'replace', path: 'name', value: { givenName: 'Jane' } },
        { op: 'replace', path: 'name', value: 'Jane Doe' }
      ]
    }),
    noUserName: add(400, 'POST', 'user', {}, noUserName),
    tooMany: add(400, 'PATCH', 'user', {}, tooMany),
    ok: add(200, 'GET', 'user', {}, stale)
  }
  old.close()

  const upgraded = createServices({ dbPath: path })
  try {
    const facts = (id: number) => upgraded.db.prepare<[number], { error_facts: string | null }>('SELECT error_facts FROM request_log WHERE id = ?').get(id)?.error_facts
    expect(JSON.parse(facts(ids.stale) ?? 'null')).toEqual({ currentVersion: 4, condition: 'if-match' })
    expect(JSON.parse(facts(ids.namedNone) ?? 'null')).toEqual({ currentVersion: 7, condition: 'if-match' })
    expect(JSON.parse(facts(ids.noneMatch) ?? 'null')).toEqual({ condition: 'if-none-match' })
    expect(JSON.parse(facts(ids.nested) ?? 'null')).toEqual({
      memberGroups: [
        { id: 'g-1', name: 'Engineering' },
        { id: 'g-2', name: 'Ops, EMEA' }
      ],
      memberGroupCount: 2,
      unknownMembers: ['u-gone'],
      unknownMemberCount: 1
    })
    expect(JSON.parse(facts(ids.unknown) ?? 'null')).toEqual({ unknownMembers: ['u1', 'u2', 'u3', 'u4', 'u5'], unknownMemberCount: 7 })
    expect(JSON.parse(facts(ids.filter) ?? 'null')).toEqual({ filterFragment: 'xx', filterPosition: 13, filterExpected: 'operator' })
    expect(JSON.parse(facts(ids.secondOperation) ?? 'null')).toEqual({ attribute: 'name', operation: 2 })
    expect(JSON.parse(facts(ids.noUserName) ?? 'null')).toEqual({ attribute: 'userName', missing: true })
    expect(JSON.parse(facts(ids.tooMany) ?? 'null')).toEqual({ operationCount: 2000, operationLimit: 1000 })
    expect(facts(ids.ok)).toBeNull()

    const diagnostician = createDiagnostician(upgraded)
    const diagnosis = (id: number) => value(diagnostician.detail(id)).diagnosis
    expect(diagnosis(ids.stale)?.explanation).toContain('(it is now at version 4)')
    expect(diagnosis(ids.namedNone)?.nextStep).toContain('(now If-Match: W/"7")')
    expect(diagnosis(ids.noneMatch)?.title).toBe('The client asked not to change the user as it is now')
    expect(diagnosis(ids.nested)?.title).toBe('Okta sent another group as a member of a group')
    expect(diagnosis(ids.nested)?.explanation).toContain('"Engineering" (id g-1), "Ops, EMEA" (id g-2)')
    expect(diagnosis(ids.nested)?.explanation).toContain('u-gone')
    expect(diagnosis(ids.unknown)?.title).toBe('The group names a member that is not a user of Acme')
    expect(diagnosis(ids.unknown)?.explanation).toContain('ann@acme.test (id u1)')
    expect(diagnosis(ids.secondOperation)?.explanation).toContain('Okta sent name: "Jane Doe".')
    expect(diagnosis(ids.noUserName)?.title).toBe('Okta sent a user without a userName')
    expect(diagnosis(ids.tooMany)?.explanation).toContain('The PATCH has 2000 operations and SCIM Console applies at most 1000')
  } finally {
    upgraded.close()
  }
})

// Details as SCIM Console 14 worded them, which the diagnosis read out of up to migration 15 (core/directory.ts, the
// SCIM server's throttle and its storage failures, core/faults.ts, scim/body-encoding.ts, scim/list-params.ts).
const groupTaken = 'A group named "sales team" already exists. It is written "Sales Team": group names that differ only in case are the same here.'
const userTaken = 'A user with the userName "jane@acme.com" already exists.'
const throttled = 'Too many requests: Acme allows 60 requests a minute. Retry after 7 seconds.'
const injectedRule = 'Slow down. (Injected by SCIM Console fault injection for training.)'
const full = 'The disk that holds the SCIM Console database is full, so the change was not saved. Free some disk space, then try again.'
const disk = 'The SCIM Console database could not be written (SQLITE_IOERR_WRITE), so the change was not saved. Check the disk, then try again.'
const stopping = 'SCIM Console is stopping, so it did not take this request. Retry it once SCIM Console is running again.'
const internal = 'Internal error 3fa2b1c9. The request was not applied; retry it, and report the id to SCIM Console support if it recurs.'
const notJson = 'The request body is not valid JSON: it ends before the JSON does (a closing "}", "]" or quote is missing).'
const badCount = 'count must be a whole number, not "ten".'
const notUtf8 = 'The request body is not valid UTF-8, which SCIM requires (RFC 7644 §3.8): byte 0xE9 at offset 40 (counted from 0) does not begin a valid UTF-8 character. Send the body encoded as UTF-8.'

it('gives the rows logged before migration 15 the facts of a 409, 429, 5xx and unreadable request from their details, and keeps the facts they had', () => {
  const path = join(dir, 'before-15.db')
  const old = databaseAtStep(path, 14)
  old.prepare("INSERT INTO tenants (id, name, slug, created_at, rate_limit_per_minute) VALUES ('t1', 'Acme', 'acme', 1, 60)").run()
  const row = old.prepare(`INSERT INTO request_log (at, tenant_id, tenant_slug, method, path, status, duration_ms, client, operation, target_type, target_id,
    target_name, auth_scheme, request_headers, request_body, error_type, error_detail, error_facts, injected) VALUES (1, 't1', 'acme', ?, ?, ?, 1, 'Okta SCIM Client 1.0.0', ?, ?, NULL, NULL, 'bearer', '{}', ?, ?, ?, ?, ?)`)
  const add = (status: number, detail: string, more: { method?: string; path?: string; operation?: string; target?: 'user' | 'group'; body?: string | null; type?: string; facts?: object; injected?: boolean } = {}): number =>
    Number(
      row.run(
        more.method ?? 'POST',
        more.path ?? `/scim/v2/acme/${more.target === 'group' ? 'Groups' : 'Users'}`,
        status,
        more.operation ?? (more.target === 'group' ? 'group-push-create' : 'create-user'),
        more.target ?? 'user',
        more.body === undefined ? '{}' : more.body,
        more.type ?? null,
        detail,
        more.facts ? JSON.stringify(more.facts) : null,
        more.injected ? 1 : 0
      ).lastInsertRowid
    )
  const ids = {
    groupTaken: add(409, groupTaken, { target: 'group', type: 'uniqueness', body: '{"displayName":"sales team"}' }),
    userTaken: add(409, userTaken, { type: 'uniqueness', body: null }),
    throttled: add(429, throttled, { method: 'GET', operation: 'list-users', body: null }),
    injectedRule: add(429, injectedRule, { injected: true }),
    full: add(507, full),
    disk: add(503, disk),
    stopping: add(503, stopping),
    internal: add(500, internal),
    notJson: add(400, notJson, { type: 'invalidSyntax', body: '{"userName":' }),
    notUtf8: add(400, notUtf8, { type: 'invalidSyntax' }),
    badCount: add(400, badCount, { method: 'GET', path: '/scim/v2/acme/Users?count=ten', operation: 'list-users', type: 'invalidValue', body: null }),
    // A 412 the step-14 server kept facts for: left as it was.
    kept: add(412, 'Refused.', { method: 'PUT', facts: { currentVersion: 3, condition: 'if-match' } })
  }
  old.close()

  const upgraded = createServices({ dbPath: path })
  try {
    const facts = (id: number) => JSON.parse(upgraded.db.prepare<[number], { error_facts: string | null }>('SELECT error_facts FROM request_log WHERE id = ?').get(id)?.error_facts ?? 'null') as unknown
    expect(facts(ids.groupTaken)).toEqual({ wantedName: 'sales team', heldAs: 'Sales Team' })
    expect(facts(ids.userTaken)).toEqual({ wantedName: 'jane@acme.com' })
    expect(facts(ids.throttled)).toEqual({ retryAfter: 7, rateLimit: 60 })
    expect(facts(ids.injectedRule)).toEqual({ retryAfter: 60 })
    expect(facts(ids.full)).toEqual({ storage: 'full' })
    expect(facts(ids.disk)).toEqual({ storage: 'io', storageCode: 'SQLITE_IOERR_WRITE' })
    expect(facts(ids.stopping)).toEqual({ stopping: true })
    expect(facts(ids.internal)).toEqual({ errorId: '3fa2b1c9' })
    expect(facts(ids.notJson)).toEqual({ notJson: true })
    expect(facts(ids.notUtf8)).toEqual({ notUtf8: true })
    expect(facts(ids.badCount)).toEqual({ parameter: 'count' })
    expect(facts(ids.kept)).toEqual({ currentVersion: 3, condition: 'if-match' })

    const diagnostician = createDiagnostician(upgraded)
    const diagnosis = (id: number) => value(diagnostician.detail(id)).diagnosis
    expect(diagnosis(ids.groupTaken)?.nextStep).toContain('link it to the existing "Sales Team"')
    expect(diagnosis(ids.userTaken)?.title).toBe('The userName "jane@acme.com" was taken')
    expect(diagnosis(ids.throttled)?.explanation).toContain('Retry-After: 7')
    expect(diagnosis(ids.injectedRule)?.facts).toContainEqual({ label: 'Retry-After', value: '60 seconds' })
    expect(diagnosis(ids.full)?.title).toBe("SCIM Console's disk is full")
    expect(diagnosis(ids.disk)?.explanation).toContain('(SQLITE_IOERR_WRITE)')
    expect(diagnosis(ids.stopping)?.title).toBe('SCIM Console was stopping')
    expect(diagnosis(ids.internal)?.title).toBe('SCIM Console failed on this request (error 3fa2b1c9)')
    expect(diagnosis(ids.notJson)?.title).toBe('The request body cannot be read')
    expect(diagnosis(ids.notUtf8)?.title).toBe('The request body is not UTF-8')
    expect(diagnosis(ids.badCount)?.title).toBe("The request's count cannot be used")
  } finally {
    upgraded.close()
  }
})
