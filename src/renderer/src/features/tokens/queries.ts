/** Server state for a tenant's API tokens. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import { call, useApiEvent } from '../../api/client'
import { throttle } from '../../lib/throttle'
import { tenantKeys } from '../tenants/queries'

/** Query keys for tokens, by tenant id. */
export const tokenKeys = {
  all: ['tokens'] as const,
  lists: () => [...tokenKeys.all, 'list'] as const,
  list: (tenantId: string) => [...tokenKeys.lists(), tenantId] as const
}

/** A tenant's tokens, without secrets. */
export function useTokens(tenantId: string | undefined) {
  return useQuery({
    queryKey: tokenKeys.list(tenantId ?? ''),
    queryFn: () => call('tokens:list', { tenant: tenantId ?? '' }),
    enabled: Boolean(tenantId)
  })
}

/** Issues a token; the answer holds the secret, the only time it exists here. */
export function useIssueToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { tenant: string; label?: string; expiresInDays?: number }) => call('tokens:issue', input),
    // The answer holds the secret. A finished mutation is kept in the cache for minutes after its form is gone; this
    // one is dropped at once, so that the dialog that shows the secret is the only thing that holds it.
    gcTime: 0,
    onSuccess: (issued) => {
      void queryClient.invalidateQueries({ queryKey: tokenKeys.list(issued.tenantId) })
      void queryClient.invalidateQueries({ queryKey: tenantKeys.all })
    }
  })
}

/**
 * Tells main that the token just issued was copied, so that its clipboard deadline counts from the copy (a copy made
 * minutes after the issue would otherwise outlive it). Fire and forget: it carries no secret, and a failure only
 * leaves the clearing to the quit.
 */
export function notifyTokenCopied(): void {
  call('tokens:copied', {}).catch(() => undefined)
}

/** Revokes a token of the tenant on screen (main refuses another tenant's); Okta's next call with it gets 401. */
export function useRevokeToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { tenant: string; tokenId: string }) => call('tokens:revoke', input),
    // A refusal refreshes too: "already revoked" (by the CLI, which tells the window nothing) means the list is behind.
    onSettled: (_revoked, _error, input) => {
      void queryClient.invalidateQueries({ queryKey: tokenKeys.list(input.tenant) })
      void queryClient.invalidateQueries({ queryKey: tenantKeys.all })
    }
  })
}

/** Refreshes "last used" when requests arrive, and lists after tenant changes made elsewhere (the CLI). */
export function useTokenLiveUpdates(): void {
  const queryClient = useQueryClient()
  const refresh = useMemo(
    () => throttle(() => void queryClient.invalidateQueries({ queryKey: tokenKeys.all }, { cancelRefetch: false }), 1000),
    [queryClient]
  )
  useEffect(() => refresh.cancel, [refresh])
  useApiEvent('logs:appended', refresh)
  useApiEvent('tenants:changed', refresh)
}
