/** The live tail on screen (live-tail.ts): the Live button in the header, the "12 new" pill, and the footer's word. */
import { Button, Tooltip } from '@mantine/core'
import { IconArrowUp, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react'
import cardClasses from '../../../components/table-card.module.css'
import { formatLogCount } from '../log-format'
import classes from './logs-page.module.css'

/** Live or Paused, in the page header: a click pauses the live tail, or resumes it. */
export function LiveToggle({ paused, onToggle }: { paused: boolean; onToggle: () => void }) {
  return (
    <Tooltip label={paused ? 'Resume: show new requests as Okta or Entra makes them' : 'New requests appear as Okta or Entra makes them. Click to pause.'}>
      <Button
        variant={paused ? 'light' : 'default'}
        color={paused ? 'yellow' : undefined}
        leftSection={paused ? <IconPlayerPlay size={16} aria-hidden /> : <span className={cardClasses.liveDot} data-live aria-hidden />}
        rightSection={paused ? null : <IconPlayerPause size={14} aria-hidden className={classes.pauseIcon} />}
        onClick={onToggle}
        aria-label={paused ? 'Resume live updates' : 'Pause live updates'}
        aria-pressed={paused}
      >
        {paused ? 'Paused' : 'Live'}
      </Button>
    </Tooltip>
  )
}

/** "12 new", floating over the rows while newer requests wait; a click shows them. */
export function NewEntriesPill({ count, onClick }: { count: number; onClick: () => void }) {
  return (
    <Button
      className={classes.newPill}
      radius="xl"
      size="xs"
      leftSection={<IconArrowUp size={14} aria-hidden />}
      onClick={onClick}
      data-testid="new-entries-pill"
    >
      {formatLogCount(count)} new
    </Button>
  )
}

/** The footer's word on the live tail: Live, or why new requests do not show. */
export function LiveStatus({ paused }: { paused: boolean }) {
  return (
    <span className={cardClasses.live} data-paused={paused || undefined}>
      <span className={cardClasses.liveDot} data-live={!paused || undefined} aria-hidden />
      {paused ? 'Paused: new requests wait until you resume' : 'Live'}
    </span>
  )
}
