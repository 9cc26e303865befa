/** How the SCIM server's state reads to a person: a colour and a few words. */
import type { ServerStatus } from '../../../../shared/models'
import { assertNever } from '../../../../shared/result'
import { serverAddress } from './queries'
import { runningDetail } from './reach'

/** The tone of a status: green all good, amber needs a look, red not serving. */
export type StatusTone = 'green' | 'yellow' | 'red' | 'gray'

/** The pill's words and colour for a server state. */
export function describeServerStatus(status: ServerStatus | undefined): { tone: StatusTone; label: string; detail: string } {
  if (!status) return { tone: 'gray', label: 'Checking server…', detail: 'Asking the SCIM server for its state.' }
  switch (status.state) {
    case 'running':
      // Serving reads while every change gets 503, until the database file is back (the frame's banner says why).
      if (status.databaseFileRemoved) {
        return {
          tone: 'yellow',
          label: `Read-only · ${serverAddress(status)}`,
          detail: 'Reads are answered; changes get 503 until the database file is back at its path.'
        }
      }
      // Serving, but the last thing it tried went wrong: degraded, not down.
      return status.lastError
        ? { tone: 'yellow', label: `Degraded · ${serverAddress(status)}`, detail: status.lastError }
        : { tone: 'green', label: `Running · ${serverAddress(status)}`, detail: runningDetail(status) }
    case 'starting':
      return { tone: 'yellow', label: 'Starting…', detail: `Starting on ${serverAddress(status)}.` }
    case 'stopped':
      return { tone: 'red', label: 'Stopped', detail: 'The SCIM server is not listening. Okta calls will fail until it runs.' }
    case 'failed':
      return { tone: 'red', label: 'Failed', detail: status.lastError ?? 'The SCIM server could not start.' }
    default:
      return assertNever(status.state, 'Unknown server state')
  }
}
