/** The largest request body the SCIM server reads; larger ones get 413. */
export const maxBodyBytes = 1024 * 1024
/** `maxBodyBytes` as a detail and the log's diagnosis of a 413 write it. */
export const maxBodySize = `${maxBodyBytes / 1024 / 1024} MB`

/**
 * The longest userName or group displayName the server keeps, in Unicode characters (code points, so an emoji is one;
 * not grapheme clusters, which a client can make any number of units long with combining marks). A longer one could be created but never found: Okta
 * looks a user up by `userName eq "…"`, and a filter is at most 4,096 characters (filter/parser.ts). A name of 1,024 characters
 * takes at most 2,048 UTF-16 units, quoted or escaped, so its lookup fits. Okta's usernames
 * are at most 100 characters, an email address 254, Entra's userPrincipalName 113.
 */
export const maxNameLength = 1024

/**
 * The most paths an `attributes` or `excludedAttributes` list may name; a longer one is refused with 400. The User
 * schema with its enterprise extension has under 100 attributes and sub-attributes, so a client never needs more.
 * Applying a projection costs its length for each attribute of each resource answered: 60,000 paths in a /.search body
 * (within the 1 MB limit) held the thread that answers every tenant for 18 seconds over a page of 1,000 users.
 */
export const maxProjectionPaths = 100

/**
 * The most values a user's multi-valued attribute (emails, phoneNumbers, addresses, roles…) may hold; more is refused
 * with 400. Okta sends one email and Entra a few of each. A PATCH copies and compares the attribute it changes for each
 * operation, so 15,000 emails and 1,000 adds held the thread that answers every tenant for 15 seconds. Not a group's
 * members, which are rows and grow large on purpose.
 */
export const maxUserAttributeValues = 100
