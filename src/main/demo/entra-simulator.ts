/**
 * Microsoft Entra ID's side of SCIM provisioning, played over real HTTP against a tenant's base URL, for live demos with
 * no Entra tenant. The requests copy what Entra's provisioning service sends (docs/okta-scim.md §4) to a Tenant URL that
 * carries the aadOptscim062020 flag, as the Entra guide sets it up (mode `entra`), or to one without it, as older apps
 * have it (mode `entra-legacy`: capitalised ops, "True"/"False" strings, members removed by a value list): Test
 * Connection's random user and group, then provisioning cycles. Each cycle matches a user by userName before it creates,
 * changes, disables, enables or deletes it, and sends changes as PATCHes; a user unassigned from the app, or deleted in
 * Entra (a soft delete: 30 days in its recycle bin), is disabled (active false), and only a user deleted for good is
 * deleted (DELETE). After a 429 or a server error Entra moves on and retries the change in its next cycle.
 */
import { simulatorUserAgent, type SimulatorKind } from '../../shared/request-outcome'
import { enterpriseUserSchemaUrn, groupSchemaUrn, listSchema, patchOpSchemaUrn, userSchemaUrn } from './wire'
import { randomUUID } from 'node:crypto'
import { entraStandardsFlag } from '../../shared/entra-setup'
import { maxOnDemandGroupMembers, provisionsOnDemand } from '../../shared/models'
import { plural } from '../../shared/plural'
import { retryAfterSeconds, type HttpResponse, type Json } from './scim-http'
import {
  asSentence,
  createdGroupOutcome,
  demoGroupName,
  demoPeople,
  Deferred,
  errorDetail,
  lookupOutcome,
  memberRemovedOutcome,
  resourcesOf,
  startSimulation,
  type DemoPerson,
  type HttpCall,
  type Outcome,
  type Provisioned,
  type SimulatedClient,
  type Simulation,
  type Script,
  type SimulationContext,
  type SimulatorOptions
} from './simulation'

/** The User-Agent of Entra's provisioning service. */
export const entraUserAgent = 'Azure Active Directory SCIM Client'
/**
 * The flag of the Tenant URL that makes Entra send standard PATCHes; Entra puts its own parameters after it. Defined once
 * in shared/entra-setup.ts (the setup guide's); exported here under the name the simulator's tests use.
 */
export { entraStandardsFlag as entraFlag }
/** Throttled changes are retried in this many more cycles; then Entra quarantines the job. */
export const entraMaxRetryCycles = 4
/**
 * The least wait before a retry cycle. A real Entra tenant runs its next cycle about 40 minutes later, when a rate limit
 * per minute has long refilled; after only Retry-After (the wait until one more request may pass), the first request of
 * each retried change would take the room of the next, and the cycles would be throttled again and again.
 */
const minRetryCycleSeconds = 60
const department = 'Sales'
const titles = ['Account Executive', 'Head of Sales'] as const

/**
 * The headers Entra's provisioning service sends, with `authorization` as the header's whole value, and SCIM Console's
 * mark on its User-Agent: `kind` says which of the console's clients plays it (shared/request-outcome.ts).
 */
export function entraRequestHeaders(authorization: string, kind: SimulatorKind): Record<string, string> {
  return { 'user-agent': simulatorUserAgent(entraUserAgent, kind), accept: 'application/scim+json', 'content-type': 'application/scim+json', authorization }
}

/** The headers the Entra demo sends with a Secret Token. */
export function entraHeaders(token: string): Record<string, string> {
  return entraRequestHeaders(`Bearer ${token}`, 'demo')
}

/** What Entra does when the app takes longer than `requestTimeoutMs`. */
export const entraOnTimeout = 'Entra closes the connection and records the change as failed in its provisioning logs.'

/**
 * A path as Entra sends it: the resource, then the Tenant URL's flag when it has it (`flagged`), then Entra's own
 * parameters.
 */
export function entraPath(resource: string, parameters: string | undefined, flagged: boolean): string {
  const query = [flagged ? entraStandardsFlag : null, parameters ?? null].filter((part) => part !== null).join('&')
  return `/${resource}${query ? `?${query}` : ''}`
}

/**
 * One PATCH operation as Entra writes it: with the flag as RFC 7644 has it; without, as Entra did before the flag
 * (okta-scim.md §4): a capitalised op, a boolean as "True" or "False", members removed by a value list.
 */
export function entraOperation(flagged: boolean, op: 'replace' | 'add', path: string, value: unknown): Json {
  if (flagged) return { op, path, value }
  return { op: op === 'replace' ? 'Replace' : 'Add', path, value: typeof value === 'boolean' ? (value ? 'True' : 'False') : value }
}

/** Removing one member from a group: by a value path with the flag, by a value list without it. */
export function entraRemoveMember(flagged: boolean, userId: string): Json {
  return flagged ? { op: 'remove', path: `members[value eq "${userId}"]` } : { op: 'Remove', path: 'members', value: [{ value: userId }] }
}

function filter(attribute: 'userName' | 'displayName', value: string): string {
  return `filter=${encodeURIComponent(`${attribute} eq "${value}"`)}`
}

