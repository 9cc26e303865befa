import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { build } from 'vite'

/** Bundles the preload stand-in once, and checks the renderer was built (`npm run test:e2e` builds it). */
export default async function globalSetup(): Promise<void> {
  if (!existsSync(resolve('out/renderer/index.html'))) {
    throw new Error('The renderer is not built. Run "npm run build" (npm run test:e2e does it for you).')
  }
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: resolve('out/e2e'),
      emptyOutDir: true,
      minify: false,
      lib: { entry: resolve('tests/e2e/harness/bridge.ts'), formats: ['iife'], name: 'scimConsoleBridge', fileName: () => 'bridge.js' }
    }
  })
}
