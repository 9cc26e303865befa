#!/usr/bin/env node
// The CLI launcher: runs the built CLI (npm run build) from out/main/cli.js.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const built = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(built)) {
  process.stderr.write('scim-console: the CLI is not built yet. Run "npm run build" first.\n')
  process.exit(1)
}
const { main } = await import(built)
await main(process.argv.slice(2))