/** Entra's provisioning service: its headers, and what it does after a 429. */
const entraClient: SimulatedClient = {
  name: 'Entra',
  headers: entraHeaders,
  notRetried(response) {
    const seconds = retryAfterSeconds(response.headers.get('retry-after'))
    return (
      `HTTP 429: ${errorDetail(response)} Test Connection is no provisioning cycle, so Entra does not retry it: the admin sees an error, and ` +
      `Save stays refused. Wait ${seconds !== null ? `${seconds} s, as Retry-After asks,` : 'a little'} and click Test Connection again.`
    )
  },
  throttled: () => ({
    end: 'deferred',
    detail: 'HTTP 429: Entra records the change as failed in its provisioning logs, moves on to the next one, and retries it in its next provisioning cycle.'
  }),
  // "If an error in the target system prevents an individual user from being added, updated, or deleted in the target
  // system, the operation is retried in the next sync cycle" (Entra's how-provisioning-works.md, "Errors and retries").
  retriesServerErrorLater: 'Entra records the change as failed in its provisioning logs, moves on to the next one, and retries it in its next provisioning cycle.',
  retriesUnansweredLater: 'Entra moves on to the next change, and retries this one in its next provisioning cycle.',
  onTimeout: entraOnTimeout
}

/** Provision on demand: a step that fails is not retried in a cycle; the admin sees it failed and clicks Provision again. */
const entraOnDemandClient: SimulatedClient = {
  ...entraClient,
  notRetried(response) {
    const seconds = retryAfterSeconds(response.headers.get('retry-after'))
    return (
      `HTTP 429: ${errorDetail(response)} Provision on demand is no provisioning cycle, so Entra does not retry: its portal shows the step ` +
      `failed. Wait ${seconds !== null ? `${seconds} s, as Retry-After asks,` : 'a little'} and click Provision again.`
    )
  }
}

/** Starts a simulated Entra run at once; follow it with `onProgress`, steer it with `control`, await `done`. */
export function startEntraSimulation(options: SimulatorOptions): Simulation {
  return startSimulation(options, provisionsOnDemand(options.mode) ? entraOnDemandClient : entraClient, entraScript)
}

/** A unit of work of a cycle; one that is throttled is done again, whole, in the next cycle. */
interface Change {
  /** What the change makes, as a run that stops before it was made says it: "create jane.doe@…". */
  readonly what: string
  run(): Promise<unknown>
}

// Entra reads a list only when it is a ListResponse; a 404 for no match breaks its Test Connection and its matching.
function listProblem(body: Json | null): string | null {
  if (!body) return 'The answer is not JSON; Entra needs a ListResponse.'
  if (!Array.isArray(body.schemas) || !body.schemas.includes(listSchema)) return 'The answer is not a ListResponse (its schemas lack the ListResponse URN).'
  if (!Array.isArray(body.Resources)) return 'Resources is missing; Entra needs it, empty when nothing matches.'
  return null
}

/** The answer to Entra's connection check, a lookup of a random GUID: 200 with an empty ListResponse says `passed`. */
function randomLookupOutcome(noun: 'user' | 'group', passed: string): (answer: HttpResponse) => Outcome {
  return (answer) => {
    const problem = listProblem(answer.body)
    if (problem) return { ok: false, detail: problem }
    return resourcesOf(answer.body).length === 0
      ? { ok: true, detail: passed }
      : { ok: false, detail: `A ${noun} was answered for a random GUID: the server did not apply the filter.` }
  }
}

/**
 * What the Entra admin sees when Test Connection gets a status other than 200 (a 429 excepted: `notRetried` says it),
 * and what to do next. Entra shows "Failed to test connection to target application", the status it got, and keeps Save
 * refused; the error code it names for a 401 is the one its admins search for.
 */
function testConnectionFailed(response: HttpResponse): string {
  const status = response.status
  const got = `HTTP ${status}: ${asSentence(errorDetail(response))}`
  // Entra names the status as .NET does.
  const names: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 500: 'InternalServerError', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout' }
  const shows = (code = '') =>
    `Entra shows "Failed to test connection to target application"${code} with "Response Status Code: ${names[status] ?? status}", and Save stays refused.`
  if (status === 401) {
    return (
      `${got} ${shows(' (error code SystemForCrossDomainIdentityManagementCredentialValidationFailure)')} ` +
      "To Entra, the Secret Token is wrong, expired or revoked: issue a new token on the tenant's Tokens page in SCIM Console, " +
      'paste it into Secret Token under Admin Credentials, and click Test Connection again.'
    )
  }
  if (status === 403) {
    return (
      `${got} ${shows()} The token was read, but the request was refused: the answer's detail says why. ` +
      'Fix what it names (or turn off the failure rule that injects it), then click Test Connection again.'
    )
  }
  if (status === 404) {
    return (
      `${got} ${shows()} Either the Tenant URL is wrong (copy it again from the tenant's Entra setup page in SCIM Console), ` +
      'or the app answered 404 for a user it does not have, which Entra needs as 200 with an empty ListResponse. Then click Test Connection again.'
    )
  }
  if (status >= 500) {
    return (
      `${got} ${shows()} The app failed on its side: Test Connection is no provisioning cycle, so Entra does not retry it. ` +
      "Find why in the tenant's Provisioning log in SCIM Console and fix it (or turn off the failure rule that injects it), then click Test Connection again."
    )
  }
  return `${got} ${shows()} Entra needs 200 with a ListResponse here; fix the answer, then click Test Connection again.`
}

