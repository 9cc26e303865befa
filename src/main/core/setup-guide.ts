import { cleartextUrlWarning, originReach } from '../../shared/addresses'
import { entraStandardsFlag, entraTenantUrl, entraUserMappings } from '../../shared/entra-setup'
import type { IdentityProvider } from '../../shared/identity-provider'
import type { SetupGuide, Tenant, Token } from '../../shared/models'

/** Okta's "Supported provisioning actions", in the order its form lists them. */
export const provisioningActions = [
  'Import New Users and Profile Updates',
  'Push New Users',
  'Push Profile Updates',
  'Push Groups'
] as const

/** What the guide is built from: the tenant, where the server is reachable, and its tokens (never secrets). */
export interface SetupGuideInput {
  readonly tenant: Tenant
  /** The public origin from settings (a tunnel), or null. */
  readonly publicUrl: string | null
  /** The origin the embedded server listens on, or null when it is stopped. */
  readonly serverUrl: string | null
  /** The origin it would listen on from settings, for when it is stopped. */
  readonly configuredOrigin: string
  readonly tokens: readonly Token[]
  readonly serverRunning: boolean
}

/** The SCIM connector base URL of a tenant: the public origin when one is set, else the server's. */
export function tenantBaseUrl(origin: string, tenant: Tenant): string {
  return `${origin.replace(/\/+$/, '')}${tenant.scimPath}`
}

/** The values a customer's Okta admin pastes, for one tenant. */
export function buildSetupGuide(input: SetupGuideInput): SetupGuide {
  const origin = input.publicUrl ?? input.serverUrl ?? input.configuredOrigin
  const baseUrl = tenantBaseUrl(origin, input.tenant)
  // The public URL, when set, is what the cloud calls: a tunnel's host is public, and the guide then warns of nothing.
  const reach = originReach(baseUrl)
  const local = reach !== 'public'
  return {
    tenant: input.tenant,
    baseUrl,
    baseUrlReach: reach,
    baseUrlIsLocal: local,
    // A local address already says that Okta cannot reach it; the token's risk is the public URL's.
    cleartextWarning: local ? null : cleartextUrlWarning(baseUrl),
    entraTenantUrl: entraTenantUrl(baseUrl),
    uniqueIdentifierField: 'userName',
    provisioningActions: [...provisioningActions],
    authenticationMode: 'HTTP Header',
    activeTokens: input.tokens.filter((token) => token.status === 'active'),
    serverRunning: input.serverRunning
  }
}

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

const styles = `
@page { size: A4; margin: 12mm 14mm; }
* { box-sizing: border-box; }
body { font: 10pt/1.4 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d2330; margin: 0; }
main { max-width: 182mm; margin: 0 auto; padding: 8mm 0; }
header { border-bottom: 2px solid #1662dd; padding-bottom: 3mm; margin-bottom: 4mm; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
h2 { font-size: 11pt; margin: 4mm 0 1.5mm; color: #1662dd; }
p { margin: 1mm 0; }
.lead { color: #4a5468; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0; }
th, td { text-align: left; vertical-align: top; padding: 1.2mm 2mm; border: 1px solid #d5dae3; }
th { background: #f2f5fa; font-weight: 600; white-space: nowrap; width: 34%; }
table.grid th { width: auto; }
code { font: 9.5pt/1.3 ui-monospace, "SF Mono", Menlo, Consolas, monospace; background: #f2f5fa; padding: 0 1mm; border-radius: 1mm; overflow-wrap: anywhere; }
ol { margin: 1mm 0; padding-left: 6mm; }
li { margin: 0.8mm 0; }
.ui { font-weight: 600; }
.note { border-left: 3px solid #e8a317; background: #fff8e6; padding: 1.5mm 3mm; margin: 2mm 0; }
.warn { border-left-color: #d64545; background: #fdecec; }
footer { margin-top: 4mm; border-top: 1px solid #d5dae3; padding-top: 2mm; color: #6b7488; font-size: 8.5pt; }
/* One A4 page: the page margins replace the screen padding, and the type tightens a little. */
@media print {
  body { font-size: 9.2pt; line-height: 1.32; }
  main { padding: 0; max-width: none; }
  h1 { font-size: 15pt; }
  h2 { margin: 3mm 0 1mm; }
  th, td { padding: 0.9mm 2mm; }
  .note { margin: 1.5mm 0; }
}
`

