// The investigation page across pricing eras (pricing-models.md §3): every per-message pricing
// type explained in plain words, the tiered charge's amount its band's, a CBP conversation closed
// by the change to per-message pricing. Shipped timeline, free tier 2, rate-card-eras.csv; the
// WABA is in UTC so times read as written.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { json, openApp, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'
import type { CustomerConversationRow, CustomerMessageRow, CustomerSummaryRow } from '../api/routes/customer.ts'

const fixture = (f: string) => fileURLToPath(new URL(f, import.meta.url))
const W = 'waba-era-utc'
const key = (pn: string, wa_id = '919812340001') => ({ waba_id: W, phone_number_id: pn, wa_id })
type K = ReturnType<typeof key>
const msg = (k: K, id: string, ts: string, extra: Record<string, unknown> = {}) =>
  ({ message_id: id, timestamp: ts, ...k, direction: 'outbound', ...extra })
const inbound = { direction: 'inbound' }
const tpl = (category: string, name: string) => ({ template_category: category, template_name: name })
let t: TestApp

const g = key('pn-g'), i = key('pn-i'), h = key('pn-h'), j = key('pn-j'), kk = key('pn-k', '14155550111')
const sv = key('pn-s'), st = key('pn-t')
const au = key('pn-au'), au2 = key('pn-au2'), sf = key('pn-sf'), fm = key('pn-fm'), mx = key('pn-mx')

beforeAll(async () => {
  t = await openApp({
    pricingModels: fixture('../config/defaults/pricing-models.csv'), rateCard: fixture('./fixtures/rate-card-eras.csv'),
    wabas: fixture('./fixtures/wabas-eras.csv'), freeTier: 2,
  })
  await ingest(t.session, [
    // G (July 2025): in-window utility and service free, utility 2 days later charged
    msg(g, 'g0', '2025-07-08T10:00:00Z', inbound), msg(g, 'g1', '2025-07-08T10:02:00Z', tpl('UTILITY', 'order_update')),
    msg(g, 'g2', '2025-07-08T11:00:00Z'), msg(g, 'g3', '2025-07-10T10:02:00Z', tpl('UTILITY', 'shipped')),
    // H: a free-entry window and a marketing template inside it
    msg(h, 'h0', '2025-07-08T10:00:00Z', { direction: 'inbound', entry_point: 'ctwa', ad_id: 'ad-7' }),
    msg(h, 'h1', '2025-07-08T10:30:00Z'), msg(h, 'h2', '2025-07-08T20:00:00Z', tpl('MARKETING', 'promo')),
    // I (October 2026): free tier 2, then a charged service message, then in-window utility charged
    msg(i, 'i0', '2026-10-05T09:00:00Z', inbound), msg(i, 'i1', '2026-10-05T10:00:00Z'), msg(i, 'i2', '2026-10-05T11:00:00Z'),
    msg(i, 'i3', '2026-10-05T12:00:00Z'), msg(i, 'i4', '2026-10-05T13:00:00Z', tpl('UTILITY', 'receipt')),
    // J: the 4th utility message of the month pays band 3:MAX (bands 1 and 4 of rate-card-eras.csv)
    msg(j, 'j1', '2025-08-01T10:00:00Z', tpl('UTILITY', 'u')), msg(j, 'j2', '2025-08-01T11:00:00Z', tpl('UTILITY', 'u')),
    msg(j, 'j3', '2025-08-01T12:00:00Z', tpl('UTILITY', 'u')), msg(j, 'j4', '2025-08-01T13:00:00Z', tpl('UTILITY', 'u')),
    // K: a CBP marketing conversation closed by the change to per-message pricing
    msg(kk, 'k1', '2025-06-30T20:00:00Z', tpl('MARKETING', 'promo')), msg(kk, 'k2', '2025-07-01T02:00:00Z', tpl('MARKETING', 'promo')),
    // S: free service conversations under CBP (Nov 2024, one closed by the switch), then a free service message (July 2025)
    msg(sv, 's0', '2024-11-05T10:00:00Z', inbound), msg(sv, 's1', '2025-06-30T20:00:00Z', inbound),
    msg(sv, 's2', '2025-07-02T10:00:00Z', inbound), msg(sv, 's3', '2025-07-02T10:05:00Z'),
    // T (October 2026, free tier 2): two service messages past the free ones
    msg(st, 't0', '2026-10-06T09:00:00Z', inbound), msg(st, 't1', '2026-10-06T10:00:00Z'), msg(st, 't2', '2026-10-06T11:00:00Z'),
    msg(st, 't3', '2026-10-06T12:00:00Z'), msg(st, 't4', '2026-10-06T13:00:00Z'),
    // authentication templates inside the customer service window: July 2025 and October 2026
    msg(au, 'a0', '2025-07-09T10:00:00Z', inbound), msg(au, 'a1', '2025-07-09T10:05:00Z', tpl('AUTHENTICATION', 'otp')),
    msg(au2, 'b0', '2026-10-07T09:00:00Z', inbound), msg(au2, 'b1', '2026-10-07T09:05:00Z', tpl('AUTHENTICATION', 'otp')),
    // marketing before the customer writes (July 2025), then twice inside the customer service window
    msg(mx, 'x1', '2025-07-11T09:00:00Z', tpl('MARKETING', 'promo')), msg(mx, 'x2', '2025-07-11T10:00:00Z', inbound),
    msg(mx, 'x3', '2025-07-11T10:05:00Z', tpl('MARKETING', 'promo')), msg(mx, 'x4', '2025-07-11T10:10:00Z', tpl('MARKETING', 'promo')),
    // a CBP marketing template beside a free service conversation (November 2024)
    msg(sf, 'f0', '2024-11-06T10:00:00Z', inbound), msg(sf, 'f1', '2024-11-06T10:05:00Z', tpl('MARKETING', 'promo')),
    // a free entry point under each model (June and July 2025), a marketing template inside the second
    msg(fm, 'm0', '2025-06-20T10:00:00Z', { direction: 'inbound', entry_point: 'ctwa', ad_id: 'ad-8' }), msg(fm, 'm1', '2025-06-20T10:30:00Z'),
    msg(fm, 'm2', '2025-07-20T10:00:00Z', { direction: 'inbound', entry_point: 'ctwa', ad_id: 'ad-8' }), msg(fm, 'm3', '2025-07-20T10:30:00Z'),
    msg(fm, 'm4', '2025-07-20T12:00:00Z', tpl('MARKETING', 'promo')),
  ])
}, 60_000)
afterAll(async () => { await t?.app.close() })

