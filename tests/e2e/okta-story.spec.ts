// The sales demo and the CSM handoff, end to end in the renderer against the real SCIM server, with no Okta org:
// a tenant is created, a token issued from the Okta setup guide, the guide exported for the customer, "Okta" plays
// its whole story in both app types (PATCH and PUT), and the users, the group and every request show up in the UI.
// Then Okta's SPEC test passes, and a trainer's fail-once fault shows its banner and an injected failure in the log.
import { mkdirSync, readFileSync } from 'node:fs'
import { runOktaDemo } from './harness/demo'
import { expect, openConsole, test, type ConsoleBackend } from './harness/fixtures'
import { erase, screenshotDir, scim, seed, shoot, show, value } from './harness/seed'

const themes = ['light', 'dark'] as const

test('a sales engineer runs the whole Okta story on a laptop, with no Okta org', async ({ page, backend }) => {
  test.setTimeout(300_000)
  await openConsole(page, backend, '/tenants')

  // A tenant is created.
  await page.getByRole('button', { name: 'New tenant' }).first().click()
  await page.getByRole('dialog', { name: 'New tenant' }).getByLabel('Name').fill('Acme Corp')
  await page.getByRole('dialog', { name: 'New tenant' }).getByRole('button', { name: 'Create tenant' }).click()
  await page.getByRole('dialog', { name: 'Tenant created' }).getByRole('button', { name: 'Open tenant' }).click()
  await expect(page).toHaveURL(/#\/tenants\/acme$/)

  // The Okta setup guide: Okta's screens and words, and values with copy buttons.
  await page.getByRole('navigation', { name: 'Tenant' }).getByRole('link', { name: 'Okta setup' }).click()
  const baseUrl = `${backend.scimOrigin}/scim/v2/acme`
  await expect(page.getByTestId('setup-base-url')).toHaveText(baseUrl)
  await expect(page.getByTestId('local-url-callout')).toContainText(
    "Okta's cloud cannot reach 127.0.0.1: set a public URL (tunnel) on the Server page; the Okta demo below needs no tunnel."
  )
  for (const words of ['Enable API integration', 'Test API Credentials', 'Create Users', 'Update User Attributes', 'Deactivate Users', 'HTTP Header', 'Push Groups']) {
    await expect(page.getByText(words).first()).toBeVisible()
  }
  // An app built in Okta's wizard has no API Token field: the token goes into Authorization, under HTTP Header.
  await expect(page.getByRole('listitem').filter({ hasText: 'Paste a token into API Token' })).toContainText(
    'in an app you built yourself, choose HTTP Header and paste it into Authorization'
  )
  await expect(page.getByRole('button', { name: 'Copy SCIM connector base URL' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Copy unique identifier field' })).toBeVisible()

  // A token is issued right there, shown once.
  await page.getByRole('button', { name: 'Issue API token' }).first().click()
  const issue = page.getByRole('dialog', { name: 'Issue API token for Acme Corp' })
  await issue.getByLabel('Label').fill('Okta production')
  await issue.getByRole('button', { name: 'Issue API token' }).click()
  const secretDialog = page.getByRole('dialog', { name: 'Copy your new API token' })
  await expect(secretDialog.getByText('you will not see this token again')).toBeVisible()
  const secret = ((await secretDialog.getByTestId('issued-token').textContent()) ?? '').trim()
  // Copied by hand (this test page has no clipboard), the dialog closes without asking.
  await secretDialog.getByTestId('issued-token').click()
  await page.keyboard.press('Control+C')
  await secretDialog.getByRole('button', { name: "I've copied it" }).click()
  await expect(page.getByText('Okta production scim_', { exact: false }).first()).toBeVisible()

  // The customer's admin pastes the token with its last character cut off: the guide says why the test failed and what
  // to do, in Okta's words, and links the request.
  expect((await scim(backend, 'acme', secret.slice(0, -1), 'GET', '/Users?startIndex=1&count=2')).status).toBe(401)
  await expect(page.getByTestId('last-credentials-test')).toContainText('Last test failed')
  const failure = page.getByTestId('credentials-test-failure')
  await expect(failure).toContainText('The API token is not one SCIM Console knows')
  await expect(failure).toContainText('paste it into API Token')
  await expect(failure.getByRole('link', { name: 'Open the request in the log' })).toHaveAttribute('href', /#\/logs\?tenant=acme&entry=\d+$/)

  // The customer's admin clicks Test API Credentials in Okta again: the guide sees it arrive.
  expect((await scim(backend, 'acme', secret, 'GET', '/Users?startIndex=1&count=2')).status).toBe(200)
  await expect(page.getByTestId('last-credentials-test')).toContainText('Verified')
  await expect(failure).toHaveCount(0)

  // The guide is exported for the customer, as HTML and as PDF, with no secret in it.
  await page.getByRole('button', { name: 'Export for the customer' }).click()
  await page.getByRole('menuitem', { name: 'Export as HTML' }).click()
  await expect(page.getByText('Guide saved as HTML')).toBeVisible()
  const html = backend.native.saved.find((path) => path.endsWith('.html'))
  expect(html).toBeDefined()
  const exported = readFileSync(html ?? '', 'utf8')
  expect(exported).toContain(baseUrl)
  expect(exported).not.toContain(secret)
  await page.getByRole('button', { name: 'Export for the customer' }).click()
  await page.getByRole('menuitem', { name: 'Export as PDF' }).click()
  await expect(page.getByText('Guide saved as PDF')).toBeVisible({ timeout: 30_000 })
  expect(readFileSync(backend.native.saved.find((path) => path.endsWith('.pdf')) ?? '').subarray(0, 5).toString()).toBe('%PDF-')

  // "Okta" plays its story as an Okta Integration Network app (PATCH), then as a wizard app (PUT).
  await page.getByRole('navigation', { name: 'Tenant' }).getByRole('link', { name: 'Okta demo' }).click()
  await expect(page.getByText('Watch Okta provision Acme Corp')).toBeVisible()
  await runOktaDemo(page, 'Okta catalog app · PATCH', 3)
  const steps = page.getByRole('list', { name: 'What Okta does' })
  await expect(steps.getByText('Okta tests the API credentials ("Test API Credentials")')).toBeVisible()
  await expect(steps.getByText(/Okta is checking whether .+ exists/).first()).toBeVisible()
  await expect(steps.getByText(/PATCH, no path, active=false/)).toBeVisible()
  const live = page.getByRole('list', { name: 'Live log' })
  await expect(live.getByText('Group push: create').first()).toBeVisible()
  await expect(live.getByText('Deactivate').first()).toBeVisible()

  // The wizard app run starts paused, to walk a customer through it step by step. After a run the form is folded.
  await page.getByRole('button', { name: 'Change settings' }).click()
  await page.getByRole('switch', { name: /Start paused/ }).check()
  await page.getByRole('radiogroup', { name: 'Client' }).getByText('Okta wizard app · PUT').click()
  await page.getByRole('button', { name: 'Run Okta demo' }).click()
  const run = page.getByLabel('Okta demo run')
  await expect(run.getByText('Paused', { exact: true })).toBeVisible()
  await run.getByRole('button', { name: 'Step' }).click()
  // One step done; the next one waits, showing what Okta will do.
  await expect(steps.getByTestId('demo-step')).toHaveCount(2)
  await expect(steps.getByTestId('demo-step').first()).toContainText('Okta tests the API credentials')
  await expect(steps.getByTestId('demo-step').first().getByLabel('Succeeded')).toBeVisible()
  await expect(steps.getByTestId('demo-step').nth(1).getByLabel('Pending')).toBeVisible()
  await expect(steps.getByTestId('demo-step').nth(1)).toContainText('Next')
  await expect(run.getByText('Paused', { exact: true })).toBeVisible()
  await run.getByRole('button', { name: 'Resume' }).click()
  await expect(page.getByTestId('demo-finished')).toBeVisible({ timeout: 90_000 })
  await expect(steps.getByText(/PUT of the whole user, active=false/)).toBeVisible()
  await expect(steps.getByText(/Okta links .+ to the existing user instead of creating a duplicate/).first()).toBeVisible()

  // The users and the group are in the directory…
  await page.getByRole('link', { name: 'See the users' }).click()
  const users = page.getByRole('table', { name: 'Users' })
  await expect(users.getByRole('row')).toHaveCount(4)
  await expect(users.getByText('jane.doe@', { exact: false })).toBeVisible()
  await page.getByRole('tab', { name: /Groups/ }).click()
  const groupRow = page.getByRole('table', { name: 'Groups' }).getByRole('row', { name: /Sales Team/ })
  await expect(groupRow).toBeVisible()
  await groupRow.click()
  await expect(page.getByRole('list', { name: 'Members of Sales Team' }).getByRole('listitem')).toHaveCount(3)
  await page.keyboard.press('Escape')

  // …and every request is in the provisioning log.
  const operations = [
    ['test-credentials', 'Test API Credentials'],
    ['lookup-user', 'Look up user'],
    ['create-user', 'Push new user'],
    ['update-user', 'Push profile update'],
    ['deactivate-user', 'Deactivate'],
    ['reactivate-user', 'Reactivate'],
    ['import-users', 'Import users'],
    ['group-push-create', 'Group push: create']
  ] as const
  for (const [operation, label] of operations) {
    await page.goto(page.url().replace(/#.*$/, `#/logs?tenant=acme&operation=${operation}`))
    await expect(page.getByRole('table', { name: 'Provisioning log' }).getByRole('cell', { name: label, exact: true }).first()).toBeVisible()
  }

  // Okta's SPEC test passes against the tenant.
  await page.goto(page.url().replace(/#.*$/, '#/tenants/acme/demo?tab=conformance'))
  await page.getByRole('button', { name: 'Run conformance self-test' }).click()
  await expect(page.getByTestId('conformance-summary')).toContainText('passed', { timeout: 60_000 })
  const checks = page.getByTestId('conformance-check')
  expect(await checks.count()).toBeGreaterThan(5)
  for (const failed of await page.locator('[data-testid="conformance-check"][data-ok="false"]').all()) await expect(failed).toContainText('Optional')
  // Each check shows the request it sent and the answer it got.
  await checks.first().getByRole('button').first().click()
  await expect(checks.first().getByText(/^Request: GET/)).toBeVisible()
  await expect(checks.first().getByText(/^Response: HTTP \d+/)).toBeVisible()

  // A trainer makes "Push new user" fail once: the banner shows on every screen…
  await page.getByRole('navigation', { name: 'Tenant' }).getByRole('link', { name: 'Faults' }).click()
  await page.getByRole('button', { name: 'Add failure' }).click()
  const rule = page.getByRole('group', { name: 'Failure 1' })
  await expect(rule.getByLabel('Operation')).toHaveValue('Push new user')
  await expect(rule.getByLabel('Status')).toHaveValue('500 Internal Server Error')
  await page.getByRole('button', { name: 'Save faults' }).click()
  const banner = page.getByTestId('faults-banner')
  await expect(banner).toContainText('Fault injection is on for Acme Corp')
  await expect(banner).toContainText('Push new user fails once (HTTP 500)')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tenants' }).click()
  await expect(banner).toBeVisible()

  // …Okta's next create meets it, marked as injected in the log, and the used-up fault turns itself off.
  const failed = await scim(backend, 'acme', secret, 'POST', '/Users', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'new.hire@acme.com',
    name: { givenName: 'New', familyName: 'Hire' },
    active: true
  })
  expect(failed.status).toBe(500)
  await page.goto(page.url().replace(/#.*$/, '#/tenants/acme/demo'))
  const injected = page.getByRole('list', { name: 'Live log' }).getByRole('listitem').filter({ hasText: 'Injected' })
  await expect(injected.first()).toContainText('Push new user')
  await expect(injected.first()).toContainText('500')
  await expect(banner).toBeHidden()
})

/** Seeds a busy support team and returns Acme's token. */
async function seeded(backend: ConsoleBackend): Promise<string> {
  await seed(backend)
  return value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta demo day' })).token
}

test('the number of users to assign can be erased and retyped, and shows what a run uses once the field is left', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await openConsole(page, backend, '/tenants/acme/demo')
  const users = page.getByRole('textbox', { name: 'Users to assign' })
  await expect(users).toHaveValue('5')

  // Erased to type 20, the field stays empty for the 20, rather than hold a 1 that turns it into 12.
  await erase(users)
  await page.keyboard.type('20')
  await expect(users).toHaveValue('20')

  // Left empty, it shows the number a run would use, the last one typed.
  await erase(users)
  await users.press('Tab')
  await expect(users).toHaveValue('20')
})

test('the Okta setup guide, demo, conformance results and faults are designed in light and dark', async ({ page, backend }) => {
  test.setTimeout(420_000)
  mkdirSync(screenshotDir, { recursive: true })
  await seeded(backend)
  await openConsole(page, backend, '/tenants/acme/setup')

  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme })
    await show(page, '/tenants/acme/setup', (p) => p.getByTestId('setup-base-url'))
    await expect(page.getByTestId('last-credentials-test')).toContainText('Verified')
    await shoot(page, 'setup-guide', theme)
  }

  // Mid-run: a throttle makes Okta wait out a 429, as it does, with the countdown.
  value(backend.services.faults.set('acme', { throttlePerMinute: 6, latencyMs: 0, failNextAuth: false, rules: [] }))
  await show(page, '/tenants/acme/demo', (p) => p.getByRole('button', { name: 'Run Okta demo' }))
  await page.getByRole('radiogroup', { name: 'Speed' }).getByText('1×').click()
  await page.getByRole('button', { name: 'Run Okta demo' }).click()
  await expect(page.getByTestId('retry-countdown')).toBeVisible({ timeout: 60_000 })
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme })
    await expect(page.getByTestId('retry-countdown')).toBeVisible()
    await shoot(page, 'demo-running', theme)
  }
  // Paused during the wait, the retry is held: the countdown says it goes only on a click, also once Okta's wait is over,
  // and the step that waits stays in view above the note that the run is paused.
  await page.getByRole('button', { name: 'Pause' }).click()
  await expect(page.getByTestId('retry-countdown')).toContainText('(paused: sent only when you step or resume)')
  await expect(page.getByTestId('retry-countdown')).toContainText("Okta's wait is over; the retry goes when you step or resume.", { timeout: 60_000 })
  await expect(page.locator('[data-testid="demo-step"][data-status="waiting"]')).toBeInViewport({ ratio: 1 })
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme })
    await expect(page.getByTestId('retry-countdown')).toContainText('(paused: sent only when you step or resume)')
    await shoot(page, 'demo-paused-retry', theme)
  }
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByText('Cancelled', { exact: true })).toBeVisible()
  value(backend.services.faults.set('acme', { throttlePerMinute: 0, latencyMs: 0, failNextAuth: false, rules: [] }))

  await runOktaDemo(page, 'Okta catalog app · PATCH', 5)
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme })
    await shoot(page, 'demo-finished', theme)
  }

  // Globex passes Okta's SPEC test; Acme's first user is deactivated, which the SPEC test reads as a failure.
  for (const [slug, screen] of [['globex', 'conformance'], ['acme', 'conformance-failures']] as const) {
    await show(page, `/tenants/${slug}/demo?tab=conformance`, (p) => p.getByRole('button', { name: 'Run conformance self-test' }))
    // Acme is throttled (1,200 a minute): the panel says the test waits out 429s as Okta does, and for how long at most.
    if (slug === 'acme') await expect(page.getByTestId('conformance-throttle-note')).toContainText('accepts 1,200 requests a minute')
    else await expect(page.getByTestId('conformance-throttle-note')).toBeHidden()
    await page.getByRole('button', { name: 'Run conformance self-test' }).click()
    await expect(page.getByTestId('conformance-summary')).toContainText('passed', { timeout: 60_000 })
    const open = slug === 'acme' ? page.locator('[data-testid="conformance-check"][data-ok="false"]').first() : page.getByTestId('conformance-check').nth(3)
    await open.getByRole('button').first().click()
    // The count fits inside the ring's stroke, with room to spare.
    const ring = await page
      .getByRole('region', { name: 'Conformance results' })
      .locator('.mantine-RingProgress-root')
      .evaluate((root) => {
        const circle = root.querySelector('circle')
        const range = document.createRange()
        range.selectNodeContents(root.querySelector('.mantine-RingProgress-label .mantine-Text-root') ?? root)
        // The circle's box spans the middle of its stroke.
        const inside = (circle?.getBoundingClientRect().width ?? 0) - Number(circle?.getAttribute('stroke-width') ?? 0)
        return { inside, count: range.getBoundingClientRect().width }
      })
    expect(ring.count, `the count is ${ring.count} px wide, the inside of the ring ${ring.inside} px`).toBeLessThanOrEqual(ring.inside - 4)
    for (const theme of themes) {
      await page.emulateMedia({ colorScheme: theme })
      await shoot(page, screen, theme)
    }
  }

  value(
    backend.services.faults.set('acme', {
      throttlePerMinute: 60,
      latencyMs: 1500,
      failNextAuth: false,
      rules: [
        { id: 'push-fails', operation: 'create-user', status: 500, detail: 'The app could not save the user because its database did not answer. Try again later.', mode: 'once', percent: 100 },
        { id: 'import-flaky', operation: 'import-users', status: 503, detail: 'The app is down for maintenance. Try again in a few minutes.', mode: 'percent', percent: 25 }
      ]
    })
  )
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme })
    await show(page, '/tenants/acme/faults', (p) => p.getByRole('group', { name: 'Failure 2' }))
    await expect(page.getByTestId('faults-banner')).toContainText('Acme Corp')
    await shoot(page, 'faults', theme)
    await show(page, '/tenants/acme/directory', (p) => p.getByRole('table', { name: 'Users' }).getByText('ada.lovelace@acme.com'))
    await expect(page.getByTestId('faults-banner')).toBeVisible()
    await shoot(page, 'faults-banner-directory', theme)
  }
})
