// The directory from a CSM's chair: create, edit, deactivate, reactivate and delete a user from the console, each
// change visible to Okta over real SCIM; and users Okta pushes over SCIM appear live, with no reload.
import type { Locator, Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { appOrigin, expect, openConsole, test, type ConsoleBackend } from './harness/fixtures'
import { oktaUser, screenshotDir, scim, seed, shoot, show, value } from './harness/seed'

const themes = ['light', 'dark'] as const

test('a CSM creates, edits, deactivates, reactivates and deletes a user, and Okta sees each change', async ({ page, backend }) => {
  test.setTimeout(180_000)
  value(backend.services.tenants.create({ name: 'Acme Corp' }))
  const secret = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta production' })).token
  await openConsole(page, backend, '/tenants/acme/directory')
  await expect(page.getByText('No users yet')).toBeVisible()
  await expect(page.getByText('Assign users to the app in Okta, or run the Okta demo.')).toBeVisible()

  // Create: the form says what Okta's import will make of it, and the new user opens on the right.
  await page.getByRole('button', { name: 'New user' }).first().click()
  const create = page.getByRole('dialog', { name: 'New user in Acme Corp' })
  await create.getByRole('button', { name: 'Create user' }).click()
  await expect(create.getByText('Enter a username.')).toBeVisible()
  await create.getByLabel('Username').fill('jane.doe@acme.com')
  await create.getByLabel('Given name').fill('Jane')
  await create.getByLabel('Family name').fill('Doe')
  await create.getByLabel('Primary email').fill('jane.doe@acme.com')
  await create.getByRole('button', { name: 'Create user' }).click()
  await expect(create).toBeHidden()
  const drawer = page.getByRole('dialog', { name: 'Jane Doe' })
  await expect(drawer.getByText('jane.doe@acme.com').first()).toBeVisible()
  const id = ((await drawer.getByTestId('user-scim-id').textContent()) ?? '').trim()
  expect(id).not.toBe('')
  await expect(page).toHaveURL(new RegExp(`user=${id}`))
  const row = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /jane\.doe@acme\.com/ })
  await expect(row.getByText('Active')).toBeVisible()

  // Okta's lookup finds it, as its "Import users" would.
  const lookup = await scim(backend, 'acme', secret, 'GET', `/Users?filter=${encodeURIComponent('userName eq "jane.doe@acme.com"')}`)
  expect(lookup.body.totalResults).toBe(1)

  // The SCIM JSON is the resource a client would GET.
  await expect(drawer.getByTestId('user-scim-json')).toContainText('"userName": "jane.doe@acme.com"')

  // Edit.
  await drawer.getByRole('button', { name: 'Edit' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit jane.doe@acme.com' })
  await expect(edit.getByLabel('Given name')).toHaveValue('Jane')
  await edit.getByLabel('Family name').fill('Smith')
  await edit.getByRole('button', { name: 'Save changes' }).click()
  await expect(edit).toBeHidden()
  const renamed = page.getByRole('dialog', { name: 'Jane Smith' })
  await expect(renamed).toBeVisible()
  expect((await scim(backend, 'acme', secret, 'GET', `/Users/${id}`)).body.name).toMatchObject({ givenName: 'Jane', familyName: 'Smith' })

  // Deactivate: undoable, so no confirmation.
  await renamed.getByRole('button', { name: 'Deactivate' }).click()
  await expect(renamed.getByText('Deactivated').first()).toBeVisible()
  await expect(row.getByText('Deactivated')).toBeVisible()
  expect((await scim(backend, 'acme', secret, 'GET', `/Users/${id}`)).body.active).toBe(false)
  // …and the toast offers to undo it.
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(row.getByText('Active')).toBeVisible()
  expect((await scim(backend, 'acme', secret, 'GET', `/Users/${id}`)).body.active).toBe(true)

  // Deactivate and reactivate from the drawer.
  await renamed.getByRole('button', { name: 'Deactivate' }).click()
  await expect(row.getByText('Deactivated')).toBeVisible()
  await renamed.getByRole('button', { name: 'Reactivate' }).click()
  await expect(row.getByText('Active')).toBeVisible()
  expect((await scim(backend, 'acme', secret, 'GET', `/Users/${id}`)).body.active).toBe(true)

  // The filter lives in the URL.
  await page.keyboard.press('Escape')
  await expect(renamed).toBeHidden()
  const status = page.getByRole('radiogroup', { name: 'Status' })
  await status.getByText('Deactivated').click()
  await expect(page).toHaveURL(/status=inactive/)
  await expect(page.getByText('No deactivated users')).toBeVisible()
  await status.getByText('All').click()
  await expect(page).not.toHaveURL(/status=/)
  await row.click()

  // Delete asks first, naming what Okta will see.
  await renamed.getByRole('button', { name: 'Delete' }).click()
  const confirm = page.getByRole('dialog', { name: 'Delete user?' })
  await expect(confirm).toContainText('Okta will get 404 on its next update for this user')
  await confirm.getByRole('button', { name: 'Delete user' }).click()
  await expect(confirm).toBeHidden()
  await expect(renamed).toBeHidden()
  await expect(page.getByText('No users yet')).toBeVisible()
  expect((await scim(backend, 'acme', secret, 'GET', `/Users/${id}`)).status).toBe(404)
})

test("a CSM's own changes show in the user's history as changes made in SCIM Console, beside Okta's requests", async ({ page, backend }) => {
  test.setTimeout(120_000)
  mkdirSync(screenshotDir, { recursive: true })
  value(backend.services.tenants.create({ name: 'Acme Corp' }))
  const secret = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta production' })).token
  const ada = oktaUser('acme.com', 0)
  await scim(backend, 'acme', secret, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${ada.userName}"`)}&startIndex=1&count=100`)
  const id = String((await scim(backend, 'acme', secret, 'POST', '/Users', ada)).body.id)
  await openConsole(page, backend, `/tenants/acme/directory?user=${id}`)
  const drawer = page.getByRole('dialog', { name: 'Ada Lovelace' })
  const history = drawer.getByLabel(`History of ${ada.userName}`)
  await expect(history.getByText('Push new user')).toBeVisible()

  // The CSM changes the email, then deactivates the user: both land in the history at once, in plain words.
  await drawer.getByRole('button', { name: 'Edit' }).click()
  const edit = page.getByRole('dialog', { name: `Edit ${ada.userName}` })
  await edit.getByLabel('Primary email').fill('ada@lovelace.example')
  await edit.getByRole('button', { name: 'Save changes' }).click()
  await expect(edit).toBeHidden()
  await expect(history.getByText('Edited in SCIM Console')).toBeVisible()
  await drawer.getByRole('button', { name: 'Deactivate' }).click()
  await expect(history.getByText('Deactivated in SCIM Console')).toBeVisible()

  const items = history.locator('.mantine-Timeline-item')
  await expect(items).toHaveCount(4)
  await expect(items.nth(0)).toContainText('Deactivated in SCIM Console')
  await expect(items.nth(0)).toContainText(`PATCH /Users/${id}`)
  await expect(items.nth(1)).toContainText('Edited in SCIM Console')
  await expect(items.nth(1)).toContainText(`PUT /Users/${id}`)
  await expect(items.nth(2)).toContainText('Push new user')
  await expect(items.nth(2)).toContainText('Okta SCIM Client 1.0.0')
  await expect(items.nth(3)).toContainText('Look up user')
  await expect(drawer.getByText('4 entries, newest first')).toBeVisible()

  // The toasts of the edit and the deactivation go first, so that the history shows whole.
  const dismiss = page.getByRole('button', { name: 'Dismiss notification' })
  // One may close by itself meanwhile: that is as good as dismissed.
  while ((await dismiss.count()) > 0) await dismiss.first().click({ timeout: 2000 }).catch(() => undefined)
  await expect(dismiss).toHaveCount(0)
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme })
    await shoot(page, 'directory-user-console-history', theme)
  }
})

