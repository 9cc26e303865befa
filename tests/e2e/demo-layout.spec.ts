// The demo page on a laptop: a sales engineer shares it on a call, so a run in progress or finished is on screen at
// 1280×800 and at 1024×700, the form gives it the room once a run exists, and no card's text runs out of its border.
// The conformance self-test's tab does the same for its results.
import type { Locator, Page } from '@playwright/test'
import { runOktaDemo } from './harness/demo'
import { expect, openConsole, test, type ConsoleBackend } from './harness/fixtures'
import { idEndDrawn, value } from './harness/seed'

const laptops = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 }
] as const

/** The element's box in the window, as the person sees it (not scrolled into view). */
async function box(locator: Locator): Promise<{ top: number; bottom: number; height: number }> {
  return locator.evaluate((element) => {
    const rect = element.getBoundingClientRect()
    return { top: rect.top, bottom: rect.bottom, height: rect.height }
  })
}

async function windowHeight(page: Page): Promise<number> {
  return page.evaluate(() => window.innerHeight)
}

for (const size of laptops) {
  test(`at ${size.width}×${size.height} a finished run is on screen, and the form folds into one line above it`, async ({ page, backend }) => {
    value(backend.services.tenants.create({ name: 'Wayne Enterprises' }))
    await page.setViewportSize(size)
    await openConsole(page, backend, '/tenants/wayne-enterprises/demo')
    await runOktaDemo(page, 'Okta catalog app · PATCH', 3)

    // Without scrolling: the run's header, its "Finished" banner and some of its steps, in a card of a useful height.
    expect(await page.evaluate(() => window.scrollY)).toBe(0)
    const run = page.getByRole('region', { name: 'Okta demo run' })
    const finished = page.getByTestId('demo-finished')
    expect((await box(finished)).bottom).toBeLessThanOrEqual(await windowHeight(page))
    const card = await box(run)
    expect(card.height).toBeGreaterThanOrEqual(300)
    expect(card.bottom).toBeLessThanOrEqual(await windowHeight(page))
    // The steps scroll inside the card, with room for a few of them.
    const steps = await box(run.getByRole('region', { name: 'Steps of this run' }))
    expect(steps.height).toBeGreaterThanOrEqual(120)
    expect(steps.bottom).toBeLessThanOrEqual(await windowHeight(page))

    // The form is one line that says what the next run plays, with Run and Change settings.
    await expect(page.getByRole('radiogroup', { name: 'Client' })).toHaveCount(0)
    const next = page.getByRole('group', { name: 'Next run' })
    await expect(next.getByTestId('demo-next-run')).toHaveText('Okta catalog app (PATCH)')
    await expect(next.getByTestId('demo-next-run-details')).toHaveText('Next run · 3 users · 100× speed')
    await expect(next.getByRole('button', { name: 'Run Okta demo' })).toBeVisible()
    expect((await box(next)).height).toBeLessThan(110)

    // Unfolded, the whole form is back; the run keeps its height, and the page scrolls to it when the window is short.
    await next.getByRole('button', { name: 'Change settings' }).click()
    await expect(page.getByRole('radiogroup', { name: 'Client' }).getByRole('radio', { name: 'Okta catalog app · PATCH' })).toBeFocused()
    expect((await box(run)).height).toBeGreaterThanOrEqual(300)
    await finished.scrollIntoViewIfNeeded()
    await expect(finished).toBeInViewport()

    // A new run folds the form again, and is what the page shows.
    await runOktaDemo(page, 'Okta wizard app · PUT', 2)
    await expect(page.getByRole('radiogroup', { name: 'Client' })).toHaveCount(0)
    await expect(page.getByTestId('demo-next-run')).toHaveText('Okta wizard app (PUT)')
    await expect(page.getByTestId('demo-next-run-details')).toHaveText('Next run · 2 users · 100× speed')
    await expect(page.getByTestId('demo-finished')).toBeInViewport()
  })

  test(`at ${size.width}×${size.height} a finished self-test's results are on screen, and the card above them folds into one line`, async ({ page, backend }) => {
    value(backend.services.tenants.create({ name: 'Wayne Enterprises' }))
    await page.setViewportSize(size)
    await openConsole(page, backend, '/tenants/wayne-enterprises/demo?tab=conformance')
    await page.getByRole('button', { name: 'Run conformance self-test' }).click()
    await expect(page.getByTestId('conformance-summary')).toContainText('passed', { timeout: 60_000 })

    // Without scrolling: the verdict and some of the checks, in a card of a useful height.
    expect(await page.evaluate(() => window.scrollY)).toBe(0)
    const results = page.getByRole('region', { name: 'Conformance results' })
    const card = await box(results)
    expect(card.height).toBeGreaterThanOrEqual(300)
    expect(card.bottom).toBeLessThanOrEqual(await windowHeight(page))
    const checks = await box(results.getByRole('region', { name: 'Checks' }))
    expect(checks.height).toBeGreaterThanOrEqual(120)

    // The card above is one line that names the next self-test, with Run and Change settings, all inside its border.
    await expect(page.getByRole('radiogroup', { name: 'Client' })).toHaveCount(0)
    const next = page.getByRole('group', { name: 'Next self-test' })
    await expect(next.getByTestId('conformance-next-suite')).toHaveText("Okta's SPEC test")
    const line = await next.boundingBox()
    const run = await next.getByRole('button', { name: 'Run conformance self-test' }).boundingBox()
    expect(line && run && run.x + run.width <= line.x + line.width && run.y + run.height <= line.y + line.height).toBe(true)
    expect((await box(next)).height).toBeLessThan(110)

    // Unfolded, the choice of client is back, with the focus on it; the next run folds the card again.
    await next.getByRole('button', { name: 'Change settings' }).click()
    const client = page.getByRole('radiogroup', { name: 'Client' })
    await expect(client.getByRole('radio', { name: 'Okta · SPEC test' })).toBeFocused()
    expect((await box(results)).height).toBeGreaterThanOrEqual(300)
    await client.getByText('Microsoft Entra ID').click()
    await page.getByRole('button', { name: 'Run conformance self-test' }).click()
    await expect(results.getByTestId('conformance-suite')).toHaveText("Entra's SCIM checks", { timeout: 60_000 })
    await expect(client).toHaveCount(0)
    await expect(page.getByTestId('conformance-next-suite')).toHaveText("Entra's SCIM checks")
    await expect(page.getByTestId('conformance-summary')).toBeInViewport()
  })

  test(`at ${size.width}×${size.height} a run's title shows whole, PATCH or PUT included`, async ({ page, backend }) => {
    value(backend.services.tenants.create({ name: 'Wayne Enterprises' }))
    await page.setViewportSize(size)
    await openConsole(page, backend, '/tenants/wayne-enterprises/demo')
    await page.getByRole('switch', { name: /Start paused/ }).check()
    await page.getByRole('button', { name: 'Run Okta demo' }).click()
    const run = page.getByRole('region', { name: 'Okta demo run' })
    await expect(run.getByRole('status')).toHaveText('Paused')
    const title = run.getByTestId('demo-run-title')
    await expect(title).toHaveText('Okta catalog app (PATCH)')
    // Not cut with an ellipsis, nor hidden under the run's controls.
    expect(await title.evaluate((element) => element.scrollWidth <= element.clientWidth && getComputedStyle(element).textOverflow !== 'ellipsis')).toBe(true)
    const titleBox = await title.boundingBox()
    const pauseBox = await run.getByRole('button', { name: 'Pause' }).or(run.getByRole('button', { name: 'Resume' })).boundingBox()
    expect(titleBox && pauseBox && (titleBox.x + titleBox.width <= pauseBox.x || titleBox.y + titleBox.height <= pauseBox.y)).toBe(true)
    await run.getByRole('button', { name: 'Cancel' }).click()
    await expect(run.getByRole('status')).toHaveText('Cancelled')
  })
}

