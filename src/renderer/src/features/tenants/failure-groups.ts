import type { LogEntrySummary } from '../../../../shared/models'
import { targetText } from '../logs/log-format'

/** Failures alike (same status, operation and diagnosis), newest first: what the overview lists once, with a count. */
export interface FailureGroup {
  /** The newest failure of the group: its row links to it. */
  readonly latest: LogEntrySummary
  readonly count: number
  /** How many other users or groups failed alike, besides the latest's. */
  readonly otherTargets: number
}

// A diagnosis, and an error detail, name in quotes the user, group or token they are about ('A deactivated user already
// has the userName "ann@acme.com"'): failures alike differ only there, and the group's row names its users itself.
const quoted = /"[^"]*"/g

function sameFailure(entry: LogEntrySummary): string {
  const reason = (entry.diagnosis?.title ?? entry.errorDetail ?? '').replace(quoted, '""')
  return [entry.status, entry.operation, entry.injected, reason].join('\u0000')
}

/**
 * Folds failures (newest first) into groups of alike ones, newest group first, at most `max` groups. A throttled
 * import is forty identical rows otherwise, and the other failures fall off the card.
 */
export function groupFailures(entries: readonly LogEntrySummary[], max: number): FailureGroup[] {
  const groups = new Map<string, { latest: LogEntrySummary; count: number; targets: Set<string> }>()
  for (const entry of entries) {
    const key = sameFailure(entry)
    const target = targetText(entry)
    const group = groups.get(key)
    if (group) {
      group.count += 1
      if (target !== null) group.targets.add(target)
    } else {
      if (groups.size === max) continue
      groups.set(key, { latest: entry, count: 1, targets: new Set(target === null ? [] : [target]) })
    }
  }
  return [...groups.values()].map(({ latest, count, targets }) => ({
    latest,
    count,
    otherTargets: Math.max(0, targets.size - (targetText(latest) === null ? 0 : 1))
  }))
}
