import { Alert, Anchor, Badge, Button, Group, Input, NumberInput, Paper, SegmentedControl, Skeleton, Stack, Switch, Tabs, Text, ThemeIcon, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import {
  IconAdjustments,
  IconAlertTriangle,
  IconChecklist,
  IconListDetails,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlayerSkipForward,
  IconPlayerStop,
  IconRefresh,
  IconRobot,
  IconUsers
} from '@tabler/icons-react'
import { useElementSize, useMergedRef } from '@mantine/hooks'
import { useEffect, useRef, useState, type RefObject } from 'react'
import { Link } from 'react-router'
import type { IdentityProvider } from '../../../../../shared/identity-provider'
import { maxOnDemandGroupMembers, provisionsOnDemand, type DemoMode, type DemoRun } from '../../../../../shared/models'
import { assertNever } from '../../../../../shared/result'
import { errorMessage, isApiError } from '../../../api/client'
import { paths } from '../../../app/paths'
import { PageHeader } from '../../../components/page-header'
import { ErrorState } from '../../../components/states'
import { formatDuration, plural } from '../../../lib/format'
import { useNow } from '../../../lib/use-now'
import { providerWords, useSetupProvider } from '../../setup/setup-provider'
import { useCurrentTenant } from '../../tenants/components/tenant-layout'
import { maxDemoUsers, useConformanceLiveUpdates, useControlDemo, useDemoLiveUpdates, useDemoRun, useStartDemo } from '../queries'
import { failedRunWords } from '../failed-run'
import { ConformancePanel } from './conformance-panel'
import classes from './demo-page.module.css'
import { DemoSteps } from './demo-steps'
import { LiveLog } from './live-log'
import { RetryCountdown } from './retry-countdown'
import { useLiveSearchParams } from '../../../lib/live-search-params'

/** Who each mode plays: its option in the form, the title of its run, and the provider whose words it speaks. */
const modeWords: Readonly<Record<DemoMode, { readonly option: string; readonly runTitle: string; readonly provider: IdentityProvider }>> = {
  catalog: { option: 'Okta catalog app · PATCH', runTitle: 'Okta catalog app (PATCH)', provider: 'okta' },
  wizard: { option: 'Okta wizard app · PUT', runTitle: 'Okta wizard app (PUT)', provider: 'okta' },
  entra: { option: 'Microsoft Entra ID', runTitle: 'Microsoft Entra ID (provisioning cycles)', provider: 'entra' },
  // Not an option of its own: Entra's, with the flag switched off.
  'entra-legacy': { option: 'Microsoft Entra ID', runTitle: 'Microsoft Entra ID, no flag (older PATCH format)', provider: 'entra' },
  // Not options of their own either: Entra's, with Provision on demand switched on, of a user or of a group.
  'entra-on-demand': { option: 'Microsoft Entra ID', runTitle: 'Entra Provision on demand', provider: 'entra' },
  'entra-on-demand-group': { option: 'Microsoft Entra ID', runTitle: 'Entra Provision on demand, a group', provider: 'entra' }
}

const modes: ReadonlyArray<{ value: DemoMode; label: string }> = (['catalog', 'wizard', 'entra'] as const).map((value) => ({
  value,
  label: modeWords[value].option
}))

/** What a mode plays first for a tenant whose customer uses `provider`: Entra's provisioning service, else Okta's catalog app. */
function defaultMode(provider: IdentityProvider): DemoMode {
  return provider === 'entra' ? 'entra' : 'catalog'
}

/** The story each provider's demo tells, in the order it plays it. */
const stories: Readonly<Record<IdentityProvider, readonly string[]>> = {
  okta: [
    'Test API Credentials',
    'Save the To App settings: Okta reads the users, then the groups',
    'Assign users: look each one up, then create it',
    'Push a profile update: GET, then PUT',
    'Deactivate, then reactivate a user',
    'Import users, page by page',
    'Push a group, then its members',
    'Wait out 429 Too Many Requests as Okta does'
  ],
  entra: [
    'Test Connection: a user and a group that do not exist',
    'Initial cycle: match each assigned user by userName, then create it',
    'Provision the assigned group, then add its members',
    'Incremental cycle: PATCH a changed job title',
    'Disable an unassigned user, enable them again when reassigned',
    'Remove one member from the group',
    'With 3 users or more: disable a user deleted in Entra, DELETE them 30 days later',
    'Throttled (429): move on, retry in the next cycle'
  ]
}

/** Entra's Provision on demand, in the five steps its portal shows (provision-on-demand.md). */
const onDemandStory: readonly string[] = [
  'Test connection: a test user that does not exist',
  'Import user: read the user from Microsoft Entra ID',
  'Determine if the user is in scope',
  'Match user between source and target system, by userName',
  'Perform action: create the user, update what changed, or skip it'
]

/** Provision on demand of a group and the members picked for it. */
const onDemandGroupStory: readonly string[] = [
  'Test connection: a test user that does not exist',
  `Import group: read the group and up to ${maxOnDemandGroupMembers} members picked`,
  'Determine if the group is in scope',
  'Match group between source and target system, by displayName',
  'Perform action: create the group, or link the one found',
  'Each member: match by userName, then create, update or skip it',
  'Add the members to the group in one PATCH'
]

/** What a run of `mode` plays, in the order it plays it. */
function storyOf(mode: DemoMode): readonly string[] {
  if (mode === 'entra-on-demand') return onDemandStory
  return mode === 'entra-on-demand-group' ? onDemandGroupStory : stories[modeWords[mode].provider]
}

/** What Provision on demand takes: one user, or a group and some of its members. */
const onDemandTargets = [
  { value: 'entra-on-demand', label: 'A user' },
  { value: 'entra-on-demand-group', label: 'A group' }
]

/** How many users a run of `mode` assigns, of the `users` the form holds. */
function usersOf(mode: DemoMode, users: number): number {
  if (mode === 'entra-on-demand') return 1
  return mode === 'entra-on-demand-group' ? Math.min(users, maxOnDemandGroupMembers) : users
}

/** The form's width (px) below which the three clients stack, one under another, rather than run out of the form. */
const clientsInOneRow = 620

const speeds = [
  { value: '1', label: '1×' },
  { value: '5', label: '5×' },
  { value: '20', label: '20×' },
  { value: '100', label: '100×' }
]

/**
 * `#/tenants/:slug/demo`: the client's side of provisioning (Okta's catalog or wizard app, or Microsoft Entra ID's
 * provisioning service), played live against this tenant, beside its log. Named for the tenant's provider
 * (useSetupProvider), which the form plays first.
 */
export function DemoPage() {
  const tenant = useCurrentTenant()
  const [provider] = useSetupProvider(tenant)
  const words = providerWords[provider]
  const [params, setParams] = useLiveSearchParams()
  const tab = params.get('tab') === 'conformance' ? 'conformance' : 'demo'
  useDemoLiveUpdates()
  useConformanceLiveUpdates()

  const setParam = (key: string, value: string | null): void => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (value) next.set(key, value)
        else next.delete(key)
        return next
      },
      { replace: true }
    )
  }

  return (
    <div className={classes.page}>
      <PageHeader
        title={words.demo}
        description={
          provider === 'entra'
            ? `Plays Microsoft Entra ID's provisioning service against ${tenant.name}, with Entra's requests. No Entra tenant, no internet, no tunnel.`
            : `Plays Okta's side against ${tenant.name}, with Okta's exact requests. No Okta org, no internet, no tunnel.`
        }
      />
      <Tabs value={tab} onChange={(value) => setParam('tab', value === 'conformance' ? 'conformance' : null)} variant="pills" radius="md">
        <Tabs.List>
          <Tabs.Tab value="demo" leftSection={<IconRobot size={15} aria-hidden />}>
            {words.client} simulator
          </Tabs.Tab>
          <Tabs.Tab value="conformance" leftSection={<IconChecklist size={15} aria-hidden />}>
            Conformance self-test
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <div className={classes.layout}>
        {tab === 'demo' ? <RunPanel runId={params.get('run')} onRun={(id) => setParam('run', id)} /> : <ConformancePanel />}
        <div className={classes.column}>
          <LiveLog />
        </div>
      </div>
    </div>
  )
}

