// Click-to-WhatsApp: entry messages per day by outcome, and a table per ad.
import * as Plot from '@observablehq/plot'
import { fetchTable, rowsOf } from '../api.ts'
import { count, day, label } from '../format.ts'
import { table, type Render } from '../panel.ts'

interface AdRow { ad_id: string; entry_point: string; entries: number; fep_started: number; inside_fep: number; no_fep: number; not_delivered: number; fep_conversations: number; conversion: number }

// Plot's types omit the reducer's input channel (y) and mark options (filter) that binX accepts.
type BinInputs = Parameters<typeof Plot.binX>[1]

const outcomes = ['FEP_STARTED', 'INSIDE_FEP', 'NO_FEP', 'NOT_DELIVERED']

export function ctwa(params: URLSearchParams, signal: AbortSignal): Render {
  return async (body, width) => {
    const [daily, ads] = await Promise.all([fetchTable('ctwa/daily', params, signal), fetchTable('ctwa/ads', params, signal)])
    if (daily.numRows === 0) return false
    body.append(Plot.plot({
      width, height: 260, marginLeft: 50,
      x: { type: 'utc', label: 'Day' },
      y: { grid: true, label: 'Entry messages' },
      color: { domain: outcomes, range: ['var(--accent)', '#76b7b2', 'var(--warn)', 'var(--bad)'], legend: true, tickFormat: label },
      marks: [
        // Rows are per day and ad: binning by day sums the ads of each outcome into one bar.
        Plot.rectY(daily, Plot.binX({ y: 'sum' }, {
          filter: (d: { series: string }) => d.series !== 'FEP_CONVERSATIONS',
          x: 'day', interval: 'day', y: 'count', fill: 'series', insetLeft: 0.5, insetRight: 0.5,
          tip: { format: { x1: (d: Date) => day(d.getTime()), x2: false, fill: label } },
        } as BinInputs)),
        Plot.ruleY([0]),
      ],
    }))
    const rows = rowsOf<AdRow>(ads)
    body.append(table(rows, [
      ['Ad / post id', (r) => `${r.ad_id || '(none)'}${r.entry_point === 'page_cta' ? ' (Page button)' : ''}`],
      ['Entries', (r) => count(r.entries)],
      ['Started an FEP', (r) => count(r.fep_started)],
      ['No reply in 24 h', (r) => count(r.no_fep)],
      ['In an open FEP', (r) => count(r.inside_fep)],
      ['FEP conversations', (r) => count(r.fep_conversations)],
      ['Conversion', (r) => `${(r.conversion * 100).toFixed(1)} %`],
    ]))
    return true
  }
}
