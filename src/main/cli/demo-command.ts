import { quoted } from '../../shared/quoted'
import { maxOnDemandGroupMembers, type ConformanceCheck, type ConformanceSuite, type DemoMode, type DemoRun, type DemoStep } from '../../shared/models'
import { plural } from '../../shared/plural'
import { conformancePassed } from '../demo/self-test'
import { demoGroupName } from '../demo/simulation'
import { createDemoRunner, maxDemoUsers, simulatorTokenLabelOf } from '../demo/demo-runner'
import { defaultHost, defaultPort } from '../scim/controller'
import { clip, CommandError, commandWord, negativeTenant, noMore, oneOf, openServices, parse, positional, printable, unwrap, unwrapFound, UsageError, wholeNumber, type Io } from './common'

const defaultOrigin = `http://${defaultHost}:${defaultPort}`
const defaultUsers = 5

function readOrigin(raw: string | undefined): string {
  if (raw === undefined) return defaultOrigin
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new UsageError(`--url must be the SCIM server's origin, such as ${defaultOrigin}, not ${quoted(raw)}`)
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash) {
    throw new UsageError(`--url must be an http(s) origin without a path, such as ${defaultOrigin}; the tenant's /scim/v2/<slug> is added`)
  }
  return url.origin
}

const speedExpects = 'a number above 0 (1 is real time)'

function readSpeed(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const speed = Number(raw)
  if (!/^\d+(\.\d+)?$/.test(raw) || !(speed > 0)) throw new UsageError(`--speed must be ${speedExpects}, not ${quoted(raw)}`)
  return speed
}

function stepLine(step: DemoStep): string {
  // A deferred step (Entra throttled, or a server error or no answer) is retried in a later cycle, a later line.
  const mark = step.status === 'ok' ? 'ok  ' : step.status === 'deferred' ? 'next' : 'FAIL'
  const request = step.method && step.path ? `${step.method} ${step.path}` : '(no request)'
  return `${mark} ${String(step.httpStatus ?? '---').padEnd(3)}  ${step.title}\n          ${printable(request)}\n          ${printable(step.detail ?? '')}`
}

// Enough of a failed check's answer to see what the server said; the whole exchange is in the console and the log.
const maxShownBody = 500

/**
 * A failed check's answer on one line. The server at --url may be anyone's, and what it answers is printed to a
 * terminal: escaped as the log's lines are (printable), and cut a whole character at a time.
 */
function shownBody(body: string | null): string | null {
  if (!body) return null
  return clip(printable(body.replace(/\s*\n\s*/g, ' ')), maxShownBody + 1)
}

function checkLine(check: ConformanceCheck): string {
  const mark = check.ok ? 'ok  ' : check.optional ? 'warn' : 'FAIL'
  const failures = check.failures.map((failure) => `\n          ${printable(failure)}`).join('')
  const body = check.ok ? null : shownBody(check.response.body)
  const answered = body ? `\n          Answered: ${body}` : ''
  return `${mark} ${String(check.response.status || '---').padEnd(3)}  ${check.title}  (${check.request.method} ${check.request.path})${failures}${answered}`
}

/** What `demo entra` says it plays, by mode. */
function entraRunWords(mode: DemoMode, users: number): string {
  switch (mode) {
    case 'entra-legacy':
      return 'Tenant URL without the flag: the older PATCH format'
    case 'entra-on-demand':
      return 'Provision on demand, one user'
    case 'entra-on-demand-group':
      return `Provision on demand, the group "${demoGroupName}" and ${plural(users, 'member')}`
    default:
      return 'Tenant URL with the aadOptscim062020 flag'
  }
}

/** The Entra mode its flags ask for, once they are known to go together. */
function entraMode(flags: { readonly onDemand: boolean; readonly group: boolean; readonly withoutFlag: boolean }): DemoMode {
  if (flags.onDemand) return flags.group ? 'entra-on-demand-group' : 'entra-on-demand'
  return flags.withoutFlag ? 'entra-legacy' : 'entra'
}

function oktaMode(raw: string | undefined): DemoMode {
  const mode = raw === undefined ? 'catalog' : oneOf(raw, ['catalog', 'wizard'] as const)
  if (mode === undefined) throw new UsageError(`--mode must be "catalog" (PATCH) or "wizard" (PUT), not ${quoted(raw ?? '')}`)
  return mode
}

