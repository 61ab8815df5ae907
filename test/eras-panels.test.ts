// The dashboard's panels across pricing eras on a small log with known numbers (shipped timeline,
// free tier 2, test/fixtures/rate-card-eras.csv): the timeline marks, the per-message free
// allowance per phone number beside the CBP per-WABA gauge, and volume-tier progress.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { adminKey, get, json, openApp, type TestApp } from './support/api.ts'
import { ingest, rebuild } from './support/engine.ts'
import { rows } from '../core/db/sql.ts'
import type { FreeTierRow } from '../api/routes/dashboard.ts'
import type { FreeAllowanceRow, PricingModelRow, VolumeTierRow } from '../api/routes/eras.ts'

const fixture = (f: string) => fileURLToPath(new URL(f, import.meta.url))
const W = 'waba-era-utc'
const k1 = { waba_id: W, phone_number_id: 'pn-a', wa_id: '919812340001' }
const k2 = { waba_id: W, phone_number_id: 'pn-b', wa_id: '919812340002' }
const msg = (k: typeof k1, id: string, ts: string, extra: Record<string, unknown> = {}) =>
  ({ message_id: id, timestamp: ts, ...k, direction: 'outbound', ...extra })
const inbound = { direction: 'inbound' }
const utility = { template_category: 'UTILITY' }
const auth = { template_category: 'AUTHENTICATION' }
let t: TestApp
const otherKey = 'test-other-waba-key-0123456789'

beforeAll(async () => {
  t = await openApp({
    pricingModels: fixture('../config/defaults/pricing-models.csv'), rateCard: fixture('./fixtures/rate-card-eras.csv'),
    wabas: fixture('./fixtures/wabas-eras.csv'), freeTier: 2,
  }, `${adminKey}=*,${otherKey}=waba-era-kol`)
  await ingest(t.session, [
    // September 2024, CBP with a free tier: one service conversation (free tier)
    msg(k1, 'c0', '2024-09-10T10:00:00Z', inbound), msg(k1, 'c1', '2024-09-10T10:05:00Z'),
    // July 2025, PMP: two authentication templates outside the window (band 0:2 of 1 / 3)
    msg(k1, 'a1', '2025-07-10T10:00:00Z', auth), msg(k1, 'a2', '2025-07-10T11:00:00Z', auth),
    // October 2026, PMP with charged service: three service messages (2 free), three utility
    msg(k1, 'o0', '2026-10-05T10:00:00Z', inbound),
    msg(k1, 'o1', '2026-10-05T11:00:00Z'), msg(k1, 'o2', '2026-10-05T12:00:00Z'), msg(k1, 'o3', '2026-10-05T13:00:00Z'),
    msg(k1, 'u1', '2026-10-05T14:00:00Z', utility), msg(k1, 'u2', '2026-10-05T15:00:00Z', utility),
    msg(k1, 'u3', '2026-10-06T09:00:00Z', utility),
    msg(k2, 'p0', '2026-10-07T10:00:00Z', inbound), msg(k2, 'p1', '2026-10-07T10:01:00Z'),
  ])
}, 60_000)
afterAll(async () => { await t?.app.close() })

it('the timeline rows of the period, the changes inside it marked and named', async () => {
  const r = await json<PricingModelRow[]>(t.app, '/api/pricing-models?from=2025-06-01&to=2025-08-31')
  expect(r.map((x) => [x.effective_from, x.model, x.starts_in_range, x.label])).toEqual([
    ['2024-11-01T00:00:00.000Z', 'CBP', 0, 'Service free'],
    ['2025-07-01T00:00:00.000Z', 'PMP', 1, 'Per-message pricing; service free; utility in the customer service window free'],
  ])
  const all = await json<PricingModelRow[]>(t.app, '/api/pricing-models?from=2024-01-01&to=2026-12-31')
  expect(all.map((x) => x.label)).toEqual([
    'Conversation-based pricing; service: 2 free conversations per WABA a month', 'Service free',
    'Per-message pricing; service free; utility in the customer service window free',
    'Service: 2 free messages per phone number a month; utility in the customer service window charged',
  ])
  expect(all.map((x) => x.free_tier)).toEqual([2, null, null, 2])
})

