// Accessibility of every screen, in light and dark, with realistic data: axe-core finds no serious or critical
// violation on any screen or dialog, and the frame works from the keyboard alone with a focus ring a person can see.
import axe from 'axe-core'
import type { Locator, Page } from '@playwright/test'
import { appOrigin, expect, openConsole, test, type ConsoleBackend } from './harness/fixtures'
import { seed, settled, value } from './harness/seed'

const themes = ['light', 'dark'] as const

/** The rules of WCAG 2.2 A and AA, and axe's best practices (landmarks, headings, dialog names). */
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']

/**
 * Which of those rules to run: all of them, or only those about colour (axe's `cat.color`: contrast, and links told
 * apart from their text). A theme changes the colours and nothing else, so the second theme of a screen needs only
 * these; they are a third of axe's time on a screen.
 */
type Rules = 'all' | 'colour'

/** axe-core on what the page shows now: every serious or critical violation, one readable line a node. */
async function blockingViolations(page: Page, rules: Rules): Promise<string[]> {
  await settled(page)
  // axe-core runs in the page itself, loaded once per document (the console is one document with no iframes).
  // @axe-core/playwright evaluated axe's half-megabyte source twice on every check, a third of the pass's time.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source)
  const violations = await page.evaluate(
    ({ values, colourOnly }) => {
      const { axe: inPage } = window as unknown as { axe: typeof axe }
      const runOnly = colourOnly
        ? { type: 'rule' as const, values: inPage.getRules(values).filter((rule) => rule.tags.includes('cat.color')).map((rule) => rule.ruleId) }
        : { type: 'tag' as const, values }
      return inPage.run(document, { runOnly, resultTypes: ['violations'] }).then((results) => results.violations)
    },
    { values: tags, colourOnly: rules === 'colour' }
  )
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.impact ?? ''} ${violation.id}: ${violation.help}\n` +
        violation.nodes
          .slice(0, 6)
          .map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`)
          .join('\n')
    )
}

/** Shows `route` and waits until `ready` is visible; generous, because the log over thousands of rows is the slowest screen. */
async function visit(page: Page, route: string, ready: (page: Page) => Locator): Promise<void> {
  await page.goto(`${appOrigin}/index.html#${route}`)
  await expect(ready(page).first()).toBeVisible({ timeout: 30_000 })
}

/** One screen or dialog to check: where it lives, what shows it is ready, and how to open a dialog on it. */
interface Screen {
  readonly name: string
  readonly route: string
  readonly ready: (page: Page) => Locator
  readonly open?: (page: Page) => Promise<void>
  /** A window size other than the default, for a screen that lays out differently in a small window. */
  readonly size?: { readonly width: number; readonly height: number }
}

const defaultSize = { width: 1440, height: 900 }

const emptyScreens: readonly Screen[] = [
  { name: 'tenants, empty', route: '/tenants', ready: (p) => p.getByText('Create your first tenant') },
  { name: 'log, empty', route: '/logs', ready: (p) => p.getByText('No requests yet') }
]

async function closeDialogs(page: Page): Promise<void> {
  for (let attempt = 0; attempt < 5 && (await page.getByRole('dialog').count()) > 0; attempt++) {
    // A new API token that was not copied asks before it goes; Escape alone keeps it. The question slides in, and the
    // dialog may already be on its way out: a click that finds no button is tried again on the next turn, not waited on.
    const anyway = page.getByRole('button', { name: 'Close without copying' })
    if (await anyway.isVisible()) await anyway.click({ timeout: 5_000 }).catch(() => undefined)
    else await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog'))
      .toHaveCount(0, { timeout: 2_000 })
      .catch(() => undefined)
  }
  await expect(page.getByRole('dialog')).toHaveCount(0)
}

