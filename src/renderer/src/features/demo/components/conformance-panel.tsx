import { Accordion, Alert, Badge, Button, type ButtonProps, Center, Group, Input, Loader, Paper, RingProgress, SegmentedControl, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAdjustments, IconAlertTriangle, IconCheck, IconChecklist, IconClockPause, IconPlayerPlay, IconPlayerStop, IconX } from '@tabler/icons-react'
import { useEffect, useRef, useState, type RefObject } from 'react'
import {
  maxSelfTestThrottleAttempts,
  maxSelfTestThrottleWaitSeconds,
  type ConformanceCheck,
  type ConformanceRun,
  type ConformanceSuite,
  type ConformanceWait
} from '../../../../../shared/models'
import { errorMessage } from '../../../api/client'
import { DimmedButton } from '../../../components/dimmed-button'
import { RelativeTime } from '../../../components/relative-time'
import { ErrorState } from '../../../components/states'
import { formatDuration, formatUptime, plural } from '../../../lib/format'
import { useNow } from '../../../lib/use-now'
import { JsonBlock } from '../../directory/components/scim-json'
import { HttpStatusBadge } from '../../logs/components/http-status-badge'
import { decodedPath } from '../../logs/log-format'
import { useSetupProvider } from '../../setup/setup-provider'
import { useCurrentTenant } from '../../tenants/components/tenant-layout'
import { useCancelConformance, useConformanceRun, useRunConformance } from '../queries'
import classes from './demo-page.module.css'
import { RetryCountdown } from './retry-countdown'

const dismissible = { closeButtonProps: { 'aria-label': 'Dismiss notification' } }
const busyReason = 'A self-test is running: wait for it to finish, or cancel it below.'

/** Each suite in the panel's words: its choice, its card, its run, and what its results mean for the client. */
const suiteWords: Readonly<
  Record<
    ConformanceSuite,
    {
      readonly option: string
      readonly title: string
      readonly description: (tenant: string) => string
      readonly covers: string
      readonly running: string
      readonly waitedLike: string
      readonly allPassed: string
      readonly stopsOn: (count: number) => string
    }
  >
> = {
  okta: {
    option: 'Okta · SPEC test',
    title: 'Okta SCIM 2.0 SPEC test',
    description: (tenant) => `The checks Okta runs before it lists an integration, against ${tenant}, with a token of its own that is revoked at the end.`,
    covers:
      'The self-test creates a test user, reads it back by id and by userName, checks the 404, 409 and 401 answers Okta relies on, and deactivates it, as Okta does; then it deletes what it created, so the tenant is left as it was. Each check shows the request it sent and the answer it got, under the number and name it has in Okta\'s test (whose even steps are pauses).',
    running: "Okta's SPEC test",
    waitedLike: ', as Okta does',
    allPassed: 'Okta can provision this tenant: every request of its SPEC test got the answer it expects.',
    stopsOn: (count) => `Okta would stop on ${count === 1 ? 'it' : 'them'}.`
  },
  entra: {
    option: 'Microsoft Entra ID',
    title: 'Microsoft Entra ID SCIM checks',
    description: (tenant) =>
      `The requests Microsoft documents that Entra's provisioning service sends, with the cases of its SCIM Validator, against ${tenant}, with a token of its own that is revoked at the end.`,
    covers:
      "The self-test runs Test Connection, creates a user, finds it by userName and work email, updates, disables and deletes it, and pushes a group: created, renamed, members added and removed in both of Entra's PATCH formats, then deleted. It leaves nothing behind. Each check shows the request it sent and the answer it got.",
    running: "Entra's SCIM checks",
    waitedLike: '. Entra itself does not wait: it retries a throttled change in its next provisioning cycle',
    allPassed: 'Entra can provision this tenant: every request Microsoft documents got the answer Entra expects.',
    stopsOn: (count) => `Entra would record ${count === 1 ? 'that change' : 'those changes'} as failed.`
  }
}

const suites = (['okta', 'entra'] as const).map((value) => ({ value, label: suiteWords[value].option }))

/**
 * A conformance self-test run against this tenant (Okta's SPEC test, or Entra's checks; the tenant's provider's first):
 * a checklist with each step's request and response, filled in as it runs.
 */
