// npm run bench: an Okta-style workload over real HTTP on 127.0.0.1 with 32 requests in flight, against
// the SCIM server (`scim-console serve`, logging on) and a do-nothing Node server in the same run.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import {
  cli,
  connections,
  createBenchTenants,
  createCount,
  interleavedWorkload,
  largeUsers,
  lookup,
  median,
  phase,
  quiet,
  readCount,
  root,
  rounds,
  startProcess,
  stop,
  userBody,
  withCpu
} from './harness.mjs'

/** One phase's rounds, summed up: medians of each figure and of the per-round ratios, and the ratios' range. */
function summarize(base, ours) {
  const ratios = ours.map((round, index) => round.reqPerSec / base[index].reqPerSec)
  const of = (runs, key) => median(runs.map((run) => run[key]))
  const cpu = (runs) => (runs.every((run) => typeof run.cpuUsPerRequest === 'number') ? of(runs, 'cpuUsPerRequest') : null)
  return {
    ours: { reqPerSec: Math.round(of(ours, 'reqPerSec')), p50ms: of(ours, 'p50ms'), p99ms: of(ours, 'p99ms'), errors: ours.reduce((sum, run) => sum + run.errors, 0), cpuUsPerRequest: cpu(ours) },
    base: { reqPerSec: Math.round(of(base, 'reqPerSec')), p50ms: of(base, 'p50ms'), cpuUsPerRequest: cpu(base) },
    ratio: median(ratios),
    ratioRange: [Math.min(...ratios), Math.max(...ratios)]
  }
}

/** Adds `count` users to a tenant straight into SQLite (not through HTTP): the large directory. */
function seedUsers(dbPath, tenantId, count) {
  const db = new Database(dbPath)
  db.pragma('busy_timeout = 10000')
  const insert = db.prepare(`INSERT INTO users (id, tenant_id, user_name, user_name_key, external_id, active, primary_email,
    display_name, resource, password_hash, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, NULL, 1, ?, ?)`)
  const now = Date.now()
  db.transaction(() => {
    for (let n = 0; n < count; n += 1) {
      const email = `seed.user${n}@example.com`
      const resource = JSON.parse(userBody(n))
      delete resource.password
      resource.userName = email
      resource.emails[0].value = email
      insert.run(randomUUID(), tenantId, email, email, `00s${n}`, email, `Seed User${n}`, JSON.stringify(resource), now, now)
    }
  })()
  // The server then reads a directory as it would be after a day's work, not through a 100 MB write-ahead log.
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}

