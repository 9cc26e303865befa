// The words and values a CSM reads aloud, or pastes, on a call with a customer's admin: each screen says them the same
// way as the next, names a field as the admin's own screen does, and shows a value to paste whole, with a copy button.
import { mkdirSync } from 'node:fs'
import { expect, openConsole, test } from './harness/fixtures'
import { screenshotDir, scim, shoot, show, value } from './harness/seed'

test('the Okta overview, the tokens and the directory name each field as Okta does, and the same way everywhere', async ({ page, backend }) => {
  mkdirSync(screenshotDir, { recursive: true })
  await openConsole(page, backend, '/tenants')
  // The empty Tenants list speaks of both providers the console serves.
  await expect(page.getByText("A tenant is one customer, who provisions from Okta or Microsoft Entra ID. Create one, issue it an API token, and paste both into the customer's Okta or Entra to start provisioning.")).toBeVisible()

  // A name too long for a slug gives one cut after a whole word.
  await page.getByRole('button', { name: 'New tenant' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'New tenant' })
  await dialog.getByLabel('Name').fill('The Extraordinarily Long Named Holding Company of a Very Long Customer Name')
  await expect(dialog.getByLabel('Slug')).toHaveAttribute('placeholder', 'the-extraordinarily-long-named-holding-company-of-a-very-long')
  await page.keyboard.press('Escape')

  value(backend.services.tenants.create({ name: 'Northwind Traders', slug: 'northwind' }))
  await show(page, '/tenants/northwind', (p) => p.getByRole('heading', { name: 'Connect Okta', level: 2 }))
  // Where the token goes, in the guide's step 4 words: a catalog app's API Token, or Authorization in an app built in
  // the wizard; no "HTTP Header" beside an "API Token field" that such an app does not have.
  await expect(page.getByText('Paste the API token into', { exact: true })).toBeVisible()
  await expect(page.getByText('In an app you built yourself: Authentication Mode HTTP Header, then Authorization')).toBeVisible()
  await expect(page.getByText('Okta cannot connect until you issue an API token and paste it into API Token (in an app you built yourself, choose HTTP Header and paste it into Authorization).')).toBeVisible()
  await expect(page.getByText('paste it into the API Token field')).toHaveCount(0)
  // Each value the admin types into Okta has a copy button, the attribute name as well as the URL.
  await expect(page.getByRole('button', { name: 'Copy SCIM base URL' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Copy unique identifier field' })).toBeVisible()
  await shoot(page, 'tenant-overview-okta-words', 'light')

  // "Issue API token" wherever a token is issued: the header, the empty list and the dialog's own button.
  await page.getByRole('navigation', { name: 'Tenant' }).getByRole('link', { name: 'Tokens' }).click()
  await expect(page.getByRole('button', { name: 'Issue API token' })).toHaveCount(2)
  await expect(page.getByRole('button', { name: 'Issue token', exact: true })).toHaveCount(0)
  await page.getByRole('button', { name: 'Issue API token' }).first().click()
  const issue = page.getByRole('dialog', { name: 'Issue API token for Northwind Traders' })
  // The label starts as the one a token gets without one, selected so that typing replaces it, and says it is optional.
  const label = issue.getByLabel('Label')
  await expect(label).toHaveValue('Okta provisioning')
  await expect(label).toBeFocused()
  expect(await label.evaluate((input: HTMLInputElement) => [input.selectionStart, input.selectionEnd])).toEqual([0, 'Okta provisioning'.length])
  await expect(issue.getByText('Optional. Where the token is used, so that you recognise it later.')).toBeVisible()
  await shoot(page, 'issue-token-label', 'light')
  // Cleared, the field shows the label the token will get, and gets it.
  await label.fill('')
  await expect(label).toHaveAttribute('placeholder', 'Okta provisioning')
  await issue.getByRole('button', { name: 'Issue API token' }).click()
  const secretDialog = page.getByRole('dialog', { name: 'Copy your new API token' })
  await expect(secretDialog).toContainText('Okta provisioning is active and does not expire.')
  const secret = ((await secretDialog.getByTestId('issued-token').textContent()) ?? '').trim()
  await secretDialog.getByTestId('issued-token').click()
  await page.keyboard.press('Control+C')
  await secretDialog.getByRole('button', { name: "I've copied it" }).click()
  await expect(page.getByRole('row', { name: /Okta provisioning/ })).toBeVisible()

  // The new user form names the name fields as Okta's attribute mappings and the user's drawer do.
  expect((await scim(backend, 'northwind', secret, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Sales' })).status).toBe(201)
  await page.getByRole('navigation', { name: 'Tenant' }).getByRole('link', { name: 'Directory' }).click()
  await page.getByRole('button', { name: 'New user' }).first().click()
  const create = page.getByRole('dialog', { name: 'New user in Northwind Traders' })
  await expect(create.getByLabel('Given name')).toBeVisible()
  await expect(create.getByLabel('Family name')).toBeVisible()
  await expect(create.getByText('First name')).toHaveCount(0)
  await create.getByRole('button', { name: 'Cancel' }).click()

  // An empty value is one dimmed em dash in the interface's font (a monospace one reads as a hyphen), named for a screen
  // reader.
  await show(page, '/tenants/northwind/directory/groups', (p) => p.getByRole('table', { name: 'Groups' }).getByText('Sales'))
  const empty = page.getByRole('table', { name: 'Groups' }).getByRole('row', { name: /Sales/ }).getByText('—', { exact: true })
  await expect(empty).toBeVisible()
  expect(await empty.evaluate((dash) => getComputedStyle(dash).fontFamily)).not.toMatch(/mono/i)
  await expect(page.getByRole('table', { name: 'Groups' }).getByRole('row', { name: /Sales/ })).toContainText('Not set')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tenants' }).click()
  await expect(page.getByRole('columnheader', { name: 'Failures, last hour' })).toBeVisible()
})

test("the Entra guide's mapping expression wraps only between its arguments, and has a copy button", async ({ page, backend }) => {
  mkdirSync(screenshotDir, { recursive: true })
  value(backend.services.tenants.create({ name: 'Initech', slug: 'initech', setupProvider: 'entra' }))
  await openConsole(page, backend, '/tenants/initech/setup')
  const expression = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")'
  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 900 })
    const row = page.getByRole('row', { name: /IsSoftDeleted/ })
    await row.scrollIntoViewIfNeeded()
    await expect(row.getByRole('button', { name: 'Copy mapping to active' })).toBeVisible()
    const cell = row.getByRole('cell').first()
    await expect(cell).toHaveText(expression)
    // Each argument sits on one line: none is broken across two.
    const lineHeight = await cell.locator('[class*="mappingSegment"]').first().evaluate((segment) => parseFloat(getComputedStyle(segment).lineHeight))
    const heights = await cell.locator('[class*="mappingSegment"]').evaluateAll((segments) => segments.map((segment) => segment.getBoundingClientRect().height))
    expect(heights.length).toBe(5)
    for (const height of heights) expect(height).toBeLessThan(lineHeight * 1.5)
    await shoot(page, `setup-guide-entra-mappings-${width}`, 'light')
  }
  // Every mapping's source has one, the plain attributes too.
  for (const target of ['userName', 'emails[type eq "work"].value', 'name.givenName', 'name.familyName']) {
    await expect(page.getByRole('button', { name: `Copy mapping to ${target}` })).toBeVisible()
  }
})
