// The walking skeleton through the UI: a CSM creates a tenant, issues an API token that really opens the
// SCIM server, and revokes it, after which Okta's next call really gets 401.
import { expect, openConsole, test } from './harness/fixtures'

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
  await created.getByRole('button', { name: 'Issue API token' }).click()
  await expect(page).toHaveURL(/#\/tenants\/acme\/tokens/)

  const issue = page.getByRole('dialog', { name: 'Issue API token for Acme Corp' })
  await issue.getByLabel('Label').fill('Okta production')
  await issue.getByText('90 days').click()
  await issue.getByRole('button', { name: 'Issue token' }).click()

  // The secret is shown once, and a stray Escape or click outside does not lose it.
  const secretDialog = page.getByRole('dialog', { name: 'Copy your new API token' })
  await expect(secretDialog.getByText('you will not see this token again')).toBeVisible()
  const secret = (await secretDialog.getByTestId('issued-token').textContent())?.trim() ?? ''
  expect(secret).toMatch(/^scim_[A-Za-z0-9_-]{20,}$/)
  await page.keyboard.press('Escape')
  await page.mouse.click(5, 5)
  await expect(secretDialog).toBeVisible()

  // Okta's Test API Credentials call succeeds with the token.
  const usersUrl = `${backend.scimOrigin}/scim/v2/acme/Users?startIndex=1&count=2`
  const accepted = await fetch(usersUrl, { headers: { ...okta, authorization: `Bearer ${secret}` } })
  expect(accepted.status).toBe(200)
  const list = (await accepted.json()) as { schemas: string[]; totalResults: number }
  expect(list.schemas).toContain('urn:ietf:params:scim:api:messages:2.0:ListResponse')
  expect(list.totalResults).toBe(0)

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

test('Ctrl+K jumps to a tenant and the header shows the running server', async ({ page, backend }) => {
  expect(backend.services.tenants.create({ name: 'Initech' }).ok).toBe(true)
  await openConsole(page, backend, '/tenants')
  const address = backend.scimOrigin.replace('http://', '')
  await expect(page.getByRole('button', { name: `SCIM server: Running · ${address}. Open the Server page.` })).toBeVisible()

  await page.keyboard.press('Control+K')
  await page.getByRole('textbox', { name: 'Jump to' }).fill('initech tok')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/tenants\/initech\/tokens/)
  await expect(page.getByText('Issue the first API token')).toBeVisible()

  await page.getByRole('button', { name: /SCIM server: Running/ }).click()
  await expect(page).toHaveURL(/#\/server/)
  await expect(page.getByRole('heading', { name: 'Server' })).toBeVisible()
})
