import { describe, expect, it } from 'vitest'
import { UsageError } from './common'
import { parseTimeArgument } from './logs-command'

const now = Date.parse('2026-11-28T12:00:00.000Z')

describe('parseTimeArgument: --since and --until', () => {
  it('reads spans before now in seconds, minutes, hours, days and weeks', () => {
    expect(parseTimeArgument('--since', '30s', now)).toBe('2026-11-28T11:59:30.000Z')
    expect(parseTimeArgument('--since', '15m', now)).toBe('2026-11-28T11:45:00.000Z')
    expect(parseTimeArgument('--since', '2h', now)).toBe('2026-11-28T10:00:00.000Z')
    expect(parseTimeArgument('--since', '7d', now)).toBe('2026-11-21T12:00:00.000Z')
    expect(parseTimeArgument('--since', '1W', now)).toBe('2026-11-21T12:00:00.000Z')
    // Longer than the clock has run: from the start, not a date before year 0 that the log then refuses.
    expect(parseTimeArgument('--since', '999999w', now)).toBe('1970-01-01T00:00:00.000Z')
  })

  it('reads ISO times and dates, and now', () => {
    expect(parseTimeArgument('--until', '2026-11-28T09:30:00+01:00', now)).toBe('2026-11-28T08:30:00.000Z')
    expect(parseTimeArgument('--until', '2026-11-27', now)).toBe('2026-11-27T00:00:00.000Z')
    expect(parseTimeArgument('--until', 'now', now)).toBe('2026-11-28T12:00:00.000Z')
  })

  it('refuses anything else as a usage error that names the flag', () => {
    for (const raw of ['yesterday', '15', '15 minutes', '-2h', '2026-13-45', 'May 5']) {
      expect(() => parseTimeArgument('--since', raw, now), raw).toThrow(UsageError)
    }
    expect(() => parseTimeArgument('--since', 'soon', now)).toThrow(/--since must be an ISO time/)
  })

  it('refuses a day the month does not have, which Date.parse would roll over into the next month', () => {
    expect(() => parseTimeArgument('--since', '2026-02-30', now)).toThrow('--since names a day that 2026-02 does not have: "2026-02-30"')
    expect(() => parseTimeArgument('--until', '2026-04-31T10:00:00Z', now)).toThrow(UsageError)
    expect(() => parseTimeArgument('--since', '2025-02-29', now)).toThrow(UsageError)
    expect(parseTimeArgument('--since', '2028-02-29', now)).toBe('2028-02-29T00:00:00.000Z')
    expect(parseTimeArgument('--since', '2026-01-31T23:00:00Z', now)).toBe('2026-01-31T23:00:00.000Z')
  })
})
