import { describe, expect, it } from 'vitest'
import { bindChoiceOf } from './server-settings'

describe('the Server page form', () => {
  it('knows which choice a saved bind address is', () => {
    expect(bindChoiceOf('127.0.0.1')).toBe('loopback')
    expect(bindChoiceOf('0.0.0.0')).toBe('all')
    expect(bindChoiceOf('192.168.1.20')).toBe('custom')
  })
})
