// The smallest window the app allows (960×600, src/main/core/window-state.ts) and a common laptop one (1024×700),
// with the long names real customers have: every screen Support reads on a call shows what matters whole, with no
// column, badge or address cut off and no table that scrolls sideways without saying so. The assertions measure the
// layout; the screenshots land in test-results/screenshots/narrow-<screen>-<size>-<theme>.png for people to look at.
import { mkdirSync } from 'node:fs'
import type { Locator, Page } from '@playwright/test'
import { slugify } from '../../src/shared/slug'
import { expect as baseExpect, openConsole, test, type ConsoleBackend } from './harness/fixtures'
import { asOf, oktaUser, pushUsers, scim, screenshotDir, shoot, value } from './harness/seed'

// This machine is shared with builds and benchmarks; waits are generous, and no assertion is about time.
const expect = baseExpect.configure({ timeout: 20_000 })

// Each size in one theme: the theme changes no layout, and the pictures show both themes all the same. `logRows` is
// how many whole rows of the provisioning log each size shows at least, under its header, filters and chart.
const views = [
  { size: { width: 960, height: 600 }, theme: 'light', logRows: 8 },
  { size: { width: 1024, height: 700 }, theme: 'dark', logRows: 10 }
] as const

/** As long as the console accepts: 80 characters. */
const longLabel = 'Okta production for the very long named integration in the EMEA sandbox environm'
const longTenantName = 'Supercalifragilisticexpialidocious Worldwide Holdings International Enterprises of Greater Metro'
const longUserName = 'firstname.middlename.lastname.with.a.really.long.suffix.for.testing@subsidiary-division-department.globex-international-holdings.com'

/** A few tenants, one with a very long name; Globex with tokens in every status, users, a very long userName, failures. */
async function seedNarrow(backend: ConsoleBackend): Promise<void> {
  const globex = asOf(backend, 120, (past) => {
    value(past.tenants.create({ name: 'Acme Corp' }))
    value(past.tenants.create({ name: longTenantName }))
    value(past.tenants.create({ name: 'Globex' }))
    value(past.tokens.issue({ tenant: 'globex', label: 'Okta sandbox', expiresInDays: 30 }))
    const leaked = value(past.tokens.issue({ tenant: 'globex', label: 'Shared in a support ticket' }))
    value(past.tokens.revoke(leaked.id))
    return value(past.tokens.issue({ tenant: 'globex', label: longLabel })).token
  })
  await pushUsers(backend, 'globex', globex, 'globex.com', 24)
  // Failures of each kind Support meets, so that the log shows every status colour.
  expect((await scim(backend, 'globex', globex, 'POST', '/Users', oktaUser('globex.com', 3))).status).toBe(409)
  expect((await scim(backend, 'globex', 'scim_thisTokenWasPastedWithATypo', 'GET', '/Users?startIndex=1&count=2')).status).toBe(401)
  // The newest request is for the longest userName, so that it is the log's first row.
  const long = { ...oktaUser('globex-international-holdings.com', 1), userName: longUserName, emails: [{ primary: true, value: longUserName, type: 'work' }], name: { givenName: 'Émile', familyName: 'Ølsen' }, displayName: 'Émile Ølsen' }
  expect((await scim(backend, 'globex', globex, 'POST', '/Users', long)).status).toBe(201)
}

/** The element's box, and whether its own content overflows it (an ellipsis, a clipped label). */
async function measure(locator: Locator) {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect()
    return {
      left: box.left,
      right: box.right,
      top: box.top,
      bottom: box.bottom,
      width: box.width,
      height: box.height,
      overflows: element.scrollWidth > element.clientWidth + 1,
      viewport: window.innerWidth
    }
  })
}

/** Fully on screen horizontally, inside `container` if given, and not cut short by its own overflow. */
async function expectWhole(locator: Locator, container?: Locator): Promise<void> {
  const box = await measure(locator)
  const description = await locator.evaluate((element) => element.textContent?.trim().slice(0, 60) ?? element.tagName)
  expect(box.overflows, `“${description}” is cut short`).toBe(false)
  expect(box.left, `“${description}” starts off screen`).toBeGreaterThanOrEqual(0)
  expect(box.right, `“${description}” ends off screen`).toBeLessThanOrEqual(box.viewport)
  if (container) {
    const outer = await measure(container)
    expect(box.left, `“${description}” starts outside its container`).toBeGreaterThanOrEqual(outer.left - 0.5)
    expect(box.right, `“${description}” ends outside its container`).toBeLessThanOrEqual(outer.right + 0.5)
  }
}

