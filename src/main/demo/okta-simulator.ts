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
import { isRecord, retryAfterSeconds, type HttpResponse, type Json } from './scim-http'
import {
  demoGroupName,
  demoPeople,
  errorDetail,
  lookupOutcome,
  randomText,
  resourcesOf,
  startSimulation,
  type HttpCall,
  type Outcome,
  type SimulatedClient,
  type Simulation,
  type SimulationContext,
  type DemoPerson,
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

interface Provisioned {
  readonly id: string
  readonly userName: string
}

/** A group member as Okta pushes it: the SCIM user id and a display, no type (§1.7). */
interface Member {
  readonly value: string
  readonly display: string
}

// Okta reads a list only when it is a full ListResponse with integer paging fields (§1.2, §1.4).
function listProblem(body: Json | null): string | null {
  if (!body) return 'The answer is not JSON. Okta reports "No results for users returned".'
  if (!Array.isArray(body.schemas) || !body.schemas.includes(listSchema)) return 'The answer is not a ListResponse (its schemas lack the ListResponse URN).'
  if (!Number.isInteger(body.totalResults)) return 'totalResults is not a JSON integer; Okta fails without details.'
  if (!Array.isArray(body.Resources)) return 'Resources is missing; Okta reports "No results for users returned".'
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
    const why = wait.fromHeader ? (attempt === 1 ? 'as Retry-After asks' : 'Retry-After, doubled') : 'no usable Retry-After, so 5 minutes'
    return { retryIn: wait.seconds, detail: `HTTP 429: Okta pauses the task and waits ${wait.seconds} s (${why}) before attempt ${attempt + 1} of ${oktaMaxAttempts}.` }
  },
  onTimeout: oktaOnTimeout
}

/** Starts a simulated Okta run at once (the catalog app, or the wizard app); follow it with `onProgress`, steer it with `control`, await `done`. */
export function startOktaSimulation(options: SimulatorOptions): Simulation {
  return startSimulation(options, oktaClient, oktaScript)
}