function RunPanel({ runId, onRun }: { runId: string | null; onRun: (id: string | null) => void }) {
  const tenant = useCurrentTenant()
  const run = useDemoRun(runId)
  const start = useStartDemo()
  // The tenant's provider plays first, until a mode is chosen for this tenant; the choice stays while the page does.
  const [provider] = useSetupProvider(tenant)
  const [chosen, setChosen] = useState<{ readonly tenantId: string; readonly mode: DemoMode } | null>(null)
  // Until a mode is chosen, the next run plays the one shown (after a reload too), else the tenant's provider's.
  const shownMode = run.data !== undefined && run.data.tenantId === tenant.id ? run.data.mode : null
  const mode = chosen !== null && chosen.tenantId === tenant.id ? chosen.mode : (shownMode ?? defaultMode(provider))
  const { demo } = providerWords[modeWords[mode].provider]
  const { ref: formSizeRef, width: formWidth } = useElementSize()
  const formBox = useRef<HTMLDivElement>(null)
  const formRef = useMergedRef(formSizeRef, formBox)
  const [users, setUsers] = useState<number>(5)
  // Emptied to retype it, the field stays empty (a 1 put back would turn a typed 20 into 12) while a run still uses
  // the last number typed, which the field shows again once it is left.
  const [usersErased, setUsersErased] = useState(false)
  const [speed, setSpeed] = useState('1')
  const [paused, setPaused] = useState(false)
  const live = run.data !== undefined && (run.data.state === 'running' || run.data.state === 'paused')
  // With a run on screen the form folds into one line, so that the run keeps the room; "Change settings" unfolds it.
  const [editing, setEditing] = useState(false)
  const folded = runId !== null && !run.isError && !editing

  // The button pressed is gone when a run starts (the form makes way for the run) or ends (Pause, Step and Cancel make
  // way for its links): focus that went nowhere with it goes to the run's first control, where the keyboard was.
  const controlsRef = useRef<HTMLDivElement>(null)
  const lastFocused = useRef<HTMLElement | null>(null)
  useEffect(() => {
    const gone = lastFocused.current !== null && !lastFocused.current.isConnected
    if (gone && document.activeElement === document.body) controlsRef.current?.querySelector<HTMLElement>('button, a')?.focus()
  }, [live, run.data?.id])

  // Unfolded, the form's first control takes the focus from the button that unfolded it, which is gone.
  const unfolded = useRef(false)
  useEffect(() => {
    const form = formBox.current
    if (editing && !unfolded.current && form) (form.querySelector<HTMLElement>('input:checked') ?? form.querySelector<HTMLElement>('input, button'))?.focus()
    unfolded.current = editing
  }, [editing])

  const startRun = (): void => {
    start.mutate(
      { tenant: tenant.id, mode, users: usersOf(mode, users), speed: Number(speed), paused },
      {
        onSuccess: (started) => {
          setEditing(false)
          onRun(started.id)
        },
        onError: (error) => {
          // Refused because a run already plays on this tenant (one this page no longer shows): show that run, where
          // it can be followed or cancelled.
          const playing = isApiError(error, 'conflict') ? error.details?.runId : undefined
          if (typeof playing === 'string') onRun(playing)
          notifications.show({ color: 'red', title: `Could not start the ${demo}`, message: errorMessage(error), closeButtonProps: { 'aria-label': 'Dismiss notification' } })
        }
      }
    )
  }

  return (
    <Stack gap="md" miw={0} className={classes.column} onFocus={(event) => (lastFocused.current = event.target)}>
      {/* While a run plays, its own header says how it was started; the form comes back, folded, for the next run. */}
      {live ? null : folded ? (
        <Paper withBorder radius="md" px="md" py="sm" className={`${classes.card} ${classes.nextCard}`} role="group" aria-label="Next run">
          <Group gap="sm" justify="space-between" wrap="wrap">
            <div className={classes.nextRun}>
              <Text size="xs" c="dimmed" data-testid="demo-next-run-details">
                Next run · {plural(usersOf(mode, users), mode === 'entra-on-demand-group' ? 'member' : 'user')} · {speed}× speed
                {paused ? ' · starts paused' : ''}
              </Text>
              <Text size="sm" fw={600} data-testid="demo-next-run">
                {modeWords[mode].runTitle}
              </Text>
            </div>
            <Group gap="xs" wrap="nowrap" ml="auto">
              <Button size="xs" variant="default" leftSection={<IconAdjustments size={14} aria-hidden />} onClick={() => setEditing(true)}>
                Change settings
              </Button>
              <Button size="xs" leftSection={<IconPlayerPlay size={14} aria-hidden />} onClick={startRun} loading={start.isPending}>
                Run {demo}
              </Button>
            </Group>
          </Group>
        </Paper>
      ) : (
        <Paper withBorder radius="md" p="md" className={classes.card} ref={formRef}>
          <Group gap="lg" align="flex-end" wrap="wrap">
            <Stack gap={4}>
              <Input.Label id="demo-mode-label">Client</Input.Label>
              <SegmentedControl
                orientation={formWidth > 0 && formWidth < clientsInOneRow ? 'vertical' : 'horizontal'}
                aria-labelledby="demo-mode-label"
                data={modes.map((option) => ({ ...option }))}
                value={modeWords[mode].provider === 'entra' ? 'entra' : mode}
                onChange={(value) => setChosen({ tenantId: tenant.id, mode: value as DemoMode })}
              />
            </Stack>
            {provisionsOnDemand(mode) ? (
              <Stack gap={4}>
                <Input.Label id="demo-on-demand-label">Provision</Input.Label>
                <SegmentedControl
                  aria-labelledby="demo-on-demand-label"
                  data={onDemandTargets}
                  value={mode}
                  onChange={(value) => setChosen({ tenantId: tenant.id, mode: value as DemoMode })}
                />
              </Stack>
            ) : null}
            <NumberInput
              label={mode === 'entra-on-demand-group' ? 'Members picked' : 'Users to assign'}
              value={usersErased ? '' : usersOf(mode, users)}
              disabled={mode === 'entra-on-demand'}
              onChange={(value) => {
                const typed = typeof value === 'number' ? value : Number(value)
                setUsersErased(!typed)
                if (typed) setUsers(typed)
              }}
              onBlur={() => setUsersErased(false)}
              min={1}
              max={mode === 'entra-on-demand-group' ? maxOnDemandGroupMembers : maxDemoUsers}
              clampBehavior="strict"
              allowDecimal={false}
              w={130}
            />
            <Stack gap={4}>
              <Input.Label id="demo-speed-label">Speed</Input.Label>
              <SegmentedControl aria-labelledby="demo-speed-label" data={speeds} value={speed} onChange={setSpeed} />
            </Stack>
            {modeWords[mode].provider === 'entra' ? (
              <Switch
                label="Provision on demand"
                description="A user or a group, in seconds, in the portal's steps"
                checked={provisionsOnDemand(mode)}
                onChange={(event) => setChosen({ tenantId: tenant.id, mode: event.currentTarget.checked ? 'entra-on-demand' : 'entra' })}
              />
            ) : null}
            {/* Provision on demand sends the older PATCH format whatever the Tenant URL says: the flag changes nothing there. */}
            {mode === 'entra' || mode === 'entra-legacy' ? (
              <Switch
                label="aadOptscim062020 flag"
                description="Off: a Tenant URL without it, and Entra's older PATCH format"
                checked={mode === 'entra'}
                onChange={(event) => setChosen({ tenantId: tenant.id, mode: event.currentTarget.checked ? 'entra' : 'entra-legacy' })}
              />
            ) : null}
            <Switch label="Start paused" description="Walk through step by step" checked={paused} onChange={(event) => setPaused(event.currentTarget.checked)} />
            <Button ml="auto" leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={startRun} loading={start.isPending}>
              Run {demo}
            </Button>
          </Group>
        </Paper>
      )}
      {runId === null ? (
        <Intro mode={mode} />
      ) : run.isPending ? (
        <Skeleton height={300} />
      ) : run.isError ? (
        isApiError(run.error, 'not_found') ? (
          <Intro mode={mode} ended />
        ) : (
          <ErrorState title="Could not load this run" error={run.error} onRetry={() => void run.refetch()} />
        )
      ) : (
        <RunCard run={run.data} controlsRef={controlsRef} />
      )}
    </Stack>
  )
}

