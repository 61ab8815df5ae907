// Meta's webhook receiver when the engine falls behind (503 with Retry-After before spooling,
// Meta's retry then lands) and the retention of stored bodies (WACOST_WEBHOOK_KEEP_DAYS), on the
// real engine through app.inject (the handshake, signatures, replays: test/webhooks.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { loadEnv } from '../core/config.ts'
import { ledger, type Session } from './support/engine.ts'
import { adminKey, get } from './support/api.ts'
import { envelope, signed } from './support/webhook.ts'
import { openWebhookApp, type WebhookApp } from './support/webhook-app.ts'
import { spooledIds } from './support/spool.ts'
import { deliveryId } from '../api/webhooks/signature.ts'

const waba = 'waba-hook'
const phone = 'pn-hook'
const customer = '14155550123'

let session: Session
let app: FastifyInstance
let spoolDir: string
let post: WebhookApp['post'], settled: WebhookApp['settled'], stored: WebhookApp['stored'], status: WebhookApp['status']

beforeAll(async () => {
  ({ session, app, spoolDir, post, settled, stored, status } = await openWebhookApp(`${adminKey}=*`))
}, 120_000)
afterAll(async () => { await app?.close() })

describe('when the engine falls behind', () => {
  it('answers 503 with Retry-After, before spooling, while the waiting deliveries hold the memory allowed; Meta\'s retry then lands', async () => {
    await settled()
    const hooks = app.webhooks!
    hooks.config.maxWaitingBytes = 1
    let release!: () => void
    const holding = session.exclusive(() => new Promise<void>((r) => { release = r }))
    try {
      const first = envelope(waba, phone, [{ id: 'wamid.hook-busy-1', from: customer, at: '2025-12-06T10:00:00Z' }])
      const second = envelope(waba, phone, [{ id: 'wamid.hook-busy-2', from: customer, at: '2025-12-06T10:05:00Z' }])
      // nothing waits: the first is taken whatever its size, and its batch waits for the engine
      expect((await post(first, signed(first))).statusCode).toBe(200)
      const before = (await status()).refused.overloaded!
      const busy = await post(second, signed(second))
      expect([busy.statusCode, busy.headers['retry-after'], busy.json<{ error: { code: string } }>().error.code]).toEqual([503, '5', 'UNAVAILABLE'])
      expect((await status()).refused.overloaded).toBe(before + 1)
      const rs = await session.db.client.query({ query: "SELECT count() AS n FROM webhook_deliveries WHERE position(body, 'hook-busy-2') > 0", format: 'JSONEachRow' })
      expect(Number((await rs.json<{ n: string }>())[0]!.n)).toBe(0)
      // spooled: the first (its 200 did not wait for the engine), never the refused one
      expect(spooledIds(spoolDir)).toContain(deliveryId(Buffer.from(first)))
      expect(spooledIds(spoolDir)).not.toContain(deliveryId(Buffer.from(second)))
      release()
      await holding
      await settled()
      hooks.config.maxWaitingBytes = undefined
      // Meta sends it again: now it is stored and derived
      expect((await post(second, signed(second))).statusCode).toBe(200)
      await settled()
      for (const id of ['wamid.hook-busy-1', 'wamid.hook-busy-2']) expect((await get(app, `/api/messages/${id}?format=json`)).statusCode).toBe(200)
    } finally {
      release?.()
      hooks.config.maxWaitingBytes = undefined
    }
  }, 60_000)
})

describe('retention of stored bodies (WACOST_WEBHOOK_KEEP_DAYS)', () => {
  it('forgets derived bodies past the retention, keeps waiting ones, and still skips a late retry', async () => {
    await settled()
    const hooks = app.webhooks!
    const body = envelope(waba, phone, [{ id: 'wamid.hook-keep-1', from: customer, at: '2025-12-07T10:00:00Z' }])
    const res = await post(body, signed(body))
    const id = res.json<{ id: string }>().id
    await settled()
    // stored and never derived (a stopped server's leftover): never forgotten
    const waiting = 'f'.repeat(64)
    await session.db.client.command({ query: "INSERT INTO webhook_deliveries (id, received_at, body) VALUES ({id:String}, now64(3), '{}')", query_params: { id: waiting } })
    try {
      expect(await hooks.expire()).toBe(0) // kept for ever by default
      hooks.config.keepDays = 7
      expect(await hooks.expire()).toBe(0) // received seconds ago
      const before = (await status()).expired
      expect(await hooks.expire(new Date(Date.now() + 8 * 86_400_000))).toBeGreaterThanOrEqual(1)
      expect(await stored(id)).toBe(0)
      expect(await stored(waiting)).toBe(1)
      const s = await status()
      expect(s.keep_days).toBe(7)
      expect(s.expired).toBeGreaterThan(before)
      const ledgerBefore = await ledger(session)
      // Meta's late retry of the forgotten body: stored again, recognised as derived, changes nothing
      const s0 = await status()
      expect((await post(body, signed(body))).statusCode).toBe(200)
      await settled()
      expect((await status()).replayed).toBe(s0.replayed + 1)
      expect(await ledger(session)).toEqual(ledgerBefore)
      expect((await get(app, '/api/messages/wamid.hook-keep-1?format=json')).statusCode).toBe(200)
    } finally {
      hooks.config.keepDays = undefined
      await session.db.client.command({ query: 'DELETE FROM webhook_deliveries WHERE id = {id:String}', query_params: { id: waiting } })
    }
  }, 60_000)

  it('refuses a retention shorter than Meta\'s 7 days of retries', () => {
    expect(() => loadEnv({ WACOST_WEBHOOK_KEEP_DAYS: '3' })).toThrow(/WACOST_WEBHOOK_KEEP_DAYS="3"/)
    expect(loadEnv({ WACOST_WEBHOOK_KEEP_DAYS: '30' })).toMatchObject({ WACOST_WEBHOOK_KEEP_DAYS: 30 })
    expect(loadEnv({}).WACOST_WEBHOOK_KEEP_DAYS).toBeUndefined()
  })
})
