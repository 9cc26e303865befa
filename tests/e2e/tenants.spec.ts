// The walking skeleton through the UI: a CSM creates a tenant, issues an API token that really opens the
// SCIM server, and revokes it, after which Okta's next call really gets 401.
import type { Page } from '@playwright/test'
import { leaveQuestion } from '../../src/main/core/leave-question'
import { createServices } from '../../src/main/core/services'
import { expect, openConsole, test } from './harness/fixtures'
import { screenshotDir, shoot, value } from './harness/seed'

const okta = { 'user-agent': 'Okta SCIM Client 1.0.0', accept: 'application/scim+json' }

test('a tenant created in the UI gets an API token that Okta can use, until it is revoked', async ({ page, backend }) => {
  await openConsole(page, backend, '/tenants')
  await expect(page.getByText('Create your first tenant')).toBeVisible()

  // New tenant: the slug preview follows the name as it is typed.
  await page.getByRole('button', { name: 'New tenant' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'New tenant' })
  await dialog.getByLabel('Name').fill('Acme Corp')
  await expect(dialog.getByText('/scim/v2/acme', { exact: false })).toBeVisible()
  await dialog.getByRole('button', { name: 'Create tenant' }).click()

  // The next step is offered at once.
  const created = page.getByRole('dialog', { name: 'Tenant created' })
  await expect(created.getByText('Acme Corp is ready')).toBeVisible()
  // …with the way to the setup guide, Okta's or Entra's.
  await expect(created.getByRole('link', { name: 'Okta setup guide' })).toHaveAttribute('href', '#/tenants/acme/setup?for=okta')
  await expect(created.getByRole('link', { name: 'Microsoft Entra ID setup guide' })).toHaveAttribute('href', '#/tenants/acme/setup?for=entra')
  await created.getByRole('button', { name: 'Issue API token' }).click()
  await expect(page).toHaveURL(/#\/tenants\/acme\/tokens/)

  const issue = page.getByRole('dialog', { name: 'Issue API token for Acme Corp' })
  await issue.getByLabel('Label').fill('Okta production')
  await issue.getByText('90 days').click()
  await issue.getByRole('button', { name: 'Issue API token' }).click()

  // The secret is shown once, and a stray Escape or click outside does not lose it: the dialog says why it stays.
  const secretDialog = page.getByRole('dialog', { name: 'Copy your new API token' })
  await expect(secretDialog.getByText('you will not see this token again')).toBeVisible()
  const secret = (await secretDialog.getByTestId('issued-token').textContent())?.trim() ?? ''
  expect(secret).toMatch(/^scim_[A-Za-z0-9_-]{20,}$/)
  await page.keyboard.press('Escape')
  await page.mouse.click(5, 5)
  await expect(secretDialog).toBeVisible()
  const warning = secretDialog.getByRole('alert').filter({ hasText: 'The token is not copied yet' })
  await expect(warning).toBeVisible()
  await warning.getByRole('button', { name: 'Keep it open' }).click()

  // Okta's Test API Credentials call succeeds with the token.
  const usersUrl = `${backend.scimOrigin}/scim/v2/acme/Users?startIndex=1&count=2`
  const accepted = await fetch(usersUrl, { headers: { ...okta, authorization: `Bearer ${secret}` } })
  expect(accepted.status).toBe(200)
  const list = (await accepted.json()) as { schemas: string[]; totalResults: number }
  expect(list.schemas).toContain('urn:ietf:params:scim:api:messages:2.0:ListResponse')
  expect(list.totalResults).toBe(0)

  // The CSM copies it (by hand here: this test page has no clipboard), and the dialog closes without asking.
  await secretDialog.getByTestId('issued-token').click()
  await page.keyboard.press('Control+C')
  await secretDialog.getByRole('button', { name: "I've copied it" }).click()
  await expect(secretDialog).toBeHidden()
  const row = page.getByRole('row', { name: /Okta production/ })
  await expect(row.getByText('Active')).toBeVisible()
  await expect(row.getByText(secret.slice(0, 9) + '…')).toBeVisible()
  await expect(row.getByText('just now')).toBeVisible()

  // Revoking names the consequence, and then does what it said.
  await row.getByRole('button', { name: 'Revoke Okta production' }).click()
  const confirm = page.getByRole('dialog', { name: 'Revoke API token?' })
  await expect(confirm).toContainText(
    'Okta will get 401 Unauthorized on its next call, and provisioning for Acme Corp stops until a new token is pasted into Okta.'
  )
  await confirm.getByRole('button', { name: 'Revoke token' }).click()
  await expect(confirm).toBeHidden()
  await expect(row.getByText('Revoked')).toBeVisible()
  await expect(row.getByRole('button', { name: /Revoke/ })).toHaveCount(0)

  const refused = await fetch(usersUrl, { headers: { ...okta, authorization: `Bearer ${secret}` } })
  expect(refused.status).toBe(401)

  // The overview now warns that Okta cannot connect, and the log shows both calls.
  await page.getByRole('link', { name: 'Overview' }).click()
  await expect(page.getByText('No active API token')).toBeVisible()
  await expect(page.getByTestId('scim-base-url')).toHaveText(`${backend.scimOrigin}/scim/v2/acme`)
  await page.getByRole('link', { name: 'View log' }).click()
  await expect(page).toHaveURL(/#\/logs\?tenant=acme/)
  const log = page.getByRole('table', { name: 'Provisioning log' })
  await expect(log.getByRole('row').filter({ hasText: 'Test API Credentials' })).toHaveCount(2)
  await expect(log.getByRole('row').filter({ hasText: '401' })).toHaveCount(1)
})

test("a tenant created for an Entra customer speaks Entra's words from the start", async ({ page, backend }) => {
  await openConsole(page, backend, '/tenants')
  await page.getByRole('button', { name: 'New tenant' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'New tenant' })
  await dialog.getByLabel('Name').fill('Contoso Ltd')
  const provider = dialog.getByRole('radiogroup', { name: 'Provisioned from' })
  await expect(provider.getByRole('radio', { name: 'Okta' })).toBeChecked()
  await provider.getByText('Microsoft Entra ID').click()
  // The preview is the Tenant URL the Entra admin will paste, with Microsoft's standards flag.
  const tenantUrl = `${backend.scimOrigin}/scim/v2/contoso?aadOptscim062020`
  await expect(dialog.getByText('Tenant URL', { exact: true })).toBeVisible()
  await expect(dialog.getByText(tenantUrl)).toBeVisible()
  await dialog.getByRole('button', { name: 'Create tenant' }).click()

  // The next step names Entra's fields, and offers Entra's guide first.
  const created = page.getByRole('dialog', { name: 'Tenant created' })
  await expect(created.getByText("You'll paste it as the Secret Token, with this Tenant URL, into Entra under Provisioning → Admin Credentials.")).toBeVisible()
  await expect(created.getByRole('button', { name: 'Copy Tenant URL' })).toBeVisible()
  await expect(created.getByText(tenantUrl)).toBeVisible()
  const guides = created.getByRole('link', { name: /setup guide$/ })
  await expect(guides).toHaveText(['Microsoft Entra ID setup guide', 'Okta setup guide'])
  await expect(guides.first()).toHaveAttribute('href', '#/tenants/contoso/setup?for=entra')
  await shoot(page, 'tenant-created-entra', 'light')

  // Every screen of the tenant speaks of Entra, before any request from it has arrived.
  await created.getByRole('button', { name: 'Open tenant' }).click()
  const tenantNavigation = page.getByRole('navigation', { name: 'Tenant' })
  await expect(tenantNavigation.getByRole('link', { name: 'Entra setup' })).toBeVisible()
  await expect(tenantNavigation.getByRole('link', { name: 'Entra demo' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Connect Microsoft Entra ID', level: 2 })).toBeVisible()
  await tenantNavigation.getByRole('link', { name: 'Entra setup' }).click()
  await expect(page.getByRole('heading', { name: 'Microsoft Entra ID setup guide', level: 1 })).toBeVisible()

  // The choice is kept with the tenant, not only by this window: the CLI and a backup see it, and a window that
  // never saw it (this one, its storage cleared) still speaks Entra's words.
  expect(backend.services.tenants.find('contoso')?.setupProvider).toBe('entra')
  await page.evaluate(() => window.localStorage.clear())
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Microsoft Entra ID setup guide', level: 1 })).toBeVisible()
  await expect(tenantNavigation.getByRole('link', { name: 'Entra demo' })).toBeVisible()
  // The guide's switch only changes what this screen shows.
  await page.getByRole('radiogroup', { name: /provider/i }).getByText('Okta', { exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Okta setup guide', level: 1 })).toBeVisible()
  await expect(tenantNavigation.getByRole('link', { name: 'Entra demo' })).toBeVisible()
  expect(backend.services.tenants.find('contoso')?.setupProvider).toBe('entra')
  // "Use Okta for this tenant" changes it for everyone, at once on every screen, and its toast's Undo puts it back.
  await page.getByTestId('provider-notice').getByRole('button', { name: 'Use Okta for this tenant' }).click()
  await expect(tenantNavigation.getByRole('link', { name: 'Okta demo' })).toBeVisible()
  await expect.poll(() => backend.services.tenants.find('contoso')?.setupProvider).toBe('okta')
  const changed = page.getByRole('alert').filter({ hasText: 'Contoso Ltd now provisions from Okta' })
  await expect(changed).toContainText('Its navigation, overview, tokens and directory speak of Okta. Undo puts back Microsoft Entra ID.')
  await changed.getByRole('button', { name: 'Undo' }).click()
  await expect(tenantNavigation.getByRole('link', { name: 'Entra demo' })).toBeVisible()
  await expect.poll(() => backend.services.tenants.find('contoso')?.setupProvider).toBe('entra')

  // Forgotten from the CLI (`tenant update --provider none`) after this window chose Entra: the window's own copy of the
  // choice does not bring it back, and the tenant goes by its traffic (none yet: Okta's words).
  value(backend.services.tenants.update({ tenant: 'contoso', setupProvider: null }))
  await page.evaluate(() => {
    window.location.hash = '#/tenants/contoso'
  })
  await page.reload()
  await expect(tenantNavigation.getByRole('link', { name: 'Okta demo' })).toBeVisible()
  await expect.poll(() => page.evaluate(() => window.localStorage.getItem('scim-console.setup-provider.contoso'))).toBeNull()
})

test('a provider choice the database refuses is said, and the tenant keeps the one it had', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Contoso Ltd', setupProvider: 'okta' }))
  await openConsole(page, backend, '/tenants/contoso/setup')
  await expect(page.getByRole('heading', { name: 'Okta setup guide', level: 1 })).toBeVisible()
  // The console's connection refuses every write, as a database another program has locked would.
  backend.services.db.pragma('query_only = ON')
  try {
    // Viewing Entra's guide writes nothing; making the tenant Entra's does, and is refused.
    await page.getByRole('radiogroup', { name: 'Identity provider' }).getByText('Microsoft Entra ID').click()
    await page.getByTestId('provider-notice').getByRole('button', { name: 'Use Microsoft Entra ID for this tenant' }).click()
    await expect(page.getByRole('alert').filter({ hasText: 'The identity provider was not saved' })).toContainText(
      'The tenant keeps the provider it had; choose Microsoft Entra ID again once that is solved.'
    )
    expect(backend.services.tenants.find('contoso')?.setupProvider).toBe('okta')
    // The other screens of the tenant keep speaking of the provider it has.
    await expect(page.getByRole('navigation', { name: 'Tenant' }).getByRole('link', { name: 'Okta setup' })).toBeVisible()
    // Said once, with no toast that says it was saved, and the guide still offers the change.
    await expect(page.getByRole('alert').filter({ hasText: 'The identity provider was not saved' })).toHaveCount(1)
    await expect(page.getByRole('alert').filter({ hasText: 'now provisions from' })).toHaveCount(0)
    await expect(page.getByTestId('provider-notice').getByRole('button', { name: 'Use Microsoft Entra ID for this tenant' })).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Microsoft Entra ID setup guide', level: 1 })).toBeVisible()
    await expect(page).toHaveURL(/#\/tenants\/contoso\/setup\?for=entra$/)
    // shoot() dismisses notifications; this one is the point of the picture.
    await page.screenshot({ path: `${screenshotDir}/provider-not-saved-light.png`, animations: 'disabled' })
  } finally {
    backend.services.db.pragma('query_only = OFF')
  }
})

test('searching the Tenants list narrows the rows, not the count of customer orgs in its header', async ({ page, backend }) => {
  for (const name of ['Acme Corp', 'Globex', 'Initech']) value(backend.services.tenants.create({ name }))
  await openConsole(page, backend, '/tenants')
  const header = page.getByText('3 customer orgs provisioning through SCIM Console')
  await expect(header).toBeVisible()

  await page.getByLabel('Search tenants').fill('glob')
  await expect(page).toHaveURL(/q=glob/)
  await expect(page.getByRole('row')).toHaveCount(2)
  await expect(page.getByRole('row', { name: /Globex/ })).toBeVisible()
  await expect(header).toBeVisible()

  await page.getByLabel('Search tenants').fill('umbrella')
  await expect(page.getByText('No tenant matches “umbrella”')).toBeVisible()
  await expect(header).toBeVisible()
})

test('the Tenants sort is kept in the address: Back from a tenant, and a reload, find the list in the order chosen', async ({ page, backend }) => {
  for (const name of ['Acme Corp', 'Globex', 'Initech']) value(backend.services.tenants.create({ name }))
  await openConsole(page, backend, '/tenants')
  const table = page.getByRole('table', { name: 'Tenants' })
  const names = table.getByRole('link')
  await expect(names).toHaveText(['Acme Corp', 'Globex', 'Initech'])

  // Name, twice: Z to A, in the address beside the search.
  const byName = table.getByRole('columnheader', { name: 'Name' })
  await byName.getByRole('button').click()
  await byName.getByRole('button').click()
  await expect(byName).toHaveAttribute('aria-sort', 'descending')
  await expect(page).toHaveURL(/[?&]sort=-name(&|$)/)
  await expect(names).toHaveText(['Initech', 'Globex', 'Acme Corp'])

  // Open a tenant from the sorted list, then Back: the same order.
  await table.getByRole('row', { name: /Globex/ }).click()
  await expect(page).toHaveURL(/#\/tenants\/globex/)
  await page.goBack()
  await expect(table.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending')
  await expect(names).toHaveText(['Initech', 'Globex', 'Acme Corp'])

  // A reload keeps it too, and the third click on the header leaves the address without a sort.
  await page.reload()
  await expect(names).toHaveText(['Initech', 'Globex', 'Acme Corp'])
  await byName.getByRole('button').click()
  await expect(byName).toHaveAttribute('aria-sort', 'none')
  await expect(page).not.toHaveURL(/sort=/)
  await expect(names).toHaveText(['Acme Corp', 'Globex', 'Initech'])
})

test('a double click on Create tenant or Issue API token writes once, and the dialog says it was done', async ({ page, backend }) => {
  await openConsole(page, backend, '/tenants')
  await page.getByRole('button', { name: 'New tenant' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'New tenant' })
  await dialog.getByLabel('Name').fill('Acme Corp')
  await dialog.getByRole('button', { name: 'Create tenant' }).dblclick()
  // Created, and said so: not refused as a duplicate of itself.
  const created = page.getByRole('dialog', { name: 'Tenant created' })
  await expect(created).toBeVisible()
  expect(backend.services.tenants.list().map((tenant) => tenant.name)).toEqual(['Acme Corp'])

  await created.getByRole('button', { name: 'Issue API token' }).click()
  const issue = page.getByRole('dialog', { name: 'Issue API token for Acme Corp' })
  await issue.getByLabel('Label').fill('Okta production')
  await issue.getByRole('button', { name: 'Issue API token' }).dblclick()
  await expect(page.getByRole('dialog', { name: 'Copy your new API token' })).toBeVisible()
  // One token: the one whose secret is on screen.
  expect(value(backend.services.tokens.list('acme')).map((token) => token.label)).toEqual(['Okta production'])
})

test('a quick double Enter in Create tenant or Issue API token writes once', async ({ page, backend }) => {
  await openConsole(page, backend, '/tenants')
  await page.getByRole('button', { name: 'New tenant' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'New tenant' })
  await dialog.getByLabel('Name').fill('Acme Corp')
  // Enter in a text field submits the form, and the second comes before the first shows it is being saved.
  await Promise.all([page.keyboard.press('Enter'), page.keyboard.press('Enter')])
  const created = page.getByRole('dialog', { name: 'Tenant created' })
  await expect(created).toBeVisible()
  // Created, and said so: not refused as a duplicate of itself.
  await expect(page.getByRole('alert')).toHaveCount(0)
  expect(backend.services.tenants.list().map((tenant) => tenant.name)).toEqual(['Acme Corp'])

  await created.getByRole('button', { name: 'Issue API token' }).click()
  const issue = page.getByRole('dialog', { name: 'Issue API token for Acme Corp' })
  await issue.getByLabel('Label').fill('Okta production')
  await Promise.all([page.keyboard.press('Enter'), page.keyboard.press('Enter')])
  await expect(page.getByRole('dialog', { name: 'Copy your new API token' })).toBeVisible()
  // One token: the one whose secret is on screen.
  expect(value(backend.services.tokens.list('acme')).map((token) => token.label)).toEqual(['Okta production'])
})

test('a name in another script says which letters its slug leaves out, and one without Latin letters asks for a slug', async ({ page, backend }) => {
  await openConsole(page, backend, '/tenants')
  await page.getByRole('button', { name: 'New tenant' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'New tenant' })
  const slug = dialog.getByLabel('Slug')

  await dialog.getByLabel('Name').fill('Ωmega')
  await expect(slug).toHaveAttribute('placeholder', 'mega')
  await expect(dialog.getByText('A slug is written in Latin letters, so the suggested one leaves out Ω. Type a slug to spell it your way.')).toBeVisible()
  // A slug typed says it all.
  await slug.fill('omega')
  await expect(dialog.getByText(/leaves out/)).toHaveCount(0)
  await slug.fill('')

  await dialog.getByLabel('Name').fill('株式会社')
  await expect(dialog.getByText('"株式会社" has no Latin letters to make a slug from. Type one, for example the name in Latin letters.')).toBeVisible()
  await slug.fill('kabushiki-kaisha')
  await dialog.getByRole('button', { name: 'Create tenant' }).click()
  await expect(page.getByRole('dialog', { name: 'Tenant created' })).toBeVisible()
  expect(backend.services.tenants.find('kabushiki-kaisha')?.name).toBe('株式会社')
})

test('a tenant name already in use is refused beside the field, and nothing is created', async ({ page, backend }) => {
  expect(backend.services.tenants.create({ name: 'Globex' }).ok).toBe(true)
  await openConsole(page, backend, '/tenants')
  await expect(page.getByRole('row', { name: /Globex/ })).toBeVisible()

  await page.getByRole('button', { name: 'New tenant' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'New tenant' })
  await dialog.getByLabel('Name').fill('Globex')
  await dialog.getByRole('button', { name: 'Create tenant' }).click()
  await expect(dialog.getByText('A tenant named "Globex" already exists.')).toBeVisible()
  await expect(dialog.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true')

  // A new slug is not enough: the name must differ too. A new name with a taken slug is refused on the slug.
  await dialog.getByLabel('Name').fill('Globex EMEA')
  await dialog.getByLabel('Slug').fill('globex')
  await dialog.getByRole('button', { name: 'Create tenant' }).click()
  await expect(dialog.getByText('The slug "globex" is taken by another tenant.', { exact: false })).toBeVisible()
  await expect(dialog.getByLabel('Slug')).toHaveAttribute('aria-invalid', 'true')

  // A slug Okta would refuse is explained as it is typed, with the same words main would answer, and not sent.
  await dialog.getByLabel('Slug').fill('globex_emea')
  await expect(dialog.getByText('The slug contains "_". Okta rejects a SCIM base URL with an underscore; use a hyphen instead.')).toBeVisible()
  await dialog.getByRole('button', { name: 'Create tenant' }).click()
  await expect(dialog.getByLabel('Slug')).toHaveAttribute('aria-invalid', 'true')
  await dialog.getByLabel('Slug').fill('globex-emea')
  await expect(dialog.getByLabel('Slug')).not.toHaveAttribute('aria-invalid', 'true')

  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByRole('table', { name: 'Tenants' }).getByRole('row')).toHaveCount(2)
})

test('a name that differs from a tenant\'s only in its spaces is refused beside the field, naming the tenant it clashes with', async ({ page, backend }) => {
  expect(backend.services.tenants.create({ name: 'Acme Corp' }).ok).toBe(true)
  await openConsole(page, backend, '/tenants')
  await expect(page.getByRole('row', { name: /Acme Corp/ })).toBeVisible()
  await page.getByRole('button', { name: 'New tenant' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'New tenant' })
  const name = dialog.getByLabel('Name')
  // Two spaces typed by mistake, and a no-break space pasted from a web page: both read as "Acme Corp" in the table.
  for (const lookalike of ['Acme  Corp', 'Acme\u00a0Corp', 'acme corp ']) {
    await name.fill(lookalike)
    await dialog.getByLabel('Slug').fill('acme-2')
    await dialog.getByRole('button', { name: 'Create tenant' }).click()
    await expect(name).toHaveAttribute('aria-invalid', 'true')
    // Named as the tenant is named, not as typed (getByText's own match ignores case), with why and what to do.
    await expect(name).toHaveAccessibleDescription(
      /^A tenant named "Acme Corp" already exists\. Names that differ only in spaces or letter case count as the same name\. Choose another name\./
    )
  }
  await shoot(page, 'new-tenant-lookalike-name', 'light')
  expect(backend.services.tenants.list().map((tenant) => tenant.name)).toEqual(['Acme Corp'])
})

test('a tenant name with a hidden character is refused beside the field, naming it, and nothing is created', async ({ page, backend }) => {
  await openConsole(page, backend, '/tenants')
  await page.getByRole('button', { name: 'New tenant' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'New tenant' })
  // Pasted from a chat: a right-to-left override makes "Acme gnp.exe" show as "Acme exe.png".
  await dialog.getByLabel('Name').fill('Acme \u202Egnp.exe')
  await dialog.getByLabel('Slug').fill('acme')
  await dialog.getByRole('button', { name: 'Create tenant' }).click()
  await expect(dialog.getByText('contains an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE) at position 6; type it again without it.')).toBeVisible()
  await expect(dialog.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true')
  await shoot(page, 'new-tenant-hidden-character', 'light')
  expect(backend.services.tenants.list().map((tenant) => tenant.name)).toEqual([])

  // Typed again without it, the tenant is created.
  await dialog.getByLabel('Name').fill('Acme Corp')
  await dialog.getByRole('button', { name: 'Create tenant' }).click()
  await expect(page.getByRole('dialog', { name: 'Tenant created' }).getByText('Acme Corp is ready')).toBeVisible()
})

test('Ctrl+K jumps to a tenant and the header shows the running server', async ({ page, backend }) => {
  expect(backend.services.tenants.create({ name: 'Initech' }).ok).toBe(true)
  expect(backend.services.tenants.create({ name: 'Contoso', setupProvider: 'entra' }).ok).toBe(true)
  await openConsole(page, backend, '/tenants')
  const address = backend.scimOrigin.replace('http://', '')
  await expect(page.getByRole('button', { name: `SCIM server: Running · ${address}. Open the Server page.` })).toBeVisible()

  // The demo is named as the navigation names it for each tenant's identity provider.
  await page.keyboard.press('Control+K')
  await page.getByRole('textbox', { name: 'Jump to' }).fill('demo')
  await expect(page.getByRole('dialog').getByText('Initech: Okta demo')).toBeVisible()
  await expect(page.getByRole('dialog').getByText('Contoso: Entra demo')).toBeVisible()
  await page.keyboard.press('Escape')

  await page.keyboard.press('Control+K')
  await page.getByRole('textbox', { name: 'Jump to' }).fill('initech tok')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/tenants\/initech\/tokens/)
  await expect(page.getByText('Issue the first API token')).toBeVisible()

  // Issuing a token is one step away from anywhere.
  await page.keyboard.press('Control+K')
  await page.getByRole('textbox', { name: 'Jump to' }).fill('initech issue')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: 'Issue API token for Initech' })).toBeVisible()
  await page.keyboard.press('Escape')

  await page.getByRole('button', { name: /SCIM server: Running/ }).click()
  await expect(page).toHaveURL(/#\/server/)
  await expect(page.getByRole('heading', { name: 'Server' })).toBeVisible()
})

/** Issues a token for `slug` through its Tokens screen and returns the dialog that shows the secret. */
async function issueThroughScreen(page: Page, label: string) {
  await page.getByRole('button', { name: 'Issue API token' }).first().click()
  const form = page.getByRole('dialog', { name: /^Issue API token for / })
  await form.getByLabel('Label').fill(label)
  await form.getByRole('button', { name: 'Issue API token' }).click()
  const secretDialog = page.getByRole('dialog', { name: 'Copy your new API token' })
  await expect(secretDialog.getByTestId('issued-token')).toBeVisible()
  return { secretDialog, secret: ((await secretDialog.getByTestId('issued-token').textContent()) ?? '').trim() }
}

/** Whether `text` is anywhere in the page's JavaScript heap, after a garbage collection. */
async function heapHolds(page: Page, text: string): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page)
  let snapshot = ''
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => {
    snapshot += chunk
  })
  await cdp.send('HeapProfiler.enable')
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  await cdp.detach()
  return snapshot.includes(text)
}

test('a new API token leaves the window once its dialog is closed: it is shown once, and only once', async ({ page, backend }) => {
  expect(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }).ok).toBe(true)
  await openConsole(page, backend, '/tenants/acme/tokens')
  const { secretDialog, secret } = await issueThroughScreen(page, 'Okta production')
  expect(await heapHolds(page, secret)).toBe(true)

  await secretDialog.getByTestId('issued-token').click()
  await page.keyboard.press('Control+C')
  await secretDialog.getByRole('button', { name: "I've copied it" }).click()
  await expect(secretDialog).toBeHidden()
  await expect(page.getByRole('row', { name: /Okta production/ })).toBeVisible()
  // Not in the page, and not in the query cache either, where a finished mutation is otherwise kept for minutes.
  await expect(page.locator('body')).not.toContainText(secret)
  // Each look takes a heap snapshot, which takes seconds on a loaded machine.
  await expect.poll(() => heapHolds(page, secret), { timeout: 30_000 }).toBe(false)
})

/** Electron's window is a secure context with a clipboard; this test page is not, so it gets one that keeps copies. */
async function giveClipboard(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const copied: string[] = []
    Object.defineProperty(window, '__copied', { value: copied })
    Object.defineProperty(Navigator.prototype, 'clipboard', {
      configurable: true,
      get: () => ({ writeText: async (text: string) => void copied.push(text) })
    })
  })
}

