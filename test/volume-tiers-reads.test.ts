// What derive/50_volume_tiers reads when it re-ranks a month: only that month's granules of
// tiered_charges and volume_tiers (migrations 780, 781). The primary index (waba_id, market,
// category, month, …) alone keeps a granule whose keys run from one category to another, since
// the re-ranked count's key lies between them whatever its month: with 10M messages stored, a
// 10k-message batch of a new month read 420k + 388k rows of the month before (bench, 2026-12-05).
// Here one part of October charges in two categories (AUTHENTICATION … UTILITY) and a November
// count of AUTHENTICATION to re-rank: the October part must not be read.
// Within a month, the charges before the hour of the earliest change are summed from tier_hours
// (migrations 859–861), not read from tiered_charges: counting them there read the month so far
// (~0.2–0.3 s of CPU of a 10k-message batch at the end of a month with 10M stored).
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sqlText } from '../core/db/sql.ts'
import { ingest, openEngine, rebuild, type Session } from './support/engine.ts'
import { planReads } from './support/plan-reads.ts'

const k = { waba_id: 'waba-tier-reads', phone_number_id: 'pn-tr', wa_id: '919812340077' }
const template = (id: string, ts: string, category: string, key = k) =>
  ({ message_id: id, timestamp: ts, ...key, direction: 'outbound', template_category: category })

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

/** Marks a WABA's November charges (one of them: `id`) in tier_dirty, as a derive does, and plans the re-rank's reads. */
async function markAndPlan(waba: string, tables: RegExp, id = '') {
  await s.db.client.command({
    query: `INSERT INTO tier_dirty (waba_id, market, category, month, opened_at, opening_message_id)
            SELECT waba_id, market, category, month, opened_at, opening_message_id FROM tiered_charges
            WHERE waba_id = {w:String} AND month = '2026-11-01' AND ({id:String} = '' OR opening_message_id = {id:String})`,
    query_params: { w: waba, id },
  })
  const select = sqlText('derive/50_volume_tiers').replace(/^INSERT INTO[\s\S]*?\)\n(?=WITH)/m, '')
  return planReads(s.db, select, tables)
}

it('re-ranks a month without reading the granules of earlier months', async () => {
  // the mark the November batch left (cleared once its re-rank ended), set again to plan it
  const found = await markAndPlan(k.waba_id, /^(tiered_charges|volume_tiers)$/)
  // both tables are read (charges from the hour of the earliest change on; live tier rows), each time
  // from the two parts at most the November one's granule
  expect(new Set(found.map((r) => r.table))).toEqual(new Set(['tiered_charges', 'volume_tiers']))
  for (const r of found) {
    expect(r.initial, r.table).toBe(2)
    expect(r.selected, r.table).toBeLessThanOrEqual(1)
  }
})

it('counts the charges before the earliest change of a month from tier_hours, not row by row', async () => {
  const k2 = { ...k, waba_id: 'waba-tier-hours' }
  await ingest(s, [template('h1', '2026-11-05T10:00:00Z', 'AUTHENTICATION', k2)])
  await ingest(s, [template('h2', '2026-11-20T10:00:00Z', 'AUTHENTICATION', k2)])
  const q = async <T>(query: string) => (await s.db.client.query({ query, query_params: { w: k2.waba_id }, format: 'JSONEachRow' })).json<T>()
  // the second charge is the count's second: its rank came from the hour sum of the first
  expect(await q(`SELECT opening_message_id, n FROM volume_tiers WHERE waba_id = {w:String} ORDER BY n`))
    .toEqual([{ opening_message_id: 'h1', n: 1 }, { opening_message_id: 'h2', n: 2 }])
  // one read of tiered_charges, from the hour of the change on: only the part of h2
  const charges = await markAndPlan(k2.waba_id, /^tiered_charges$/, 'h2')
  expect(charges.length).toBe(1)
  expect(charges[0]!.selected).toBe(1)
  await s.db.client.command({ query: 'TRUNCATE TABLE tier_dirty' })
  // a rebuild empties the rollup with the charges and fills it again: the same sums
  await rebuild(s)
  const hours = await q(`SELECT waba_id, market, category, toString(month) AS m, toString(hour) AS h, toString(sum(n)) AS total
    FROM tier_hours GROUP BY ALL HAVING sum(n) != 0 ORDER BY ALL`)
  expect(hours.length).toBe(5)
  expect(hours).toEqual(await q(`SELECT waba_id, market, category, toString(month) AS m, toString(toStartOfHour(opened_at)) AS h,
    toString(sum(sign)) AS total FROM tiered_charges GROUP BY ALL HAVING sum(sign) != 0 ORDER BY ALL`))
})

it('ranks again the charges of the bound hour before a count\'s own earliest change, and writes nothing for them', async () => {
  // Count B's mark (10:05) sets the hour bound (10:00) for count A too, whose earliest change is
  // 10:40: A's 10:20 charge is ranked again with it and must cancel against its live row.
  const a = { ...k, waba_id: 'waba-tier-bound-a' }
  const b = { ...k, waba_id: 'waba-tier-bound-b' }
  await ingest(s, [template('a1', '2026-11-07T10:20:00Z', 'AUTHENTICATION', a)])
  await ingest(s, [template('a2', '2026-11-07T10:40:00Z', 'AUTHENTICATION', a), template('b1', '2026-11-07T10:05:00Z', 'AUTHENTICATION', b)])
  const found = await (await s.db.client.query({
    query: `SELECT waba_id, opening_message_id AS id, n, sign FROM volume_tiers WHERE waba_id LIKE 'waba-tier-bound-%' ORDER BY ALL`,
    format: 'JSONEachRow',
  })).json()
  // one row each (merges are stopped: a charge written again would show as more rows)
  expect(found).toEqual([
    { waba_id: a.waba_id, id: 'a1', n: 1, sign: 1 },
    { waba_id: a.waba_id, id: 'a2', n: 2, sign: 1 },
    { waba_id: b.waba_id, id: 'b1', n: 1, sign: 1 },
  ])
})
