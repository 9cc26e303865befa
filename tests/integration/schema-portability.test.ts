/**
 * Support opens the console's database with the tools at hand: the sqlite3 shell, a database browser. SQLite before
 * 3.46 (Debian 12, Ubuntu 24.04) refuses a whole file as "malformed" when one trigger nests too deeply for its parser,
 * which migration 6 mended; these tests keep every step's schema within its reach.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createServices, type Services } from '../../src/main/core/services'

let dir: string
let path: string
let services: Services

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scim-console-schema-'))
  path = join(dir, 'console.db')
  services = createServices({ dbPath: path })
})
afterEach(() => {
  services.close()
  rmSync(dir, { recursive: true, force: true })
})

/** How deeply an SQL text nests parentheses, outside its string literals. */
function nesting(sql: string): number {
  let depth = 0
  let deepest = 0
  let quoted = false
  for (const character of sql) {
    if (character === "'") quoted = !quoted
    else if (!quoted && character === '(') deepest = Math.max(deepest, ++depth)
    else if (!quoted && character === ')') depth--
  }
  return deepest
}

it('nests no trigger, view or index deeper than SQLite 3.40 can parse', () => {
  const schema = services.db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('trigger', 'view', 'index')").all() as {
    type: string
    name: string
    sql: string
  }[]
  expect(schema.map((item) => item.name)).toContain('request_log_fts_update')
  // 3.40's shell parsed 20 nested replace() calls under the trigger's CASE, and not 21 (tried by hand).
  for (const item of schema) expect(nesting(item.sql), `${item.type} ${item.name}`).toBeLessThanOrEqual(16)
})

const shell = spawnSync('sqlite3', ['--version'], { encoding: 'utf8' })

it.skipIf(shell.status !== 0)('is read by the sqlite3 shell installed here (skipped when there is none)', () => {
  const tenant = services.tenants.create({ name: 'Acme Corp' })
  expect(tenant.ok).toBe(true)
  services.close()
  const read = spawnSync('sqlite3', [path, 'SELECT count(*) FROM tenants; SELECT count(*) FROM request_log; SELECT count(*) FROM users;'], { encoding: 'utf8' })
  expect(read.stderr).toBe('')
  expect(read.stdout.split('\n').filter(Boolean)).toEqual(['1', '0', '0'])
  services = createServices({ dbPath: path })
})
