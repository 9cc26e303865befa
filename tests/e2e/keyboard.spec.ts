// The console for a Support engineer who lives in it all day and rarely touches the mouse: the command palette reaches
// users, groups and the log; tables move with the arrow keys; one Escape closes one layer; and after an action focus
// lands somewhere a person can see and carry on from, never on nothing.
import type { Locator, Page } from '@playwright/test'
import { expect, openConsole, test, type ConsoleBackend } from './harness/fixtures'
import { erase, pushUsers, scim, scrollTo, value } from './harness/seed'

/** Acme with a few Okta users, the Engineering group and the log their pushes left; returns the API token. */
async function acme(backend: ConsoleBackend, users = 4): Promise<string> {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  const secret = value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta production' })).token
  await pushUsers(backend, 'acme', secret, 'acme.com', users)
  const group = await scim(backend, 'acme', secret, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering', members: [] })
  expect(group.status).toBe(201)
  return secret
}

/** Whether nothing has focus: the next Tab would start again from the top of the window. */
async function focusIsLost(page: Page): Promise<boolean> {
  return page.evaluate(() => document.activeElement === null || document.activeElement === document.body)
}

/** The focused element's ring: drawn (an outline or a shadow), and not cut off by a scrolling ancestor. */
async function focusRing(page: Page): Promise<{ drawn: boolean; clipped: boolean }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement
    const style = getComputedStyle(element)
    const outline = style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) : 0
    const drawn = outline >= 1 || style.boxShadow !== 'none'
    const reach = Math.max(0, outline + parseFloat(style.outlineOffset || '0'))
    const box = element.getBoundingClientRect()
    let clipped = false
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const overflow = getComputedStyle(parent)
      if (overflow.overflowX === 'visible' && overflow.overflowY === 'visible') continue
      const clip = parent.getBoundingClientRect()
      if (box.left - reach < clip.left || box.right + reach > clip.right || box.top - reach < clip.top || box.bottom + reach > clip.bottom) clipped = true
    }
    return { drawn, clipped }
  })
}

async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let step = 0; step < limit; step++) {
    await page.keyboard.press('Tab')
    if (await target.evaluate((element) => element === document.activeElement)) return
  }
  throw new Error(`Tab never reached ${target.toString()}`)
}

test('Ctrl+K finds a user by name, a group and the log, Enter goes there, and focus stays on the page after', async ({ page, backend }) => {
  await acme(backend)
  await openConsole(page, backend, '/tenants')
  await expect(page.getByRole('row', { name: /Acme Corp/ })).toBeVisible()
  const search = page.getByRole('textbox', { name: 'Jump to' })

  // A user by their name, as a ticket names them; main finds them a moment after the typing, and Enter goes there.
  await page.keyboard.press('Control+K')
  await expect(search).toBeFocused()
  await page.keyboard.type('grace hopper')
  await expect(page.getByRole('dialog', { name: 'Command palette' }).getByText('grace.hopper@acme.com')).toBeVisible()
  await page.keyboard.press('Enter')
  const drawer = page.getByRole('dialog', { name: 'Grace Hopper' })
  await expect(drawer).toBeVisible()
  await expect(page).toHaveURL(/#\/tenants\/acme\/directory\?user=/)
  // Escape closes the drawer, and focus goes to the user's row, not to nothing (the palette that opened it is gone).
  await page.keyboard.press('Escape')
  await expect(drawer).toBeHidden()
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /grace\.hopper@acme\.com/ })).toBeFocused()

  // A group, the same way.
  await page.keyboard.press('Control+K')
  await expect(search).toBeFocused()
  await page.keyboard.type('engineering')
  await expect(page.getByRole('dialog', { name: 'Command palette' }).getByText('Group in Acme Corp')).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: 'Engineering' })).toBeVisible()
  await page.keyboard.press('Escape')

  // Anything else is looked for in the log: here, Okta's lookups by filter. Typed over what found the group, Enter
  // goes to the log at once, before main has answered: what "engineering" found is no answer to "filter".
  await page.keyboard.press('Control+K')
  await expect(search).toBeFocused()
  await page.keyboard.type('engineering')
  await expect(page.getByRole('dialog', { name: 'Command palette' }).getByText('Group in Acme Corp')).toBeVisible()
  await page.keyboard.press('Control+A')
  await page.keyboard.type('filter')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/logs\?q=filter$/)
  await expect(page.getByRole('table', { name: 'Provisioning log' }).getByRole('row', { name: /Look up user/ }).first()).toBeVisible()
})

test('Ctrl+K opens the palette while the focus is in a search box, as from anywhere else', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  value(backend.services.tenants.create({ name: 'Globex' }))
  await openConsole(page, backend, '/tenants')
  const palette = page.getByRole('textbox', { name: 'Jump to' })

  // Typing in the Tenants search, the CSM jumps elsewhere without leaving the box first.
  await page.getByRole('textbox', { name: 'Search tenants' }).fill('acme')
  await page.keyboard.press('Control+K')
  await expect(palette).toBeFocused()
  await page.keyboard.type('globex')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/tenants\/globex$/)

  // The log's search is the same.
  await page.getByRole('link', { name: 'Provisioning log' }).click()
  await page.getByTestId('log-search').fill('ada')
  await expect(page.getByTestId('log-search')).toBeFocused()
  await page.keyboard.press('Control+K')
  await expect(palette).toBeFocused()
})

