import { ActionIcon, Button, CopyButton, Group, Paper, ScrollArea, Text, Tooltip } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import { Fragment, useMemo, useState, type ReactNode } from 'react'
import { formatCount } from '../../../lib/format'
import classes from './scim-json.module.css'

// Keys, strings, numbers, literals and punctuation of pretty-printed JSON, in order.
const tokenPattern = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g

/** Pretty JSON with keys, strings and literals tinted; built as React text, never as HTML. */
function highlight(json: string): ReactNode[] {
  const parts: ReactNode[] = []
  let last = 0
  for (const match of json.matchAll(tokenPattern)) {
    const index = match.index ?? 0
    if (index > last) parts.push(json.slice(last, index))
    const [whole, string, colon, number, literal] = match
    if (string !== undefined && colon !== undefined) {
      parts.push(
        <Fragment key={index}>
          <span className={classes.key}>{string}</span>
          {colon}
        </Fragment>
      )
    } else if (string !== undefined) {
      parts.push(
        <span key={index} className={classes.string}>
          {string}
        </span>
      )
    } else if (number !== undefined) {
      parts.push(
        <span key={index} className={classes.number}>
          {number}
        </span>
      )
    } else if (literal !== undefined) {
      parts.push(
        <span key={index} className={classes.literal}>
          {literal}
        </span>
      )
    } else {
      parts.push(whole)
    }
    last = index + whole.length
  }
  if (last < json.length) parts.push(json.slice(last))
  return parts
}

/** Pretty-prints a body that may be JSON text; anything else is shown as it came. */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2)
    } catch {
      return value
    }
  }
  return JSON.stringify(value, null, 2)
}

/**
 * Lines drawn before "Show all": the SCIM JSON of an Okta "Everyone" group of 5,000 members is 25,000 lines, and
 * drawing them held the group's drawer for seconds. The copy button copies the whole document either way.
 */
const linesShownAtFirst = 400

/** A JSON document in monospace, with a title and a copy button: what a SCIM client would GET. */
export function JsonBlock({
  value,
  title,
  copyLabel,
  maxHeight = 360,
  testId
}: {
  value: unknown
  title: ReactNode
  /** Names what is copied: "Copy SCIM JSON". */
  copyLabel: string
  maxHeight?: number
  testId?: string
}) {
  const text = useMemo(() => prettyJson(value), [value])
  const [whole, setWhole] = useState(false)
  const lines = useMemo(() => text.split('\n'), [text])
  const cut = !whole && lines.length > linesShownAtFirst
  // Tinting is for reading; a document shown whole past the cut is drawn as plain text, which is much lighter.
  const shown = useMemo(
    () => (cut ? highlight(lines.slice(0, linesShownAtFirst).join('\n')) : lines.length > linesShownAtFirst ? text : highlight(text)),
    [cut, lines, text]
  )
  return (
    <Paper withBorder radius="md" className={classes.block}>
      <Group justify="space-between" className={classes.bar} wrap="nowrap">
        <Text size="xs" fw={600} c="dimmed">
          {title}
        </Text>
        <CopyButton value={text} timeout={1600}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'}>
              <ActionIcon size="sm" variant={copied ? 'light' : 'subtle'} color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={copied ? 'Copied' : copyLabel}>
                {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <ScrollArea.Autosize mah={maxHeight} type="auto" offsetScrollbars="present" viewportProps={{ tabIndex: 0 }}>
        <pre className={classes.code} data-testid={testId}>
          {shown}
        </pre>
        {cut ? (
          <Button variant="subtle" size="compact-xs" color="gray" mx={12} mb={10} onClick={() => setWhole(true)}>
            Show all {formatCount(lines.length)} lines
          </Button>
        ) : null}
      </ScrollArea.Autosize>
    </Paper>
  )
}
