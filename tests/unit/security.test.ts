import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { channels } from '../../src/shared/ipc'
import { cleartextUrlWarning, isLoopbackHost } from '../../src/shared/addresses'
import { exposureWarning } from '../../src/main/security/exposure'
import { createIpcDispatcher, ipcRegistrationPlan, type SenderFacts } from '../../src/main/security/ipc-guard'
import {
  contentSecurityPolicy,
  cspWeaknesses,
  denyPermissionCheck,
  denyPermissionRequest,
  externalUrlToOpen,
  headerOnlyDirectives,
  isAllowedNavigation,
  isCspAtLeastAsStrict,
  isTrustedSender,
  parseCsp,
  secureWebPreferences
} from '../../src/main/security/policy'
import { crashReport, formatForLog, redactConsole, redactSecrets, type ConsoleLike } from '../../src/main/security/redact'

const fileRenderer = 'file:///Applications/SCIM%20Console.app/Contents/Resources/app.asar/out/renderer/index.html'
const devRenderer = 'http://localhost:5173'
const token = 'scim_Q2hhbmdlIG1lIGlmIHlvdSBjYW4gcmVhZCB0aGlzIHRva2Vu'

describe('window hardening', () => {
  it('isolates the renderer: context isolation, sandbox, no Node, web security on', () => {
    const preferences = secureWebPreferences('/app/out/preload/index.cjs')
    expect(preferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false
    })
  })

  it('uses the policy module for the main window rather than its own flags', () => {
    const source = readFileSync(resolve('src/main/electron/window.ts'), 'utf8')
    expect(source).toContain('webPreferences: secureWebPreferences(')
    expect(source).not.toMatch(/webSecurity:\s*false|nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false/)
  })
})

describe('content security policy', () => {
  it('has no weakness in production: scripts from the app only, no eval, no plugins, no base tag', () => {
    expect(cspWeaknesses(contentSecurityPolicy)).toEqual([])
    const policy = parseCsp(contentSecurityPolicy)
    expect(policy.get('script-src')).toEqual(["'self'"])
    expect(policy.get('frame-ancestors')).toEqual(["'none'"])
    expect(contentSecurityPolicy).not.toContain('unsafe-eval')
  })

  it("spots a policy that allows eval, inline or remote scripts", () => {
    expect(cspWeaknesses("default-src 'self'; script-src 'self' 'unsafe-eval'; object-src 'none'; base-uri 'none'")).toContain('script-src allows eval')
    expect(cspWeaknesses("default-src 'self'; script-src 'self' https://cdn.example.com; object-src 'none'; base-uri 'none'")).toContain(
      "script-src must be 'self' only"
    )
    expect(cspWeaknesses("default-src *; base-uri 'none'")).toContain('default-src allows any origin')
  })

  it("the renderer's index.html carries a meta CSP at least as strict as the header", () => {
    const html = readFileSync(resolve('src/renderer/index.html'), 'utf8')
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)
    expect(meta, 'index.html must carry a Content-Security-Policy meta tag').not.toBeNull()
    const content = meta?.[1] ?? ''
    expect(cspWeaknesses(content)).toEqual([])
    expect(isCspAtLeastAsStrict(content, contentSecurityPolicy)).toBe(true)
    for (const directive of headerOnlyDirectives) expect(parseCsp(content).has(directive)).toBe(false)
  })

  it('judges strictness directive by directive, with the default-src fallback', () => {
    expect(isCspAtLeastAsStrict("default-src 'self'; object-src 'none'; base-uri 'none'", "default-src 'self'; img-src 'self' data:; base-uri 'none'; object-src 'none'")).toBe(true)
    expect(isCspAtLeastAsStrict("default-src 'self'; img-src *; object-src 'none'; base-uri 'none'", contentSecurityPolicy)).toBe(false)
    expect(isCspAtLeastAsStrict("default-src 'self'", contentSecurityPolicy)).toBe(false)
  })
})

describe('navigation', () => {
  it('allows only the loaded renderer file, with any hash route', () => {
    expect(isAllowedNavigation(`${fileRenderer}#/tenants/acme`, fileRenderer)).toBe(true)
    expect(isAllowedNavigation(fileRenderer, fileRenderer)).toBe(true)
    expect(isAllowedNavigation('file:///etc/passwd', fileRenderer)).toBe(false)
    expect(isAllowedNavigation(`${fileRenderer}?x=1`, fileRenderer)).toBe(false)
    expect(isAllowedNavigation('https://evil.example.com/', fileRenderer)).toBe(false)
    expect(isAllowedNavigation('javascript:alert(1)', fileRenderer)).toBe(false)
    expect(isAllowedNavigation('not a url', fileRenderer)).toBe(false)
  })

  it('allows the dev server origin in development and nothing else', () => {
    expect(isAllowedNavigation('http://localhost:5173/#/logs', devRenderer)).toBe(true)
    expect(isAllowedNavigation('http://localhost:5174/', devRenderer)).toBe(false)
    expect(isAllowedNavigation('http://user:pw@localhost:5173/', devRenderer)).toBe(false)
    expect(isAllowedNavigation('https://localhost:5173/', devRenderer)).toBe(false)
  })
})