export function ConformancePanel() {
  const tenant = useCurrentTenant()
  const [provider] = useSetupProvider(tenant)
  const current = useConformanceRun(tenant.id)
  // The suite chosen on this page, for this tenant; until then, the one of the results shown, else the provider's.
  const [chosen, setChosen] = useState<{ readonly tenantId: string; readonly suite: ConformanceSuite } | null>(null)
  const suite: ConformanceSuite = chosen?.tenantId === tenant.id ? chosen.suite : (current.data?.suite ?? (provider === 'entra' ? 'entra' : 'okta'))
  const words = suiteWords[suite]
  const run = useRunConformance(tenant.id)
  const cancel = useCancelConformance(tenant.id)
  const running = current.data?.state === 'running'
  // With results on screen the card folds into one line, so that they keep the room; "Change settings" unfolds it.
  const [editing, setEditing] = useState(false)
  const folded = current.data !== undefined && current.data !== null && !editing

  // Unfolded, the card's first control takes the focus from the button that unfolded it, which is gone. Declared first,
  // so that the effect below finds the focus placed.
  const formRef = useRef<HTMLDivElement>(null)
  const unfolded = useRef(false)
  useEffect(() => {
    const form = formRef.current
    if (editing && !unfolded.current && form) (form.querySelector<HTMLElement>('input:checked:enabled') ?? form.querySelector<HTMLElement>('button'))?.focus()
    unfolded.current = editing
  }, [editing])

  // The Run button pressed in the unfolded card is gone once it folds, and Cancel once the run ends: focus that went
  // nowhere with them goes to the run's first control, where the keyboard was.
  const runRef = useRef<HTMLDivElement>(null)
  const lastFocused = useRef<HTMLElement | null>(null)
  useEffect(() => {
    const gone = lastFocused.current !== null && !lastFocused.current.isConnected
    if (gone && document.activeElement === document.body) runRef.current?.querySelector<HTMLElement>('button')?.focus()
  }, [folded, current.data?.state])

  const start = (): void => {
    setEditing(false)
    run.mutate(suite, {
      onError: (error) => notifications.show({ color: 'red', title: 'Could not run the self-test', message: errorMessage(error), ...dismissible })
    })
  }
  const stop = (): void =>
    cancel.mutate(undefined, {
      onError: (error) => notifications.show({ color: 'red', title: 'Could not cancel the self-test', message: errorMessage(error), ...dismissible })
    })

  return (
    <Stack gap="md" miw={0} className={classes.column} onFocus={(event) => (lastFocused.current = event.target)}>
      {folded ? (
        <Paper withBorder radius="md" px="md" py="sm" className={`${classes.card} ${classes.nextCard}`} role="group" aria-label="Next self-test">
          {/* One row where it fits; in a laptop's narrow column Run, whose name is long, goes below rather than out of the card. */}
          <Group gap="xs" wrap="wrap">
            <div style={{ flex: '1 1 auto', minWidth: 0 }}>
              <Text size="xs" c="dimmed">
                Next self-test
              </Text>
              <Text size="sm" fw={600} data-testid="conformance-next-suite">
                {words.running}
              </Text>
            </div>
            <Button size="xs" variant="default" leftSection={<IconAdjustments size={14} aria-hidden />} onClick={() => setEditing(true)}>
              Change settings
            </Button>
            <RunButton size="xs" running={running} starting={run.isPending} onClick={start} ml="auto" />
          </Group>
        </Paper>
      ) : (
        <Paper withBorder radius="md" p="md" className={classes.card} ref={formRef}>
          {/* In a narrow column the button goes below the title, rather than squeeze it into a column of single words. */}
          <Group justify="space-between" wrap="wrap" gap="md">
            <Group gap="sm" wrap="nowrap" miw={0} style={{ flex: '1 1 18rem' }}>
              <ThemeIcon size={36} radius="md" variant="light" aria-hidden style={{ flexShrink: 0 }}>
                <IconChecklist size={20} />
              </ThemeIcon>
              <div>
                <Title order={2}>{words.title}</Title>
                <Text size="sm" c="dimmed">
                  {words.description(tenant.name)}
                </Text>
              </div>
            </Group>
            <RunButton running={running} starting={run.isPending} onClick={start} ml="auto" />
          </Group>
          <Group gap="sm" mt="sm" ml={48} wrap="wrap">
            <Input.Label id="conformance-suite-label" mb={0}>
              Client
            </Input.Label>
            <SegmentedControl
              size="xs"
              aria-labelledby="conformance-suite-label"
              data={suites}
              value={suite}
              disabled={running}
              onChange={(value) => setChosen({ tenantId: tenant.id, suite: value as ConformanceSuite })}
            />
          </Group>
        </Paper>
      )}
      {current.isError ? (
        <ErrorState title="Could not read the self-test" error={current.error} onRetry={() => void current.refetch()} />
      ) : current.isPending ? (
        <Skeleton height={240} radius="md" />
      ) : current.data === null ? (
        <Paper withBorder radius="md" p="xl" className={`${classes.card} ${classes.fill}`}>
          <Stack gap={6} maw={520}>
            <Text fw={600}>{run.isPending ? 'Starting the checks…' : 'No results yet'}</Text>
            <Text size="sm" c="dimmed">
              {words.covers}
            </Text>
            {tenant.rateLimitPerMinute > 0 && (
              <Text size="sm" c="dimmed" data-testid="conformance-throttle-note">
                {tenant.name} accepts {plural(tenant.rateLimitPerMinute, 'request')} a minute. When it answers 429, the test waits out
                Retry-After as Okta does, for up to {maxSelfTestThrottleWaitSeconds / 60} minutes in all, so a run may take that long.
              </Text>
            )}
          </Stack>
        </Paper>
      ) : current.data.state === 'running' ? (
        <LiveRun run={current.data} onCancel={stop} cancelling={cancel.isPending} cardRef={runRef} />
      ) : (
        <Report run={current.data} cardRef={runRef} />
      )}
    </Stack>
  )
}

