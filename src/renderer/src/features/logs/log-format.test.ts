import { describe, expect, it } from 'vitest'
import { missingBodyNote } from './log-format'

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
