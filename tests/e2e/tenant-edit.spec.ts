// Editing and deleting a tenant from its Overview, as a CSM does when Support says "raise Umbrella Health's rate
// limit in SCIM Console": the change reaches the real SCIM server, and a deletion really answers Okta with 401.
import { mkdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { createServices } from '../../src/main/core/services'
import { expect, openConsole, test, type ConsoleBackend } from './harness/fixtures'
import { oktaUser, screenshotDir, scim, seed, shoot, show, value } from './harness/seed'

/** Creates a tenant with an API token (active unless `revoked`) and `users` users pushed over SCIM. */
async function tenantWithUsers(backend: ConsoleBackend, name: string, users: number, { revoked = false } = {}) {
  const tenant = value(backend.services.tenants.create({ name }))
  const token = value(backend.services.tokens.issue({ tenant: tenant.slug, label: 'Okta production' }))
  for (let index = 0; index < users; index++) {
    expect((await scim(backend, tenant.slug, token.token, 'POST', '/Users', oktaUser('example.com', index))).status).toBe(201)
  }
  if (revoked) value(backend.services.tokens.revoke(token.id))
  return { tenant, secret: token.token }
}

function switcher(page: Page) {
  return page.getByRole('banner').getByRole('combobox', { name: 'Switch tenant' })
}

/** Opens the Console on a new tenant's Overview and clicks Edit tenant: the dialog and its Name field. */
async function openEditDialog(page: Page, backend: ConsoleBackend, name: string) {
  const tenant = value(backend.services.tenants.create({ name }))
  await openConsole(page, backend, `/tenants/${tenant.slug}`)
  await page.getByRole('button', { name: 'Edit tenant' }).click()
  const dialog = page.getByRole('dialog', { name: 'Edit tenant' })
  return { dialog, name: dialog.getByLabel('Name') }
}

test('renaming a tenant shows the new name on its overview and in the header, and keeps its SCIM base URL', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Umbrella Health' }))
  await openConsole(page, backend, '/tenants/umbrella-health')
  await expect(page.getByRole('heading', { level: 1, name: 'Umbrella Health' })).toBeVisible()
  await expect(switcher(page)).toHaveValue('Umbrella Health')

  // Escape closes without saving; the dialog opens on the name, with the slug shown but locked.
  await page.getByRole('button', { name: 'Edit tenant' }).click()
  const dialog = page.getByRole('dialog', { name: 'Edit tenant' })
  await expect(dialog.getByLabel('Name')).toBeFocused()
  await expect(dialog.getByLabel('Slug')).toHaveValue('umbrella-health')
  await expect(dialog.getByLabel('Slug')).toHaveAttribute('readonly', '')
  await expect(dialog.getByText("Cannot be changed: it is part of the SCIM base URL saved in the customer's Okta app.")).toBeVisible()
  await page.keyboard.press('Control+A')
  await page.keyboard.type('Umbrella')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  expect(backend.services.tenants.find('umbrella-health')?.name).toBe('Umbrella Health')

  // Enter saves.
  await page.getByRole('button', { name: 'Edit tenant' }).click()
  await expect(dialog.getByLabel('Name')).toHaveValue('Umbrella Health')
  await dialog.getByLabel('Name').fill('Umbrella Health EMEA')
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('alert').filter({ hasText: 'Tenant saved' })).toContainText('Umbrella Health is now called Umbrella Health EMEA.')
  await expect(page.getByRole('heading', { level: 1, name: 'Umbrella Health EMEA' })).toBeVisible()
  await expect(switcher(page)).toHaveValue('Umbrella Health EMEA')
  await expect(page.getByTestId('scim-base-url')).toHaveText(`${backend.scimOrigin}/scim/v2/umbrella-health`)
  expect(backend.services.tenants.find('umbrella-health')?.name).toBe('Umbrella Health EMEA')

  await page.getByRole('link', { name: 'Tenants', exact: true }).click()
  await expect(page.getByRole('row', { name: /Umbrella Health EMEA/ })).toBeVisible()
})

