// Support's list of the most-charged customers (GET /api/customer/top, sql/api/customer_top.sql)
// ranks from signed sums over the ledger rows as stored, then counts its candidates row by row:
// its rows must be exactly those of the rule row by row over every customer of the period (its
// second pass with every customer a candidate: the query it replaced). On data where the ledger
// row alone is not the answer: more customers than the 50 listed, in June and in July; a free
// tier of 1 that a later batch moves to another customer (free_tier rows retracted); utility
// volume tiers in India whose first band is free (the ledger row carries 0, the 3rd message on
// pays 0.0020) and in Germany whose 3rd band is cheaper, re-ranked by a later batch; a
// conversation a later batch opens earlier (its ledger row retracted, its first charge moved);
// charges in USD, EUR and BRL and with no price (GB has no rate-card row; India before its first
// price; an authentication conversation in Germany and in Brazil, which have none for it, beside
// their customers' priced ones); a customer on two WABAs.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { json, openApp, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'
import { tempDir } from './support/temp.ts'
import { rows } from '../core/db/sql.ts'
import type { CustomerTopRow } from '../api/routes/customer.ts'

const fixture = (f: string) => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url))
const query = readFileSync(new URL('../sql/api/customer_top.sql', import.meta.url), 'utf8')
const onlyCandidates = 'AND (wa_id IN (SELECT arrayJoin(candidates.1)) OR candidates.2)'
const reference = query.replace(onlyCandidates, '')
const card = [
  'market,category,price,currency,effective_from,tier_from',
  'IN,MARKETING,0.0107,USD,2024-06-01,1', 'IN,SERVICE,0.0040,USD,2024-06-01,1', 'IN,UTILITY,0.0014,USD,2024-06-01,1',
  'IN,UTILITY,0.0000,USD,2025-07-01,1', 'IN,UTILITY,0.0020,USD,2025-07-01,3',
  'DE,MARKETING,0.1200,EUR,2024-06-01,1', 'DE,SERVICE,0.0819,EUR,2024-06-01,1', 'BR,MARKETING,0.0625,BRL,2024-06-01,1',
  'DE,UTILITY,0.0550,EUR,2024-06-01,1', 'DE,UTILITY,0.0550,EUR,2025-07-01,1', 'DE,UTILITY,0.0001,EUR,2025-07-01,3',
].join('\n')

type K = { waba_id: string; phone_number_id: string; wa_id: string }
const a = (wa_id: string): K => ({ waba_id: 'waba-x-a', phone_number_id: 'pn-x-a', wa_id })
const b = (wa_id: string): K => ({ waba_id: 'waba-x-b', phone_number_id: 'pn-x-b', wa_id })
let n = 0
const out = (k: K, timestamp: string, template_category: string) =>
  ({ message_id: `x${n++}`, timestamp, ...k, direction: 'outbound', template_category })
const inb = (k: K, timestamp: string) => ({ message_id: `x${n++}`, timestamp, ...k, direction: 'inbound' })

const utility = a('919830000001'), early = a('919830000002'), service = a('919830000003'), takes = a('4915130000004')
const german = a('4915130000005'), moved = a('919830000006'), british = a('447930000007'), two = '919830000008'
const old = a('919830000009'), brazilian = a('5511930000010')
const mixedDe = a('4915130000011'), mixedBr = a('5511930000012')
// 60 customers of a marketing conversation in June and one or two marketing messages in July: the
// list's cut falls among them, in June and in July
const fillers = Array.from({ length: 60 }, (_, i) => a(`9198310000${String(i).padStart(2, '0')}`))
// 5 customers of one utility message in Germany in July, in its third band (0.0001): below the cut,
// as the ledger row's 0.0550 would not put them
const cheap = Array.from({ length: 5 }, (_, i) => a(`49151300001${String(i).padStart(2, '0')}`))