const q = (k: K) => `customer=${k.wa_id}&phone=${k.phone_number_id}`
const why = async (k: K) => (await json<CustomerConversationRow[]>(t.app, `/api/customer/conversations?${q(k)}`)).map((c) => [c.opening_message_id, c.pricing_type, c.cost, c.explanation])
const said = async (k: K) => (await json<CustomerMessageRow[]>(t.app, `/api/customer/messages?${q(k)}`)).map((m) => [m.message_id, m.verdict, m.explanation])

const summary = async (k: K) => (await json<CustomerSummaryRow[]>(t.app, `/api/customer/summary?${q(k)}`))[0]!.summary

it('G: utility and service free in the customer service window (July 2025), utility two days later charged', async () => {
  expect(await why(g)).toEqual([
    ['g1', 'FREE_CUSTOMER_SERVICE', '0.0000', 'Free: utility template “order_update” delivered 2025-07-08 10:02, inside the customer service window (the customer last wrote 2 min before); utility templates in the window are free since 1 July 2025.'],
    ['g2', 'FREE_CUSTOMER_SERVICE', '0.0000', 'Free: service message delivered 2025-07-08 11:00 in the customer service window (service is free since 1 July 2025).'],
    ['g3', 'REGULAR', '0.0014', 'Charged 0.0014 USD: utility template “shipped” delivered 2025-07-10 10:02, outside the customer service window — the customer last wrote 2 days before. Volume tier 0:3: the 1st paid utility message of July 2025 for this WABA in IN; the first band, up to the 3rd.'],
  ])
  const m = await said(g)
  expect(m[0]).toEqual(['g0', 'OPENED', 'Customer message: opened the customer service window until 2025-07-09 10:00 (no charge; per-message pricing has no conversations).'])
  expect(m.slice(1).map((x) => x[1])).toEqual(['FREE_CUSTOMER_SERVICE', 'FREE_CUSTOMER_SERVICE', 'CHARGED'])
  expect(m[3]![2]).toBe((await why(g))[2]![3])
  expect(await summary(g)).toBe('1 charge on 2025-07-10 (0.0014 USD): 1 utility (charged per message: each delivered template is a charge). Not charged: 2 messages free as customer service (per-message pricing: service messages, and utility templates inside the customer service window).')
})