/** How many log rows show whole: below the sticky header, above the bottom of the scroller and of the window. */
async function wholeRowsInView(scroller: Locator): Promise<number> {
  return scroller.evaluate((element) => {
    const box = element.getBoundingClientRect()
    const top = element.querySelector('thead')?.getBoundingClientRect().bottom ?? box.top
    const bottom = Math.min(box.bottom, window.innerHeight)
    return [...element.querySelectorAll('tbody tr[data-entry-id]')].filter((row) => {
      const rowBox = row.getBoundingClientRect()
      return rowBox.top >= top - 0.5 && rowBox.bottom <= bottom + 0.5
    }).length
  })
}

/** An input's placeholder fits the room between its sections, in the input's own font. */
async function expectPlaceholderWhole(input: Locator): Promise<void> {
  const { placeholder, text, room } = await input.evaluate((element) => {
    const field = element as HTMLInputElement
    const style = getComputedStyle(field)
    const context = document.createElement('canvas').getContext('2d')
    if (!context) throw new Error('no canvas')
    context.font = style.font
    return {
      placeholder: field.placeholder,
      text: context.measureText(field.placeholder).width,
      room: field.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
    }
  })
  expect(placeholder, 'the search has a placeholder').not.toBe('')
  expect(text, `the placeholder “${placeholder}” is cut`).toBeLessThanOrEqual(room)
}

/** The text of each line an element's text is laid out on, read character by character from the layout. */
async function lines(locator: Locator): Promise<string[]> {
  return locator.evaluate((element) => {
    const found: string[] = []
    let line = ''
    let lineTop: number | null = null
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? ''
      for (let index = 0; index < text.length; index++) {
        const range = document.createRange()
        range.setStart(node, index)
        range.setEnd(node, index + 1)
        const rect = range.getClientRects()[0]
        if (!rect) continue
        if (lineTop !== null && rect.top > lineTop + rect.height / 2) {
          found.push(line)
          line = ''
        }
        if (line === '') lineTop = rect.top
        line += text.charAt(index)
      }
    }
    if (line !== '') found.push(line)
    return found
  })
}

/** A URL shown whole, every line but the last ending in "/": it never breaks inside a host or a slug. */
async function expectBreaksAtSlashes(locator: Locator, url: string): Promise<string[]> {
  await expect(locator).toHaveText(url)
  const laidOut = await lines(locator)
  expect(laidOut.join(''), 'the lines hold the whole URL').toBe(url)
  for (const line of laidOut.slice(0, -1)) expect(line, `“${url}” breaks inside a word`).toMatch(/\/$/)
  await expectWhole(locator)
  return laidOut
}

/** A scrolling area that does not scroll sideways: everything in it fits its width. */
async function expectNoSidewaysScroll(locator: Locator): Promise<void> {
  // Once the table has laid itself out for its width: it shows every column until its card is first measured
  // (useColumnsThatFit), a frame that a busy machine can stretch into the moment this reads.
  await expect.poll(() => locator.evaluate((element) => element.scrollWidth - element.clientWidth), { message: 'the table scrolls sideways' }).toBeLessThanOrEqual(1)
}

/** A screenshot with the pointer parked over the empty corner of the navigation, where it hovers nothing. */
async function shootNarrow(page: Page, screen: string, size: { width: number; height: number }, theme: string): Promise<void> {
  await shoot(page, `narrow-${screen}-${size.width}x${size.height}`, theme, { x: 120, y: size.height - 80 })
}

async function go(page: Page, route: string): Promise<void> {
  await page.evaluate((hash) => {
    window.location.hash = hash
  }, route)
}

test.describe.configure({ timeout: 240_000 })