test('the Edit dialog says which identity provider the customer provisions from, and every screen of the tenant follows', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Contoso Ltd' }))
  await openConsole(page, backend, '/tenants/contoso')
  const tenantNavigation = page.getByRole('navigation', { name: 'Tenant' })
  await expect(tenantNavigation.getByRole('link', { name: 'Okta setup' })).toBeVisible()

  await page.getByRole('button', { name: 'Edit tenant' }).click()
  const dialog = page.getByRole('dialog', { name: 'Edit tenant' })
  const provider = dialog.getByRole('radiogroup', { name: 'Provisioned from' })
  await expect(provider.getByRole('radio', { name: 'Okta' })).toBeChecked()
  await provider.getByText('Microsoft Entra ID').click()
  // The dialog's own words follow the choice at once.
  await expect(dialog.getByText("Cannot be changed: it is part of the Tenant URL saved in the customer's Entra application.")).toBeVisible()
  await dialog.getByRole('button', { name: 'Save changes' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('alert').filter({ hasText: 'Tenant saved' })).toContainText(
    "Provisioned from Microsoft Entra ID: the tenant's guide and screens now speak of it."
  )
  expect(backend.services.tenants.find('contoso')?.setupProvider).toBe('entra')
  await expect(tenantNavigation.getByRole('link', { name: 'Entra setup' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Connect Microsoft Entra ID', level: 2 })).toBeVisible()
  await page.getByRole('link', { name: 'Tenants', exact: true }).click()
  await expect(page.getByRole('row', { name: /Contoso Ltd/ }).getByText('Microsoft Entra ID', { exact: true })).toBeVisible()

  // The CLI changes it too: the open console follows on the next refresh of the tenant.
  value(backend.services.tenants.update({ tenant: 'contoso', setupProvider: 'okta' }))
  await expect(page.getByRole('row', { name: /Contoso Ltd/ }).getByText('Okta', { exact: true })).toBeVisible()
})

test('a rate limit set on the overview throttles Okta at once, and 0 lifts it', async ({ page, backend }) => {
  const { secret } = await tenantWithUsers(backend, 'Umbrella Health', 0)
  await openConsole(page, backend, '/tenants/umbrella-health')
  await expect(page.getByTestId('rate-limit')).toHaveText('Unlimited')

  // "Change" beside the rate limit opens the dialog on that field.
  await page.getByRole('button', { name: 'Change the rate limit' }).click()
  const dialog = page.getByRole('dialog', { name: 'Edit tenant' })
  const rate = dialog.getByRole('textbox', { name: 'Rate limit (requests per minute)' })
  await expect(rate).toBeFocused()
  await expect(dialog.getByText('0 means unlimited', { exact: false })).toBeVisible()

  // What main would refuse is explained beside the field, and not sent.
  await rate.fill('')
  await page.keyboard.press('Enter')
  await expect(dialog.getByText('Enter the requests allowed per minute, or 0 for no limit.')).toBeVisible()
  await rate.fill('2000000')
  await page.keyboard.press('Enter')
  await expect(dialog.getByText('At most 1,000,000 requests per minute. For no limit, enter 0.')).toBeVisible()
  await expect(rate).toHaveAttribute('aria-invalid', 'true')
  expect(backend.services.tenants.find('umbrella-health')?.rateLimitPerMinute).toBe(0)

  await rate.fill('3')
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('rate-limit')).toHaveText('3 requests / minute')

  const statuses: number[] = []
  for (let call = 0; call < 4; call++) statuses.push((await scim(backend, 'umbrella-health', secret, 'GET', '/Users?startIndex=1&count=2')).status)
  expect(statuses).toEqual([200, 200, 200, 429])
  const throttled = await fetch(`${backend.scimOrigin}/scim/v2/umbrella-health/Users?startIndex=1&count=2`, { headers: { authorization: `Bearer ${secret}` } })
  expect(throttled.status).toBe(429)
  expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0)

  await page.getByRole('button', { name: 'Change the rate limit' }).click()
  await rate.fill('0')
  await dialog.getByRole('button', { name: 'Save changes' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('rate-limit')).toHaveText('Unlimited')
  expect((await scim(backend, 'umbrella-health', secret, 'GET', '/Users?startIndex=1&count=2')).status).toBe(200)
})

test('a name another tenant has is refused beside the field, and nothing changes', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Globex' }))
  const { dialog, name } = await openEditDialog(page, backend, 'Initech')
  await name.fill('  ')
  await page.keyboard.press('Enter')
  await expect(dialog.getByText("Enter the customer's name.")).toBeVisible()

  await name.fill('Globex')
  await dialog.getByRole('button', { name: 'Save changes' }).click()
  await expect(dialog.getByText('A tenant named "Globex" already exists.')).toBeVisible()
  await expect(name).toHaveAttribute('aria-invalid', 'true')
  // Typing again clears the refusal.
  await name.fill('Initech Labs')
  await expect(name).not.toHaveAttribute('aria-invalid', 'true')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('heading', { level: 1, name: 'Initech' })).toBeVisible()
  expect(backend.services.tenants.find('initech')?.name).toBe('Initech')
})

