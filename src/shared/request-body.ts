/**
 * What a log entry says where it holds no request body, here so that the app's log detail and the CLI's `logs show`
 * say the same: the log keeps no body for a request refused before it was read, and a note that reads as "none sent"
 * there would send Support looking for a fault in Okta.
 */
import { requestClientOf } from './identity-provider'
import type { LogEntry } from './models'

/**
 * "327 bytes", "12.4 KB", "1.05 MB": a size in the units a file manager shows, to three figures, so that a body just
 * over the 1 MB limit does not read as "1.0 MB".
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value >= 100 ? Math.round(value) : value.toPrecision(3)} ${units[unit]}`
}

/**
 * The note where the log holds no request body. None may have been sent; or one was sent and not kept: a request
 * refused before it reached the tenant (a wrong token, throttled) keeps none, nor does one too large to read.
 */
export function missingBodyNote(entry: Pick<LogEntry, 'method' | 'status' | 'requestHeaders' | 'client' | 'path'>): string {
  const header = (name: string): string | undefined =>
    Object.entries(entry.requestHeaders).find(([key]) => key.toLowerCase() === name)?.[1]
  const length = Number(header('content-length'))
  const sized = Number.isFinite(length) && length > 0
  if (sized || header('transfer-encoding') !== undefined) {
    const size = sized ? ` (${formatBytes(length)})` : ''
    if (entry.status === 413) return `Not kept: the body sent${size} is larger than SCIM Console reads.`
    return `Not kept: a body was sent${size}, but SCIM Console keeps none for a request it refused before reading it.`
  }
  if (!['GET', 'DELETE', 'HEAD'].includes(entry.method.toUpperCase())) return 'No body was sent.'
  // In the words of the client that sent it, as the rest of the drawer is: an Entra GET is not Okta's.
  const client = requestClientOf(entry.client, entry.path)
  return client === 'other' ? 'No body: none is sent with this request.' : `No body: ${client === 'entra' ? 'Entra' : 'Okta'} sends none with this request.`
}