const first = [
  ...fillers.flatMap((k, i) => [out(k, `2025-06-0${1 + (i % 9)}T08:00:00Z`, 'MARKETING'), out(k, `2025-07-0${1 + (i % 9)}T08:00:00Z`, 'MARKETING'),
    ...(i % 7 === 0 ? [out(k, `2025-07-2${i % 9}T08:00:00Z`, 'MARKETING')] : [])]),
  // the 1st–5th utility messages of waba-x-a in India in July: the first two free, three at 0.0020
  ...[10, 11, 12, 13, 14].map((h) => out(utility, `2025-07-10T${h}:00:00Z`, 'UTILITY')),
  // June (conversation-based): four service conversations, the first the WABA's free one
  ...['10', '12', '14', '16'].map((d) => inb(service, `2025-06-${d}T09:00:00Z`)),
  // four utility messages in Germany: the 3rd and 4th in the cheaper band
  ...[10, 11, 12, 13].map((h) => out(german, `2025-07-15T${h}:00:00Z`, 'UTILITY')),
  ...cheap.map((k) => out(k, '2025-07-25T10:00:00Z', 'UTILITY')),
  out(german, '2025-06-20T10:00:00Z', 'MARKETING'), out(german, '2025-07-20T10:00:00Z', 'MARKETING'),
  out(brazilian, '2025-07-07T10:00:00Z', 'MARKETING'), out(brazilian, '2025-07-08T10:00:00Z', 'MARKETING'),
  out(moved, '2025-06-20T10:00:00Z', 'MARKETING'), out(moved, '2025-06-22T10:00:00Z', 'MARKETING'),
  // no price: GB has no rate-card row, India had none before 2024-06-01
  ...['05', '06', '07', '08'].map((d) => out(british, `2025-07-${d}T10:00:00Z`, 'MARKETING')),
  ...['20', '21', '22', '23'].map((d) => out(old, `2024-05-${d}T10:00:00Z`, 'MARKETING')),
  // a priced marketing conversation and an unpriced authentication one (June: conversation-based)
  ...[mixedDe, mixedBr].flatMap((k) => [out(k, '2025-06-11T10:00:00Z', 'MARKETING'), out(k, '2025-06-12T10:00:00Z', 'AUTHENTICATION')]),
  // one customer on both WABAs
  out(a(two), '2025-07-03T10:00:00Z', 'MARKETING'), out(b(two), '2025-07-04T10:00:00Z', 'MARKETING'),
  out(b(two), '2025-07-05T10:00:00Z', 'MARKETING'),
]
// a later batch: an earlier service conversation (in Germany: at 0.0819 it would rank first of the
// customers of one charge) takes the free tier from `service`; two earlier
// utility messages push `utility`'s into the paid band; an earlier template opens `moved`'s
// conversation of 2025-06-20 at 09:00 (its row at 10:00 retracted)
const second = [
  inb(takes, '2025-06-05T09:00:00Z'),
  out(early, '2025-07-02T10:00:00Z', 'UTILITY'), out(early, '2025-07-02T11:00:00Z', 'UTILITY'),
  out(moved, '2025-06-20T09:00:00Z', 'MARKETING'),
]

let t: TestApp
beforeAll(async () => {
  const dir = tempDir('wacost-top-exact-')
  writeFileSync(join(dir, 'rate-card.csv'), `${card}\n`)
  t = await openApp({ pricingModels: fixture('pricing-models-pmp-cbp.csv'), rateCard: join(dir, 'rate-card.csv'), freeTier: 1 })
}, 60_000)
afterAll(async () => { await t?.app.close() })

const periods = [
  { from: '2024-01-01', to: '2025-12-31' }, { from: '2025-06-01', to: '2025-06-30' }, { from: '2025-07-01', to: '2025-07-31' },
  { from: '2025-06-15', to: '2025-07-09' }, { from: '2024-05-01', to: '2024-05-31' },
]
const filters = [{ wabas: [], phones: [] }, { wabas: ['waba-x-b'], phones: [] }, { wabas: [], phones: ['pn-x-a'] }]

/** Each period and filter: the API's query and the rule row by row give the same rows, in order. */
async function same(): Promise<void> {
  for (const p of periods) {
    for (const f of filters) {
      const params = { ...p, ...f }
      const rs = await t.session.db.client.query({ query: reference, query_params: params, format: 'JSONEachRow' })
      const want = await rs.json<CustomerTopRow>()
      expect(await rows<CustomerTopRow>(t.session.db, 'api/customer_top', params), JSON.stringify(params)).toEqual(want)
    }
  }
}

it('lists exactly the rows of the rule row by row, with the free tier, volume tiers, several currencies and no price', async () => {
  expect(reference).not.toBe(query)
  expect((await ingest(t.session, first)).rejected).toBe(0)
  await same()
  const all = await json<CustomerTopRow[]>(t.app, '/api/customer/top?from=2024-01-01&to=2025-12-31')
  // the data is what the test says it is: the list is cut, and each case is in it
  expect(all).toHaveLength(50)
  const of = (wa_id: string, currency = 'USD') => all.find((r) => r.wa_id === wa_id && r.currency === currency)
  expect([of(utility.wa_id)?.charges, of(utility.wa_id)?.amount]).toEqual([3, '0.0060'])
  expect(of(service.wa_id)?.charges).toBe(3)
  expect([of(german.wa_id, 'EUR')?.charges, of(german.wa_id, 'EUR')?.amount]).toEqual([6, '0.3502'])
  expect([of(brazilian.wa_id, 'BRL')?.charges, of(brazilian.wa_id, 'BRL')?.amount]).toEqual([2, '0.1250'])
  // (a charge with no price has no currency of its own: the rows' is whatever the ledger row carries)
  const unpriced = (wa_id: string) => all.find((r) => r.wa_id === wa_id)?.unpriced
  expect([unpriced(british.wa_id), unpriced(old.wa_id)]).toEqual([4, 4])
  // a charge without a price counts in its customer's row of priced charges, in no currency of its
  // own: the ledger row's placeholder currency (the rate card's any()) made a row of its own (trial)
  expect(all.filter((r) => [mixedDe.wa_id, mixedBr.wa_id].includes(r.wa_id)).map((r) => [r.wa_id, r.currency, r.charges, r.unpriced, r.amount]))
    .toEqual([[mixedDe.wa_id, 'EUR', 2, 1, '0.1200'], [mixedBr.wa_id, 'BRL', 2, 1, '0.0625']])
  // with none priced: no currency, no amount (as /api/spend's currency, the summary's amount)
  expect(all.filter((r) => [british.wa_id, old.wa_id].includes(r.wa_id)).map((r) => [r.currency, r.amount])).toEqual([[null, null], [null, null]])
  expect(of(two)?.wabas).toBe(2)
})