/**
 * Ctrl+K and then letters, sent to the browser all at once as a quick typist's keys arrive: Playwright's keyboard waits
 * for each key to be handled before it sends the next, which leaves the page time to move the focus between them.
 */
async function ctrlKThenType(page: Page, text: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  const control = 2
  const key = (type: 'rawKeyDown' | 'keyDown' | 'keyUp', name: string, code: string, modifiers: number, typed?: string) =>
    cdp.send('Input.dispatchKeyEvent', { type, key: name, code, windowsVirtualKeyCode: code.startsWith('Key') ? code.charCodeAt(3) : 17, modifiers, ...(typed ? { text: typed } : {}) })
  const keys = [key('rawKeyDown', 'Control', 'ControlLeft', control), key('rawKeyDown', 'k', 'KeyK', control), key('keyUp', 'k', 'KeyK', control), key('keyUp', 'Control', 'ControlLeft', 0)]
  for (const letter of text) keys.push(key('keyDown', letter, `Key${letter.toUpperCase()}`, 0, letter), key('keyUp', letter, `Key${letter.toUpperCase()}`, 0))
  await Promise.all(keys)
  await cdp.detach()
}

test('what is typed straight after Ctrl+K goes into the palette, none of it to the page behind', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  value(backend.services.tenants.create({ name: 'Globex' }))
  await openConsole(page, backend, '/tenants')
  const palette = page.getByRole('textbox', { name: 'Jump to' })
  const tenantSearch = page.getByRole('textbox', { name: 'Search tenants' })
  await expect(tenantSearch).toBeVisible()

  // No wait between the shortcut and the typing: the palette's field takes the focus a moment after it opens, and the
  // keys typed before then went to the page (here the Tenants search, which had the focus).
  for (let attempt = 0; attempt < 5; attempt++) {
    await tenantSearch.fill('')
    await ctrlKThenType(page, 'globex')
    await expect(palette, `attempt ${attempt + 1}`).toHaveValue('globex')
    await expect(tenantSearch).toHaveValue('')
    await page.keyboard.press('Escape')
    await expect(palette).toBeHidden()
  }
})

test('one Escape closes one layer: a dialog opened from a drawer closes alone, and focus goes back to its button', async ({ page, backend }) => {
  await acme(backend)
  await openConsole(page, backend, '/tenants/acme/directory')
  const row = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /ada\.lovelace@acme\.com/ })
  await row.focus()
  await page.keyboard.press('Enter')
  const drawer = page.getByRole('dialog', { name: 'Ada Lovelace' })
  const edit = drawer.getByRole('button', { name: 'Edit' })
  await tabTo(page, edit)
  await page.keyboard.press('Enter')
  const form = page.getByRole('dialog', { name: 'Edit ada.lovelace@acme.com' })
  await expect(form).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(form).toBeHidden()
  await expect(drawer).toBeVisible()
  await expect(edit).toBeFocused()

  // The palette over the drawer too.
  await page.keyboard.press('Control+K')
  await expect(page.getByRole('textbox', { name: 'Jump to' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeHidden()
  await expect(drawer).toBeVisible()

  // Then Escape closes the drawer, and its row has focus again.
  await page.keyboard.press('Escape')
  await expect(drawer).toBeHidden()
  await expect(row).toBeFocused()
})

test('the users table is one Tab stop that the arrow keys move through, and focus survives deactivating and deleting', async ({ page, backend }) => {
  await acme(backend, 30)
  await openConsole(page, backend, '/tenants/acme/directory')
  const table = page.getByRole('table', { name: 'Users' })
  // Rows in the table's order (Okta pushes eight at a time, so not in the order of their names); the first is the header.
  const row = (index: number) => table.getByRole('row').nth(index + 1)
  const userName = async (index: number) => (await row(index).getByRole('cell').nth(1).textContent()) ?? ''
  await expect(row(0)).toBeVisible()

  // Tab enters the table on its first row, and the next Tab leaves it rather than walk thirty rows.
  await page.getByRole('textbox', { name: 'Search users' }).focus()
  await tabTo(page, row(0), 3)
  await page.keyboard.press('Tab')
  expect(await page.evaluate(() => document.activeElement?.closest('table')?.getAttribute('aria-label') ?? null)).toBeNull()
  await page.keyboard.press('Shift+Tab')
  await expect(row(0)).toBeFocused()

  // Arrows, End and Home move; the last row is drawn on the way, out of the first view.
  await page.keyboard.press('ArrowDown')
  await expect(row(1)).toBeFocused()
  await page.keyboard.press('End')
  await expect(table.getByRole('row').last()).toBeFocused()
  await expect(table.getByRole('row').last()).toHaveAttribute('data-index', '29')
  await page.keyboard.press('Home')
  await expect(row(0)).toBeFocused()
  await page.keyboard.press('ArrowDown')
  const [opened, next] = [await userName(1), await userName(2)]

  // Deactivate from the drawer: the same button turns into Reactivate and keeps focus, so a second press undoes it.
  await page.keyboard.press('Enter')
  const drawer = page.getByRole('dialog').filter({ hasText: opened })
  await tabTo(page, drawer.getByRole('button', { name: 'Deactivate' }))
  await page.keyboard.press('Enter')
  await expect(drawer.getByRole('button', { name: 'Reactivate' })).toBeFocused()
  await expect(drawer.getByText('Deactivated').first()).toBeVisible()

  // Delete: the row goes, and the row now in its place has focus.
  await tabTo(page, drawer.getByRole('button', { name: 'Delete' }))
  await page.keyboard.press('Enter')
  const confirm = page.getByRole('dialog', { name: 'Delete user?' })
  await tabTo(page, confirm.getByRole('button', { name: 'Delete user' }))
  await page.keyboard.press('Enter')
  await expect(drawer).toBeHidden()
  await expect(table.getByText(opened, { exact: true })).toHaveCount(0)
  await expect(table.getByRole('row').filter({ hasText: next })).toBeFocused()
})

test('after a revoke, focus goes to Issue API token, and after an issue to the new token\'s copy button', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  value(backend.services.tokens.issue({ tenant: 'acme', label: 'Okta production' }))
  await openConsole(page, backend, '/tenants/acme/tokens')
  const revoke = page.getByRole('button', { name: /^Revoke Okta production/ })
  await revoke.focus()
  await page.keyboard.press('Enter')
  const confirm = page.getByRole('dialog', { name: 'Revoke API token?' })
  // Cancel is focused first, so that a stray Enter keeps the token; Escape gives focus back to the row's button.
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(revoke).toBeFocused()

  await page.keyboard.press('Enter')
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(confirm.getByRole('button', { name: 'Revoke token' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('row', { name: /Okta production/ }).getByText('Revoked')).toBeVisible()
  await expect(confirm).toBeHidden()
  await expect(page.getByRole('button', { name: 'Issue API token' })).toBeFocused()

  // Issued from the keyboard, the new token's copy button has the focus: the button that issued it is gone.
  await page.keyboard.press('Enter')
  const issue = page.getByRole('dialog', { name: 'Issue API token for Acme Corp' })
  await issue.getByLabel('Label').fill('Okta rotated')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: 'Copy your new API token' }).getByRole('button', { name: 'Copy API token' })).toBeFocused()
})

