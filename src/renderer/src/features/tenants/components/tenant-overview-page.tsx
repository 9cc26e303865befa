import { Alert, Anchor, Badge, Box, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core'
import { IconAlertTriangle, IconArrowRight, IconBook2, IconCircleCheck, IconFlask, IconKey, IconListDetails, IconPencil, IconPlugConnected } from '@tabler/icons-react'
import { useMemo, useState, type ReactNode } from 'react'
import { Link, useNavigate } from 'react-router'
import type { IdentityProvider } from '../../../../../shared/identity-provider'
import type { TenantSummary } from '../../../../../shared/models'
import { paths } from '../../../app/paths'
import { CopyField } from '../../../components/copy-field'
import { IdText } from '../../../components/id-text'
import { PageHeader } from '../../../components/page-header'
import { RelativeTime } from '../../../components/relative-time'
import { Sparkline } from '../../../components/sparkline'
import { ErrorState } from '../../../components/states'
import { formatCount, formatDate, plural } from '../../../lib/format'
import { ActivityChart, ActivityLegend, activityTotals, withoutConsoleChanges } from '../../logs/components/activity-chart'
import { DiagnosisLine } from '../../logs/components/diagnosis-panel'
import { HttpStatusBadge } from '../../logs/components/http-status-badge'
import { customRange, logsHref, noFilters } from '../../logs/log-filters'
import { targetText } from '../../logs/log-format'
import { entryOperationLabel } from '../../logs/operation-labels'
import { useRecentLogs, useTenantHealth } from '../../logs/queries'
import { scimOrigin, useServerStatus } from '../../server/queries'
import { reachPhrase, scimOriginReach } from '../../server/reach'
import { providerWords, useSetupProvider } from '../../setup/setup-provider'
import classes from './tenant-overview-page.module.css'
import { groupFailures } from '../failure-groups'
import { DeleteTenantModal } from './delete-tenant-modal'
import { EditTenantModal, rateLimitText, type EditTenantField } from './edit-tenant-modal'
import { useCurrentTenant } from './tenant-layout'

/** `#/tenants/:slug`: how to connect Okta, and how this tenant is doing. */
export function TenantOverviewPage() {
  const tenant = useCurrentTenant()
  const [provider] = useSetupProvider(tenant)
  // Which field the Edit tenant dialog opens on (null while closed): the header's button starts at the name, the
  // rate limit's "Change" at the rate limit.
  const [editing, setEditing] = useState<EditTenantField | null>(null)
  const [deleting, setDeleting] = useState(false)
  return (
    <Stack gap="lg">
      <PageHeader
        title={tenant.name}
        description={
          <>
            <Text span className="mono" size="sm">
              {tenant.slug}
            </Text>
            {' · '}created {formatDate(tenant.createdAt)}
          </>
        }
        actions={
          <>
            <Button variant="default" onClick={() => setEditing('name')} leftSection={<IconPencil size={16} aria-hidden />}>
              Edit tenant
            </Button>
            <Button variant="default" component={Link} to={paths.tenantSetup(tenant.slug)} leftSection={<IconBook2 size={16} aria-hidden />}>
              {providerWords[provider].navigation} guide
            </Button>
            <Button variant="default" component={Link} to={paths.logs({ tenant: tenant.slug })} leftSection={<IconListDetails size={16} aria-hidden />}>
              View log
            </Button>
            <Button component={Link} to={`${paths.tenantTokens(tenant.slug)}?issue=1`} leftSection={<IconKey size={16} aria-hidden />}>
              Issue API token
            </Button>
          </>
        }
      />
      <ConnectionCard tenant={tenant} provider={provider} onChangeRateLimit={() => setEditing('rateLimit')} />
      <SimpleGrid cols={{ base: 3, lg: 5 }} spacing="md">
        <Stat label="Users" value={formatCount(tenant.userCount)} />
        <Stat label="Groups" value={formatCount(tenant.groupCount)} />
        <Stat
          label="Active API tokens"
          value={formatCount(tenant.activeTokenCount)}
          tone={tenant.activeTokenCount === 0 ? 'yellow' : undefined}
          to={paths.tenantTokens(tenant.slug)}
        />
        <Stat
          label="Failures, last hour"
          value={formatCount(tenant.failuresLastHour)}
          tone={tenant.failuresLastHour > 0 ? 'red' : undefined}
          note={
            tenant.throttledLastHour > 0 ? (
              <Text size="xs" c="violet" fw={600} className="tabular" mt={4} title="Answered 429: the client waits and retries these on its own, so they are not failures">
                Throttled {formatCount(tenant.throttledLastHour)}
              </Text>
            ) : null
          }
          aside={
            <Sparkline
              values={tenant.failureTrend}
              width={84}
              height={26}
              label="Failures over the last hour, in five-minute steps"
              color={tenant.failuresLastHour > 0 ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-gray-5)'}
            />
          }
        />
        <Stat label="Last request" value={<RelativeTime value={tenant.lastRequestAt} size="xl" fw={650} lh={1.2} fallback="None yet" />} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <HealthCard tenant={tenant} />
        <RecentFailures tenant={tenant} />
      </SimpleGrid>
      <DangerZone tenant={tenant} provider={provider} onDelete={() => setDeleting(true)} />
      <EditTenantModal tenant={tenant} opened={editing !== null} focus={editing ?? 'name'} onClose={() => setEditing(null)} />
      <DeleteTenantModal tenant={tenant} opened={deleting} onClose={() => setDeleting(false)} />
    </Stack>
  )
}

/** Set apart at the foot of the page, so that deleting a tenant is never a slip of the mouse. */
function DangerZone({ tenant, provider, onDelete }: { tenant: TenantSummary; provider: IdentityProvider; onDelete: () => void }) {
  const { client, urlLabel } = providerWords[provider]
  return (
    <Paper withBorder radius="md" p="lg" className={`${classes.card} ${classes.dangerZone}`} component="section" aria-labelledby="danger-zone-title">
      <Group justify="space-between" wrap="nowrap" gap="md">
        <div>
          <Title order={2} id="danger-zone-title">
            Delete this tenant
          </Title>
          <Text size="sm" c="dimmed">
            Removes {tenant.name} with its users, groups and API tokens. {client} then gets 401 Unauthorized for its {urlLabel}.
          </Text>
        </div>
        <Button color="red" variant="outline" onClick={onDelete} style={{ flexShrink: 0 }}>
          Delete tenant…
        </Button>
      </Group>
    </Paper>
  )
}

/** The connection card's words and values for each identity provider: its screen and the values set beside the URL. */
const connection: Record<
  IdentityProvider,
  {
    readonly title: string
    readonly where: string
    readonly cloud: string
    /**
     * Values the admin sets beside the URL; `note` says where the value differs. `copy` ones are attribute names the
     * admin types into a field, shown with a copy button named as the setup guide names it ("Copy unique identifier field").
     */
    readonly facts: readonly { readonly label: string; readonly value: string; readonly copy?: string; readonly note?: string }[]
    readonly noToken: string
  }
> = {
  okta: {
    title: 'Connect Okta',
    where: 'In Okta: Applications → your app → Provisioning → Integration → Enable API integration.',
    cloud: 'Okta in the cloud needs a public URL',
    // In the guide's step 4 words: a catalog app has an API Token field; an app built in Okta's wizard has none, and
    // takes the token in Authorization once its Authentication Mode is HTTP Header.
    facts: [
      { label: 'Paste the API token into', value: 'API Token', note: 'In an app you built yourself: Authentication Mode HTTP Header, then Authorization' },
      { label: 'Unique identifier field for users', value: 'userName', copy: 'unique identifier field' }
    ],
    noToken: 'Okta cannot connect until you issue an API token and paste it into API Token (in an app you built yourself, choose HTTP Header and paste it into Authorization).'
  },
  entra: {
    title: 'Connect Microsoft Entra ID',
    where: 'In the Microsoft Entra admin center: Enterprise applications → your app → Provisioning → Admin Credentials.',
    cloud: "Microsoft's cloud needs a public HTTPS URL",
    facts: [
      { label: 'Provisioning Mode', value: 'Automatic' },
      { label: 'Matching attribute', value: 'userName', copy: 'matching attribute' }
    ],
    noToken: 'Entra cannot connect until you issue an API token and paste it into Secret Token.'
  }
}

/** What the customer's admin pastes, in the words of the tenant's provider (the setup guide it was last shown). */
function ConnectionCard({ tenant, provider, onChangeRateLimit }: { tenant: TenantSummary; provider: IdentityProvider; onChangeRateLimit: () => void }) {
  const server = useServerStatus()
  const origin = scimOrigin(server.data)
  const reach = scimOriginReach(server.data)
  const state = server.data?.state
  const words = connection[provider]
  const { client, urlName, urlLabel, pastedUrl } = providerWords[provider]
  return (
    <Paper withBorder p="lg" radius="md" className={classes.card}>
      <Group gap="sm" mb="md" wrap="nowrap">
        <ThemeIcon variant="light" size={32} radius="md" aria-hidden>
          <IconPlugConnected size={18} />
        </ThemeIcon>
        <div>
          <Title order={2}>{words.title}</Title>
          <Text size="sm" c="dimmed">
            {words.where}
          </Text>
        </div>
      </Group>
      <Stack gap="md">
        <div>
          <Text size="xs" fw={600} c="dimmed" mb={6} id="base-url-label">
            {urlLabel}
          </Text>
          {origin ? (
            <CopyField value={pastedUrl(`${origin}${tenant.scimPath}`)} label={urlName} size="md" testId="scim-base-url" />
          ) : (
            <Skeleton height={44} />
          )}
          {state === 'stopped' || state === 'failed' ? (
            <Alert mt="sm" color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
              The SCIM server is {state === 'failed' ? 'not running (it failed to start)' : 'stopped'}, so {client} cannot reach this URL right now.{' '}
              <Anchor component={Link} to={paths.server} size="sm" fw={600}>
                Open the Server page
              </Anchor>
            </Alert>
          ) : null}
          {reach !== null && reach !== 'public' ? (
            <Text size="xs" c="dimmed" mt={6}>
              This address works {reachPhrase[reach]}. {words.cloud}, set on the Server page.
            </Text>
          ) : null}
        </div>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          {words.facts.map((fact) => (
            <Fact
              key={fact.label}
              label={fact.label}
              value={fact.copy ? <CopyField value={fact.value} label={fact.copy} /> : fact.value}
              block={Boolean(fact.copy)}
              note={fact.note}
            />
          ))}
          <Fact
            label="Rate limit"
            value={
              <>
                <span data-testid="rate-limit">{rateLimitText(tenant.rateLimitPerMinute)}</span>{' '}
                <Anchor component="button" type="button" size="sm" onClick={onChangeRateLimit} aria-label="Change the rate limit" ml={4}>
                  Change
                </Anchor>
              </>
            }
          />
        </SimpleGrid>
        {tenant.activeTokenCount === 0 ? (
          <Alert color="yellow" variant="light" icon={<IconKey size={18} aria-hidden />} title="No active API token">
            <Group justify="space-between" gap="sm">
              <Text size="sm">{words.noToken}</Text>
              <Button size="xs" component={Link} to={`${paths.tenantTokens(tenant.slug)}?issue=1`}>
                Issue API token
              </Button>
            </Group>
          </Alert>
        ) : (
          <Text size="sm" c="dimmed">
            {plural(tenant.activeTokenCount, 'active API token')}.{' '}
            <Anchor component={Link} to={paths.tenantTokens(tenant.slug)} size="sm" underline="always">
              Manage tokens
            </Anchor>
          </Text>
        )}
      </Stack>
    </Paper>
  )
}

/** A labelled value; a `block` one (a CopyField) is a box of its own, which a paragraph cannot hold. */
function Fact({ label, value, note, block = false }: { label: string; value: ReactNode; note?: string | undefined; block?: boolean }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      {block ? (
        <Box mt={4}>{value}</Box>
      ) : (
        <Text size="sm" mt={2}>
          {value}
        </Text>
      )}
      {note ? (
        <Text size="xs" c="dimmed" mt={2}>
          {note}
        </Text>
      ) : null}
    </div>
  )
}