const dataDir = mkdtempSync(join(tmpdir(), 'scim-console-bench-'))
const dbPath = join(dataDir, 'bench.db')
const env = { SCIM_CONSOLE_DB: dbPath }
try {
  const tenants = await createBenchTenants(env)
  const [tenant] = tenants
  const auth = tenant.headers

  console.log(`Baseline: a do-nothing Node http server; SCIM Console: scim-console serve --quiet (logging on), ${createCount} users`)
  console.log(`Each phase runs ${rounds} times, each time against the baseline and then against SCIM Console; figures are medians.`)
  const baselineServer = await startProcess(['bench/baseline-server.mjs'])
  const scim = await startProcess(['bin/scim-console.mjs', 'serve', '--port', '0', '--json', '--quiet'], env)
  const children = [baselineServer.child, scim.child]
  const [baseline, measured] = await interleavedWorkload(
    [
      { url: baselineServer.url, child: baselineServer.child, tenants: tenants.map((each) => ({ ...each, basePath: '/scim/v2/bench', ids: [] })) },
      { url: scim.url, child: scim.child, tenants }
    ],
    children
  )

  // The large directory is a second server on a file of its own, seeded with `largeUsers` users, measured in turn with
  // the first (5,000 users a tenant) in the same minutes: between minutes, the machine's speed drifts by more than the
  // 20% the issue allows the large directory. The two go in alternate order from round to round.
  console.log(`A second server on a directory of ${largeUsers} users (seeded straight into SQLite), measured in turn with the first`)
  const largeEnv = { SCIM_CONSOLE_DB: join(dataDir, 'large.db') }
  const largeTenant = await cli(['tenant', 'create', 'Bench Large', '--slug', 'bench'], largeEnv)
  const largeToken = await cli(['token', 'issue', 'bench', '--label', 'bench'], largeEnv)
  seedUsers(largeEnv.SCIM_CONSOLE_DB, largeTenant.id, largeUsers)
  const large = await startProcess(['bin/scim-console.mjs', 'serve', '--port', '0', '--json', '--quiet'], largeEnv)
  children.push(large.child)
  const largeAuth = { ...auth, authorization: `Bearer ${largeToken.token}` }
  // Warm like the first server, which has served every phase by now: lookups, across the whole directory.
  await phase(large.url, 3000, largeAuth, (i) => lookup(largeTenant.scimPath, `seed.user${(i * 33) % largeUsers}@example.com`))
  const sizeRuns = { baseline: [], small: [], large: [] }
  const measureSmall = () => withCpu(scim.child, () => phase(scim.url, readCount, auth, (i) => lookup(tenant.basePath, `bench.user${(i * 7919) % createCount}@example.com`)))
  const measureLarge = () => withCpu(large.child, () => phase(large.url, readCount, largeAuth, (i) => lookup(largeTenant.scimPath, `seed.user${(i * 7919) % largeUsers}@example.com`)))
  for (let round = 0; round < rounds; round += 1) {
    await quiet(children)
    sizeRuns.baseline.push(await phase(baselineServer.url, readCount, auth, (i) => lookup('/scim/v2/bench', `seed.user${i}@example.com`)))
    for (const size of round % 2 === 0 ? ['small', 'large'] : ['large', 'small']) {
      await quiet(children)
      sizeRuns[size].push(await (size === 'small' ? measureSmall() : measureLarge()))
    }
  }
  await stop(large.child)
  await stop(scim.child)
  await stop(baselineServer.child)

  // scimgateway's figures and a do-nothing server's, as issue #3 measured them on its machine: the target is 3x
  // scimgateway. Machines differ, so the comparison is of ratios to the do-nothing server, each measured in this run.
  const issue = {
    scimgateway: { creates: 2100, lookups: 2900, gets: 4100, patches: 2600 },
    doNothing: { creates: 10000, lookups: 28000, gets: 38000, patches: 30000 }
  }
  const scimgateway = Object.fromEntries(Object.keys(issue.scimgateway).map((name) => [name, issue.scimgateway[name] / issue.doNothing[name]]))
  const summary = {
    creates: summarize(baseline.created, measured.created),
    lookups: summarize(baseline.lookups, measured.lookups),
    gets: summarize(baseline.gets, measured.gets),
    patches: summarize(baseline.patches, measured.patches),
    small: summarize(sizeRuns.baseline, sizeRuns.small),
    large: summarize(sizeRuns.baseline, sizeRuns.large)
  }
  const rows = [
    ['creates', summary.creates, scimgateway.creates],
    ['userName lookups', summary.lookups, scimgateway.lookups],
    ['GETs by id', summary.gets, scimgateway.gets],
    ['PATCH deactivates', summary.patches, scimgateway.patches],
    [`lookups, ${createCount} users, again`, summary.small, null],
    [`lookups at ${largeUsers} users`, summary.large, null]
  ]
  console.log(`\nmedians of ${rounds} rounds`)
  console.log('phase                      SCIM req/s   p50 ms   p99 ms   errors | do-nothing req/s   p50 ms | ratio (range)      | vs scimgateway')
  for (const [name, { ours, base, ratio, ratioRange }, theirs] of rows) {
    const range = `(${ratioRange.map((value) => value.toFixed(2)).join('–')})`
    console.log(
      `${name.padEnd(26)} ${String(ours.reqPerSec).padStart(10)} ${String(ours.p50ms).padStart(8)} ${String(ours.p99ms).padStart(8)} ${String(ours.errors).padStart(8)} | ${String(base.reqPerSec).padStart(16)} ${String(base.p50ms).padStart(8)} | ${ratio.toFixed(2).padStart(5)} ${range.padEnd(12)} | ${theirs === null ? '' : `${(ratio / theirs).toFixed(1)}x (target 3x)`}`
    )
  }
  // The issue's do-nothing figure for creates stands apart from its others: a round 10,000, 0.26 of its GETs. This
  // bench's do-nothing server did 0.69 of its GETs on POSTs on the machine where this was written (9,326 against 13,528).
  // autocannon's own Req/Sec is an average over whole seconds: 20,000 requests at 12,900/s print 10,001, and at 15,000/s
  // 10,003. The issue's figure may be that rounding; set against it, creates show 3x only at 63% of a do-nothing
  // server's speed. So scimgateway's figures are also scaled to this machine by one factor: the median of this run's
  // do-nothing figures against the issue's, over the other three phases.
  const machine = median(['lookups', 'gets', 'patches'].map((name) => summary[name].base.reqPerSec / issue.doNothing[name]))
  const against = (factor) =>
    ['creates', 'lookups', 'gets', 'patches'].map((name) => `${name} ${(summary[name].ours.reqPerSec / (issue.scimgateway[name] * factor)).toFixed(1)}x`).join(', ')
  console.log(
    `\nscimgateway's figures scaled to this machine (x${machine.toFixed(2)}, the do-nothing server's lookups, GETs and PATCH against the issue's): ` +
      `${against(machine)} (target 3x)`
  )
  // The same figures unscaled: meaningful as they are when the machine runs at the issue's speed (a factor near 1).
  console.log(`scimgateway's figures as the issue measured them: ${against(1)} (target 3x)`)
  // CPU time per request does not depend on the share of the CPU a server gets, but it drifts with the machine too
  // (caches, neighbours): two builds are compared in one sitting, by bench/compare.mjs.
  if (summary.creates.ours.cpuUsPerRequest !== null) {
    console.log(
      '\nCPU per request, all threads of each server (median µs, SCIM Console / do-nothing): ' +
        ['creates', 'lookups', 'gets', 'patches'].map((name) => `${name} ${summary[name].ours.cpuUsPerRequest} / ${summary[name].base.cpuUsPerRequest}`).join(', ')
    )
  }
  // Both sizes' rounds came from the same minutes, so their raw figures compare as they are.
  const largeRuns = sizeRuns.large.map((run) => run.reqPerSec)
  const smallRuns = sizeRuns.small.map((run) => run.reqPerSec)
  const perRound = largeRuns.map((value, index) => value / smallRuns[index])
  console.log(
    `\nlookups at ${largeUsers} users vs ${createCount}, measured in turn: ${((median(largeRuns) / median(smallRuns)) * 100).toFixed(0)}% of the throughput` +
      ` (each round: ${perRound.map((value) => `${(value * 100).toFixed(0)}%`).join(', ')})`
  )
  if (summary.large.ours.cpuUsPerRequest !== null) {
    console.log(`CPU per lookup, all threads of each server (median µs): ${summary.large.ours.cpuUsPerRequest} at ${largeUsers} users, ${summary.small.ours.cpuUsPerRequest} at ${createCount}`)
  }
  const file = join(root, 'bench', 'results', `scim-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), node: process.version, connections, createCount, largeUsers, rounds, summary, machine, baseline, scim: measured, sizeRuns }, null, 2))
  console.log(`Results: ${file}`)
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}
