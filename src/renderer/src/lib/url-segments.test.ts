import { describe, expect, it } from 'vitest'
import { urlSegments } from './url-segments'

describe('urlSegments', () => {
  it('breaks a SCIM base URL after each slash, never inside the host or a slug', () => {
    expect(urlSegments('http://127.0.0.1:8080/scim/v2/acme')).toEqual(['http://127.0.0.1:8080/', 'scim/', 'v2/', 'acme'])
    expect(urlSegments('https://acme-demo.example-tunnel.com/scim/v2/globex-international')).toEqual([
      'https://acme-demo.example-tunnel.com/',
      'scim/',
      'v2/',
      'globex-international'
    ])
  })

  it('keeps the scheme with its host, and a leading slash with the first folder', () => {
    expect(urlSegments('http://127.0.0.1:8787')).toEqual(['http://127.0.0.1:8787'])
    expect(urlSegments('/home/ada/.config/SCIM Console')).toEqual(['/home/', 'ada/', '.config/', 'SCIM Console'])
    expect(urlSegments('C:\\Users\\Ada\\AppData')).toEqual(['C:\\Users\\', 'Ada\\', 'AppData'])
  })

  it('gives back every character, in order', () => {
    for (const text of ['http://127.0.0.1:8080/scim/v2/<tenant-slug>', 'scim_0123456789abcdef', '//', 'a//b/', '']) {
      expect(urlSegments(text).join('')).toBe(text)
    }
  })
})
