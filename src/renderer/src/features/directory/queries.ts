/** Server state for a tenant's directory: users and groups, their details, edits, and live invalidation. */
import { keepPreviousData, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo } from 'react'
import type { DirectoryQuery } from '../../../../shared/ipc'
import type { GroupDraft, UserDraft } from '../../../../shared/models'
import { call, useApiEvent } from '../../api/client'
import { throttle } from '../../lib/throttle'
import { tenantKeys } from '../tenants/queries'

/** The filters of a directory table, without the tenant and paging. */
export type DirectoryFilters = Omit<DirectoryQuery, 'tenant' | 'cursor' | 'limit'>

/** Query keys for the directory, by tenant id, so that one `directory:changed` refreshes one tenant. */
export const directoryKeys = {
  all: ['directory'] as const,
  tenant: (tenantId: string) => [...directoryKeys.all, tenantId] as const,
  users: (tenantId: string, filters: DirectoryFilters) => [...directoryKeys.tenant(tenantId), 'users', filters] as const,
  groups: (tenantId: string, filters: DirectoryFilters) => [...directoryKeys.tenant(tenantId), 'groups', filters] as const,
  details: (tenantId: string) => [...directoryKeys.tenant(tenantId), 'detail'] as const,
  user: (tenantId: string, id: string) => [...directoryKeys.details(tenantId), 'user', id] as const,
  group: (tenantId: string, id: string) => [...directoryKeys.details(tenantId), 'group', id] as const
}

const pageSize = 100

