import { describe, expect, it } from 'vitest'
import { legacyErrorFacts, legacyErrorFactsOfStep15, type LegacyRow } from './legacy-error-facts'

// The details as SCIM Console worded them before migration 14, which the log's diagnosis read its facts out of.
describe('the facts of a 400 logged before migration 14', () => {
  const attribute = (detail: string) => legacyErrorFacts(400, detail)?.attribute ?? null

  it("finds the attribute a 400's detail names", () => {
    expect(attribute('The attribute name.givenName must be a string, but it is 3.')).toBe('name.givenName')
    expect(attribute('The path "emails[type eq" is not valid: unclosed bracket.')).toBe('emails[type eq')
    expect(attribute('The member members[1] has no "value"; it must be the SCIM id of a user, as a string.')).toBe('members[1]')
    expect(legacyErrorFacts(400, 'Something else went wrong.')).toBeNull()
  })

  it('names an item of a multi-valued attribute whole, and a filtered path past its inner quotes', () => {
    expect(attribute('The attribute phoneNumbers[0].value must be a string, but it is the number 4151234567.')).toBe('phoneNumbers[0].value')
    expect(legacyErrorFacts(400, 'Operation 1 of 1 (remove members[value eq "x"]): The path "members[value eq "x"]" is not valid: no such attribute.')).toEqual({
      attribute: 'members[value eq "x"]',
      operation: 1
    })
    expect(attribute('The path "phoneNumbers[type eq "mobile"" is not valid: its \'[\' is never closed by \']\'.')).toBe('phoneNumbers[type eq "mobile"')
  })

  it('reads a missing userName or displayName, and a PATCH over the limit', () => {
    expect(legacyErrorFacts(400, "The user has no userName. Okta sends the user's email as userName; check the app's username format.")).toEqual({ attribute: 'userName', missing: true })
    expect(legacyErrorFacts(400, 'The group has no displayName, so it cannot be created. Every group needs one, as a non-empty string.')).toEqual({
      attribute: 'displayName',
      missing: true
    })
    expect(legacyErrorFacts(400, 'The PATCH has 2000 operations; at most 1000 are accepted. Send the changes in several PATCH requests.')).toEqual({
      operationCount: 2000,
      operationLimit: 1000
    })
  })
})

// The details as SCIM Console worded them before migration 15, which the log's diagnosis read its facts out of.
describe('the facts of a 409, 429, 5xx or unreadable 400 logged before migration 15', () => {
  const row = (status: number, detail: string, more: Partial<LegacyRow> = {}) =>
    legacyErrorFactsOfStep15({ status, detail, errorType: null, injected: false, hasBody: true, ...more })

  it('reads the name a 409 found taken, and how its holder writes it', () => {
    expect(row(409, 'A user with the userName "jane@acme.com" already exists (deactivated).')).toEqual({ wantedName: 'jane@acme.com' })
    expect(row(409, 'A group named "sales team" already exists. It is written "Sales Team": group names that differ only in case are the same here.')).toEqual({
      wantedName: 'sales team',
      heldAs: 'Sales Team'
    })
  })

  it("reads a 429's Retry-After and budget, as the server worded them and as older entries did, and an injected rule's minute", () => {
    expect(row(429, 'Too many requests: Acme Corp allows 60 requests a minute. Retry after 7 seconds.')).toEqual({ retryAfter: 7, rateLimit: 60 })
    for (const detail of ['allows 1 request a minute. Retry after 1 second.', 'allows 1 requests a minute. Retry after 1 seconds.']) {
      expect(row(429, `Too many requests: Acme Corp ${detail}`), detail).toEqual({ retryAfter: 1, rateLimit: 1 })
    }
    expect(row(429, 'Too many requests: Acme Corp is throttled to 2 requests a minute. Retry after 30 seconds. (Injected by SCIM Console fault injection for training.)', { injected: true })).toEqual({
      retryAfter: 30,
      rateLimit: 2
    })
    // A 429 rule's detail is the trainer's sentence; faults.ts sent it with Retry-After: 60.
    expect(row(429, 'Slow down. (Injected by SCIM Console fault injection for training.)', { injected: true })).toEqual({ retryAfter: 60 })
    expect(row(429, 'Slow down.')).toBeNull()
  })

  it('reads which failure of storage, a stopping server or a bug a 5xx was', () => {
    expect(row(507, 'The disk that holds the SCIM Console database is full, so the change was not saved. Free some disk space, then try again.')).toEqual({ storage: 'full' })
    expect(
      row(
        503,
        'The SCIM Console database was busy: another SCIM Console process (the app, "scim-console serve" or the CLI) held it for more than 5 seconds, so the change was not saved. Try again in a moment.'
      )
    ).toEqual({ storage: 'busy' })
    expect(row(503, 'The SCIM Console database cannot be written (the file or its folder is read-only), so the change was not saved. Check its permissions.')).toEqual({ storage: 'read-only' })
    expect(
      row(
        503,
        "SCIM Console's database file was deleted or moved while SCIM Console was running, so the change was not saved: it would have been lost when SCIM Console stops. Put the file back, or restart SCIM Console and restore a backup, then try again."
      )
    ).toEqual({ storage: 'removed' })
    expect(row(503, 'The SCIM Console database could not be written (SQLITE_IOERR_WRITE), so the change was not saved. Check the disk, then try again.')).toEqual({
      storage: 'io',
      storageCode: 'SQLITE_IOERR_WRITE'
    })
    // A sentence that only looks like the disk's is not one.
    expect(row(503, 'The SCIM Console database could not be written (anything at all), so the change was not saved. Check the disk, then try again.')).toBeNull()
    expect(row(503, 'SCIM Console is stopping, so it did not take this request. Retry it once SCIM Console is running again.')).toEqual({ stopping: true })
    expect(row(500, 'Internal error 3fa2b1c9. The request was not applied; retry it, and report the id to SCIM Console support if it recurs.')).toEqual({ errorId: '3fa2b1c9' })
    expect(row(501, 'SCIM Console does not offer /Bulk.')).toBeNull()
  })

  it('reads a body that is not JSON or not UTF-8, and a list parameter of a request without a body', () => {
    expect(row(400, 'The request body is not valid JSON: it ends before the JSON does (a closing "}", "]" or quote is missing).', { errorType: 'invalidSyntax' })).toEqual({ notJson: true })
    expect(row(400, 'The request body is not JSON: a SCIM body is a JSON object, which starts with "{", and this one starts with "x".', { errorType: 'invalidSyntax' })).toEqual({
      notJson: true
    })
    expect(
      row(400, 'The request body is not valid UTF-8, which SCIM requires (RFC 7644 §3.8): byte 0xE9 at offset 40 (counted from 0) does not begin a valid UTF-8 character. Send the body encoded as UTF-8.', {
        errorType: 'invalidSyntax'
      })
    ).toEqual({ notUtf8: true })
    expect(row(400, 'startIndex must be a whole number, not "x".', { errorType: 'invalidValue', hasBody: false })).toEqual({ parameter: 'startIndex' })
    expect(row(400, 'startIndex must be a whole number, not "x".', { errorType: 'invalidValue' })).toBeNull()
  })
})
