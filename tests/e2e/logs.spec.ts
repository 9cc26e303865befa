// The provisioning log as Support uses it on a call: filter to the customer, find the user, open the failed request,
// read why it failed and what the customer's admin should do, watch Okta's retries arrive live, export what they saw.
// Every request here is real SCIM over HTTP against the running server, except the history the screenshots and the
// speed figure need, which is written straight into the log as the benchmark does.
import { mkdirSync, readFileSync } from 'node:fs'
import type { Locator, Page } from '@playwright/test'
import type { NewLogRow } from '../../src/main/core/provisioning-log'
import { appOrigin, expect as baseExpect, nextPush, openConsole, test, type ConsoleBackend } from './harness/fixtures'
import { asOf, idEndDrawn, oktaUser, pool, pushUsers, scim, screenshotDir, scrollTo, shoot, value } from './harness/seed'
import { logRow } from '../support/log-rows'

// This machine is shared with builds and benchmarks; waits are generous, and no assertion is about time.
const expect = baseExpect.configure({ timeout: 20_000 })
const minute = 60_000
const hour = 60 * minute

interface Connected {
  readonly id: string
  readonly slug: string
  readonly name: string
  readonly secret: string
  readonly tokenId: string
  readonly prefix: string
}

/** A tenant with an API token, created long ago as real tenants are. */
function connect(backend: ConsoleBackend, name: string): Connected {
  return asOf(backend, 120, (past) => {
    const tenant = value(past.tenants.create({ name }))
    const token = value(past.tokens.issue({ tenant: tenant.slug, label: 'Okta production' }))
    return { id: tenant.id, slug: tenant.slug, name: tenant.name, secret: token.token, tokenId: token.id, prefix: token.prefix }
  })
}

// Seeding over real HTTP on a machine shared with builds takes a while; give each story room.
test.describe.configure({ timeout: 120_000 })

function logTable(page: Page) {
  return page.getByRole('table', { name: 'Provisioning log' })
}

function logRows(page: Page) {
  return logTable(page).locator('tbody tr[data-entry-id]')
}

/**
 * The activity chart's axis labels that are not wholly inside its card, or that reach down into `below` (the line
 * under the chart), as "label: why".
 */
async function strayAxisLabels(chart: Locator, below?: Locator): Promise<string[]> {
  const card = await chart.locator('xpath=ancestor::*[contains(@class, "mantine-Paper-root")][1]').boundingBox()
  const floor = below ? ((await below.boundingBox())?.y ?? null) : null
  if (!card) throw new Error('the chart has no card')
  return chart.locator('.recharts-cartesian-axis-tick-value').evaluateAll(
    (labels, [box, limit]) =>
      labels.flatMap((label) => {
        const { left, right, top, bottom } = label.getBoundingClientRect()
        const text = label.textContent ?? ''
        if (left < box.x + 1 || right > box.x + box.width - 1 || top < box.y + 1 || bottom > box.y + box.height - 1) return [`${text}: outside the card`]
        return limit !== null && bottom > limit ? [`${text}: on the line below the chart`] : []
      }),
    [card, floor] as const
  )
}

/**
 * The entry id of the row the reader sees first, just under the sticky header. The first row in
 * the DOM is not it: the virtualiser renders a few rows above the viewport, and re-renders a
 * frame after a scroll.
 */
async function rowAtScrollerTop(page: Page): Promise<string | null> {
  return page.getByTestId('log-scroller').evaluate((scroller) => {
    const box = scroller.getBoundingClientRect()
    const header = scroller.querySelector('thead')?.getBoundingClientRect().height ?? 0
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + header + 4)
    return hit?.closest('tr[data-entry-id]')?.getAttribute('data-entry-id') ?? null
  })
}

// ——— History written straight into the log, as `npm run bench` does ———

/** A small deterministic random source, so that screenshots show the same history every run. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const historyPeople = [
  'annie.easley', 'mary.jackson', 'dorothy.vaughan', 'john.backus', 'niklaus.wirth', 'anita.borg', 'jean.sammet',
  'adele.goldberg', 'betty.holberton', 'kathleen.booth', 'evelyn.berezin', 'sophie.wilson', 'steve.furber',
  'whitfield.diffie', 'martin.hellman', 'ron.rivest', 'len.bosack', 'sandy.lerner', 'vint.cerf', 'bob.kahn',
  'carol.shaw', 'joan.clarke', 'lynn.conway', 'mark.dean', 'jim.gray', 'leslie.lamport', 'butler.lampson',
  'chuck.thacker', 'alan.kay', 'ivan.sutherland', 'john.mccarthy', 'marvin.minsky'
]

/**
 * `count` requests spread over [from, to] as a day of Okta traffic looks: busier in working hours, lookups and
 * profile pushes, a few duplicates and missing users, a throttled import, and a burst of 401s from a mistyped token.
 * Rows come out oldest first, because the log's ids follow time.
 */
