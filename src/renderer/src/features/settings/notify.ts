/** Toasts for the Server and Settings pages, with a close button that says what it does. */
import { notifications } from '@mantine/notifications'
import type { ReactNode } from 'react'
import type { ExportResult } from '../../../../shared/models'
import { errorMessage } from '../../api/client'
import { plural } from '../../lib/format'

/** Shows a toast: green for done, red for a failure, grey for news. */
export function notify({ color = 'green', title, message }: { color?: 'green' | 'red' | 'gray' | 'yellow'; title: string; message: ReactNode }): void {
  notifications.show({ color, title, message, closeButtonProps: { 'aria-label': 'Dismiss notification' } })
}

/** Where a backup went, or why it was not saved: for each button that takes one (Settings, the database file's banner). */
export const backupNotices = {
  saved: (result: ExportResult): void => notify({ title: 'Backup saved', message: `${plural(result.count, 'tenant')} in ${result.path}` }),
  failed: (error: unknown): void => notify({ color: 'red', title: 'The backup was not saved', message: errorMessage(error) })
}
