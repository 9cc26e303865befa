/**
 * The diagnosis of failures an audit found explained wrongly: Okta's and Entra's exact requests sent over real HTTP,
 * and the diagnosis Support reads for each. Each test says what the customer's admin must, or must not, be told.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LogEntryDetail } from '../../src/shared/models'
import { oktaMaxAttempts } from '../../src/shared/okta-retry'
import { simulatorUserAgent } from '../../src/shared/request-outcome'
import { createDiagnostician, type Diagnostician } from '../../src/main/core/diagnosis'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'
import { value } from '../support/result'

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'
const patchUrn = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const entraHeaders = { 'user-agent': 'Azure Active Directory SCIM Client' }

let harness: ScimHarness
let diagnostician: Diagnostician
let acme: ReturnType<ScimHarness['tenant']>

beforeEach(async () => {
  harness = await startScimHarness()
  diagnostician = createDiagnostician(harness.services)
  acme = harness.tenant('Acme Corp', 'acme')
})
afterEach(async () => {
  await harness.close()
})

/** The newest logged request of any tenant, or of none, with its diagnosis. */
function newest(): LogEntryDetail {
  harness.services.log.flush()
  const entry = value(harness.services.log.list({ limit: 1 })).items[0]
  if (!entry) throw new Error('nothing was logged')
  return value(diagnostician.detail(entry.id))
}

function text(detail: LogEntryDetail): string {
  const diagnosis = detail.diagnosis
  if (!diagnosis) throw new Error('expected a diagnosis')
  return [diagnosis.title, diagnosis.explanation, diagnosis.nextStep, ...diagnosis.facts.map((fact) => `${fact.label}: ${fact.value}`)].join('\n')
}

const jane = {
  schemas: [userUrn],
  userName: 'jane.doe@acme.com',
  externalId: '00ujane',
  name: { givenName: 'Jane', familyName: 'Doe' },
  emails: [{ primary: true, value: 'jane.doe@acme.com', type: 'work' }],
  active: true
}

async function createJane(body: Record<string, unknown> = jane): Promise<string> {
  const created = await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body })
  expect(created.status).toBe(201)
  return String(created.body.id)
}

describe('a deactivation of a user that is not here', () => {
  it("says Okta's PATCH deactivation of an unknown user needs nothing, and not to unassign and reassign", async () => {
    const patch = await harness.request('PATCH', `${acme.baseUrl}/Users/u-unknown`, {
      token: acme.token,
      body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { active: false } }] }
    })
    expect(patch.status).toBe(404)
    const detail = newest()
    expect(detail.diagnosis?.severity).toBe('warning')
    expect(detail.diagnosis?.title).toBe('Okta deactivated a user that was already gone')
    expect(detail.diagnosis?.nextStep).toMatch(/^Nothing to fix: the user is gone here\./)
    expect(detail.diagnosis?.nextStep).not.toMatch(/creates them anew|unassign the user from the app, then assign/)
  })

  it("says the same of a wizard app's PUT with active false, and of Entra's PATCH of active", async () => {
    const id = await createJane()
    expect((await harness.request('DELETE', `${acme.baseUrl}/Users/${id}`, { token: acme.token })).status).toBe(204)
    expect((await harness.request('PUT', `${acme.baseUrl}/Users/${id}`, { token: acme.token, body: { ...jane, id, active: false } })).status).toBe(404)
    const put = newest()
    expect(put.diagnosis?.title).toBe('Okta deactivated a user that was already gone')
    expect(text(put)).toMatch(/Deleted: .* by DELETE/)

    const entra = await harness.request('PATCH', `${acme.baseUrl}/Users/${id}`, {
      token: acme.token,
      headers: entraHeaders,
      body: { schemas: [patchUrn], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] }
    })
    expect(entra.status).toBe(404)
    const fromEntra = newest()
    expect(fromEntra.diagnosis?.title).toBe('Entra deactivated a user that was already gone')
    expect(`${fromEntra.diagnosis?.explanation} ${fromEntra.diagnosis?.nextStep}`).not.toContain('Okta')
  })

  it('still sends Okta to unassign and reassign for a profile push to a user that is gone', async () => {
    const id = await createJane()
    expect((await harness.request('DELETE', `${acme.baseUrl}/Users/${id}`, { token: acme.token })).status).toBe(204)
    expect((await harness.request('PUT', `${acme.baseUrl}/Users/${id}`, { token: acme.token, body: { ...jane, id, title: 'Engineer' } })).status).toBe(404)
    expect(newest().diagnosis?.title).toBe('Okta is updating a user that no longer exists here')
  })
})

