// Click-to-WhatsApp: entry messages per day by outcome, and a table per ad.
import * as Plot from '@observablehq/plot'
import { fetchTable, rowsOf } from '../api.ts'
import { count, day, label } from '../format.ts'
import { fold, table, type Column, type Render } from '../panel.ts'
import { DAY_MARGINS, dayAxis } from '../day-ticks.ts'
import type { Period } from './spend.ts'
import { tipAt, tipText } from '../tip.ts'

interface AdRow { ad_id: string; entry_point: string; entries: number; fep_started: number; inside_fep: number; awaiting_reply: number; no_fep: number; not_delivered: number; fep_conversations: number; conversion: number | null }

// Plot's types omit the reducer's input channel (y) and mark options (filter) that groupX accepts.
type GroupInputs = Parameters<typeof Plot.groupX>[1]
interface DailyRow { day: number | Date; series: string; count: number }

// The legend's order; the table's columns (AdRow's field of each: its name in lower case).
// (AWAITING_REPLY: less than 24 h ago, no reply yet; it was counted "No reply within 24 h" at once:
// trial; shown only when there is one)
const outcomes = ['FEP_STARTED', 'INSIDE_FEP', 'AWAITING_REPLY', 'NO_FEP', 'NOT_DELIVERED'] as const
type Outcome = typeof outcomes[number]
const outcomeColors: Record<Outcome, string> = {
  FEP_STARTED: 'var(--accent)', INSIDE_FEP: '#76b7b2', AWAITING_REPLY: '#bab0ac', NO_FEP: 'var(--warn)', NOT_DELIVERED: 'var(--bad)',
}

/**
 * Entry messages per day of `period` by outcome, and a table per ad. The x domain is the period's
 * days, as every per-day chart of the page (they end on one day: fresh-user trial).
 */
export function ctwa(params: URLSearchParams, period: Period, signal: AbortSignal): Render {
  return async (body, width) => {
    const [daily, ads] = await Promise.all([fetchTable('ctwa/daily', params, signal), fetchTable('ctwa/ads', params, signal)])
    if (daily.numRows === 0) return 'No customer wrote from a click-to-WhatsApp ad or a Page button in this period.'
    const rows = rowsOf<AdRow>(ads)
    const shown = outcomes.filter((o) => o !== 'AWAITING_REPLY' || rows.some((r) => r.awaiting_reply > 0))
    body.append(Plot.plot({
      // the axis label under the ticks' second line (a month's name mid-axis), as Spend over time
      width, height: 280, ...DAY_MARGINS, marginBottom: 44,
      // A band per day: Plot's time axis on an interval scale puts each tick at its day's bar
      // (a utc scale put them at midnight, between two bars); thinned, they fall on Mondays, the
      // first days of the dashboard's weeks; the year named on the first tick and where it changes.
      x: { ...dayAxis(period, width), label: 'Day', labelOffset: 40 },
      y: { grid: true, label: 'Entry messages' },
      // labelled for the tooltip, which names a channel by its scale's label ("series No reply
      // within 24 h" showed the column's name: fresh-user trial)
      color: { domain: shown, range: shown.map((o) => outcomeColors[o]), legend: true, tickFormat: label, label: 'Outcome' },
      marks: [
        // Rows are per day and ad: grouping by day sums the ads of each outcome into one bar.
        // The tip's lines in the legend's words (tip.ts), from the group's rows.
        Plot.barY(daily, Plot.groupX({ y: 'sum', title: (rs: DailyRow[]) => tipText([['Day', day(+rs[0]!.day)], ['Outcome', label(rs[0]!.series)],
          ['Entry messages', count(rs.reduce((n, r) => n + Number(r.count), 0))]]) }, {
          filter: (d: { series: string }) => d.series !== 'FEP_CONVERSATIONS',
          x: 'day', y: 'count', fill: 'series', title: (r: DailyRow) => r, tip: tipAt(width),
        } as GroupInputs)),
        Plot.ruleY([0]),
      ],
    }))
    // a grid of short figures; on a phone each ad a card, as the reconciliation's tables, the first
    // few and "Show all" (panel.ts fold): scrolling sideways, it showed 3 of 7 columns, Conversion
    // behind a faint fade (fresh-user trial)
    // "free entry point" written out: "FEP" was unexplained (fresh-user trial); the outcomes in
    // the legend's words and order, each of its outcomes a column (the legend said "Already in a
    // free window", the table "In an open free entry point"; the table had no "Not delivered" and
    // "No reply" before "In an open": fresh-user trials). No column of fep_conversations: each free
    // entry point conversation is the one its starting entry opened (billing rules 5–6), so it
    // repeated "Started a free entry point" under another name (trial); it only dates one opened
    // at a reply by the reply's day, the entry's day counts it here.
    const perAd = table(rows, [
      ['Ad / post id', (r) => `${r.ad_id || '(none)'}${r.entry_point === 'page_cta' ? ' (Page button)' : ''}`],
      ['Entries', (r) => count(r.entries), 'number'],
      ...shown.map((o): Column<AdRow> => [label(o), (r) => count(r[o.toLowerCase() as Lowercase<Outcome>]), 'number']),
      // of the entries decided: "—" while every one awaits its reply (0.0 % read as none converted)
      ['Conversion', (r) => (r.conversion === null ? '—' : `${(r.conversion * 100).toFixed(1)} %`), 'number'],
    ])
    perAd.className = 'grid'
    body.append(...fold(perAd, 3, 'ads', params.toString()), freeEntryNote())
    return true
  }
}

/** What a free entry point is (billing rules 5–7), under the table that counts them. */
function freeEntryNote(): HTMLElement {
  return Object.assign(document.createElement('p'), {
    className: 'note',
    textContent: 'A free entry point opens when the business replies within 24 h to a customer who wrote from a click-to-WhatsApp ad or a Facebook Page button: for 72 h from that reply every message is free and nothing else opens.',
  })
}