function* history(tenants: readonly (Connected & { domain: string; weight: number })[], count: number, from: number, to: number): Generator<NewLogRow> {
  const rand = random(42)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T
  const times: number[] = []
  while (times.length < count) {
    const at = from + rand() * (to - from)
    const hourOfDay = new Date(at).getUTCHours() + new Date(at).getUTCMinutes() / 60
    const busy = 0.18 + 0.82 * Math.max(0, Math.sin((Math.PI * (hourOfDay - 6)) / 13))
    if (rand() < busy) times.push(Math.round(at))
  }
  times.sort((a, b) => a - b)
  const totalWeight = tenants.reduce((sum, tenant) => sum + tenant.weight, 0)
  const throttleWindow = [to - 7 * hour, to - 6.6 * hour]
  const typoWindow = [to - 3.2 * hour, to - 2.9 * hour]
  const ids = new Map<string, string>()
  const idFor = (userName: string): string => {
    let id = ids.get(userName)
    if (!id) {
      const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('')
      id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`
      ids.set(userName, id)
    }
    return id
  }
  for (const at of times) {
    let roll = rand() * totalWeight
    const tenant = tenants.find((candidate) => (roll -= candidate.weight) < 0) ?? (tenants[0] as (typeof tenants)[number])
    const base = `/scim/v2/${tenant.slug}`
    const userName = `${pick(historyPeople)}@${tenant.domain}`
    const id = idFor(userName)
    const headers = (body: boolean) =>
      JSON.stringify({
        host: '127.0.0.1:8787',
        'user-agent': 'Okta SCIM Client 1.0.0',
        accept: 'application/scim+json',
        ...(body ? { 'content-type': 'application/scim+json; charset=utf-8' } : {}),
        authorization: `Bearer ${tenant.prefix}…`
      })
    const row = (fields: Partial<NewLogRow> & Pick<NewLogRow, 'method' | 'path' | 'status' | 'operation'>): NewLogRow =>
      logRow({
        at,
        tenant_id: tenant.id,
        tenant_slug: tenant.slug,
        token_id: tenant.tokenId,
        duration_ms: Math.round((3 + rand() * rand() * 60) * 100) / 100,
        client: 'Okta SCIM Client 1.0.0',
        target_type: 'user',
        target_id: id,
        target_name: userName,
        request_headers: headers(fields.method !== 'GET'),
        ...fields
      })
    const user = JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id, userName, active: true })
    if (tenant.slug === 'globex' && at >= (typoWindow[0] ?? 0) && at <= (typoWindow[1] ?? 0)) {
      yield row({
        method: 'GET', path: `${base}/Users?startIndex=1&count=2`, status: 401, operation: 'test-credentials', token_id: null,
        target_type: null, target_id: null, target_name: null,
        request_headers: JSON.stringify({ 'user-agent': 'Okta SCIM Client 1.0.0', authorization: 'Bearer scim_thisT…' }),
        error_detail: 'The API token is not valid for this tenant.',
        response_body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'The API token is not valid for this tenant.' })
      })
      continue
    }
    const kind = rand()
    if (kind < 0.34) {
      const filter = encodeURIComponent(`userName eq "${userName}"`)
      yield row({ method: 'GET', path: `${base}/Users?filter=${filter}&startIndex=1&count=100`, status: 200, operation: 'lookup-user', target_id: null })
    } else if (kind < 0.6) {
      const throttled = tenant.slug === 'umbrella-health' && at >= (throttleWindow[0] ?? 0) && at <= (throttleWindow[1] ?? 0) && rand() < 0.6
      const missing = !throttled && rand() < 0.012
      const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { title: pick(['Staff Engineer', 'Account Executive', 'Support Lead', 'Designer']) } }] })
      yield row({
        method: 'PATCH', path: `${base}/Users/${id}`, status: throttled ? 429 : missing ? 404 : 200, operation: 'update-user', request_body: body,
        response_body: throttled || missing ? JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: throttled ? '429' : '404', detail: throttled ? 'Too many requests: try again later.' : `User not found: no user has the id "${id}" in this tenant.` }) : user,
        error_detail: throttled ? 'Too many requests: try again later.' : missing ? `User not found: no user has the id "${id}" in this tenant.` : null
      })
    } else if (kind < 0.74) {
      yield row({ method: 'GET', path: `${base}/Users/${id}`, status: 200, operation: 'get-user', response_body: user })
    } else if (kind < 0.84) {
      const duplicate = rand() < 0.07
      yield row({
        method: 'POST', path: `${base}/Users`, status: duplicate ? 409 : 201, operation: 'create-user', request_body: user, response_body: duplicate ? null : user,
        error_type: duplicate ? 'uniqueness' : null,
        error_detail: duplicate ? `A user with the userName "${userName}" already exists in this tenant.` : null,
        duration_ms: Math.round((8 + rand() * 40) * 100) / 100
      })
    } else if (kind < 0.9) {
      yield row({ method: 'PATCH', path: `${base}/Users/${id}`, status: 200, operation: 'deactivate-user', request_body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] }) })
    } else if (kind < 0.96) {
      const start = 1 + Math.floor(rand() * 4) * 100
      const throttled = tenant.slug === 'umbrella-health' && at >= (throttleWindow[0] ?? 0) && at <= (throttleWindow[1] ?? 0) && rand() < 0.7
      yield row({
        method: 'GET', path: `${base}/Users?startIndex=${start}&count=100`, status: throttled ? 429 : 200, operation: 'import-users',
        target_type: null, target_id: null, target_name: null, duration_ms: Math.round((40 + rand() * 260) * 100) / 100,
        error_detail: throttled ? 'Too many requests: try again later.' : null
      })
    } else if (kind < 0.995) {
      yield row({ method: 'PATCH', path: `${base}/Groups/${idFor(`group-${tenant.slug}`)}`, status: 204, operation: 'group-push-update', target_type: 'group', target_name: pick(['Engineering', 'Sales', 'Customer Support']), target_id: idFor(`group-${tenant.slug}`) })
    } else {
      yield row({ method: 'GET', path: `${base}/Users?startIndex=1&count=2`, status: rand() < 0.08 ? 500 : 200, operation: 'test-credentials', target_type: null, target_id: null, target_name: null })
    }
  }
}

/** Writes rows straight into the log, as the benchmark does, and waits until they are on disk. */
function writeHistory(backend: ConsoleBackend, rows: Iterable<NewLogRow>): number {
  let count = 0
  for (const row of rows) {
    backend.services.log.append(row)
    count += 1
  }
  backend.services.log.flush()
  return count
}

/**
 * A support team's day: four connected tenants with a day of history, then real SCIM traffic over HTTP with the
 * failures Support meets (duplicates, missing users, a throttled import, a mistyped token and a revoked one).
 */
async function seedDay(backend: ConsoleBackend) {
  const acme = connect(backend, 'Acme Corp')
  const umbrella = connect(backend, 'Umbrella Health')
  const globex = connect(backend, 'Globex')
  const initech = connect(backend, 'Initech')
  asOf(backend, 90, (past) => value(past.tenants.create({ name: 'Wayne Enterprises' })))
  const now = Date.now()
  writeHistory(
    backend,
    history(
      [
        { ...acme, domain: 'acme.com', weight: 5 },
        { ...umbrella, domain: 'umbrella.health', weight: 3 },
        { ...globex, domain: 'globex.com', weight: 1.5 },
        { ...initech, domain: 'initech.com', weight: 1 }
      ],
      14_000,
      now - 24 * hour,
      now - 3 * minute
    )
  )
  for (const tenant of [acme, umbrella, globex, initech]) expect((await scim(backend, tenant.slug, tenant.secret, 'GET', '/Users?startIndex=1&count=2')).status).toBe(200)
  const acmeUsers = await pushUsers(backend, 'acme', acme.secret, 'acme.com', 60)
  await pushUsers(backend, 'umbrella-health', umbrella.secret, 'umbrella.health', 30)
  await pushUsers(backend, 'globex', globex.secret, 'globex.com', 12)
  // Umbrella's budget, as its history of throttled imports shows, once its users are in.
  value(backend.services.tenants.update({ tenant: 'umbrella-health', rateLimitPerMinute: 60 }))
  for (const index of [3, 9]) expect((await scim(backend, 'acme', acme.secret, 'POST', '/Users', oktaUser('acme.com', index))).status).toBe(409)
  expect((await scim(backend, 'acme', acme.secret, 'GET', '/Users/00000000-0000-4000-8000-000000000001')).status).toBe(404)
  for (let attempt = 0; attempt < 3; attempt++) expect((await scim(backend, 'globex', 'scim_thisTokenWasPastedWithATypo', 'GET', '/Users?startIndex=1&count=2')).status).toBe(401)
  await pool(acmeUsers.slice(0, 12), 4, async (id, index) => {
    await scim(backend, 'acme', acme.secret, 'PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: index % 4 === 0 ? { active: false } : { title: 'Staff Engineer' } }]
    })
  })
  // Acme's admin revoked the token Okta still uses for its sandbox app: Okta's next push gets 401.
  const sandbox = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta sandbox' }))
  expect((await scim(backend, 'acme', sandbox.token, 'GET', '/Users?startIndex=1&count=2')).status).toBe(200)
  value(backend.services.tokens.revoke(sandbox.id))
  const grace = oktaUser('acme.com', 1)
  expect((await scim(backend, 'acme', sandbox.token, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${grace.userName}"`)}&startIndex=1&count=100`)).status).toBe(401)
  backend.services.log.flush()
  return { acme, umbrella, globex, initech, sandbox }
}

/** Two tenants, with real users pushed over SCIM and a few failures: enough for the stories below. */
async function seedSmall(backend: ConsoleBackend, users = 24) {
  const acme = connect(backend, 'Acme Corp')
  const globex = connect(backend, 'Globex')
  const acmeIds = await pushUsers(backend, 'acme', acme.secret, 'acme.com', users)
  await pushUsers(backend, 'globex', globex.secret, 'globex.com', 8)
  for (const index of [1, 2]) expect((await scim(backend, 'acme', acme.secret, 'POST', '/Users', oktaUser('acme.com', index))).status).toBe(409)
  expect((await scim(backend, 'globex', globex.secret, 'POST', '/Users', oktaUser('globex.com', 1))).status).toBe(409)
  backend.services.log.flush()
  return { acme, globex, acmeIds }
}

test('filters combine in the URL and survive a reload', async ({ page, backend }) => {
  await seedSmall(backend)
  await openConsole(page, backend, '/logs')
  await expect(logRows(page).first()).toBeVisible()

  await page.getByRole('combobox', { name: 'Tenant', exact: true }).click()
  await page.getByRole('option', { name: 'Acme Corp' }).click()
  await page.getByRole('radiogroup', { name: 'Outcome' }).getByText('Failed').click()
  await page.getByRole('combobox', { name: 'Operation' }).click()
  await page.getByRole('option', { name: 'Push new user' }).click()
  await page.getByRole('button', { name: /^Time range/ }).click()
  await page.getByRole('option', { name: 'Last hour' }).click()

  await expect(page).toHaveURL(/tenant=acme/)
  await expect(page).toHaveURL(/outcome=failed/)
  await expect(page).toHaveURL(/operation=create-user/)
  await expect(page).toHaveURL(/range=1h/)
  await expect(logRows(page)).toHaveCount(2)
  for (const row of await logRows(page).all()) {
    await expect(row).toContainText('Acme Corp')
    await expect(row).toContainText('Push new user')
    await expect(row).toContainText('409')
  }

  await page.reload()
  await expect(logRows(page)).toHaveCount(2)
  await expect(page.getByRole('combobox', { name: 'Tenant', exact: true })).toHaveValue('Acme Corp')
  await expect(page.getByRole('combobox', { name: 'Operation' })).toHaveValue('Push new user')
  await expect(page.getByRole('radiogroup', { name: 'Outcome' }).getByRole('radio', { name: 'Failed' })).toBeChecked()
  await expect(page.getByRole('button', { name: 'Time range: Last hour' })).toBeVisible()

  // The status filter offers only what the outcome keeps, and an outcome that leaves the chosen status out clears it.
  await page.getByRole('combobox', { name: 'Status' }).click()
  await expect(page.getByRole('option', { name: '201 Created' })).toHaveCount(0)
  await page.getByRole('option', { name: '409 Conflict' }).click()
  await expect(page).toHaveURL(/status=409/)
  await page.getByRole('radiogroup', { name: 'Outcome' }).getByText('5xx').click()
  await expect(page).not.toHaveURL(/status=/)
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('')
  await page.getByRole('radiogroup', { name: 'Outcome' }).getByText('Failed').click()

  // Clearing them shows every request again, and the URL forgets them.
  await page.getByRole('button', { name: /Clear 4 filters/ }).click()
  await expect(page).not.toHaveURL(/outcome=/)
  await expect.poll(() => logRows(page).count()).toBeGreaterThan(2)

  // Clicking a bar of the activity chart narrows the time range to it.
  await page.getByRole('application', { name: /Requests per/ }).locator('path.recharts-rectangle').last().click()
  await expect(page).toHaveURL(/since=.*until=/)
  await expect(page.getByRole('button', { name: /^Time range: \d/ })).toBeVisible()
  await expect.poll(() => logRows(page).count()).toBeGreaterThan(0)
})

test('a custom range is picked on the calendar, with 24-hour times as the rest of the log writes them', async ({ page, backend }) => {
  await seedSmall(backend, 4)
  await openConsole(page, backend, '/logs')
  await expect(logRows(page).first()).toBeVisible()
  const total = await logRows(page).count()

  await page.getByRole('button', { name: /^Time range/ }).click()
  // Today from midnight is the range offered; the end of the day is typed in, in 24-hour time.
  await expect(page.getByRole('spinbutton', { name: 'From, hours' })).toHaveValue('00')
  await page.getByRole('spinbutton', { name: 'To, hours' }).click()
  await page.keyboard.type('2359')
  await expect(page.getByRole('spinbutton', { name: 'To, hours' })).toHaveValue('23')
  await expect(page.getByRole('spinbutton', { name: 'To, minutes' })).toHaveValue('59')
  await page.getByRole('button', { name: 'Apply range' }).click()

  await expect(page).toHaveURL(/since=.*until=/)
  // Up to 23:59 inclusive reads as up to the next midnight.
  await expect(page.getByRole('button', { name: /^Time range: \d+ \w+, 00:00 – \d+ \w+, 00:00$/ })).toBeVisible()
  await expect(logRows(page)).toHaveCount(total)
})

test('a link to a tenant that no longer exists shows and exports nothing, rather than every tenant', async ({ page, backend }) => {
  await seedSmall(backend, 4)
  await openConsole(page, backend, '/logs?outcome=failed')
  await expect(logRows(page)).toHaveCount(3)

  // As a link from a ticket written before the tenant was deleted.
  await page.goto(`${appOrigin}/index.html#/logs?tenant=initech&outcome=failed`)
  await expect(page.getByText('There is no tenant with the slug')).toBeVisible()
  await expect(logRows(page)).toHaveCount(0)
  await expect(page.getByText('No requests', { exact: true })).toBeVisible()
  await expect(page.getByRole('img', { name: /Requests per/ })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Export' })).toBeDisabled()
  expect(backend.native.saved).toHaveLength(0)

  await page.getByRole('link', { name: 'Show all tenants' }).click()
  await expect(logRows(page)).toHaveCount(3)
  await expect(page.getByRole('button', { name: 'Export' })).toBeEnabled()
})

