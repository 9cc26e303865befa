import { describe, expect, it } from 'vitest'
import { namesSecret, redactJson, redactQuery, redactRawBody, redacted, redactResponse, redactTokens } from './redact'

describe('namesSecret', () => {
  it('reads an attribute by its last part, in any case', () => {
    expect(['password', 'Password', 'urn:ietf:params:scim:schemas:core:2.0:User:password', 'extension.secret'].map(namesSecret)).toEqual([true, true, true, true])
    expect(['changePassword', 'passwordless', 'userName', 42].map(namesSecret)).toEqual([false, false, false, false])
  })

  it('knows a secret by each secret word as a whole name: passwd, pwd and api_key, as password and secret', () => {
    expect(['passwd', 'PWD', 'urn:x:User:pwd', 'api_key', 'apiKey', 'access_token'].map(namesSecret)).toEqual([true, true, true, true, true, true])
    expect(['passwordLastSet', 'pwdHint', 'apiKeyId'].map(namesSecret)).toEqual([false, false, false])
  })
})

describe('redactResponse', () => {
  it('keeps an answer that names no secret as it is, byte for byte', () => {
    const text = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ann@example.com","changePassword":{"supported":true}}'
    expect(redactResponse(text)).toBe(text)
  })

  it('redacts a secret-named key at any depth, and under a URN', () => {
    const text = JSON.stringify({ a: { Secret: 's1', list: [{ token: 's2' }] }, 'urn:x:User:password': 's3', detail: 'a password was sent' })
    expect(JSON.parse(redactResponse(text))).toEqual({ a: { Secret: '[redacted]', list: [{ token: '[redacted]' }] }, 'urn:x:User:password': '[redacted]', detail: 'a password was sent' })
  })

  it('masks a plain value under any key with a secret word, and walks an object under one', () => {
    const text = JSON.stringify({ apiSecret: 's1', accessToken: 7, changePassword: { supported: true }, passwordLastSet: '2026-01-02' })
    expect(JSON.parse(redactResponse(text))).toEqual({ apiSecret: '[redacted]', accessToken: '[redacted]', changePassword: { supported: true }, passwordLastSet: '[redacted]' })
  })

  it('masks an answer that is not JSON by pattern', () => {
    expect(redactResponse('{"password":"s1",')).toBe('{"password":"[redacted]",')
  })
})

describe('redactQuery', () => {
  it("leaves Okta's lookups alone", () => {
    const query = `?filter=${encodeURIComponent('userName eq "ann@example.com"')}&startIndex=1&count=100`
    expect(redactQuery(query)).toBe(query)
  })

  it('redacts credentials by parameter name, however it is cased or escaped', () => {
    expect(redactQuery('?TOKEN=a&%70assword=b&api_key=c&bearer=d&count=1')).toBe('?TOKEN=[redacted]&%70assword=[redacted]&api_key=[redacted]&bearer=[redacted]&count=1')
  })

  it('redacts a parameter whose name holds a secret word, as a body key is, however it is cased or escaped', () => {
    expect(redactQuery('?passwd=a&PWD=b&apiSecret=c&access-token=d&%70wd=e&new%50assword=f&X-Api-Key=g&count=1')).toBe(
      '?passwd=[redacted]&PWD=[redacted]&apiSecret=[redacted]&access-token=[redacted]&%70wd=[redacted]&new%50assword=[redacted]&X-Api-Key=[redacted]&count=1'
    )
  })

  it("masks the console's tokens wherever they stand", () => {
    const token = `scim_${'A1b2'.repeat(10)}xyz`
    expect(redactQuery(`?note=${token}`)).not.toContain(token)
  })

  it('masks the value a filter compares a secret with, and nothing else of the filter', () => {
    const query = `?filter=${encodeURIComponent('userName eq "ann" and urn:ietf:params:scim:schemas:core:2.0:User:password eq "hunter2"')}`
    expect(decodeURIComponent(redactQuery(query))).toBe('?filter=userName eq "ann" and urn:ietf:params:scim:schemas:core:2.0:User:password eq "[redacted]"')
  })

  it('knows a secret by the same words in a filter as in a body: passwd, apiSecret, api_key', () => {
    for (const attribute of ['passwd', 'apiSecret', 'x.api_key', 'newPassword']) {
      const query = `?filter=${encodeURIComponent(`${attribute} eq "hunter2"`)}`
      expect(decodeURIComponent(redactQuery(query)), attribute).toBe(`?filter=${attribute} eq "[redacted]"`)
      expect(redactRawBody(`{"${attribute}": "hunter2"`), attribute).not.toContain('hunter2')
    }
  })
})

