/**
 * Text as SCIM Console compares it when case does not count: composed (Unicode NFC), then lower-cased. So "ÉCOLE",
 * "école" typed on one keyboard and "école" typed on another (e + a combining accent, as macOS files often hold it)
 * are one userName, one group name, one search. It makes the directory's name keys (users.user_name_key,
 * groups.display_name_key) and is the database's scim_fold function (db/connection.ts); the two must stay one.
 * The Greek final sigma ς is σ, as Unicode case folding has it: lower-casing alone leaves "νίκος" and "νίκοσ" (typed
 * without the final form) two names, and makes "ΝΊΚΟΣ" one or the other by where the Σ stands.
 */
export function foldCase(text: string): string {
  const lower = text.normalize('NFC').toLowerCase()
  return lower.includes('ς') ? lower.replaceAll('ς', 'σ') : lower
}