test('a full disk is explained in the form, which keeps what was typed until the user can be saved', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp' }))
  await openConsole(page, backend, '/tenants/acme/directory')
  await expect(page.getByText('No users yet')).toBeVisible()

  // SQLite's own cap on the file's size fails a write exactly as a full disk does (SQLITE_FULL). Fill it to the cap.
  const db = backend.services.db
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
  const tenantId = backend.services.tenants.findBySlug('acme')?.id ?? ''
  expect(() => {
    for (let n = 0; n < 10_000; n += 1) backend.services.directory.createUser(tenantId, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `filler${n}@acme.com` })
  }).toThrow('database or disk is full')

  await page.getByRole('button', { name: 'New user' }).first().click()
  const create = page.getByRole('dialog', { name: 'New user in Acme Corp' })
  await create.getByLabel('Username').fill('jane.doe@acme.com')
  await create.getByLabel('Given name').fill('Jane')
  await create.getByLabel('Family name').fill('Doe')
  await create.getByRole('button', { name: 'Create user' }).click()
  await expect(create.getByRole('alert')).toHaveText('The disk that holds the SCIM Console database is full, so the change was not saved. Free some disk space, then try again.')
  await expect(create.getByLabel('Username')).toHaveValue('jane.doe@acme.com')

  db.pragma('max_page_count = 1073741823')
  await create.getByRole('button', { name: 'Create user' }).click()
  await expect(create).toBeHidden()
  await expect(page.getByRole('dialog', { name: 'Jane Doe' })).toBeVisible()
})

