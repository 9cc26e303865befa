/**
 * An error's `detail` speaks to the admin of the client that sent the request: Okta shows it to its admins, Entra
 * writes it into its Provisioning logs, and curl or a script prints it. Each detail that says what to do where names
 * Okta's fields for Okta, Entra's (Tenant URL, Secret Token, Test Connection, Provisioning logs) for Entra, and no
 * product for a client without a User-Agent. The status and scimType stay the same for all three.
 */
import { request as httpRequest } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDiagnostician } from '../../src/main/core/diagnosis'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'
import { value } from '../support/result'

type Client = 'okta' | 'entra' | 'none'

/** The User-Agent each client sends (okta-scim.md §1 and §4); `none` sends no User-Agent header at all. */
const userAgents: Readonly<Record<Client, string | null>> = {
  okta: 'Okta SCIM Client 1.0.0',
  entra: 'Azure Active Directory SCIM Client',
  none: null
}
const clients = Object.keys(userAgents) as Client[]

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'
const groupUrn = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const day = 24 * 60 * 60 * 1000

// The detail of a token that another tenant was issued, and of a slug no tenant has: one answer, which tells neither.
const notIssuedHere = {
  okta: /^The API token was not issued for this base URL\. Check the SCIM connector base URL in Okta: it must be the one SCIM Console shows with the token\. Or paste the token issued for this base URL\.$/,
  entra: /^The API token was not issued for this base URL\. Check the Tenant URL in Entra .*: it must be the one SCIM Console shows with the token\. Or paste the token issued for this base URL into Secret Token in Entra /,
  none: /^The API token was not issued for this base URL\. Send it to the base URL that SCIM Console shows with it, or send the token issued for this base URL\.$/
}

let harness: ScimHarness
let acme: ReturnType<ScimHarness['tenant']>
let clock: number

beforeEach(async () => {
  clock = Date.parse('2026-03-02T09:00:00.000Z')
  harness = await startScimHarness({ now: () => clock })
  acme = harness.tenant('Acme Corp', 'acme')
})
afterEach(async () => {
  await harness.close()
})

interface Sent {
  readonly status: number
  readonly body: Record<string, unknown>
}

/**
 * Sends a request over node:http, which (unlike fetch) adds no User-Agent of its own. `authorization` null sends no
 * Authorization header; by default the tenant's token goes as a Bearer token.
 */
