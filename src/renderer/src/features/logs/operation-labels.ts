/** The operation filter's grouping, and each operation's name in its client's words (src/shared, so main says them too). */
import type { Operation } from '../../../../shared/models'

/** Operations grouped as an Okta admin thinks of them, for the operation filter. */
export const operationGroups: ReadonlyArray<{ readonly group: string; readonly operations: readonly Operation[] }> = [
  { group: 'Connection', operations: ['test-credentials', 'discovery'] },
  {
    group: 'Users',
    operations: ['lookup-user', 'create-user', 'get-user', 'update-user', 'sync-password', 'deactivate-user', 'reactivate-user', 'delete-user', 'import-users', 'list-users']
  },
  {
    group: 'Groups',
    operations: ['lookup-group', 'group-push-create', 'group-push-update', 'group-push-delete', 'get-group', 'import-groups', 'list-groups']
  },
  { group: 'Other', operations: ['unknown'] }
]

export { isOperation } from '../../../../shared/models'
export { consoleChangeName, entraOperationName, entryOperationLabel, operationLabel } from '../../../../shared/operation-labels'
