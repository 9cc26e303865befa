// A tenant's health as a CSM reads it on a call: a throttled import is shown apart, in violet, not as failures; and
// after a sales engineer's Okta demo and SPEC self-test, the tenant has no failures of its own, nothing left in its
// Directory, and the log still shows the self-test's probes, marked as the self-test's.
import type { Page } from '@playwright/test'
import { expect, openConsole, test, type ConsoleBackend } from './harness/fixtures'
import { scim, shoot, value } from './harness/seed'

/** The Health chart's tick labels (its time axis, and its counts). */
function healthTicks(page: Page) {
  return page.getByRole('region', { name: 'Health', exact: true }).locator('svg text')
}

/** One of the Health card's figures, by its label. */
function healthFigure(page: Page, label: string) {
  return page.getByRole('region', { name: 'Health', exact: true }).getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]')
}

/** The colour Mantine gives text in `color` (`c="violet"`), as the browser computes it. */
function mantineColor(page: Page, color: string): Promise<string> {
  return page.evaluate((name) => {
    const probe = document.createElement('span')
    probe.style.color = `var(--mantine-color-${name}-text)`
    document.body.append(probe)
    const computed = getComputedStyle(probe).color
    probe.remove()
    return computed
  }, color)
}

async function demoAndSelfTest(backend: ConsoleBackend, tenant: string): Promise<void> {
  const run = value(await backend.handlers['demo:start']({ tenant, mode: 'catalog', users: 3, speed: 1000 }))
  await expect.poll(async () => value(await backend.handlers['demo:get']({ runId: run.id })).finishedAt, { timeout: 60_000 }).not.toBeNull()
  expect(value(await backend.handlers['demo:get']({ runId: run.id })).state).toBe('finished')
  const report = value(await backend.handlers['demo:conformance']({ tenant }))
  expect(report.checks.filter((check) => !check.ok && !check.optional)).toEqual([])
}

test("a throttled import shows as Throttled, in violet, and not among the tenant's failures", async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Umbrella Health' }))
  value(backend.services.tenants.update({ tenant: 'umbrella-health', rateLimitPerMinute: 5 }))
  const token = value(backend.services.tokens.issue({ tenant: 'umbrella-health', label: 'Okta production' })).token
  let throttled = 0
  for (let index = 0; index < 12; index += 1) {
    if ((await scim(backend, 'umbrella-health', token, 'GET', `/Users?startIndex=${index * 100 + 1}&count=100`)).status === 429) throttled += 1
  }
  expect(throttled).toBeGreaterThan(0)
  // One real failure: the customer's admin pasted a token with a typo.
  expect((await scim(backend, 'umbrella-health', 'scim_thisTokenWasPastedWithATypo', 'GET', '/Users?startIndex=1&count=2')).status).toBe(401)

  await openConsole(page, backend, '/tenants')
  const row = page.getByRole('row', { name: /Umbrella Health/ })
  await expect(row.getByTestId('throttled-last-hour')).toHaveText(`Throttled ${throttled}`)
  await expect(row.getByRole('cell').last().getByText('1', { exact: true })).toBeVisible()
  await shoot(page, 'health-tenants-throttled', 'light')

  await row.getByRole('link', { name: 'Umbrella Health' }).click()
  await expect(healthFigure(page, 'Failures')).toHaveText('1')
  await expect(healthFigure(page, 'Throttled (429)')).toHaveText(String(throttled))
  // Violet for 429, as the status colours say; the failures stay red.
  await expect(healthFigure(page, 'Throttled (429)')).toHaveCSS('color', await mantineColor(page, 'violet'))
  await expect(healthFigure(page, 'Failures')).toHaveCSS('color', await mantineColor(page, 'red'))
  const requests = 12 + 1
  await expect(healthFigure(page, 'Requests')).toHaveText(String(requests))
  await expect(healthFigure(page, 'Failure rate')).toHaveText(`${((1 / requests) * 100).toFixed(1)}%`)
  await expect(page.getByText(`Throttled ${throttled}`, { exact: true })).toBeVisible()
  // Latest failures: the typo'd token, and no 429.
  const latest = page.getByRole('list', { name: 'Latest failures' })
  await expect(latest.getByRole('listitem')).toHaveCount(1)
  await expect(latest).toContainText('401')
  await expect(latest).not.toContainText('429')
  // The chart's time axis says which day is which.
  await expect(healthTicks(page).filter({ hasText: /^\d{1,2} [A-Z][a-z]{2}$/ })).not.toHaveCount(0)
  await shoot(page, 'health-overview-throttled', 'light')
})

