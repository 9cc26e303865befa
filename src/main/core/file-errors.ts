import { statSync } from 'node:fs'
import { dirname } from 'node:path'

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false
}

function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : null
}

/**
 * What went wrong writing a file the person chose (an export, a backup), as a sentence that says what to do; null when
 * the error is not one a person can fix, so the caller words it. Node's own text ("ENOENT: no such file or directory")
 * means nothing to a CSM. SQLite's codes are read too, since backups are written by SQLite, and so is the file system
 * itself: better-sqlite3 reports a missing folder with no code at all.
 */
export function describeWriteFailure(path: string, error: unknown): string | null {
  const folder = dirname(path)
  const code = errorCode(error)
  if (!isFolder(folder)) return `The folder ${folder} does not exist. Choose another folder.`
  if (code === 'EISDIR' || isFolder(path)) return `${path} is a folder. Choose a file name instead.`
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return 'The disk is full. Free some space, then try again.'
  if (code === 'EROFS') return `The folder ${folder} is on a read-only disk. Choose another folder.`
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code?.startsWith('SQLITE_READONLY')) {
    return `SCIM Console may not write to ${folder}. Choose a folder you can write to.`
  }
  return null
}