test("a link to a deleted tenant's log shows its past requests, which the deletion said stay in the log", async ({ page, backend }) => {
  const { acme } = await seedSmall(backend, 4)
  const initech = connect(backend, 'Initech')
  expect((await scim(backend, initech.slug, initech.secret, 'POST', '/Users', oktaUser('initech.com', 1))).status).toBe(201)
  expect((await scim(backend, initech.slug, initech.secret, 'POST', '/Users', oktaUser('initech.com', 1))).status).toBe(409)
  value(backend.services.tenants.remove({ tenant: initech.slug, force: true }))
  // Okta, still pointed at it, gets 401: logged under the slug, as no tenant has it now.
  expect((await scim(backend, initech.slug, initech.secret, 'GET', '/Users?startIndex=1&count=2')).status).toBe(401)
  backend.services.log.flush()

  // As a link from a ticket written before the tenant was deleted.
  await openConsole(page, backend, `/logs?tenant=${initech.slug}`)
  await expect(page.getByText(`The tenant with the slug ${initech.slug} was deleted. These are its past requests`)).toBeVisible()
  await expect(logRows(page)).toHaveCount(2)
  await expect(logRows(page).filter({ hasText: '409' })).toHaveCount(1)
  // Another tenant's requests are not among them.
  await expect(logTable(page)).not.toContainText(acme.name)

  // They export too, under the slug they were sent to.
  await page.getByRole('button', { name: 'Export' }).click()
  await page.getByRole('menuitem', { name: /CSV/ }).click()
  await expect(page.getByText('Exported 2 requests')).toBeVisible()
  const path = backend.native.saved.at(-1) ?? ''
  expect(path).toMatch(new RegExp(`scim-log-${initech.slug}-[\\d-]+\\.csv$`))
  expect(readFileSync(path, 'utf8').trim().split(/\r?\n/)).toHaveLength(3)

  // The tenant box names what is shown, not "All tenants"; cleared, it shows every tenant's requests.
  const picker = page.getByRole('combobox', { name: 'Tenant', exact: true })
  await expect(picker).toHaveValue(`${initech.slug} (deleted)`)
  // The chart above the rows says whose requests it counts, as the box does.
  await expect(page.getByText(`Last 24 hours · ${initech.slug} (deleted)`)).toBeVisible()
  // Mantine's clear button is hidden from the accessibility tree (the keyboard clears by deleting the text).
  await picker.locator('xpath=ancestor::div[contains(@class, "mantine-Select-root")][1]').locator('button').click()
  await expect(page).not.toHaveURL(/tenant=/)
  await expect(picker).toHaveValue('')
  await expect(logTable(page)).toContainText(acme.name)
})

test('an outcome clicked before the page has drawn the status just chosen still clears a status it leaves out', async ({ page, backend }) => {
  await seedSmall(backend)
  await openConsole(page, backend, '/logs?outcome=failed')
  await page.getByRole('combobox', { name: 'Status' }).click()
  const conflict = await page.getByRole('option', { name: '409 Conflict' }).elementHandle()
  const serverErrors = await page.getByRole('radiogroup', { name: 'Outcome' }).getByText('5xx').elementHandle()
  // Both clicks in one task, so that no render comes between them: what a quick click on a busy machine may do, made
  // certain. The filter bar decided from the filters of its last render, and kept the 409 beside "5xx".
  await page.evaluate(
    ([status, outcome]) => {
      ;(status as HTMLElement).click()
      ;(outcome as HTMLElement).click()
    },
    [conflict, serverErrors] as const
  )
  await expect(page).toHaveURL(/outcome=5xx/)
  await expect(page).not.toHaveURL(/status=/)
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('')
})

