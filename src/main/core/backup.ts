import { randomBytes } from 'node:crypto'
import { existsSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import type { ExportResult } from '../../shared/models'
import { fail, ok, type Result } from '../../shared/result'
import type { Db } from '../db/connection'
import { inspectDatabaseFileAside } from '../db/database-check'
import type { DatabaseFileFacts } from '../db/database-facts'
import { backupDatabase, copyDatabaseInto } from '../db/database-file'
import { migrations as knownMigrations, type Migration } from '../db/migrations'
import { describeWriteFailure } from './file-errors'
import type { Services } from './services'

/** The file types offered by the backup dialog. */
export const backupFileFilters = [{ name: 'SCIM Console backup (SQLite)', extensions: ['db', 'sqlite', 'sqlite3'] }] as const

/**
 * The file types offered by the restore dialog: backups, and any file, because the copy a restore keeps
 * (`console.db.before-restore-<time>`) has no extension of its own, and restoring it is how a restore is undone.
 */
export const restoreFileFilters = [...backupFileFilters, { name: 'All files', extensions: ['*'] }] as const

function pad(value: number): string {
  return String(value).padStart(2, '0')
}

/** `scim-console-backup-2025-03-14.db`, in local time: the date the CSM sees on the calendar. */
export function defaultBackupName(now: number): string {
  const date = new Date(now)
  return `scim-console-backup-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.db`
}

/** A file-name-safe local time stamp, `2025-03-14-091502` (no colons: Windows refuses them). */
export function fileTimeStamp(now: number): string {
  const date = new Date(now)
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
}

/** Where the copy of the current database goes before a restore: next to it, `console.db.before-restore-<time>`. */
export function safetyCopyPath(dbPath: string, now: number): string {
  return uniquePath(`${dbPath}.before-restore-${fileTimeStamp(now)}`)
}

/** `path`, or `path-2`, `path-3`, … : the first name that is free, so that nothing is ever overwritten. */
export function uniquePath(path: string): string {
  if (!existsSync(path)) return path
  for (let n = 2; ; n += 1) {
    const candidate = `${path}-${n}`
    if (!existsSync(candidate)) return candidate
  }
}

/** The files SQLite keeps beside a database: its WAL, its shared memory, and a rollback journal. */
const liveFileSuffixes = ['-wal', '-shm', '-journal'] as const

function samePath(a: string, b: string): boolean {
  const real = (path: string) => {
    try {
      return realpathSync(path)
    } catch {
      return resolve(path)
    }
  }
  return real(a) === real(b)
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Writes an online backup of the live database to `path` and answers it with its tenant count. The backup goes to a
 * temporary file beside the target and is renamed over it at the end, so a failed backup never leaves half a file
 * under the chosen name, and an existing file there is only replaced by a complete backup.
 */
export async function writeBackup(
  services: Pick<Services, 'db' | 'dbPath' | 'inspectFile' | 'databaseFile'>,
  path: string
): Promise<Result<ExportResult>> {
  const { db, dbPath } = services
  if (samePath(path, dbPath)) return fail('invalid_argument', 'Choose another file: that is the live database itself.')
  // The live database's WAL and shared memory: replacing either would lose its latest writes.
  if (liveFileSuffixes.some((suffix) => samePath(path, `${dbPath}${suffix}`))) {
    return fail('invalid_argument', `Choose another file: ${basename(path)} is part of the live database.`)
  }
  const partial = join(dirname(path), `.${basename(path)}.partial-${randomBytes(4).toString('hex')}`)
  try {
    // Looked at now: a file deleted a moment ago is copied from the connection that still holds it.
    await backupDatabase(db, partial, { fileRemoved: await services.databaseFile.check() })
    // On a thread of its own when the app gave one: the check reads every page of the copy (about 7 s per GB).
    const facts = await services.inspectFile(partial)
    if (facts.integrityProblems.length > 0) {
      rmSync(partial, { force: true })
      const reason = `SQLite's integrity check of the copy found problems (${facts.integrityProblems[0]})`
      return fail('unavailable', `The backup was not written: ${reason}. Check the disk, then back up again.`, { path, reason })
    }
    renameSync(partial, path)
    return ok({ path, count: facts.tenantCount ?? 0 })
  } catch (error) {
    rmSync(partial, { force: true })
    const reason = reasonOf(error)
    return fail('unavailable', describeWriteFailure(path, error) ?? `The backup could not be written to ${path}: ${reason}`, { path, reason })
  }
}

/** Explains why SQLite could not read a file, from its error code. */
export function describeUnreadable(path: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'SQLITE_NOTADB') return `${basename(path)} is not a SQLite database, so it is not a SCIM Console backup.`
  if (code === 'SQLITE_CORRUPT') return `${basename(path)} is damaged (SQLite reports it as corrupt).`
  if (code === 'SQLITE_CANTOPEN' || code === 'ENOENT') return `${basename(path)} cannot be opened. Check that it exists and that you may read it.`
  return `${basename(path)} cannot be read: ${reasonOf(error)}`
}

/**
 * Checks that a file can be restored: a sound SQLite database (quick_check) made by this version of SCIM Console or an
 * older one (its schema steps are a prefix of ours; the missing ones run at the next start). `inspect` reads the file:
 * the app's `services.inspectFile` does it on a thread of its own, while the SCIM server answers.
 */
export async function checkRestoreCandidate(
  path: string,
  inspect: Services['inspectFile'] = (file) => inspectDatabaseFileAside(undefined, file),
  known: readonly Migration[] = knownMigrations
): Promise<Result<DatabaseFileFacts>> {
  // SQLite reads a folder as a disk I/O error and an empty file as an empty database; neither says what is wrong.
  const file = statSync(path, { throwIfNoEntry: false })
  if (file?.isDirectory()) return fail('invalid_argument', `${basename(path)} is a folder. Choose a backup file.`, { path })
  if (file?.size === 0) return fail('invalid_argument', `${basename(path)} is empty, so it is not a SCIM Console backup. Nothing was restored.`, { path })
  let facts: DatabaseFileFacts
  try {
    facts = await inspect(path)
  } catch (error) {
    return fail('invalid_argument', describeUnreadable(path, error), { path })
  }
  if (facts.integrityProblems.length > 0) {
    return fail('invalid_argument', `${basename(path)} is damaged: SQLite's integrity check found problems (${facts.integrityProblems[0]}). Nothing was restored.`, { path })
  }
  if (facts.steps === null) return fail('invalid_argument', `${basename(path)} is a SQLite database, but not a SCIM Console backup.`, { path })
  for (const [index, step] of facts.steps.entries()) {
    const ours = known[index]
    if (!ours || ours.version !== step.version || ours.name !== step.name) {
      return fail(
        'failed_precondition',
        `${basename(path)} was made by a newer version of SCIM Console (it has schema step ${step.version}, "${step.name}"). Update SCIM Console, then restore it.`,
        { path }
      )
    }
  }
  return ok(facts)
}

/** What a restore did: where it came from and where the previous database was kept. */
export interface RestoreOutcome {
  readonly restoredFrom: string
  readonly safetyCopy: string
  readonly tenantCount: number
}

/**
 * Replaces the live database with a backup, with no way to lose data: the candidate is checked first, the current
 * database is copied aside (online backup, `console.db.before-restore-<time>`), and only then is the backup copied in
 * through SQLite's backup API, which either completes or leaves the database as it was. The caller restarts the app.
 * A caller that checked the candidate already (before stopping the server) passes what `checkRestoreCandidate` found.
 */
export async function restoreDatabase(options: {
  readonly db: Db
  readonly dbPath: string
  readonly sourcePath: string
  readonly now: number
  readonly checked?: DatabaseFileFacts
}): Promise<Result<RestoreOutcome>> {
  const { db, dbPath, sourcePath, now } = options
  if (samePath(sourcePath, dbPath)) return fail('invalid_argument', 'That file is the live database; choose a backup.')
  const checked = options.checked ? ok(options.checked) : await checkRestoreCandidate(sourcePath)
  if (!checked.ok) return checked
  const safetyCopy = safetyCopyPath(dbPath, now)
  try {
    await backupDatabase(db, safetyCopy)
  } catch (error) {
    rmSync(safetyCopy, { force: true })
    const reason = reasonOf(error)
    const lead = 'Nothing was restored: the current data could not be copied aside first'
    const advice = describeWriteFailure(safetyCopy, error)
    return fail('unavailable', advice ? `${lead}. ${advice}` : `${lead} (${reason}).`, { safetyCopy, reason })
  }
  try {
    await copyDatabaseInto(sourcePath, dbPath)
  } catch (error) {
    const reason = reasonOf(error)
    const advice = describeWriteFailure(dbPath, error)
    const what = advice ? `The backup could not be restored. ${advice}` : `The backup could not be restored (${reason}).`
    return fail('unavailable', `${what} The current data is unchanged, and a copy is at ${safetyCopy}.`, { safetyCopy, reason })
  }
  return ok({ restoredFrom: sourcePath, safetyCopy, tenantCount: checked.value.tenantCount ?? 0 })
}
