import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// CHROMIUM_PATH if set; else Debian's Chromium where it exists (here and in CI): its headless shell first, then the
// browser; else Playwright's own (`npx playwright install chromium` on a laptop). The headless shell is the same
// Chromium (one Debian source, one version) without the browser's windows and tabs around the page, which Electron's
// window lacks too, and it is what Playwright itself runs for a headless test. On two cores it runs the suite in 7.5
// minutes where the browser takes 9.8, with the same results.
const debianChromium = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium']
const executablePath = process.env.CHROMIUM_PATH ?? debianChromium.find((path) => existsSync(path))

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/harness/global-setup.ts',
  outputDir: 'test-results/playwright',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 900 },
    // No click or fill may wait out a whole test's timeout (some are 15 minutes) on an element that went away.
    actionTimeout: 20_000,
    // As a person who asks for less motion sees the console: no transitions to render frame by frame, on two cores.
    contextOptions: { reducedMotion: 'reduce' },
    // A failed test keeps its trace: each action with the DOM before and after it. Not its screencast: the frames it
    // grabs at every paint cost a third of the suite's CPU on two cores (gpu-process and browser), and the DOM
    // snapshots already show each moment.
    trace: { mode: 'retain-on-failure', screenshots: false },
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync'
      ]
    }
  }
})
