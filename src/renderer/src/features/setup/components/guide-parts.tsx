// The pieces both setup guides are made of: the provider's labels and click paths, copyable values, the token step
// and the last request from the provider.
import { ActionIcon, Alert, Anchor, Badge, Button, CopyButton, Group, Paper, Stack, Text, ThemeIcon, Title, Tooltip } from '@mantine/core'
import {
  IconAlertTriangle,
  IconCheck,
  IconChevronRight,
  IconCircleCheck,
  IconClockHour4,
  IconCopy,
  IconKey,
  IconLockOpen,
  IconPlayerPlay,
  IconPlus,
  IconServer2,
  IconSquareCheckFilled,
  IconWorldShare
} from '@tabler/icons-react'
import { Fragment, type ReactNode } from 'react'
import { Link } from 'react-router'
import type { LogEntrySummary, SetupGuide, TenantSummary, Token } from '../../../../../shared/models'
import { paths } from '../../../app/paths'
import { RelativeTime } from '../../../components/relative-time'
import { StepsItem } from '../../../components/steps-list'
import { formatCount, formatTokenPrefix, plural } from '../../../lib/format'
import { HttpStatusBadge } from '../../logs/components/http-status-badge'
import { logsHref } from '../../logs/log-filters'
import { useLogEntry } from '../../logs/queries'
import classes from './setup-guide-page.module.css'

/** A label as the provider's admin console shows it: on a button, a tab or a field. */
export function Ui({ children }: { children: ReactNode }) {
  return <span className={classes.ui}>{children}</span>
}

