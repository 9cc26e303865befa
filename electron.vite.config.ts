import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The CLI is built beside the Electron entry so both share one copy of the core.
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli/index.ts'),
          // Worker threads' scripts: src/main/db/log-writer.ts and src/main/db/database-check.ts start them.
          'log-writer': resolve('src/main/db/log-writer-thread.ts'),
          'database-check': resolve('src/main/db/database-check-thread.ts')
        }
      }
    }
  },
  preload: {
    build: {
      rollupOptions: {
        // CommonJS, so that the preload keeps working with `sandbox: true`.
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    // Minified (electron-vite leaves it off): the window parses the whole bundle at every start; 2.4 MB becomes 1.0 MB.
    build: { minify: true, rollupOptions: { input: resolve('src/renderer/index.html') } },
    plugins: [react()]
  }
})