/** Entra's side of a run: Test Connection, then its initial and incremental provisioning cycles; or Provision on demand. */
function entraScript({ options, request, note, wait }: SimulationContext): Script {
  const people = demoPeople(options.users, options.emailDomain)
  const entra: EntraRun = {
    request,
    note,
    wait,
    // The Tenant URL has the flag but in the older format's mode; Provision on demand sends the older PATCH format whatever
    // the URL says (okta-scim.md §4: the flag doesn't work with on-demand provisioning).
    flagged: options.mode === 'entra',
    flaggedUrl: options.mode !== 'entra-legacy',
    createdUsers: [],
    leftInactive: new Map(),
    groupHalfWay: null,
    groupId: null,
    members: new Set(),
    cycle: 1,
    waiting: [],
    waitingWhy: 'throttled',
    people: new Map(people.map((person) => [person.userName, person]))
  }

  async function play(): Promise<void> {
    if (options.mode === 'entra-on-demand') return playOnDemand(entra, demoPeople(1, options.emailDomain))
    if (options.mode === 'entra-on-demand-group') return playOnDemandGroup(entra, people)
    // Entra does not let the admin save provisioning whose Test Connection fails; nothing else would follow.
    if (!(await testConnection(entra))) return
    const provisioned = await initialCycle(entra, people)
    if (!provisioned) return
    const first = provisioned[0]
    const last = provisioned[provisioned.length - 1]
    if (!first || !last) return
    if (!(await changeCycle(entra, first, last))) return
    const reassigned = await reassignCycle(entra, last)
    // With three users or more, one who was neither changed nor unassigned above leaves the company.
    const leaver = provisioned.length >= 3 ? provisioned[1] : undefined
    if (!reassigned || !leaver) return
    if (!(await softDeleteCycle(entra, leaver))) return
    await hardDeleteCycle(entra, leaver)
  }

  return { play, createdUsers: () => entra.createdUsers, halfWay: () => halfWay(entra) }
}

/** What the steps of one Entra run share: how they reach the app, the PATCH format Entra sends, and what it holds and changed so far. */
interface EntraRun {
  readonly request: SimulationContext['request']
  readonly note: SimulationContext['note']
  readonly wait: SimulationContext['wait']
  /** Entra sends standard PATCHes; else its older format. */
  readonly flagged: boolean
  /** The Tenant URL carries the flag, which Entra sends in every path. */
  readonly flaggedUrl: boolean
  readonly createdUsers: string[]
  /** Each user a run leaves disabled, with why: unassigned, or deleted in Entra and not yet for good. */
  readonly leftInactive: Map<string, string>
  groupHalfWay: string | null
  /** The SCIM id of Entra's group, once it holds one. */
  groupId: string | null
  /** The SCIM ids of the group's members, as Entra holds them. */
  readonly members: Set<string>
  /** The provisioning cycle under way, from 1. */
  cycle: number
  /** The throttled (or failed) changes waiting for the next cycle: a run that ends meanwhile never made them. */
  waiting: readonly Change[]
  /** Why they wait, in words: "throttled", or "throttled or failed" once a server error (5xx) deferred one. */
  waitingWhy: string
  /** The people assigned to the app in Entra, by userName: what Entra creates a user from. */
  readonly people: ReadonlyMap<string, DemoPerson>
}

function halfWay(entra: EntraRun): string[] {
  const parts = [...entra.leftInactive].map(([userName, why]) => `${userName} is left disabled (${why})`)
  if (entra.groupHalfWay) parts.push(entra.groupHalfWay)
  if (entra.waiting.length > 0) parts.push(`not made, ${entra.waitingWhy} and waiting for the next cycle: ${entra.waiting.map((change) => change.what).join(', ')}`)
  return parts
}

/** A path under the Tenant URL, as Entra sends it. */
function tenantPath(entra: EntraRun, resource: string, parameters?: string): string {
  return entraPath(resource, parameters, entra.flaggedUrl)
}

async function testConnection(entra: EntraRun): Promise<boolean> {
  // Entra "fetches a random user and group" (§4): a miss must be 200 with an empty list; a 404 fails the test.
  for (const [resource, attribute] of [
    ['Users', 'userName'],
    ['Groups', 'displayName']
  ] as const) {
    const noun = resource === 'Users' ? 'user' : 'group'
    const response = await entra.request({
      step: 'test-credentials',
      title: `Entra tests the connection ("Test Connection"): it asks for a random ${noun}`,
      method: 'GET',
      path: tenantPath(entra, resource, `${resource === 'Groups' ? 'excludedAttributes=members&' : ''}${filter(attribute, randomUUID())}`),
      expect: [200],
      retries: false,
      unexpected: testConnectionFailed,
      outcome: randomLookupOutcome(
        noun,
        `No such ${noun}, as expected: 200 with an empty list.${resource === 'Groups' ? ' Entra says the credentials are authorized, and Save is allowed.' : ''}`
      )
    })
    if (!response) return false
  }
  return true
}

/** The initial cycle: every person assigned, then the group; the users provisioned, or null when Entra quarantined the job. */
async function initialCycle(entra: EntraRun, people: readonly DemoPerson[]): Promise<Provisioned[] | null> {
  const provisioned: Provisioned[] = []
  await entra.note('cycle', 'Entra starts its initial cycle', `${plural(people.length, 'user')} and the group "${demoGroupName}" are assigned to the app.`)
  const initial: Change[] = [
    ...people.map((person) => ({ what: `create ${person.userName}`, run: () => provisionUser(entra, person, provisioned) })),
    { what: `create the group "${demoGroupName}"`, run: () => provisionGroup(entra, provisioned) }
  ]
  return (await runCycle(entra, initial)) ? provisioned : null
}