describe("a 429 on Okta's Test API Credentials", () => {
  it('says the button is not retried and is clicked again once the budget allows', async () => {
    value(harness.services.tenants.update({ tenant: acme.id, rateLimitPerMinute: 1 }))
    expect((await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=2`, { token: acme.token })).status).toBe(200)
    const throttled = await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=2`, { token: acme.token })
    expect(throttled.status).toBe(429)
    const detail = newest()
    expect(detail.operation).toBe('test-credentials')
    expect(detail.diagnosis?.severity).toBe('error')
    expect(detail.diagnosis?.explanation).toContain('Okta does not retry it')
    expect(detail.diagnosis?.nextStep).toContain('click Test API Credentials (Test Connector Configuration) again')
    expect(detail.diagnosis?.nextStep).toContain('Edit tenant')
    expect(text(detail)).not.toMatch(/retries it by itself|Nothing to do|Nothing is lost/)
  })

  it(`counts ${oktaMaxAttempts} attempts and ${oktaMaxAttempts - 1} waits for a task, as the simulator plays them`, async () => {
    value(harness.services.tenants.update({ tenant: acme.id, rateLimitPerMinute: 1 }))
    await harness.request('GET', `${acme.baseUrl}/Users?filter=${encodeURIComponent('userName eq "a@acme.com"')}`, { token: acme.token })
    const throttled = await harness.request('GET', `${acme.baseUrl}/Users?filter=${encodeURIComponent('userName eq "b@acme.com"')}`, { token: acme.token })
    expect(throttled.status).toBe(429)
    const retryAfter = Number(throttled.headers.get('retry-after'))
    const detail = newest()
    expect(detail.diagnosis?.explanation).toContain('retries it by itself')
    expect(text(detail)).toContain(`${oktaMaxAttempts - 1} waits in ${oktaMaxAttempts} attempts`)
    // Retry-After 60 doubles 9 times: up to 60 × 256 s (about 4 hours), over 60 × 511 s (about 9 hours), not twice that.
    expect(retryAfter).toBe(60)
    expect(detail.diagnosis?.explanation).toMatch(/up to 4 hours\), for 10 attempts in all over about 9 hours/)
  })
})

describe('a duplicate create', () => {
  it('says two different Okta people hold the userName when their externalIds differ, and not to link them', async () => {
    const janeId = await createJane()
    const other = await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: { ...jane, externalId: '00uother' } })
    expect(other.status).toBe(409)
    const detail = newest()
    expect(detail.diagnosis?.title).toBe('Another person already has the userName "jane.doe@acme.com"')
    expect(text(detail)).toContain('externalId sent: 00uother')
    expect(text(detail)).toContain("Holder's externalId: 00ujane")
    expect(text(detail)).toContain(`Held by user: ${janeId}`)
    expect(detail.diagnosis?.nextStep).toMatch(/^Do not run Import/)
    expect(detail.diagnosis?.nextStep).toContain('different username')
  })

  it('keeps the Import advice when the externalIds match, and asks to check the person when the holder has none', async () => {
    await createJane()
    expect((await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: jane })).status).toBe(409)
    const same = newest()
    expect(same.diagnosis?.nextStep).toMatch(/^In Okta, run Import/)
    expect(same.diagnosis?.nextStep).not.toContain('same person')

    const noExternalId = { ...jane, userName: 'carl@acme.com', externalId: undefined }
    await createJane(noExternalId)
    expect((await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, body: { ...noExternalId, externalId: '00ucarl' } })).status).toBe(409)
    const unknown = newest()
    expect(unknown.diagnosis?.nextStep).toContain('Import')
    expect(unknown.diagnosis?.nextStep).toContain('is the same person: it has no externalId to compare')
  })
})

