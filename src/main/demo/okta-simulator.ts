/**
 * Okta's side of SCIM provisioning, played over real HTTP against a tenant's base URL, for live demos with no Okta org.
 * The requests copy what Okta's SCIM 2.0 client sends (docs/okta-scim.md §1): its headers, its lookup-then-create,
 * read-modify-write PUTs, the catalog app's PATCHes or the wizard app's PUTs, paged imports, Group Push, and its 429
 * backoff. Plain Node: no Electron, no database; the caller gives it a URL and a token.
 */
import { simulatorUserAgent } from '../../shared/request-outcome'
import { groupSchemaUrn, listSchema, patchOpSchemaUrn, userSchemaUrn } from './wire'
import { oktaFirstWaitSeconds, oktaMaxAttempts, oktaWaitBeforeAttempt } from '../../shared/okta-retry'
import { plural } from '../../shared/plural'
import { retryAfterSeconds, type HttpResponse, type Json } from './scim-http'
import {
  asSentence,
  createdGroupOutcome,
  demoGroupName,
  demoPeople,
  errorDetail,
  lookupOutcome,
  memberRemovedOutcome,
  randomText,
  resourcesOf,
  startSimulation,
  type HttpCall,
  type Outcome,
  type SimulatedClient,
  type Simulation,
  type SimulationContext,
  type DemoPerson,
  type Provisioned,
  type Script,
  type SimulatorOptions
} from './simulation'

/** The User-Agent of Okta's SCIM 2.0 client. */
export const oktaUserAgent = 'Okta SCIM Client 1.0.0'
/** The media type Okta's SCIM 2.0 client sends and asks for. */
export const scimMediaType = 'application/scim+json; charset=utf-8'
const pageSize = 100
// An import reads every page, as Okta does; a demo tenant with more users than this only shows the first pages.
const maxImportPages = 50

/**
 * Okta's wait after the `attempt`th 429 of a task (from 1), before its next attempt: the rule of shared/okta-retry.ts,
 * read from the Retry-After header as sent.
 */
export function oktaRetryWait(retryAfter: string | null, attempt: number): { readonly seconds: number; readonly fromHeader: boolean } {
  // An HTTP-date, a fraction or a null are "unsupported" for Okta: it falls back to 5 minutes.
  const asked = retryAfterSeconds(retryAfter)
  // Past Okta's last attempt there is no wait (the task fails instead, see `throttled`); the first wait stands in.
  const seconds = oktaWaitBeforeAttempt(attempt + 1, asked) ?? oktaFirstWaitSeconds(asked)
  return { seconds, fromHeader: asked !== null }
}

/** A filter query exactly as Okta sends it: `%20` for spaces, then startIndex=1&count=100. */
export function oktaFilterQuery(attribute: 'userName' | 'displayName', value: string): string {
  return `filter=${encodeURIComponent(`${attribute} eq "${value}"`)}&startIndex=1&count=100`
}

/**
 * The headers of every request Okta's SCIM 2.0 client sends in "HTTP Header" mode (§1.1), with SCIM Console's mark on
 * its User-Agent, which keeps the demo's requests out of the tenant's failure figures (shared/request-outcome.ts).
 */
export function oktaHeaders(token: string): Record<string, string> {
  return {
    'user-agent': simulatorUserAgent(oktaUserAgent, 'demo'),
    accept: 'application/scim+json',
    'accept-charset': 'utf-8',
    'accept-encoding': 'gzip,deflate',
    'content-type': scimMediaType,
    authorization: `Bearer ${token}`
  }
}

/** A group member as Okta pushes it: the SCIM user id and a display, no type (§1.7). */
interface Member {
  readonly value: string
  readonly display: string
}

// Okta reads a list only when it is a full ListResponse with integer paging fields (§1.2, §1.4). Its "No results for
// users returned" is documented for users only; of a list of groups Okta reads nothing.
function listProblem(body: Json | null, resource: 'Users' | 'Groups' = 'Users'): string | null {
  const noResults = resource === 'Users' ? 'Okta reports "No results for users returned".' : 'Okta reads no groups from it.'
  if (!body) return `The answer is not JSON. ${noResults}`
  if (!Array.isArray(body.schemas) || !body.schemas.includes(listSchema)) return 'The answer is not a ListResponse (its schemas lack the ListResponse URN).'
  if (!Number.isInteger(body.totalResults)) return 'totalResults is not a JSON integer; Okta fails without details.'
  // Okta fails on these sent as strings too ("startIndex":"1", §1.4), with no details to say why.
  for (const field of ['startIndex', 'itemsPerPage'] as const) {
    const value = body[field]
    if (value !== undefined && !Number.isInteger(value)) {
      return `${field} is not a JSON integer (it is ${JSON.stringify(value)}); Okta fails without details. Send ${field} as a number.`
    }
  }
  if (!Array.isArray(body.Resources)) return `Resources is missing; ${noResults.charAt(0).toLowerCase()}${noResults.slice(1)}`
  return null
}

/** What Okta does when the app takes longer than `requestTimeoutMs`. */
export const oktaOnTimeout = 'Okta closes the connection and marks the task as failed.'