/** What a run of the chosen mode will play, before one starts (or after the run in the address has gone). */
function Intro({ mode, ended = false }: { mode: DemoMode; ended?: boolean }) {
  const tenant = useCurrentTenant()
  const { client } = providerWords[modeWords[mode].provider]
  const story = storyOf(mode)
  return (
    <Paper withBorder radius="md" p="xl" className={`${classes.card} ${classes.fill}`}>
      <Stack gap="md" maw={560}>
        <Group gap="sm">
          <ThemeIcon size={36} radius="md" variant="light" aria-hidden>
            <IconRobot size={20} />
          </ThemeIcon>
          <div>
            <Title order={2}>{ended ? 'That run has ended' : `Watch ${client} provision ${tenant.name}`}</Title>
            <Text size="sm" c="dimmed">
              The simulator issues itself an API token labelled &ldquo;{client} simulator&rdquo; and revokes it at the end.
            </Text>
          </div>
        </Group>
        <ol className={classes.story}>
          {story.map((line) => (
            <li key={line}>
              <Text size="sm">{line}</Text>
            </li>
          ))}
        </ol>
        <Text size="sm" c="dimmed">
          Every request shows up in the log on the right as {client} makes it, and the users land in the{' '}
          <Anchor component={Link} to={paths.tenantUsers(tenant.slug)} size="sm" underline="always">
            Directory
          </Anchor>
          .
        </Text>
      </Stack>
    </Paper>
  )
}

