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

  it('shows nothing of a secret that is not a scim_ token', () => {
    expect(redactAuthorization('Bearer 00QCjAl4MlV-WPXM2B4bY7Ye6ZsAd', 9)).toBe('Bearer [redacted]')
    expect(redactAuthorization(`Bearer token=${token}`, 9)).toBe('Bearer [redacted]')
  })
})