it('the free allowance per phone number in October 2026; the CBP gauge counts conversations only', async () => {
  const r = await json<FreeAllowanceRow[]>(t.app, `/api/free-allowance?waba=${W}&from=2026-10-01&to=2026-10-31`)
  expect(r.map((x) => [x.phone_number_id, x.month, x.allowance, x.used, x.remaining, x.paid_messages, x.paid_cost, x.ran_out_on])).toEqual([
    ['pn-a', '2026-10-01T00:00:00.000Z', 2, 2, 0, 1, 0.0042, '2026-10-05T00:00:00.000Z'],
    ['pn-b', '2026-10-01T00:00:00.000Z', 2, 1, 1, 0, 0, null],
  ])
  // exactly the declared columns (an internal list of timeline rows once leaked into the answer)
  expect(Object.keys(r[0]!).sort()).toEqual(['allowance', 'currency', 'label', 'month', 'paid_cost', 'paid_messages', 'paid_unpriced', 'phone_number_id', 'ran_out_on', 'remaining', 'used', 'waba_id', 'waba_name'])
  // no allowance per phone number under the 2025 rows (service free)
  expect(await json<FreeAllowanceRow[]>(t.app, `/api/free-allowance?waba=${W}&from=2025-07-01&to=2025-07-31`)).toEqual([])
  // the CBP gauge: September 2024's service conversation, and the month of the period's end,
  // which has no conversation free tier (per-message pricing with an allowance per phone number)
  const cbp = await json<FreeTierRow[]>(t.app, `/api/free-tier?waba=${W}&from=2024-09-01&to=2026-10-31`)
  expect(cbp.map((x) => [x.month, x.tier, x.used, x.service_conversations, x.pricing_model, x.service])).toEqual([
    ['2024-09-01T00:00:00.000Z', 2, 1, 1, 'CBP', 'free_tier'],
    ['2026-10-01T00:00:00.000Z', null, 0, 0, 'PMP', 'free_tier'],
  ])
})

it('the free tier of the month of the period\'s end: 0 used when it had no service conversation, what applies, or not covered', async () => {
  const end = async (q: string) => (await json<FreeTierRow[]>(t.app, `/api/free-tier?waba=${W}${q}`)).at(-1)!
  const d = (v: number, n = 10) => String(v).slice(0, n)
  const brief = (r: FreeTierRow) => [d(r.month, 7), r.tier, r.used, r.remaining, r.service_conversations, r.covered, r.pricing_model, r.service, d(r.model_from), d(r.as_of)]
  // October 2024 (CBP, free tier 2) had no service conversation: it showed September's gauge
  expect(brief(await end('&from=2024-09-01&to=2024-10-20'))).toEqual(['2024-10', 2, 0, 2, 0, 1, 'CBP', 'free_tier', '2022-02-01', '2024-10-20'])
  // November 2024: service conversations free; July 2025: per-message pricing, service free
  expect(brief(await end('&from=2024-11-01&to=2024-11-30'))).toEqual(['2024-11', null, 0, null, 0, 1, 'CBP', 'free', '2024-11-01', '2024-11-30'])
  expect(brief(await end('&from=2025-07-01&to=2025-07-31'))).toEqual(['2025-07', null, 0, null, 0, 1, 'PMP', 'free', '2025-07-01', '2025-07-31'])
  // months the WABA's data (2024-09-10 … 2026-10-07) does not reach: said, never a silent 0
  for (const q of ['&from=2024-08-01&to=2024-08-31', '&from=2027-01-01&to=2027-01-31']) {
    const r = await end(q)
    expect([d(r.month, 7), r.covered, d(r.data_from), d(r.data_to)]).toEqual([q.slice(6, 13), 0, '2024-09-10', '2026-10-07'])
    // nothing counted there: null, not 0 (the figures read "used 0, projected overage 0": break-it trial)
    expect([r.used, r.remaining, r.service_conversations, r.paid_conversations, r.paid_cost, r.paid_unpriced, r.projected_service, r.projected_overage, r.projected_overage_cost])
      .toEqual(Array(9).fill(null))
  }
  // an open end: the last day with data
  expect(brief(await end(''))).toEqual(['2026-10', null, 0, null, 0, 1, 'PMP', 'free_tier', '2026-10-01', '2026-10-07'])
})