test('search finds a user by userName, and the user filter narrows to them', async ({ page, backend }) => {
  await seedSmall(backend)
  await openConsole(page, backend, '/logs')
  const grace = oktaUser('acme.com', 17).userName
  await page.getByRole('textbox', { name: 'Search' }).fill(grace)
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(grace).replace(/\./g, '\\.')}`))
  // Okta looked the user up by userName, then created them.
  await expect(logRows(page)).toHaveCount(2)
  await expect(logRows(page).filter({ hasText: 'Look up user' })).toHaveCount(1)
  await expect(logRows(page).filter({ hasText: 'Push new user' })).toHaveCount(1)
  for (const row of await logRows(page).all()) await expect(row).toContainText(grace)

  await page.getByRole('textbox', { name: 'Search' }).fill('')
  await page.getByRole('textbox', { name: 'User or group' }).fill('grace.')
  await expect(page).toHaveURL(/target=grace\./)
  await expect(page).not.toHaveURL(/q=/)
  // Every request about a Grace, in both tenants: lookups, creates and the duplicates.
  const expected = value(await backend.handlers['logs:list']({ target: 'grace.', limit: 1000 })).items.length
  expect(expected).toBeGreaterThan(4)
  await expect(logRows(page)).toHaveCount(expected)
  for (const row of await logRows(page).all()) await expect(row).toContainText(/grace\.(hopper|turing)@(acme|globex)\.com/)
})

test('a 401 with a revoked token shows the diagnosis naming the revocation, and the token used', async ({ page, backend }) => {
  const { acme } = await seedSmall(backend, 4)
  const sandbox = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta sandbox' }))
  expect((await scim(backend, 'acme', sandbox.token, 'GET', '/Users?startIndex=1&count=2')).status).toBe(200)
  value(backend.services.tokens.revoke(sandbox.id))
  expect((await scim(backend, 'acme', sandbox.token, 'GET', '/Users?startIndex=1&count=2')).status).toBe(401)
  backend.services.log.flush()

  await openConsole(page, backend, `/logs?tenant=${acme.slug}&status=401`)
  await expect(logRows(page)).toHaveCount(1)
  await logRows(page).first().click()
  const drawer = page.getByRole('dialog', { name: /Test API Credentials/ })
  await expect(drawer).toBeVisible()
  const diagnosis = drawer.getByRole('region', { name: 'Diagnosis' })
  await expect(diagnosis.getByText('The API token was revoked')).toBeVisible()
  await expect(diagnosis).toContainText('revoked on')
  await expect(diagnosis).toContainText('Next step')
  // The Authorization header is redacted, with the token's label, prefix and status beside it.
  await expect(drawer.getByText(`Bearer ${sandbox.prefix}…`)).toBeVisible()
  await expect(drawer.getByText('Okta sandbox', { exact: true })).toBeVisible()
  await expect(drawer.getByRole('region', { name: 'Request' }).getByText('Revoked', { exact: true })).toBeVisible()
  await expect(drawer).not.toContainText(sandbox.token)
  // The diagnosis writes the revocation's time as the token line beside the header does: one format in one drawer.
  const revokedAt = ((await drawer.getByRole('region', { name: 'Request' }).getByText(/^revoked /).textContent()) ?? '').replace(/^revoked /, '')
  expect(revokedAt).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2}$/)
  await expect(diagnosis).toContainText(`revoked on ${revokedAt}`)
  await expect(diagnosis.locator('dt:text-is("Revoked") + dd')).toHaveText(revokedAt)

  // Copy as cURL replays the request with the secret left out. (This test page is not a secure context, so the
  // clipboard is closed to it; the toast shows the command to copy by hand, as it does wherever copying is refused.)
  await drawer.getByRole('button', { name: 'Copy as cURL' }).click()
  const command = (await page.getByTestId('curl-command').textContent()) ?? ''
  expect(command).toMatch(/^curl /)
  expect(command).toContain(`/scim/v2/${acme.slug}/Users`)
  expect(command).not.toContain(sandbox.token)
})

test("a request sent with the token of a tenant deleted since names it so, not as a token that matches none", async ({ page, backend }) => {
  const globex = connect(backend, 'Globex')
  expect((await scim(backend, globex.slug, globex.secret, 'POST', '/Users', oktaUser('globex.com', 1))).status).toBe(201)
  // The CSM deletes the tenant, and its API tokens go with it.
  value(backend.services.tenants.remove({ tenant: globex.slug, force: true }))
  backend.services.log.flush()

  await openConsole(page, backend, '/logs')
  await expect(logRows(page)).toHaveCount(1)
  await logRows(page).first().click()
  const request = page.getByRole('dialog').getByRole('region', { name: 'Request' })
  await expect(request.getByText(`Bearer ${globex.prefix}…`)).toBeVisible()
  await expect(request).toContainText('An API token of a tenant deleted since: its tokens were deleted with it.')
  await expect(request).not.toContainText('matches no API token')
})

test("a 409's diagnosis links the user holding the userName to that user in the Directory", async ({ page, backend }) => {
  const { acme, acmeIds } = await seedSmall(backend, 4)
  // The newest 409 is the second push of user 2, whose userName user 2 holds.
  const holder = oktaUser('acme.com', 2)
  await openConsole(page, backend, `/logs?tenant=${acme.slug}&status=409`)
  await expect(logRows(page)).toHaveCount(2)
  await logRows(page).first().click()
  const diagnosis = page.getByRole('region', { name: 'Diagnosis' })
  const link = diagnosis.locator('dt:text-is("Held by user") + dd').getByRole('link')
  await expect(link).toHaveText(acmeIds[2] ?? '')
  await link.click()
  await expect(page).toHaveURL(new RegExp(`#/tenants/${acme.slug}/directory\\?user=${acmeIds[2]}$`))
  await expect(page.getByRole('dialog', { name: holder.displayName })).toContainText(holder.userName)
  // Facts about anything else stay text: back in the drawer (shown, so that no link is not merely no drawer).
  await page.goBack()
  const userName = diagnosis.locator('dt:text-is("userName") + dd')
  await expect(userName).toHaveText(holder.userName)
  await expect(userName.getByRole('link')).toHaveCount(0)
})

test('a body Okta sent but the log did not keep is said to be not kept, not missing', async ({ page, backend }) => {
  const acme = connect(backend, 'Acme Corp')
  const post = async (token: string, body: string) =>
    (
      await fetch(`${backend.scimOrigin}/scim/v2/${acme.slug}/Users`, {
        method: 'POST',
        headers: { 'user-agent': 'Okta SCIM Client 1.0.0', 'content-type': 'application/scim+json', authorization: `Bearer ${token}` },
        body
      })
    ).status
  expect(await post('scim_thisTokenWasPastedWithATypo', JSON.stringify({ ...oktaUser('acme.com', 1), password: 'x1y2z3w4' }))).toBe(401)
  expect(await post(acme.secret, JSON.stringify({ ...oktaUser('acme.com', 2), title: 'x'.repeat(1_100_000) }))).toBe(413)
  expect((await scim(backend, acme.slug, acme.secret, 'GET', '/Users?startIndex=1&count=2')).status).toBe(200)
  backend.services.log.flush()

  await openConsole(page, backend, '/logs?status=401')
  await logRows(page).first().click()
  const request = page.getByRole('dialog').getByRole('region', { name: 'Request' })
  await expect(request).toContainText(/Not kept: a body was sent \(\d+ bytes\), but SCIM Console keeps none for a request it refused before reading it\./)
  await expect(request).not.toContainText('Okta sends none')

  await page.goto(`${appOrigin}/index.html#/logs?status=413`)
  await logRows(page).first().click()
  await expect(request).toContainText('Not kept: the body sent (1.05 MB) is larger than SCIM Console reads.')

  await page.goto(`${appOrigin}/index.html#/logs?operation=test-credentials`)
  await logRows(page).first().click()
  await expect(request).toContainText('No body: Okta sends none with this request.')
})

test('the drawer says who reads an error\'s detail, and each client got it in its own words', async ({ page, backend }) => {
  const acme = connect(backend, 'Acme Corp')
  // Oldest first; the log lists newest first. No Authorization header: each gets the 401 that names where the token goes.
  for (const agent of ['Okta SCIM Client 1.0.0', 'Azure Active Directory SCIM Client', 'curl/8.5.0']) {
    const response = await fetch(`${backend.scimOrigin}/scim/v2/${acme.slug}/Users?startIndex=1&count=2`, { headers: { 'user-agent': agent } })
    expect(response.status).toBe(401)
  }
  backend.services.log.flush()
  await openConsole(page, backend, '/logs?status=401')
  await expect(logRows(page)).toHaveCount(3)
  // The narrow Tenant column's hover names the tenant whole, with its slug.
  await expect(logRows(page).first().locator('span[title="Acme Corp · acme"]')).toHaveText('Acme Corp')
  const response = page.getByRole('dialog').getByRole('region', { name: 'Response' })
  const expected = [
    ['Detail sent to the client:', 'Send this tenant\'s API token as "Authorization: Bearer <token>"'],
    ['Detail Entra writes to its provisioning logs:', 'Paste the API token into Secret Token in Entra'],
    ['Detail Okta shows the admin:', 'In Okta, set Authentication Mode to "HTTP Header"']
  ]
  for (const [index, [label, detail]] of expected.entries()) {
    await logRows(page).nth(index).click()
    await expect(response).toContainText(`${label ?? ''} The request has no Authorization header. ${detail ?? ''}`)
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toHaveCount(0)
  }
})