/** Okta's SCIM 2.0 client: its headers, and its backoff after a 429 (§1.10). */
const oktaClient: SimulatedClient = {
  name: 'Okta',
  headers: oktaHeaders,
  notRetried(response) {
    const asked = oktaRetryWait(response.headers.get('retry-after'), 1)
    return (
      `HTTP 429: ${errorDetail(response)} This is no provisioning task, so Okta does not retry it: it shows the admin an error and saves nothing. ` +
      `Wait ${asked.fromHeader ? `${asked.seconds} s, as Retry-After asks,` : 'a little'} and click it again.`
    )
  },
  throttled(response, attempt) {
    if (attempt >= oktaMaxAttempts) {
      return { end: 'failed', detail: `HTTP 429 on all ${oktaMaxAttempts} attempts: Okta stops retrying and fails the task; it needs a manual retry in Okta.` }
    }
    const wait = oktaRetryWait(response.headers.get('retry-after'), attempt)
    // After the first wait, each one is the one before, doubled: 5 minutes is only the first wait without Retry-After.
    const why = wait.fromHeader
      ? attempt === 1
        ? 'as Retry-After asks'
        : 'Retry-After, doubled'
      : attempt === 1
        ? 'no usable Retry-After, so 5 minutes'
        : 'no usable Retry-After: 5 minutes, doubled'
    return { retryIn: wait.seconds, detail: `HTTP 429: Okta pauses the task and waits ${wait.seconds} s (${why}) before attempt ${attempt + 1} of ${oktaMaxAttempts}.` }
  },
  onTimeout: oktaOnTimeout
}

/** Starts a simulated Okta run at once (the catalog app, or the wizard app); follow it with `onProgress`, steer it with `control`, await `done`. */
export function startOktaSimulation(options: SimulatorOptions): Simulation {
  return startSimulation(options, oktaClient, oktaScript)
}

/** Okta's side of a run: Test API Credentials, assignments, a profile push, deactivation and reactivation, imports, Group Push. */
function oktaScript({ options, request, note }: SimulationContext): Script {
  const people = demoPeople(options.users, options.emailDomain)
  const okta: OktaRun = {
    request,
    note,
    catalog: options.mode === 'catalog',
    people: new Map(people.map((person) => [person.userName, person])),
    createdUsers: [],
    leftInactive: new Set(),
    goneIds: new Set(),
    groupHalfWay: null
  }

  async function play(): Promise<void> {
    // Okta refuses to save an integration whose credentials fail; nothing else would follow.
    if (!(await testCredentials(okta))) return
    await saveToApp(okta)
    const provisioned = await assign(okta, people)
    const first = provisioned[0]
    const last = provisioned[provisioned.length - 1]
    if (first && last) {
      await pushProfile(okta, first)
      // Created again (deleted in the app meanwhile), the user has a new SCIM id, which Group Push then sends.
      const reassigned = await deactivateAndReactivate(okta, last)
      if (reassigned) provisioned[provisioned.length - 1] = reassigned
    }
    const importedUsers = await importAll(okta, 'Users')
    const importedGroups = importedUsers ? await importAll(okta, 'Groups') : null
    // A user the app no longer has under its stored id stays in error in Okta until the admin reassigns it; pushing
    // that id as a member would only fail the group's push as well.
    const members = provisioned.filter((user) => !okta.goneIds.has(user.id))
    if (members.length > 0) await pushGroup(okta, members, importedGroups)
  }

  return { play, createdUsers: () => okta.createdUsers, halfWay: () => halfWay(okta) }
}

/** What the steps of one Okta run share: how they reach the app, which app Okta plays, and what the run changed so far. */
interface OktaRun {
  readonly request: SimulationContext['request']
  readonly note: SimulationContext['note']
  /** The catalog app, which (de)activates users and pushes members by PATCH and looks its group up by name; else the wizard app, which PUTs. */
  readonly catalog: boolean
  /** The people assigned to the app in Okta, by userName: what Okta creates a user from. */
  readonly people: ReadonlyMap<string, DemoPerson>
  // What the run changed, for a run that ends early: what it created, and what it left half-way.
  readonly createdUsers: string[]
  readonly leftInactive: Set<string>
  /** The SCIM ids Okta stored for users the app answered 404 for since (deleted in the app): Group Push leaves them out. */
  readonly goneIds: Set<string>
  /** The group's membership when a run ends between two of its pushes, in words; null when it is as Okta holds it. */
  groupHalfWay: string | null
}

/** The group Okta pushes: its SCIM id, and its path under the base URL. */
interface PushedGroup {
  readonly id: string
  readonly path: string
}

function halfWay(okta: OktaRun): string[] {
  const parts = [...okta.leftInactive].map((userName) => `${userName} is left inactive (deactivated, not yet reactivated)`)
  if (okta.groupHalfWay) parts.push(okta.groupHalfWay)
  return parts
}

/** Test API Credentials: a first page of users, which Okta must be able to read before it saves the settings. */
async function testCredentials(okta: OktaRun): Promise<boolean> {
  const credentials = await okta.request({
    step: 'test-credentials',
    title: 'Okta tests the API credentials ("Test API Credentials")',
    method: 'GET',
    path: '/Users?startIndex=1&count=2',
    expect: [200, 401],
    failureStatuses: [401],
    retries: false,
    outcome: (response) => {
      // What Okta shows on a 401 here (§1.2), whatever the app's error says; it saves nothing.
      if (response.status === 401) {
        return {
          ok: false,
          detail:
            `HTTP 401: ${asSentence(errorDetail(response))} Okta shows "Error authenticating: Unauthorized. The connector configuration could not be tested…" ` +
            'and does not save the settings.'
        }
      }
      const problem = listProblem(response.body)
      if (problem) return { ok: false, detail: problem }
      // Testing saves nothing: the admin clicks Save next, which sends this request again (§1.2). Not played twice: the
      // same request again would add nothing to watch.
      return {
        ok: true,
        detail: `Verified: the app answers with ${plural(Number(response.body?.totalResults), 'user')}. The admin can now save the API integration; Okta sends this same request again on Save.`
      }
    }
  })
  return credentials !== null
}

