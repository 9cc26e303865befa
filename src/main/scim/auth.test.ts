import { describe, expect, it } from 'vitest'
import { misshapenTokenDetail, readCredential, tokenShapeFault } from './auth'
import { redactAuthorization } from './redact'

const token = `scim_${'Ab1-_x'.repeat(7)}Z`

describe('readCredential', () => {
  it('reads Bearer, a bare token and Entra’s doubled Bearer alike', () => {
    expect([`Bearer ${token}`, token, `Bearer Bearer ${token}`, `  bearer   ${token}  `].map(readCredential)).toEqual([
      { scheme: 'bearer', secret: token },
      { scheme: 'bare', secret: token },
      { scheme: 'bearer', secret: token },
      { scheme: 'bearer', secret: token }
    ])
  })

  it('reads a bare token with a space or a tab in it as a token, not as a scheme named after its first piece', () => {
    expect(readCredential(`${token.slice(0, 20)} ${token.slice(20)}`)).toEqual({ scheme: 'bare', secret: `${token.slice(0, 20)} ${token.slice(20)}` })
    expect(tokenShapeFault(`${token.slice(0, 20)}\t${token.slice(20)}`)).toEqual({ kind: 'broken' })
  })

  it('reads no secret from an empty field, Basic or another scheme', () => {
    expect(['', 'Bearer', 'Basic dXNlcjpwYXNz', `SSWS ${token}`].map(readCredential)).toEqual([
      { scheme: 'none', secret: null },
      { scheme: 'bearer', secret: null },
      { scheme: 'basic', secret: null },
      { scheme: 'other', secret: null }
    ])
  })
})

describe('tokenShapeFault', () => {
  it('finds nothing wrong with a token of the right shape, or with a secret that is no scim_ token', () => {
    expect(token).toHaveLength(48)
    expect([token, 'eyJhbGciOiJIUzI1NiJ9.e30.sig', '00QCjAl4MlV-WPXM2B4bY7Ye6ZsAd'].map(tokenShapeFault)).toEqual([null, null, null])
  })

  it('names the quotes a token was pasted with', () => {
    expect([`"${token}"`, `'${token}'`, `“${token}”`, `<${token}>`, `"${token}`].map(tokenShapeFault)).toEqual([
      { kind: 'quoted', quotes: '"…"' },
      { kind: 'quoted', quotes: "'…'" },
      { kind: 'quoted', quotes: '“…”' },
      { kind: 'quoted', quotes: '<…>' },
      { kind: 'quoted', quotes: '"…"' }
    ])
    expect(tokenShapeFault(`token=${token}`)).toEqual({ kind: 'text-before' })
  })

  it('tells a token cut short or run on from one broken by a space or a stray character', () => {
    expect(tokenShapeFault(token.slice(0, -5))).toEqual({ kind: 'length', length: 38 })
    expect(tokenShapeFault(`${token}AB`)).toEqual({ kind: 'length', length: 45 })
    expect(tokenShapeFault(`${token.slice(0, 20)} ${token.slice(20)}`)).toEqual({ kind: 'broken' })
    expect(tokenShapeFault(`${token}.`)).toEqual({ kind: 'stray', character: '.' })
  })

  it('words the fix for each client, and never repeats the token', () => {
    const detail = misshapenTokenDetail({ kind: 'length', length: 38 })
    expect(detail.okta).toContain('paste that into Okta')
    expect(detail.entra).toContain('Secret Token in Entra')
    expect(detail.other).toContain('issue a new token in SCIM Console')
    expect(misshapenTokenDetail({ kind: 'length', length: 45 }).other).toContain('something was pasted with it')
  })
})

describe('redactAuthorization', () => {
  it('keeps the scheme and a scim_ token’s display prefix, and the quotes it was sent in', () => {
    expect(redactAuthorization(`Bearer ${token}`, 9)).toBe('Bearer scim_Ab1-…')
    expect(redactAuthorization(`Bearer "${token}"`, 9)).toBe('Bearer "scim_Ab1-…"')
    expect(redactAuthorization(`<${token}>`, 9)).toBe('<scim_Ab1-…>')
    expect(redactAuthorization(`Bearer Bearer ${token}`, 9)).toBe('Bearer Bearer scim_Ab1-…')
  })

  it('keeps nothing of a bare secret with a space or a tab in it, its first piece included', () => {
    expect(redactAuthorization(`${token}\tx`, 9)).toBe('scim_Ab1-…')
    expect(redactAuthorization(`${token.slice(0, 45)} ${token.slice(45)}`, 9)).toBe('scim_Ab1-…')
    expect(redactAuthorization('9f8e7d6c5b4a3f2e1d0c 9b8a7f6e5d4c3b2a', 9)).toBe('[redacted]')
    expect(redactAuthorization('SSWS 00QCjAl4MlV-WPXM2B4bY7Ye6ZsAd', 9)).toBe('SSWS [redacted]')
  })

  it('shows nothing of a secret that is not a scim_ token', () => {
    expect(redactAuthorization('Bearer 00QCjAl4MlV-WPXM2B4bY7Ye6ZsAd', 9)).toBe('Bearer [redacted]')
    expect(redactAuthorization(`Bearer token=${token}`, 9)).toBe('Bearer [redacted]')
  })
})
