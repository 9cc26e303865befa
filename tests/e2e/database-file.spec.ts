// The database file deleted or moved while the console runs (a clean-up script, a sync client, a CSM tidying their
// home folder): every screen says so and what to do, edits are refused with why rather than acknowledged into a file
// that the next start will not find, and once the file is back the banner goes and edits are saved again.
import { renameSync } from 'node:fs'
import { createServices } from '../../src/main/core/services'
import { expect, openConsole, test } from './harness/fixtures'
import { oktaUser, scim, shoot, value } from './harness/seed'

// The size of a small laptop's window, where the banner's two lines must still read.
test.use({ viewport: { width: 1280, height: 800 } })

const refused = "SCIM Console's database file was deleted or moved while SCIM Console was running, so the change was not saved"

test('while the database file is gone every screen says so, an edit is refused with why, and all is as before once it is back', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp' }))
  const secret = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta production' })).token
  expect((await scim(backend, 'acme', secret, 'POST', '/Users', oktaUser('acme.com', 0))).status).toBe(201)
  // Once the log writer thread has written, it holds the file: a thread still starting when the file went would make a new one.
  await backend.services.log.whenWritten()
  await openConsole(page, backend, '/tenants/acme/directory')
  const row = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /ada\.lovelace@acme\.com/ })
  await expect(row).toBeVisible()
  const banner = page.getByRole('alert', { name: 'The database file was deleted or moved' })
  await expect(banner).toBeHidden()

  const { dbPath } = backend.services
  renameSync(dbPath, `${dbPath}.moved`)
  // The watch looks at the path every second and main pushes what it finds: the banner comes on its own.
  await expect(banner).toContainText(`The database file at ${dbPath} was deleted or moved. No change is saved until it is back.`)
  await expect(banner).toContainText('Edits here and SCIM writes are refused (503); screens and SCIM reads work.')
  await expect(banner).toContainText('Put the file back, or back up now, restart SCIM Console and restore the backup.')
  await expect(banner.getByRole('button', { name: 'Back up…' })).toBeVisible()
  // The server still answers, but only reads.
  await expect(page.getByRole('button', { name: /^SCIM server: Read-only · 127\.0\.0\.1:\d+\./ })).toBeVisible()
  // Okta's changes meet the same refusal; its reads are answered.
  expect((await scim(backend, 'acme', secret, 'POST', '/Users', oktaUser('acme.com', 1))).status).toBe(503)
  expect((await scim(backend, 'acme', secret, 'GET', '/Users?startIndex=1&count=10')).body.totalResults).toBe(1)
  // Their log entries wait in memory for the same reason, which the one banner says already.
  await expect.poll(() => backend.services.log.writeStatus().state).toBe('failing')
  await expect(page.getByRole('alert', { name: 'The provisioning log cannot be written' })).toBeHidden()

  // The screens still read: the user opens, and the edit form fills in.
  await row.click()
  const drawer = page.getByRole('dialog', { name: 'Ada Lovelace' })
  await drawer.getByRole('button', { name: 'Edit' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit ada.lovelace@acme.com' })
  await expect(edit.getByLabel('Family name')).toHaveValue('Lovelace')
  await edit.getByLabel('Family name').fill('King')
  await edit.getByRole('button', { name: 'Save changes' }).click()
  // The form stays open with the change in it, and says why it was not saved and what to do.
  await expect(edit.getByRole('alert')).toContainText(refused)
  await expect(edit.getByRole('alert')).toContainText('Put the file back, or restart SCIM Console and restore a backup, then try again.')
  await expect(edit.getByLabel('Family name')).toHaveValue('King')
  await shoot(page, 'database-file-banner-refused-edit', 'light')
  expect((await scim(backend, 'acme', secret, 'GET', '/Users?startIndex=1&count=10')).body.Resources).toMatchObject([{ name: { familyName: 'Lovelace' } }])

  renameSync(`${dbPath}.moved`, dbPath)
  await expect(banner).toBeHidden()
  await expect(page.getByRole('button', { name: /^SCIM server: Running · / })).toBeVisible()
  // The same edit, sent again, is saved, and Okta reads it.
  await edit.getByRole('button', { name: 'Save changes' }).click()
  await expect(edit).toBeHidden()
  expect((await scim(backend, 'acme', secret, 'GET', '/Users?startIndex=1&count=10')).body.Resources).toMatchObject([{ name: { familyName: 'King' } }])
})

test('an API token is refused before it is shown while the database file is gone, so no token is given out that would not work', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp' }))
  const secret = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta production' })).token
  expect((await scim(backend, 'acme', secret, 'GET', '/Users?startIndex=1&count=10')).status).toBe(200)
  await backend.services.log.whenWritten()
  await openConsole(page, backend, '/tenants/acme/tokens')
  await expect(page.getByRole('row', { name: /Okta production/ })).toBeVisible()

  const { dbPath } = backend.services
  renameSync(dbPath, `${dbPath}.moved`)
  const banner = page.getByRole('alert', { name: 'The database file was deleted or moved' })
  await expect(banner).toBeVisible()
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await shoot(page, 'database-file-banner', theme)
  }
  await page.emulateMedia({ colorScheme: 'light' })

  await page.getByRole('button', { name: 'Issue API token' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'Issue API token for Acme Corp' })
  await dialog.getByLabel('Label').fill('Entra')
  await dialog.getByRole('button', { name: 'Issue API token' }).click()
  await expect(dialog.getByRole('alert')).toContainText(refused)
  await expect(page.getByTestId('issued-token')).toHaveCount(0)
  await shoot(page, 'database-file-banner-refused-token', 'light')
  expect(value(backend.services.tokens.list('acme')).map((token) => token.label)).toEqual(['Okta production'])
  await dialog.getByRole('button', { name: 'Cancel' }).click()

  // What the app still holds open is backed up from the banner: the way to keep it when the file was deleted.
  await banner.getByRole('button', { name: 'Back up…' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Backup saved' })).toContainText('1 tenant in')
  const [backup] = backend.native.saved
  expect(backup).toBeDefined()
  const copy = createServices({ dbPath: backup ?? '' })
  try {
    expect(value(copy.tokens.list('acme')).map((token) => token.label)).toEqual(['Okta production'])
  } finally {
    copy.close()
  }

  renameSync(`${dbPath}.moved`, dbPath)
  await expect(banner).toBeHidden()
  await page.getByRole('button', { name: 'Issue API token' }).first().click()
  await dialog.getByLabel('Label').fill('Entra')
  await dialog.getByRole('button', { name: 'Issue API token' }).click()
  await expect(page.getByTestId('issued-token')).toBeVisible()
  expect(value(backend.services.tokens.list('acme')).map((token) => token.label).sort()).toEqual(['Entra', 'Okta production'])
})