/** How many times the demo's admin clicks Save of To App again after a 429, before giving up. */
const adminSaveAttempts = 3

/**
 * The admin turns on Create Users, Update User Attributes and Deactivate Users under Provisioning → To App, in Okta's
 * admin console, and clicks Save: Okta reads a first page of users again, then the app's groups, which it keeps for
 * Group Push (§1.2). A failure here does not end the run: what Okta then shows is not documented, and the assignments
 * that follow tell more.
 */
async function saveToApp(okta: OktaRun): Promise<void> {
  // The Save is the admin's click, not a provisioning task: Okta retries nothing after a 429 and shows an error; the
  // admin waits as Retry-After asks and clicks Save again. A real admin clicks Save a minute or more after Test API
  // Credentials, when a rate limit has refilled; the demo clicks within a second, so a low limit throttles it here.
  const byAdmin = {
    throttled: (response: HttpResponse, attempt: number) => {
      if (attempt >= adminSaveAttempts) {
        return { end: 'failed' as const, detail: `HTTP 429 on all ${adminSaveAttempts} clicks of Save: Okta shows an error each time. The demo goes on as if the settings were saved.` }
      }
      const asked = retryAfterSeconds(response.headers.get('retry-after'))
      const seconds = asked ?? 60
      return {
        retryIn: seconds,
        detail:
          `HTTP 429: ${asSentence(errorDetail(response))} Okta does not retry the admin's Save: it shows an error. ` +
          `The admin waits ${seconds} s${asked === null ? ' (the app asked for no time in Retry-After)' : ', as Retry-After asks,'} and clicks Save again.`
      }
    },
    retried: (waits: readonly number[]) =>
      `The app throttled the admin's Save ${plural(waits.length, 'time')}; the admin waited ${waits.map((seconds) => `${seconds} s`).join(', ')} and clicked Save again.`
  }
  await okta.request({
    step: 'save-to-app',
    title: "In Okta's admin console, the admin turns on Create Users, Update User Attributes and Deactivate Users (To App) and clicks Save: Okta reads the users again",
    method: 'GET',
    path: '/Users?startIndex=1&count=2',
    expect: [200],
    byAdmin,
    outcome: (response) => {
      const problem = listProblem(response.body)
      return problem ? { ok: false, detail: problem } : { ok: true, detail: `The app answers with ${plural(Number(response.body?.totalResults), 'user')}.` }
    }
  })
  await okta.request({
    step: 'save-to-app-groups',
    title: "Still saving To App, Okta reads the app's groups, which it keeps for Group Push",
    method: 'GET',
    path: `/Groups?startIndex=1&count=${pageSize}`,
    expect: [200],
    byAdmin,
    outcome: (response) => {
      const problem = listProblem(response.body, 'Groups')
      if (problem) return { ok: false, detail: problem }
      const total = Number(response.body?.totalResults)
      return { ok: true, detail: total === 0 ? 'The app has no groups yet. Okta saves the To App settings.' : `Okta keeps the app's ${plural(total, 'group')} for Group Push, and saves the To App settings.` }
    }
  })
}

/** The people assigned to the app, one after the other; the users Okta holds an id for at the end. */
async function assign(okta: OktaRun, people: readonly DemoPerson[]): Promise<Provisioned[]> {
  const provisioned: Provisioned[] = []
  for (const person of people) {
    const user = await assignPerson(okta, person)
    if (user) provisioned.push(user)
  }
  return provisioned
}

/** One assignment: Okta looks the user up, then links the one it finds or creates it; null when a step failed. */
async function assignPerson(okta: OktaRun, person: DemoPerson): Promise<Provisioned | null> {
  const lookup = await okta.request(lookupUser(person.userName))
  if (!lookup) return null
  const existing = resourcesOf(lookup.body)[0]
  if (existing && typeof existing.id === 'string') return linkUser(okta, { id: existing.id, userName: person.userName }, existing.active === false)
  return createUser(okta, person, lookup)
}

async function linkUser(okta: OktaRun, user: Provisioned, inactive: boolean): Promise<Provisioned | null> {
  await okta.note('link-user', `Okta links ${user.userName} to the existing user instead of creating a duplicate`, `Okta stores the SCIM id ${user.id}.`)
  // A reassigned user who was deactivated is reactivated, not created again (§1.3).
  if (inactive && !(await setActive(okta, user, true, 'reactivate'))) return null
  return user
}

/**
 * Okta's POST of a user its lookup (`lookup`, just before) did not find; the user as Okta then holds it, or null when the
 * app refused it.
 */