/** The first incremental cycle: `first`'s job title changed, and `last` was unassigned from the app and removed from the group. */
async function changeCycle(entra: EntraRun, first: Provisioned, last: Provisioned): Promise<boolean> {
  entra.cycle += 1
  await entra.note(
    'cycle',
    `Entra's incremental cycle ${entra.cycle}, about 40 minutes later: it sends only what changed`,
    `${first.userName}'s job title changed, and ${last.userName} was unassigned from the app and removed from "${demoGroupName}".`
  )
  return runCycle(entra, [
    { what: `${first.userName}'s new job title`, run: () => changeTitle(entra, first) },
    { what: `disable ${last.userName}`, run: () => matchThenSetActive(entra, last, false) },
    { what: `remove ${last.userName} from "${demoGroupName}"`, run: () => removeMember(entra, last) }
  ])
}

/** The next cycle: `last` is assigned again, so Entra enables the user and adds them back to the group. */
async function reassignCycle(entra: EntraRun, last: Provisioned): Promise<boolean> {
  entra.cycle += 1
  await entra.note('cycle', `Entra's incremental cycle ${entra.cycle}: ${last.userName} is assigned again`, `Entra enables the user again and adds them back to "${demoGroupName}".`)
  return runCycle(entra, [
    { what: `enable ${last.userName}`, run: () => matchThenSetActive(entra, last, true) },
    {
      what: `add ${last.userName} back to "${demoGroupName}"`,
      run: async () => {
        if (!entra.members.has(last.id)) await addMembers(entra, [last])
        if (entra.members.has(last.id)) entra.groupHalfWay = null
      }
    }
  ])
}

/** The next cycle: `leaver` was deleted in Microsoft Entra ID, a soft delete, so Entra disables the user. */
async function softDeleteCycle(entra: EntraRun, leaver: Provisioned): Promise<boolean> {
  entra.cycle += 1
  await entra.note(
    'cycle',
    `Entra's incremental cycle ${entra.cycle}: ${leaver.userName} left the company and was deleted in Microsoft Entra ID`,
    "A deleted user stays 30 days in Entra's recycle bin (a soft delete), from which it can be restored: Entra disables the user, as it does one unassigned."
  )
  return runCycle(entra, [{ what: `disable ${leaver.userName}`, run: () => matchThenSetActive(entra, leaver, false, true) }])
}

/** The cycle 30 days later: `leaver` is deleted for good in Microsoft Entra ID, so Entra deletes the user in the app. */
async function hardDeleteCycle(entra: EntraRun, leaver: Provisioned): Promise<boolean> {
  entra.cycle += 1
  await entra.note(
    'cycle',
    `Entra's incremental cycle ${entra.cycle}, 30 days later: ${leaver.userName} is deleted for good`,
    'Microsoft Entra ID deleted the user for good (at the end of the 30 days, or an admin emptied the recycle bin): Entra deletes the user in the app.'
  )
  return runCycle(entra, [{ what: `delete ${leaver.userName}`, run: () => matchThenDelete(entra, leaver) }])
}

/**
 * One cycle's changes, then the cycles that retry the throttled or failed ones (429, 5xx): each after a minute or
 * Retry-After (a real Entra tenant's next cycle comes about 40 minutes later), until none is left or Entra quarantines
 * the job.
 */
async function runCycle(entra: EntraRun, changes: readonly Change[]): Promise<boolean> {
  let pending = changes
  for (let retries = 0; ; retries += 1) {
    const deferred: Change[] = []
    // The statuses that deferred them: 429, or server errors.
    const statuses = new Set<number | null>()
    let waitSeconds = 0
    for (const change of pending) {
      try {
        await change.run()
      } catch (error) {
        if (!(error instanceof Deferred)) throw error
        deferred.push(change)
        statuses.add(error.status)
        waitSeconds = Math.max(waitSeconds, error.retryAfterSeconds ?? 0, minRetryCycleSeconds)
      }
    }
    const throttledOnly = statuses.size === 1 && statuses.has(429)
    entra.waiting = deferred
    entra.waitingWhy = throttledOnly ? 'throttled' : 'throttled or failed'
    if (deferred.length === 0) return true
    if (retries >= entraMaxRetryCycles) {
      const answered = [...statuses].filter((status) => status !== null).sort((a, b) => a - b)
      const failedWith = [...(answered.length > 0 ? [`HTTP ${answered.join(', ')}`] : []), ...(statuses.has(null) ? ['no answer'] : [])].join(' or ')
      const fixes = [
        ...(statuses.has(429) ? ["raise the tenant's rate limit (or turn off its throttle fault)"] : []),
        ...(throttledOnly ? [] : ['find why the server fails them in its log, and fix it (or turn off the failure rule that injects it)'])
      ]
      await entra.note(
        'quarantine',
        'Entra puts the provisioning job in quarantine',
        `${plural(deferred.length, 'change')} still got ${throttledOnly ? '429' : failedWith} after ${plural(retries + 1, 'cycle')}. ` +
          `In quarantine Entra slows its cycles down to one a day; ${fixes.join(', and ')}, then click Restart provisioning in Entra.`,
        true
      )
      return false
    }
    entra.cycle += 1
    // Sped up, a cycle that retries throttled changes comes before the server's rate limit has refilled, which a real
    // Entra tenant, 40 minutes later, never does: a 429 sent that early is waited out in real time (`atLeastSeconds`),
    // not deferred again on to a false quarantine.
    await entra.wait({ attempt: entra.cycle, waitSeconds, throttled: throttledOnly, ...(statuses.has(429) ? { atLeastSeconds: waitSeconds } : {}) })
    await entra.note(
      'retry-cycle',
      `Entra's provisioning cycle ${entra.cycle}: it retries ${plural(deferred.length, throttledOnly ? 'throttled change' : 'failed change')}`,
      `A real Entra tenant runs its next cycle about 40 minutes later; the demo waited ${waitSeconds} s (a minute, or Retry-After when it asks for more).`
    )
    pending = deferred
  }
}

