import type { ConformanceRun } from '../../../../shared/models'

/**
 * Of two states of a tenant's self-test, the later: a later start, else the same run further on. A status fetch that
 * was sent before a push arrived must not take the panel back (a run shown running again after its end). On a tie the
 * pushed state wins: it may hold a 429 wait that began after the fetch was sent, and a stale wait is gone with the next
 * check, a few milliseconds after it ends.
 */
export function laterConformanceRun(cached: ConformanceRun | null | undefined, fetched: ConformanceRun | null): ConformanceRun | null {
  if (!cached || !fetched) return fetched ?? cached ?? null
  if (cached.id !== fetched.id) return Date.parse(cached.startedAt) > Date.parse(fetched.startedAt) ? cached : fetched
  if (cached.state !== 'running') return cached
  if (fetched.state !== 'running') return fetched
  return cached.checks.length >= fetched.checks.length ? cached : fetched
}
