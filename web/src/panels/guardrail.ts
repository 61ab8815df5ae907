// Guardrail breaks (free-form sends outside the customer service window) and undelivered
// messages per day, one row of bars each, coloured by phone number.
import * as Plot from '@observablehq/plot'
import { fetchTable } from '../api.ts'
import { count, day, label } from '../format.ts'
import type { Render } from '../panel.ts'
import { DAY_MARGINS, dayAxis } from '../day-ticks.ts'
import type { Period } from './spend.ts'
import { tipAt, tipText } from '../tip.ts'

interface GuardrailRow { day: number | Date; verdict: string; label: string; messages: number }

/** Per day of `period` (the x domain, shared with the page's other per-day charts), by phone number. */
export function guardrail(params: URLSearchParams, period: Period, signal: AbortSignal): Render {
  return async (body, width) => {
    const t = await fetchTable('guardrail', params, signal)
    if (t.numRows === 0) return 'No guardrail breaks or undelivered messages in this period.'
    // The rows' names go above each row, inside the plot: in a 120 px right margin (on a phone a
    // third of the plot's width) they narrowed this chart's days against the other per-day
    // charts', under other ticks (fresh-user trial); room is left above the bars for them.
    const rows = ['OUTSIDE_SERVICE_WINDOW', 'NOT_DELIVERED']
    body.append(Plot.plot({
      // the axis label under the ticks' second line (a month's name mid-axis), as Spend over time
      width, height: 320, ...DAY_MARGINS, marginBottom: 44,
      // a band per day: Plot's time axis labels the days at their bars, not at midnight between
      // two; thinned, the ticks fall on Mondays, the dashboard's weeks' first days; the year named
      // on the first tick and where it changes (timeTicks)
      x: { ...dayAxis(period, width), label: 'Day', labelOffset: 40 },
      y: { grid: true, label: 'Messages', insetTop: 16 },
      fy: { label: null, domain: rows, axis: null },
      color: { type: 'ordinal', legend: true, scheme: 'tableau10', label: 'Phone number' },
      marks: [
        // The tip's lines in words, the phone number's label whole (tip.ts), from the group's rows:
        // Plot's own said "fy Guardrail break" and cut "Kirana India · +91 80 45…" (fresh-user trial).
        Plot.barY(t, Plot.groupX({ y: 'sum', title: (rs: GuardrailRow[]) => tipText([['', label(rs[0]!.verdict)], ['Day', day(+rs[0]!.day)],
          ['Phone number', rs[0]!.label], ['Messages', count(rs.reduce((n, r) => n + Number(r.messages), 0))]]) },
        { x: 'day', y: 'messages', fill: 'label', fy: 'verdict', title: (r: GuardrailRow) => r, tip: tipAt(width) } as Parameters<typeof Plot.groupX>[1])),
        Plot.ruleY([0]),
        Plot.text(rows, { fy: (d: string) => d, text: label, frameAnchor: 'top-left', dx: 4, fontWeight: 600, fill: 'currentColor' }),
      ],
    }))
    return true
  }
}
