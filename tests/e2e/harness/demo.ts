import type { Page } from '@playwright/test'
import { expect } from './fixtures'

/** Runs the Okta demo at 100× from a tenant's demo page and waits until it has finished, with no step failed. */
export async function runOktaDemo(page: Page, mode: 'Okta catalog app · PATCH' | 'Okta wizard app · PUT', users: number): Promise<void> {
  // After a run, the form is folded into its one-line summary.
  const change = page.getByRole('button', { name: 'Change settings' })
  if (await change.isVisible()) await change.click()
  await page.getByRole('radiogroup', { name: 'Client' }).getByText(mode).click()
  await page.getByLabel('Users to assign').fill(String(users))
  await page.getByRole('radiogroup', { name: 'Speed' }).getByText('100×').click()
  const before = page.url()
  await page.getByRole('button', { name: 'Run Okta demo' }).click()
  // A new run gets its own URL; only then is "finished" about this run.
  await expect.poll(() => page.url()).not.toBe(before)
  await expect(page.getByTestId('demo-finished')).toBeVisible({ timeout: 90_000 })
  await expect(page.getByTestId('demo-step').filter({ has: page.getByLabel('Failed') })).toHaveCount(0)
}
