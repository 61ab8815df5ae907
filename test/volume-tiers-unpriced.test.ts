// Volume-tier progress (/api/volume-tiers) ranks every tiered per-message charge, but only those
// with a rate-card price get a band (derive/50_volume_tiers): a charge without one was left out
// of the row's paid count and cost, so the panel read a complete cost for part of the month, and a
// market and category with no price at all had no row ("No tiered charges"). Now every charge is
// counted (paid), those without a price too (unpriced), and cost and saving are null when there
// are any, as on /api/spend. Shipped timeline (per-message pricing from July 2025); India's
// UTILITY bands in force from 3 October 2026 only, no AUTHENTICATION price anywhere.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { json, openApp, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'
import { tempDir } from './support/temp.ts'
import type { VolumeTierRow } from '../api/routes/eras.ts'

const W = 'waba-tiers-unp'
const k = { waba_id: W, phone_number_id: 'pn-t', wa_id: '919812340009' }
const template = (id: string, ts: string, category: string) =>
  ({ message_id: id, timestamp: ts, ...k, direction: 'outbound', template_category: category })

let t: TestApp
beforeAll(async () => {
  const rateCard = join(tempDir('wacost-tiers-unpriced-'), 'rate-card.csv')
  writeFileSync(rateCard, ['market,category,price,currency,effective_from,tier_from',
    'IN,MARKETING,0.0107,USD,2024-06-01,1', 'IN,SERVICE,0.0040,USD,2024-06-01,1',
    'IN,UTILITY,0.0015,USD,2026-10-03,1', 'IN,UTILITY,0.0013,USD,2026-10-03,3', ''].join('\n'))
  t = await openApp({ pricingModels: fileURLToPath(new URL('../config/defaults/pricing-models.csv', import.meta.url)), rateCard })
  await ingest(t.session, [
    // 1 October: before India's first UTILITY price (ranked 1, no price); then ranks 2 and 3 priced
    template('u1', '2026-10-01T10:00:00Z', 'UTILITY'),
    template('u2', '2026-10-05T10:00:00Z', 'UTILITY'), template('u3', '2026-10-06T10:00:00Z', 'UTILITY'),
    // no AUTHENTICATION price at all
    template('a1', '2026-10-07T10:00:00Z', 'AUTHENTICATION'), template('a2', '2026-10-08T10:00:00Z', 'AUTHENTICATION'),
    // November: priced from its first charge
    template('u4', '2026-11-02T10:00:00Z', 'UTILITY'),
  ])
}, 60_000)
afterAll(async () => { await t?.app.close() })

it('counts the charges without a price and gives no cost for a month that has any', async () => {
  const r = await json<VolumeTierRow[]>(t.app, `/api/volume-tiers?waba=${W}&from=2026-10-01&to=2026-10-31`)
  expect(r.map((x) => [x.market, x.category, x.paid, x.unpriced, x.tier, x.tier_price, x.to_next_tier, x.cost, x.saving, x.currency])).toEqual([
    // the rank-1 charge has no price: 3 paid, not 2 at a complete-looking $0.0028
    ['IN', 'AUTHENTICATION', 2, 2, '', null, null, null, null, null],
    ['IN', 'UTILITY', 3, 1, '2:MAX', 0.0013, null, null, null, 'USD'],
  ])
  // counted from the month's 1st: a period from the 5th still holds the 1st's charge without a price
  const part = await json<VolumeTierRow[]>(t.app, `/api/volume-tiers?waba=${W}&from=2026-10-05&to=2026-10-06&category=UTILITY`)
  expect(part.map((x) => [x.paid, x.unpriced, x.cost])).toEqual([[3, 1, null]])
  // a month whose charges all have a price: as before
  const nov = await json<VolumeTierRow[]>(t.app, `/api/volume-tiers?waba=${W}&from=2026-11-01&to=2026-11-30`)
  expect(nov.map((x) => [x.category, x.paid, x.unpriced, x.tier, x.tier_price, x.to_next_tier, x.next_tier_price, x.cost, x.saving, x.currency]))
    .toEqual([['UTILITY', 1, 0, '0:2', 0.0015, 2, 0.0013, 0.0015, 0, 'USD']])
})
