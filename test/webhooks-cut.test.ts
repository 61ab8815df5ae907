// A webhook batch that the engine fails inside its derive (test/derive-cut.test.ts: a statement
// cut between the targets of its views) is recovered by the running server at once, as POST
// /api/ingest recovers: everything derived again, the batch marked interrupted, its deliveries
// derived by the retry. Before, the server went on with the half-written totals until its next
// start. The cut: a view on the derive's change stream throws for the webhook batch's own run.
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import type { Session } from './support/engine.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { recoverySource } from '../core/batches.ts'
import { envelope, signed } from './support/webhook.ts'
import { openWebhookApp, type WebhookApp } from './support/webhook-app.ts'
import { adminKey } from './support/api.ts'
import { withThrowingView } from './support/statement-cut.ts'

const waba = 'waba-cut'
const phone = 'pn-cut'
const customers = ['14155550301', '14155550302', '14155550303']

let session: Session
let app: FastifyInstance
let post: WebhookApp['post'], settled: WebhookApp['settled']

beforeAll(async () => {
  ({ session, app, post, settled } = await openWebhookApp(`${adminKey}=*`))
}, 120_000)
afterAll(async () => { await app?.close() })

async function one<T>(query: string, params: Record<string, unknown> = {}): Promise<T> {
  const rs = await session.db.client.query({ query, query_params: params, format: 'JSONEachRow' })
  return (await rs.json<T>())[0]!
}

describe('a webhook batch cut inside its derive', () => {
  it('is recovered by the server at once: totals whole, the batch interrupted, its deliveries derived by the retry', async () => {
    // the send log: three marketing templates sent; Meta's statuses then say them delivered
    const sends = customers.map((c, i) => JSON.stringify({
      message_id: `wamid.cut-${i}`, timestamp: `2025-12-0${i + 1}T10:00:00Z`, waba_id: waba, phone_number_id: phone,
      wa_id: c, direction: 'outbound', template_category: 'MARKETING', status: 'sent',
    })).join('\n')
    await session.exclusive(() => ingestSource(session.db, Readable.from([Buffer.from(sends)]), 'sends'))
    const { next } = await one<{ next: string }>('SELECT max(batch_id) + 1 AS next FROM ingest_batches')
    await session.db.client.command({ query: 'CREATE TABLE cut_at (batch UInt64) ENGINE = MergeTree ORDER BY batch' })
    await session.db.client.insert({ table: 'cut_at', values: [{ batch: Number(next) }], format: 'JSONEachRow' })
    await withThrowingView(session.db, 'conversation_changes', 'run_id IN (SELECT batch FROM cut_at)', async () => {
      const body = envelope(waba, phone, [], customers.map((c, i) => ({ id: `wamid.cut-${i}`, status: 'delivered', at: `2025-12-0${i + 1}T10:00:05Z`, to: c })))
      expect((await post(body, signed(body))).statusCode).toBe(200)
      // the batch fails, is recovered, and its delivery is derived by the retry (~1 s later)
      for (let i = 0; i < 100 && app.webhooks!.batcher.totals.derived < 1; i++) {
        await settled()
        await new Promise((r) => setTimeout(r, 100))
      }
      expect(app.webhooks!.batcher.totals.failures).toBe(1)
      expect(app.webhooks!.batcher.totals.derived).toBe(1)
      const batch = await one<{ state: string; rebuilt: string }>(
        `SELECT (SELECT count() FROM interrupted_batches WHERE batch_id = {b:UInt64}) AS state,
                (SELECT count() FROM ingest_batches FINAL WHERE source = {r:String} AND finished_at IS NOT NULL) AS rebuilt`, { b: Number(next), r: recoverySource([next]) })
      expect([Number(batch.state), Number(batch.rebuilt)]).toEqual([1, 1])
      const totals = await one<{ conversations: string; spend: string }>(
        `SELECT (SELECT count() FROM conversations FINAL WHERE waba_id = {w:String}) AS conversations,
                (SELECT sum(conversations) FROM spend_daily WHERE waba_id = {w:String}) AS spend`, { w: waba })
      expect([Number(totals.conversations), Number(totals.spend)]).toEqual([3, 3])
    })
  }, 60_000)
})
