import { statSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { dirname } from 'node:path'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { DataInfo } from '../../shared/models'
import type { Services } from './services'

/** The most rows deleted in one transaction. */
export const pruneChunkRows = 2000

interface ChunkSizes {
  readonly first: number
  readonly min: number
  readonly max: number
}

const rowChunks: ChunkSizes = { first: 100, min: 50, max: pruneChunkRows }
/** Free pages given back to the disk at a time: about 20 µs each, 4 KB each. */
const pageChunks: ChunkSizes = { first: 200, min: 50, max: 5000 }

/**
 * How long one chunk may hold the event loop and the write lock. A row takes a fraction of a millisecond to delete
 * with its index entries and its search postings, and that fraction varies tenfold with the disk and the load, so
 * the chunk size follows the time each chunk took rather than being fixed.
 */
export const pruneChunkBudgetMs = 15
/** How often retention runs after the first run at start. */
export const pruneIntervalMs = 10 * 60_000
const dayMs = 86_400_000

/** The background pruning of the provisioning log. */
export interface Retention {
  /** Stops the timers; a run in progress stops after its current chunk. `runNow` still prunes when asked. */
  stop(): void
  /** Prunes now (or joins the run in progress) and answers how many rows went. */
  runNow(): Promise<{ readonly deleted: number }>
}

/**
 * Keeps the last N days or the last N rows of the log, whichever keeps less (settings.retention). Runs at
 * start, every ten minutes on unref'd timers, and when the limits change, deleting in chunks of about
 * `pruneChunkBudgetMs` (at most `pruneChunkRows` rows) with a turn of the event loop between chunks, so the SCIM
 * server in the same process keeps answering while a large backlog goes. Each chunk is one of the SCIM server's
 * group-committed writes (`services.writes`): while the log writer thread commits a batch, a delete on this connection
 * would sleep on SQLite's lock and stop the server with it; through the write gate it waits without blocking. A run
 * that deleted rows then gives their pages back to the disk, in chunks the same way, and says so (`logs:pruned`), so
 * that screens showing the log's size read it again.
 */
export function startRetention(services: Pick<Services, 'log' | 'settings' | 'now' | 'events' | 'writes'>): Retention {
  let stopped = false
  let running: { readonly done: Promise<{ deleted: number }>; cancelled: boolean } | null = null

  async function prune(run: { cancelled: boolean }): Promise<{ deleted: number }> {
    const { days, rows } = services.settings.get().retention
    // Both limits are fixed at the start of the run: rows written meanwhile are new, and never pruned by it.
    const policy = { maxId: services.log.rowBudgetBoundary(rows), beforeAt: services.now() - days * dayMs }
    const deleted = await inChunks(run, rowChunks, (size) => services.log.prune(policy, size))
    if (deleted === 0) return { deleted }
    // The file keeps the deleted rows' pages for new ones unless they are given back: a shorter retention is how
    // Settings and the full-disk diagnosis tell a user to make room on the disk.
    await inChunks(run, pageChunks, (size) => services.log.releaseFreePages(size))
    services.events.emit('logs:pruned', { deleted })
    return { deleted }
  }

  /**
   * Runs `step` as one of the group-committed writes after another until it does nothing or the run is cancelled,
   * with a turn of the event loop between them, and answers the sum of what the steps did.
   */
  async function inChunks(run: { cancelled: boolean }, sizes: ChunkSizes, step: (size: number) => number): Promise<number> {
    let done = 0
    let size = sizes.first
    while (!run.cancelled) {
      let started = performance.now()
      const chunk = await services.writes.write(() => {
        // Timed from the step to its commit, which this continuation follows at once: the wait for the gate before
        // it holds neither the event loop nor the lock.
        started = performance.now()
        return step(size)
      })
      const elapsed = Math.max(performance.now() - started, 0.1)
      done += chunk
      if (chunk === 0) break
      size = Math.round(Math.min(sizes.max, Math.max(sizes.min, (size * pruneChunkBudgetMs) / elapsed)))
      await yieldToEventLoop()
    }
    return done
  }

  function runNow(): Promise<{ deleted: number }> {
    if (running) return running.done
    const run = { cancelled: false }
    const done = prune(run).finally(() => {
      running = null
    })
    running = Object.assign(run, { done })
    return done
  }

  function runQuietly(): void {
    if (stopped) return
    runNow().catch((error: unknown) => {
      // A closed database means the app is shutting down; anything else is worth a line in the log.
      if (!stopped) console.error('Could not prune the provisioning log:', error)
    })
  }

  const first = setTimeout(runQuietly, 0)
  first.unref()
  const every = setInterval(runQuietly, pruneIntervalMs)
  every.unref()
  // Lowered limits apply at once, as the Settings page says, not at the next run. A run in progress keeps the limits
  // it started with, so another one follows it.
  let limits = services.settings.get().retention
  const unsubscribe = services.events.on('settings:changed', ({ retention }) => {
    if (retention.days === limits.days && retention.rows === limits.rows) return
    limits = retention
    if (running) void running.done.then(runQuietly, runQuietly)
    else runQuietly()
  })

  return {
    stop() {
      stopped = true
      if (running) running.cancelled = true
      clearTimeout(first)
      clearInterval(every)
      unsubscribe()
    },
    runNow
  }
}

/** The size of a file in bytes, 0 when it does not exist (no WAL between checkpoints, or an in-memory database). */
function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/** Facts about the data folder for the Settings page: database size (WAL included, and apart), log rows, oldest entry. */
export function dataInfo(services: Pick<Services, 'dbPath' | 'log'>): DataInfo {
  const stats = services.log.storage()
  const inMemory = services.dbPath === ':memory:'
  const walBytes = inMemory ? 0 : fileSize(`${services.dbPath}-wal`)
  return {
    databasePath: services.dbPath,
    dataFolder: inMemory ? '' : dirname(services.dbPath),
    databaseBytes: stats.pageCount * stats.pageSize + walBytes,
    walBytes,
    logRows: stats.logRows,
    oldestLogAt: stats.oldestAt === null ? null : new Date(stats.oldestAt).toISOString()
  }
}
