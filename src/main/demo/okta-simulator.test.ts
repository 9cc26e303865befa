import { describe, expect, it } from 'vitest'
import type { DemoRun } from '../../shared/models'
import { oktaFilterQuery, oktaHeaders, oktaRetryWait, startOktaSimulation } from './okta-simulator'
import { demoPeople, type SimulatorOptions } from './simulation'

describe("Okta's retry wait after a 429", () => {
  it('waits Retry-After seconds, doubled on each later attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => oktaRetryWait('120', attempt).seconds)).toEqual([120, 240, 480, 960])
    expect(oktaRetryWait(' 7 ', 1)).toEqual({ seconds: 7, fromHeader: true })
  })

  it('falls back to 5 minutes when Retry-After is missing, a date, a fraction or null', () => {
    for (const header of [null, 'Wed, 21 Oct 2026 07:28:00 GMT', '1.5', 'null', '']) {
      expect(oktaRetryWait(header, 1)).toEqual({ seconds: 300, fromHeader: false })
    }
    expect(oktaRetryWait(null, 2).seconds).toBe(600)
  })
})

describe("Okta's request shapes", () => {
  it('encodes a filter with %20 and asks for the first 100', () => {
    expect(oktaFilterQuery('userName', 'jane.doe@example.com')).toBe('filter=userName%20eq%20%22jane.doe%40example.com%22&startIndex=1&count=100')
    expect(oktaFilterQuery('displayName', 'Sales Team')).toBe('filter=displayName%20eq%20%22Sales%20Team%22&startIndex=1&count=100')
  })

  it('sends the headers of Okta’s SCIM 2.0 client, its User-Agent marked as the demo’s', () => {
    expect(oktaHeaders('scim_x')).toEqual({
      'user-agent': 'Okta SCIM Client 1.0.0 SCIM-Console-Simulator/demo',
      accept: 'application/scim+json',
      'accept-charset': 'utf-8',
      'accept-encoding': 'gzip,deflate',
      'content-type': 'application/scim+json; charset=utf-8',
      authorization: 'Bearer scim_x'
    })
  })

  it('makes realistic, stable userNames, unique beyond the list of names', () => {
    const people = demoPeople(45)
    expect(people[0]).toMatchObject({ givenName: 'Jane', familyName: 'Doe', userName: 'jane.doe@example.com' })
    expect(people[0]?.externalId).toMatch(/^00u[A-Za-z0-9]{17}$/)
    expect(people[20]?.userName).toBe('jane.doe2@example.com')
    expect(new Set(people.map((person) => person.userName)).size).toBe(45)
    expect(demoPeople(2, 'acme.test').map((person) => person.userName)).toEqual(['jane.doe@acme.test', 'ravi.patel@acme.test'])
  })
})

/** A tiny SCIM service provider, answering the way a good server does, plus scripted 429s. */
function fakeScim(throttle: (call: number) => string | null | undefined = () => undefined) {
  const calls: { method: string; url: string }[] = []
  const users = new Map<string, Record<string, unknown>>()
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/scim+json', ...headers } })
  const list = (resources: unknown[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources })
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input)
    const method = init?.method ?? 'GET'
    calls.push({ method, url })
    const retryAfter = throttle(calls.length)
    if (retryAfter !== undefined) return json(429, { status: '429', detail: 'Slow down.' }, retryAfter === null ? {} : { 'retry-after': retryAfter })
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {}
    const id = /\/(Users|Groups)\/([^/?]+)/.exec(url)?.[2]
    if (method === 'GET' && !id) return json(200, list(url.includes('/Users') ? [] : []))
    if (method === 'POST') {
      const created = { ...body, id: `id-${calls.length}`, active: true }
      users.set(created.id, created)
      return json(201, created)
    }
    if (method === 'GET') return json(200, users.get(id ?? '') ?? { id, displayName: 'Sales Team', members: [] })
    if (method === 'PUT') return json(200, body)
    return new Response(null, { status: 204 })
  }) as typeof globalThis.fetch
  return { fetch, calls }
}

