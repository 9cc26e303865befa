import { describe, expect, it } from 'vitest'
import { decodeBody } from './body-encoding'
import { ScimError } from './errors'

const json = 'application/scim+json'

// The detail of the refusal of `latin1` bytes, or the text they decode to.
function decoded(latin1: string, contentType: string | undefined = json): string {
  const result = decodeBody(contentType, Buffer.from(latin1, 'latin1'))
  return result instanceof ScimError ? `${result.status} ${result.detail}` : result
}

describe('decodeBody', () => {
  it('decodes UTF-8 as it was sent, a U+FFFD and a byte order mark included', () => {
    expect(decoded('{"a":"caf\xc3\xa9 \xef\xbf\xbd \xf0\x9f\x98\x80"}')).toBe('{"a":"café \uFFFD 😀"}')
    expect(decoded('\xef\xbb\xbf{}')).toBe('\uFEFF{}')
  })

  it('names the first byte that is not UTF-8: a stray, a truncated, an overlong or a surrogate sequence', () => {
    expect(decoded('{"a":"\xff"}')).toMatch(/^400 .*byte 0xFF at offset 6 /)
    expect(decoded('{"a":"\xef\xbf\xbd\x80"}')).toMatch(/byte 0x80 at offset 9 /)
    expect(decoded('{"a":"\xe2\x82"}')).toMatch(/byte 0xE2 at offset 6 /)
    expect(decoded('{"a":"\xc0\xaf"}')).toMatch(/byte 0xC0 at offset 6 /)
    expect(decoded('{"a":"ok\xed\xa0\x80"}')).toMatch(/byte 0xED at offset 8 /)
    expect(decoded('\xc3\xa9\xc3')).toMatch(/byte 0xC3 at offset 2 /)
  })

  it('refuses another declared charset with 415, and takes utf-8 however it is written', () => {
    expect(decoded('{}', `${json}; charset=iso-8859-1`)).toMatch(/^415 .*iso-8859-1/)
    expect(decoded('{}', `${json}; charset="Shift_JIS"`)).toMatch(/^415 .*Shift_JIS/)
    for (const type of [undefined, json, `${json}; charset=UTF-8`, `${json};charset="utf-8"`, `${json}; CHARSET=utf8`, `${json}; charset=`]) {
      expect(decoded('{}', type), String(type)).toBe('{}')
    }
  })
})
