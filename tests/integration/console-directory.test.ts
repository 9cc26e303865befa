import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LogEntry } from '../../src/shared/models'
import { entryOperationLabel } from '../../src/shared/operation-labels'
import type { Result } from '../../src/shared/result'
import type { Handlers } from '../../src/main/ipc/handlers'
import { handlersOn } from '../support/handler-deps'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'
import { value } from '../support/result'

// The first two suites run on a harness with one tenant, Acme Corp; the palette's makes its own tenants.
let harness: ScimHarness
let handlers: Handlers
let acme: ReturnType<ScimHarness['tenant']>

async function startWithAcme(): Promise<void> {
  harness = await startScimHarness()
  acme = harness.tenant('Acme Corp', 'acme')
  handlers = handlersOn(harness)
}

describe('console directory', () => {
  const call = async <T>(channel: keyof Handlers, input: unknown) => (await handlers[channel](input)) as Result<T>

  beforeEach(startWithAcme)
  afterEach(() => harness.close())

  async function createUser(user: Record<string, unknown>) {
    return value(await handlers['directory:create-user']({ tenant: 'acme', user }))
  }

  it('creates users from the form exactly as SCIM would store them, and finds them by name, email or status', async () => {
    const jane = await createUser({ userName: 'jane.doe@acme.test', givenName: 'Jane', familyName: 'Doe', email: 'jane.doe@acme.test' })
    await createUser({ userName: 'john.smith@acme.test', givenName: 'John', familyName: 'Smith', email: 'j.smith@mail.acme.test', active: false })
    await createUser({ userName: 'ops-bot', displayName: 'Operations Robot' })
    expect(jane).toMatchObject({ userName: 'jane.doe@acme.test', givenName: 'Jane', familyName: 'Doe', email: 'jane.doe@acme.test', active: true, groupCount: 0 })

    // The SCIM server returns the console's user exactly as if Okta had created it.
    const scim = await harness.request('GET', `${acme.baseUrl}/Users/${jane.id}`)
    expect(scim.body).toMatchObject({
      userName: 'jane.doe@acme.test',
      name: { givenName: 'Jane', familyName: 'Doe' },
      emails: [{ value: 'jane.doe@acme.test', type: 'work', primary: true }],
      active: true
    })

    const search = async (query: Record<string, unknown>) =>
      value(await call<{ items: { userName: string }[]; total: number; nextCursor: string | null }>('directory:users', { tenant: 'acme', ...query }))
    const names = async (query: Record<string, unknown>) => (await search(query)).items.map((user) => user.userName)
    expect(await names({})).toEqual(['jane.doe@acme.test', 'john.smith@acme.test', 'ops-bot'])
    expect(await names({ search: 'SMITH' })).toEqual(['john.smith@acme.test'])
    expect(await names({ search: 'jane doe' })).toEqual(['jane.doe@acme.test'])
    // Family name first, as a CSM reads a name from a roster or in a language that puts it first.
    expect(await names({ search: 'Doe Jane' })).toEqual(['jane.doe@acme.test'])
    expect(await names({ search: 'mail.acme' })).toEqual(['john.smith@acme.test'])
    expect(await names({ search: 'robot' })).toEqual(['ops-bot'])
    expect(await names({ search: '%' })).toEqual([])
    expect(await names({ status: 'inactive' })).toEqual(['john.smith@acme.test'])
    expect(await names({ status: 'active', search: 'acme.test' })).toEqual(['jane.doe@acme.test'])

    const first = await search({ limit: 2 })
    expect([first.items.length, first.total, typeof first.nextCursor]).toEqual([2, 3, 'string'])
    const second = await search({ limit: 2, cursor: first.nextCursor })
    expect([second.items.map((user) => user.userName), second.total, second.nextCursor]).toEqual([['ops-bot'], 3, null])

    // Names with letters beyond ASCII are found in any case.
    await createUser({ userName: 'e.olsen@acme.test', givenName: 'Émile', familyName: 'Ølsen', email: 'e.olsen@acme.test' })
    for (const text of ['émile', 'ÉMILE', 'ølsen', 'émile ølsen']) expect(await names({ search: text }), text).toEqual(['e.olsen@acme.test'])
  })

  it('finds a user by the ids a CSM pastes: the SCIM id from the log, and the Okta user id', async () => {
    const jane = await createUser({ userName: 'jane.doe@acme.test', externalId: '00u1a2b3C4d5E6f7g8h9' })
    await createUser({ userName: 'john.smith@acme.test', externalId: '00u9z8y7x6w5v4u3t2s1' })
    const names = async (search: string) =>
      value(await call<{ items: { userName: string }[] }>('directory:users', { tenant: 'acme', search })).items.map((user) => user.userName)
    expect(await names(jane.id)).toEqual(['jane.doe@acme.test'])
    expect(await names(jane.id.toUpperCase())).toEqual(['jane.doe@acme.test'])
    expect(await names('00u1a2b3c4d5e6f7g8h9')).toEqual(['jane.doe@acme.test'])
    expect(await names('00u9z8')).toEqual(['john.smith@acme.test'])
  })

  describe('paging while the directory changes', () => {
    type Listed = { items: { id: string; userName?: string; displayName?: string }[]; total: number; nextCursor: string | null }
    const page = async (channel: 'directory:users' | 'directory:groups', query: Record<string, unknown>) =>
      value(await call<Listed>(channel, { tenant: 'acme', ...query }))
    const userNames = (listed: Listed) => listed.items.map((user) => user.userName)

    async function sixUsers() {
      const users = []
      for (let n = 0; n < 6; n += 1) users.push(await createUser({ userName: `u${n}` }))
      return users
    }

    it('shows every user once when one on an earlier page is deleted before the next page', async () => {
      const [u0] = await sixUsers()
      const first = await page('directory:users', { limit: 3 })
      expect(userNames(first)).toEqual(['u0', 'u1', 'u2'])
      value(await handlers['directory:delete-user']({ tenant: 'acme', id: u0?.id }))
      const second = await page('directory:users', { limit: 3, cursor: first.nextCursor })
      expect([userNames(second), second.total, second.nextCursor]).toEqual([['u3', 'u4', 'u5'], 5, null])
    })

    it('shows every user once when the last one listed is deleted before the next page', async () => {
      const users = await sixUsers()
      const first = await page('directory:users', { limit: 3 })
      value(await handlers['directory:delete-user']({ tenant: 'acme', id: users[2]?.id }))
      expect(userNames(await page('directory:users', { limit: 3, cursor: first.nextCursor }))).toEqual(['u3', 'u4', 'u5'])
    })

    it('repeats no user when one is created before the next page, and lists the new one at the end', async () => {
      await sixUsers()
      const first = await page('directory:users', { limit: 3 })
      await createUser({ userName: 'late' })
      const second = await page('directory:users', { limit: 3, cursor: first.nextCursor })
      expect([userNames(second), second.total]).toEqual([['u3', 'u4', 'u5'], 7])
      const third = await page('directory:users', { limit: 3, cursor: second.nextCursor })
      expect([userNames(third), third.nextCursor]).toEqual([['late'], null])
    })

    it('lists a user created before the next page even when the last one listed and all after it were deleted', async () => {
      const users = await sixUsers()
      const first = await page('directory:users', { limit: 3 })
      expect(userNames(first)).toEqual(['u0', 'u1', 'u2'])
      // The newest rows go: a new one must not take the place (seq) of the last one listed.
      for (const user of users.slice(2)) value(await handlers['directory:delete-user']({ tenant: 'acme', id: user?.id }))
      await createUser({ userName: 'late' })
      const second = await page('directory:users', { limit: 3, cursor: first.nextCursor })
      expect([userNames(second), second.total, second.nextCursor]).toEqual([['late'], 3, null])
    })

    it('lists a group created before the next page even when the last one listed and all after it were deleted', async () => {
      const groups = []
      for (let n = 0; n < 4; n += 1) groups.push(value(await handlers['directory:create-group']({ tenant: 'acme', group: { displayName: `g${n}` } })))
      const first = await page('directory:groups', { limit: 2 })
      for (const group of groups.slice(1)) value(await handlers['directory:delete-group']({ tenant: 'acme', id: group?.id }))
      value(await handlers['directory:create-group']({ tenant: 'acme', group: { displayName: 'g-late' } }))
      const second = await page('directory:groups', { limit: 2, cursor: first.nextCursor })
      expect([second.items.map((group) => group.displayName), second.total]).toEqual([['g-late'], 2])
    })

    it('keeps a search and a status filter across pages', async () => {
      const users = await sixUsers()
      for (const user of [users[1], users[4]]) value(await handlers['directory:set-user-active']({ tenant: 'acme', id: user?.id, active: false }))
      const first = await page('directory:users', { limit: 2, status: 'active', search: 'u' })
      expect([userNames(first), first.total]).toEqual([['u0', 'u2'], 4])
      value(await handlers['directory:delete-user']({ tenant: 'acme', id: users[0]?.id }))
      const second = await page('directory:users', { limit: 2, status: 'active', search: 'u', cursor: first.nextCursor })
      expect([userNames(second), second.total, second.nextCursor]).toEqual([['u3', 'u5'], 3, null])
    })

    it('pages groups the same way', async () => {
      const groups = []
      for (let n = 0; n < 4; n += 1) groups.push(value(await handlers['directory:create-group']({ tenant: 'acme', group: { displayName: `g${n}` } })))
      const first = await page('directory:groups', { limit: 2 })
      value(await handlers['directory:delete-group']({ tenant: 'acme', id: groups[0]?.id }))
      value(await handlers['directory:create-group']({ tenant: 'acme', group: { displayName: 'g-late' } }))
      const second = await page('directory:groups', { limit: 2, cursor: first.nextCursor })
      expect([second.items.map((group) => group.displayName), second.total]).toEqual([['g2', 'g3'], 4])
      const third = await page('directory:groups', { limit: 2, cursor: second.nextCursor })
      expect([third.items.map((group) => group.displayName), third.nextCursor]).toEqual([['g-late'], null])
    })

    it('refuses a page marker it did not make, with a sentence', async () => {
      const refused = await handlers['directory:users']({ tenant: 'acme', cursor: '2' })
      expect(refused.ok ? null : refused.error).toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(/page marker is not valid/) })
    })
  })

  it('shows a user with the SCIM JSON a client would GET, its groups, and its history from the log', async () => {
    // Okta's lookup before the user exists, its create, and a request about someone else.
    await harness.request('GET', `${acme.baseUrl}/Users?filter=userName%20eq%20%22jane.doe%40acme.test%22&startIndex=1&count=100`)
    const created = await harness.request('POST', `${acme.baseUrl}/Users`, {
      body: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'jane.doe@acme.test',
        name: { givenName: 'Jane', familyName: 'Doe' },
        emails: [{ primary: true, value: 'jane.doe@acme.test', type: 'work' }],
        active: true
      }
    })
    await harness.request('GET', `${acme.baseUrl}/Users?filter=userName%20eq%20%22jane.doe2%40acme.test%22`)
    const id = String(created.body.id)
    const group = value(await handlers['directory:create-group']({ tenant: 'acme', group: { displayName: 'Sales', memberIds: [id] } }))

    const scim = await harness.request('GET', `${acme.baseUrl}/Users/${id}`)
    const detail = value(await handlers['directory:user']({ tenant: 'acme', id }))
    expect(detail.scim).toEqual(scim.body)
    expect(detail.groups).toEqual([{ id: group.id, displayName: 'Sales' }])
    expect(detail.groupCount).toBe(1)
    expect(detail.history.map((entry) => entry.operation)).toEqual(['get-user', 'create-user', 'lookup-user'])
    expect(detail.history.every((entry) => entry.tenantId === acme.id)).toBe(true)
  })

  it("keeps the identity provider's lookups in a user's history whatever their case or accent encoding, as the server matched them", async () => {
    // Entra looks the user up with the accent as two characters and the capitals of its directory; Okta in Greek capitals.
    const lookUp = (userName: string) => harness.request('GET', `${acme.baseUrl}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)
    await lookUp('ZOE\u0308@ACME.TEST')
    await lookUp('ΝΊΚΟΣ@acme.test')
    const zoe = await createUser({ userName: 'zo\u00eb@acme.test' })
    const nikos = await createUser({ userName: 'νίκοσ@acme.test' })
    const history = async (id: string) => value(await handlers['directory:user']({ tenant: 'acme', id })).history.map((entry) => [entry.operation, entry.targetName])
    expect(await history(zoe.id)).toEqual([['create-user', 'zo\u00eb@acme.test'], ['lookup-user', 'ZOE\u0308@ACME.TEST']])
    expect(await history(nikos.id)).toEqual([['create-user', 'νίκοσ@acme.test'], ['lookup-user', 'ΝΊΚΟΣ@acme.test']])
  })

  it('refuses a duplicate userName with a readable conflict, and a user without one as invalid', async () => {
    await createUser({ userName: 'jane.doe@acme.test' })
    const duplicate = await handlers['directory:create-user']({ tenant: 'acme', user: { userName: 'JANE.DOE@acme.test' } })
    expect(duplicate.ok ? null : duplicate.error).toMatchObject({ code: 'conflict', message:
        'A user with the userName "JANE.DOE@acme.test" already exists. It is written "jane.doe@acme.test": userNames that differ only in case are the same here.'
    })
    const empty = await handlers['directory:create-user']({ tenant: 'acme', user: { userName: '  ' } })
    expect(empty.ok ? null : empty.error.code).toBe('invalid_argument')
    const extra = await handlers['directory:create-user']({ tenant: 'acme', user: { userName: 'x', password: 'secret' } })
    expect(extra.ok ? null : extra.error.code).toBe('invalid_argument')
    const missing = await handlers['directory:users']({ tenant: 'nope' })
    expect(missing.ok ? null : missing.error.code).toBe('not_found')
  })

  it('edits the fields of the form and keeps the attributes Okta sent that the form does not show', async () => {
    const created = await harness.request('POST', `${acme.baseUrl}/Users`, {
      body: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
        userName: 'jane.doe@acme.test',
        name: { givenName: 'Jane', familyName: 'Doe', formatted: 'Jane Doe' },
        emails: [
          { primary: true, value: 'jane.doe@acme.test', type: 'work' },
          { value: 'jane@home.test', type: 'home' }
        ],
        locale: 'en-US',
        password: 'p4ssw0rd',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Sales' },
        active: true
      }
    })
    const id = String(created.body.id)
    const updated = value(
      await handlers['directory:update-user']({
        tenant: 'acme',
        id,
        user: { userName: 'jane.smith@acme.test', givenName: 'Jane', familyName: 'Smith', email: 'jane.smith@acme.test', displayName: '', active: true }
      })
    )
    expect(updated).toMatchObject({ userName: 'jane.smith@acme.test', familyName: 'Smith', email: 'jane.smith@acme.test', displayName: null })
    const scim = await harness.request('GET', `${acme.baseUrl}/Users/${id}`)
    expect(scim.body).toMatchObject({
      userName: 'jane.smith@acme.test',
      name: { givenName: 'Jane', familyName: 'Smith' },
      emails: [
        { value: 'jane.smith@acme.test', type: 'work', primary: true },
        { value: 'jane@home.test', type: 'home' }
      ],
      locale: 'en-US',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Sales' }
    })
    expect((scim.body.name as Record<string, unknown>).formatted).toBeUndefined()
    expect(scim.text).not.toMatch(/password|p4ssw0rd/)

    const inactive = value(await handlers['directory:set-user-active']({ tenant: 'acme', id, active: false }))
    expect(inactive.active).toBe(false)
    expect((await harness.request('GET', `${acme.baseUrl}/Users/${id}`)).body.active).toBe(false)
    expect(value(await handlers['directory:set-user-active']({ tenant: 'acme', id, active: true })).active).toBe(true)

    expect(value(await handlers['directory:delete-user']({ tenant: 'acme', id }))).toEqual({ id })
    expect((await harness.request('GET', `${acme.baseUrl}/Users/${id}`)).status).toBe(404)
    const gone = await handlers['directory:user']({ tenant: 'acme', id })
    expect(gone.ok ? null : gone.error.code).toBe('not_found')
  })

  it('creates, lists, shows, edits and deletes groups with members by user id', async () => {
    const jane = await createUser({ userName: 'jane@acme.test' })
    const john = await createUser({ userName: 'john@acme.test', active: false })
    const sales = value(await handlers['directory:create-group']({ tenant: 'acme', group: { displayName: 'Sales', memberIds: [jane.id, john.id] } }))
    await handlers['directory:create-group']({ tenant: 'acme', group: { displayName: 'Support' } })
    expect(sales.memberCount).toBe(2)

    const unknown = await handlers['directory:create-group']({ tenant: 'acme', group: { displayName: 'Ghosts', memberIds: ['nobody'] } })
    expect(unknown.ok ? null : unknown.error.code).toBe('invalid_argument')
    const duplicate = await handlers['directory:create-group']({ tenant: 'acme', group: { displayName: 'sales' } })
    expect(duplicate.ok ? null : duplicate.error).toMatchObject({ code: 'conflict', message: 'A group named "sales" already exists. It is written "Sales": group names that differ only in case are the same here.'
    })

    const list = value(await call<{ items: { displayName: string; memberCount: number }[] }>('directory:groups', { tenant: 'acme' }))
    expect(list.items.map((group) => [group.displayName, group.memberCount])).toEqual([
      ['Sales', 2],
      ['Support', 0]
    ])
    const found = value(await call<{ items: { displayName: string }[] }>('directory:groups', { tenant: 'acme', search: 'supp' }))
    expect(found.items.map((group) => group.displayName)).toEqual(['Support'])
    // By its SCIM id too, as the log names it, and by the Okta group id.
    const byId = value(await call<{ items: { displayName: string }[] }>('directory:groups', { tenant: 'acme', search: sales.id }))
    expect(byId.items.map((group) => group.displayName)).toEqual(['Sales'])
    await handlers['directory:create-group']({ tenant: 'acme', group: { displayName: 'Partners', externalId: '00g5x6y7Z8' } })
    const byOktaId = value(await call<{ items: { displayName: string }[] }>('directory:groups', { tenant: 'acme', search: '00g5x6y7z8' }))
    expect(byOktaId.items.map((group) => group.displayName)).toEqual(['Partners'])

    const detail = value(await handlers['directory:group']({ tenant: 'acme', id: sales.id }))
    expect(detail.members).toEqual([
      { id: jane.id, userName: 'jane@acme.test', active: true },
      { id: john.id, userName: 'john@acme.test', active: false }
    ])
    expect(detail.scim).toEqual((await harness.request('GET', `${acme.baseUrl}/Groups/${sales.id}`)).body)

    // Renaming without memberIds keeps the members; giving memberIds replaces them.
    const renamed = value(await handlers['directory:update-group']({ tenant: 'acme', id: sales.id, group: { displayName: 'Sales EMEA' } }))
    expect([renamed.displayName, renamed.memberCount]).toEqual(['Sales EMEA', 2])
    const trimmed = value(await handlers['directory:update-group']({ tenant: 'acme', id: sales.id, group: { displayName: 'Sales EMEA', memberIds: [jane.id] } }))
    expect(trimmed.memberCount).toBe(1)

    expect(value(await handlers['directory:delete-group']({ tenant: 'acme', id: sales.id }))).toEqual({ id: sales.id })
    expect((await harness.request('GET', `${acme.baseUrl}/Groups/${sales.id}`)).status).toBe(404)
  })

  it('announces console changes as directory:changed, as SCIM writes are', async () => {
    const changed = new Promise<string>((resolve) => harness.services.events.on('directory:changed', ({ tenantId }) => resolve(tenantId)))
    await createUser({ userName: 'jane@acme.test' })
    expect(await changed).toBe(acme.id)
  })
})

describe('console changes in the provisioning log', () => {
  beforeEach(startWithAcme)
  afterEach(() => harness.close())

  /** The tenant's log entries after the first `skip`, oldest first, in full. */
  const entriesAfter = (skip: number): LogEntry[] => harness.logEntries(acme.id).slice(skip)
  const json = (text: string | null): unknown => (text === null ? null : JSON.parse(text))

  it("logs each user change made in the console as the SCIM request it equals, with SCIM Console as its client and no token", async () => {
    const jane = value(await handlers['directory:create-user']({ tenant: 'acme', user: { userName: 'jane.doe@acme.test', givenName: 'Jane', familyName: 'Doe', email: 'jane.doe@acme.test' } }))
    // The resource as the SCIM server renders it, before anything else changes it.
    const afterCreate = (await harness.request('GET', `${acme.baseUrl}/Users/${jane.id}`)).body
    const already = harness.logEntries(acme.id).length
    value(await handlers['directory:update-user']({ tenant: 'acme', id: jane.id, user: { userName: 'jane.doe@acme.test', email: 'jane.smith@acme.test' } }))
    value(await handlers['directory:set-user-active']({ tenant: 'acme', id: jane.id, active: false }))
    value(await handlers['directory:set-user-active']({ tenant: 'acme', id: jane.id, active: true }))
    value(await handlers['directory:delete-user']({ tenant: 'acme', id: jane.id }))

    const all = harness.logEntries(acme.id)
    const changes = all.filter((entry) => entry.authScheme === 'console')
    expect(changes.map((entry) => [entry.method, entry.path, entry.status, entry.operation, entryOperationLabel(entry)])).toEqual([
      ['POST', '/scim/v2/acme/Users', 201, 'create-user', 'Created in SCIM Console'],
      ['PUT', `/scim/v2/acme/Users/${jane.id}`, 200, 'update-user', 'Edited in SCIM Console'],
      ['PATCH', `/scim/v2/acme/Users/${jane.id}`, 200, 'deactivate-user', 'Deactivated in SCIM Console'],
      ['PATCH', `/scim/v2/acme/Users/${jane.id}`, 200, 'reactivate-user', 'Reactivated in SCIM Console'],
      ['DELETE', `/scim/v2/acme/Users/${jane.id}`, 204, 'delete-user', 'Deleted in SCIM Console']
    ])
    for (const entry of changes) {
      expect(entry).toMatchObject({ tenantId: acme.id, tenantSlug: 'acme', tokenId: null, client: 'SCIM Console', targetType: 'user', targetId: jane.id, targetName: 'jane.doe@acme.test' })
      expect(entry).toMatchObject({ requestHeaders: {}, errorType: null, errorDetail: null, injected: false })
    }
    // The create answered what a client would GET; the edit sent the new email; the deactivation is a PATCH of active.
    const [create, edit, deactivate, , remove] = changes
    expect(json(create?.responseBody ?? null)).toEqual(afterCreate)
    expect(json(edit?.requestBody ?? null)).toMatchObject({ userName: 'jane.doe@acme.test', emails: [{ value: 'jane.smith@acme.test', type: 'work', primary: true }] })
    expect(json(edit?.responseBody ?? null)).toMatchObject({ id: jane.id, emails: [{ value: 'jane.smith@acme.test' }], meta: { location: `${acme.baseUrl}/Users/${jane.id}` } })
    expect(json(deactivate?.requestBody ?? null)).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] })
    expect(json(deactivate?.responseBody ?? null)).toMatchObject({ id: jane.id, active: false })
    expect([remove?.requestBody, remove?.responseBody]).toEqual([null, null])
    // Written through the log's one append path: nothing else came in between.
    expect(all.slice(already).every((entry) => entry.authScheme === 'console')).toBe(true)
  })

  it("shows the console's changes in the user's history, newest first, beside the requests of the identity provider", async () => {
    const created = await harness.request('POST', `${acme.baseUrl}/Users`, {
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@acme.test', emails: [{ value: 'ada@acme.test', primary: true }], active: true }
    })
    const id = String(created.body.id)
    value(await handlers['directory:update-user']({ tenant: 'acme', id, user: { userName: 'ada@acme.test', email: 'ada.lovelace@acme.test' } }))
    value(await handlers['directory:set-user-active']({ tenant: 'acme', id, active: false }))
    const detail = value(await handlers['directory:user']({ tenant: 'acme', id }))
    expect(detail.history.map((entry) => [entryOperationLabel(entry), entry.authScheme, entry.client])).toEqual([
      ['Deactivated in SCIM Console', 'console', 'SCIM Console'],
      ['Edited in SCIM Console', 'console', 'SCIM Console'],
      ['Push new user', 'bearer', 'Okta SCIM Client 1.0.0']
    ])
    // The log's filters find them as they find requests: by the user, and by operation.
    const byUser = value(harness.services.log.list({ tenantId: acme.id, target: 'ada@acme.test' }))
    expect(byUser.items.map((entry) => entry.operation)).toEqual(['deactivate-user', 'update-user', 'create-user'])
    const deactivations = value(harness.services.log.list({ tenantId: acme.id, operation: 'deactivate-user' }))
    expect(deactivations.items.map((entry) => entry.authScheme)).toEqual(['console'])
  })

  it('logs group changes as POST, PUT and DELETE of the group, with its members as written', async () => {
    const jane = value(await handlers['directory:create-user']({ tenant: 'acme', user: { userName: 'jane@acme.test' } }))
    const sales = value(await handlers['directory:create-group']({ tenant: 'acme', group: { displayName: 'Sales', memberIds: [jane.id] } }))
    value(await handlers['directory:update-group']({ tenant: 'acme', id: sales.id, group: { displayName: 'Sales EMEA', memberIds: [] } }))
    value(await handlers['directory:delete-group']({ tenant: 'acme', id: sales.id }))

    const groups = harness.logEntries(acme.id).filter((entry) => entry.targetType === 'group')
    expect(groups.map((entry) => [entry.method, entry.path, entry.status, entry.operation, entry.targetName, entryOperationLabel(entry)])).toEqual([
      ['POST', '/scim/v2/acme/Groups', 201, 'group-push-create', 'Sales', 'Group created in SCIM Console'],
      ['PUT', `/scim/v2/acme/Groups/${sales.id}`, 200, 'group-push-update', 'Sales EMEA', 'Group edited in SCIM Console'],
      ['DELETE', `/scim/v2/acme/Groups/${sales.id}`, 204, 'group-push-delete', 'Sales EMEA', 'Group deleted in SCIM Console']
    ])
    expect(groups.every((entry) => entry.authScheme === 'console' && entry.tokenId === null && entry.targetId === sales.id)).toBe(true)
    expect(json(groups[0]?.requestBody ?? null)).toMatchObject({ displayName: 'Sales', members: [{ value: jane.id }] })
    expect(json(groups[0]?.responseBody ?? null)).toMatchObject({ id: sales.id, members: [{ value: jane.id, display: 'jane@acme.test', type: 'User' }] })
    const detail = value(await handlers['directory:create-group']({ tenant: 'acme', group: { displayName: 'Support' } }))
    expect(value(await handlers['directory:group']({ tenant: 'acme', id: detail.id })).history.map(entryOperationLabel)).toEqual(['Group created in SCIM Console'])
  })

  it('logs nothing for a change the console refused: the CSM sees the refusal on the spot', async () => {
    const jane = value(await handlers['directory:create-user']({ tenant: 'acme', user: { userName: 'jane@acme.test' } }))
    const before = harness.logEntries(acme.id).length
    const refused = [
      await handlers['directory:create-user']({ tenant: 'acme', user: { userName: 'JANE@acme.test' } }),
      await handlers['directory:create-user']({ tenant: 'acme', user: { userName: '  ' } }),
      await handlers['directory:update-user']({ tenant: 'acme', id: 'no-such-user', user: { userName: 'x@acme.test' } }),
      await handlers['directory:set-user-active']({ tenant: 'acme', id: 'no-such-user', active: false }),
      await handlers['directory:delete-user']({ tenant: 'acme', id: 'no-such-user' }),
      await handlers['directory:create-group']({ tenant: 'acme', group: { displayName: 'Ghosts', memberIds: ['nobody'] } }),
      await handlers['directory:update-group']({ tenant: 'acme', id: 'no-such-group', group: { displayName: 'x' } }),
      await handlers['directory:delete-group']({ tenant: 'acme', id: 'no-such-group' })
    ]
    expect(refused.map((result) => result.ok)).toEqual(refused.map(() => false))
    expect(entriesAfter(before)).toEqual([])
    expect(value(await handlers['directory:user']({ tenant: 'acme', id: jane.id })).history.map((entry) => entry.operation)).toEqual(['create-user'])
  })

  it('keeps no secret in a console entry: a token pasted into a field, or a password Okta once sent', async () => {
    const created = await harness.request('POST', `${acme.baseUrl}/Users`, {
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ann@acme.test', password: 'p4ssw0rd-Okta', active: true }
    })
    const id = String(created.body.id)
    const before = harness.logEntries(acme.id).length
    value(await handlers['directory:update-user']({ tenant: 'acme', id, user: { userName: 'ann@acme.test', externalId: acme.token, displayName: `Ann ${acme.token}` } }))
    const [entry] = entriesAfter(before)
    const text = JSON.stringify(entry)
    expect(text).not.toContain(acme.token)
    expect(text).not.toContain('p4ssw0rd-Okta')
    // Redacted as the SCIM server redacts a request: the token's display prefix at most.
    expect(json(entry?.requestBody ?? null)).toMatchObject({ externalId: expect.stringMatching(/^scim_[\w-]{4}…\[redacted\]$/) })
  })

  it("leaves a tenant's last request and identity provider to the requests clients sent", async () => {
    value(await handlers['directory:create-user']({ tenant: 'acme', user: { userName: 'jane@acme.test' } }))
    harness.services.log.flush()
    const listed = harness.services.tenants.list().find((tenant) => tenant.id === acme.id)
    expect([listed?.lastRequestAt, listed?.identityProvider]).toEqual([null, null])
    expect((await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=2`)).status).toBe(200)
    value(await handlers['directory:create-user']({ tenant: 'acme', user: { userName: 'john@acme.test' } }))
    harness.services.log.flush()
    const okta = harness.logEntries(acme.id).find((entry) => entry.operation === 'test-credentials')
    const after = harness.services.tenants.list().find((tenant) => tenant.id === acme.id)
    expect([after?.lastRequestAt, after?.identityProvider]).toEqual([okta?.at, 'okta'])
  })
})

