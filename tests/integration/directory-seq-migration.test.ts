import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServices } from '../../src/main/core/services'
import { migrate, migrations } from '../../src/main/db/migrations'

const t0 = Date.parse('2026-03-02T09:00:00.000Z')

/** Everything of the directory that the upgrade must keep, as plain rows. */
function directoryOf(db: Database.Database) {
  return {
    users: db.prepare('SELECT * FROM users ORDER BY seq').all(),
    groups: db.prepare('SELECT * FROM groups ORDER BY seq').all(),
    members: db.prepare('SELECT * FROM group_members ORDER BY group_id, user_id').all(),
    indexes: db.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('users', 'groups', 'group_members') ORDER BY name").all()
  }
}

describe('migration 5: users and groups never reuse a seq', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-seq-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps every user, group, membership and seq of a database written before it, and gives new rows fresh seqs', () => {
    const path = join(dir, 'before-5.db')
    const old = new Database(path)
    migrate(old, migrations.slice(0, 4))
    old.prepare("INSERT INTO tenants (id, name, slug, created_at) VALUES ('t1', 'Acme', 'acme', ?)").run(t0)
    const user = old.prepare(`INSERT INTO users (id, tenant_id, user_name, user_name_key, external_id, active, primary_email, display_name, resource,
      password_hash, version, created_at, updated_at) VALUES (?, 't1', ?, ?, ?, ?, ?, NULL, ?, NULL, 2, ?, ?)`)
    for (let n = 1; n <= 5; n += 1) {
      const name = `User${n}@acme.test`
      user.run(`u${n}`, name, name.toLowerCase(), `ext-${n}`, n % 2, name, JSON.stringify({ userName: name, active: n % 2 === 1 }), t0 + n, t0 + 10 + n)
    }
    // A gap in the middle, as deletes leave.
    old.prepare("DELETE FROM users WHERE id = 'u2'").run()
    const group = old.prepare(`INSERT INTO groups (id, tenant_id, display_name, display_name_key, external_id, resource, version, created_at, updated_at)
      VALUES (?, 't1', ?, ?, NULL, ?, 1, ?, ?)`)
    for (const [n, name] of [[1, 'Engineering'], [2, 'Sales']] as const) group.run(`g${n}`, name, name.toLowerCase(), JSON.stringify({ displayName: name }), t0 + n, t0 + n)
    const member = old.prepare('INSERT INTO group_members (group_id, user_id, added_at) VALUES (?, ?, ?)')
    for (const [groupId, userId, at] of [['g1', 'u1', 1], ['g1', 'u5', 2], ['g2', 'u3', 3], ['g2', 'u5', 4]] as const) member.run(groupId, userId, t0 + at)
    const before = directoryOf(old)
    old.close()

    const upgraded = createServices({ dbPath: path, now: () => t0 + 1000 })
    try {
      const db = upgraded.db
      expect(directoryOf(db)).toEqual(before)
      expect(db.pragma('foreign_key_check')).toEqual([])
      expect(upgraded.directory.getUser('t1', 'u5')?.groups.map((ref) => ref.value).sort()).toEqual(['g1', 'g2'])
      expect(upgraded.directory.getGroup('t1', 'g2')?.members?.map((ref) => ref.value)).toEqual(['u3', 'u5'])
      // The unique userName still holds.
      expect(upgraded.directory.createUser('t1', { userName: 'USER1@acme.test' }).ok).toBe(false)

      // The newest user and group go; the next ones get seqs after theirs, not theirs again.
      const seqOf = (table: 'users' | 'groups', id: string) => db.prepare(`SELECT seq FROM ${table} WHERE id = ?`).pluck().get(id) as number
      const newestUser = seqOf('users', 'u5')
      expect(upgraded.directory.deleteUser('t1', 'u5').ok).toBe(true)
      const created = upgraded.directory.createUser('t1', { userName: 'late@acme.test' })
      if (!created.ok) throw new Error(created.error.message)
      expect(seqOf('users', created.value.id)).toBeGreaterThan(newestUser)
      const newestGroup = seqOf('groups', 'g2')
      expect(upgraded.directory.deleteGroup('t1', 'g2').ok).toBe(true)
      const made = upgraded.directory.createGroup('t1', { displayName: 'Late' }, [])
      if (!made.ok) throw new Error(made.error.message)
      expect(seqOf('groups', made.value.id)).toBeGreaterThan(newestGroup)
    } finally {
      upgraded.close()
    }
  })
})

describe('migration 12: the Greek final sigma is folded as sigma in name keys', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-sigma-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('makes the keys again, so that a name written with σ for ς is the same user and the same group', () => {
    const path = join(dir, 'before-12.db')
    const old = new Database(path)
    // scim_fold as it was before: composed and lower-cased only.
    old.function('scim_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.normalize('NFC').toLowerCase() : text))
    migrate(old, migrations.slice(0, 11))
    old.prepare("INSERT INTO tenants (id, name, slug, created_at) VALUES ('t1', 'Acme', 'acme', ?)").run(t0)
    old.prepare(`INSERT INTO users (id, tenant_id, user_name, user_name_key, external_id, active, primary_email, display_name, resource,
      password_hash, version, created_at, updated_at) VALUES ('u1', 't1', 'Νίκος', 'νίκος', NULL, 1, NULL, NULL, ?, NULL, 1, ?, ?)`).run(JSON.stringify({ userName: 'Νίκος', active: true }), t0, t0)
    old.prepare(`INSERT INTO groups (id, tenant_id, display_name, display_name_key, external_id, resource, version, created_at, updated_at)
      VALUES ('g1', 't1', 'Πωλήσεις', 'πωλήσεις', NULL, ?, 1, ?, ?)`).run(JSON.stringify({ displayName: 'Πωλήσεις' }), t0, t0)
    old.close()

    const upgraded = createServices({ dbPath: path, now: () => t0 + 1000 })
    try {
      expect(upgraded.db.prepare("SELECT user_name_key FROM users WHERE id = 'u1'").pluck().get()).toBe('νίκοσ')
      expect(upgraded.db.prepare("SELECT display_name_key FROM groups WHERE id = 'g1'").pluck().get()).toBe('πωλήσεισ')
      expect(upgraded.directory.createUser('t1', { userName: 'νίκοσ' }).ok).toBe(false)
      expect(upgraded.directory.createGroup('t1', { displayName: 'ΠΩΛΉΣΕΙΣ' }, []).ok).toBe(false)
    } finally {
      upgraded.close()
    }
  })
})
