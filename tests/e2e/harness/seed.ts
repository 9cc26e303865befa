// Realistic data for screenshots and E2E stories, as a real support team has it: several tenants, hundreds of users
// pushed over real SCIM, a log with failures of every kind, and API tokens in every status.
import type { Locator, Page } from '@playwright/test'
import { createServices } from '../../../src/main/core/services'
import { appOrigin, expect, type ConsoleBackend } from './fixtures'
import { value } from '../../support/result'

export { value }

export const screenshotDir = 'test-results/screenshots'
const day = 86_400_000
const okta = { 'user-agent': 'Okta SCIM Client 1.0.0', accept: 'application/scim+json', 'content-type': 'application/scim+json' }

const givenNames = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Radia', 'Tim', 'Frances', 'Edsger', 'Shafi', 'Donald', 'Hedy']
const familyNames = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Perlman', 'Berners-Lee', 'Allen', 'Dijkstra', 'Goldwasser', 'Knuth', 'Lamarr']

/** Runs `tasks` with at most `limit` in flight, as Okta's provisioning workers do. */
export async function pool<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      await task(items[index] as T, index)
    }
  }
  await Promise.all(Array.from({ length: limit }, worker))
}

/** One SCIM request as Okta would send it. */
export async function scim(backend: ConsoleBackend, slug: string, secret: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${backend.scimOrigin}/scim/v2/${slug}${path}`, {
    method,
    headers: { ...okta, authorization: `Bearer ${secret}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
}

/**
 * The `index`th of a customer's users: the first sixteen are the people the names come from (Ada Lovelace, Grace
 * Hopper, Alan Turing…), and each later sixteen pairs every given name with the next family name along, so that no
 * screen's first rows share a family name. Unique up to 256 users; later ones carry their index.
 */
export function oktaUser(domain: string, index: number) {
  const given = givenNames[index % givenNames.length] ?? 'Ada'
  const family = familyNames[(index + Math.floor(index / givenNames.length)) % familyNames.length] ?? 'Lovelace'
  const suffix = index >= givenNames.length * familyNames.length ? String(index) : ''
  const userName = `${given}.${family}${suffix}@${domain}`.toLowerCase()
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName,
    name: { givenName: given, familyName: family },
    displayName: `${given} ${family}`,
    emails: [{ primary: true, value: userName, type: 'work' }],
    externalId: `00u${(index * 7919).toString(36).padStart(8, '0')}`,
    locale: 'en-US',
    active: true
  }
}