test('closing a new API token before it is copied asks first, whichever way the CSM leaves', async ({ page, backend }) => {
  await giveClipboard(page)
  expect(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }).ok).toBe(true)
  await openConsole(page, backend, '/tenants/acme/tokens')
  const { secretDialog, secret } = await issueThroughScreen(page, 'Okta production')
  const warning = secretDialog.getByRole('alert').filter({ hasText: 'The token is not copied yet' })

  // Escape, a click outside and "I've copied it" before any copy: the token stays, and the dialog says why.
  for (const leave of [() => page.keyboard.press('Escape'), () => page.mouse.click(5, 5), () => secretDialog.getByRole('button', { name: "I've copied it" }).click()]) {
    await leave()
    await expect(warning).toBeVisible()
    await expect(warning).toContainText('SCIM Console cannot show it again')
    await expect(secretDialog.getByTestId('issued-token')).toHaveText(secret)
    await warning.getByRole('button', { name: 'Keep it open' }).click()
    await expect(warning).toBeHidden()
  }

  // Leaving the screen (the Go menu, the tray, a notification) waits for the CSM's word too.
  backend.services.events.emit('app:navigate', { route: '#/logs' })
  await expect(warning).toBeVisible()
  await expect(page).toHaveURL(/#\/tenants\/acme\/tokens/)
  await warning.getByRole('button', { name: 'Keep it open' }).click()

  // Once copied, the dialog closes without asking.
  await secretDialog.getByRole('button', { name: 'Copy API token' }).click()
  await expect(secretDialog.getByRole('button', { name: 'Copied API token' })).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { __copied: string[] }).__copied)).toEqual([secret])
  await secretDialog.getByRole('button', { name: "I've copied it" }).click()
  await expect(secretDialog).toBeHidden()

  // "Close without copying" is there for the CSM who means it; it leaves for where they were going.
  await issueThroughScreen(page, 'Okta sandbox')
  backend.services.events.emit('app:navigate', { route: '#/logs' })
  await page.getByRole('alert').filter({ hasText: 'The token is not copied yet' }).getByRole('button', { name: 'Close without copying' }).click()
  await expect(page).toHaveURL(/#\/logs/)
  await expect(page.getByRole('dialog', { name: 'Copy your new API token' })).toBeHidden()
})

