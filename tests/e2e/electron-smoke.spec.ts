import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import type { AppInfo, ServerStatus } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import { createServices } from '../../src/main/core/services'
import { contentSecurityPolicy, cspWeaknesses, isCspAtLeastAsStrict } from '../../src/main/security/policy'
import { findFreePort } from '../../src/main/scim/controller'

// Electron 42+ downloads its binary on the first require('electron'), and throws when it cannot. Find the binary
// without that side effect, so this file loads everywhere and runs wherever the binary exists.
function electronBinary(): string | null {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  const pathFile = join(packageDir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist')
  const binary = relative ? join(distDir, relative) : null
  return binary && existsSync(binary) ? binary : null
}

const binary = electronBinary()

test.describe('the real Electron app', () => {
  test.skip(
    binary === null,
    'The Electron binary is not installed: this environment cannot download it (no network beyond the npm registry). ' +
      'The test runs wherever `node node_modules/electron/install.js` has fetched it.'
  )

  test('launches with a hardened window, loads better-sqlite3, serves SCIM and creates a tenant', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'scim-console-electron-'))
    const dbPath = join(dataDir, 'console.db')
    // A free port in the app's own settings, so a developer's running SCIM Console on 8787 does not get in the way.
    const port = await findFreePort('127.0.0.1', 20000 + Math.floor(Math.random() * 40000))
    if (port === null) throw new Error('no free port for the SCIM server')
    const seed = createServices({ dbPath })
    seed.settings.update({ server: { port } })
    seed.close()

    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: [resolve('out/main/index.js')],
      env: { ...process.env, SCIM_CONSOLE_DB: dbPath }
    })
    try {
      const window = await app.firstWindow()
      await expect(window).toHaveTitle('SCIM Console')

      // No Node in the page (nodeIntegration off, sandbox on), and only the typed client crossed the bridge.
      const exposed = await window.evaluate(() => ({
        require: typeof (globalThis as Record<string, unknown>).require,
        process: typeof (globalThis as Record<string, unknown>).process,
        ipcRenderer: typeof (globalThis as Record<string, unknown>).ipcRenderer,
        api: Object.keys((globalThis as unknown as Record<string, Record<string, unknown>>).api ?? {}).sort()
      }))
      expect(exposed).toEqual({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined', api: ['invoke', 'on'] })

      // The CSP in force is at least as strict as the production policy, and eval is refused.
      const csp = (await window.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? ''
      expect(cspWeaknesses(csp)).toEqual([])
      expect(isCspAtLeastAsStrict(csp, contentSecurityPolicy)).toBe(true)
      const evalBlocked = await window.evaluate(() => {
        try {
          return new Function('return 1')() !== 1
        } catch {
          return true
        }
      })
      expect(evalBlocked).toBe(true)

      // better-sqlite3 (a Node-API addon) loaded under Electron: the app read its settings and reports SQLite's version.
      const info = (await window.evaluate(() =>
        (globalThis as unknown as { api: { invoke: (c: string, i: unknown) => Promise<unknown> } }).api.invoke('app:info', {})
      )) as Result<AppInfo>
      expect(info.ok).toBe(true)
      if (info.ok) {
        expect(info.value.versions['sqlite']).toMatch(/^3\.\d+/)
        expect(info.value.versions['electron']).toMatch(/^\d+\./)
        expect(info.value.databasePath).toBe(dbPath)
      }

      // The SCIM server auto-started from the settings and answers.
      const status = (await window.evaluate(() =>
        (globalThis as unknown as { api: { invoke: (c: string, i: unknown) => Promise<unknown> } }).api.invoke('server:status', {})
      )) as Result<ServerStatus>
      expect(status.ok && status.value.state).toBe('running')
      const origin = status.ok ? status.value.url : null
      expect(origin).toBe(`http://127.0.0.1:${port}`)

      // A tenant created through the UI, then addressed over SCIM.
      await window.getByRole('button', { name: /new tenant/i }).first().click()
      await window.getByLabel(/name/i).first().fill('Electron Smoke')
      await window.getByRole('button', { name: /create tenant/i }).click()
      await expect(window.getByText('Electron Smoke').first()).toBeVisible()
      const response = await fetch(`${origin}/scim/v2/electron-smoke/Users`)
      expect(response.status).toBe(401)
    } finally {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
