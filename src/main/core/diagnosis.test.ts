import { describe, expect, it } from 'vitest'
import { formatDateTime } from '../../shared/date-time'
import type { LogEntry, TokenRef } from '../../shared/models'
import {
  diagnose,
  emptyContext,
  filterOf,
  presentedPrefix,
  readableSpan,
  requestedAttribute,
  valueAt,
  type DiagnosisContext
} from './diagnosis'
import { databaseRemovedFailure, storageFailure } from '../db/storage-errors'

const acme = { id: 't-acme', name: 'Acme Corp', slug: 'acme', rateLimitPerMinute: 60 }

function entry(overrides: Partial<LogEntry>): LogEntry {
  return {
    id: 42,
    at: '2026-11-28T10:00:00.000Z',
    tenantId: acme.id,
    tenantSlug: acme.slug,
    tokenId: null,
    method: 'GET',
    path: '/scim/v2/acme/Users',
    status: 200,
    durationMs: 3,
    client: 'Okta SCIM Client 1.0.0',
    operation: 'list-users',
    targetType: null,
    targetId: null,
    targetName: null,
    errorType: null,
    errorDetail: null,
    injected: false,
    authScheme: 'bearer',
    requestHeaders: { authorization: 'Bearer scim_ab12…' },
    requestBody: null,
    responseBody: null,
    errorFacts: null,
    ...overrides
  }
}

function context(overrides: Partial<DiagnosisContext>): DiagnosisContext {
  return { ...emptyContext, tenant: acme, ...overrides }
}

const token = (overrides: Partial<TokenRef>): TokenRef => ({
  id: 'tok-1',
  tenantId: acme.id,
  tenantName: acme.name,
  label: 'Okta production',
  prefix: 'scim_ab12',
  status: 'active',
  revokedAt: null,
  expiresAt: null,
  ...overrides
})

function text(diagnosis: ReturnType<typeof diagnose>): string {
  if (!diagnosis) throw new Error('expected a diagnosis')
  return [diagnosis.title, diagnosis.explanation, diagnosis.nextStep, ...diagnosis.facts.map((fact) => `${fact.label}: ${fact.value}`)].join('\n')
}

