// The CBP free-tier gauge takes its size from the pricing-model timeline, the size the derive
// ranks against (derive/40_free_tier.sql), not from billing_settings: a database of its own
// (one chDB data directory per process), a timeline whose CBP free tier is 2.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { json, openApp, type TestApp } from './support/api.ts'
import { ingest, ledger } from './support/engine.ts'
import type { FreeTierRow } from '../api/routes/dashboard.ts'

let t: TestApp
beforeAll(async () => { t = await openApp({ pricingModels: fileURLToPath(new URL('./fixtures/pricing-models-cbp-tier2.csv', import.meta.url)) }) })
afterAll(async () => { await t?.app.close() })

it('the gauge\'s tier is the timeline\'s, and agrees with the ledger\'s free-tier conversations', async () => {
  const k = { waba_id: 'waba-tier2', phone_number_id: 'pn-tier2', wa_id: '14155550123' }
  const at = (h: number, m: number) => new Date(Date.parse('2024-09-02T00:00:00Z') + h * 3_600_000 + m * 60_000).toISOString()
  await ingest(t.session, [0, 30, 60].flatMap((h) => [
    { message_id: `t${h}`, timestamp: at(h, 0), ...k, direction: 'inbound' },
    { message_id: `r${h}`, timestamp: at(h, 5), ...k, direction: 'outbound' },
  ]))
  expect((await ledger(t.session, 'pn-tier2')).map((r) => r.pricing_type)).toEqual(['FREE_TIER', 'FREE_TIER', 'REGULAR'])
  const r = await json<FreeTierRow[]>(t.app, '/api/free-tier?waba=waba-tier2&from=2024-09-01&to=2024-09-30')
  expect(r.map((x) => [x.tier, x.used, x.remaining, x.paid_conversations])).toEqual([[2, 2, 0, 1]])
})

it('the customer page names the timeline\'s free tier size', async () => {
  const r = await json<{ pricing_type: string; explanation: string }[]>(t.app, '/api/customer/conversations?customer=14155550123&phone=pn-tier2')
  expect(r[0]!.explanation).toContain('It is within the 2 free service conversations of September 2024 for this WABA.')
  expect(r[2]!.explanation).toContain('The WABA\'s free tier for September 2024 was already used up.')
})
