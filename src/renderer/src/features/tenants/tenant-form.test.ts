import { describe, expect, it } from 'vitest'
import { rateLimitProblem, tenantNameProblem } from './tenant-form'

describe('the Edit tenant form', () => {
  it('asks for a name when it is blank', () => {
    expect(tenantNameProblem('   ')).toBe("Enter the customer's name.")
    expect(tenantNameProblem('Umbrella Health')).toBeNull()
  })

  // The field had maxLength={100}, which counts UTF-16 units: it cut a pasted name in the middle of an emoji, at 50.
  it('takes 100 characters as drawn, emoji too, and says when there is one more, as main does', () => {
    expect(tenantNameProblem('🚀'.repeat(100))).toBeNull()
    expect(tenantNameProblem(`Acme ${'👨‍👩‍👧‍👦'.repeat(30)}`)).toBeNull()
    expect(tenantNameProblem(`  ${'x'.repeat(100)}  `)).toBeNull()
    expect(tenantNameProblem('🚀'.repeat(101))).toBe('The name is 101 characters long, more than the 100 allowed. Shorten it.')
  })

  it('accepts 0 (no limit) up to a million requests per minute', () => {
    expect(rateLimitProblem(0)).toBeNull()
    expect(rateLimitProblem(600)).toBeNull()
    expect(rateLimitProblem('1200')).toBeNull()
    expect(rateLimitProblem(1_000_000)).toBeNull()
  })

  it('explains an empty, fractional, negative or too large rate limit', () => {
    expect(rateLimitProblem('')).toBe('Enter the requests allowed per minute, or 0 for no limit.')
    expect(rateLimitProblem(2.5)).toBe('Enter a whole number of requests per minute, or 0 for no limit.')
    expect(rateLimitProblem(-1)).toBe('Enter a whole number of requests per minute, or 0 for no limit.')
    expect(rateLimitProblem(1_000_001)).toBe('At most 1,000,000 requests per minute. For no limit, enter 0.')
  })
})