test("Entra's requests read in Entra's words, Okta's in Okta's, curl's in plain ones, and the filter finds them by either", async ({ page, backend }) => {
  const acme = connect(backend, 'Acme Corp')
  const send = async (agent: string, method: string, path: string, body: unknown) =>
    (
      await fetch(`${backend.scimOrigin}/scim/v2/${acme.slug}${path}`, {
        method,
        headers: { 'user-agent': agent, 'content-type': 'application/scim+json', authorization: `Bearer ${acme.secret}` },
        body: JSON.stringify(body)
      })
    ).json() as Promise<{ id: string }>
  const user = (userName: string) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, active: true })
  const entra = 'Azure Active Directory SCIM Client'
  const ada = await send(entra, 'POST', '/Users', user('ada@acme.com'))
  await send(entra, 'PATCH', `/Users/${ada.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] })
  await send('Okta SCIM Client 1.0.0', 'POST', '/Users', user('grace@acme.com'))
  await send('curl/8.5.0', 'POST', '/Users', user('linus@acme.com'))
  backend.services.log.flush()

  await openConsole(page, backend, '/logs')
  await expect(logRows(page)).toHaveCount(4)
  const row = (userName: string, label: string) => logRows(page).filter({ hasText: userName }).filter({ hasText: label })
  await expect(row('ada@acme.com', 'Create user')).toHaveCount(1)
  await expect(row('ada@acme.com', 'Disable user')).toHaveCount(1)
  await expect(row('grace@acme.com', 'Push new user')).toHaveCount(1)
  await expect(row('linus@acme.com', 'Create user')).toHaveCount(1)
  await expect(logRows(page).filter({ hasText: 'ada@acme.com' }).filter({ hasText: /Push new user|Deactivate/ })).toHaveCount(0)

  // The drawer's title, its Operation and its timeline say the same.
  await row('ada@acme.com', 'Create user').click()
  const drawer = page.getByRole('dialog', { name: 'Create user · ada@acme.com' })
  await expect(drawer.locator('dt:text-is("Operation") + dd')).toHaveText('Create user')
  const timeline = drawer.getByRole('list', { name: 'Timeline' })
  await expect(timeline.getByRole('listitem').nth(0)).toContainText('Create user')
  await expect(timeline.getByRole('listitem').nth(1)).toContainText('Disable user')
  await page.keyboard.press('Escape')

  // The filter names Entra's word under Okta's, and finds the operation by it.
  await page.getByRole('combobox', { name: 'Operation' }).fill('disable')
  const option = page.getByRole('option', { name: /Deactivate/ })
  await expect(option).toContainText('Entra: Disable user')
  await option.click()
  await expect(page).toHaveURL(/operation=deactivate-user/)
  await expect(logRows(page)).toHaveCount(1)
  await expect(logRows(page).first()).toContainText('Disable user')
  // Reopened, the list marks the chosen operation as Mantine's own options do.
  await page.getByRole('combobox', { name: 'Operation' }).click()
  await expect(page.getByRole('option', { name: /Deactivate/, selected: true }).locator('svg')).toBeVisible()
})

test('a 60-character tenant name is cut in its row, at the row height, and read whole on hover and in the drawer', async ({ page, backend }) => {
  const name = 'Internationale Handelsgesellschaft für Beispielsysteme Nord'.padEnd(60, '.')
  const tenant = connect(backend, name)
  expect((await scim(backend, tenant.slug, tenant.secret, 'GET', '/Users?startIndex=1&count=2')).status).toBe(200)
  backend.services.log.flush()
  await openConsole(page, backend, '/logs')
  const cell = logRows(page).first().locator('td').nth(1)
  await expect(cell.locator(`span[title="${name} · ${tenant.slug}"]`)).toHaveText(name)
  const shown = await cell.evaluate((element) => ({ cut: element.scrollWidth > element.clientWidth, rowHeight: element.closest('tr')?.getBoundingClientRect().height }))
  expect(shown).toEqual({ cut: true, rowHeight: 36 })
  await logRows(page).first().click()
  await expect(page.getByRole('dialog').locator('dt:text-is("Tenant") + dd')).toHaveText(name)
  await page.keyboard.press('Escape')

  // Chosen as the filter, the name is cut with an ellipsis in its box, and read whole on hover.
  await page.getByRole('combobox', { name: 'Tenant', exact: true }).click()
  await page.getByRole('option', { name }).click()
  await page.getByRole('heading', { name: 'Provisioning log' }).click()
  const box = page.getByRole('combobox', { name: 'Tenant', exact: true })
  await expect(box).toHaveValue(name)
  await expect(box).toHaveAttribute('title', name)
  expect(await box.evaluate((element) => getComputedStyle(element).textOverflow)).toBe('ellipsis')
})

test("the drawer's title shows the start of a long userName, not just the operation", async ({ page, backend }) => {
  const acme = connect(backend, 'Acme Corp')
  const userName = 'maximiliane.alexandrina.von.hohenzollern-sigmaringen.und.weitere.namen@internationale-handelsgesellschaft.example.com'
  expect((await scim(backend, acme.slug, acme.secret, 'POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, active: true })).status).toBe(201)
  backend.services.log.flush()
  await openConsole(page, backend, '/logs')
  await logRows(page).first().click()
  const title = page.getByRole('dialog').getByText(`Push new user · ${userName}`)
  await expect(title).toBeVisible()
  // Where the name's first letters are drawn: inside the title's one visible line, not clamped away below it.
  const shown = await title.evaluate((element) => {
    const text = element.firstChild
    if (!text) return null
    const start = (text.textContent ?? '').indexOf('·') + 2
    const range = document.createRange()
    range.setStart(text, start)
    range.setEnd(text, start + 8)
    const letters = range.getBoundingClientRect()
    const box = element.getBoundingClientRect()
    return letters.bottom <= box.bottom + 1 && letters.right <= box.right + 1
  })
  expect(shown).toBe(true)
})

test("the timeline shows the user's other requests, and jumps to one", async ({ page, backend }) => {
  const { acme, acmeIds } = await seedSmall(backend)
  const grace = oktaUser('acme.com', 17)
  await scim(backend, 'acme', acme.secret, 'PATCH', `/Users/${acmeIds[17]}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', value: { title: 'Rear Admiral' } }]
  })
  backend.services.log.flush()

  await openConsole(page, backend, `/logs?tenant=acme&operation=create-user&q=${encodeURIComponent(grace.userName)}`)
  await expect(logRows(page)).toHaveCount(1)
  await logRows(page).first().click()
  const drawer = page.getByRole('dialog', { name: new RegExp(`Push new user · ${grace.userName}`) })
  const timeline = drawer.getByRole('list', { name: 'Timeline' })
  await expect(timeline.getByRole('listitem')).toHaveCount(3)
  await expect(timeline.getByRole('listitem').nth(0)).toContainText('Look up user')
  await expect(timeline.getByRole('listitem').nth(1)).toContainText('This request')
  await expect(timeline.getByRole('listitem').nth(2)).toContainText('Push profile update')

  await timeline.getByRole('button', { name: /Push profile update/ }).click()
  await expect(page.getByRole('dialog', { name: new RegExp(`Push profile update · ${grace.userName}`) })).toBeVisible()
  await expect(page).toHaveURL(/entry=\d+/)
  await expect(page.getByRole('dialog').getByText('Rear Admiral')).toBeVisible()

  // From the drawer, the log narrows to this user.
  await page.getByRole('dialog').getByRole('link', { name: /All requests for/ }).click()
  await expect(page).toHaveURL(new RegExp(`target=${encodeURIComponent(grace.userName).replace(/\./g, '\\.')}`))
  await expect(logRows(page)).toHaveCount(3)
})

test('a SCIM request made while the log is open appears live, and "N new" waits while scrolled away', async ({ page, backend }) => {
  const { acme } = await seedSmall(backend, 80)
  await openConsole(page, backend, '/logs')
  await expect(logRows(page).first()).toBeVisible()

  const live = 'live.arrival@acme.com'
  await scim(backend, 'acme', acme.secret, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${live}"`)}&startIndex=1&count=100`)
  await expect(logRows(page).first()).toContainText(live)

  // Scrolled down to read, new requests wait behind a pill instead of moving the rows.
  await scrollTo(page.getByTestId('log-scroller'), 1200)
  await expect(page.getByTestId('log-scroller')).toHaveJSProperty('scrollTop', 1200)
  await expect.poll(() => rowAtScrollerTop(page)).not.toBeNull()
  const rowAtTop = await rowAtScrollerTop(page)
  for (const index of [1, 2, 3]) {
    await scim(backend, 'acme', acme.secret, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "late.${index}@acme.com"`)}&startIndex=1&count=100`)
  }
  const pill = page.getByTestId('new-entries-pill')
  await expect(pill).toHaveText('3 new')
  expect(await rowAtScrollerTop(page)).toBe(rowAtTop)

  await pill.click()
  await expect(pill).toBeHidden()
  await expect(page.getByTestId('log-scroller')).toHaveJSProperty('scrollTop', 0)
  await expect(logRows(page).first()).toContainText('late.3@acme.com')

  // Paused, nothing moves; resuming shows what arrived.
  await page.getByRole('button', { name: 'Pause live updates' }).click()
  await scim(backend, 'acme', acme.secret, 'GET', `/Users?filter=${encodeURIComponent('userName eq "while.paused@acme.com"')}&startIndex=1&count=100`)
  await expect(pill).toHaveText('1 new')
  await expect(logRows(page).first()).toContainText('late.3@acme.com')
  await page.getByRole('button', { name: 'Resume live updates' }).click()
  await expect(logRows(page).first()).toContainText('while.paused@acme.com')

  // Requests that arrive while the person is on another page are there when they come back.
  const navigation = page.getByRole('navigation', { name: 'Main' })
  await navigation.getByRole('link', { name: 'Tenants' }).click()
  await expect(logTable(page)).toBeHidden()
  const pushed = await nextPush(page, 'logs:appended')
  await scim(backend, 'acme', acme.secret, 'GET', `/Users?filter=${encodeURIComponent('userName eq "while.away@acme.com"')}&startIndex=1&count=100`)
  // The push reaches the renderer while the log is closed; then the log is opened again, in the app, without a reload.
  await pushed()
  await navigation.getByRole('link', { name: 'Provisioning log' }).click()
  await expect(logRows(page).first()).toContainText('while.away@acme.com')
})

/** Splits one CSV line into fields, honouring quotes. */
function csvFields(line: string): string[] {
  const fields: string[] = []
  let field = ''
  let quoted = false
  for (let index = 0; index < line.length; index++) {
    const char = line[index]
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"'
        index++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      fields.push(field)
      field = ''
    } else field += char
  }
  fields.push(field)
  return fields
}

