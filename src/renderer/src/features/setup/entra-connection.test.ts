import { describe, expect, it } from 'vitest'
import type { Operation } from '../../../../shared/models'
import { entraConnectionRequest } from './entra-connection'

const entra = 'Azure Active Directory SCIM Client'
const request = (id: number, operation: Operation, client: string | null = entra, path = '/scim/v2/contoso/Users') => ({ id, operation, client, path })

describe("the request that says whether Entra can reach the tenant", () => {
  it("is Entra's latest connection check, not a later create refused for its data", () => {
    expect(entraConnectionRequest([request(3, 'create-user'), request(2, 'test-credentials'), request(1, 'test-credentials')])?.id).toBe(2)
  })

  it("is Entra's latest request when no check is among them", () => {
    expect(entraConnectionRequest([request(2, 'update-user'), request(1, 'create-user')])?.id).toBe(2)
  })

  it("ignores other clients' requests, and knows Entra by the aadOptscim062020 flag", () => {
    const okta = request(3, 'test-credentials', 'Okta SCIM Client 1.0.0')
    const flagged = request(2, 'lookup-user', null, '/scim/v2/contoso/Users?aadOptscim062020&filter=x')
    expect(entraConnectionRequest([okta, flagged])?.id).toBe(2)
    expect(entraConnectionRequest([okta])).toBeUndefined()
  })
})