describe('an attribute error on an item of a multi-valued attribute', () => {
  it("names Okta's phoneNumbers[0].value whole, with the value sent and the mapping to correct", async () => {
    const id = await createJane()
    expect((await harness.request('PUT', `${acme.baseUrl}/Users/${id}`, { token: acme.token, body: { ...jane, id, phoneNumbers: [{ value: 4151234567 }] } })).status).toBe(400)
    const detail = newest()
    expect(detail.diagnosis?.title).toBe('Okta sent a value for phoneNumbers[0].value that cannot be used')
    expect(text(detail)).toContain('Value sent: 4151234567')
    expect(detail.diagnosis?.nextStep).toContain('correct the mapping of phoneNumbers[0].value')
    expect(text(detail)).not.toContain('Compare the request body')
  })

  it("names Entra's emails[type eq \"work\"].primary as its mapping's target attribute", async () => {
    const id = await createJane()
    const patch = await harness.request('PATCH', `${acme.baseUrl}/Users/${id}`, {
      token: acme.token,
      headers: entraHeaders,
      body: { schemas: [patchUrn], Operations: [{ op: 'Replace', path: 'emails[type eq "work"].primary', value: 'maybe' }] }
    })
    expect(patch.status).toBe(400)
    const detail = newest()
    expect(detail.diagnosis?.title).toBe('Entra sent a value for emails[type eq "work"].primary that cannot be used')
    expect(detail.diagnosis?.nextStep).toContain('correct the mapping whose target attribute is emails[type eq "work"].primary')
    expect(text(detail)).toContain('Value sent: "maybe"')
  })

  it('names a filtered PATCH path whole, past the quotes inside it', async () => {
    const id = await createJane()
    const patch = await harness.request('PATCH', `${acme.baseUrl}/Users/${id}`, {
      token: acme.token,
      body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'phoneNumbers[type eq "mobile"', value: 'x' }] }
    })
    expect(patch.status).toBe(400)
    expect(newest().diagnosis?.title).toBe('Okta sent a PATCH path that cannot be used: phoneNumbers[type eq "mobile"')
  })
})

describe('a base URL that names no tenant', () => {
  it("names the tenant whose token came with a wrong slug, and the slug to use", async () => {
    expect((await harness.request('GET', `${harness.origin}/scim/v2/acme-corp/Users`, { token: acme.token })).status).toBe(401)
    const detail = newest()
    expect(detail.diagnosis?.title).toBe('No tenant has the slug "acme-corp"')
    expect(detail.diagnosis?.explanation).toContain(`an API token of Acme Corp (${acme.token.slice(0, 9)}…)`)
    expect(detail.diagnosis?.nextStep).toContain("Acme Corp's base URL, ending in /scim/v2/acme")
    expect(text(detail)).toContain('Base URL should end in: /scim/v2/acme')
    // Okta was answered 401, which tells no caller whether a slug exists; Support reads why.
    expect(detail.diagnosis?.explanation).toContain('SCIM Console answered 401 Unauthorized, not 404')
  })

  it('says the slug is missing from a base URL that stops at /scim/v2', async () => {
    expect((await harness.request('GET', `${harness.origin}/scim/v2/Users`, { token: acme.token })).status).toBe(401)
    const detail = newest()
    expect(detail.diagnosis?.title).toBe('The base URL has no tenant slug')
    expect(detail.diagnosis?.nextStep).toContain('/scim/v2/acme')
    expect(text(detail)).not.toContain('No tenant has the slug "Users"')
  })

  it('says a tenant was deleted while the identity provider still provisions to it', async () => {
    const globex = harness.tenant('Globex', 'globex')
    expect((await harness.request('GET', `${globex.baseUrl}/Users?startIndex=1&count=2`, { token: globex.token })).status).toBe(200)
    value(harness.services.tenants.remove({ tenant: globex.id, force: true }))
    expect((await harness.request('GET', `${globex.baseUrl}/Users?startIndex=1&count=2`, { token: globex.token })).status).toBe(401)
    const detail = newest()
    expect(detail.diagnosis?.title).toBe('The tenant with the slug "globex" was deleted')
    expect(detail.diagnosis?.explanation).toContain('still provisioning to it')
    expect(text(detail)).toContain(`Deleted tenant id: ${globex.id}`)
  })
})

