import { expect, it } from 'vitest'
import { formatBytes } from './format'

it('gives a size to three figures in the unit a file manager shows', () => {
  expect([0, 1, 327, 1023].map(formatBytes)).toEqual(['0 bytes', '1 byte', '327 bytes', '1023 bytes'])
  expect([1024, 12_700, 150_000].map(formatBytes)).toEqual(['1.00 KB', '12.4 KB', '146 KB'])
  // Just over the SCIM server's 1 MB limit does not round down to it.
  expect(formatBytes(1_100_000)).toBe('1.05 MB')
  expect(formatBytes(5 * 1024 ** 4)).toBe('5.00 TB')
})