/** Run conformance self-test. While a run goes on, its own card has Cancel; this button says why it does nothing. */
function RunButton({ running, starting, onClick, ...props }: ButtonProps & { running: boolean; starting: boolean; onClick: () => void }) {
  return (
    <DimmedButton
      leftSection={<IconPlayerPlay size={props.size === 'xs' ? 14 : 16} aria-hidden />}
      dimmed={running}
      reason={busyReason}
      onClick={onClick}
      loading={starting && !running}
      style={{ flexShrink: 0 }}
      {...props}
    >
      Run conformance self-test
    </DimmedButton>
  )
}

/** The checks so far, as they finish, with the one under way, the 429 it waits out, and Cancel. */
function LiveRun({
  run,
  onCancel,
  cancelling,
  cardRef
}: {
  run: ConformanceRun
  onCancel: () => void
  cancelling: boolean
  cardRef: RefObject<HTMLDivElement | null>
}) {
  const now = useNow(1000)
  const passed = run.checks.filter((check) => check.ok).length
  const failed = run.checks.length - passed
  const scrollRef = useRef<HTMLDivElement>(null)
  const following = useRef(true)

  // Keep the newest check in view, as a terminal would, unless the reader has scrolled up to look at one.
  useEffect(() => {
    const scroller = scrollRef.current
    if (scroller && following.current) scroller.scrollTo({ top: scroller.scrollHeight, behavior: 'smooth' })
  }, [run.checks.length, run.wait])

  return (
    <Paper
      component="section"
      ref={cardRef}
      withBorder
      radius="md"
      className={`${classes.card} ${classes.grow} ${classes.runCard}`}
      aria-label="Conformance self-test in progress"
    >
      <Group px="md" py="sm" gap="md" className={classes.runHeader} wrap="nowrap">
        <Center w={54} h={54} style={{ flexShrink: 0 }} aria-hidden>
          <Loader size={30} />
        </Center>
        <div style={{ flex: 1, minWidth: 0 }}>
          {/* The suite's name shows whole: in a narrow column it goes below the badge, as the results' verdict does. */}
          <Group gap={6} wrap="wrap">
            <Badge color="indigo" style={{ flexShrink: 0 }}>
              Running
            </Badge>
            <Text fw={650}>{suiteWords[run.suite].running}</Text>
          </Group>
          <Text size="sm" c="dimmed" className="tabular">
            <span aria-live="polite" data-testid="conformance-progress">
              {run.checks.length === 0 ? 'No check finished yet' : `${plural(run.checks.length, 'check')} done: ${passed} passed${failed > 0 ? `, ${failed} failed` : ''}`}
            </span>
            {' · '}
            <span data-testid="conformance-elapsed">{formatUptime(Math.max(0, now - Date.parse(run.startedAt)))} elapsed</span>
          </Text>
        </div>
        <Button
          size="xs"
          variant="subtle"
          color="red"
          leftSection={<IconPlayerStop size={14} aria-hidden />}
          onClick={onCancel}
          loading={cancelling}
          style={{ flexShrink: 0 }}
        >
          Cancel
        </Button>
      </Group>
      {run.wait ? <SelfTestWait key={run.wait.until} wait={run.wait} suite={run.suite} /> : null}
      <div
        ref={scrollRef}
        className={classes.stepsScroller}
        tabIndex={0}
        role="region"
        aria-label="Checks so far"
        onScroll={(event) => {
          const scroller = event.currentTarget
          following.current = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80
        }}
      >
        <Checklist checks={run.checks} />
        <div className={classes.nextCheck} data-waiting={run.wait ? true : undefined} data-testid="conformance-next">
          {run.wait ? (
            <ThemeIcon size={22} radius="xl" color="violet" variant="light" role="img" aria-label="Waiting (throttled)">
              <IconClockPause size={14} />
            </ThemeIcon>
          ) : (
            <ThemeIcon size={22} radius="xl" variant="light" role="img" aria-label="In progress">
              <Loader size={12} type="oval" />
            </ThemeIcon>
          )}
          <Stack gap={0} miw={0}>
            <Text size="sm" fw={550}>
              {run.wait ? 'Waiting out Retry-After before sending this request again' : run.checks.length === 0 ? 'Running the first check…' : 'Running the next check…'}
            </Text>
            {run.wait ? (
              <Text size="xs" c="dimmed" className={classes.monoSmall} truncate>
                <span className={classes.method}>{run.wait.method}</span>
                {decodedPath(run.wait.path)}
              </Text>
            ) : null}
          </Stack>
        </div>
      </div>
    </Paper>
  )
}