const screens: readonly Screen[] = [
  { name: 'tenants', route: '/tenants', ready: (p) => p.getByRole('row', { name: /Acme Corp/ }) },
  {
    name: 'new tenant dialog',
    route: '/tenants',
    ready: (p) => p.getByRole('row', { name: /Acme Corp/ }),
    open: async (p) => {
      await p.getByRole('button', { name: 'New tenant' }).first().click()
      await p.getByRole('dialog', { name: 'New tenant' }).getByLabel('Name').fill('Cyberdyne Systems')
    }
  },
  {
    name: 'command palette',
    route: '/tenants',
    ready: (p) => p.getByRole('row', { name: /Acme Corp/ }),
    open: async (p) => {
      await p.keyboard.press('Control+K')
      await p.getByRole('textbox', { name: 'Jump to' }).fill('acme')
      await expect(p.getByRole('dialog').getByText('Acme Corp: API tokens')).toBeVisible()
    }
  },
  { name: 'tenant overview', route: '/tenants/acme', ready: (p) => p.getByRole('list', { name: 'Latest failures' }) },
  {
    name: 'edit tenant dialog',
    route: '/tenants/acme',
    ready: (p) => p.getByRole('list', { name: 'Latest failures' }),
    open: async (p) => {
      await p.getByRole('button', { name: 'Edit tenant' }).click()
      await expect(p.getByRole('dialog', { name: 'Edit tenant' })).toBeVisible()
    }
  },
  {
    name: 'delete tenant dialog, with active tokens',
    route: '/tenants/acme',
    ready: (p) => p.getByRole('list', { name: 'Latest failures' }),
    open: async (p) => {
      await p.getByRole('button', { name: 'Delete tenant…' }).click()
      const dialog = p.getByRole('dialog', { name: 'Delete Acme Corp?' })
      await dialog.getByLabel('To confirm, type acme').fill('acme')
      await expect(dialog.getByText(/API tokens? (is|are) still active/)).toBeVisible()
    }
  },
  { name: 'tokens', route: '/tenants/acme/tokens', ready: (p) => p.getByRole('row', { name: /Okta production/ }) },
  {
    name: 'issue token dialog',
    route: '/tenants/acme/tokens',
    ready: (p) => p.getByRole('row', { name: /Okta production/ }),
    open: async (p) => {
      await p.getByRole('button', { name: 'Issue API token' }).first().click()
      await expect(p.getByRole('dialog')).toBeVisible()
    }
  },
  {
    name: 'new API token, closed before it was copied',
    route: '/tenants/acme/tokens',
    ready: (p) => p.getByRole('row', { name: /Okta production/ }),
    open: async (p) => {
      await p.getByRole('button', { name: 'Issue API token' }).first().click()
      await p.getByRole('dialog').getByRole('button', { name: 'Issue API token' }).click()
      await p.getByRole('button', { name: "I've copied it" }).click()
      await expect(p.getByRole('alert').filter({ hasText: 'The token is not copied yet' })).toBeVisible()
    }
  },
  {
    name: 'revoke token dialog',
    route: '/tenants/acme/tokens',
    ready: (p) => p.getByRole('row', { name: /Okta preview/ }),
    open: async (p) => {
      await p.getByRole('button', { name: 'Revoke Okta preview' }).click()
      await expect(p.getByRole('dialog', { name: 'Revoke API token?' })).toBeVisible()
    }
  },
  { name: 'tokens, empty', route: '/tenants/wayne-enterprises/tokens', ready: (p) => p.getByText('Issue the first API token') },
  { name: 'log', route: '/logs', ready: (p) => p.getByRole('table', { name: 'Provisioning log' }).getByRole('row', { name: /Acme Corp/ }) },
  { name: 'log, failures', route: '/logs?tenant=acme&outcome=failed', ready: (p) => p.getByRole('table', { name: 'Provisioning log' }).getByText('409') },
  {
    // The compact log of a short window: its folded filters opened, its chart folded to the totals.
    name: 'log, smallest window',
    route: '/logs?tenant=acme&outcome=failed',
    size: { width: 960, height: 600 },
    ready: (p) => p.getByRole('table', { name: 'Provisioning log' }).getByText('409'),
    open: async (p) => {
      await p.getByRole('button', { name: /^Filters/ }).click()
      await expect(p.getByRole('combobox', { name: 'Tenant', exact: true })).toBeVisible()
      await expect(p.getByRole('button', { name: 'Show the activity chart' })).toBeVisible()
    }
  },
  {
    name: 'log detail drawer',
    route: '/logs?tenant=acme&outcome=failed',
    ready: (p) => p.getByRole('table', { name: 'Provisioning log' }).getByText('409'),
    open: async (p) => {
      await p.getByRole('table', { name: 'Provisioning log' }).getByText('409').first().click()
      await expect(p.getByRole('dialog').getByRole('list', { name: 'Timeline' })).toBeVisible()
    }
  },
  { name: 'directory users', route: '/tenants/acme/directory', ready: (p) => p.getByRole('table', { name: 'Users' }).getByText('ada.lovelace@acme.com') },
  {
    name: 'directory user drawer',
    route: '/tenants/acme/directory',
    ready: (p) => p.getByRole('table', { name: 'Users' }).getByText('ada.lovelace@acme.com'),
    open: async (p) => {
      await p.getByRole('table', { name: 'Users' }).getByRole('row', { name: /ada\.lovelace@acme\.com/ }).click()
      await expect(p.getByRole('dialog', { name: 'Ada Lovelace' }).getByRole('link', { name: 'Engineering' })).toBeVisible()
    }
  },
  { name: 'directory groups', route: '/tenants/acme/directory/groups', ready: (p) => p.getByRole('table', { name: 'Groups' }).getByText('Customer Support') },
  {
    name: 'directory group editor',
    route: '/tenants/acme/directory/groups',
    ready: (p) => p.getByRole('table', { name: 'Groups' }).getByText('Customer Support'),
    open: async (p) => {
      await p.getByRole('table', { name: 'Groups' }).getByRole('row', { name: /Engineering/ }).click()
      await p.getByRole('dialog', { name: 'Engineering' }).getByRole('button', { name: 'Edit name and members' }).click()
      await expect(p.getByRole('dialog', { name: 'Edit Engineering' })).toBeVisible()
    }
  },
  { name: 'directory, empty', route: '/tenants/wayne-enterprises/directory', ready: (p) => p.getByText('No users yet') },
  { name: 'Okta setup guide', route: '/tenants/acme/setup', ready: (p) => p.getByTestId('setup-base-url') },
  { name: 'Entra setup guide', route: '/tenants/acme/setup?for=entra', ready: (p) => p.getByTestId('setup-tenant-url') },
  // Acme's guide was last seen in Entra's version (above), so its demo plays Entra first: Okta is chosen.
  {
    name: 'Okta demo',
    route: '/tenants/acme/demo',
    ready: (p) => p.getByRole('radiogroup', { name: 'Client' }),
    open: async (p) => {
      await p.getByRole('radiogroup', { name: 'Client' }).getByText('Okta catalog app · PATCH').click()
      await expect(p.getByRole('button', { name: 'Run Okta demo' })).toBeVisible()
    }
  },
  {
    name: 'Okta demo, finished',
    route: '/tenants/acme/demo',
    ready: (p) => p.getByRole('radiogroup', { name: 'Client' }),
    open: async (p) => {
      await p.getByRole('radiogroup', { name: 'Client' }).getByText('Okta catalog app · PATCH').click()
      await p.getByLabel('Users to assign').fill('2')
      await p.getByRole('radiogroup', { name: 'Speed' }).getByText('100×').click()
      await p.getByRole('button', { name: 'Run Okta demo' }).click()
      await expect(p.getByTestId('demo-finished')).toBeVisible({ timeout: 90_000 })
    }
  },
  {
    // The Client switch on Entra, and Entra's cycles played to the end.
    name: 'Entra demo, finished',
    route: '/tenants/acme/demo',
    ready: (p) => p.getByRole('radiogroup', { name: 'Client' }),
    open: async (p) => {
      await p.getByRole('radiogroup', { name: 'Client' }).getByText('Microsoft Entra ID').click()
      await p.getByLabel('Users to assign').fill('2')
      await p.getByRole('radiogroup', { name: 'Speed' }).getByText('100×').click()
      await p.getByRole('button', { name: 'Run Entra demo' }).click()
      await expect(p.getByTestId('demo-finished')).toBeVisible({ timeout: 90_000 })
    }
  },
  {
    // Provision on demand of a group: the form's Provision choice and Members picked, above the run's steps.
    name: 'Entra demo, a group provisioned on demand',
    route: '/tenants/acme/demo',
    ready: (p) => p.getByRole('radiogroup', { name: 'Client' }),
    open: async (p) => {
      await p.getByRole('radiogroup', { name: 'Client' }).getByText('Microsoft Entra ID').click()
      await p.getByRole('switch', { name: /Provision on demand/ }).click()
      await p.getByRole('radiogroup', { name: 'Provision' }).getByText('A group').click()
      await p.getByLabel('Members picked').fill('2')
      await p.getByRole('radiogroup', { name: 'Speed' }).getByText('100×').click()
      await p.getByRole('button', { name: 'Run Entra demo' }).click()
      await expect(p.getByTestId('demo-finished')).toContainText('Entra provisioned a group and 2 members on demand', { timeout: 90_000 })
    }
  },
  {
    name: 'conformance self-test',
    route: '/tenants/acme/demo?tab=conformance',
    ready: (p) => p.getByRole('button', { name: 'Run conformance self-test' }),
    open: async (p) => {
      await p.getByRole('button', { name: 'Run conformance self-test' }).click()
      await expect(p.getByTestId('conformance-summary')).toContainText('passed', { timeout: 60_000 })
      await p.getByTestId('conformance-check').nth(1).getByRole('button').first().click()
    }
  },
  // Globex is throttled to a few requests a minute (below): its self-test soon waits out a 429.
  {
    name: 'conformance self-test, waiting out a 429',
    route: '/tenants/globex/demo?tab=conformance',
    ready: (p) => p.getByRole('button', { name: 'Run conformance self-test' }),
    open: async (p) => {
      await p.getByRole('button', { name: 'Run conformance self-test' }).click()
      await expect(p.getByTestId('conformance-waiting')).toBeVisible({ timeout: 30_000 })
    }
  },
  {
    name: 'conformance self-test, cancelled',
    route: '/tenants/globex/demo?tab=conformance',
    // The run is still waiting out its 429 in main.
    ready: (p) => p.getByRole('region', { name: 'Conformance self-test in progress' }),
    open: async (p) => {
      await p.getByRole('region', { name: 'Conformance self-test in progress' }).getByRole('button', { name: 'Cancel' }).click()
      await expect(p.getByRole('region', { name: 'Conformance results' }).getByText('Cancelled', { exact: true })).toBeVisible()
    }
  },
  { name: 'faults', route: '/tenants/acme/faults', ready: (p) => p.getByRole('group', { name: 'Failure 2' }) },
  { name: 'server', route: '/server', ready: (p) => p.getByText('Requests / second') },
  {
    name: 'server exposure confirmation',
    route: '/server',
    ready: (p) => p.getByRole('form', { name: 'Server settings' }),
    open: async (p) => {
      await p.getByRole('radio', { name: /Every network/ }).check()
      await p.getByRole('button', { name: 'Save and restart server' }).click()
      await expect(p.getByRole('dialog', { name: 'Open the SCIM server to the network?' })).toBeVisible()
    }
  },
  {
    name: 'server, an http public URL',
    route: '/server',
    ready: (p) => p.getByRole('form', { name: 'Server settings' }),
    open: async (p) => {
      await p.getByRole('textbox', { name: 'Public URL' }).fill('http://acme-demo.example-tunnel.com')
      await expect(p.getByTestId('cleartext-url-warning')).toBeVisible()
    }
  },
  { name: 'settings', route: '/settings', ready: (p) => p.getByText('Components') },
  {
    name: 'restore confirmation',
    route: '/settings',
    ready: (p) => p.getByText('Components'),
    open: async (p) => {
      await p.getByRole('button', { name: 'Restore…' }).click()
      await expect(p.getByRole('dialog', { name: 'Restore from a backup?' })).toBeVisible()
    }
  },
  { name: 'not found', route: '/nowhere', ready: (p) => p.getByText('This page does not exist') }
]