it('H: the reply that opens a free-entry window and a template inside it', async () => {
  expect((await why(h)).slice(1)).toEqual([
    ['h1', 'FREE_ENTRY_POINT', '0.0000', 'Free entry point: service message delivered 2025-07-08 10:30, the reply that opened the 72 h free-entry window (until 2025-07-11 10:30).'],
    ['h2', 'FREE_ENTRY_POINT', '0.0000', 'Free entry point: marketing template “promo” delivered 2025-07-08 20:00, inside the 72 h window opened by the reply at 2025-07-08 10:30 (until 2025-07-11 10:30).'],
  ])
  expect((await said(h)).map((x) => x[1])).toEqual(['FREE_ENTRY', 'FREE_ENTRY', 'FREE_ENTRY'])
})

it('I: the free allowance of the phone number by rank, then charged service and in-window utility (October 2026)', async () => {
  expect(await why(i)).toEqual([
    ['i1', 'FREE_TIER', '0.0000', 'Free tier: the 1st of 2 free service messages of this phone number in October 2026 (service message delivered 2026-10-05 10:00).'],
    ['i2', 'FREE_TIER', '0.0000', 'Free tier: the 2nd of 2 free service messages of this phone number in October 2026 (service message delivered 2026-10-05 11:00).'],
    ['i3', 'REGULAR', '0.0042', 'Charged 0.0042 USD: service message delivered 2026-10-05 12:00, inside the customer service window (the customer last wrote 3 h before). The 2 free service messages of this phone number in October 2026 were already used.'],
    ['i4', 'REGULAR', '0.0015', 'Charged 0.0015 USD: utility template “receipt” delivered 2026-10-05 13:00, inside the customer service window (the customer last wrote 4 h before). Volume tier 0:2: the 1st paid utility message of October 2026 for this WABA in IN; the first band, up to the 2nd. Utility templates inside the window are charged since 1 October 2026.'],
  ])
  // the stored CHARGED of a charge in the free allowance reads FREE_TIER, as the verdicts query says
  expect((await said(i)).map((x) => x[1])).toEqual(['OPENED', 'FREE_TIER', 'FREE_TIER', 'CHARGED', 'CHARGED'])
  // the categories in the order of their first charge, as the table lists them (service at 12:00, utility at 13:00)
  expect(await summary(i)).toBe('2 charges on 2026-10-05 (0.0057 USD): 1 service (charged per message once the free service messages of the month were used), 1 utility (charged although inside the customer service window, which frees no template). Not charged: 2 service messages in the free allowance of the phone number.')
})

it('J: a volume-tier band beyond the first, at its price (not the first band\'s)', async () => {
  const r = await why(j)
  expect(r.map((x) => x[2])).toEqual(['0.0014', '0.0014', '0.0014', '0.0012'])
  expect(r[3]![3]).toBe('Charged 0.0012 USD: utility template “u” delivered 2025-08-01 13:00, outside the customer service window — the customer had not written to this number. Volume tier 3:7: the 4th paid utility message of August 2025 for this WABA in IN; from the 4th the price is 0.0012 USD.')
  expect(await summary(j)).toBe('4 charges on 2025-08-01 (0.0054 USD): 4 utility (4 charged per message).')
})

it('K: a CBP conversation closed by the change to per-message pricing, then a per-message charge', async () => {
  expect(await why(kk)).toEqual([
    ['k1', 'REGULAR', '0.0250', 'Charged 0.0250 USD: marketing template “promo” delivered 2025-06-30 20:00; no marketing window was open (first marketing conversation with this customer on this number). Closed early at 2025-07-01 00:00: the pricing model changed (the charge stays).'],
    ['k2', 'REGULAR', '0.0250', 'Charged 0.0250 USD: marketing template “promo” delivered 2025-07-01 02:00, outside the customer service window — the customer had not written to this number.'],
  ])
  expect((await said(kk)).map((x) => x[1])).toEqual(['OPENED', 'CHARGED'])
})