test('closing or reloading the window before a new API token is copied asks first; copied, the window goes without a word', async ({ page, backend }) => {
  await giveClipboard(page)
  expect(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }).ok).toBe(true)
  await openConsole(page, backend, '/tenants/acme/tokens')
  const holds = () => backend.unloadHolds.current()
  expect(holds()).toEqual([])
  const { secretDialog, secret } = await issueThroughScreen(page, 'Okta production')
  await expect(secretDialog.getByText('SCIM Console clears it from the clipboard in 5 minutes, or when it quits.')).toBeVisible()

  // Main's real handler hears that a new token of Acme Corp is not copied (never the token), and Electron's question
  // says so: shown once, to be revoked and issued again if the CSM leaves.
  await expect.poll(holds).toEqual([{ kind: 'token', tenant: 'Acme Corp' }])
  expect(leaveQuestion(holds())).toEqual({
    title: 'API token not copied',
    message: 'Leave without copying the API token?',
    detail:
      'The new API token for Acme Corp has not been copied. SCIM Console shows a token only once: if you leave, you will have to revoke it and issue a new one.'
  })

  // The CSM who is asked keeps the window (in Electron, main asks: src/main/electron/window.ts).
  const asked: string[] = []
  page.on('dialog', (dialog) => {
    asked.push(dialog.type())
    void dialog.dismiss()
  })

  // A reload would start the console afresh, without the token: it asks, and kept, the token is still there.
  await page.evaluate(() => location.reload())
  await expect.poll(() => asked).toEqual(['beforeunload'])
  await expect(secretDialog.getByTestId('issued-token')).toHaveText(secret)

  // So does closing the window.
  await page.close({ runBeforeUnload: true })
  await expect.poll(() => asked).toEqual(['beforeunload', 'beforeunload'])
  expect(page.isClosed()).toBe(false)
  await expect(secretDialog.getByTestId('issued-token')).toHaveText(secret)
  expect(holds()).toEqual([{ kind: 'token', tenant: 'Acme Corp' }])

  // Copied, main holds nothing, and the window closes without a question.
  await secretDialog.getByRole('button', { name: 'Copy API token' }).click()
  await expect(secretDialog.getByRole('button', { name: 'Copied API token' })).toBeVisible()
  await expect.poll(holds).toEqual([])
  await page.close({ runBeforeUnload: true })
  await expect.poll(() => page.isClosed()).toBe(true)
  expect(asked).toEqual(['beforeunload', 'beforeunload'])
})