test('a quick double Enter in New user or New group writes once', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp' }))
  await openConsole(page, backend, '/tenants/acme/directory')
  await page.getByRole('button', { name: 'New user' }).first().click()
  const create = page.getByRole('dialog', { name: 'New user in Acme Corp' })
  await create.getByLabel('Username').fill('jane.doe@acme.com')
  await create.getByLabel('Given name').fill('Jane')
  await create.getByLabel('Family name').fill('Doe')
  // Enter in a text field submits the form, and the second comes before the first shows it is being saved.
  await Promise.all([page.keyboard.press('Enter'), page.keyboard.press('Enter')])
  await expect(page.getByRole('dialog', { name: 'Jane Doe' })).toBeVisible()
  await expect(page.getByText(/already/)).toHaveCount(0)
  expect(value(backend.services.consoleDirectory.users({ tenant: 'acme' })).total).toBe(1)
  await page.keyboard.press('Escape')

  await page.goto(`${appOrigin}/index.html#/tenants/acme/directory/groups`)
  await page.getByRole('button', { name: 'New group' }).first().click()
  const group = page.getByRole('dialog', { name: 'New group in Acme Corp' })
  await group.getByLabel('Group name').fill('Engineering')
  await Promise.all([page.keyboard.press('Enter'), page.keyboard.press('Enter')])
  await expect(page.getByRole('alert').filter({ hasText: 'Group created' })).toBeVisible()
  await expect(page.getByText(/already/)).toHaveCount(0)
  expect(value(backend.services.consoleDirectory.groups({ tenant: 'acme' })).total).toBe(1)
})

/** Acme Corp with five users pushed by Okta, and its New group dialog open on a group named Engineering. */
async function newGroupWithFiveUsers(page: Page, backend: ConsoleBackend): Promise<Locator> {
  value(backend.services.tenants.create({ name: 'Acme Corp' }))
  const secret = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta production' })).token
  for (let index = 0; index < 5; index++) expect((await scim(backend, 'acme', secret, 'POST', '/Users', oktaUser('acme.com', index))).status).toBe(201)
  await openConsole(page, backend, '/tenants/acme/directory/groups')
  await page.getByRole('button', { name: 'New group' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'New group in Acme Corp' })
  await dialog.getByLabel('Group name').fill('Engineering')
  return dialog
}

test('Enter in the Members search adds the user found, and never saves the group without them', async ({ page, backend }) => {
  const dialog = await newGroupWithFiveUsers(page, backend)

  // A name typed in the search, then Enter, as in any search box: the user found is added, and the dialog stays open.
  const search = dialog.getByPlaceholder('Add a member…')
  await search.fill('grace')
  // (Once the search has answered: until then the list is the one for the text before.)
  await expect(page.getByRole('option')).toHaveText(['grace.hopper@acme.com'])
  await page.keyboard.press('Enter')
  const chosen = dialog.getByRole('list', { name: 'Chosen members' })
  await expect(chosen).toContainText('grace.hopper@acme.com')
  await expect(dialog.getByText('1 member.', { exact: false })).toBeVisible()
  await expect(search).toHaveValue('')
  expect(value(backend.services.consoleDirectory.groups({ tenant: 'acme' })).total).toBe(0)

  // The form is saved by its button, or Enter in its name, with the member.
  await dialog.getByLabel('Group name').press('Enter')
  await expect(page.getByRole('alert').filter({ hasText: 'Group created' })).toContainText('Engineering has 1 member.')
})

