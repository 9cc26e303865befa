// What the benches share: starting servers, timing a phase with autocannon, reading a process's CPU time, and the
// Okta-style workload run in interleaved rounds (bench/run.mjs against a do-nothing server, bench/compare.mjs against
// another build).
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'

export const connections = 32
export const createCount = Number(process.env.BENCH_USERS ?? 5000)
export const readCount = Number(process.env.BENCH_READS ?? 20000)
export const largeUsers = Number(process.env.BENCH_LARGE_USERS ?? 100000)
// Every phase runs this many times, each time against every server in turn; the figures printed are medians over the
// rounds, so that one slow minute of the machine does not make the result.
export const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3))
/** This checkout: the SCIM server and CLI a bench starts, unless it names another checkout's. */
export const root = new URL('..', import.meta.url).pathname

export function startProcess(args, env = {}, cwd = root) {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    lines.once('line', (line) => {
      lines.on('line', () => undefined)
      resolve({ child, url: JSON.parse(line).url })
    })
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)))
  })
}

export function stop(child) {
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.once('exit', resolve)
    child.kill('SIGTERM')
  })
}

export function cli(args, env, cwd = root) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/scim-console.mjs', ...args, '--json'], { cwd, env: { ...process.env, ...env } })
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.stderr.pipe(process.stderr)
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`cli ${args.join(' ')} failed`))))
  })
}

/** CPU time (user + system, in clock ticks) a process has used so far, or null where /proc is not there (macOS). */
export function cpuTicks(pid) {
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
export async function quiet(children) {
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
export async function withCpu(child, run) {
  const before = cpuTicks(child.pid)
  const result = await run()
  const after = cpuTicks(child.pid)
  return { ...result, cpuUsPerRequest: before === null || after === null ? null : Math.round(((after - before) * 10_000) / result.requests) }
}

/** Runs `amount` requests built by `next(i)` with 32 in flight; returns req/s and latency percentiles. */
export async function phase(url, amount, headers, next, onBody) {
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

export function userBody(n) {
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
export function lookup(basePath, userName) {
  return { method: 'GET', path: `${basePath}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100` }
}

export const deactivate = JSON.stringify({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'replace', value: { active: false } }]
})

/** Requests that are not measured, so that both servers are measured warm (JIT, caches), not from a cold start. */
export function warmUp(url, basePath, headers) {
  return phase(url, 3000, headers, () => ({ method: 'GET', path: `${basePath}/Users?startIndex=1&count=1` }))
}

/**
 * The Okta-style workload, phase by phase, `rounds` times. Each round of a phase runs against every server, one
 * straight after the other (run.mjs: the do-nothing server, then SCIM Console; compare.mjs: two builds, taking turns
 * at going first with `alternate`), so that the figures of a ratio come from the same minute of a machine whose speed
 * drifts. A server is `{ url, child, tenants: [{ basePath, headers, ids }] }`, `child` its process: each round of
 * creates fills a tenant of its own, so that every round creates its 5,000 users into the same size of directory; the
 * other phases use the first tenant. `ids` collects the ids the server gives, for the GETs and PATCHes. Returns each
 * server's runs by phase (`created`, `lookups`, `gets`, `patches`), in the order of `servers`.
 */
export async function interleavedWorkload(servers, children, { alternate = false } = {}) {
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
      // Two builds compared take turns at going first (`alternate`); the do-nothing server always goes first.
      const order = alternate && round % 2 === 1 ? [...servers.entries()].reverse() : [...servers.entries()]
      for (const [index, server] of order) {
        const runs = (results[index][name] ??= [])
        await quiet(children)
        runs.push(await withCpu(server.child, () => run(server, round)))
      }
    }
  }
  return results
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * The tenants one bench server needs, in the database `env` names, through the CLI of the checkout `cwd`: one for each
 * round of creates (so that every round creates into an empty directory), the first used by the other phases.
 */
export async function createBenchTenants(env, cwd = root) {
  const tenants = []
  for (let round = 0; round < rounds; round += 1) {
    const slug = round === 0 ? 'bench' : `bench-${round + 1}`
    const tenant = await cli(['tenant', 'create', `Bench Corp ${round + 1}`, '--slug', slug], env, cwd)
    const token = await cli(['token', 'issue', slug, '--label', 'bench'], env, cwd)
    const headers = { authorization: `Bearer ${token.token}`, accept: 'application/scim+json', 'user-agent': 'Okta SCIM Client 1.0.0' }
    tenants.push({ id: tenant.id, basePath: tenant.scimPath, headers, ids: [] })
  }
  return tenants
}