function send(client: Client, method: string, path: string, options: { authorization?: string | null; body?: unknown } = {}): Promise<Sent> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
  const authorization = options.authorization === undefined ? `Bearer ${acme.token}` : options.authorization
  const userAgent = userAgents[client]
  const headers: Record<string, string> = {
    accept: 'application/scim+json',
    ...(userAgent === null ? {} : { 'user-agent': userAgent }),
    ...(authorization === null ? {} : { authorization }),
    ...(payload === undefined ? {} : { 'content-type': 'application/scim+json', 'content-length': String(Buffer.byteLength(payload)) })
  }
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${harness.origin}${path}`, { method, headers }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }))
    })
    outgoing.on('error', reject)
    outgoing.end(payload)
  })
}

/** The newest log entry of a tenant (or of every tenant), as the log page gets it. */
function lastLogged(tenantId?: string) {
  harness.services.log.flush()
  const newest = value(harness.services.log.list({ ...(tenantId ? { tenantId } : {}), limit: 1 })).items[0]
  if (!newest) throw new Error('nothing was logged')
  return value(harness.services.log.get(newest.id))
}

/** One failure as each client meets it: how to provoke it, its status and scimType, and what each client is told. */
interface Case {
  readonly name: string
  readonly status: number
  readonly scimType?: string
  provoke(client: Client): Promise<Sent>
  readonly okta: RegExp
  readonly entra: RegExp
  readonly none: RegExp
}

const entraCredentials = /\(the app's Provisioning page, under Admin Credentials\)/

// The detail of a write to or read of a user the tenant no longer has: the client's link to the user is stale.
const staleLink = {
  okta: /^User not found: no user has the id "u-gone" in this tenant\. Okta's link to this user is stale: unassign the user from the app in Okta and assign them again, so that Okta creates them anew\.$/,
  entra: /^User not found: no user has the id "u-gone" in this tenant\. If Entra's Provisioning logs show this, select Restart provisioning on the app's Provisioning page/,
  none: /^User not found: no user has the id "u-gone" in this tenant\.$/
}

/** The PATCH that turns a user's `active` on or off (a reactivation, a deactivation), for u-gone, a user the tenant lacks. */
function setGoneUserActive(client: Client, active: boolean): Promise<Sent> {
  return send(client, 'PATCH', '/scim/v2/acme/Users/u-gone', {
    body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active } }] }
  })
}

const cases: Case[] = [
  {
    name: 'no Authorization header',
    status: 401,
    provoke: (client) => send(client, 'GET', '/scim/v2/acme/Users?startIndex=1&count=2', { authorization: null }),
    okta: /^The request has no Authorization header\. In Okta, set Authentication Mode to "HTTP Header" and paste the API token\.$/,
    entra: /^The request has no Authorization header\. Paste the API token into Secret Token in Entra .*, then click Test Connection\.$/,
    none: /^The request has no Authorization header\. Send this tenant's API token as "Authorization: Bearer <token>", or paste it into your identity provider's token field\.$/
  },
  {
    name: '"Bearer" with no token after it',
    status: 401,
    provoke: (client) => send(client, 'GET', '/scim/v2/acme/Users', { authorization: 'Bearer' }),
    okta: /says "Bearer" but has no API token after it\. Paste the token into Okta's API Token field\.$/,
    entra: /says "Bearer" but has no API token after it\. Paste the token into Secret Token in Entra /,
    none: /says "Bearer" but has no API token after it\. Put this tenant's API token after "Bearer "/
  },
  {
    name: 'the Basic scheme',
    status: 401,
    provoke: (client) => send(client, 'GET', '/scim/v2/acme/Users', { authorization: 'Basic YWRtaW46c2VjcmV0' }),
    okta: /"Basic" scheme .* In Okta, set Authentication Mode to "HTTP Header"/,
    entra: /"Basic" scheme .* SCIM Console takes only its API token: paste it into Secret Token in Entra /,
    none: /"Basic" scheme .* SCIM Console takes only its API token, as "Authorization: Bearer <token>"\.$/
  },
  {
    name: 'a token of another tenant',
    status: 401,
    provoke: (client) => send(client, 'GET', '/scim/v2/acme/Users', { authorization: `Bearer ${harness.tenant(`Globex ${client}`, `globex-${client}`).token}` }),
    ...notIssuedHere
  },
  {
    name: 'a revoked token',
    status: 401,
    provoke: (client) => {
      const issued = value(harness.services.tokens.issue({ tenant: acme.id, label: `Revoked ${client}` }))
      value(harness.services.tokens.revoke(issued.id))
      return send(client, 'GET', '/scim/v2/acme/Users', { authorization: `Bearer ${issued.token}` })
    },
    okta: /^The API token "Revoked okta" was revoked on 2026-03-02 09:00:00 UTC\. Issue a new token and paste it into Okta\.$/,
    entra: /^The API token "Revoked entra" was revoked on .*\. Issue a new token and paste it into Secret Token in Entra /,
    none: /^The API token "Revoked none" was revoked on .*\. Issue a new token in SCIM Console and send that one\.$/
  },
  {
    name: 'an expired token',
    status: 401,
    provoke: (client) => {
      const issued = value(harness.services.tokens.issue({ tenant: acme.id, label: `Short-lived ${client}`, expiresInDays: 1 }))
      clock += day
      return send(client, 'GET', '/scim/v2/acme/Users', { authorization: `Bearer ${issued.token}` })
    },
    okta: /^The API token "Short-lived okta" expired on .*\. Issue a new token and paste it into Okta\.$/,
    entra: /^The API token "Short-lived entra" expired on .*\. Issue a new token and paste it into Secret Token in Entra /,
    none: /^The API token "Short-lived none" expired on .*\. Issue a new token in SCIM Console and send that one\.$/
  },
  {
    // Answered as a tenant's slug is answered to another tenant's token: which slugs exist is no one's to learn.
    name: 'a base URL with a slug no tenant has',
    status: 401,
    provoke: (client) => send(client, 'GET', '/scim/v2/acme-old/Users?startIndex=1&count=2'),
    ...notIssuedHere
  },
  {
    name: 'a base URL that leaves out /v2',
    status: 404,
    provoke: (client) => send(client, 'GET', '/scim/acme/Users'),
    // The right base URL, to a caller with the tenant's token; not the tenant's name, which the path does not hold.
    okta: /^There is no SCIM endpoint at \/scim\/acme\/Users: the SCIM base URL of the tenant "acme" is http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/acme, which this path does not start with\. Set it as the SCIM connector base URL in Okta\.$/,
    // Entra's Tenant URL carries the standards flag, as the setup guide writes it.
    entra: /is http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/acme\?aadOptscim062020, which this path does not start with\. Set it as the Tenant URL in Entra /,
    none: /which this path does not start with\. Send requests to that base URL\.$/
  },
  {
    // Without the tenant's token, the answer of a path with a slug no tenant has: it must not tell that "acme" exists.
    name: 'a base URL that leaves out /v2, sent without a token',
    status: 404,
    provoke: (client) => send(client, 'GET', '/scim/acme/Users', { authorization: null }),
    okta: /^There is no SCIM endpoint at \/scim\/acme\/Users\. The SCIM base URL is \/scim\/v2\/<tenant slug>\.$/,
    entra: /^There is no SCIM endpoint at \/scim\/acme\/Users\. The SCIM base URL is \/scim\/v2\/<tenant slug>\.$/,
    none: /^There is no SCIM endpoint at \/scim\/acme\/Users\. The SCIM base URL is \/scim\/v2\/<tenant slug>\.$/
  },
  {
    name: 'a user without a userName',
    status: 400,
    scimType: 'invalidValue',
    provoke: (client) => send(client, 'POST', '/scim/v2/acme/Users', { body: { schemas: [userUrn], name: { givenName: 'Jane' }, active: true } }),
    okta: /^The user has no userName\. Okta sends the user's email as userName; check the app's username format\.$/,
    entra: /^The user has no userName\. Entra sends the attribute mapped to userName \(userPrincipalName by default\); check it under Mappings → Provision Microsoft Entra ID Users on the app's Provisioning page\.$/,
    none: /^The user has no userName\. Every user needs one, as a non-empty string\.$/
  },
  {
    name: 'a group without a displayName',
    status: 400,
    scimType: 'invalidValue',
    provoke: (client) => send(client, 'POST', '/scim/v2/acme/Groups', { body: { schemas: [groupUrn], members: [] } }),
    okta: /^The group has no displayName, so it cannot be created\. Okta sends the group's name as displayName\.$/,
    entra: /^The group has no displayName, so it cannot be created\. Entra sends the attribute mapped to displayName; check it under Mappings → Provision Microsoft Entra ID Groups/,
    none: /^The group has no displayName, so it cannot be created\. Every group needs one, as a non-empty string\.$/
  },
  {
    name: 'a user id that no user has',
    status: 404,
    provoke: (client) => send(client, 'PUT', '/scim/v2/acme/Users/u-gone', { body: { schemas: [userUrn], userName: 'jane@acme.com', active: true } }),
    ...staleLink
  },
  {
    // Okta's reactivation and its read before a push get the same way out: the sentence names no one operation.
    name: 'a reactivation of a user that is gone',
    status: 404,
    provoke: (client) => setGoneUserActive(client, true),
    ...staleLink
  },
  {
    name: 'a read of a user that is gone',
    status: 404,
    provoke: (client) => send(client, 'GET', '/scim/v2/acme/Users/u-gone'),
    ...staleLink
  },
  {
    name: 'a deactivation of a user that is gone',
    status: 404,
    provoke: (client) => setGoneUserActive(client, false),
    // Never "unassign and reassign": that would create, for a moment, the user the admin is removing.
    okta: /^User not found: no user has the id "u-gone" in this tenant\. It is no longer here \(deleted\), so it is inactive already: nothing to fix for this user\. If Okta lists the failed task, dismiss it\.$/,
    entra: /^User not found: no user has the id "u-gone" in this tenant\. It is no longer here \(deleted\), so it is inactive already: nothing to fix for this user\.$/,
    none: /^User not found: no user has the id "u-gone" in this tenant\. It is no longer here \(deleted\), so it is inactive already: nothing to fix for this user\.$/
  },
  {
    name: 'a delete of a user that is gone',
    status: 404,
    provoke: (client) => send(client, 'DELETE', '/scim/v2/acme/Users/u-gone'),
    okta: /^User not found: no user has the id "u-gone" in this tenant\. It is deleted already: nothing to fix for this user\./,
    entra: /^User not found: no user has the id "u-gone" in this tenant\. It is deleted already: nothing to fix for this user\.$/,
    none: /^User not found: no user has the id "u-gone" in this tenant\. It is deleted already: nothing to fix for this user\.$/
  },
  {
    // Okta's Group Push to a group deleted here since: Okta shows the detail under Tasks, so it says how to relink.
    name: 'a group id that no group has',
    status: 404,
    provoke: (client) =>
      send(client, 'PATCH', '/scim/v2/acme/Groups/g-gone', {
        body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { displayName: 'Sales' } }] }
      }),
    okta: /^Group not found: no group has the id "g-gone" in this tenant\. If Okta shows this for a pushed group, unlink it in Okta's Push Groups tab \(keeping the group in Okta\), then push it again so that it is created anew\.$/,
    entra: /^Group not found: no group has the id "g-gone" in this tenant\. If Entra's Provisioning logs show this, select Restart provisioning on the app's Provisioning page, so that Entra looks its groups up again and creates the missing ones\.$/,
    none: /^Group not found: no group has the id "g-gone" in this tenant\.$/
  },
  {
    name: 'a delete of a group that is gone',
    status: 404,
    provoke: (client) => send(client, 'DELETE', '/scim/v2/acme/Groups/g-gone'),
    okta: /^Group not found: no group has the id "g-gone" in this tenant\. It is deleted already: nothing to fix for this group\. If Okta lists the failed task, dismiss it\.$/,
    entra: /^Group not found: no group has the id "g-gone" in this tenant\. It is deleted already: nothing to fix for this group\.$/,
    none: /^Group not found: no group has the id "g-gone" in this tenant\. It is deleted already: nothing to fix for this group\.$/
  },
  {
    name: 'a base URL that ends in /Users',
    status: 404,
    provoke: (client) => send(client, 'GET', '/scim/v2/acme/Users/Users'),
    okta: /^User not found: no user has the id "Users" in this tenant\. The path names \/Users twice: the base URL entered in the client probably ends in \/Users, which the client adds itself\./,
    entra: /The path names \/Users twice/,
    none: /The path names \/Users twice/
  },
  {
    // A group pushed with a member list of many thousands: over the limit, whoever sent it, with the way out for each.
    name: 'a body larger than 1 MB',
    status: 413,
    provoke: (client) =>
      send(client, 'POST', '/scim/v2/acme/Groups', {
        body: { schemas: [groupUrn], displayName: 'Everyone', members: Array.from({ length: 25_000 }, (_, n) => ({ value: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` })) }
      }),
    okta: /^The request body is larger than 1 MB, SCIM Console's limit, so nothing of it was applied\. An Okta app you created yourself pushes a group with its full member list: push a group this large from the catalog's SCIM 2\.0 Test App, which sends membership changes in small PATCH requests, or split it into smaller groups\.$/,
    entra: /^The request body is larger than 1 MB, SCIM Console's limit, so nothing of it was applied\. Entra sends a group's members a few at a time, so no request of its own should be this large: report this request to SCIM Console support\.$/,
    none: /^The request body is larger than 1 MB, SCIM Console's limit, so nothing of it was applied\. Send less in one request: a group's members can be added over several PATCH requests \(op "add", path "members"\)\.$/
  },
  {
    name: 'a tenant slug that is not validly percent-encoded',
    status: 400,
    provoke: (client) => send(client, 'GET', '/scim/v2/acme%E2%80/Users?startIndex=1&count=2'),
    okta: /^The request path is not validly percent-encoded: a %-escape in the tenant slug "acme%E2%80" does not decode to UTF-8 text\. Check the SCIM connector base URL in Okta for stray characters/,
    entra: /^The request path is not validly percent-encoded: a %-escape in the tenant slug "acme%E2%80" does not decode to UTF-8 text\. Check the Tenant URL in Entra .* for stray characters/,
    none: /^The request path is not validly percent-encoded: a %-escape in the tenant slug "acme%E2%80" does not decode to UTF-8 text\. Check the SCIM base URL for stray characters/
  }
]

