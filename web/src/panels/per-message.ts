// Panels of per-message pricing (pricing-models.md §3, §4): the free service allowance per business
// phone number, and volume-tier progress per market × category.
import * as Plot from '@observablehq/plot'
import { fetchTable, rowsOf } from '../api.ts'
import { amount, count, day, label, month, price, pricedAmount } from '../format.ts'
import { legendOf } from '../legend.ts'
import { table, type Render } from '../panel.ts'
import { tipAt, tipText } from '../tip.ts'
import type { Period } from './spend.ts'
import { isoDay } from '../day-fields.ts'

interface AllowanceRow {
  waba_name: string; label: string; month: number; currency: string; allowance: number; used: number; remaining: number
  paid_messages: number; paid_cost: number | null; paid_unpriced: number; ran_out_on: number | null
}
/** A row of /api/volume-tiers (api/routes/eras.ts VolumeTierRow): cost and saving null when `unpriced` of its charges have no price; tier '' when none has. */
interface TierRow {
  waba_name: string; market: string; category: string; month: number; currency: string | null; paid: number; unpriced: number; tier: string
  tier_price: number | null; next_tier_from: number | null; to_next_tier: number | null; next_tier_price: number | null; cost: number | null; saving: number | null
}

/** A row of the pricing-model timeline (/api/pricing-models: api/routes/eras.ts). */
interface ModelRow { effective_from: number; model: string; service: string }

/**
 * Why a per-message panel has nothing in `period`, in one sentence: the timeline's rows from the
 * period on say whether a row with what the panel counts (`counts`) is in force there; if not,
 * `before` with the day one starts after the period, or `never`; if so, `none` (nothing of it
 * happened). On conversation-based data each said a rule, not that the period came before it
 * (fresh-user trial on 2024 data).
 */
async function whyEmpty(period: Period, signal: AbortSignal, counts: (r: ModelRow) => boolean,
  words: { none: string; before: (from: string) => string; never: string }): Promise<string> {
  // to the last day the product counts: the rows in force in the period and those after it
  const rows = rowsOf<ModelRow>(await fetchTable('pricing-models', new URLSearchParams({ from: isoDay(period.from), to: '2148-12-31' }), signal))
  if (rows.some((r) => +r.effective_from <= period.to && counts(r))) return words.none
  const later = rows.find((r) => +r.effective_from > period.to && counts(r))
  return later ? words.before(day(+later.effective_from)) : words.never
}

/**
 * A tier row's total (its cost, its saving) as the other totals: to the cent, 4 decimals under a
 * cent (`amount`; they had the rates' 4 decimals: fresh-user trial), the tiers' rates being `price`'s;
 * null (some charges have no price) as "no price for N".
 */
const tierAmount = (v: number | null, r: TierRow): string => (v === null ? pricedAmount(null, r.unpriced, '') : amount(v, r.currency ?? ''))

function sentence(r: AllowanceRow): string {
  const used = `${count(r.used)} of ${count(r.allowance)} free service messages used in ${month(+r.month)}`
  const out = r.ran_out_on !== null
    ? `; ran out on ${day(+r.ran_out_on)}, ${count(r.paid_messages)} paid since (${pricedAmount(r.paid_cost, r.paid_unpriced, r.currency)})`
    : `; ${count(r.remaining)} left`
  return `${used}${out}.`
}

/** What the gauges' marks mean: as the conversation-era Free tier gauge beside it. */
const allowanceLegend = () => legendOf([['bar', 'var(--accent)', 'free messages used'], ['bar', 'var(--warn)', 'paid beyond the allowance'],
  ['rule', 'currentColor', 'monthly allowance']])

/**
 * One gauge per business phone number for its last month in the period: free service messages
 * used of the allowance, the paid ones beyond it, the allowance as a rule; its name above the
 * bar (a phone number and a month do not fit in an axis margin on a phone).
 */
