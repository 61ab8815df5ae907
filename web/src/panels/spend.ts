// Spend over time, stacked by the chosen split, and spend by market: Arrow tables straight into Plot.
import * as Plot from '@observablehq/plot'
import { fetchTable } from '../api.ts'
import { categoryColors, day, label, money, month } from '../format.ts'
import type { Render } from '../panel.ts'

const intervals = { day: 'day', week: 'monday', month: 'month' } as const

export function spendOverTime(params: URLSearchParams, granularity: 'day' | 'week' | 'month', split: string, signal: AbortSignal): Render {
  return async (body, width) => {
    const q = new URLSearchParams(params)
    q.set('granularity', granularity)
    q.set('split', split)
    const t = await fetchTable('spend', q, signal)
    if (t.numRows === 0) return false
    const currency = String(t.getChild('currency')?.get(0) ?? 'USD')
    const when = granularity === 'month' ? month : day
    body.append(Plot.plot({
      width,
      height: 320,
      marginLeft: 64,
      x: { type: 'utc', label: granularity === 'week' ? 'Week (from Monday)' : granularity === 'month' ? 'Month' : 'Day' },
      y: { grid: true, label: `Spend (${currency})`, tickFormat: (v: number) => money(v, currency, 0) },
      color: split === 'category'
        ? { ...categoryColors, legend: true, tickFormat: label }
        : { type: 'ordinal', legend: true, scheme: 'tableau10', tickFormat: label },
      marks: [
        Plot.rectY(t, Plot.stackY({
          x: 'period', interval: intervals[granularity], y: 'cost', fill: 'key', inset: 0.5,
          channels: { Conversations: 'conversations', Name: 'label' },
          tip: { format: { x: (d: Date) => when(d.getTime()), y: (v: number) => money(v, currency), fill: label, Name: false } },
        })),
        Plot.ruleY([0]),
      ],
    }))
    return true
  }
}

export function spendByMarket(params: URLSearchParams, signal: AbortSignal): Render {
  return async (body, width) => {
    const q = new URLSearchParams(params)
    q.set('granularity', 'total')
    q.set('split', 'market')
    const t = await fetchTable('spend', q, signal)
    if (t.numRows === 0) return false
    const currency = String(t.getChild('currency')?.get(0) ?? 'USD')
    body.append(Plot.plot({
      width,
      height: Math.max(140, 34 * t.numRows + 50),
      marginLeft: 140,
      marginRight: 70,
      x: { grid: true, label: `Spend (${currency})`, tickFormat: (v: number) => money(v, currency, 0) },
      y: { label: null, tickFormat: label },
      marks: [
        Plot.barX(t, { y: 'key', x: 'cost', fill: 'var(--accent)', sort: { y: '-x' }, channels: { Conversations: 'conversations' },
          tip: { format: { x: (v: number) => money(v, currency), y: label } } }),
        Plot.text(t, { y: 'key', x: 'cost', text: (d: { cost: number }) => money(d.cost, currency), textAnchor: 'start', dx: 4 }),
        Plot.ruleX([0]),
      ],
    }))
    return true
  }
}