/** What both providers' pages are made of: the tenant's values, escaped, and the words every page shares. */
interface PageParts {
  readonly e: (value: string) => string
  readonly ui: (label: string) => string
  readonly tenantName: string
  readonly tokenHint: string
  /** The tenant's request budget, in a sentence; `then` is what the identity provider does about a 429. */
  readonly throttle: string
}

function pageParts(guide: SetupGuide): PageParts {
  const e = escapeHtml
  const tenant = guide.tenant
  const token = guide.activeTokens[0]
  return {
    e,
    ui: (label) => `<span class="ui">${e(label)}</span>`,
    tenantName: e(tenant.name),
    tokenHint: token
      ? `the API token "${e(token.label)}" (it starts with <code>${e(token.prefix)}</code>), which your SCIM Console contact sends you separately`
      : 'the API token your SCIM Console contact sends you separately',
    throttle:
      tenant.rateLimitPerMinute > 0
        ? `${e(tenant.name)} accepts ${tenant.rateLimitPerMinute} requests a minute. Beyond that it answers HTTP 429 with a <code>Retry-After</code> header in seconds.`
        : `${e(tenant.name)} sets no request limit today; if one is set, it answers HTTP 429 with a <code>Retry-After</code> header in seconds.`
  }
}

/** The document around a provider's steps: head, styles, title block, and a footer that says it holds no secrets. */
function page(guide: SetupGuide, generatedAt: string, content: { title: string; heading: string; lead: string; body: string }): string {
  const e = escapeHtml
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(content.title)}</title>
<style>${styles}</style>
</head>
<body>
<main>
<header>
<h1>${e(content.heading)}</h1>
<p class="lead">${e(content.lead)}</p>
</header>
${content.body}
<footer>Prepared with SCIM Console on ${e(generatedAt.slice(0, 10))} for ${e(guide.tenant.name)} (tenant <code>${e(guide.tenant.slug)}</code>). This page contains no secrets.</footer>
</main>
</body>
</html>
`
}

function oktaBody(guide: SetupGuide, { e, ui, tenantName, tokenHint, throttle }: PageParts): string {
  const localNote = guide.baseUrlIsLocal
    ? `<p class="note warn"><strong>Before you start:</strong> this base URL points at a private address that Okta's cloud cannot reach. A real Okta org needs a public HTTPS address (a tunnel) in front of SCIM Console; ask your contact for the public base URL. (SCIM Console's built-in Okta simulator needs no tunnel.)</p>`
    : ''
  return `${localNote}
<h2>Values to enter in Okta</h2>
<table>
<tr><th>Base URL (SCIM connector base URL)</th><td><code>${e(guide.baseUrl)}</code></td></tr>
<tr><th>Unique identifier field for users</th><td><code>${e(guide.uniqueIdentifierField)}</code></td></tr>
<tr><th>Supported provisioning actions</th><td>${guide.provisioningActions.map(e).join(', ')}</td></tr>
<tr><th>Authentication Mode</th><td>${e(guide.authenticationMode)}</td></tr>
<tr><th>API Token (Authorization: Bearer)</th><td>Paste ${tokenHint}, with or without "Bearer " in front: ${tenantName} accepts both. This document never contains the token.</td></tr>
</table>