test("at 1280×800 the next run's card and the live log's header beside it end on one line", async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Wayne Enterprises' }))
  await page.setViewportSize({ width: 1280, height: 800 })
  await openConsole(page, backend, '/tenants/wayne-enterprises/demo')
  await runOktaDemo(page, 'Okta catalog app · PATCH', 3)
  const next = page.getByRole('group', { name: 'Next run' })
  await expect(next.getByTestId('demo-next-run')).toBeVisible()
  // The live log's header is the bar that holds its Full log link.
  const header = page.getByRole('link', { name: 'Full log' }).locator('xpath=..')
  const [card, bar] = [await box(next), await box(header)]
  expect(Math.abs(card.top - (bar.top - 1)), 'the tops of the two cards').toBeLessThanOrEqual(1)
  expect(Math.abs(card.bottom - bar.bottom), `the next run's card ends ${card.bottom - bar.bottom} px below the live log's header`).toBeLessThanOrEqual(1)
})

test("at 1280×800 Entra's run title reads on one line, in the run's header and in the next run's summary", async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Contoso Ltd', slug: 'contoso', setupProvider: 'entra' }))
  await page.setViewportSize({ width: 1280, height: 800 })
  await openConsole(page, backend, '/tenants/contoso/demo')
  await page.getByRole('switch', { name: /Start paused/ }).check()
  await page.getByRole('button', { name: 'Run Entra demo' }).click()
  const run = page.getByRole('region', { name: 'Entra demo run' })
  await expect(run.getByRole('status')).toHaveText('Paused')
  await run.getByRole('button', { name: 'Cancel' }).click()
  await expect(run.getByRole('status')).toHaveText('Cancelled')
  const next = page.getByRole('group', { name: 'Next run' })
  for (const title of [run.getByTestId('demo-run-title'), next.getByTestId('demo-next-run')]) {
    await expect(title).toHaveText('Microsoft Entra ID (provisioning cycles)')
    // One line box: the buttons beside it move below it rather than breaking it over two lines.
    const lineBoxes = await title.evaluate((element) => {
      const range = document.createRange()
      range.selectNodeContents(element)
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size
    })
    expect(lineBoxes, `"${await title.textContent()}" breaks over lines`).toBe(1)
  }
  await expect(next.getByRole('button', { name: 'Run Entra demo' })).toBeInViewport()
})