describe('pwd', () => {
  it('is a secret word like passwd in every mask: a key, a PATCH path, text, a filter and an answer', () => {
    expect(redactJson({ pwd: 'Key-Secret', 'urn:x:User:pwd': 'Urn-Secret' })).not.toMatch(/Key-Secret|Urn-Secret/)
    expect(redactJson({ Operations: [{ op: 'replace', path: 'pwd', value: 'Path-Secret' }] })).not.toContain('Path-Secret')
    expect(redactRawBody('{"pwd": "Text-Secret"')).not.toContain('Text-Secret')
    expect(redactRawBody('{"path": "x:pwd", "value": "Text-Path-Secret"')).not.toContain('Text-Path-Secret')
    expect(decodeURIComponent(redactQuery(`?filter=${encodeURIComponent('pwd eq "Filter-Secret"')}`))).toBe('?filter=pwd eq "[redacted]"')
    expect(JSON.parse(redactResponse(JSON.stringify({ extension: { pwd: 'Answer-Secret' } })))).toEqual({ extension: { pwd: '[redacted]' } })
  })
})

describe('redactTokens', () => {
  it("masks a console token pasted into a path, keeping what tells tokens apart, and leaves other paths as they are", () => {
    const token = `scim_${'Zx9-'.repeat(10)}abc`
    expect(redactTokens(`/scim/v2/acme/${token}/Users`)).toBe('/scim/v2/acme/scim_Zx9-…[redacted]/Users')
    expect(redactTokens('/scim/v2/acme/Users/2819c223-7f76-453a-919d-413861904646')).toBe('/scim/v2/acme/Users/2819c223-7f76-453a-919d-413861904646')
  })
})

describe('long runs of name characters (a client can send 16 KB of URL and 1 MB of body)', () => {
  // Each pattern reads a name whole, once: one that looked for a secret word inside the run took minutes on these.
  it('masks the value a long secret-named filter attribute is compared with', () => {
    const path = 'password'.repeat(2000)
    expect(redactQuery(`?filter=${encodeURIComponent(`${path} eq "hunter2"`)}`)).toBe(`?filter=${encodeURIComponent(`${path} eq "${redacted}"`)}`)
    expect(redactQuery(`?filter=${'password'.repeat(2000)}`)).toBe(`?filter=${'password'.repeat(2000)}`)
  })

  it('masks by name in a megabyte of text that is not JSON, and leaves a run that names nothing as it came', () => {
    // The log keeps the first 64 KB of a body; the masks read all of it first.
    const run = 'password'.repeat(125_000)
    const kept = (text: string) => text.slice(0, 100)
    expect(kept(redactRawBody(`"${run}`))).toBe(kept(`"${run}`))
    expect(kept(redactRawBody(`{"pwd": "hunter2", "${run}": "x"`))).toBe(kept(`{"pwd": "${redacted}", "${run}": "x"`))
    expect(kept(redactRawBody(`"path":"${run}`))).toBe(kept(`"path":"${run}`))
    expect(kept(redactRawBody(`pwd=hunter2&${'?'.repeat(1_000_000)}`))).toBe(kept(`pwd=${redacted}&${'?'.repeat(1_000_000)}`))
    expect(kept(redactResponse(`{"secret":"hunter2","${run}":"x"`))).toBe(kept(`{"secret":"${redacted}","${run}":"x"`))
  })
})
