import { ActionIcon, Group, Paper, Text, Tooltip } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { isMac } from '../lib/platform'
import { UrlText } from './url-text'

const copiedForMs = 1600

/** Selects the whole of an element's text, so that the keyboard's copy takes it. */
function selectText(element: HTMLElement | null): void {
  const selection = window.getSelection()
  if (!element || !selection) return
  const range = document.createRange()
  range.selectNodeContents(element)
  selection.removeAllRanges()
  selection.addRange(range)
}

/**
 * A value to paste elsewhere (a URL, a path, a token), in monospace, with a copy button. It is shown whole: a URL or
 * a path wraps after its slashes (UrlText), a token where it must. When the clipboard refuses (a locked-down desktop,
 * a window without focus), the field says so and selects the value for the keyboard's copy, rather than look copied.
 */
export function CopyField({
  value,
  label,
  size = 'sm',
  emphasis = false,
  testId,
  autoFocus = false,
  onCopied
}: {
  value: string
  /** Names the value, for the copy button: "SCIM base URL" gives "Copy SCIM base URL". */
  label: string
  size?: 'sm' | 'md'
  emphasis?: boolean
  testId?: string
  /** Takes the focus when it appears, as the one thing to do next (a token just issued). */
  autoFocus?: boolean
  /** Called when the value was copied, with the button or by hand (a selection of it copied from the keyboard or menu). */
  onCopied?: () => void
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'refused'>('idle')
  const text = useRef<HTMLParagraphElement>(null)
  const reset = useRef<number | undefined>(undefined)
  useEffect(() => () => window.clearTimeout(reset.current), [])

  const copy = async (): Promise<void> => {
    window.clearTimeout(reset.current)
    try {
      if (!navigator.clipboard) throw new Error('No clipboard')
      await navigator.clipboard.writeText(value)
      setState('copied')
      onCopied?.()
      reset.current = window.setTimeout(() => setState('idle'), copiedForMs)
    } catch {
      setState('refused')
      selectText(text.current)
    }
  }

  return (
    <>
      <Paper
        withBorder
        radius="md"
        px="sm"
        py={size === 'md' ? 'sm' : 6}
        bg={emphasis ? 'var(--mantine-color-default-hover)' : undefined}
      >
        <Group gap="xs" wrap="nowrap" justify="space-between">
          <Text
            ref={text}
            className="mono"
            size={size}
            miw={0}
            style={{ userSelect: 'all' }}
            data-testid={testId}
            onCopy={() => {
              if (state === 'refused') setState('idle')
              onCopied?.()
            }}
          >
            <UrlText value={value} />
          </Text>
          <Tooltip label={state === 'copied' ? 'Copied' : 'Copy'} withArrow>
            <ActionIcon
              variant={state === 'copied' ? 'light' : 'subtle'}
              color={state === 'copied' ? 'teal' : 'gray'}
              onClick={() => void copy()}
              aria-label={state === 'copied' ? `Copied ${label}` : `Copy ${label}`}
              size={size === 'md' ? 'lg' : 'md'}
              autoFocus={autoFocus}
            >
              {state === 'copied' ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        </Group>
      </Paper>
      {state === 'refused' ? (
        <Text size="xs" c="red" mt={4} role="status">
          Could not copy to the clipboard. The {label} is selected: press {isMac ? '⌘C' : 'Ctrl+C'}.
        </Text>
      ) : null}
    </>
  )
}
