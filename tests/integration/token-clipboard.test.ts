/**
 * A new API token copied from the issue dialog does not stay on the system clipboard: main clears it five minutes after
 * the last token it issued through the Tokens screen (or after the dialog's copy of it, if later), and when the app quits, but only while the clipboard still holds
 * one of the console's tokens (compared by hash with the real SQLite file). The clipboard is a string in memory; the
 * deadline runs on Vitest's fake timers, so nothing waits five minutes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { createServices, type Services } from '../../src/main/core/services'
import { createHandlers, type Handlers } from '../../src/main/ipc/handlers'
import type { IssuedToken } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import { nativeWithClipboard, serverAt, type MemoryClipboard } from '../support/handler-deps'

const minute = 60_000

let dir: string
let services: Services
let handlers: Handlers
let clipboard: MemoryClipboard
let quitTasks: (() => Promise<void>)[]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scim-console-token-clipboard-'))
  services = createServices({ dbPath: join(dir, 'console.db') })
  expect(services.tenants.create({ name: 'Acme Corp', slug: 'acme' }).ok).toBe(true)
  const os = nativeWithClipboard()
  clipboard = os.clipboard
  quitTasks = []
  handlers = createHandlers({
    services,
    server: serverAt('http://127.0.0.1:8787'),
    native: os.native,
    appInfo: () => ({ version: '0', databasePath: services.dbPath, versions: {} }),
    atQuit: (task) => void quitTasks.push(task)
  })
  // Only the timers: the database, the hashing and the clipboard's promises run for real.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
})

afterEach(() => {
  vi.useRealTimers()
  services.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Issues a token as the Tokens screen does, and returns its secret. */
async function issue(label: string): Promise<string> {
  const result = (await handlers['tokens:issue']({ tenant: 'acme', label })) as Result<IssuedToken>
  if (!result.ok) throw new Error(result.error.message)
  return result.value.token
}

async function quit(): Promise<void> {
  await Promise.all(quitTasks.map((task) => task()))
}

it('clears a copied token from the clipboard five minutes after it was issued, and not before', async () => {
  clipboard.text = await issue('Okta production')

  await vi.advanceTimersByTimeAsync(5 * minute - 1)
  expect(clipboard.clears).toBe(0)
  await vi.advanceTimersByTimeAsync(1)
  expect(clipboard).toEqual({ text: '', clears: 1 })
})

it('clears a token still on the clipboard when the app quits, and waits for no deadline after', async () => {
  const secret = await issue('Okta production')
  clipboard.text = secret

  await quit()
  expect(clipboard).toEqual({ text: '', clears: 1 })

  // The deadline was dropped at quit: a token put back afterwards is not the quitting app's to clear.
  clipboard.text = secret
  await vi.advanceTimersByTimeAsync(10 * minute)
  expect(clipboard).toEqual({ text: secret, clears: 1 })
})

it('leaves alone whatever the CSM copied after the token, at the deadline and at quit', async () => {
  await issue('Okta production')
  clipboard.text = 'https://acme.okta.com/admin/app/scim/instance'

  await vi.advanceTimersByTimeAsync(5 * minute)
  await quit()
  expect(clipboard).toEqual({ text: 'https://acme.okta.com/admin/app/scim/instance', clears: 0 })
})

it('leaves alone text that only looks like a token: a secret this console never issued', async () => {
  const secret = await issue('Okta production')
  // Same prefix and length, one character changed: its hash matches no stored token.
  clipboard.text = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A')

  await vi.advanceTimersByTimeAsync(5 * minute)
  await quit()
  expect(clipboard.clears).toBe(0)
})

it('counts a token copied by hand with spaces around it, and one revoked since, as a token', async () => {
  const secret = await issue('Okta production')
  clipboard.text = `  ${secret}\n`
  await vi.advanceTimersByTimeAsync(5 * minute)
  expect(clipboard).toEqual({ text: '', clears: 1 })

  const second = await issue('Okta sandbox')
  const listed = services.tokens.list('acme')
  if (!listed.ok) throw new Error(listed.error.message)
  // Newest first: the token just issued.
  expect(services.tokens.revoke(listed.value[0]?.id ?? '').ok).toBe(true)
  clipboard.text = second
  await vi.advanceTimersByTimeAsync(5 * minute)
  expect(clipboard).toEqual({ text: '', clears: 2 })
})

it('gives a second token its own five minutes: the deadline moves to the last one issued', async () => {
  await issue('Okta production')
  await vi.advanceTimersByTimeAsync(4 * minute)
  clipboard.text = await issue('Okta sandbox')

  // Five minutes after the first token, the second has been on the clipboard for one: it stays.
  await vi.advanceTimersByTimeAsync(1 * minute)
  expect(clipboard.clears).toBe(0)
  await vi.advanceTimersByTimeAsync(4 * minute)
  expect(clipboard).toEqual({ text: '', clears: 1 })
})

it('gives a token copied minutes after it was issued its whole five minutes from the copy', async () => {
  const secret = await issue('Okta production')
  // The CSM was on a call; the deadline passes with nothing on the clipboard yet.
  await vi.advanceTimersByTimeAsync(6 * minute)
  clipboard.text = secret
  expect(await handlers['tokens:copied']({})).toEqual({ ok: true, value: null })

  await vi.advanceTimersByTimeAsync(5 * minute - 1)
  expect(clipboard.clears).toBe(0)
  await vi.advanceTimersByTimeAsync(1)
  expect(clipboard).toEqual({ text: '', clears: 1 })
})

it('starts no deadline for a copy when no token was issued in this run', async () => {
  const fromCli = services.tokens.issue({ tenant: 'acme', label: 'From a script' })
  if (!fromCli.ok) throw new Error(fromCli.error.message)
  clipboard.text = fromCli.value.token
  expect((await handlers['tokens:copied']({})).ok).toBe(true)

  await vi.advanceTimersByTimeAsync(10 * minute)
  expect(clipboard).toEqual({ text: fromCli.value.token, clears: 0 })
})

it('touches nothing at quit when no token was issued in this run, even one of ours from the CLI', async () => {
  const fromCli = services.tokens.issue({ tenant: 'acme', label: 'From a script' })
  if (!fromCli.ok) throw new Error(fromCli.error.message)
  clipboard.text = fromCli.value.token

  await quit()
  expect(clipboard).toEqual({ text: fromCli.value.token, clears: 0 })
})