function run(options: Partial<SimulatorOptions> & Pick<SimulatorOptions, 'fetch'>) {
  const progress: DemoRun[] = []
  const waiters: { predicate: (run: DemoRun) => boolean; resolve: (run: DemoRun) => void }[] = []
  const simulation = startOktaSimulation({
    tenantId: 't1',
    baseUrl: 'http://scim.test/scim/v2/acme',
    token: 'scim_x',
    mode: 'catalog',
    users: 1,
    paceMs: 0,
    sleep: async () => undefined,
    ...options,
    onProgress: (snapshot) => {
      progress.push(snapshot)
      for (const waiter of waiters.splice(0)) {
        if (waiter.predicate(snapshot)) waiter.resolve(snapshot)
        else waiters.push(waiter)
      }
    }
  })
  const until = (predicate: (run: DemoRun) => boolean) =>
    new Promise<DemoRun>((resolve) => (predicate(simulation.snapshot()) ? resolve(simulation.snapshot()) : waiters.push({ predicate, resolve })))
  return { simulation, progress, until }
}

/** A user of an import page, `user${index}@example.com`. */
function importedUser(index: number, active = true) {
  return { id: `u-${index}`, userName: `user${index}@example.com`, active }
}

/**
 * A fetch that answers Okta's import of users (`GET /Users?startIndex=…&count=100`, no filter) with the page `pageAt`
 * makes for its startIndex, and every other request as `fakeScim` does: an app whose paging is off in some way.
 */
function importPages(pageAt: (startIndex: number) => { readonly Resources: unknown[]; readonly totalResults: number; readonly itemsPerPage?: number; readonly startIndex?: number }) {
  const scim = fakeScim()
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input))
    if (!url.pathname.endsWith('/Users') || url.searchParams.get('count') !== '100' || url.searchParams.has('filter')) return scim.fetch(input, init)
    const startIndex = Number(url.searchParams.get('startIndex'))
    const page = pageAt(startIndex)
    const body = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], startIndex, itemsPerPage: page.Resources.length, ...page }
    return new Response(JSON.stringify(body), { status: 200 })
  }) as typeof globalThis.fetch
}