function Stat({
  label,
  value,
  tone,
  aside,
  note,
  to
}: {
  label: string
  value: ReactNode
  tone?: 'red' | 'yellow'
  aside?: ReactNode
  /** A line under the value, for what the figure leaves out. */
  note?: ReactNode
  to?: string
}) {
  const body = (
    <>
      <Text size="xs" c="dimmed" fw={600} truncate>
        {label}
      </Text>
      <Group justify="space-between" align="flex-end" wrap="nowrap" gap="xs" mt={4}>
        <Text fz="xl" fw={650} c={tone} className="tabular" lh={1.2}>
          {value}
        </Text>
        {aside}
      </Group>
      {note}
    </>
  )
  return to ? (
    <Paper withBorder p="md" radius="md" component={Link} to={to} className={`${classes.card} ${classes.linkCard} mantine-focus-auto`}>
      {body}
    </Paper>
  ) : (
    <Paper withBorder p="md" radius="md" className={classes.card}>
      {body}
    </Paper>
  )
}

function HealthCard({ tenant }: { tenant: TenantSummary }) {
  const health = useTenantHealth(tenant.id)
  const navigate = useNavigate()
  // The requests a client made: a change made in SCIM Console is in the log, but it is no request.
  const buckets = useMemo(() => (health.data ? withoutConsoleChanges(health.data) : undefined), [health.data])
  const consoleChanges = (health.data ?? []).reduce((sum, bucket) => sum + bucket.consoleChanges, 0)
  // Failures as shared/request-outcome.ts counts them: no 429 (Throttled, apart), nothing SCIM Console's simulators sent.
  const totals = activityTotals(buckets ?? [])
  const rate = totals.counted > 0 ? (totals.failures / totals.counted) * 100 : 0
  return (
    <Paper withBorder radius="md" className={classes.card} p="lg" pt="md" component="section" aria-labelledby="health-title">
      <Group justify="space-between" align="flex-start" mb="sm" wrap="nowrap">
        <div>
          <Title order={2} id="health-title">
            Health
          </Title>
          <Text size="xs" c="dimmed">
            Requests and failures over the last 24 hours
          </Text>
        </div>
        <Anchor component={Link} to={logsHref({ tenant: tenant.slug, range: '24h' })} size="sm">
          <Group gap={4} component="span" wrap="nowrap">
            Open in the log <IconArrowRight size={14} aria-hidden />
          </Group>
        </Anchor>
      </Group>
      {health.isError ? (
        <ErrorState title="Could not load the activity" error={health.error} onRetry={() => void health.refetch()} />
      ) : (
        <>
          <Group gap="xl" mb="sm" wrap="nowrap">
            <HealthFigure label="Requests" value={health.data ? formatCount(totals.requests) : null} />
            <HealthFigure label="Failures" value={health.data ? formatCount(totals.failures) : null} tone={totals.failures > 0 ? 'red' : undefined} />
            <HealthFigure
              label="Failure rate"
              value={health.data ? (totals.counted === 0 ? '—' : `${rate < 0.1 && rate > 0 ? '<0.1' : rate.toFixed(rate < 10 && rate > 0 ? 1 : 0)}%`) : null}
              tone={rate >= 5 ? 'red' : undefined}
            />
            <HealthFigure label="Throttled (429)" value={health.data ? formatCount(totals.throttled) : null} tone={totals.throttled > 0 ? 'violet' : undefined} />
          </Group>
          {totals.simulated > 0 ? (
            <Text size="xs" c="dimmed" mb="sm" data-testid="simulated-note">
              {`${plural(totals.simulated, 'request')} came from SCIM Console's demos and self-tests${totals.simulatedFailures > 0 ? ` (${formatCount(totals.simulatedFailures)} answered with an error)` : ''}: shown in the chart, not counted as failures or in the failure rate.`}
            </Text>
          ) : null}
          {consoleChanges > 0 ? (
            <Text size="xs" c="dimmed" mb="sm" data-testid="console-changes-note">
              {`${plural(consoleChanges, 'change')} made in SCIM Console ${consoleChanges === 1 ? 'is' : 'are'} in the log, and not counted here: no client sent ${consoleChanges === 1 ? 'it' : 'them'}.`}
            </Text>
          ) : null}
          <ActivityChart
            buckets={buckets}
            loading={health.isPending}
            height={132}
            label={`Requests to ${tenant.name} per half hour over the last 24 hours, by outcome`}
            onSelect={(since, until) => void navigate(logsHref({ ...noFilters, tenant: tenant.slug, ...customRange(since, until) }))}
          />
          {buckets ? (
            <Group justify="space-between" mt={6} wrap="nowrap" gap="sm">
              <ActivityLegend buckets={buckets} compact />
              <Text size="xs" c="dimmed" truncate>
                Click a bar to see its requests
              </Text>
            </Group>
          ) : null}
        </>
      )}
    </Paper>
  )
}