/** Faults on Acme, so that the faults screen has rules and every screen shows the banner. */
function injectFaults(backend: ConsoleBackend): void {
  value(
    backend.services.faults.set('acme', {
      throttlePerMinute: 0,
      latencyMs: 0,
      failNextAuth: false,
      rules: [
        { id: 'push-fails', operation: 'create-user', status: 500, detail: 'The app could not save the user.', mode: 'once', percent: 100 },
        { id: 'import-flaky', operation: 'import-users', status: 503, detail: 'The app is down for maintenance.', mode: 'percent', percent: 25 }
      ]
    })
  )
}

// Each screen or dialog is opened once and checked in both themes, which then show the same moment: every rule in the
// first theme, and the rules about colour in the second (Rules says why).
test('every screen and dialog passes axe-core with no serious or critical violations, in light and dark', async ({ page, backend }) => {
  test.setTimeout(900_000)
  await openConsole(page, backend, '/tenants')
  const failures: string[] = []
  const check = async (screens: readonly Screen[]): Promise<void> => {
    for (const screen of screens) {
      await page.setViewportSize(screen.size ?? defaultSize)
      await visit(page, screen.route, screen.ready)
      if (screen.open) await screen.open(page)
      for (const [index, theme] of themes.entries()) {
        await page.emulateMedia({ colorScheme: theme })
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', theme)
        const found = await blockingViolations(page, index === 0 ? 'all' : 'colour')
        if (found.length > 0) failures.push(`${screen.name} (${theme}):\n  ${found.join('\n  ')}`)
      }
      if (screen.open) await closeDialogs(page)
    }
  }
  await check(emptyScreens)
  await seed(backend)
  value(backend.services.tenants.update({ tenant: 'globex', rateLimitPerMinute: 3 }))
  // A fresh window over the seeded data, as a CSM opening the app has it.
  await page.reload()
  await check(screens.filter((screen) => screen.name !== 'faults'))
  injectFaults(backend)
  await check(screens.filter((screen) => screen.name === 'faults' || screen.name === 'tenant overview'))
  expect(failures, failures.join('\n\n')).toEqual([])
})

