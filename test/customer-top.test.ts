// Support's list of the customers with the most charges (GET /api/customer/top): support had to
// know a number or a message id before the investigation page could help (fresh-user trial).
// Real ingest and API on the reference of test/customer-reasons.test.ts (conversation-based
// pricing until June 2025, per-message from July 2025 with utility volume tiers in India), a free
// tier of 1 service conversation, two WABAs and a key of one of them. Each customer's count and
// amount is the one their own answer (GET /api/customer/summary) gives for the same period.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { get, json, openApp, adminKey, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'
import type { CustomerSummaryRow, CustomerTopRow } from '../api/routes/customer.ts'

const fixture = (f: string) => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url))
const a = (wa_id: string) => ({ waba_id: 'waba-top-a', phone_number_id: 'pn-top-a', wa_id })
const many = a('919800000001'), free = a('919800000002'), two = a('919800000003'), old = a('919800000005')
const other = { waba_id: 'waba-top-b', phone_number_id: 'pn-top-b', wa_id: '919800000004' }
const otherKey = 'test-support-top-b-0123'
type K = typeof many
const out = (k: K, id: string, timestamp: string, template_category?: string) =>
  ({ message_id: id, timestamp, ...k, direction: 'outbound', ...(template_category && { template_category }) })
const inb = (k: K, id: string, timestamp: string, extra: Record<string, unknown> = {}) => ({ message_id: id, timestamp, ...k, direction: 'inbound', ...extra })
let t: TestApp

beforeAll(async () => {
  t = await openApp({ pricingModels: fixture('pricing-models-pmp-cbp.csv'), rateCard: fixture('rate-card-pmp.csv'), freeTier: 1 },
    `${adminKey}=*,${otherKey}=waba-top-b`)
  const summary = await ingest(t.session, [
    // conversation-based: marketing, reused 6 h later, a new window 25 h after the first, a utility one
    out(many, 'm1', '2025-06-02T00:00:00Z', 'MARKETING'), out(many, 'm2', '2025-06-02T06:00:00Z', 'MARKETING'),
    out(many, 'm3', '2025-06-03T01:00:00Z', 'MARKETING'), out(many, 'm4', '2025-06-03T02:00:00Z', 'UTILITY'),
    // per-message: two marketing messages, three utility ones (the third in the 0.0012 band)
    out(many, 'm5', '2025-07-02T10:00:00Z', 'MARKETING'), out(many, 'm6', '2025-07-02T11:00:00Z', 'MARKETING'),
    out(many, 'm7', '2025-07-03T10:00:00Z', 'UTILITY'), out(many, 'm8', '2025-07-03T11:00:00Z', 'UTILITY'),
    out(many, 'm9', '2025-07-03T12:00:00Z', 'UTILITY'),
    // nothing charged: the month's free service conversation, a free entry point
    inb(free, 'f1', '2025-06-02T10:00:00Z'), inb(free, 'f2', '2025-06-10T10:00:00Z', { entry_point: 'ctwa', ad_id: 'ad-1' }),
    out(free, 'f3', '2025-06-10T10:05:00Z'),
    // a paid service conversation (the free tier used) and a template inside it
    inb(two, 't1', '2025-06-05T00:00:00Z'), out(two, 't2', '2025-06-05T01:00:00Z', 'MARKETING'),
    out(other, 'o1', '2025-06-02T00:00:00Z', 'MARKETING'),
    // before India's first marketing price (2024-06-01): charged, no price
    out(old, 'x1', '2024-05-20T00:00:00Z', 'MARKETING'),
  ])
  expect(summary.rejected).toBe(0)
}, 60_000)
afterAll(async () => { await t?.app.close() })

const top = (q = '', key = adminKey) => json<CustomerTopRow[]>(t.app, `/api/customer/top${q ? `?${q}` : ''}`, key)
const brief = (rows: CustomerTopRow[]) => rows.map((r) => [r.wa_id, r.charges, r.conversations, r.messages, r.amount, r.unpriced])

it('lists the customers with the most charges first, conversations and messages, each as their own answer counts them', async () => {
  const rows = await top()
  expect(brief(rows)).toEqual([
    [many.wa_id, 8, 3, 5, '0.0504', 0],
    [two.wa_id, 2, 2, 0, '0.0147', 0],
    [other.wa_id, 1, 1, 0, '0.0107', 0],
    // none priced: no amount and no currency ("0.0000" in the placeholder currency, as if priced)
    [old.wa_id, 1, 1, 0, null, 1],
  ])
  expect(rows.map((r) => r.currency)).toEqual(['USD', 'USD', 'USD', null])
  // (JSON writes instants as ISO text; Arrow, which the page reads, as milliseconds)
  expect(rows[0]).toMatchObject({ country: 'IN', currency: 'USD', wabas: 1, phone_numbers: 1, waba_name: 'waba-top-a',
    first_at: '2025-06-02T00:00:00.000Z', last_at: '2025-07-03T12:00:00.000Z' })
  for (const r of rows.filter((r) => r.unpriced === 0)) {
    const [s] = await json<CustomerSummaryRow[]>(t.app, `/api/customer/summary?customer=%2B${r.wa_id}`)
    expect([r.wa_id, r.charges, r.amount]).toEqual([r.wa_id, s!.charges, s!.amount])
  }
})

it('counts the period\'s charges only (local days), and the phone numbers asked', async () => {
  const rows = await top('from=2025-06-03&to=2025-07-02')
  expect(brief(rows)).toEqual([[many.wa_id, 4, 2, 2, '0.0357', 0], [two.wa_id, 2, 2, 0, '0.0147', 0]])
  const [s] = await json<CustomerSummaryRow[]>(t.app, `/api/customer/summary?customer=%2B${many.wa_id}&from=2025-06-03&to=2025-07-02`)
  expect([s!.charges, s!.amount]).toEqual([4, '0.0357'])
  expect(brief(await top('phone=pn-top-b'))).toEqual([[other.wa_id, 1, 1, 0, '0.0107', 0]])
})

it('keeps to the WABAs of the key, and of the waba asked', async () => {
  expect(brief(await top('', otherKey))).toEqual([[other.wa_id, 1, 1, 0, '0.0107', 0]])
  expect(brief(await top('waba=waba-top-b'))).toEqual([[other.wa_id, 1, 1, 0, '0.0107', 0]])
  const refused = await get(t.app, '/api/customer/top?waba=waba-top-a', otherKey)
  expect([refused.statusCode, refused.json().error.code]).toEqual([404, 'UNKNOWN_WABA'])
})

it('answers CSV and Arrow as its sibling routes do', async () => {
  const csv = await get(t.app, '/api/customer/top?format=csv&waba=waba-top-b')
  expect(csv.body.split('\r\n')[0]).toBe('"wa_id","country","currency","charges","conversations","messages","amount","unpriced","wabas","phone_numbers","waba_name","timezone","first_at","last_at"')
  const arrow = await get(t.app, '/api/customer/top')
  expect(arrow.headers['content-type']).toBe('application/vnd.apache.arrow.stream')
})