test('when the clipboard refuses, the Copy button says so and selects the token to copy by hand', async ({ page, backend }) => {
  // This test page is not a secure context, so the clipboard is closed to it, as it may be to a locked-down desktop.
  expect(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }).ok).toBe(true)
  await openConsole(page, backend, '/tenants/acme/tokens')
  const { secretDialog, secret } = await issueThroughScreen(page, 'Okta production')

  await secretDialog.getByRole('button', { name: 'Copy API token' }).click()
  await expect(secretDialog.getByText('Could not copy to the clipboard. The API token is selected: press Ctrl+C.')).toBeVisible()
  expect(await page.evaluate(() => window.getSelection()?.toString().trim())).toBe(secret)

  // Copied by hand, it counts as copied: the dialog closes without asking.
  await page.keyboard.press('Control+C')
  await secretDialog.getByRole('button', { name: "I've copied it" }).click()
  await expect(secretDialog).toBeHidden()
})

test("a revoke dialog stays with its tenant: it never revokes one tenant's token from another's screen", async ({ page, backend }) => {
  const acme = backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' })
  const globex = backend.services.tenants.create({ name: 'Globex', slug: 'globex' })
  if (!acme.ok || !globex.ok) throw new Error('tenants not created')
  const acmeToken = backend.services.tokens.issue({ tenant: acme.value.id, label: 'Acme Okta' })
  expect(backend.services.tokens.issue({ tenant: globex.value.id, label: 'Globex Okta' }).ok).toBe(true)
  if (!acmeToken.ok) throw new Error(acmeToken.error.message)

  await openConsole(page, backend, '/tenants/globex/tokens')
  await expect(page.getByRole('row', { name: /Globex Okta/ })).toBeVisible()
  backend.services.events.emit('app:navigate', { route: '#/tenants/acme/tokens' })
  await page.getByRole('button', { name: /^Revoke Acme Okta/ }).click()
  await expect(page.getByRole('dialog', { name: 'Revoke API token?' })).toContainText('provisioning for Acme Corp stops')

  // The tray or a notification takes the CSM to Globex's tokens while the dialog is open.
  backend.services.events.emit('app:navigate', { route: '#/tenants/globex/tokens' })
  await expect(page.getByRole('row', { name: /Globex Okta/ })).toBeVisible()
  await expect(page.getByRole('dialog', { name: 'Revoke API token?' })).toBeHidden()
  expect(backend.services.tokens.get(acmeToken.value.id)?.status).toBe('active')
})

