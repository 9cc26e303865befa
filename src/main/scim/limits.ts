/** The largest request body the SCIM server reads; larger ones get 413. */
export const maxBodyBytes = 1024 * 1024

/**
 * The longest userName or group displayName the server keeps. A longer one could be created but never found: Okta
 * looks a user up by `userName eq "…"`, and a filter is at most 4,096 characters (filter/parser.ts). Okta's usernames
 * are at most 100 characters, an email address 254, Entra's userPrincipalName 113.
 */
export const maxNameLength = 1024