test('export writes a CSV file whose rows match the filter', async ({ page, backend }) => {
  const { acme } = await seedSmall(backend)
  await openConsole(page, backend, '/logs?tenant=acme&outcome=failed')
  await expect(logRows(page)).toHaveCount(2)

  await page.getByRole('button', { name: 'Export' }).click()
  await page.getByRole('menuitem', { name: /CSV/ }).click()
  await expect(page.getByText('Exported 2 requests')).toBeVisible()
  const path = backend.native.saved.at(-1)
  expect(path).toMatch(/\.csv$/)
  await expect(page.getByText(path ?? '')).toBeVisible()

  const lines = readFileSync(path ?? '', 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/)
  const header = csvFields(lines[0] ?? '')
  const rows = lines.slice(1).map(csvFields)
  expect(rows).toHaveLength(2)
  const column = (name: string) => header.indexOf(name)
  for (const row of rows) {
    expect(row[column('tenant')]).toBe(acme.slug)
    expect(Number(row[column('status')])).toBe(409)
    expect(row[column('operation')]).toMatch(/create-user|Push new user/)
  }
  expect(readFileSync(path ?? '', 'utf8')).not.toContain(acme.secret)

  // Each failure's diagnosis, in the one line the drawer heads it with.
  await logRows(page).first().click()
  const title = (await page.getByRole('dialog').getByRole('region', { name: 'Diagnosis' }).locator('p').first().textContent()) ?? ''
  expect(title).not.toBe('')
  expect(rows.map((row) => row[column('diagnosis')])).toContain(title)
})

test('the keyboard moves through the log and opens and closes a request', async ({ page, backend }) => {
  await seedSmall(backend, 6)
  await openConsole(page, backend, '/logs')
  await expect(logRows(page).first()).toBeVisible()
  const rows = logRows(page)

  await page.keyboard.press('j')
  await expect(rows.nth(0)).toHaveAttribute('data-active', 'true')
  await page.keyboard.press('ArrowDown')
  await expect(rows.nth(1)).toHaveAttribute('data-active', 'true')
  await page.keyboard.press('k')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await expect(rows.nth(2)).toHaveAttribute('data-active', 'true')
  const thirdId = await rows.nth(2).getAttribute('data-entry-id')

  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog')).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`entry=${thirdId}`))
  // With the drawer open, moving changes the request it shows.
  await page.keyboard.press('ArrowDown')
  const fourthId = await rows.nth(3).getAttribute('data-entry-id')
  await expect(page).toHaveURL(new RegExp(`entry=${fourthId}`))
  await expect(rows.nth(3)).toHaveAttribute('aria-current', 'true')

  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toBeHidden()
  await expect(page).not.toHaveURL(/entry=/)

  await page.keyboard.press('/')
  await expect(page.getByRole('textbox', { name: 'Search' })).toBeFocused()
  await page.keyboard.type('globex')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('textbox', { name: 'Search' })).toHaveValue('')
})

// Tagged @measure: `npm run bench` runs it, on its own, so that a second browser does not share the two cores while it
// takes its figures; `npm test` leaves it out.
test('the log shows its first rows quickly on a large log (measured, not asserted) @measure', async ({ page, backend }) => {
  // Keyset paging makes the first page independent of the log's size; 100,000 rows keep the seeding within CI's budget.
  test.setTimeout(420_000)
  const tenants = ['Acme Corp', 'Umbrella Health', 'Globex', 'Initech'].map((name) => connect(backend, name))
  const rows = 100_000
  const now = Date.now()
  const started = Date.now()
  writeHistory(
    backend,
    history(
      tenants.map((tenant, index) => ({ ...tenant, domain: `${tenant.slug}.com`, weight: 4 - index })),
      rows,
      now - 7 * 24 * hour,
      now - minute
    )
  )
  console.log(`Seeded ${rows.toLocaleString('en-US')} log rows in ${Date.now() - started} ms`)

  // What main alone takes to answer the first page and the chart, without the renderer.
  const timed = async (label: string, run: () => unknown): Promise<void> => {
    const samples: number[] = []
    for (let run_ = 0; run_ < 5; run_++) {
      const t0 = performance.now()
      await run()
      samples.push(performance.now() - t0)
    }
    samples.sort((a, b) => a - b)
    console.log(`Handler ${label}: median ${samples[2]?.toFixed(1)} ms`)
  }
  const acmeId = tenants[0]?.id ?? ''
  await timed('logs:list (first page, no filter)', () => backend.handlers['logs:list']({ limit: 100 }))
  await timed('logs:list (tenant + failed)', () => backend.handlers['logs:list']({ tenantId: acmeId, outcome: 'failed', limit: 100 }))
  await timed('logs:activity (24 h, 90 buckets)', () =>
    backend.handlers['logs:activity']({ query: { since: new Date(Date.now() - 24 * hour).toISOString(), until: new Date().toISOString() }, buckets: 90 })
  )
  await timed('tenants:list', () => backend.handlers['tenants:list']({}))

  // The time to the first row is taken inside the page, from the click (or the navigation's start) to the frame in
  // which the first row is in the DOM, so that Playwright's own polling does not count.
  await page.addInitScript(() => {
    const observer = new MutationObserver(() => {
      const scope = window as unknown as { firstRowAt?: number }
      if (scope.firstRowAt === undefined && document.querySelector('tr[data-entry-id]')) scope.firstRowAt = performance.now()
    })
    observer.observe(document, { childList: true, subtree: true })
  })
  await openConsole(page, backend, '/tenants')
  await expect(page.getByRole('row', { name: /Acme Corp/ })).toBeVisible()
  // Runs in the page: follows the navigation's "Provisioning log" link, or goes to a hash.
  const inApp = (target: string) =>
    new Promise<number>((resolve) => {
      const t0 = performance.now()
      if (target === 'navigation') (document.querySelector('a[href="#/logs"]') as HTMLElement).click()
      else window.location.hash = target
      const check = (): void => {
        if (document.querySelector('tr[data-entry-id]')) resolve(performance.now() - t0)
        else requestAnimationFrame(check)
      }
      check()
    })
  const figures: Record<string, number[]> = { 'in-app navigation': [], 'in-app, filtered to a tenant and failures': [], 'full page load (bundle included)': [] }
  for (let run = 0; run < 5; run++) {
    await page.goto(`${appOrigin}/index.html#/tenants`)
    await expect(page.getByRole('row', { name: /Acme Corp/ })).toBeVisible()
    figures['in-app navigation']?.push(await page.evaluate(inApp, 'navigation'))

    await page.goto(`${appOrigin}/index.html#/tenants`)
    await expect(page.getByRole('row', { name: /Acme Corp/ })).toBeVisible()
    figures['in-app, filtered to a tenant and failures']?.push(await page.evaluate(inApp, '#/logs?tenant=acme&outcome=failed'))

    await page.goto(`${appOrigin}/index.html#/tenants`)
    await page.goto(`${appOrigin}/index.html#/logs`)
    await page.reload()
    await expect(logRows(page).first()).toBeVisible()
    figures['full page load (bundle included)']?.push(await page.evaluate(() => (window as unknown as { firstRowAt: number }).firstRowAt))
  }
  for (const [label, values] of Object.entries(figures)) {
    const sorted = [...values].sort((a, b) => a - b)
    const shown = values.map((value) => Math.round(value))
    console.log(`First rows on ${rows.toLocaleString('en-US')} rows, ${label}: median ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms (runs: ${shown.join(', ')} ms)`)
  }
  // Scrolling far loads later pages by keyset, without stalling: each scroll to the end loads the next page, which the
  // footer counts ("Showing 400 of …"), before the next scroll.
  await page.goto(`${appOrigin}/index.html#/logs`)
  await expect(logRows(page).first()).toBeVisible()
  const footer = page.getByText(/^Showing [\d,]+ of /)
  const shown = async (): Promise<number> => Number(/^Showing ([\d,]+) of /.exec((await footer.textContent()) ?? '')?.[1]?.replaceAll(',', '') ?? 0)
  for (let step = 0; step < 6; step++) {
    const before = await shown()
    await page.getByTestId('log-scroller').evaluate((element) => element.scrollTo({ top: element.scrollHeight }))
    await expect.poll(shown).toBeGreaterThan(before)
  }
  await expect(page.getByText(/Showing [\d,]+ of 10,000\+ requests/)).toBeVisible()
})