test('a token that expires while its screen is open is shown expired at that moment', async ({ page, backend }) => {
  const acme = backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' })
  if (!acme.ok) throw new Error(acme.error.message)
  const issued = backend.services.tokens.issue({ tenant: acme.value.id, label: 'Short-lived', expiresInDays: 1 })
  if (!issued.ok) throw new Error(issued.error.message)
  await openConsole(page, backend, '/tenants/acme/tokens')
  const row = page.getByRole('row', { name: /Short-lived/ })
  await expect(row.getByText('Active', { exact: true })).toBeVisible()
  await expect(page.getByText('1 active token for Acme Corp.')).toBeVisible()

  // The shortest expiry on offer is a day: bring this one to a few seconds from now, as a day later would. Only once
  // the screen shows it active, so that a slow page load cannot miss the moment.
  const expiresAt = Date.now() + 3000
  backend.services.db.prepare('UPDATE tokens SET expires_at = ? WHERE id = ?').run(expiresAt, issued.value.id)
  backend.services.events.emit('tenants:changed', { tenantId: acme.value.id })

  await expect(row.getByText('Expired', { exact: true })).toBeVisible({ timeout: 15_000 })
  expect(Date.now()).toBeGreaterThanOrEqual(expiresAt)
  await expect(row.getByRole('button', { name: /Revoke/ })).toHaveCount(0)
  await expect(page.getByText('0 active tokens for Acme Corp.')).toBeVisible()
  await page.getByRole('link', { name: 'Overview' }).click()
  await expect(page.getByText('No active API token')).toBeVisible()
})

