/**
 * A tenant's name (at most 100 characters) and a token's label (at most 80) are counted as a person counts them: in
 * characters as drawn, not in UTF-16 units, where most emoji take 2 and a family 👨‍👩‍👧‍👦 takes 11. Through the
 * handlers the UI calls (with their own bound on what reaches main) and the CLI, on a real SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Handlers } from '../../src/main/ipc/handlers'
import { cliOn } from '../support/cli'
import { handlersOn } from '../support/handler-deps'
import { value } from '../support/result'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const family = '👨‍👩‍👧‍👦'

describe('the console (the handlers the UI calls)', () => {
  let harness: ScimHarness
  let handlers: Handlers

  beforeEach(async () => {
    harness = await startScimHarness()
    harness.tenant('Acme Corp', 'acme')
    handlers = handlersOn(harness)
  })
  afterEach(() => harness.close())

  it('takes a tenant name of 60 emoji, or 100 letters with accents, and refuses a 101st character', async () => {
    expect(value(await handlers['tenants:create']({ name: '🚀'.repeat(60), slug: 'rockets' })).name).toBe('🚀'.repeat(60))
    // "é" as e and a combining accent: two units, one character.
    const accented = 'e\u0301'.repeat(100)
    expect(value(await handlers['tenants:update']({ tenant: 'acme', name: accented })).name).toBe(accented)
    expect(value(await handlers['tenants:update']({ tenant: 'acme', name: `Acme ${family.repeat(30)}` })).name).toBe(`Acme ${family.repeat(30)}`)
    // 1,100 units: more than the handlers once took for a name (500), and 100 characters.
    expect(value(await handlers['tenants:update']({ tenant: 'acme', name: family.repeat(100) })).name).toBe(family.repeat(100))
    expect(await handlers['tenants:update']({ tenant: 'acme', name: '🚀'.repeat(101) })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: 'The name is 101 characters long, more than the 100 allowed. Shorten it.', details: { field: 'name' } }
    })
  })

  it('takes a token label of 80 emoji and refuses an 81st', async () => {
    expect(value(await handlers['tokens:issue']({ tenant: 'acme', label: '🔑'.repeat(80) })).label).toBe('🔑'.repeat(80))
    expect(value(await handlers['tokens:issue']({ tenant: 'acme', label: family.repeat(80) })).label).toBe(family.repeat(80))
    expect(await handlers['tokens:issue']({ tenant: 'acme', label: '🔑'.repeat(81) })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: 'The label is 81 characters long, more than the 80 allowed. Shorten it.', details: { field: 'label' } }
    })
  })
})

describe('the CLI', () => {
  let dir: string
  let dbPath: string
  const cli = cliOn(() => dbPath)

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-console-name-length-'))
    dbPath = join(dir, 'console.db')
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('takes the same names, and bounds what a character may hold so that the stored name stays small', async () => {
    expect((await cli('tenant', 'create', '🚀'.repeat(60), '--slug', 'acme')).code).toBe(0)
    expect((await cli('token', 'issue', 'acme', '--label', '🔑'.repeat(80))).code).toBe(0)
    expect(await cli('tenant', 'update', 'acme', '--name', '🚀'.repeat(101))).toEqual({
      code: 2,
      out: [],
      err: ['scim-console: The name is 101 characters long, more than the 100 allowed. Shorten it (see scim-console --help)']
    })
    // One letter with 2,500 combining accents is one character as drawn, and 2,501 units to store.
    expect(await cli('tenant', 'update', 'acme', '--name', `a${'\u0301'.repeat(2500)}`)).toEqual({
      code: 2,
      out: [],
      err: ['scim-console: The name is too long to store: its emoji or accents take the room of more than 2,000 plain letters. Shorten it (see scim-console --help)']
    })
  })
})
