import { describe, expect, it } from 'vitest'
import { decodeBody, jsonSyntaxDetail } from './body-encoding'
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

describe('jsonSyntaxDetail', () => {
  // The detail of a body as the server reads it: JSON.parse's error, explained.
  function detail(body: string, contentType: string | undefined = json): string {
    try {
      JSON.parse(body)
    } catch (error) {
      return jsonSyntaxDetail(body, error, contentType)
    }
    throw new Error(`${body} parsed`)
  }

  it('points at the line and column where the JSON breaks, and the character found there', () => {
    expect(detail('{"a":1,}')).toBe(`The request body is not valid JSON: expected double-quoted property name, at line 1, column 8, where it has "}".`)
    expect(detail('{\n  "userName": "ann"\n  "active": true\n}')).toBe(
      `The request body is not valid JSON: expected ',' or '}' after property value, at line 3, column 3, where it has a double quote.`
    )
  })

  it('says that a body goes on after its JSON, where', () => {
    expect(detail('{"a":1}}')).toBe('The request body is not valid JSON: it goes on after the JSON ends, at line 1, column 8, where it has "}".')
    expect(detail('{"a":1}\n{"b":2}')).toBe('The request body is not valid JSON: it goes on after the JSON ends, at line 2, column 1, where it has "{".')
  })

  it('says a body ends too soon, and what a body that is not JSON at all starts with', () => {
    expect(detail('{"userName": "ann"')).toBe('The request body is not valid JSON: it ends before the JSON does (a closing "}", "]" or quote is missing).')
    expect(detail('hello')).toBe('The request body is not JSON: a SCIM body is a JSON object, which starts with "{", and this one starts with "h".')
    expect(detail('\uFEFF{}')).toMatch(/^The request body starts with a byte order mark \(U\+FEFF\)/)
  })

  it('names a Content-Type that is not JSON, and never repeats the body, whose secrets the engine quotes', () => {
    const form = detail('password=hunter2&userName=ann', 'application/x-www-form-urlencoded')
    expect(form).toContain('Its Content-Type is application/x-www-form-urlencoded: send JSON, with Content-Type application/scim+json.')
    expect(form).not.toContain('hunter')
    expect(detail('{"password":"hunter2",}', 'text/plain; charset=utf-8')).not.toContain('hunter')
  })
})
