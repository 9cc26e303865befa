/**
 * One request in full, on the right of the log: what Okta sent, what we answered, why it failed and what the
 * customer's admin should do, and the same user's other requests around it. A change made in SCIM Console reads as
 * one: what was written, as the SCIM request it equals, and the resource it left.
 */
import { ActionIcon, Anchor, Badge, Button, Code, CopyButton, Drawer, Group, Kbd, Skeleton, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCheck, IconCopy, IconDeviceDesktop, IconFilter, IconFlask, IconKey, IconTerminal2 } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { requestClientOf, type RequestClient } from '../../../../../shared/identity-provider'
import { madeInConsole, type LogEntryDetail, type LogEntrySummary, type TokenRef } from '../../../../../shared/models'
import { errorMessage, isApiError } from '../../../api/client'
import { TextWithIds } from '../../../components/id-text'
import { JsonView } from '../../../components/json-view'
import { ErrorState } from '../../../components/states'
import { formatDateTime, formatDuration, formatTokenPrefix } from '../../../lib/format'
import { shortValue } from '../../../lib/ids'
import { useNow } from '../../../lib/use-now'
import { useTenants } from '../../tenants/queries'
import { TokenStatusBadge } from '../../tokens/components/token-status-badge'
import { decodedPath, formatAgo, formatPreciseTime, missingBodyNote, pathInTenant, targetText } from '../log-format'
import { entryOperationLabel } from '../operation-labels'
import { useCurlCommand, useLogEntry } from '../queries'
import { DiagnosisPanel } from './diagnosis-panel'
import { HttpStatusBadge, statusColor, statusReason } from './http-status-badge'
import classes from './log-detail-drawer.module.css'

/** Names the toast's close button for screen readers. */
const dismiss = { 'aria-label': 'Dismiss notification' }

/** Who reads an error's detail, by the client that sent the request (the server answers each in its own words). */
const detailLabel: Readonly<Record<RequestClient, string>> = {
  okta: 'Detail Okta shows the admin',
  entra: 'Detail Entra writes to its provisioning logs',
  other: 'Detail sent to the client'
}

function Section({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section className={classes.section} aria-label={title}>
      <Group justify="space-between" gap="xs" mb={8} wrap="nowrap">
        <Text className={classes.sectionTitle}>{title}</Text>
        {aside}
      </Group>
      {children}
    </section>
  )
}

function TokenLine({ token }: { token: TokenRef }) {
  return (
    <Group gap={8} wrap="wrap" className={classes.token}>
      <IconKey size={14} aria-hidden className={classes.tokenIcon} />
      <Text span size="sm" fw={600}>
        {token.label}
      </Text>
      <Text span size="sm" className="mono" c="dimmed">
        {formatTokenPrefix(token.prefix)}
      </Text>
      <TokenStatusBadge status={token.status} />
      {token.status === 'revoked' && token.revokedAt ? (
        <Text span size="xs" c="dimmed">
          revoked {formatDateTime(token.revokedAt)}
        </Text>
      ) : null}
      {token.status === 'expired' && token.expiresAt ? (
        <Text span size="xs" c="dimmed">
          expired {formatDateTime(token.expiresAt)}
        </Text>
      ) : null}
    </Group>
  )
}