async function createUser(okta: OktaRun, person: DemoPerson, lookup: HttpResponse, title = `Okta creates ${person.userName}`): Promise<Provisioned | null> {
  const created = await okta.request({
    step: 'create-user',
    title,
    method: 'POST',
    path: '/Users',
    body: {
      schemas: [userSchemaUrn],
      userName: person.userName,
      name: { givenName: person.givenName, familyName: person.familyName },
      emails: [{ primary: true, value: person.userName, type: 'work' }],
      displayName: `${person.givenName} ${person.familyName}`,
      locale: 'en-US',
      externalId: person.externalId,
      groups: [],
      // Okta always sends a random 8-character password, even with password sync off (§1.3).
      password: randomText(8),
      active: true
    },
    expect: [201, 409],
    failureStatuses: [409],
    outcome: (response) =>
      response.status === 409
        ? existsThoughNotFound(person.userName, lookup, response)
        : typeof response.body?.id === 'string' && response.body.id
          ? { ok: true, detail: `Created with id ${response.body.id}; Okta stores it for every later call.` }
          : { ok: false, detail: 'Okta reports "Create new user returned empty user": the 201 has no id.' }
  })
  const createdId = created?.body?.id
  if (typeof createdId !== 'string') return null
  // Created again (deleted in the app since), a user is still one user the run leaves in the tenant.
  if (!okta.createdUsers.includes(person.userName)) okta.createdUsers.push(person.userName)
  return { id: createdId, userName: person.userName }
}

/**
 * A 409 to Okta's POST: the app has the user that its lookup, just before, did not answer. Okta creates only after a
 * lookup that finds nothing, and stops the provisioning job on a 409 (§1.3), so the cause is the lookup: a filter that
 * hides the user (inactive users hidden, a case-sensitive userName, §1.9), or a 404 where the user exists.
 */
function existsThoughNotFound(userName: string, lookup: HttpResponse, response: HttpResponse): Outcome {
  const lookedUp =
    lookup.status === 404
      ? `answered 404 to the lookup just before, which Okta reads as no such user`
      : `answered the lookup just before (filter userName eq "${userName}") with no user`
  return {
    ok: false,
    detail:
      `HTTP 409: ${asSentence(errorDetail(response))} The app has ${userName}, yet it ${lookedUp}. Okta creates a user only when its lookup finds none, ` +
      'and a 409 stops the provisioning job: the admin sees the app\'s error, and the user stays unprovisioned until the lookup finds it. ' +
      'The lookup must answer 200 with every user of that userName, inactive ones and any case of the name included; Okta then links the user instead of creating it.'
  }
}

async function pushProfile(okta: OktaRun, user: Provisioned): Promise<void> {
  const read = await okta.request(readUser(okta, user, 'read-user', 'before pushing a profile change', profileTask))
  if (!read?.body) return
  const title = read.body.title === 'Sales Director' ? 'Head of Sales' : 'Sales Director'
  await okta.request(
    putUser(okta, user, { ...read.body, title }, 'push-profile', `Okta pushes ${user.userName}'s new title "${title}" (PUT of the whole user)`, profileTask, (body) =>
      body.title === title ? { ok: true, detail: `The title is now "${title}".` } : { ok: false, detail: `The answer's title is ${JSON.stringify(body.title)}.` }
    )
  )
}

/**
 * The user is unassigned, which deactivates it (Okta never deletes users), then assigned again, which reactivates it;
 * the user as Okta then holds it, or null when a step failed.
 */
async function deactivateAndReactivate(okta: OktaRun, user: Provisioned): Promise<Provisioned | null> {
  if (!(await setActive(okta, user, false, 'deactivate'))) return null
  if (okta.catalog) return (await setActive(okta, user, true, 'reactivate')) ? user : null
  // The wizard app handles a reassignment as an assignment: it looks the user up again first, then reactivates the
  // user it finds (GET, PUT), or creates the user when none has the userName any more (deleted in the app since), with
  // a POST and a new id (§1.3, §1.4).
  const lookup = await okta.request(lookupUser(user.userName, 'lookup-user'))
  if (!lookup) return null
  const found = lookup.status === 200 ? resourcesOf(lookup.body)[0] : undefined
  if (found && typeof found.id === 'string') {
    const matched: Provisioned = { id: found.id, userName: user.userName }
    return (await setActive(okta, matched, true, 'reactivate')) ? matched : null
  }
  const person = okta.people.get(user.userName)
  if (!person) return null
  okta.leftInactive.delete(user.userName)
  return createUser(okta, person, lookup, `Okta creates ${user.userName} again: its lookup found no user (deleted in the app since it was deactivated)`)
}

/** Deactivation or reactivation as each app type sends it (§1.5, §1.6); true when the app took it. */
async function setActive(okta: OktaRun, user: Provisioned, active: boolean, step: string): Promise<boolean> {
  const done = okta.catalog ? await setActiveByPatch(okta, user, active, step) : await setActiveByPut(okta, user, active, step)
  if (done) {
    if (active) okta.leftInactive.delete(user.userName)
    else okta.leftInactive.add(user.userName)
  }
  return done
}

async function setActiveByPatch(okta: OktaRun, user: Provisioned, active: boolean, step: string): Promise<boolean> {
  const verb = active ? 'reactivates' : 'deactivates'
  const task = activeTask(active)
  const response = await okta.request({
    step,
    title: `Okta ${verb} ${user.userName} (PATCH, no path, active=${String(active)})`,
    method: 'PATCH',
    path: `/Users/${encodeURIComponent(user.id)}`,
    body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'replace', value: { active } }] },
    // The catalog app PATCHes the id it stored, with no lookup first (§1.5), so a user deleted in the app meanwhile is a 404.
    expect: [200, 204, 404],
    failureStatuses: [404],
    outcome: (answer) => (answer.status === 404 ? goneFromApp(okta, user, task, answer) : activeCheck(user, active)(answer))
  })
  return response !== null
}