describe('command palette search', () => {
  beforeEach(async () => {
    harness = await startScimHarness()
    handlers = handlersOn(harness)
  })
  afterEach(async () => {
    await harness.close()
  })

  it('finds tenants by name or slug, and users and groups across tenants', async () => {
    harness.tenant('Acme Corp', 'acme')
    harness.tenant('Globex', 'globex')
    for (const [tenant, userName] of [
      ['acme', 'jane.doe@acme.test'],
      ['globex', 'jane.roe@globex.test'],
      ['globex', 'bob@globex.test']
    ] as const) {
      await handlers['directory:create-user']({ tenant, user: { userName } })
    }
    await handlers['directory:create-group']({ tenant: 'globex', group: { displayName: 'Janitors' } })

    const results = value(await handlers['search:everything']({ text: 'jan' }))
    expect(results.tenants).toEqual([])
    expect(results.users.map((user) => [user.tenantSlug, user.userName, user.active])).toEqual([
      ['acme', 'jane.doe@acme.test', true],
      ['globex', 'jane.roe@globex.test', true]
    ])
    expect(results.groups.map((group) => [group.tenantName, group.displayName])).toEqual([['Globex', 'Janitors']])

    const tenants = value(await handlers['search:everything']({ text: 'ACME' }))
    expect(tenants.tenants.map((tenant) => tenant.slug)).toEqual(['acme'])
    expect(tenants.users.map((user) => user.userName)).toEqual(['jane.doe@acme.test'])
    expect(value(await handlers['search:everything']({ text: '  ' }))).toEqual({ tenants: [], users: [], groups: [] })
    expect(value(await handlers['search:everything']({ text: '_' })).users).toEqual([])

    // Each word on its own, in any order: a person's name finds the email made of it.
    expect(value(await handlers['search:everything']({ text: 'jane  globex' })).users.map((user) => user.userName)).toEqual(['jane.roe@globex.test'])
    expect(value(await handlers['search:everything']({ text: 'roe jane' })).users.map((user) => user.userName)).toEqual(['jane.roe@globex.test'])
    expect(value(await handlers['search:everything']({ text: 'jane smith' })).users).toEqual([])
  })
})
