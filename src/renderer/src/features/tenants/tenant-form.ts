/** The checks the Edit tenant form makes as it is typed, in the words main would answer with. */
import { maxRateLimitPerMinute } from '../../../../shared/models'
import { maxTenantNameLength, nameLengthProblem } from '../../../../shared/text-length'

/** Why a tenant name cannot be saved, or null when it can. */
export function tenantNameProblem(name: string): string | null {
  if (name.trim().length === 0) return "Enter the customer's name."
  // In characters as drawn, as main counts them: the field has no maxLength, which counts UTF-16 units and would cut a
  // pasted name in the middle of an emoji.
  return nameLengthProblem(name.trim(), maxTenantNameLength, 'The name')
}

/**
 * Why a rate limit cannot be saved, or null when it can. `value` is what Mantine's NumberInput holds: a number, or
 * the text typed so far ("" when empty).
 */
export function rateLimitProblem(value: number | string): string | null {
  if (value === '') return 'Enter the requests allowed per minute, or 0 for no limit.'
  const rate = typeof value === 'number' ? value : Number(value)
  if (!Number.isInteger(rate) || rate < 0) return 'Enter a whole number of requests per minute, or 0 for no limit.'
  if (rate > maxRateLimitPerMinute) return `At most ${maxRateLimitPerMinute.toLocaleString('en-US')} requests per minute. For no limit, enter 0.`
  return null
}