test("a change made in SCIM Console reads as one in the explorer and its drawer, and explains Okta's 404 after a delete", async ({ page, backend }) => {
  mkdirSync(screenshotDir, { recursive: true })
  const acme = connect(backend, 'Acme Corp')
  const ada = oktaUser('acme.com', 0)
  const id = String((await scim(backend, 'acme', acme.secret, 'POST', '/Users', ada)).body.id)
  // The directory screen's own calls (tests/e2e/directory.spec.ts drives its buttons).
  value(await backend.handlers['directory:set-user-active']({ tenant: 'acme', id, active: false }))
  value(await backend.handlers['directory:delete-user']({ tenant: 'acme', id }))
  expect((await scim(backend, 'acme', acme.secret, 'PUT', `/Users/${id}`, { ...ada, id, title: 'Countess' })).status).toBe(404)
  backend.services.log.flush()

  await openConsole(page, backend, `/logs?tenant=acme&target=${id}`)
  await expect(logRows(page)).toHaveCount(4)
  const rowOf = (text: string) => logRows(page).filter({ hasText: text })
  for (const label of ['Deactivated in SCIM Console', 'Deleted in SCIM Console']) {
    await expect(rowOf(label)).toHaveCount(1)
    await expect(rowOf(label)).toContainText('SCIM Console')
  }
  await expect(rowOf('Push new user')).toContainText('Okta 1.0.0')
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await shoot(page, 'logs-console-rows', theme)
  }

  // The deactivation: what was written and the user it left, with no token, headers, cURL or diagnosis.
  await rowOf('Deactivated in SCIM Console').click()
  const drawer = page.getByRole('dialog', { name: new RegExp(`Deactivated in SCIM Console · ${ada.userName.replace('.', '\\.')}`) })
  await expect(drawer.getByText('Made in SCIM Console', { exact: true })).toBeVisible()
  await expect(drawer).toContainText('It is not a request from an identity provider, and no API token was used')
  await expect(drawer.locator('dt:text-is("Made in") + dd')).toHaveText('SCIM Console')
  const change = drawer.getByRole('region', { name: 'Change, as a SCIM request' })
  await expect(change).toContainText(`PATCH/scim/v2/acme/Users/${id}`)
  await expect(change).toContainText('"path": "active"')
  await expect(change).not.toContainText('authorization')
  await expect(drawer.getByRole('region', { name: 'The user after it' })).toContainText('"active": false')
  await expect(drawer.getByRole('region', { name: 'Diagnosis' })).toHaveCount(0)
  await expect(drawer.getByRole('button', { name: 'Copy as cURL' })).toHaveCount(0)
  await expect(drawer).not.toContainText('Detail Okta shows')
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await shoot(page, 'logs-console-change', theme)
  }

  // Okta's profile push then gets 404, and the diagnosis says who deleted the user, and when.
  await page.emulateMedia({ colorScheme: 'light' })
  await rowOf('404').click()
  const failed = page.getByRole('dialog', { name: /Push profile update/ })
  const diagnosis = failed.getByRole('region', { name: 'Diagnosis' })
  await expect(diagnosis.getByText('Okta is updating a user that was deleted in SCIM Console')).toBeVisible()
  await expect(diagnosis).toContainText('it was deleted in SCIM Console on')
  await expect(diagnosis).toContainText('Only if the customer wants the user back here')
  await expect(failed.getByRole('list', { name: 'Timeline' }).getByRole('listitem').nth(2)).toContainText('Deleted in SCIM Console')
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await shoot(page, 'logs-diagnosis-console-delete', theme)
  }
})

test('screenshots: the explorer, a diagnosis and the tenant overview, in light and dark', async ({ page, backend }) => {
  test.setTimeout(300_000)
  mkdirSync(screenshotDir, { recursive: true })
  await openConsole(page, backend, '/logs')
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await expect(page.getByText('No requests yet')).toBeVisible()
    await shoot(page, 'logs-empty', theme)
  }

  await seedDay(backend)

  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await page.goto(`${appOrigin}/index.html#/logs`)
    await expect(logRows(page).first()).toBeVisible()
    await expect(page.getByRole('application', { name: /Requests per/ }).locator('path.recharts-rectangle').first()).toBeVisible()
    await shoot(page, 'logs-explorer', theme)
    expect(await strayAxisLabels(page.getByRole('application', { name: /Requests per/ })), 'chart labels astray').toEqual([])

    await page.goto(`${appOrigin}/index.html#/logs?outcome=failed&range=1h`)
    await logRows(page).filter({ hasText: '401' }).filter({ hasText: 'grace.hopper@acme.com' }).first().click()
    const drawer = page.getByRole('dialog')
    await expect(drawer.getByText('The API token was revoked')).toBeVisible()
    await expect(drawer.getByRole('list', { name: 'Timeline' })).toBeVisible()
    await shoot(page, 'logs-diagnosis', theme)
    // Every time reads whole, the longest ("30 Nov 23:59:59") included, beside the open drawer, as a clock time that
    // Support can match to Okta's tasks: today's as "14:03:22", another day's with its date.
    const times = logTable(page).locator('tbody td:has(time)')
    const cutTimes = await times.evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.textContent))
    expect(cutTimes, 'times cut short').toEqual([])
    const texts = await times.allTextContents()
    expect(texts.length).toBeGreaterThan(0)
    expect(texts.filter((text) => !/^(\d{1,2} [A-Z][a-z]{2} )?\d{2}:\d{2}:\d{2}$/.test(text)), 'times not on the clock').toEqual([])
    if (theme === 'light') {
      // Rows of another day carry their date, whole too. The history reaches 24 hours back, so it has rows before
      // today's midnight (in this computer's time zone, as the page's) at any time of day.
      const beforeToday = new Date(new Date().setHours(0, 0, 0, 0) - 1).toISOString()
      await page.goto(`${appOrigin}/index.html#/logs?${new URLSearchParams({ until: beforeToday }).toString()}`)
      await expect(times.first()).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{2}:\d{2}:\d{2}$/)
      expect(await times.evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.textContent)), 'dated times cut short').toEqual([])
      await page.goto(`${appOrigin}/index.html#/logs?outcome=failed&range=1h`)
    }

    await page.goto(`${appOrigin}/index.html#/logs?tenant=acme&outcome=failed&status=409&range=1h`)
    await logRows(page).first().click()
    await expect(page.getByRole('dialog').getByText(/already has the userName/)).toBeVisible()
    await shoot(page, 'logs-diagnosis-409', theme)
    await page.getByRole('dialog').getByRole('region', { name: 'Request' }).evaluate((element) => element.scrollIntoView({ block: 'start' }))
    await shoot(page, 'logs-detail-request', theme)
    await page.getByRole('dialog').getByRole('list', { name: 'Timeline' }).evaluate((element) => element.scrollIntoView({ block: 'end' }))
    await shoot(page, 'logs-detail-timeline', theme)

    await page.goto(`${appOrigin}/index.html#/tenants/acme`)
    await expect(page.getByRole('list', { name: 'Latest failures' }).getByText('The API token was revoked')).toBeVisible()
    await expect(page.getByRole('application', { name: /per half hour/ }).locator('path.recharts-rectangle').first()).toBeVisible()
    await shoot(page, 'logs-tenant-overview', theme)
    // The times under the bars stay clear of the legend's line.
    const health = page.getByRole('application', { name: /per half hour/ })
    expect(await strayAxisLabels(health, page.getByText('Click a bar to see its requests')), 'chart labels astray').toEqual([])
  }
})