/** A user of the initial cycle: matched by userName, then linked (and enabled when disabled) or created, and added to the group once it exists. */
async function provisionUser(entra: EntraRun, person: DemoPerson, provisioned: Provisioned[]): Promise<void> {
  const existing = await match(entra, person.userName, 'before it creates the user')
  if (existing === undefined) return
  let user: Provisioned
  if (existing && typeof existing.id === 'string') {
    user = { id: existing.id, userName: person.userName }
    await entra.note('link-user', `Entra links ${person.userName} to the existing user instead of creating a duplicate`, `Entra stores the SCIM id ${existing.id}.`)
    if (existing.active === false && !(await setActive(entra, user, true))) return
  } else {
    const created = await createUser(entra, person)
    if (!created) return
    user = created
  }
  // Retried whole in a later cycle, a user provisioned before its group push was deferred is matched again.
  if (!provisioned.some((known) => known.id === user.id)) provisioned.push(user)
  // A user whose change waited for a later cycle joins the group there, once both exist.
  if (entra.groupId !== null && !entra.members.has(user.id)) await addMembers(entra, [user])
}

async function provisionGroup(entra: EntraRun, provisioned: readonly Provisioned[]): Promise<void> {
  if (await matchOrCreateGroup(entra)) await addMembers(entra, provisioned.filter((user) => !entra.members.has(user.id)))
}

/** The user Entra matched, null when none has the userName, undefined when the lookup failed (Entra goes no further). */
async function match(entra: EntraRun, userName: string, why: string): Promise<Json | null | undefined> {
  const response = await entra.request(matchUser(entra, userName, why))
  return response ? (resourcesOf(response.body)[0] ?? null) : undefined
}

/**
 * Entra's POST of a user it found no match for (in a cycle, or on demand: `words.retries` false); the user made, or null
 * when the server refused it.
 */
async function createUser(entra: EntraRun, person: DemoPerson, words?: { readonly title: string; readonly retries: boolean }): Promise<Provisioned | null> {
  const created = await entra.request({
    step: 'create-user',
    title: words?.title ?? `Entra creates ${person.userName}`,
    // On demand, a 429 fails the step for the admin to click Provision again; in a cycle, the change waits for the next.
    ...(words?.retries === false ? { retries: false as const } : {}),
    method: 'POST',
    path: tenantPath(entra, 'Users'),
    body: {
      schemas: [userSchemaUrn, enterpriseUserSchemaUrn],
      externalId: person.userName.split('@')[0],
      userName: person.userName,
      active: true,
      displayName: `${person.givenName} ${person.familyName}`,
      title: titles[0],
      emails: [{ primary: true, type: 'work', value: person.userName }],
      meta: { resourceType: 'User' },
      name: { formatted: `${person.givenName} ${person.familyName}`, familyName: person.familyName, givenName: person.givenName },
      roles: [],
      [enterpriseUserSchemaUrn]: { department }
    },
    expect: [201],
    outcome: (response) =>
      typeof response.body?.id === 'string' && response.body.id
        ? { ok: true, detail: `Created with id ${response.body.id}; Entra stores it for every later change.` }
        : { ok: false, detail: 'The 201 has no id, so Entra cannot send the user any later change.' }
  })
  const id = created?.body?.id
  if (typeof id !== 'string') return null
  // Created again (deleted in the app since), a user is still one user the run leaves in the tenant.
  if (!entra.createdUsers.includes(person.userName)) entra.createdUsers.push(person.userName)
  return { id, userName: person.userName }
}

/**
 * Entra's PATCH of `active`. A user is disabled when unassigned, or (`softDeleted`) when deleted in Microsoft Entra ID,
 * which keeps a deleted user 30 days in its recycle bin before it deletes it for good.
 */
async function setActive(entra: EntraRun, user: Provisioned, active: boolean, softDeleted = false): Promise<boolean> {
  const response = await entra.request(
    patchUser(
      entra,
      user,
      activeStep(entra, user, active, softDeleted),
      entraOperation(entra.flagged, 'replace', 'active', active),
      (body) => (body?.active === active ? null : `The answer says active is ${String(body?.active)}, not ${String(active)}.`)
    )
  )
  if (response === null) return false
  if (active) entra.leftInactive.delete(user.userName)
  else entra.leftInactive.set(user.userName, softDeleted ? 'deleted in Entra, not yet for good' : 'unassigned, not yet assigned again')
  return true
}

/**
 * A cycle's disable or enable: Entra matches the user by userName first, as before any change, then PATCHes `active`.
 * A user it no longer matches (deleted in the app since) is created again when enabled, as in any cycle, and skipped
 * when disabled: there is nothing left to disable.
 */