test('the intro of the Okta and the Entra demo stays inside its card at 1280×800, and the page scrolls to its end', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Wayne Enterprises' }))
  value(backend.services.tenants.create({ name: 'Contoso Ltd', slug: 'contoso' }))
  value(backend.services.tenants.update({ tenant: 'contoso', setupProvider: 'entra' }))
  await page.setViewportSize({ width: 1280, height: 800 })
  await openConsole(page, backend, '/tenants/wayne-enterprises/demo')
  for (const [slug, heading] of [
    ['wayne-enterprises', 'Watch Okta provision Wayne Enterprises'],
    ['contoso', 'Watch Entra provision Contoso Ltd']
  ] as const) {
    await page.goto(page.url().replace(/#.*$/, `#/tenants/${slug}/demo`))
    const intro = page.locator('.mantine-Paper-root').filter({ has: page.getByRole('heading', { name: heading }) })
    await expect(intro).toBeVisible()
    const card = await box(intro)
    const items = intro.getByRole('listitem')
    expect(await items.count()).toBeGreaterThan(4)
    // Okta's story tells the admin's Save of To App, which Okta follows with reads of the users and groups.
    if (slug === 'wayne-enterprises') await expect(items.nth(1)).toHaveText('Save the To App settings: Okta reads the users, then the groups')
    for (const item of await items.all()) {
      const line = await box(item)
      expect(line.bottom, `"${await item.textContent()}" runs out of the intro's card`).toBeLessThanOrEqual(card.bottom)
      // Each step's number is the size of its words, not larger.
      const [marker, words] = await item.evaluate((element) => [getComputedStyle(element, '::marker').fontSize, getComputedStyle(element.firstElementChild ?? element).fontSize])
      expect(marker).toBe(words)
    }
    const last = intro.getByText(/Every request shows up in the log/)
    expect((await box(last)).bottom).toBeLessThanOrEqual(card.bottom)
    // What does not fit is reached by scrolling the page.
    await last.scrollIntoViewIfNeeded()
    await expect(last).toBeInViewport()
  }
})

test('a run started while another plays on the tenant is refused, and the page shows the one that plays', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Wayne Enterprises' }))
  // Started elsewhere (another window, or before the page lost it), paused: this page does not show it.
  const playing = value(await backend.handlers['demo:start']({ tenant: 'wayne-enterprises', mode: 'wizard', users: 2, paused: true }))
  await openConsole(page, backend, '/tenants/wayne-enterprises/demo')
  await page.getByRole('button', { name: 'Run Okta demo' }).click()
  await expect(page.getByText('A demo is already running against Wayne Enterprises: the Okta wizard app (PUT), paused.')).toBeVisible()
  await expect.poll(() => page.url()).toContain(`run=${playing.id}`)
  const run = page.getByRole('region', { name: 'Okta demo run' })
  await expect(run.getByRole('status')).toHaveText('Paused')
  await run.getByRole('button', { name: 'Cancel' }).click()
  await expect(run.getByRole('status')).toHaveText('Cancelled')
})

/** Runs the Entra demo with one user on an Entra tenant whose first create gets a 503, once, at `speed`. */
async function runEntraDemoWhoseFirstCreateFails(page: Page, backend: ConsoleBackend, speed: string) {
  value(backend.services.tenants.create({ name: 'Contoso Ltd', slug: 'contoso', setupProvider: 'entra' }))
  value(
    backend.services.faults.set('contoso', {
      throttlePerMinute: 0,
      latencyMs: 0,
      failNextAuth: false,
      rules: [{ id: 'down', operation: 'create-user', status: 503, detail: 'Down for a moment.', mode: 'once', percent: 100 }]
    })
  )
  await openConsole(page, backend, '/tenants/contoso/demo')
  await page.getByLabel('Users to assign').fill('1')
  await page.getByRole('radiogroup', { name: 'Speed' }).getByText(speed).click()
  await page.getByRole('button', { name: 'Run Entra demo' }).click()
}

