// What derive/50_volume_tiers reads when it re-ranks a month: only that month's granules of
// tiered_charges and volume_tiers (migrations 780, 781). The primary index (waba_id, market,
// category, month, …) alone keeps a granule whose keys run from one category to another, since
// the re-ranked count's key lies between them whatever its month: with 10M messages stored, a
// 10k-message batch of a new month read 420k + 388k rows of the month before (bench, 2026-12-05).
// Here one part of October charges in two categories (AUTHENTICATION … UTILITY) and a November
// count of AUTHENTICATION to re-rank: the October part must not be read.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sqlText } from '../core/db/sql.ts'
import { ingest, openEngine, type Session } from './support/engine.ts'
import { planReads } from './support/plan-reads.ts'

const k = { waba_id: 'waba-tier-reads', phone_number_id: 'pn-tr', wa_id: '919812340077' }
const template = (id: string, ts: string, category: string) =>
  ({ message_id: id, timestamp: ts, ...k, direction: 'outbound', template_category: category })

let s: Session
beforeAll(async () => {
  s = await openEngine({ pricingModels: fileURLToPath(new URL('../config/defaults/pricing-models.csv', import.meta.url)) })
  // one part per month: the October part must stay apart for its granule to be skippable at all
  await s.db.client.command({ query: 'SYSTEM STOP MERGES tiered_charges' })
  await s.db.client.command({ query: 'SYSTEM STOP MERGES volume_tiers' })
  await ingest(s, [template('o1', '2026-10-05T10:00:00Z', 'AUTHENTICATION'), template('o2', '2026-10-06T10:00:00Z', 'UTILITY')])
  await ingest(s, [template('n1', '2026-11-05T10:00:00Z', 'AUTHENTICATION')])
}, 60_000)
afterAll(async () => { await s?.close() })

it('re-ranks a month without reading the granules of earlier months', async () => {
  // the mark the November batch left (cleared once its re-rank ended), set again to plan it
  await s.db.client.command({
    query: `INSERT INTO tier_dirty (waba_id, market, category, month, opened_at, opening_message_id)
            SELECT waba_id, market, category, month, opened_at, opening_message_id FROM tiered_charges
            WHERE waba_id = {w:String} AND month = '2026-11-01'`,
    query_params: { w: k.waba_id },
  })
  const select = sqlText('derive/50_volume_tiers').replace(/^INSERT INTO[\s\S]*?\)\n(?=WITH)/m, '')
  const found = await planReads(s.db, select, /^(tiered_charges|volume_tiers)$/)
  // both tables are read (charges from the bound on and before it; live tier rows), each time
  // from the two parts at most the November one's granule
  expect(new Set(found.map((r) => r.table))).toEqual(new Set(['tiered_charges', 'volume_tiers']))
  for (const r of found) {
    expect(r.initial, r.table).toBe(2)
    expect(r.selected, r.table).toBeLessThanOrEqual(1)
  }
})