async function setActiveByPut(okta: OktaRun, user: Provisioned, active: boolean, step: string): Promise<boolean> {
  const verb = active ? 'reactivates' : 'deactivates'
  const task = activeTask(active)
  const read = await okta.request(readUser(okta, user, `read-user`, active ? 'before reactivating it' : 'before deactivating it', task))
  if (!read?.body) return false
  const written = await okta.request(
    putUser(okta, user, { ...read.body, active }, step, `Okta ${verb} ${user.userName} (PUT of the whole user, active=${String(active)})`, task, (body) =>
      activeCheck(user, active)({ status: 200, headers: new Headers(), body, text: '' })
    )
  )
  return written !== null
}

/** An import of every page of `resource`; what it read, or null when a page failed. */
async function importAll(okta: OktaRun, resource: 'Users' | 'Groups'): Promise<Json[] | null> {
  const all: Json[] = []
  const noun = resource === 'Users' ? 'user' : 'group'
  for (let page = 1, startIndex = 1; ; page += 1, startIndex += pageSize) {
    const response = await okta.request(importPage(resource, page, startIndex, all))
    if (!response) return null
    const resources = resourcesOf(response.body)
    all.push(...resources)
    const total = Number(response.body?.totalResults)
    const missed = shortPage(resource, startIndex, resources.length, total, response.body?.itemsPerPage)
    if (missed) await okta.note(`import-${noun}s-short`, missed.title, missed.detail, true)
    if (resources.length === 0 || startIndex + pageSize > total) return all
    if (page >= maxImportPages) {
      await okta.note(`import-${noun}s-stopped`, `The demo stops the import after ${maxImportPages} pages`, `Okta would read all ${total} ${noun}s; the demo shows the first ${all.length}.`)
      return all
    }
  }
}

/**
 * A page of an import shorter than Okta's count while totalResults says more remain, in words; null for a full page.
 * Okta pages by its own count, whatever a page holds (§1.4: startIndex 1, 101, 201, …), so the rest of a short page's
 * range is never read: those users are missing from the import (RFC 7644 §3.4.2.4 lets a server answer fewer, but
 * Okta does not ask again for them).
 */
function shortPage(
  resource: 'Users' | 'Groups',
  startIndex: number,
  count: number,
  total: number,
  itemsPerPage: unknown
): { readonly title: string; readonly detail: string } | null {
  const first = startIndex + count
  if (count >= pageSize || !Number.isInteger(total) || first > total) return null
  // An empty page ends the import; a short one with more to come is followed by Okta's next page at startIndex + 100.
  const last = count === 0 ? total : Math.min(startIndex + pageSize - 1, total)
  const noun = resource === 'Users' ? 'user' : 'group'
  const range = first === last ? `${noun} ${first}` : `${noun}s ${first}–${last}`
  const claimed = Number.isInteger(itemsPerPage) && itemsPerPage !== count ? ` (its itemsPerPage says ${String(itemsPerPage)})` : ''
  return {
    title: `Okta's import misses ${range} of ${total}: the page held ${count} where Okta asked for ${pageSize}`,
    detail:
      `The page from startIndex ${startIndex} holds ${plural(count, noun)}${claimed}, while totalResults says ${total}. ` +
      (count === 0 ? "An empty page ends Okta's import, so" : `Okta pages by its own count, so its next page starts at ${startIndex + pageSize}, and`) +
      ` the import lacks ${range} with no error to say so. Return ${pageSize} per page whenever that many remain.`
  }
}

/**
 * Group Push of the demo group with the users Okta provisioned: it links or creates the group, pushes its members in
 * its app type's way, then pushes a member leaving and rejoining. `imported` are the groups of the wizard app's import.
 */
async function pushGroup(okta: OktaRun, provisioned: readonly Provisioned[], imported: readonly Json[] | null): Promise<void> {
  const members: Member[] = provisioned.map((user) => ({ value: user.id, display: user.userName }))
  const groupId = await linkOrCreateGroup(okta, members, imported)
  if (groupId === null) return
  const group: PushedGroup = { id: groupId, path: `/Groups/${encodeURIComponent(groupId)}` }
  const pushed = okta.catalog ? await pushMembersByPatch(okta, group, members) : await pushMembersByPut(okta, group, members)
  if (pushed) await changeMembership(okta, group, members)
}

/** The SCIM id of the group Okta links, else of the one it creates; null when a step failed. */
async function linkOrCreateGroup(okta: OktaRun, members: readonly Member[], imported: readonly Json[] | null): Promise<string | null> {
  const found = okta.catalog ? await lookupGroup(okta) : importedGroupId(imported)
  if (found === undefined) return null
  if (found) {
    await okta.note('link-group', `Okta links the existing group "${demoGroupName}"`, `Okta stores the SCIM id ${found}.`)
    return found
  }
  const created = await okta.request({
    step: 'create-group',
    title: okta.catalog
      ? `Okta pushes the group "${demoGroupName}" (POST, members follow by PATCH)`
      : `Okta pushes the group "${demoGroupName}" with its ${plural(members.length, 'member')} (POST)`,
    method: 'POST',
    path: '/Groups',
    body: { schemas: [groupSchemaUrn], displayName: demoGroupName, members: okta.catalog ? [] : members },
    expect: [201],
    outcome: createdGroupOutcome
  })
  const createdId = created?.body?.id
  if (typeof createdId !== 'string') return null
  okta.groupHalfWay = okta.catalog && members.length > 0 ? `the group "${demoGroupName}" was created without its members` : null
  return createdId
}

