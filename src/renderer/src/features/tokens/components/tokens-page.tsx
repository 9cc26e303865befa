import { Button, EmptyState, Paper, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconKey, IconPlus } from '@tabler/icons-react'
import { useMemo, useRef, useState } from 'react'
import type { TenantSummary, Token } from '../../../../../shared/models'
import { PageHeader } from '../../../components/page-header'
import { RelativeTime } from '../../../components/relative-time'
import { ErrorState, TableSkeletonRows } from '../../../components/states'
import cardClasses from '../../../components/table-card.module.css'
import { formatDate, formatDateTime, formatRelative, formatTokenPrefix, plural } from '../../../lib/format'
import { useNow } from '../../../lib/use-now'
import { providerWords, useSetupProvider } from '../../setup/setup-provider'
import { useCurrentTenant } from '../../tenants/components/tenant-layout'
import { useTokens } from '../queries'
import { IssueTokenModal } from './issue-token-modal'
import { RevokeTokenModal } from './revoke-token-modal'
import classes from './tokens-page.module.css'
import { TokenStatusBadge } from './token-status-badge'
import { useLiveSearchParams } from '../../../lib/live-search-params'

const statusOrder: Readonly<Record<Token['status'], number>> = { active: 0, expired: 1, revoked: 2 }

/** Active tokens first, newest first within each status. */
function byStatusThenNewest(a: Token, b: Token): number {
  return statusOrder[a.status] - statusOrder[b.status] || Date.parse(b.createdAt) - Date.parse(a.createdAt)
}

const columnCount = 7

/** `#/tenants/:slug/tokens`: the API tokens Okta (or Entra) authenticates with. */
export function TokensPage() {
  const tenant = useCurrentTenant()
  // The route keeps this page mounted when it moves to another tenant's tokens (the switcher, the tray). A token picked
  // for revoking, or a secret just issued, belongs to the tenant it came from: each tenant gets the screen afresh.
  return <TenantTokens key={tenant.id} tenant={tenant} />
}