/** Provisions `count` users the way Okta does: look up by userName, then create. Returns their ids. */
export async function pushUsers(backend: ConsoleBackend, slug: string, secret: string, domain: string, count: number): Promise<string[]> {
  const ids: string[] = []
  await pool(
    Array.from({ length: count }, (_, index) => index),
    8,
    async (index) => {
      const user = oktaUser(domain, index)
      await scim(backend, slug, secret, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${user.userName}"`)}&startIndex=1&count=100`)
      const created = await scim(backend, slug, secret, 'POST', '/Users', user)
      expect(created.status, `creating ${user.userName}`).toBe(201)
      ids[index] = String(created.body.id)
    }
  )
  return ids
}

/** A second set of services over the same database, living `daysAgo` in the past: for history that takes time. */
export function asOf<T>(backend: ConsoleBackend, daysAgo: number, run: (services: ReturnType<typeof createServices>) => T): T {
  const past = createServices({ dbPath: backend.services.dbPath, now: () => Date.now() - daysAgo * day })
  try {
    return run(past)
  } finally {
    past.close()
  }
}

/** The data of a support team a few months in. */
export async function seed(backend: ConsoleBackend): Promise<void> {
  const secrets = asOf(backend, 200, (past) => {
    for (const name of ['Acme Corp', 'Umbrella Health', 'Globex', 'Stark Industries']) value(past.tenants.create({ name }))
    value(past.tenants.update({ tenant: 'acme', rateLimitPerMinute: 1200 }))
    const acme = value(past.tokens.issue({ tenant: 'acme', label: 'Okta production' })).token
    value(past.tokens.issue({ tenant: 'acme', label: 'Okta sandbox', expiresInDays: 90 }))
    value(past.tokens.issue({ tenant: 'stark-industries', label: 'Okta production' }))
    return {
      acme,
      umbrella: value(past.tokens.issue({ tenant: 'umbrella-health', label: 'Okta production' })).token,
      globex: value(past.tokens.issue({ tenant: 'globex', label: 'Okta production' })).token
    }
  })
  const leaked = asOf(backend, 120, (past) => value(past.tokens.issue({ tenant: 'acme', label: 'Shared in a support ticket' })))
  asOf(backend, 45, (past) => {
    value(past.tokens.revoke(leaked.id))
    const stark = value(past.tokens.list('stark-industries'))
    for (const token of stark) value(past.tokens.revoke(token.id))
  })
  asOf(backend, 30, (past) => value(past.tokens.issue({ tenant: 'acme', label: 'Okta preview', expiresInDays: 365 })))
  // Initech's token was issued for a year, nearly a year ago: it expires soon.
  const initech = asOf(backend, 355, (past) => {
    value(past.tenants.create({ name: 'Initech' }))
    return value(past.tokens.issue({ tenant: 'initech', label: 'Okta production', expiresInDays: 365 })).token
  })
  value(backend.services.tenants.create({ name: 'Wayne Enterprises' }))

  // Okta's "Test API Credentials" on each connected tenant.
  for (const [slug, secret] of [['acme', secrets.acme], ['umbrella-health', secrets.umbrella], ['globex', secrets.globex], ['initech', initech]] as const) {
    expect((await scim(backend, slug, secret, 'GET', '/Users?startIndex=1&count=2')).status).toBe(200)
  }

  const acmeUsers = await pushUsers(backend, 'acme', secrets.acme, 'acme.com', 320)
  await pushUsers(backend, 'umbrella-health', secrets.umbrella, 'umbrella.health', 180)
  await pushUsers(backend, 'globex', secrets.globex, 'globex.com', 60)
  await pushUsers(backend, 'initech', initech, 'initech.com', 24)

  // Umbrella's admin ran an import faster than its rate limit allows.
  value(backend.services.tenants.update({ tenant: 'umbrella-health', rateLimitPerMinute: 120 }))
  let throttled = 0
  await pool(Array.from({ length: 160 }, (_, index) => index), 8, async (index) => {
    const result = await scim(backend, 'umbrella-health', secrets.umbrella, 'GET', `/Users?startIndex=${(index % 2) * 100 + 1}&count=100`)
    if (result.status === 429) throttled++
  })
  expect(throttled).toBeGreaterThan(0)

  // Failures a support team meets: duplicates, a user deleted on our side, a token pasted with a typo.
  for (let index = 0; index < 6; index++) {
    expect((await scim(backend, 'acme', secrets.acme, 'POST', '/Users', oktaUser('acme.com', index * 3))).status).toBe(409)
  }
  for (let index = 0; index < 3; index++) {
    expect((await scim(backend, 'acme', secrets.acme, 'GET', `/Users/00000000-0000-4000-8000-00000000000${index}`)).status).toBe(404)
  }
  for (let index = 0; index < 5; index++) {
    expect((await scim(backend, 'globex', 'scim_thisTokenWasPastedWithATypo', 'GET', '/Users?startIndex=1&count=2')).status).toBe(401)
  }

  // Then a normal day on Acme: group push, profile updates, deactivations, an import, a new hire.
  for (const [index, displayName] of ['Engineering', 'Sales', 'Customer Support'].entries()) {
    const members = acmeUsers.slice(index * 40, index * 40 + 40).map((id) => ({ value: id }))
    const group = await scim(backend, 'acme', secrets.acme, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName, members: [] })
    expect(group.status).toBe(201)
    await scim(backend, 'acme', secrets.acme, 'PATCH', `/Groups/${String(group.body.id)}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: members }]
    })
  }
  for (let startIndex = 1; startIndex <= 320; startIndex += 100) {
    await scim(backend, 'acme', secrets.acme, 'GET', `/Users?startIndex=${startIndex}&count=100`)
  }
  await pool(acmeUsers.slice(0, 40), 4, async (id, index) => {
    await scim(backend, 'acme', secrets.acme, 'PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: index % 3 === 0 ? { active: false } : { title: 'Staff Engineer' } }]
    })
  })
  await scim(backend, 'globex', secrets.globex, 'GET', '/Users?startIndex=1&count=2')
  for (const index of [24, 25, 26]) {
    const hire = oktaUser('initech.com', index)
    await scim(backend, 'initech', initech, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${hire.userName}"`)}&startIndex=1&count=100`)
    expect((await scim(backend, 'initech', initech, 'POST', '/Users', hire)).status).toBe(201)
  }
}

/** Shows `route` and waits until `ready` is visible. */
export async function show(page: Page, route: string, ready: (page: Page) => ReturnType<Page['getByText']>): Promise<void> {
  await page.goto(`${appOrigin}/index.html#${route}`)
  await expect(ready(page).first()).toBeVisible()
}

