/**
 * Who can reach an address. The one answer every screen, the setup guide and the CLI give to "can the cloud reach
 * this?": only `public` can be reached by Okta's and Microsoft's clouds.
 * - `this-computer`: loopback (127.0.0.0/8, ::1, `localhost` and RFC 6761's `*.localhost`).
 * - `local-network`: private and special addresses (RFC 1918, CGNAT 100.64/10, link-local, IPv6 ULA and link-local,
 *   0.0.0.0 and ::, which a server binds to listen on every network), and names that only resolve on this machine or
 *   its LAN (`*.local`, `*.internal`, `*.home.arpa`, a bare host name).
 * - `public`: anything else, such as a tunnel's host name or a public IP address.
 */
export type AddressReach = 'this-computer' | 'local-network' | 'public'

/** An IPv4 address as four numbers, or null when `host` is not one in dotted-quad form. */
function ipv4Parts(host: string): readonly number[] | null {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return null
  const parts = host.split('.').map(Number)
  return parts.every((part) => part <= 255) ? parts : null
}

function ipv4Reach([a = 0, b = 0]: readonly number[]): AddressReach {
  if (a === 127) return 'this-computer'
  const local =
    a === 0 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127)
  return local ? 'local-network' : 'public'
}

/** An IPv6 address as eight 16-bit groups (an IPv4 tail counts as two), or null when `host` is not one. */
function ipv6Groups(host: string): readonly number[] | null {
  if (!/^[\da-f:.]+$/.test(host) || !host.includes(':')) return null
  let text = host
  const tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(host)
  if (tail?.[1] !== undefined && tail[2] !== undefined) {
    const parts = ipv4Parts(tail[2])
    if (!parts) return null
    const [a = 0, b = 0, c = 0, d = 0] = parts
    text = `${tail[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return null
  const groupsOf = (half: string | undefined): string[] => (half ? half.split(':') : [])
  const head = groupsOf(halves[0])
  const rest = groupsOf(halves[1])
  const missing = 8 - head.length - rest.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null
  const groups = [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...rest]
  if (groups.some((group) => !/^[\da-f]{1,4}$/.test(group))) return null
  return groups.map((group) => parseInt(group, 16))
}

function ipv6Reach(groups: readonly number[]): AddressReach {
  const [first = 0, , , , , sixth = 0, seventh = 0, last = 0] = groups
  const zeroBefore = (count: number): boolean => groups.slice(0, count).every((group) => group === 0)
  if (zeroBefore(7) && last === 1) return 'this-computer'
  if (zeroBefore(8)) return 'local-network'
  // ::ffff:a.b.c.d, an IPv4 address in IPv6 form, reaches what its IPv4 address reaches.
  if (zeroBefore(5) && sixth === 0xffff) return ipv4Reach([seventh >> 8, seventh & 0xff, last >> 8, last & 0xff])
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80) return 'local-network'
  return 'public'
}

/**
 * Who can reach `host`, a host name or an IP address as a bind address or a URL's host (`[::1]` included). An
 * address that does not parse reaches nobody beyond this network, and is `local-network`.
 */
export function hostReach(host: string): AddressReach {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '')
  const ipv4 = ipv4Parts(name)
  if (ipv4) return ipv4Reach(ipv4)
  if (name.includes(':')) {
    const ipv6 = ipv6Groups(name)
    return ipv6 ? ipv6Reach(ipv6) : 'local-network'
  }
  if (name === 'localhost' || name.endsWith('.localhost')) return 'this-computer'
  if (/\.(local|internal|home\.arpa)$/.test(name) || !name.includes('.')) return 'local-network'
  return 'public'
}

/** Who can reach a URL or origin (`http://127.0.0.1:8787`), by its host; one that does not parse is `local-network`. */
export function originReach(origin: string): AddressReach {
  let hostname: string
  try {
    hostname = new URL(origin.trim()).hostname
  } catch {
    return 'local-network'
  }
  return hostReach(hostname)
}

/** True when `host` names this computer only (127.0.0.0/8, ::1, localhost): binding to it keeps the server here. */
export function isLoopbackHost(host: string): boolean {
  return hostReach(host) === 'this-computer'
}

/**
 * Why a public URL with http:// puts every tenant's API token at risk, or null when it does not (https://, this
 * computer, or no URL at all). A warning, not a refusal: a tunnel in a test lab may be plain http on purpose. The same
 * sentence is shown by the Server page, the setup guide and the CLI (`settings set server.publicUrl`).
 */
export function cleartextUrlWarning(url: string | null): string | null {
  if (url === null) return null
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    return null
  }
  if (parsed.protocol !== 'http:' || isLoopbackHost(parsed.hostname)) return null
  return (
    'With http://, identity providers send the API token unencrypted: anyone on the network path can read it and use it ' +
    "to change a tenant's users. Use the tunnel's https:// address."
  )
}
