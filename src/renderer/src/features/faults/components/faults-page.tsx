import {
  ActionIcon,
  Anchor,
  Alert,
  Badge,
  Group,
  NumberInput,
  Paper,
  Radio,
  Select,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
  ThemeIcon,
  Title,
  Tooltip
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconBolt, IconClockHour4, IconGauge, IconKeyOff, IconPlus, IconTrash } from '@tabler/icons-react'
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react'
import { Link } from 'react-router'
import { faultLimits } from '../../../../../shared/fault-limits'
import type { FaultRule } from '../../../../../shared/models'
import { errorMessage } from '../../../api/client'
import { paths } from '../../../app/paths'
import { DimmedButton } from '../../../components/dimmed-button'
import { PageHeader, readingPageWidth } from '../../../components/page-header'
import { useUnsavedChanges } from '../../../components/unsaved-changes'
import { ErrorState } from '../../../components/states'
import { useCurrentTenant } from '../../tenants/components/tenant-layout'
import type { IdentityProvider } from '../../../../../shared/identity-provider'
import { operationOptions } from '../../logs/operation-options'
import { providerWords, useSetupProvider } from '../../setup/setup-provider'
import { defaultDetail, faultProviderWords, faultStatuses, newRuleId, ruleTargetLabel } from '../fault-words'
import { noFaults, useFaults, useSetFaults, type FaultSettings } from '../queries'
import classes from './faults-page.module.css'

const { maxLatencyMs, maxRules, maxThrottlePerMinute } = faultLimits
const fullReason = `Up to ${maxRules} failures: remove one to add another.`

/** Why the form cannot be saved yet, or null; the same limits main enforces, said beside the form. */
function problemOf(settings: FaultSettings, provider: IdentityProvider): string | null {
  const words = faultProviderWords[provider]
  if (!Number.isInteger(settings.throttlePerMinute) || settings.throttlePerMinute < 0) return 'The throttle is a whole number of requests a minute.'
  if (!Number.isInteger(settings.latencyMs) || settings.latencyMs < 0 || settings.latencyMs > maxLatencyMs) {
    return `The added latency is from 0 to ${maxLatencyMs} ms${words.latencyLimit}.`
  }
  for (const [index, rule] of settings.rules.entries()) {
    if (!rule.detail.trim()) return `Rule ${index + 1} needs a detail: the sentence ${words.detailReader}.`
    if (rule.mode === 'percent' && (!Number.isInteger(rule.percent) || rule.percent < 1 || rule.percent > 100)) {
      return `Rule ${index + 1}: the share of requests that fail is from 1 to 100%.`
    }
  }
  return null
}

/**
 * A number field the CSM has emptied to retype it. Not 0, which would turn its fault off (and lock the field under the
 * next keystroke), and not a number, so that problemOf keeps it from being saved until one is typed.
 */
const retyping = Number.NaN

/** A NumberInput's value as the form keeps it: an emptied field is being retyped. */
function typedNumber(value: number | string): number {
  return typeof value === 'number' ? value : retyping
}

/** What a fault's number field shows: nothing while the fault is off or the number is being retyped. */
function shownNumber(value: number): number | '' {
  return Number.isNaN(value) || value === 0 ? '' : value
}

function isOn(settings: FaultSettings): boolean {
  return settings.throttlePerMinute > 0 || settings.latencyMs > 0 || settings.failNextAuth || settings.rules.length > 0
}

function settingsOf(config: FaultSettings): FaultSettings {
  return { throttlePerMinute: config.throttlePerMinute, latencyMs: config.latencyMs, failNextAuth: config.failNextAuth, rules: config.rules }
}

/**
 * `#/tenants/:slug/faults`: break this tenant's SCIM server on purpose, to train Support. It speaks of the provider
 * of the tenant's customer (useSetupProvider); the faults meet every client's requests alike.
 */
export function FaultsPage() {
  const tenant = useCurrentTenant()
  // Another tenant's faults start from what that tenant has saved, never from this one's unsaved form.
  return <FaultsEditor key={tenant.id} />
}

