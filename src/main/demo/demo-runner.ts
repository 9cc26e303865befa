import { randomUUID } from 'node:crypto'
import {
  maxOnDemandGroupMembers,
  provisionsOnDemand,
  type ConformanceCheck,
  type ConformanceReport,
  type ConformanceRun,
  type ConformanceSuite,
  type DemoMode,
  type DemoRun,
  type Tenant
} from '../../shared/models'
import { fail, ok, type Result } from '../../shared/result'
import type { EventBus } from '../core/events'
import { injectedNote } from '../core/faults'
import type { TenantService } from '../core/tenants'
import type { TokenService } from '../core/tokens'
import { runConformance } from './conformance'
import { runEntraChecks } from './entra-checks'
import { startEntraSimulation } from './entra-simulator'
import { startOktaSimulation } from './okta-simulator'
import type { DemoAction, Simulation, SimulatorOptions, StopReason } from './simulation'

/** The label of the token a simulated Okta run issues itself. */
export const simulatorTokenLabel = 'Okta simulator'
/** The label of the token a simulated Entra run issues itself. */
export const entraSimulatorTokenLabel = 'Entra simulator'

/** True for the modes that play Microsoft Entra ID: its cycles, with or without the Tenant URL's flag, or on demand. */
export function playsEntra(mode: DemoMode): boolean {
  return mode === 'entra' || mode === 'entra-legacy' || provisionsOnDemand(mode)
}

/** The label of the token a run of `mode` issues itself. */
export function simulatorTokenLabelOf(mode: DemoMode): string {
  return playsEntra(mode) ? entraSimulatorTokenLabel : simulatorTokenLabel
}
/** The label of the token a conformance run issues itself, by suite. */
export const conformanceTokenLabels: Readonly<Record<ConformanceSuite, string>> = { okta: 'Okta SPEC test', entra: 'Entra SCIM checks' }
/** The most users a run assigns; each one is a few steps in every progress event. */
export const maxDemoUsers = 500
// Finished runs are kept this long in memory, for `demo:get` after the fact.
const keptRuns = 20

/** What a run of each mode plays, as a sentence names it: "the Okta catalog app (PATCH)". */
const modeWords: Readonly<Record<DemoMode, string>> = {
  catalog: 'the Okta catalog app (PATCH)',
  wizard: 'the Okta wizard app (PUT)',
  entra: "Microsoft Entra ID's provisioning cycles",
  'entra-legacy': "Microsoft Entra ID's provisioning cycles without the flag",
  'entra-on-demand': "Entra's Provision on demand of a user",
  'entra-on-demand-group': "Entra's Provision on demand of a group"
}

/** What a run needs to be started. */
export interface DemoStartInput {
  readonly tenant: string
  readonly mode: DemoMode
  readonly users: number
  readonly speed?: number
  readonly paused?: boolean
  /** The SCIM server's origin, e.g. http://127.0.0.1:8787 */
  readonly origin: string
}

/** Simulated Okta and Entra runs by id, each with a token of its own that is revoked when the run ends. */
export interface DemoRunner {
  start(input: DemoStartInput): Result<DemoRun>
  control(runId: string, action: DemoAction): Result<DemoRun>
  get(runId: string): Result<DemoRun>
  /** Settles when the run has ended and its token is revoked. */
  finished(runId: string): Promise<Result<DemoRun>>
  /**
   * Runs a conformance self-test (Okta's SPEC test unless `suite` says otherwise) with a token of its own, revoked at
   * the end; `signal` (or `cancelConformance`) stops it where it is. One at a time per tenant: a second start while one
   * runs is refused with `conflict`.
   */
  conformance(input: {
    readonly tenant: string
    readonly origin: string
    readonly suite?: ConformanceSuite
    readonly onCheck?: (check: ConformanceCheck) => void
    readonly signal?: AbortSignal
  }): Promise<Result<ConformanceReport>>
  /**
   * Stops the tenant's running self-test and settles once it has ended and its token is revoked, with the ended run;
   * null when none was running.
   */
  cancelConformance(tenant: string): Promise<Result<ConformanceRun | null>>
  /** The tenant's self-test in progress, else its last one since the runner started; null when it has run none. */
  conformanceRun(tenant: string): Result<ConformanceRun | null>
  /** Cancels every run and self-test, and waits until their tokens are revoked. */
  close(): Promise<void>
}

/**
 * Creates the runner. Progress goes out on the event bus after every change: `demo:progress` for a simulated run,
 * `demo:conformance-progress` for a SPEC test.
 * `simulator` passes test hooks (fetch, sleep, pace) through to every run.
 */
