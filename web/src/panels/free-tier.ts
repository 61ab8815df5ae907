// One gauge per WABA for the month at the end of the period: free service conversations used
// against the tier, the paid ones beyond it, and the month-end projection.
import * as Plot from '@observablehq/plot'
import { fetchTable, rowsOf } from '../api.ts'
import { count, day, money, month } from '../format.ts'
import type { Render } from '../panel.ts'
import { legendOf } from '../legend.ts'

interface Row {
  waba_id: string; waba_name: string; month: number; currency: string; tier: number; used: number; remaining: number
  service_conversations: number; paid_conversations: number; paid_cost: number; ran_out_on: number | null
  as_of: number; days_in_month: number; in_progress: boolean; projected_service: number; projected_run_out_on: number | null
  projected_overage: number; projected_overage_cost: number | null
}

function sentence(r: Row): string {
  const upTo = new Date(r.as_of).getUTCDate() === r.days_in_month ? '' : ` (${day(r.month)} – ${day(r.as_of)})`
  const used = `${count(r.used)} of ${count(r.tier)} free service conversations used in ${month(r.month)}${upTo}`
  const out = r.ran_out_on !== null
    ? `; ran out on ${day(r.ran_out_on)}, ${count(r.paid_conversations)} paid since (${money(r.paid_cost, r.currency)})`
    : `; ${count(r.remaining)} left`
  if (!r.in_progress) return `${used}${out}.`
  const cost = `≈ ${money(r.projected_overage_cost ?? 0, r.currency)}`
  const projection = r.projected_overage > 0
    ? ` Projected ${count(r.projected_service)} by month end: ${count(r.projected_overage)} over the tier, ${cost}${r.projected_run_out_on !== null ? `; runs out around ${day(r.projected_run_out_on)}` : ''}.`
    : ` Projected ${count(r.projected_service)} by month end: within the tier.`
  return `${used}${out}.${projection}`
}

/** What the gauges' marks mean. */
const legend = () => legendOf([['bar', 'var(--accent)', 'free tier used'], ['bar', 'var(--warn)', 'paid beyond the tier'],
  ['box', 'transparent', 'projected by month end (current month)'], ['rule', 'currentColor', 'tier size']])

export function freeTier(params: URLSearchParams, signal: AbortSignal): Render {
  return async (body, width) => {
    const rows = rowsOf<Row>(await fetchTable('free-tier', params, signal))
    if (rows.length === 0) return false
    // The API lists months in order; the gauge shows each WABA's last month of the period.
    const last = new Map<string, Row>()
    for (const r of rows) last.set(r.waba_id, r)
    for (const r of last.values()) {
      const div = document.createElement('div')
      div.className = 'gauge'
      div.dataset.waba = r.waba_id
      const name = Object.assign(document.createElement('p'), { className: 'name', textContent: r.waba_name })
      const text = Object.assign(document.createElement('p'), { textContent: sentence(r) })
      const max = Math.max(r.tier, r.service_conversations, r.projected_service) * 1.05
      const parts = [
        { part: 'Free tier used', from: 0, to: r.used },
        { part: 'Paid beyond the tier', from: r.used, to: r.service_conversations },
      ].filter((p) => p.to > p.from)
      div.append(name, Plot.plot({
        // The tier's label sits in the top margin, above the bars and the projection's box.
        width, height: 74, marginTop: 16, marginLeft: 10, marginRight: 20,
        x: { domain: [0, max], label: 'Service conversations', tickFormat: count },
        y: { axis: null },
        color: { domain: ['Free tier used', 'Paid beyond the tier'], range: ['var(--accent)', 'var(--warn)'], legend: false },
        marks: [
          Plot.barX([{ to: max }], { x1: 0, x2: 'to', fill: 'currentColor', fillOpacity: 0.08 }),
          r.in_progress ? Plot.barX([{ to: r.projected_service }], { x1: 0, x2: 'to', stroke: 'currentColor', strokeDasharray: '4 3', fill: 'none', inset: 2,
            title: () => `Projected by month end: ${count(r.projected_service)}` }) : null,
          // inset only vertically, so the parts meet at the tier and a small overage stays visible
          Plot.barX(parts, { x1: 'from', x2: 'to', fill: 'part', insetTop: 6, insetBottom: 6, tip: true,
            channels: { Conversations: (p: { from: number; to: number }) => count(p.to - p.from) } }),
          Plot.ruleX([r.tier], { stroke: 'currentColor', strokeWidth: 2 }),
          Plot.text([r.tier], { x: (d: number) => d, text: () => `tier ${count(r.tier)}`, frameAnchor: 'top', dy: -8, fontSize: 10 }),
        ],
      }), text)
      body.append(div)
    }
    body.append(legend())
    return true
  }
}
