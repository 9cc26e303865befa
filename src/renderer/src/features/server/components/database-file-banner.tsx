import { Button, Text } from '@mantine/core'
import { IconDatabaseOff } from '@tabler/icons-react'
import { FrameBanner, frameBannerButtonClass } from '../../../components/frame-banner'
import { backupNotices } from '../../settings/notify'
import { useAppInfo, useBackup } from '../../settings/queries'

// What is refused, what still works and what to do: the banner's second line, and the end of its full text on hover.
const consequences =
  'Edits here and SCIM writes are refused (503); screens and SCIM reads work. Put the file back, or back up now, restart SCIM Console and restore the backup.'

/**
 * On every screen while the database file is found deleted or moved (ServerStatus.databaseFileRemoved), until it is
 * back at its path. Every change is refused meanwhile, the console's and the identity providers', since it would be
 * lost at the next start; so the banner says where the file belongs, what still works, and what to do. A deleted file
 * lives on only in the app's open connection, so it offers the one way to keep its data: a backup of it now.
 */
export function DatabaseFileBanner() {
  const path = useAppInfo().data?.databasePath
  const backup = useBackup()
  const backUp = (): void =>
    backup.mutate(undefined, {
      onSuccess: (result) => {
        if (result) backupNotices.saved(result)
      },
      onError: backupNotices.failed
    })
  return (
    <FrameBanner
      tone="danger"
      icon={<IconDatabaseOff size={18} aria-hidden />}
      label="The database file was deleted or moved"
      testId="database-file-banner"
      title={`The database file ${path ? `at ${path} ` : ''}was deleted or moved. No change is saved until it is back. ${consequences}`}
      detail={consequences}
      action={
        <Button size="compact-sm" variant="white" color="dark" className={frameBannerButtonClass} onClick={backUp} loading={backup.isPending}>
          Back up…
        </Button>
      }
    >
      <b>
        The database file{' '}
        {path ? (
          <>
            at{' '}
            <Text span inherit className="mono">
              {path}
            </Text>{' '}
          </>
        ) : null}
        was deleted or moved.
      </b>{' '}
      No change is saved until it is back.
    </FrameBanner>
  )
}
