// Why a charged conversation opened, as the investigation page says it (view customer_conversations,
// migration 770; docs/rules.md, "Why a conversation opened"): a conversation opens when no window
// of its own category is open, so its category's history is the reason (EXPIRED, AFTER_FEP) before
// the windows of other categories open beside it (CROSS_CATEGORY, SERVICE_OPEN), which tell only a
// category's first conversation. Real ingest and API; one WABA in UTC listed for
// authentication-international in India from 2025-06-01 (fixtures/auth-international.csv), Indian
// customers, free tier 0 (every service conversation is charged), a 12 h free-entry window in May
// 2025 (fixtures/settings-fep-12h-may-2025.csv), per-message pricing in July 2025.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { json, openApp, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'
import type { CustomerConversationRow, CustomerMessageRow, CustomerSummaryRow } from '../api/routes/customer.ts'

const fixture = (f: string) => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url))
const key = (pn: string) => ({ waba_id: 'waba-ai-cbp', phone_number_id: pn, wa_id: '919812340001' })
type K = ReturnType<typeof key>
/** A message `h` hours after `base` (ISO instant). */
const msg = (k: K, id: string, base: string, h: number, extra: Record<string, unknown> = {}) =>
  ({ message_id: id, timestamp: new Date(Date.parse(base) + h * 3_600_000).toISOString(), ...k, direction: 'outbound', ...extra })
const inbound = { direction: 'inbound' }
const ctwa = { direction: 'inbound', entry_point: 'ctwa', ad_id: 'ad-9' }
const tpl = (template_category: string) => ({ template_category })
const JUNE = '2025-06-02T00:00:00Z'
const MAY = '2025-05-05T00:00:00Z'

const cross = key('pn-r-cross'), service = key('pn-r-service'), intl = key('pn-r-intl')
const moot = key('pn-r-moot'), cut = key('pn-r-cut'), era = key('pn-r-era'), close = key('pn-r-close'), soon = key('pn-r-soon')
const entered = key('pn-r-entered'), reentered = key('pn-r-reentered')
let t: TestApp