function FaultsEditor() {
  const tenant = useCurrentTenant()
  const [provider] = useSetupProvider(tenant)
  const { client } = providerWords[provider]
  const words = faultProviderWords[provider]
  const faults = useFaults(tenant.id)
  const save = useSetFaults()
  // Null while the form shows what is saved: a rule used up by a request then disappears on its own.
  const [draft, setDraft] = useState<FaultSettings | null>(null)
  const saved = useMemo(() => (faults.data ? settingsOf(faults.data) : null), [faults.data])
  const form = draft ?? saved
  const dirty = draft !== null && saved !== null && JSON.stringify(draft) !== JSON.stringify(saved)
  const problem = form ? problemOf(form, provider) : null
  const active = saved ? isOn(saved) : false
  const canTurnOff = active || dirty
  const canSave = dirty && problem === null
  const canAdd = form !== null && form.rules.length < maxRules
  const problemId = useId()

  // Focus that would go nowhere stays where the keyboard was: on the button that saved once the save is done (it stays
  // focusable while it has nothing to do), and on the Remove of the rule now in a removed one's place. A new rule takes
  // the focus on its first field, so that it can be filled in at once and is read out as "Failure N".
  const pressed = useRef<HTMLButtonElement | null>(null)
  const turnOffRef = useRef<HTMLButtonElement>(null)
  const saveRef = useRef<HTMLButtonElement>(null)
  const addRef = useRef<HTMLButtonElement>(null)
  const rulesRef = useRef<HTMLDivElement>(null)
  const removed = useRef<number | null>(null)
  const added = useRef(false)
  useEffect(() => {
    if (save.isPending || !pressed.current) return
    if (document.activeElement === document.body) pressed.current.focus()
    pressed.current = null
  }, [save.isPending])
  useEffect(() => {
    const index = removed.current
    if (index === null) return
    removed.current = null
    if (document.activeElement !== document.body) return
    const removes = rulesRef.current?.querySelectorAll<HTMLElement>('[data-remove-rule]') ?? []
    ;(removes[Math.min(index, removes.length - 1)] ?? addRef.current)?.focus()
  })
  useEffect(() => {
    if (!added.current) return
    added.current = false
    const operations = rulesRef.current?.querySelectorAll<HTMLElement>('[data-rule-operation]') ?? []
    operations[operations.length - 1]?.focus()
  })

  // A change starts from the draft, or from what is saved when there is none. `edit` and the rows' handlers keep one
  // identity across keystrokes, so that typing in one rule renders that rule alone (RuleRow is memoised): at 18 rules,
  // rendering every row's selects and switches again took a fifth of a second a keystroke.
  const edit = useCallback(
    (change: (current: FaultSettings) => FaultSettings): void => {
      setDraft((current) => {
        const base = current ?? saved
        return base ? change(base) : current
      })
    },
    [saved]
  )
  const editRule = useCallback(
    (id: string, change: Partial<FaultRule>): void =>
      edit((current) => ({ ...current, rules: current.rules.map((rule) => (rule.id === id ? { ...rule, ...change } : rule)) })),
    [edit]
  )
  const removeRule = useCallback(
    (id: string, index: number): void => {
      removed.current = index
      edit((current) => ({ ...current, rules: current.rules.filter((other) => other.id !== id) }))
    },
    [edit]
  )

  /** Saves `settings`; answers whether they were saved (a failure is told in a notification). */
  const persist = (settings: FaultSettings, message: string): Promise<boolean> =>
    new Promise((resolve) => {
      save.mutate(
        { tenant: tenant.id, faults: settings },
        {
          onSuccess: () => {
            setDraft(null)
            notifications.show({ color: isOn(settings) ? 'orange' : 'green', title: isOn(settings) ? 'Faults saved' : 'Faults off', message, closeButtonProps: { 'aria-label': 'Dismiss notification' } })
            resolve(true)
          },
          onError: (error) => {
            notifications.show({ color: 'red', title: 'Could not save the faults', message: errorMessage(error), closeButtonProps: { 'aria-label': 'Dismiss notification' } })
            resolve(false)
          }
        }
      )
    })
  const saveMessage = `${client}'s next requests to ${tenant.name} meet them. A banner shows while they are on.`
  // Leaving with changes asks first: Save, Discard or Stay. A form with a problem is not saved; its alert says why.
  useUnsavedChanges({ dirty, what: 'the faults', save: () => (form && problem === null ? persist(form, saveMessage) : Promise.resolve(false)) })

  return (
    <Stack gap="lg" maw={readingPageWidth}>
      <PageHeader
        title="Fault injection"
        badge={
          active ? (
            <Badge color="orange" variant="light" leftSection={<IconBolt size={12} aria-hidden />}>
              Faults on
            </Badge>
          ) : null
        }
        description={`Break ${tenant.name}'s SCIM server on purpose, to train Support. The log marks every injected failure.`}
        actions={
          <>
            <DimmedButton
              ref={turnOffRef}
              variant="default"
              dimmed={!canTurnOff}
              onClick={() => {
                pressed.current = turnOffRef.current
                void persist(noFaults, `${tenant.name} answers ${client} normally again.`)
              }}
              loading={save.isPending && !dirty}
            >
              Turn all off
            </DimmedButton>
            <DimmedButton
              ref={saveRef}
              dimmed={!canSave || !form}
              aria-describedby={problem && dirty ? problemId : undefined}
              loading={save.isPending && dirty}
              onClick={() => {
                if (!form) return
                pressed.current = saveRef.current
                void persist(form, saveMessage)
              }}
            >
              Save faults
            </DimmedButton>
          </>
        }
      />
      {faults.isError ? (
        <ErrorState title="Could not load the faults" error={faults.error} onRetry={() => void faults.refetch()} />
      ) : !form ? (
        <Stack gap="md">
          <Skeleton height={110} />
          <Skeleton height={110} />
          <Skeleton height={200} />
        </Stack>
      ) : (
        <>
          {problem && dirty ? (
            <Alert id={problemId} color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} role="alert">
              {problem}
            </Alert>
          ) : null}
          {dirty ? (
            <Text size="sm" c="dimmed" className={classes.unsaved}>
              Unsaved changes: {client}&apos;s requests meet them once you save.
            </Text>
          ) : null}
          <div className={classes.grid}>
            <FaultCard
              icon={<IconGauge size={18} />}
              title="Throttle"
              on={form.throttlePerMinute !== 0}
              onToggle={(on) => edit((current) => ({ ...current, throttlePerMinute: on ? 10 : 0 }))}
              description={words.throttle}
            >
              <NumberInput
                label="Requests a minute"
                value={shownNumber(form.throttlePerMinute)}
                onChange={(value) => edit((current) => ({ ...current, throttlePerMinute: typedNumber(value) }))}
                min={0}
                max={maxThrottlePerMinute}
                allowDecimal={false}
                disabled={form.throttlePerMinute === 0}
                description={form.throttlePerMinute === 0 ? 'Turn on Throttle to set it.' : undefined}
                w={180}
                suffix=" / min"
              />
            </FaultCard>
            <FaultCard
              icon={<IconClockHour4 size={18} />}
              title="Latency"
              on={form.latencyMs !== 0}
              onToggle={(on) => edit((current) => ({ ...current, latencyMs: on ? 1500 : 0 }))}
              description={words.latency}
            >
              <NumberInput
                label="Added latency"
                value={shownNumber(form.latencyMs)}
                onChange={(value) => edit((current) => ({ ...current, latencyMs: typedNumber(value) }))}
                min={0}
                max={maxLatencyMs}
                step={250}
                allowDecimal={false}
                disabled={form.latencyMs === 0}
                description={form.latencyMs === 0 ? 'Turn on Latency to set it.' : undefined}
                w={180}
                suffix=" ms"
              />
            </FaultCard>
            <FaultCard
              icon={<IconKeyOff size={18} />}
              title="Make the next token check fail as if revoked"
              on={form.failNextAuth}
              onToggle={(on) => edit((current) => ({ ...current, failNextAuth: on }))}
              description={`${client}'s next request gets 401 Unauthorized, as if its API token had been revoked. The request after it works again.`}
            />
          </div>

          <Paper ref={rulesRef} withBorder radius="md" p="lg" className={classes.card}>
            <Group justify="space-between" mb="md" wrap="nowrap">
              <Group gap="sm" wrap="nowrap">
                <ThemeIcon variant="light" color={form.rules.length > 0 ? 'orange' : 'gray'} size={32} radius="md" aria-hidden>
                  <IconBolt size={18} />
                </ThemeIcon>
                <div>
                  <Title order={2}>Fail an operation</Title>
                  <Text size="sm" c="dimmed">
                    Answer one of {client}&apos;s operations with an error of your choice, once or for a share of requests.
                  </Text>
                </div>
              </Group>
              <DimmedButton
                ref={addRef}
                variant="light"
                leftSection={<IconPlus size={16} aria-hidden />}
                dimmed={!canAdd}
                reason={fullReason}
                onClick={() => {
                  added.current = true
                  edit((current) => ({
                    ...current,
                    rules: [...current.rules, { id: newRuleId(), operation: 'create-user', status: 500, detail: defaultDetail(500), mode: 'once', percent: 100 }]
                  }))
                }}
              >
                Add failure
              </DimmedButton>
            </Group>
            {form.rules.length === 0 ? (
              <Text size="sm" c="dimmed" className={classes.emptyRules}>
                {words.emptyRules}
              </Text>
            ) : (
              <Stack gap="sm">
                {form.rules.map((rule, index) => (
                  <RuleRow
                    key={rule.id}
                    rule={rule}
                    index={index}
                    provider={provider}
                    onChange={editRule}
                    onRemove={removeRule}
                  />
                ))}
              </Stack>
            )}
          </Paper>
          <Text size="xs" c="dimmed">
            Faults live in the database, so the CLI&apos;s server meets them too. A rule that fails once removes itself after it fires.{' '}
            <Anchor component={Link} to={paths.tenantDemo(tenant.slug)} size="xs" underline="always">
              Run the {providerWords[provider].demo}
            </Anchor>{' '}
            to watch {client} meet them.
          </Text>
        </>
      )}
    </Stack>
  )
}