/** `demo okta` (the catalog or the wizard app) or `demo entra`: the client's side of provisioning, a line a step. */
async function simulatedDemo(client: 'okta' | 'entra', args: readonly string[], io: Io, signal: AbortSignal): Promise<void> {
  const { values, positionals } = parse(args, {
    mode: { type: 'string' },
    'without-flag': { type: 'boolean', default: false },
    'on-demand': { type: 'boolean', default: false },
    group: { type: 'boolean', default: false },
    users: { type: 'string' },
    url: { type: 'string' },
    speed: { type: 'string' }
  }, { options: { users: `a whole number from 1 to ${maxDemoUsers} (1 to ${maxOnDemandGroupMembers} with --group)`, speed: speedExpects }, positional: negativeTenant })
  const tenant = positional(positionals, 0, 'TENANT')
  noMore(positionals, 1)
  if (client === 'entra' && values.mode !== undefined) {
    throw new UsageError('demo entra takes no --mode: it plays Entra with the Tenant URL flag, or without it with --without-flag')
  }
  if (client === 'okta' && values['without-flag']) throw new UsageError('--without-flag is for demo entra: the aadOptscim062020 flag is Entra’s')
  if (client === 'okta' && values['on-demand']) throw new UsageError('--on-demand is for demo entra: Provision on demand is Entra’s')
  const onDemand = values['on-demand'] === true
  const group = values.group === true
  if (group && !onDemand) throw new UsageError('--group is for --on-demand: Provision on demand of a group and up to five of its members')
  if (onDemand && values['without-flag']) throw new UsageError('--on-demand takes no --without-flag: Provision on demand sends the older PATCH format either way')
  if (onDemand && !group && values.users !== undefined) {
    throw new UsageError('--on-demand takes no --users: Provision on demand provisions one user (or, with --group, a group and its members)')
  }
  const mode: DemoMode = client === 'entra' ? entraMode({ onDemand, group, withoutFlag: values['without-flag'] === true }) : oktaMode(values.mode)
  const users = onDemand && !group ? 1 : (wholeNumber('--users', values.users, `a whole number from 1 to ${group ? `${maxOnDemandGroupMembers} with --group` : maxDemoUsers}`) ?? defaultUsers)
  const mostUsers = group ? maxOnDemandGroupMembers : maxDemoUsers
  if (users < 1 || users > mostUsers) {
    throw new UsageError(group ? `--users must be from 1 to ${mostUsers} with --group: Provision on demand takes up to ${mostUsers} of a group's members` : `--users must be from 1 to ${mostUsers}`)
  }
  const origin = readOrigin(values.url)
  const speed = readSpeed(values.speed)

  const services = openServices(values.db, undefined, 'read', 'refuse')
  const runner = createDemoRunner(services)
  const printed = new Set<number>()
  const waiting = new Set<string>()
  const unsubscribe = services.events.on('demo:progress', (run: DemoRun) => {
    // Entra's wait is between cycles, on no step: said once as it begins, so that a quiet minute does not look stuck.
    if (!values.json && client === 'entra' && run.retry && !waiting.has(run.retry.until)) {
      waiting.add(run.retry.until)
      io.out(
        `wait Entra retries the ${run.retry.throttled ? 'throttled' : 'failed'} changes in provisioning cycle ${run.retry.attempt}, in ${run.retry.waitSeconds} s (a real tenant's next cycle comes about 40 minutes later)`
      )
    }
    for (const step of run.steps) {
      if (!values.json && step.status === 'waiting' && step.detail && !waiting.has(`${step.index}:${step.detail}`)) {
        waiting.add(`${step.index}:${step.detail}`)
        io.out(`wait ${printable(step.detail)}`)
      }
      if ((step.status !== 'ok' && step.status !== 'failed' && step.status !== 'deferred') || printed.has(step.index)) continue
      printed.add(step.index)
      io.out(
        values.json
          ? JSON.stringify({
              index: step.index,
              step: step.step,
              title: step.title,
              ok: step.status === 'ok',
              ...(step.status === 'deferred' ? { deferred: true } : {}),
              status: step.httpStatus,
              method: step.method,
              path: step.path,
              detail: step.detail
            })
          : stepLine(step)
      )
    }
  })
  let final: DemoRun
  try {
    const started = unwrapFound(runner.start({ tenant, mode, users, speed, origin }), services, values.db)
    if (!values.json) {
      const who =
        client === 'entra'
          ? `Microsoft Entra ID's provisioning service (${entraRunWords(mode, users)})`
          : `Okta's ${mode === 'catalog' ? 'catalog app (PATCH)' : 'wizard app (PUT)'}`
      const label = simulatorTokenLabelOf(mode)
      io.out(`Playing ${who} against ${origin}, assigning ${users} user${users === 1 ? '' : 's'}. Token "${label}" issued; it is revoked at the end.`)
    }
    const cancel = () => runner.control(started.id, 'cancel')
    signal.addEventListener('abort', cancel, { once: true })
    if (signal.aborted) cancel()
    final = unwrap(await runner.finished(started.id))
    signal.removeEventListener('abort', cancel)
  } finally {
    unsubscribe()
    await runner.close()
    services.close()
  }
  const failed = final.steps.filter((step) => step.status === 'failed').length
  const demoName = `the ${client === 'entra' ? 'Entra' : 'Okta'} demo`
  if (final.state === 'cancelled') {
    // Ctrl+C, or a reader gone (`| head`): "0 of 1 steps failed" read as a run that had failed, of one step. Said as
    // the conformance test says it: how far it got, and that its token is revoked (runner.finished waits for that).
    const done = final.steps.filter((step) => step.status === 'ok' || step.status === 'failed' || step.status === 'deferred').length
    throw new CommandError(`${demoName} was cancelled after ${done} step${done === 1 ? '' : 's'}${failed > 0 ? ` (${failed} failed)` : ''}; its token is revoked`)
  }
  if (final.state !== 'finished') throw new CommandError(`${demoName} failed: ${failed} of ${final.steps.length} steps failed`)
  const deferredSteps = final.steps.filter((step) => step.status === 'deferred')
  const deferred = deferredSteps.length
  // Entra holds over a change that met a 429, a server error or no answer alike.
  const held = deferredSteps.every((step) => step.httpStatus === 429) ? 'throttled' : 'held over'
  if (!values.json) {
    io.out(
      deferred > 0
        ? `Done: ${final.steps.length} steps; ${deferred} ${held} and passed in a later cycle, the others at once. The simulator's token is revoked.`
        : `Done: ${final.steps.length} steps, all passed. The simulator's token is revoked.`
    )
  }
}

