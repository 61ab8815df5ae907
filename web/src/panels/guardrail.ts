// Guardrail breaks (free-form sends outside the customer service window) and undelivered
// messages per day, one row of bars each, coloured by phone number.
import * as Plot from '@observablehq/plot'
import { fetchTable } from '../api.ts'
import { day, label } from '../format.ts'
import type { Render } from '../panel.ts'
import { timeTicks } from '../day-ticks.ts'
import { intervals, type Period } from './spend.ts'

const DAY = 86_400_000

/** Per day of `period` (the x domain, shared with the page's other per-day charts), by phone number. */
export function guardrail(params: URLSearchParams, period: Period, signal: AbortSignal): Render {
  return async (body, width) => {
    const t = await fetchTable('guardrail', params, signal)
    if (t.numRows === 0) return false
    // On a phone the rows' names go above each row, not in a 120 px right margin that took a
    // third of the plot's width; room is left above the bars for them.
    const narrow = width < 600
    const rows = ['OUTSIDE_SERVICE_WINDOW', 'NOT_DELIVERED']
    const days = intervals.day.range(new Date(period.from), new Date(period.to + DAY))
    body.append(Plot.plot({
      // the axis label under the ticks' second line (a month's name mid-axis), as Spend over time
      width, height: 320, marginLeft: 50, marginRight: narrow ? 20 : 120, marginBottom: 44,
      // a band per day: Plot's time axis labels the days at their bars, not at midnight between
      // two; thinned, the ticks fall on Mondays, the dashboard's weeks' first days; the year named
      // on the first tick and where it changes (timeTicks)
      x: { type: 'band', interval: 'day', domain: days, label: 'Day', labelOffset: 40, padding: 0.1, ...timeTicks('day', period, width - 50 - (narrow ? 20 : 120)) },
      y: { grid: true, label: 'Messages', ...(narrow ? { insetTop: 16 } : {}) },
      fy: { label: null, tickFormat: label, domain: rows, ...(narrow ? { axis: null } : {}) },
      color: { type: 'ordinal', legend: true, scheme: 'tableau10', label: 'Phone number' },
      marks: [
        Plot.barY(t, Plot.groupX({ y: 'sum' }, { x: 'day', y: 'messages', fill: 'label', fy: 'verdict',
          tip: { format: { x: (d: Date) => day(+d), fy: label } } } as Parameters<typeof Plot.groupX>[1])),
        Plot.ruleY([0]),
        ...(narrow ? [Plot.text(rows, { fy: (d: string) => d, text: label, frameAnchor: 'top-left', dx: 4, fontWeight: 600, fill: 'currentColor' })] : []),
      ],
    }))
    return true
  }
}
