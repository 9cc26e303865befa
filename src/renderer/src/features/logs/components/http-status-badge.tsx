import { Badge, Tooltip } from '@mantine/core'
import { statusClass, type StatusClass } from '../log-format'

const classColors: Readonly<Record<StatusClass, string>> = {
  success: 'green',
  'client-error': 'yellow',
  throttled: 'violet',
  'server-error': 'red',
  other: 'gray'
}

/** Colour by class (`statusClass`), for meaning only: 2xx green, 4xx amber, 429 violet (throttled), 5xx red. */
export function statusColor(status: number): string {
  return classColors[statusClass(status)]
}

const reasons: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  507: 'Insufficient Storage'
}

/** The reason phrase of a status, "Unauthorized" for 401; undefined for one we do not name. */
export function statusReason(status: number): string | undefined {
  return reasons[status]
}

/**
 * An HTTP status as a badge, with its reason phrase on hover. `plainTitle` uses the browser's title instead of a
 * tooltip, for long virtualised lists where a tooltip per row costs more than it gives.
 */
export function HttpStatusBadge({ status, size, plainTitle = false }: { status: number; size?: 'sm' | 'md' | 'lg'; plainTitle?: boolean }) {
  const reason = reasons[status]
  const text = reason ? `${status} ${reason}` : String(status)
  const badge = (
    <Badge color={statusColor(status)} variant="light" size={size} className="tabular" miw={44} aria-label={text} title={plainTitle ? text : undefined}>
      {status}
    </Badge>
  )
  return reason && !plainTitle ? <Tooltip label={text}>{badge}</Tooltip> : badge
}