test('the log keeps focus on its rows: after its drawer, its search and its "new" pill', async ({ page, backend }) => {
  // More requests than the window shows, so that the rows can be scrolled away from the newest.
  const secret = await acme(backend, 16)
  await openConsole(page, backend, '/logs')
  const scroller = page.getByRole('region', { name: 'Provisioning log entries' })
  const log = page.getByRole('table', { name: 'Provisioning log' })
  await expect(log.getByRole('row', { name: /Group push: create/ })).toBeVisible()

  // Enter opens the request; Tab walks into its drawer; Escape there closes it and gives focus back to the rows.
  await scroller.focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  const drawer = page.getByRole('dialog', { name: /Group push: create/ })
  await tabTo(page, drawer.getByRole('button', { name: 'Close request details' }))
  await page.keyboard.press('Escape')
  await expect(drawer).toBeHidden()
  await expect(scroller).toBeFocused()

  // "/" goes to the search; Escape in it, empty, goes back to the rows.
  await page.keyboard.press('/')
  await expect(page.getByRole('textbox', { name: 'Search' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(scroller).toBeFocused()

  // Scrolled away, new requests wait behind a pill; pressed, it shows them, and focus is on the rows, not on nothing.
  await scrollTo(scroller, 'end')
  for (let index = 0; index < 3; index++) await scim(backend, 'acme', secret, 'GET', '/Users?startIndex=1&count=1')
  const pill = page.getByTestId('new-entries-pill')
  await expect(pill).toHaveText('3 new')
  await page.keyboard.press('Shift+Tab')
  await expect(pill).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(pill).toBeHidden()
  await expect(scroller).toBeFocused()
  expect(await focusIsLost(page)).toBe(false)
})

test('every focus ring shows whole: the navigation, the overview cards and the calendar name their controls', async ({ page, backend }) => {
  await acme(backend, 1)
  await openConsole(page, backend, '/tenants/acme')
  await expect(page.getByText('Latest failures')).toBeVisible()

  // The navigation scrolls, and a ring drawn around a link was cut off at its sides. (A key pressed first makes the
  // focus that follows a keyboard user's, with its ring.)
  await page.keyboard.press('Tab')
  for (const name of ['Tenants', 'Provisioning log', 'Tokens']) {
    await page.getByRole('link', { name, exact: true }).focus()
    expect(await focusRing(page), `the focus ring of ${name}`).toEqual({ drawn: true, clipped: false })
  }
  // The overview's linked card.
  await page.getByRole('link', { name: /Active API tokens/ }).focus()
  expect(await focusRing(page), 'the focus ring of the Active API tokens card').toEqual({ drawn: true, clipped: false })

  // The time range's calendar: its arrows say which way they go.
  await page.getByRole('link', { name: 'Provisioning log' }).focus()
  await page.keyboard.press('Enter')
  await page.getByRole('button', { name: /^Time range/ }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('button', { name: 'Previous month' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Next month' })).toBeVisible()
})

test('the first Tab reaches "Skip to content", which takes focus past the header and the navigation to the screen', async ({ page, backend }) => {
  await acme(backend, 1)
  await openConsole(page, backend, '/tenants/acme')
  await expect(page.getByText('Latest failures')).toBeVisible()
  const skip = page.getByRole('link', { name: 'Skip to content' })
  // Out of sight until a Tab reaches it.
  expect((await skip.boundingBox())?.width ?? 0).toBeLessThanOrEqual(1)
  await page.keyboard.press('Tab')
  await expect(skip).toBeFocused()
  expect((await skip.boundingBox())?.width ?? 0).toBeGreaterThan(40)
  expect(await focusRing(page), 'the focus ring of Skip to content').toEqual({ drawn: true, clipped: false })

  await page.keyboard.press('Enter')
  await expect(page.getByRole('main')).toBeFocused()
  await expect(page).toHaveURL(/#\/tenants\/acme$/)
  // The next Tab is on the screen's own first control, not in the header or the navigation.
  await page.keyboard.press('Tab')
  expect(await page.evaluate(() => document.activeElement?.closest('main') ? document.activeElement.tagName : null)).not.toBeNull()
})

/**
 * The contrast of an element's colour (its outline, or its fill) against the nearest opaque background behind it:
 * WCAG's 3:1 for a focus ring and for the parts of a control that show its state.
 */
/** Starts a paused Okta demo for a new tenant from the keyboard and takes its first step; answers the run's region. */
async function firstDemoStep(page: Page, backend: ConsoleBackend): Promise<Locator> {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await openConsole(page, backend, '/tenants/acme/demo')
  await page.getByRole('switch', { name: /Start paused/ }).check()
  await page.getByRole('button', { name: 'Run Okta demo' }).focus()
  await page.keyboard.press('Enter')
  const run = page.getByRole('region', { name: 'Okta demo run' })
  await run.getByRole('button', { name: 'Step' }).click()
  return run
}

async function contrast(target: Locator, property: 'outlineColor' | 'backgroundColor'): Promise<number> {
  return target.evaluate((element, property) => {
    const rgb = (color: string): number[] => (color.match(/[\d.]+/g) ?? []).map(Number)
    const luminance = (color: string): number => {
      const [r = 0, g = 0, b = 0] = rgb(color).map((channel) => {
        const c = channel / 255
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    let background = 'rgb(255, 255, 255)'
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const color = getComputedStyle(parent).backgroundColor
      if (rgb(color).length === 3 || rgb(color)[3] === 1) {
        background = color
        break
      }
    }
    const [lighter, darker] = [luminance(getComputedStyle(element)[property]), luminance(background)].sort((a, b) => b - a)
    return ((lighter ?? 0) + 0.05) / ((darker ?? 0) + 0.05)
  }, property)
}

/** The contrast of the focused element's outline against the background behind it. */
async function ringContrast(page: Page): Promise<number> {
  return contrast(page.locator(':focus'), 'outlineColor')
}

test('the tenant switcher shows the same focus ring as the other controls, in both themes', async ({ page, backend }) => {
  await acme(backend, 1)
  await openConsole(page, backend, '/tenants/acme')
  const switcher = page.getByRole('banner').getByRole('combobox', { name: 'Switch tenant' })
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await page.getByRole('button', { name: /Search or jump to/ }).focus()
    await page.keyboard.press('Tab')
    await expect(switcher).toBeFocused()
    expect(await focusRing(page), `the switcher's focus ring, ${theme} theme`).toEqual({ drawn: true, clipped: false })
    expect(await ringContrast(page), `the switcher's focus ring against the header, ${theme} theme`).toBeGreaterThanOrEqual(3)
    await page.keyboard.press('Escape')
  }
})

test('Enter in Delete tenant, with tokens still active, says beside the box that it must be ticked, and focuses it', async ({ page, backend }) => {
  await acme(backend, 1)
  await openConsole(page, backend, '/tenants/acme')
  await page.getByRole('button', { name: 'Delete tenant…' }).focus()
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'Delete Acme Corp?' })
  await expect(dialog.getByRole('textbox', { name: 'To confirm, type acme' })).toBeFocused()
  await page.keyboard.type('acme')
  await page.keyboard.press('Enter')

  const box = dialog.getByRole('checkbox', { name: 'Delete it with its active API token' })
  await expect(box).toBeFocused()
  await expect(box).toHaveAccessibleDescription('Tick this box to delete Acme Corp with its API token, or revoke the token first.')
  expect(backend.services.tenants.find('acme')).toBeDefined()

  // Space ticks it, the message goes, and Delete tenant deletes.
  await page.keyboard.press('Space')
  await expect(box).toBeChecked()
  await expect(dialog.getByText('Tick this box')).toHaveCount(0)
  await tabTo(page, dialog.getByRole('button', { name: 'Delete tenant' }))
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/tenants$/)
  expect(backend.services.tenants.find('acme')).toBeUndefined()
})

test('a toast\'s Undo is pressed with Ctrl+Z, which the toast names, while the drawer keeps Tab inside itself', async ({ page, backend }) => {
  const secret = await acme(backend, 1)
  await openConsole(page, backend, '/tenants/acme/directory')
  const row = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /ada\.lovelace@acme\.com/ })
  await row.focus()
  await page.keyboard.press('Enter')
  const drawer = page.getByRole('dialog', { name: 'Ada Lovelace' })
  await tabTo(page, drawer.getByRole('button', { name: 'Deactivate' }))
  await page.keyboard.press('Enter')
  await expect(drawer.getByRole('button', { name: 'Reactivate' })).toBeFocused()

  const toast = page.getByRole('alert').filter({ hasText: 'User deactivated' })
  await expect(toast.getByRole('button', { name: /^Undo/ })).toHaveAttribute('aria-keyshortcuts', 'Control+Z')
  await expect(toast).toContainText('Ctrl+Z')
  await page.keyboard.press('Control+Z')
  await expect(toast).toBeHidden()
  await expect(page.getByRole('alert').filter({ hasText: 'User reactivated' })).toBeVisible()
  await expect(drawer.getByRole('button', { name: 'Deactivate' })).toBeFocused()
  const found = await scim(backend, 'acme', secret, 'GET', `/Users?filter=${encodeURIComponent('userName eq "ada.lovelace@acme.com"')}`)
  expect((found.body.Resources as { active: boolean }[])[0]?.active).toBe(true)

  // The undo's own toast offers no Undo: a second Ctrl+Z does nothing.
  await page.keyboard.press('Control+Z')
  await expect(drawer.getByRole('button', { name: 'Deactivate' })).toBeFocused()
})

test('the overview\'s activity chart is one Tab stop: the arrow keys, Home and End read out its bars, and Enter opens a bar\'s requests', async ({ page, backend }) => {
  await acme(backend, 2)
  await openConsole(page, backend, '/tenants/acme')
  const chart = page.getByRole('application', { name: 'Requests to Acme Corp per half hour over the last 24 hours, by outcome' })
  await expect(chart).toHaveAccessibleDescription("Left and right arrows move through the bars, Home and End go to the first and last; Enter opens a bar's requests.")
  await tabTo(page, chart)
  expect(await focusRing(page), 'the focus ring of the chart').toEqual({ drawn: true, clipped: false })

  // The arrows move through the half hours, each read out: the first is yesterday's, named with its day.
  const readout = page.locator('[aria-live="polite"]').filter({ hasText: / – / })
  const yesterday = /^\d+ \w+, \d{2}:\d{2} – \d{2}:\d{2}: no requests$/
  await page.keyboard.press('ArrowLeft')
  await expect(readout).toHaveText(yesterday)
  // End goes to the newest half hour, today's, at once; Home back to the first.
  await page.keyboard.press('End')
  await expect(readout).toHaveText(/^\d{2}:\d{2} – \d{2}:\d{2}: /)
  await page.keyboard.press('Home')
  await expect(readout).toHaveText(yesterday)

  // The newest holds Okta's pushes (or, when a half hour has just begun, the one before it); Enter opens them.
  await page.keyboard.press('End')
  await expect(readout).toHaveText(/^\d{2}:\d{2} – \d{2}:\d{2}: /)
  if (/no requests$/.test((await readout.textContent()) ?? '')) await page.keyboard.press('ArrowLeft')
  await expect(readout).toHaveText(/^(\d+ \w+, )?\d{2}:\d{2} – \d{2}:\d{2}: \d+ requests, none failed$/)
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/logs\?.*since=.*until=/)
  await expect(page.getByRole('table', { name: 'Provisioning log' }).getByRole('row', { name: /Push new user ada\.lovelace@acme\.com/ })).toBeVisible()
})

test('the Okta demo runs from the keyboard: focus goes to the run\'s controls as it starts and stays there as it ends, and its state is read out', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await openConsole(page, backend, '/tenants/acme/demo')
  const start = page.getByRole('button', { name: 'Run Okta demo' })
  await expect(start).toBeVisible()

  // The form in the order it reads: the app type, the users, the speed, "Start paused", then Run.
  await page.getByRole('tab', { name: 'Okta simulator' }).focus()
  const speed = page.getByRole('radiogroup', { name: 'Speed' })
  for (const control of [
    page.getByRole('radiogroup', { name: 'Client' }).getByRole('radio', { name: 'Okta catalog app · PATCH' }),
    page.getByRole('textbox', { name: 'Users to assign' }),
    speed.getByRole('radio', { name: '1×' }),
    page.getByRole('switch', { name: /Start paused/ }),
    start
  ]) {
    await page.keyboard.press('Tab')
    await expect(control).toBeFocused()
  }

  // Started paused, the run's first control has the focus (the button that started it is gone), and says it is paused.
  await page.keyboard.press('Shift+Tab')
  await page.keyboard.press('Space')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  const run = page.getByRole('region', { name: 'Okta demo run' })
  await expect(run.getByRole('button', { name: 'Resume' })).toBeFocused()
  await expect(run.getByRole('status')).toHaveText('Paused')
  await page.keyboard.press('Tab')
  await expect(run.getByRole('button', { name: 'Step' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(run.getByTestId('demo-step').first().getByLabel('Succeeded')).toBeVisible()

  // Cancelled, the links that take the controls' place take the focus, and the run says it was cancelled.
  await page.keyboard.press('Tab')
  await expect(run.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(run.getByRole('status')).toHaveText('Cancelled')
  await expect(run.getByRole('link', { name: 'See the users' })).toBeFocused()

  // Run again at 5×, and resumed: once it has finished, "See the users" has the focus that was on Pause. The form is
  // folded into its summary above the run: its Run button, then Change settings, which unfolds it and hands the focus
  // to its first control.
  await page.keyboard.press('Shift+Tab')
  await expect(start).toBeFocused()
  await page.keyboard.press('Shift+Tab')
  await expect(page.getByRole('button', { name: 'Change settings' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('radiogroup', { name: 'Client' }).getByRole('radio', { name: 'Okta catalog app · PATCH' })).toBeFocused()
  await speed.getByRole('radio', { name: '1×' }).focus()
  await page.keyboard.press('ArrowRight')
  await expect(speed.getByRole('radio', { name: '5×' })).toBeChecked()
  await start.focus()
  await page.keyboard.press('Enter')
  await expect(run.getByRole('button', { name: 'Resume' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('demo-finished')).toBeVisible({ timeout: 90_000 })
  await expect(run.getByRole('status')).toHaveText('Finished')
  await expect(run.getByRole('link', { name: 'See the users' })).toBeFocused()
})

test('Okta\'s wait after a 429 is read out once as it begins, not again at every tick of its countdown', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  value(backend.services.faults.set('acme', { throttlePerMinute: 6, latencyMs: 0, failNextAuth: false, rules: [] }))
  await openConsole(page, backend, '/tenants/acme/demo')
  await page.getByRole('button', { name: 'Run Okta demo' }).focus()
  await page.keyboard.press('Enter')
  const countdown = page.getByTestId('retry-countdown')
  await expect(countdown).toBeVisible({ timeout: 60_000 })
  await expect(countdown.getByRole('alert')).toHaveText(/^429 Too Many Requests: Okta waits \d+ s before attempt 2 of 10\.$/)
  // The count, redrawn five times a second, is in no live region: a screen reader would read the whole wait out again.
  const ticking = countdown.getByText(/Retrying in/)
  await expect(ticking).toBeVisible()
  expect(await ticking.evaluate((element) => element.closest('[role="alert"], [role="status"], [role="log"], [role="timer"], [aria-live]:not([aria-live="off"])')?.outerHTML.slice(0, 80) ?? null)).toBeNull()
  await page.getByRole('region', { name: 'Okta demo run' }).getByRole('button', { name: 'Cancel' }).focus()
  await page.keyboard.press('Enter')
  await expect(countdown).toBeHidden()
})

test('the Faults page from the keyboard: each switch says what it does, and focus stays put after a removed failure, a save and a turn-off', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await openConsole(page, backend, '/tenants/acme/faults')
  const throttle = page.getByRole('switch', { name: 'Throttle' })
  await expect(throttle).toHaveAccessibleDescription('Okta gets 429 Too Many Requests with a Retry-After header, and waits before it retries.')
  await expect(page.getByRole('switch', { name: 'Make the next token check fail as if revoked' })).toHaveAccessibleDescription(/^Okta's next request gets 401 Unauthorized/)

  // Space turns the throttle on; its number is the next Tab stop, and the arrow keys change it.
  await throttle.focus()
  await page.keyboard.press('Space')
  await expect(throttle).toBeChecked()
  await page.keyboard.press('Tab')
  const perMinute = page.getByRole('textbox', { name: 'Requests a minute' })
  await expect(perMinute).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await expect(perMinute).toHaveValue('11 / min')

  // Two failures; removing the first puts the focus on the Remove of the one now in its place, the last on Add failure.
  const add = page.getByRole('button', { name: 'Add failure' })
  // (Each new failure takes the focus, on its Operation.)
  await add.focus()
  await page.keyboard.press('Enter')
  await add.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('group', { name: /^Failure \d$/ })).toHaveCount(2)
  await page.getByRole('button', { name: 'Remove failure 1' }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('group', { name: /^Failure \d$/ })).toHaveCount(1)
  await expect(page.getByRole('button', { name: 'Remove failure 1' })).toBeFocused()

  // A failure with no detail cannot be saved: Save stays a Tab stop, says why, and does nothing.
  const save = page.getByRole('button', { name: 'Save faults' })
  await page.getByRole('textbox', { name: 'Detail Okta shows its admin' }).fill('')
  await expect(save).toHaveAttribute('aria-disabled', 'true')
  await expect(save).toHaveAccessibleDescription('Rule 1 needs a detail: the sentence Okta shows its admin.')
  await page.getByRole('button', { name: 'Remove failure 1' }).focus()
  await page.keyboard.press('Enter')
  await expect(add).toBeFocused()

  // Saved from the keyboard, Save keeps the focus, with nothing left to save; so does Turn all off.
  await save.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('alert').filter({ hasText: 'Faults saved' })).toBeVisible()
  await expect(save).toHaveAttribute('aria-disabled', 'true')
  await expect(save).toBeFocused()
  expect(value(backend.services.faults.get('acme')).throttlePerMinute).toBe(11)
  await page.keyboard.press('Shift+Tab')
  const turnOff = page.getByRole('button', { name: 'Turn all off' })
  await expect(turnOff).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('alert').filter({ hasText: 'Faults off' })).toBeVisible()
  await expect(turnOff).toHaveAttribute('aria-disabled', 'true')
  await expect(turnOff).toBeFocused()
  expect(value(backend.services.faults.get('acme')).throttlePerMinute).toBe(0)
})

test('a fault\'s number is retyped by erasing it first: the field stays on and editable while it is empty', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await openConsole(page, backend, '/tenants/acme/faults')
  const throttle = page.getByRole('switch', { name: 'Throttle' })
  await throttle.focus()
  await page.keyboard.press('Space')
  const perMinute = page.getByRole('textbox', { name: 'Requests a minute' })
  await expect(perMinute).toHaveValue('10 / min')

  // Erased to retype it, the number leaves the throttle on and the field in the CSM's hands; Save says what it lacks.
  await erase(perMinute)
  await expect(perMinute).toBeEnabled()
  await expect(perMinute).toBeFocused()
  await expect(throttle).toBeChecked()
  const save = page.getByRole('button', { name: 'Save faults' })
  await expect(save).toHaveAttribute('aria-disabled', 'true')
  await expect(save).toHaveAccessibleDescription('The throttle is a whole number of requests a minute.')
  await page.keyboard.type('50')
  await expect(perMinute).toHaveValue('50 / min')

  const latency = page.getByRole('switch', { name: 'Latency' })
  await latency.focus()
  await page.keyboard.press('Space')
  const added = page.getByRole('textbox', { name: 'Added latency' })
  await erase(added)
  await expect(added).toBeEnabled()
  await expect(latency).toBeChecked()
  await page.keyboard.type('3000')
  await expect(added).toHaveValue('3000 ms')

  await save.click()
  await expect(page.getByRole('alert').filter({ hasText: 'Faults saved' })).toBeVisible()
  const saved = value(backend.services.faults.get('acme'))
  expect([saved.throttlePerMinute, saved.latencyMs]).toEqual([50, 3000])

  // Off is still the switch's to say: turned off, the field empties and locks.
  await throttle.focus()
  await page.keyboard.press('Space')
  await expect(perMinute).toBeDisabled()
  await expect(perMinute).toHaveValue('')
})

test('a failure\'s share of requests is retyped by erasing it first, rather than typed after a 1 that comes back', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await openConsole(page, backend, '/tenants/acme/faults')
  await page.getByRole('button', { name: 'Add failure' }).click()
  const failure = page.getByRole('group', { name: 'Failure 1' })
  await failure.getByText('Share of requests').click()
  const share = failure.getByRole('textbox', { name: 'Share of requests that fail' })
  await expect(share).toHaveValue('100%')

  await erase(share)
  const save = page.getByRole('button', { name: 'Save faults' })
  await expect(save).toHaveAccessibleDescription('Rule 1: the share of requests that fail is from 1 to 100%.')
  await page.keyboard.type('50')
  await expect(share).toHaveValue('50%')
  await save.click()
  await expect(page.getByRole('alert').filter({ hasText: 'Faults saved' })).toBeVisible()
  expect(value(backend.services.faults.get('acme')).rules.map((rule) => [rule.mode, rule.percent])).toEqual([['percent', 50]])
})

test('the Okta demo\'s steps and its live log scroll from the keyboard, are named, and show their focus ring whole', async ({ page, backend }) => {
  const run = await firstDemoStep(page, backend)
  await expect(page.getByRole('list', { name: 'Live log' }).getByRole('listitem')).toHaveCount(1)

  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await run.getByRole('button', { name: 'Cancel' }).focus()
    await page.keyboard.press('Tab')
    await expect(run.getByRole('region', { name: 'Steps of this run' })).toBeFocused()
    expect(await focusRing(page), `the steps' focus ring, ${theme} theme`).toEqual({ drawn: true, clipped: false })
    expect(await ringContrast(page), `the steps' focus ring against the card, ${theme} theme`).toBeGreaterThanOrEqual(3)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await expect(page.getByRole('list', { name: 'Live log' })).toBeFocused()
    expect(await focusRing(page), `the live log's focus ring, ${theme} theme`).toEqual({ drawn: true, clipped: false })
    expect(await ringContrast(page), `the live log's focus ring against the card, ${theme} theme`).toBeGreaterThanOrEqual(3)
  }
})

test('Add failure puts the focus on the new failure\'s operation; at 20 failures it stays a Tab stop and says why, as does an off fault\'s number', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  const rule = (index: number) => ({ id: `rule-${index}`, operation: 'create-user' as const, status: 500, detail: 'Internal error.', mode: 'once' as const, percent: 100 })
  value(backend.services.faults.set('acme', { throttlePerMinute: 0, latencyMs: 0, failNextAuth: false, rules: Array.from({ length: 18 }, (_, index) => rule(index)) }))
  await openConsole(page, backend, '/tenants/acme/faults')
  // The first visit renders eighteen rules' fields, seconds on a loaded 2-core machine: the form is waited for with
  // room for that, before anything is read from it.
  await expect(page.getByRole('group', { name: 'Failure 18' })).toBeVisible({ timeout: 30_000 })
  // A closed list is not rendered at all: Mantine kept each of the 36 hidden in the page, over 500 options that made
  // the page slow to show and to type in.
  await expect(page.locator('[role="option"]').filter({ hasText: /Push new user|Internal Server Error/ })).toHaveCount(0)

  // A number whose switch is off cannot be typed in, and says how to make it so.
  await expect(page.getByRole('textbox', { name: 'Requests a minute' })).toHaveAccessibleDescription('Turn on Throttle to set it.')
  await expect(page.getByRole('textbox', { name: 'Added latency' })).toHaveAccessibleDescription('Turn on Latency to set it.')

  // The new failure's first field takes the focus, in a group that names it.
  const add = page.getByRole('button', { name: 'Add failure' })
  await add.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('group', { name: 'Failure 19' }).getByRole('combobox', { name: 'Operation' })).toBeFocused()
  // Its list stays closed until asked for: ↓ opens it.
  await expect(page.getByRole('listbox')).toHaveCount(0)
  await page.keyboard.press('ArrowDown')
  await expect(page.getByRole('listbox')).toBeVisible()
  await page.keyboard.press('Escape')
  await add.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('group', { name: 'Failure 20' }).getByRole('combobox', { name: 'Operation' })).toBeFocused()
  await page.keyboard.press('Escape')

  // At the limit Add failure is dimmed but still a Tab stop, says why, and adds nothing.
  await page.getByRole('button', { name: 'Turn all off' }).focus()
  await tabTo(page, add)
  await expect(add).toHaveAttribute('aria-disabled', 'true')
  await expect(add).toHaveAccessibleDescription('Up to 20 failures: remove one to add another.')
  await page.keyboard.press('Enter')
  await expect(add).toBeFocused()
  await expect(page.getByRole('group', { name: /^Failure \d+$/ })).toHaveCount(20)
})

