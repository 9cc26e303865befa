// The SPEC self-test against a throttled tenant, as a CSM on a call sees it: the checks arrive as they finish, the
// 429 being waited out counts down, and Cancel stops the run, keeping the checks done so far and revoking its token.
import { mkdirSync } from 'node:fs'
import { expect, openConsole, test } from './harness/fixtures'
import { screenshotDir, shoot, value } from './harness/seed'

const themes = ['light', 'dark'] as const

test('a CSM watches a throttled self-test wait out a 429, cancels it, and keeps the checks done so far', async ({ page, backend }) => {
  test.setTimeout(120_000)
  mkdirSync(screenshotDir, { recursive: true })
  value(backend.services.tenants.create({ name: 'Acme Corp' }))
  // Three requests a minute: a few checks in, the server answers 429 with a Retry-After of about 20 s, and the test waits.
  value(backend.services.tenants.update({ tenant: 'acme', rateLimitPerMinute: 3 }))
  await openConsole(page, backend, '/tenants/acme/demo?tab=conformance')
  await expect(page.getByTestId('conformance-throttle-note')).toContainText('accepts 3 requests a minute')

  await page.getByRole('button', { name: 'Run conformance self-test' }).click()
  const live = page.getByRole('region', { name: 'Conformance self-test in progress' })
  await expect(live.getByText('Running', { exact: true })).toBeVisible()
  // The checks done so far, each with its answer, while the test waits out the 429.
  const waiting = page.getByTestId('conformance-waiting')
  await expect(waiting).toBeVisible({ timeout: 30_000 })
  await expect(waiting).toContainText(/Waiting out a 429: \d+ s/)
  await expect(waiting).toContainText('The server answered 429 Too Many Requests')
  await expect(live.getByTestId('conformance-check').first()).toBeVisible()
  await expect(live.getByTestId('conformance-progress')).toContainText(/^\d+ checks? done: \d+ passed/)
  await expect(live.getByTestId('conformance-elapsed')).toContainText('elapsed')
  await expect(live.getByTestId('conformance-next')).toContainText('Waiting out Retry-After before sending this request again')
  await expect(page.getByRole('button', { name: 'Run conformance self-test' })).toBeDisabled()
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme })
    await expect(waiting).toBeVisible()
    await shoot(page, 'conformance-running', theme)
  }
  // A reload (or a trip to another screen) finds the run where it is: it goes on in main.
  await page.reload()
  await expect(live.getByText('Running', { exact: true })).toBeVisible()
  await expect(waiting).toBeVisible()
  await expect(page.getByRole('button', { name: 'Run conformance self-test' })).toBeDisabled()
  const done = await live.getByTestId('conformance-check').count()

  await live.getByRole('button', { name: 'Cancel' }).click()
  const results = page.getByRole('region', { name: 'Conformance results' })
  await expect(results.getByText('Cancelled', { exact: true })).toBeVisible()
  await expect(page.getByTestId('conformance-summary')).toHaveText(/^Cancelled after \d+ checks?$/)
  // The checks done before Cancel took effect, all of them kept (one more may have finished as it was clicked).
  const kept = Number(/\d+/.exec((await page.getByTestId('conformance-summary').textContent()) ?? '')?.[0])
  expect(kept).toBeGreaterThanOrEqual(done)
  await expect(results.getByTestId('conformance-check')).toHaveCount(kept)
  await expect(results).toContainText("Nothing more was sent, and the test's token is revoked.")
  await expect(waiting).toBeHidden()
  await expect(page.getByRole('button', { name: 'Run conformance self-test' })).toBeEnabled()
  const tokens = value(backend.services.tokens.list('acme'))
  expect(tokens.filter((token) => token.label === 'Okta SPEC test').map((token) => token.status)).toEqual(['revoked'])
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme })
    await shoot(page, 'conformance-cancelled', theme)
  }
  // Each check done still shows the request it sent and the answer it got.
  await results.getByTestId('conformance-check').first().getByRole('button').first().click()
  await expect(results.getByTestId('conformance-check').first().getByText(/^Response: HTTP \d+/)).toBeVisible()
})
