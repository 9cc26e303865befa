/**
 * The Server page's form, as plain values: where the server listens. The rules for the port, the address and the public
 * URL are shared/settings-rules.ts, which main checks every update with too, so that both give the same answer.
 */

/** Where the SCIM server listens: this computer only, every network, or one address of this computer. */
export type BindChoice = 'loopback' | 'all' | 'custom'

/** The address that keeps the server on this computer, and the default. */
export const loopbackAddress = '127.0.0.1'
/** The address that listens on every network this computer is on. */
export const allAddresses = '0.0.0.0'

/** Which choice a saved host is. */
export function bindChoiceOf(host: string): BindChoice {
  if (host === loopbackAddress) return 'loopback'
  if (host === allAddresses) return 'all'
  return 'custom'
}
