import { describe, expect, it } from 'vitest'
import { runConformance, specVariables } from './conformance'
import { conformancePassed, notEmpty, pick } from './self-test'

describe('SPEC test helpers', () => {
  it("makes the Initial Script's variables", () => {
    const values = specVariables()
    expect(values.randomGivenName).toMatch(/^Runscope\d{3}$/)
    expect(values.randomFamilyName).toMatch(/^[A-Z][a-z]{8}\d{3}$/)
    expect(values.randomEmail).toBe(`${values.randomGivenName}${values.randomFamilyName}@atko.com`)
    expect(values.randomUsername).toBe(values.randomEmail)
    expect(values.randomUsernameCaps).toBe(values.randomEmail.toUpperCase())
  })

  it("reads Runscope's paths", () => {
    const body = { Resources: [{ name: { familyName: 'Doe' }, emails: [{ value: 'a@b.c' }] }] }
    expect(pick(body, 'Resources[0].name.familyName')).toBe('Doe')
    expect(pick(body, 'Resources[0].emails[0].value')).toBe('a@b.c')
    expect(pick(body, 'Resources[1].name')).toBeUndefined()
    expect(pick(null, 'id')).toBeUndefined()
  })

  it("treats null, empty text, empty lists and objects, and false as Runscope's empty", () => {
    expect([null, undefined, '', [], {}, false].map(notEmpty)).toEqual([false, false, false, false, false, false])
    expect([0, 'x', [1], { a: 1 }, true].map(notEmpty)).toEqual([true, true, true, true, true])
  })

  it('passes a report whose only failures are optional checks', () => {
    const check = (ok: boolean, optional: boolean) => ({ step: 's', title: 't', optional, ok, failures: [], request: { method: 'GET', path: '/', body: null }, response: { status: 200, body: null } })
    const report = (checks: ReturnType<typeof check>[], cancelled = false) => ({ tenantId: 't', suite: 'okta' as const, startedAt: '', finishedAt: '', passed: 0, failed: 0, checks, cancelled })
    expect(conformancePassed(report([check(true, false), check(false, true)]))).toBe(true)
    expect(conformancePassed(report([check(false, false)]))).toBe(false)
  })

  it('never passes a cancelled run, whose checks so far all passed', () => {
    const passed = { step: 's', title: 't', optional: false, ok: true, failures: [], request: { method: 'GET', path: '/', body: null }, response: { status: 200, body: null } }
    expect(conformancePassed({ tenantId: 't', suite: 'okta' as const, startedAt: '', finishedAt: '', passed: 1, failed: 0, checks: [passed], cancelled: true })).toBe(false)
  })

  it('explains a 429 it did not wait out, and what Okta would have done', async () => {
    const throttled = (retryAfter: string | null) =>
      (async () =>
        new Response(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429', detail: 'Slow down.' }), {
          status: 429,
          headers: retryAfter === null ? {} : { 'retry-after': retryAfter }
        })) as typeof fetch
    const slept: number[] = []
    const sleep = async (ms: number) => void slept.push(ms)
    const first = async (retryAfter: string | null) =>
      (await runConformance({ tenantId: 't', baseUrl: 'http://scim.test/scim/v2/acme', token: 'x', seed: false, fetch: throttled(retryAfter), sleep })).checks[0]

    expect((await first(null))?.failures[0]).toMatch(/no usable Retry-After \(none\): Okta would wait 5 minutes/)
    expect((await first('120'))?.failures[0]).toMatch(/asked to wait 120 s, longer than the 60 s it waits/)
    slept.length = 0
    const exhausted = await first('2')
    expect(slept.slice(0, 4)).toEqual([2000, 2000, 2000, 2000])
    expect(exhausted?.failures[0]).toMatch(/waited 2 s, 2 s, 2 s, 2 s as Retry-After asked, and gives up after 5 attempts/)
    expect(exhausted?.failures[exhausted.failures.length - 1]).toMatch(/^Next step: raise the tenant's rate limit/)

    // A tenant throttled to one request a minute: the whole test waits at most 3 minutes, then reports the 429s.
    slept.length = 0
    const report = await runConformance({ tenantId: 't', baseUrl: 'http://scim.test/scim/v2/acme', token: 'x', seed: false, fetch: throttled('60'), sleep })
    expect(slept).toEqual([60_000, 60_000, 60_000])
    expect(report.checks[0]?.failures[0]).toMatch(/waited 60 s, 60 s, 60 s as Retry-After asked, then stops waiting: it waits at most 3 minutes in all\. Okta would wait 60 s and retry\./)
    expect(report.checks[2]?.failures[0]).toMatch(/This test stops waiting/)
  })
})
