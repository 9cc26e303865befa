// node bench/compare.mjs OTHER_CHECKOUT: this checkout's SCIM server against another checkout's build (a
// worktree or clone at another commit, built with `npx electron-vite build`), on the same Okta-style workload as
// `npm run bench`, in rounds that take turns at going first. A machine's speed drifts by more than most changes move a
// figure, from one hour to the next (README, Performance), so two builds are compared only in the same minutes.
// BENCH_ROUNDS sets the rounds (3 by default, as for `npm run bench`; 5 or more tell a small change from noise).
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createBenchTenants, interleavedWorkload, median, root, startProcess, stop } from './harness.mjs'

const [otherArgument] = process.argv.slice(2)
if (!otherArgument) {
  console.error('Usage: node bench/compare.mjs OTHER_CHECKOUT')
  process.exit(2)
}
const other = resolve(otherArgument)
for (const checkout of [other, root]) {
  if (!existsSync(join(checkout, 'out', 'main', 'cli.js'))) {
    console.error(`No build in ${checkout}: run \`npx electron-vite build\` there first.`)
    process.exit(2)
  }
}
// The workload's phases, by the names interleavedWorkload gives their runs; the GETs and PATCHes need the creates' ids.
const phases = { created: 'creates', lookups: 'lookups', gets: 'GETs by id', patches: 'PATCHes' }
const serve = ['bin/scim-console.mjs', 'serve', '--port', '0', '--json', '--quiet']

const dataDir = mkdtempSync(join(tmpdir(), 'scim-console-compare-'))
const started = []
try {
  const servers = []
  for (const [index, checkout] of [other, root].entries()) {
    const env = { SCIM_CONSOLE_DB: join(dataDir, `${index}.db`) }
    const tenants = await createBenchTenants(env, checkout)
    const server = await startProcess(serve, env, checkout)
    started.push(server.child)
    servers.push({ url: server.url, child: server.child, tenants })
  }
  console.log(`A: ${other}\nB: ${resolve(root)}\nEach phase runs in rounds that take turns at going first; figures are medians.`)
  const [a, b] = await interleavedWorkload(servers, started, { alternate: true })

  console.log('\nphase          A req/s   A µs/req |   B req/s   B µs/req | B CPU/A CPU (each round)')
  for (const [name, label] of Object.entries(phases)) {
    const runsA = a[name] ?? []
    const runsB = b[name] ?? []
    const cpuRatios = runsB.map((run, index) => (run.cpuUsPerRequest ?? NaN) / (runsA[index]?.cpuUsPerRequest ?? NaN))
    const figure = (runs, key) => String(Math.round(median(runs.map((run) => run[key] ?? NaN)))).padStart(9)
    console.log(
      `${label.padEnd(12)} ${figure(runsA, 'reqPerSec')} ${figure(runsA, 'cpuUsPerRequest')}  | ${figure(runsB, 'reqPerSec')} ${figure(runsB, 'cpuUsPerRequest')}  |` +
        ` ${median(cpuRatios).toFixed(2)} (${cpuRatios.map((ratio) => ratio.toFixed(2)).join(', ')})`
    )
  }
  const errors = Object.keys(phases).reduce((sum, name) => sum + [...a[name], ...b[name]].reduce((count, run) => count + run.errors, 0), 0)
  console.log(`\nA CPU ratio inside the spread of its rounds is noise. Errors (non-2xx answers and failed requests): ${errors}.`)
} finally {
  for (const child of started) await stop(child)
  rmSync(dataDir, { recursive: true, force: true })
}
