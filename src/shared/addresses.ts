import ipaddr from 'ipaddr.js'

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

// ipaddr.js (also Fastify's, through proxy-addr) names the special ranges of RFC 6890 and friends; the address kinds
// below are those an identity provider's cloud cannot reach. Multicast and documentation ranges count as public: no
// one binds a server to them.
const localRanges = new Set(['private', 'linkLocal', 'uniqueLocal', 'carrierGradeNat', 'unspecified', 'deprecatedSiteLocal'])

/** Who can reach an IP address in dotted-quad or IPv6 form, or null when `host` is neither (a host name). */
function ipReach(host: string): AddressReach | null {
  // Only the four-part decimal form: ipaddr.js also reads "127.1" and "0x7f000001" as IPv4, which are host names here.
  const v4 = ipaddr.IPv4.isValidFourPartDecimal(host) ? ipaddr.IPv4.parse(host) : null
  const v6 = v4 === null && host.includes(':') && ipaddr.IPv6.isValid(host) ? ipaddr.IPv6.parse(host) : null
  // ::ffff:a.b.c.d, an IPv4 address in IPv6 form, reaches what its IPv4 address reaches.
  const address = v6?.isIPv4MappedAddress() ? v6.toIPv4Address() : (v4 ?? v6)
  if (address === null) return null
  const range = address.range()
  if (range === 'loopback') return 'this-computer'
  return localRanges.has(range) ? 'local-network' : 'public'
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
  const ip = ipReach(name)
  if (ip !== null) return ip
  // Colons but not an IPv6 address: not a host name either.
  if (name.includes(':')) return 'local-network'
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

// The Fetch standard's "bad ports" (https://fetch.spec.whatwg.org/#port-blocking): ports of other protocols, to which
// browsers and Node's fetch (undici) never connect, so that a request cannot be smuggled into them. The same 82 as
// Node 22's undici refuses.
const fetchRefusedPorts = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119,
  123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990,
  993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080
])

/**
 * What a SCIM server on `port` cannot be reached by, when it is one of the Fetch standard's bad ports: SCIM Console's
 * own demos and self-tests (which send with Node's fetch) and a browser. Null for any other port.
 */
export function fetchRefusedPortWarning(port: number): string | null {
  if (!fetchRefusedPorts.has(port)) return null
  return `port ${port} is one that browsers and Node's fetch refuse to connect to (the Fetch standard's "bad ports"), so SCIM Console's Okta and Entra demos and self-tests cannot reach the server on it, nor can a browser. Pick another port, such as 8787.`
}