test('a token that expires within two weeks says so in words, not by colour alone', async ({ page, backend }) => {
  const acme = backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' })
  if (!acme.ok) throw new Error(acme.error.message)
  expect(backend.services.tokens.issue({ tenant: acme.value.id, label: 'Okta sandbox', expiresInDays: 5 }).ok).toBe(true)
  expect(backend.services.tokens.issue({ tenant: acme.value.id, label: 'Okta production', expiresInDays: 90 }).ok).toBe(true)
  await openConsole(page, backend, '/tenants/acme/tokens')

  await expect(page.getByRole('row', { name: /Okta sandbox/ }).getByRole('cell').nth(3)).toHaveText(/^\d{1,2} \w{3} \d{4} · in 5 d$/)
  await expect(page.getByRole('row', { name: /Okta production/ }).getByRole('cell').nth(3)).toHaveText(/^\d{1,2} \w{3} \d{4}$/)
})

test('a double click on Revoke token revokes it once, and the dialog closes on its success', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp' }))
  const token = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta production' }))
  await openConsole(page, backend, '/tenants/acme/tokens')
  await page.getByRole('button', { name: /^Revoke Okta production/ }).click()
  const confirm = page.getByRole('dialog', { name: 'Revoke API token?' })
  await confirm.getByRole('button', { name: 'Revoke token' }).dblclick()
  // Not "already revoked" by the revoke it had just made.
  await expect(page.getByRole('alert').filter({ hasText: 'API token revoked' })).toBeVisible()
  await expect(confirm).toBeHidden()
  await expect(page.getByText('already revoked')).toHaveCount(0)
  expect(backend.services.tokens.get(token.id)?.status).toBe('revoked')
})