/**
 * Waits until nothing fades or slides in (an enter transition, a dialog's), so that a screenshot or axe sees the
 * colours the user sees. A spinner's endless turn and a progress bar's width, which keep moving, change no colour.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => {
      if (animation.playState !== 'running') return true
      if (animation.effect?.getComputedTiming().iterations === Infinity) return true
      return animation instanceof CSSTransition && ['width', 'height'].includes(animation.transitionProperty)
    })
  )
}

/**
 * Scrolls `scroller` to `top` (or to its end) and waits until the page has heard of it: a scroll event comes with the
 * next frame, and on a busy machine what the test does next (new log entries pushed live) could come first.
 */
export async function scrollTo(scroller: Locator, top: number | 'end'): Promise<void> {
  await scroller.evaluate(
    (element, to) =>
      new Promise<void>((resolve) => {
        element.addEventListener('scroll', () => requestAnimationFrame(() => resolve()), { once: true })
        const before = element.scrollTop
        element.scrollTop = to === 'end' ? element.scrollHeight : to
        // Nowhere to go (already there, or nothing to scroll): no event will come, and the test's own check says so.
        if (element.scrollTop === before) resolve()
      }),
    top
  )
}

/**
 * Where the last character of `id` is drawn in `container`, against the nearest edge that clips it (the container's
 * own, or that of a box inside it that hides its overflow): `char` past `edge` is a character cut off behind an
 * ellipsis. Null when the id's end is not in the container's text at all.
 */
export async function idEndDrawn(container: Locator, id: string): Promise<{ char: number; edge: number } | null> {
  return container.evaluate((element, wanted) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
    let last: { node: Text; offset: number } | null = null
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? ''
      if (text.includes(wanted.slice(-8))) last = { node: node as Text, offset: text.lastIndexOf(wanted.slice(-8)) + 7 }
    }
    if (!last) return null
    const range = document.createRange()
    range.setStart(last.node, last.offset)
    range.setEnd(last.node, last.offset + 1)
    let edge = element.getBoundingClientRect().right
    for (let box: HTMLElement | null = last.node.parentElement; box && box !== element.parentElement; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== 'visible') edge = Math.min(edge, box.getBoundingClientRect().right)
    }
    return { char: range.getBoundingClientRect().right, edge }
  }, id)
}

/** A screenshot of the page as it rests, with the pointer parked where it hovers nothing (by default, the corner). */
export async function shoot(page: Page, screen: string, theme: string, pointer = { x: 1439, y: 899 }): Promise<void> {
  // A notification may close by itself between finding it and clicking it; that is as good as dismissed.
  for (const dismiss of await page.getByRole('button', { name: 'Dismiss notification' }).all()) {
    await dismiss.click({ timeout: 2000 }).catch(() => undefined)
  }
  await page.mouse.move(pointer.x, pointer.y)
  // The screen as loaded, not its placeholders: a chart's bars come in a later render than the page around them.
  await expect(page.locator('.mantine-Skeleton-root[data-visible]')).toHaveCount(0)
  await settled(page)
  await page.screenshot({ path: `${screenshotDir}/${screen}-${theme}.png`, animations: 'disabled' })
}

/**
 * Empties a text field as a person does to retype it (select all, Backspace), and waits until it shows nothing.
 *
 * A number field puts its caret back in a timer of its own after each change (react-number-format). A Ctrl+A that the
 * browser handles before that timer is undone by it, and Backspace then takes one character; no person types that fast,
 * so the keys are pressed again until the field is empty.
 */
export async function erase(field: Locator): Promise<void> {
  await field.click()
  await expect(async () => {
    await field.press('Control+A')
    await field.press('Backspace')
    await expect(field).toHaveValue('', { timeout: 1000 })
  }).toPass()
}
