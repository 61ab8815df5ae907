// The demo dataset `npm start` loads into an empty database: a generated, deterministic message
// log of three businesses over 60 days (2024-07-23 … 2024-09-20, when conversation-based pricing
// and the shipped rate card applied). Each business has its own shape, so every dashboard panel
// has something to show:
// - Northwind Outfitters (New York): a retailer with enough customer-initiated chats to use up
//   its 1,000 free service conversations mid-month, marketing campaigns twice a week, order
//   updates, and click-to-WhatsApp ads (some answered too late to become a free entry point);
// - Lumen Bank (UTC): authentication codes and account alerts, few chats;
// - Kirana Express (Kolkata): marketing-heavy grocer with CTWA and Page-button entries.
// From 2024-09-01 00:00 UTC Meta prices the utility template `out_for_delivery` as marketing: its
// status lines say so (the reconciliation panel's category drift; in New York that instant is on
// local day 2024-08-31, which the panel's local days show).
// The same seed always gives the same log, so figures in docs and tests are stable.

import { createHash } from 'node:crypto'
import { seeded } from './seeded.ts'

const DAY_MS = 86_400_000
/** From this instant Meta prices the utility template `out_for_delivery` as marketing (docs/reconcile.md). */
const RECATEGORISED = Date.parse('2024-09-01T00:00:00Z')

/**
 * Meta's delivered status for a sent message line, saying what Meta billed: the template was
 * re-categorised as marketing (the costliest surprise businesses report), in a Meta
 * conversation per customer and UTC day. Adds no rnd() draw, so the rest of the log is unchanged.
 */
function recategorised(sentLine: string, waId: string): string {
  const m = JSON.parse(sentLine) as { message_id: string; status_timestamp: string }
  return JSON.stringify({
    kind: 'status', message_id: m.message_id, status: 'delivered', timestamp: m.status_timestamp,
    pricing: { billable: true, pricing_model: 'CBP', category: 'marketing' },
    // an opaque id as Meta's are (32 hex digits), one per customer and UTC day
    conversation: { id: createHash('md5').update(`demo.conv.${waId}.${m.status_timestamp.slice(0, 10)}`).digest('hex'), origin: { type: 'marketing' } },
  })
}
export const DEMO_FIRST_DAY = '2024-07-23'
export const DEMO_DAYS = 60

interface Business {
  waba_id: string
  /** Summer UTC offset of the business's time zone, in hours (the whole demo is in summer). */
  offset: number
  phones: { id: string; countries: [prefix: () => string, weight: number][] }[]
  customers: number
  chatsPerDay: number
  campaignDays: number[]
  campaignSize: number
  utilityPerDay: number
  authPerDay: number
  ads: { id: string; weight: number }[]
  entriesPerDay: number
  pageCtaShare: number
}

export function* demoLog(seed = 20240723): Generator<string> {
  for (const line of draw(seed)) if (line !== '') yield line
}

