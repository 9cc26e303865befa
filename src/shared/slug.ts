import { quoted } from './quoted'

// Common company-form suffixes: "Acme Corp" gets the slug `acme`, the name a customer's admin expects in a URL.
const companySuffixes = new Set([
  'ag', 'bv', 'co', 'company', 'corp', 'corporation', 'gmbh', 'inc', 'incorporated', 'limited', 'llc', 'llp', 'ltd',
  'nv', 'oy', 'plc', 'pty', 'sa', 'sarl', 'sas', 'srl'
])

/** The longest slug we accept; DNS-label length, so a slug also works as a subdomain. */
export const maxSlugLength = 63

// Lower-case letters, digits and single hyphens; no underscore, because Okta rejects a base URL that contains one.
const slugPattern = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,62}$/

// Latin letters that Unicode does not decompose into a letter and an accent, so NFKD leaves them whole: without these,
// "Straße" would give `stra-e` and "Søren" `s-ren`. Written as the languages that use them write them in ASCII.
const latinLetters: Readonly<Record<string, string>> = {
  ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i', ħ: 'h', ŧ: 't', ŋ: 'ng', ĸ: 'q'
}
const latinLetterPattern = new RegExp(`[${Object.keys(latinLetters).join('')}]`, 'g')

/**
 * Derives a URL-safe slug from a tenant name: `"Acme Corp"` → `acme`, `"Zoë & Co. Labs"` → `zoe-co-labs`.
 * Main derives the slug it stores; the New tenant form previews the same one as the name is typed.
 */
export function slugify(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(latinLetterPattern, (letter) => latinLetters[letter] ?? letter)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  while (words.length > 1 && companySuffixes.has(words[words.length - 1] ?? '')) words.pop()
  const slug = words.join('-')
  if (slug.length <= maxSlugLength) return slug
  // Too long: cut after the last whole word that fits, as a person would shorten it ("…-long-customer", not
  // "…-long-custome"); a first word longer than a slug can be is cut where it must.
  const cut = slug.slice(0, maxSlugLength + 1).lastIndexOf('-')
  return cut > 0 ? slug.slice(0, cut) : slug.slice(0, maxSlugLength)
}

/**
 * The letters and digits of a name that its slug leaves out, each once, in the order they come: those of other scripts
 * than Latin (`"Ωmega"` → `Ω`, `"株式会社"` → all four), which `slugify` has no ASCII for. The New tenant form names
 * them, so that `mega` for "Ωmega" is not a surprise, and asks for a slug when no letter is left.
 */
export function slugDroppedLetters(name: string): string[] {
  const dropped = new Set<string>()
  for (const character of name) {
    if (!/[\p{L}\p{N}]/u.test(character)) continue
    if (slugify(character) === '') dropped.add(character)
  }
  return [...dropped]
}

/**
 * What the New tenant form says under a slug it derives from `name` when the slug leaves letters out: which ones and
 * why (`"Ωmega"` → `mega`), or, when no letter is left (`"株式会社"`), that a slug must be typed. Null when nothing is
 * left out.
 */
export function derivedSlugNote(name: string): string | null {
  const dropped = slugDroppedLetters(name)
  if (dropped.length === 0) return null
  // The subject of each sentence named, not "it": the slug, the name and the letters are all in view.
  return slugify(name)
    ? `A slug is written in Latin letters, so the suggested one leaves out ${dropped.join(' ')}. Type a slug to spell it your way.`
    : `${quoted(name)} has no Latin letters to make a slug from. Type one, for example the name in Latin letters.`
}

/** Why a slug is not acceptable, or null when it is. */
export function slugProblem(slug: string): string | null {
  if (slug.length === 0) return 'The slug is empty. Use letters, digits and hyphens, for example "acme".'
  if (slug.length > maxSlugLength) return `The slug is longer than ${maxSlugLength} characters.`
  if (slug.includes('_')) return 'The slug contains "_". Okta rejects a SCIM base URL with an underscore; use a hyphen instead.'
  if (!slugPattern.test(slug)) {
    return `The slug ${quoted(slug)} is not URL-safe. Use lower-case letters, digits and single hyphens, starting and ending with a letter or digit.`
  }
  return null
}
