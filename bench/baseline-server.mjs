// The do-nothing baseline: Node's http server reading each body and answering a fixed small JSON.
// Run in the same bench as the SCIM server, so the ratio survives a noisy machine.
import { createServer } from 'node:http'

const server = createServer((request, response) => {
  request.resume()
  request.on('end', () => {
    const status = request.method === 'POST' ? 201 : 200
    response.writeHead(status, { 'content-type': 'application/scim+json; charset=utf-8' })
    response.end('{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0}')
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: `http://127.0.0.1:${server.address().port}` })}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