// support trial: under per-message pricing the answer said "1 free-entry conversation" where the
// rows say "free-entry window"
it('H: the summary counts the free-entry window once, not each free charge inside it, in the rows\' words', async () => {
  expect(await summary(h)).toMatch(/^No charges on 2025-07-08\. Not charged: 1 free-entry window, with 1 template sent inside it for free/)
  // one under each model: each in its rows' words
  expect(await summary(fm)).toMatch(/^No charges from 2025-06-20 to 2025-07-20\. Not charged: 1 free-entry conversation and 1 free-entry window, with 1 template sent inside them for free/)
})

// support trial: an authentication template charged inside the customer service window did not say
// why the window did not make it free, as a utility template's words do (pricing-models.md §3 P3)
it('an authentication template charged inside the customer service window says why', async () => {
  expect((await why(au)).slice(-1)).toEqual([
    ['a1', 'REGULAR', '0.0014', 'Charged 0.0014 USD: authentication template “otp” delivered 2025-07-09 10:05, inside the customer service window (the customer last wrote 5 min before).'
      + ' Volume tier 0:2: the 1st paid authentication message of July 2025 for this WABA in IN; the first band, up to the 2nd.'
      + ' The customer service window makes utility templates free (since 1 July 2025), not authentication ones: they are charged inside it too.'],
  ])
  expect((await why(au2)).slice(-1)).toEqual([
    ['b1', 'REGULAR', '0.0015', 'Charged 0.0015 USD: authentication template “otp” delivered 2026-10-07 09:05, inside the customer service window (the customer last wrote 5 min before).'
      + ' Volume tier 0:MAX: the 1st paid authentication message of October 2026 for this WABA in IN; one price for all.'
      + ' Templates are charged inside the customer service window too (utility ones as well since 1 October 2026).'],
  ])
  // and the answer as the rows say it (support trial: "charged per message: each delivered template
  // is a charge", nothing of the window)
  expect(await summary(au)).toBe('1 charge on 2025-07-09 (0.0014 USD): 1 authentication (charged although inside the customer service window, which frees utility templates only).')
  expect(await summary(au2)).toBe('1 charge on 2026-10-07 (0.0015 USD): 1 authentication (charged although inside the customer service window, which frees no template).')
  expect(await summary(mx)).toBe('3 charges on 2025-07-11 (0.0354 USD): 3 marketing (1 charged per message;'
    + ' 2 charged although inside the customer service window, which frees utility templates only).')
})

// beside a service conversation that was free (November 2024), a free-form reply would have been
// free indeed (where it was charged, it would have cost nothing more: test/customer-reasons.test.ts)
it('a CBP template beside a free service conversation says a free-form reply would have been free', async () => {
  expect((await why(sf)).map((x) => x[3])).toEqual([
    'Free (service is free since 1 November 2024): customer message delivered 2024-11-06 10:00; no service window was open (first service conversation with this customer on this number).',
    'Charged 0.0107 USD: marketing template “promo” delivered 2024-11-06 10:05; no marketing window was open (first marketing conversation with this customer on this number).'
      + ' The customer service window was open, but a template always opens a window of its own category (a free-form reply would have been free).',
  ])
})

// support trial: a CBP service conversation free since 2024-11-01 was counted among "charges free as
// customer service (per-message pricing: …)", and several charged service messages said only
// "charged per message", not why (the free ones of the month were used)
it('S/T: free service conversations are not per-message words; several charged service messages say why', async () => {
  expect((await why(sv)).map((x) => x[1])).toEqual(['FREE_CUSTOMER_SERVICE', 'FREE_CUSTOMER_SERVICE', 'FREE_CUSTOMER_SERVICE'])
  expect(await summary(sv)).toBe('No charges from 2024-11-05 to 2025-07-02. Not charged: 2 service conversations free (conversation-based pricing, under which service conversations are free); 1 message free as customer service (per-message pricing: service messages, and utility templates inside the customer service window).')
  expect(await summary(st)).toBe('2 charges on 2026-10-06 (0.0084 USD): 2 service (2 charged per message once the free service messages of the month were used). Not charged: 2 service messages in the free allowance of the phone number.')
})