test('an Enter typed before the Members search answers adds the user once it does, and never one found for older text', async ({ page, backend }) => {
  const dialog = await newGroupWithFiveUsers(page, backend)
  const chosen = dialog.getByRole('list', { name: 'Chosen members' })

  // From here main answers each user search only when the test lets it, as a busy machine answers late.
  const handlers = backend.handlers as unknown as Record<string, (input: { search?: string }) => Promise<unknown>>
  const answer = handlers['directory:users']!
  const waiting: { search: string; release: () => void }[] = []
  handlers['directory:users'] = async (input) => {
    await new Promise<void>((release) => waiting.push({ search: input.search ?? '', release }))
    return answer(input)
  }
  const answerFor = async (search: string): Promise<void> => {
    await expect.poll(() => waiting.some((asked) => asked.search === search)).toBe(true)
    for (const asked of waiting.filter((held) => held.search === search)) asked.release()
  }

  // Typed and Enter at once: nothing to add yet, and the text stays; the user comes once the search answers.
  const search = dialog.getByPlaceholder('Add a member…')
  await search.fill('grace')
  await search.press('Enter')
  await expect(search).toHaveValue('grace')
  await expect(dialog.getByText('No members yet.')).toBeVisible()
  await answerFor('grace')
  await expect(chosen).toHaveText('grace.hopper@acme.com')
  await expect(search).toHaveValue('')

  // The text changed before its answer came: the answer for the older text adds nobody, the one for the new text does.
  await search.fill('alan')
  await expect.poll(() => waiting.some((asked) => asked.search === 'alan')).toBe(true)
  await search.fill('ada')
  await search.press('Enter')
  await answerFor('alan')
  await answerFor('ada')
  await expect(chosen.getByRole('listitem')).toHaveText(['grace.hopper@acme.com', 'ada.lovelace@acme.com'])
  await expect(dialog.getByText('2 members.', { exact: false })).toBeVisible()
  await expect(search).toHaveValue('')
  expect(value(backend.services.consoleDirectory.groups({ tenant: 'acme' })).total).toBe(0)
})