beforeAll(async () => {
  t = await openApp({
    pricingModels: fixture('pricing-models-pmp-cbp.csv'), rateCard: fixture('rate-card-pmp.csv'),
    authInternational: fixture('auth-international.csv'), settings: fixture('settings-fep-12h-may-2025.csv'), freeTier: 0,
  })
  const summary = await ingest(t.session, [
    // marketing at 0 and 25 h, a utility window open [20, 44) h: the first marketing window expired at 24 h
    msg(cross, 'rc0', JUNE, 0, tpl('MARKETING')), msg(cross, 'rc20', JUNE, 20, tpl('UTILITY')), msg(cross, 'rc25', JUNE, 25, tpl('MARKETING')),
    // the same with the customer service window open (the customer wrote at 24.5 h)
    msg(service, 'rs0', JUNE, 0, tpl('MARKETING')), msg(service, 'rs24', JUNE, 24.5, inbound), msg(service, 'rs25', JUNE, 25, tpl('MARKETING')),
    // a first marketing conversation while an authentication-international window is open
    msg(intl, 'ri0', JUNE, 0, tpl('AUTHENTICATION')), msg(intl, 'ri1', JUNE, 1, tpl('MARKETING')),
    // a service window (last customer message at 1 h: it would close at 25 h) cut at 23 h by a
    // 12 h free-entry window; the customer writes again at 36 h, after it would have closed anyway
    msg(moot, 'rm0', MAY, 0, inbound), msg(moot, 'rm1', MAY, 1, ctwa), msg(moot, 'rm23', MAY, 23), msg(moot, 'rm36', MAY, 36, inbound),
    // cut at 2 h by a free-entry window until 14 h; the customer writes at 15 h, inside the 24 h
    msg(cut, 'rx0', MAY, 0, inbound), msg(cut, 'rx1', MAY, 1, ctwa), msg(cut, 'rx2', MAY, 2), msg(cut, 'rx15', MAY, 15, inbound),
    // a free-entry window opened by a reply at 10:15 to an entry message of 10:00 on 30 June 2025
    // (conversation-based: the row starts at the entry message), a per-message charge inside it
    msg(era, 're0', '2025-06-30T10:00:00Z', 0, ctwa), msg(era, 're1', '2025-06-30T10:15:00Z', 0),
    msg(era, 're2', '2025-07-01T12:00:00Z', 0, tpl('MARKETING')),
    // marketing at 10:06:00 and 24 h + 1.5 s later: its window had closed 1.5 s before
    msg(close, 'rn0', '2025-06-02T10:06:00Z', 0, tpl('MARKETING')),
    msg(close, 'rn1', '2025-06-03T10:06:01.500Z', 0, tpl('MARKETING')),
    // per-message pricing: utility templates 1.5 s and 2 s (across a minute's boundary) after the
    // customer wrote, free in the customer service window
    msg(soon, 'rw0', '2025-07-02T10:00:00Z', 0, inbound), msg(soon, 'rw1', '2025-07-02T10:00:01.500Z', 0, tpl('UTILITY')),
    msg(soon, 'rw2', '2025-07-03T10:05:59Z', 0, inbound), msg(soon, 'rw3', '2025-07-03T10:06:01Z', 0, tpl('UTILITY')),
    // the customer first writes through an ad (its service conversation becomes the free-entry one,
    // 0 to 73 h), and again at 100 h, days after it ended
    msg(entered, 'rf0', JUNE, 0, ctwa), msg(entered, 'rf1', JUNE, 1), msg(entered, 'rf100', JUNE, 100, inbound),
    // the same after an ordinary service conversation (0 to 24 h): the ad's at 30 h is the later one
    msg(reentered, 'rg0', JUNE, 0, inbound), msg(reentered, 'rg30', JUNE, 30, ctwa), msg(reentered, 'rg31', JUNE, 31),
    msg(reentered, 'rg120', JUNE, 120, inbound),
  ])
  expect(summary.rejected).toBe(0)
}, 60_000)
afterAll(async () => { await t?.app.close() })

const q = (k: K) => `customer=${k.wa_id}&phone=${k.phone_number_id}`
const conversations = (k: K) => json<CustomerConversationRow[]>(t.app, `/api/customer/conversations?${q(k)}`)
const reasons = async (k: K) => (await conversations(k)).map((c) => [c.opening_message_id, c.category, c.reason, c.cost])
const why = async (k: K, id: string) => (await conversations(k)).find((c) => c.opening_message_id === id)!.explanation
const answer = async (k: K) => (await json<CustomerSummaryRow[]>(t.app, `/api/customer/summary?${q(k)}`))[0]!.summary