function StateBadge({ state }: { state: DemoRun['state'] }) {
  switch (state) {
    case 'running':
      return (
        <Badge color="indigo" style={{ flexShrink: 0 }}>
          Running
        </Badge>
      )
    case 'paused':
      return (
        <Badge color="gray" style={{ flexShrink: 0 }}>
          Paused
        </Badge>
      )
    case 'finished':
      return (
        <Badge color="green" style={{ flexShrink: 0 }}>
          Finished
        </Badge>
      )
    case 'failed':
      return (
        <Badge color="red" style={{ flexShrink: 0 }}>
          Failed
        </Badge>
      )
    case 'cancelled':
      return (
        <Badge color="gray" style={{ flexShrink: 0 }}>
          Cancelled
        </Badge>
      )
    default:
      return assertNever(state, 'Unknown run state')
  }
}

function RunCard({ run, controlsRef }: { run: DemoRun; controlsRef: RefObject<HTMLDivElement | null> }) {
  const tenant = useCurrentTenant()
  const control = useControlDemo()
  const live = run.state === 'running' || run.state === 'paused'
  const now = useNow(live ? 1000 : 60_000)
  const { provider, runTitle } = modeWords[run.mode]
  const { client, demo } = providerWords[provider]
  const ok = run.steps.filter((step) => step.status === 'ok').length
  const failed = run.steps.filter((step) => step.status === 'failed').length
  const deferred = run.steps.filter((step) => step.status === 'deferred').length
  const elapsed = (run.finishedAt ? Date.parse(run.finishedAt) : now) - Date.parse(run.startedAt)
  const act = (action: 'pause' | 'resume' | 'step' | 'cancel'): void => {
    control.mutate(
      { runId: run.id, action },
      {
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Could not control the run', message: errorMessage(error), closeButtonProps: { 'aria-label': 'Dismiss notification' } })
      }
    )
  }

  return (
    <Paper component="section" withBorder radius="md" className={`${classes.card} ${classes.grow} ${classes.runCard}`} aria-label={`${demo} run`}>
      {/* The title is shown whole (PATCH or PUT is what tells two runs apart): when the controls leave it too little
          room, they move below it. */}
      <Group justify="space-between" px="md" py="sm" className={classes.runHeader} wrap="wrap" gap="xs">
        <Stack gap={4} miw={0} className={classes.runTitle}>
          <Text size="sm" fw={650} data-testid="demo-run-title">
            {runTitle}
          </Text>
          <Group gap="xs" wrap="nowrap">
            {/* Read out as it changes: paused, resumed, finished, failed or cancelled. */}
            <span role="status" style={{ display: 'inline-flex', flexShrink: 0 }}>
              <StateBadge state={run.state} />
            </span>
            <Text size="xs" c="dimmed" className="tabular" data-testid="demo-counts">
              {plural(run.users, run.mode === 'entra-on-demand-group' ? 'member' : 'user')} · {plural(ok, 'step')} OK{failed > 0 ? ` · ${failed} failed` : ''}
              {deferred > 0 ? ` · ${deferred} deferred` : ''} · {formatDuration(Math.max(0, elapsed))}
            </Text>
          </Group>
        </Stack>
        <Group gap={6} wrap="nowrap" ref={controlsRef} ml="auto">
          {live ? (
            <>
              {run.state === 'running' ? (
                <Button size="xs" variant="default" leftSection={<IconPlayerPause size={14} aria-hidden />} onClick={() => act('pause')}>
                  Pause
                </Button>
              ) : (
                <Button size="xs" variant="default" leftSection={<IconPlayerPlay size={14} aria-hidden />} onClick={() => act('resume')}>
                  Resume
                </Button>
              )}
              <Button size="xs" variant="default" leftSection={<IconPlayerSkipForward size={14} aria-hidden />} onClick={() => act('step')}>
                Step
              </Button>
              <Button size="xs" variant="subtle" color="red" leftSection={<IconPlayerStop size={14} aria-hidden />} onClick={() => act('cancel')}>
                Cancel
              </Button>
            </>
          ) : (
            <>
              <Button size="xs" variant="default" component={Link} to={paths.tenantUsers(tenant.slug)} leftSection={<IconUsers size={14} aria-hidden />}>
                See the users
              </Button>
              <Button size="xs" variant="default" component={Link} to={paths.logs({ tenant: tenant.slug })} leftSection={<IconListDetails size={14} aria-hidden />}>
                Open the log
              </Button>
            </>
          )}
        </Group>
      </Group>
      {run.retry ? (
        provider === 'entra' ? (
          <EntraRetryCountdown key={run.retry.until} retry={run.retry} paused={run.state === 'paused'} />
        ) : (
          <OktaRetryCountdown key={run.retry.until} retry={run.retry} paused={run.state === 'paused'} />
        )
      ) : null}
      {run.state === 'failed' ? (
        <Alert color="red" variant="light" radius={0} icon={<IconAlertTriangle size={18} aria-hidden />} py="xs" data-testid="demo-failed">
          {failedRunWords(run, provider)}
        </Alert>
      ) : null}
      {run.state === 'finished' ? (
        <Alert color="green" variant="light" radius={0} py="xs" icon={<IconRefresh size={18} aria-hidden />} data-testid="demo-finished">
          {run.mode === 'entra-on-demand' ? (
            <>Entra provisioned one user on demand in {tenant.name}. Its requests are in the log on the right; run it again to see a match.</>
          ) : run.mode === 'entra-on-demand-group' ? (
            <>
              Entra provisioned a group and {plural(run.users, 'member')} on demand in {tenant.name}. Its requests are in the log on the right;
              run it again to see them matched.
            </>
          ) : provider === 'entra' ? (
            <>Entra&apos;s provisioning cycles ran against {tenant.name}. Every change is in the log on the right and in the Directory.</>
          ) : (
            <>Okta&apos;s whole story ran against {tenant.name}. Run it again in the other mode to compare PATCH with PUT.</>
          )}
        </Alert>
      ) : null}
      {run.state === 'paused' ? (
        <Text size="sm" c="dimmed" px="md" py="xs" className={classes.pausedNote}>
          {run.steps.length === 0 ? `Paused before ${client}’s first request.` : 'Paused.'} Step lets {client} take its next step; Resume plays the rest.
        </Text>
      ) : null}
      <DemoSteps steps={run.steps} follow={live} client={client} />
    </Paper>
  )
}

