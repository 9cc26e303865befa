/** The identity provider whose admin acts on a failure. */
export type IdentityProvider = 'okta' | 'entra'

/** Each identity provider by its product name, as the app's screens and the CLI's lines name it. */
export const identityProviderNames: Readonly<Record<IdentityProvider, string>> = { okta: 'Okta', entra: 'Microsoft Entra ID' }

/** Who sent a request, as far as the words addressed to its admin go: Okta, Entra, or another client (curl, a script). */
export type RequestClient = IdentityProvider | 'other'

/**
 * Which client sent a request: Microsoft Entra ID by its User-Agent, or by the aadOptscim062020 flag that its admins
 * append to the Tenant URL (okta-scim.md §4); Okta by its User-Agent ("Okta SCIM Client 1.0.0", "OKTA SCIM Integration").
 */
export function requestClientOf(userAgent: string | null | undefined, path: string): RequestClient {
  if (/azure|entra|microsoft|\baad\b/i.test(userAgent ?? '') || /aadOptscim/i.test(path)) return 'entra'
  return /okta/i.test(userAgent ?? '') ? 'okta' : 'other'
}

/**
 * The identity provider whose words a diagnosis speaks for a logged request: Entra when it sent the request, else Okta,
 * whose words the console speaks.
 */
export function identityProviderOf(entry: { readonly client: string | null; readonly path: string }): IdentityProvider {
  return requestClientOf(entry.client, entry.path) === 'entra' ? 'entra' : 'okta'
}

/**
 * The identity provider a tenant's screens speak of: the one a CSM set for it, else the one its traffic shows; null
 * while neither tells (the screens then name both, or Okta).
 */
export function providerOf(tenant: { readonly setupProvider: IdentityProvider | null; readonly identityProvider: IdentityProvider | null }): IdentityProvider | null {
  return tenant.setupProvider ?? tenant.identityProvider
}

/** Where each identity provider's admin pastes a tenant's API token, as the provider's screens lead there. */
export const tokenFields: Readonly<Record<IdentityProvider, string>> = {
  okta: 'Okta: Provisioning → Integration → API Token',
  entra: 'Entra: Provisioning → Admin Credentials → Secret Token'
}

/** The sentence that says where to paste a new token: the provider's field, or both when the provider is not known. */
export function pasteTokenInto(provider: IdentityProvider | null): string {
  if (provider !== null) return `Paste it into ${tokenFields[provider]}.`
  return 'Paste it into Okta (Provisioning → Integration → API Token) or Entra (Provisioning → Admin Credentials → Secret Token).'
}

/**
 * The label a token gets when it is issued without one: named after where it goes, Entra's Secret Token for a tenant
 * set to Entra, else Okta's API Token. Main gives it; the Issue API token dialog shows the same before it is issued.
 */
export function defaultTokenLabel(provider: IdentityProvider | null): string {
  return `${provider === 'entra' ? 'Entra' : 'Okta'} provisioning`
}

/** Whether a typed token label says nothing: empty, or only spaces and other blanks. */
export function isBlankTokenLabel(typed: string): boolean {
  return typed.trim() === ''
}

/**
 * The label a token is issued with: the one typed, without blanks at either end, or `defaultLabel` when none was typed
 * or it is blank. The Issue API token dialog (which shows the default and may be cleared) and main apply this one rule;
 * the CLI refuses a blank `--label`, which a script gives by mistake (an unset variable), rather than guess.
 */
export function chosenTokenLabel(typed: string | undefined, defaultLabel: string): string {
  return typed === undefined || isBlankTokenLabel(typed) ? defaultLabel : typed.trim()
}