function Headers({ entry }: { entry: LogEntryDetail }) {
  const headers = Object.entries(entry.requestHeaders)
  if (headers.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No headers were recorded.
      </Text>
    )
  }
  return (
    <dl className={classes.headers}>
      {headers.map(([name, value]) => {
        const authorization = name.toLowerCase() === 'authorization'
        return (
          <div key={name} className={classes.header} data-authorization={authorization || undefined}>
            <dt className="mono">{name}</dt>
            <dd>
              <span className="mono">{value}</span>
              {authorization ? (
                entry.token ? (
                  <TokenLine token={entry.token} />
                ) : (
                  <Text size="xs" c="dimmed" mt={4}>
                    {/* The log names the token it found when the request came; one gone now went with its tenant. */}
                    {entry.tokenId !== null
                      ? 'An API token of a tenant deleted since: its tokens were deleted with it.'
                      : 'This value matches no API token of any tenant.'}
                  </Text>
                )
              ) : null}
            </dd>
          </div>
        )
      })}
      {!headers.some(([name]) => name.toLowerCase() === 'authorization') ? (
        <div className={classes.header} data-authorization>
          <dt className="mono">authorization</dt>
          <dd>
            <Text span size="sm" c="dimmed">
              Not sent
            </Text>
          </dd>
        </div>
      ) : null}
    </dl>
  )
}

function Timeline({ entry, onJump }: { entry: LogEntryDetail; onJump: (id: number) => void }) {
  const now = useNow(10_000)
  const others = entry.timeline.length - 1
  return (
    <ol className={classes.timeline} aria-label="Timeline">
      {entry.timeline.map((item: LogEntrySummary) => {
        const current = item.id === entry.id
        return (
          <li key={item.id} className={classes.timelineItem} data-current={current || undefined}>
            <span className={classes.timelineDot} style={{ background: `var(--mantine-color-${statusColor(item.status)}-6)` }} aria-hidden />
            <UnstyledButton
              className={classes.timelineButton}
              onClick={() => onJump(item.id)}
              disabled={current}
              aria-current={current ? 'true' : undefined}
              aria-label={`${entryOperationLabel(item)}, ${item.status}, ${formatDateTime(item.at)}${current ? ` (this ${madeInConsole(item) ? 'change' : 'request'})` : ''}`}
            >
              <Group gap={8} wrap="nowrap" justify="space-between">
                <Group gap={8} wrap="nowrap" miw={0}>
                  <HttpStatusBadge status={item.status} size="sm" />
                  <Text span size="sm" fw={current ? 650 : 500} truncate>
                    {entryOperationLabel(item)}
                  </Text>
                  {current ? (
                    <Badge size="xs" variant="outline" color="gray">
                      {madeInConsole(item) ? 'This change' : 'This request'}
                    </Badge>
                  ) : null}
                </Group>
                <Tooltip label={formatDateTime(item.at)}>
                  <Text span size="xs" c="dimmed" className="tabular" style={{ flexShrink: 0 }}>
                    {formatAgo(item.at, now)}
                  </Text>
                </Tooltip>
              </Group>
              <Text size="xs" c="dimmed" className="mono" truncate mt={2}>
                {item.method} {pathInTenant(item)}
              </Text>
            </UnstyledButton>
          </li>
        )
      })}
      {others === 0 ? (
        <Text size="sm" c="dimmed" mt={4}>
          No other requests about {targetText(entry) ?? 'this target'} are in the log.
        </Text>
      ) : null}
    </ol>
  )
}

function CurlButton({ id }: { id: number }) {
  const curl = useCurlCommand()
  const copy = async (command: string): Promise<void> => {
    // The command is shown in the toast as well: what was copied, or, where copying is not allowed, what to copy.
    const body = (
      <Code block className={classes.curl} data-testid="curl-command">
        {command}
      </Code>
    )
    try {
      if (!navigator.clipboard) throw new Error('No clipboard')
      await navigator.clipboard.writeText(command)
      notifications.show({ color: 'teal', title: 'cURL command copied; the API token is redacted', message: body, autoClose: 6000, closeButtonProps: dismiss })
    } catch {
      notifications.show({ color: 'gray', title: 'Copy this cURL command; the API token is redacted', message: body, autoClose: false, closeButtonProps: dismiss })
    }
  }
  return (
    <Button
      variant="default"
      size="xs"
      leftSection={<IconTerminal2 size={14} aria-hidden />}
      loading={curl.isPending}
      onClick={() =>
        curl.mutate(id, {
          onSuccess: ({ command }) => void copy(command),
          onError: (error) => notifications.show({ color: 'red', title: 'Could not build the cURL command', message: errorMessage(error), closeButtonProps: dismiss })
        })
      }
    >
      Copy as cURL
    </Button>
  )
}

