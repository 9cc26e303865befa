import { describe, expect, it } from 'vitest'
import { operations, type Operation } from './models'
import { entraOperationName, entryOperationLabel, operationLabel } from './operation-labels'

const okta = 'Okta SCIM Client 1.0.0'
const entra = 'Azure Active Directory SCIM Client'
const users = '/scim/v2/acme/Users'
/** The label of an operation that `client` (a User-Agent) sent to the Users endpoint. */
const labelFrom = (client: string) => (operation: Operation) => entryOperationLabel({ operation, client, path: users, authScheme: 'bearer' })

describe('entryOperationLabel', () => {
  it("names Entra's requests as Entra's provisioning logs and Microsoft's SCIM guide do", () => {
    const label = labelFrom(entra)
    expect(label('create-user')).toBe('Create user')
    expect(label('update-user')).toBe('Update user')
    expect(label('deactivate-user')).toBe('Disable user')
    expect(label('delete-user')).toBe('Delete user')
    expect(label('get-user')).toBe('Get user')
    expect(label('lookup-user')).toBe('Get user by query')
    // Entra's Test Connection, lookups of a user and a group named by random GUIDs (src/main/scim/operation.ts).
    expect(label('test-credentials')).toBe('Test connection')
    expect(label('group-push-create')).toBe('Create group')
    expect(label('group-push-update')).toBe('Update group')
    expect(label('group-push-delete')).toBe('Delete group')
  })

  it('knows Entra by the aadOptscim062020 flag of its Tenant URL when the User-Agent does not say', () => {
    expect(entryOperationLabel({ operation: 'create-user', client: null, path: `${users}?aadOptscim062020`, authScheme: 'bearer' })).toBe('Create user')
  })

  it("keeps Okta's words for Okta's requests", () => {
    const label = labelFrom(okta)
    expect(label('create-user')).toBe('Push new user')
    expect(label('update-user')).toBe('Push profile update')
    expect(label('deactivate-user')).toBe('Deactivate')
    expect(label('test-credentials')).toBe('Test API Credentials')
    expect(label('group-push-create')).toBe('Group push: create')
  })

  it('says that a change made in SCIM Console was made there, in plain words, for users and groups', () => {
    const label = (operation: Operation) => entryOperationLabel({ operation, client: 'SCIM Console', path: users, authScheme: 'console' })
    expect(label('create-user')).toBe('Created in SCIM Console')
    expect(label('update-user')).toBe('Edited in SCIM Console')
    expect(label('deactivate-user')).toBe('Deactivated in SCIM Console')
    expect(label('reactivate-user')).toBe('Reactivated in SCIM Console')
    expect(label('delete-user')).toBe('Deleted in SCIM Console')
    expect(label('group-push-create')).toBe('Group created in SCIM Console')
    expect(label('group-push-update')).toBe('Group edited in SCIM Console')
    expect(label('group-push-delete')).toBe('Group deleted in SCIM Console')
  })

  it('does not take a request for a console change because its User-Agent says "SCIM Console"', () => {
    expect(entryOperationLabel({ operation: 'delete-user', client: 'SCIM Console', path: users, authScheme: 'bearer' })).toBe('Delete user')
  })

  it("gives curl and scripts plain words, not an identity provider's", () => {
    const label = labelFrom('curl/8.5.0')
    expect(label('create-user')).toBe('Create user')
    expect(label('update-user')).toBe('Update user')
    expect(label('deactivate-user')).toBe('Deactivate user')
    expect(label('test-credentials')).toBe('List users')
    expect(label('group-push-create')).toBe('Create group')
    expect(label('lookup-user')).toBe('Look up user')
  })
})

describe('operationLabel', () => {
  it("speaks Okta's words where no client is named (fault rules, the operation filter)", () => {
    expect(operationLabel('create-user')).toBe('Push new user')
  })

  it('names every operation for every client', () => {
    for (const operation of operations) {
      for (const client of ['okta', 'entra', 'other'] as const) expect(operationLabel(operation, client)).not.toBe('')
    }
  })

  it('has no Entra name for what Entra never sends, paged imports', () => {
    expect(entraOperationName('import-users')).toBeNull()
    expect(operationLabel('import-users', 'entra')).toBe('List users')
  })
})
