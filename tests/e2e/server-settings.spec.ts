// The Server and Settings pages against the real handlers: the embedded SCIM server really stops, starts and moves,
// settings really persist, and backup and restore really go through SQLite. Only the OS (dialogs, relaunch) is faked.
import Database from 'better-sqlite3'
import { mkdirSync, readFileSync } from 'node:fs'
import { connect, createServer, type AddressInfo, type Server } from 'node:net'
import type { Page } from '@playwright/test'
import { startRetention } from '../../src/main/core/retention'
import { fetchRefusedPortWarning } from '../../src/shared/addresses'
import { expect, nextPush, openConsole, test, type ConsoleBackend } from './harness/fixtures'
import { screenshotDir, seed, shoot, show } from './harness/seed'
import { logRow } from '../support/log-rows'

/** A port that was free a moment ago on 127.0.0.1. */
async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

/** Another program holding a port, as a second SCIM Console would. */
async function occupyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port, server }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** Saves `port` as the server's port without touching the running server: where Start and Restart will listen. */
function savePort(backend: ConsoleBackend, port: number): void {
  const saved = backend.services.settings.update({ server: { port } })
  if (!saved.ok) throw new Error(saved.error.message)
}

function pill(page: Page, label: string | RegExp) {
  return page.getByRole('button', { name: typeof label === 'string' ? `SCIM server: ${label}. Open the Server page.` : label })
}

/** Scrolls the page so that a section starts at the top, below the header. */
async function scrollToHeading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { name, exact: true }).evaluate((heading) => {
    window.scrollTo(0, heading.getBoundingClientRect().top + window.scrollY - 90)
  })
}

function portOf(origin: string): number {
  return Number(new URL(origin).port)
}

test('the Server page stops, starts and restarts the SCIM server, and the header pill follows', async ({ page, backend }) => {
  const port = await freePort()
  savePort(backend, port)
  const firstPort = portOf(backend.scimOrigin)
  await openConsole(page, backend, '/server')
  await expect(pill(page, `Running · 127.0.0.1:${firstPort}`)).toBeVisible()
  await expect(page.getByTestId('server-state')).toHaveText('Running')
  await expect(page.getByTestId('server-address')).toHaveText(`127.0.0.1:${firstPort}`)
  await expect(page.getByText(`Restart to use 127.0.0.1:${port}`)).toBeVisible()

  // Stopping is harmless and undone by Start: it happens at once, without a confirmation.
  await page.getByRole('button', { name: 'Stop', exact: true }).click()
  await expect(pill(page, 'Stopped')).toBeVisible()
  await expect(page.getByTestId('server-state')).toHaveText('Stopped')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(page.getByText('The SCIM server is stopped')).toBeVisible()
  expect(await accepts(firstPort)).toBe(false)

  await page.getByRole('button', { name: 'Start', exact: true }).click()
  await expect(pill(page, `Running · 127.0.0.1:${port}`)).toBeVisible()
  await expect(page.getByTestId('server-state')).toHaveText('Running')
  expect(await accepts(port)).toBe(true)

  // The uptime ticks while the page is open.
  const uptime = page.getByTestId('server-uptime')
  await expect(uptime).toHaveText(/^\d+ s$/)
  const before = await uptime.textContent()
  await expect(uptime).not.toHaveText(before ?? '')

  await page.getByRole('button', { name: 'Restart', exact: true }).click()
  await expect(page.getByText('Server restarted')).toBeVisible()
  await expect(pill(page, `Running · 127.0.0.1:${port}`)).toBeVisible()
  expect(backend.server.status().state).toBe('running')
})

test("the Server page's cards share one column line: Listening's second column starts where the addresses do", async ({ page, backend }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await openConsole(page, backend, '/server')
  const form = page.getByRole('form', { name: 'Server settings' })
  await expect(form).toBeVisible()
  const origin = await page.getByTestId('scim-origin').locator('xpath=ancestor::div[contains(@class, "mantine-Paper-root")][1]').boundingBox()
  const port = await form.getByText('Port', { exact: true }).boundingBox()
  expect(origin).not.toBeNull()
  expect(Math.round(port?.x ?? 0)).toBe(Math.round(origin?.x ?? -1))
})