/** The catalog app's lookup of its group by displayName: its id, null when there is none, undefined when the lookup failed. */
async function lookupGroup(okta: OktaRun): Promise<string | null | undefined> {
  const lookup = await okta.request({
    step: 'lookup-group',
    title: `Okta looks for a group named "${demoGroupName}"`,
    method: 'GET',
    path: `/Groups?${oktaFilterQuery('displayName', demoGroupName)}`,
    expect: [200],
    outcome: (response) =>
      lookupOutcome(
        response,
        { attribute: 'displayName', value: demoGroupName },
        {
          listProblem: (body) => listProblem(body, 'Groups'),
          wrong: (answered) => `The filter answered the group "${answered}": the server did not apply the filter, and Okta would link the wrong group.`,
          found: () => 'Found it: Okta links it.',
          missing: 'None yet: Okta will create it.'
        }
      )
  })
  if (!lookup) return undefined
  const found = resourcesOf(lookup.body)[0]?.id
  return typeof found === 'string' ? found : null
}

// The wizard app does no filter lookup: it uses the groups it cached from GET /Groups?count=100 (§1.7).
function importedGroupId(imported: readonly Json[] | null): string | null {
  const found = imported?.find((group) => typeof group.displayName === 'string' && group.displayName.toLowerCase() === demoGroupName.toLowerCase())?.id
  return typeof found === 'string' ? found : null
}

/** The catalog app's push: the group's name again, then a PATCH that adds every member. */
async function pushMembersByPatch(okta: OktaRun, group: PushedGroup, members: readonly Member[]): Promise<boolean> {
  const renamed = await okta.request(renameGroup(group, 'after linking or creating it'))
  if (!renamed) return false
  const pushed = await okta.request({
    step: 'push-members',
    title: `Okta adds ${plural(members.length, 'member')} to "${demoGroupName}" (PATCH add members)`,
    method: 'PATCH',
    path: group.path,
    body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'add', path: 'members', value: members }] },
    expect: [200, 204],
    outcome: () => ({ ok: true, detail: `${plural(members.length, 'member')} pushed.` })
  })
  if (pushed) okta.groupHalfWay = null
  return pushed !== null
}

/** The wizard app's push: the group as read, with its full list of members, in a PUT. */
async function pushMembersByPut(okta: OktaRun, group: PushedGroup, members: readonly Member[]): Promise<boolean> {
  const read = await okta.request(readGroup(group.path, 'to push its members'))
  if (!read?.body) return false
  const pushed = await okta.request(
    putMembers(group.path, read.body, members, 'push-members', `Okta replaces the group with its full list of ${plural(members.length, 'member')} (PUT)`)
  )
  return pushed !== null
}

/**
 * The two other membership pushes of §1.7: one member leaves the group in Okta (the catalog app's delta PATCH that
 * removes by valuePath; the wizard app's full PUT without her), then rejoins and the admin clicks "Push now" (the
 * catalog app's PATCH that replaces every member; the wizard app's full PUT). The group ends as it was.
 */
async function changeMembership(okta: OktaRun, group: PushedGroup, members: readonly Member[]): Promise<void> {
  const leaver = members[members.length - 1]
  if (!leaver) return
  if (okta.catalog) await changeMembershipByPatch(okta, group, members, leaver)
  else await changeMembershipByPut(okta, group, members, leaver)
}

async function changeMembershipByPatch(okta: OktaRun, group: PushedGroup, members: readonly Member[], leaver: Member): Promise<void> {
  if (!(await okta.request(renameGroup(group, 'before a membership update')))) return
  const removed = await okta.request({
    step: 'remove-member',
    title: `${leaver.display} leaves "${demoGroupName}" in Okta: Okta removes that one member (PATCH remove members[value eq …])`,
    method: 'PATCH',
    path: group.path,
    body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'remove', path: `members[value eq "${leaver.value}"]` }] },
    expect: [200, 204],
    outcome: memberRemovedOutcome(leaver.value, leaver.display)
  })
  if (!removed) return
  okta.groupHalfWay = `${leaver.display} was removed from "${demoGroupName}" and not added back`
  if (!(await okta.request(renameGroup(group, 'before the next membership update')))) return
  const replaced = await okta.request({
    step: 'replace-members',
    title: `${leaver.display} rejoins, and the admin clicks "Push now": Okta sends every member (PATCH replace members)`,
    method: 'PATCH',
    path: group.path,
    body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'replace', path: 'members', value: members }] },
    expect: [200, 204],
    outcome: (response) => {
      const count = Array.isArray(response.body?.members) ? response.body.members.length : null
      return count === null || count === members.length
        ? { ok: true, detail: `${plural(members.length, 'member')} pushed; the group is whole again.` }
        : { ok: false, detail: `The group has ${count} members after the replace, not ${members.length}.` }
    }
  })
  if (replaced) okta.groupHalfWay = null
}

async function changeMembershipByPut(okta: OktaRun, group: PushedGroup, members: readonly Member[], leaver: Member): Promise<void> {
  const remaining = members.slice(0, -1)
  const before = await okta.request(readGroup(group.path, 'before a membership update'))
  if (!before?.body) return
  const removed = await okta.request(
    putMembers(group.path, before.body, remaining, 'remove-member', `${leaver.display} leaves "${demoGroupName}" in Okta: Okta sends the full list without that member (PUT)`)
  )
  if (!removed) return
  okta.groupHalfWay = `${leaver.display} was removed from "${demoGroupName}" and not added back`
  const again = await okta.request(readGroup(group.path, 'for "Push now"'))
  if (!again?.body) return
  const replaced = await okta.request(
    putMembers(group.path, again.body, members, 'replace-members', `${leaver.display} rejoins, and the admin clicks "Push now": Okta sends the full list (PUT)`)
  )
  if (replaced) okta.groupHalfWay = null
}

