// Every screen, in light and dark, with the data a real support team has: several tenants, hundreds of users
// pushed over real SCIM, a log with failures of every kind, and API tokens in every status. The screenshots land
// in test-results/screenshots/<screen>-<theme>.png for people to look at; the assertions make sure each one
// shows what it should before it is taken. The Server and Settings pages have theirs in server-settings.spec.ts.
import { mkdirSync } from 'node:fs'
import type { Locator } from '@playwright/test'
import { expect, openConsole, test } from './harness/fixtures'
import { screenshotDir, seed, shoot, show } from './harness/seed'

const themes = ['light', 'dark'] as const

/** Whether the last character of an element's text is laid out inside the element's box: not cut off by an ellipsis. */
async function lastCharacterInView(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
    let last: Text | null = null
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.textContent?.trim()) last = node as Text
    if (!last) return false
    const range = document.createRange()
    const end = (last.textContent ?? '').trimEnd().length
    range.setStart(last, end - 1)
    range.setEnd(last, end)
    return range.getBoundingClientRect().right <= element.getBoundingClientRect().right + 0.5
  })
}

/**
 * How much room a middle-cut id (IdText) leaves between its ellipsis and its end, in pixels: the width of the cut start
 * less the characters it shows and the ellipsis after them. 0 when the id is not cut.
 */
async function gapAfterEllipsis(locator: Locator): Promise<number> {
  return locator.evaluate((element) => {
    const start = element.querySelector('span > span')
    const text = start?.firstChild
    if (!(start instanceof HTMLElement) || !(text instanceof Text) || start.scrollWidth <= start.clientWidth) return 0
    const context = document.createElement('canvas').getContext('2d')
    if (!context) throw new Error('no canvas')
    const style = getComputedStyle(start)
    context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
    const dots = context.measureText('…').width
    const range = document.createRange()
    let shown = 0
    for (let count = 1; count <= text.length; count++) {
      range.setStart(text, 0)
      range.setEnd(text, count)
      const width = range.getBoundingClientRect().width
      if (width + dots > start.clientWidth) break
      shown = width
    }
    return start.clientWidth - shown - dots
  })
}

