import { expect } from 'vitest'

export const errorUrn = 'urn:ietf:params:scim:api:messages:2.0:Error'
export const scimJson = 'application/scim+json; charset=utf-8'

/**
 * An RFC 7644 §3.12 error answer: the SCIM media type, the Error schema, the status as a string, the scimType (absent
 * when not given), and a detail that is a sentence for an admin (Okta shows it), not a code or a stack trace.
 */
export function expectError(
  response: { readonly status: number; readonly headers: Headers; readonly body: Record<string, unknown>; readonly text?: string },
  status: number,
  scimType?: string
): void {
  expect(response.status, response.text).toBe(status)
  expect(response.headers.get('content-type')).toBe(scimJson)
  expect(response.body.schemas).toEqual([errorUrn])
  expect(response.body.status).toBe(String(status))
  expect(response.body.scimType).toBe(scimType)
  expect(typeof response.body.detail).toBe('string')
  expect(String(response.body.detail)).toMatch(/^\S.{10,}[.)]$/s)
  expect(String(response.body.detail)).not.toMatch(/\bat .+\.ts:\d+|undefined undefined|\[object Object\]/)
}
