/**
 * The risk of binding beyond this computer, in words a CSM can weigh before confirming. The same sentence is shown by
 * the Server page (through `settings:update`) and the CLI (`settings set server.host … --yes`).
 */
export function exposureWarning(host: string): string {
  const where = host === '0.0.0.0' || host === '::' ? 'every network this computer is on' : `the network at ${host}`
  return (
    `Listening on ${host} opens the SCIM server to ${where}: anyone there who has a tenant's API token can create, ` +
    'change and deactivate users in it. Okta\'s cloud still cannot reach this computer without a tunnel, so for Okta ' +
    'keep 127.0.0.1 and set a public URL instead. Confirm only on a network you trust.'
  )
}