describe('token paste mistakes', () => {
  it('names the token and tenant of a token pasted into the base URL', async () => {
    expect((await harness.request('GET', `${harness.origin}/scim/v2/${acme.token}/Users?startIndex=1&count=2`, { token: acme.token })).status).toBe(401)
    const detail = newest()
    expect(detail.diagnosis?.title).toBe('An API token was pasted into the base URL')
    expect(detail.diagnosis?.nextStep).toContain(`Revoke the token "Okta" (${acme.token.slice(0, 9)}…) in SCIM Console (Acme Corp → Tokens)`)
    expect(detail.diagnosis?.nextStep).toContain('/scim/v2/acme')
    expect(text(detail)).not.toContain(acme.token)
  })

  it('tells a token in quotes from one missing its start, in the answer, the log and the diagnosis', async () => {
    const quoted = await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=2`, { token: null, headers: { authorization: `Bearer "${acme.token}"` } })
    expect(quoted.status).toBe(401)
    expect(quoted.body.detail).toBe(
      `The API token was sent inside quotes ("…"), which are not part of it. Paste the token alone into Okta's API Token field, then click Test API Credentials.`
    )
    const inQuotes = newest()
    expect(inQuotes.requestHeaders.authorization).toBe(`Bearer "${acme.token.slice(0, 9)}…"`)
    expect(inQuotes.diagnosis?.title).toBe('The API token was sent inside quotes')
    expect(inQuotes.diagnosis?.nextStep).toContain('again, without the quotes')
    expect(text(inQuotes)).not.toContain(acme.token)

    const cut = await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=2`, { token: null, headers: { authorization: `Bearer ${acme.token.slice(12)}` } })
    expect(cut.status).toBe(401)
    const missingStart = newest()
    expect(missingStart.requestHeaders.authorization).toBe('Bearer [redacted]')
    expect(missingStart.diagnosis?.title).toBe('The API token is not one SCIM Console knows')
    expect(missingStart.diagnosis?.explanation).toContain('leave out its start')
    expect(missingStart.diagnosis?.explanation).not.toContain('quotes')
    expect(missingStart.diagnosis?.nextStep).toContain('without quotes')
  })

  it('says how many characters a token cut short has, in the answer and among the diagnosis facts', async () => {
    const short = acme.token.slice(0, -5)
    const answer = await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=2`, { token: short })
    expect(answer.status).toBe(401)
    expect(answer.body.detail).toBe(
      'The API token has 38 characters after "scim_", where every API token has 43: its end was not copied. A token is shown only once; paste it whole from where it was saved, or issue a new token and paste that into Okta.'
    )
    const detail = newest()
    expect(detail.diagnosis?.explanation).toContain('cut short')
    expect(text(detail)).toContain('SCIM Console answered: The API token has 38 characters')
    expect(text(detail)).not.toContain(short)
  })
})