test('two tokens with the same label, as when a CSM rotates one, each name their prefix on Revoke', async ({ page, backend }) => {
  const acme = backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' })
  if (!acme.ok) throw new Error(acme.error.message)
  const old = backend.services.tokens.issue({ tenant: acme.value.id, label: 'Okta production' })
  const rotated = backend.services.tokens.issue({ tenant: acme.value.id, label: 'Okta production' })
  if (!old.ok || !rotated.ok) throw new Error('tokens not issued')
  await openConsole(page, backend, '/tenants/acme/tokens')

  await page.getByRole('button', { name: `Revoke Okta production (${old.value.prefix}…)`, exact: true }).click()
  const confirm = page.getByRole('dialog', { name: 'Revoke API token?' })
  await expect(confirm).toContainText(`Okta production (${old.value.prefix}…) stops working at once.`)
  await confirm.getByRole('button', { name: 'Revoke token' }).click()
  await expect(confirm).toBeHidden()
  expect(backend.services.tokens.get(old.value.id)?.status).toBe('revoked')
  expect(backend.services.tokens.get(rotated.value.id)?.status).toBe('active')
  await expect(page.getByRole('button', { name: `Revoke Okta production (${rotated.value.prefix}…)`, exact: true })).toBeVisible()
})

test('the setup guide shows the newest active tokens, and says where the others are', async ({ page, backend }) => {
  const acme = backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' })
  if (!acme.ok) throw new Error(acme.error.message)
  for (let index = 1; index <= 7; index++) expect(backend.services.tokens.issue({ tenant: acme.value.id, label: `Okta app ${index}` }).ok).toBe(true)
  const listed = backend.services.tokens.list('acme')
  if (!listed.ok) throw new Error(listed.error.message)
  const newest = listed.value[0]
  if (!newest) throw new Error('no token')
  expect(backend.services.tokens.revoke(newest.id).ok).toBe(true)
  await openConsole(page, backend, '/tenants/acme/setup')

  const step = page.getByRole('listitem').filter({ hasText: 'Paste a token into API Token' })
  await expect(step).toContainText('6 active tokens:')
  // Newest first, the revoked one left out; the two oldest behind a link to the Tokens screen.
  await expect(step.locator('.mantine-Badge-root')).toHaveText([/^Okta app 6 scim_/, /^Okta app 5 scim_/, /^Okta app 4 scim_/, /^Okta app 3 scim_/])
  await step.getByRole('link', { name: 'and 2 more' }).click()
  await expect(page).toHaveURL(/#\/tenants\/acme\/tokens$/)
  await expect(page.getByRole('table', { name: 'API tokens' }).getByRole('row')).toHaveCount(8)
})

test('revoking a token the CLI already revoked says so, and the list catches up', async ({ page, backend }) => {
  const acme = backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' })
  if (!acme.ok) throw new Error(acme.error.message)
  const issued = backend.services.tokens.issue({ tenant: acme.value.id, label: 'Okta production' })
  if (!issued.ok) throw new Error(issued.error.message)
  await openConsole(page, backend, '/tenants/acme/tokens')
  const row = page.getByRole('row', { name: /Okta production/ })
  await expect(row.getByText('Active', { exact: true })).toBeVisible()

  // `scim-console token revoke` in a terminal: another process, which tells the window nothing.
  const cli = createServices({ dbPath: backend.services.dbPath })
  try {
    expect(cli.tokens.revoke(issued.value.id).ok).toBe(true)
  } finally {
    cli.close()
  }

  await row.getByRole('button', { name: /^Revoke Okta production/ }).click()
  const confirm = page.getByRole('dialog', { name: 'Revoke API token?' })
  await confirm.getByRole('button', { name: 'Revoke token' }).click()
  await expect(confirm.getByRole('alert').filter({ hasText: 'already revoked' })).toContainText('The token "Okta production" was already revoked on')
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(row.getByText('Revoked', { exact: true })).toBeVisible()
  await expect(row.getByRole('button', { name: /Revoke/ })).toHaveCount(0)
})