it('volume-tier progress: paid messages, band, messages to the next band, saving', async () => {
  const r = await json<VolumeTierRow[]>(t.app, `/api/volume-tiers?waba=${W}&from=2025-07-01&to=2026-10-31`)
  const brief = r.map((x) => [String(x.month).slice(0, 7), x.market, x.category, x.paid, x.tier, x.tier_price, x.next_tier_from, x.to_next_tier, x.next_tier_price, x.cost, x.saving])
  expect(brief).toEqual([
    ['2025-07', 'IN', 'AUTHENTICATION', 2, '0:2', 0.0014, 3, 1, 0.0011, 0.0028, 0],
    ['2026-10', 'IN', 'UTILITY', 3, '2:MAX', 0.0013, null, null, null, 0.0043, 0.0002],
  ])
  // counted to the period's end: on 5 October the third utility message is still to come
  const early = await json<VolumeTierRow[]>(t.app, `/api/volume-tiers?waba=${W}&from=2026-10-01&to=2026-10-05&category=UTILITY`)
  expect(early.map((x) => [x.paid, x.tier, x.to_next_tier, x.next_tier_price, x.saving])).toEqual([[2, '0:2', 1, 0.0013, 0]])
})

it('a period before the first timeline row: that row applies, and no change is marked', async () => {
  const r = await json<PricingModelRow[]>(t.app, '/api/pricing-models?from=2020-01-01&to=2020-12-31')
  expect(r.map((x) => [x.effective_from, x.starts_in_range])).toEqual([['2022-02-01T00:00:00.000Z', 0]])
})

it('spend split by unit and by volume tier', async () => {
  const q = `waba=${W}&from=2026-10-01&to=2026-10-31&granularity=total`
  const unit = await json<{ key: string; conversations: number; cost: number }[]>(t.app, `/api/spend?${q}&split=unit`)
  expect(unit.map((r) => [r.key, r.conversations, r.cost])).toEqual([['message', 7, 0.0085]])
  const tier = await json<{ key: string; label: string; conversations: number; cost: number }[]>(t.app, `/api/spend?${q}&split=tier&category=UTILITY`)
  expect(tier.map((r) => [r.key, r.label, r.conversations, r.cost])).toEqual([['0:2', '0:2', 2, 0.003], ['2:MAX', '2:MAX', 1, 0.0013]])
})

it('a key limited to another WABA sees none of this WABA\'s allowance or tiers, and cannot ask for it', async () => {
  for (const route of ['free-allowance', 'volume-tiers']) {
    expect(await json<unknown[]>(t.app, `/api/${route}?from=2025-07-01&to=2026-10-31`, otherKey)).toEqual([])
    expect((await get(t.app, `/api/${route}?waba=${W}`, otherKey)).statusCode).toBe(404)
  }
})

// The progress reads live rows by FINAL (sql/api/volume_tiers.sql), which keeps a row exactly when
// its signs sum to 1 because every derive writes differences: a message landing mid-month re-ranks
// the charges after it (their old rows retracted, new ones written) and the progress must be as a
// rebuild (no retraction at all) and a merge of the tables give it.
it('volume-tier progress after a late message re-ranks the month: as a rebuild and a merge give it', async () => {
  await ingest(t.session, [msg(k1, 'u0', '2026-10-05T13:30:00Z', utility)])
  // the query itself (the API's results are cached by data version, which a merge does not move)
  const progress = () => rows<VolumeTierRow>(t.session.db, 'api/volume_tiers',
    { wabas: [W], markets: [], categories: [], from: '2025-07-01', to: '2026-10-31' })
  const late = await progress()
  expect(late.map((x) => [String(x.month).slice(0, 7), x.category, x.paid, x.tier, x.to_next_tier, x.cost])).toEqual([
    ['2025-07', 'AUTHENTICATION', 2, '0:2', 1, 0.0028],
    ['2026-10', 'UTILITY', 4, '2:MAX', null, 0.0056],
  ])
  expect(await json<VolumeTierRow[]>(t.app, `/api/volume-tiers?waba=${W}&from=2025-07-01&to=2026-10-31`)).toMatchObject(late.map((x) => ({ paid: x.paid, tier: x.tier })))
  for (const table of ['tiered_charges', 'volume_tiers']) await t.session.db.client.command({ query: `OPTIMIZE TABLE ${table} FINAL` })
  expect(await progress()).toEqual(late)
  await rebuild(t.session)
  expect(await progress()).toEqual(late)
})
