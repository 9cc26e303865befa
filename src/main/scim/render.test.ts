import { describe, expect, it } from 'vitest'
import { ifMatchVersions, isNotModified, isoTime } from './render'

describe('isoTime', () => {
  const iso = (ms: number) => new Date(ms).toISOString()

  it('writes the times of a day, and across midnight, as toISOString does', () => {
    const start = Date.UTC(2026, 10, 28, 23, 0, 0, 0)
    for (let ms = start; ms < start + 2 * 3_600_000; ms += 997) expect(isoTime(ms)).toBe(iso(ms))
    for (const ms of [start + 3_599_999, start + 3_600_000, Date.UTC(2024, 1, 29, 12, 30, 5, 7), Date.UTC(2024, 2, 1)]) {
      expect(isoTime(ms)).toBe(iso(ms))
    }
  })

  it('writes times from any day, before 1970, at the ends of the four-digit years and with fractions as toISOString does', () => {
    const edges = [0, -1, 1.5, -0.5, Date.UTC(1969, 11, 31, 23, 59, 59, 999), -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000]
    for (const ms of edges) expect(isoTime(ms), String(ms)).toBe(iso(ms))
    let seed = 7
    const next = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647
    for (let index = 0; index < 20_000; index += 1) {
      const ms = Math.floor((next() * 2 - 0.5) * 4e12)
      expect(isoTime(ms)).toBe(iso(ms))
      // The next millisecond is on the same day nearly always: the kept date is used.
      expect(isoTime(ms + 1)).toBe(iso(ms + 1))
    }
  })
})

describe('If-Match and If-None-Match', () => {
  it('reads every version of a list, weak or strong, and none from tags this server never issued', () => {
    expect(ifMatchVersions('W/"1", W/"11"')).toEqual([1, 11])
    expect(ifMatchVersions('"3",W/"4" ,  W/"5"')).toEqual([3, 4, 5])
    expect(ifMatchVersions('W/"abc", "", W/"007", garbage, W/"0"')).toEqual([])
  })

  it('sets no If-Match condition for no header, an empty one, or *', () => {
    expect([ifMatchVersions(undefined), ifMatchVersions(''), ifMatchVersions(' * ')]).toEqual([undefined, undefined, undefined])
  })

  it('is not modified when If-None-Match is * or lists the current version', () => {
    expect(isNotModified('*', 7)).toBe(true)
    expect(isNotModified('W/"1", W/"7"', 7)).toBe(true)
    expect(isNotModified('"7"', 7)).toBe(true)
    expect(isNotModified('W/"1", W/"17"', 7)).toBe(false)
    expect(isNotModified(undefined, 7)).toBe(false)
    expect(isNotModified(',', 7)).toBe(false)
  })
})
