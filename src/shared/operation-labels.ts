/** What each SCIM operation is called in Okta's admin console, so the log and the console read in the customer's words. */
import type { Operation } from './models'
import { assertNever } from './result'

/** Okta's name for an operation. */
export function operationLabel(operation: Operation): string {
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
