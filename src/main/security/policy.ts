/**
 * The security decisions of the desktop shell, in plain Node so that each one is tested without Electron.
 * src/main/electron applies them; it decides nothing on its own.
 */

/** The webPreferences every window of ours gets (a structural subset of Electron's WebPreferences). */
export interface SecureWebPreferences {
  readonly preload: string
  readonly contextIsolation: true
  readonly sandbox: true
  readonly nodeIntegration: false
  readonly nodeIntegrationInWorker: false
  readonly nodeIntegrationInSubFrames: false
  readonly webSecurity: true
  readonly allowRunningInsecureContent: false
  readonly experimentalFeatures: false
  readonly webviewTag: false
  readonly navigateOnDragDrop: false
  readonly safeDialogs: true
  readonly spellcheck: false
}

/**
 * The hardened webPreferences of the main window. Each flag is Electron's secure value stated explicitly, so that a
 * change of Electron's defaults (or a careless edit) shows up in the test rather than in production.
 */
export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    // A file dropped on the window would otherwise navigate it away from the app.
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false
  }
}

/**
 * The production Content-Security-Policy, sent as a response header. Mantine injects its styles at run time, hence
 * `'unsafe-inline'` for styles only; scripts come from the app's own files and nothing else.
 */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** Directives a `<meta>` CSP may not carry (CSP3 §6.1): browsers ignore them there, so only the header has them. */
export const headerOnlyDirectives: readonly string[] = ['frame-ancestors', 'report-uri', 'sandbox']

/** A policy as directive → sources, lower-cased. */
export type CspDirectives = ReadonlyMap<string, readonly string[]>

/** Parses a CSP string into its directives; the first occurrence of a directive wins, as in browsers. */
export function parseCsp(policy: string): CspDirectives {
  const directives = new Map<string, readonly string[]>()
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean)
    if (!name) continue
    const key = name.toLowerCase()
    if (!directives.has(key)) directives.set(key, sources.map((source) => source.toLowerCase()))
  }
  return directives
}

// Fetch directives fall back to default-src when absent (CSP3 §6.1); the others have no fallback.
const fetchDirectives = new Set(['script-src', 'style-src', 'img-src', 'font-src', 'connect-src', 'object-src', 'media-src', 'frame-src', 'worker-src', 'manifest-src', 'child-src'])

function effectiveSources(policy: CspDirectives, directive: string): readonly string[] | null {
  const own = policy.get(directive)
  if (own) return own
  if (fetchDirectives.has(directive)) return policy.get('default-src') ?? null
  return null
}

/** What makes a renderer policy weaker than ours; empty when it is acceptable. */
export function cspWeaknesses(policy: string): string[] {
  const parsed = parseCsp(policy)
  const problems: string[] = []
  for (const [directive, sources] of parsed) {
    if (sources.includes("'unsafe-eval'") || sources.includes("'wasm-unsafe-eval'")) problems.push(`${directive} allows eval`)
    if (sources.includes('*')) problems.push(`${directive} allows any origin`)
  }
  const script = effectiveSources(parsed, 'script-src')
  if (!script || script.length !== 1 || script[0] !== "'self'") problems.push("script-src must be 'self' only")
  const objects = effectiveSources(parsed, 'object-src')
  if (!objects || objects.join(' ') !== "'none'") problems.push("object-src must be 'none'")
  if (parsed.get('base-uri')?.join(' ') !== "'none'") problems.push("base-uri must be 'none'")
  if (!parsed.has('default-src')) problems.push('default-src is missing')
  return problems
}

/**
 * True when `candidate` allows no more than `reference` for every directive the reference sets (header-only
 * directives aside, since a meta tag cannot carry them). Used to hold the renderer's meta CSP to the header's.
 */
export function isCspAtLeastAsStrict(candidate: string, reference: string): boolean {
  const strict = parseCsp(candidate)
  const base = parseCsp(reference)
  for (const directive of base.keys()) {
    if (headerOnlyDirectives.includes(directive)) continue
    const allowed = new Set(effectiveSources(base, directive) ?? [])
    const sources = effectiveSources(strict, directive)
    if (sources === null) return false
    if (sources.some((source) => !allowed.has(source))) return false
  }
  return true
}

function parseUrl(url: string | null | undefined): URL | null {
  if (!url) return null
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * May the main window be at `url`? Only the renderer we loaded: the same file (any hash route) in production, the same
 * origin as the dev server in development. Everything else (a link, a drag-and-drop, a redirect) is refused.
 */
export function isAllowedNavigation(url: string, rendererUrl: string): boolean {
  const target = parseUrl(url)
  const renderer = parseUrl(rendererUrl)
  if (!target || !renderer) return false
  if (renderer.protocol === 'file:') {
    return target.protocol === 'file:' && target.host === renderer.host && target.pathname === renderer.pathname && target.search === ''
  }
  if (renderer.protocol !== 'http:' && renderer.protocol !== 'https:') return false
  return target.origin === renderer.origin && target.username === '' && target.password === ''
}

/**
 * The URL to hand to the OS browser, or null to refuse. Only `https:`: `file:`, `javascript:`, custom schemes and plain
 * `http:` could run or leak something outside the sandbox. Links with credentials in them are refused too.
 */
export function externalUrlToOpen(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > 4096) return null
  const parsed = parseUrl(url.trim())
  if (!parsed || parsed.protocol !== 'https:' || !parsed.hostname) return null
  if (parsed.username || parsed.password) return null
  return parsed.href
}

/**
 * The session's permission request handler: every request (camera, notifications from the page, geolocation, …) is
 * denied. The console needs none; native notifications come from main, not the page.
 */
export function denyPermissionRequest(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false)
}

/** The session's permission check handler: nothing is granted. */
export function denyPermissionCheck(): boolean {
  return false
}

/**
 * Is an IPC call from the renderer we loaded? It must come from our window's webContents, from its top frame (not an
 * iframe), and from the renderer's own URL.
 */
export function isTrustedSender(senderUrl: string | null | undefined, isTopFrame: boolean, isOurWebContents: boolean, rendererUrl: string): boolean {
  if (!isOurWebContents || !isTopFrame || !senderUrl) return false
  return isAllowedNavigation(senderUrl, rendererUrl)
}
