// npm run bench (after bench/run.mjs): the provisioning log at scale. Seeds BENCH_LOG_ROWS (1,000,000) request_log
// rows across 20 tenants straight into SQLite (no HTTP), then times the app's own log queries through the built
// code (out/main/cli.js → benchApi): combined filters' first page, full-text search, keyset pages, activity,
// detail with diagnosis, export and a retention run. Targets (issue 4): first page p95 < 50 ms, search < 150 ms.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'

const root = new URL('..', import.meta.url).pathname
const built = join(root, 'out', 'main', 'cli.js')
if (!existsSync(built)) {
  console.error('bench/logs.mjs: run "npm run build" first (it imports out/main/cli.js).')
  process.exit(1)
}
const { benchApi } = await import(built)

const rowCount = Number(process.env.BENCH_LOG_ROWS ?? 1_000_000)
const runs = Number(process.env.BENCH_LOG_RUNS ?? 40)
const days = 30
const dayMs = 86_400_000

// A seeded generator, so that every run measures the same data.
let seed = 20261128
function random() {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (items) => items[Math.floor(random() * items.length)]
function weighted(entries) {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0)
  return () => {
    let roll = random() * total
    for (const [value, weight] of entries) if ((roll -= weight) < 0) return value
    return entries[entries.length - 1][0]
  }
}
const hex = (length) => Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('')
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`

const tenantNames = ['Acme Corp', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Wonka Industries', 'Cyberdyne', 'Soylent',
  'Tyrell', 'Vandelay', 'Pied Piper', 'Massive Dynamic', 'Oscorp', 'Aperture', 'Black Mesa', 'Duff', 'Gringotts', 'Monarch']
const givenNames = ['ann', 'ben', 'chloe', 'dev', 'elena', 'farid', 'grace', 'hiro', 'ines', 'jane', 'kofi', 'lena', 'mateo', 'nora', 'omar', 'priya', 'quinn', 'rosa', 'sam', 'tomas']
const familyNames = ['smith', 'garcia', 'nguyen', 'kowalski', 'okafor', 'tanaka', 'muller', 'rossi', 'haddad', 'larsen', 'silva', 'cohen', 'singh', 'brown', 'dubois']
const groupNames = ['Engineering', 'Sales', 'Support', 'Finance', 'Marketing', 'Legal', 'Operations', 'Design', 'Security', 'Everyone']

// BENCH_LOG_DIR keeps the seeded database there for another look (it is removed otherwise).
const keep = process.env.BENCH_LOG_DIR
const dir = keep ?? mkdtempSync(join(tmpdir(), 'scim-console-bench-logs-'))
const dbPath = join(dir, 'console.db')
// BENCH_LOG_REUSE=1 with BENCH_LOG_DIR measures a database kept by an earlier run (the data is the same: seeded).
const reuse = Boolean(keep && process.env.BENCH_LOG_REUSE && existsSync(dbPath))
mkdirSync(dir, { recursive: true })
if (!reuse) for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true })

// The rows go into a database at schema step 1, before the log's indexes and full-text table exist; opening it with
// createServices then runs the app's own migrations (2 to 4), which build them over the million rows in bulk, as
// they would on an existing install. That is much faster than indexing row by row, and it times the upgrade as well.
const seedDb = new Database(reuse ? ':memory:' : dbPath)
seedDb.pragma('journal_mode = WAL')
seedDb.pragma('synchronous = NORMAL')
benchApi.migrate(seedDb, benchApi.migrations.slice(0, 1))

console.log(`Seeding ${rowCount.toLocaleString('en-US')} log rows across ${tenantNames.length} tenants over ${days} days (straight into SQLite)`)
const created = Date.now() - days * dayMs
const tenants = tenantNames.map((name, index) => {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-')
  const tenant = { id: uuid(), name, slug }
  seedDb.prepare('INSERT INTO tenants (id, name, slug, rate_limit_per_minute, created_at) VALUES (?, ?, ?, 600, ?)').run(tenant.id, name, slug, created)
  const token = { id: uuid(), prefix: `scim_${hex(4)}` }
  seedDb
    .prepare('INSERT INTO tokens (id, tenant_id, label, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(token.id, tenant.id, 'Okta', token.prefix, Buffer.from(hex(64), 'hex'), created)
  const users = Array.from({ length: 2500 }, (_, n) => ({ id: uuid(), userName: `${pick(givenNames)}.${pick(familyNames)}${n}@${slug}.example.com` }))
  const groups = groupNames.map((displayName) => ({ id: uuid(), displayName }))
  return { ...tenant, tokenId: token.id, prefix: token.prefix, weight: 1 / (index + 1) ** 0.7, users, groups }
})
const pickTenant = weighted(tenants.map((tenant) => [tenant, tenant.weight]))
const pickOperation = weighted([
  ['lookup-user', 22], ['create-user', 6], ['get-user', 14], ['update-user', 18], ['deactivate-user', 3], ['reactivate-user', 1],
  ['import-users', 4], ['test-credentials', 1], ['list-users', 2], ['lookup-group', 3], ['group-push-create', 1], ['group-push-update', 12],
  ['get-group', 4], ['import-groups', 2], ['group-push-delete', 0.5], ['delete-user', 0.5], ['discovery', 1]
])
const pickFailure = weighted([[401, 22], [429, 28], [409, 16], [404, 16], [400, 12], [500, 6]])

function userJson(tenant, user, active = true) {
  const [given, family] = user.userName.split('@')[0].split('.')
  return JSON.stringify({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: user.id,
    userName: user.userName,
    name: { givenName: given, familyName: family.replace(/\d+$/, '') },
    emails: [{ primary: true, value: user.userName, type: 'work' }],
    displayName: `${given} ${family}`,
    active,
    meta: { resourceType: 'User', location: `http://127.0.0.1:8787/scim/v2/${tenant.slug}/Users/${user.id}` }
  })
}
const errorBody = (status, detail, scimType) =>
  JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), ...(scimType ? { scimType } : {}), detail })