describe('failures that got a generic diagnosis', () => {
  it('tells a request sent with curl what to change in the request, not in Okta', async () => {
    const curl = { 'user-agent': 'curl/8.5.0' }
    expect((await harness.request('GET', `${acme.baseUrl}/Widgets`, { headers: curl })).status).toBe(404)
    const wrongPath = newest()
    expect(wrongPath.diagnosis?.nextStep).toContain(`Send the requests to Acme Corp's base URL, ending in /scim/v2/acme with nothing after it.`)
    expect(text(wrongPath)).not.toContain('In Okta')
    expect((await harness.request('GET', `${acme.baseUrl}/Users?startIndex=1&count=2`, { token: null, headers: { ...curl, authorization: `Bearer "${acme.token}"` } })).status).toBe(401)
    const quoted = newest()
    expect(quoted.diagnosis?.explanation).toMatch(/^curl sent the token with " before it and " after it/)
    expect(quoted.diagnosis?.nextStep).toContain(`in the request's Authorization header`)
    expect(text(quoted)).not.toContain('In Okta')
  })

  it("says that a failure SCIM Console's self-test or demo sent is theirs, and that the self-test's needs nothing in Okta", async () => {
    const selfTest = simulatorUserAgent('Okta SCIM Client 1.0.0', 'self-test')
    expect((await harness.request('GET', `${acme.baseUrl}/Users/00000000-0000-4000-8000-000000000000`, { headers: { 'user-agent': selfTest } })).status).toBe(404)
    const probe = newest()
    expect(probe.diagnosis?.severity).toBe('info')
    expect(probe.diagnosis?.explanation).toContain("came from SCIM Console's conformance self-test, not from the customer's Okta")
    expect(probe.diagnosis?.nextStep).toMatch(/^Nothing to do in Okta\. /)
    expect(text(probe)).toContain("Sent by: SCIM Console's conformance self-test")

    const demo = simulatorUserAgent('Okta SCIM Client 1.0.0', 'demo')
    expect((await harness.request('GET', `${acme.baseUrl}/Users/00000000-0000-4000-8000-000000000000`, { headers: { 'user-agent': demo } })).status).toBe(404)
    const played = newest()
    expect(played.diagnosis?.severity).toBe('error')
    expect(played.diagnosis?.explanation).toContain("came from SCIM Console's Okta demo")
  })

  it('names a user that is gone as the log last knew it, in the row of the 404', async () => {
    const created = await harness.request('POST', `${acme.baseUrl}/Users`, { body: jane })
    const id = String(created.body.id)
    expect((await harness.request('DELETE', `${acme.baseUrl}/Users/${id}`, { token: acme.token })).status).toBe(204)
    harness.services.log.flush()
    expect((await harness.request('GET', `${acme.baseUrl}/Users/${id}`, { token: acme.token })).status).toBe(404)
    const gone = newest()
    expect([gone.targetId, gone.targetName]).toEqual([id, 'jane.doe@acme.com'])
  })

  it('says a bad query parameter of a bodiless GET is in the URL, not in a body', async () => {
    expect((await harness.request('GET', `${acme.baseUrl}/Users?startIndex=abc`, { token: acme.token })).status).toBe(400)
    const detail = newest()
    expect(detail.diagnosis?.title).toBe("The request's startIndex cannot be used")
    expect(text(detail)).not.toContain('Compare the request body')
  })

  it('explains a 415 for a charset other than UTF-8', async () => {
    const sent = await harness.request('POST', `${acme.baseUrl}/Users`, {
      token: acme.token,
      raw: JSON.stringify(jane),
      headers: { 'content-type': 'application/scim+json; charset=latin1' }
    })
    expect(sent.status).toBe(415)
    const detail = newest()
    expect(detail.diagnosis?.title).toBe('The body was sent in latin1, not in UTF-8')
    expect(text(detail)).toContain('Content-Type sent: application/scim+json; charset=latin1')
  })

  it("says malformed JSON from Okta is Okta's own request, not the admin's to correct by hand", async () => {
    expect((await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, raw: '{"userName": "x",}' })).status).toBe(400)
    const detail = newest()
    expect(detail.diagnosis?.title).toBe('The request body cannot be read')
    expect(detail.diagnosis?.explanation).toContain('Okta writes this body itself')
    expect(detail.diagnosis?.nextStep).toContain('Okta support')
    expect(detail.diagnosis?.nextStep).not.toContain('Correct it in the client')
  })

  it("says a body of Okta's or Entra's that is not UTF-8 was changed on its way, and not to take the accents out of a name", async () => {
    // "José" as Latin-1 (0xE9 for é): what a proxy that re-encodes text makes of Okta's UTF-8 body.
    const latin1 = Buffer.from(JSON.stringify({ schemas: [userUrn], userName: 'jose@acme.com', name: { givenName: 'José', familyName: 'Díaz' } }), 'latin1')
    for (const headers of [{}, entraHeaders]) {
      expect((await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, bytes: latin1, headers })).status).toBe(400)
      const detail = newest()
      expect(detail.diagnosis?.title).toBe('The request body is not UTF-8')
      expect(detail.diagnosis?.explanation).toContain('no value in a profile or a mapping causes this')
      expect(detail.diagnosis?.nextStep).toMatch(/^Do not change names or other values in (Okta|Entra) to avoid their accented letters/)
      expect(text(detail)).not.toMatch(/Profile Editor|Mappings|correct its source/)
    }
    expect((await harness.request('POST', `${acme.baseUrl}/Users`, { token: acme.token, bytes: latin1, headers: { 'user-agent': 'curl/8.5.0' } })).status).toBe(400)
    expect(newest().diagnosis?.nextStep).toMatch(/^Have the client encode its body as UTF-8/)
  })

  it('says "equals" is not a SCIM operator, not that a value has an unescaped quote', async () => {
    expect((await harness.request('GET', `${acme.baseUrl}/Users?filter=${encodeURIComponent('userName equals "x"')}`, { token: acme.token })).status).toBe(400)
    const detail = newest()
    expect(detail.diagnosis?.title).toBe('The filter uses "equals", which is not a SCIM operator')
    expect(detail.diagnosis?.nextStep).toContain('eq')
    expect(detail.diagnosis?.nextStep).not.toContain('unescaped quote')
  })
})

