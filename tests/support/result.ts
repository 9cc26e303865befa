import type { Result } from '../../src/shared/result'

/** The value of a Result that a test expects to succeed; a failure throws with its message, so the test says why. */
export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}