describe('a simulated run', () => {
  it('starts paused, runs one step per "step", then runs to the end on "resume"', async () => {
    const scim = fakeScim()
    const { simulation, until } = run({ fetch: scim.fetch, paused: true })
    const waiting = await until((snapshot) => snapshot.steps.length === 1)
    expect([waiting.state, waiting.steps[0]?.status, waiting.steps[0]?.step]).toEqual(['paused', 'pending', 'test-credentials'])
    expect(scim.calls).toEqual([])

    expect(simulation.control('step').ok).toBe(true)
    const stepped = await until((snapshot) => snapshot.steps.length === 2 && snapshot.steps[0]?.status === 'ok')
    expect([stepped.state, stepped.steps[1]?.status, scim.calls.length]).toEqual(['paused', 'pending', 1])
    // Testing saves nothing: the step says what the admin's Save of the API integration sends.
    expect(stepped.steps[0]?.detail).toBe('Verified: the app answers with 0 users. The admin can now save the API integration; Okta sends this same request again on Save.')
    // Next, the admin saves To App in Okta's admin console, which Okta follows with a read of the users, then of the
    // groups it keeps for Group Push (okta-scim.md §1.2); then the first assignment.
    expect(stepped.steps[1]?.title).toBe(
      "In Okta's admin console, the admin turns on Create Users, Update User Attributes and Deactivate Users (To App) and clicks Save: Okta reads the users again"
    )
    expect(simulation.control('step').ok).toBe(true)
    expect(simulation.control('step').ok).toBe(true)
    const saved = await until((snapshot) => snapshot.steps.length === 4 && snapshot.steps[2]?.status === 'ok')
    expect(saved.steps.slice(1, 3).map((step) => [step.step, step.method, step.path, step.status])).toEqual([
      ['save-to-app', 'GET', '/Users?startIndex=1&count=2', 'ok'],
      ['save-to-app-groups', 'GET', '/Groups?startIndex=1&count=100', 'ok']
    ])
    expect(saved.steps[2]?.detail).toBe('The app has no groups yet. Okta saves the To App settings.')
    expect(saved.steps[3]?.title).toBe('Okta is checking whether jane.doe@example.com exists…')

    simulation.control('resume')
    const final = await simulation.done
    expect(final.state).toBe('finished')
    expect(final.steps.every((step) => step.status === 'ok')).toBe(true)
    expect(final.finishedAt).not.toBeNull()
    const ended = simulation.control('pause')
    expect(ended.ok ? null : ended.error.code).toBe('failed_precondition')
  })

  it('pauses a running run after the step in flight when asked to step', async () => {
    const scim = fakeScim()
    const { simulation, until } = run({ fetch: scim.fetch })
    expect(simulation.control('step').ok).toBe(true)
    const paused = await until((snapshot) => snapshot.steps.some((step) => step.status === 'pending') && snapshot.steps[0]?.status === 'ok')
    expect(paused.state).toBe('paused')
    simulation.control('cancel')
    const final = await simulation.done
    expect(final.state).toBe('cancelled')
    expect(final.steps.map((step) => step.status)).toEqual(['ok'])
  })

  it('cancels a paused run before it sends anything', async () => {
    const scim = fakeScim()
    const { simulation } = run({ fetch: scim.fetch, paused: true })
    expect(simulation.control('cancel').ok).toBe(true)
    const final = await simulation.done
    expect([final.state, final.steps, scim.calls]).toEqual(['cancelled', [], []])
  })

  it('says what a cancel left half-way: a user deactivated and not yet reactivated', async () => {
    const scim = fakeScim()
    // The reactivation hangs until the run is cancelled.
    const fetch = ((input: string | URL | Request, init?: RequestInit) =>
      init?.method === 'PATCH' && String(init.body).includes('"active":true')
        ? new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
        : scim.fetch(input, init)) as typeof globalThis.fetch
    const { simulation, until } = run({ fetch, users: 2 })
    await until((snapshot) => snapshot.steps.some((step) => step.step === 'reactivate' && step.status === 'running'))
    simulation.control('cancel')
    const final = await simulation.done
    expect(final.state).toBe('cancelled')
    expect(final.steps.slice(-2).map((step) => [step.step, step.status])).toEqual([
      ['reactivate', 'failed'],
      ['left-half-way', 'failed']
    ])
    expect(final.steps[final.steps.length - 1]?.detail).toMatch(/ravi\.patel@example\.com is left inactive/)
  })

  it('waits Retry-After, doubling, divided by the speed, and shows the retry state meanwhile', async () => {
    const slept: number[] = []
    // The first lookup (after Test API Credentials and the To App save) is throttled twice, with no Retry-After: Okta's own 5 minutes, doubled.
    const scim = fakeScim((call) => (call === 4 || call === 5 ? null : undefined))
    const { simulation, progress } = run({ fetch: scim.fetch, speed: 10, sleep: async (ms) => void slept.push(ms) })
    const final = await simulation.done
    expect(final.state).toBe('finished')
    expect(slept).toEqual([30_000, 60_000])
    expect(progress.flatMap((snapshot) => (snapshot.retry ? [[snapshot.retry.attempt, snapshot.retry.waitSeconds]] : []))).toEqual([
      [1, 300],
      [2, 600]
    ])
    expect(final.steps[3]).toMatchObject({ step: 'lookup-user', status: 'ok', httpStatus: 200 })
    expect(final.steps[3]?.detail).toMatch(/Okta was throttled 2 times and waited 300 s, 600 s\.$/)
    expect(final.retry).toBeNull()
  })

  it('waits out in real time a 429 met only because the speed sent the retry sooner than Retry-After, counting no attempt of Okta\'s', async () => {
    const slept: number[] = []
    // The first lookup is throttled with Retry-After 30, and again when the retry comes 3 s later (10 times the speed)
    // on a server whose clock moves only as the run waits.
    let clock = Date.parse('2026-03-02T09:00:00Z')
    const scim = fakeScim((call) => (call === 4 ? '30' : call === 5 ? '27' : undefined))
    const { simulation, progress } = run({ fetch: scim.fetch, speed: 10, now: () => clock, sleep: async (ms) => void (slept.push(ms), (clock += ms)) })
    const final = await simulation.done
    expect(final.state).toBe('finished')
    // 30 s at 10 times the speed, then the 27 s left of them, in real time.
    expect(slept).toEqual([3_000, 27_000])
    expect(progress.flatMap((snapshot) => (snapshot.retry ? [[snapshot.retry.attempt, snapshot.retry.waitSeconds]] : []))).toEqual([[1, 30]])
    const said = [...new Set(progress.flatMap((snapshot) => snapshot.steps.filter((step) => step.status === 'waiting').map((step) => step.detail)))]
    expect(said[1]).toBe(
      "HTTP 429 again: sped up, the demo sent this sooner than the server's 30 s allow, and its clock is not sped up. " +
        'The demo waits the rest, 27 s, in real time, then sends it again; Okta, at real speed, never meets this 429.'
    )
    expect(final.steps[3]?.detail).toMatch(/Okta was throttled 1 time and waited 30 s\.$/)
    expect(scim.calls).toHaveLength(final.steps.filter((step) => step.method !== null).length + 2)
  })

  it('says a wait without Retry-After is 5 minutes only the first time, then doubled', async () => {
    // The first lookup is throttled three times, with no Retry-After.
    const scim = fakeScim((call) => (call >= 4 && call <= 6 ? null : undefined))
    const { simulation, progress } = run({ fetch: scim.fetch })
    expect((await simulation.done).state).toBe('finished')
    const said = [...new Set(progress.flatMap((snapshot) => snapshot.steps.filter((step) => step.status === 'waiting').map((step) => step.detail)))]
    expect(said).toEqual([
      'HTTP 429: Okta pauses the task and waits 300 s (no usable Retry-After, so 5 minutes) before attempt 2 of 10.',
      'HTTP 429: Okta pauses the task and waits 600 s (no usable Retry-After: 5 minutes, doubled) before attempt 3 of 10.',
      'HTTP 429: Okta pauses the task and waits 1200 s (no usable Retry-After: 5 minutes, doubled) before attempt 4 of 10.'
    ])
  })

  it('says a step cancelled during its wait after a 429 had an answer, and was waiting to send it again', async () => {
    // The first lookup is throttled; the wait after it lasts until the run is cancelled.
    const scim = fakeScim((call) => (call === 4 ? '120' : undefined))
    const sleep = (_ms: number, signal: AbortSignal) => new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))))
    const { simulation, until } = run({ fetch: scim.fetch, sleep })
    await until((snapshot) => snapshot.steps[3]?.status === 'waiting')
    simulation.control('cancel')
    const final = await simulation.done
    expect(final.state).toBe('cancelled')
    expect(final.steps[3]).toMatchObject({ step: 'lookup-user', status: 'failed', httpStatus: 429 })
    expect(final.steps[3]?.detail).toBe('Cancelled while Okta waited to send it again: HTTP 429: Okta pauses the task and waits 120 s (as Retry-After asks) before attempt 2 of 10.')
  })

  it("says a step cancelled during the admin's wait to click Save again was the admin's wait, not Okta's", async () => {
    const scim = fakeScim((call) => (call === 2 ? '120' : undefined))
    const sleep = (_ms: number, signal: AbortSignal) => new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))))
    const { simulation, until } = run({ fetch: scim.fetch, sleep })
    await until((snapshot) => snapshot.steps[1]?.status === 'waiting')
    simulation.control('cancel')
    const final = await simulation.done
    expect(final.steps[1]).toMatchObject({ step: 'save-to-app', status: 'failed', httpStatus: 429 })
    expect(final.steps[1]?.detail).toBe(
      "Cancelled while the admin waited to click again: HTTP 429: Slow down. Okta does not retry the admin's Save: it shows an error. " +
        'The admin waits 120 s, as Retry-After asks, and clicks Save again.'
    )
  })

  it('holds the retry after a 429 while the run is paused, until it is resumed', async () => {
    // The first lookup is throttled; the run is paused during the wait after it.
    const states: string[] = []
    const scim = fakeScim((call) => {
      states.push(simulation.snapshot().state)
      return call === 4 ? '30' : undefined
    })
    const pause = async () => void simulation.control('pause')
    const { simulation, until } = run({ fetch: scim.fetch, sleep: pause })
    const held = await until((snapshot) => snapshot.state === 'paused' && snapshot.retry !== null)
    expect(held.steps[3]).toMatchObject({ step: 'lookup-user', status: 'waiting', httpStatus: 429 })
    // Nothing is sent while it is paused, the retry included; resumed, the retry goes and the run finishes.
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect([scim.calls.length, simulation.snapshot().retry?.attempt, simulation.snapshot().retry?.held]).toEqual([4, 1, true])
    simulation.control('resume')
    const final = await simulation.done
    expect(final.state).toBe('finished')
    expect(states.every((state) => state === 'running')).toBe(true)
    expect(final.steps[3]).toMatchObject({ step: 'lookup-user', status: 'ok', httpStatus: 200 })
  })

  it('gives up after 10 attempts, as Okta does, and fails the run', async () => {
    const slept: number[] = []
    // Every attempt at the first lookup (calls 4 to 13) is throttled.
    const scim = fakeScim((call) => (call >= 4 && call <= 13 ? '1' : undefined))
    const { simulation } = run({ fetch: scim.fetch, sleep: async (ms) => void slept.push(ms) })
    const final = await simulation.done
    expect(scim.calls.slice(3, 13).every((call) => call.url.includes('filter=userName'))).toBe(true)
    expect(scim.calls[13]?.url).not.toContain('filter=userName')
    expect(slept).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256].map((seconds) => seconds * 1000))
    expect(final.state).toBe('failed')
    expect(final.steps[3]).toMatchObject({ step: 'lookup-user', status: 'failed', httpStatus: 429 })
    expect(final.steps[3]?.detail).toMatch(/all 10 attempts/)
  })

  it('does not retry a throttled "Test API Credentials": it is no provisioning task, so Okta shows the admin an error', async () => {
    const slept: number[] = []
    const scim = fakeScim((call) => (call === 1 ? '30' : undefined))
    const final = await run({ fetch: scim.fetch, sleep: async (ms) => void slept.push(ms) }).simulation.done
    expect(scim.calls).toHaveLength(1)
    expect(slept).toEqual([])
    expect(final.state).toBe('failed')
    expect(final.steps).toHaveLength(1)
    expect(final.steps[0]).toMatchObject({ step: 'test-credentials', status: 'failed', httpStatus: 429 })
    expect(final.steps[0]?.detail).toMatch(/does not retry/)
    expect(final.steps[0]?.detail).toMatch(/30 s/)
  })

  it("has the admin click Save of To App again after a 429: Okta retries no admin's click, and the demo's throttled save is no failed step", async () => {
    const slept: number[] = []
    // The To App save's read of the users is throttled once (Retry-After 30), its read of the groups once with no Retry-After.
    const scim = fakeScim((call) => (call === 2 ? '30' : call === 4 ? null : undefined))
    const { simulation, progress } = run({ fetch: scim.fetch, sleep: async (ms) => void slept.push(ms) })
    const final = await simulation.done
    expect(final.state).toBe('finished')
    expect(slept).toEqual([30_000, 60_000])
    expect(final.steps.slice(0, 4).map((step) => [step.step, step.status, step.httpStatus])).toEqual([
      ['test-credentials', 'ok', 200],
      ['save-to-app', 'ok', 200],
      ['save-to-app-groups', 'ok', 200],
      ['lookup-user', 'ok', 200]
    ])
    const said = [...new Set(progress.flatMap((snapshot) => snapshot.steps.filter((step) => step.status === 'waiting').map((step) => step.detail)))]
    expect(said).toEqual([
      "HTTP 429: Slow down. Okta does not retry the admin's Save: it shows an error. The admin waits 30 s, as Retry-After asks, and clicks Save again.",
      "HTTP 429: Slow down. Okta does not retry the admin's Save: it shows an error. The admin waits 60 s (the app asked for no time in Retry-After) and clicks Save again."
    ])
    expect(final.steps[1]?.detail).toBe("The app answers with 0 users. The app throttled the admin's Save 1 time; the admin waited 30 s and clicked Save again.")
    // The console's countdown says the admin waits, not Okta.
    expect(progress.flatMap((snapshot) => (snapshot.retry ? [[snapshot.retry.waitSeconds, snapshot.retry.byAdmin]] : []))).toEqual([
      [30, true],
      [60, true]
    ])
  })

  it("ends the app's error detail with one full stop when it already ends in a parenthesis, as an injected fault's does", async () => {
    const scim = fakeScim()
    const injected = { status: '429', detail: 'Too many requests. (Injected by SCIM Console fault injection for training.)' }
    let throttled = false
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).includes('/Groups?') && !throttled) {
        throttled = true
        return new Response(JSON.stringify(injected), { status: 429, headers: { 'retry-after': '5' } })
      }
      return scim.fetch(input, init)
    }) as typeof globalThis.fetch
    const { simulation, progress } = run({ fetch })
    await simulation.done
    const waiting = progress.flatMap((snapshot) => snapshot.steps.filter((step) => step.status === 'waiting').map((step) => step.detail))[0]
    expect(waiting).toBe(
      "HTTP 429: Too many requests. (Injected by SCIM Console fault injection for training.) Okta does not retry the admin's Save: it shows an error. " +
        'The admin waits 5 s, as Retry-After asks, and clicks Save again.'
    )
  })

  it('gives up the To App save after 3 throttled clicks of Save, and goes on as if saved', async () => {
    const scim = fakeScim((call) => (call >= 2 && call <= 4 ? '1' : undefined))
    const final = await run({ fetch: scim.fetch }).simulation.done
    expect(final.steps[1]).toMatchObject({ step: 'save-to-app', status: 'failed', httpStatus: 429 })
    expect(final.steps[1]?.detail).toBe('HTTP 429 on all 3 clicks of Save: Okta shows an error each time. The demo goes on as if the settings were saved.')
    expect(final.steps.slice(2, 4).map((step) => [step.step, step.status])).toEqual([
      ['save-to-app-groups', 'ok'],
      ['lookup-user', 'ok']
    ])
  })

  it('reads a 404 to its userName lookup as "no such user", as Okta does, and creates the user', async () => {
    const scim = fakeScim()
    const fetch = (async (input: string | URL | Request, init?: RequestInit) =>
      String(input).includes('filter=userName')
        ? new Response(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'User not found' }), { status: 404 })
        : scim.fetch(input, init)) as typeof globalThis.fetch
    const final = await run({ fetch }).simulation.done
    expect(final.state, JSON.stringify(final.steps.filter((step) => step.status === 'failed'))).toBe('finished')
    expect(final.steps.slice(3, 5).map((step) => [step.step, step.status, step.httpStatus])).toEqual([
      ['lookup-user', 'ok', 404],
      ['create-user', 'ok', 201]
    ])
    expect(final.steps[3]?.detail).toMatch(/no such user/)
  })

  it('fails a lookup that answers another user: the server ignored the filter, and Okta would link the wrong account', async () => {
    const scim = fakeScim()
    const list = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [{ id: 'u-9', userName: 'someone.else@example.com', active: true }] }
    const fetch = (async (input: string | URL | Request, init?: RequestInit) =>
      String(input).includes('filter=userName') ? new Response(JSON.stringify(list), { status: 200 }) : scim.fetch(input, init)) as typeof globalThis.fetch
    const final = await run({ fetch }).simulation.done
    expect(final.state).toBe('failed')
    const lookup = final.steps.find((step) => step.step === 'lookup-user')
    expect(lookup?.status).toBe('failed')
    expect(lookup?.detail).toMatch(/someone\.else@example\.com/)
    expect(final.steps.some((step) => step.step === 'link-user')).toBe(false)
  })

  it('does not give a list of groups that cannot be read the users error Okta shows for users', async () => {
    const scim = fakeScim()
    // Every list of groups (the import, then the lookup) answers `[]`, not a ListResponse.
    const fetch = (async (input: string | URL | Request, init?: RequestInit) =>
      /\/Groups\?/.test(String(input)) ? new Response('[]', { status: 200 }) : scim.fetch(input, init)) as typeof globalThis.fetch
    const final = await run({ fetch }).simulation.done
    const groupSteps = final.steps.filter((step) => step.step === 'import-groups' || step.step === 'lookup-group')
    expect(groupSteps.length).toBeGreaterThan(0)
    expect(groupSteps.every((step) => step.status === 'failed' && step.detail === 'The answer is not JSON. Okta reads no groups from it.')).toBe(true)
  })

  it('flags an import page shorter than Okta asked for while totalResults says more: Okta pages on, and misses the rest of that page', async () => {
    // 150 users, served 60 on the first page (itemsPerPage claiming 100), then in full from 101.
    const fetch = importPages((startIndex) => ({
      Resources: Array.from({ length: startIndex === 1 ? 60 : 50 }, (_, offset) => importedUser(startIndex + offset)),
      totalResults: 150,
      itemsPerPage: 100
    }))
    const final = await run({ fetch }).simulation.done
    const imports = final.steps.filter((step) => step.step.startsWith('import-users'))
    expect(imports.map((step) => [step.step, step.status])).toEqual([
      ['import-users', 'ok'],
      ['import-users-short', 'failed'],
      ['import-users', 'ok']
    ])
    expect(imports[1]?.title).toBe("Okta's import misses users 61–100 of 150: the page held 60 where Okta asked for 100")
    expect(imports[1]?.detail).toBe(
      'The page from startIndex 1 holds 60 users (its itemsPerPage says 100), while totalResults says 150. Okta pages by its own count, so its next page ' +
        'starts at 101, and the import lacks users 61–100 with no error to say so. Return 100 per page whenever that many remain.'
    )
    // Flagged, the run goes on as Okta's import does: the groups are imported and pushed.
    expect(final.state).toBe('failed')
    expect(final.steps[final.steps.length - 1]?.step).toBe('replace-members')
  })

  it('stops an import whose pages repeat users already read: the server ignores startIndex', async () => {
    // 150 users, the first 100 of them on every page, whatever startIndex asks for.
    const fetch = importPages(() => ({ Resources: Array.from({ length: 100 }, (_, offset) => importedUser(offset + 1)), totalResults: 150, startIndex: 1 }))
    const final = await run({ fetch }).simulation.done
    const imports = final.steps.filter((step) => step.step.startsWith('import-users'))
    expect(imports.map((step) => [step.step, step.status])).toEqual([
      ['import-users', 'ok'],
      ['import-users', 'failed']
    ])
    expect(imports[1]?.detail).toBe(
      'The page from startIndex 101 repeats 100 users of earlier pages (user1@example.com first): the app ignores startIndex and count. ' +
        'Okta pages by startIndex (1, 101, 201, …) until totalResults, so its import would read the same users again on every page and never the rest; ' +
        'the demo stops the import here. The app must return at most count users, starting at the startIndex-th (from 1), in an order that stays the same from page to page.'
    )
    expect(final.state).toBe('failed')
  })

  it('stops an import at its first page when that page holds more users than count: the server ignores count', async () => {
    // 150 users, all of them on every page, whatever startIndex and count ask for.
    const fetch = importPages(() => ({ Resources: Array.from({ length: 150 }, (_, offset) => importedUser(offset + 1)), totalResults: 150, startIndex: 1 }))
    const final = await run({ fetch }).simulation.done
    const imports = final.steps.filter((step) => step.step.startsWith('import-users'))
    // Noticed on the first page: Okta's next page is never sent.
    expect(imports.map((step) => [step.step, step.status, step.path])).toEqual([['import-users', 'failed', '/Users?startIndex=1&count=100']])
    expect(imports[0]?.detail).toBe(
      'The page from startIndex 1 holds 150 users, more than the count of 100 Okta asked for: the app ignores count. ' +
        'Okta pages by startIndex (1, 101, 201, …) until totalResults, so its next page, from 101, would read again users this page holds ' +
        '(all of them, if the app ignores startIndex too); the demo stops the import here. ' +
        'The app must return at most count users, starting at the startIndex-th (from 1), in an order that stays the same from page to page.'
    )
    expect(final.state).toBe('failed')
  })

  it('stops an import whose page holds more than totalResults leaves from its startIndex', async () => {
    // totalResults 150; the second page holds 100 new users, 50 more than can be there.
    const fetch = importPages((startIndex) => ({ Resources: Array.from({ length: 100 }, (_, offset) => importedUser(startIndex + offset)), totalResults: 150 }))
    const final = await run({ fetch }).simulation.done
    const page2 = final.steps.filter((step) => step.step === 'import-users')[1]
    expect(page2?.status).toBe('failed')
    expect(page2?.detail).toMatch(/^The page from startIndex 101 holds 100 users, more than the 50 totalResults \(150\) leaves from there: the app ignores startIndex and count\./)
    expect(page2?.detail).not.toMatch(/101–200 of 150/)
  })

  it('does not count inactive users as imported: Okta does not pull them', async () => {
    const imported = async (resources: unknown[]) => {
      const fetch = importPages(() => ({ Resources: resources, totalResults: resources.length }))
      return (await run({ fetch }).simulation.done).steps.find((step) => step.step === 'import-users')
    }
    // Three users, one of them inactive.
    expect((await imported([importedUser(1, true), importedUser(2, false), importedUser(3, true)]))?.detail).toBe(
      'Users 1–3 of 3. Okta imports the 2 active users and leaves out 1 inactive user (active is false): Okta does not pull inactive users, even in a full import. ' +
        'It matches the active ones by username and email (exact match or new) without calling the app again.'
    )
    expect((await imported([importedUser(1, false), importedUser(2, false)]))?.detail).toBe(
      'Users 1–2 of 2. Okta imports none of them: all 2 are inactive (active is false), and Okta does not pull inactive users, even in a full import.'
    )
    // With no inactive user, the words are as before.
    expect((await imported([importedUser(1, true)]))?.detail).toBe('Users 1–1 of 1. Okta matches them by username and email (exact match or new) without calling the app again.')
  })

  it('fails a list whose startIndex or itemsPerPage is a string, as Okta does', async () => {
    const scim = fakeScim()
    const answered = async (paging: Record<string, unknown>) => {
      const fetch = (async (input: string | URL | Request, init?: RequestInit) =>
        /\/Users\?startIndex=1&count=2$/.test(String(input))
          ? new Response(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [], ...paging }), { status: 200 })
          : scim.fetch(input, init)) as typeof globalThis.fetch
      return (await run({ fetch }).simulation.done).steps[0]
    }
    expect(await answered({ startIndex: '1' })).toMatchObject({
      step: 'test-credentials',
      status: 'failed',
      detail: 'startIndex is not a JSON integer (it is "1"); Okta fails without details. Send startIndex as a number.'
    })
    expect((await answered({ itemsPerPage: '0' }))?.detail).toBe('itemsPerPage is not a JSON integer (it is "0"); Okta fails without details. Send itemsPerPage as a number.')
    expect((await answered({}))?.status).toBe('ok')
  })

  it('flags an empty import page while totalResults says there are users: the import ends there without them', async () => {
    const fetch = importPages(() => ({ Resources: [], totalResults: 5 }))
    const final = await run({ fetch }).simulation.done
    const short = final.steps.find((step) => step.step === 'import-users-short')
    expect(short?.title).toBe("Okta's import misses users 1–5 of 5: the page held 0 where Okta asked for 100")
    expect(short?.detail).toMatch(/holds 0 users, while totalResults says 5\. An empty page ends Okta's import, so the import lacks users 1–5 with no error/)
  })

  it('says of a change Okta gave up waiting for that the server may still make it, and not of a read', async () => {
    const scim = fakeScim()
    // The create and the first import page get no answer within Okta's 60 s.
    const timeout = () => Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))
    const fetch = ((input: string | URL | Request, init?: RequestInit) =>
      init?.method === 'POST' && String(input).endsWith('/Users') ? timeout() : String(input).endsWith('/Users?startIndex=1&count=100') ? timeout() : scim.fetch(input, init)) as typeof globalThis.fetch
    const final = await run({ fetch }).simulation.done
    const create = final.steps.find((step) => step.step === 'create-user')
    expect(create).toMatchObject({ status: 'failed', httpStatus: null })
    expect(create?.detail).toBe(
      'No answer within 60 s: Okta closes the connection and marks the task as failed. The server may still make this change once it gets to it; ' +
        'Okta never hears of it, so the directory can show what Okta counts as failed.'
    )
    const read = final.steps.find((step) => step.step === 'import-users')
    expect(read?.detail).toBe('No answer within 60 s: Okta closes the connection and marks the task as failed.')
  })

  it('reports a server that answers the wrong shape the way Okta would', async () => {
    const fetch = (async () => new Response('[]', { status: 200 })) as typeof globalThis.fetch
    const final = await run({ fetch }).simulation.done
    expect(final.state).toBe('failed')
    expect(final.steps[0]?.detail).toMatch(/No results for users returned/)
  })
})
