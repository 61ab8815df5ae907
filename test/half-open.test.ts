// Connections kept half-open (api/app.ts: a POST /api/ingest body that came whole is read though
// its client closed its side, test/ingest-api-words.test.ts): a request whose client closes its
// side once it is sent is still answered, and the server then closes the connection, so none is
// kept open for a client that left; a webhook delivery so sent is acknowledged and stored, a
// download sent whole (the event stream, which never ends by itself, ends on that FIN:
// test/live.test.ts).
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { adminKey } from './support/api.ts'
import { rawRequest } from './support/raw-http.ts'
import { envelope, signed } from './support/webhook.ts'
import { openWebhookApp, type WebhookApp } from './support/webhook-app.ts'

let app: FastifyInstance
let port: number
let settled: WebhookApp['settled'], stored: WebhookApp['stored']

beforeAll(async () => {
  ({ app, settled, stored } = await openWebhookApp(`${adminKey}=*`))
  await app.listen({ port: 0, host: '127.0.0.1' })
  port = (app.server.address() as { port: number }).port
}, 120_000)
afterAll(async () => { await app?.close() })

const health = 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'

describe('a client that closes its side of the connection', () => {
  it('is answered when it closed it right after its request, and the server then closes the connection', async () => {
    // rawRequest resolves once the server closed the connection (a keep-alive one kept open: a time-out here)
    const res = await rawRequest(port, [health], { end: true })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok' })
  })

  it('that kept an answered connection alive, then closed its side, sees the server close it', async () => {
    const socket = connect({ port, host: '127.0.0.1' })
    let got = ''
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => { got += d })
    const closed = new Promise<boolean>((resolve) => { socket.once('close', () => { resolve(true) }) })
    try {
      socket.write(health)
      await expect.poll(() => got, { timeout: 20_000 }).toMatch(/^HTTP\/1\.1 200 [^]*\r\n\r\n[^]*"ok"/)
      // an answered keep-alive connection: open until the client does something
      expect(await Promise.race([closed, new Promise((resolve) => { setTimeout(resolve, 300, false) })])).toBe(false)
      socket.end()
      expect(await closed).toBe(true)
    } finally { socket.destroy() }
  })

  it('sending a webhook delivery whole has it acknowledged and stored', async () => {
    const body = envelope('waba-half', 'pn-half', [{ id: 'wamid.half-1', from: '14155550177', at: '2025-12-01T10:00:00Z' }])
    const headers = Object.entries({ ...signed(body), host: '127.0.0.1', 'content-length': String(Buffer.byteLength(body)) })
    const head = ['POST /webhooks/whatsapp HTTP/1.1', ...headers.map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n')
    const res = await rawRequest(port, [head + body], { end: true })
    expect(res.status).toBe(200)
    const { id } = JSON.parse(res.body) as { id: string }
    await settled()
    expect(await stored(id)).toBe(1)
  })

  // a response that ends by itself is sent whole, not cut at the FIN (a half-closed client may
  // still read; one that is gone refuses the next write, which stops the export)
  it('asking for a download gets all of it', async () => {
    const res = await rawRequest(port, [`GET /api/exports/daily HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${adminKey}\r\n\r\n`], { end: true })
    expect(res.status).toBe(200)
    expect(res.headers).toMatch(/^content-type: text\/csv/im)
    expect(res.headers).toMatch(/^transfer-encoding: chunked/im)
    expect(res.body).toMatch(/\r\n0\r\n\r\n$/) // the last chunk: the file came whole
  })
})