// the second marketing charge of each key: its marketing window had expired an hour before; the
// words say both, the reason and then the other window open, which did not cover it (fresh-user
// trial: it read CROSS_CATEGORY beside a utility window, SERVICE_OPEN beside the service window)
const expiredBeside = [
  { beside: 'a utility window', k: cross, id: 'rc25',
    reasons: [['rc0', 'MARKETING', 'FIRST', '0.0107'], ['rc20', 'UTILITY', 'CROSS_CATEGORY', '0.0014'], ['rc25', 'MARKETING', 'EXPIRED', '0.0107']],
    note: 'Other windows were open (utility), but each category has its own window: a template of a different category opens its own conversation.',
    answer: '3 charges from 2025-06-02 to 2025-06-03 (0.0228 USD): 2 marketing (the first with this customer on this number; 1 after the previous window had expired),'
      + ' 1 utility (no utility window was open, the first with this customer on this number, and a window of another category open then does not cover it).' },
  { beside: 'the service window', k: service, id: 'rs25',
    reasons: [['rs0', 'MARKETING', 'FIRST', '0.0107'], ['rs24', 'SERVICE', 'FIRST', '0.0040'], ['rs25', 'MARKETING', 'EXPIRED', '0.0107']],
    // the service conversation was charged (free tier 0): a free-form reply would not have been
    // free, it would have cost nothing more (support trial: "would have been free")
    note: 'The customer service window was open, but a template always opens a window of its own category'
      + ' (a free-form reply would have cost nothing more: it falls in the service conversation already open, priced once when the customer\'s message opened it).',
    answer: '3 charges from 2025-06-02 to 2025-06-03 (0.0254 USD): 2 marketing (the first with this customer on this number; 1 after the previous window had expired),'
      + ' 1 service (the customer wrote when no service window was open, the first with this customer on this number; the free tier was used up).' },
]
it.each(expiredBeside)('a marketing window that expired is the reason, not $beside open then', async ({ k, id, reasons: expected, note, answer: said }) => {
  expect(await reasons(k)).toEqual(expected)
  expect(await why(k, id)).toBe(`Charged 0.0107 USD: marketing template delivered 2025-06-03 01:00; no marketing window was open (the previous one closed 2025-06-03 00:00). ${note}`)
  expect(await answer(k)).toBe(said)
})

it('an authentication-international window open is another category\'s (it read FIRST), and reads with a hyphen', async () => {
  expect(await reasons(intl)).toEqual([
    ['ri0', 'AUTHENTICATION_INTERNATIONAL', 'FIRST', '0.0280'], ['ri1', 'MARKETING', 'CROSS_CATEGORY', '0.0107'],
  ])
  expect(await why(intl, 'ri0')).toBe('Charged 0.0280 USD: authentication-international template delivered 2025-06-02 00:00; no authentication-international window was open'
    + ' (first authentication-international conversation with this customer on this number).')
  expect(await why(intl, 'ri1')).toBe('Charged 0.0107 USD: marketing template delivered 2025-06-02 01:00; no marketing window was open (first marketing conversation with this customer on this number).'
    + ' Other windows were open (authentication-international), but each category has its own window: a template of a different category opens its own conversation.')
  // the categories in the order of their first charge, as the table lists them
  expect(await answer(intl)).toBe('2 charges on 2025-06-02 (0.0387 USD): 1 authentication-international (no authentication-international window was open,'
    + ' the first with this customer on this number), 1 marketing (no marketing window was open, the first with this customer on this number, and a window of another category open then does not cover it).')
})

it('a service window cut by a free entry point is the cause only if it would still have been open, 24 h after the last customer message before the cut', async () => {
  expect(await reasons(moot)).toEqual([
    ['rm0', 'SERVICE', 'FIRST', '0.0040'], ['rm23', 'FREE_ENTRY_POINT', 'FREE_ENTRY_POINT', '0.0000'], ['rm36', 'SERVICE', 'EXPIRED', '0.0040'],
  ])
  expect(await why(moot, 'rm36')).toBe('Charged 0.0040 USD: customer message delivered 2025-05-06 12:00; no service window was open (the previous one closed 2025-05-05 23:00).'
    + ' The WABA\'s free tier for May 2025 was already used up.')
  expect(await reasons(cut)).toEqual([
    ['rx0', 'SERVICE', 'FIRST', '0.0040'], ['rx2', 'FREE_ENTRY_POINT', 'FREE_ENTRY_POINT', '0.0000'], ['rx15', 'SERVICE', 'AFTER_FEP', '0.0040'],
  ])
  expect(await why(cut, 'rx15')).toBe('Charged 0.0040 USD: customer message delivered 2025-05-05 15:00; no service window was open (the previous one was closed at 2025-05-05 02:00 by a free-entry window).'
    + ' The WABA\'s free tier for May 2025 was already used up.')
})