async function matchThenSetActive(entra: EntraRun, user: Provisioned, active: boolean, softDeleted = false): Promise<void> {
  const current = await match(entra, user.userName, active ? 'before it enables the user' : 'before it disables the user')
  if (current === undefined) return
  if (current === null) {
    if (active) {
      const person = entra.people.get(user.userName)
      if (person) await createUser(entra, person, { title: `Entra creates ${user.userName} again: it matched no user (deleted in the app since)`, retries: true })
    } else {
      await entra.note('skip-user', `Entra skips disabling ${user.userName}: it matched no user`, 'The user was deleted in the app since Entra provisioned it: there is nothing to disable.')
    }
    return
  }
  await setActive(entra, user, active, softDeleted)
}

async function changeTitle(entra: EntraRun, user: Provisioned): Promise<void> {
  const current = await match(entra, user.userName, 'to compare its attributes')
  if (current === undefined) return
  if (current === null) {
    // Deleted in the app since Entra provisioned it: Entra matched no user, so it creates the user again, as in any cycle.
    const person = entra.people.get(user.userName)
    if (person) await createUser(entra, person, { title: `Entra creates ${user.userName} again: it matched no user (deleted in the app since)`, retries: true })
    return
  }
  const title = current.title === titles[1] ? titles[0] : titles[1]
  await entra.request(
    patchUser(
      entra,
      user,
      { step: 'push-profile', title: `Entra sends ${user.userName}'s new job title "${title}" (PATCH ${entra.flagged ? 'replace' : 'Replace'} title)`, done: `The job title is now "${title}".` },
      entraOperation(entra.flagged, 'replace', 'title', title),
      (body) => (body?.title === title ? null : `The answer's title is ${JSON.stringify(body?.title)}.`)
    )
  )
}

/** A cycle's delete: Entra matches the user by userName first; one it no longer matches (deleted in the app since) is skipped. */
async function matchThenDelete(entra: EntraRun, user: Provisioned): Promise<void> {
  const current = await match(entra, user.userName, 'before it deletes the user')
  if (current === undefined) return
  if (current === null) {
    entra.leftInactive.delete(user.userName)
    entra.members.delete(user.id)
    await entra.note('skip-user', `Entra skips deleting ${user.userName}: it matched no user`, 'The user was already deleted in the app: there is nothing to delete.')
    return
  }
  await deleteUser(entra, user)
}

/** Entra's DELETE of a user deleted for good in Microsoft Entra ID (okta-scim.md §4: "Entra may send DELETE /Users on hard delete"). */
async function deleteUser(entra: EntraRun, user: Provisioned): Promise<void> {
  const response = await entra.request({
    step: 'delete-user',
    title: `Entra deletes ${user.userName}, deleted for good in Microsoft Entra ID (DELETE)`,
    method: 'DELETE',
    path: tenantPath(entra, `Users/${encodeURIComponent(user.id)}`),
    expect: [204],
    outcome: () => ({ ok: true, detail: `${user.userName} is deleted. Unlike Okta, Entra deletes a user deleted for good.` })
  })
  if (!response) return
  entra.leftInactive.delete(user.userName)
  entra.members.delete(user.id)
}

/**
 * Links the group Entra matched, else creates it: true once Entra holds its id. On demand (`words`), neither request is
 * retried, and each step is titled as the portal shows it.
 */
async function matchOrCreateGroup(entra: EntraRun, words?: { readonly match: string; readonly link: string; readonly create: string }): Promise<boolean> {
  const onDemand = words ? { retries: false as const } : {}
  const lookup = await entra.request({ ...matchGroup(entra, words?.match), ...onDemand })
  if (!lookup) return false
  const found = resourcesOf(lookup.body)[0]?.id
  if (typeof found === 'string') {
    entra.groupId = found
    await entra.note('link-group', words?.link ?? `Entra links the existing group "${demoGroupName}"`, `Entra stores the SCIM id ${found}.`)
    return true
  }
  const created = await entra.request({ ...createGroup(entra, words?.create), ...onDemand })
  const id = created?.body?.id
  if (typeof id !== 'string') return false
  entra.groupId = id
  return true
}

/** Entra's PATCH that adds `users` to its group (on demand, a step that is not retried, under its title). */
async function addMembers(entra: EntraRun, users: readonly Provisioned[], onDemand?: { readonly title: string }): Promise<void> {
  if (entra.groupId === null || users.length === 0) return
  const response = await entra.request({
    step: 'push-members',
    title:
      onDemand?.title ??
      `Entra adds ${users.length === 1 ? users[0]?.userName : plural(users.length, 'member')} to "${demoGroupName}" (PATCH ${entra.flagged ? 'add' : 'Add'} members)`,
    ...(onDemand ? { retries: false as const } : {}),
    method: 'PATCH',
    path: tenantPath(entra, `Groups/${encodeURIComponent(entra.groupId)}`),
    // Each member with "$ref": null, as Entra writes it (okta-scim.md §4): a server must take the null as "not given".
    body: { schemas: [patchOpSchemaUrn], Operations: [entraOperation(entra.flagged, 'add', 'members', users.map((user) => ({ $ref: null, value: user.id })))] },
    expect: [200, 204],
    outcome: (answer) => ({ ok: true, detail: answer.status === 204 ? 'Added (204 No Content, as Entra expects of a group PATCH).' : 'Added.' })
  })
  if (response) for (const user of users) entra.members.add(user.id)
}