function FaultCard({
  icon,
  title,
  description,
  on,
  onToggle,
  children
}: {
  icon: ReactNode
  title: string
  description: string
  on: boolean
  onToggle: (on: boolean) => void
  children?: ReactNode
}) {
  const descriptionId = useId()
  return (
    <Paper withBorder radius="md" p="lg" className={classes.card} data-on={on || undefined}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <ThemeIcon variant="light" color={on ? 'orange' : 'gray'} size={32} radius="md" aria-hidden>
            {icon}
          </ThemeIcon>
          <Switch checked={on} onChange={(event) => onToggle(event.currentTarget.checked)} aria-label={title} aria-describedby={descriptionId} color="orange" />
        </Group>
        <div>
          <Text fw={650} size="sm">
            {title}
          </Text>
          <Text id={descriptionId} size="sm" c="dimmed" mt={2}>
            {description}
          </Text>
        </div>
        {children ? <div style={{ marginTop: 'auto' }}>{children}</div> : null}
      </Stack>
    </Paper>
  )
}

// The log filter's operations, in the provider's words with the other's under them: a rule meets every client's requests.
const anyOperation = { group: 'Any', items: [{ value: 'any', label: 'Every request' }] }
const ruleOperationData = { okta: [anyOperation, ...operationOptions.okta.data], entra: [anyOperation, ...operationOptions.entra.data] }