describe('a group push that names a user who is gone', () => {
  it('names the member as Okta sent it, says when it was deleted, and whom to unassign', async () => {
    const john = await createJane({ ...jane, userName: 'john.roe@acme.com', externalId: '00ujohn' })
    const group = await harness.request('POST', `${acme.baseUrl}/Groups`, { token: acme.token, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Sales' } })
    expect(group.status).toBe(201)
    expect((await harness.request('DELETE', `${acme.baseUrl}/Users/${john}`, { token: acme.token })).status).toBe(204)

    const push = await harness.request('PATCH', `${acme.baseUrl}/Groups/${String(group.body.id)}`, {
      token: acme.token,
      headers: { 'user-agent': 'Okta SCIM Client 1.0.0' },
      body: { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: john, display: 'john.roe@acme.com' }] }] }
    })
    expect(push.status).toBe(400)
    const detail = newest()
    expect(detail.diagnosis?.explanation).toContain(`with the member john.roe@acme.com (id ${john})`)
    expect(detail.diagnosis?.explanation).toMatch(/The log shows the user deleted with DELETE on /)
    expect(detail.diagnosis?.nextStep).toMatch(/^In Okta, unassign john\.roe@acme\.com from the app/)
    expect(text(detail)).toMatch(new RegExp(`Deleted: .* by DELETE /scim/v2/acme/Users/${john}$`, "m"))
  })

  it('names a member without display by the name the log last knew, and says who may have deleted it when the log has no DELETE', async () => {
    const john = await createJane({ ...jane, userName: 'john.roe@acme.com', externalId: '00ujohn' })
    // Deleted in the console: no request in the log says so.
    expect(harness.services.directory.deleteUser(acme.id, john).ok).toBe(true)
    const push = await harness.request('POST', `${acme.baseUrl}/Groups`, {
      token: acme.token,
      headers: { 'user-agent': 'Okta SCIM Client 1.0.0' },
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Sales', members: [{ value: john }] }
    })
    expect(push.status).toBe(400)
    const detail = newest()
    expect(detail.diagnosis?.explanation).toContain(`with the member john.roe@acme.com (id ${john})`)
    expect(detail.diagnosis?.explanation).toContain('deleted here since (in SCIM Console, or by another client)')
  })
})
