// One gauge per WABA for the month of the period's end: free service conversations used against
// the tier, the paid ones beyond it, and the month-end projection; in words instead where that
// month has no conversation free tier (what applies then) or lies outside the WABA's data.
import * as Plot from '@observablehq/plot'
import type { FreeTierRow as Row } from '../../../api/routes/dashboard.ts'
import { fetchTable, rowsOf } from '../api.ts'
import { amount, count, day, month, pricedAmount } from '../format.ts'
import type { Render } from '../panel.ts'
import { legendOf, type LegendItem } from '../legend.ts'
import { tipAt, tipText } from '../tip.ts'

/** A row of a month the WABA's data covers, with a conversation free tier: its counts are there (the API nulls them only outside the data: covered 0). */
type Counted = Row & { tier: number; used: number; service_conversations: number; paid_conversations: number; paid_unpriced: number; projected_service: number }

function sentence(r: Counted): string {
  const upTo = new Date(r.as_of).getUTCDate() === r.days_in_month ? '' : ` (${day(r.month)} – ${day(r.as_of)})`
  // 0 used of the tier is a figure, said as such: the month is inside the WABA's data
  if (r.service_conversations === 0) return `No service conversations in ${month(r.month)}${upTo}: 0 of ${count(r.tier)} free service conversations used; ${count(r.tier)} left.`
  const used = `${count(r.used)} of ${count(r.tier)} free service conversations used in ${month(r.month)}${upTo}`
  const out = r.ran_out_on !== null
    // as every amount on the page: to the cent, 4 decimals under a cent (one paid conversation of
    // 0.0088 read "$0.01"); "no price for N" when some have no rate-card price (cost null)
    ? `; ran out on ${day(r.ran_out_on)}, ${count(r.paid_conversations)} paid since (${pricedAmount(r.paid_cost, r.paid_unpriced, r.currency)})`
    : `; ${count(r.remaining ?? 0)} left`
  if (!r.in_progress) return `${used}${out}.`
  // null: a market of the month has no service price (never "≈ $0.00")
  const cost = r.projected_overage_cost === null ? 'cost unknown (no service price in the rate card for some of its markets)' : `≈ ${amount(r.projected_overage_cost, r.currency)}`
  // The projection is of the whole month, so it counts those paid so far: said, as "1,030 over
  // the tier, ≈ $13.33" after "353 paid since ($4.75)" could be added to them (trial).
  const over = r.paid_conversations > 0
    ? `${count(r.projected_overage ?? 0)} over the tier in the whole month, ${cost}, including the ${count(r.paid_conversations)} paid so far (${pricedAmount(r.paid_cost, r.paid_unpriced, r.currency)})`
    : `${count(r.projected_overage ?? 0)} over the tier, ${cost}`
  const projected = ` Projected ${count(r.projected_service)} by month end ${basis(r)}`
  const projection = (r.projected_overage ?? 0) > 0
    ? `${projected}: ${over}${r.projected_run_out_on !== null ? `; runs out around ${day(r.projected_run_out_on)}` : ''}.`
    : `${projected}: within the tier.`
  return `${used}${out}.${projection}`
}

/**
 * What a projection rests on: the month's service conversations up to its last day with data
 * (as_of), in a straight line. Not "the current month": a month the data stops in projects the
 * same way long after it ended (fresh-user trial: September 2024, read on 2026-12-05).
 */
const basis = (r: Row): string => `at this month's rate so far (data through ${day(r.as_of)})`

/**
 * Why a WABA's month of the period's end has no gauge: its data does not reach that month, or the
 * pricing-model row in force there has no monthly free tier of service conversations (billing
 * rule 9's 1,000 per WABA applies under conversation-based pricing with a free tier only).
 */
export function noGauge(r: Row): string {
  const m = month(r.month)
  if (!r.covered) return `The data does not cover ${m} for this WABA (its data runs ${day(r.data_from)} – ${day(r.data_to)}): no free tier can be counted there.`
  const since = day(r.model_from)
  if (r.pricing_model === 'PMP') {
    return r.service === 'free'
      ? `No free tier to count in ${m}: under per-message pricing (since ${since}) service messages are free.`
      : `No conversation free tier in ${m}: under per-message pricing (since ${since}) each business phone number has a monthly allowance of free service messages (see Free service messages).`
  }
  return `No free tier to count in ${m}: service conversations are free and unlimited there (conversation-based pricing, service free since ${since}).`
}

/**
 * What the gauges' marks mean; the projection's box only where one is drawn (`projected`): it
 * was named "(current month)" under a month long ended, and under one with no projection.
 */
function legend(projected: boolean): HTMLElement {
  const box: LegendItem[] = projected ? [['box', 'transparent', 'projected by month end at the month\'s rate so far']] : []
  return legendOf([['bar', 'var(--accent)', 'free tier used'], ['bar', 'var(--warn)', 'paid beyond the tier'], ...box, ['rule', 'currentColor', 'tier size']])
}