test('Run conformance self-test, while a run goes on, is still a Tab stop that says why it does nothing', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  // One request a minute: the run soon waits out a 429, long enough to try the button again.
  value(backend.services.tenants.update({ tenant: 'acme', rateLimitPerMinute: 1 }))
  await openConsole(page, backend, '/tenants/acme/demo?tab=conformance')
  const start = page.getByRole('button', { name: 'Run conformance self-test' })
  await start.focus()
  await page.keyboard.press('Enter')
  const live = page.getByRole('region', { name: 'Conformance self-test in progress' })
  await expect(live).toBeVisible()
  // The card folds into one line over the run, and the button pressed goes with it: the run's Cancel has the focus.
  await expect(live.getByRole('button', { name: 'Cancel' })).toBeFocused()

  await page.getByRole('tab', { name: /conformance/i }).focus()
  await tabTo(page, start)
  await expect(start).toHaveAttribute('aria-disabled', 'true')
  await expect(start).toHaveAccessibleDescription('A self-test is running: wait for it to finish, or cancel it below.')
  await page.keyboard.press('Enter')
  await expect(start).toBeFocused()

  await live.getByRole('button', { name: 'Cancel' }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('region', { name: 'Conformance results' })).toBeVisible()
  await expect(start).not.toHaveAttribute('aria-disabled')
  // The Enter pressed during the run started no second one.
  expect(value(backend.services.tokens.list('acme')).filter((token) => token.label === 'Okta SPEC test')).toHaveLength(1)
  await expect(page.getByRole('alert').filter({ hasText: 'Could not run the self-test' })).toHaveCount(0)
})