function Detail({ entry, tenantName, onJump, filterLink }: { entry: LogEntryDetail; tenantName: string | null; onJump: (id: number) => void; filterLink: string | null }) {
  const now = useNow(10_000)
  const target = targetText(entry)
  const requestLine = `${entry.method} ${decodedPath(entry.path)}`
  // No identity provider sent it: no token, headers or cURL to replay, and nothing of "what Okta sent".
  const inConsole = madeInConsole(entry)
  const kind = entry.targetType === 'group' ? 'group' : 'user'
  // The tenant's slug as it is now, by its id: the log keeps the slug the request was sent to, which a rename changes.
  const tenantSlug = useTenants().data?.items.find((tenant) => tenant.id === entry.tenantId)?.slug ?? null
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <HttpStatusBadge status={entry.status} size="lg" />
          <Text fw={600} size="sm">
            {statusReason(entry.status) ?? 'HTTP status'}
          </Text>
          {entry.injected ? (
            <Badge color="gray" variant="outline" leftSection={<IconFlask size={12} aria-hidden />}>
              Injected fault
            </Badge>
          ) : null}
          {inConsole ? (
            <Badge color="gray" variant="outline" leftSection={<IconDeviceDesktop size={12} aria-hidden />}>
              Made in SCIM Console
            </Badge>
          ) : null}
        </Group>
        <Text size="sm" c="dimmed">
          <time dateTime={entry.at}>{formatPreciseTime(entry.at)}</time> · {formatAgo(entry.at, now)}
        </Text>
      </Stack>

      {inConsole ? (
        <Text size="sm" className={classes.consoleNote}>
          Someone changed this {kind} on the tenant&apos;s Directory page in SCIM Console. It is not a request from an identity provider, and no API token
          was used: the log keeps it as the SCIM request it equals, with the {kind} as the SCIM server returns it{entry.method === 'DELETE' ? ' (none: it is deleted)' : ''}.
        </Text>
      ) : null}

      {entry.diagnosis ? <DiagnosisPanel diagnosis={entry.diagnosis} status={entry.status} tenantSlug={tenantSlug} /> : null}

      {!inConsole || (filterLink && target) ? (
        <Group gap="xs">
          {inConsole ? null : <CurlButton id={entry.id} />}
          {filterLink && target ? (
            <Button variant="default" size="xs" component={Link} to={filterLink} leftSection={<IconFilter size={14} aria-hidden />}>
              All requests for {shortValue(target, 28)}
            </Button>
          ) : null}
        </Group>
      ) : null}

      <dl className={classes.facts}>
        <div>
          <dt>Tenant</dt>
          <dd>{tenantName ?? entry.tenantSlug ?? '—'}</dd>
        </div>
        <div>
          <dt>Operation</dt>
          <dd>{entryOperationLabel(entry)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd className="tabular">{formatDuration(entry.durationMs)}</dd>
        </div>
        <div>
          <dt>{inConsole ? 'Made in' : 'Client'}</dt>
          <dd>{entry.client ?? '—'}</dd>
        </div>
      </dl>

      <Section title={inConsole ? 'Change, as a SCIM request' : 'Request'}>
        <Group gap={6} wrap="nowrap" className={classes.requestLine}>
          <Text span className="mono" size="sm" fw={600} style={{ flexShrink: 0 }}>
            {entry.method}
          </Text>
          <Text span className="mono" size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            <TextWithIds text={decodedPath(entry.path)} />
          </Text>
          <CopyButton value={requestLine} timeout={1600}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy request line'}>
                <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} size="sm" onClick={copy} aria-label="Copy request line" ml="auto">
                  {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        {inConsole ? null : <Headers entry={entry} />}
        <Text size="xs" fw={600} c="dimmed" mt="sm" mb={6}>
          {inConsole ? 'What was written' : 'Body'}
        </Text>
        <JsonView text={entry.requestBody} label="request body" empty={inConsole ? 'No body: a deletion writes none.' : missingBodyNote(entry)} />
      </Section>

      <Section title={inConsole ? `The ${kind} after it` : 'Response'} aside={<HttpStatusBadge status={entry.status} size="sm" />}>
        {entry.errorDetail ? (
          <Text size="sm" mb="xs">
            <Text span c="dimmed" size="sm">
              {detailLabel[requestClientOf(entry.client, entry.path)]}:{' '}
            </Text>
            {entry.errorDetail}
          </Text>
        ) : null}
        <JsonView text={entry.responseBody} label="response body" empty={inConsole ? `No body: the ${kind} is deleted.` : 'No body.'} />
      </Section>

      <Section title={target ? `Timeline for ${target}` : 'Timeline'}>
        {target || entry.timeline.length > 1 ? (
          <Timeline entry={entry} onJump={onJump} />
        ) : (
          <Text size="sm" c="dimmed">
            This request is not about one user or group.
          </Text>
        )}
      </Section>
    </Stack>
  )
}