/** Okta's wait after a 429, counting down, with the attempt it is on. The text names Okta's real wait, even sped up. */
function OktaRetryCountdown({ retry, paused }: { retry: NonNullable<DemoRun['retry']>; paused: boolean }) {
  // Paused, the retry waits for a click, unless it is part of the step a Step click let go, which runs to its end.
  const when = retry.held ? ' (paused: sent only when you step or resume)' : paused ? ' (part of this step: the run pauses after it)' : ''
  // The admin's Save of To App: Okta retries none of it; the admin clicks Save again.
  const wait = retry.byAdmin
    ? `429 Too Many Requests: Okta shows the admin an error; the admin clicks Save again in ${retry.waitSeconds} s${when}`
    : `429 Too Many Requests: Okta waits ${retry.waitSeconds} s before attempt ${retry.attempt + 1} of 10${when}`
  const who = retry.byAdmin ? 'The admin' : 'Okta'
  return (
    <RetryCountdown
      until={retry.until}
      title={() => wait}
      announcement={`${wait}.`}
      progressLabel={retry.byAdmin ? 'Time until the admin clicks Save again' : 'Time until Okta retries'}
      testId="retry-countdown"
    >
      {(remainingMs) => (
        <Text size="sm">
          {retry.byAdmin ? (
            <>A Save is the admin&apos;s click, which Okta does not retry; the admin waits as <span className="mono">Retry-After</span> says.{' '}</>
          ) : (
            <>As <span className="mono">Retry-After</span> says; Okta doubles the wait each time it is throttled again.{' '}</>
          )}
          {/* Held, the retry does not go when the count ends: the count says when Okta's own wait is over. */}
          {!retry.held ? (
            <>
              {retry.byAdmin ? 'Clicking Save again' : 'Retrying'} in <b className="tabular">{(remainingMs / 1000).toFixed(1)} s</b>.
            </>
          ) : remainingMs > 0 ? (
            <>
              {who}&apos;s wait is over in <b className="tabular">{(remainingMs / 1000).toFixed(1)} s</b>; the retry goes when you step or resume.
            </>
          ) : (
            <>{who}&apos;s wait is over; the retry goes when you step or resume.</>
          )}
        </Text>
      )}
    </RetryCountdown>
  )
}

