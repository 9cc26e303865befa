import { describe, expect, it } from 'vitest'
import { legacyErrorFacts } from './legacy-error-facts'

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
