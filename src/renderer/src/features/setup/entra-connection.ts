import { requestClientOf } from '../../../../shared/identity-provider'
import type { LogEntrySummary } from '../../../../shared/models'

/**
 * The request that says whether Entra can reach a tenant, among its latest (newest first): Entra's latest connection
 * check (Test Connection, which each provisioning cycle also sends first), so that a create refused later for its
 * data does not read as a broken connection; with no check among them, Entra's latest request, whatever it was.
 */
export function entraConnectionRequest<T extends Pick<LogEntrySummary, 'client' | 'path' | 'operation'>>(latest: readonly T[]): T | undefined {
  const fromEntra = latest.filter((entry) => requestClientOf(entry.client, entry.path) === 'entra')
  return fromEntra.find((entry) => entry.operation === 'test-credentials') ?? fromEntra[0]
}
