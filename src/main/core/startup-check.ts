import { existsSync, renameSync, statSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { ForeignDatabaseError, type Db } from '../db/connection'
import { lastPassedQuickCheck, recordPassedQuickCheck } from '../db/database-file'
import { quickCheck } from '../db/database-facts'
import { SchemaDriftError } from '../db/migrations'
import { storageFailure } from '../db/storage-errors'
import { fileTimeStamp, uniquePath } from './backup'

/** Why the app cannot use its database as it is. */
export type StartupProblemKind = 'corrupt' | 'newer-schema' | 'unreadable'

/** A problem found at start, in the words the dialog shows. */
export interface StartupProblem {
  readonly kind: StartupProblemKind
  readonly title: string
  readonly message: string
  /** What was kept as it was: the dialog says it, because the user's first worry is their data. */
  readonly preserved: string
  /** SQLite's own words, for Support. */
  readonly detail: string
  readonly databasePath: string
  readonly dataFolder: string
  /** True when moving the file aside and starting with an empty database can help. */
  readonly canStartFresh: boolean
}

/** The outcome of opening the database at start; `checked` says whether the whole file was checked this time. */
export type StartupOutcome<T> =
  | { readonly ok: true; readonly services: T; readonly checked: boolean }
  | { readonly ok: false; readonly problem: StartupProblem }

/** How long a cleanly closed database goes between checks of the whole file. */
export const quickCheckIntervalMs = 7 * 86_400_000

/**
 * Whether this start checks the whole file. `quick_check` reads every page, about a second per gigabyte, and a full
 * provisioning log is gigabytes; so it runs when the file may have been left half-written, and otherwise once a week.
 * A clean close of the last connection folds the WAL into the file and deletes it, so a WAL that still holds frames
 * at start means a crash or a power cut (or another SCIM Console process that has the file open).
 */
export function needsQuickCheck(walBytes: number, lastPassedAt: number | null, now: number): boolean {
  return walBytes > 0 || lastPassedAt === null || now - lastPassedAt >= quickCheckIntervalMs
}

function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

const corruptCodes = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB'])

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Turns the error of opening the database into a problem the user can act on. */
export function diagnoseOpenError(error: unknown, databasePath: string): StartupProblem {
  const dataFolder = dirname(databasePath)
  const file = basename(databasePath)
  const code = (error as { code?: unknown } | null)?.code
  if (error instanceof SchemaDriftError) {
    return {
      kind: 'newer-schema',
      title: 'This data was saved by a newer SCIM Console',
      message:
        `${file} was written by a newer version of SCIM Console, and this version cannot read it safely. ` +
        'Install the newer version to keep working with it. Or move the file aside and start with empty data: the file is kept, and the newer version can still open it.',
      preserved: `Nothing was changed. Your data is still in ${databasePath}.`,
      detail: errorText(error),
      databasePath,
      dataFolder,
      canStartFresh: true
    }
  }
  if (error instanceof ForeignDatabaseError) {
    return {
      kind: 'unreadable',
      title: 'This file is not SCIM Console data',
      message:
        `${file} belongs to another program: it holds other tables (${error.tables.slice(0, 3).join(', ')}) and no SCIM Console data. ` +
        'Point SCIM_CONSOLE_DB at another file, or unset it to use the default data folder, then start SCIM Console again.',
      preserved: `Nothing was changed in ${databasePath}.`,
      detail: errorText(error),
      databasePath,
      dataFolder,
      canStartFresh: false
    }
  }
  if (typeof code === 'string' && corruptCodes.has(code)) {
    return corruptProblem(databasePath, `${code}: ${errorText(error)}`)
  }
  // SQLite's READONLY codes say exactly what is wrong; a CANTOPEN may be a folder that is missing too, and keeps the
  // message below, which names both.
  if (storageFailure(error)?.kind === 'read-only' && typeof code === 'string' && code.startsWith('SQLITE_READONLY')) {
    return {
      kind: 'unreadable',
      title: 'SCIM Console cannot write its data',
      message:
        `${file} or its folder cannot be written, so SCIM Console could save none of the changes that Okta or Entra send, nor yours. ` +
        `Check the permissions of ${dataFolder}, of ${file} and of the two files SQLite keeps beside it (${file}-wal and ${file}-shm), then click Try Again.`,
      preserved: `Nothing was changed in ${dataFolder}.`,
      detail: `${code}: ${errorText(error)}`,
      databasePath,
      dataFolder,
      canStartFresh: false
    }
  }
  return {
    kind: 'unreadable',
    title: 'SCIM Console cannot open its data',
    message: `${file} could not be opened. Check that the data folder exists, that you may write to it, and that the disk is not full, then start SCIM Console again.`,
    preserved: `Nothing was changed in ${dataFolder}.`,
    detail: typeof code === 'string' ? `${code}: ${errorText(error)}` : errorText(error),
    databasePath,
    dataFolder,
    canStartFresh: false
  }
}

function corruptProblem(databasePath: string, detail: string): StartupProblem {
  return {
    kind: 'corrupt',
    title: 'The SCIM Console database is damaged',
    message:
      `${basename(databasePath)} is damaged, so SCIM Console cannot use it. You can move it aside and start with empty data, ` +
      'then restore your latest backup from Settings. The damaged file is kept (renamed), so Support can still try to recover it.',
    preserved: `Nothing was deleted. The file is still in ${dirname(databasePath)}.`,
    detail,
    databasePath,
    dataFolder: dirname(databasePath),
    canStartFresh: true
  }
}

/**
 * Opens the services over the database and, when `needsQuickCheck` says so, checks the whole file (`PRAGMA
 * quick_check`). A damaged, foreign or newer-schema file gives a problem instead of an exception, and the services
 * are closed again; the file is never touched.
 */
export function openWithChecks<T extends { readonly db: Db; close(): void }>(open: () => T, databasePath: string, now = Date.now()): StartupOutcome<T> {
  // Read before opening: opening creates the WAL.
  const walBytes = fileSize(`${databasePath}-wal`)
  let services: T
  try {
    services = open()
  } catch (error) {
    return { ok: false, problem: diagnoseOpenError(error, databasePath) }
  }
  let problems: string[]
  try {
    if (!needsQuickCheck(walBytes, lastPassedQuickCheck(services.db), now)) return { ok: true, services, checked: false }
    problems = quickCheck(services.db)
    if (problems.length === 0) recordPassedQuickCheck(services.db, now)
  } catch (error) {
    services.close()
    return { ok: false, problem: diagnoseOpenError(error, databasePath) }
  }
  if (problems.length > 0) {
    services.close()
    return { ok: false, problem: corruptProblem(databasePath, `quick_check: ${problems.slice(0, 5).join('; ')}`) }
  }
  return { ok: true, services, checked: true }
}

/**
 * Moves the database (and its -wal and -shm files, which hold committed data) aside as
 * `console.db.<kind>-<time>`, so the next start creates an empty database. It renames; it never deletes. The WAL keeps
 * its pairing (`<aside>-wal`), so SQLite still reads the moved file whole.
 */
export function moveDatabaseAside(databasePath: string, kind: StartupProblemKind, now: number): { readonly movedTo: string; readonly files: readonly string[] } {
  const movedTo = uniquePath(`${databasePath}.${kind}-${fileTimeStamp(now)}`)
  const files: string[] = []
  for (const suffix of ['', '-wal', '-shm']) {
    const from = `${databasePath}${suffix}`
    if (!existsSync(from)) continue
    renameSync(from, `${movedTo}${suffix}`)
    files.push(`${movedTo}${suffix}`)
  }
  return { movedTo, files }
}
