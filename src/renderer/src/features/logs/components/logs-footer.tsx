import { Kbd } from '@mantine/core'
import { formatCount } from '../../../lib/format'
import { formatLogCount } from '../log-format'
import { LiveStatus } from './live-controls'
import classes from './logs-page.module.css'

/** The line under the log's rows: how many show of how many match, the keys that move through them, and Live. */
export function LogsFooter({
  loading,
  shown,
  total,
  loadingMore,
  paused
}: {
  /** The first rows are on their way. */
  loading: boolean
  /** How many rows are loaded. */
  shown: number
  /** How many requests match, up to main's cap. */
  total: number
  /** The next page is on its way. */
  loadingMore: boolean
  paused: boolean
}) {
  return (
    <>
      <span className="tabular" aria-live="polite">
        {loading
          ? 'Loading…'
          : total === 0
            ? 'No requests'
            : `Showing ${formatCount(shown)} of ${formatLogCount(total)} ${total === 1 ? 'request' : 'requests'}${loadingMore ? ' · loading more…' : ''}`}
      </span>
      <span className={classes.hints}>
        <Kbd size="xs">↑</Kbd>
        <Kbd size="xs">↓</Kbd> move <Kbd size="xs">Enter</Kbd> open <Kbd size="xs">/</Kbd> search
      </span>
      <LiveStatus paused={paused} />
    </>
  )
}
