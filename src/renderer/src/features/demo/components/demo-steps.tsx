import { Badge, Group, Loader, Text, ThemeIcon, VisuallyHidden } from '@mantine/core'
import { IconCheck, IconClockPause, IconClockShare, IconPoint, IconX } from '@tabler/icons-react'
import { useEffect, useRef } from 'react'
import type { DemoStep } from '../../../../../shared/models'
import { assertNever } from '../../../../../shared/result'
import { formatDuration } from '../../../lib/format'
import { HttpStatusBadge } from '../../logs/components/http-status-badge'
import { decodedPath } from '../../logs/log-format'
import classes from './demo-page.module.css'

const statusWords: Readonly<Record<DemoStep['status'], string>> = {
  pending: 'Pending',
  running: 'In progress',
  ok: 'Succeeded',
  failed: 'Failed',
  waiting: 'Waiting (throttled)',
  deferred: 'Deferred to the next cycle (throttled)'
}

function StepIcon({ status, httpStatus }: { status: DemoStep['status']; httpStatus: number | null }) {
  // Entra defers a change after a server error, or no answer, too, not only after a 429.
  const label = status !== 'deferred' || httpStatus === 429 ? statusWords[status] : `Deferred to the next cycle (${httpStatus === null ? 'no answer' : 'server error'})`
  switch (status) {
    case 'pending':
      return (
        <ThemeIcon size={22} radius="xl" color="gray" variant="light" role="img" aria-label={label}>
          <IconPoint size={14} />
        </ThemeIcon>
      )
    case 'running':
      return (
        <ThemeIcon size={22} radius="xl" variant="light" role="img" aria-label={label}>
          <Loader size={12} type="oval" />
        </ThemeIcon>
      )
    case 'ok':
      return (
        <ThemeIcon size={22} radius="xl" color="green" variant="light" role="img" aria-label={label}>
          <IconCheck size={14} stroke={2.6} />
        </ThemeIcon>
      )
    case 'failed':
      return (
        <ThemeIcon size={22} radius="xl" color="red" variant="filled" role="img" aria-label={label}>
          <IconX size={14} stroke={2.6} />
        </ThemeIcon>
      )
    case 'waiting':
      return (
        <ThemeIcon size={22} radius="xl" color="violet" variant="light" role="img" aria-label={label}>
          <IconClockPause size={14} />
        </ThemeIcon>
      )
    case 'deferred':
      // Entra got 429 (or a server error) and moved on: the change is retried in a later step, its next provisioning cycle.
      return (
        <ThemeIcon size={22} radius="xl" color="violet" variant="light" role="img" aria-label={label}>
          <IconClockShare size={14} />
        </ThemeIcon>
      )
    default:
      return assertNever(status, 'Unknown step status')
  }
}

function duration(step: DemoStep): string | null {
  if (!step.startedAt || !step.finishedAt) return null
  return formatDuration(Date.parse(step.finishedAt) - Date.parse(step.startedAt))
}

/**
 * The narration of a run: one line per thing the client (Okta or Entra, `client` as a sentence names it) does, with
 * the request it sent and what came back.
 */
export function DemoSteps({ steps, follow, client }: { steps: readonly DemoStep[]; follow: boolean; client: string }) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const current = steps.findLastIndex((step) => step.status !== 'pending')
  const currentStep = steps[current]

  // Keep the newest step in view while the run goes on, as a terminal would; also when the list gets shorter, as the
  // countdown or the note that the run is paused appear above it, which would hide the step they are about.
  useEffect(() => {
    const scroller = scrollRef.current
    if (!follow || !scroller) return
    const keepInView = (behavior: ScrollBehavior): void => {
      const item = scroller.querySelector<HTMLElement>(`[data-step-index="${current}"]`)
      if (!item) return
      const bottom = item.offsetTop + item.offsetHeight - scroller.clientHeight + 16
      if (bottom > scroller.scrollTop) scroller.scrollTo({ top: bottom, behavior })
    }
    keepInView('smooth')
    // The observer reports the size it starts with too: only a change of height calls for a scroll (a jump, so that the
    // step never shows half hidden).
    let height = scroller.clientHeight
    const resized = new ResizeObserver(() => {
      if (scroller.clientHeight === height) return
      height = scroller.clientHeight
      keepInView('instant')
    })
    resized.observe(scroller)
    return () => resized.disconnect()
  }, [current, follow, steps.length])

  return (
    <div ref={scrollRef} className={classes.stepsScroller} tabIndex={0} role="region" aria-label="Steps of this run">
      {/* Only this line is read out as the run goes: the list itself, live, would read every duration and badge again. */}
      <VisuallyHidden aria-live="polite" data-testid="demo-step-summary">
        {currentStep ? `Step ${current + 1} of ${steps.length}, ${statusWords[currentStep.status].toLowerCase()}: ${currentStep.title}` : ''}
      </VisuallyHidden>
      <ol className={classes.steps} aria-label={`What ${client} does`}>
        {steps.map((step) => (
          <li key={step.index} className={classes.step} data-status={step.status} data-step-index={step.index} data-testid="demo-step">
            <StepIcon status={step.status} httpStatus={step.httpStatus} />
            <div className={classes.stepBody}>
              <Group gap={8} wrap="nowrap" justify="space-between" align="flex-start">
                <Text size="sm" fw={step.status === 'running' || step.status === 'waiting' ? 650 : 500} className={classes.stepTitle}>
                  {step.title}
                </Text>
                <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
                  {duration(step) ? (
                    <Text size="xs" c="dimmed" className="tabular">
                      {duration(step)}
                    </Text>
                  ) : null}
                  {step.httpStatus !== null ? <HttpStatusBadge status={step.httpStatus} /> : null}
                  {step.status === 'pending' ? (
                    <Badge size="sm" color="gray" variant="outline">
                      Next
                    </Badge>
                  ) : null}
                  {step.method === null && step.status === 'ok' ? (
                    <Badge size="sm" color="gray" variant="light">
                      No request
                    </Badge>
                  ) : null}
                </Group>
              </Group>
              {step.method && step.path ? (
                <Text size="xs" className={classes.monoSmall} c="dimmed" truncate title={`${step.method} ${decodedPath(step.path)}`}>
                  <span className={classes.method}>{step.method}</span>
                  {decodedPath(step.path)}
                </Text>
              ) : null}
              {step.detail ? (
                <Text size="xs" c={step.status === 'failed' ? 'red' : 'dimmed'} mt={2}>
                  {step.detail}
                </Text>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </div>
  )
}
