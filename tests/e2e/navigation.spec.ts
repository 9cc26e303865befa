// Moving between screens: a new screen opens at its top (not at the place the last one was scrolled to), a change of
// the search parameters alone keeps the place, Back returns to it, and a tenant that does not exist offers no screens.
import type { Page } from '@playwright/test'
import { expect, openConsole, test } from './harness/fixtures'
import { value } from './harness/seed'

async function scrollY(page: Page): Promise<number> {
  return page.evaluate(() => Math.round(window.scrollY))
}

/** Scrolls the window as far down as the screen goes; answers where it stopped. */
async function scrollToEnd(page: Page): Promise<number> {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
  await expect.poll(() => scrollY(page)).toBeGreaterThan(100)
  return scrollY(page)
}

function nav(page: Page, name: string) {
  return page.getByRole('navigation').getByRole('link', { name, exact: true })
}

test('a screen opened from a scrolled one starts at its top, and Back returns to where the last one was', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await page.setViewportSize({ width: 1280, height: 800 })
  await openConsole(page, backend, '/server')
  await expect(page.getByRole('form', { name: 'Server settings' })).toBeVisible()
  const serverPlace = await scrollToEnd(page)

  await nav(page, 'Settings').click()
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  expect(await scrollY(page)).toBe(0)

  // Back: the Server page where it was left; Forward: Settings at its top again.
  await page.goBack()
  await expect(page.getByRole('form', { name: 'Server settings' })).toBeVisible()
  await expect.poll(() => scrollY(page)).toBe(serverPlace)
  await page.goForward()
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  await expect.poll(() => scrollY(page)).toBe(0)

  // The audit's case: from the bottom of the setup guide to the tenant's Overview, whose foot holds "Delete this tenant".
  await page.goto(page.url().replace(/#.*$/, '#/tenants/acme/setup'))
  await expect(page.getByTestId('setup-base-url')).toBeVisible()
  await scrollToEnd(page)
  await nav(page, 'Overview').click()
  await expect(page.getByTestId('scim-base-url')).toBeVisible()
  expect(await scrollY(page)).toBe(0)
  await expect(page.getByRole('heading', { level: 1 })).toBeInViewport()
})

test('a change of the search parameters alone keeps the place on the screen', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await page.setViewportSize({ width: 1280, height: 800 })
  await openConsole(page, backend, '/tenants/acme/setup')
  await expect(page.getByTestId('setup-base-url')).toBeVisible()
  await page.evaluate(() => window.scrollTo(0, 300))
  await expect.poll(() => scrollY(page)).toBe(300)

  // Entra's guide is `?for=entra` on the same screen, as long as Okta's. Chosen where it is, without scrolling to it.
  await page.getByRole('radiogroup', { name: 'Identity provider' }).getByRole('radio', { name: 'Microsoft Entra ID' }).dispatchEvent('click')
  await expect(page).toHaveURL(/#\/tenants\/acme\/setup\?for=entra$/)
  await expect(page.getByRole('heading', { name: 'Microsoft Entra ID setup guide', level: 1 })).toBeAttached()
  expect(await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)).toBeGreaterThan(300)
  expect(await scrollY(page)).toBe(300)
})

test('an address of a tenant that does not exist shows no tenant section in the navigation', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await openConsole(page, backend, '/tenants/does-not-exist')
  await expect(page.getByText('No tenant called “does-not-exist”')).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Tenant' })).toHaveCount(0)
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Overview' })).toHaveCount(0)
  await expect(page.getByText('does-not-exist', { exact: true })).toHaveCount(0)
  // Its screens too: /tokens of a missing tenant is the same page, with the same navigation.
  await page.goto(page.url().replace(/#.*$/, '#/tenants/does-not-exist/tokens'))
  await expect(page.getByText('No tenant called “does-not-exist”')).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Tenant' })).toHaveCount(0)

  // A tenant that exists has its section.
  await page.goto(page.url().replace(/#.*$/, '#/tenants/acme/tokens'))
  await expect(page.getByRole('navigation', { name: 'Tenant' }).getByRole('link', { name: 'Overview' })).toBeVisible()
})

test('in a wide window the lists, the log and the dashboards fill it, and the pages read top to bottom share one width', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp', slug: 'acme' }))
  await page.setViewportSize({ width: 1920, height: 1000 })
  await openConsole(page, backend, '/tenants')
  /** The width of a screen's title row, which spans its page, and the room the main area gives a page (less its padding). */
  const pageWidth = async (route: string): Promise<{ page: number; room: number }> => {
    await page.goto(page.url().replace(/#.*$/, `#${route}`))
    const title = page.getByRole('heading', { level: 1 })
    await expect(title).toBeVisible()
    return title.evaluate((heading) => {
      // PageHeader: the title's line, in the title's column, in the row that spans the page.
      const header = heading.parentElement?.parentElement?.parentElement
      const main = heading.closest('main') as HTMLElement
      const style = getComputedStyle(main)
      return {
        page: Math.round(header?.getBoundingClientRect().width ?? 0),
        room: Math.round(main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight))
      }
    })
  }
  for (const route of ['/tenants', '/tenants/acme', '/tenants/acme/tokens', '/tenants/acme/directory', '/logs', '/tenants/acme/demo']) {
    const { page: width, room } = await pageWidth(route)
    expect(room, 'a wide window').toBeGreaterThan(1500)
    expect(width, route).toBe(room)
  }
  const reading = new Set<number>()
  for (const route of ['/tenants/acme/setup', '/tenants/acme/faults', '/server', '/settings']) reading.add((await pageWidth(route)).page)
  expect([...reading]).toEqual([1080])
})