it('a per-message charge inside a free-entry window opened under conversation-based pricing names the reply, not the entry message', async () => {
  expect(await why(era, 're2')).toBe('Free entry point: marketing template delivered 2025-07-01 12:00, inside the 72 h window opened by the reply at 2025-06-30 10:15 (until 2025-07-03 10:15).')
  const m = await json<CustomerMessageRow[]>(t.app, `/api/customer/messages?${q(era)}`)
  expect(m.find((r) => r.message_id === 're2')!.explanation).toBe(await why(era, 're2'))
})

// "delivered 10:06 … (the previous one closed 10:06)" read as a contradiction (fresh-user trial):
// two times of one sentence in the same minute are written with their seconds
it('a window opened seconds after the previous one closed says the seconds of both', async () => {
  expect(await reasons(close)).toEqual([['rn0', 'MARKETING', 'FIRST', '0.0107'], ['rn1', 'MARKETING', 'EXPIRED', '0.0107']])
  expect(await why(close, 'rn1')).toBe('Charged 0.0107 USD: marketing template delivered 2025-06-03 10:06:01.5; no marketing window was open'
    + ' (the previous one closed 2025-06-03 10:06:00).')
  // a time alone in its minute keeps the minutes
  expect(await why(close, 'rn0')).toBe('Charged 0.0107 USD: marketing template delivered 2025-06-02 10:06; no marketing window was open'
    + ' (first marketing conversation with this customer on this number).')
})

// "the customer last wrote 0 min before" for a template sent seconds after the customer's message,
// and "1 min" for 2 s across a minute's boundary (minute boundaries counted, not time elapsed)
it('says how long before the customer last wrote as the time elapsed, in seconds under a minute', async () => {
  const words = (s: string) => `Free: utility template delivered ${s}, inside the customer service window (the customer last wrote `
  expect(await why(soon, 'rw1')).toBe(`${words('2025-07-02 10:00')}1.5 s before); utility templates in the window are free since 1 July 2025.`)
  expect(await why(soon, 'rw3')).toBe(`${words('2025-07-03 10:06')}2 s before); utility templates in the window are free since 1 July 2025.`)
})

// support trial: a customer who first wrote through an ad and again days later read "first service
// conversation with this customer on this number" (true by the rules: that first conversation became
// the free-entry one, rule 6) and, after an earlier ordinary one, "the previous one closed" days
// before the free-entry conversation; both now name the conversation that became the free-entry one
it('a service conversation after the customer\'s free-entry conversation says that was the previous one', async () => {
  expect(await reasons(entered)).toEqual([['rf0', 'FREE_ENTRY_POINT', 'FREE_ENTRY_POINT', '0.0000'], ['rf100', 'SERVICE', 'FIRST', '0.0040']])
  expect(await why(entered, 'rf100')).toBe('Charged 0.0040 USD: customer message delivered 2025-06-06 04:00; no service window was open'
    + ' (the previous one, opened by the customer\'s message of 2025-06-02 00:00, became the free-entry conversation and closed 2025-06-05 01:00).'
    + ' The WABA\'s free tier for June 2025 was already used up.')
  expect(await answer(entered)).toBe('1 charge on 2025-06-06 (0.0040 USD): 1 service (the customer wrote again after their free-entry conversation had ended,'
    + ' when no service window was open; the free tier was used up). Not charged: 1 free-entry conversation.')
  expect(await reasons(reentered)).toEqual([
    ['rg0', 'SERVICE', 'FIRST', '0.0040'], ['rg30', 'FREE_ENTRY_POINT', 'FREE_ENTRY_POINT', '0.0000'], ['rg120', 'SERVICE', 'EXPIRED', '0.0040'],
  ])
  expect(await why(reentered, 'rg120')).toBe('Charged 0.0040 USD: customer message delivered 2025-06-07 00:00; no service window was open'
    + ' (the previous one, opened by the customer\'s message of 2025-06-03 06:00, became the free-entry conversation and closed 2025-06-06 07:00).'
    + ' The WABA\'s free tier for June 2025 was already used up.')
})
