import { describe, expect, it } from 'vitest'
import { rateLimitProblem, tenantNameProblem } from './tenant-form'

describe('the Edit tenant form', () => {
  it('asks for a name when it is blank', () => {
    expect(tenantNameProblem('   ')).toBe("Enter the customer's name.")
    expect(tenantNameProblem('Umbrella Health')).toBeNull()
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