/** Okta's side of a run: Test API Credentials, assignments, a profile push, deactivation and reactivation, imports, Group Push. */
function oktaScript({ options, request, note }: SimulationContext) {
  const catalog = options.mode === 'catalog'

  // What the run changed, for a run that ends early: what it created, and what it left half-way.
  const createdUsers: string[] = []
  const leftInactive = new Set<string>()
  // The group's membership when a run ends between two of its pushes, in words; null when it is as Okta holds it.
  let groupHalfWay: string | null = null

  function halfWay(): string[] {
    const parts = [...leftInactive].map((userName) => `${userName} is left inactive (deactivated, not yet reactivated)`)
    if (groupHalfWay) parts.push(groupHalfWay)
    return parts
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

  function readUser(user: Provisioned, step: string, why: string): HttpCall {
    return {
      step,
      title: `Okta reads ${user.userName} ${why}`,
      method: 'GET',
      path: `/Users/${encodeURIComponent(user.id)}`,
      expect: [200],
      outcome: (response) =>
        typeof response.body?.id === 'string'
          ? { ok: true, detail: `Read ${user.userName} (active: ${String(response.body.active)}).` }
          : { ok: false, detail: 'The answer has no user id.' }
    }
  }

  function putUser(user: Provisioned, body: Json, step: string, title: string, check: (result: Json) => Outcome): HttpCall {
    return {
      step,
      title,
      method: 'PUT',
      path: `/Users/${encodeURIComponent(user.id)}`,
      // Read-modify-write: the last GET with the change, id and meta included, as Okta sends it (§1.5).
      body,
      expect: [200],
      outcome: (response) => (response.body ? check(response.body) : { ok: false, detail: 'The PUT answered no user.' })
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

  /** Deactivation or reactivation as each app type sends it (§1.5, §1.6). */
  async function setActive(user: Provisioned, active: boolean, step: string): Promise<boolean> {
    const verb = active ? 'reactivates' : 'deactivates'
    if (catalog) {
      const response = await request({
        step,
        title: `Okta ${verb} ${user.userName} (PATCH, no path, active=${String(active)})`,
        method: 'PATCH',
        path: `/Users/${encodeURIComponent(user.id)}`,
        body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'replace', value: { active } }] },
        expect: [200, 204],
        outcome: activeCheck(user, active)
      })
      if (response !== null) noteActive(user, active)
      return response !== null
    }
    const read = await request(readUser(user, `read-user`, active ? 'before reactivating it' : 'before deactivating it'))
    if (!read?.body) return false
    const written = await request(
      putUser(user, { ...read.body, active }, step, `Okta ${verb} ${user.userName} (PUT of the whole user, active=${String(active)})`, (body) =>
        activeCheck(user, active)({ status: 200, headers: new Headers(), body, text: '' })
      )
    )
    if (written !== null) noteActive(user, active)
    return written !== null
  }

  function noteActive(user: Provisioned, active: boolean): void {
    if (active) leftInactive.delete(user.userName)
    else leftInactive.add(user.userName)
  }

  async function importAll(resource: 'Users' | 'Groups'): Promise<Json[] | null> {
    const all: Json[] = []
    const noun = resource === 'Users' ? 'user' : 'group'
    for (let page = 1, startIndex = 1; ; page += 1, startIndex += pageSize) {
      const response = await request({
        step: resource === 'Users' ? 'import-users' : 'import-groups',
        title: `Okta imports ${noun}s, page ${page}`,
        method: 'GET',
        path: `/${resource}?startIndex=${startIndex}&count=${pageSize}`,
        expect: [200],
        outcome: (answer) => {
          const problem = listProblem(answer.body)
          if (problem) return { ok: false, detail: problem }
          const count = resourcesOf(answer.body).length
          const total = Number(answer.body?.totalResults)
          return {
            ok: true,
            detail:
              count === 0
                ? `No ${noun}s to import.`
                : `${noun[0]?.toUpperCase()}${noun.slice(1)}s ${startIndex}–${startIndex + count - 1} of ${total}.` +
                  (resource === 'Users' ? ' Okta matches them by username and email (exact match or new) without calling the app again.' : '')
          }
        }
      })
      if (!response) return null
      const resources = resourcesOf(response.body)
      all.push(...resources)
      const total = Number(response.body?.totalResults)
      if (resources.length === 0 || startIndex + pageSize > total) return all
      if (page >= maxImportPages) {
        await note(`import-${noun}s-stopped`, `The demo stops the import after ${maxImportPages} pages`, `Okta would read all ${total} ${noun}s; the demo shows the first ${all.length}.`)
        return all
      }
    }
  }

  async function assign(people: readonly DemoPerson[]): Promise<Provisioned[]> {
    const provisioned: Provisioned[] = []
    for (const person of people) {
      const lookup = await request(lookupUser(person.userName))
      if (!lookup) continue
      const existing = resourcesOf(lookup.body)[0]
      if (existing && typeof existing.id === 'string') {
        const user = { id: existing.id, userName: person.userName }
        await note('link-user', `Okta links ${person.userName} to the existing user instead of creating a duplicate`, `Okta stores the SCIM id ${existing.id}.`)
        // A reassigned user who was deactivated is reactivated, not created again (§1.3).
        if (existing.active === false && !(await setActive(user, true, 'reactivate'))) continue
        provisioned.push(user)
        continue
      }
      const created = await request({
        step: 'create-user',
        title: `Okta creates ${person.userName}`,
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
        expect: [201],
        outcome: (response) =>
          typeof response.body?.id === 'string' && response.body.id
            ? { ok: true, detail: `Created with id ${response.body.id}; Okta stores it for every later call.` }
            : { ok: false, detail: 'Okta reports "Create new user returned empty user": the 201 has no id.' }
      })
      const createdId = created?.body?.id
      if (typeof createdId === 'string') {
        provisioned.push({ id: createdId, userName: person.userName })
        createdUsers.push(person.userName)
      }
    }
    return provisioned
  }

  async function pushProfile(user: Provisioned): Promise<void> {
    const read = await request(readUser(user, 'read-user', 'before pushing a profile change'))
    if (!read?.body) return
    const title = read.body.title === 'Sales Director' ? 'Head of Sales' : 'Sales Director'
    await request(
      putUser(user, { ...read.body, title }, 'push-profile', `Okta pushes ${user.userName}'s new title "${title}" (PUT of the whole user)`, (body) =>
        body.title === title ? { ok: true, detail: `The title is now "${title}".` } : { ok: false, detail: `The answer's title is ${JSON.stringify(body.title)}.` }
      )
    )
  }

  async function pushGroup(provisioned: readonly Provisioned[], imported: readonly Json[] | null): Promise<void> {
    const members: Member[] = provisioned.map((user) => ({ value: user.id, display: user.userName }))
    let groupId: string | null
    if (catalog) {
      const lookup = await request({
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
              listProblem,
              wrong: (answered) => `The filter answered the group "${answered}": the server did not apply the filter, and Okta would link the wrong group.`,
              found: () => 'Found it: Okta links it.',
              missing: 'None yet: Okta will create it.'
            }
          )
      })
      if (!lookup) return
      const found = resourcesOf(lookup.body)[0]?.id
      groupId = typeof found === 'string' ? found : null
    } else {
      // The wizard app does no filter lookup: it uses the groups it cached from GET /Groups?count=100 (§1.7).
      const found = imported?.find((group) => typeof group.displayName === 'string' && group.displayName.toLowerCase() === demoGroupName.toLowerCase())?.id
      groupId = typeof found === 'string' ? found : null
    }
    if (groupId) {
      await note('link-group', `Okta links the existing group "${demoGroupName}"`, `Okta stores the SCIM id ${groupId}.`)
    } else {
      const created = await request({
        step: 'create-group',
        title: catalog
          ? `Okta pushes the group "${demoGroupName}" (POST, members follow by PATCH)`
          : `Okta pushes the group "${demoGroupName}" with its ${plural(members.length, 'member')} (POST)`,
        method: 'POST',
        path: '/Groups',
        body: { schemas: [groupSchemaUrn], displayName: demoGroupName, members: catalog ? [] : members },
        expect: [201],
        outcome: (response) =>
          typeof response.body?.id === 'string'
            ? { ok: true, detail: `Created with id ${response.body.id}.` }
            : { ok: false, detail: 'The 201 has no group id.' }
      })
      const createdId = created?.body?.id
      if (typeof createdId !== 'string') return
      groupId = createdId
      groupHalfWay = catalog && members.length > 0 ? `the group "${demoGroupName}" was created without its members` : null
    }
    const path = `/Groups/${encodeURIComponent(groupId)}`
    if (catalog) {
      const renamed = await request(renameGroup(path, groupId, 'after linking or creating it'))
      if (!renamed) return
      const pushed = await request({
        step: 'push-members',
        title: `Okta adds ${plural(members.length, 'member')} to "${demoGroupName}" (PATCH add members)`,
        method: 'PATCH',
        path,
        body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'add', path: 'members', value: members }] },
        expect: [200, 204],
        outcome: () => ({ ok: true, detail: `${plural(members.length, 'member')} pushed.` })
      })
      if (pushed) groupHalfWay = null
      if (pushed) await changeMembership(path, members)
      return
    }
    const read = await request(readGroup(path, 'to push its members'))
    if (!read?.body) return
    const pushed = await request(putMembers(path, read.body, members, 'push-members', `Okta replaces the group with its full list of ${plural(members.length, 'member')} (PUT)`))
    if (pushed) await changeMembership(path, members)
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

  function renameGroup(path: string, groupId: string, why: string): HttpCall {
    return {
      step: 'rename-group',
      title: `Okta re-sends the group's name ${why} (PATCH without a path, carrying the id)`,
      method: 'PATCH',
      path,
      body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'replace', value: { id: groupId, displayName: demoGroupName } }] },
      expect: [200, 204],
      outcome: () => ({ ok: true, detail: 'Accepted; the readOnly id in the value is ignored, as Okta needs.' })
    }
  }

  /**
   * The two other membership pushes of §1.7: one member leaves the group in Okta (the catalog app's delta PATCH that
   * removes by valuePath; the wizard app's full PUT without her), then rejoins and the admin clicks "Push now" (the
   * catalog app's PATCH that replaces every member; the wizard app's full PUT). The group ends as it was.
   */
  async function changeMembership(path: string, members: readonly Member[]): Promise<void> {
    const leaver = members[members.length - 1]
    if (!leaver) return
    const groupId = decodeURIComponent(path.slice('/Groups/'.length))
    const remaining = members.slice(0, -1)
    if (catalog) {
      if (!(await request(renameGroup(path, groupId, 'before a membership update')))) return
      const removed = await request({
        step: 'remove-member',
        title: `${leaver.display} leaves "${demoGroupName}" in Okta: Okta removes that one member (PATCH remove members[value eq …])`,
        method: 'PATCH',
        path,
        body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'remove', path: `members[value eq "${leaver.value}"]` }] },
        expect: [200, 204],
        outcome: (response) =>
          Array.isArray(response.body?.members) && response.body.members.some((member) => isRecord(member) && member.value === leaver.value)
            ? { ok: false, detail: `${leaver.display} is still a member after the remove.` }
            : { ok: true, detail: `${leaver.display} removed; the other members stay.` }
      })
      if (!removed) return
      groupHalfWay = `${leaver.display} was removed from "${demoGroupName}" and not added back`
      if (!(await request(renameGroup(path, groupId, 'before the next membership update')))) return
      const replaced = await request({
        step: 'replace-members',
        title: `${leaver.display} rejoins, and the admin clicks "Push now": Okta sends every member (PATCH replace members)`,
        method: 'PATCH',
        path,
        body: { schemas: [patchOpSchemaUrn], Operations: [{ op: 'replace', path: 'members', value: members }] },
        expect: [200, 204],
        outcome: (response) => {
          const count = Array.isArray(response.body?.members) ? response.body.members.length : null
          return count === null || count === members.length
            ? { ok: true, detail: `${plural(members.length, 'member')} pushed; the group is whole again.` }
            : { ok: false, detail: `The group has ${count} members after the replace, not ${members.length}.` }
        }
      })
      if (replaced) groupHalfWay = null
      return
    }
    const before = await request(readGroup(path, 'before a membership update'))
    if (!before?.body) return
    const removed = await request(
      putMembers(path, before.body, remaining, 'remove-member', `${leaver.display} leaves "${demoGroupName}" in Okta: Okta sends the full list without that member (PUT)`)
    )
    if (!removed) return
    groupHalfWay = `${leaver.display} was removed from "${demoGroupName}" and not added back`
    const again = await request(readGroup(path, 'for "Push now"'))
    if (!again?.body) return
    const replaced = await request(
      putMembers(path, again.body, members, 'replace-members', `${leaver.display} rejoins, and the admin clicks "Push now": Okta sends the full list (PUT)`)
    )
    if (replaced) groupHalfWay = null
  }

  async function play(): Promise<void> {
    const credentials = await request({
      step: 'test-credentials',
      title: 'Okta tests the API credentials ("Test API Credentials")',
      method: 'GET',
      path: '/Users?startIndex=1&count=2',
      expect: [200],
      retries: false,
      outcome: (response) => {
        const problem = listProblem(response.body)
        if (problem) return { ok: false, detail: problem }
        return { ok: true, detail: `Verified: the app answers with ${plural(Number(response.body?.totalResults), 'user')}. Okta saves the settings.` }
      }
    })
    // Okta refuses to save an integration whose credentials fail; nothing else would follow.
    if (!credentials) return
    const provisioned = await assign(demoPeople(options.users, options.emailDomain))
    const first = provisioned[0]
    const last = provisioned[provisioned.length - 1]
    if (first && last) {
      await pushProfile(first)
      if (await setActive(last, false, 'deactivate')) {
        if (!catalog) {
          // The wizard app reactivates a reassigned user by looking it up again first (§1.5).
          const found = await request(lookupUser(last.userName, 'lookup-user'))
          if (found) await setActive(last, true, 'reactivate')
        } else {
          await setActive(last, true, 'reactivate')
        }
      }
    }
    const importedUsers = await importAll('Users')
    const importedGroups = importedUsers ? await importAll('Groups') : null
    if (provisioned.length > 0) await pushGroup(provisioned, importedGroups)
  }


  return { play, createdUsers: () => createdUsers, halfWay }
}