describe('diagnose', () => {
  it('has nothing to say about a request that succeeded', () => {
    expect(diagnose(entry({ status: 201 }), context({}))).toBeNull()
  })

  it('says when a revoked token was revoked and how to replace it in Okta', () => {
    const revoked = token({ status: 'revoked', revokedAt: '2026-11-25T10:00:00.000Z' })
    const diagnosis = diagnose(entry({ status: 401, tokenId: revoked.id }), context({ token: revoked }))
    expect(diagnosis?.title).toBe('The API token was revoked')
    expect(text(diagnosis)).toContain('"Okta production" (scim_ab12…)')
    // Times read as the drawer around the diagnosis writes them (formatDateTime), not in a format of their own.
    expect(text(diagnosis)).toContain(`${formatDateTime('2026-11-25T10:00:00.000Z')}, 3 days before this request`)
    expect(text(diagnosis)).toContain(`Revoked: ${formatDateTime('2026-11-25T10:00:00.000Z')}`)
    expect(diagnosis?.nextStep).toContain('Provisioning → Integration')
  })

  it('says "moments before" for a token revoked in the same second as the request, not "0 seconds"', () => {
    const request = entry({ status: 401 })
    const revoked = token({ status: 'revoked', revokedAt: new Date(Date.parse(request.at) - 300).toISOString() })
    const diagnosis = diagnose({ ...request, tokenId: revoked.id }, context({ token: revoked }))
    expect(text(diagnosis)).toContain('moments before this request')
    expect(text(diagnosis)).not.toContain('0 seconds')
  })

  it('names the tenant a token of another tenant belongs to, and both ways out', () => {
    const foreign = token({ tenantId: 't-globex', tenantName: 'Globex' })
    // Acme has a token of its own to paste.
    const diagnosis = diagnose(entry({ status: 401, tokenId: foreign.id }), context({ token: foreign, tokenTenantSlug: 'globex', activeTokens: [token({})] }))
    expect(diagnosis?.title).toBe('The token belongs to another tenant: Globex')
    expect(diagnosis?.nextStep).toContain('/scim/v2/globex')
    expect(diagnosis?.nextStep).toContain('API token of Acme Corp')
  })

  it("says to issue a token first when the addressed tenant has no active one to paste", () => {
    // Globex's token sent to Acme's base URL, and Acme's only token revoked: there is no token of Acme to paste.
    const foreign = token({ tenantId: 't-globex', tenantName: 'Globex' })
    const diagnosis = diagnose(entry({ status: 401, tokenId: foreign.id }), context({ token: foreign, tokenTenantSlug: 'globex', activeTokens: [] }))
    expect(diagnosis?.nextStep).toContain("If the app is Acme Corp's: Issue a new API token for Acme Corp in SCIM Console (Acme Corp → Tokens): it has no active one.")
    expect(diagnosis?.nextStep).toContain('paste the new token into API Token')
    expect(diagnosis?.nextStep).not.toContain('paste an API token of Acme Corp')
    // No token sent at all, to a tenant with none active: the same first step.
    expect(diagnose(entry({ status: 401, authScheme: 'none', requestHeaders: {} }), context({ activeTokens: [] }))?.nextStep).toMatch(
      /^Issue a new API token for Acme Corp in SCIM Console \(Acme Corp → Tokens\): it has no active one\. In Okta, open/
    )
  })

  it('tells an expired token from a revoked one', () => {
    const expired = token({ status: 'expired', expiresAt: '2026-11-28T09:00:00.000Z' })
    const diagnosis = diagnose(entry({ status: 401, tokenId: expired.id }), context({ token: expired }))
    expect(diagnosis?.title).toBe('The API token has expired')
    expect(diagnosis?.explanation).toContain('60 minutes before this request')
  })

  it('recognises a token cut short when pasted by the prefix it still shows', () => {
    const own = token({})
    const diagnosis = diagnose(entry({ status: 401 }), context({ prefixMatches: [own], activeTokens: [own] }))
    expect(diagnosis?.explanation).toContain('cut short or changed')
    expect(diagnosis?.explanation).toContain('"Okta production" (scim_ab12…)')
  })

  it('says a secret that is not a scim_ token is not ours at all', () => {
    const diagnosis = diagnose(entry({ status: 401, requestHeaders: { authorization: 'Bearer [redacted]' } }), context({}))
    expect(diagnosis?.explanation).toContain('not a SCIM Console token')
  })

  it('notes a bare token without the word Bearer', () => {
    const diagnosis = diagnose(entry({ status: 401, authScheme: 'bare', requestHeaders: { authorization: 'scim_zz99…' } }), context({}))
    expect(diagnosis?.explanation).toContain('without the word "Bearer"')
  })

  it('explains a missing header, Basic auth and a wrong scheme in Okta\'s words', () => {
    expect(diagnose(entry({ status: 401, authScheme: 'none', requestHeaders: {} }), context({}))?.title).toBe('No API token was sent')
    expect(diagnose(entry({ status: 401, authScheme: 'basic', requestHeaders: { authorization: 'Basic [redacted]' } }), context({}))?.nextStep).toContain('"HTTP Header"')
    const ssws = diagnose(entry({ status: 401, authScheme: 'other', requestHeaders: { authorization: 'SSWS [redacted]' } }), context({}))
    expect(ssws?.title).toContain('"SSWS"')
    expect(ssws?.explanation).toContain("Okta's own API tokens")
  })

  it('names the deactivated user that holds a userName on a 409', () => {
    const diagnosis = diagnose(
      entry({ status: 409, method: 'POST', operation: 'create-user', targetType: 'user', targetName: 'jane@acme.com', requestBody: '{"userName":"jane@acme.com"}' }),
      context({ holder: { id: 'u-1', userName: 'jane@acme.com', active: false, externalId: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z' } })
    )
    expect(diagnosis?.title).toBe('A deactivated user already has the userName "jane@acme.com"')
    expect(text(diagnosis)).toContain('deactivated (active: false)')
    expect(diagnosis?.nextStep).toContain('unassign the user from the app and assign them again')
  })

  it("names a 409's wanted group name, and how the existing group writes it, from the facts kept with the entry", () => {
    const push = (errorFacts: LogEntry['errorFacts']) =>
      diagnose(
        entry({ status: 409, method: 'POST', operation: 'group-push-create', targetType: 'group', errorDetail: 'Refused.', requestBody: '{"displayName":"sent as"}', errorFacts }),
        context({})
      )
    const differs = push({ wantedName: 'sales team', heldAs: 'Sales Team' })
    expect(differs?.title).toBe('A group named "sales team" already exists')
    expect(differs?.explanation).toContain('(written "Sales Team" here)')
    expect(differs?.nextStep).toContain('link it to the existing "Sales Team"')
    // The same letters encoded another way look the same: no "written … here" that reads as the same word.
    const composed = push({ wantedName: 'Caf\u00e9', heldAs: 'Cafe\u0301' })
    expect(composed?.explanation).not.toContain('written')
  })

  it('suggests an import when an active user holds the userName', () => {
    const diagnosis = diagnose(
      entry({ status: 409, method: 'POST', operation: 'create-user', targetType: 'user', targetName: 'jane@acme.com' }),
      context({ holder: { id: 'u-1', userName: 'jane@acme.com', active: true, externalId: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' } })
    )
    expect(diagnosis?.title).toContain('An active user')
    expect(diagnosis?.nextStep).toContain('Import')
  })

  it('tells Support that Okta stops on a 404 during a profile push, and when the user was deleted', () => {
    const diagnosis = diagnose(
      entry({ status: 404, method: 'PUT', operation: 'update-user', targetType: 'user', targetId: 'u-9', targetName: 'jane@acme.com' }),
      context({
        targetExistsNow: false,
        deletedBy: { ...entry({ id: 40, method: 'DELETE', status: 204, at: '2026-11-27T08:00:00.000Z' }) }
      })
    )
    expect(diagnosis?.explanation).toContain('Okta stops')
    expect(diagnosis?.explanation).toContain(`deleted on ${formatDateTime('2026-11-27T08:00:00.000Z')}`)
    expect(diagnosis?.nextStep).toContain('unassign the user from the app, then assign them again')
  })

  it('says a user or group deleted in SCIM Console was deleted there, and to bring it back only if the customer wants it', () => {
    const inConsole = entry({ id: 41, method: 'DELETE', status: 204, at: '2026-11-27T08:00:00.000Z', authScheme: 'console', client: 'SCIM Console', tokenId: null })
    const when = formatDateTime('2026-11-27T08:00:00.000Z')
    const group = entry({ status: 404, method: 'PATCH', path: '/scim/v2/acme/Groups/g-9', operation: 'group-push-update', targetType: 'group', targetId: 'g-9', targetName: 'Sales' })
    const forEntra = diagnose({ ...group, client: 'Azure Active Directory SCIM Client' }, context({ targetExistsNow: false, deletedBy: inConsole }))
    expect(forEntra?.title).toBe('Entra is updating a group that was deleted in SCIM Console')
    expect(forEntra?.explanation).toContain(`it was deleted in SCIM Console on ${when}`)
    expect(forEntra?.nextStep).toMatch(/^Only if the customer wants the group back here: .*Restart provisioning.* If the deletion was meant/)
    expect(text(forEntra)).toContain(`Deleted: ${when} in SCIM Console (log entry 41)`)

    // A deletion of what is already gone, and one made by a client, keep their words.
    const again = diagnose(entry({ status: 404, method: 'DELETE', operation: 'delete-user', targetType: 'user', targetId: 'u-9', targetName: 'jane@acme.com' }), context({ deletedBy: inConsole }))
    expect(again?.title).toBe('Okta deleted a user that was already gone')
    expect(again?.explanation).toContain(`deleted in SCIM Console on ${when}`)
    const byOkta = diagnose(group, context({ deletedBy: { ...inConsole, authScheme: 'bearer', client: 'Okta SCIM Client 1.0.0', tokenId: 'tok-1' } }))
    expect(byOkta?.title).toBe('Okta is pushing to a group that no longer exists here')
    expect(byOkta?.explanation).toContain(`: it was deleted on ${when}`)
  })

  it("says Okta was reading, not updating, when the 404 answered a read by id", () => {
    const diagnosis = diagnose(entry({ status: 404, method: 'GET', operation: 'get-user', targetType: 'user', targetId: 'u-gone', targetName: null }), context({ targetExistsNow: false }))
    expect(diagnosis?.title).toBe('Okta is reading a user that no longer exists here')
    expect(diagnosis?.explanation).toContain('reading it before it pushes an update')
  })

  it('points at the base URL when the slug names no tenant', () => {
    const diagnosis = diagnose(entry({ status: 404, tenantId: null, tenantSlug: 'acme-old' }), { ...emptyContext })
    expect(diagnosis?.title).toBe('No tenant has the slug "acme-old"')
  })

  it("gives a 429's budget and Okta's retry plan from Retry-After", () => {
    const diagnosis = diagnose(
      entry({ status: 429, errorDetail: 'Too many requests: Acme Corp allows 60 requests a minute. Retry after 7 seconds.', errorFacts: { retryAfter: 7, rateLimit: 60 } }),
      context({ throttledInMinute: 12 })
    )
    expect(diagnosis?.severity).toBe('warning')
    expect(diagnosis?.title).toBe('Throttled: Acme Corp allows 60 requests a minute')
    expect(diagnosis?.explanation).toContain('Retry-After: 7')
    expect(diagnosis?.explanation).toContain(formatDateTime('2026-11-28T10:00:07.000Z'))
    expect(text(diagnosis)).toContain('7 s, 14 s, 28 s, 56 s')
    expect(text(diagnosis)).toContain('Refused in that minute: 12')
  })

  it('reads the budget and Retry-After a 429 was sent with from its facts, not from its words', () => {
    const diagnosis = diagnose(entry({ status: 429, errorDetail: 'Slow down.', errorFacts: { retryAfter: 1, rateLimit: 1 } }), context({ throttledInMinute: 3 }))
    expect(diagnosis?.title).toBe('Throttled: Acme Corp allows 1 request a minute')
    expect(diagnosis?.explanation).toContain('Retry-After: 1')
    // Without facts (a row whose detail migration 15 could not read): the tenant's limit now, and no Retry-After.
    const unread = diagnose(entry({ status: 429, errorDetail: 'Retry after 9 seconds.' }), context({}))
    expect(unread?.title).toBe('Throttled: Acme Corp allows 60 requests a minute')
    expect(unread?.explanation).toContain('the log does not show its Retry-After')
  })

  it('says when the rate limit has been lifted since', () => {
    const diagnosis = diagnose(
      entry({ status: 429, errorDetail: 'Too many requests: Acme Corp allows 60 requests a minute. Retry after 7 seconds.', errorFacts: { retryAfter: 7, rateLimit: 60 } }),
      context({ tenant: { ...acme, rateLimitPerMinute: 0 } })
    )
    expect(diagnosis?.explanation).toContain('The limit has since been removed')
  })

  it("gives an injected throttle's own limit, not the tenant's", () => {
    const diagnosis = diagnose(
      entry({
        status: 429,
        injected: true,
        errorDetail: 'Too many requests: Acme Corp is throttled to 2 requests a minute. Retry after 30 seconds. Injected by fault settings.',
        errorFacts: { retryAfter: 30, rateLimit: 2 }
      }),
      context({ tenant: { ...acme, rateLimitPerMinute: 0 } })
    )
    expect(diagnosis?.title).toBe('Injected failure: Throttled: Acme Corp allows 2 requests a minute')
    expect(text(diagnosis)).toContain('Rate limit: 2 requests a minute')
    expect(diagnosis?.explanation).not.toContain('has since been removed')
  })

  it('quotes the filter fragment of a 400 invalidFilter', () => {
    const diagnosis = diagnose(
      entry({
        status: 400,
        path: '/scim/v2/acme/Users?filter=userName%20eq%20jane%20or',
        errorType: 'invalidFilter',
        errorDetail: "The filter is not valid near 'or' at character 18: an expression must follow.",
        errorFacts: { filterFragment: 'or', filterPosition: 18 }
      }),
      context({})
    )
    expect(diagnosis?.title).toBe('The filter cannot be read near "or"')
    expect(text(diagnosis)).toContain('Filter: userName eq jane or')
    expect(text(diagnosis)).toContain('At character: 18')
  })

  it('names the attribute of a 400 and the value Okta sent for it', () => {
    const diagnosis = diagnose(
      entry({
        status: 400,
        method: 'PUT',
        errorType: 'invalidValue',
        errorDetail: 'The attribute active must be true or false, but it is the string "yes".',
        errorFacts: { attribute: 'active' },
        requestBody: '{"userName":"jane@acme.com","active":"yes"}'
      }),
      context({})
    )
    expect(diagnosis?.title).toBe('Okta sent a value for active that cannot be used')
    expect(text(diagnosis)).toContain('Value sent: "yes"')
  })

  it('carries the internal error id of a 500', () => {
    const diagnosis = diagnose(
      entry({
        status: 500,
        errorDetail: 'Internal error 3fa2b1c9. The request was not applied; retry it, and report the id to SCIM Console support if it recurs.',
        errorFacts: { errorId: '3fa2b1c9' }
      }),
      context({})
    )
    expect(diagnosis?.title).toBe('SCIM Console failed on this request (error 3fa2b1c9)')
    expect(diagnosis?.nextStep).toContain('3fa2b1c9')
  })

  it('says an injected failure was injected, and what the real one would need', () => {
    const diagnosis = diagnose(entry({ status: 500, injected: true, errorDetail: 'Injected: the database is down.' }), context({}))
    expect(diagnosis?.severity).toBe('info')
    expect(diagnosis?.title).toMatch(/^Injected failure: /)
    expect(diagnosis?.explanation).toContain('injected on purpose')
    expect(diagnosis?.nextStep).toContain('Faults')
  })
})

describe('diagnose, for failures of SCIM Console itself', () => {
  it("says a full disk is the SCIM Console machine's to fix, not Okta's", () => {
    const diagnosis = diagnose(
      entry({
        status: 507,
        method: 'POST',
        operation: 'create-user',
        errorDetail: 'The disk that holds the SCIM Console database is full, so the change was not saved. Free some disk space, then try again.',
        errorFacts: { storage: 'full' }
      }),
      context({})
    )
    expect(diagnosis?.title).toBe("SCIM Console's disk is full")
    expect(diagnosis?.explanation).toContain('not a problem of Okta')
    expect(diagnosis?.nextStep).toMatch(/^On the machine that runs SCIM Console, free disk space/)
    expect(diagnosis?.nextStep).toContain('Dashboard → Tasks')
  })

  it('tells a read-only database and a stopping server apart from a bug', () => {
    const readOnly = diagnose(
      entry({
        status: 503,
        errorDetail: 'The SCIM Console database cannot be written (the file or its folder is read-only), so the change was not saved. Check its permissions.',
        errorFacts: { storage: 'read-only' }
      }),
      context({})
    )
    expect(readOnly?.title).toBe("SCIM Console's database cannot be written")
    const removed = diagnose(entry({ status: 503, errorDetail: databaseRemovedFailure.message, errorFacts: { storage: 'removed' } }), context({}))
    expect(removed?.title).toBe("SCIM Console's database file was deleted or moved")
    expect(removed?.explanation).toContain('not a problem of Okta')
    expect(removed?.nextStep).toMatch(/^On the machine that runs SCIM Console, put the file back where it was/)
    const disk = diagnose(
      entry({ status: 503, errorDetail: storageFailure(Object.assign(new Error('disk'), { code: 'SQLITE_IOERR_WRITE' }))?.message, errorFacts: { storage: 'io', storageCode: 'SQLITE_IOERR_WRITE' } }),
      context({})
    )
    expect(disk?.title).toBe("SCIM Console's disk failed a write")
    expect(disk?.explanation).toMatch(/^The disk refused a write to SCIM Console's database \(SQLITE_IOERR_WRITE\)/)
    const stopping = diagnose(
      entry({ status: 503, errorDetail: 'SCIM Console is stopping, so it did not take this request. Retry it once SCIM Console is running again.', errorFacts: { stopping: true } }),
      context({})
    )
    expect(stopping?.title).toBe('SCIM Console was stopping')
    expect(stopping?.nextStep).toContain('Server')
  })

  it('sends the admin back to the connection test a failure of ours refused, not to a task Okta has none of', () => {
    const test = { operation: 'test-credentials', method: 'GET', path: '/scim/v2/acme/Users?startIndex=1&count=2' } as const
    const stopping = diagnose(entry({ ...test, status: 503, errorFacts: { stopping: true } }), context({}))
    expect(stopping?.nextStep).toContain('click Test API Credentials (Test Connector Configuration) again, then Save')
    expect(stopping?.nextStep).not.toContain('Dashboard → Tasks')
    const internal = diagnose(entry({ ...test, status: 500, errorFacts: { errorId: '3fa2b1c9' } }), context({}))
    expect(internal?.nextStep).toMatch(/^Then, in Okta, open the app's Provisioning → Integration and click Test API Credentials/)
    expect(internal?.nextStep).not.toContain('Dashboard → Tasks')
    const entra = diagnose(entry({ ...test, client: 'Azure Active Directory SCIM Client', status: 507, errorFacts: { storage: 'full' } }), context({}))
    expect(entra?.nextStep).toContain('under Admin Credentials, click Test Connection again, then Save')
    expect(entra?.nextStep).not.toContain('next provisioning cycle')
    // A push's failure still goes back to the task.
    expect(diagnose(entry({ status: 503, errorFacts: { stopping: true } }), context({}))?.nextStep).toContain('Dashboard → Tasks')
  })

  it("warns an Entra admin that failures of ours can quarantine the job", () => {
    const diagnosis = diagnose(
      entry({
        status: 500,
        client: 'Azure Active Directory SCIM Client',
        errorDetail: 'Internal error 3fa2b1c9. The request was not applied; retry it, and report the id to SCIM Console support if it recurs.',
        errorFacts: { errorId: '3fa2b1c9' }
      }),
      context({})
    )
    expect(diagnosis?.explanation).toContain('Entra')
    expect(diagnosis?.nextStep).toContain('Restart provisioning')
    expect(diagnosis?.nextStep).not.toContain('Dashboard → Tasks')
  })
})

describe('diagnose, for Microsoft Entra ID', () => {
  const fromEntra = (overrides: Partial<LogEntry>) => entry({ client: 'Azure Active Directory SCIM Client', ...overrides })

  it("drops Okta's retry plan from an Entra 429", () => {
    const diagnosis = diagnose(
      fromEntra({ status: 429, errorDetail: 'Too many requests: Acme Corp allows 60 requests a minute. Retry after 7 seconds.', errorFacts: { retryAfter: 7, rateLimit: 60 } }),
      context({ throttledInMinute: 3 })
    )
    expect(diagnosis?.title).toBe('Throttled: Acme Corp allows 60 requests a minute')
    expect(text(diagnosis)).not.toContain('Okta')
    expect(text(diagnosis)).toContain('Retry-After: 7 seconds')
  })

  it('says who sent Basic credentials, and where an Entra admin puts the token', () => {
    const diagnosis = diagnose(fromEntra({ status: 401, authScheme: 'basic', requestHeaders: { authorization: 'Basic [redacted]' } }), context({}))
    expect(diagnosis?.title).toBe('Entra sent a user name and password (Basic), not an API token')
    expect(diagnosis?.nextStep).toContain('Secret Token')
  })

  it("names Entra's lookups, and its matching attribute, for a filter it cannot use", () => {
    const diagnosis = diagnose(
      fromEntra({
        status: 400,
        path: '/scim/v2/acme/Users?filter=foo%20eq%20%22a%22',
        errorType: 'invalidFilter',
        errorDetail: "The attribute 'foo' is not supported in filters. Filterable attributes: id, userName, externalId.",
        errorFacts: { unfilterable: 'foo' }
      }),
      context({})
    )
    expect(text(diagnosis)).not.toContain('Okta')
    expect(diagnosis?.nextStep).toContain('matching attribute')
  })
})

describe('diagnose, for limits a filter or PATCH goes over', () => {
  it('says a filter with too many comparisons was read, and is over the limit', () => {
    const diagnosis = diagnose(
      entry({
        status: 400,
        path: '/scim/v2/acme/Users?filter=userName%20eq%20%22a%22',
        errorType: 'invalidFilter',
        errorDetail: 'The filter makes 60 comparisons; at most 20 are accepted. Split it into several requests.',
        errorFacts: { filterComparisons: 60, filterComparisonLimit: 20 }
      }),
      context({})
    )
    expect(diagnosis?.title).toBe('The filter makes more comparisons than SCIM Console accepts')
    expect(diagnosis?.nextStep).not.toContain('unescaped quote')
  })

  it('says a PATCH with too many operations is over the limit', () => {
    const diagnosis = diagnose(
      entry({
        status: 400,
        method: 'PATCH',
        errorType: 'invalidValue',
        errorDetail: 'The PATCH has 2000 operations; at most 1000 are accepted. Send the changes in several PATCH requests.',
        errorFacts: { operationCount: 2000, operationLimit: 1000 }
      }),
      context({})
    )
    expect(diagnosis?.title).toBe('The PATCH has more operations than SCIM Console accepts')
    expect(diagnosis?.explanation).toContain('The PATCH has 2000 operations and SCIM Console applies at most 1000')
  })
})

describe('the facts a diagnosis reads', () => {
  it('reads the token prefix from a redacted Authorization header', () => {
    expect(presentedPrefix({ authorization: 'Bearer scim_ab12…' })).toBe('scim_ab12')
    expect(presentedPrefix({ authorization: 'Bearer [redacted]' })).toBeNull()
    expect(presentedPrefix({})).toBeNull()
  })

  it('reads attributes case-insensitively, extension URNs included', () => {
    const body = '{"Active":"yes","name":{"givenName":"Ann"},"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":7}}'
    expect(valueAt(body, 'active')).toBe('yes')
    expect(valueAt(body, 'name.givenName')).toBe('Ann')
    expect(valueAt(body, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department')).toBe(7)
    expect(valueAt('not json', 'active')).toBeUndefined()
  })

  it('reads an item of a multi-valued attribute by its index', () => {
    expect(valueAt('{"phoneNumbers":[{"value":4151234567}]}', 'phoneNumbers[0].value')).toBe(4151234567)
    expect(valueAt('{"phoneNumbers":[]}', 'phoneNumbers[0].value')).toBeUndefined()
  })

  it('names an item as the mapping does: by the PATCH path that set it, or by its type', () => {
    const patch = {
      method: 'PATCH',
      errorFacts: { attribute: 'emails[0].primary' },
      requestBody: JSON.stringify({ Operations: [{ op: 'Replace', path: 'emails[type eq "work"].primary', value: 'maybe' }] })
    }
    expect(requestedAttribute(patch, 'emails[0].primary')).toEqual({ name: 'emails[type eq "work"].primary', sent: 'maybe' })
    const put = { method: 'PUT', errorFacts: null, requestBody: JSON.stringify({ phoneNumbers: [{ type: 'mobile', value: 4151234567 }] }) }
    expect(requestedAttribute(put, 'phoneNumbers[0].value')).toEqual({ name: 'phoneNumbers[type eq "mobile"].value', sent: 4151234567 })
    const untyped = { method: 'PUT', errorFacts: null, requestBody: JSON.stringify({ phoneNumbers: [{ value: 4151234567 }] }) }
    expect(requestedAttribute(untyped, 'phoneNumbers[0].value')).toEqual({ name: 'phoneNumbers[0].value', sent: 4151234567 })
  })

  it('decodes the filter of a logged path', () => {
    expect(filterOf('/scim/v2/acme/Users?filter=userName+eq+%22a%40b.c%22&count=1')).toBe('userName eq "a@b.c"')
    expect(filterOf('/scim/v2/acme/Users')).toBeNull()
  })

  it('reads spans in the unit a person would say', () => {
    expect(readableSpan(45_000)).toBe('45 seconds')
    expect(readableSpan(3 * 60_000)).toBe('3 minutes')
    expect(readableSpan(5 * 3_600_000)).toBe('5 hours')
    expect(readableSpan(3 * 86_400_000)).toBe('3 days')
  })
})