async function removeMember(entra: EntraRun, user: Provisioned): Promise<void> {
  if (entra.groupId === null || !entra.members.has(user.id)) return
  const response = await entra.request({
    step: 'remove-member',
    title: `${user.userName} leaves "${demoGroupName}": Entra removes that one member (${entra.flagged ? 'PATCH remove members[value eq …]' : 'PATCH Remove members with a value list'})`,
    method: 'PATCH',
    path: tenantPath(entra, `Groups/${encodeURIComponent(entra.groupId)}`),
    body: { schemas: [patchOpSchemaUrn], Operations: [entraRemoveMember(entra.flagged, user.id)] },
    expect: [200, 204],
    outcome: memberRemovedOutcome(user.id, user.userName)
  })
  if (!response) return
  entra.members.delete(user.id)
  entra.groupHalfWay = `${user.userName} was removed from "${demoGroupName}" and not added back`
}

/**
 * Provision on demand (provision-on-demand.md): one user, in seconds, in the five steps Entra's portal shows. Every
 * step's failure ends it there, for the admin to click Provision again: there is no cycle to retry in.
 */
async function playOnDemand(entra: EntraRun, [person]: readonly DemoPerson[]): Promise<void> {
  if (!person || !(await testConnectionOnDemand(entra))) return
  await entra.note(
    'import-user',
    `Step 2, Import user: Entra reads ${person.userName} from Microsoft Entra ID`,
    `userPrincipalName ${person.userName}, mail ${person.userName}, givenName ${person.givenName}, surname ${person.familyName}, jobTitle "${titles[0]}", department "${department}".`
  )
  await entra.note(
    'scope',
    `Step 3, Determine if user is in scope: ${person.userName} is in scope`,
    'Assigned to application; active in source system; scope: sync only assigned users and groups.'
  )
  await provisionOnDemand(entra, person, {
    match: `Step 4, Match user between source and target system: Entra looks ${person.userName} up by userName`,
    action: 'Step 5, Perform action'
  })
}

/**
 * Provision on demand of a group with the members picked for it, up to five (provision-on-demand.md): the group is
 * matched by displayName and created or linked, each member is provisioned as one user on demand is, and one PATCH adds
 * them. As for one user, a failed step ends the run there.
 */
async function playOnDemandGroup(entra: EntraRun, people: readonly DemoPerson[]): Promise<void> {
  if (!(await testConnectionOnDemand(entra))) return
  await entra.note(
    'import-group',
    `Step 2, Import group: Entra reads "${demoGroupName}" and the ${plural(people.length, 'member')} picked from Microsoft Entra ID`,
    `${people.map((person) => person.userName).join(', ')}.`
  )
  await entra.note(
    'scope',
    `Step 3, Determine if group is in scope: "${demoGroupName}" is in scope`,
    `Assigned to application; scope: sync only assigned users and groups. Provision on demand takes up to ${maxOnDemandGroupMembers} of a group's members.`
  )
  const linked = await matchOrCreateGroup(entra, {
    match: `Step 4, Match group between source and target system: Entra looks "${demoGroupName}" up by displayName`,
    link: `Step 5, Perform action: Entra links the existing group "${demoGroupName}"`,
    create: `Step 5, Perform action: Entra creates the group "${demoGroupName}" (POST, members follow by PATCH)`
  })
  if (!linked) return
  const provisioned: Provisioned[] = []
  for (const [index, person] of people.entries()) {
    const member = `Member ${index + 1} of ${people.length}`
    const user = await provisionOnDemand(entra, person, { match: `${member}: Entra looks ${person.userName} up by userName`, action: member })
    if (!user) return
    provisioned.push(user)
  }
  await addMembers(entra, provisioned, {
    title: `Step 5, Perform action: Entra adds ${provisioned.length === 1 ? provisioned[0]?.userName : `the ${plural(provisioned.length, 'member')}`} to "${demoGroupName}" (PATCH Add members)`
  })
}

/** Step 1 of Provision on demand: Entra asks for a test user (its portal shows the step only when it fails). */
function testConnectionOnDemand(entra: EntraRun): Promise<HttpResponse | null> {
  return entra.request({
    step: 'test-credentials',
    title: 'Step 1, Test connection: Entra asks for a test user (its portal shows this step only when it fails)',
    method: 'GET',
    path: tenantPath(entra, 'Users', filter('userName', randomUUID())),
    expect: [200],
    retries: false,
    unexpected: testConnectionFailed,
    outcome: randomLookupOutcome('user', 'No such user, as expected: the Secret Token and Tenant URL work.')
  })
}

/**
 * On demand, one user: Entra matches it by userName, then creates it, sends what differs from its own values in one
 * PATCH (in the older format: the flag does not apply here), or skips it. `words.action` begins the titles of what it
 * does. The user as provisioned, or null when a step failed: nothing follows it, for the admin to click Provision again.
 */
