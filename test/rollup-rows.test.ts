// The dashboard's rollups (SummingMergeTree tables fed by materialized views) receive each insert
// summed by their key. Inserts are not merged as they are written (core/db/client.ts,
// optimize_on_insert = 0: a CollapsingMergeTree insert spent 2/3 of its time merging its own
// block), so the views group each block themselves (migrations 678–684): without that, a rebuild
// of 13.6M messages left spend_daily with 2.1M rows for 14k until background merges caught up,
// and every panel read them all. The sums are the same either way; these tests check the rows.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ingest, openEngine, rebuild, type Session } from './support/engine.ts'
import { inbound, keyOf, reply, template } from './support/log.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

async function one<T>(query: string): Promise<T> {
  return (await (await s.db.client.query({ query, query_params: { pn: 'pn-roll' }, format: 'JSONEachRow' })).json<T>())[0]!
}

/** Physical rows of `table` for the test's phone number, and its distinct keys (what a merge leaves). */
async function rowsAndKeys(table: string, key: string): Promise<{ rows: number; keys: number }> {
  const r = await one<{ rows: string; keys: string }>(
    `SELECT count() AS rows, uniqExact(${key}) AS keys FROM ${table} WHERE phone_number_id = {pn:String}`)
  return { rows: Number(r.rows), keys: Number(r.keys) }
}

// 40 customers of one phone number on one day: a marketing template each, half of them writing
// first through an ad (an entry message the business answers), so every rollup gets rows
const lines = Array.from({ length: 40 }, (_, i) => {
  const k = keyOf('roll', `1415555${String(1000 + i)}`)
  return i % 2 === 0
    ? [template(k, `roll.m${i}`, 1, 'MARKETING')]
    : [inbound(k, `roll.in${i}`, 2, { entry_point: 'ctwa', ad_id: 'ad-1' }), reply(k, `roll.r${i}`, 3), template(k, `roll.t${i}`, 4, 'UTILITY')]
}).flat()

it('a batch writes each rollup one row per key, as a merge would leave it', async () => {
  await ingest(s, lines)
  const spend = await rowsAndKeys('spend_daily', '(local_date, market, category, pricing_type, currency, unit, tier)')
  const verdicts = await rowsAndKeys('verdict_daily', '(local_date, verdict, template_category)')
  const entries = await rowsAndKeys('entry_daily', '(local_date, entry_point, ad_id, outcome)')
  const feps = await rowsAndKeys('fep_daily', '(local_date, ad_id)')
  for (const r of [spend, verdicts, entries, feps]) expect(r.keys).toBeGreaterThan(0)
  expect([spend, verdicts, entries, feps].map((r) => r.rows)).toEqual([spend, verdicts, entries, feps].map((r) => r.keys))
  // and the sums are those of one row per message or conversation
  const v = await one<{ n: string }>('SELECT sum(messages) AS n FROM verdict_daily WHERE phone_number_id = {pn:String}')
  expect(Number(v.n)).toBe(lines.length)
})

it('a rebuild writes them so too, with the same sums', async () => {
  const sums = () => one<{ c: string; n: string }>(
    'SELECT toString(sum(cost)) AS c, toString(sum(conversations)) AS n FROM spend_daily WHERE phone_number_id = {pn:String}')
  const before = await sums()
  await rebuild(s)
  expect(await sums()).toEqual(before)
  const spend = await rowsAndKeys('spend_daily', '(local_date, market, category, pricing_type, currency, unit, tier)')
  const verdicts = await rowsAndKeys('verdict_daily', '(local_date, verdict, template_category)')
  expect([spend.rows, verdicts.rows]).toEqual([spend.keys, verdicts.keys])
})