test('the Okta demo reads out one line for the step under way, not its whole list of steps again', async ({ page, backend }) => {
  const run = await firstDemoStep(page, backend)
  await expect(run.getByTestId('demo-step').first().getByLabel('Succeeded')).toBeVisible()

  const summary = run.getByTestId('demo-step-summary')
  await expect(summary).toHaveAttribute('aria-live', 'polite')
  await expect(summary).toHaveText(/^Step 1 of \d+, succeeded: \S/)
  const steps = run.getByRole('list', { name: 'What Okta does' })
  expect(await steps.evaluate((element) => element.closest('[role="alert"], [role="status"], [role="log"], [aria-live]:not([aria-live="off"])')?.outerHTML.slice(0, 80) ?? null)).toBeNull()
  await run.getByRole('button', { name: 'Cancel' }).click()
})

test('a switch that is off shows its track and its thumb at 3:1 or more, in both themes', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await openConsole(page, backend, '/tenants/acme/faults')
  const throttle = page.getByRole('switch', { name: 'Throttle' })
  await expect(throttle).not.toBeChecked()
  const track = throttle.locator('xpath=..').locator('.mantine-Switch-track')
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    expect(await contrast(track, 'backgroundColor'), `the off track against the card, ${theme} theme`).toBeGreaterThanOrEqual(3)
    expect(await contrast(track.locator('.mantine-Switch-thumb'), 'backgroundColor'), `the thumb against the off track, ${theme} theme`).toBeGreaterThanOrEqual(3)
  }
})