async function provisionOnDemand(entra: EntraRun, person: DemoPerson, words: { readonly match: string; readonly action: string }): Promise<Provisioned | null> {
  const matched = await entra.request({ ...matchUser(entra, person.userName, '', words.match), retries: false })
  if (!matched) return null
  const existing = resourcesOf(matched.body)[0] ?? null
  if (existing === null || typeof existing.id !== 'string') return createUser(entra, person, { title: `${words.action}: Entra creates ${person.userName}`, retries: false })
  const user: Provisioned = { id: existing.id, userName: person.userName }
  const changes: Array<{ readonly words: string; readonly operation: Json }> = []
  if (existing.active === false) changes.push({ words: 'enables it', operation: entraOperation(false, 'replace', 'active', true) })
  if (existing.title !== titles[0]) changes.push({ words: `sets its job title "${titles[0]}"`, operation: entraOperation(false, 'replace', 'title', titles[0]) })
  if (changes.length === 0) {
    await entra.note('skip-user', `${words.action}: Entra skips ${person.userName}`, `The user matched (id ${existing.id}) and already holds Entra's values: nothing to send.`)
    return user
  }
  const updated = await entra.request({
    step: 'push-profile',
    title: `${words.action}: Entra updates ${person.userName}: it ${changes.map((change) => change.words).join(' and ')} (PATCH Replace)`,
    method: 'PATCH',
    path: tenantPath(entra, `Users/${encodeURIComponent(user.id)}`),
    body: { schemas: [patchOpSchemaUrn], Operations: changes.map((change) => change.operation) },
    expect: [200, 204],
    retries: false,
    outcome: () => ({ ok: true, detail: `Updated. Provision on demand sends Entra's older PATCH format ("op": "Replace") even when the Tenant URL has ${entraStandardsFlag}.` })
  })
  return updated ? user : null
}

/** Entra's matching: the user whose userName is the one it holds, or null when there is none. */
function matchUser(entra: EntraRun, userName: string, why: string, title = `Entra matches ${userName} by userName ${why}`): HttpCall {
  return {
    step: 'lookup-user',
    title,
    method: 'GET',
    path: tenantPath(entra, 'Users', filter('userName', userName)),
    expect: [200],
    outcome: (response) =>
      lookupOutcome(
        response,
        { attribute: 'userName', value: userName },
        {
          listProblem,
          wrong: (answered) => `The filter answered ${answered}, not ${userName}: the server did not apply the filter, and Entra would match the wrong user.`,
          found: (found) => `Matched ${userName} (id ${String(found.id)}, ${found.active === false ? 'disabled' : 'active'}).`,
          missing: `No user named ${userName}: Entra creates one.`
        }
      )
  }
}

/** A user PATCH of one operation; `check` reads a 200's user (a 204 has none): a problem, else null, when `done` is said. */
function patchUser(
  entra: EntraRun,
  user: Provisioned,
  call: { step: string; title: string; done: string },
  operation: Json,
  check: (body: Json | null) => string | null
): HttpCall {
  return {
    step: call.step,
    title: call.title,
    method: 'PATCH',
    path: tenantPath(entra, `Users/${encodeURIComponent(user.id)}`),
    body: { schemas: [patchOpSchemaUrn], Operations: [operation] },
    expect: [200, 204],
    outcome: (response) => {
      const problem = response.status === 204 ? null : check(response.body)
      return problem ? { ok: false, detail: problem } : { ok: true, detail: call.done }
    }
  }
}

/** The step of a PATCH of `active`, in the words of why Entra sends it. */
function activeStep(entra: EntraRun, user: Provisioned, active: boolean, softDeleted: boolean): { step: string; title: string; done: string } {
  if (active) return { step: 'reactivate', title: `Entra enables ${user.userName} again (${activePatch(entra, true)})`, done: `${user.userName} is active again.` }
  if (softDeleted) {
    return {
      step: 'deactivate',
      title: `Entra disables ${user.userName}, deleted in Microsoft Entra ID (${activePatch(entra, false)})`,
      done: `${user.userName} is now disabled; Entra deletes the user here only once it is deleted for good, 30 days later.`
    }
  }
  return {
    step: 'deactivate',
    title: `Entra disables ${user.userName} (${activePatch(entra, false)})`,
    done: `${user.userName} is now disabled; Entra does not delete a user it unassigns.`
  }
}

/** A PATCH of `active` as a title says it, in the format Entra sends. */
function activePatch(entra: EntraRun, active: boolean): string {
  return entra.flagged ? `PATCH replace active ${String(active)}` : `PATCH Replace active "${active ? 'True' : 'False'}"`
}

/** Entra's matching of its group by displayName, members left out. */
function matchGroup(entra: EntraRun, title = `Entra matches the group "${demoGroupName}" by displayName`): HttpCall {
  return {
    step: 'lookup-group',
    title,
    method: 'GET',
    path: tenantPath(entra, 'Groups', `excludedAttributes=members&${filter('displayName', demoGroupName)}`),
    expect: [200],
    outcome: (response) =>
      lookupOutcome(
        response,
        { attribute: 'displayName', value: demoGroupName },
        {
          listProblem,
          wrong: (answered) => `The filter answered the group "${answered}": the server did not apply the filter, and Entra would match the wrong group.`,
          found: () => 'Matched it: Entra links it.',
          missing: 'None yet: Entra creates it.'
        }
      )
  }
}

/** Entra's POST of its group; the members follow by PATCH. */
function createGroup(entra: EntraRun, title = `Entra creates the group "${demoGroupName}" (POST, members follow by PATCH)`): HttpCall {
  return {
    step: 'create-group',
    title,
    method: 'POST',
    path: tenantPath(entra, 'Groups'),
    body: { schemas: [groupSchemaUrn], externalId: randomUUID(), displayName: demoGroupName, meta: { resourceType: 'Group' } },
    expect: [201],
    outcome: createdGroupOutcome
  }
}