it('stays exact after a later batch retracts free-tier, volume-tier and ledger rows', async () => {
  expect((await ingest(t.session, second)).rejected).toBe(0)
  await same()
  const all = await json<CustomerTopRow[]>(t.app, '/api/customer/top?from=2024-01-01&to=2025-12-31')
  const of = (wa_id: string) => all.find((r) => r.wa_id === wa_id && r.currency === 'USD')
  expect([of(utility.wa_id)?.charges, of(utility.wa_id)?.amount]).toEqual([5, '0.0100'])
  expect([of(service.wa_id)?.charges, all.find((r) => r.wa_id === takes.wa_id), of(early.wa_id)]).toEqual([4, undefined, undefined])
  expect(all).toHaveLength(50)
  expect([of(moved.wa_id)?.charges, of(moved.wa_id)?.first_at]).toEqual([2, '2025-06-20T09:00:00.000Z'])
})

// Pass 1 keeps the first 1,000 customers; where fewer than 50 of them are of one currency, more
// may follow and pass 2 reads every customer (the fallback). Here the first 1,000 are all mixed:
// 1,000 customers of one charge in USD (India) and one in EUR, each with 2 charges, which rank
// before the 30 customers of 2 charges in USD alone (the mixed first among equal charges); the
// list's first rows are those 30 (2 charges in one row), which only the fallback reads. No ingest
// makes a customer of two currencies (one currency per market): the EUR rows are written to the
// ledger beside the USD ones, as a copy of each with a German price. January 2026, outside the
// periods above.
it('reads every customer when the first 1,000 candidates hold fewer than 50 of one currency', async () => {
  const mixed = Array.from({ length: 1000 }, (_, i) => a(`91987${String(i).padStart(7, '0')}`))
  const single = Array.from({ length: 30 }, (_, i) => a(`91988${String(i).padStart(7, '0')}`))
  expect((await ingest(t.session, [
    ...mixed.map((k) => out(k, '2026-01-05T10:00:00Z', 'MARKETING')),
    ...single.flatMap((k) => [out(k, '2026-01-05T10:00:00Z', 'MARKETING'), out(k, '2026-01-07T10:00:00Z', 'MARKETING')]),
  ])).rejected).toBe(0)
  await t.session.db.client.command({
    query: `INSERT INTO conversations SELECT * REPLACE (concat(conversation_id, '-eur') AS conversation_id, 'DE' AS market,
              'EUR' AS currency, CAST('0.12' AS Decimal(18, 6)) AS price)
            FROM conversations WHERE wa_id LIKE '91987%' AND sign = 1`,
  })
  const params = { from: '2026-01-01', to: '2026-01-31', wabas: [], phones: [] }
  const ask = async (q: string) => (await t.session.db.client.query({ query: q, query_params: params, format: 'JSONEachRow' })).json<CustomerTopRow>()
  const list = await rows<CustomerTopRow>(t.session.db, 'api/customer_top', params)
  expect(list).toEqual(await ask(reference))
  expect(list).toHaveLength(50)
  expect(list.slice(0, 30).map((r) => [r.wa_id, r.currency, r.charges])).toEqual(single.map((k) => [k.wa_id, 'USD', 2]))
  // the 20 rows after them: mixed customers' EUR rows of 1 charge, at the higher price
  expect(list.slice(30).map((r) => [r.wa_id, r.currency, r.charges, r.amount])).toEqual(mixed.slice(0, 20).map((k) => [k.wa_id, 'EUR', 1, '0.1200']))
  // the data is what the test says it is: pass 2 of the candidates alone misses the 30
  const candidatesOnly = await ask(query.replace(onlyCandidates, 'AND wa_id IN (SELECT arrayJoin(candidates.1))'))
  expect(candidatesOnly.filter((r) => r.wa_id.startsWith('91988'))).toEqual([])
})