/** Where to click in the provider's console, as a breadcrumb of its own labels. */
export function ClickPath({ steps }: { steps: readonly string[] }) {
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

/** A ticked checkbox or a chosen option, as the admin should leave it. */
export function Ticked({ label }: { label: string }) {
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
export function CopyIcon({ value, label }: { value: string; label: string }) {
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

/** One value of the summary: the provider's name for the field, then the value. */
export function Value({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" fw={600} c="dimmed" mb={4}>
        {label}
      </Text>
      {children}
    </div>
  )
}

export function Method({ children }: { children: string }) {
  return <span className={classes.method}>{children}</span>
}

/** The outcome of the provider's last connection test (or request), with its status and time. */
export function TestResult({ status, at, passed, failed }: { status: number; at: string; passed: string; failed: string }) {
  const ok = status >= 200 && status < 300
  return (
    <Group gap={6} wrap="nowrap" data-testid="last-credentials-test">
      {ok ? (
        <ThemeIcon size={18} radius="xl" color="green" variant="light" aria-hidden>
          <IconCircleCheck size={13} />
        </ThemeIcon>
      ) : null}
      <Text size="xs" c="dimmed">
        {ok ? passed : failed}
      </Text>
      <HttpStatusBadge status={status} />
      <RelativeTime value={at} size="xs" c="dimmed" />
    </Group>
  )
}

/** The active tokens the guide names (the newest), before a link to the rest on the Tokens screen. */
const shownTokens = 4

/** The tenant's active tokens as badges, or a prompt to issue the first, which is shown once. */
export function ActiveTokens({ tokens, tenant, pasteInto }: { tokens: readonly Token[]; tenant: TenantSummary; pasteInto: string }) {
  if (tokens.length === 0) {
    return (
      <Alert color="yellow" variant="light" icon={<IconKey size={18} aria-hidden />} p="sm">
        No active API token yet. Issue one here: it is shown once, so paste it into {pasteInto} straight away.
      </Alert>
    )
  }
  return (
    <Group gap={6}>
      <Text size="sm" c="dimmed">
        {plural(tokens.length, 'active token')}:
      </Text>
      {tokens.slice(0, shownTokens).map((active) => (
        <Badge key={active.id} variant="default" radius="sm" leftSection={<IconKey size={12} aria-hidden />} style={{ fontWeight: 500 }}>
          {active.label || 'No label'} <span className="mono">{formatTokenPrefix(active.prefix)}</span>
        </Badge>
      ))}
      {tokens.length > shownTokens ? (
        <Anchor component={Link} to={paths.tenantTokens(tenant.slug)} size="sm">
          and {formatCount(tokens.length - shownTokens)} more
        </Anchor>
      ) : null}
    </Group>
  )
}

/** The summary's token field: the newest active token by label and prefix (never its secret), or a button to issue one. */
export function TokenField({ token, onIssue }: { token: Token | undefined; onIssue: () => void }) {
  if (!token) {
    return (
      <Button fullWidth variant="light" leftSection={<IconKey size={15} aria-hidden />} onClick={onIssue}>
        Issue API token
      </Button>
    )
  }
  return (
    <>
      <Paper withBorder radius="md" px="sm" py={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap={6} wrap="nowrap" miw={0}>
            <IconKey size={14} aria-hidden style={{ flexShrink: 0 }} />
            {/* The admin picks the token by its label: it wraps rather than lose its end to an ellipsis. */}
            <Text size="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
              {token.label || 'Active token'}
            </Text>
            <Text size="sm" className="mono" c="dimmed" style={{ flexShrink: 0 }}>
              {formatTokenPrefix(token.prefix)}
            </Text>
          </Group>
          <Button size="compact-xs" variant="subtle" onClick={onIssue} style={{ flexShrink: 0 }} aria-label="New API token">
            New
          </Button>
        </Group>
      </Paper>
      <Text size="xs" c="dimmed" mt={4}>
        Shown once when issued; send it to the admin separately.
      </Text>
    </>
  )
}

/** Says that the server is stopped, which every provider's connection test then fails on. */
export function ServerStoppedAlert({ guide, test }: { guide: SetupGuide; test: string }) {
  if (guide.serverRunning) return null
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />} title="The SCIM server is not running">
      {test} fails until it runs.{' '}
      <Anchor component={Link} to={paths.server} size="sm" fw={600} underline="always">
        Open the Server page
      </Anchor>
    </Alert>
  )
}

/** A numbered part of a guide, in a card: "Part 1 · Connect the API". */
export function Part({ number, title, children }: { number: number; title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg" className={classes.card}>
      <Group gap="sm" mb="lg" wrap="nowrap">
        <Badge variant="light" radius="sm">
          Part {number}
        </Badge>
        <Title order={2}>{title}</Title>
      </Group>
      {children}
    </Paper>
  )
}

/** A card of the guide that is not a numbered part: what the provider sends, throttling. */
export function Card({ title, lead, children }: { title: string; lead?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg" className={classes.card}>
      <Title order={2} mb="xs">
        {title}
      </Title>
      {lead ? (
        <Text size="sm" c="dimmed" mb="md">
          {lead}
        </Text>
      ) : null}
      {children}
    </Paper>
  )
}

/** The summary beside the steps: every value the admin types, each with a copy button, and it stays in view. */
export function ValuesCard({ provider, tenant, children }: { provider: string; tenant: TenantSummary; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg" className={`${classes.card} ${classes.summary}`}>
      <Title order={2} mb={4}>
        Values to enter in {provider}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        For {tenant.name}. Each has a copy button.
      </Text>
      <Stack gap="md">{children}</Stack>
    </Paper>
  )
}

/** The tenant's request budget, in a sentence. */
export function RateLimit({ tenant }: { tenant: TenantSummary }) {
  return tenant.rateLimitPerMinute > 0 ? (
    <>
      {tenant.name} accepts <b>{formatCount(tenant.rateLimitPerMinute)} requests a minute</b>.
    </>
  ) : (
    <>{tenant.name} sets no request limit today.</>
  )
}

/** The host of the guide's base URL, as the provider's cloud would look it up: "127.0.0.1", "192.168.1.20". */
export function baseUrlHost(guide: SetupGuide): string {
  try {
    return new URL(guide.baseUrl).hostname
  } catch {
    return guide.baseUrl
  }
}

/**
 * A warning about the address the provider is given: one its cloud cannot reach, or one without TLS. The way out is
 * the Server page's public URL; `demo` adds another (the provider's demo, `name` at the tenant `slug`, needs no
 * public address).
 */
export function AddressCallout({
  kind,
  title,
  children,
  demo
}: {
  kind: 'local' | 'cleartext'
  title: string
  children: ReactNode
  demo?: { readonly slug: string; readonly name: string }
}) {
  const local = kind === 'local'
  return (
    <Alert
      color={local ? 'yellow' : 'orange'}
      variant="light"
      icon={local ? <IconWorldShare size={20} aria-hidden /> : <IconLockOpen size={20} aria-hidden />}
      title={title}
      data-testid={local ? 'local-url-callout' : 'cleartext-url-callout'}
    >
      <Stack gap="xs">
        <Text size="sm">{children}</Text>
        <Group gap="xs">
          <Button size="xs" variant="default" component={Link} to={paths.server} leftSection={<IconServer2 size={14} aria-hidden />}>
            {local ? 'Set a public URL' : 'Change the public URL'}
          </Button>
          {demo ? (
            <Button size="xs" variant="default" component={Link} to={paths.tenantDemo(demo.slug)} leftSection={<IconPlayerPlay size={14} aria-hidden />}>
              Run the {demo.name}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Alert>
  )
}

/**
 * The step where the admin pastes the token: `children` says where, then the tenant's active tokens (or a prompt to
 * issue the first), and why there is one per provider app.
 */
export function TokenStep({
  number,
  title,
  guide,
  tenant,
  onIssue,
  provider,
  app,
  children
}: {
  number: number
  title: string
  guide: SetupGuide
  tenant: TenantSummary
  onIssue: () => void
  /** The provider's name, as in "paste it into Okta". */
  provider: string
  /** What the provider calls an app, as in "one per Okta app". */
  app: string
  children: ReactNode
}) {
  const issued = guide.activeTokens.length > 0
  return (
    <StepsItem
      number={number}
      title={title}
      done={issued}
      aside={
        <Button size="xs" variant={issued ? 'default' : 'filled'} leftSection={<IconPlus size={14} aria-hidden />} onClick={onIssue}>
          Issue API token
        </Button>
      }
    >
      <Text size="sm">{children}</Text>
      <ActiveTokens tokens={guide.activeTokens} tenant={tenant} pasteInto={provider} />
      <Text size="xs" c="dimmed">
        SCIM Console keeps only a hash, so a token cannot be shown again. Issue one per {app}, so each can be revoked alone.
      </Text>
    </StepsItem>
  )
}

/**
 * Why the provider's latest test failed, as the log diagnoses it (its title and next step, whole), and a link to the
 * request: a CSM walking the customer's admin through setup reads it without leaving the guide. The diagnosis is read
 * with the request, once (the log drawer then opens on it at once), rather than for every request the guide lists.
 */
export function TestFailure({ entry, tenantSlug }: { entry: LogEntrySummary; tenantSlug: string }) {
  const detail = useLogEntry(entry.id)
  if (detail.isPending) return null
  const diagnosis = detail.data?.diagnosis
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      title={diagnosis?.title ?? `The request got HTTP ${entry.status}`}
      data-testid="credentials-test-failure"
      p="sm"
    >
      <Stack gap={6} align="flex-start">
        <Text size="sm">{diagnosis?.nextStep ?? entry.errorDetail}</Text>
        <Anchor component={Link} to={logsHref({ tenant: tenantSlug }, entry.id)} size="sm">
          Open the request in the log
        </Anchor>
      </Stack>
    </Alert>
  )
}

/** Said under the connection step until the provider's first request arrives, which the step then shows. */
export function Waiting({ children }: { children: ReactNode }) {
  return (
    <Group gap={8} className={classes.waiting}>
      <IconClockHour4 size={16} aria-hidden />
      <Text size="sm">{children}</Text>
    </Group>
  )
}
