import { describe, expect, it } from 'vitest'
import { conformancePassed, notEmpty, pick, specVariables } from './conformance'

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
    const report = (checks: ReturnType<typeof check>[]) => ({ tenantId: 't', startedAt: '', finishedAt: '', passed: 0, failed: 0, checks })
    expect(conformancePassed(report([check(true, false), check(false, true)]))).toBe(true)
    expect(conformancePassed(report([check(false, false)]))).toBe(false)
  })
})
