import { describe, expect, it } from 'vitest'
import type { Tenant, Token } from '../../shared/models'
import { buildSetupGuide, escapeHtml, renderSetupGuideHtml } from './setup-guide'

const tenant: Tenant = {
  id: 't1',
  name: 'Acme Corp',
  slug: 'acme',
  scimPath: '/scim/v2/acme',
  rateLimitPerMinute: 600,
  createdAt: '2026-01-01T00:00:00.000Z',
  setupProvider: null
}

function token(status: Token['status'], label = 'Okta'): Token {
  return { id: label, tenantId: 't1', label, prefix: 'scim_ab12', createdAt: '', expiresAt: null, revokedAt: null, lastUsedAt: null, status }
}

describe('buildSetupGuide', () => {
  const input = { tenant, publicUrl: null, serverUrl: 'http://127.0.0.1:8787', configuredOrigin: 'http://127.0.0.1:8787', tokens: [token('active'), token('revoked', 'Old')], serverRunning: true }

  it('prefers the public URL, then the running server, then the configured address', () => {
    expect(buildSetupGuide({ ...input, publicUrl: 'https://scim.acme.example/' }).baseUrl).toBe('https://scim.acme.example/scim/v2/acme')
    expect(buildSetupGuide(input).baseUrl).toBe('http://127.0.0.1:8787/scim/v2/acme')
    expect(buildSetupGuide({ ...input, serverUrl: null, configuredOrigin: 'http://[::1]:9000' }).baseUrl).toBe('http://[::1]:9000/scim/v2/acme')
  })

  it('lists only active tokens and the fixed Okta values', () => {
    const guide = buildSetupGuide(input)
    expect(guide.activeTokens.map((item) => item.label)).toEqual(['Okta'])
    expect([guide.uniqueIdentifierField, guide.authenticationMode, guide.baseUrlIsLocal]).toEqual(['userName', 'HTTP Header', true])
    expect(guide.provisioningActions).toEqual(['Import New Users and Profile Updates', 'Push New Users', 'Push Profile Updates', 'Push Groups'])
  })

  it('says who can reach the base URL: this computer, the local network, or the cloud through a public URL', () => {
    expect(buildSetupGuide(input)).toMatchObject({ baseUrlReach: 'this-computer', baseUrlIsLocal: true })
    expect(buildSetupGuide({ ...input, serverUrl: 'http://192.168.1.20:8787' })).toMatchObject({ baseUrlReach: 'local-network', baseUrlIsLocal: true, cleartextWarning: null })
    expect(buildSetupGuide({ ...input, publicUrl: 'https://acme-demo.example-tunnel.com' })).toMatchObject({ baseUrlReach: 'public', baseUrlIsLocal: false })
  })
})

