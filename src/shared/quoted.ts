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
  const characters = Array.from(value)
  if (characters.length <= maxWhole) return `"${value}"`
  const start = characters.slice(0, keptAtStart).join('')
  const end = characters.slice(-keptAtEnd).join('')
  return `"${start}…${end}" (${characters.length.toLocaleString('en-US')} characters)`
}

/**
 * A value a message repeats without quotes when it is short (an option's name, `unknown option --limt`), and as quoted
 * cuts it when it is long, so that a long one is still said in a few words.
 */
export function echoed(value: string): string {
  return Array.from(value).length <= maxWhole ? value : quoted(value)
}
