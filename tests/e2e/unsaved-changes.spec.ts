// A form's unsaved changes are never thrown away by a click elsewhere: leaving the Faults page, the Server page or
// Settings with changes asks first, with the same question everywhere: Save, Discard or Stay; a dialog with changes
// typed into it is not closed by a click beside it; and closing or reloading the window with changes asks too, in
// words that speak of the changes (main words the question in Electron from what the page tells it).
import type { Page } from '@playwright/test'
import { leaveQuestion } from '../../src/main/core/leave-question'
import { expect, openConsole, test, type ConsoleBackend } from './harness/fixtures'
import { value } from './harness/seed'

function question(page: Page) {
  return page.getByRole('dialog', { name: 'Leave without saving?' })
}

function nav(page: Page, name: string) {
  return page.getByRole('navigation').getByRole('link', { name, exact: true })
}

/**
 * Every question the window asks from now on, by its type, each answered Stay (in Electron, main asks it:
 * src/main/electron/window.ts).
 */
function windowQuestions(page: Page): string[] {
  const asked: string[] = []
  page.on('dialog', (dialog) => {
    asked.push(dialog.type())
    void dialog.dismiss()
  })
  return asked
}

/** What the page told main's real handler it holds its unload for (`app:hold-unload`), which Electron's question names. */
function mainHolds(backend: ConsoleBackend) {
  return () => backend.unloadHolds.current()
}

/** Reloads the window, and waits for the console to be back. */
async function reload(page: Page): Promise<void> {
  const loaded = page.waitForEvent('load')
  await page.evaluate(() => location.reload())
  await loaded
}

/** Turns one of the Faults page's switches on, from the keyboard (the switch's track lies over its input). */
async function turnOn(page: Page, name: string): Promise<void> {
  const toggle = page.getByRole('switch', { name })
  await toggle.focus()
  await page.keyboard.press('Space')
  await expect(toggle).toBeChecked()
}