test('a small window shows what Support reads whole, on every screen', async ({ page, backend }) => {
  mkdirSync(screenshotDir, { recursive: true })
  await seedNarrow(backend)
  await page.setViewportSize(views[0].size)
  await openConsole(page, backend, '/tenants')

  for (const { size, theme, logRows } of views) {
    await page.setViewportSize(size)
    await page.emulateMedia({ colorScheme: theme })

    // ——— Header: the search button stays one line ———
    await go(page, '/tenants')
    const tenants = page.getByRole('table', { name: 'Tenants' })
    const longRow = tenants.getByRole('row', { name: new RegExp(longTenantName.slice(0, 30)) })
    await expect(longRow).toBeVisible()
    const search = page.getByRole('button', { name: /Search or jump to/ })
    expect((await measure(search)).height).toBeLessThanOrEqual(34)
    const searchText = search.getByText('Search or jump to…')
    expect((await measure(searchText)).height, 'the search button’s words wrap').toBeLessThan(24)

    // ——— Tenants: a long name wraps; the counts, last request and failures stay in the card ———
    const tenantsCard = tenants.locator('xpath=ancestor::div[contains(@class, "mantine-Paper-root")][1]')
    await expectNoSidewaysScroll(tenants.locator('xpath=..'))
    for (const header of ['Users', 'Active tokens', 'Last request', 'Failures, last hour']) {
      await expectWhole(tenants.getByRole('columnheader', { name: header }), tenantsCard)
    }
    await expectWhole(longRow.getByText('None', { exact: true }), tenantsCard)
    await expectWhole(longRow.getByText('Never', { exact: true }), tenantsCard)
    await shootNarrow(page, 'tenants', size, theme)

    // ——— Command palette: a very long userName ends in an ellipsis inside the palette ———
    await page.keyboard.press('Control+K')
    await page.getByRole('textbox', { name: 'Jump to' }).fill('firstname.middle')
    const palette = page.getByRole('dialog')
    const found = palette.getByRole('button', { name: /firstname\.middlename/ })
    await expect(found).toContainText('User in Globex')
    await expect(found).toHaveAttribute('title', longUserName)
    const label = found.locator('.mantine-Spotlight-actionLabel')
    const labelBox = await measure(label)
    const actionBox = await measure(found)
    await shootNarrow(page, 'palette', size, theme)
    expect(labelBox.right, 'the userName runs past the palette').toBeLessThanOrEqual(actionBox.right)
    expect(labelBox.height, 'the userName wraps').toBeLessThan(30)
    expect(labelBox.overflows, 'a long userName ends in an ellipsis').toBe(true)
    await page.keyboard.press('Escape')
    await expect(palette).toBeHidden()

    // ——— Provisioning log: rows take the height; status and user in view, the filter bar whole ———
    await go(page, '/logs')
    const log = page.getByRole('table', { name: 'Provisioning log' })
    const firstRow = log.locator('tbody tr[data-entry-id]').first()
    await expect(firstRow).toContainText('Push new user')
    const scroller = page.getByTestId('log-scroller')
    await expectNoSidewaysScroll(scroller)
    // Header, filters and chart stay compact in a short window, so that Support sees many requests at once; the page
    // itself does not scroll, so the table's footer is on screen too, and nothing overlaps.
    await expect(page.getByRole('button', { name: 'Show the activity chart' })).toBeVisible()
    expect(await wholeRowsInView(scroller), 'too few log rows are in view').toBeGreaterThanOrEqual(logRows)
    expect(await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight), 'the page scrolls').toBeLessThanOrEqual(0)
    const filters = page.getByRole('search', { name: 'Filter the provisioning log' })
    const chartCard = page.getByRole('button', { name: 'Show the activity chart' }).locator('xpath=ancestor::div[contains(@class, "mantine-Paper-root")][1]')
    const logCard = scroller.locator('xpath=..')
    const [titleBox, filtersBox, chartBox, logBox] = await Promise.all([measure(page.getByRole('heading', { level: 1 })), measure(filters), measure(chartCard), measure(logCard)])
    expect(titleBox.bottom, 'the title runs into the filters').toBeLessThanOrEqual(filtersBox.top)
    expect(filtersBox.bottom, 'the filters run into the chart').toBeLessThanOrEqual(chartBox.top)
    expect(chartBox.bottom, 'the chart runs into the table').toBeLessThanOrEqual(logBox.top)
    expect(logBox.bottom, 'the table’s footer is cut off').toBeLessThanOrEqual(size.height)
    // The search says what it searches, whole.
    await expectPlaceholderWhole(filters.getByRole('textbox', { name: 'Search' }))
    const statusCell = firstRow.locator('td').filter({ hasText: /^201$/ })
    await expectWhole(statusCell.getByText('201', { exact: true }), scroller)
    await expectWhole(log.getByRole('columnheader', { name: 'Status' }), scroller)
    const targetCell = firstRow.locator('td').filter({ hasText: /^firstname\./ })
    expect((await measure(targetCell)).width, 'the user or group has too little room').toBeGreaterThanOrEqual(180)
    const outcome = filters.getByRole('radiogroup', { name: 'Outcome' })
    for (const choice of ['All', 'Failed', '4xx', '5xx', 'Throttled']) {
      await expectWhole(outcome.getByText(choice, { exact: true }), filters)
    }
    await expectWhole(filters.getByRole('button', { name: 'Filters', exact: true }), filters)
    await shootNarrow(page, 'logs', size, theme)
    // The folded filters open below the first line, whole, and fold again.
    await filters.getByRole('button', { name: 'Filters', exact: true }).click()
    for (const name of ['Operation', 'User or group', 'Status', 'Tenant']) {
      await expect(filters.locator(`input[aria-label="${name}"]`)).toBeVisible()
      await expectWhole(filters.locator(`input[aria-label="${name}"]`), filters)
    }
    await shootNarrow(page, 'logs-filters', size, theme)
    await filters.getByRole('button', { name: 'Filters', exact: true }).click()
    await expect(filters.locator('input[aria-label="Tenant"]')).toBeHidden()

    // ——— Directory: the userName has the room; the filters and tabs are whole ———
    await go(page, '/tenants/globex/directory')
    const users = page.getByRole('table', { name: 'Users' })
    const ada = users.getByRole('row', { name: /Ada Lovelace/ })
    await expect(ada).toBeVisible()
    await expectNoSidewaysScroll(users.locator('xpath=..'))
    await expectWhole(ada.getByText('ada.lovelace@globex.com', { exact: true }), users)
    await expectWhole(users.getByRole('columnheader', { name: 'Status' }), users)
    await expectWhole(ada.getByText('Active', { exact: true }), users)
    const status = page.getByRole('radiogroup', { name: 'Status' })
    for (const choice of ['All', 'Active', 'Deactivated']) await expectWhole(status.getByText(choice, { exact: true }))
    const tabs = page.getByRole('tablist')
    expect((await measure(tabs)).height, 'the Users and Groups tabs stack').toBeLessThan(48)
    // The search says what it searches, not "Search name, userr" cut off beside the tabs and the status filter.
    await expectPlaceholderWhole(page.getByRole('textbox', { name: 'Search users' }))
    await shootNarrow(page, 'directory', size, theme)

    // ——— Tokens: badges and Revoke whole, the long label wraps ———
    await go(page, '/tenants/globex/tokens')
    const tokens = page.getByRole('table', { name: 'API tokens' })
    const longToken = tokens.getByRole('row', { name: new RegExp(longLabel.slice(0, 30)) })
    await expect(longToken).toBeVisible()
    await expectNoSidewaysScroll(tokens.locator('xpath=..'))
    for (const badge of ['Active', 'Expired', 'Revoked']) {
      const found = tokens.locator('.mantine-Badge-root', { hasText: badge })
      await expectWhole(found, tokens)
      await expectWhole(found.locator('.mantine-Badge-label'), tokens)
    }
    await expectWhole(longToken.getByRole('button', { name: /^Revoke/ }), tokens)
    await expect(longToken.getByText(longLabel)).toHaveAttribute('title', longLabel)
    await shootNarrow(page, 'tokens', size, theme)

    // ——— Tenant overview: the title keeps its line; the four actions wrap below it rather than squeeze it out ———
    await go(page, '/tenants/globex')
    const title = page.getByRole('heading', { level: 1, name: 'Globex' })
    await expectWhole(title)
    const main = page.getByRole('main')
    for (const action of ['Edit tenant', 'Okta setup guide', 'View log', 'Issue API token']) await expectWhole(main.getByText(action, { exact: true }).first())
    await shootNarrow(page, 'overview', size, theme)

    // ——— Base URLs: a CSM reads them aloud and pastes them into Okta; they wrap after a "/" only ———
    const longSlug = slugify(longTenantName)
    const longUrl = `${backend.scimOrigin}/scim/v2/${longSlug}`
    await go(page, `/tenants/${longSlug}`)
    expect((await expectBreaksAtSlashes(page.getByTestId('scim-base-url'), longUrl)).length, 'the long base URL is not put to the test').toBeGreaterThan(1)
    await go(page, `/tenants/${longSlug}/setup`)
    await expectBreaksAtSlashes(page.getByTestId('setup-base-url'), longUrl)

    // ——— Demo: the three clients an engineer chooses between stay inside the form, stacked when it is narrow ———
    await go(page, '/tenants/globex/demo')
    const client = page.getByRole('radiogroup', { name: 'Client' })
    const demoForm = page.getByRole('button', { name: 'Run Okta demo' }).locator('xpath=ancestor::div[contains(@class, "mantine-Paper-root")][1]')
    // Once the form is measured: the control lies in one row until then, for a frame.
    await expect(async () => {
      for (const option of ['Okta catalog app · PATCH', 'Okta wizard app · PUT', 'Microsoft Entra ID']) await expectWhole(client.getByText(option, { exact: true }), demoForm)
    }).toPass({ timeout: 10_000 })

    // ——— Server: the address whole, as it is pasted into Okta ———
    await go(page, '/server')
    const address = page.getByTestId('server-address')
    await expect(address).toHaveText(backend.scimOrigin.replace('http://', ''))
    await expectWhole(address)
    expect((await measure(address)).height, 'the address breaks over lines').toBeLessThan(30)
    const addressValue = address.locator('xpath=..')
    expect((await measure(addressValue)).overflows, 'the address is ellipsized').toBe(false)
    await expectBreaksAtSlashes(page.getByTestId('scim-origin'), backend.scimOrigin)
    await expectBreaksAtSlashes(page.getByTestId('tenant-base-urls'), `${backend.scimOrigin}/scim/v2/<tenant-slug>`)
    await shootNarrow(page, 'server', size, theme)
  }
})

