/**
 * A small, read-only JSON viewer: pretty, monospace, collapsible objects and arrays, and a copy button. Request and
 * response bodies are at most a few hundred kilobytes, so a plain recursive tree is enough; long arrays start folded.
 */
import { ActionIcon, CopyButton, Group, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { IconCheck, IconChevronDown, IconChevronRight, IconCopy } from '@tabler/icons-react'
import { useMemo, useState, type ReactNode } from 'react'
import classes from './json-view.module.css'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Parses `text` as JSON; null when it is not JSON (an HTML error page, plain text). */
function parse(text: string): { ok: true; value: Json } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as Json }
  } catch {
    return { ok: false }
  }
}

function isContainer(value: Json): value is Json[] | { [key: string]: Json } {
  return typeof value === 'object' && value !== null
}

function Primitive({ value }: { value: Exclude<Json, Json[] | { [key: string]: Json }> }) {
  if (value === null) return <span className={classes.null}>null</span>
  if (typeof value === 'string') return <span className={classes.string}>{JSON.stringify(value)}</span>
  if (typeof value === 'number') return <span className={classes.number}>{String(value)}</span>
  return <span className={classes.boolean}>{String(value)}</span>
}

function Node({
  name,
  value,
  depth,
  last,
  openDepth
}: {
  name: string | null
  value: Json
  depth: number
  last: boolean
  openDepth: number
}) {
  const container = isContainer(value)
  const entries = useMemo<[string | null, Json][]>(
    () => (!container ? [] : Array.isArray(value) ? value.map((item) => [null, item]) : Object.entries(value)),
    [container, value]
  )
  // Deep levels and long arrays start folded, so that a ListResponse of 100 users reads as one line.
  const [open, setOpen] = useState(() => depth < openDepth && !(Array.isArray(value) && value.length > 20 && depth > 0))
  const comma = last ? null : <span className={classes.punctuation}>,</span>
  const key =
    name === null ? null : (
      <>
        <span className={classes.key}>{JSON.stringify(name)}</span>
        <span className={classes.punctuation}>: </span>
      </>
    )

  if (!container) {
    return (
      <div className={classes.line} style={{ paddingLeft: depth * 14 + 16 }}>
        {key}
        <Primitive value={value} />
        {comma}
      </div>
    )
  }

  const [openBracket, closeBracket] = Array.isArray(value) ? ['[', ']'] : ['{', '}']
  if (entries.length === 0) {
    return (
      <div className={classes.line} style={{ paddingLeft: depth * 14 + 16 }}>
        {key}
        <span className={classes.punctuation}>{`${openBracket}${closeBracket}`}</span>
        {comma}
      </div>
    )
  }
  const summary = Array.isArray(value) ? `${entries.length} ${entries.length === 1 ? 'item' : 'items'}` : `${entries.length} ${entries.length === 1 ? 'key' : 'keys'}`
  return (
    <>
      <div className={classes.line} style={{ paddingLeft: depth * 14 }}>
        <UnstyledButton
          className={classes.toggle}
          onClick={() => setOpen((current) => !current)}
          aria-expanded={open}
          aria-label={`${open ? 'Collapse' : 'Expand'} ${name ?? 'value'}`}
        >
          {open ? <IconChevronDown size={12} stroke={2.2} aria-hidden /> : <IconChevronRight size={12} stroke={2.2} aria-hidden />}
        </UnstyledButton>
        {key}
        <span className={classes.punctuation}>{openBracket}</span>
        {open ? null : (
          <>
            <UnstyledButton className={classes.summary} onClick={() => setOpen(true)} tabIndex={-1}>
              {summary}
            </UnstyledButton>
            <span className={classes.punctuation}>{closeBracket}</span>
            {comma}
          </>
        )}
      </div>
      {open ? (
        <>
          {entries.map(([childName, child], index) => (
            <Node key={childName ?? index} name={childName} value={child} depth={depth + 1} last={index === entries.length - 1} openDepth={openDepth} />
          ))}
          <div className={classes.line} style={{ paddingLeft: depth * 14 + 16 }}>
            <span className={classes.punctuation}>{closeBracket}</span>
            {comma}
          </div>
        </>
      ) : null}
    </>
  )
}

/** A body as pretty JSON with folding and a copy button; plain text when it is not JSON, and a note when empty. */
export function JsonView({
  text,
  label,
  empty = 'No body',
  openDepth = 3,
  maxHeight = 360,
  actions
}: {
  text: string | null
  /** Names the content for the copy button: "Copy request body". */
  label: string
  empty?: ReactNode
  /** Levels open at first. */
  openDepth?: number
  maxHeight?: number
  /** Extra controls beside the copy button. */
  actions?: ReactNode
}) {
  const parsed = useMemo(() => (text === null || text.trim() === '' ? null : parse(text)), [text])
  const pretty = useMemo(() => (parsed?.ok ? JSON.stringify(parsed.value, null, 2) : (text ?? '')), [parsed, text])

  if (parsed === null) {
    return (
      <Text size="sm" c="dimmed" className={classes.empty}>
        {empty}
      </Text>
    )
  }
  return (
    <div className={classes.root}>
      <Group gap={4} className={classes.toolbar}>
        {actions}
        <CopyButton value={pretty} timeout={1600}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : `Copy ${label}`}>
              <ActionIcon variant={copied ? 'light' : 'subtle'} color={copied ? 'teal' : 'gray'} size="sm" onClick={copy} aria-label={copied ? `Copied ${label}` : `Copy ${label}`}>
                {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <div className={classes.scroller} style={{ maxHeight }} role="group" aria-label={label} tabIndex={0}>
        {parsed.ok ? (
          <Node name={null} value={parsed.value} depth={0} last openDepth={openDepth} />
        ) : (
          <pre className={classes.raw}>{text}</pre>
        )}
      </div>
    </div>
  )
}
