/**
 * HTTP at the edges of what SCIM clients send, over real HTTP and a real SQLite file: bodies that are not UTF-8 or are
 * declared in another charset (RFC 7644 §3.8), conditional requests with `*` and ETag lists (RFC 7232 §3), discovery
 * that says only what the server does, and methods an endpoint does not take (405, RFC 9110 §15.5.6).
 */
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectError } from '../support/scim-errors'
import { startScimHarness, type ScimHarness } from '../support/scim-harness'

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User'
const groupUrn = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const patchUrn = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

type Tenant = ReturnType<ScimHarness['tenant']>

// A body as bytes: JSON text whose `\xNN` escapes are single bytes, not characters.
function bytes(latin1: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(latin1, 'latin1'))
}

describe('SCIM over HTTP, at the edges', () => {
  let harness: ScimHarness
  let tenant: Tenant
  let run = 0
  const call = (method: string, path: string, options: Parameters<ScimHarness['request']>[2] = {}) => harness.request(method, `${tenant.baseUrl}${path}`, options)
  const fresh = (name: string) => `${name}.${(run += 1)}@example.com`
  const createUser = async (userName = fresh('user')) => {
    const response = await call('POST', '/Users', { body: { schemas: [userUrn], userName } })
    expect(response.status, response.text).toBe(201)
    return String(response.body.id)
  }
  const patchTitle = (id: string, title: string, headers: Record<string, string> = {}) =>
    call('PATCH', `/Users/${id}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'title', value: title }] }, headers })
  const logOf = (method: string, pathEnd: string) => harness.logEntries(tenant.id).filter((entry) => entry.method === method && entry.path.endsWith(pathEnd))

  beforeAll(async () => {
    harness = await startScimHarness()
    tenant = harness.tenant('Acme Corp', 'acme')
  })

  afterAll(async () => {
    expect(harness.internalErrors).toEqual([])
    await harness.close()
  })

  describe('bodies are UTF-8 (RFC 7644 §3.8)', () => {
    it('refuses a body that is not valid UTF-8 with 400 invalidSyntax naming the byte, and stores nothing', async () => {
      const response = await call('POST', '/Users', { bytes: bytes('{"userName":"bad\xff\xfe@x"}'), headers: { 'content-type': 'application/scim+json' } })
      expectError(response, 400, 'invalidSyntax')
      expect(String(response.body.detail)).toMatch(/not valid UTF-8.*byte 0xFF at offset 16/)
      const lookup = await call('GET', `/Users?filter=${encodeURIComponent('userName sw "bad"')}`)
      expect(lookup.body.totalResults).toBe(0)
    })

    it('keeps two names that differ only in bytes that are not UTF-8 from becoming one name and a false 409', async () => {
      const first = await call('POST', '/Users', { bytes: bytes('{"userName":"twin\xff@x"}'), headers: { 'content-type': 'application/scim+json' } })
      const second = await call('POST', '/Users', { bytes: bytes('{"userName":"twin\xfe@x"}'), headers: { 'content-type': 'application/scim+json' } })
      expect([first.status, second.status]).toEqual([400, 400])
    })

    it('takes a U+FFFD the client really sent, and counts it when it names the byte that is not UTF-8', async () => {
      const sent = await call('POST', '/Users', { body: { userName: 'replacement\uFFFD@example.com' } })
      expect(sent.status).toBe(201)
      expect(sent.body.userName).toBe('replacement\uFFFD@example.com')
      // `{"userName":"` is 13 bytes and U+FFFD 3 (EF BF BD): the lone 0xC3 after them is byte 16.
      const after = await call('POST', '/Users', { bytes: bytes('{"userName":"\xef\xbf\xbd\xc3("}'), headers: { 'content-type': 'application/scim+json' } })
      expectError(after, 400, 'invalidSyntax')
      expect(String(after.body.detail)).toMatch(/byte 0xC3 at offset 16/)
    })

    it('refuses a PUT or PATCH body that is not UTF-8 and leaves the user as it was', async () => {
      const id = await createUser()
      const headers = { 'content-type': 'application/scim+json' }
      expectError(await call('PUT', `/Users/${id}`, { bytes: bytes('{"userName":"x@x","title":"caf\xe9"}'), headers }), 400, 'invalidSyntax')
      const patch = bytes(`{"schemas":["${patchUrn}"],"Operations":[{"op":"replace","path":"title","value":"caf\xe9"}]}`)
      expectError(await call('PATCH', `/Users/${id}`, { bytes: patch, headers }), 400, 'invalidSyntax')
      const read = await call('GET', `/Users/${id}`)
      expect([read.body.title, (read.body.meta as { version: string }).version]).toEqual([undefined, 'W/"1"'])
    })

    it('refuses a body declared in another charset with 415 and an RFC 7644 error body, whatever its bytes', async () => {
      const latin = await call('POST', '/Users', { raw: JSON.stringify({ userName: 'latin@example.com' }), headers: { 'content-type': 'application/scim+json; charset=ISO-8859-1' } })
      expectError(latin, 415)
      expect(String(latin.body.detail)).toMatch(/ISO-8859-1.*UTF-8/)
      const id = await createUser()
      const patch = JSON.stringify({ schemas: [patchUrn], Operations: [{ op: 'replace', path: 'title', value: 'A' }] })
      expectError(await call('PATCH', `/Users/${id}`, { raw: patch, headers: { 'content-type': 'application/json; charset=utf-16' } }), 415)
      expect((await call('GET', `/Users/${id}`)).body.title).toBeUndefined()
      expect((await call('GET', `/Users?filter=${encodeURIComponent('userName eq "latin@example.com"')}`)).body.totalResults).toBe(0)
    })

    it('takes utf-8 in any case, quoted, and the common misspelling utf8', async () => {
      for (const type of ['application/scim+json; charset=UTF-8', 'application/json; charset="utf-8"', 'application/scim+json;charset=utf8', 'application/json; Charset=UTF8']) {
        const response = await call('POST', '/Users', { raw: JSON.stringify({ userName: fresh('charset') }), headers: { 'content-type': type } })
        expect(response.status, type).toBe(201)
      }
    })

    it('judges the charset of a body only: a DELETE with no body proceeds whatever its Content-Type says', async () => {
      const id = await createUser()
      expect((await call('DELETE', `/Users/${id}`, { headers: { 'content-type': 'application/scim+json; charset=iso-8859-1' } })).status).toBe(204)
    })

    it('authenticates first: a bad token is answered 401 whatever the body or its charset', async () => {
      expectError(await call('POST', '/Users', { token: 'scim_wrong', bytes: bytes('{"userName":"\xff"}'), headers: { 'content-type': 'application/scim+json' } }), 401)
      expectError(await call('POST', '/Users', { token: null, raw: '{"userName":"a@x"}', headers: { 'content-type': 'application/scim+json; charset=latin1' } }), 401)
    })

    it('refuses a compressed body with 415, saying so, and Accept-Encoding: identity (RFC 7694 §3), and logs it', async () => {
      const json = JSON.stringify({ userName: 'zipped@example.com' })
      for (const [coding, body] of [['gzip', gzipSync(json)], ['deflate', deflateSync(json)], ['br', brotliCompressSync(json)], ['GZIP', gzipSync(json)]] as const) {
        const response = await call('POST', '/Users', { bytes: new Uint8Array(body), headers: { 'content-type': 'application/scim+json', 'content-encoding': coding } })
        expectError(response, 415)
        expect(String(response.body.detail), coding).toMatch(/does not accept compressed/)
        expect(response.headers.get('accept-encoding'), coding).toBe('identity')
      }
      expect((await call('GET', `/Users?filter=${encodeURIComponent('userName eq "zipped@example.com"')}`)).body.totalResults).toBe(0)
      const rows = logOf('POST', '/Users').filter((entry) => entry.requestHeaders['content-encoding'] !== undefined)
      expect(rows.map((entry) => [entry.status, entry.operation])).toEqual(Array.from({ length: 4 }, () => [415, 'create-user']))
      expect(rows[0]?.errorDetail).toMatch(/compressed/)
      // identity is no coding at all.
      const plain = await call('POST', '/Users', { raw: json, headers: { 'content-encoding': 'identity' } })
      expect(plain.status, plain.text).toBe(201)
    })

    it('logs such a request with its body, as near as it can be read, and its error', async () => {
      await call('POST', '/Users', { bytes: bytes('{"userName":"logged\xff@x"}'), headers: { 'content-type': 'application/scim+json' } })
      await call('POST', '/Users', { raw: '{"userName":"logged.latin@x"}', headers: { 'content-type': 'application/scim+json; charset=windows-1252' } })
      const rows = logOf('POST', '/Users').filter((entry) => entry.requestBody?.includes('logged'))
      expect(rows.map((entry) => [entry.status, entry.operation, entry.errorType, entry.requestBody])).toEqual([
        [400, 'create-user', 'invalidSyntax', '{"userName":"logged\uFFFD@x"}'],
        [415, 'create-user', null, '{"userName":"logged.latin@x"}']
      ])
      expect(rows[0]?.errorDetail).toMatch(/not valid UTF-8/)
      expect(rows[1]?.errorDetail).toMatch(/windows-1252/)
    })
  })

  describe('conditional requests (RFC 7232 §3)', () => {
    it('answers If-None-Match: * with 304 for a user or group that exists', async () => {
      const id = await createUser()
      const user = await call('GET', `/Users/${id}`, { headers: { 'if-none-match': '*' } })
      expect([user.status, user.headers.get('etag'), user.text]).toEqual([304, 'W/"1"', ''])
      const group = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: `Group ${(run += 1)}` } })
      expect((await call('GET', `/Groups/${String(group.body.id)}`, { headers: { 'if-none-match': '*' } })).status).toBe(304)
      expectError(await call('GET', '/Users/no-such-user', { headers: { 'if-none-match': '*' } }), 404)
    })

    it('answers 304 when any tag of an If-None-Match list is current, and 200 when none is', async () => {
      const id = await createUser()
      for (let title = 1; title <= 4; title += 1) await patchTitle(id, `T${title}`)
      expect((await call('GET', `/Users/${id}`)).headers.get('etag')).toBe('W/"5"')
      expect((await call('GET', `/Users/${id}`, { headers: { 'if-none-match': 'W/"1", W/"5"' } })).status).toBe(304)
      expect((await call('GET', `/Users/${id}`, { headers: { 'if-none-match': 'W/"5",W/"9"' } })).status).toBe(304)
      const stale = await call('GET', `/Users/${id}`, { headers: { 'if-none-match': 'W/"1", W/"4", W/"50"' } })
      expect([stale.status, stale.body.title]).toEqual([200, 'T4'])
    })

    it('lets a write with an If-Match list proceed when one of its tags is current, and refuses it with 412 when none is', async () => {
      const id = await createUser()
      for (let title = 1; title <= 10; title += 1) await patchTitle(id, `T${title}`)
      // Version 11: W/"1" alone is stale, and is not read as a part of "11".
      expectError(await patchTitle(id, 'stale', { 'if-match': 'W/"1"' }), 412)
      expectError(await patchTitle(id, 'stale', { 'if-match': 'W/"1", W/"10", W/"111"' }), 412)
      const patched = await patchTitle(id, 'listed', { 'if-match': 'W/"1", W/"11"' })
      expect([patched.status, patched.headers.get('etag')]).toEqual([200, 'W/"12"'])
      // The comparison is weak: a strong tag with the current version matches too.
      const put = await call('PUT', `/Users/${id}`, { body: { schemas: [userUrn], userName: fresh('put'), title: 'put' }, headers: { 'if-match': '"3", "12"' } })
      expect([put.status, put.headers.get('etag')]).toEqual([200, 'W/"13"'])
      expectError(await call('DELETE', `/Users/${id}`, { headers: { 'if-match': 'W/"12", W/"14"' } }), 412)
      expect((await call('DELETE', `/Users/${id}`, { headers: { 'if-match': 'W/"12", W/"13"' } })).status).toBe(204)
    })

    it('lets a write with If-Match: * proceed for a resource that exists', async () => {
      const id = await createUser()
      expect((await patchTitle(id, 'any', { 'if-match': '*' })).status).toBe(200)
      const group = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: `Group ${(run += 1)}` } })
      const groupId = String(group.body.id)
      const groupPatch = { schemas: [patchUrn], Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }] }
      expect((await call('PATCH', `/Groups/${groupId}`, { body: groupPatch, headers: { 'if-match': '*' } })).status).toBe(204)
      expectError(await call('PATCH', `/Groups/${groupId}`, { body: groupPatch, headers: { 'if-match': 'W/"1", W/"3"' } }), 412)
      expect((await call('DELETE', `/Groups/${groupId}`, { headers: { 'if-match': 'W/"1", W/"2"' } })).status).toBe(204)
      expect((await call('DELETE', `/Users/${id}`, { headers: { 'if-match': '*' } })).status).toBe(204)
      expectError(await call('DELETE', `/Users/${id}`, { headers: { 'if-match': '*' } }), 404)
    })

    it('refuses a write whose If-None-Match names the current version, or is *, with 412 and changes nothing (RFC 7232 §3.2)', async () => {
      const id = await createUser()
      await patchTitle(id, 'kept')
      const put = { schemas: [userUrn], userName: fresh('put'), title: 'changed' }
      for (const refused of ['*', 'W/"2"', 'W/"1", "2"']) {
        expectError(await patchTitle(id, 'changed', { 'if-none-match': refused }), 412)
        expectError(await call('PUT', `/Users/${id}`, { body: put, headers: { 'if-none-match': refused } }), 412)
        expectError(await call('DELETE', `/Users/${id}`, { headers: { 'if-none-match': refused } }), 412)
      }
      const read = await call('GET', `/Users/${id}`)
      expect([read.body.title, read.headers.get('etag')]).toEqual(['kept', 'W/"2"'])
      // Tags of other versions set no obstacle.
      expect((await patchTitle(id, 'changed', { 'if-none-match': 'W/"1", W/"7"' })).status).toBe(200)
      const group = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: `Group ${(run += 1)}` } })
      const groupId = String(group.body.id)
      const rename = { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'displayName', value: `Group ${(run += 1)}` }] }
      expectError(await call('PATCH', `/Groups/${groupId}`, { body: rename, headers: { 'if-none-match': '*' } }), 412)
      expectError(await call('DELETE', `/Groups/${groupId}`, { headers: { 'if-none-match': 'W/"1"' } }), 412)
      expect((await call('DELETE', `/Groups/${groupId}`, { headers: { 'if-none-match': 'W/"2"' } })).status).toBe(204)
    })
  })

  describe('discovery', () => {
    it('advertises users only as group members, as the server accepts', async () => {
      const schema = await call('GET', `/Schemas/${groupUrn}`)
      const members = (schema.body.attributes as { name: string; subAttributes?: { name: string; referenceTypes?: string[]; canonicalValues?: string[] }[] }[]).find(
        (attribute) => attribute.name === 'members'
      )
      const sub = (name: string) => members?.subAttributes?.find((attribute) => attribute.name === name)
      expect(sub('$ref')?.referenceTypes).toEqual(['User'])
      expect(sub('type')?.canonicalValues).toEqual(['User'])
      const other = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: `Inner ${(run += 1)}` } })
      const nested = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: `Outer ${run}`, members: [{ value: other.body.id, type: 'Group' }] } })
      expectError(nested, 400, 'invalidValue')
    })
  })

  describe("a tunnel's X-Forwarded headers, with no public URL set", () => {
    it('builds meta.location and Location from them when they name an origin, and from Host when they do not', async () => {
      const id = await createUser()
      const location = async (headers: Record<string, string>) => {
        const read = await call('GET', `/Users/${id}`, { headers })
        return (read.body.meta as { location: string }).location
      }
      const path = `/scim/v2/acme/Users/${id}`
      expect(await location({ 'x-forwarded-proto': 'https', 'x-forwarded-host': 'acme.example-tunnel.com' })).toBe(`https://acme.example-tunnel.com${path}`)
      expect(await location({ 'x-forwarded-proto': 'HTTPS, http', 'x-forwarded-host': 'tunnel.example:8443, proxy.local' })).toBe(`https://tunnel.example:8443${path}`)
      // Neither is an origin: a scheme no SCIM client can follow, a host that carries a path or a space.
      expect(await location({ 'x-forwarded-proto': 'javascript', 'x-forwarded-host': 'evil.example/phish?' })).toBe(`${tenant.baseUrl}/Users/${id}`)
      expect(await location({ 'x-forwarded-host': 'a b' })).toBe(`${tenant.baseUrl}/Users/${id}`)
      const created = await call('POST', '/Users', { body: { schemas: [userUrn], userName: fresh('tunnel') }, headers: { 'x-forwarded-proto': 'ftp', 'x-forwarded-host': '[::1]:9000' } })
      expect(created.headers.get('location')).toBe(`http://[::1]:9000/scim/v2/acme/Users/${created.body.id}`)
    })
  })

  describe('X-Forwarded headers from a client on another machine', () => {
    // An address of this machine that is not loopback: a connection to it comes from it, as one from the network would.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal)?.address
    const skipped = external ? '' : ' (skipped: this machine has no IPv4 address other than loopback to connect from)'

    it.skipIf(external === undefined)(`are ignored, so they cannot point meta.location and Location elsewhere${skipped}`, async () => {
      const open = await startScimHarness({ host: '0.0.0.0' })
      try {
        const acme = open.tenant('Acme Corp', 'acme')
        const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' }
        const port = new URL(open.origin).port
        const remote = `http://${String(external)}:${port}/scim/v2/acme`
        const created = await open.request('POST', `${remote}/Users`, { token: acme.token, body: { schemas: [userUrn], userName: 'ann@example.com' }, headers })
        expect(created.status, created.text).toBe(201)
        expect(created.headers.get('location')).toBe(`${remote}/Users/${String(created.body.id)}`)
        expect((created.body.meta as { location: string }).location).toBe(`${remote}/Users/${String(created.body.id)}`)
        // The same headers over loopback, where a tunnel connects from, are still used.
        const local = await open.request('GET', `${acme.baseUrl}/Users/${String(created.body.id)}`, { token: acme.token, headers })
        expect((local.body.meta as { location: string }).location).toBe(`https://evil.example/scim/v2/acme/Users/${String(created.body.id)}`)
        expect(open.internalErrors).toEqual([])
      } finally {
        await open.close()
      }
    })
  })

  describe('methods an endpoint does not take (RFC 9110 §15.5.6)', () => {
    it('answers them with 405, an Allow header and an RFC 7644 error body naming the method and the allowed ones', async () => {
      const userId = await createUser()
      const group = await call('POST', '/Groups', { body: { schemas: [groupUrn], displayName: `Group ${(run += 1)}` } })
      const cases: [string, string, string][] = [
        ['DELETE', '/Users', 'GET, HEAD, POST'],
        ['PUT', '/Users', 'GET, HEAD, POST'],
        ['POST', `/Users/${userId}`, 'GET, HEAD, PUT, PATCH, DELETE'],
        ['PATCH', '/Groups', 'GET, HEAD, POST'],
        ['POST', `/Groups/${String(group.body.id)}`, 'GET, HEAD, PUT, PATCH, DELETE'],
        ['DELETE', '/ServiceProviderConfig', 'GET, HEAD'],
        ['POST', '/ResourceTypes', 'GET, HEAD'],
        ['PUT', '/ResourceTypes/User', 'GET, HEAD'],
        ['PATCH', '/Schemas', 'GET, HEAD'],
        ['DELETE', `/Schemas/${userUrn}`, 'GET, HEAD'],
        ['GET', '/Users/.search', 'POST'],
        ['DELETE', '/Groups/.search', 'POST'],
        ['PROPFIND', '/Users', 'GET, HEAD, POST'],
        ['delete', '/users', 'GET, HEAD, POST']
      ]
      for (const [method, path, allow] of cases) {
        const response = await call(method, path)
        expectError(response, 405)
        expect(response.headers.get('allow'), `${method} ${path}`).toBe(allow)
        expect(String(response.body.detail), `${method} ${path}`).toContain(`does not take ${method.toUpperCase()}. It takes ${allow.replace(/, (\w+)$/, ' and $1')}.`)
      }
      // Nothing was changed on the way.
      expect((await call('GET', `/Users/${userId}`)).status).toBe(200)
    })

    it('answers GET on /.search with 405 however the path is cased, as paths are read case-insensitively', async () => {
      for (const path of ['/Users/.Search', '/users/.SEARCH', '/Groups/.sEarch', '/Users/.Search/']) {
        const response = await call('GET', path)
        expectError(response, 405)
        expect(response.headers.get('allow'), path).toBe('POST')
      }
      expect((await call('POST', '/Users/.Search', { body: { filter: 'userName sw "nobody"' } })).status).toBe(200)
    })

    it('answers OPTIONS with 405 and the Allow header too: SCIM defines no OPTIONS', async () => {
      const response = await call('OPTIONS', '/Users')
      expectError(response, 405)
      expect(response.headers.get('allow')).toBe('GET, HEAD, POST')
    })

    it('answers HEAD where there is no GET with 405 and no body', async () => {
      const response = await call('HEAD', '/Users/.search')
      expect([response.status, response.headers.get('allow'), response.text]).toEqual([405, 'POST', ''])
    })

    it('answers before reading the body: a body that does not parse does not turn a 405 into a 400', async () => {
      expectError(await call('DELETE', '/Users', { raw: '{"userName":' }), 405)
      expectError(await call('POST', '/ServiceProviderConfig', { bytes: bytes('\xff\xfe'), headers: { 'content-type': 'application/scim+json; charset=latin1' } }), 405)
    })

    it('authenticates first, and keeps 404 for a path that does not exist', async () => {
      const missing = await call('DELETE', '/Users', { token: null })
      expectError(missing, 401)
      expect(missing.headers.get('allow')).toBeNull()
      expectError(await call('POST', `/Users/${await createUser()}`, { token: 'scim_wrong', body: { userName: 'a@x' } }), 401)
      // A tenant that does not exist is authenticated as one that does: 401, which tells no one whether it exists.
      expectError(await harness.request('DELETE', `${harness.origin}/scim/v2/no-such-tenant/Users`), 401)
      const unknown = await call('DELETE', '/Devices')
      expectError(unknown, 404)
      expect(unknown.headers.get('allow')).toBeNull()
    })

    it('logs a 405 as an Other request, never as a write it did not make, with its detail', async () => {
      const id = await createUser()
      await call('POST', `/Users/${id}`, { body: { userName: 'x@example.com' } })
      await call('PATCH', '/Users', { body: { schemas: [patchUrn], Operations: [] } })
      expect([...logOf('POST', `/Users/${id}`), ...logOf('PATCH', '/scim/v2/acme/Users')].map((entry) => [entry.status, entry.operation])).toEqual([
        [405, 'unknown'],
        [405, 'unknown']
      ])
      await call('DELETE', '/Groups', { headers: { 'user-agent': 'curl/8.5.0' } })
      const [row] = logOf('DELETE', '/scim/v2/acme/Groups')
      // A DELETE of the collection deletes no group: an Other request, not a Group push delete.
      expect([row?.status, row?.operation, row?.errorType]).toEqual([405, 'unknown', null])
      expect(row?.errorDetail).toBe('/scim/v2/acme/Groups does not take DELETE. It takes GET, HEAD and POST.')
    })
  })

  describe('a request too large to read', () => {
    it('says a URL too long is the URL, and how to send a long search instead; headers too large are the headers', async () => {
      for (const length of [20_000, 70_000]) {
        const long = await call('GET', `/Users?filter=${'a'.repeat(length)}`)
        expect(long.status, String(length)).toBe(414)
        expect(long.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '414' })
        expect(String(long.body.detail)).toContain("The request's URL is longer than SCIM Console reads")
        expect(String(long.body.detail)).toContain('POST …/Users/.search')
      }
      const headers = await call('GET', '/Users', { headers: { 'x-note': 'b'.repeat(20_000) } })
      expect(headers.status).toBe(431)
      expect(headers.body.detail).toBe('The request headers are larger than 16 KB.')
      // The server still answers.
      expect((await call('GET', '/Users?count=1')).status).toBe(200)
    })
  })

  describe('pipelined requests (RFC 9112 §9.3.2)', () => {
    // Requests sent on one connection without waiting for the answers, read off the socket in order.
    const pipeline = (requests: string[], answers: number): Promise<string[]> =>
      new Promise((resolve, reject) => {
        const { hostname, port } = new URL(harness.origin)
        const socket = connect(Number(port), hostname, () => socket.write(requests.join('')))
        let received = ''
        const timer = setTimeout(() => {
          socket.destroy()
          reject(new Error(`Only part of the answers came: ${received.slice(0, 300)}`))
        }, 10_000)
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString('utf8')
          const bodies = received.split('\r\n\r\n').slice(1).map((part) => part.split('HTTP/1.1 ')[0] ?? '')
          if (bodies.length >= answers && bodies.slice(0, answers).every((body) => body.trim().endsWith('}'))) {
            clearTimeout(timer)
            socket.destroy()
            resolve(bodies.slice(0, answers).map((body) => body.trim()))
          }
        })
        socket.on('error', reject)
      })
    const request = (method: string, path: string, body?: unknown) => {
      const text = body === undefined ? '' : JSON.stringify(body)
      const length = body === undefined ? '' : `Content-Type: application/scim+json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n`
      return `${method} /scim/v2/acme${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${tenant.token}\r\n${length}\r\n${text}`
    }

    it('handles each request after the one before it on the connection, so a read sees the write sent before it', async () => {
      const userName = fresh('pipelined')
      const lookup = `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&attributes=userName`
      const [created, found] = await pipeline([request('POST', '/Users', { schemas: [userUrn], userName }), request('GET', lookup)], 2)
      const id = String((JSON.parse(created ?? '{}') as { id?: unknown }).id)
      expect(JSON.parse(found ?? '{}')).toMatchObject({ totalResults: 1, Resources: [{ id, userName }] })
      const [patched, read] = await pipeline(
        [request('PATCH', `/Users/${id}`, { schemas: [patchUrn], Operations: [{ op: 'replace', path: 'title', value: 'Pipelined' }] }), request('GET', `/Users/${id}?attributes=title`)],
        2
      )
      expect(JSON.parse(patched ?? '{}')).toMatchObject({ title: 'Pipelined' })
      expect(JSON.parse(read ?? '{}')).toMatchObject({ title: 'Pipelined' })
    })
  })

  describe('a refused PUT in the log', () => {
    it('is filed under the user it addresses, as stored, and is a reactivation only if that user is inactive', async () => {
      const john = await createUser(fresh('john'))
      const janeName = fresh('jane')
      await createUser(janeName)
      const johnName = String((await call('GET', `/Users/${john}`)).body.userName)
      // Okta's profile push renames John to a userName Jane holds: 409, about John.
      const rename = await call('PUT', `/Users/${john}`, { body: { schemas: [userUrn], userName: janeName, active: true } })
      expectError(rename, 409, 'uniqueness')
      const badType = await call('PUT', `/Users/${john}`, { body: { schemas: [userUrn], userName: johnName, active: true, title: 42 } })
      expectError(badType, 400, 'invalidValue')
      expect((await call('PATCH', `/Users/${john}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { active: false } }] } })).status).toBe(200)
      const reactivate = await call('PUT', `/Users/${john}`, { body: { schemas: [userUrn], userName: janeName, active: true } })
      expectError(reactivate, 409, 'uniqueness')

      const puts = logOf('PUT', `/Users/${john}`).map((entry) => [entry.status, entry.operation, entry.targetId, entry.targetName])
      expect(puts).toEqual([
        [409, 'update-user', john, johnName],
        [400, 'update-user', john, johnName],
        [409, 'reactivate-user', john, johnName]
      ])
    })
  })

  describe('a refused PATCH in the log', () => {
    it('is a reactivation only if that user is inactive, when "active": true comes with other changes', async () => {
      const ann = await createUser(fresh('ann'))
      // Entra's path-less replace sends active with the other attributes it syncs; one value is refused.
      const changes = { op: 'replace', value: { active: true, 'name.givenName': 'Ann', title: 42 } }
      expectError(await call('PATCH', `/Users/${ann}`, { body: { schemas: [patchUrn], Operations: [changes] } }), 400, 'invalidValue')
      expect((await call('PATCH', `/Users/${ann}`, { body: { schemas: [patchUrn], Operations: [{ op: 'replace', value: { active: false } }] } })).status).toBe(200)
      expectError(await call('PATCH', `/Users/${ann}`, { body: { schemas: [patchUrn], Operations: [changes] } }), 400, 'invalidValue')
      const patches = logOf('PATCH', `/Users/${ann}`).map((entry) => [entry.status, entry.operation])
      expect(patches).toEqual([
        [400, 'update-user'],
        [200, 'deactivate-user'],
        [400, 'reactivate-user']
      ])
    })
  })
})

describe('SCIM behind the public URL set on the Server page (a tunnel)', () => {
  const publicOrigin = 'https://acme-demo.example-tunnel.com'
  let harness: ScimHarness
  let tenant: Tenant

  beforeAll(async () => {
    harness = await startScimHarness({ publicOrigin: () => publicOrigin })
    tenant = harness.tenant('Acme Corp', 'acme')
  })

  afterAll(async () => {
    expect(harness.internalErrors).toEqual([])
    await harness.close()
  })

  it('gives meta.location, Location and every $ref under the public URL, whatever Host or X-Forwarded-Host say', async () => {
    const base = `${publicOrigin}/scim/v2/acme`
    // A tunnel that rewrites Host to the local address, and a client that names another host: neither is the URL Okta has.
    const headers = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' }
    const user = await harness.request('POST', `${tenant.baseUrl}/Users`, { body: { schemas: [userUrn], userName: 'ann@example.com' }, headers })
    expect(user.status, user.text).toBe(201)
    expect(user.headers.get('location')).toBe(`${base}/Users/${user.body.id}`)
    expect(user.body.meta).toMatchObject({ location: `${base}/Users/${user.body.id}` })
    const group = await harness.request('POST', `${tenant.baseUrl}/Groups`, { body: { schemas: [groupUrn], displayName: 'Admins', members: [{ value: user.body.id }] } })
    expect(group.headers.get('location')).toBe(`${base}/Groups/${group.body.id}`)
    expect(group.body.members).toEqual([expect.objectContaining({ $ref: `${base}/Users/${user.body.id}` })])
    const read = await harness.request('GET', `${tenant.baseUrl}/Users/${user.body.id}`, { headers })
    expect(read.body.groups).toEqual([expect.objectContaining({ $ref: `${base}/Groups/${group.body.id}` })])
    const config = await harness.request('GET', `${tenant.baseUrl}/ServiceProviderConfig`, { headers })
    expect(config.body.meta).toMatchObject({ location: `${base}/ServiceProviderConfig` })
  })
})