describe('external links', () => {
  it('opens only https links in the OS browser', () => {
    expect(externalUrlToOpen('https://help.okta.com/en-us/content/topics/apps/apps_app_integration_wizard_scim.htm')).toBe(
      'https://help.okta.com/en-us/content/topics/apps/apps_app_integration_wizard_scim.htm'
    )
    for (const refused of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'ms-msdt:/id', 'data:text/html,hi', '', 'https://user:pw@example.com/', 'https://']) {
      expect(externalUrlToOpen(refused), refused).toBeNull()
    }
    expect(externalUrlToOpen(42)).toBeNull()
    expect(externalUrlToOpen(`https://example.com/${'a'.repeat(5000)}`)).toBeNull()
  })

  it('the glue never opens a URL without asking the policy', () => {
    for (const file of ['src/main/electron/window.ts', 'src/main/electron/native.ts']) {
      const source = readFileSync(resolve(file), 'utf8')
      const opens = source.match(/shell\.openExternal\(([^)]*)\)/g) ?? []
      expect(opens.length, file).toBeGreaterThan(0)
      for (const call of opens) expect(call, file).toBe('shell.openExternal(safe)')
    }
  })
})

describe('permissions', () => {
  it('denies every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const callback = vi.fn()
      denyPermissionRequest({}, permission, callback)
      expect(callback).toHaveBeenCalledWith(false)
    }
    expect(denyPermissionCheck()).toBe(false)
  })
})

describe('IPC senders and channels', () => {
  const ours: SenderFacts = { url: `${fileRenderer}#/tenants`, isTopFrame: true, isOurWebContents: true }

  it('trusts only our window, its top frame, at our renderer URL', () => {
    expect(isTrustedSender(ours.url, true, true, fileRenderer)).toBe(true)
    expect(isTrustedSender(ours.url, false, true, fileRenderer)).toBe(false)
    expect(isTrustedSender(ours.url, true, false, fileRenderer)).toBe(false)
    expect(isTrustedSender('https://evil.example.com/', true, true, fileRenderer)).toBe(false)
    expect(isTrustedSender(null, true, true, fileRenderer)).toBe(false)
  })

  it("registers exactly the contract's channels, and refuses a handler map with more or fewer", () => {
    const handlers = Object.fromEntries(channels.map((channel) => [channel, () => ({ ok: true, value: null })]))
    expect(ipcRegistrationPlan(handlers)).toEqual(channels)
    expect(() => ipcRegistrationPlan({ ...handlers, 'shell:exec': () => null })).toThrow(/outside the IPC contract: shell:exec/)
    const { 'app:restore': _removed, ...fewer } = handlers
    expect(() => ipcRegistrationPlan(fewer)).toThrow(/No handler for: app:restore/)
  })

  it('the Electron glue registers through the plan, not its own channel list', () => {
    const source = readFileSync(resolve('src/main/electron/ipc.ts'), 'utf8')
    expect(source).toContain('ipcRegistrationPlan(')
    expect(source).toMatch(/for \(const channel of planned\)/)
    expect(source).not.toMatch(/ipcMain\.on\(/)
  })

  it('rejects unknown channels and untrusted senders without calling a handler', async () => {
    const handler = vi.fn(() => ({ ok: true, value: 'ran' }))
    const handlers = Object.fromEntries(channels.map((channel) => [channel, handler]))
    const dispatch = createIpcDispatcher({ handlers, rendererUrl: fileRenderer, onError: vi.fn() })
    expect(await dispatch('shell:exec', ours, {})).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
    expect(await dispatch('tenants:list', { ...ours, isTopFrame: false }, {})).toMatchObject({ ok: false, error: { code: 'failed_precondition' } })
    expect(await dispatch('tenants:list', { ...ours, url: 'https://evil.example.com/' }, {})).toMatchObject({ ok: false })
    expect(await dispatch('tenants:list', { ...ours, isOurWebContents: false }, {})).toMatchObject({ ok: false })
    expect(handler).not.toHaveBeenCalled()
    expect(await dispatch('tenants:list', ours, {})).toEqual({ ok: true, value: 'ran' })
  })

  it('turns a handler that throws into an internal failure without the error text, and reports it', async () => {
    const onError = vi.fn()
    const handlers = Object.fromEntries(
      channels.map((channel) => [
        channel,
        () => {
          throw new Error(`boom with ${token}`)
        }
      ])
    )
    const dispatch = createIpcDispatcher({ handlers, rendererUrl: fileRenderer, onError })
    const result = await dispatch('tokens:list', ours, { tenant: 'acme' })
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(result)).not.toContain(token)
    expect(onError).toHaveBeenCalledWith('tokens:list', expect.any(Error))
  })
  it('turns a database that cannot be written into a sentence that says what to do, not an internal error', async () => {
    const handlers = Object.fromEntries(
      channels.map((channel) => [
        channel,
        () => {
          throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL')
        }
      ])
    )
    const dispatch = createIpcDispatcher({ handlers, rendererUrl: fileRenderer, onError: vi.fn() })
    expect(await dispatch('directory:create-user', ours, {})).toEqual({
      ok: false,
      error: {
        code: 'unavailable',
        message: 'The disk that holds the SCIM Console database is full, so the change was not saved. Free some disk space, then try again.',
        details: { storage: 'full' }
      }
    })
  })
})