test('changing the port moves the running server there', async ({ page, backend }) => {
  const oldPort = portOf(backend.scimOrigin)
  savePort(backend, oldPort)
  const newPort = await freePort()
  await openConsole(page, backend, '/server')
  const form = page.getByRole('form', { name: 'Server settings' })
  await expect(form.getByRole('textbox', { name: 'Port' })).toHaveValue(String(oldPort))

  // Checked beside the field before anything is sent.
  await form.getByRole('textbox', { name: 'Port' }).fill('70000')
  await form.getByRole('button', { name: 'Save and restart server' }).click()
  await expect(form.getByText('A port is a whole number from 1 to 65535.')).toBeVisible()

  await form.getByRole('textbox', { name: 'Port' }).fill(String(newPort))
  await form.getByRole('button', { name: 'Save and restart server' }).click()
  await expect(pill(page, `Running · 127.0.0.1:${newPort}`)).toBeVisible()
  await expect(page.getByTestId('server-address')).toHaveText(`127.0.0.1:${newPort}`)
  await expect(form.getByRole('button', { name: 'Save', exact: true })).toBeDisabled()
  expect(backend.services.settings.get().server.port).toBe(newPort)
  expect(await accepts(newPort)).toBe(true)
  expect(await accepts(oldPort)).toBe(false)
})

test('a port browsers and fetch refuse is saved, with the warning the CLI gives beside the field', async ({ page, backend }) => {
  await openConsole(page, backend, '/server')
  await page.getByRole('button', { name: 'Stop', exact: true }).click()
  await expect(page.getByTestId('server-state')).toHaveText('Stopped')
  const form = page.getByRole('form', { name: 'Server settings' })
  const warning = form.getByTestId('refused-port-warning')
  await expect(warning).toHaveCount(0)

  // Said as it is typed, in the words `serve` and `settings set server.port` print, and not as a refusal.
  await form.getByRole('textbox', { name: 'Port' }).fill('6000')
  await expect(warning).toHaveText(`P${fetchRefusedPortWarning(6000)!.slice(1)}`)
  await form.getByRole('textbox', { name: 'Port' }).fill('6001')
  await expect(warning).toHaveCount(0)
  await form.getByRole('textbox', { name: 'Port' }).fill('6000')
  await form.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Server settings saved')).toBeVisible()
  expect(backend.services.settings.get().server.port).toBe(6000)
  // Saved, it stays said: the page is where staff look when the demos cannot reach the server.
  await expect(warning).toContainText('Pick another port, such as 8787.')
})

test('a taken port shows the free one next to it, and "Use port N" moves the server there', async ({ page, backend }) => {
  const running = portOf(backend.scimOrigin)
  savePort(backend, running)
  const taken = await occupyPort()
  try {
    await openConsole(page, backend, '/server')
    const form = page.getByRole('form', { name: 'Server settings' })
    await form.getByRole('textbox', { name: 'Port' }).fill(String(taken.port))
    await form.getByRole('button', { name: 'Save and restart server' }).click()
    await expect(form.getByText(`Port ${taken.port} on 127.0.0.1 is already in use`)).toBeVisible()
    // Main kept serving on the old port.
    await expect(pill(page, `Running · 127.0.0.1:${running}`)).toBeVisible()
    expect(backend.services.settings.get().server.port).toBe(running)

    const use = form.getByRole('button', { name: /^Use port \d+$/ })
    const suggested = Number(/\d+/.exec((await use.textContent()) ?? '')?.[0])
    expect(suggested).toBeGreaterThan(taken.port)
    await use.click()
    await expect(pill(page, `Running · 127.0.0.1:${suggested}`)).toBeVisible()
    expect(backend.services.settings.get().server.port).toBe(suggested)

    // The same offer when the server itself fails to start on a taken port (at launch, or from Start).
    await page.getByRole('button', { name: 'Stop', exact: true }).click()
    await expect(pill(page, 'Stopped')).toBeVisible()
    savePort(backend, taken.port)
    await page.getByRole('button', { name: 'Start', exact: true }).click()
    await expect(pill(page, 'Failed')).toBeVisible()
    const failure = page.getByRole('alert').filter({ hasText: 'The SCIM server could not start' })
    await expect(failure).toContainText(`Port ${taken.port} on 127.0.0.1 is already in use`)
    const offer = failure.getByRole('button', { name: /^Use port \d+$/ })
    const next = Number(/\d+/.exec((await offer.textContent()) ?? '')?.[0])
    await offer.click()
    await expect(pill(page, `Running · 127.0.0.1:${next}`)).toBeVisible()
    await expect(failure).toHaveCount(0)
    expect(backend.services.settings.get().server.port).toBe(next)
  } finally {
    await new Promise<void>((resolve) => taken.server.close(() => resolve()))
  }
})

