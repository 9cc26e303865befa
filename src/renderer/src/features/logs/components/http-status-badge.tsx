import { Badge, Tooltip } from '@mantine/core'

/** Colour by class, for meaning only: 2xx green, 4xx amber, 429 violet (throttled), 5xx red. */
export function statusColor(status: number): string {
  if (status === 429) return 'violet'
  if (status >= 500) return 'red'
  if (status >= 400) return 'yellow'
  if (status >= 200 && status < 300) return 'green'
  return 'gray'
}

const reasons: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable'
}

/** An HTTP status as a badge, with its reason phrase on hover. */
export function HttpStatusBadge({ status }: { status: number }) {
  const reason = reasons[status]
  const badge = (
    <Badge color={statusColor(status)} variant="light" className="tabular" miw={44} aria-label={reason ? `${status} ${reason}` : String(status)}>
      {status}
    </Badge>
  )
  return reason ? <Tooltip label={`${status} ${reason}`}>{badge}</Tooltip> : badge
}