<h2>1. Connect the API</h2>
<ol>
<li>In the Okta Admin Console, open ${ui('Applications')} → ${ui('Applications')} and select the app for ${tenantName}.</li>
<li>Open the ${ui('Provisioning')} tab, then ${ui('Integration')}, and click ${ui('Configure API Integration')}.</li>
<li>Tick ${ui('Enable API integration')}. Enter the ${ui('Base URL')} and the ${ui('API Token')} from the table above.</li>
<li>Click ${ui('Test API Credentials')}. Okta should report that the app was verified successfully. Then click ${ui('Save')}.</li>
</ol>
<p>In an app you created yourself (${ui('Create App Integration')} → SCIM), the form is named differently: ${ui('Edit')} → ${ui('SCIM connector base URL')}, ${ui('Unique identifier field for users')}, the four ${ui('Supported provisioning actions')} and ${ui('Authentication Mode')} ${ui('HTTP Header')}, then paste the API token into ${ui('Authorization')}, click ${ui('Test Connector Configuration')} and ${ui('Save')}.</p>

<h2>2. Turn on provisioning to the app</h2>
<ol>
<li>Still under ${ui('Provisioning')}, open ${ui('To App')} and click ${ui('Edit')}.</li>
<li>Enable ${ui('Create Users')}, ${ui('Update User Attributes')} and ${ui('Deactivate Users')}, then ${ui('Save')}.</li>
<li>On the ${ui('Sign On')} tab, set ${ui('Application username format')} to ${ui('Email')}: the email becomes the SCIM <code>userName</code> that ${tenantName} matches users on.</li>
<li>Assign people or groups on the ${ui('Assignments')} tab; to push groups, use the ${ui('Push Groups')} tab.</li>
</ol>

<h2>PUT or PATCH: which Okta app type sends which</h2>
<table>
<tr><th>App from the Okta Integration Network catalog</th><td>Profile updates with GET then PUT; deactivation, reactivation and group membership with PATCH.</td></tr>
<tr><th>App built with the App Integration Wizard</th><td>Everything with GET then PUT, including deactivation (<code>"active": false</code>) and groups (the full member list). This cannot be switched.</td></tr>
</table>
<p>${tenantName} accepts both. Okta never deletes users: deactivating or unassigning sends <code>active: false</code>.</p>

