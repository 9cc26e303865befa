/**
 * `scim-console tenant delete TENANT --yes [--with-tokens]`: what the app's Delete tenant dialog does, for scripts and
 * headless demos. It deletes nothing without --yes, nor while the tenant has active API tokens unless told to; once
 * it has, a server running on the same database answers the tenant's next request with 401, as it answers a slug no
 * tenant has (its tokens are gone with it).
 */
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { cliOn } from '../support/cli'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

let harness: ScimHarness
let db: string

const cli = cliOn(() => db)

beforeEach(async () => {
  harness = await startScimHarness()
  db = join(harness.dataDir, 'console.db')
})

afterEach(async () => {
  await harness.close()
})

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'

it('deletes a tenant with its users and groups once told --yes; the running server then answers 401', async () => {
  const acme = harness.tenant('Acme Corp', 'acme')
  const globex = harness.tenant('Globex', 'globex')
  for (const userName of ['ann@acme.test', 'bob@acme.test']) {
    expect((await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: { schemas: [userUrn], userName } })).status).toBe(201)
  }
  expect((await harness.request('POST', `${acme.baseUrl}/Groups`, { token: acme.token, body: { displayName: 'Sales' } })).status).toBe(201)
  expect((await cli('token', 'revoke', acme.tokenId)).code).toBe(0)

  const refused = await cli('tenant', 'delete', 'acme')
  expect(refused).toMatchObject({
    code: 1,
    out: [],
    err: ['scim-console: not deleted: add --yes to delete Acme Corp (acme) with its 2 users, 1 group and all its API tokens. This cannot be undone.']
  })
  expect(harness.services.tenants.find('acme')).toBeDefined()

  const deleted = await cli('tenant', 'delete', 'acme', '--yes')
  expect(deleted.code).toBe(0)
  expect(deleted.out).toEqual([
    'Deleted Acme Corp (acme) with its 2 users and 1 group. Every call to /scim/v2/acme now gets 401 Unauthorized; its past requests stay in the provisioning log.'
  ])
  // The server was started before the CLI ran, on its own connection: the next request already finds no tenant.
  const after = await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })
  expect(after.status).toBe(401)
  expect(after.body).toMatchObject({ status: '401' })
  expect(harness.services.tenants.find('acme')).toBeUndefined()
  // Its past requests stay in the log, and the other tenant is untouched.
  expect(harness.logEntries(acme.id).map((entry) => entry.operation)).toContain('create-user')
  // ... where `logs --tenant` still finds them, by the slug the tenant had or by its id.
  for (const tenant of ['acme', acme.id]) {
    const logged = await cli('logs', '--tenant', tenant, '--json')
    expect(logged.code).toBe(0)
    const entries = logged.out.map((line) => JSON.parse(line) as { tenantId: string; operation: string })
    expect(entries.filter((entry) => entry.operation === 'create-user')).toHaveLength(2)
    expect(entries.every((entry) => entry.tenantId === acme.id)).toBe(true)
  }
  expect((await cli('logs', '--tenant', 'initech')).err).toEqual([
    `scim-console: no tenant has the id or slug "initech", and the log has no requests of one. scim-console tenant list --db ${db} lists the tenants`
  ])
  expect((await harness.request('GET', `${globex.baseUrl}/Users`, { token: globex.token })).status).toBe(200)
  expect((await cli('tenant', 'list', '--json')).out.join('')).not.toContain('"acme"')
})

it('keeps a tenant with an active API token unless --with-tokens is given, and prints the tenant with --json', async () => {
  const acme = harness.tenant('Acme Corp', 'acme')
  const refused = await cli('tenant', 'delete', acme.id, '--yes')
  expect(refused.code).toBe(1)
  expect(refused.err).toEqual([
    `scim-console: not deleted: Acme Corp has 1 active API token, and Okta or Entra may still be provisioning into it. Revoke it first (scim-console token list acme --db ${db}, then scim-console token revoke TOKEN_ID --db ${db}), or add --with-tokens.`
  ])
  expect((await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })).status).toBe(200)

  const deleted = await cli('tenant', 'delete', acme.id, '--yes', '--with-tokens', '--json')
  expect(deleted.code).toBe(0)
  expect(JSON.parse(deleted.out.join(''))).toMatchObject({ id: acme.id, name: 'Acme Corp', slug: 'acme', scimPath: '/scim/v2/acme' })
  expect((await harness.request('GET', `${acme.baseUrl}/Users`, { token: acme.token })).status).toBe(401)
})

it('says which tenant it could not find, and what it needs', async () => {
  expect(await cli('tenant', 'delete', 'nobody', '--yes')).toMatchObject({ code: 1, err: [`scim-console: No tenant has the id or slug "nobody". scim-console tenant list --db ${db} lists the tenants`] })
  expect(await cli('tenant', 'delete')).toMatchObject({ code: 2, err: ['scim-console: missing TENANT (see scim-console --help)'] })
  expect(await cli('tenant')).toMatchObject({ code: 2, err: ['scim-console: missing tenant command: create, list, update or delete (see scim-console --help)'] })
})