/** A tenant's users, a page at a time as the table scrolls. */
export function useDirectoryUsers(tenantId: string, filters: DirectoryFilters) {
  return useInfiniteQuery({
    queryKey: directoryKeys.users(tenantId, filters),
    queryFn: ({ pageParam }) =>
      call('directory:users', { tenant: tenantId, ...filters, limit: pageSize, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData
  })
}

/** A tenant's groups, a page at a time. */
export function useDirectoryGroups(tenantId: string, filters: DirectoryFilters) {
  return useInfiniteQuery({
    queryKey: directoryKeys.groups(tenantId, filters),
    queryFn: ({ pageParam }) =>
      call('directory:groups', { tenant: tenantId, ...filters, limit: pageSize, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData
  })
}

function userOptionsQuery(tenantId: string, search: string) {
  return queryOptions({
    queryKey: [...directoryKeys.users(tenantId, { search }), 'options'] as const,
    queryFn: () => call('directory:users', { tenant: tenantId, search, limit: 30 })
  })
}

/** A few users matching `search`, for pickers. */
export function useUserOptions(tenantId: string, search: string) {
  return useQuery({ ...userOptionsQuery(tenantId, search), placeholderData: keepPreviousData })
}

/** Asks for the users matching a text now, as `useUserOptions` will show them (one request for both): for a picker's Enter. */
export function useFetchUserOptions(tenantId: string) {
  const client = useQueryClient()
  return useCallback((search: string) => client.fetchQuery(userOptionsQuery(tenantId, search)), [client, tenantId])
}

/** One user with its SCIM JSON, groups and history. */
export function useDirectoryUser(tenantId: string, id: string | null) {
  return useQuery({
    queryKey: directoryKeys.user(tenantId, id ?? ''),
    queryFn: () => call('directory:user', { tenant: tenantId, id: id ?? '' }),
    enabled: id !== null
  })
}

/** One group with its SCIM JSON, members and history. */
export function useDirectoryGroup(tenantId: string, id: string | null) {
  return useQuery({
    queryKey: directoryKeys.group(tenantId, id ?? ''),
    queryFn: () => call('directory:group', { tenant: tenantId, id: id ?? '' }),
    enabled: id !== null
  })
}

function useInvalidateTenantDirectory() {
  const queryClient = useQueryClient()
  return (tenantId: string) => {
    void queryClient.invalidateQueries({ queryKey: directoryKeys.tenant(tenantId) })
    void queryClient.invalidateQueries({ queryKey: tenantKeys.all })
  }
}

/** Creates a user from the console, as if an identity provider had pushed it. */
export function useCreateUser(tenantId: string) {
  const invalidate = useInvalidateTenantDirectory()
  return useMutation({
    mutationFn: (user: UserDraft) => call('directory:create-user', { tenant: tenantId, user }),
    onSuccess: () => invalidate(tenantId)
  })
}

/** Edits a user's profile. */
export function useUpdateUser(tenantId: string) {
  const invalidate = useInvalidateTenantDirectory()
  return useMutation({
    mutationFn: (input: { id: string; user: UserDraft }) => call('directory:update-user', { tenant: tenantId, ...input }),
    onSuccess: () => invalidate(tenantId)
  })
}

/** Deactivates or reactivates a user; undoable, so it asks nothing. */
export function useSetUserActive(tenantId: string) {
  const invalidate = useInvalidateTenantDirectory()
  return useMutation({
    mutationFn: (input: { id: string; active: boolean }) => call('directory:set-user-active', { tenant: tenantId, ...input }),
    onSuccess: () => invalidate(tenantId)
  })
}

/** Deletes a user for good. */
export function useDeleteUser(tenantId: string) {
  const invalidate = useInvalidateTenantDirectory()
  return useMutation({
    mutationFn: (id: string) => call('directory:delete-user', { tenant: tenantId, id }),
    onSuccess: () => invalidate(tenantId)
  })
}

/** Creates a group, with its members. */
export function useCreateGroup(tenantId: string) {
  const invalidate = useInvalidateTenantDirectory()
  return useMutation({
    mutationFn: (group: GroupDraft) => call('directory:create-group', { tenant: tenantId, group }),
    onSuccess: () => invalidate(tenantId)
  })
}

/** Renames a group or changes its members. */
export function useUpdateGroup(tenantId: string) {
  const invalidate = useInvalidateTenantDirectory()
  return useMutation({
    mutationFn: (input: { id: string; group: GroupDraft }) => call('directory:update-group', { tenant: tenantId, ...input }),
    onSuccess: () => invalidate(tenantId)
  })
}

/** Deletes a group (its users stay). */
export function useDeleteGroup(tenantId: string) {
  const invalidate = useInvalidateTenantDirectory()
  return useMutation({
    mutationFn: (id: string) => call('directory:delete-group', { tenant: tenantId, id }),
    onSuccess: () => invalidate(tenantId)
  })
}

/** Collects tenant ids from a burst of events and runs `run` for each, at most once per `waitMs`. */
function batchByTenant(run: (tenantId: string) => void, waitMs: number): { (tenantIds: readonly string[]): void; cancel: () => void } {
  const pending = new Set<string>()
  const flush = throttle(() => {
    for (const tenantId of pending) run(tenantId)
    pending.clear()
  }, waitMs)
  const add = (tenantIds: readonly string[]): void => {
    for (const tenantId of tenantIds) pending.add(tenantId)
    flush()
  }
  add.cancel = flush.cancel
  return add
}

/**
 * Keeps the directory live: a change made over SCIM (or by the CLI) refetches that tenant's tables, at most once a
 * second per burst; new log entries refresh the open detail's history.
 */
export function useDirectoryLiveUpdates(): void {
  const queryClient = useQueryClient()
  const refresh = useMemo(
    () => batchByTenant((tenantId) => void queryClient.invalidateQueries({ queryKey: directoryKeys.tenant(tenantId) }, { cancelRefetch: false }), 1000),
    [queryClient]
  )
  const refreshHistory = useMemo(
    () => batchByTenant((tenantId) => void queryClient.invalidateQueries({ queryKey: directoryKeys.details(tenantId) }, { cancelRefetch: false }), 1000),
    [queryClient]
  )
  useEffect(
    () => () => {
      refresh.cancel()
      refreshHistory.cancel()
    },
    [refresh, refreshHistory]
  )
  useApiEvent('directory:changed', ({ tenantId }) => refresh([tenantId]))
  useApiEvent('logs:appended', ({ tenantIds }) => refreshHistory(tenantIds))
}