export function freeAllowance(params: URLSearchParams, period: Period, signal: AbortSignal): Render {
  return async (body, width) => {
    const rows = rowsOf<AllowanceRow>(await fetchTable('free-allowance', params, signal))
    // Only a per-message pricing row with a free tier gives one (pricing-models.md §1).
    if (rows.length === 0) {
      return whyEmpty(period, signal, (r) => r.model === 'PMP' && r.service === 'free_tier', {
        none: 'No service messages under the monthly allowance in this period.',
        before: (from) => `No free service message allowance in this period: per-message pricing gives one from ${from}.`,
        never: 'No free service message allowance in this period: its pricing gives none.',
      })
    }
    const last = [...new Map(rows.map((r) => [`${r.waba_name} ${r.label}`, r])).values()]
    for (const r of last) {
      const div = document.createElement('div')
      div.className = 'gauge'
      const name = Object.assign(document.createElement('p'), { className: 'name', textContent: `${r.label} · ${month(+r.month)}` })
      const text = Object.assign(document.createElement('p'), { textContent: sentence(r) })
      const total = r.used + r.paid_messages
      const max = Math.max(r.allowance, total) * 1.05
      const parts = [
        { part: 'Free messages used', from: 0, to: r.used },
        { part: 'Paid beyond the allowance', from: r.used, to: total },
      ].filter((p) => p.to > p.from)
      div.append(name, Plot.plot({
        width, height: 74, marginTop: 16, marginLeft: 10, marginRight: 20,
        x: { domain: [0, max], label: 'Service messages', tickFormat: count },
        y: { axis: null },
        color: { domain: ['Free messages used', 'Paid beyond the allowance'], range: ['var(--accent)', 'var(--warn)'] },
        marks: [
          Plot.barX([{ to: max }], { x1: 0, x2: 'to', fill: 'currentColor', fillOpacity: 0.08 }),
          Plot.ruleX([r.allowance], { stroke: 'currentColor', strokeWidth: 2 }),
          // inset only vertically: a few paid messages beyond a large allowance are a few pixels
          Plot.barX(parts, { x1: 'from', x2: 'to', fill: 'part', insetTop: 6, insetBottom: 6, tip: tipAt(width),
            title: (p: { part: string; from: number; to: number }) => tipText([['', p.part], ['Messages', count(p.to - p.from)]]) }),
          // the allowance's words end at its rule when it is near the right edge
          Plot.text([r.allowance], { x: (d: number) => d, text: () => `allowance ${count(r.allowance)}`, frameAnchor: 'top', dy: -8, fontSize: 10,
            textAnchor: r.allowance > 0.75 * max ? 'end' : 'middle' }),
        ],
      }), text)
      body.append(div)
    }
    body.append(allowanceLegend(), table(last, [
      ['Phone number', (r) => r.label], ['Month', (r) => month(+r.month)],
      ['Used', (r) => `${count(r.used)} of ${count(r.allowance)}`, 'number'], ['Left', (r) => count(r.remaining), 'number'],
      ['Paid service messages', (r) => `${count(r.paid_messages)} (${pricedAmount(r.paid_cost, r.paid_unpriced, r.currency)})`, 'number'],
      ['Ran out', (r) => (r.ran_out_on === null ? '—' : day(+r.ran_out_on))],
    ]))
    return true
  }
}

/**
 * This month's volume-tier progress per market × category: band, messages to the next, saving.
 * The month (and the WABA, when there is one) is said above the table, not in every row, so the
 * table fits its half-width card.
 */
export function volumeTiers(params: URLSearchParams, period: Period, signal: AbortSignal): Render {
  return async (body) => {
    const rows = rowsOf<TierRow>(await fetchTable('volume-tiers', params, signal))
    // Only per-message charges of utility and authentication take a tier (pricing-models.md §4).
    if (rows.length === 0) {
      return whyEmpty(period, signal, (r) => r.model === 'PMP', {
        none: 'No paid utility or authentication messages in this period: only those rank in volume tiers.',
        before: (from) => `No per-message charges in this period: per-message pricing applies from ${from}.`,
        never: 'No per-message charges in this period: it is priced per conversation.',
      })
    }
    const lastMonth = Math.max(...rows.map((r) => +r.month))
    const shown = rows.filter((r) => +r.month === lastMonth)
    const wabas = [...new Set(shown.map((r) => r.waba_name))]
    const caption = Object.assign(document.createElement('p'), {
      className: 'note', textContent: `${month(lastMonth)}${wabas.length === 1 ? ` · WABA ${wabas[0]}` : ''}`,
    })
    const t = table(shown, [
      ...(wabas.length > 1 ? [['WABA', (r: TierRow) => r.waba_name] as [string, (r: TierRow) => string]] : []),
      ['Market', (r) => label(r.market)], ['Category', (r) => label(r.category)], ['Paid messages', (r) => count(r.paid), 'number'],
      // no charge of the row has a price: no band, and no next one to count to
      ['Tier', (r) => (r.tier_price === null ? 'no price in the rate card' : `${r.tier} at ${price(r.tier_price, r.currency ?? '')}`)],
      ['To the next tier', (r) => (r.tier_price === null ? '—' : r.to_next_tier === null ? 'last tier'
        : `${count(r.to_next_tier)} more (then ${r.next_tier_price === null ? 'unpriced' : price(r.next_tier_price, r.currency ?? '')})`)],
      ['Cost', (r) => tierAmount(r.cost, r), 'number'], ['Saved vs first tier', (r) => tierAmount(r.saving, r), 'number'],
    ])
    t.classList.add('fit')
    body.append(caption, t)
    return true
  }
}
