/** What each SCIM operation is called in Okta's admin console, so the log reads in the customer's words. */
import type { Operation } from '../../../../shared/models'
import { assertNever } from '../../../../shared/result'

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

/** Operations grouped as an Okta admin thinks of them, for the operation filter. */
export const operationGroups: ReadonlyArray<{ readonly group: string; readonly operations: readonly Operation[] }> = [
  { group: 'Connection', operations: ['test-credentials', 'discovery'] },
  {
    group: 'Users',
    operations: ['lookup-user', 'create-user', 'get-user', 'update-user', 'deactivate-user', 'reactivate-user', 'delete-user', 'import-users', 'list-users']
  },
  {
    group: 'Groups',
    operations: ['lookup-group', 'group-push-create', 'group-push-update', 'group-push-delete', 'get-group', 'import-groups', 'list-groups']
  },
  { group: 'Other', operations: ['unknown'] }
]

export { isOperation } from '../../../../shared/models'
