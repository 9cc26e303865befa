import { describe, expect, it } from 'vitest'
import { databaseRemovedError, openFailure, storageFailure } from './storage-errors'

// better-sqlite3's SqliteError carries SQLite's extended result code as `code`.
const sqlite = (code: string) => Object.assign(new Error(code), { code })

describe('storage failures', () => {
  it('reads a -shm file that cannot grow (Linux, full disk) as a full disk', () => {
    expect(storageFailure(sqlite('SQLITE_IOERR_SHMSIZE'))?.kind).toBe('full')
    expect(storageFailure(sqlite('SQLITE_IOERR_WRITE'))?.kind).toBe('io')
    expect(storageFailure(sqlite('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull()
  })

  it('says why a database could not be opened, without speaking of a change, and what to do', () => {
    expect(openFailure(sqlite('SQLITE_FULL'))).toMatch(/^the disk that holds it is full.*Free some disk space/)
    expect(openFailure(sqlite('SQLITE_IOERR_SHMSIZE'))).toMatch(/^the disk that holds it is full/)
    expect(openFailure(sqlite('SQLITE_READONLY'))).toMatch(/^the file or its folder cannot be written.*Check their permissions/)
    expect(openFailure(sqlite('SQLITE_CANTOPEN'))).toMatch(/cannot be written/)
    expect(openFailure(sqlite('SQLITE_BUSY'))).toMatch(/another SCIM Console process/)
    expect(openFailure(sqlite('SQLITE_IOERR_READ'))).toBe('the disk reported an error (SQLITE_IOERR_READ). Check the disk, then try again.')
    // `serve` exists to save what Okta sends: its sentence says why a file it may only read is no use to it.
    expect(openFailure(sqlite('SQLITE_READONLY'), 'serve')).toMatch(/^the file or its folder cannot be written, so the SCIM server could save none of the changes .* or point --db at a copy/)
    expect(openFailure(sqlite('SQLITE_FULL'), 'serve')).toBe(openFailure(sqlite('SQLITE_FULL')))
    for (const other of [sqlite('SQLITE_CORRUPT'), new Error('boom'), 'text']) {
      expect(openFailure(other)).toBeNull()
      expect(String(openFailure(other))).not.toMatch(/change was not saved/)
    }
  })

  it('says that a database file deleted or moved while open lost the change, not that it is read-only', () => {
    const removed = storageFailure(databaseRemovedError())
    expect(removed?.kind).toBe('removed')
    expect(removed?.message).toMatch(/^SCIM Console's database file was deleted or moved while SCIM Console was running, so the change was not saved/)
    expect(storageFailure(sqlite('SQLITE_READONLY'))?.kind).toBe('read-only')
  })

  it("classifies each failure, and keeps a disk error's code for the log's facts", () => {
    const errors = [
      ['SQLITE_FULL', 'full'],
      ['SQLITE_IOERR_SHMSIZE', 'full'],
      ['SQLITE_BUSY', 'busy'],
      ['SQLITE_LOCKED_SHAREDCACHE', 'busy'],
      ['SQLITE_READONLY', 'read-only'],
      ['SQLITE_CANTOPEN', 'read-only'],
      ['SQLITE_READONLY_DBMOVED', 'removed'],
      ['SQLITE_IOERR_WRITE', 'io'],
      ['SQLITE_IOERR_FSYNC', 'io']
    ] as const
    for (const [code, kind] of errors) {
      const failure = storageFailure(sqlite(code))
      expect(failure?.kind).toBe(kind)
      expect(failure?.code).toBe(kind === 'io' ? code : undefined)
    }
  })
})
