// A CSM whose customer provisions from Microsoft Entra ID: the setup guide switches to Entra's screens and words, gives
// the Tenant URL with Microsoft's standards flag, shows Entra's first request the moment it arrives, and exports a page
// for the customer's Entra admin. Switching the guide only changes the view; the tenant becomes Entra's when the CSM
// says so, and that can be undone.
import { mkdirSync, readFileSync } from 'node:fs'
import { expect, openConsole, test } from './harness/fixtures'
import { screenshotDir, shoot, show, value } from './harness/seed'

test('the setup guide walks an Entra admin through Entra, and shows Entra’s Test Connection as it arrives', async ({ page, backend }) => {
  // The whole guide for both providers, across two tenants, with its screenshots: 40-55 s beside another test on two
  // cores, past the default minute when the machine is busier.
  test.setTimeout(150_000)
  mkdirSync(screenshotDir, { recursive: true })
  value(backend.services.tenants.create({ name: 'Contoso Ltd', slug: 'contoso' }))
  value(backend.services.tenants.update({ tenant: 'contoso', rateLimitPerMinute: 600 }))
  value(backend.services.tenants.create({ name: 'Fabrikam', slug: 'fabrikam' }))
  await openConsole(page, backend, '/tenants/contoso/setup')
  const tenantUrl = `${backend.scimOrigin}/scim/v2/contoso?aadOptscim062020`

  // Okta's guide by default; the switch gives Entra's, and the URL keeps the choice.
  await expect(page.getByRole('heading', { name: 'Okta setup guide', level: 1 })).toBeVisible()
  await expect(page.getByTestId('provider-notice')).toHaveCount(0)
  await page.getByRole('radiogroup', { name: 'Identity provider' }).getByText('Microsoft Entra ID').click()
  await expect(page).toHaveURL(/#\/tenants\/contoso\/setup\?for=entra$/)
  await expect(page.getByRole('heading', { name: 'Microsoft Entra ID setup guide', level: 1 })).toBeVisible()

  // Only the view changed, on a screen the customer may be watching: the tenant, its navigation and the Tenants list
  // stay as they were, and the guide says so, with the one way to make the tenant Entra's.
  const tenantNavigation = page.getByRole('navigation', { name: 'Tenant' })
  await expect(tenantNavigation.getByRole('link', { name: 'Okta setup' })).toBeVisible()
  const notice = page.getByTestId('provider-notice')
  await expect(notice).toContainText('Viewing the Microsoft Entra ID guide')
  await expect(notice).toContainText('Contoso Ltd has no identity provider set yet, so its other screens speak of Okta. Switching the guide changes nothing for the tenant.')
  expect(backend.services.tenants.find('contoso')?.setupProvider).toBeNull()
  await shoot(page, 'setup-guide-entra-viewed', 'light')

  // Said deliberately, it is the tenant's at once on every screen, with a toast whose Undo puts back what it had. The
  // address no longer pins Entra's guide: it is the tenant's own, which the guide now follows.
  await notice.getByRole('button', { name: 'Use Microsoft Entra ID for this tenant' }).click()
  await expect(tenantNavigation.getByRole('link', { name: 'Entra setup' })).toBeVisible()
  await expect(notice).toHaveCount(0)
  await expect(page).toHaveURL(/#\/tenants\/contoso\/setup$/)
  await expect.poll(() => backend.services.tenants.find('contoso')?.setupProvider).toBe('entra')
  const confirmed = page.getByRole('alert').filter({ hasText: 'Contoso Ltd now provisions from Microsoft Entra ID' })
  await expect(confirmed).toContainText('Undo puts back no identity provider set (the console goes by its traffic).')
  await page.screenshot({ path: `${screenshotDir}/tenant-provider-set-light.png`, animations: 'disabled' })
  // Undone, the tenant is as it was, and so is its guide: Okta's, not Entra's as if Entra were still chosen.
  await confirmed.getByRole('button', { name: 'Undo' }).click()
  await expect(tenantNavigation.getByRole('link', { name: 'Okta setup' })).toBeVisible()
  await expect.poll(() => backend.services.tenants.find('contoso')?.setupProvider).toBeNull()
  await expect(page.getByRole('heading', { name: 'Okta setup guide', level: 1 })).toBeVisible()
  await expect(page.getByRole('radiogroup', { name: 'Identity provider' }).getByRole('radio', { name: 'Okta' })).toBeChecked()
  await expect(notice).toHaveCount(0)
  await expect(page).toHaveURL(/#\/tenants\/contoso\/setup$/)
  await page.getByRole('radiogroup', { name: 'Identity provider' }).getByText('Microsoft Entra ID').click()
  await notice.getByRole('button', { name: 'Use Microsoft Entra ID for this tenant' }).click()
  await expect.poll(() => backend.services.tenants.find('contoso')?.setupProvider).toBe('entra')
  await expect(page).toHaveURL(/#\/tenants\/contoso\/setup$/)

  // From then on the console speaks of the tenant's Entra: the navigation, the overview and its empty state, whose
  // button opens Entra's guide again; the command palette still offers Okta's.
  await expect(tenantNavigation.getByRole('link', { name: 'Okta setup' })).toHaveCount(0)
  await tenantNavigation.getByRole('link', { name: 'Overview' }).click()
  await expect(page.getByRole('heading', { name: 'Connect Microsoft Entra ID', level: 2 })).toBeVisible()
  await expect(page.getByTestId('scim-base-url')).toHaveText(tenantUrl)
  await expect(page.getByText('Entra cannot connect until you issue an API token and paste it into Secret Token.')).toBeVisible()
  await expect(page.getByText("No requests yet. In Microsoft Entra ID, click Test Connection on the app's Provisioning page")).toBeVisible()
  await expect(page.getByText('Entra then gets 401 Unauthorized for its Tenant URL')).toBeVisible()
  await shoot(page, 'tenant-overview-entra', 'light')
  await page.getByRole('button', { name: 'Edit tenant' }).click()
  await expect(page.getByRole('dialog', { name: 'Edit tenant' })).toContainText("Cannot be changed: it is part of the Tenant URL saved in the customer's Entra application.")
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog', { name: 'Edit tenant' })).toHaveCount(0)
  await page.getByRole('link', { name: 'Entra setup guide' }).click()
  await expect(page).toHaveURL(/#\/tenants\/contoso\/setup$/)
  await expect(page.getByRole('heading', { name: 'Microsoft Entra ID setup guide', level: 1 })).toBeVisible()
  await tenantNavigation.getByRole('link', { name: 'Tokens' }).click()
  await expect(page.getByText('Entra sends one of these with every SCIM request to Contoso Ltd.')).toBeVisible()
  await expect(page.getByText('Entra cannot connect without one. Issue a token, then paste it into Entra: Provisioning → Admin Credentials → Secret Token.')).toBeVisible()
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tenants' }).click()
  await page.getByRole('row', { name: /Contoso Ltd/ }).getByText('None', { exact: true }).hover()
  await expect(page.getByRole('tooltip')).toHaveText('No active API token: Entra cannot provision until one is issued')
  await page.getByRole('row', { name: /Contoso Ltd/ }).getByRole('link', { name: 'Contoso Ltd' }).click()
  // Each tenant keeps its own: Fabrikam, whose guide was never chosen, is Okta's.
  await page.getByRole('banner').getByRole('combobox', { name: 'Switch tenant' }).click()
  await page.getByRole('option', { name: 'Fabrikam' }).click()
  await expect(page.getByRole('heading', { name: 'Fabrikam', level: 1 })).toBeVisible()
  await expect(tenantNavigation.getByRole('link', { name: 'Okta setup' })).toBeVisible()
  await page.getByRole('banner').getByRole('combobox', { name: 'Switch tenant' }).click()
  await page.getByRole('option', { name: 'Contoso Ltd' }).click()
  await expect(tenantNavigation.getByRole('link', { name: 'Entra setup' })).toBeVisible()
  await tenantNavigation.getByRole('link', { name: 'Directory' }).click()
  await expect(page.getByText('The users and groups Entra provisioned into Contoso Ltd')).toBeVisible()
  // No API token yet: the directory says that comes first, in Entra's words.
  await expect(page.getByText('Entra cannot provision anything until you issue an API token and paste it into Secret Token.')).toBeVisible()
  await expect(page.getByRole('columnheader', { name: 'External ID' })).toBeVisible()
  await tenantNavigation.getByRole('link', { name: 'Entra setup' }).click()
  await expect(page.getByRole('heading', { name: 'Microsoft Entra ID setup guide', level: 1 })).toBeVisible()
  await page.keyboard.press('Control+K')
  await page.getByRole('textbox', { name: 'Jump to' }).fill('Contoso Ltd: Okta setup guide')
  await page.getByRole('dialog', { name: 'Command palette' }).getByRole('button', { name: /^Contoso Ltd: Okta setup guide/ }).click()
  await expect(page.getByRole('heading', { name: 'Okta setup guide', level: 1 })).toBeVisible()
  // Okta's guide is only shown: the tenant stays Entra's, and the guide offers the change rather than make it.
  await expect(tenantNavigation.getByRole('link', { name: 'Entra setup' })).toBeVisible()
  await expect(notice).toContainText('Contoso Ltd is set to provision from Microsoft Entra ID, so its other screens speak of Microsoft Entra ID.')
  await expect(notice.getByRole('button', { name: 'Use Okta for this tenant' })).toBeVisible()
  expect(backend.services.tenants.find('contoso')?.setupProvider).toBe('entra')
  await tenantNavigation.getByRole('link', { name: 'Entra setup' }).click()
  await expect(page).toHaveURL(/#\/tenants\/contoso\/setup$/)
  await expect(page.getByRole('heading', { name: 'Microsoft Entra ID setup guide', level: 1 })).toBeVisible()
  await expect(notice).toHaveCount(0)
  await expect(page.getByTestId('setup-tenant-url')).toHaveText(tenantUrl)
  await expect(page.getByTestId('local-url-callout')).toContainText("Microsoft's cloud")
  await expect(page.getByTestId('local-url-callout').getByRole('link', { name: 'Run the Entra demo' })).toHaveAttribute('href', '#/tenants/contoso/demo')
  for (const words of ['Create your own application', 'Automatic', 'Secret Token', 'Test Connection', 'Provision Microsoft Entra ID Users', 'Sync only assigned users and groups', 'Provisioning Status']) {
    await expect(page.getByText(words).first()).toBeVisible()
  }
  await expect(page.getByRole('button', { name: 'Copy Tenant URL' }).first()).toBeVisible()
  await expect(page.getByText("Waiting for Entra's first request")).toBeVisible()

  // The token is issued from Entra's guide, which says where it goes in Entra. Its label starts as the one it would get
  // left empty, and says it is optional.
  await page.getByRole('button', { name: 'Issue API token' }).first().click()
  const issue = page.getByRole('dialog', { name: 'Issue API token for Contoso Ltd' })
  await expect(issue.getByLabel('Label')).toHaveValue('Entra provisioning')
  await expect(issue.getByText('Optional. Where the token is used, so that you recognise it later.')).toBeVisible()
  await issue.getByRole('button', { name: 'Issue API token' }).click()
  const secretDialog = page.getByRole('dialog', { name: 'Copy your new API token' })
  await expect(secretDialog).toContainText('Paste it into Entra: Provisioning → Admin Credentials → Secret Token.')
  const secret = ((await secretDialog.getByTestId('issued-token').textContent()) ?? '').trim()
  await secretDialog.getByTestId('issued-token').click()
  await page.keyboard.press('Control+C')
  await secretDialog.getByRole('button', { name: "I've copied it" }).click()
  await expect(secretDialog).toHaveCount(0)

  // Entra's Test Connection: a lookup of a user that does not exist, under the Tenant URL as pasted (Entra puts the
  // resource after its path and keeps its query). First with the token cut short: the step says why, in Entra's words.
  const cutShort = `${backend.scimOrigin}/scim/v2/contoso/Users?aadOptscim062020&filter=${encodeURIComponent('userName eq "0b9d2c4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"')}`
  expect((await fetch(cutShort, { headers: { authorization: `Bearer ${secret.slice(0, -1)}` } })).status).toBe(401)
  await expect(page.getByTestId('last-credentials-test')).toContainText('Last request failed')
  await expect(page.getByTestId('credentials-test-failure')).toContainText('The API token is not one SCIM Console knows')
  await expect(page.getByTestId('credentials-test-failure')).toContainText('paste it into Secret Token')
  const lookup = await fetch(`${backend.scimOrigin}/scim/v2/contoso/Users?aadOptscim062020&filter=${encodeURIComponent('userName eq "7c5a0e1f-2f4e-4a5b-9c1d-0e2f3a4b5c6d"')}`, {
    headers: { authorization: `Bearer ${secret}`, accept: 'application/scim+json' }
  })
  expect(lookup.status).toBe(200)
  await expect(page.getByTestId('last-credentials-test')).toContainText('Connected')
  await expect(page.getByTestId('credentials-test-failure')).toHaveCount(0)
  await expect(page.getByText("Waiting for Entra's first request")).toHaveCount(0)
  // A later request from another client does not stand for Entra's.
  const okta = await fetch(`${backend.scimOrigin}/scim/v2/contoso/Users?startIndex=1&count=2`, { headers: { authorization: `Bearer nope`, 'user-agent': 'Okta SCIM Client 1.0.0' } })
  expect(okta.status).toBe(401)
  await expect(page.getByTestId('last-credentials-test')).toContainText('Connected')
  // The log names Entra's check as Entra's admin knows it, with no made-up user beside it.
  await show(page, '/logs?tenant=contoso', (p) => p.getByRole('table', { name: 'Provisioning log' }).getByRole('row', { name: /Test connection/ }))
  const check = page.getByRole('row', { name: /Test connection/ })
  await expect(page.getByRole('columnheader').nth(3)).toHaveText('User or group')
  await expect(check.getByRole('cell').nth(3)).toHaveText('—')
  await show(page, '/tenants/contoso/setup', (p) => p.getByTestId('setup-tenant-url'))

  // The values card names the token by its whole label.
  const tokenLabel = page.getByText('Shown once when issued').locator('xpath=preceding-sibling::*[1]').getByText('Entra provisioning', { exact: true })
  expect(await tokenLabel.evaluate((label) => label.scrollWidth > label.clientWidth + 1 || label.scrollHeight > label.clientHeight + 1), 'the token label is cut short').toBe(false)
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await shoot(page, 'setup-guide-entra', theme)
  }

  // The page for the customer's Entra admin: Entra's words and the Tenant URL, never the token.
  await page.getByRole('button', { name: 'Export for the customer' }).click()
  await page.getByRole('menuitem', { name: 'Export as HTML' }).click()
  await expect(page.getByText('Guide saved as HTML')).toBeVisible()
  await expect(page.getByText("to Contoso Ltd's Entra admin")).toBeVisible()
  const saved = backend.native.saved.find((path) => path.endsWith('.html')) ?? ''
  expect(saved).toMatch(/entra-scim-setup-contoso\.html$/)
  const html = readFileSync(saved, 'utf8')
  expect(html).toContain('Connect Microsoft Entra ID to Contoso Ltd')
  expect(html).toContain(tenantUrl)
  expect(html).not.toContain(secret)

  // Revoking the token warns of what Entra will get.
  await page.getByRole('navigation', { name: 'Tenant' }).getByRole('link', { name: 'Tokens' }).click()
  await page.getByRole('row', { name: /Entra provisioning/ }).getByRole('button', { name: 'Revoke' }).click()
  await expect(page.getByRole('dialog', { name: 'Revoke API token?' })).toContainText(
    'Entra will get 401 Unauthorized on its next call, and provisioning for Contoso Ltd stops until a new token is pasted into Entra.'
  )
  await page.keyboard.press('Escape')

  // The command palette goes straight to Entra's guide; Okta's stays one click away.
  await show(page, '/tenants/contoso', (p) => p.getByRole('heading', { name: 'Contoso Ltd', level: 1 }))
  await page.keyboard.press('Control+K')
  // Typed once the palette's field has the focus: keys pressed while it opens went nowhere, and Enter then took the
  // first action of an empty search (the tenant's own overview).
  await expect(page.getByRole('textbox', { name: 'Jump to' })).toBeFocused()
  await page.keyboard.type('contoso entra')
  await expect(page.getByRole('dialog').getByText('Contoso Ltd: Microsoft Entra ID setup guide')).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/tenants\/contoso\/setup\?for=entra$/)
  await page.getByRole('radiogroup', { name: 'Identity provider' }).getByText('Okta').click()
  await expect(page).toHaveURL(/#\/tenants\/contoso\/setup\?for=okta$/)
  await expect(page.getByTestId('setup-base-url')).toHaveText(`${backend.scimOrigin}/scim/v2/contoso`)
  expect(backend.services.tenants.find('contoso')?.setupProvider).toBe('entra')
})

test("the Faults page speaks of an Entra tenant's Entra, and a failure's operation is found by Entra's name", async ({ page, backend }) => {
  mkdirSync(screenshotDir, { recursive: true })
  value(backend.services.tenants.create({ name: 'Contoso Ltd', slug: 'contoso', setupProvider: 'entra' }))
  await openConsole(page, backend, '/tenants/contoso/setup')
  await expect(page.getByRole('heading', { name: 'Microsoft Entra ID setup guide', level: 1 })).toBeVisible()
  await page.getByRole('navigation', { name: 'Tenant' }).getByRole('link', { name: 'Faults' }).click()

  await expect(page.getByText('Entra gets 429 Too Many Requests with a Retry-After header, and retries later.')).toBeVisible()
  await expect(page.getByText("Entra's next request gets 401 Unauthorized")).toBeVisible()
  await expect(page.getByText("what Entra's provisioning logs say when, say, “Create user” gets 500")).toBeVisible()
  await expect(page.getByText(/Okta (gets|closes|shows|reports)/)).toHaveCount(0)

  await page.getByRole('button', { name: 'Add failure' }).click()
  const failure = page.getByRole('group', { name: 'Failure 1' })
  await expect(failure.getByText('Create user answers HTTP 500 once, then works again.')).toBeVisible()
  // The rule meets every client alike: its list gives Entra's names with Okta's under them, and finds either.
  const operation = failure.getByLabel('Operation', { exact: true })
  await expect(operation).toHaveValue('Create user')
  await operation.fill('deactivate')
  await expect(page.getByRole('option', { name: /Disable user.*Okta: Deactivate/ })).toBeVisible()
  await page.getByRole('option', { name: /Disable user/ }).click()
  await expect(operation).toHaveValue('Disable user')
  await expect(failure.getByText('Disable user answers HTTP 500 once, then works again.')).toBeVisible()
  const detail = failure.getByRole('textbox', { name: 'Detail Entra writes to its provisioning logs' })
  await detail.fill('')
  await expect(page.getByRole('alert')).toHaveText('Rule 1 needs a detail: the sentence Entra writes to its provisioning logs.')
  await detail.fill('The app could not disable the user.')
  await page.getByRole('button', { name: 'Save faults' }).click()
  await expect(page.getByText("Entra's next requests to Contoso Ltd meet them.")).toBeVisible()
  await shoot(page, 'faults-entra', 'light')
  await expect(page.getByTestId('faults-banner')).toContainText('Fault injection is on for Contoso Ltd: Disable user fails once (HTTP 500)')
})

test("a tenant Entra provisions reads as Entra's before anyone opens its guide, and a provider set against its traffic is flagged", async ({ page, backend }) => {
  mkdirSync(screenshotDir, { recursive: true })
  value(backend.services.tenants.create({ name: 'Fabrikam', slug: 'fabrikam' }))
  const secret = value(backend.services.tokens.issue({ tenant: 'fabrikam', label: 'Entra provisioning' })).token
  // Entra's connection check, from its cloud: nobody chose a guide on this computer.
  const check = await fetch(`${backend.scimOrigin}/scim/v2/fabrikam/Users?filter=${encodeURIComponent('userName eq "7c5a0e1f-2f4e-4a5b-9c1d-0e2f3a4b5c6d"')}`, {
    headers: { authorization: `Bearer ${secret}`, 'user-agent': 'Azure Active Directory SCIM Client' }
  })
  expect(check.status).toBe(200)
  value(backend.services.tenants.create({ name: 'Northwind', slug: 'northwind' }))
  await openConsole(page, backend, '/tenants')
  await expect(page.getByRole('row', { name: /Fabrikam/ })).toContainText('Microsoft Entra ID')
  await expect(page.getByRole('row', { name: /Northwind/ })).toContainText('Not known yet')
  await page.getByRole('row', { name: /Fabrikam/ }).getByRole('link', { name: 'Fabrikam' }).click()
  const tenantNavigation = page.getByRole('navigation', { name: 'Tenant' })
  await expect(page.getByRole('heading', { name: 'Connect Microsoft Entra ID', level: 2 })).toBeVisible()
  await tenantNavigation.getByRole('link', { name: 'Entra setup' }).click()
  await expect(page.getByRole('heading', { name: 'Microsoft Entra ID setup guide', level: 1 })).toBeVisible()
  await expect(page.getByTestId('last-credentials-test')).toContainText('Connected')

  // Viewing Okta's guide changes nothing: the traffic still says Entra.
  await page.getByRole('radiogroup', { name: 'Identity provider' }).getByText('Okta').click()
  await expect(page.getByRole('heading', { name: 'Okta setup guide', level: 1 })).toBeVisible()
  await expect(tenantNavigation.getByRole('link', { name: 'Entra setup' })).toBeVisible()
  const notice = page.getByTestId('provider-notice')
  await expect(notice).toContainText("Fabrikam's requests come from Microsoft Entra ID, and no provider is set for it, so its other screens speak of Microsoft Entra ID.")

  // Set to Okta on purpose, it wins over the traffic; the guide and the Tenants list say that the requests disagree.
  await notice.getByRole('button', { name: 'Use Okta for this tenant' }).click()
  await expect(tenantNavigation.getByRole('link', { name: 'Okta setup' })).toBeVisible()
  await expect.poll(() => backend.services.tenants.find('fabrikam')?.setupProvider).toBe('okta')
  await expect(notice).toContainText('Its requests come from Microsoft Entra ID')
  await expect(notice).toContainText('Fabrikam is set to provision from Okta, but its latest requests came from Microsoft Entra ID.')
  await expect(notice.getByRole('button', { name: 'Use Microsoft Entra ID for this tenant' })).toBeVisible()
  await shoot(page, 'setup-guide-provider-contradicted', 'light')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tenants' }).click()
  const fabrikam = page.getByRole('row', { name: /Fabrikam/ })
  await expect(fabrikam.getByTestId('provider-contradicted')).toContainText('Set to Okta, but its latest requests came from Microsoft Entra ID')
  await fabrikam.getByTestId('provider-contradicted').hover()
  await expect(page.getByRole('tooltip')).toHaveText('Set to Okta, but its latest requests came from Microsoft Entra ID')
  // Northwind, set to nothing and sent nothing, is not flagged.
  await expect(page.getByTestId('provider-contradicted')).toHaveCount(1)
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await shoot(page, 'tenants-provider-contradicted', theme)
  }
})

test('a guide pinned in the address follows the tenant once its provider is changed elsewhere', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Contoso Ltd', slug: 'contoso', setupProvider: 'okta' }))
  await openConsole(page, backend, '/tenants/contoso/setup')
  await page.getByRole('radiogroup', { name: 'Identity provider' }).getByText('Microsoft Entra ID').click()
  await expect(page).toHaveURL(/#\/tenants\/contoso\/setup\?for=entra$/)

  // A colleague makes the tenant Entra's (Edit tenant in another window, or the CLI): the pin has nothing left to pin.
  value(backend.services.tenants.update({ tenant: 'contoso', setupProvider: 'entra' }))
  await expect(page).toHaveURL(/#\/tenants\/contoso\/setup$/)
  await expect(page.getByRole('heading', { name: 'Microsoft Entra ID setup guide', level: 1 })).toBeVisible()
  await expect(page.getByTestId('provider-notice')).toHaveCount(0)

  // Changed back, the guide follows the tenant rather than an old pin.
  value(backend.services.tenants.update({ tenant: 'contoso', setupProvider: 'okta' }))
  await expect(page.getByRole('heading', { name: 'Okta setup guide', level: 1 })).toBeVisible()
  await expect(page).toHaveURL(/#\/tenants\/contoso\/setup$/)
})

test("a sales engineer plays Entra's provisioning cycles for an Entra tenant, and a throttled change waits for the next cycle", async ({ page, backend }) => {
  mkdirSync(screenshotDir, { recursive: true })
  value(backend.services.tenants.create({ name: 'Contoso Ltd', slug: 'contoso', setupProvider: 'entra' }))
  // The first create is refused with 429: Entra moves on, and makes it in its next cycle.
  value(
    backend.services.faults.set('contoso', {
      throttlePerMinute: 0,
      latencyMs: 0,
      failNextAuth: false,
      rules: [{ id: 'slow', operation: 'create-user', status: 429, detail: 'Too many requests; try again later.', mode: 'once', percent: 100 }]
    })
  )
  await openConsole(page, backend, '/tenants/contoso/setup')
  await expect(page.getByRole('heading', { name: 'Microsoft Entra ID setup guide', level: 1 })).toBeVisible()
  await page.getByRole('navigation', { name: 'Tenant' }).getByRole('link', { name: 'Entra demo' }).click()
  await expect(page.getByRole('heading', { name: 'Entra demo', level: 1 })).toBeVisible()
  await expect(page.getByRole('radiogroup', { name: 'Client' }).getByRole('radio', { name: 'Microsoft Entra ID' })).toBeChecked()
  await expect(page.getByText('Test Connection: a user and a group that do not exist')).toBeVisible()
  await page.getByLabel('Users to assign').fill('3')
  await page.getByRole('radiogroup', { name: 'Speed' }).getByText('100×').click()
  await page.getByRole('button', { name: 'Run Entra demo' }).click()

  const run = page.getByRole('region', { name: 'Entra demo run' })
  await expect(page.getByTestId('demo-finished')).toBeVisible({ timeout: 60_000 })
  await expect(run).toContainText('Microsoft Entra ID (provisioning cycles)')
  await expect(page.getByTestId('demo-counts')).toContainText('1 deferred')
  await expect(run.getByRole('img', { name: 'Deferred to the next cycle (throttled)' })).toHaveCount(1)
  await expect(run.getByText("Entra's provisioning cycle 2: it retries 1 throttled change")).toBeVisible()
  await expect(run.getByText('Entra creates jane.doe@example.com')).toHaveCount(2)
  // The live log beside it names each request in Entra's words.
  const live = page.getByRole('list', { name: 'Live log' })
  await expect(live.getByText('Disable user').first()).toBeVisible()
  await expect(live.getByText('Create user').first()).toBeVisible()
  // Its last cycles: a user deleted in Entra is disabled, then deleted for good 30 days later. Jane, created a cycle
  // late, was the last provisioned (the one unassigned and assigned again), so Maria is the one who leaves.
  await expect(run.getByText("Entra's incremental cycle 5: maria.garcia@example.com left the company and was deleted in Microsoft Entra ID")).toBeVisible()
  await expect(run.getByText('Entra deletes maria.garcia@example.com, deleted for good in Microsoft Entra ID (DELETE)', { exact: true })).toBeVisible()
  await expect(live.getByText('Delete user').first()).toBeVisible()
  const contoso = backend.services.tenants.findBySlug('contoso')
  const left = backend.services.directory.listUsers(contoso?.id ?? '', { offset: 0, limit: 10 }).items.map((user) => user.userName)
  expect(left.sort()).toEqual(['jane.doe@example.com', 'ravi.patel@example.com'])
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await run.getByRole('img', { name: 'Deferred to the next cycle (throttled)' }).scrollIntoViewIfNeeded()
    await shoot(page, 'demo-entra-finished', theme)
  }

  // Without the Tenant URL's flag, as older Entra apps have it: Entra's older PATCH format, which works the same.
  // After a run the form is folded into one line: Change settings unfolds it.
  await page.getByRole('button', { name: 'Change settings' }).click()
  await page.getByRole('switch', { name: /aadOptscim062020 flag/ }).click()
  await page.getByRole('button', { name: 'Run Entra demo' }).click()
  await expect(page.getByTestId('demo-finished')).toBeVisible({ timeout: 60_000 })
  await expect(run).toContainText('Microsoft Entra ID, no flag (older PATCH format)')
  await expect(run.getByText('Entra disables maria.garcia@example.com (PATCH Replace active "False")')).toBeVisible()

  // Provision on demand: one user in the portal's five steps. The flag changes nothing there, so its switch goes.
  await page.getByRole('button', { name: 'Change settings' }).click()
  await page.getByRole('switch', { name: /Provision on demand/ }).click()
  await expect(page.getByRole('switch', { name: /aadOptscim062020 flag/ })).toBeHidden()
  await expect(page.getByLabel('Users to assign')).toBeDisabled()
  await page.getByRole('button', { name: 'Run Entra demo' }).click()
  await expect(page.getByTestId('demo-finished')).toBeVisible({ timeout: 60_000 })
  await expect(run).toContainText('Entra Provision on demand')
  await expect(page.getByTestId('demo-finished')).toContainText('Entra provisioned one user on demand in Contoso Ltd.')
  // Jane exists from the runs before, with the job title their cycles gave her: matched, then only that sent back.
  await expect(run.getByText('Step 4, Match user between source and target system: Entra looks jane.doe@example.com up by userName')).toBeVisible()
  await expect(run.getByText('Step 5, Perform action: Entra updates jane.doe@example.com: it sets its job title "Account Executive" (PATCH Replace)', { exact: true })).toBeVisible()
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await shoot(page, 'demo-entra-on-demand', theme)
  }

  // A group on demand: the group and the members picked for it, up to five, each matched as the user was above.
  await page.getByRole('button', { name: 'Change settings' }).click()
  await page.getByRole('radiogroup', { name: 'Provision' }).getByText('A group').click()
  const members = page.getByLabel('Members picked')
  await expect(members).toBeEnabled()
  await members.fill('3')
  await page.getByRole('button', { name: 'Run Entra demo' }).click()
  await expect(page.getByTestId('demo-finished')).toContainText('Entra provisioned a group and 3 members on demand in Contoso Ltd.', { timeout: 60_000 })
  await expect(run).toContainText('Entra Provision on demand, a group')
  // The cycles above made the group: matched and linked, then its three members added in one PATCH.
  await expect(run.getByText('Step 5, Perform action: Entra links the existing group "Sales Team"', { exact: true })).toBeVisible()
  await expect(run.getByText('Member 3 of 3: Entra looks maria.garcia@example.com up by userName', { exact: true })).toBeVisible()
  await expect(run.getByText('Step 5, Perform action: Entra adds the 3 members to "Sales Team" (PATCH Add members)', { exact: true })).toBeVisible()
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await shoot(page, 'demo-entra-on-demand-group', theme)
  }
})

test("Support runs Entra's SCIM checks against an Entra tenant, then Okta's SPEC test on the same page", async ({ page, backend }) => {
  // Two conformance suites in a row: 30-40 s beside another test on two cores, past the default minute when busier.
  test.setTimeout(150_000)
  mkdirSync(screenshotDir, { recursive: true })
  value(backend.services.tenants.create({ name: 'Contoso Ltd', slug: 'contoso', setupProvider: 'entra' }))
  await openConsole(page, backend, '/tenants/contoso/setup')
  await expect(page.getByRole('heading', { name: 'Microsoft Entra ID setup guide', level: 1 })).toBeVisible()
  // Ctrl+K finds the self-test by what Support calls it.
  await page.keyboard.press('Control+K')
  await expect(page.getByRole('textbox', { name: 'Jump to' })).toBeFocused()
  await page.keyboard.type('contoso validator')
  await expect(page.getByRole('dialog', { name: 'Command palette' }).getByText('Contoso Ltd: Conformance self-test')).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('tab', { name: 'Conformance self-test' })).toHaveAttribute('aria-selected', 'true')

  // An Entra tenant's self-test is Entra's first.
  const suite = page.getByRole('radiogroup', { name: 'Client' })
  await expect(suite.getByRole('radio', { name: 'Microsoft Entra ID' })).toBeChecked()
  await expect(page.getByRole('heading', { name: 'Microsoft Entra ID SCIM checks', level: 2 })).toBeVisible()
  await expect(page.getByText('It leaves nothing behind.', { exact: false })).toBeVisible()
  await page.getByRole('button', { name: 'Run conformance self-test' }).click()

  const results = page.getByRole('region', { name: 'Conformance results' })
  await expect(page.getByTestId('conformance-summary')).toHaveText('All 33 checks passed', { timeout: 30_000 })
  await expect(results.getByTestId('conformance-suite')).toHaveText("Entra's SCIM checks")
  await expect(results).toContainText('Entra can provision this tenant: every request Microsoft documents got the answer Entra expects.')
  // A check opens on what was sent and answered: Entra's removal of a member by a value list, answered 204.
  const removal = results.getByTestId('conformance-check').filter({ hasText: 'Update Group [Remove Members]' }).first()
  await expect(removal).toContainText('PATCH')
  await removal.getByRole('button').first().click()
  await expect(removal.getByText('Response: HTTP 204')).toBeVisible()
  await expect(removal).toContainText('"op": "Remove"')
  // The live log beside it reads the first requests as Entra's Test Connection, and the checks leave no user behind.
  await expect(page.getByRole('list', { name: 'Live log' }).getByText('Test connection').first()).toBeVisible()
  const contoso = backend.services.tenants.findBySlug('contoso')
  expect(backend.services.directory.listUsers(contoso?.id ?? '', { offset: 0, limit: 10 }).total).toBe(0)
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await shoot(page, 'conformance-entra', theme)
  }

  // The same page runs Okta's SPEC test on request; its results say whose they are. With results on screen, the choice
  // of client is folded away under Change settings.
  await page.getByRole('group', { name: 'Next self-test' }).getByRole('button', { name: 'Change settings' }).click()
  await suite.getByText('Okta · SPEC test').click()
  await expect(page.getByRole('heading', { name: 'Okta SCIM 2.0 SPEC test', level: 2 })).toBeVisible()
  await page.getByRole('button', { name: 'Run conformance self-test' }).click()
  await expect(results.getByTestId('conformance-suite')).toHaveText("Okta's SPEC test", { timeout: 30_000 })
  await expect(page.getByTestId('conformance-summary')).toContainText('passed')
  // Back on the page later, the next self-test is the suite of the results below it, not the tenant's provider.
  await page.reload()
  await expect(results.getByTestId('conformance-suite')).toHaveText("Okta's SPEC test")
  await expect(page.getByTestId('conformance-next-suite')).toHaveText("Okta's SPEC test")
  await page.getByRole('button', { name: 'Change settings' }).click()
  await expect(suite.getByRole('radio', { name: 'Okta · SPEC test' })).toBeChecked()
})
