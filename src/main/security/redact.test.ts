import { describe, expect, it } from 'vitest'
import { mayHoldSecret } from '../scim/redact'
import { redactSecrets } from './redact'

// Names that hold a secret's word, in the forms clients and tools write them, and names that do not.
const names = [
  'password', 'Passwd', 'pwd', 'x.pwd', 'newPassword', 'secret', 'client_secret', 'apiSecret', 'token', 'access_token',
  'refresh-token', 'accessToken', 'api_key', 'X-Api-Key', 'apikey', 'passwordLastSet',
  'userName', 'count', 'displayName', 'keyboard', 'passage', 'compass'
]

describe('redactSecrets and the provisioning log', () => {
  it('mask a value under the same names: one notion of a secret word for console, crash and CLI output and the log', () => {
    for (const name of names) {
      const masked = !redactSecrets(`${name}=Hunter-2`).includes('Hunter-2')
      expect(masked, name).toBe(mayHoldSecret(name))
      expect(!redactSecrets(`{"${name}": "Hunter-2"}`).includes('Hunter-2'), name).toBe(masked)
    }
  })

  it('masks a short password field as the log does: pwd and passwd', () => {
    expect(redactSecrets('login failed: pwd=Hunter-2, passwd: Hunter-3')).toBe('login failed: pwd=[redacted], passwd: [redacted]')
  })
})