function* draw(seed: number): Generator<string> {
  const rnd = seeded(seed)
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1))
  const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('')
  const pick = <T>(items: [T, number][]): T => {
    let r = rnd() * items.reduce((s, [, w]) => s + w, 0)
    for (const [item, w] of items) if ((r -= w) < 0) return item
    return items[items.length - 1]![0]
  }
  // Mobile numbers that libphonenumber-js holds valid for their country, so the engine resolves
  // each customer's country (test/demo-numbers.test.ts). A number drawn in a range the library
  // gives to another region or to none is moved, with the same draws, to a valid range never
  // drawn otherwise (no two customers merge, the rest of the log is unchanged): the UK's 7911…
  // (but 79110, 79112, 79118) are Guernsey's or nobody's and 7937… Jersey's, so 7961…, 7987…;
  // Indonesia has no 84… (its mobiles: 8[1-35-9]), so 87….
  const us = () => `1${pick([['212', 1], ['415', 1], ['312', 1], ['646', 1]])}${int(2, 9)}${int(0, 4)}${int(1, 9)}${digits(4)}`
  const mx = () => `52155${digits(8)}`
  const br = () => `55119${int(6, 9)}${digits(7)}`
  const gb = () => `44${`79${int(1, 5)}${digits(7)}`.replace(/^791(?=1[13-79])/, '796').replace(/^793(?=7)/, '798')}`
  const de = () => `49151${digits(8)}`
  const inn = () => `91${int(7, 9)}${digits(9)}`
  const id = () => `628${int(1, 5)}${digits(8)}`.replace(/^6284/, '6287')

  const businesses: Business[] = [
    {
      waba_id: '104729318650012', offset: -4,
      phones: [
        { id: '110200300400501', countries: [[us, 1]] },
        { id: '110200300400502', countries: [[mx, 2], [br, 1]] },
      ],
      customers: 6000, chatsPerDay: 58, campaignDays: [1, 4], campaignSize: 260, utilityPerDay: 45, authPerDay: 0,
      ads: [{ id: '120210000000101', weight: 5 }, { id: '120210000000102', weight: 3 }, { id: '120210000000103', weight: 2 }],
      entriesPerDay: 22, pageCtaShare: 0,
    },
    {
      waba_id: '104729318650027', offset: 0,
      phones: [
        { id: '110200300400611', countries: [[gb, 1]] },
        { id: '110200300400612', countries: [[de, 1]] },
      ],
      customers: 2500, chatsPerDay: 12, campaignDays: [], campaignSize: 0, utilityPerDay: 40, authPerDay: 70,
      ads: [], entriesPerDay: 0, pageCtaShare: 0,
    },
    {
      waba_id: '104729318650033', offset: 5.5,
      phones: [
        { id: '110200300400721', countries: [[inn, 1]] },
        { id: '110200300400722', countries: [[id, 1]] },
      ],
      customers: 5000, chatsPerDay: 26, campaignDays: [2, 5, 6], campaignSize: 200, utilityPerDay: 20, authPerDay: 10,
      ads: [{ id: '120230000000201', weight: 4 }, { id: '120230000000202', weight: 3 }, { id: '120230000000203', weight: 2 }, { id: '120230000000204', weight: 1 }],
      entriesPerDay: 30, pageCtaShare: 0.2,
    },
  ]

  const first = Date.parse(`${DEMO_FIRST_DAY}T00:00:00Z`)
  let n = 0
  let end = 0
  for (const b of businesses) {
    const pool = Array.from({ length: b.customers }, () => {
      const phone = b.phones[int(0, b.phones.length - 1)]!
      return { phone: phone.id, wa_id: pick(phone.countries)() }
    })
    const customer = () => pool[int(0, pool.length - 1)]!
    // The log is cut at the last local midnight: follow-ups scheduled later never happened.
    end = first + DEMO_DAYS * DAY_MS - b.offset * 3_600_000
    const line = (c: { phone: string; wa_id: string }, t: number, fields: Record<string, unknown>) => {
      if (t >= end) return ''
      n += 1
      return JSON.stringify({
        message_id: `wamid.demo.${b.waba_id.slice(-2)}.${n}`, timestamp: new Date(t).toISOString(),
        waba_id: b.waba_id, phone_number_id: c.phone, wa_id: c.wa_id, ...fields,
      })
    }
    // Outbound sends: mostly delivered within seconds, some read, a few failed or still pending.
    // The send log spells a Mexican customer `52…` where the webhooks say `521…`, as real logs
    // do: one customer all the same (billing-rules.md, "Keys").
    const sent = (c: { phone: string; wa_id: string }, t: number, fields: Record<string, unknown>) => {
      const r = rnd()
      const status = r < 0.025 ? 'failed' : r < 0.035 ? 'sent' : r < 0.6 ? 'delivered' : 'read'
      const to = c.wa_id.startsWith('521') ? { ...c, wa_id: `52${c.wa_id.slice(3)}` } : c
      const sentLine = line(to, t, { direction: 'outbound', ...fields, status, status_timestamp: new Date(t + int(2, 90) * 1000).toISOString() })
      return sentLine && fields.template_name === 'out_for_delivery' && t >= RECATEGORISED && (status === 'delivered' || status === 'read')
        ? `${sentLine}\n${recategorised(sentLine, to.wa_id)}` : sentLine
    }
    for (let d = 0; d < DEMO_DAYS; d++) {
      // Local midnight of day d, and a gentle growth with quieter weekends.
      const midnight = first + d * DAY_MS - b.offset * 3_600_000
      const weekday = new Date(first + d * DAY_MS).getUTCDay()
      const scale = (0.85 + d / DEMO_DAYS * 0.3) * (weekday === 0 || weekday === 6 ? 0.7 : 1)
      const count = (per: number) => Math.round(per * scale * (0.8 + rnd() * 0.4))
      const at = (fromHour: number, toHour: number) => midnight + Math.floor((fromHour + rnd() * (toHour - fromHour)) * 3_600_000)

      for (let i = count(b.chatsPerDay); i > 0; i--) {
        const c = customer()
        let t = at(8, 22)
        for (let k = int(1, 3); k > 0; k--) {
          yield line(c, t, { direction: 'inbound', type: 'text' })
          t += int(1, 6) * 60_000
        }
        // Most chats are answered within minutes; a few only the next day, breaking the guardrail.
        const late = rnd() < 0.03
        t += late ? int(25, 30) * 3_600_000 : int(1, 20) * 60_000
        for (let k = int(1, 3); k > 0; k--) {
          yield sent(c, t, { type: 'text' })
          t += int(1, 10) * 60_000
        }
        // An order update inside the chat is still charged: a template opens its own window.
        if (rnd() < 0.08) yield sent(c, t + 60_000, { template_category: 'UTILITY', template_name: 'order_update', type: 'template' })
      }

      if (b.campaignDays.includes(weekday)) {
        const t0 = at(10, 10.5)
        const name = d % 2 === 0 ? 'weekend_sale' : 'new_arrivals'
        for (let i = count(b.campaignSize); i > 0; i--) {
          const c = customer()
          yield sent(c, t0 + i * 1000, { template_category: 'MARKETING', template_name: name, type: 'template' })
          // A reminder within 24 h reuses the marketing window: no second charge.
          if (rnd() < 0.12) yield sent(c, t0 + int(3, 8) * 3_600_000, { template_category: 'MARKETING', template_name: `${name}_reminder`, type: 'template' })
        }
      }

      for (let i = count(b.utilityPerDay); i > 0; i--) {
        const c = customer()
        const t = at(7, 21)
        yield sent(c, t, { template_category: 'UTILITY', template_name: 'order_shipped', type: 'template' })
        if (rnd() < 0.3) yield sent(c, t + int(2, 20) * 3_600_000, { template_category: 'UTILITY', template_name: 'out_for_delivery', type: 'template' })
      }

      for (let i = count(b.authPerDay); i > 0; i--) {
        const c = customer()
        const t = at(0, 24)
        yield sent(c, t, { template_category: 'AUTHENTICATION', template_name: 'login_code', type: 'template' })
        if (rnd() < 0.2) yield sent(c, t + int(1, 5) * 60_000, { template_category: 'AUTHENTICATION', template_name: 'login_code', type: 'template' })
      }

      for (let i = b.ads.length > 0 ? count(b.entriesPerDay) : 0; i > 0; i--) {
        const c = customer()
        let t = at(9, 23)
        const page = rnd() < b.pageCtaShare
        const ad = page ? `1031${b.waba_id.slice(-4)}55` : pick(b.ads.map((a) => [a.id, a.weight] as [string, number]))
        yield line(c, t, { direction: 'inbound', type: 'text', entry_point: page ? 'page_cta' : 'ctwa', ad_id: ad })
        const r = rnd()
        if (r < 0.12) continue // never answered
        // Answered within minutes: the free entry point opens; a day late: it does not.
        t += r < 0.22 ? int(25, 40) * 3_600_000 : int(1, 15) * 60_000
        yield sent(c, t, r < 0.22
          ? { template_category: 'MARKETING', template_name: 'still_interested', type: 'template' }
          : { type: 'text' })
        if (rnd() < 0.5) yield line(c, t + int(2, 30) * 60_000, { direction: 'inbound', type: 'text' })
        if (rnd() < 0.3) yield sent(c, t + int(24, 60) * 3_600_000, { template_category: 'MARKETING', template_name: 'ad_follow_up', type: 'template' })
      }
    }
  }
}