/**
 * Entra's wait after a 429, a server error or no answer: it moved on, and retries those changes in its next provisioning
 * cycle, which the demo starts after a minute (or Retry-After, when longer). The text names Entra's real interval, even
 * sped up.
 */
function EntraRetryCountdown({ retry, paused }: { retry: NonNullable<DemoRun['retry']>; paused: boolean }) {
  // Paused, the next cycle waits for a click, unless a Step click already asked for its first step.
  const when = retry.held ? ' (paused: it starts only when you step or resume)' : paused ? ' (stepped: the run pauses after the cycle’s first step)' : ''
  const wait = `${retry.throttled ? '429 Too Many Requests' : 'Changes failed'}: Entra retries in provisioning cycle ${retry.attempt}${when}`
  return (
    <RetryCountdown
      until={retry.until}
      title={() => wait}
      announcement={`${wait}.`}
      progressLabel="Time until Entra's next cycle"
      testId="retry-countdown"
    >
      {(remainingMs) => (
        <Text size="sm">
          Entra moved on, and retries the {retry.throttled ? 'throttled' : 'failed'} changes in its next provisioning cycle: about 40 minutes later in a
          real Entra tenant,{' '}
          {retry.waitSeconds} s later here (a minute, or <span className="mono">Retry-After</span> when it asks for more).{' '}
          {!retry.held ? (
            <>
              Starting in <b className="tabular">{(remainingMs / 1000).toFixed(1)} s</b>.
            </>
          ) : remainingMs > 0 ? (
            <>
              Its wait is over in <b className="tabular">{(remainingMs / 1000).toFixed(1)} s</b>; the cycle starts when you step or resume.
            </>
          ) : (
            <>The wait is over; the cycle starts when you step or resume.</>
          )}
        </Text>
      )}
    </RetryCountdown>
  )
}
