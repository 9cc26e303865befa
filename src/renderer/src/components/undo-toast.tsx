import { Button, Group, Kbd, Text, type MantineColor } from '@mantine/core'
import { getHotkeyHandler } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { isMac } from '../lib/platform'

/** The toast waits this long, so that its Undo can be read and reached. */
const undoForMs = 8000

/** The Undo of each toast still showing, newest last: Ctrl+Z undoes the newest only. */
const pending: { id: string; undo: () => void }[] = []

function remove(id: string): void {
  const index = pending.findIndex((entry) => entry.id === id)
  if (index >= 0) pending.splice(index, 1)
}

/** Whether a key belongs to a field's own undo (of its typed text) rather than to the console's. */
function inField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
}

const undoNewest = getHotkeyHandler([['mod+Z', () => pending.at(-1)?.undo()]])

function onKeyDown(event: KeyboardEvent): void {
  if (pending.length > 0 && !inField(event.target)) undoNewest(event)
}

/**
 * A toast with an Undo button, which Ctrl+Z (⌘Z) also presses while the toast shows. The shortcut is the keyboard's
 * way to it: an open drawer or dialog keeps Tab inside itself, out of the toast's reach.
 */
export function showUndoToast({ id, color, title, message, onUndo }: { id: string; color: MantineColor; title: string; message: string; onUndo: () => void }): void {
  const undo = (): void => {
    remove(id)
    notifications.hide(id)
    onUndo()
  }
  // A toast of the same id (the same user changed again) gives way: Mantine would keep the old one and drop this.
  notifications.hide(id)
  pending.push({ id, undo })
  // One listener for every toast; the window, so that a drawer's focus trap does not keep the key from it.
  window.removeEventListener('keydown', onKeyDown)
  window.addEventListener('keydown', onKeyDown)
  notifications.show({
    id,
    autoClose: undoForMs,
    color,
    title,
    closeButtonProps: { 'aria-label': 'Dismiss notification' },
    onClose: () => remove(id),
    message: (
      <Group justify="space-between" gap="sm" wrap="nowrap">
        <Text size="sm">{message}</Text>
        <Button size="compact-xs" variant="default" onClick={undo} aria-keyshortcuts={isMac ? 'Meta+Z' : 'Control+Z'} rightSection={<Kbd size="xs">{isMac ? '⌘Z' : 'Ctrl+Z'}</Kbd>}>
          Undo
        </Button>
      </Group>
    )
  })
}