/** What has keyboard focus now: its accessible name as a person would read it, and whether a focus ring shows. */
async function focused(page: Page): Promise<{ name: string; ring: boolean }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null
    if (!element || element === document.body) return { name: '', ring: false }
    const labelled = element.getAttribute('aria-labelledby')
    const visibleText = (node: Element): string => {
      const copy = node.cloneNode(true) as Element
      for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove()
      return copy.textContent ?? ''
    }
    const name =
      element.getAttribute('aria-label') ??
      (labelled ? document.getElementById(labelled)?.textContent : null) ??
      (element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null) ??
      element.getAttribute('placeholder') ??
      visibleText(element)
    // The ring may be drawn on the element or, for a visually hidden input (a radio), on its visible label.
    const drawsRing = (target: Element | null): boolean => {
      if (!target) return false
      const style = getComputedStyle(target)
      return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) || style.boxShadow !== 'none'
    }
    // A text field shows focus as Mantine does, with its border in the accent colour.
    const probe = document.body.appendChild(document.createElement('span'))
    probe.style.color = 'var(--mantine-primary-color-filled)'
    const accent = getComputedStyle(probe).color
    probe.remove()
    const accentBorder = element instanceof HTMLInputElement && getComputedStyle(element).borderTopColor === accent
    const ring =
      element.matches(':focus-visible') &&
      (drawsRing(element) || drawsRing(element.closest('label')) || drawsRing(element.parentElement) || accentBorder)
    return { name: name.replace(/\s+/g, ' ').trim(), ring }
  })
}

