/**
 * Who can reach the SCIM server, in each screen's words. The rule itself is shared/addresses.ts (`hostReach`,
 * `originReach`), which the setup guide in main uses too; only a `public` address can be reached from the cloud.
 */
import { hostReach, originReach, type AddressReach } from '../../../../shared/addresses'
import type { ServerStatus } from '../../../../shared/models'
import { scimOrigin } from './queries'

/** Where an address works, to end "This address works …": "from this computer only", "on the local network only". */
export const reachPhrase: Readonly<Record<AddressReach, string>> = {
  'this-computer': 'from this computer only',
  'local-network': 'on the local network only',
  public: 'from anywhere'
}

/** Who can reach the origin identity providers are given (the public URL when one is set), or null without a status. */
export function scimOriginReach(status: ServerStatus | undefined): AddressReach | null {
  const origin = scimOrigin(status)
  return origin === null ? null : originReach(origin)
}

/**
 * Who can call the running server, by the origin identity providers are given. On 127.0.0.1 it answers, but Okta's
 * cloud cannot reach it: "identity providers can reach it" there reads as "connected" on a customer call. A public URL
 * (a tunnel) is what the cloud calls, whatever address the server itself listens on.
 */
export function whoCanReach(status: ServerStatus): string {
  const reach = scimOriginReach(status)
  if (reach === 'public' && status.publicUrl !== null && status.publicUrl !== status.url) return 'Identity providers reach it at the public URL'
  if (reach === 'this-computer') return 'Answering this computer only'
  if (reach === 'local-network') return 'Answering on the local network'
  return 'Answering on the network'
}

/** The status pill's detail for a running server: whether identity providers in the cloud can reach it. */
export function runningDetail(status: ServerStatus): string {
  const reach = scimOriginReach(status)
  if (reach === 'public' || reach === null) return 'Identity providers can reach the SCIM server.'
  return `${whoCanReach(status)}: Okta and Entra, in the cloud, need a tunnel and a public URL (Server page).`
}

/** The Address card's hint: who can connect to the address the server listens on (0.0.0.0 is every network). */
export function listenReachHint(host: string): string {
  return hostReach(host) === 'this-computer' ? 'This computer only' : 'Reachable from the network'
}

/** The Server page's note under the origin identity providers use, when the cloud cannot reach it; null when it can. */
export function cloudReachNote(reach: AddressReach | null): string | null {
  if (reach === 'this-computer') {
    return 'Reachable from this computer only: fine for a local test. Okta and Entra, in the cloud, need a tunnel and a public URL, set below.'
  }
  if (reach === 'local-network') {
    return 'Reachable on the local network only: fine for a test lab. Okta and Entra, in the cloud, need a tunnel and a public URL, set below.'
  }
  return null
}