test('listening on every network needs an explicit confirmation that explains the risk', async ({ page, backend }) => {
  const port = portOf(backend.scimOrigin)
  savePort(backend, port)
  await openConsole(page, backend, '/server')
  const form = page.getByRole('form', { name: 'Server settings' })
  await expect(form.getByRole('radio', { name: /This computer only/ })).toBeChecked()

  await form.getByRole('radio', { name: /Every network/ }).check()
  await form.getByRole('button', { name: 'Save and restart server' }).click()
  const dialog = page.getByRole('dialog', { name: 'Open the SCIM server to the network?' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('anyone there who has a tenant')
  // Changing one's mind leaves everything as it was.
  await dialog.getByRole('button', { name: 'Keep this computer only' }).click()
  await expect(dialog).toBeHidden()
  expect(backend.services.settings.get().server.host).toBe('127.0.0.1')
  await expect(pill(page, `Running · 127.0.0.1:${port}`)).toBeVisible()

  await form.getByRole('button', { name: 'Save and restart server' }).click()
  await dialog.getByRole('button', { name: 'Listen on 0.0.0.0' }).click()
  await expect(dialog).toBeHidden()
  await expect(pill(page, `Degraded · 0.0.0.0:${port}`).or(pill(page, `Running · 0.0.0.0:${port}`))).toBeVisible()
  expect(backend.services.settings.get().server.host).toBe('0.0.0.0')

  // Coming back to this computer only is safe and asks nothing.
  await form.getByRole('radio', { name: /This computer only/ }).check()
  await form.getByRole('button', { name: 'Save and restart server' }).click()
  await expect(pill(page, `Running · 127.0.0.1:${port}`)).toBeVisible()
  await expect(dialog).toHaveCount(0)
  expect(backend.services.settings.get().server.host).toBe('127.0.0.1')
})

test('a public URL for a tunnel is checked, saved, and becomes the address identity providers use', async ({ page, backend }) => {
  savePort(backend, portOf(backend.scimOrigin))
  await openConsole(page, backend, '/server')
  // The status never says identity providers can reach a server that answers this computer only.
  const statusCard = page.getByTestId('server-state').locator('xpath=ancestor::*[contains(@class, "mantine-Paper-root")][1]')
  await expect(statusCard).toContainText('Answering this computer only')
  const form = page.getByRole('form', { name: 'Server settings' })
  await expect(form.getByText("Okta's cloud cannot reach 127.0.0.1")).toBeVisible()
  const field = form.getByRole('textbox', { name: 'Public URL' })
  await field.fill('https://acme-demo.example-tunnel.com/scim/v2')
  await form.getByRole('button', { name: 'Save and restart server' }).click()
  await expect(form.getByText('Enter the origin only, without a path')).toBeVisible()
  // Plain http is allowed, and the field says at once what it risks; https does not.
  await field.fill('http://acme-demo.example-tunnel.com')
  const cleartext = form.getByTestId('cleartext-url-warning')
  await expect(cleartext).toContainText('identity providers send the API token unencrypted')
  await field.fill('https://acme-demo.example-tunnel.com/')
  await expect(cleartext).toHaveCount(0)
  await form.getByRole('button', { name: 'Save and restart server' }).click()
  await expect(page.getByTestId('scim-origin')).toHaveText('https://acme-demo.example-tunnel.com')
  await expect(statusCard).toContainText('Identity providers reach it at the public URL')
  expect(backend.services.settings.get().server.publicUrl).toBe('https://acme-demo.example-tunnel.com')
  // The save's answer is in the page before the next change: the test's bridge carries answers and events on two
  // channels, unlike Electron's one, and an answer that came after the next change's event would put it back.
  await expect(page.getByText('Server settings saved')).toBeVisible()

  // Saved as http://, the setup guide warns the CSM before the base URL is read out to a customer.
  expect(backend.services.settings.update({ server: { publicUrl: 'http://acme-demo.example-tunnel.com' } }).ok).toBe(true)
  expect(backend.services.tenants.create({ name: 'Acme Corp' }).ok).toBe(true)
  await page.goto(`${page.url().split('#')[0]}#/tenants/acme/setup`)
  await expect(page.getByTestId('setup-base-url')).toHaveText('http://acme-demo.example-tunnel.com/scim/v2/acme')
  const callout = page.getByTestId('cleartext-url-callout')
  await expect(callout).toContainText('The base URL is not encrypted')
  mkdirSync(screenshotDir, { recursive: true })
  await shoot(page, 'setup-guide-cleartext-url', 'light')
  await callout.getByRole('link', { name: 'Change the public URL' }).click()
  await expect(page.getByRole('form', { name: 'Server settings' }).getByTestId('cleartext-url-warning')).toBeVisible()
  await shoot(page, 'server-cleartext-url', 'light')
})

test('auto-start, retention, notifications and the tray option round-trip through the settings', async ({ page, backend }) => {
  await openConsole(page, backend, '/server')
  const autoStart = page.getByRole('switch', { name: 'Start the server when SCIM Console opens' })
  await expect(autoStart).toBeChecked()
  await autoStart.uncheck()
  await expect.poll(() => backend.services.settings.get().server.autoStart).toBe(false)

  await page.getByRole('link', { name: 'Settings' }).click()
  const retention = page.getByRole('form', { name: 'Log retention' })
  await expect(retention.getByRole('textbox', { name: 'Keep rows for (days)' })).toHaveValue('30')
  await retention.getByRole('textbox', { name: 'Keep at most (rows)' }).fill('10')
  await retention.getByRole('button', { name: 'Save' }).click()
  await expect(retention.getByText('A whole number from 1,000 to 100,000,000.')).toBeVisible()
  await retention.getByRole('textbox', { name: 'Keep rows for (days)' }).fill('14')
  await retention.getByRole('textbox', { name: 'Keep at most (rows)' }).fill('50000')
  await expect(retention.getByText('the log keeps the last 14 days, but never more than the newest 50,000 rows')).toBeVisible()
  await retention.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('Log retention saved')).toBeVisible()
  expect(backend.services.settings.get().retention).toEqual({ days: 14, rows: 50_000 })

  const notifications = page.getByRole('switch', { name: 'Notify me when a tenant starts failing' })
  await notifications.uncheck()
  await expect.poll(() => backend.services.settings.get().notifications.enabled).toBe(false)
  const threshold = page.getByRole('form', { name: 'Notification threshold' })
  await expect(threshold.getByRole('textbox', { name: 'Notify after (failures)' })).toBeDisabled()
  await notifications.check()
  await threshold.getByRole('textbox', { name: 'Notify after (failures)' }).fill('3')
  await threshold.getByRole('textbox', { name: 'Within (minutes)' }).fill('10')
  await threshold.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('Notification threshold saved')).toBeVisible()
  expect(backend.services.settings.get().notifications).toEqual({ enabled: true, failureThreshold: 3, windowMinutes: 10 })

  await page.getByRole('switch', { name: 'Keep running in the tray' }).check()
  await expect.poll(() => backend.services.settings.get().keepRunningInTray).toBe(true)

  // Read back from main, not from the page's memory.
  await page.reload()
  await expect(page.getByRole('textbox', { name: 'Keep rows for (days)' })).toHaveValue('14')
  await expect(page.getByRole('textbox', { name: 'Keep at most (rows)' })).toHaveValue('50,000')
  await expect(page.getByRole('textbox', { name: 'Notify after (failures)' })).toHaveValue('3')
  await expect(page.getByRole('switch', { name: 'Keep running in the tray' })).toBeChecked()

  // A change made elsewhere (the CLI, the tray) shows without a reload.
  backend.services.settings.update({ retention: { days: 7 } })
  await expect(page.getByRole('textbox', { name: 'Keep rows for (days)' })).toHaveValue('7')
})