/**
 * Why there is no gauge at all: no WABA in view (the one chosen, else every one the key may read)
 * has a conversation stored (the API gives the month of the period's end of each WABA that has,
 * in or out of the period). "No data for these filters." with no filter set (a key limited to a
 * WABA without data: break-it trial), where the other cards said what there is nothing of.
 */
export const noConversations = (params: URLSearchParams): string =>
  `No conversations stored ${params.has('waba') ? 'for this WABA' : 'for any WABA this key may read'}: there is no free tier to count.`

const MARGIN_LEFT = 10
const MARGIN_RIGHT = 20

/**
 * How far the tier's label (centred on the tier's rule, at `at` of the scale) moves to stay whole
 * inside a chart `width` px wide: with ~50k service conversations the tier of 1,000 sits near the
 * left edge and its centred label was cut there ("er 1,000": fresh-user trial). ~6.5 px a
 * character of Plot's 10 px font, as the reconciliation's labels are measured.
 */
export function labelShift(text: string, at: number, width: number): number {
  const half = (text.length * 6.5) / 2 + 2
  const x = MARGIN_LEFT + at * (width - MARGIN_LEFT - MARGIN_RIGHT)
  return Math.min(Math.max(x, half), width - half) - x
}

export function freeTier(params: URLSearchParams, signal: AbortSignal): Render {
  return async (body, width) => {
    const rows = rowsOf<Row>(await fetchTable('free-tier', params, signal))
    if (rows.length === 0) return noConversations(params)
    // The API lists months in order, the month of the period's end last: each WABA's gauge.
    const last = new Map<string, Row>()
    for (const r of rows) last.set(r.waba_id, r)
    let gauges = 0
    let projected = false
    for (const row of last.values()) {
      const div = document.createElement('div')
      div.className = 'gauge'
      div.dataset.waba = row.waba_id
      const name = Object.assign(document.createElement('p'), { className: 'name', textContent: row.waba_name })
      if (row.tier === null || !row.covered) {
        div.append(name, Object.assign(document.createElement('p'), { className: 'why', textContent: noGauge(row) }))
        body.append(div)
        continue
      }
      gauges++
      projected ||= row.in_progress
      const r = row as Counted
      const tier = r.tier
      const text = Object.assign(document.createElement('p'), { textContent: sentence(r) })
      const max = Math.max(r.tier, r.service_conversations, r.projected_service) * 1.05
      const parts = [
        { part: 'Free tier used', from: 0, to: r.used },
        { part: 'Paid beyond the tier', from: r.used, to: r.service_conversations },
      ].filter((p) => p.to > p.from)
      const tierLabel = `tier ${count(tier)}`
      div.append(name, Plot.plot({
        // The tier's label sits in the top margin, clear above the bars and the projection's box
        // (at 16 px it touched the box's dashed top: fresh-user trial).
        // The axis label a line of its own under the ticks: at Plot's 30 px margin it touched the
        // "1,000" tick above it (fresh-user trial)
        width, height: 86, marginTop: 22, marginBottom: 36, marginLeft: MARGIN_LEFT, marginRight: MARGIN_RIGHT,
        x: { domain: [0, max], label: 'Service conversations', labelOffset: 36, tickFormat: count },
        y: { axis: null },
        color: { domain: ['Free tier used', 'Paid beyond the tier'], range: ['var(--accent)', 'var(--warn)'], legend: false },
        marks: [
          Plot.barX([{ to: max }], { x1: 0, x2: 'to', fill: 'currentColor', fillOpacity: 0.08 }),
          r.in_progress ? Plot.barX([{ to: r.projected_service }], { x1: 0, x2: 'to', stroke: 'currentColor', strokeDasharray: '4 3', fill: 'none', inset: 2,
            title: () => `Projected by month end ${basis(r)}: ${count(r.projected_service)}` }) : null,
          // inset only vertically, so the parts meet at the tier and a small overage stays visible
          Plot.barX(parts, { x1: 'from', x2: 'to', fill: 'part', insetTop: 6, insetBottom: 6, tip: tipAt(width),
            title: (p: { part: string; from: number; to: number }) => tipText([['', p.part], ['Conversations', count(p.to - p.from)]]) }),
          Plot.ruleX([r.tier], { stroke: 'currentColor', strokeWidth: 2 }),
          Plot.text([r.tier], { x: (d: number) => d, text: () => tierLabel, frameAnchor: 'top', lineAnchor: 'bottom', dy: -6, dx: labelShift(tierLabel, tier / max, width), fontSize: 10 }),
        ],
      }), text)
      body.append(div)
    }
    if (gauges > 0) body.append(legend(projected))
    return true
  }
}
