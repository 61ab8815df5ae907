// Panels across pricing eras (pricing-models.md): spend and charges by pricing category × pricing
// type on one time axis with each change of the pricing-model timeline marked, the per-message
// free allowance per business phone number, and volume-tier progress per market × category.
import * as Plot from '@observablehq/plot'
import { fetchTable, rowsOf } from '../api.ts'
import { categoryColors, count, day, label, money, month } from '../format.ts'
import { table, type Render } from '../panel.ts'
import type { Period } from './spend.ts'

const DAY = 86_400_000

interface SpendRow { period: number; key: string; currency: string; conversations: number; cost: number }
interface ModelRow { effective_from: number; model: string; starts_in_range: number; label: string }
interface AllowanceRow {
  waba_name: string; label: string; month: number; currency: string; allowance: number; used: number; remaining: number
  paid_messages: number; paid_cost: number; ran_out_on: number | null
}
interface TierRow {
  waba_name: string; market: string; category: string; month: number; currency: string; paid: number; tier: string
  tier_price: number; next_tier_from: number | null; to_next_tier: number | null; next_tier_price: number | null; cost: number; saving: number
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10)
/** "MARKETING · REGULAR" → "Marketing · Paid". */
const keyText = (k: string) => k.split(' · ').map(label).join(' · ')

/** Bars per month over long periods, per week (from Monday, as the API) or day over short ones. */
function grain(p: Period): { granularity: 'day' | 'week' | 'month'; interval: Plot.Interval } {
  const days = (p.to - p.from) / DAY
  if (days > 120) return { granularity: 'month', interval: Plot.utcInterval('month') }
  if (days > 31) return { granularity: 'week', interval: Plot.utcInterval('monday') }
  return { granularity: 'day', interval: Plot.utcInterval('day') }
}

/**
 * Spend (top) and charges (bottom: conversations and per-message charges) per period, stacked by
 * pricing category × pricing type, on Plot's own UTC time axis; a dashed rule and its words at
 * each change of the pricing-model timeline inside the period (e.g. the July 2025 switch).
 */
export function spendAcrossEras(params: URLSearchParams, period: Period, signal: AbortSignal): Render {
  return async (body, width) => {
    const { granularity, interval } = grain(period)
    const q = new URLSearchParams(params)
    q.set('granularity', granularity)
    q.set('split', 'category_pricing_type')
    const [spend, models] = await Promise.all([
      fetchTable('spend', q, signal).then((t) => rowsOf<SpendRow>(t)),
      fetchTable('pricing-models', new URLSearchParams({ from: iso(period.from), to: iso(period.to) }), signal).then((t) => rowsOf<ModelRow>(t)),
    ])
    if (spend.length === 0) return false
    const data = spend.map((r) => ({ ...r, period: new Date(+r.period) }))
    const currency = data[0]!.currency || 'USD'
    const order = (k: string) => categoryColors.domain.indexOf(k.split(' · ')[0]!)
    const domain = [...new Set(data.map((r) => r.key))].sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    const changes = models.filter((m) => m.starts_in_range === 1).map((m) => ({ ...m, at: new Date(+m.effective_from) }))
    const x = { type: 'utc' as const, domain: [new Date(period.from), new Date(period.to + DAY)], label: null }
    // a change in the period's last third is labelled on its left, so its words stay on screen
    const late = (m: { at: Date }) => +m.at > period.from + (2 / 3) * (period.to - period.from)
    const words = { x: 'at', text: 'label', frameAnchor: 'top', dy: 2, lineWidth: 16, fontSize: 10 } as const
    const eraMarks = [
      Plot.ruleX(changes, { x: 'at', stroke: 'currentColor', strokeDasharray: '4,3' }),
      Plot.text(changes.filter((m) => !late(m)), { ...words, textAnchor: 'start', dx: 4 }),
      Plot.text(changes.filter(late), { ...words, textAnchor: 'end', dx: -4 }),
    ]
    const chart = (y: 'cost' | 'conversations', yLabel: string, legend: boolean) => Plot.plot({
      width, height: 230, marginLeft: 64, x,
      y: { grid: true, label: yLabel, ...(y === 'cost' ? { tickFormat: (v: number) => money(v, currency, 2) } : {}) },
      color: { type: 'ordinal', domain, scheme: 'tableau10', legend, tickFormat: keyText, label: 'Pricing category · pricing type' },
      marks: [
        Plot.rectY(data.filter((d) => d[y] !== 0), Plot.stackY({
          x: 'period', interval, y, fill: 'key', insetLeft: 0.5, insetRight: 0.5,
          tip: { format: { x: (v: Date) => day(v), y: (v: number) => (y === 'cost' ? money(v, currency) : count(v)), fill: keyText } },
        })),
        Plot.ruleY([0]),
        ...eraMarks,
      ],
    })
    body.append(chart('cost', `Spend (${currency})`, true), chart('conversations', 'Charges', false))
    return true
  }
}

