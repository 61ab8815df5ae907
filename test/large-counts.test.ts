// Counts summed over many rollup rows (a large provider over years) come out exact past
// 2,147,483,647 (2^31 - 1) on the API's routes: they were cast to Int32 and wrapped silently
// (4,000,000,000 conversations answered as -294,967,296). Each route's own SQL file runs on
// rollup rows whose counts are large; the counts come back as plain numbers (Float64 in Arrow,
// never a BigInt: test/arrow-integers.test.ts), exact to 2^53.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { tableFromIPC } from 'apache-arrow'
import { rows } from '../core/db/sql.ts'
import { get, json, openApp, type TestApp } from './support/api.ts'
import type { CtwaAdRow, CtwaDailyRow, GuardrailRow, HeadlineRow, SpendRow } from '../api/routes/dashboard.ts'

let t: TestApp
const big = 2_000_000_000
const day = '2025-03-03'
const period = `from=${day}&to=${day}`

beforeAll(async () => {
  t = await openApp()
  const db = t.session.db.client
  // two rows of 2e9 each, on two phone numbers of one WABA: sums 4e9 (past 2^31 and 2^32)
  for (const phone of ['p1', 'p2']) {
    await db.insert({ table: 'spend_daily', format: 'JSONEachRow', values: [{ waba_id: 'w1', local_date: day, phone_number_id: phone, market: 'BR', category: 'MARKETING', pricing_type: 'REGULAR', currency: 'USD', conversations: big, cost: '1.000000', unit: 'conversation', tier: '' }] })
    await db.insert({ table: 'verdict_daily', format: 'JSONEachRow', values: [
      { waba_id: 'w1', local_date: day, phone_number_id: 'p1', verdict: 'NOT_DELIVERED', template_category: '', messages: big },
      { waba_id: 'w1', local_date: day, phone_number_id: 'p1', verdict: 'REUSED', template_category: 'MARKETING', messages: big }] })
    await db.insert({ table: 'entry_daily', format: 'JSONEachRow', values: [{ waba_id: 'w1', local_date: day, phone_number_id: phone, entry_point: 'ctwa', ad_id: 'ad1', outcome: 'FEP_STARTED', messages: big }] })
    await db.insert({ table: 'fep_daily', format: 'JSONEachRow', values: [{ waba_id: 'w1', local_date: day, phone_number_id: phone, ad_id: 'ad1', conversations: big }] })
  }
})
afterAll(async () => { await t?.app.close() })

it('headline, spend, click-to-WhatsApp and guardrail counts past 2^31 are exact', async () => {
  const headline = await json<HeadlineRow[]>(t.app, `/api/headline?${period}`)
  expect(headline.filter((r) => r.section !== 'messages').map((r) => [r.section, r.key, r.count])).toEqual(
    expect.arrayContaining([['total', '', 4e9], ['category', 'MARKETING', 4e9]]))
  expect(headline.filter((r) => r.section === 'messages').map((r) => [r.key, r.count])).toEqual([['NOT_DELIVERED', 4e9], ['REUSED', 4e9]])
  const spend = await json<SpendRow[]>(t.app, `/api/spend?${period}&granularity=total`)
  expect(spend.map((r) => [r.key, r.conversations, r.cost])).toEqual([['MARKETING', 4e9, 2]])
  const ads = await json<CtwaAdRow[]>(t.app, `/api/ctwa/ads?${period}`)
  expect(ads.map((r) => [r.ad_id, r.entries, r.fep_started, r.fep_conversations, r.conversion])).toEqual([['ad1', 4e9, 4e9, 4e9, 1]])
  const daily = await json<CtwaDailyRow[]>(t.app, `/api/ctwa/daily?${period}`)
  expect(daily.map((r) => [r.series, r.count])).toEqual([['FEP_CONVERSATIONS', 4e9], ['FEP_STARTED', 4e9]])
  const guardrail = await json<GuardrailRow[]>(t.app, `/api/guardrail?${period}`)
  expect(guardrail.map((r) => [r.phone_number_id, r.verdict, r.messages])).toEqual([['p1', 'NOT_DELIVERED', 4e9]])
})

it('Arrow gives them as plain numbers, CSV writes every digit', async () => {
  const arrow = tableFromIPC((await get(t.app, `/api/spend?${period}&granularity=total`)).rawPayload)
  expect(arrow.schema.fields.filter((f) => ['conversations', 'unpriced'].includes(f.name)).map((f) => String(f.type))).toEqual(['Float64', 'Float64'])
  expect(arrow.get(0)?.toJSON().conversations).toBe(4e9)
  const csv = (await get(t.app, `/api/ctwa/daily?${period}&format=csv`)).body
  expect(csv).toContain('"FEP_STARTED",4000000000\r\n')
})

it('a count past 2^53, which a number cannot hold exactly, fails the request instead of rounding', async () => {
  const later = '2025-03-04'
  await t.session.db.client.insert({ table: 'fep_daily', format: 'JSONEachRow', values: [
    { waba_id: 'w1', local_date: later, phone_number_id: 'p1', ad_id: 'ad2', conversations: 2 ** 53 },
    { waba_id: 'w1', local_date: later, phone_number_id: 'p2', ad_id: 'ad2', conversations: 1 }] })
  const res = await get(t.app, `/api/ctwa/daily?from=${later}&to=${later}&format=json`)
  expect(res.statusCode).toBe(500)
  expect(res.json<{ error: { code: string } }>().error.code).toBe('INTERNAL')
  // the engine's reason, in the server log
  const params = { wabas: [], phones: [], from: later, to: later }
  await expect(rows(t.session.db, 'api/ctwa_daily', params)).rejects.toThrow(/a count is beyond 2\^53/)
})