test('every screen is designed in light and dark, with realistic data', async ({ page, backend }) => {
  test.setTimeout(300_000)
  mkdirSync(screenshotDir, { recursive: true })

  await openConsole(page, backend, '/tenants')
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme })
    await show(page, '/tenants', (p) => p.getByText('Create your first tenant'))
    await shoot(page, 'tenants-empty', theme)
  }

  await seed(backend)

  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme })

    await show(page, '/tenants', (p) => p.getByRole('row', { name: /Acme Corp/ }))
    await expect(page.getByRole('table', { name: 'Tenants' }).getByRole('row')).toHaveCount(7)
    await expect(page.getByRole('row', { name: /Umbrella Health/ }).getByText('180', { exact: true })).toBeVisible()
    await expect(page.getByRole('row', { name: /Umbrella Health/ }).getByText('Okta', { exact: true })).toBeVisible()
    await shoot(page, 'tenants', theme)
    // Every column's name sits on one line, the right-aligned numbers' as well.
    const headerTops = await page.getByRole('table', { name: 'Tenants' }).locator('thead button').evaluateAll((buttons) => buttons.map((button) => Math.round(button.getBoundingClientRect().top * 2) / 2))
    expect(new Set(headerTops).size, `column name tops ${headerTops.join(', ')}`).toBe(1)

    await page.getByRole('button', { name: 'New tenant' }).first().click()
    await page.getByRole('dialog', { name: 'New tenant' }).getByLabel('Name').fill('Cyberdyne Systems Inc.')
    await expect(page.getByRole('dialog').getByText('cyberdyne-systems', { exact: true })).toBeVisible()
    await shoot(page, 'new-tenant', theme)
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()
    await expect(page.getByRole('dialog')).toBeHidden()

    await page.keyboard.press('Control+K')
    await page.getByRole('textbox', { name: 'Jump to' }).fill('acme')
    await expect(page.getByRole('dialog').getByText('Acme Corp: API tokens')).toBeVisible()
    await shoot(page, 'command-palette', theme)
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toBeHidden()

    await show(page, '/tenants/acme', (p) => p.getByRole('list', { name: 'Latest failures' }).getByText('Push new user'))
    await expect(page.getByTestId('scim-base-url')).toHaveText(`${backend.scimOrigin}/scim/v2/acme`)
    // Okta read three users that are gone: one line for the three, with the count.
    const gone = page.getByRole('list', { name: 'Latest failures' }).getByRole('listitem').filter({ hasText: 'Okta is reading a user that no longer exists here' })
    await expect(gone).toHaveCount(1)
    await expect(gone).toContainText('and 2 others')
    await expect(gone).toContainText('3×')
    expect(await lastCharacterInView(gone.getByText(/^00000000-0000-4000-8000-0000000000\d{2}$/)), 'the id ends in view').toBe(true)
    // Cut, it reads as one id: its end follows the ellipsis with no space between.
    expect(await gapAfterEllipsis(gone.getByText(/^00000000-0000-4000-8000-0000000000\d{2}$/))).toBeLessThan(1)
    await shoot(page, 'tenant-overview', theme)
    // The last request's time reads on the line of the counts beside it, not lower in a taller box.
    const statValue = (label: string) => page.getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]').boundingBox()
    const [users, lastRequest] = [await statValue('Users'), await statValue('Last request')]
    expect(lastRequest?.height).toBe(users?.height)

    await show(page, '/tenants/acme/tokens', (p) => p.getByRole('row', { name: /Okta production/ }))
    for (const status of ['Active', 'Expired', 'Revoked']) await expect(page.getByRole('table', { name: 'API tokens' }).getByText(status, { exact: true }).first()).toBeVisible()
    await shoot(page, 'tokens', theme)
    // A row with its Revoke button is as tall as a revoked or expired token's row, without one.
    const rowHeights = await page.getByRole('table', { name: 'API tokens' }).locator('tbody tr').evaluateAll((rows) => rows.map((row) => Math.round(row.getBoundingClientRect().height)))
    expect(new Set(rowHeights).size, `token row heights ${rowHeights.join(', ')}`).toBe(1)

    await page.getByRole('button', { name: 'Revoke Okta preview' }).click()
    // Okta production stays active, so revoking the preview token does not stop Acme's provisioning.
    await expect(page.getByRole('dialog', { name: 'Revoke API token?' })).toContainText(
      /Okta will get 401 Unauthorized on its next call with this token\. It has never been used\. Okta production \(scim_[\w-]{4}…\) stays active\./
    )
    await shoot(page, 'revoke-token', theme)
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()
    await expect(page.getByRole('dialog')).toBeHidden()

    // Initech's only token expires within two weeks.
    await show(page, '/tenants/initech/tokens', (p) => p.getByRole('row', { name: /Okta production/ }))
    await expect(page.getByRole('row', { name: /Okta production/ })).toContainText(' · in ')
    await shoot(page, 'tokens-expiring-soon', theme)

    await show(page, '/tenants/wayne-enterprises/tokens', (p) => p.getByText('Issue the first API token'))
    await shoot(page, 'tokens-empty', theme)

    await show(page, '/tenants/globex/tokens', (p) => p.getByRole('row', { name: /Okta production/ }))
    await page.getByRole('button', { name: 'Issue API token' }).first().click()
    await page.getByRole('dialog').getByLabel('Label').fill('Okta preview')
    await page.getByRole('dialog').getByText('90 days').click()
    await page.getByRole('dialog').getByRole('button', { name: 'Issue API token' }).click()
    await expect(page.getByTestId('issued-token')).toBeVisible()
    await shoot(page, 'issue-token', theme)
    // Before it is copied, closing asks first.
    await page.getByRole('button', { name: "I've copied it" }).click()
    await expect(page.getByRole('alert').filter({ hasText: 'The token is not copied yet' })).toBeVisible()
    await shoot(page, 'issue-token-not-copied', theme)
    await page.getByRole('button', { name: 'Keep it open' }).click()
    // This test page has no clipboard: the Copy button says so and selects the token for the keyboard.
    await page.getByRole('button', { name: 'Copy API token' }).click()
    await expect(page.getByText('Could not copy to the clipboard.', { exact: false })).toBeVisible()
    await shoot(page, 'issue-token-copy-refused', theme)
    await page.keyboard.press('Control+C')
    await page.getByRole('button', { name: "I've copied it" }).click()
    await expect(page.getByRole('dialog')).toBeHidden()
    // Put Globex back as it was, so that both themes show the same data.
    await page.getByRole('button', { name: 'Revoke Okta preview' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click()
    await expect(page.getByRole('dialog')).toBeHidden()

    await show(page, '/logs', (p) => p.getByRole('table', { name: 'Provisioning log' }).getByText('Push new user'))
    await shoot(page, 'logs', theme)
    await show(page, '/logs?tenant=acme&outcome=failed', (p) => p.getByRole('table', { name: 'Provisioning log' }).getByText('409'))
    await shoot(page, 'logs-failed', theme)
    // The user's email, what Support reads first, shows whole in a wide window: the Request column, whose path the
    // drawer shows whole, shares the room with it rather than take it all.
    const cutEmails = await page.getByRole('table', { name: 'Provisioning log' }).evaluate((table) => {
      const column = [...table.querySelectorAll('thead th')].findIndex((header) => header.textContent?.trim() === 'User or group')
      return [...table.querySelectorAll('tbody tr[data-entry-id]')]
        .map((row) => row.children[column] as HTMLElement | undefined)
        .filter((cell) => cell?.textContent?.includes('@') && cell.scrollWidth > cell.clientWidth + 1)
        .map((cell) => `${cell?.textContent} (${cell?.scrollWidth} > ${cell?.clientWidth})`)
    })
    expect(cutEmails).toEqual([])
    // The three users Okta read by id start alike; each row shows the end of its id, where they differ.
    const readUsers = page.getByRole('table', { name: 'Provisioning log' }).getByRole('row', { name: /Read user/ })
    await expect(readUsers).toHaveCount(3)
    for (const row of await readUsers.all()) {
      const user = row.getByRole('cell').nth(3)
      expect(await lastCharacterInView(user)).toBe(true)
      expect(await gapAfterEllipsis(user)).toBeLessThan(1)
      // Still one id to the clipboard and a screen reader, with no break where it is cut.
      expect(await user.innerText()).toMatch(/^00000000-0000-4000-8000-0000000000\d{2}$/)
    }
  }
})
