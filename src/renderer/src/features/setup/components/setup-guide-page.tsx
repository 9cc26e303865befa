import { ActionIcon, Alert, Anchor, Badge, Button, CopyButton, Group, Menu, Paper, Skeleton, Stack, Table, Text, ThemeIcon, Title, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import {
  IconAlertTriangle,
  IconCheck,
  IconChevronDown,
  IconChevronRight,
  IconCircleCheck,
  IconClockHour4,
  IconCopy,
  IconFileTypeHtml,
  IconFileTypePdf,
  IconKey,
  IconLockOpen,
  IconPlayerPlay,
  IconPlus,
  IconServer2,
  IconSquareCheckFilled,
  IconWorldShare
} from '@tabler/icons-react'
import { Fragment, useState, type ReactNode } from 'react'
import { Link } from 'react-router'
import type { SetupGuide, TenantSummary } from '../../../../../shared/models'
import { errorMessage } from '../../../api/client'
import { paths } from '../../../app/paths'
import { CopyField } from '../../../components/copy-field'
import { PageHeader } from '../../../components/page-header'
import { RelativeTime } from '../../../components/relative-time'
import { ErrorState } from '../../../components/states'
import { StepsItem, StepsList } from '../../../components/steps-list'
import { formatCount, formatTokenPrefix, plural } from '../../../lib/format'
import { HttpStatusBadge } from '../../logs/components/http-status-badge'
import { useRecentLogs } from '../../logs/queries'
import { useCurrentTenant } from '../../tenants/components/tenant-layout'
import { IssueTokenModal } from '../../tokens/components/issue-token-modal'
import { useExportSetupGuide, useSetupGuide, useSetupLiveUpdates } from '../queries'
import classes from './setup-guide-page.module.css'

/** A label as Okta's admin console shows it: on a button, a tab or a field. */
function Ui({ children }: { children: ReactNode }) {
  return <span className={classes.ui}>{children}</span>
}

/** Where to click in Okta, as a breadcrumb of its own labels. */
function OktaPath({ steps }: { steps: readonly string[] }) {
  return (
    <div className={classes.path} aria-label={steps.join(', then ')}>
      {steps.map((step, index) => (
        <Fragment key={`${step}-${index}`}>
          {index > 0 ? <IconChevronRight size={13} className={classes.pathArrow} aria-hidden /> : null}
          <span className={classes.pathStep}>{step}</span>
        </Fragment>
      ))}
    </div>
  )
}

/** A ticked Okta checkbox, as the admin should leave it. */
function OktaCheckbox({ label }: { label: string }) {
  return (
    <Group gap={8} wrap="nowrap">
      <IconSquareCheckFilled size={18} className={classes.checkbox} aria-hidden />
      <Text size="sm" fw={500}>
        {label}
      </Text>
    </Group>
  )
}

/** A small copy button beside a value. */
function CopyIcon({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value} timeout={1600}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : 'Copy'}>
          <ActionIcon size="sm" variant={copied ? 'light' : 'subtle'} color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={copied ? `Copied ${label}` : `Copy ${label}`}>
            {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  )
}

function FieldLabel({ children }: { children: ReactNode }) {
  return (
    <Text size="xs" fw={600} c="dimmed" mb={4}>
      {children}
    </Text>
  )
}