test('a name of emoji pasted into the Edit dialog is kept whole up to 100 of them, and the 101st is refused beside the field', async ({ page, backend }) => {
  const { dialog, name } = await openEditDialog(page, backend, 'Hooli')
  // Pasted, as a CSM does: a maxLength counted UTF-16 units, and cut this at the 50th rocket.
  await name.fill('')
  await page.keyboard.insertText('🚀'.repeat(60))
  await expect(name).toHaveValue('🚀'.repeat(60))
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
  expect(backend.services.tenants.find('hooli')?.name).toBe('🚀'.repeat(60))

  await page.getByRole('button', { name: 'Edit tenant' }).click()
  await name.fill('')
  await page.keyboard.insertText('🚀'.repeat(101))
  await expect(name).toHaveValue('🚀'.repeat(101))
  await page.keyboard.press('Enter')
  await expect(dialog.getByText('The name is 101 characters long, more than the 100 allowed. Shorten it.')).toBeVisible()
  expect(backend.services.tenants.find('hooli')?.name).toBe('🚀'.repeat(60))
})

test('deleting a tenant asks for its slug, then Okta gets 401 and the Tenants list no longer shows it', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Globex' }))
  const { secret } = await tenantWithUsers(backend, 'Wayne Enterprises', 2, { revoked: true })
  await openConsole(page, backend, '/tenants/wayne-enterprises')

  await page.getByRole('button', { name: 'Delete tenant…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Delete Wayne Enterprises?' })
  await expect(dialog).toContainText('Wayne Enterprises is deleted with its 2 users, 0 groups and all its API tokens. This cannot be undone.')
  await expect(dialog).toContainText(`Okta will get 401 Unauthorized on every call to this SCIM base URL (its API tokens are deleted with it), and provisioning for Wayne Enterprises stops.`)
  await expect(dialog).toContainText(`${backend.scimOrigin}/scim/v2/wayne-enterprises`)
  const confirm = dialog.getByLabel('To confirm, type wayne-enterprises')
  await expect(confirm).toBeFocused()
  const remove = dialog.getByRole('button', { name: 'Delete tenant' })
  await expect(remove).toBeDisabled()
  await confirm.fill('Wayne')
  await page.keyboard.press('Enter')
  await expect(remove).toBeDisabled()
  await expect(dialog).toBeVisible()

  // Escape backs out; nothing is deleted.
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  expect(backend.services.tenants.find('wayne-enterprises')).toBeDefined()

  await page.getByRole('button', { name: 'Delete tenant…' }).click()
  await expect(confirm).toHaveValue('')
  await confirm.fill('wayne-enterprises')
  await expect(remove).toBeEnabled()
  await page.keyboard.press('Enter')

  await expect(page).toHaveURL(/#\/tenants$/)
  await expect(page.getByRole('alert').filter({ hasText: 'Tenant deleted' })).toContainText(
    'Wayne Enterprises is gone, with its users, groups and API tokens. Okta now gets 401 Unauthorized for /scim/v2/wayne-enterprises.'
  )
  await expect(page.getByRole('row', { name: /Globex/ })).toBeVisible()
  await expect(page.getByRole('row', { name: /Wayne Enterprises/ })).toHaveCount(0)
  await switcher(page).click()
  await expect(page.getByRole('option', { name: 'Globex' })).toBeVisible()
  await expect(page.getByRole('option', { name: 'Wayne Enterprises' })).toHaveCount(0)
  await page.keyboard.press('Escape')

  expect(backend.services.tenants.find('wayne-enterprises')).toBeUndefined()
  expect((await scim(backend, 'wayne-enterprises', secret, 'GET', '/Users?startIndex=1&count=2')).status).toBe(401)
})

test("the Tenant deleted toast opens the deleted tenant's past requests in the log", async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Globex' }))
  await tenantWithUsers(backend, 'Wayne Enterprises', 2, { revoked: true })
  backend.services.log.flush()
  await openConsole(page, backend, '/tenants/wayne-enterprises')
  await page.getByRole('button', { name: 'Delete tenant…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Delete Wayne Enterprises?' })
  await dialog.getByLabel('To confirm, type wayne-enterprises').fill('wayne-enterprises')
  await dialog.getByRole('button', { name: 'Delete tenant' }).click()

  // No tenant filter offers its slug any more: the toast is the way to the requests the dialog said stay in the log.
  const toast = page.getByRole('alert').filter({ hasText: 'Tenant deleted' })
  await toast.getByRole('button', { name: 'View its log' }).click()
  await expect(page).toHaveURL(/#\/logs\?tenant=wayne-enterprises$/)
  await expect(page.getByText('The tenant with the slug wayne-enterprises was deleted. These are its past requests')).toBeVisible()
  await expect(page.getByRole('table', { name: 'Provisioning log' }).locator('tbody tr[data-entry-id]')).toHaveCount(2)
  await expect(toast).toHaveCount(0)
})