test("an Okta demo and a SPEC self-test leave a tenant with no failures of its own, and nothing in its Directory", async ({ page, backend }) => {
  test.setTimeout(120_000)
  value(backend.services.tenants.create({ name: 'Wayne Enterprises' }))
  await demoAndSelfTest(backend, 'wayne-enterprises')

  await openConsole(page, backend, '/tenants/wayne-enterprises')
  await expect(page.getByText('Failures, last hour')).toBeVisible()
  await expect(healthFigure(page, 'Failures')).toHaveText('0')
  await expect(healthFigure(page, 'Failure rate')).toHaveText('—')
  await expect(page.getByTestId('simulated-note')).toContainText("came from SCIM Console's demos and self-tests (4 answered with an error)")
  await expect(page.getByText("No failures. Not counted as failures: 4 errors of SCIM Console's own demos and self-tests.")).toBeVisible()
  await expect(page.getByRole('list', { name: 'Latest failures' })).toHaveCount(0)
  await shoot(page, 'health-overview-after-demo', 'light')

  // The demo's users are there, as the demo made them; the self-test's user is not.
  await page.getByRole('navigation', { name: 'Tenant' }).getByRole('link', { name: 'Directory' }).click()
  const users = page.getByRole('table').first()
  await expect(users.getByRole('row').filter({ hasText: 'jane.doe@example.com' })).toHaveCount(1)
  await expect(users.getByRole('row').filter({ hasText: /Runscope|okta\.spec\.seed/ })).toHaveCount(0)
  await shoot(page, 'health-directory-after-demo', 'light')

  // The log still has the self-test's probes, each marked as the self-test's.
  await page.goto(page.url().replace(/#.*$/, '#/logs?tenant=wayne-enterprises&outcome=failed'))
  const log = page.getByRole('table', { name: 'Provisioning log' })
  await expect(log.getByRole('row').filter({ hasText: 'Okta self-test' })).toHaveCount(4)

  // Then the customer's own Okta fails once: that one counts.
  const token = value(backend.services.tokens.issue({ tenant: 'wayne-enterprises', label: 'Okta production' })).token
  expect((await scim(backend, 'wayne-enterprises', token, 'GET', '/Users/00000000-0000-4000-8000-000000000000')).status).toBe(404)
  await page.goto(page.url().replace(/#.*$/, '#/tenants/wayne-enterprises'))
  await expect(healthFigure(page, 'Failures')).toHaveText('1')
  await expect(page.getByRole('list', { name: 'Latest failures' }).getByRole('listitem')).toHaveCount(1)
})

test("a CSM's edits in the Directory are in the log, and not counted as the tenant's requests", async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Initech' }))
  const token = value(backend.services.tokens.issue({ tenant: 'initech', label: 'Okta production' })).token
  expect((await scim(backend, 'initech', token, 'GET', '/Users?startIndex=1&count=1')).status).toBe(200)
  const created = value(await backend.handlers['directory:create-user']({ tenant: 'initech', user: { userName: 'peter.gibbons@initech.test', givenName: 'Peter', familyName: 'Gibbons' } }))
  value(await backend.handlers['directory:set-user-active']({ tenant: 'initech', id: created.id, active: false }))

  await openConsole(page, backend, '/tenants/initech')
  await expect(healthFigure(page, 'Requests')).toHaveText('1')
  await expect(page.getByTestId('console-changes-note')).toHaveText('2 changes made in SCIM Console are in the log, and not counted here: no client sent them.')
  await shoot(page, 'health-overview-console-changes', 'light')
})
