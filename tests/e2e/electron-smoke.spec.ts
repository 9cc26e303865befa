import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

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

  test('launches with a hardened window, loads better-sqlite3 and serves SCIM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'scim-console-electron-'))
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: [resolve('out/main/index.js')],
      env: { ...process.env, SCIM_CONSOLE_DB: join(dataDir, 'console.db') }
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
      const csp = await window.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
      expect(csp).toContain("script-src 'self'")
      // better-sqlite3 (a Node-API addon) loaded under Electron if the tenants page renders from the database.
      await window.getByRole('button', { name: /new tenant/i }).first().click()
      await window.getByLabel(/name/i).first().fill('Electron Smoke')
      await window.getByRole('button', { name: /create tenant/i }).click()
      await expect(window.getByText('Electron Smoke').first()).toBeVisible()
      const response = await fetch('http://127.0.0.1:8787/scim/v2/electron-smoke/Users')
      expect(response.status).toBe(401)
    } finally {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