function lookupUser(userName: string, step = 'lookup-user'): HttpCall {
  return {
    step,
    title: `Okta is checking whether ${userName} exists…`,
    method: 'GET',
    path: `/Users?${oktaFilterQuery('userName', userName)}`,
    // Okta takes a 404 with an Error body as "no match" too (§1.3), though Entra and the SPEC test need the 200.
    expect: [200, 404],
    outcome: (response) => {
      if (response.status === 404) {
        return {
          ok: true,
          detail: `HTTP 404 (${errorDetail(response)}): Okta reads it as no such user and creates one. (Okta tolerates this; Entra and Okta's SPEC test need 200 with an empty ListResponse.)`
        }
      }
      return lookupOutcome(
        response,
        { attribute: 'userName', value: userName },
        {
          listProblem,
          wrong: (answered) =>
            `The filter answered ${answered}, not ${userName}: the server did not apply the filter. Okta links the first user it gets, so it would tie ${userName} to that account.`,
          found: (found) => `Found ${userName} (id ${String(found.id)}, ${found.active === false ? 'inactive' : 'active'}).`,
          missing: `No user named ${userName}: Okta will create one.`
        }
      )
    }
  }
}

/** The task of a profile push, as Okta's Dashboard → Tasks names what failed (§1.4). */
const profileTask = 'profile updates have errors'

function activeTask(active: boolean): string {
  return active ? 'reactivating the user in the app failed' : 'deactivating the user in the app failed'
}

/**
 * A 404 on the SCIM id Okta stored for `user`: the user was deleted in the app since Okta provisioned it. Okta does not
 * look the user up again, create it anew, or retry (§1.4): the task fails, and stays failed until the admin unassigns
 * and reassigns the user, which starts over with a lookup that finds none, then a POST. Said so that a sales engineer
 * or Support reads what Okta shows and what to do next, not a bare 404.
 */
function goneFromApp(okta: OktaRun, user: Provisioned, task: string, response: HttpResponse): Outcome {
  okta.goneIds.add(user.id)
  // Deleted, not left inactive: a run that stops later must not say the user is waiting to be reactivated.
  okta.leftInactive.delete(user.userName)
  return {
    ok: false,
    detail:
      `HTTP 404: ${asSentence(errorDetail(response))} The app no longer has ${user.userName} under the id Okta stored (${user.id}): it was deleted in the app. ` +
      `Okta does not look the user up again, create it anew, or retry: it fails the task, and Dashboard → Tasks shows "${task}" with the app's error. ` +
      `What the admin does next in Okta: unassign ${user.userName} from the app, then assign it again; Okta then looks the user up, finds none, and creates it with a new id. ` +
      'Group Push below goes on without this user.'
  }
}

function readUser(okta: OktaRun, user: Provisioned, step: string, why: string, task: string): HttpCall {
  return {
    step,
    title: `Okta reads ${user.userName} ${why}`,
    method: 'GET',
    path: `/Users/${encodeURIComponent(user.id)}`,
    expect: [200, 404],
    failureStatuses: [404],
    outcome: (response) =>
      response.status === 404
        ? goneFromApp(okta, user, task, response)
        : typeof response.body?.id === 'string'
          ? { ok: true, detail: `Read ${user.userName} (active: ${String(response.body.active)}).` }
          : { ok: false, detail: 'The answer has no user id.' }
  }
}

function putUser(okta: OktaRun, user: Provisioned, body: Json, step: string, title: string, task: string, check: (result: Json) => Outcome): HttpCall {
  return {
    step,
    title,
    method: 'PUT',
    path: `/Users/${encodeURIComponent(user.id)}`,
    // Read-modify-write: the last GET with the change, id and meta included, as Okta sends it (§1.5).
    body,
    expect: [200, 404],
    failureStatuses: [404],
    outcome: (response) =>
      response.status === 404 ? goneFromApp(okta, user, task, response) : response.body ? check(response.body) : { ok: false, detail: 'The PUT answered no user.' }
  }
}

function activeCheck(user: Provisioned, active: boolean): (response: HttpResponse) => Outcome {
  return (response) => {
    if (response.status === 204 || response.body?.active === active) {
      return { ok: true, detail: `${user.userName} is now ${active ? 'active' : 'inactive'}${active ? '' : '; Okta never deletes users'}.` }
    }
    return { ok: false, detail: `The answer says active is ${String(response.body?.active)}, not ${String(active)}.` }
  }
}