function HealthFigure({ label, value, tone }: { label: string; value: string | null; tone?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      {value === null ? (
        <Skeleton height={24} width={56} mt={4} />
      ) : (
        <Text fz="xl" fw={650} c={tone} className="tabular" lh={1.3}>
          {value}
        </Text>
      )}
    </div>
  )
}

/** The failures the card folds into groups: enough that a burst of one kind (a throttled import) leaves room for others. */
const failureWindow = 50

/** What "no failures" means when the last 24 hours had answers that are not counted as failures. */
function noFailuresText(tenant: TenantSummary, client: string, totals: ReturnType<typeof activityTotals>): string {
  const notCounted = [
    ...(totals.throttled > 0 ? [`${plural(totals.throttled, 'throttled request')} (429), which ${client} retries on its own`] : []),
    ...(totals.simulatedFailures > 0 ? [`${plural(totals.simulatedFailures, 'error')} of SCIM Console's own demos and self-tests`] : [])
  ]
  return notCounted.length > 0 ? `No failures. Not counted as failures: ${notCounted.join(', and ')}.` : `No failures. Every request made to ${tenant.name} succeeded.`
}

function RecentFailures({ tenant }: { tenant: TenantSummary }) {
  const [provider] = useSetupProvider(tenant)
  // The same query as the Health card's, from the cache: what the empty state says was not counted.
  const health = useTenantHealth(tenant.id)
  // The customer's failures: what SCIM Console's demos and self-tests sent is in the log, marked, but not here.
  const failures = useRecentLogs({ tenantId: tenant.id, outcome: 'failed', excludeSimulators: true, limit: failureWindow, withDiagnosis: true })
  return (
    <Paper withBorder radius="md" className={classes.card}>
      <Group justify="space-between" align="flex-start" px="lg" pt="md" pb="sm" wrap="nowrap">
        <div>
          <Title order={2}>Latest failures</Title>
          <Text size="xs" c="dimmed">
            Why each failed, and what to do next
          </Text>
        </div>
        <Anchor component={Link} to={paths.logs({ tenant: tenant.slug, outcome: 'failed' })} size="sm" style={{ flexShrink: 0 }}>
          <Group gap={4} component="span" wrap="nowrap">
            All failures in the log <IconArrowRight size={14} aria-hidden />
          </Group>
        </Anchor>
      </Group>
      {failures.isPending ? (
        <Stack px="lg" pb="lg" gap="md">
          {[0, 1, 2, 3].map((row) => (
            <Group key={row} gap="md" wrap="nowrap">
              <Skeleton height={20} width={44} />
              <Stack gap={6} style={{ flex: 1 }}>
                <Skeleton height={12} width="45%" />
                <Skeleton height={10} width="80%" />
              </Stack>
            </Group>
          ))}
        </Stack>
      ) : failures.isError ? (
        <Stack px="lg" pb="lg">
          <ErrorState title="Could not load failures" error={failures.error} onRetry={() => void failures.refetch()} />
        </Stack>
      ) : failures.data.items.length === 0 ? (
        <Group px="lg" pb="lg" gap="sm" wrap="nowrap">
          <ThemeIcon color="green" variant="light" radius="xl" aria-hidden>
            <IconCircleCheck size={16} />
          </ThemeIcon>
          <Text size="sm" c="dimmed">
            {tenant.lastRequestAt
              ? noFailuresText(tenant, providerWords[provider].client, activityTotals(health.data ?? []))
              : `No requests yet. ${providerWords[provider].firstRequest}; failures and their fixes will show here.`}
          </Text>
        </Group>
      ) : (
        <ul className={classes.failureList} aria-label="Latest failures">
          {groupFailures(failures.data.items, 5).map(({ latest: entry, count, otherTargets }) => (
            <li key={entry.id}>
              <UnstyledButton
                component={Link}
                to={logsHref({ tenant: tenant.slug, outcome: 'failed' }, entry.id)}
                className={classes.failure}
              >
                <HttpStatusBadge status={entry.status} />
                <div className={classes.failureText}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={600} style={{ flexShrink: 0 }}>
                      {entryOperationLabel(entry)}
                    </Text>
                    {targetText(entry) ? (
                      <Text size="sm" c="dimmed" truncate>
                        <IdText value={targetText(entry) ?? ''} />
                      </Text>
                    ) : null}
                    {otherTargets > 0 ? (
                      <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                        and {plural(otherTargets, 'other')}
                      </Text>
                    ) : null}
                    {entry.injected ? (
                      <Badge size="xs" color="gray" variant="outline" leftSection={<IconFlask size={10} aria-hidden />}>
                        Injected
                      </Badge>
                    ) : null}
                  </Group>
                  {entry.diagnosis ? (
                    <div className={classes.diagnosis}>
                      <DiagnosisLine diagnosis={entry.diagnosis} status={entry.status} />
                    </div>
                  ) : (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {entry.errorDetail ?? `${entry.method} ${entry.path}`}
                    </Text>
                  )}
                </div>
                <Stack gap={4} align="flex-end">
                  <RelativeTime value={entry.at} size="xs" c="dimmed" />
                  {count > 1 ? (
                    <Badge
                      size="sm"
                      variant="default"
                      className="tabular"
                      title={`${formatCount(count)} failures like this among the latest ${formatCount(failures.data.items.length)}`}
                    >
                      {formatCount(count)}×
                    </Badge>
                  ) : null}
                </Stack>
              </UnstyledButton>
            </li>
          ))}
        </ul>
      )}
    </Paper>
  )
}
