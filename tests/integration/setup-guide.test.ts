import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ServerStatus } from '../../src/shared/models'
import { createHandlers, type Handlers } from '../../src/main/ipc/handlers'
import type { FileFilter, NativeBridge } from '../../src/main/ipc/native'
import type { ServerController } from '../../src/main/scim/controller'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'
import { inertNative } from '../support/handler-deps'

describe('Okta setup guide', () => {
  let harness: ScimHarness
  let handlers: Handlers
  let running: boolean
  let acme: ReturnType<ScimHarness['tenant']>
  let saveAs: string | null
  const dialogs: { title: string; defaultName: string; filters: readonly FileFilter[] }[] = []
  const pdfInputs: string[] = []

  beforeEach(async () => {
    harness = await startScimHarness()
    acme = harness.tenant('Acme <Corp> & "Sons"', 'acme')
    running = true
    saveAs = null
    dialogs.length = 0
    pdfInputs.length = 0
    const server: ServerController = {
      start: async () => status(),
      stop: async () => status(),
      status,
      move: async () => ({ ok: true, status: status() })
    }
    function status(): ServerStatus {
      return {
        state: running ? 'running' : 'stopped',
        host: '127.0.0.1',
        port: Number(new URL(harness.origin).port),
        url: running ? harness.origin : null,
        publicUrl: running ? harness.origin : null,
        startedAt: null,
        lastError: null,
        suggestedPort: null,
        requestsPerSecond: 0,
        databaseFileRemoved: false
      }
    }
    const native: NativeBridge = {
      ...inertNative,
      chooseSavePath: async (options) => {
        dialogs.push(options)
        return saveAs
      },
      renderPdf: async (html) => {
        pdfInputs.push(html)
        return new TextEncoder().encode('%PDF-1.7 stub')
      }
    }
    handlers = createHandlers({ services: harness.services, server, native, appInfo: () => ({ version: '0', databasePath: '', versions: {} }) })
  })
  afterEach(async () => {
    await harness.close()
  })

  async function guide() {
    const result = await handlers['setup:guide']({ tenant: 'acme' })
    if (!result.ok) throw new Error(result.error.message)
    return result.value
  }

  it("gives the values Okta's admin pastes, from the running server's address", async () => {
    const revoked = harness.services.tokens.issue({ tenant: 'acme', label: 'Old' })
    if (revoked.ok) harness.services.tokens.revoke(revoked.value.id)
    const values = await guide()
    expect(values).toMatchObject({
      baseUrl: `${harness.origin}/scim/v2/acme`,
      entraTenantUrl: `${harness.origin}/scim/v2/acme?aadOptscim062020`,
      baseUrlIsLocal: true,
      cleartextWarning: null,
      uniqueIdentifierField: 'userName',
      provisioningActions: ['Import New Users and Profile Updates', 'Push New Users', 'Push Profile Updates', 'Push Groups'],
      authenticationMode: 'HTTP Header',
      serverRunning: true
    })
    expect(values.tenant.slug).toBe('acme')
    expect(values.activeTokens.map((token) => token.label)).toEqual(['Okta'])
    expect(JSON.stringify(values)).not.toContain(acme.token)
  })

  it('builds the base URL from the public URL (a tunnel) when one is set, which Okta can reach', async () => {
    const updated = harness.services.settings.update({ server: { publicUrl: 'https://acme-demo.example-tunnel.com/' } })
    expect(updated.ok).toBe(true)
    expect(await guide()).toMatchObject({ baseUrl: 'https://acme-demo.example-tunnel.com/scim/v2/acme', baseUrlIsLocal: false, cleartextWarning: null })
  })

  it('warns when the public URL is http://, which would send the API token unencrypted', async () => {
    expect(harness.services.settings.update({ server: { publicUrl: 'http://acme-demo.example-tunnel.com' } }).ok).toBe(true)
    expect(await guide()).toMatchObject({
      baseUrl: 'http://acme-demo.example-tunnel.com/scim/v2/acme',
      baseUrlIsLocal: false,
      cleartextWarning: expect.stringContaining('send the API token unencrypted')
    })
  })

  it('still gives the base URL, from the settings, while the server is stopped', async () => {
    running = false
    expect(await guide()).toMatchObject({ baseUrl: 'http://127.0.0.1:8787/scim/v2/acme', serverRunning: false, baseUrlIsLocal: true })
  })

  it('exports a one-page HTML guide for the customer, with every value escaped and no token secret', async () => {
    saveAs = join(harness.dataDir, 'guide.html')
    const exported = await handlers['setup:export']({ tenant: 'acme', format: 'html' })
    expect(exported).toEqual({ ok: true, value: { path: saveAs, count: 1 } })
    expect(dialogs[0]).toMatchObject({ defaultName: 'okta-scim-setup-acme.html', filters: [{ name: 'Web page', extensions: ['html'] }] })
    const html = readFileSync(saveAs, 'utf8')
    expect(html).not.toContain(acme.token)
    expect(html).not.toContain('<Corp>')
    expect(html).toContain('Acme &#60;Corp&#62; &#38; &#34;Sons&#34;')
    expect(html).toContain(`${harness.origin}/scim/v2/acme`)
    for (const label of ['Configure API Integration', 'Enable API integration', 'Test API Credentials', 'Create Users', 'Update User Attributes', 'Deactivate Users', 'Application username format', 'HTTP Header', 'Retry-After']) {
      expect(html).toContain(label)
    }
    // The base URL is on this machine, so the guide warns that Okta's cloud needs a tunnel.
    expect(html).toMatch(/Okta's cloud cannot reach/)
  })

  it("exports the Entra admin's page when asked for Entra, under a name that says so", async () => {
    saveAs = join(harness.dataDir, 'entra.html')
    const exported = await handlers['setup:export']({ tenant: 'acme', format: 'html', provider: 'entra' })
    expect(exported).toEqual({ ok: true, value: { path: saveAs, count: 1 } })
    expect(dialogs[0]).toMatchObject({ title: 'Export the Microsoft Entra ID setup guide', defaultName: 'entra-scim-setup-acme.html' })
    const html = readFileSync(saveAs, 'utf8')
    expect(html).toContain(`${harness.origin}/scim/v2/acme?aadOptscim062020`)
    expect(html).toContain('Test Connection')
    expect(html).not.toContain(acme.token)
    // An unknown provider is a usage error, not Okta's page by default.
    const refused = await handlers['setup:export']({ tenant: 'acme', format: 'html', provider: 'onelogin' as 'okta' })
    expect(refused.ok ? null : refused.error.code).toBe('invalid_argument')
  })

  it('exports the guide as a PDF rendered from the same HTML, and writes nothing when the dialog is cancelled', async () => {
    const cancelled = await handlers['setup:export']({ tenant: 'acme', format: 'pdf' })
    expect(cancelled).toEqual({ ok: true, value: null })
    saveAs = join(harness.dataDir, 'guide.pdf')
    const exported = await handlers['setup:export']({ tenant: 'acme', format: 'pdf' })
    expect(exported).toEqual({ ok: true, value: { path: saveAs, count: 1 } })
    expect(readFileSync(saveAs, 'utf8')).toBe('%PDF-1.7 stub')
    expect(pdfInputs).toHaveLength(1)
    expect(pdfInputs[0]).not.toContain(acme.token)
    expect(existsSync(join(harness.dataDir, 'guide.html'))).toBe(false)
  })

  it('answers not_found for an unknown tenant', async () => {
    const result = await handlers['setup:guide']({ tenant: 'nope' })
    expect(result.ok ? null : result.error.code).toBe('not_found')
  })
})