test('while the log cannot be written every screen says so, and the banner goes once the entries are in', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp' }))
  const secret = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta production' })).token
  await openConsole(page, backend, '/tenants/acme')
  const banner = page.getByRole('alert', { name: 'The provisioning log cannot be written' })
  await expect(banner).toBeHidden()

  // The log is written on its own thread, over its own connection: a trigger refuses its rows on every connection.
  const db = backend.services.db
  db.exec("CREATE TRIGGER refuse_log BEFORE INSERT ON request_log BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
  // Okta is still answered.
  expect((await scim(backend, 'acme', secret, 'GET', '/Users?startIndex=1&count=2')).status).toBe(200)
  await expect(banner).toContainText('The provisioning log is not being written')
  await expect(banner).toContainText('The database refused its entries: database or disk is full.')
  await expect(banner).toContainText('Requests are still answered; their entries wait in memory.')
  await expect(banner.getByTitle(/Okta and Entra are still answered, and their requests are kept in memory/)).toBeVisible()
  await page.getByRole('link', { name: 'Provisioning log' }).first().click()
  await expect(banner).toBeVisible()
  await shoot(page, 'log-write-banner', 'light')

  db.exec('DROP TRIGGER refuse_log')
  // The kept entry is written at the next retry, within a second or two.
  await expect(banner).toBeHidden()
  await expect(logRows(page).filter({ hasText: '/Users?startIndex=1&count=2' })).toHaveCount(1)
})

test("the drawer's facts give a long value the room: Okta's and Entra's User-Agents read on one line at 1280×800", async ({ page, backend }) => {
  const acme = connect(backend, 'Acme Corp')
  const agents = ['Okta SCIM Client 1.0.0', 'Azure Active Directory SCIM Client']
  for (const [index, agent] of agents.entries()) {
    const response = await fetch(`${backend.scimOrigin}/scim/v2/${acme.slug}/Users?filter=${encodeURIComponent(`userName eq "user${index}@acme.com"`)}&startIndex=1&count=100`, {
      headers: { 'user-agent': agent, authorization: `Bearer ${acme.secret}` }
    })
    expect(response.status).toBe(200)
  }
  backend.services.log.flush()
  await page.setViewportSize({ width: 1280, height: 800 })
  await openConsole(page, backend, '/logs')
  await expect(logRows(page)).toHaveCount(2)
  for (const index of [0, 1]) {
    await logRows(page).nth(index).click()
    const drawer = page.getByRole('dialog')
    const facts = drawer.locator('dl').filter({ has: page.locator('dt:text-is("Client")') })
    const client = facts.locator('dt:text-is("Client") + dd')
    await expect(client).toHaveText(new RegExp(`^(${agents.join('|')})$`))
    // One line each: a value's height is its line's, and so are the other facts'.
    for (const fact of await facts.locator('dd').all()) {
      const lines = await fact.evaluate((element) => element.getBoundingClientRect().height / parseFloat(getComputedStyle(element).lineHeight))
      expect(lines, `${await fact.textContent()} wraps`).toBeLessThan(1.5)
    }
    if (index === 0) {
      mkdirSync(screenshotDir, { recursive: true })
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme })
        await shoot(page, 'logs-drawer-entra', theme, { x: 1279, y: 799 })
      }
    }
    await page.keyboard.press('Escape')
    await expect(drawer).toHaveCount(0)
  }
})

test("a request's line and its diagnosis keep each id they name on one line, whatever the width, and its text is the id", async ({ page, backend }) => {
  const acme = connect(backend, 'Acme Corp')
  const missing = '3f1c9a2e-7b4d-4e8f-9a6b-2c5d8e1f0a7b'
  expect((await scim(backend, acme.slug, acme.secret, 'DELETE', `/Users/${missing}`)).status).toBe(404)
  backend.services.log.flush()
  await openConsole(page, backend, '/logs')
  await logRows(page).first().click()
  const diagnosis = page.getByRole('dialog').getByRole('region', { name: 'Diagnosis' })
  const sentence = diagnosis.locator('p', { hasText: missing }).first()
  await expect(sentence).toBeVisible()
  // The request line above the headers, which wraps anywhere in a long path, but not inside the id.
  const requestLine = page.getByRole('dialog').getByRole('region', { name: 'Request' }).locator('span', { hasText: `/Users/${missing}` }).last()
  await expect(requestLine).toBeVisible()
  for (const text of [sentence, requestLine]) expect(await idSplitAt(text, missing), 'widths at which the id broke over two lines').toEqual([])
  await expect(sentence).toContainText(missing)
})

test("the Request column keeps the start and the end of each user's id in view at 1280×800, cutting the id in its middle rather than the path at its end", async ({ page, backend }) => {
  const acme = connect(backend, 'Acme Corp')
  // Ids that start alike, as a SCIM server's may: only their ends tell the rows apart.
  const ids = ['00000000-0000-4000-8000-00000000a001', '00000000-0000-4000-8000-00000000b002']
  for (const id of ids) expect((await scim(backend, acme.slug, acme.secret, 'GET', `/Users/${id}`)).status).toBe(404)
  backend.services.log.flush()
  await page.setViewportSize({ width: 1280, height: 800 })
  await openConsole(page, backend, '/logs')
  await expect(logTable(page).getByRole('columnheader', { name: 'Request' })).toBeVisible()
  for (const id of ids) {
    const path = `/scim/v2/${acme.slug}/Users/${id}`
    const cell = logRows(page).locator('td').filter({ has: page.locator(`[title="GET ${path}"]`) })
    await expect(cell).toHaveCount(1)
    // Where the id's last character is drawn, against the edges that clip it: inside them, not behind an ellipsis.
    const drawn = await idEndDrawn(cell, id)
    expect(drawn, `the id ${id} is not in its cell`).not.toBeNull()
    expect(drawn?.char ?? Infinity, `the end of ${id} is drawn past the cell's edge`).toBeLessThanOrEqual(drawn?.edge ?? 0)
    // The path's start stays whole beside the method, and the hover gives the whole request.
    await expect(cell).toContainText(`GET/Users/`)
    // Enough of the id's start shows, beside its end, to recognise it as the id in the drawer or in Okta's task: at a
    // fixed 200 px, not one character did.
    expect(await idStartShown(cell, id), `characters of ${id} shown before the ellipsis`).toBeGreaterThanOrEqual(6)
  }
})

test("an Entra lookup's Request reads by the name looked up, as the live log does, and the hover and the drawer keep the whole path", async ({ page, backend }) => {
  const acme = connect(backend, 'Acme Corp')
  const path = `/Users?aadOptscim062020&filter=${encodeURIComponent('userName eq "maria.garcia@example.com"')}`
  const response = await fetch(`${backend.scimOrigin}/scim/v2/${acme.slug}${path}`, {
    headers: { 'user-agent': 'Azure Active Directory SCIM Client', authorization: `Bearer ${acme.secret}` }
  })
  expect(response.status).toBe(200)
  backend.services.log.flush()
  await page.setViewportSize({ width: 1280, height: 800 })
  await openConsole(page, backend, '/logs')
  // The hover holds the path as sent.
  const cell = logRows(page).locator('td').filter({ has: page.locator(`[title='GET /scim/v2/${acme.slug}${path}']`) })
  await expect(cell).toHaveText('GET/Users?…"maria.garcia@example.com"')
  await logRows(page).first().click()
  await expect(page.getByRole('dialog').getByRole('region', { name: 'Request' })).toContainText('/Users?aadOptscim062020&filter=userName eq "maria.garcia@example.com"')
})

/**
 * How many characters of `id`'s start are drawn in `container`, before the ellipsis that IdText puts where it cuts the
 * id in its middle: the characters whose right edge, with room for the ellipsis after them, is inside the box that
 * clips them.
 */
async function idStartShown(container: Locator, id: string): Promise<number> {
  return container.evaluate((element, wanted) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? ''
      if (!wanted.startsWith(text) || text.length < 8) continue
      const box = node.parentElement
      if (!box) return 0
      const range = document.createRange()
      const cut = box.scrollWidth > box.clientWidth
      const edge = box.getBoundingClientRect().right
      let shown = 0
      for (let index = 1; index <= text.length; index += 1) {
        range.setStart(node, index - 1)
        range.setEnd(node, index)
        const char = range.getBoundingClientRect()
        // A cut start draws an ellipsis, as wide as a character in a monospace font, after its last whole character.
        if (char.right + (cut ? char.width : 0) > edge + 0.5) break
        shown = index
      }
      return shown
    }
    return 0
  }, id)
}

/** The widths, narrowed a pixel at a time from 420 to 200 px, at which the text's `id` spans two lines. */
async function idSplitAt(text: Locator, missing: string): Promise<string[]> {
  return text.evaluate((element, id) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
    let found: { node: Text; at: number } | null = null
    for (let node = walker.nextNode(); node && !found; node = walker.nextNode()) {
      const at = (node.textContent ?? '').indexOf(id)
      if (at !== -1) found = { node: node as Text, at }
    }
    if (!found) return ['not found']
    const range = document.createRange()
    range.setStart(found.node, found.at)
    range.setEnd(found.node, found.at + id.length)
    const widths: string[] = []
    for (let width = 420; width >= 200; width -= 1) {
      element.style.width = `${width}px`
      const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)))
      if (tops.size > 1) widths.push(`${width}px`)
    }
    element.style.width = ''
    return widths
  }, missing)
}
