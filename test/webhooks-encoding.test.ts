// Meta's webhook receiver with compressed deliveries, on the real engine through app.inject: a
// Content-Encoding it cannot read refused, the signature over the bytes as sent (gzip, deflate,
// br), the 4 MiB limit once decompressed, gzip without Content-Encoding told by its first bytes
// (the rest of the receiver: test/webhooks.test.ts).
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { adminKey, get } from './support/api.ts'
import { envelope, signed } from './support/webhook.ts'
import { openWebhookApp, type WebhookApp } from './support/webhook-app.ts'
import { deliveryId } from '../api/webhooks/signature.ts'

const waba = 'waba-hook'
const phone = 'pn-hook'
const customer = '14155550123'

let app: FastifyInstance
let post: WebhookApp['post'], settled: WebhookApp['settled'], stored: WebhookApp['stored'], status: WebhookApp['status']

beforeAll(async () => {
  ({ app, post, settled, stored, status } = await openWebhookApp(`${adminKey}=*`))
}, 120_000)
afterAll(async () => { await app?.close() })

describe('compressed deliveries', () => {
  it('refuses a delivery with a Content-Encoding it cannot read, naming it: 415, nothing stored', async () => {
    const other = envelope(waba, phone, [{ id: 'wamid.hook-br', from: customer, at: '2025-12-02T11:00:00Z' }])
    const res = await post(other, { ...signed(other), 'content-encoding': 'zstd' })
    expect(res.statusCode).toBe(415)
    expect(res.json()).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^Content-Encoding: zstd is not accepted: send the body compressed with gzip, deflate or br \(e\.g\. Content-Encoding: gzip\), or uncompressed/) } })
    await settled()
    expect(await stored(deliveryId(Buffer.from(other)))).toBe(0)
  })

  // break-it trial: a gzip delivery was checked against its decompressed bytes, while Meta (and
  // the README) sign the body as sent
  it('checks a compressed delivery\'s signature over its bytes as sent: taken so, refused (401, counted) when signed over the decompressed bytes', async () => {
    const json = envelope(waba, phone, [{ id: 'wamid.hook-gz', from: customer, at: '2025-12-02T13:00:00Z' }])
    const gz = gzipSync(json)
    const before = (await status()).refused
    const overDecompressed = await post(gz, { ...signed(json), 'content-encoding': 'gzip' })
    expect(overDecompressed.statusCode).toBe(401)
    expect(overDecompressed.json().error.message).toBe('X-Hub-Signature-256 does not match the body signed with the app secret.')
    expect((await status()).refused.forged_signature).toBe(before.forged_signature! + 1)
    await settled()
    expect(await stored(deliveryId(Buffer.from(json)))).toBe(0)
    // signed as sent: stored decompressed (what a restart replays from the spool), under the id of the JSON
    const res = await post(gz, { ...signed(gz), 'content-encoding': 'gzip' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ id: deliveryId(Buffer.from(json)) })
    await settled()
    expect(await stored(deliveryId(Buffer.from(json)))).toBe(1)
    expect((await get(app, '/api/messages/wamid.hook-gz?format=json')).statusCode).toBe(200)
    // the same for deflate and br, each over its own bytes
    for (const [coding, packed] of [['deflate', deflateSync(json)], ['br', brotliCompressSync(json)]] as const) {
      expect([coding, (await post(packed, { ...signed(json), 'content-encoding': coding })).statusCode]).toEqual([coding, 401])
      expect([coding, (await post(packed, { ...signed(packed), 'content-encoding': coding })).json()]).toEqual([coding, { id: deliveryId(Buffer.from(json)) }])
    }
    // decoded only once verified, and then within the same 4 MiB
    const padded = json.replace(/}$/, `,"pad":"${'x'.repeat(5 * 1024 * 1024)}"}`)
    for (const [coding, bomb] of [['gzip', gzipSync(padded)], ['deflate', deflateSync(padded)], ['br', brotliCompressSync(padded)]] as const) {
      const big = await post(bomb, { ...signed(bomb), 'content-encoding': coding })
      expect([coding, big.statusCode]).toEqual([coding, 413])
      expect(big.json().error.message).toBe('The delivery decompresses to more than this route takes (at most 4 MiB); nothing of it was stored.')
    }
    const notGzip = await post(json, { ...signed(json), 'content-encoding': 'gzip' })
    expect(notGzip.statusCode).toBe(400)
    expect(notGzip.json().error.message).toMatch(/^The delivery could not be decompressed as its Content-Encoding: gzip says \(not gzip data: gzip data starts with the bytes 1f 8b\); nothing of it was stored\.$/)
    await settled()
  })

  // gzip without Content-Encoding (a test tool's; Meta never sends it) was stored, and its records
  // refused in the micro-batch as not UTF-8: told by its first bytes, as POST /api/ingest reads a body
  it('takes a gzip delivery sent without Content-Encoding as gzip, signed over its bytes as sent', async () => {
    const json = envelope(waba, phone, [{ id: 'wamid.hook-gz-bare', from: customer, at: '2025-12-02T14:00:00Z' }])
    const gz = gzipSync(json)
    expect((await post(gz, signed(json))).statusCode).toBe(401)
    const res = await post(gz, signed(gz))
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ id: deliveryId(Buffer.from(json)) })
    await settled()
    expect(await stored(deliveryId(Buffer.from(json)))).toBe(1)
    expect(await stored(deliveryId(gz))).toBe(0)
    expect((await get(app, '/api/messages/wamid.hook-gz-bare?format=json')).statusCode).toBe(200)
    // the same 4 MiB once decompressed, and gzip that does not decompress said so, nothing stored
    const bomb = gzipSync(json.replace(/}$/, `,"pad":"${'x'.repeat(5 * 1024 * 1024)}"}`))
    expect((await post(bomb, signed(bomb))).statusCode).toBe(413)
    const cut = gz.subarray(0, gz.length - 12)
    const broken = await post(cut, signed(cut))
    expect(broken.statusCode).toBe(400)
    expect(broken.json().error.message).toMatch(/^The delivery starts as gzip data does \(the bytes 1f 8b\) but could not be decompressed \(.+\); nothing of it was stored\.$/)
    await settled()
    expect(await stored(deliveryId(cut))).toBe(0)
  })

  // POST /api/ingest refuses a multipart/form-data body (api/log-body-types.ts): the webhook's
  // parsers are its own, so a delivery is read as before whatever its Content-Type
  it('reads a delivery sent as multipart/form-data as before: the ingest route\'s refusal is not the webhook\'s', async () => {
    const json = envelope(waba, phone, [{ id: 'wamid.hook-form', from: customer, at: '2025-12-02T15:00:00Z' }])
    const res = await post(json, { ...signed(json), 'content-type': 'multipart/form-data; boundary=x' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ id: deliveryId(Buffer.from(json)) })
    await settled()
  })
})