test('leaving the Faults page with unsaved faults asks first: Stay keeps them, Discard drops them, Save saves them', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await openConsole(page, backend, '/tenants/acme/faults')
  await page.getByRole('button', { name: 'Add failure' }).click()
  await expect(page.getByText("Unsaved changes: Okta's requests meet them once you save.")).toBeVisible()

  // The page's own link to the demo: held, with the question.
  await page.getByRole('link', { name: 'Run the Okta demo' }).click()
  await expect(question(page)).toContainText('Your changes to the faults are not saved yet.')
  await expect(question(page).getByRole('button', { name: 'Stay' })).toBeFocused()
  expect(page.url()).toMatch(/#\/tenants\/acme\/faults$/)

  // Stay: the page as it was, the new failure still there.
  await question(page).getByRole('button', { name: 'Stay' }).click()
  await expect(question(page)).toBeHidden()
  await expect(page.getByRole('group', { name: 'Failure 1' })).toBeVisible()
  expect(page.url()).toMatch(/#\/tenants\/acme\/faults$/)

  // Escape is Stay too.
  await nav(page, 'Tokens').click()
  await expect(question(page)).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(question(page)).toBeHidden()
  await expect(page.getByRole('group', { name: 'Failure 1' })).toBeVisible()

  // Discard: on to Tokens, and nothing was saved.
  await nav(page, 'Tokens').click()
  await question(page).getByRole('button', { name: 'Discard changes' }).click()
  await expect(page).toHaveURL(/#\/tenants\/acme\/tokens$/)
  expect(value(backend.services.faults.get('acme')).rules).toHaveLength(0)
  await nav(page, 'Faults').click()
  await expect(page.getByRole('heading', { name: 'Fault injection' })).toBeVisible()
  await expect(page.getByRole('group', { name: 'Failure 1' })).toHaveCount(0)
  await expect(page.getByText('Unsaved changes')).toHaveCount(0)

  // Save: saved as the page's own Save button would, then on to the demo.
  await turnOn(page, 'Throttle')
  await page.getByRole('link', { name: 'Run the Okta demo' }).click()
  await question(page).getByRole('button', { name: 'Save changes' }).click()
  await expect(page).toHaveURL(/#\/tenants\/acme\/demo$/)
  await expect(page.getByText('Faults saved')).toBeVisible()
  expect(value(backend.services.faults.get('acme')).throttlePerMinute).toBe(10)
})

test('unsaved faults that cannot be saved yet keep the page open when Save is chosen, and say why', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await openConsole(page, backend, '/tenants/acme/faults')
  await page.getByRole('button', { name: 'Add failure' }).click()
  const failure = page.getByRole('group', { name: 'Failure 1' })
  await failure.getByRole('textbox', { name: /Detail/ }).fill('')
  await nav(page, 'Overview').click()
  await question(page).getByRole('button', { name: 'Save changes' }).click()
  await expect(question(page)).toBeHidden()
  await expect(page.getByRole('alert').filter({ hasText: 'Rule 1 needs a detail' })).toBeVisible()
  expect(page.url()).toMatch(/#\/tenants\/acme\/faults$/)
  expect(value(backend.services.faults.get('acme')).rules).toHaveLength(0)
})

test('a page without unsaved changes, or a change of tab, is left without a question', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await openConsole(page, backend, '/tenants/acme/faults')
  await expect(page.getByRole('heading', { name: 'Fault injection' })).toBeVisible()
  await nav(page, 'Tokens').click()
  await expect(page).toHaveURL(/#\/tenants\/acme\/tokens$/)
  await expect(question(page)).toHaveCount(0)

  // Saved with its own button, then left: no question either.
  await nav(page, 'Faults').click()
  await turnOn(page, 'Latency')
  await page.getByRole('button', { name: 'Save faults' }).click()
  await expect(page.getByText('Faults saved')).toBeVisible()
  await nav(page, 'Overview').click()
  await expect(page).toHaveURL(/#\/tenants\/acme$/)
  await expect(question(page)).toHaveCount(0)
})

test('the Server page asks before its unsaved settings are lost, and Save there restarts the server as its own button does', async ({ page, backend }) => {
  await openConsole(page, backend, '/server')
  const form = page.getByRole('form', { name: 'Server settings' })
  await form.getByRole('textbox', { name: 'Public URL' }).fill('https://acme-demo.example-tunnel.com')
  await expect(form.getByRole('button', { name: 'Save and restart server' })).toBeEnabled()

  await nav(page, 'Tenants').click()
  await expect(question(page)).toContainText('Your changes to the server settings are not saved yet.')
  await question(page).getByRole('button', { name: 'Save and restart server' }).click()
  await expect(page).toHaveURL(/#\/tenants$/)
  await expect(page.getByText('Server settings saved')).toBeVisible()
  expect(backend.services.settings.get().server.publicUrl).toBe('https://acme-demo.example-tunnel.com')

  // Discard leaves the saved settings as they were.
  await nav(page, 'Server').click()
  await form.getByRole('textbox', { name: 'Public URL' }).fill('https://other.example-tunnel.com')
  await nav(page, 'Settings').click()
  await question(page).getByRole('button', { name: 'Discard changes' }).click()
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  expect(backend.services.settings.get().server.publicUrl).toBe('https://acme-demo.example-tunnel.com')
})

test('Settings asks once for all of its forms with unsaved changes, and Save saves each of them', async ({ page, backend }) => {
  await openConsole(page, backend, '/settings')
  const retention = page.getByRole('form', { name: 'Log retention' })
  const threshold = page.getByRole('form', { name: 'Notification threshold' })
  await retention.getByRole('textbox', { name: 'Keep rows for (days)' }).fill('14')
  await threshold.getByRole('textbox', { name: 'Notify after (failures)' }).fill('3')

  await nav(page, 'Server').click()
  await expect(question(page)).toContainText('Your changes to the log retention and the notification threshold are not saved yet.')
  await question(page).getByRole('button', { name: 'Save changes' }).click()
  await expect(page).toHaveURL(/#\/server$/)
  expect(backend.services.settings.get().retention.days).toBe(14)
  expect(backend.services.settings.get().notifications.failureThreshold).toBe(3)

  // A value out of range is not saved: the page stays, and the field says why.
  await nav(page, 'Settings').click()
  await retention.getByRole('textbox', { name: 'Keep rows for (days)' }).fill('0')
  await nav(page, 'Tenants').click()
  await question(page).getByRole('button', { name: 'Save changes' }).click()
  await expect(question(page)).toBeHidden()
  await expect(retention.getByText(/A whole number from 1 to/)).toBeVisible()
  expect(page.url()).toMatch(/#\/settings$/)
  expect(backend.services.settings.get().retention.days).toBe(14)
})

test('a dialog with typed changes is not closed by a click beside it; Cancel, its close button and Escape still close it', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await openConsole(page, backend, '/tenants/acme/directory')
  await page.getByRole('button', { name: 'New user' }).first().click()
  const form = page.getByRole('dialog', { name: 'New user in Acme Corp' })
  // Open, not opening: the dialog focuses its first field once its transition is over, and a click beside a dialog
  // still fading in can land on the page beneath it (a loaded CI machine did).
  await expect(form.getByLabel('Username')).toBeFocused()
  // Nothing typed yet: a click beside it closes it, as any dialog.
  await page.mouse.click(5, 400)
  await expect(form).toBeHidden()

  await page.getByRole('button', { name: 'New user' }).first().click()
  await form.getByLabel('Username').fill('jane.doe@acme.com')
  await page.mouse.click(5, 400)
  await expect(form).toBeVisible()
  await expect(form.getByLabel('Username')).toHaveValue('jane.doe@acme.com')
  await form.getByRole('button', { name: 'Cancel' }).click()
  await expect(form).toBeHidden()

  // The same for a tenant: Edit tenant keeps a changed name from a click beside it; Escape, meant, closes it unsaved.
  await page.goto(page.url().replace(/#.*/, '#/tenants/acme'))
  await page.getByRole('button', { name: 'Edit tenant' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit tenant' })
  await edit.getByLabel('Name').fill('Acme Corporation')
  await page.mouse.click(5, 400)
  await expect(edit).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(edit).toBeHidden()
  expect(backend.services.tenants.find('acme')?.name).toBe('Acme Corp')
})

test('closing or reloading the window with unsaved faults asks first; with nothing unsaved, the window goes without a word', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await openConsole(page, backend, '/tenants/acme/faults')
  const asked = windowQuestions(page)

  // Nothing changed: a reload asks nothing.
  await expect(page.getByRole('heading', { name: 'Fault injection' })).toBeVisible()
  await reload(page)
  await expect(page.getByRole('heading', { name: 'Fault injection' })).toBeVisible()
  expect(asked).toEqual([])
  expect(mainHolds(backend)()).toEqual([])

  // A failure added and not saved: main hears that the faults are unsaved, and only that, so its question names them.
  await page.getByRole('button', { name: 'Add failure' }).click()
  await expect(page.getByText("Unsaved changes: Okta's requests meet them once you save.")).toBeVisible()
  await expect.poll(mainHolds(backend)).toEqual([{ kind: 'changes', what: ['the faults'] }])
  expect(leaveQuestion(mainHolds(backend)())).toMatchObject({
    message: 'Leave without saving?',
    detail: 'Your changes to the faults are not saved yet. If you leave, they are lost; stay to save them first.'
  })

  // A reload asks, and the CSM who stays keeps the failure; main still holds it for them.
  await page.evaluate(() => location.reload())
  await expect.poll(() => asked).toEqual(['beforeunload'])
  await expect(page.getByRole('group', { name: 'Failure 1' })).toBeVisible()
  expect(mainHolds(backend)()).toEqual([{ kind: 'changes', what: ['the faults'] }])

  // So does closing the window.
  await page.close({ runBeforeUnload: true })
  await expect.poll(() => asked).toEqual(['beforeunload', 'beforeunload'])
  expect(page.isClosed()).toBe(false)
  await expect(page.getByRole('group', { name: 'Failure 1' })).toBeVisible()

  // Saved, main holds nothing, and the window closes without a question.
  await page.getByRole('button', { name: 'Save faults' }).click()
  await expect(page.getByText('Faults saved')).toBeVisible()
  await expect.poll(mainHolds(backend)).toEqual([])
  await page.close({ runBeforeUnload: true })
  await expect.poll(() => page.isClosed()).toBe(true)
  expect(asked).toEqual(['beforeunload', 'beforeunload'])
})

test('a dialog with typed changes holds the window too, until it closes', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await openConsole(page, backend, '/tenants/acme')
  const asked = windowQuestions(page)
  await page.getByRole('button', { name: 'Edit tenant' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit tenant' })
  await edit.getByLabel('Name').fill('Acme Corporation')
  // A dialog's form does not say what its changes are to: main hears of changes, unnamed, and of nothing else.
  await expect.poll(mainHolds(backend)).toEqual([{ kind: 'changes', what: [] }])
  await page.evaluate(() => location.reload())
  await expect.poll(() => asked).toEqual(['beforeunload'])
  await expect(edit.getByLabel('Name')).toHaveValue('Acme Corporation')

  // Cancelled, nothing is left to lose.
  await edit.getByRole('button', { name: 'Cancel' }).click()
  await expect(edit).toBeHidden()
  await expect.poll(mainHolds(backend)).toEqual([])
  await page.close({ runBeforeUnload: true })
  await expect.poll(() => page.isClosed()).toBe(true)
  expect(asked).toEqual(['beforeunload'])
})
