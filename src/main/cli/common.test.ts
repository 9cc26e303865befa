import { describe, expect, it } from 'vitest'
import { printable, shellArgument } from './common'

describe('printable: what a terminal would not show as itself is escaped, as JSON writes it', () => {
  it('escapes controls, bidi embeddings, overrides, isolates and marks, zero-width characters and line separators', () => {
    expect(printable('acme\u202Eexe.txt')).toBe('acme\\u202eexe.txt')
    expect(printable('\u2067Globex\u2069 \u202AAcme\u202C \u200Fx\u200E')).toBe('\\u2067Globex\\u2069 \\u202aAcme\\u202c \\u200fx\\u200e')
    expect(printable('ac\u200Bme, \uFEFFacme, ac\u2060me, ac\u00ADme')).toBe('ac\\u200bme, \\ufeffacme, ac\\u2060me, ac\\u00adme')
    // A joiner between Latin letters only hides a difference.
    expect(printable('pay\u200Cpal pay\u200Dpal')).toBe('pay\\u200cpal pay\\u200dpal')
    expect(printable('one\u2028two\u2029three\u0085four')).toBe('one\\u2028two\\u2029three\\u0085four')
    expect(printable('a\nb\u001b[31m')).toBe('a\\nb\\u001b[31m')
    expect(printable('a\nb\u202E', 'newlines')).toBe('a\nb\\u202e')
    // A tag character beyond the BMP, outside an emoji: its two UTF-16 units, as JSON writes them.
    expect(printable('a\u{E0041}b')).toBe('a\\udb40\\udc41b')
  })

  it('leaves what is drawn as it is meant: emoji joined or tagged, the joiners of scripts that write with them, accents', () => {
    for (const text of ['👩‍💻 Dev', '🏴󠁧󠁢󠁥󠁮󠁧󠁿', 'می\u200Cخواهم', 'क्\u200Dष', 'Zoë'.normalize('NFD'), '日本語 Holdings', 'Jane Doe']) {
      expect(printable(text), text).toBe(text)
    }
  })
})

describe('shellArgument: a hint\'s argument as it is typed into the shell', () => {
  it('leaves a plain path, and quotes one with spaces or quotes for a POSIX shell, or for cmd and PowerShell', () => {
    expect(shellArgument('/home/jo/console.db', 'linux')).toBe('/home/jo/console.db')
    expect(shellArgument("/home/jo/Jo's db/console.db", 'darwin')).toBe("'/home/jo/Jo'\\''s db/console.db'")
    expect(shellArgument('C:\\Users\\Jo Smith\\console.db', 'win32')).toBe('"C:\\Users\\Jo Smith\\console.db"')
    expect(shellArgument('C:\\console.db', 'win32')).toBe('C:\\console.db')
  })
})