describe("an error's detail, in the words of the client that sent the request", () => {
  it.each(cases)('names the right product for $name, and keeps the status and scimType', async (failure) => {
    for (const client of clients) {
      const answer = await failure.provoke(client)
      const detail = String(answer.body.detail)
      // The wire contract is the same for every client: only the detail's words change.
      expect(answer.status, client).toBe(failure.status)
      expect(answer.body, client).toEqual({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: String(failure.status),
        ...(failure.scimType ? { scimType: failure.scimType } : {}),
        detail
      })
      expect(detail, client).toMatch(failure[client])
      if (client !== 'okta') expect(detail, client).not.toMatch(/Okta/)
      if (client !== 'entra') expect(detail, client).not.toMatch(/Entra/)
      if (client === 'entra' && /Secret Token|Tenant URL/.test(detail)) expect(detail).toMatch(entraCredentials)
      // The log keeps what this client was told, in its error detail and in the response body it stores.
      const logged = lastLogged()
      expect(logged.errorDetail, client).toBe(detail)
      expect(JSON.parse(logged.responseBody ?? '{}'), client).toEqual(answer.body)
      expect(logged.client, client).toBe(userAgents[client])
    }
  })

  it("never names the tenant to a caller that has not shown one of its tokens: the customers this server holds are not told", async () => {
    const globex = harness.tenant('Globex', 'globex')
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'
    for (const authorization of [null, 'Bearer', 'Basic dXNlcjpwYXNz', 'Bearer not-a-token', `Bearer ${jwt}`, `Bearer ${globex.token}`]) {
      for (const client of clients) {
        const answer = await send(client, 'GET', '/scim/v2/acme/Users?startIndex=1&count=2', { authorization })
        expect(answer.status, `${client} ${authorization}`).toBe(401)
        expect(String(answer.body.detail), `${client} ${authorization}`).not.toContain('Acme Corp')
      }
    }
  })

  it('gives a neutral detail for a mangled resource id, whoever sent it, since no admin entered it', async () => {
    for (const client of clients) {
      const answer = await send(client, 'GET', '/scim/v2/acme/Users/%E0%A4%A')
      expect([answer.status, answer.body.scimType], client).toEqual([400, undefined])
      expect(answer.body.detail, client).toBe(
        'The request path is not validly percent-encoded: a %-escape in the user id "%E0%A4%A" does not decode to UTF-8 text. ' +
          "SCIM Console's ids hold only letters, digits and dashes, so the client changed the id it was given."
      )
    }
  })
})

describe('diagnoses of these failures still read in the words of the client', () => {
  it("explains Entra's user without a userName with Entra's mappings, and no Okta advice", async () => {
    await send('entra', 'POST', '/scim/v2/acme/Users', { body: { schemas: [userUrn], active: true } })
    const detail = value(createDiagnostician(harness.services).detail(lastLogged(acme.id).id))
    expect(detail.diagnosis?.title).toBe('Entra sent a user without a userName')
    expect(detail.diagnosis?.explanation).toBe('The user has no userName. Every user needs one: it is how Entra and SCIM Console tell users apart.')
    expect(detail.diagnosis?.nextStep).toContain('Provision Microsoft Entra ID Users')
    expect(JSON.stringify(detail.diagnosis)).not.toContain('Okta')
  })
})