test('the frame works from the keyboard alone, with a visible focus ring, and Ctrl+K opens the palette', async ({ page, backend }) => {
  value(backend.services.tenants.create({ name: 'Acme Corp' }))
  await openConsole(page, backend, '/tenants')
  await expect(page.getByRole('row', { name: /Acme Corp/ })).toBeVisible()

  const visited: { name: string; ring: boolean }[] = []
  for (let step = 0; step < 30; step++) {
    await page.keyboard.press('Tab')
    // Let the focus styles' transitions (a field's border colour) finish before measuring them.
    await settled(page)
    const now = await focused(page)
    visited.push(now)
    if (now.name === 'New tenant') break
  }
  const names = visited.map((item) => item.name)
  for (const expected of ['SCIM Console home', 'Search or jump to…', 'Tenants', 'Provisioning log', 'Server', 'Settings', 'New tenant']) {
    expect(names, `Tab reaches "${expected}"`).toContain(expected)
  }
  expect(names.some((name) => name.startsWith('SCIM server: Running')), 'Tab reaches the server status').toBe(true)
  expect(names.some((name) => /theme/i.test(name)), 'Tab reaches the theme switch').toBe(true)
  const withoutRing = visited.filter((item) => !item.ring).map((item) => item.name)
  expect(withoutRing, 'every focused control shows a focus ring').toEqual([])

  // The main action works from the keyboard: Enter opens it, typing fills it, Enter submits it.
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'New tenant' })
  await expect(dialog.getByLabel('Name')).toBeFocused()
  await page.keyboard.type('Initech')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: 'Tenant created' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('row', { name: /Initech/ })).toBeVisible()
  // Once the dialog has gone, focus is back on the button that opened it. Until then the dialog still holds
  // focus and would take it back from anything focused meanwhile.
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'New tenant' })).toBeFocused()

  // Navigation links follow Enter.
  await page.getByRole('link', { name: 'Server' }).focus()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/server$/)
  await expect(page.getByRole('heading', { name: 'Server', level: 1 })).toBeVisible()

  // Ctrl+K opens the command palette from anywhere, with the cursor in its search field; Enter jumps.
  await page.keyboard.press('Control+K')
  const search = page.getByRole('textbox', { name: 'Jump to' })
  await expect(search).toBeFocused()
  await page.keyboard.type('settings')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/settings$/)
  await expect(page.getByRole('dialog')).toHaveCount(0)
})

test('a person who asks for less motion gets dialogs that open without sliding or fading', async ({ page, backend }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await openConsole(page, backend, '/tenants')
  await page.getByRole('button', { name: 'New tenant' }).first().click()
  await expect(page.getByRole('dialog', { name: 'New tenant' })).toBeVisible()
  // Nothing moves or fades (Mantine's transitions, the server pill's pulse); a field's border may still change colour.
  const moving = await page.evaluate(() =>
    document
      .getAnimations()
      .filter((animation) => animation.playState === 'running')
      .map((animation) => (animation instanceof CSSTransition ? animation.transitionProperty : 'animation'))
      .filter((property) => !property.endsWith('color'))
  )
  expect(moving).toEqual([])
})