/** `read`: what the pages before this one held, to tell a server that ignores startIndex and count. */
function importPage(resource: 'Users' | 'Groups', page: number, startIndex: number, read: readonly Json[]): HttpCall {
  const noun = resource === 'Users' ? 'user' : 'group'
  return {
    step: resource === 'Users' ? 'import-users' : 'import-groups',
    title: `Okta imports ${noun}s, page ${page}`,
    method: 'GET',
    path: `/${resource}?startIndex=${startIndex}&count=${pageSize}`,
    expect: [200],
    outcome: (answer) => {
      const problem = listProblem(answer.body, resource)
      if (problem) return { ok: false, detail: problem }
      const resources = resourcesOf(answer.body)
      const count = resources.length
      const total = Number(answer.body?.totalResults)
      const ignored = ignoredPaging(resource, startIndex, resources, total, read)
      if (ignored) return { ok: false, detail: ignored }
      if (count === 0) return { ok: true, detail: `No ${noun}s to import.` }
      const range = `${noun[0]?.toUpperCase()}${noun.slice(1)}s ${startIndex}–${startIndex + count - 1} of ${total}.`
      if (resource === 'Groups') return { ok: true, detail: range }
      // Okta does not pull users whose active is false, even in a full import (§1.4): they are read, not imported.
      const inactive = resources.filter((user) => user.active === false).length
      const active = count - inactive
      const notPulled = 'Okta does not pull inactive users, even in a full import.'
      return {
        ok: true,
        detail:
          inactive === 0
            ? `${range} Okta matches them by username and email (exact match or new) without calling the app again.`
            : active === 0
              ? `${range} Okta imports none of them: ${inactive === 1 ? 'the user is' : `all ${inactive} are`} inactive (active is false), and ${notPulled}`
              : `${range} Okta imports the ${plural(active, 'active user')} and leaves out ${plural(inactive, 'inactive user')} (active is false): ${notPulled} ` +
                'It matches the active ones by username and email (exact match or new) without calling the app again.'
      }
    }
  }
}

/**
 * Why an import page shows that the server ignores startIndex or count (it repeats what earlier pages held, holds more
 * than the count Okta asked for, or more than totalResults leaves from startIndex); null when it does not. Okta pages by
 * startIndex alone (§1.4), so against such a server it reads the same resources again on later pages, and (ignoring
 * startIndex) never the rest: the demo stops paging there. RFC 7644 §3.4.2.4: a server MUST NOT return more than count.
 */
function ignoredPaging(resource: 'Users' | 'Groups', startIndex: number, resources: readonly Json[], total: number, read: readonly Json[]): string | null {
  const noun = resource === 'Users' ? 'user' : 'group'
  const seen = new Set(read.map((item) => item.id).filter((id) => typeof id === 'string'))
  const repeated = resources.filter((item) => typeof item.id === 'string' && seen.has(item.id))
  const beyond = Number.isInteger(total) && startIndex + resources.length - 1 > total
  const mustReturn = `The app must return at most count ${noun}s, starting at the startIndex-th (from 1), in an order that stays the same from page to page.`
  const paging = `Okta pages by startIndex (1, ${1 + pageSize}, ${1 + 2 * pageSize}, …) until totalResults`
  // Seen on the page itself, the first one included, before Okta's next page reads them again.
  if (repeated.length === 0 && resources.length > pageSize) {
    return (
      `The page from startIndex ${startIndex} holds ${plural(resources.length, noun)}, more than the count of ${pageSize} Okta asked for: the app ignores count. ` +
      `${paging}, so its next page, from ${startIndex + pageSize}, would read again ${noun}s this page holds (all of them, if the app ignores startIndex too); ` +
      `the demo stops the import here. ${mustReturn}`
    )
  }
  if (repeated.length === 0 && !beyond) return null
  const first = repeated[0]
  const name = first ? (typeof first.userName === 'string' ? first.userName : typeof first.displayName === 'string' ? first.displayName : String(first.id)) : ''
  const shows =
    repeated.length > 0
      ? `The page from startIndex ${startIndex} repeats ${plural(repeated.length, noun)} of earlier pages (${name} first)`
      : `The page from startIndex ${startIndex} holds ${plural(resources.length, noun)}, more than the ${Math.max(0, total - startIndex + 1)} totalResults (${total}) leaves from there`
  return `${shows}: the app ignores startIndex and count. ${paging}, so its import would read the same ${noun}s again on every page and never the rest; the demo stops the import here. ${mustReturn}`
}

function putMembers(path: string, group: Json, members: readonly Member[], step: string, title: string): HttpCall {
  return {
    step,
    title,
    method: 'PUT',
    path,
    // Read-modify-write, as for users: the last GET with the full member list Okta holds (§1.7).
    body: { ...group, members },
    expect: [200],
    outcome: (response) => {
      const count = Array.isArray(response.body?.members) ? response.body.members.length : null
      return count === null || count === members.length
        ? { ok: true, detail: `The group now has ${plural(members.length, 'member')}.` }
        : { ok: false, detail: `The group has ${count} members after the PUT, not ${members.length}.` }
    }
  }
}

function readGroup(path: string, why: string): HttpCall {
  return {
    step: 'read-group',
    title: `Okta reads the group "${demoGroupName}" ${why}`,
    method: 'GET',
    path,
    expect: [200],
    outcome: (response) =>
      typeof response.body?.id === 'string'
        ? { ok: true, detail: `Read the group with ${plural(Array.isArray(response.body.members) ? response.body.members.length : 0, 'member')}.` }
        : { ok: false, detail: 'The answer has no group id.' }
  }
}

function renameGroup(group: PushedGroup, why: string): HttpCall {
  return {
    step: 'rename-group',
    title: `Okta re-sends the group's name ${why} (PATCH without a path, carrying the id)`,
    method: 'PATCH',
    path: group.path,
    body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'replace', value: { id: group.id, displayName: demoGroupName } }] },
    expect: [200, 204],
    outcome: () => ({ ok: true, detail: 'Accepted; the readOnly id in the value is ignored, as Okta needs.' })
  }
}