test('a tenant with active API tokens is deleted only when the CSM also chooses to delete the tokens', async ({ page, backend }) => {
  const { secret } = await tenantWithUsers(backend, 'Stark Industries', 1)
  await openConsole(page, backend, '/tenants/stark-industries')

  await page.getByRole('button', { name: 'Delete tenant…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Delete Stark Industries?' })
  await expect(dialog.getByText('1 API token is still active')).toBeVisible()
  await dialog.getByLabel('To confirm, type stark-industries').fill('stark-industries')
  // Pressed before the box is ticked, Delete says why beside the box, and deletes nothing.
  const remove = dialog.getByRole('button', { name: 'Delete tenant' })
  const withTokens = dialog.getByLabel('Delete it with its active API token')
  await remove.click()
  await expect(withTokens).toHaveAccessibleDescription('Tick this box to delete Stark Industries with its API token, or revoke the token first.')
  expect(backend.services.tenants.find('stark-industries')).toBeDefined()
  await withTokens.check()
  await remove.click()

  await expect(page).toHaveURL(/#\/tenants$/)
  await expect(page.getByText('Create your first tenant')).toBeVisible()
  expect((await scim(backend, 'stark-industries', secret, 'GET', '/Users?startIndex=1&count=2')).status).toBe(401)
})

test('a token issued from the CLI while the dialog is open makes main refuse, and the dialog says why and offers the way on', async ({ page, backend }) => {
  await tenantWithUsers(backend, 'Initech', 1, { revoked: true })
  await openConsole(page, backend, '/tenants/initech')
  await page.getByRole('button', { name: 'Delete tenant…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Delete Initech?' })
  await expect(dialog.getByText('still active')).toHaveCount(0)

  // The CLI is another process over the same database: the window hears nothing of this token.
  const cli = createServices({ dbPath: backend.services.dbPath })
  try {
    value(cli.tokens.issue({ tenant: 'initech', label: 'Issued from the CLI' }))
  } finally {
    cli.close()
  }

  await dialog.getByLabel('To confirm, type initech').fill('initech')
  await dialog.getByRole('button', { name: 'Delete tenant' }).click()
  await expect(dialog.getByRole('alert', { name: '1 API token is still active' })).toContainText('Initech has 1 active API token; Okta may still be provisioning into it.')
  expect(backend.services.tenants.find('initech')).toBeDefined()

  await dialog.getByLabel('Delete it with its active API token').check()
  await dialog.getByRole('button', { name: 'Delete tenant' }).click()
  await expect(page).toHaveURL(/#\/tenants$/)
  expect(backend.services.tenants.find('initech')).toBeUndefined()
})

// axe-core checks these dialogs in a11y.spec.ts, with every other screen.
test('the Edit and Delete tenant dialogs are designed in light and dark', async ({ page, backend }) => {
  test.setTimeout(240_000)
  mkdirSync(screenshotDir, { recursive: true })
  await seed(backend)
  await openConsole(page, backend, '/tenants')
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await show(page, '/tenants/umbrella-health', (p) => p.getByTestId('rate-limit'))
    await expect(page.getByTestId('rate-limit')).toHaveText('120 requests / minute')
    await shoot(page, 'tenant-overview-umbrella', theme)

    await page.getByRole('button', { name: 'Change the rate limit' }).click()
    const edit = page.getByRole('dialog', { name: 'Edit tenant' })
    await edit.getByRole('textbox', { name: 'Rate limit (requests per minute)' }).fill('600')
    await shoot(page, 'edit-tenant', theme)
    await page.keyboard.press('Escape')
    await expect(edit).toBeHidden()

    await page.getByRole('button', { name: 'Delete tenant…' }).scrollIntoViewIfNeeded()
    await shoot(page, 'tenant-overview-danger-zone', theme)
    await page.getByRole('button', { name: 'Delete tenant…' }).click()
    const remove = page.getByRole('dialog', { name: 'Delete Umbrella Health?' })
    await remove.getByLabel('To confirm, type umbrella-health').fill('umbrella-health')
    await expect(remove.getByText('1 API token is still active')).toBeVisible()
    await shoot(page, 'delete-tenant', theme)
    await page.keyboard.press('Escape')
    await expect(remove).toBeHidden()
  }
})
