/**
 * What each SCIM operation is called by the client that sent it: Okta's admin console words for Okta's requests,
 * Microsoft's for Entra's, and plain SCIM words for curl or a script, so that the log reads as the admin's own logs do.
 * A change made in SCIM Console itself says so, in plain words.
 */
import { requestClientOf, type RequestClient } from './identity-provider'
import { madeInConsole, type LogEntrySummary, type Operation } from './models'
import { assertNever } from './result'

/** Okta's name for an operation. */
function oktaLabel(operation: Operation): string {
  switch (operation) {
    case 'test-credentials':
      return 'Test API Credentials'
    case 'lookup-user':
      return 'Look up user'
    case 'create-user':
      return 'Push new user'
    case 'get-user':
      return 'Read user'
    case 'update-user':
      return 'Push profile update'
    case 'sync-password':
      return 'Push password update'
    case 'deactivate-user':
      return 'Deactivate'
    case 'reactivate-user':
      return 'Reactivate'
    case 'delete-user':
      return 'Delete user'
    case 'import-users':
      return 'Import users'
    case 'list-users':
      return 'List users'
    case 'lookup-group':
      return 'Look up group'
    case 'import-groups':
      return 'Import groups'
    case 'list-groups':
      return 'List groups'
    case 'get-group':
      return 'Read group'
    case 'group-push-create':
      return 'Group push: create'
    case 'group-push-update':
      return 'Group push: update'
    case 'group-push-delete':
      return 'Group push: delete'
    case 'discovery':
      return 'Discovery'
    case 'unknown':
      return 'Other request'
    default:
      return assertNever(operation, 'Unknown operation')
  }
}

/**
 * Microsoft's name for an operation Entra sends. The writes take the Action of Entra's provisioning logs (Create,
 * Update, Disable, Delete) with the object; the reads take the names of Microsoft's SCIM guide ("Get User",
 * "Get User by query"), since Entra's logs show them only as steps of an action. Entra logs re-enabling a user as an
 * Update. Its connection check (lookups of a user and a group named by random GUIDs, sent by Test Connection and at
 * the start of each cycle) is Test connection. Null for what Entra never sends (paged imports): plain words serve those.
 */
export function entraOperationName(operation: Operation): string | null {
  switch (operation) {
    case 'test-credentials':
      return 'Test connection'
    case 'lookup-user':
      return 'Get user by query'
    case 'lookup-group':
      return 'Get group by query'
    case 'deactivate-user':
      return 'Disable user'
    case 'reactivate-user':
      return 'Update user (enable)'
    case 'create-user':
    case 'get-user':
    case 'update-user':
    case 'delete-user':
    case 'get-group':
    case 'group-push-create':
    case 'group-push-update':
    case 'group-push-delete':
      // Microsoft's words for these are the plain ones.
      return neutralLabel(operation)
    default:
      return null
  }
}

/** A client's operation in plain SCIM words, for curl and scripts, which have no admin console to match. */
function neutralLabel(operation: Operation): string {
  switch (operation) {
    case 'test-credentials':
    case 'import-users':
    case 'list-users':
      return 'List users'
    case 'create-user':
      return 'Create user'
    case 'get-user':
      return 'Get user'
    case 'update-user':
      return 'Update user'
    case 'sync-password':
      return 'Set password'
    case 'deactivate-user':
      return 'Deactivate user'
    case 'reactivate-user':
      return 'Reactivate user'
    case 'import-groups':
    case 'list-groups':
      return 'List groups'
    case 'get-group':
      return 'Get group'
    case 'group-push-create':
      return 'Create group'
    case 'group-push-update':
      return 'Update group'
    case 'group-push-delete':
      return 'Delete group'
    default:
      return oktaLabel(operation)
  }
}

/**
 * What a change made on SCIM Console's directory screens did, without where: "Deactivated", "Group created". A group's
 * change names the group; a user's reads as the user's own. For a column that says where beside it (an icon, the client).
 */
export function consoleChangeName(operation: Operation): string {
  switch (operation) {
    case 'create-user':
      return 'Created'
    case 'update-user':
      return 'Edited'
    case 'deactivate-user':
      return 'Deactivated'
    case 'reactivate-user':
      return 'Reactivated'
    case 'delete-user':
      return 'Deleted'
    case 'group-push-create':
      return 'Group created'
    case 'group-push-update':
      return 'Group edited'
    case 'group-push-delete':
      return 'Group deleted'
    default:
      // The console records only the writes above.
      return neutralLabel(operation)
  }
}

/** A change made in SCIM Console, saying where it was made: Support must not read a CSM's edit as a push from Okta. */
function consoleLabel(operation: Operation): string {
  return `${consoleChangeName(operation)} in SCIM Console`
}

/** The name of an operation in the words of `client`; Okta's, which the console speaks, when no client is known. */
export function operationLabel(operation: Operation, client: RequestClient = 'okta'): string {
  switch (client) {
    case 'okta':
      return oktaLabel(operation)
    case 'entra':
      return entraOperationName(operation) ?? neutralLabel(operation)
    case 'other':
      return neutralLabel(operation)
    default:
      return assertNever(client, 'Unknown client')
  }
}

/**
 * What a logged request did, in the words of the client that sent it (by its User-Agent and Tenant URL); what a change
 * made in SCIM Console did, in plain words that say so.
 */
export function entryOperationLabel(entry: Pick<LogEntrySummary, 'operation' | 'client' | 'path' | 'authScheme'>): string {
  return madeInConsole(entry) ? consoleLabel(entry.operation) : operationLabel(entry.operation, requestClientOf(entry.client, entry.path))
}

/**
 * An entry as the CSV/NDJSON export and `logs --json` give it: as logged, with `operationLabel` (its operation in its
 * client's words) beside the operation's id, which filters and scripts match on.
 */
export function withOperationLabel<T extends Pick<LogEntrySummary, 'operation' | 'client' | 'path' | 'authScheme'>>(entry: T): T & { readonly operationLabel: string } {
  return { ...entry, operationLabel: entryOperationLabel(entry) }
}
