/**
 * Migration 8: a database written when the console kept a salted SHA-256 of each password Okta or Entra sent keeps
 * none once opened; its rows only say that a password was sent, and everything else is as it was.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createServices } from '../../src/main/core/services'
import { migrate, migrations } from '../../src/main/db/migrations'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scim-console-passwords-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

it('replaces every kept password hash with the note that one was sent, and leaves the rest of each user as it was', () => {
  const path = join(dir, 'before-8.db')
  const old = new Database(path)
  migrate(old, migrations.slice(0, 7))
  old.prepare("INSERT INTO tenants (id, name, slug, created_at) VALUES ('t1', 'Acme', 'acme', 1)").run()
  const user = old.prepare(`INSERT INTO users (id, tenant_id, user_name, user_name_key, active, resource, password_hash, version, created_at, updated_at)
    VALUES (?, 't1', ?, ?, 1, ?, ?, 1, 1, 1)`)
  user.run('u1', 'ann@acme.test', 'ann@acme.test', '{"userName":"ann@acme.test"}', 'sha256$c2FsdHNhbHRzYWx0c2FsdA$ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0')
  user.run('u2', 'bob@acme.test', 'bob@acme.test', '{"userName":"bob@acme.test"}', null)
  const others = (db: Database.Database) => db.prepare('SELECT id, user_name, resource, version, updated_at FROM users ORDER BY id').all()
  const before = others(old)
  old.close()

  const upgraded = createServices({ dbPath: path })
  try {
    expect(upgraded.db.prepare('SELECT id, password_hash FROM users ORDER BY id').all()).toEqual([
      { id: 'u1', password_hash: 'sent, not kept' },
      { id: 'u2', password_hash: null }
    ])
    expect(others(upgraded.db)).toEqual(before)
    expect(upgraded.directory.getUser('t1', 'u1')?.hasPassword).toBe(true)
  } finally {
    upgraded.close()
  }
})
