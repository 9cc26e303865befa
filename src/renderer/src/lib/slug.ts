// Company forms dropped from the end of a name: "Acme Corp" gives `acme`.
const companySuffixes = new Set([
  'ag', 'bv', 'co', 'company', 'corp', 'corporation', 'gmbh', 'inc', 'incorporated', 'limited', 'llc', 'llp', 'ltd',
  'nv', 'oy', 'plc', 'pty', 'sa', 'sarl', 'sas', 'srl'
])

/**
 * Previews the slug the main process will derive from a tenant name, as the user types:
 * accents dropped, lower-case, each run of other characters becomes one '-', a trailing
 * company form ("Corp", "GmbH", "Inc") dropped, and at most 63 characters.
 *
 * This mirrors `slugify` in `src/main/core/slug.ts`, which the renderer may not import.
 * The server's answer is what counts; this is only a preview.
 */
export function deriveSlug(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  while (words.length > 1 && companySuffixes.has(words[words.length - 1] ?? '')) words.pop()
  return words.join('-').slice(0, 63).replace(/-+$/, '')
}