/** One gauge per business phone number: free service messages used of the month's allowance. */
export function freeAllowance(params: URLSearchParams, signal: AbortSignal): Render {
  return async (body, width) => {
    const rows = rowsOf<AllowanceRow>(await fetchTable('free-allowance', params, signal))
    if (rows.length === 0) return false
    // the last month of the period per phone number
    const last = [...new Map(rows.map((r) => [`${r.waba_name} ${r.label}`, r])).values()]
    const name = (r: AllowanceRow) => `${r.label} · ${month(+r.month)}`
    body.append(Plot.plot({
      width, height: 40 + 34 * last.length, marginLeft: Math.min(260, width / 3), marginRight: 24,
      x: { grid: true, label: 'Free service messages', domain: [0, Math.max(...last.map((r) => Math.max(r.allowance, r.used)))] },
      y: { label: null },
      marks: [
        Plot.barX(last, { y: name, x: 'allowance', fill: 'var(--muted, #ddd)', fillOpacity: 0.35 }),
        Plot.barX(last, { y: name, x: 'used', fill: 'var(--accent)',
          tip: { format: { y: true, x: (v: number) => count(v) } } }),
      ],
    }))
    body.append(table(last, [
      ['Phone number', (r) => r.label], ['Month', (r) => month(+r.month)],
      ['Used', (r) => `${count(r.used)} of ${count(r.allowance)}`], ['Left', (r) => count(r.remaining)],
      ['Paid service messages', (r) => `${count(r.paid_messages)} (${money(r.paid_cost, r.currency)})`],
      ['Ran out', (r) => (r.ran_out_on === null ? '—' : day(+r.ran_out_on))],
    ]))
    return true
  }
}

/** This month's volume-tier progress per market × category: band, messages to the next, saving. */
export function volumeTiers(params: URLSearchParams, signal: AbortSignal): Render {
  return async (body) => {
    const rows = rowsOf<TierRow>(await fetchTable('volume-tiers', params, signal))
    if (rows.length === 0) return false
    const lastMonth = Math.max(...rows.map((r) => +r.month))
    const shown = rows.filter((r) => +r.month === lastMonth)
    body.append(table(shown, [
      ['WABA', (r) => r.waba_name], ['Market', (r) => label(r.market)], ['Category', (r) => label(r.category)],
      ['Month', (r) => month(+r.month)], ['Paid messages', (r) => count(r.paid)],
      ['Tier', (r) => `${r.tier} at ${money(r.tier_price, r.currency, 4)}`],
      ['To the next tier', (r) => (r.to_next_tier === null ? 'last tier' : `${count(r.to_next_tier)} more (then ${r.next_tier_price === null ? 'unpriced' : money(r.next_tier_price, r.currency, 4)})`)],
      ['Cost', (r) => money(r.cost, r.currency, 4)], ['Saved vs first tier', (r) => money(r.saving, r.currency, 4)],
    ]))
    return true
  }
}