/** `#/tenants/:slug/setup`: the exact values and clicks for the customer's Okta admin, mirroring Okta's screens. */
export function SetupGuidePage() {
  const tenant = useCurrentTenant()
  const guide = useSetupGuide(tenant.id)
  const exportGuide = useExportSetupGuide()
  const [issuing, setIssuing] = useState(false)
  useSetupLiveUpdates()

  const runExport = (format: 'html' | 'pdf'): void => {
    exportGuide.mutate(
      { tenant: tenant.id, format },
      {
        onSuccess: (result) => {
          if (!result) return
          notifications.show({
            color: 'green',
            title: `Guide saved as ${format.toUpperCase()}`,
            closeButtonProps: { 'aria-label': 'Dismiss notification' },
            message: (
              <Text size="sm">
                Send <span className="mono">{result.path.split(/[\\/]/).pop()}</span> to {tenant.name}&apos;s Okta admin. It holds no token: send that
                separately.
              </Text>
            )
          })
        },
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Could not export the guide', message: errorMessage(error), closeButtonProps: { 'aria-label': 'Dismiss notification' } })
      }
    )
  }

  return (
    <Stack gap="lg" maw={1280}>
      <PageHeader
        title="Okta setup guide"
        description={`What ${tenant.name}'s Okta admin clicks and types, screen by screen, in Okta's own words.`}
        actions={
          <Menu position="bottom-end" width={250}>
            <Menu.Target>
              <Button variant="default" rightSection={<IconChevronDown size={15} aria-hidden />} loading={exportGuide.isPending}>
                Export for the customer
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>One page, no secrets</Menu.Label>
              <Menu.Item leftSection={<IconFileTypePdf size={16} aria-hidden />} onClick={() => runExport('pdf')}>
                Export as PDF
              </Menu.Item>
              <Menu.Item leftSection={<IconFileTypeHtml size={16} aria-hidden />} onClick={() => runExport('html')}>
                Export as HTML
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        }
      />
      {guide.isError ? (
        <ErrorState title="Could not load the setup guide" error={guide.error} onRetry={() => void guide.refetch()} />
      ) : guide.isPending ? (
        <div className={classes.layout} aria-busy="true">
          <Stack gap="md">
            <Skeleton height={90} />
            <Skeleton height={320} />
          </Stack>
          <Skeleton height={420} />
        </div>
      ) : (
        <Guide guide={guide.data} tenant={tenant} onIssue={() => setIssuing(true)} />
      )}
      {/* Keyed: a secret just issued stays with its tenant when the route moves to another one's guide. */}
      <IssueTokenModal key={tenant.id} tenant={tenant} opened={issuing} onClose={() => setIssuing(false)} />
    </Stack>
  )
}

/** The active tokens the guide names (the newest), before a link to the rest on the Tokens screen. */
const shownTokens = 4