describe('exposure beyond this computer', () => {
  it('knows the loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]', 'LOCALHOST']) expect(isLoopbackHost(host), host).toBe(true)
    for (const host of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.5', 'my-laptop.local', '127.0.0.999', '128.0.0.1']) expect(isLoopbackHost(host), host).toBe(false)
  })

  it('warns of a public URL that would send API tokens unencrypted, and of no other', () => {
    for (const url of ['http://acme-demo.example-tunnel.com', 'HTTP://acme-demo.example-tunnel.com:8080', 'http://192.168.1.20:8787']) {
      expect(cleartextUrlWarning(url), url).toMatch(/^With http:\/\/, identity providers send the API token unencrypted.*https:\/\/ address\.$/)
    }
    for (const url of [null, 'https://acme-demo.example-tunnel.com', 'http://127.0.0.1:8787', 'http://localhost:8787', 'http://[::1]:8787', 'not a url']) {
      expect(cleartextUrlWarning(url), String(url)).toBeNull()
    }
  })

  it('explains the risk: tokens provision from the network, and Okta still needs a tunnel', () => {
    const warning = exposureWarning('0.0.0.0')
    expect(warning).toMatch(/anyone there who has a tenant's API token/)
    expect(warning).toMatch(/tunnel/)
  })
})

describe('no secrets in console or crash output', () => {
  it('masks console tokens, Authorization values and secret fields', () => {
    const text = [
      `issued ${token}`,
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.signature',
      'authorization=c2NpbTpzZWNyZXQ=',
      '{"userName":"jane","password":"Sup3rS3cret!"}',
      'https://x.example/cb?client_secret=abc123def&x=1',
      "token: 'abcdefgh'"
    ].join('\n')
    const masked = redactSecrets(text)
    for (const secret of [token.slice(9), 'eyJhbGciOiJIUzI1NiJ9', 'c2NpbTpzZWNyZXQ=', 'Sup3rS3cret!', 'abc123def', 'abcdefgh']) {
      expect(masked).not.toContain(secret)
    }
    expect(masked).toContain('scim_Q2hh…[redacted]')
    expect(masked).toContain('"userName":"jane"')
  })

  it('leaves ordinary messages readable', () => {
    const message = 'Port 8787 on 127.0.0.1 is already in use; the token was revoked at 10:02.'
    expect(redactSecrets(message)).toBe(message)
  })

  it('formats errors, their causes and objects with secrets masked', () => {
    const error = new Error(`login failed for ${token}`, { cause: { headers: { authorization: `Bearer ${token}` } } })
    const text = formatForLog(error)
    expect(text).toContain('login failed for scim_Q2hh…[redacted]')
    expect(text).not.toContain(token)
    expect(crashReport('unexpected error', error)).not.toContain(token)
    expect(formatForLog({ nested: { password: 'hunter22' } })).not.toContain('hunter22')
  })

  it('redacts everything printed through a patched console, and can be undone', () => {
    const printed: unknown[][] = []
    const record = (...args: unknown[]) => void printed.push(args)
    const target: ConsoleLike = { log: record, info: record, warn: record, error: record, debug: record }
    const restore = redactConsole(target)
    target.error('SCIM internal error abc:', new Error(`bad ${token}`))
    target.log({ token })
    target.warn(`Bearer ${token}`)
    expect(JSON.stringify(printed)).not.toContain(token)
    expect(printed).toHaveLength(3)
    restore()
    target.log(token)
    expect(printed.at(-1)).toEqual([token])
  })

  it('the Electron app patches the console before anything else runs', () => {
    const source = readFileSync(resolve('src/main/electron/app.ts'), 'utf8')
    const body = source.slice(source.indexOf('export function runApp'))
    expect(body.indexOf('redactConsole(console)')).toBeGreaterThan(0)
    expect(body.indexOf('redactConsole(console)')).toBeLessThan(body.indexOf('requestSingleInstanceLock'))
    expect(body).toMatch(/process\.on\('uncaughtException'/)
  })

  it('no main-process code prints a token or an issued secret', () => {
    const offenders: string[] = []
    const files = ['src/main/electron/app.ts', 'src/main/electron/ipc.ts', 'src/main/electron/native.ts', 'src/main/electron/tray.ts', 'src/main/cli/token-command.ts']
    for (const file of files) {
      for (const line of readFileSync(resolve(file), 'utf8').split('\n')) {
        if (/console\.\w+\(.*\b(token|secret|password)\b/i.test(line)) offenders.push(`${file}: ${line.trim()}`)
      }
    }
    expect(offenders).toEqual([])
  })
})