/** "Waiting out a 429: 12 s", counting down, with what the test will do next. */
function SelfTestWait({ wait, suite }: { wait: ConformanceWait; suite: ConformanceSuite }) {
  const next = wait.attempt + 1
  return (
    <RetryCountdown
      until={wait.until}
      title={(remainingMs) =>
        remainingMs > 0 ? `Waiting out a 429: ${Math.ceil(remainingMs / 1000)} s` : `Sending the request again (attempt ${next} of ${maxSelfTestThrottleAttempts})`
      }
      announcement={`The server answered 429 Too Many Requests: the test waits ${wait.waitSeconds} s, then sends attempt ${next} of ${maxSelfTestThrottleAttempts}.`}
      progressLabel="Time until the self-test sends the request again"
      testId="conformance-waiting"
    >
      {() => (
        <Text size="sm">
          The server answered 429 Too Many Requests. As <span className="mono">Retry-After</span> asks, the test waits {wait.waitSeconds} s, then sends
          attempt {next} of {maxSelfTestThrottleAttempts}
          {suiteWords[suite].waitedLike}. In all, this test waits {maxSelfTestThrottleWaitSeconds / 60} minutes at most; Cancel stops it now.
        </Text>
      )}
    </RetryCountdown>
  )
}

function Checklist({ checks }: { checks: readonly ConformanceCheck[] }) {
  return (
    <Accordion multiple chevronPosition="right" variant="default" classNames={{ control: classes.checkControl, content: classes.checkContent }}>
      {checks.map((check, index) => (
        <CheckItem key={`${check.step}-${index}`} check={check} value={`${check.step}-${index}`} />
      ))}
    </Accordion>
  )
}

function summary(run: ConformanceRun, total: number, passed: number, requiredFailed: number): { title: string; detail: string } {
  const failed = total - passed
  if (run.state === 'cancelled') {
    return {
      title: total === 0 ? 'Cancelled before the first check finished' : `Cancelled after ${plural(total, 'check')}`,
      detail: `${total > 0 ? `${passed} passed${failed > 0 ? `, ${failed} failed` : ''} before you cancelled it. ` : ''}Nothing more was sent, and the test's token is revoked. Run it again for the whole checklist.`
    }
  }
  if (run.state === 'failed') {
    return { title: `Stopped after ${plural(total, 'check')}`, detail: run.error ?? 'The self-test stopped on an unexpected error in SCIM Console.' }
  }
  const words = suiteWords[run.suite]
  if (failed === 0) return { title: `All ${plural(total, 'check')} passed`, detail: words.allPassed }
  return {
    title: `${passed} of ${plural(total, 'check')} passed`,
    detail: requiredFailed > 0 ? `${plural(requiredFailed, 'required check')} failed: ${words.stopsOn(requiredFailed)}` : 'Only optional checks failed.'
  }
}

