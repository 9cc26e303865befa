// What the Entra setup guide tells an admin, for the console's page and the page exported for the customer alike.

/**
 * The flag an Entra admin appends to the Tenant URL: without it Entra sends PATCHes in its older, non-standard form
 * (capitalised ops, "False" strings, a member list on remove). The server takes both; the flag is Microsoft's advice.
 */
export const entraStandardsFlag = 'aadOptscim062020'

/** Entra's Tenant URL for a tenant's SCIM base URL: the base URL with the standards flag. */
export function entraTenantUrl(baseUrl: string): string {
  return `${baseUrl}?${entraStandardsFlag}`
}

/** Entra's default user mappings that SCIM Console relies on: Entra's attribute, the SCIM attribute, and why. */
export const entraUserMappings: ReadonlyArray<{ readonly source: string; readonly target: string; readonly note: string }> = [
  { source: 'userPrincipalName', target: 'userName', note: 'Matching attribute, precedence 1. Must be the email address.' },
  { source: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', target: 'active', note: 'Deactivates a user who is unassigned, blocked or deleted.' },
  { source: 'mail', target: 'emails[type eq "work"].value', note: '' },
  { source: 'givenName', target: 'name.givenName', note: '' },
  { source: 'surname', target: 'name.familyName', note: '' }
]
