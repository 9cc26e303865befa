/**
 * Where a URL or a file path may break across lines: after each "/" (or "\" in a Windows path), so that every line
 * ends at a boundary people read aloud ("…:8080/ scim/ v2/ acme"). The scheme's "//" and a leading "/" stay with what
 * follows them, because "http://" alone on a line reads as nothing.
 */
export function urlSegments(text: string): string[] {
  const pieces = text.match(/[^/\\]*[/\\]+|[^/\\]+$/g) ?? []
  const segments: string[] = []
  let carried = ''
  for (const piece of pieces) {
    const joined = carried + piece
    if (/^([a-z][a-z0-9+.-]*:)?[/\\]+$/i.test(joined)) {
      carried = joined
      continue
    }
    segments.push(joined)
    carried = ''
  }
  if (carried) segments.push(carried)
  return segments
}