/** The suites of `demo conformance --suite`, in a sentence's words. */
const suiteNames: Readonly<Record<ConformanceSuite, string>> = { okta: "Okta's SPEC test", entra: "Entra's SCIM checks" }

function readSuite(raw: string | undefined): ConformanceSuite {
  const suite = raw === undefined ? 'okta' : oneOf(raw, ['okta', 'entra'] as const)
  if (suite === undefined) throw new UsageError(`--suite must be "okta" (Okta's SCIM 2.0 SPEC test) or "entra" (Entra ID's SCIM checks), not ${quoted(raw ?? '')}`)
  return suite
}

async function conformance(args: readonly string[], io: Io, signal: AbortSignal): Promise<void> {
  const { values, positionals } = parse(args, { url: { type: 'string' }, suite: { type: 'string' } }, { positional: negativeTenant })
  const tenant = positional(positionals, 0, 'TENANT')
  noMore(positionals, 1)
  const origin = readOrigin(values.url)
  const suite = readSuite(values.suite)
  const name = suiteNames[suite]
  const services = openServices(values.db, undefined, 'read', 'refuse')
  const runner = createDemoRunner(services)
  let report
  try {
    report = unwrapFound(
      await runner.conformance({
        tenant,
        origin,
        suite,
        // Ctrl+C stops the test where it is; its token is still revoked.
        signal,
        onCheck: (check) =>
          io.out(
            values.json
              ? JSON.stringify({
                  suite,
                  step: check.step,
                  title: check.title,
                  ok: check.ok,
                  optional: check.optional,
                  status: check.response.status,
                  method: check.request.method,
                  path: check.request.path,
                  detail: check.ok ? 'passed' : check.failures.join('; '),
                  ...(check.ok ? {} : { response: check.response.body })
                })
              : checkLine(check)
          )
      }),
      services,
      values.db
    )
  } finally {
    await runner.close()
    services.close()
  }
  if (signal.aborted) {
    throw new CommandError(`${name} was cancelled after ${report.checks.length} check${report.checks.length === 1 ? '' : 's'}; its token is revoked`)
  }
  if (!conformancePassed(report)) {
    throw new CommandError(`${name} failed: ${report.checks.filter((check) => !check.ok && !check.optional).length} required checks failed`)
  }
  if (!values.json) io.out(`Passed: ${report.passed} of ${report.checks.length} checks. The test's token is revoked.`)
}

/** `demo okta|entra|conformance`: Okta's or Entra's side of provisioning, or a conformance self-test, against a running SCIM server. */
export async function demoCommand(args: readonly string[], io: Io, signal: AbortSignal): Promise<void> {
  const [verb, rest] = commandWord(args)
  switch (verb) {
    case 'okta':
    case 'entra':
      return simulatedDemo(verb, rest, io, signal)
    case 'conformance':
      return conformance(rest, io, signal)
    default:
      throw new UsageError(verb ? `unknown demo command ${quoted(verb)}` : 'missing demo command: okta, entra or conformance')
  }
}