export function createDemoRunner(deps: {
  tenants: Pick<TenantService, 'find'>
  tokens: Pick<TokenService, 'issue' | 'revoke' | 'get'>
  events: EventBus
  now: () => number
  simulator?: Pick<SimulatorOptions, 'fetch' | 'sleep' | 'paceMs'>
}): DemoRunner {
  const { tenants, tokens, events, now } = deps
  const runs = new Map<string, { simulation: Simulation; settled: Promise<DemoRun> }>()
  // SPEC tests in progress, by tenant id: cancel and close() stop them, so that none outlives the runner with a live token.
  const specTests = new Map<string, { controller: AbortController; settled: Promise<unknown> }>()
  // Each tenant's SPEC test in progress, else its last one, as the console shows it.
  const specRuns = new Map<string, ConformanceRun>()

  /** The demo run of `tenantId` that has not ended, if any. */
  function playingDemo(tenantId: string): DemoRun | undefined {
    return [...runs.values()].map((run) => run.simulation.snapshot()).find((run) => run.tenantId === tenantId && run.finishedAt === null)
  }

  /** What a run plays, as a sentence names it: "the Okta wizard app (PUT), paused". */
  function demoWords(run: DemoRun): string {
    return `${modeWords[run.mode]}${run.state === 'paused' ? ', paused' : ''}`
  }

  function findTenant(tenant: string): Result<Tenant> {
    const found = tenants.find(tenant)
    return found ? ok(found) : fail('not_found', `No tenant has the id or slug "${tenant}".`, { tenant })
  }

  function originProblem(origin: string): string | null {
    try {
      const url = new URL(origin)
      return url.protocol === 'http:' || url.protocol === 'https:' ? null : `"${origin}" is not an http(s) origin.`
    } catch {
      return `"${origin}" is not a URL.`
    }
  }

  // Revoked when the run ends; if the process dies first, the one-day expiry still retires it.
  function issueToken(tenant: Tenant, label: string): Result<{ id: string; token: string }> {
    const issued = tokens.issue({ tenant: tenant.id, label, expiresInDays: 1 })
    return issued.ok ? ok({ id: issued.value.id, token: issued.value.token }) : (issued as Result<never>)
  }

  /**
   * Why a run can no longer succeed, asked after each failed request: its tenant deleted, or its token revoked or expired
   * (by an admin, mid-run). Null while both still stand, so that a run goes on after a one-off failure (an injected
   * fault), as Okta and Entra do.
   */
  function stopReason(tenant: Tenant, tokenId: string, label: string, client: string): StopReason | null {
    if (!tenants.find(tenant.id)) {
      return { reason: `The tenant "${tenant.name}" was deleted during the run, so its base URL ${tenant.scimPath} now answers 401 to everything, as it answers any slug no tenant has.`, tenantGone: true }
    }
    const token = tokens.get(tokenId)
    if (!token) return { reason: `The "${label}" token was deleted during the run, so every later request would get 401.` }
    if (token.status === 'revoked') {
      return { reason: `The "${label}" token was revoked during the run, so every later request would get 401, as ${client}'s do once its token is revoked. A new run issues a new token.` }
    }
    if (token.status === 'expired') return { reason: `The "${label}" token expired during the run, so every later request would get 401. A new run issues a new token.` }
    return null
  }

  /**
   * Why the server at `origin` answered 401 to a run's token that is still valid here: it does not read this database
   * (another SCIM Console, started on another database file, or another server on that port), so nothing it is sent can
   * pass. Null when the token is revoked, expired or gone (`stopReason` says so), or the 401 was injected for training.
   */
  function tokenRefused(tenant: Tenant, tokenId: string, label: string, client: string, origin: string, detail: string): string | null {
    if (detail.includes(injectedNote) || stopReason(tenant, tokenId, label, client) !== null) return null
    return (
      `The "${label}" token is valid in the database this run issued it from, so the server at ${origin} does not accept tokens of that database: ` +
      'it is another SCIM Console (started on another database file) or another server on that port, or a proxy in between drops the Authorization header. ' +
      'Run the demo against the SCIM server that uses this database, or run it on that server\'s database.'
    )
  }

  function revoke(tokenId: string): void {
    // Already revoked (by an admin, mid-run) is fine: the point is that it no longer works. A database that cannot
    // take the write (closed as the app quits) must not turn the end of a run into an unhandled rejection: the
    // token's one-day expiry retires it anyway.
    try {
      tokens.revoke(tokenId)
    } catch (error) {
      console.error(`The demo could not revoke its token ${tokenId} (${error instanceof Error ? error.message : String(error)}); it expires within a day.`)
    }
  }

  function prune(): void {
    const ended = [...runs.entries()].filter(([, run]) => run.simulation.snapshot().finishedAt !== null)
    for (const [id] of ended.slice(0, Math.max(0, ended.length - keptRuns))) runs.delete(id)
  }

  function find(runId: string): Result<{ simulation: Simulation; settled: Promise<DemoRun> }> {
    const run = runs.get(runId)
    return run ? ok(run) : fail('not_found', `No demo run has the id "${runId}"; it may have ended long ago.`, { runId })
  }

  return {
    start(input) {
      const tenant = findTenant(input.tenant)
      if (!tenant.ok) return tenant as Result<never>
      if (!Number.isInteger(input.users) || input.users < 1 || input.users > maxDemoUsers) {
        return fail('invalid_argument', `The demo assigns from 1 to ${maxDemoUsers} users.`, { field: 'users' })
      }
      if (input.mode === 'entra-on-demand-group' && input.users > maxOnDemandGroupMembers) {
        return fail('invalid_argument', `Provision on demand takes a group with up to ${maxOnDemandGroupMembers} members.`, { field: 'users' })
      }
      if (input.speed !== undefined && !(input.speed > 0 && input.speed <= 1_000_000)) {
        return fail('invalid_argument', 'The speed is a factor above 0 (1 is real time, 10 ten times faster).', { field: 'speed' })
      }
      const problem = originProblem(input.origin)
      if (problem) return fail('invalid_argument', problem, { field: 'origin' })
      // Two runs on one tenant would find and link each other's users and group, interleave their log lines, and one
      // run's deactivations and member removals would break the other's next steps.
      const playing = playingDemo(tenant.value.id)
      if (playing) {
        return fail(
          'conflict',
          `A demo is already running against ${tenant.value.name}: ${demoWords(playing)}. ` +
            'Two at once would mix their users, groups and log lines. Let it finish, or cancel it, then start the next one.',
          { tenant: tenant.value.id, runId: playing.id }
        )
      }
      // A self-test's checks read the users and groups it made, which a demo's run would change under them.
      if (specTests.has(tenant.value.id)) {
        return fail(
          'conflict',
          `A conformance self-test is running against ${tenant.value.name}. A demo beside it would mix their users, groups and log lines, ` +
            'and could fail its checks. Let it finish, or cancel it, then start the demo.',
          { tenant: tenant.value.id }
        )
      }
      const entra = playsEntra(input.mode)
      const label = simulatorTokenLabelOf(input.mode)
      const token = issueToken(tenant.value, label)
      if (!token.ok) return token as Result<never>
      const simulation = (entra ? startEntraSimulation : startOktaSimulation)({
        ...deps.simulator,
        tenantId: tenant.value.id,
        baseUrl: `${input.origin.replace(/\/+$/, '')}${tenant.value.scimPath}`,
        token: token.value.token,
        mode: input.mode,
        // Provision on demand provisions one user, whatever the form said.
        users: input.mode === 'entra-on-demand' ? 1 : input.users,
        speed: input.speed,
        paused: input.paused,
        now,
        stopReason: () => stopReason(tenant.value, token.value.id, label, entra ? 'Entra' : 'Okta'),
        tokenRefused: (detail) => tokenRefused(tenant.value, token.value.id, label, entra ? 'Entra' : 'Okta', new URL(input.origin).origin, detail),
        onProgress: (run) => events.emit('demo:progress', run)
      })
      const settled = simulation.done.finally(() => revoke(token.value.id))
      runs.set(simulation.id, { simulation, settled })
      prune()
      return ok(simulation.snapshot())
    },

    control(runId, action) {
      const run = find(runId)
      return run.ok ? run.value.simulation.control(action) : (run as Result<never>)
    },

    get(runId) {
      const run = find(runId)
      return run.ok ? ok(run.value.simulation.snapshot()) : (run as Result<never>)
    },

    async finished(runId) {
      const run = find(runId)
      return run.ok ? ok(await run.value.settled) : (run as Result<never>)
    },

    async conformance(input) {
      const tenant = findTenant(input.tenant)
      if (!tenant.ok) return tenant as Result<never>
      const problem = originProblem(input.origin)
      if (problem) return fail('invalid_argument', problem, { field: 'origin' })
      const tenantId = tenant.value.id
      // Two at once would share the tenant's rate limit and each other's users, and read as one garbled checklist.
      if (specTests.has(tenantId)) {
        return fail(
          'conflict',
          `A conformance self-test is already running against ${tenant.value.name}. Wait for it to finish, or cancel it, then run it again.`,
          { tenant: tenantId }
        )
      }
      const playing = playingDemo(tenantId)
      if (playing) {
        return fail(
          'conflict',
          `A demo is running against ${tenant.value.name}: ${demoWords(playing)}. A self-test beside it would mix their users, groups and ` +
            'log lines, and its checks could fail for what the demo changes. Let the demo finish, or cancel it, then run the self-test.',
          { tenant: tenantId, runId: playing.id }
        )
      }
      const suite = input.suite ?? 'okta'
      const token = issueToken(tenant.value, conformanceTokenLabels[suite])
      if (!token.ok) return token as Result<never>
      // Okta's test checks a refused token's 401: one revoked before it is sent (SelfTestOptions.refusedToken).
      const refused = suite === 'okta' ? issueToken(tenant.value, `${conformanceTokenLabels[suite]} (refused on purpose)`) : null
      if (refused && !refused.ok) {
        revoke(token.value.id)
        return refused as Result<never>
      }
      if (refused) revoke(refused.value.id)
      // Sent only once it is refused indeed: a token the database could not revoke would be let in.
      const refusedToken = refused && tokens.get(refused.value.id)?.status === 'revoked' ? refused.value.token : undefined
      const controller = new AbortController()
      const signal = input.signal ? AbortSignal.any([input.signal, controller.signal]) : controller.signal
      let run: ConformanceRun = {
        id: randomUUID(),
        tenantId,
        suite,
        state: 'running',
        startedAt: new Date(now()).toISOString(),
        finishedAt: null,
        checks: [],
        wait: null,
        error: null
      }
      const publish = (next: ConformanceRun): void => {
        run = next
        specRuns.set(tenantId, run)
        events.emit('demo:conformance-progress', run)
      }
      publish(run)
      // Settles once the token is revoked and the last state is out, which is what cancel and close() wait for.
      const ended = (async () => {
        try {
          const report = await (suite === 'entra' ? runEntraChecks : runConformance)({
            tenantId,
            baseUrl: `${input.origin.replace(/\/+$/, '')}${tenant.value.scimPath}`,
            token: token.value.token,
            ...(refusedToken === undefined ? {} : { refusedToken }),
            fetch: deps.simulator?.fetch,
            sleep: deps.simulator?.sleep,
            now,
            signal,
            onCheck: (check) => {
              publish({ ...run, checks: [...run.checks, check], wait: null })
              input.onCheck?.(check)
            },
            onWait: (wait) => publish({ ...run, wait })
          }).finally(() => revoke(token.value.id))
          publish({ ...run, state: report.cancelled ? 'cancelled' : 'finished', finishedAt: report.finishedAt, checks: report.checks, wait: null })
          return report
        } catch (error) {
          // A bug, which the IPC layer reports (with its text, which the renderer never sees); the console must still
          // see that the run has stopped.
          publish({
            ...run,
            state: 'failed',
            finishedAt: new Date(now()).toISOString(),
            wait: null,
            error: 'The self-test stopped on an unexpected error in SCIM Console. The details are in its log; run it again.'
          })
          throw error
        }
      })()
      specTests.set(tenantId, { controller, settled: ended.catch(() => undefined) })
      try {
        return ok(await ended)
      } finally {
        specTests.delete(tenantId)
      }
    },

    async cancelConformance(ref) {
      const tenant = findTenant(ref)
      if (!tenant.ok) return tenant as Result<never>
      const test = specTests.get(tenant.value.id)
      if (!test) return ok(null)
      test.controller.abort()
      await test.settled
      return ok(specRuns.get(tenant.value.id) ?? null)
    },

    conformanceRun(ref) {
      const tenant = findTenant(ref)
      return tenant.ok ? ok(specRuns.get(tenant.value.id) ?? null) : (tenant as Result<never>)
    },

    async close() {
      for (const { simulation } of runs.values()) {
        if (simulation.snapshot().finishedAt === null) simulation.control('cancel')
      }
      for (const test of specTests.values()) test.controller.abort()
      await Promise.all([...runs.values()].map((run) => run.settled))
      await Promise.all([...specTests.values()].map((test) => test.settled))
    }
  }
}
