import { Tooltip, UnstyledButton } from '@mantine/core'
import { useNavigate } from 'react-router'
import { paths } from '../../../app/paths'
import { useServerStatus } from '../queries'
import { describeServerStatus } from '../status'
import classes from './server-status-pill.module.css'

/** "● Running · 127.0.0.1:8787" in the header; a click opens the Server page. */
export function ServerStatusPill() {
  const status = useServerStatus()
  const navigate = useNavigate()
  const { tone, label, detail } = status.isError
    ? { tone: 'red' as const, label: 'Server unknown', detail: status.error.message }
    : describeServerStatus(status.data)
  return (
    <Tooltip label={detail} multiline maw={320}>
      <UnstyledButton
        className={classes.pill}
        data-tone={tone}
        onClick={() => navigate(paths.server)}
        aria-label={`SCIM server: ${label}. Open the Server page.`}
      >
        <span className={classes.dot} aria-hidden />
        <span className="tabular">{label}</span>
      </UnstyledButton>
    </Tooltip>
  )
}
