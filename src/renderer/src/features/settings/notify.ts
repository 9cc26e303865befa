/** Toasts for the Server and Settings pages, with a close button that says what it does. */
import { notifications } from '@mantine/notifications'
import type { ReactNode } from 'react'

/** Shows a toast: green for done, red for a failure, grey for news. */
export function notify({ color = 'green', title, message }: { color?: 'green' | 'red' | 'gray' | 'yellow'; title: string; message: ReactNode }): void {
  notifications.show({ color, title, message, closeButtonProps: { 'aria-label': 'Dismiss notification' } })
}