/** The drawer; open while `id` is set. */
export function LogDetailDrawer({
  id,
  onClose,
  onJump,
  tenantName,
  filterLinkFor
}: {
  id: number | null
  onClose: () => void
  onJump: (id: number) => void
  tenantName: (slug: string) => string
  /** The log filtered to this entry's user or group. */
  filterLinkFor: (entry: LogEntryDetail) => string | null
}) {
  const entry = useLogEntry(id)
  const data = entry.data
  const title = data ? `${entryOperationLabel(data)}${targetText(data) ? ` · ${targetText(data)}` : ''}` : 'Request'
  return (
    <Drawer
      opened={id !== null}
      onClose={onClose}
      position="right"
      size={600}
      withOverlay={false}
      trapFocus={false}
      lockScroll={false}
      returnFocus={false}
      closeOnEscape={false}
      data-log-drawer
      shadow="xl"
      padding="lg"
      classNames={{ inner: classes.inner, content: classes.content, header: classes.drawerHeader }}
      closeButtonProps={{ 'aria-label': 'Close request details' }}
      title={
        <Stack gap={2}>
          {/* A long userName is one word, which would wrap whole onto the clamped second line and leave the operation
              and an ellipsis; broken anywhere, its start stays on the one line shown. */}
          <Text fw={650} size="md" lineClamp={1} style={{ wordBreak: 'break-all' }} title={title}>
            {title}
          </Text>
          <Group gap={6} c="dimmed">
            <Text size="xs" c="dimmed">
              <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> other requests · <Kbd size="xs">Esc</Kbd> close
            </Text>
          </Group>
        </Stack>
      }
    >
      {entry.isPending ? (
        <Stack gap="md" aria-busy="true" aria-label="Loading request">
          <Skeleton height={22} width="40%" />
          <Skeleton height={14} width="70%" />
          <Skeleton height={120} />
          <Skeleton height={200} />
        </Stack>
      ) : entry.isError ? (
        isApiError(entry.error, 'not_found') ? (
          <Text size="sm" c="dimmed">
            This request is no longer in the log: it was removed by the retention policy in Settings.{' '}
            <Anchor component="button" size="sm" onClick={onClose}>
              Close
            </Anchor>
          </Text>
        ) : (
          <ErrorState title="Could not load this request" error={entry.error} onRetry={() => void entry.refetch()} />
        )
      ) : (
        <Detail
          entry={entry.data}
          tenantName={entry.data.tenantSlug ? tenantName(entry.data.tenantSlug) : null}
          onJump={onJump}
          filterLink={filterLinkFor(entry.data)}
        />
      )}
    </Drawer>
  )
}
