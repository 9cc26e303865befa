// The console's own edits while its database file is deleted or moved. A file unlinked or renamed while open lives on
// for the connections that hold it, and SQLite goes on writing it in WAL mode: an edit acknowledged then is lost at the
// next start. So the IPC handlers refuse every change, with the sentence the SCIM server gives its 503, until the file
// is back (src/main/ipc/changes.ts).
import { renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServices } from '../../src/main/core/services'
import { changeChannels } from '../../src/main/ipc/changes'
import { createHandlers, type Handlers } from '../../src/main/ipc/handlers'
import { createServerController } from '../../src/main/scim/controller'
import type { Channel } from '../../src/shared/ipc'
import type { DirectoryGroup, DirectoryUser, IssuedToken, ServerStatus } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import { inertNative, serverAt } from '../support/handler-deps'
import { value } from '../support/result'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const refusal = {
  ok: false,
  error: {
    code: 'unavailable',
    message:
      "SCIM Console's database file was deleted or moved while SCIM Console was running, so the change was not saved: it would have been lost when SCIM Console stops. Put the file back, or restart SCIM Console and restore a backup, then try again.",
    details: { storage: 'removed' }
  }
}

describe('the console while its database file is deleted or moved', () => {
  let harness: ScimHarness
  let handlers: Handlers
  let backupPath: string
  let jane: DirectoryUser
  let admins: DirectoryGroup
  let token: IssuedToken
  const call = async <T>(channel: Channel, input: unknown) => (await handlers[channel](input)) as Result<T>

  beforeEach(async () => {
    harness = await startScimHarness()
    backupPath = join(harness.dataDir, 'rescue.db')
    handlers = createHandlers({
      services: harness.services,
      server: serverAt(harness.origin),
      // The save dialog of a backup answers a file beside the database.
      native: { ...inertNative, chooseSavePath: async () => backupPath },
      appInfo: () => ({ version: '0', databasePath: harness.services.dbPath, versions: {} })
    })
    value(await call('tenants:create', { name: 'Acme Corp', slug: 'acme' }))
    token = value(await call<IssuedToken>('tokens:issue', { tenant: 'acme', label: 'Okta' }))
    jane = value(await call<DirectoryUser>('directory:create-user', { tenant: 'acme', user: { userName: 'jane@acme.test' } }))
    admins = value(await call<DirectoryGroup>('directory:create-group', { tenant: 'acme', group: { displayName: 'Admins', memberIds: [jane.id] } }))
    // Once the log writer thread has written these edits' entries, it holds the file: a thread still starting when the
    // file went would make a new one at the path.
    await harness.services.log.whenWritten()
  })
  afterEach(async () => {
    await harness.close()
  })

  /** Every edit a CSM can make on the console's screens, with input that would succeed. */
  function edits(): readonly (readonly [Channel, unknown])[] {
    return [
      ['tenants:create', { name: 'Globex' }],
      ['tenants:update', { tenant: 'acme', name: 'Acme Inc', rateLimitPerMinute: 60 }],
      ['tenants:delete', { tenant: 'acme', force: true }],
      ['tokens:issue', { tenant: 'acme', label: 'Entra' }],
      ['tokens:revoke', { tenant: 'acme', tokenId: token.id }],
      ['directory:create-user', { tenant: 'acme', user: { userName: 'bob@acme.test' } }],
      ['directory:update-user', { tenant: 'acme', id: jane.id, user: { userName: 'jane@acme.test', givenName: 'Jane' } }],
      ['directory:set-user-active', { tenant: 'acme', id: jane.id, active: false }],
      ['directory:delete-user', { tenant: 'acme', id: jane.id }],
      ['directory:create-group', { tenant: 'acme', group: { displayName: 'Sales' } }],
      ['directory:update-group', { tenant: 'acme', id: admins.id, group: { displayName: 'Admins', memberIds: [] } }],
      ['directory:delete-group', { tenant: 'acme', id: admins.id }],
      ['faults:set', { tenant: 'acme', faults: { throttlePerMinute: 10, latencyMs: 0, failNextAuth: false, rules: [] } }],
      ['settings:update', { patch: { retention: { days: 7 } } }],
      ['demo:start', { tenant: 'acme', mode: 'catalog', users: 2 }],
      ['demo:conformance', { tenant: 'acme' }]
    ]
  }

  /** What the screens show of the data, through the same handlers. */
  async function whatTheScreensShow() {
    return {
      tenants: value(await call<{ items: readonly { name: string; rateLimitPerMinute: number }[] }>('tenants:list', {})).items.map((tenant) => [
        tenant.name,
        tenant.rateLimitPerMinute
      ]),
      tokens: value(await call<readonly { label: string; revokedAt: string | null }[]>('tokens:list', { tenant: 'acme' })).map((listed) => [
        listed.label,
        listed.revokedAt
      ]),
      users: value(await call<{ items: readonly DirectoryUser[] }>('directory:users', { tenant: 'acme' })).items.map((user) => [user.userName, user.givenName, user.active]),
      groups: value(await call<{ items: readonly DirectoryGroup[] }>('directory:groups', { tenant: 'acme' })).items.map((group) => [group.displayName, group.memberCount]),
      faults: value(await call<{ throttlePerMinute: number }>('faults:get', { tenant: 'acme' })).throttlePerMinute,
      retentionDays: value(await call<{ settings: { retention: { days: number } } }>('settings:get', {})).settings.retention.days
    }
  }

  it('refuses every edit with what happened and what to do, saves none of them, and still shows the data', async () => {
    const before = await whatTheScreensShow()
    // As `rm console.db*` would; the edits come at once, before the watch's next look at the path.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${harness.services.dbPath}${suffix}`)

    for (const [channel, input] of edits()) expect([channel, await call(channel, input)]).toEqual([channel, refusal])
    // No token was made, so none was shown that Okta would be given and the next start would not know.
    expect(harness.services.tokens.list('acme')).toMatchObject({ ok: true, value: [{ label: 'Okta' }] })
    expect(await whatTheScreensShow()).toEqual(before)
    expect(await call('search:everything', { text: 'jane' })).toMatchObject({ ok: true, value: { users: [{ userName: 'jane@acme.test' }] } })
    expect(await call('logs:list', { tenantId: 'acme' })).toMatchObject({ ok: true })
  })

  it('refuses each channel that changes the database before it reads its input, whatever it is sent', async () => {
    rmSync(harness.services.dbPath)
    for (const channel of changeChannels) expect([channel, await call(channel, {})]).toEqual([channel, refusal])
    expect(changeChannels).toEqual(expect.arrayContaining(edits().map(([channel]) => channel)))
  })

  it('takes edits again once the moved file is put back, and saves them in it', async () => {
    const { dbPath } = harness.services
    renameSync(dbPath, `${dbPath}.moved`)
    expect(await call('tenants:create', { name: 'Globex' })).toEqual(refusal)
    renameSync(`${dbPath}.moved`, dbPath)

    expect(await call('tenants:create', { name: 'Globex' })).toMatchObject({ ok: true, value: { slug: 'globex' } })
    const issued = value(await call<IssuedToken>('tokens:issue', { tenant: 'globex', label: 'Okta' }))
    // Another process that opens the path, as the next start will, finds both.
    const next = createServices({ dbPath })
    try {
      expect(next.tenants.find('globex')?.name).toBe('Globex')
      expect(next.tokens.isIssued(issued.token)).toBe(true)
    } finally {
      next.close()
    }
  })

  it('says so in the server status, pushed when the file goes and when it comes back', async () => {
    const { services } = harness
    const server = createServerController(services, { host: '127.0.0.1', port: 0 })
    const pushed: boolean[] = []
    services.events.on('server:status', (status: ServerStatus) => pushed.push(status.databaseFileRemoved))
    expect(server.status().databaseFileRemoved).toBe(false)

    renameSync(services.dbPath, `${services.dbPath}.moved`)
    // The watch looks by itself every second; the test waits for what it finds, not for a time.
    await expect.poll(() => pushed, { timeout: 10_000 }).toEqual([true])
    expect(server.status().databaseFileRemoved).toBe(true)
    renameSync(`${services.dbPath}.moved`, services.dbPath)
    await expect.poll(() => pushed, { timeout: 10_000 }).toEqual([true, false])
    expect(server.status().databaseFileRemoved).toBe(false)
  })

  it('backs up what the app still holds of a deleted file, so that restoring the backup loses nothing', async () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${harness.services.dbPath}${suffix}`)
    expect(await call('app:backup', {})).toEqual({ ok: true, value: { path: backupPath, count: 1 } })
    const restored = createServices({ dbPath: backupPath })
    try {
      expect(restored.tenants.find('acme')?.name).toBe('Acme Corp')
      expect(restored.tokens.isIssued(token.token)).toBe(true)
      expect(restored.directory.findUserByName(restored.tenants.find('acme')?.id ?? '', 'jane@acme.test')).toBeDefined()
    } finally {
      restored.close()
    }
  })
})
