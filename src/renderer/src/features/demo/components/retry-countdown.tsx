import { Alert, Progress, Stack, VisuallyHidden } from '@mantine/core'
import { IconClockPause } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { useNow } from '../../../lib/use-now'

/**
 * A wait after a 429, counting down in the violet of throttling: Okta's in the simulator, the SPEC self-test's in its
 * panel. `title` and `children` get the time left, in milliseconds. Key it by `until`, so that a new wait starts its bar
 * afresh. A screen reader hears `announcement` once, as the wait begins, rather than every tick of the count.
 */
export function RetryCountdown({
  until,
  title,
  children,
  announcement,
  progressLabel,
  testId
}: {
  readonly until: string
  readonly title: (remainingMs: number) => ReactNode
  readonly children: (remainingMs: number) => ReactNode
  readonly announcement: string
  readonly progressLabel: string
  readonly testId: string
}) {
  const now = useNow(200)
  const end = Date.parse(until)
  const remainingMs = Math.max(0, end - now)
  // The demo may be sped up: the bar runs over the wait as it will be taken, from when it showed.
  const [total] = useState(() => Math.max(1, end - Date.now()))
  return (
    // Not an alert itself: an alert is read out whole again each time its text changes, five times a second here.
    <Alert role="group" color="violet" variant="light" radius={0} icon={<IconClockPause size={18} aria-hidden />} title={title(remainingMs)} data-testid={testId}>
      <VisuallyHidden role="alert">{announcement}</VisuallyHidden>
      <Stack gap={6}>
        {children(remainingMs)}
        <Progress value={100 - (remainingMs / total) * 100} color="violet" size="sm" aria-label={progressLabel} transitionDuration={200} />
      </Stack>
    </Alert>
  )
}
