import { codePointCount, codePointsEnd, codePointsStart } from './text-length'

// How many characters of a value a message repeats whole: a slug, a name, a flag's value fit; a 5,000-character value
// pasted by mistake (a file's contents, a token where a name goes) would fill the terminal or the dialog with itself
// and push the sentence that says what to do out of sight.
const maxWhole = 80
const keptAtStart = 40
const keptAtEnd = 20

/**
 * A value given by the user, in double quotes, as a message repeats it: whole when short, else its start and its end
 * (whole characters, never half of a surrogate pair) around an ellipsis, and how long it was, so that it can still be
 * recognised: `"xxxx…xxxx" (5,000 characters)`. Every message that echoes what was typed or passed goes through it.
 */
export function quoted(value: string): string {
  // Counted and cut in place: an array of every character of a 1 MB value pasted by mistake took milliseconds.
  const count = codePointCount(value)
  if (count <= maxWhole) return `"${value}"`
  return `"${codePointsStart(value, keptAtStart)}…${codePointsEnd(value, keptAtEnd)}" (${count.toLocaleString('en-US')} characters)`
}

/**
 * A value a message repeats without quotes when it is short (an option's name, `unknown option --limt`), and as quoted
 * cuts it when it is long, so that a long one is still said in a few words.
 */
export function echoed(value: string): string {
  return codePointCount(value) <= maxWhole ? value : quoted(value)
}

// A path is what one needs to find the file: a deep one (a synced folder, a customer's case folder) is often longer
// than a name, so it is repeated whole up to twice as far, and cut only in the middle, keeping its file name.
const maxWholePath = 160
const pathKeptAtStart = 80
const maxKeptFileName = 60

/**
 * A file path as a message repeats it, unquoted when whole (as paths have always been printed), else in quotes as
 * quoted cuts a value: its start (the folders it begins in) and its file name, whole when that is short, around an
 * ellipsis, and how long it was: `"/home/jane/aaaa…/console.db" (4,100 characters)`. A path of thousands of
 * characters is a mistake (a file's contents or a token in $SCIM_CONSOLE_DB), and repeated whole it hid what to do.
 */
export function echoedPath(path: string): string {
  const count = codePointCount(path)
  if (count <= maxWholePath) return path
  const separator = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))
  const fileName = path.slice(separator + 1)
  // With its separator, so that it reads as the file name; a long one (itself the mistake) is cut as quoted cuts.
  const end = separator >= 0 && codePointCount(fileName) <= maxKeptFileName ? path.slice(separator) : codePointsEnd(fileName, keptAtEnd)
  return `"${codePointsStart(path, pathKeptAtStart)}…${end}" (${count.toLocaleString('en-US')} characters)`
}

/** A file path in double quotes, cut as echoedPath cuts it: for a message that has always quoted the path. */
export function quotedPath(path: string): string {
  return codePointCount(path) <= maxWholePath ? `"${path}"` : echoedPath(path)
}

/** Whether echoedPath repeats `path` whole: a command to paste is only of use with the whole path in it. */
export function pathShownWhole(path: string): boolean {
  return codePointCount(path) <= maxWholePath
}
