import { describe, expect, it } from 'vitest'
import { missingBodyNote, targetText } from './log-format'

describe('the note where the log holds no request body', () => {
  it('says no body was sent when none was', () => {
    expect(missingBodyNote({ method: 'GET', status: 200, requestHeaders: {} })).toBe('No body: Okta sends none with this request.')
    expect(missingBodyNote({ method: 'POST', status: 400, requestHeaders: { 'content-length': '0' } })).toBe('No body was sent.')
  })

  it('says a body refused at the door was sent and not kept, with its size', () => {
    expect(missingBodyNote({ method: 'POST', status: 401, requestHeaders: { 'content-length': '327' } })).toBe(
      'Not kept: a body was sent (327 bytes), but SCIM Console keeps none for a request it refused before reading it.'
    )
    expect(missingBodyNote({ method: 'PATCH', status: 429, requestHeaders: { 'Transfer-Encoding': 'chunked' } })).toBe(
      'Not kept: a body was sent, but SCIM Console keeps none for a request it refused before reading it.'
    )
  })

  it('says a body too large to read was sent, with its size', () => {
    expect(missingBodyNote({ method: 'POST', status: 413, requestHeaders: { 'content-length': '1100062' } })).toBe(
      'Not kept: the body sent (1.05 MB) is larger than SCIM Console reads.'
    )
  })
})

describe('what a request was about', () => {
  const lookup = { operation: 'lookup-user', targetName: null, targetId: null, path: '/scim/v2/acme/Users?filter=userName%20eq%20%22ada%40acme.com%22' } as const

  it('reads the userName a refused lookup asked for from its path', () => {
    expect(targetText(lookup)).toBe('ada@acme.com')
  })

  it("names nobody for Entra's Test Connection, which looks up a made-up GUID", () => {
    const path = '/scim/v2/acme/Users?aadOptscim062020&filter=userName%20eq%20%227c5a0e1f-2f4e-4a5b-9c1d-0e2f3a4b5c6d%22'
    expect(targetText({ ...lookup, operation: 'test-credentials', path })).toBeNull()
  })
})