function Guide({ guide, tenant, onIssue }: { guide: SetupGuide; tenant: TenantSummary; onIssue: () => void }) {
  const lastTest = useRecentLogs({ tenantId: tenant.id, operation: 'test-credentials', limit: 1 })
  const test = lastTest.data?.items[0]
  const tested = test !== undefined && test.status >= 200 && test.status < 300
  const token = guide.activeTokens[0]

  return (
    <>
        {guide.baseUrlIsLocal ? (
          <Alert color="yellow" variant="light" icon={<IconWorldShare size={20} aria-hidden />} title="Okta's cloud cannot reach this address" data-testid="local-url-callout">
            <Stack gap="xs">
              <Text size="sm">
                Okta&apos;s cloud cannot reach 127.0.0.1: set a public URL (tunnel) on the Server page; the Okta demo below needs no tunnel.
              </Text>
              <Group gap="xs">
                <Button size="xs" variant="default" component={Link} to={paths.server} leftSection={<IconServer2 size={14} aria-hidden />}>
                  Set a public URL
                </Button>
                <Button size="xs" variant="default" component={Link} to={paths.tenantDemo(tenant.slug)} leftSection={<IconPlayerPlay size={14} aria-hidden />}>
                  Run the Okta demo
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        {guide.cleartextWarning ? (
          <Alert color="orange" variant="light" icon={<IconLockOpen size={20} aria-hidden />} title="The base URL is not encrypted" data-testid="cleartext-url-callout">
            <Stack gap="xs">
              <Text size="sm">{guide.cleartextWarning}</Text>
              <Group gap="xs">
                <Button size="xs" variant="default" component={Link} to={paths.server} leftSection={<IconServer2 size={14} aria-hidden />}>
                  Change the public URL
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        {!guide.serverRunning ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />} title="The SCIM server is not running">
            Okta&apos;s Test API Credentials fails until it runs.{' '}
            <Anchor component={Link} to={paths.server} size="sm" fw={600} underline="always">
              Open the Server page
            </Anchor>
          </Alert>
        ) : null}

        <div className={classes.layout}>
          <Stack gap="lg" miw={0}>
            <Paper withBorder radius="md" p="lg" className={classes.card}>
              <Group gap="sm" mb="lg" wrap="nowrap">
                <Badge variant="light" radius="sm">
                  Part 1
                </Badge>
                <Title order={2}>Connect the API</Title>
              </Group>
              <StepsList label="Connect the API">
                <StepsItem number={1} title="Open the app's provisioning settings">
                  <Text size="sm">In the Okta Admin Console, open the app for {tenant.name}, then its provisioning integration.</Text>
                  <OktaPath steps={['Applications', 'Applications', `${tenant.name} app`, 'Provisioning', 'Integration']} />
                  <Text size="sm">
                    Click <Ui>Configure API Integration</Ui>.
                  </Text>
                </StepsItem>
                <StepsItem number={2} title="Enable API integration">
                  <OktaCheckbox label="Enable API integration" />
                </StepsItem>
                <StepsItem number={3} title="Base URL">
                  <Text size="sm">
                    Paste into <Ui>Base URL</Ui> (called <Ui>SCIM connector base URL</Ui> in an app you built yourself):
                  </Text>
                  <CopyField value={guide.baseUrl} label="Base URL" size="md" testId="setup-base-url" />
                  {guide.baseUrlIsLocal ? (
                    <Text size="xs" c="dimmed">
                      This address works from this computer only: the Okta demo can use it, a real Okta org cannot.
                    </Text>
                  ) : null}
                </StepsItem>
                <StepsItem
                  number={4}
                  title="API Token"
                  done={guide.activeTokens.length > 0}
                  aside={
                    <Button size="xs" variant={guide.activeTokens.length > 0 ? 'default' : 'filled'} leftSection={<IconPlus size={14} aria-hidden />} onClick={onIssue}>
                      Issue API token
                    </Button>
                  }
                >
                  <Text size="sm">
                    Paste a token into <Ui>API Token</Ui> (in an app you built yourself, choose <Ui>HTTP Header</Ui> and paste it into{' '}
                    <Ui>Authorization</Ui>). Okta sends it as <span className="mono">Authorization: Bearer …</span> with every request; with or
                    without <span className="mono">Bearer</span> in front, {tenant.name} accepts it.
                  </Text>
                  {guide.activeTokens.length > 0 ? (
                    <Group gap={6}>
                      <Text size="sm" c="dimmed">
                        {plural(guide.activeTokens.length, 'active token')}:
                      </Text>
                      {guide.activeTokens.slice(0, shownTokens).map((active) => (
                        <Badge key={active.id} variant="default" radius="sm" leftSection={<IconKey size={12} aria-hidden />} style={{ fontWeight: 500 }}>
                          {active.label || 'No label'} <span className="mono">{formatTokenPrefix(active.prefix)}</span>
                        </Badge>
                      ))}
                      {guide.activeTokens.length > shownTokens ? (
                        <Anchor component={Link} to={paths.tenantTokens(tenant.slug)} size="sm">
                          and {formatCount(guide.activeTokens.length - shownTokens)} more
                        </Anchor>
                      ) : null}
                    </Group>
                  ) : (
                    <Alert color="yellow" variant="light" icon={<IconKey size={18} aria-hidden />} p="sm">
                      No active API token yet. Issue one here: it is shown once, so paste it into Okta straight away.
                    </Alert>
                  )}
                  <Text size="xs" c="dimmed">
                    SCIM Console keeps only a hash, so a token cannot be shown again. Issue one per Okta app, so each can be revoked alone.
                  </Text>
                </StepsItem>
                <StepsItem
                  number={5}
                  title="Test API Credentials"
                  done={tested}
                  aside={test ? <TestResult status={test.status} at={test.at} /> : null}
                >
                  <Text size="sm">
                    Click <Ui>Test API Credentials</Ui>. Okta sends one request, <span className="mono">GET /Users?startIndex=1&amp;count=2</span>, and
                    should say the app was verified successfully.
                  </Text>
                  {test === undefined ? (
                    <Group gap={8} className={classes.waiting}>
                      <IconClockHour4 size={16} aria-hidden />
                      <Text size="sm">Waiting for Okta&apos;s first test: it appears here the moment it arrives.</Text>
                    </Group>
                  ) : null}
                </StepsItem>
                <StepsItem number={6} title="Save">
                  <Text size="sm">
                    Click <Ui>Save</Ui>. Okta sends the same test request again.
                  </Text>
                </StepsItem>
              </StepsList>
            </Paper>

            <Paper withBorder radius="md" p="lg" className={classes.card}>
              <Group gap="sm" mb="lg" wrap="nowrap">
                <Badge variant="light" radius="sm">
                  Part 2
                </Badge>
                <Title order={2}>Turn on provisioning to the app</Title>
              </Group>
              <StepsList label="Turn on provisioning to the app">
                <StepsItem number={7} title="To App">
                  <OktaPath steps={['Provisioning', 'To App', 'Edit']} />
                  <Stack gap={6}>
                    <OktaCheckbox label="Create Users" />
                    <OktaCheckbox label="Update User Attributes" />
                    <OktaCheckbox label="Deactivate Users" />
                  </Stack>
                  <Text size="sm">
                    Then <Ui>Save</Ui>. Okta reads <span className="mono">GET /Groups?startIndex=1&amp;count=100</span> to learn the app&apos;s groups.
                  </Text>
                </StepsItem>
                <StepsItem number={8} title="Application username format: Email">
                  <OktaPath steps={['Sign On', 'Settings', 'Edit', 'Application username format']} />
                  <Text size="sm">
                    Choose <Ui>Email</Ui>. The email becomes the SCIM <span className="mono">userName</span> that {tenant.name} matches users on; any other
                    format creates duplicates.
                  </Text>
                </StepsItem>
                <StepsItem number={9} title="Assign people and push groups">
                  <Text size="sm">
                    On <Ui>Assignments</Ui>, assign people or groups: Okta looks each user up by userName, then creates it. To send groups, use{' '}
                    <Ui>Push Groups</Ui>.
                  </Text>
                </StepsItem>
              </StepsList>
            </Paper>

            <Paper withBorder radius="md" p="lg" className={classes.card}>
              <Title order={2} mb="xs">
                PUT or PATCH: which Okta app type sends which
              </Title>
              <Text size="sm" c="dimmed" mb="md">
                {tenant.name} accepts both. Okta never deletes users: deactivating or unassigning sends <span className="mono">active: false</span>.
              </Text>
              <Table withTableBorder withColumnBorders verticalSpacing="sm" className={classes.table} highlightOnHover={false}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w="34%">Okta app type</Table.Th>
                    <Table.Th>Profile updates</Table.Th>
                    <Table.Th>Deactivate, reactivate</Table.Th>
                    <Table.Th>Group membership</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        Okta Integration Network (catalog) app
                      </Text>
                      <Text size="xs" c="dimmed">
                        e.g. &ldquo;SCIM 2.0 Test App (Header Auth)&rdquo;
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Method>GET</Method> then <Method>PUT</Method>
                    </Table.Td>
                    <Table.Td>
                      <Method>PATCH</Method>
                    </Table.Td>
                    <Table.Td>
                      <Method>PATCH</Method>
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        App Integration Wizard app
                      </Text>
                      <Text size="xs" c="dimmed">
                        Create App Integration → SCIM; cannot be switched
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Method>GET</Method> then <Method>PUT</Method>
                    </Table.Td>
                    <Table.Td>
                      <Method>PUT</Method> with <span className="mono">active</span>
                    </Table.Td>
                    <Table.Td>
                      <Method>PUT</Method> with every member
                    </Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </Paper>

            <Paper withBorder radius="md" p="lg" className={classes.card}>
              <Title order={2} mb="xs">
                Throttling
              </Title>
              <Text size="sm">
                {tenant.rateLimitPerMinute > 0 ? (
                  <>
                    {tenant.name} accepts <b>{formatCount(tenant.rateLimitPerMinute)} requests a minute</b>.
                </>
              ) : (
                <>{tenant.name} sets no request limit today.</>
              )}{' '}
              Beyond a limit the server answers <HttpStatusBadge status={429} /> with a <span className="mono">Retry-After</span> header in seconds. Okta
              pauses the task and retries after that long (5 minutes without the header), doubling the wait each time, for up to 10 attempts; then the
              task fails and needs a manual retry in <Ui>Tasks</Ui>.
            </Text>
          </Paper>
        </Stack>

        <Paper withBorder radius="md" p="lg" className={`${classes.card} ${classes.summary}`}>
          <Title order={2} mb={4}>
            Values to enter in Okta
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            For {tenant.name}. Each has a copy button.
          </Text>
          <Stack gap="md">
            <div>
              <FieldLabel>Base URL (SCIM connector base URL)</FieldLabel>
              <CopyField value={guide.baseUrl} label="SCIM connector base URL" />
            </div>
            <div>
              <FieldLabel>Unique identifier field for users</FieldLabel>
              <CopyField value={guide.uniqueIdentifierField} label="unique identifier field" />
            </div>
            <div>
              <FieldLabel>Authentication Mode</FieldLabel>
              <CopyField value={guide.authenticationMode} label="authentication mode" />
            </div>
            <div>
              <FieldLabel>API Token</FieldLabel>
              {token ? (
                <>
                  <Paper withBorder radius="md" px="sm" py={6}>
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <Group gap={6} wrap="nowrap" miw={0}>
                        <IconKey size={14} aria-hidden style={{ flexShrink: 0 }} />
                        <Text size="sm" truncate>
                          {token.label || 'Active token'}
                        </Text>
                        <Text size="sm" className="mono" c="dimmed" style={{ flexShrink: 0 }}>
                          {formatTokenPrefix(token.prefix)}
                        </Text>
                      </Group>
                      <Button size="compact-xs" variant="subtle" onClick={onIssue} style={{ flexShrink: 0 }}>
                        New
                      </Button>
                    </Group>
                  </Paper>
                  <Text size="xs" c="dimmed" mt={4}>
                    Shown once when issued; send it to the admin separately.
                  </Text>
                </>
              ) : (
                <Button fullWidth variant="light" leftSection={<IconKey size={15} aria-hidden />} onClick={onIssue}>
                  Issue API token
                </Button>
              )}
            </div>
            <div>
              <FieldLabel>Supported provisioning actions</FieldLabel>
              <Paper withBorder radius="md">
                <ul className={classes.actions}>
                  {guide.provisioningActions.map((action) => (
                    <li key={action}>
                      <IconSquareCheckFilled size={16} className={classes.checkbox} aria-hidden />
                      <Text size="sm" style={{ flex: 1 }}>
                        {action}
                      </Text>
                      <CopyIcon value={action} label={action} />
                    </li>
                  ))}
                </ul>
              </Paper>
            </div>
            <div>
              <FieldLabel>Application username format</FieldLabel>
              <CopyField value="Email" label="application username format" />
            </div>
          </Stack>
        </Paper>
      </div>
    </>
  )
}

function Method({ children }: { children: string }) {
  return <span className={classes.method}>{children}</span>
}

function TestResult({ status, at }: { status: number; at: string }) {
  const ok = status >= 200 && status < 300
  return (
    <Group gap={6} wrap="nowrap" data-testid="last-credentials-test">
      {ok ? (
        <ThemeIcon size={18} radius="xl" color="green" variant="light" aria-hidden>
          <IconCircleCheck size={13} />
        </ThemeIcon>
      ) : null}
      <Text size="xs" c="dimmed">
        {ok ? 'Verified' : 'Last test failed'}
      </Text>
      <HttpStatusBadge status={status} />
      <RelativeTime value={at} size="xs" c="dimmed" />
    </Group>
  )
}