describe('renderSetupGuideHtml', () => {
  it('escapes every value, so that a tenant name cannot inject markup', () => {
    const hostile = { ...tenant, name: '<img src=x onerror=alert(1)>', slug: 'a"b' }
    const html = renderSetupGuideHtml(buildSetupGuide({ tenant: hostile, publicUrl: 'https://x.example', serverUrl: null, configuredOrigin: '', tokens: [token('active', '<b>')], serverRunning: false }), {
      generatedAt: '2026-03-02T10:00:00.000Z'
    })
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<b>')
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;')
    expect(html).toContain('Prepared with SCIM Console on 2026-03-02')
    const entra = renderSetupGuideHtml(buildSetupGuide({ tenant: hostile, publicUrl: 'https://x.example', serverUrl: null, configuredOrigin: '', tokens: [token('active', '<b>')], serverRunning: false }), {
      generatedAt: '2026-03-02T10:00:00.000Z',
      provider: 'entra'
    })
    expect(entra).not.toContain('<img')
    expect(entra).not.toContain('<b>')
    expect(entra).toContain('&#60;img src=x onerror=alert(1)&#62;')
  })

  it('names the throttle, and warns about a local base URL only when it is local', () => {
    const local = renderSetupGuideHtml(buildSetupGuide({ tenant, publicUrl: null, serverUrl: 'http://127.0.0.1:8787', configuredOrigin: '', tokens: [], serverRunning: true }), { generatedAt: '2026-03-02T10:00:00Z' })
    expect(local).toContain('accepts 600 requests a minute')
    expect(local).toContain('cannot reach')
    const pub = renderSetupGuideHtml(buildSetupGuide({ tenant, publicUrl: 'https://scim.acme.example', serverUrl: null, configuredOrigin: '', tokens: [], serverRunning: true }), { generatedAt: '2026-03-02T10:00:00Z' })
    expect(pub).not.toContain('cannot reach')
  })

  it("names the token's field in both of Okta's forms: API Token (catalog app) and Authorization (an app built in the wizard)", () => {
    const html = renderSetupGuideHtml(buildSetupGuide({ tenant, publicUrl: 'https://scim.acme.example', serverUrl: null, configuredOrigin: '', tokens: [], serverRunning: true }), { generatedAt: '2026-03-02T10:00:00Z' })
    const text = html.replace(/<[^>]+>/g, '')
    expect(text).toMatch(/HTTP Header, then paste the API token into Authorization/)
    // Okta's form may or may not put "Bearer" in front itself; the server takes both.
    expect(text).toMatch(/with or without "Bearer "/)
  })

  it("gives an Entra admin Entra's screens and words, the Tenant URL with Microsoft's flag, and no Okta steps", () => {
    const guide = buildSetupGuide({ tenant, publicUrl: 'https://scim.acme.example', serverUrl: null, configuredOrigin: '', tokens: [token('active', 'Entra')], serverRunning: true })
    expect(guide.entraTenantUrl).toBe('https://scim.acme.example/scim/v2/acme?aadOptscim062020')
    const html = renderSetupGuideHtml(guide, { generatedAt: '2026-03-02T10:00:00Z', provider: 'entra' })
    const text = html.replace(/<[^>]+>/g, '')
    expect(text).toContain('Connect Microsoft Entra ID to Acme Corp')
    expect(text).toContain('https://scim.acme.example/scim/v2/acme?aadOptscim062020')
    for (const words of ['Create your own application', 'Non-gallery', 'Provisioning Mode', 'Tenant URL', 'Secret Token', 'Test Connection', 'Provision Microsoft Entra ID Users', 'userPrincipalName', 'Sync only assigned users and groups', 'Provisioning Status', 'Restart provisioning']) {
      expect(text).toContain(words)
    }
    // The token's hint, never its secret; Entra adds "Bearer " itself.
    expect(text).toContain('the API token "Entra" (it starts with scim_ab12)')
    expect(text).toContain('Entra adds "Bearer " itself')
    expect(text).not.toMatch(/Test API Credentials|Okta/)
    expect(text).toContain('accepts 600 requests a minute')
  })

  it('warns an Entra admin about a local or a plain http:// Tenant URL, which Entra cannot use', () => {
    const build = (publicUrl: string | null) =>
      renderSetupGuideHtml(buildSetupGuide({ tenant, publicUrl, serverUrl: 'http://127.0.0.1:8787', configuredOrigin: '', tokens: [], serverRunning: true }), {
        generatedAt: '2026-03-02T10:00:00Z',
        provider: 'entra'
      })
    expect(build(null)).toContain("Microsoft's cloud cannot reach")
    expect(build('http://scim.acme.example')).toContain('Microsoft requires SCIM endpoints to use HTTPS')
    const https = build('https://scim.acme.example')
    expect(https).not.toContain("Microsoft's cloud cannot reach")
    expect(https).not.toContain('Microsoft requires SCIM endpoints to use HTTPS')
  })

  it('escapes the five characters that matter in HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;')
  })
})