test('lowering the log retention deletes the older rows at once, and the Data figures follow', async ({ page, backend }) => {
  const day = 86_400_000
  // 30 requests from three weeks ago, 10 from today.
  for (let index = 0; index < 40; index++) {
    backend.services.log.append(logRow({ at: Date.now() - (index < 30 ? 21 * day : 0) + index, duration_ms: 3, client: 'okta' }))
  }
  backend.services.log.flush()
  const retention = startRetention(backend.services)
  try {
    await openConsole(page, backend, '/settings')
    await expect(page.getByTestId('log-rows')).toHaveText('40')
    // Most of a small database's size is SQLite's write-ahead log, which the Data section names apart.
    await expect(page.getByTestId('database-size-hint')).toHaveText(/^[\d.]+ (KB|MB) of data, [\d.]+ (KB|MB) write-ahead log$/)
    const form = page.getByRole('form', { name: 'Log retention' })
    await form.getByRole('textbox', { name: 'Keep rows for (days)' }).fill('14')
    await form.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByText('Log retention saved')).toBeVisible()
    await expect(page.getByTestId('log-rows')).toHaveText('10')
    await expect(form.getByText('It holds 10 rows now.')).toBeVisible()
  } finally {
    retention.stop()
  }
})

test('a switch that could not be saved goes back, and says why', async ({ page, backend }) => {
  await openConsole(page, backend, '/settings')
  const notifications = page.getByRole('switch', { name: 'Notify me when a tenant starts failing' })
  await expect(notifications).toBeChecked()
  // Another SCIM Console process holds the database; the app waits 5 seconds for it, this test a twentieth of that.
  const other = new Database(backend.services.dbPath)
  try {
    backend.services.db.pragma('busy_timeout = 250')
    other.exec('BEGIN IMMEDIATE')
    await notifications.click()
    await expect(page.getByText('Could not change notifications')).toBeVisible()
    await expect(page.getByText(/^The SCIM Console database was busy: another SCIM Console process/)).toBeVisible()
    await expect(notifications).toBeChecked()
    expect(backend.services.settings.get().notifications.enabled).toBe(true)
  } finally {
    other.exec('ROLLBACK')
    other.close()
  }
  await notifications.uncheck()
  await expect.poll(() => backend.services.settings.get().notifications.enabled).toBe(false)
})