test("an Entra change that got a server error is shown deferred to the next cycle, where Entra makes it", async ({ page, backend }) => {
  await runEntraDemoWhoseFirstCreateFails(page, backend, '100×')
  const run = page.getByRole('region', { name: 'Entra demo run' })
  await expect(page.getByTestId('demo-finished')).toBeVisible({ timeout: 60_000 })
  await expect(run.getByRole('img', { name: 'Deferred to the next cycle (server error)' })).toHaveCount(1)
  await expect(run.getByRole('img', { name: 'Deferred to the next cycle (throttled)' })).toHaveCount(0)
  await expect(run.getByText("Entra's provisioning cycle 2: it retries 1 failed change")).toBeVisible()
})

test("Entra's wait for its next cycle after a server error says the changes failed, not that they were throttled", async ({ page, backend }) => {
  // In real time, so that the minute's wait for cycle 2 is there to read.
  await runEntraDemoWhoseFirstCreateFails(page, backend, '1×')
  const countdown = page.getByTestId('retry-countdown')
  await expect(countdown.getByRole('alert')).toHaveText('Changes failed: Entra retries in provisioning cycle 2.', { timeout: 60_000 })
  await expect(countdown).toContainText('Entra moved on, and retries the failed changes in its next provisioning cycle')
  await page.getByRole('region', { name: 'Entra demo run' }).getByRole('button', { name: 'Cancel' }).click()
})

test("a throttled Save of To App counts down the admin's wait before clicking Save again, not an attempt of Okta's", async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  // One request a minute: Test API Credentials takes it, so the To App save that follows meets a 429.
  value(backend.services.faults.set('acme', { throttlePerMinute: 1, latencyMs: 0, failNextAuth: false, rules: [] }))
  await openConsole(page, backend, '/tenants/acme/demo')
  await page.getByRole('button', { name: 'Run Okta demo' }).click()
  const countdown = page.getByTestId('retry-countdown')
  await expect(countdown.getByRole('alert')).toHaveText(/^429 Too Many Requests: Okta shows the admin an error; the admin clicks Save again in \d+ s\.$/, { timeout: 60_000 })
  await expect(countdown).toContainText("A Save is the admin's click, which Okta does not retry")
  await expect(countdown).toContainText('Clicking Save again in')
  await page.getByRole('region', { name: 'Okta demo run' }).getByRole('button', { name: 'Cancel' }).click()
})

test("a run that fails at Test API Credentials says Okta shows it in its admin console, not its Tasks list", async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  // The next request is refused as if its token were revoked: the demo's Test API Credentials.
  value(backend.services.faults.set('acme', { throttlePerMinute: 0, latencyMs: 0, failNextAuth: true, rules: [] }))
  await openConsole(page, backend, '/tenants/acme/demo')
  await page.getByRole('button', { name: 'Run Okta demo' }).click()
  const failed = page.getByTestId('demo-failed')
  await expect(failed).toHaveText(
    'Okta would show this error in its admin console, to the admin who clicked, not in its Tasks list. The failed step says why; its request is in the log on the right.',
    { timeout: 60_000 }
  )
})

test("the live log keeps the end of each user's id in view at 1280×800, cutting the id in its middle rather than the path at its end", async ({ page, backend }) => {
  const tenant = value(backend.services.tenants.create({ name: 'Wayne Enterprises' }))
  await page.setViewportSize({ width: 1280, height: 800 })
  await openConsole(page, backend, '/tenants/wayne-enterprises/demo')
  await runOktaDemo(page, 'Okta catalog app · PATCH', 2)
  const ids = backend.services.directory.listUsers(tenant.id, { offset: 0, limit: 10 }).items.map((user) => user.id)
  expect(ids).toHaveLength(2)
  const live = page.getByRole('list', { name: 'Live log' })
  for (const id of ids) {
    const row = live.getByRole('listitem').filter({ hasText: `/Users/${id.slice(0, 4)}` }).first()
    await expect(row).toBeVisible()
    // Where the id's last character is drawn, against the edges that clip it: inside them, not hidden behind an ellipsis.
    const drawn = await idEndDrawn(row, id)
    expect(drawn, `the id ${id} is not in the row`).not.toBeNull()
    expect(drawn?.char ?? Infinity).toBeLessThanOrEqual(drawn?.edge ?? 0)
  }
})