/**
 * A rule's lists render their options only while open. Mantine keeps a closed list in the page (hidden), which at 18
 * rules made 36 lists and over 500 options to render and position before the page showed. The field names its list
 * (aria-controls) only while it is open, so nothing points at the missing one.
 */
const closedListsUnmounted = { keepMounted: false } as const

const statusData = faultStatuses.map((option) => ({ value: String(option.status), label: option.label }))

/** One rule's fields. Memoised: it renders again only when its own rule, place or provider changes. */
const RuleRow = memo(function RuleRow({
  rule,
  index,
  provider,
  onChange: onRuleChange,
  onRemove: onRuleRemove
}: {
  rule: FaultRule
  index: number
  provider: IdentityProvider
  onChange: (id: string, change: Partial<FaultRule>) => void
  onRemove: (id: string, index: number) => void
}) {
  const words = faultProviderWords[provider]
  const onChange = (change: Partial<FaultRule>): void => onRuleChange(rule.id, change)
  const onRemove = (): void => onRuleRemove(rule.id, index)
  return (
    <div className={classes.rule} aria-label={`Failure ${index + 1}`} role="group">
      <Select
        label="Operation"
        data={ruleOperationData[provider]}
        filter={operationOptions[provider].filter}
        renderOption={operationOptions[provider].renderOption}
        value={rule.operation}
        onChange={(value) => value && onChange({ operation: value as FaultRule['operation'] })}
        allowDeselect={false}
        searchable
        // Add failure focuses this field: a list that opened then would cover the form and be read out whole. A click,
        // ↓ or typing opens it.
        openOnFocus={false}
        data-rule-operation
        maxDropdownHeight={320}
        comboboxProps={closedListsUnmounted}
      />
      <Select
        label="Status"
        data={statusData}
        value={String(rule.status)}
        onChange={(value) => {
          if (!value) return
          const status = Number(value)
          // Follow the status with its sentence unless the trainer wrote their own.
          const custom = faultStatuses.every((option) => option.detail !== rule.detail)
          onChange(custom ? { status } : { status, detail: defaultDetail(status) })
        }}
        allowDeselect={false}
        comboboxProps={closedListsUnmounted}
      />
      {/* Radios rather than a SegmentedControl: its sliding indicator measures the page as each one mounts, and at 18
          rules those measures held the page up for seconds before it showed. */}
      <Group gap="sm" wrap="nowrap" align="flex-end" className={classes.ruleMode}>
        <Radio.Group label="How often" value={rule.mode} onChange={(value) => onChange({ mode: value as FaultRule['mode'] })}>
          <Group gap="md" wrap="nowrap" h={36}>
            <Radio value="once" label="Once" />
            <Radio value="percent" label="Share of requests" />
          </Group>
        </Radio.Group>
        {rule.mode === 'percent' ? (
          <NumberInput
            aria-label="Share of requests that fail"
            value={Number.isNaN(rule.percent) ? '' : rule.percent}
            onChange={(value) => onChange({ percent: typedNumber(value) })}
            min={1}
            max={100}
            allowDecimal={false}
            suffix="%"
            w={84}
          />
        ) : null}
      </Group>
      <Tooltip label="Remove this failure">
        <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label={`Remove failure ${index + 1}`} mt={26} data-remove-rule>
          <IconTrash size={16} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <TextInput
        className={classes.ruleDetail}
        label={words.detailLabel}
        value={rule.detail}
        onChange={(event) => onChange({ detail: event.currentTarget.value })}
        error={rule.detail.trim() ? undefined : `Write the sentence ${words.detailReader}.`}
        maxLength={500}
      />
      <Text size="xs" c="dimmed" className={classes.ruleSummary}>
        {ruleTargetLabel(rule.operation, provider)} answers HTTP {rule.status}{' '}
        {rule.mode === 'once' ? 'once, then works again' : rule.percent === 100 ? 'every time' : Number.isNaN(rule.percent) ? 'for a share of requests' : `for ${rule.percent}% of requests`}. The log marks
        it Injected.
      </Text>
    </div>
  )
})
