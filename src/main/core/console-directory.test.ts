import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor, groupBodyFromDraft, userBodyFromDraft } from './console-directory'

describe('userBodyFromDraft', () => {
  it("builds Okta's shape for a new user: name, the primary work email, active", () => {
    expect(userBodyFromDraft({ userName: ' jane@acme.test ', givenName: 'Jane', familyName: 'Doe', email: 'jane@acme.test', externalId: '' })).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'jane@acme.test',
      name: { givenName: 'Jane', familyName: 'Doe' },
      emails: [{ value: 'jane@acme.test', type: 'work', primary: true }],
      active: true
    })
  })

  it('keeps what the form does not show, clears what it empties, and leaves undefined fields alone', () => {
    const current = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'jane@acme.test',
      name: { givenName: 'Jane', familyName: 'Doe', formatted: 'Jane Doe', middleName: 'Q' },
      displayName: 'Jane Doe',
      emails: [
        { value: 'home@acme.test', type: 'home' },
        { value: 'jane@acme.test', type: 'work', primary: true, display: 'Jane' }
      ],
      locale: 'en-US'
    }
    const body = userBodyFromDraft({ userName: 'jane@acme.test', familyName: 'Smith', displayName: '', email: 'jane.smith@acme.test' }, current, false)
    expect(body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'jane@acme.test',
      name: { givenName: 'Jane', familyName: 'Smith', middleName: 'Q' },
      emails: [
        { value: 'home@acme.test', type: 'home' },
        { value: 'jane.smith@acme.test', type: 'work', primary: true }
      ],
      locale: 'en-US',
      active: false
    })
    // The stored body is not changed in place.
    expect(current.name.familyName).toBe('Doe')
  })

  it('removes the primary email when the form empties it, and the first email when none is primary', () => {
    const current = { userName: 'x', emails: [{ value: 'a@x.test' }, { value: 'b@x.test' }] }
    expect(userBodyFromDraft({ userName: 'x', email: '' }, current).emails).toEqual([{ value: 'b@x.test' }])
    expect(userBodyFromDraft({ userName: 'x', email: '' }, { userName: 'x', emails: [{ value: 'a@x.test' }] }).emails).toBeUndefined()
  })
})

describe('groupBodyFromDraft', () => {
  it('names members by user id, and keeps the current members when the draft has none', () => {
    expect(groupBodyFromDraft({ displayName: 'Sales', memberIds: ['u1', 'u2'] })).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Sales',
      members: [{ value: 'u1' }, { value: 'u2' }]
    })
    expect(groupBodyFromDraft({ displayName: 'Sales EMEA' }, { displayName: 'Sales', externalId: 'okta-1' }, ['u1']).members).toEqual([{ value: 'u1' }])
    expect(groupBodyFromDraft({ displayName: 'Sales', externalId: '' }, { displayName: 'Sales', externalId: 'okta-1' }).externalId).toBeUndefined()
  })
})

describe('page cursor', () => {
  it('round-trips the position of the last row listed, within the 40 characters IPC allows', () => {
    expect(decodeCursor(encodeCursor(17))).toBe(17)
    expect(encodeCursor(Number.MAX_SAFE_INTEGER).length).toBeLessThanOrEqual(40)
    expect(decodeCursor(encodeCursor(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER)
  })

  it('refuses what it did not make: an old row offset, junk, a negative or fractional position', () => {
    for (const cursor of ['2', '', 'not base64 !', Buffer.from('{"after":-1}').toString('base64url'), Buffer.from('{"after":1.5}').toString('base64url'), Buffer.from('[3]').toString('base64url')]) {
      expect(decodeCursor(cursor), cursor).toBeNull()
    }
  })
})