test('the data folder opens in the file manager, and a backup is a SQLite database of everything', async ({ page, backend }) => {
  expect(backend.services.tenants.create({ name: 'Acme Corp' }).ok).toBe(true)
  await openConsole(page, backend, '/settings')
  await expect(page.getByTestId('data-folder')).toHaveText(backend.dataDir)
  await page.getByRole('button', { name: 'Open in file manager' }).click()
  await expect.poll(() => backend.native.opened).toEqual([backend.services.dbPath])

  await page.getByRole('button', { name: 'Back up…' }).click()
  await expect(page.getByText('Backup saved')).toBeVisible()
  expect(backend.native.saved).toHaveLength(1)
  const path = backend.native.saved[0] ?? ''
  await expect(page.getByTestId('backup-path')).toHaveText(path)
  expect(readFileSync(path).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000')
})

test('restore asks first, says what it replaces, then restores and restarts the app', async ({ page, backend }) => {
  expect(backend.services.tenants.create({ name: 'Acme Corp' }).ok).toBe(true)
  await openConsole(page, backend, '/settings')
  await page.getByRole('button', { name: 'Back up…' }).click()
  await expect(page.getByText('Backup saved')).toBeVisible()
  const backup = backend.native.saved[0] ?? ''

  const dialog = page.getByRole('dialog', { name: 'Restore from a backup?' })
  await page.getByRole('button', { name: 'Restore…' }).click()
  await expect(dialog).toContainText(
    "Restoring replaces all tenants, tokens, users and the log with the backup's; the current data is kept as a safety copy; SCIM Console restarts."
  )
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()

  // Cancelling the file dialog is a change of mind: nothing happens.
  backend.native.nextOpenPath = null
  await page.getByRole('button', { name: 'Restore…' }).click()
  await dialog.getByRole('button', { name: 'Choose backup and restore' }).click()
  await expect(dialog).toBeHidden()
  expect(backend.native.relaunches).toBe(0)

  backend.native.nextOpenPath = backup
  await page.getByRole('button', { name: 'Restore…' }).click()
  await dialog.getByRole('button', { name: 'Choose backup and restore' }).click()
  await expect(page.getByRole('dialog', { name: 'Restored' })).toContainText('SCIM Console is restarting')
  expect(backend.native.relaunches).toBe(1)
})

test('the menu, the tray and notifications move the window to the screen they name', async ({ page, backend }) => {
  expect(backend.services.tenants.create({ name: 'Acme Corp' }).ok).toBe(true)
  await openConsole(page, backend, '/tenants')
  await expect(page.getByRole('heading', { name: 'Tenants' })).toBeVisible()

  backend.services.events.emit('app:navigate', { route: '#/settings' })
  await expect(page).toHaveURL(/#\/settings$/)
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()

  backend.services.events.emit('app:navigate', { route: '#/logs?tenant=acme&outcome=failed' })
  await expect(page).toHaveURL(/#\/logs\?tenant=acme&outcome=failed$/)

  backend.services.events.emit('app:navigate', { route: '/server' })
  await expect(page).toHaveURL(/#\/server$/)
  await expect(page.getByRole('heading', { name: 'Server', level: 1 })).toBeVisible()

  // Only paths inside the app: anything else is ignored. Once the page has heard it, a screen it went to would be in
  // the history between the Server page and the next one, and a page it left for would hear nothing more.
  const heard = await nextPush(page, 'app:navigate')
  backend.services.events.emit('app:navigate', { route: 'https://example.com/' })
  await heard()
  await expect(page).toHaveURL(/#\/server$/)
  backend.services.events.emit('app:navigate', { route: '/settings' })
  await expect(page).toHaveURL(/#\/settings$/)
  await page.goBack()
  await expect(page).toHaveURL(/#\/server$/)
})

/** The width of the page's content: the column that holds its title and its cards. */
async function pageWidth(page: Page): Promise<number> {
  const column = page.getByRole('heading', { level: 1 }).locator('xpath=ancestor::div[contains(@class, "mantine-Stack-root")][2]')
  return Math.round((await column.boundingBox())?.width ?? 0)
}

test('the Server and Settings pages are designed in light and dark', async ({ page, backend }) => {
  test.setTimeout(300_000)
  mkdirSync(screenshotDir, { recursive: true })
  await seed(backend)
  // As a CSM has it: the saved settings match where the server runs, with a tunnel for Okta.
  backend.services.settings.update({ server: { port: portOf(backend.scimOrigin) } })
  const taken = await occupyPort()
  try {
    await openConsole(page, backend, '/server')
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme })
      await show(page, '/server', (p) => p.getByText('Requests / second'))
      await expect(page.getByTestId('server-state')).toHaveText('Running')
      await page.evaluate(() => window.scrollTo(0, 0))
      await shoot(page, 'server-page', theme)
      const serverWidth = await pageWidth(page)

      const form = page.getByRole('form', { name: 'Server settings' })
      await form.getByRole('radio', { name: /Every network/ }).check()
      await form.getByRole('button', { name: 'Save and restart server' }).click()
      await expect(page.getByRole('dialog', { name: 'Open the SCIM server to the network?' })).toBeVisible()
      await shoot(page, 'server-expose-confirm', theme)
      await page.getByRole('button', { name: 'Keep this computer only' }).click()
      await form.getByRole('button', { name: 'Discard changes' }).click()

      await form.getByRole('textbox', { name: 'Port' }).fill(String(taken.port))
      await form.getByRole('button', { name: 'Save and restart server' }).click()
      await expect(form.getByRole('button', { name: /^Use port \d+$/ })).toBeVisible()
      await scrollToHeading(page, 'Listening')
      await shoot(page, 'server-port-in-use', theme)
      await form.getByRole('button', { name: 'Discard changes' }).click()

      await show(page, '/settings', (p) => p.getByText('Components'))
      await expect(page.getByTestId('log-rows')).not.toHaveText('0')
      await page.evaluate(() => window.scrollTo(0, 0))
      await shoot(page, 'settings-page', theme)
      // Side by side in the navigation, the two pages of settings have one width: their cards and actions do not jump.
      expect(await pageWidth(page), 'the Settings page is as wide as the Server page').toBe(serverWidth)
      await scrollToHeading(page, 'Appearance and window')
      await shoot(page, 'settings-page-lower', theme)
      await page.getByRole('button', { name: 'Restore…' }).click()
      await expect(page.getByRole('dialog', { name: 'Restore from a backup?' })).toBeVisible()
      await shoot(page, 'settings-restore-confirm', theme)
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()
      await expect(page.getByRole('dialog')).toBeHidden()
    }
  } finally {
    await new Promise<void>((resolve) => taken.server.close(() => resolve()))
  }
})
