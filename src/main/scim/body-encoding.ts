import { ScimError } from './errors'

// Built once: every POST, PUT and PATCH body goes through it. `fatal` refuses what a lenient decoding would turn into
// U+FFFD (two different userNames could then become one); `ignoreBOM` keeps a byte order mark in the text, where
// JSON.parse refuses it as it always has.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
// RFC 9110 §8.3.2; the value may be quoted.
const charsetParameter = /;\s*charset\s*=\s*"?([^";\s]*)/i
// The Content-Type last found to declare no other charset: Okta sends the same one with every write.
let utf8ContentType: string | undefined

/**
 * Decodes a request body, or says why it is refused. SCIM bodies are UTF-8 (RFC 7644 §3.8): one declared in another
 * charset gets 415 rather than being read as UTF-8 (`utf8`, a common misspelling, is taken), and one that is not UTF-8
 * gets 400 rather than being stored altered.
 */
export function decodeBody(contentType: string | undefined, bytes: Buffer): string | ScimError {
  const charset = declaredCharset(contentType)
  if (charset !== null) {
    return new ScimError(415, undefined, `The Content-Type says the body is in ${charset}, but SCIM bodies are UTF-8 (RFC 7644 §3.8). Send the body in UTF-8, as "charset=utf-8" or with no charset.`)
  }
  try {
    return utf8.decode(bytes)
  } catch {
    return new ScimError(400, 'invalidSyntax', undecodableDetail(bytes), { facts: { notUtf8: true } })
  }
}

// The charset a Content-Type declares, when it is not UTF-8; null when it declares none or UTF-8.
function declaredCharset(contentType: string | undefined): string | null {
  if (contentType === undefined || contentType === utf8ContentType) return null
  const charset = charsetParameter.exec(contentType)?.[1] ?? ''
  const lower = charset.toLowerCase()
  if (lower !== '' && lower !== 'utf-8' && lower !== 'utf8') return charset.slice(0, 40)
  utf8ContentType = contentType
  return null
}

/**
 * A request body in a content coding (gzip, deflate, br) is refused with 415 rather than read as UTF-8 and refused as
 * not being it: RFC 7694 §3 and RFC 9110 §15.5.16 make an unsupported coding a 415, with Accept-Encoding to say which
 * codings are taken (acceptedCodings). Null for no coding, or for `identity`, which is none (RFC 9110 §8.4.1).
 */
export function contentCodingRefusal(contentEncoding: string | undefined): ScimError | null {
  if (contentEncoding === undefined) return null
  const codings = contentEncoding.split(',').map((coding) => coding.trim().toLowerCase()).filter((coding) => coding !== '' && coding !== 'identity')
  if (codings.length === 0) return null
  return new ScimError(415, undefined, `The request body is compressed (Content-Encoding: ${codings.join(', ').slice(0, 40)}), and this server does not accept compressed bodies. Send the body uncompressed, with no Content-Encoding.`)
}

/** The Accept-Encoding of a 415 for a compressed body: the codings a request body may have (RFC 7694 §3). */
export const acceptedCodings = 'identity'

function undecodableDetail(bytes: Buffer): string {
  const offset = firstUndecodableByte(bytes)
  const where = offset === null ? '' : `: byte 0x${(bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')} at offset ${offset} (counted from 0) does not begin a valid UTF-8 character`
  return `The request body is not valid UTF-8, which SCIM requires (RFC 7644 §3.8)${where}. Send the body encoded as UTF-8.`
}

/**
 * Where the first byte that does not decode is: where the first U+FFFD of a lenient decoding stands that the body does
 * not spell out itself (as EF BF BD). Only for a body already refused, so the second decoding costs nothing in the
 * common case.
 */
function firstUndecodableByte(bytes: Buffer): number | null {
  const text = bytes.toString('utf8')
  let offset = 0
  let from = 0
  for (let index = text.indexOf('\uFFFD'); index !== -1; index = text.indexOf('\uFFFD', from)) {
    // What lies between decoded as it was sent, so it re-encodes to as many bytes.
    offset += Buffer.byteLength(text.slice(from, index))
    if (bytes[offset] !== 0xef || bytes[offset + 1] !== 0xbf || bytes[offset + 2] !== 0xbd) return offset
    offset += 3
    from = index + 1
  }
  return null
}

/**
 * Why a body is not JSON, in words an admin can act on, with the line and column where it breaks. It never quotes the
 * body: the JavaScript engine's message does (`"password=h"...`), and a detail is sent back, logged and shown. A
 * Content-Type that is not JSON's is named, since a form or text body is the usual reason.
 */
export function jsonSyntaxDetail(body: string, error: unknown, contentType: string | undefined): string {
  const message = error instanceof Error ? error.message : ''
  const mediaType = contentType?.split(';', 1)[0]?.trim() ?? ''
  const typeNote = mediaType !== '' && !/json/i.test(mediaType) ? ` Its Content-Type is ${mediaType.slice(0, 60)}: send JSON, with Content-Type application/scim+json.` : ''
  // JSON's whitespace only: /\s/ takes a byte order mark for one.
  const start = body.search(/[^ \t\r\n]/)
  const first = start === -1 ? '' : String.fromCodePoint(body.codePointAt(start) ?? 0)
  if (first === '\uFEFF') return `The request body starts with a byte order mark (U+FEFF), which JSON does not allow: send it in UTF-8 without one.${typeNote}`
  if (first !== '{' && first !== '[') return `The request body is not JSON: a SCIM body is a JSON object, which starts with "{", and this one starts with ${shown(first)}.${typeNote}`
  const at = /^(.+?) (in|after) JSON at position (\d+)/.exec(message)
  const position = at?.[3] === undefined ? null : Number(at[3])
  if (message.startsWith('Unexpected end of JSON input') || (position !== null && body.slice(position).trim() === '')) {
    return `The request body is not valid JSON: it ends before the JSON does (a closing "}", "]" or quote is missing).${typeNote}`
  }
  if (!at?.[1] || position === null) return `The request body is not valid JSON.${typeNote}`
  const before = body.slice(0, position)
  const line = before.split('\n').length
  const column = position - before.lastIndexOf('\n')
  const found = `, where it has ${shown(String.fromCodePoint(body.codePointAt(position) ?? 0))}`
  // Two objects in a row, or text after one: V8 says it as "Unexpected non-whitespace character after JSON".
  const what = at[2] === 'after' ? 'it goes on after the JSON ends' : `${at[1].charAt(0).toLowerCase()}${at[1].slice(1)}`
  return `The request body is not valid JSON: ${what}, at line ${line}, column ${column}${found}.${typeNote}`
}

// One character of a body, as a detail may show it: printable ASCII quoted, anything else by its code point.
function shown(character: string): string {
  if (character === '"') return 'a double quote'
  if (/^[\x21-\x7e]$/.test(character)) return `"${character}"`
  const code = character.codePointAt(0) ?? 0
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}
