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
    <FrameBanner tone="danger" icon={<IconDatabaseExclamation size={16} aria-hidden />} label="The provisioning log cannot be written" testId="log-write-banner">
      <b>The provisioning log is not being written</b> (since <RelativeTime value={status.since} inherit />). {status.reason} Okta and
      Entra are still answered, and their requests are kept until they can be written.
    </FrameBanner>
  )
}