// One realistic row: what Okta sent for `operation`, what we answered, and on failure the server's own detail.
function row(index, at) {
  const tenant = pickTenant()
  const user = pick(tenant.users)
  const group = pick(tenant.groups)
  const base = `/scim/v2/${tenant.slug}`
  let operation = pickOperation()
  const failing = random() < 0.05 ? pickFailure() : null
  if (failing === 409) operation = 'create-user'
  if (failing === 404) operation = pick(['get-user', 'update-user', 'deactivate-user'])
  if (failing === 400 && random() < 0.5) operation = 'lookup-user'
  let method = 'GET'
  let path = `${base}/Users/${user.id}`
  let targetType = 'user'
  let targetId = user.id
  let targetName = user.userName
  let requestBody = null
  let responseBody = userJson(tenant, user)
  let status = 200
  switch (operation) {
    case 'lookup-user':
      path = `${base}/Users?filter=userName%20eq%20%22${encodeURIComponent(user.userName)}%22&startIndex=1&count=100`
      responseBody = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"startIndex":1,"itemsPerPage":1,"Resources":[${userJson(tenant, user)}]}`
      break
    case 'create-user':
      method = 'POST'
      path = `${base}/Users`
      requestBody = userJson(tenant, user).replace(`"id":"${user.id}",`, '').replace(/,"meta":.*\}$/, ',"password":"[redacted]","externalId":"00u' + hex(17) + '"}')
      status = 201
      break
    case 'update-user':
    case 'deactivate-user':
    case 'reactivate-user':
      method = operation === 'update-user' ? 'PUT' : 'PATCH'
      requestBody =
        operation === 'update-user'
          ? userJson(tenant, user)
          : `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":${operation === 'reactivate-user'}}}]}`
      responseBody = userJson(tenant, user, operation !== 'deactivate-user')
      break
    case 'delete-user':
      method = 'DELETE'
      responseBody = null
      status = 204
      break
    case 'import-users':
    case 'test-credentials':
    case 'list-users':
      path = operation === 'test-credentials' ? `${base}/Users?startIndex=1&count=2` : `${base}/Users?startIndex=${1 + 100 * Math.floor(random() * 25)}&count=100`
      targetType = targetId = targetName = null
      responseBody = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":2500,"startIndex":1,"itemsPerPage":1,"Resources":[${userJson(tenant, user)}]}`
      break
    case 'lookup-group':
    case 'get-group':
    case 'group-push-create':
    case 'group-push-update':
    case 'group-push-delete':
    case 'import-groups': {
      targetType = 'group'
      targetId = group.id
      targetName = group.displayName
      const groupJson = `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"${group.id}","displayName":"${group.displayName}","members":[{"value":"${user.id}","display":"${user.userName}"}],"meta":{"resourceType":"Group"}}`
      responseBody = groupJson
      path = `${base}/Groups/${group.id}`
      if (operation === 'lookup-group') path = `${base}/Groups?filter=displayName%20eq%20%22${encodeURIComponent(group.displayName)}%22&startIndex=1&count=100`
      if (operation === 'import-groups') {
        path = `${base}/Groups?startIndex=1&count=100`
        targetType = targetId = targetName = null
      }
      if (operation === 'group-push-create') {
        method = 'POST'
        path = `${base}/Groups`
        requestBody = `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"${group.displayName}","members":[]}`
        status = 201
      }
      if (operation === 'group-push-update') {
        method = 'PATCH'
        requestBody = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"${user.id}","display":"${user.userName}"}]}]}`
        responseBody = null
        status = 204
      }
      if (operation === 'group-push-delete') {
        method = 'DELETE'
        responseBody = null
        status = 204
      }
      break
    }
    case 'discovery':
      path = `${base}/ServiceProviderConfig`
      targetType = targetId = targetName = null
      responseBody = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],"patch":{"supported":true},"bulk":{"supported":false,"maxOperations":0,"maxPayloadSize":0},"filter":{"supported":true,"maxResults":1000},"changePassword":{"supported":false},"sort":{"supported":true},"etag":{"supported":true},"authenticationSchemes":[{"type":"oauthbearertoken","name":"OAuth Bearer Token","description":"Authentication scheme using the OAuth Bearer Token Standard","primary":true}]}'
      break
  }
  let errorType = null
  let errorDetail = null
  let tokenId = tenant.tokenId
  let authorization = `Bearer ${tenant.prefix}…`
  let authScheme = 'bearer'
  if (failing) {
    status = failing
    switch (failing) {
      case 401:
        if (random() < 0.5) {
          tokenId = null
          authorization = 'Bearer scim_x9Qz…'
          errorDetail = `The API token is not valid for ${tenant.name}. Check that it was pasted whole, or issue a new token.`
        } else {
          errorDetail = `The API token "Okta" was revoked on ${new Date(at - 3 * dayMs).toISOString()}. Issue a new token and paste it into Okta.`
        }
        targetType = targetId = targetName = null
        break
      case 429: {
        const wait = 1 + Math.floor(random() * 30)
        errorDetail = `Too many requests: ${tenant.name} allows 600 requests a minute. Retry after ${wait} seconds.`
        targetType = targetId = targetName = null
        break
      }
      case 409:
        errorType = 'uniqueness'
        errorDetail = `A user with the userName "${user.userName}" already exists${random() < 0.5 ? ' (deactivated)' : ''}.`
        break
      case 404:
        errorDetail = `User not found: no user has the id "${user.id}" in this tenant. If Okta shows this on a profile push, unassign and reassign the user in Okta.`
        break
      case 400:
        if (operation === 'lookup-user') {
          errorType = 'invalidFilter'
          errorDetail = `The filter is not valid near '${user.userName.slice(0, 12)}' at character 13: a value must be in double quotes.`
        } else {
          errorType = 'invalidValue'
          errorDetail = 'The attribute active must be true or false, but it is the string "yes".'
        }
        break
      case 500:
        errorDetail = `Internal error ${hex(8)}. The request was not applied; retry it, and report the id to SCIM Console support if it recurs.`
        break
    }
    responseBody = errorBody(status, errorDetail, errorType)
  }
  const headers = {
    host: '127.0.0.1:8787',
    'user-agent': 'Okta SCIM Client 1.0.0',
    accept: 'application/scim+json',
    'accept-charset': 'utf-8',
    'accept-encoding': 'gzip,deflate',
    authorization,
    ...(requestBody ? { 'content-type': 'application/scim+json; charset=utf-8', 'content-length': String(requestBody.length) } : {})
  }
  return {
    at,
    tenant_id: tenant.id,
    tenant_slug: tenant.slug,
    token_id: tokenId,
    method,
    path,
    status,
    duration_ms: Math.round((2 + random() * 40) * 100) / 100,
    client: 'Okta SCIM Client 1.0.0',
    operation,
    target_type: targetType,
    target_id: targetId,
    target_name: targetName,
    auth_scheme: authScheme,
    request_headers: JSON.stringify(headers),
    request_body: requestBody,
    response_body: responseBody,
    error_type: errorType,
    error_detail: errorDetail,
    injected: 0
  }
}

// The app's insert (src/main/db/log-repo.ts), with the same columns.
const insert = seedDb.prepare(`INSERT INTO request_log (at, tenant_id, tenant_slug, token_id, method, path, status, duration_ms,
    client, operation, target_type, target_id, target_name, auth_scheme, request_headers, request_body, response_body,
    error_type, error_detail, injected)
  VALUES (@at, @tenant_id, @tenant_slug, @token_id, @method, @path, @status, @duration_ms, @client, @operation,
    @target_type, @target_id, @target_name, @auth_scheme, @request_headers, @request_body, @response_body,
    @error_type, @error_detail, @injected)`)
const insertBatch = seedDb.transaction((rows) => {
  for (const entry of rows) insert.run(entry)
})
const now = Date.now()
const start = now - days * dayMs
const seedStarted = performance.now()
const batchSize = 20_000
for (let offset = 0; offset < (reuse ? 0 : rowCount); offset += batchSize) {
  const rows = []
  for (let index = offset; index < Math.min(rowCount, offset + batchSize); index += 1) {
    rows.push(row(index, Math.floor(start + (index / rowCount) * days * dayMs + random() * 50)))
  }
  insertBatch(rows)
  if ((offset / batchSize) % 10 === 9) process.stdout.write(`  ${(offset + batchSize).toLocaleString('en-US')} rows\r`)
}
const seedSeconds = (performance.now() - seedStarted) / 1000
if (!reuse) seedDb.pragma('wal_checkpoint(TRUNCATE)')
seedDb.close()
console.log(`Seeded in ${seedSeconds.toFixed(1)} s; database ${(statSync(dbPath).size / 1024 / 1024).toFixed(0)} MB`)

// The app's composition root: it applies migrations 2 to 4 (indexes, full-text and target tables, their backfill).
const migrationStarted = performance.now()
const services = benchApi.createServices({ dbPath })
const migrationSeconds = (performance.now() - migrationStarted) / 1000
console.log(`Migrations 2-4 over ${rowCount.toLocaleString('en-US')} rows: ${migrationSeconds.toFixed(1)} s`)
const diagnostician = benchApi.createDiagnostician(services)

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}
const results = []
function measure(group, name, fn, options = {}) {
  const count = options.runs ?? runs
  for (let index = 0; index < 3; index += 1) fn(index)
  const times = []
  let last
  for (let index = 0; index < count; index += 1) {
    const started = performance.now()
    last = fn(index)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  const result = { group, name, runs: count, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1], ...(options.target ? { target: options.target } : {}), ...(last ?? {}) }
  results.push(result)
  return result
}
function page(query) {
  const result = services.log.list(query)
  if (!result.ok) throw new Error(`${JSON.stringify(query)}: ${result.error.message}`)
  return { rows: result.value.items.length, total: result.value.total }
}
const tenantAt = (index) => tenants[index % tenants.length]
const iso = (ms) => new Date(ms).toISOString()
const userAt = (index) => tenantAt(index).users[(index * 7919) % 2500]

// Combined filters, first page of 100 rows, as the log page asks for it.
const firstPage = 50
measure('first page', 'tenant', (i) => page({ tenantId: tenantAt(i).id, limit: 100 }), { target: firstPage })
measure('first page', 'tenant + failed', (i) => page({ tenantId: tenantAt(i).id, outcome: 'failed', limit: 100 }), { target: firstPage })
measure('first page', 'tenant + throttled', (i) => page({ tenantId: tenantAt(i).id, outcome: 'throttled', limit: 100 }), { target: firstPage })
measure('first page', 'tenant + 5xx + last 7 days', (i) => page({ tenantId: tenantAt(i).id, outcome: '5xx', since: iso(now - 7 * dayMs), limit: 100 }), { target: firstPage })
measure('first page', 'tenant + operation + last 24 h', (i) => page({ tenantId: tenantAt(i).id, operation: 'update-user', since: iso(now - dayMs), limit: 100 }), { target: firstPage })
measure('first page', 'tenant + operation + a day 20 days ago', (i) => page({ tenantId: tenantAt(i).id, operation: 'create-user', since: iso(now - 20 * dayMs), until: iso(now - 19 * dayMs), limit: 100 }), { target: firstPage })
measure('first page', 'tenant + failed + operation + range', (i) => page({ tenantId: tenantAt(i).id, outcome: 'failed', operation: 'create-user', since: iso(now - 14 * dayMs), until: iso(now - 7 * dayMs), limit: 100 }), { target: firstPage })
measure('first page', 'status 409, all tenants', () => page({ status: 409, limit: 100 }), { target: firstPage })
measure('first page', 'failed, all tenants', () => page({ outcome: 'failed', limit: 100 }), { target: firstPage })
measure('first page', 'operation (rare), all tenants', () => page({ operation: 'group-push-delete', limit: 100 }), { target: firstPage })
measure('first page', 'last hour, all tenants', () => page({ since: iso(now - 3_600_000), limit: 100 }), { target: firstPage })
measure('first page', 'an hour 10 days ago, all tenants', (i) => page({ since: iso(now - 10 * dayMs - i * 60_000), until: iso(now - 10 * dayMs + 3_600_000 - i * 60_000), limit: 100 }), { target: firstPage })
measure('first page', 'target userName prefix', (i) => page({ target: userAt(i).userName.slice(0, 8), limit: 100 }), { target: firstPage })
measure('first page', 'tenant + target userName', (i) => page({ tenantId: tenantAt(i).id, target: userAt(i).userName, limit: 100 }), { target: firstPage })
measure('first page', 'target id', (i) => page({ target: userAt(i).id, limit: 100 }), { target: firstPage })
measure('first page', 'no filter', () => page({ limit: 100 }), { target: firstPage })

const searchTarget = 150
measure('search', 'a userName', (i) => page({ search: userAt(i).userName, limit: 100 }), { target: searchTarget })
measure('search', 'a word of error details ("revoked")', () => page({ search: 'revoked', limit: 100 }), { target: searchTarget })
measure('search', 'words in two thirds of rows ("example.com")', () => page({ search: 'example.com', limit: 100 }), { target: searchTarget })
measure('search', 'a prefix being typed ("grac")', () => page({ search: 'grac', limit: 100 }), { target: searchTarget })
measure('search', 'a prefix of a busy word ("exam")', () => page({ search: 'exam', limit: 100 }), { target: searchTarget })
measure('search', 'tenant + failed + "deactivated"', (i) => page({ tenantId: tenantAt(i).id, outcome: 'failed', search: 'deactivated', limit: 100 }), { target: searchTarget })
measure('search', 'two words + last 7 days ("token pasted")', () => page({ search: 'token pasted', since: iso(now - 7 * dayMs), limit: 100 }), { target: searchTarget })

// Keyset paging: pages 2..20 after the first, as the virtualised table loads them while scrolling.
function pagesAfterFirst(query, pages) {
  let cursor = services.log.list(query).value.nextCursor
  const times = []
  for (let index = 0; index < pages && cursor; index += 1) {
    const started = performance.now()
    const result = services.log.list({ ...query, cursor })
    times.push(performance.now() - started)
    cursor = result.value.nextCursor
  }
  return times
}
function keyset(name, queryAt) {
  const times = []
  for (let index = 0; index < 10; index += 1) times.push(...pagesAfterFirst(queryAt(index), 20))
  if (times.length === 0) throw new Error(`${name}: no second page`)
  times.sort((a, b) => a - b)
  results.push({ group: 'keyset page 2..20', name, runs: times.length, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1], target: firstPage })
}
keyset('tenant', (i) => ({ tenantId: tenantAt(i).id, limit: 100 }))
keyset('failed, all tenants', () => ({ outcome: 'failed', limit: 100 }))
keyset('search "example.com"', () => ({ search: 'example.com', limit: 100 }))
{
  // Scrolling through 100,000 matching rows: 500 pages of 200.
  const query = { limit: 200 }
  let cursor = null
  let rows = 0
  const times = []
  while (rows < 100_000) {
    const started = performance.now()
    const result = services.log.list(cursor ? { ...query, cursor } : query)
    times.push(performance.now() - started)
    rows += result.value.items.length
    cursor = result.value.nextCursor
    if (!cursor) break
  }
  times.sort((a, b) => a - b)
  results.push({ group: 'keyset page 2..20', name: `scroll ${rows.toLocaleString('en-US')} rows (pages of 200)`, runs: times.length, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1], target: firstPage })
}

const activity = (query) => {
  const result = services.log.activity(query, { now })
  if (!result.ok) throw new Error(result.error.message)
  return { rows: result.value.length }
}
measure('activity', 'tenant, last hour (1-minute buckets)', (i) => activity({ tenantId: tenantAt(i).id }), { runs: 20 })
measure('activity', 'tenant, last 24 h', (i) => activity({ tenantId: tenantAt(i).id, since: iso(now - dayMs) }), { runs: 20 })
measure('activity', 'all tenants, last 7 days', () => activity({ since: iso(now - 7 * dayMs) }), { runs: 5 })

const failures = services.log.list({ outcome: 'failed', limit: 200 }).value.items
measure('detail', 'logs:get of a failure (diagnosis, token, timeline)', (i) => {
  const detail = diagnostician.detail(failures[i % failures.length].id)
  if (!detail.ok) throw new Error(detail.error.message)
  return { timeline: detail.value.timeline.length }
})
measure('detail', "a tenant's latest 20 failures with diagnoses", (i) => {
  const result = diagnostician.list({ tenantId: tenantAt(i).id, outcome: 'failed', withDiagnosis: true, limit: 20 })
  if (!result.ok) throw new Error(result.error.message)
  return { rows: result.value.items.filter((item) => item.diagnosis).length }
}, { runs: 20 })

{
  const tenant = tenants[0]
  const file = join(dir, 'export.csv')
  const started = performance.now()
  const exported = await benchApi.exportLog(services.log, { tenantId: tenant.id }, 'csv', file)
  const seconds = (performance.now() - started) / 1000
  results.push({ group: 'export', name: `CSV of ${tenant.name} (${exported.value.count.toLocaleString('en-US')} rows)`, runs: 1, p50: seconds * 1000, p95: seconds * 1000, max: seconds * 1000, rowsPerSecond: Math.round(exported.value.count / seconds), megabytes: Math.round(statSync(file).size / 1024 / 1024) })
}

{
  // Retention: a budget 20,000 rows below the log's size, pruned in chunks while the event loop is watched.
  services.settings.update({ retention: { rows: services.log.storage().logRows - 20_000 } })
  const delay = monitorEventLoopDelay({ resolution: 1 })
  delay.enable()
  const retention = benchApi.startRetention(services)
  retention.stop()
  const started = performance.now()
  const { deleted } = await retention.runNow()
  const ms = performance.now() - started
  delay.disable()
  results.push({ group: 'retention', name: `prune ${deleted.toLocaleString('en-US')} rows in chunks`, runs: 1, p50: ms, p95: ms, max: ms, longestEventLoopBlockMs: Math.round(delay.max / 1e6) })
}

const info = benchApi.dataInfo(services)
services.close()

console.log('\ngroup               query                                                   p50 ms   p95 ms   max ms  target')
for (const result of results) {
  const verdict = result.target === undefined ? '' : result.p95 < result.target ? `< ${result.target} ok` : `> ${result.target} SLOW`
  console.log(`${result.group.padEnd(19)} ${result.name.padEnd(55)} ${result.p50.toFixed(1).padStart(7)} ${result.p95.toFixed(1).padStart(8)} ${result.max.toFixed(1).padStart(8)}  ${verdict}`)
}
const extra = results.filter((result) => result.longestEventLoopBlockMs !== undefined || result.rowsPerSecond !== undefined)
for (const result of extra) {
  if (result.rowsPerSecond) console.log(`export: ${result.rowsPerSecond.toLocaleString('en-US')} rows/s, ${result.megabytes} MB`)
  if (result.longestEventLoopBlockMs !== undefined) console.log(`retention: longest event-loop block ${result.longestEventLoopBlockMs} ms`)
}
console.log(`database: ${(info.databaseBytes / 1024 / 1024).toFixed(0)} MB for ${info.logRows.toLocaleString('en-US')} rows; seeded in ${seedSeconds.toFixed(1)} s, migrations 2-4 in ${migrationSeconds.toFixed(1)} s`)
const file = join(root, 'bench', 'results', `logs-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), node: process.version, rowCount, tenants: tenants.length, seedSeconds, migrationSeconds, databaseBytes: info.databaseBytes, results }, null, 2))
console.log(`Results: ${file}`)
if (!keep) rmSync(dir, { recursive: true, force: true })