function TenantTokens({ tenant }: { tenant: TenantSummary }) {
  const tokens = useTokens(tenant.id)
  const [provider, , known] = useSetupProvider(tenant)
  const words = providerWords[provider]
  const [params, setParams] = useLiveSearchParams()
  const issuing = params.get('issue') === '1'
  const [revoking, setRevoking] = useState<Token | null>(null)
  // A revoked token's Revoke button is gone, so its dialog cannot give focus back to it: Issue API token, the next step
  // of a rotation, takes it instead of nobody.
  const [returnFocus, setReturnFocus] = useState(true)
  const issueRef = useRef<HTMLButtonElement>(null)
  const sorted = useMemo(() => [...(tokens.data ?? [])].sort(byStatusThenNewest), [tokens.data])
  const activeCount = sorted.filter((token) => token.status === 'active').length

  const setIssuing = (open: boolean): void => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (open) next.set('issue', '1')
        else next.delete('issue')
        return next
      },
      { replace: true }
    )
  }

  const issueButton = (
    <Button ref={issueRef} leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setIssuing(true)}>
      Issue API token
    </Button>
  )

  return (
    <Stack gap="md">
      <PageHeader
        title="API tokens"
        description={
          tokens.isSuccess && sorted.length > 0
            ? `${plural(activeCount, 'active token')} for ${tenant.name}. ${words.client} sends one with every SCIM request.`
            : `${words.client} sends one of these with every SCIM request to ${tenant.name}.`
        }
        actions={issueButton}
      />
      {tokens.isError ? (
        <ErrorState title="Could not load API tokens" error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : (
        <Paper withBorder radius="md" className={cardClasses.card}>
          <div style={{ overflowX: 'auto' }}>
            <Table aria-label="API tokens" aria-busy={tokens.isPending} className={classes.table}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Label</Table.Th>
                  <Table.Th className={classes.fit}>Prefix</Table.Th>
                  {/* The least read column gives way first when the window is narrow, so that the label keeps room. */}
                  <Table.Th className={classes.fit} visibleFrom="lg">
                    Created
                  </Table.Th>
                  <Table.Th className={classes.fit}>Expires</Table.Th>
                  <Table.Th className={classes.fit}>Last used</Table.Th>
                  <Table.Th className={classes.fit}>Status</Table.Th>
                  <Table.Th className={classes.fit}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.isPending ? (
                  <TableSkeletonRows columns={columnCount} rows={3} />
                ) : sorted.length === 0 ? (
                  <Table.Tr>
                    <Table.Td colSpan={columnCount} p={0}>
                      <EmptyState
                        py={48}
                        icon={<IconKey size={24} aria-hidden />}
                        variant="light"
                        title="Issue the first API token"
                        description={`${words.client} cannot connect without one. Issue a token, then paste it into ${words.tokenField}.`}
                      >
                        <EmptyState.Actions>{issueButton}</EmptyState.Actions>
                      </EmptyState>
                    </Table.Td>
                  </Table.Tr>
                ) : (
                  sorted.map((token) => (
                    <Table.Tr key={token.id} data-status={token.status}>
                      <Table.Td className={classes.label}>
                        {/* Up to 80 characters: two lines, then the rest on hover. */}
                        <Text size="sm" fw={600} lineClamp={2} title={token.label || undefined}>
                          {token.label || (
                            <Text span inherit c="dimmed" fw={400} fs="italic">
                              No label
                            </Text>
                          )}
                        </Text>
                      </Table.Td>
                      <Table.Td className={classes.fit}>
                        <Text size="sm" className="mono">
                          {formatTokenPrefix(token.prefix)}
                        </Text>
                      </Table.Td>
                      <Table.Td className={classes.fit} visibleFrom="lg">
                        <Tooltip label={formatDateTime(token.createdAt)}>
                          <Text span size="sm">
                            {formatDate(token.createdAt)}
                          </Text>
                        </Tooltip>
                      </Table.Td>
                      <Table.Td className={classes.fit}>
                        <Expiry token={token} />
                      </Table.Td>
                      <Table.Td className={classes.fit}>
                        <RelativeTime value={token.lastUsedAt} />
                      </Table.Td>
                      <Table.Td className={classes.fit}>
                        {token.status === 'revoked' && token.revokedAt ? (
                          <Tooltip label={`Revoked ${formatDateTime(token.revokedAt)}`}>
                            <span>
                              <TokenStatusBadge status={token.status} />
                            </span>
                          </Tooltip>
                        ) : (
                          <TokenStatusBadge status={token.status} />
                        )}
                      </Table.Td>
                      <Table.Td className={classes.fit} ta="right">
                        {token.status === 'active' ? (
                          <Button
                            size="compact-sm"
                            variant="default"
                            onClick={() => {
                              setReturnFocus(true)
                              setRevoking(token)
                            }}
                            // Two tokens may share a label (a rotation): the prefix tells their buttons apart.
                            aria-label={token.label ? `Revoke ${token.label} (${formatTokenPrefix(token.prefix)})` : `Revoke ${formatTokenPrefix(token.prefix)}`}
                          >
                            Revoke
                          </Button>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))
                )}
              </Table.Tbody>
            </Table>
          </div>
        </Paper>
      )}
      <IssueTokenModal tenant={tenant} provider={known ? provider : undefined} opened={issuing} onClose={() => setIssuing(false)} />
      <RevokeTokenModal
        tenant={tenant}
        token={revoking}
        tokens={sorted}
        returnFocus={returnFocus}
        onClose={() => setRevoking(null)}
        onRevoked={(token) => {
          setReturnFocus(false)
          setRevoking(null)
          issueRef.current?.focus()
          notifications.show({
            color: 'red',
            title: 'API token revoked',
            closeButtonProps: { 'aria-label': 'Dismiss notification' },
            message: `${token.label || formatTokenPrefix(token.prefix)} no longer works. ${words.client}'s next call with it gets 401 Unauthorized.`
          })
        }}
      />
    </Stack>
  )
}

const expirySoonMs = 14 * 86_400_000

/** The expiry date; within two weeks, how soon too, in words as well as in orange (WCAG 1.4.1). */
function Expiry({ token }: { token: Token }) {
  const now = useNow(60_000)
  if (!token.expiresAt) {
    return (
      <Text span size="sm" c="dimmed">
        Never
      </Text>
    )
  }
  const soon = token.status === 'active' && Date.parse(token.expiresAt) - now < expirySoonMs
  if (!soon) {
    return (
      <Tooltip label={formatDateTime(token.expiresAt)}>
        <Text span size="sm">
          {formatDate(token.expiresAt)}
        </Text>
      </Tooltip>
    )
  }
  // How soon goes on a line of its own, under the date: beside it, the column grew by half and pushed Revoke out of
  // the smallest window.
  return (
    <Tooltip label={formatDateTime(token.expiresAt)}>
      <Text size="sm" c="orange" lh={1.3}>
        {formatDate(token.expiresAt)}
        {/* Read, and copied, as one phrase: "11 Dec 2026 · in 10 d". */}
        <VisuallyHidden> · </VisuallyHidden>
        <br />
        <Text span size="xs" inherit={false} c="orange" fw={600}>
          {formatRelative(token.expiresAt, now)}
        </Text>
      </Text>
    </Tooltip>
  )
}
