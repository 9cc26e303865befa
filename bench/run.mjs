// npm run bench: an Okta-style workload over real HTTP on 127.0.0.1 with 32 requests in flight, against
// the SCIM server (`scim-console serve`, logging on) and a do-nothing Node server in the same run.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'

const connections = 32
const createCount = Number(process.env.BENCH_USERS ?? 5000)
const readCount = Number(process.env.BENCH_READS ?? 20000)
const largeUsers = Number(process.env.BENCH_LARGE_USERS ?? 100000)
// Every phase runs this many times, each time against the baseline and then against SCIM Console; the figures printed
// are medians over the rounds, so that one slow minute of the machine does not make the result.
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3))
const root = new URL('..', import.meta.url).pathname

function startProcess(args, env = {}) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    lines.once('line', (line) => {
      lines.on('line', () => undefined)
      resolve({ child, url: JSON.parse(line).url })
    })
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)))
  })
}

function stop(child) {
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.once('exit', resolve)
    child.kill('SIGTERM')
  })
}

function cli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/scim-console.mjs', ...args, '--json'], { cwd: root, env: { ...process.env, ...env } })
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.stderr.pipe(process.stderr)
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`cli ${args.join(' ')} failed`))))
  })
}

/** CPU time (user + system, in clock ticks) a process has used so far, or null where /proc is not there (macOS). */
function cpuTicks(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return null
  }
}

/**
 * Waits until the servers are idle: SCIM Console writes the log of a phase's last requests, and checkpoints, after the
 * phase has ended, and that work must not run during the next phase's figures, least of all the baseline's beside it.
 * Idle is under 1 tick (10 ms of CPU) in 200 ms; without /proc, a pause of a second.
 */
async function quiet(children) {
  const pids = children.map((child) => child.pid)
  if (pids.some((pid) => cpuTicks(pid) === null)) return sleep(1000)
  const deadline = performance.now() + 10_000
  let before = pids.map(cpuTicks)
  while (performance.now() < deadline) {
    await sleep(200)
    const now = pids.map(cpuTicks)
    if (now.every((ticks, index) => ticks - before[index] < 1)) return
    before = now
  }
}

/**
 * A phase's figures with the CPU time the server spent on each request: 1 tick = 10 ms of CPU, all the server's
 * threads; a phase takes 150-500 of them. Null where /proc is not there.
 */
async function withCpu(child, run) {
  const before = cpuTicks(child.pid)
  const result = await run()
  const after = cpuTicks(child.pid)
  return { ...result, cpuUsPerRequest: before === null || after === null ? null : Math.round(((after - before) * 10_000) / result.requests) }
}

/** Runs `amount` requests built by `next(i)` with 32 in flight; returns req/s and latency percentiles. */
async function phase(url, amount, headers, next, onBody) {
  let index = 0
  let started = 0
  let finished = 0
  const result = await autocannon({
    url,
    connections,
    pipelining: 1,
    amount,
    headers,
    requests: [
      {
        setupRequest: (request) => {
          if (index === 0) started = performance.now()
          return { ...request, ...next(index++) }
        },
        onResponse: (status, body) => {
          finished = performance.now()
          onBody?.(status, body)
        }
      }
    ]
  })
  // Timed from the first request to the last response: autocannon stops a run of `amount` requests on its own
  // one-second tick, which would round every phase up to whole seconds.
  const seconds = (finished - started) / 1000
  const total = result.requests.total
  return {
    requests: total,
    errors: result.errors + result.non2xx,
    reqPerSec: Math.round(total / seconds),
    p50ms: result.latency.p50,
    p99ms: result.latency.p99
  }
}

function userBody(n) {
  const email = `bench.user${n}@example.com`
  return JSON.stringify({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: email,
    name: { givenName: 'Bench', familyName: `User${n}` },
    emails: [{ primary: true, value: email, type: 'work' }],
    displayName: `Bench User${n}`,
    externalId: `00u${n}`,
    password: 'x1y2z3w4',
    active: true
  })
}

/** Okta's lookup before a create: a user by userName. */
function lookup(basePath, userName) {
  return { method: 'GET', path: `${basePath}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100` }
}

const deactivate = JSON.stringify({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'replace', value: { active: false } }]
})

/** Requests that are not measured, so that both servers are measured warm (JIT, caches), not from a cold start. */
function warmUp(url, basePath, headers) {
  return phase(url, 3000, headers, () => ({ method: 'GET', path: `${basePath}/Users?startIndex=1&count=1` }))
}

/**
 * The Okta-style workload, phase by phase, `rounds` times. Each round of a phase runs against the do-nothing server
 * and straight after against SCIM Console, so that both figures of a ratio come from the same minute of a machine
 * whose speed drifts. A server is `{ url, child, tenants: [{ basePath, headers, ids }] }`, `child` its process: each round of creates fills a
 * tenant of its own, so that every round creates its 5,000 users into the same size of directory; the other phases
 * use the first tenant. `ids` collects the ids SCIM Console gives, for the GETs and PATCHes.
 */
async function interleavedWorkload(servers, children) {
  const write = (headers) => ({ ...headers, 'content-type': 'application/scim+json; charset=utf-8' })
  const idFor = (tenant, i) => tenant.ids[i % tenant.ids.length] ?? randomUUID()
  const phases = {
    created: (server, round) => {
      const tenant = server.tenants[round]
      return phase(server.url, createCount, write(tenant.headers), (i) => ({ method: 'POST', path: `${tenant.basePath}/Users`, body: userBody(i) }), (status, body) => {
        if (status === 201) tenant.ids.push(JSON.parse(body).id)
      })
    },
    lookups: ({ url, tenants: [tenant] }) => phase(url, readCount, tenant.headers, (i) => lookup(tenant.basePath, `bench.user${(i * 7919) % createCount}@example.com`)),
    gets: ({ url, tenants: [tenant] }) => phase(url, readCount, tenant.headers, (i) => ({ method: 'GET', path: `${tenant.basePath}/Users/${idFor(tenant, (i * 7919) % createCount)}` })),
    patches: ({ url, tenants: [tenant] }) => phase(url, createCount, write(tenant.headers), (i) => ({ method: 'PATCH', path: `${tenant.basePath}/Users/${idFor(tenant, i)}`, body: deactivate }))
  }
  for (const server of servers) await warmUp(server.url, server.tenants[0].basePath, server.tenants[0].headers)
  const results = servers.map(() => ({}))
  for (const [name, run] of Object.entries(phases)) {
    for (let round = 0; round < rounds; round += 1) {
      for (const [index, server] of servers.entries()) {
        const runs = (results[index][name] ??= [])
        await quiet(children)
        runs.push(await withCpu(server.child, () => run(server, round)))
      }
    }
  }
  return results
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

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
  const tenants = []
  for (let round = 0; round < rounds; round += 1) {
    const slug = round === 0 ? 'bench' : `bench-${round + 1}`
    const tenant = await cli(['tenant', 'create', `Bench Corp ${round + 1}`, '--slug', slug], env)
    const token = await cli(['token', 'issue', slug, '--label', 'bench'], env)
    const headers = { authorization: `Bearer ${token.token}`, accept: 'application/scim+json', 'user-agent': 'Okta SCIM Client 1.0.0' }
    tenants.push({ id: tenant.id, basePath: tenant.scimPath, headers, ids: [] })
  }
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
  // CPU time per request drifts with the machine far less than req/s does (the share of the CPU a server gets moves
  // with everything else running): it is the figure to compare two builds by.
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