test('users and groups Okta pushes over SCIM appear in the directory live, with their history', async ({ page, backend }) => {
  test.setTimeout(120_000)
  value(backend.services.tenants.create({ name: 'Acme Corp' }))
  const secret = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta production' })).token
  await openConsole(page, backend, '/tenants/acme/directory')
  await expect(page.getByText('No users yet')).toBeVisible()

  const ada = oktaUser('acme.com', 0)
  await scim(backend, 'acme', secret, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${ada.userName}"`)}&startIndex=1&count=100`)
  const created = await scim(backend, 'acme', secret, 'POST', '/Users', ada)
  expect(created.status).toBe(201)

  // No reload: the push event brings it.
  const table = page.getByRole('table', { name: 'Users' })
  const row = table.getByRole('row', { name: new RegExp(ada.userName.replace('.', '\\.')) })
  await expect(row).toBeVisible()
  await expect(row.getByText(ada.externalId)).toBeVisible()

  // Okta deactivates it (PATCH, no path): the badge follows.
  await scim(backend, 'acme', secret, 'PATCH', `/Users/${String(created.body.id)}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', value: { active: false } }]
  })
  await expect(row.getByText('Deactivated')).toBeVisible()

  // Its history reads in Okta's words, newest first.
  await row.click()
  // Given and family name are shown apart, as SCIM keeps them: their order in a full name depends on the language.
  const adaDrawer = page.getByRole('dialog', { name: 'Ada Lovelace' })
  await expect(adaDrawer.locator('dt:text-is("Given name") + dd')).toHaveText('Ada')
  await expect(adaDrawer.locator('dt:text-is("Family name") + dd')).toHaveText('Lovelace')
  const history = adaDrawer.getByLabel(`History of ${ada.userName}`)
  await expect(history.getByText('Deactivate')).toBeVisible()
  await expect(history.getByText('Push new user')).toBeVisible()
  await expect(history.getByText('Look up user')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)

  // A pushed group appears under Groups, with its member.
  const group = await scim(backend, 'acme', secret, 'POST', '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName: 'Engineering',
    members: [{ value: String(created.body.id) }]
  })
  expect(group.status).toBe(201)
  await page.getByRole('tab', { name: /Groups/ }).click()
  const groupRow = page.getByRole('table', { name: 'Groups' }).getByRole('row', { name: /Engineering/ })
  await expect(groupRow).toBeVisible()
  await groupRow.click()
  await expect(page.getByRole('dialog', { name: 'Engineering' }).getByRole('list', { name: 'Members of Engineering' })).toContainText(ada.userName)
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)

  // The command palette finds users and groups in every tenant, and jumps to them.
  await page.keyboard.press('Control+K')
  await page.getByRole('textbox', { name: 'Jump to' }).fill('ada.lov')
  const found = page.getByRole('dialog').getByRole('button', { name: new RegExp(ada.userName.replace('.', '\\.')) })
  await expect(found).toContainText('User in Acme Corp')
  await found.click()
  await expect(page).toHaveURL(/#\/tenants\/acme\/directory\?user=/)
  await expect(page.getByRole('dialog', { name: 'Ada Lovelace' })).toBeVisible()
})

test('a row clicked before the page has drawn the status just chosen keeps that status in the address', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp' }))
  const secret = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta production' })).token
  for (const index of [0, 1]) expect((await scim(backend, 'acme', secret, 'POST', '/Users', oktaUser('acme.com', index))).status).toBe(201)
  await openConsole(page, backend, '/tenants/acme/directory')
  const deactivated = await page.getByRole('radiogroup', { name: 'Status' }).getByText('Deactivated').elementHandle()
  const ada = await page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /ada\.lovelace@acme\.com/ }).elementHandle()
  // Both clicks in one task, so that no render comes between them: each change goes on the address as it is, and the
  // drawer's did not write the status away.
  await page.evaluate(
    ([status, row]) => {
      ;(status as HTMLElement).click()
      ;(row as HTMLElement).click()
    },
    [deactivated, ada] as const
  )
  await expect(page).toHaveURL(/user=/)
  await expect(page).toHaveURL(/status=inactive/)
})

test("a user's search does not follow the CSM to a group opened from that user's drawer", async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp' }))
  const secret = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta production' })).token
  const ids: string[] = []
  for (const index of [0, 1, 2]) ids.push(String((await scim(backend, 'acme', secret, 'POST', '/Users', oktaUser('acme.com', index))).body.id))
  for (const displayName of ['Engineering', 'Sales']) {
    const members = displayName === 'Engineering' ? ids.map((id) => ({ value: id })) : []
    expect((await scim(backend, 'acme', secret, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName, members })).status).toBe(201)
  }
  await openConsole(page, backend, '/tenants/acme/directory')
  await page.getByRole('textbox', { name: 'Search users' }).fill('ada.lovelace')
  await expect(page).toHaveURL(/q=ada\.lovelace/)
  const users = page.getByRole('table', { name: 'Users' })
  await expect(users.getByRole('row', { name: /grace\.hopper/ })).toBeHidden()
  await users.getByRole('row', { name: /ada\.lovelace@acme\.com/ }).click()
  await page.getByRole('dialog', { name: 'Ada Lovelace' }).getByRole('link', { name: 'Engineering' }).click()

  // The groups list is the tenant's, not filtered by the user's search, and the box says so.
  await expect(page.getByRole('dialog', { name: 'Engineering' })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Groups' }).getByRole('row', { name: /Sales/ })).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'Search groups' })).toHaveValue('')
  await expect(page).not.toHaveURL(/q=/)

  // A link that carries a search (a shared URL, Back) shows that search, too.
  await page.keyboard.press('Escape')
  await page.goto(`${appOrigin}/index.html#/tenants/acme/directory/groups?q=sales`)
  await expect(page.getByRole('textbox', { name: 'Search groups' })).toHaveValue('sales')
  await expect(page.getByRole('table', { name: 'Groups' }).getByRole('row', { name: /Engineering/ })).toBeHidden()
  await expect(page).toHaveURL(/q=sales/)
})

test("a user's status stays readable beside a very long name in the drawer's title", async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp' }))
  const secret = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta production' })).token
  const userName = 'maximiliane.alexandrina.von.hohenzollern-sigmaringen.und.weitere.namen@internationale-handelsgesellschaft.example.com'
  const displayName = 'Maximiliane Alexandrina Friederike Wilhelmine von Hohenzollern-Sigmaringen-Hechingen-Veringen'
  const created = await scim(backend, 'acme', secret, 'POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, displayName, active: true })
  /** Whether every badge saying `text` in `scope` shows its whole word, not an ellipsis. */
  const whole = (scope: ReturnType<typeof page.getByRole>, text: string) =>
    scope.locator('.mantine-Badge-label', { hasText: text }).evaluateAll((labels) => labels.length > 0 && labels.every((label) => label.scrollWidth <= label.clientWidth))

  await openConsole(page, backend, `/tenants/acme/directory?user=${String(created.body.id)}`)
  const drawer = page.getByRole('dialog', { name: new RegExp(displayName.slice(0, 20)) })
  await expect(drawer.getByTestId('user-scim-id')).toBeVisible()
  expect(await whole(drawer, 'Active')).toBe(true)
  await expect(drawer.getByText(userName).first()).toBeVisible()
})

test("an \"Everyone\" group of thousands opens in its drawer and its editor, drawing only what is in view", async ({ page, backend }) => {
  test.setTimeout(180_000)
  const tenant = value(backend.services.tenants.create({ name: 'Acme Corp' }))
  const secret = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta production' })).token
  const ids: string[] = []
  for (let n = 0; n < 2000; n += 1) {
    ids.push(value(backend.services.directory.createUser(tenant.id, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `user${n}@acme.com`, active: true })).id)
  }
  const group = await scim(backend, 'acme', secret, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Everyone', members: ids.map((id) => ({ value: id })) })
  expect(group.status).toBe(201)
  const groupId = String(group.body.id)

  await openConsole(page, backend, `/tenants/acme/directory/groups?group=${groupId}`)
  // The drawer's SCIM JSON (10,000 lines here) shows its start, and the rest on request: drawing it all held the drawer.
  const drawer = page.getByRole('dialog', { name: /Everyone/ })
  const json = drawer.locator('pre')
  // Its first drawing is this test's heaviest step; on a loaded two-core machine it took over the default 10 s.
  await expect(json).toContainText(`"id": "${groupId}"`, { timeout: 30_000 })
  expect(((await json.textContent()) ?? '').split('\n').length).toBeLessThan(1000)
  await drawer.getByRole('button', { name: /^Show all [\d,]+ lines$/ }).click()
  await expect(json).toContainText(`"value": "${ids.at(-1) ?? ''}"`)

  await drawer.getByRole('button', { name: 'Edit name and members' }).click()
  const form = page.getByRole('dialog', { name: 'Edit Everyone' })
  await expect(form.getByText('2,000 members.', { exact: false })).toBeVisible()
  const chosen = form.getByRole('list', { name: 'Chosen members' })
  await expect(chosen.getByRole('listitem').first()).toContainText('user0@acme.com')
  // Drawing all 2,000 rows took seconds to open the form and again for each member taken out.
  expect(await chosen.getByRole('listitem').count()).toBeLessThan(60)

  // The last member, in userName order, is reached by scrolling, and taken out.
  await chosen.evaluate((list) => list.parentElement?.scrollTo({ top: list.parentElement.scrollHeight }))
  await form.getByRole('button', { name: 'Remove user999@acme.com' }).click()
  await expect(form.getByText('1,999 members.', { exact: false })).toBeVisible()
  await form.getByRole('button', { name: 'Save changes' }).click()
  await expect(form).toBeHidden()
  const saved = value(await backend.handlers['directory:group']({ tenant: 'acme', id: groupId }))
  expect(saved.memberCount).toBe(1999)
  expect(saved.members.some((member) => member.userName === 'user999@acme.com')).toBe(false)
})

test("a group's drawer keeps its history within reach of a long member list, and opens the group's requests in the log", async ({ page, backend }) => {
  const tenant = value(backend.services.tenants.create({ name: 'Acme Corp' }))
  const secret = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta production' })).token
  const ids = Array.from({ length: 40 }, (_, n) =>
    value(backend.services.directory.createUser(tenant.id, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `member${n}@acme.com`, active: true })).id
  )
  const group = await scim(backend, 'acme', secret, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering', members: ids.map((id) => ({ value: id })) })
  expect(group.status).toBe(201)
  // Okta pushes the group again under the same name: refused, and the drawer's history shows it.
  expect((await scim(backend, 'acme', secret, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering' })).status).toBe(409)
  backend.services.log.flush()

  await openConsole(page, backend, `/tenants/acme/directory/groups?group=${String(group.body.id)}`)
  const drawer = page.getByRole('dialog', { name: /Engineering/ })
  const members = drawer.getByRole('list', { name: 'Members of Engineering' })
  await expect(members).toContainText('member0@acme.com')
  // The forty members scroll in a box of their own, so the history is a short scroll away.
  expect((await members.locator('xpath=..').boundingBox())?.height ?? 0).toBeLessThanOrEqual(300)
  const history = drawer.getByLabel('History of Engineering')
  await history.scrollIntoViewIfNeeded()
  await expect(history).toContainText('409')

  await drawer.getByRole('link', { name: 'Open in log' }).click()
  await expect(page).toHaveURL(/#\/logs\?.*target=Engineering/)
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: '409' })).toHaveCount(1)
})

test('the directory is designed in light and dark, with hundreds of users', async ({ page, backend }) => {
  test.setTimeout(240_000)
  mkdirSync(screenshotDir, { recursive: true })
  await seed(backend)
  await openConsole(page, backend, '/tenants/acme/directory')
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme })
    await show(page, '/tenants/acme/directory', (p) => p.getByRole('table', { name: 'Users' }).getByText('ada.lovelace@acme.com'))
    await expect(page.getByText(/Showing 100 of 3\d\d users/)).toBeVisible()
    await shoot(page, 'directory-users', theme)

    await page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /ada\.lovelace@acme\.com/ }).click()
    const drawer = page.getByRole('dialog', { name: 'Ada Lovelace' })
    await expect(drawer.getByRole('link', { name: 'Engineering' })).toBeVisible()
    await expect(drawer.getByLabel('History of ada.lovelace@acme.com').getByText('Push new user').first()).toBeVisible()
    await shoot(page, 'directory-user', theme)
    await page.keyboard.press('Escape')
    await expect(drawer).toBeHidden()

    await show(page, '/tenants/acme/directory?status=inactive', (p) => p.getByRole('table', { name: 'Users' }).getByText('Deactivated'))
    await shoot(page, 'directory-users-inactive', theme)

    await show(page, '/tenants/acme/directory/groups', (p) => p.getByRole('table', { name: 'Groups' }).getByText('Customer Support'))
    await shoot(page, 'directory-groups', theme)

    await page.getByRole('table', { name: 'Groups' }).getByRole('row', { name: /Engineering/ }).click()
    await page.getByRole('dialog', { name: 'Engineering' }).getByRole('button', { name: 'Edit name and members' }).click()
    await expect(page.getByRole('dialog', { name: 'Edit Engineering' }).getByText('40 members.', { exact: false })).toBeVisible()
    await shoot(page, 'directory-group-edit', theme)
    await page.getByRole('dialog', { name: 'Edit Engineering' }).getByRole('button', { name: 'Cancel' }).click()
    await page.keyboard.press('Escape')

    await show(page, '/tenants/wayne-enterprises/directory', (p) => p.getByText('No users yet'))
    // Wayne has no API token yet: issuing one comes first, as nothing can arrive without it.
    await expect(page.getByText("Okta cannot push anything until you issue an API token and paste it into the app's API Token field.")).toBeVisible()
    await expect(page.getByRole('link', { name: 'Issue API token' })).toHaveAttribute('href', '#/tenants/wayne-enterprises/tokens?issue=1')
    await shoot(page, 'directory-empty', theme)
  }
})
