import { IconDatabaseExclamation } from '@tabler/icons-react'
import type { LogWriteStatus } from '../../../../../shared/models'
import { FrameBanner } from '../../../components/frame-banner'
import { RelativeTime } from '../../../components/relative-time'

/**
 * On every screen while the provisioning log cannot be written (a full disk, say): SCIM requests are still answered,
 * but Support would otherwise look for them in the log and not find them.
 */
export function LogWriteBanner({ status }: { status: LogWriteStatus }) {
  if (status.state === 'ok') return null
  return (
    <FrameBanner
      tone="danger"
      icon={<IconDatabaseExclamation size={16} aria-hidden />}
      label="The provisioning log cannot be written"
      testId="log-write-banner"
      title={`The provisioning log is not being written. ${status.reason} Okta and Entra are still answered, and their requests are kept in memory (up to 50,000) until they can be written.`}
    >
      <b>The provisioning log is not being written</b> (since <RelativeTime value={status.since} inherit />). {status.reason} Requests are still
      answered; their entries wait in memory.
    </FrameBanner>
  )
}