<h2>Throttling</h2>
<p>${throttle} Okta then pauses the task and retries after that many seconds (5 minutes when the header is missing), doubling the wait on later attempts, for up to 10 attempts; after that the task fails and needs a manual retry in ${ui('Tasks')}.</p>`
}

function entraBody(guide: SetupGuide, { e, ui, tenantName, tokenHint, throttle }: PageParts): string {
  const localNote = guide.baseUrlIsLocal
    ? `<p class="note warn"><strong>Before you start:</strong> this Tenant URL points at a private address that Microsoft's cloud cannot reach. Entra needs a public HTTPS address (a tunnel) in front of SCIM Console; ask your contact for the public Tenant URL.</p>`
    : guide.cleartextWarning
      ? `<p class="note warn"><strong>Before you start:</strong> this Tenant URL is not HTTPS. Microsoft requires SCIM endpoints to use HTTPS (TLS 1.2 or newer); ask your contact for an https:// Tenant URL.</p>`
      : ''
  const mappings = entraUserMappings
    .map((mapping) => `<tr><td><code>${e(mapping.source)}</code></td><td><code>${e(mapping.target)}</code></td><td>${e(mapping.note)}</td></tr>`)
    .join('\n')
  return `${localNote}
<h2>Values to enter in Microsoft Entra ID</h2>
<table>
<tr><th>Provisioning Mode</th><td>Automatic</td></tr>
<tr><th>Tenant URL</th><td><code>${e(guide.entraTenantUrl)}</code></td></tr>
<tr><th>Secret Token</th><td>Paste ${tokenHint}, on its own: Entra adds "Bearer " itself. This document never contains the token.</td></tr>
<tr><th>Scope</th><td>Sync only assigned users and groups</td></tr>
</table>

<h2>1. Create the application</h2>
<ol>
<li>In the Microsoft Entra admin center, open ${ui('Identity')} → ${ui('Applications')} → ${ui('Enterprise applications')} and click ${ui('New application')}, then ${ui('Create your own application')}.</li>
<li>Name it (for example "${tenantName}"), choose ${ui("Integrate any other application you don't find in the gallery (Non-gallery)")} and click ${ui('Create')}.</li>
</ol>

<h2>2. Connect it to ${tenantName}</h2>
<ol>
<li>In the new application, open ${ui('Provisioning')} and click ${ui('Get started')}. Set ${ui('Provisioning Mode')} to ${ui('Automatic')}.</li>
<li>Under ${ui('Admin Credentials')}, enter the ${ui('Tenant URL')} and the ${ui('Secret Token')} from the table above. Keep <code>?${entraStandardsFlag}</code> at the end of the URL: it makes Entra send standard SCIM requests (${tenantName} also accepts Entra's older format).</li>
<li>Click ${ui('Test Connection')}. Entra looks up a user and a group that do not exist and should report that the supplied credentials are authorized to enable provisioning. Then click ${ui('Save')}.</li>
</ol>

<h2>3. Check the attribute mappings</h2>
<p>Under ${ui('Mappings')}, open ${ui('Provision Microsoft Entra ID Users')}. ${tenantName} needs these; Entra's other default mappings can stay.</p>
<table class="grid">
<tr><th>Entra attribute</th><th>SCIM attribute</th><th>Note</th></tr>
${mappings}
</table>
<p>If your users' userPrincipalName is not their email address, map ${ui('mail')} to <code>userName</code> instead. Keep ${ui('Provision Microsoft Entra ID Groups')} enabled to send groups and their members.</p>

<h2>4. Start provisioning</h2>
<ol>
<li>Under ${ui('Settings')}, set ${ui('Scope')} to ${ui('Sync only assigned users and groups')}.</li>
<li>Assign people and groups under the application's ${ui('Users and groups')}.</li>
<li>To try one person, or a group with up to five of its members, first, use ${ui('Provision on demand')}.</li>
<li>Set ${ui('Provisioning Status')} to ${ui('On')} and click ${ui('Save')}. The first cycle starts within minutes; later cycles run about every 40 minutes.</li>
</ol>

<h2>What Entra sends</h2>
<table>
<tr><th>Unassigned, blocked or deleted</th><td>PATCH with <code>active: false</code>: the user is deactivated and kept.</td></tr>
<tr><th>Deleted for good (30 days later)</th><td>DELETE: ${tenantName} deletes the user.</td></tr>
<tr><th>Group membership</th><td>PATCH that adds or removes only the members that changed.</td></tr>
</table>

<h2>Throttling and failures</h2>
<p>${throttle} Entra retries such requests later. Failed requests are listed in the application's ${ui('Provisioning logs')}; after repeated failures Entra puts the job in quarantine. Fix the cause, then click ${ui('Restart provisioning')}.</p>`
}

/**
 * A self-contained one-page HTML guide for the customer's Okta or Entra admin: the values to paste and the steps,
 * mirroring the provider's screens. It never contains a token secret (the guide has none to give): the admin receives
 * the token separately.
 */
export function renderSetupGuideHtml(guide: SetupGuide, options: { readonly generatedAt: string; readonly provider?: IdentityProvider }): string {
  const parts = pageParts(guide)
  const name = guide.tenant.name
  return options.provider === 'entra'
    ? page(guide, options.generatedAt, {
        title: `Microsoft Entra ID SCIM setup for ${name}`,
        heading: `Connect Microsoft Entra ID to ${name} with SCIM 2.0`,
        lead: 'Automatic user provisioning from your Entra tenant: assigned users are created, profile changes pushed, removed users deactivated, and groups pushed.',
        body: entraBody(guide, parts)
      })
    : page(guide, options.generatedAt, {
        title: `Okta SCIM setup for ${name}`,
        heading: `Connect Okta to ${name} with SCIM 2.0`,
        lead: 'Automatic user provisioning from your Okta org: new users are created, profile changes pushed, leavers deactivated, and groups pushed.',
        body: oktaBody(guide, parts)
      })
}