test('a long token label never squeezes the status badge, even in a wide window', async ({ page, backend }) => {
  await seedNarrow(backend)
  await page.setViewportSize({ width: 1440, height: 900 })
  await openConsole(page, backend, '/tenants/globex/tokens')
  const tokens = page.getByRole('table', { name: 'API tokens' })
  const longToken = tokens.getByRole('row', { name: new RegExp(longLabel.slice(0, 30)) })
  await expect(longToken).toBeVisible()
  await expectWhole(longToken.locator('.mantine-Badge-label'), tokens)
  // The created date stays on one line, as the other dates do.
  const created = longToken.getByRole('cell').nth(2)
  expect(await created.evaluate((cell) => cell.querySelector('span')?.getClientRects().length)).toBe(1)
  await expectWhole(longToken.getByRole('button', { name: /^Revoke/ }), tokens)
})

test('a token that expires soon, last used long ago, leaves its Revoke in view in the smallest window', async ({ page, backend }) => {
  await seedNarrow(backend)
  // Every column at its widest: an expiry that is near (the date, and how soon), and a last use shown as a date.
  const soon = value(backend.services.tokens.issue({ tenant: 'globex', label: 'Okta preview', expiresInDays: 10 }))
  backend.services.db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').run(Date.now() - 60 * 86_400_000, soon.id)
  await page.setViewportSize({ width: 960, height: 600 })
  await openConsole(page, backend, '/tenants/globex/tokens')
  const tokens = page.getByRole('table', { name: 'API tokens' })
  const row = tokens.getByRole('row', { name: /Okta preview/ })
  // The date and how soon, in words as well as in colour.
  await expect(row).toContainText(/in 10 d/)
  await expectNoSidewaysScroll(tokens.locator('xpath=..'))
  await expectWhole(row.getByRole('button', { name: /^Revoke/ }), tokens)
  await shootNarrow(page, 'tokens-expiring-soon', { width: 960, height: 600 }, 'light')
})

test('the groups table fits the smallest window, its last column whole beside a long group name', async ({ page, backend }) => {
  await seedNarrow(backend)
  const secret = value(backend.services.tokens.issue({ tenant: 'globex', label: 'Okta groups' })).token
  for (const displayName of ['Engineering', 'Global Sales and Customer Success Organisation for EMEA and APAC', 'Support']) {
    expect((await scim(backend, 'globex', secret, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName, members: [] })).status).toBe(201)
  }
  await page.setViewportSize({ width: 960, height: 600 })
  await openConsole(page, backend, '/tenants/globex/directory/groups')
  const groups = page.getByRole('table', { name: 'Groups' })
  await expect(groups.getByRole('row')).toHaveCount(4)
  await expectNoSidewaysScroll(groups.locator('xpath=..'))
  await expectWhole(groups.getByRole('columnheader', { name: 'Last updated' }), groups.locator('xpath=..'))
  await expectWhole(groups.getByRole('row', { name: /Support/ }).getByRole('cell').last(), groups.locator('xpath=..'))
  await shootNarrow(page, 'groups', { width: 960, height: 600 }, 'light')
})
