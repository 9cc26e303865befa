/** Server state for the demo (the Okta and Entra simulators) and the conformance self-test. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import type { ConformanceRun, ConformanceSuite, DemoMode, DemoRun } from '../../../../shared/models'
import { call, useApiEvent } from '../../api/client'
import { throttle } from '../../lib/throttle'
import { laterConformanceRun } from './conformance-run'

/** Query keys for demo runs (by run id) and the tenant's current or last conformance self-test (by tenant id). */
export const demoKeys = {
  all: ['demo'] as const,
  run: (runId: string) => [...demoKeys.all, 'run', runId] as const,
  conformance: (tenantId: string) => [...demoKeys.all, 'conformance', tenantId] as const,
  log: (tenantId: string) => [...demoKeys.all, 'log', tenantId] as const
}

/** The most users the console's demo assigns; the main process refuses more. */
export const maxDemoUsers = 100

/** One run, kept current by `demo:progress` pushes rather than polling. */
export function useDemoRun(runId: string | null) {
  return useQuery({
    queryKey: demoKeys.run(runId ?? ''),
    queryFn: () => call('demo:get', { runId: runId ?? '' }),
    enabled: runId !== null,
    staleTime: Infinity
  })
}

/** Writes every `demo:progress` push into the cache, so that each step shows as it happens. */
export function useDemoLiveUpdates(): void {
  const queryClient = useQueryClient()
  useApiEvent('demo:progress', (run: DemoRun) => {
    queryClient.setQueryData(demoKeys.run(run.id), run)
  })
}

/** Starts a simulated Okta or Entra run against the embedded server. */
export function useStartDemo() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { tenant: string; mode: DemoMode; users: number; speed: number; paused: boolean }) => call('demo:start', input),
    onSuccess: (run) => queryClient.setQueryData(demoKeys.run(run.id), run)
  })
}

/** Pause, resume, step or cancel a run. */
export function useControlDemo() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { runId: string; action: 'pause' | 'resume' | 'step' | 'cancel' }) => call('demo:control', input),
    onSuccess: (run) => queryClient.setQueryData(demoKeys.run(run.id), run)
  })
}

/** The tenant's self-test in progress, else its last one (kept in main while the app runs); null when none ran. */
export function useConformanceRun(tenantId: string) {
  const queryClient = useQueryClient()
  return useQuery<ConformanceRun | null>({
    queryKey: demoKeys.conformance(tenantId),
    queryFn: async () => {
      const fetched = await call('demo:conformance-status', { tenant: tenantId })
      return laterConformanceRun(queryClient.getQueryData(demoKeys.conformance(tenantId)), fetched)
    }
  })
}

/** Writes every `demo:conformance-progress` push into the cache, so that each check shows as it finishes. */
export function useConformanceLiveUpdates(): void {
  const queryClient = useQueryClient()
  useApiEvent('demo:conformance-progress', (run: ConformanceRun) => {
    queryClient.setQueryData(demoKeys.conformance(run.tenantId), run)
  })
}

/** Runs Okta's SPEC test against the tenant; its progress arrives as pushes, and its end refreshes the panel. */
export function useRunConformance(tenantId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (suite: ConformanceSuite) => call('demo:conformance', { tenant: tenantId, suite }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: demoKeys.conformance(tenantId) })
  })
}

/** Stops the tenant's running self-test; settles once it has ended and its token is revoked. */
export function useCancelConformance(tenantId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => call('demo:conformance-cancel', { tenant: tenantId }),
    onSuccess: (run) => {
      const key = demoKeys.conformance(tenantId)
      if (run) queryClient.setQueryData(key, laterConformanceRun(queryClient.getQueryData(key), run))
    }
  })
}

/**
 * The tenant's latest requests, beside the narration: `logs:list` with the tenant filter, refetched a few times a
 * second while Okta's requests arrive, so that the log keeps pace with the steps.
 */
export function useTenantLiveLog(tenantId: string, limit = 60) {
  const queryClient = useQueryClient()
  const refresh = useMemo(
    () => throttle(() => void queryClient.invalidateQueries({ queryKey: demoKeys.log(tenantId) }, { cancelRefetch: false }), 250),
    [queryClient, tenantId]
  )
  useEffect(() => refresh.cancel, [refresh])
  useApiEvent('logs:appended', ({ tenantIds }) => {
    if (tenantIds.includes(tenantId)) refresh()
  })
  return useQuery({
    queryKey: demoKeys.log(tenantId),
    queryFn: () => call('logs:list', { tenantId, limit }),
    placeholderData: keepPreviousData
  })
}
