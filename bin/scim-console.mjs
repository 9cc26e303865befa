#!/usr/bin/env node
// The CLI launcher: runs the built CLI (npm run build) from out/main/cli.js.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// The built CLI and its SQLite module are for Node 22 (package.json's engines); an older Node can crash in the native
// module without a word, so it is refused here, before anything is loaded.
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`scim-console: needs Node.js 22.12 or newer, and this is ${process.version} (${process.execPath}). See the README's Setup.\n`)
  process.exit(1)
}

const built = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(built)) {
  process.stderr.write('scim-console: the CLI is not built yet. Run "npm run build" first.\n')
  process.exit(1)
}
const { main } = await import(built)
await main(process.argv.slice(2))
