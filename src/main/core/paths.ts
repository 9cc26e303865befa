import { homedir } from 'node:os'
import { join } from 'node:path'
import { quotedPath } from '../../shared/quoted'
import { fail, ok, type Result } from '../../shared/result'

/** The product name: Electron's userData folder is named after it, and the CLI must find the same folder. */
export const productName = 'SCIM Console'
export const databaseFileName = 'console.db'

/**
 * Electron's `userData` folder for this app, computed without Electron so that the CLI shares the app's data:
 * `~/.config/SCIM Console` on Linux, `~/Library/Application Support/SCIM Console` on macOS, `%APPDATA%\SCIM Console` on Windows.
 * An empty variable counts as unset, as Chromium reads it (and the XDG spec says): else the CLI would put the file in the
 * current folder, and stop sharing the app's.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', productName)
  if (platform === 'win32') return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), productName)
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), productName)
}

/**
 * The database path: `--db`, else `SCIM_CONSOLE_DB`, else the app's default. SQLite opens a throwaway temporary
 * database for "", so an empty `--db` is refused rather than losing what is saved, and an empty variable counts as unset.
 */
export function resolveDatabasePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Result<string> {
  if (flag === '') return fail('invalid_argument', '--db needs a file path')
  // Only spaces (`--db "$DB"` with DB a space) is the same mistake: taken as a file named " " in the current folder, it
  // was "no database file at /home/jane/ ", or a new database there that SQLite could not make.
  if (flag?.trim() === '') return fail('invalid_argument', '--db is blank: give a file path')
  if (flag === undefined && env.SCIM_CONSOLE_DB?.trim() === '' && env.SCIM_CONSOLE_DB !== '') {
    return fail('invalid_argument', "SCIM_CONSOLE_DB is blank: set it to a database file's path, or unset it to use the app's database")
  }
  const path = flag ?? (env.SCIM_CONSOLE_DB || join(defaultDataDir(env), databaseFileName))
  // A shell turns a leading ~ into the home folder only where it stands alone: not after `--db=`, nor in quotes. Taken
  // as it is, it made a folder named "~" in the current one, with a new, empty database in it ("No tenants yet").
  if (/^~(?:[/\\]|$)/.test(path)) {
    const named = flag !== undefined ? '--db' : 'SCIM_CONSOLE_DB'
    // Neither Command Prompt nor PowerShell turns ~ into the home folder for a program's argument, however it is typed:
    // there the advice is the variables each shell does expand.
    if (platform === 'win32') {
      return fail(
        'invalid_argument',
        `${named} ${quotedPath(path)} starts with ~, which Windows does not turn into your home folder: give the full path, such as %USERPROFILE%\\… in Command Prompt or $HOME\\… in PowerShell`
      )
    }
    return fail(
      'invalid_argument',
      `${named} ${quotedPath(path)} starts with ~, which only a shell turns into your home folder, and it did not here (after = or in quotes): give the full path${flag !== undefined ? ', or --db ~/… with a space and no quotes' : ''}`
    )
  }
  return ok(path)
}