/** A run that has ended: finished, cancelled (with the checks done so far), or stopped by an error of the console. */
function Report({ run, cardRef }: { run: ConformanceRun; cardRef: RefObject<HTMLDivElement | null> }) {
  const total = run.checks.length
  const passed = run.checks.filter((check) => check.ok).length
  const requiredFailed = run.checks.filter((check) => !check.ok && !check.optional).length
  const words = summary(run, total, passed, requiredFailed)
  const finishedAt = run.finishedAt ?? run.startedAt
  return (
    <Paper component="section" ref={cardRef} withBorder radius="md" className={`${classes.card} ${classes.grow} ${classes.runCard}`} aria-label="Conformance results">
      <Group px="md" py="sm" gap="md" className={classes.runHeader} wrap="nowrap">
        <RingProgress
          // Mantine draws the ring at nine tenths of its size: this is the smallest that holds "12/14" inside the stroke.
          size={64}
          thickness={5}
          roundCaps
          // A zero-width section still draws a round cap; leave empty ones out.
          sections={[
            { value: total > 0 ? (passed / total) * 100 : 0, color: 'green' },
            { value: total > 0 ? ((total - passed) / total) * 100 : 0, color: 'red' }
          ].filter((section) => section.value > 0)}
          label={
            <Text ta="center" size="xs" fw={700} className="tabular">
              {passed}/{total}
            </Text>
          }
        />
        <div style={{ flex: 1, minWidth: 0 }}>
          {/* The verdict shows whole: in a narrow column it goes below the suite's badge. */}
          <Group gap={6} wrap="wrap">
            <Badge variant="light" color="gray" style={{ flexShrink: 0 }} data-testid="conformance-suite">
              {suiteWords[run.suite].running}
            </Badge>
            {run.state === 'cancelled' ? (
              <Badge color="gray" style={{ flexShrink: 0 }}>
                Cancelled
              </Badge>
            ) : null}
            <Text fw={650} data-testid="conformance-summary">
              {words.title}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            {words.detail}
          </Text>
          {/* A line of its own rather than a column beside the verdict, which a laptop's narrow column squeezed. */}
          <Text size="xs" c="dimmed" className="tabular">
            Ran <RelativeTime value={finishedAt} size="xs" c="dimmed" /> · took {formatDuration(Date.parse(finishedAt) - Date.parse(run.startedAt))}
          </Text>
        </div>
      </Group>
      {run.state === 'failed' ? (
        <Alert color="red" variant="light" radius={0} py="xs" icon={<IconAlertTriangle size={18} aria-hidden />} role="alert">
          {run.error}
        </Alert>
      ) : null}
      <div className={classes.stepsScroller} tabIndex={0} role="region" aria-label="Checks">
        <Checklist checks={run.checks} />
        {total === 0 ? (
          <Text size="sm" c="dimmed" px="md" py="sm">
            No check had finished.
          </Text>
        ) : null}
      </div>
    </Paper>
  )
}

function CheckItem({ check, value }: { check: ConformanceCheck; value: string }) {
  return (
    <Accordion.Item value={value} data-testid="conformance-check" data-ok={check.ok}>
      <Accordion.Control
        icon={
          <ThemeIcon size={22} radius="xl" color={check.ok ? 'green' : check.optional ? 'yellow' : 'red'} variant={check.ok ? 'light' : 'filled'} aria-label={check.ok ? 'Passed' : 'Failed'}>
            {check.ok ? <IconCheck size={14} stroke={2.6} /> : <IconX size={14} stroke={2.6} />}
          </ThemeIcon>
        }
      >
        <Group gap={8} wrap="nowrap" justify="space-between">
          <Stack gap={0} miw={0}>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={550} truncate>
                {check.title}
              </Text>
              {check.optional ? (
                <Badge size="xs" color="gray" variant="outline" style={{ flexShrink: 0 }}>
                  Optional
                </Badge>
              ) : null}
            </Group>
            <Text size="xs" c="dimmed" className={classes.monoSmall} truncate>
              <span className={classes.method}>{check.request.method}</span>
              {decodedPath(check.request.path)}
            </Text>
          </Stack>
          {/* The title gives way to the status, never the other way round. */}
          <div style={{ flexShrink: 0 }}>
            <HttpStatusBadge status={check.response.status} />
          </div>
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="sm">
          {check.failures.length > 0 ? (
            <Stack gap={2}>
              {check.failures.map((failure) => (
                <Text key={failure} size="sm" c="red">
                  {failure}
                </Text>
              ))}
            </Stack>
          ) : null}
          <Exchange title={`Request: ${check.request.method} ${decodedPath(check.request.path)}`} body={check.request.body} copyLabel="Copy request body" />
          <Exchange title={`Response: HTTP ${check.response.status}`} body={check.response.body} copyLabel="Copy response body" />
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  )
}

/** One side of a check's exchange: its JSON, or a plain line when there was no body. */
function Exchange({ title, body, copyLabel }: { title: string; body: string | null; copyLabel: string }) {
  if (!body) {
    return (
      <Paper withBorder radius="md" px="sm" py={6}>
        <Text size="xs" fw={600} c="dimmed">
          {title}{' '}
          <Text span size="xs" fw={400}>
            · no body
          </Text>
        </Text>
      </Paper>
    )
  }
  return <JsonBlock title={title} value={body} copyLabel={copyLabel} maxHeight={240} />
}
